//! Theme strings per language (issue 17): the `i18n/<lang>.toml` files of
//! the built-in theme, the theme and the site, and `[languages.<lang>.strings]`
//! of site.toml, merged and checked; `trans` in templates reads them.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use walkdir::WalkDir;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Errors, Location, Result, did_you_mean};
use crate::layout::TEMPLATES_DIR;
use crate::theme::{DEFAULT_THEME, ThemeSource, theme_source};

/// Theme strings per language (issue 17): the built-in theme's
/// `i18n/<lang>.toml`, then the theme's own, then the site's `i18n/<lang>.toml`,
/// then `[languages.<lang>.strings]` in site.toml; each overrides the keys it sets.
#[derive(Debug, Default)]
pub struct Strings {
    /// Language → (the files read for it, in order; key → text).
    by_lang: HashMap<String, (Vec<String>, HashMap<String, String>)>,
}

/// One key a site's strings set (`i18n/<lang>.toml` or
/// `[languages.<lang>.strings]`), to check that the theme knows it.
struct SiteKey {
    key: String,
    file: String,
    at: Option<Location>,
}

impl Strings {
    /// Reads the strings of every layer and checks them (docs/languages.md,
    /// "Theme strings"): every language of the site has every key of the
    /// theme's English strings (all missing keys in one error per language),
    /// and the site sets no key the theme does not know.
    pub fn load(config: &Config) -> Result<Strings> {
        let mut by_lang: ByLang = HashMap::new();
        let mut errors = Vec::new();
        let mut site_keys: Vec<SiteKey> = Vec::new();
        if let Some(dir) = DEFAULT_THEME.get_dir("i18n") {
            for file in dir.files() {
                let (Some(lang), Some(text)) = (
                    file.path().file_stem().and_then(|s| s.to_str()),
                    file.contents_utf8(),
                ) else {
                    continue;
                };
                let name = format!("(built-in theme)/{}", file.path().display());
                add_file(&mut by_lang, lang, name, text, &mut errors, None);
            }
        }
        let mut folders = Vec::new();
        if let Ok(ThemeSource::Folder(folder)) = theme_source(config) {
            folders.push((folder.join("i18n"), false));
        }
        folders.push((config.root.join("i18n"), true));
        let mut english: Option<HashSet<String>> = None;
        for (folder, of_site) in folders {
            if of_site {
                // The keys of the theme's English strings, before the site's own.
                english = Some(strings_keys(&add_snapshot(&by_lang)));
            }
            let Ok(entries) = std::fs::read_dir(&folder) else {
                continue;
            };
            let mut paths: Vec<PathBuf> =
                entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
            paths.sort();
            for path in paths {
                if path.extension().and_then(|e| e.to_str()) != Some("toml") {
                    continue;
                }
                let Some(lang) = path
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .map(str::to_string)
                else {
                    continue;
                };
                let display = crate::content::shorten(&config.root, &path);
                match crate::text::read(&path, &display) {
                    Ok(text) => add_file(
                        &mut by_lang,
                        &lang,
                        display.display().to_string(),
                        &text,
                        &mut errors,
                        of_site.then_some(&mut site_keys),
                    ),
                    Err(e) => errors.push(e),
                }
            }
        }
        let english = english.unwrap_or_default();
        // Keys the site's own templates ask for are the site's to define.
        let site_templates = used_keys(&config.root.join(TEMPLATES_DIR));
        add_overrides(config, &mut by_lang, &mut site_keys);
        // The theme's English strings file, as the user can find it.
        let theme = match theme_source(config) {
            Ok(ThemeSource::Folder(_)) => format!("themes/{}/i18n/en.toml", config.theme),
            _ => "themes/default/i18n/en.toml of briefing's built-in theme".to_string(),
        };
        unknown_keys(&site_keys, &english, &site_templates, &theme, &mut errors);
        missing_keys(config, &by_lang, &english, &theme, &mut errors);
        Errors::check(errors)?;
        Ok(Strings { by_lang })
    }

