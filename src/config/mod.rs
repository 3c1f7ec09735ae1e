//! `site.toml`: parsed into a raw struct that denies unknown keys, then resolved
//! once into a validated [`Config`] with absolute paths. CLI flags override it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use serde::Deserialize;

use crate::dates;
use crate::diagnostics::{Diagnostic, Location, Result, hint_for_serde_message, io_error};
use crate::layout::{CONTENT_DIR, SOURCES_FILE, STATIC_DIR};
use crate::text;

mod base_url;
mod languages;
mod locate;
mod options;
mod schema;
mod taxonomies;

pub use base_url::split_base_url;
pub use languages::LanguageConfig;
use languages::{RawLanguage, resolve_languages};
pub use locate::key_location;
use locate::{locate_key, locate_value, misplaced_key_hint, misplaced_key_warnings};
pub use options::{ImageOptions, MarkdownOptions, SearchOptions};
use schema::{RawSection, resolve_sections};
pub use schema::{SectionSchema, SortBy};
use taxonomies::{RawTaxonomy, resolve_taxonomies};
pub use taxonomies::{TAXONOMY_FIELDS, TaxonomyConfig};

use crate::layout::CONFIG_FILE;

/// Fields of the front matter a section schema may name in `required`
/// (besides `title`), from the front-matter field table.
pub const SCHEMA_FIELDS: &[&str] = crate::frontmatter::REQUIRABLE_FIELDS;

/// Front-matter fields that hold ids of pages in another section, from the
/// front-matter field table.
pub const REFERENCE_FIELDS: &[&str] = crate::frontmatter::REFERENCE_FIELDS;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    #[serde(default)]
    description: String,
    base_url: String,
    #[serde(default = "default_language")]
    language: String,
    #[serde(default = "default_theme")]
    theme: String,
    as_of: Option<toml::Value>,
    max_age_days: Option<u32>,
    output_dir: Option<String>,
    sources: Option<String>,
    #[serde(default)]
    ignored_content: Vec<String>,
    #[serde(default)]
    markdown: MarkdownOptions,
    #[serde(default)]
    search: SearchOptions,
    #[serde(default)]
    images: ImageOptions,
    #[serde(default)]
    sections: BTreeMap<String, RawSection>,
    #[serde(default)]
    taxonomies: BTreeMap<String, RawTaxonomy>,
    /// Issue 17: the other languages of the site (`[languages.uk]`).
    #[serde(default)]
    languages: BTreeMap<String, RawLanguage>,
    #[serde(default)]
    extra: toml::Table,
}

fn default_language() -> String {
    "en".into()
}

fn default_theme() -> String {
    "default".into()
}

/// The validated configuration of one site.
#[derive(Debug, Clone)]
pub struct Config {
    /// The site folder, holding `site.toml`.
    pub root: PathBuf,
    /// The site's title.
    pub title: String,
    /// One sentence about the site.
    pub description: String,
    /// Absolute base URL, always ending in `/`.
    pub base_url: String,
    /// The path part of `base_url`, starting and ending in `/`.
    pub base_path: String,
    /// site.toml's base URL and its path when an override (`serve`,
    /// `--base-url`) replaced them: links written with it are still links
    /// to the site, checked as in a plain build.
    pub written_base: Option<(String, String)>,
    /// The default language's code (a BCP 47 tag, for `<html lang>`); `en`
    /// when site.toml has none.
    pub language: String,
    /// The theme's name: a folder of `themes/`, or the built-in default.
    pub theme: String,
    /// The day the site's facts are current to (freshness is measured back from
    /// it).
    pub as_of: Option<NaiveDate>,
    /// A page reviewed longer ago than this before `as_of` is stale.
    pub max_age_days: Option<u32>,
    /// The output folder (`public` below the root unless configured or
    /// overridden).
    pub output_dir: PathBuf,
    /// The sources file (`sources.yaml` below the root unless configured).
    pub sources_file: PathBuf,
    /// `ignored_content`: files and folders below `content/` left out of the build.
    pub ignored_content: crate::ignored::IgnoredContent,
    /// `[markdown]`: Markdown extensions.
    pub markdown: MarkdownOptions,
    /// `[search]`: the search index.
    pub search: SearchOptions,
    /// `[images]`: responsive image processing (see [`crate::images`]).
    pub images: ImageOptions,
    /// The image cache folder (`[images] cache_dir` below the root).
    pub image_cache: PathBuf,
    /// `[sections.NAME]`: each section's front-matter schema, by folder name.
    pub sections: BTreeMap<String, SectionSchema>,
    /// `[taxonomies.NAME]`: the configured taxonomies, in order.
    pub taxonomies: Vec<TaxonomyConfig>,
    /// Issue 17: the languages besides `language`, by code; empty for a
    /// site in one language. The default language's entry, if site.toml
    /// has one (for its `strings`), is `default_strings`.
    pub languages: Vec<LanguageConfig>,
    /// Theme strings overridden for the default language (`[languages.en.strings]`).
    pub default_strings: BTreeMap<String, String>,
    /// `[extra]`: free-form values for themes.
    pub extra: serde_json::Value,
    /// Problems that do not stop a build (a top-level key inside `[extra]`),
    /// reported with the build's other warnings.
    pub warnings: Vec<Diagnostic>,
}

