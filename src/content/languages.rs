//! Issue 17: which language a content file is in, by its name
//! (`about.uk.md`), and the error for a translation without its original.

use super::Page;
use crate::diagnostics::{Diagnostic, Location};

/// The languages a file name may name (issue 17): the default one and the
/// others of `[languages]`. With no others, a dot in a file name is part of its name.
#[derive(Debug, Clone, Default)]
pub struct Languages {
    /// The default language's code (`en`).
    pub default: String,
    /// The codes of the other languages (`uk`), as file names write them
    /// (`about.uk.md`).
    pub others: Vec<String>,
}

impl Languages {
    /// The languages of `config`.
    pub fn of(config: &crate::config::Config) -> Languages {
        Languages {
            default: config.language.clone(),
            others: config.languages.iter().map(|l| l.code.clone()).collect(),
        }
    }

    /// The language of the content file `relative` and the file it would be
    /// in the default language: `about.uk.md` → (`uk`, `about.md`). Like
    /// Zola, once a site has other languages, the part of a file name after
    /// its last dot is a language code, and an unknown one is an error.
    pub fn split<'a>(
        &self,
        relative: &'a str,
    ) -> std::result::Result<(String, std::borrow::Cow<'a, str>), (String, String)> {
        use std::borrow::Cow;
        if self.others.is_empty() {
            return Ok((String::new(), Cow::Borrowed(relative)));
        }
        let (dir, name) = match relative.rfind('/') {
            Some(i) => relative.split_at(i + 1),
            None => ("", relative),
        };
        let stem = name.strip_suffix(".md").unwrap_or(name);
        let Some((base, code)) = stem.rsplit_once('.') else {
            return Ok((String::new(), Cow::Borrowed(relative)));
        };
        let all = std::iter::once(self.default.as_str())
            .chain(self.others.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join(", ");
        if code == self.default {
            return Err((
                format!(
                    "`{name}` names the default language `{code}`: pages in the default language have no language code"
                ),
                format!("rename it to `{base}.md`"),
            ));
        }
        if !self.others.iter().any(|c| c == code) || base.is_empty() {
            return Err((
                format!(
                    "`{code}` in `{name}` is not a language of this site (its languages are {all})"
                ),
                format!(
                    "with [languages] in site.toml, the part of a file name after its last dot is a language code: add [languages.{code}] to site.toml, or rename the file without the dot (`{base}-{code}.md`)"
                ),
            ));
        }
        Ok((code.to_string(), Cow::Owned(format!("{dir}{base}.md"))))
    }
}

/// The error for a translation (`orphan.uk.md`) whose original
/// (`orphan.md`) does not exist.
pub(super) fn orphan_translation(page: &Page, original: &str, ignored: bool) -> Diagnostic {
    let (why, hint) = if ignored {
        (
            "which ignored_content in site.toml leaves out",
            format!(
                "a translation is published beside its original: leave content/{} out too (add it to ignored_content), or stop leaving out its original",
                page.file
            ),
        )
    } else {
        (
            "which does not exist",
            format!(
                "a translation is published beside its original: create content/{original} in the default language, or fix this file's name to match the original it translates"
            ),
        )
    };
    Diagnostic::error(format!("`{}` translates `{original}`, {why}", page.file))
        .at(Location::new(format!("content/{}", page.file), 1, 1))
        .hint(hint)
}