    /// The text of `key` in language `lang`. A language with no strings file
    /// uses English; a file that lacks the key is an error naming both.
    pub fn get(&self, key: &str, lang: &str) -> std::result::Result<&str, String> {
        let (files, strings) = match self.by_lang.get(lang).or_else(|| self.by_lang.get("en")) {
            Some(found) => found,
            None => {
                return Err(format!(
                    "trans: no strings for language `{lang}`: add i18n/{lang}.toml to the site or theme"
                ));
            }
        };
        strings.get(key).map(String::as_str).ok_or_else(|| {
            let lang = if self.by_lang.contains_key(lang) { lang } else { "en" };
            format!(
                "trans: no string `{key}` for language `{lang}` in {}; add `{key} = \"...\"` to one of them (or to i18n/{lang}.toml of the site)",
                files.join(", ")
            )
        })
    }
}

/// Language → (the files read for it, in order; key → text).
type ByLang = HashMap<String, (Vec<String>, HashMap<String, String>)>;

/// Adds the strings file `name` (of language `lang`) to `by_lang`; with
/// `site_keys`, a file of the site, whose keys are checked.
fn add_file(
    by_lang: &mut ByLang,
    lang: &str,
    name: String,
    text: &str,
    errors: &mut Vec<Diagnostic>,
    site_keys: Option<&mut Vec<SiteKey>>,
) {
    match toml::from_str::<toml::Table>(text) {
        Ok(table) => {
            let entry = by_lang.entry(lang.to_string()).or_default();
            entry.0.push(name.clone());
            let mut site_keys = site_keys;
            for (key, value) in table {
                if let Some(keys) = site_keys.as_deref_mut() {
                    let source: Arc<str> = Arc::from(text);
                    keys.push(SiteKey {
                        at: key_line(text, &key)
                            .map(|offset| Location::at_offset(&name, &source, offset)),
                        key: key.clone(),
                        file: name.clone(),
                    });
                }
                match value {
                    toml::Value::String(text) => {
                        entry.1.insert(key, text);
                    }
                    _ => errors.push(
                        Diagnostic::error(format!("string `{key}` in {name} is not text"))
                            .in_file(&name)
                            .hint("write each string as key = \"text\""),
                    ),
                }
            }
        }
        Err(e) => errors.push(
            Diagnostic::error(format!("invalid strings file {name}: {}", e.message()))
                .in_file(&name)
                .hint("a strings file holds lines of key = \"text\""),
        ),
    }
}

/// `[languages.<lang>.strings]` (and the default language's strings) of
/// site.toml, over the files; their keys are checked like a file's.
fn add_overrides(config: &Config, by_lang: &mut ByLang, site_keys: &mut Vec<SiteKey>) {
    let overrides = std::iter::once((config.language.as_str(), &config.default_strings)).chain(
        config
            .languages
            .iter()
            .map(|l| (l.code.as_str(), &l.strings)),
    );
    for (lang, strings) in overrides {
        if strings.is_empty() {
            continue;
        }
        let name = format!("[languages.{lang}.strings] in site.toml");
        let entry = by_lang.entry(lang.to_string()).or_default();
        entry.0.push(name.clone());
        entry
            .1
            .extend(strings.iter().map(|(k, v)| (k.clone(), v.clone())));
        for key in strings.keys() {
            site_keys.push(SiteKey {
                key: key.clone(),
                file: name.clone(),
                at: Some(crate::config::key_location(
                    &config.root,
                    &format!("languages.\"{lang}\".strings.\"{key}\""),
                )),
            });
        }
    }
}

