//! `[languages.CODE]`: the site's other languages, checked and resolved.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::Config;
use crate::diagnostics::{Diagnostic, Location, Result};

/// One `[languages.CODE]` table of site.toml.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLanguage {
    title: Option<String>,
    description: Option<String>,
    /// Theme strings this site overrides for the language (`[languages.uk.strings]`).
    #[serde(default)]
    strings: BTreeMap<String, String>,
}

/// A language of the site other than the default (`[languages.uk]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LanguageConfig {
    /// The language's code (a BCP 47 tag: `uk`): its URL segment and file-name
    /// suffix.
    pub code: String,
    /// The site's title in this language (the default language's if unset).
    pub title: String,
    /// The site's description in this language (the default language's if
    /// unset).
    pub description: String,
    /// Theme strings overridden in site.toml for this language.
    pub strings: BTreeMap<String, String>,
}

/// Checks `[languages.*]`: codes are language tags (letters, digits and `-`),
/// the default language's own table may only override strings.
pub(super) fn resolve_languages(
    raw: BTreeMap<String, RawLanguage>,
    default: &str,
    title: &str,
    description: &str,
    sections: &[&str],
    at_key: &dyn Fn(&str) -> Location,
) -> Result<(Vec<LanguageConfig>, BTreeMap<String, String>)> {
    let mut languages = Vec::new();
    let mut default_strings = BTreeMap::new();
    let codes: Vec<&String> = raw.keys().collect();
    for (code, language) in &raw {
        let at = || at_key(&format!("languages.\"{code}\""));
        let mut subtags = code.split('-');
        let first = subtags.next().unwrap_or("");
        let valid = (2..=3).contains(&first.len())
            && first.bytes().all(|b| b.is_ascii_alphabetic())
            && subtags.all(|s| {
                (1..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric())
            });
        if !valid {
            return Err(Diagnostic::error(format!(
                "`[languages.{code}]`: `{code}` is not a language code"
            ))
            .at(at())
            .hint("name each language by its BCP 47 tag: a 2- or 3-letter language code, then optional subtags joined by `-`, such as [languages.uk] or [languages.pt-BR]")
            .into());
        }
        if let Some(other) = std::iter::once(default)
            .chain(codes.iter().map(|c| c.as_str()))
            .find(|other| *other != code && other.eq_ignore_ascii_case(code))
        {
            return Err(Diagnostic::error(format!(
                "`[languages.{code}]` and `{other}` differ only by case: they would be the same language"
            ))
            .at(at())
            .hint(format!("write the language once, as `{other}` or as `{code}`"))
            .into());
        }
        if let Some(section) = sections.iter().find(|s| s.eq_ignore_ascii_case(code)) {
            return Err(Diagnostic::error(format!(
                "`[languages.{code}]` clashes with section `{section}`: both would be at /{code}/"
            ))
            .at(at())
            .hint("rename the section's folder, or drop the language")
            .into());
        }
        if code != default && language.title.is_none() {
            return Err(Diagnostic::error(format!(
                "`[languages.{code}]` has no `title`: its pages would show the default language's title"
            ))
            .at(at())
            .hint(format!(
                "add title = \"…\" (the site's name in this language) under [languages.{code}]"
            ))
            .into());
        }
    }
    for (code, language) in raw {
        if code == default {
            if language.title.is_some() || language.description.is_some() {
                return Err(Diagnostic::error(format!(
                    "`[languages.{code}]` is the default language (language = \"{default}\"): its title and description are the top-level ones"
                ))
                .at(at_key(&format!("languages.\"{code}\"")))
                .hint("set `title` and `description` at the top of site.toml; the default language's table may only hold `strings`")
                .into());
            }
            default_strings = language.strings;
            continue;
        }
        languages.push(LanguageConfig {
            title: language.title.unwrap_or_else(|| title.to_string()),
            description: language
                .description
                .unwrap_or_else(|| description.to_string()),
            strings: language.strings,
            code,
        });
    }
    Ok((languages, default_strings))
}

impl Config {
    /// Whether the site has languages besides the default one.
    pub fn is_multilingual(&self) -> bool {
        !self.languages.is_empty()
    }

    /// The configuration of language `code` (not the default one).
    pub fn language(&self, code: &str) -> Option<&LanguageConfig> {
        self.languages.iter().find(|l| l.code == code)
    }

    /// Every language code of the site, the default one first.
    pub fn language_codes(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.language.as_str())
            .chain(self.languages.iter().map(|l| l.code.as_str()))
    }
}