/// Flags that override `site.toml` for one run.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// `--base-url` (or the address `serve` listens on).
    pub base_url: Option<String>,
    /// `--output-dir`.
    pub output_dir: Option<PathBuf>,
}

impl Config {
    /// Reads and validates `root/site.toml`.
    pub fn load(root: &Path, overrides: &Overrides) -> Result<Config> {
        let path = root.join(CONFIG_FILE);
        let bytes = std::fs::read(&path).map_err(|e| {
            let diagnostic = io_error("read", &path, &e);
            if e.kind() == std::io::ErrorKind::NotFound {
                diagnostic.hint("run briefing inside a site folder, pass --root DIR, or create one with `briefing init DIR`")
            } else {
                diagnostic
            }
        })?;
        let text = text::decode(&path, bytes)?;
        Config::parse(root, &path, &text, overrides)
    }

    /// Parses and validates `text`, the contents of `path` (`root/site.toml`),
    /// with `overrides` applied.
    pub fn parse(root: &Path, path: &Path, text: &str, overrides: &Overrides) -> Result<Config> {
        let source: Arc<str> = Arc::from(text);
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let offset = e.span().map_or(0, |span| span.start);
            let message = e.message().trim().to_string();
            Diagnostic::error(format!("invalid {CONFIG_FILE}: {message}"))
                .at(Location::at_offset(path, &source, offset))
                .maybe_hint(
                    misplaced_key_hint(text, &message).or_else(|| hint_for_serde_message(&message)),
                )
        })?;
        let warnings = misplaced_key_warnings(path, &source);
        let at_key = |key: &str| locate_key(path, &source, key);
        let at_value = |key: &str| locate_value(path, &source, key);
        let mut config = resolve(root, raw, overrides, &at_key, &at_value)?;
        config.warnings = warnings;
        Ok(config)
    }

    /// The schema of a section, or the empty schema.
    pub fn section_schema(&self, section: &str) -> SectionSchema {
        self.sections.get(section).cloned().unwrap_or_default()
    }

    /// The section that ids in reference `field` of pages in `section` point into.
    pub fn reference_target(&self, section: &str, field: &str) -> String {
        self.sections
            .get(section)
            .and_then(|schema| schema.references.get(field))
            .cloned()
            .unwrap_or_else(|| {
                crate::frontmatter::field(field)
                    .and_then(|field| field.reference_to)
                    .unwrap_or(field)
                    .to_string()
            })
    }
}