/// An error for each key the site sets that the theme's English strings
/// (`theme`, as the user finds it) lack and its own templates do not use.
fn unknown_keys(
    site_keys: &[SiteKey],
    english: &HashSet<String>,
    site_templates: &HashSet<String>,
    theme: &str,
    errors: &mut Vec<Diagnostic>,
) {
    for found in site_keys {
        if english.contains(&found.key) || site_templates.contains(&found.key) {
            continue;
        }
        let hint = match did_you_mean(&found.key, english.iter().map(String::as_str)) {
            Some(near) => format!(
                "did you mean `{near}`? The keys are those of the theme's English strings ({theme})"
            ),
            None => format!(
                "the keys are those of the theme's English strings ({theme}); remove this one"
            ),
        };
        let error = Diagnostic::error(format!(
            "unknown theme string `{}` in {}",
            found.key, found.file
        ))
        .hint(hint);
        errors.push(match &found.at {
            Some(at) => error.at(at.clone()),
            None => error.in_file(&found.file),
        });
    }
}

/// One error per language of the site that lacks keys of the theme's
/// English strings, naming all of them.
fn missing_keys(
    config: &Config,
    by_lang: &ByLang,
    english: &HashSet<String>,
    theme: &str,
    errors: &mut Vec<Diagnostic>,
) {
    for lang in config.language_codes() {
        let (files, strings) = by_lang.get(lang).cloned().unwrap_or_default();
        let mut missing: Vec<&String> = english
            .iter()
            .filter(|k| !strings.contains_key(*k))
            .collect();
        if missing.is_empty() {
            continue;
        }
        missing.sort();
        let read = if files.is_empty() {
            "no strings file for it exists".to_string()
        } else {
            format!("read {}", files.join(", "))
        };
        let keys: Vec<String> = missing.iter().map(|k| format!("`{k}`")).collect();
        errors.push(
            Diagnostic::error(format!(
                "the theme strings of language `{lang}` lack {} of the theme's {} keys ({read}): {}",
                missing.len(),
                english.len(),
                keys.join(", ")
            ))
            .in_file(format!("i18n/{lang}.toml"))
            .hint(format!(
                "copy {theme} to i18n/{lang}.toml and translate it (or add the missing keys to [languages.{lang}.strings] in site.toml)"
            )),
        );
    }
}

/// The English strings merged so far (the theme's, before the site's).
fn add_snapshot(
    by_lang: &HashMap<String, (Vec<String>, HashMap<String, String>)>,
) -> HashMap<String, String> {
    by_lang
        .get("en")
        .map(|(_, strings)| strings.clone())
        .unwrap_or_default()
}

fn strings_keys(strings: &HashMap<String, String>) -> HashSet<String> {
    strings.keys().cloned().collect()
}

/// The keys that templates below `folder` ask for as `trans(key="…"`.
fn used_keys(folder: &Path) -> HashSet<String> {
    let mut keys = HashSet::new();
    for entry in WalkDir::new(folder).into_iter().filter_map(|e| e.ok()) {
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(entry.path()) else {
            continue;
        };
        for part in text.split("trans(key=\"").skip(1) {
            if let Some(key) = part.split('"').next() {
                keys.insert(key.to_string());
            }
        }
    }
    keys
}

