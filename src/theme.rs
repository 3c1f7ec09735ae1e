//! Where the theme lives and reading its template files: the configured
//! `themes/<name>/` folder or the default theme built into the binary, read
//! into name → source maps for the templates, the shortcodes and the strings.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use include_dir::{Dir, include_dir};
use walkdir::WalkDir;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Errors, Result, did_you_mean};
use crate::layout::{TEMPLATES_DIR, THEMES_DIR, theme_dir};

/// The default theme, built into the binary so an installed `briefing` needs no files.
pub static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Where a template's text came from, for error messages.
#[derive(Debug, Clone)]
pub(crate) struct TemplateSource {
    /// The file to name in messages.
    pub(crate) display_path: PathBuf,
    /// The template text.
    pub(crate) text: Arc<str>,
}

/// Where the theme lives.
pub enum ThemeSource {
    /// A folder below `themes/`.
    Folder(PathBuf),
    /// The default theme built into the binary ([`DEFAULT_THEME`]).
    Embedded,
}

/// Finds the configured theme: a folder under `themes/`, else the built-in default.
pub fn theme_source(config: &Config) -> Result<ThemeSource> {
    let folder = theme_dir(&config.root, &config.theme);
    if folder.is_dir() {
        return Ok(ThemeSource::Folder(folder));
    }
    if config.theme == "default" {
        return Ok(ThemeSource::Embedded);
    }
    let mut available: Vec<String> = std::fs::read_dir(config.root.join(THEMES_DIR))
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .filter(|e| e.path().is_dir())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    available.push("default".into());
    available.sort();
    available.dedup();
    let hint = match did_you_mean(&config.theme, available.iter().map(String::as_str)) {
        Some(best) => format!("did you mean `{best}`?"),
        None => format!("available themes: {}", available.join(", ")),
    };
    Err(Diagnostic::error(format!(
        "theme `{}` not found (looked in {})",
        config.theme,
        folder.display()
    ))
    .at(crate::config::key_location(&config.root, "theme"))
    .hint(hint)
    .into())
}

/// Reads every template file below `folder` into `sources`, named by its
/// path below `folder`; `root` shortens the paths named in messages.
pub(crate) fn read_folder(
    root: &Path,
    folder: &Path,
    sources: &mut HashMap<String, TemplateSource>,
) -> Result<()> {
    if !folder.is_dir() {
        return Ok(());
    }
    let mut errors = Vec::new();
    for entry in WalkDir::new(folder).sort_by_file_name() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                errors.push(
                    Diagnostic::error(format!("could not read templates: {e}")).in_file(folder),
                );
                continue;
            }
        };
        if !entry.file_type().is_file()
            || crate::content::is_ignored_name(&entry.file_name().to_string_lossy())
        {
            continue;
        }
        let Ok(relative) = entry.path().strip_prefix(folder) else {
            continue;
        };
        let name = relative.to_string_lossy().replace('\\', "/");
        let display_path = crate::content::shorten(root, entry.path());
        match crate::text::read(entry.path(), &display_path) {
            Ok(text) => {
                sources.insert(
                    name,
                    TemplateSource {
                        display_path,
                        text: Arc::from(text),
                    },
                );
            }
            Err(e) => errors.push(e),
        }
    }
    Errors::check(errors)
}

/// Reads every file of an embedded theme folder into `sources`.
pub(crate) fn read_embedded(dir: &Dir<'static>, sources: &mut HashMap<String, TemplateSource>) {
    for entry in dir.entries() {
        if let Some(sub) = entry.as_dir() {
            read_embedded(sub, sources);
        } else if let Some(file) = entry.as_file() {
            let Some(text) = file.contents_utf8() else {
                continue;
            };
            let relative = file
                .path()
                .strip_prefix(TEMPLATES_DIR)
                .unwrap_or(file.path());
            sources.insert(
                relative.to_string_lossy().replace('\\', "/"),
                TemplateSource {
                    display_path: PathBuf::from("(built-in theme)").join(file.path()),
                    text: Arc::from(text),
                },
            );
        }
    }
}