fn resolve(
    root: &Path,
    raw: RawConfig,
    overrides: &Overrides,
    at_key: &dyn Fn(&str) -> Location,
    at_value: &dyn Fn(&str) -> Location,
) -> Result<Config> {
    // Destructure so that a new field cannot be silently dropped.
    let RawConfig {
        title,
        description,
        base_url,
        language,
        theme,
        as_of,
        max_age_days,
        output_dir,
        sources,
        ignored_content,
        markdown,
        search,
        images,
        sections,
        taxonomies,
        languages,
        extra,
    } = raw;
    if let Some((key, problem)) = images.problem() {
        return Err(Diagnostic::error(problem)
            .at(at_key(&format!("images.{key}")))
            .hint("see docs/content.md, \"Images\"")
            .into());
    }
    let ignored_content =
        crate::ignored::IgnoredContent::new(ignored_content).map_err(|message| {
            Diagnostic::error(message).at(at_value("ignored_content")).hint(
                "write glob patterns of files below content/ to leave out, e.g. ignored_content = [\"*.xlsx\", \"notes/**\"]",
            )
        })?;
    let taxonomies = resolve_taxonomies(taxonomies, at_key)?;
    let (languages, default_strings) = resolve_languages(
        languages,
        &language,
        &title,
        &description,
        &sections.keys().map(String::as_str).collect::<Vec<_>>(),
        at_key,
    )?;
    for (key, value) in [
        ("title", &title),
        ("language", &language),
        ("theme", &theme),
    ] {
        if text::is_blank(value) {
            let invisible = if value.trim().is_empty() {
                ""
            } else {
                " (it holds only invisible characters)"
            };
            return Err(Diagnostic::error(format!(
                "`{key}` in {CONFIG_FILE} is empty{invisible}: it needs a value"
            ))
            .at(at_value(key))
            .hint(match key {
                "title" => "write the site's name, e.g. title = \"Talks in Berlin\"",
                "language" => "write a language tag such as language = \"en\", or remove the line for the default",
                _ => "name a theme such as theme = \"default\", or remove the line for the default",
            })
            .into());
        }
    }
    let written_base = overrides
        .base_url
        .as_ref()
        .and_then(|_| split_base_url(&base_url).ok());
    let base_url = overrides.base_url.clone().unwrap_or(base_url);
    let (base_url, base_path) = split_base_url(&base_url).map_err(|message| {
        Diagnostic::error(message).at(at_key("base_url")).hint(
            "write an absolute URL such as https://example.org/ or https://example.org/sub/path/",
        )
    })?;
    let as_of = match as_of {
        None => None,
        Some(value) => {
            let text = match &value {
                toml::Value::String(s) => s.clone(),
                toml::Value::Datetime(d) => d.to_string(),
                other => other.to_string(),
            };
            Some(dates::parse_day(&text).map_err(|message| {
                Diagnostic::error(format!("invalid as_of: {message}"))
                    .at(at_value("as_of"))
                    .hint("write the day the site's facts are current to, e.g. as_of = 2025-12-15")
            })?)
        }
    };
    let sections = resolve_sections(sections, at_key)?;
    let output_dir = overrides
        .output_dir
        .clone()
        .unwrap_or_else(|| PathBuf::from(output_dir.unwrap_or_else(|| "public".into())));
    let output_dir = if output_dir.is_absolute() {
        output_dir
    } else {
        root.join(output_dir)
    };
    let image_cache = root.join(&images.cache_dir);
    for (inside, what) in [
        (output_dir.clone(), "the output folder"),
        (root.join(CONTENT_DIR), &format!("{CONTENT_DIR}/")),
        (root.join(STATIC_DIR), &format!("{STATIC_DIR}/")),
    ] {
        if image_cache.starts_with(&inside) {
            return Err(Diagnostic::error(format!(
                "[images] cache_dir `{}` is inside {what}",
                images.cache_dir
            ))
            .at(at_key("images.cache_dir"))
            .hint("keep the cache outside the site's files, e.g. cache_dir = \".briefing-cache/images\"")
            .into());
        }
    }
    let extra = serde_json::to_value(&extra).unwrap_or(serde_json::Value::Null);
    Ok(Config {
        root: root.to_path_buf(),
        title,
        description,
        written_base: written_base.filter(|(written, _)| *written != base_url),
        base_url,
        base_path,
        language,
        theme,
        as_of,
        max_age_days,
        output_dir,
        sources_file: root.join(sources.unwrap_or_else(|| SOURCES_FILE.into())),
        ignored_content,
        markdown,
        search,
        image_cache,
        images,
        sections,
        taxonomies,
        languages,
        default_strings,
        extra,
        warnings: Vec::new(),
    })
}

/// A title made from a file or table name: `-` read as a space, the first
/// letter capitalised (`nato-summit` → "Nato summit").
pub fn title_from_name(name: &str) -> String {
    let words = name.replace('-', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests;