/// Byte offset of the line of a strings file that sets `key`.
fn key_line(text: &str, key: &str) -> Option<usize> {
    let mut start = 0;
    for line in text.split('\n') {
        let trimmed = line.trim_start();
        let bare = trimmed
            .strip_prefix(key)
            .or_else(|| trimmed.strip_prefix(&format!("\"{key}\"")));
        if bare.is_some_and(|rest| rest.trim_start().starts_with('=')) {
            return Some(start + (line.len() - trimmed.len()));
        }
        start += line.len() + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use include_dir::Dir;

    #[test]
    fn the_theme_ships_every_string_in_english_ukrainian_and_russian() {
        let keys = |lang: &str| -> Vec<String> {
            let file = DEFAULT_THEME
                .get_file(format!("i18n/{lang}.toml"))
                .unwrap_or_else(|| panic!("no i18n/{lang}.toml"));
            let table: toml::Table = toml::from_str(file.contents_utf8().unwrap()).unwrap();
            table.keys().cloned().collect()
        };
        let english = keys("en");
        assert!(english.len() > 50);
        assert_eq!(keys("uk"), english);
        assert_eq!(keys("ru"), english);
        // Every key a template uses is in the English file.
        let mut used = Vec::new();
        fn walk(dir: &Dir<'static>, used: &mut Vec<String>) {
            for entry in dir.entries() {
                if let Some(sub) = entry.as_dir() {
                    walk(sub, used);
                } else if let Some(text) = entry.as_file().and_then(|f| f.contents_utf8()) {
                    for part in text.split("trans(key=\"").skip(1) {
                        used.push(part.split('"').next().unwrap_or("").to_string());
                    }
                }
            }
        }
        walk(DEFAULT_THEME.get_dir(TEMPLATES_DIR).unwrap(), &mut used);
        assert!(!used.is_empty());
        for key in used.iter().filter(|k| !k.ends_with('_')) {
            assert!(
                english.contains(key),
                "templates use `{key}`, which en.toml lacks"
            );
        }
    }

    fn strings_of(site_toml: &str, files: &[(&str, &str)]) -> Result<Strings> {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let config = Config::parse(
            dir.path(),
            &dir.path().join("site.toml"),
            site_toml,
            &crate::config::Overrides::default(),
        )?;
        Strings::load(&config)
    }

    const UK_SITE: &str =
        "title = \"T\"\nbase_url = \"https://example.org/\"\n[languages.uk]\ntitle = \"Т\"\n";

    #[test]
    fn the_default_languages_have_every_string() {
        let strings = strings_of(UK_SITE, &[]).unwrap();
        assert_eq!(strings.get("sources", "uk").unwrap(), "Джерела");
        assert_eq!(strings.get("sources", "en").unwrap(), "Sources");
    }

    #[test]
    fn a_language_without_strings_reports_every_missing_key_at_once() {
        let site = UK_SITE.replace("languages.uk", "languages.pt-BR");
        let errors =
            strings_of(&site, &[("i18n/pt-BR.toml", "sources = \"Fontes\"\n")]).unwrap_err();
        assert_eq!(errors.0.len(), 1, "{errors:?}");
        let message = &errors.0[0].message;
        assert!(message.contains("language `pt-BR` lack"), "{message}");
        assert!(message.contains("`skip_to_content`"), "{message}");
        assert!(!message.contains("`sources`"), "{message}");
    }

    #[test]
    fn an_unknown_key_is_an_error_at_its_line_with_the_closest_key() {
        let errors = strings_of(
            UK_SITE,
            &[(
                "i18n/uk.toml",
                "sources = \"Д\"\n  skip_to_contnet = \"x\"\n",
            )],
        )
        .unwrap_err();
        assert_eq!(errors.0.len(), 1, "{errors:?}");
        let text = errors.0[0].render(false);
        assert!(text.contains("i18n/uk.toml:2:3"), "{text}");
        assert!(text.contains("did you mean `skip_to_content`?"), "{text}");
    }

    #[test]
    fn a_key_the_sites_own_templates_use_is_known() {
        strings_of(
            UK_SITE,
            &[
                (
                    "templates/page.html",
                    "{{ trans(key=\"my_label\", lang=lang) }}",
                ),
                ("i18n/en.toml", "my_label = \"Mine\"\n"),
                ("i18n/uk.toml", "my_label = \"Моє\"\n"),
            ],
        )
        .unwrap();
    }

    #[test]
    fn finds_the_line_of_a_key() {
        assert_eq!(key_line("a = 1\n  b = 2\n", "b"), Some(8));
        assert_eq!(key_line("\"b\" = 2\n", "b"), Some(0));
        assert_eq!(key_line("bb = 2\n", "b"), None);
    }
}
