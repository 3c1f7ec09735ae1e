//! `site.toml`: parsed into a raw struct that denies unknown keys, then resolved
//! once into a validated [`Config`] with absolute paths. CLI flags override it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::dates;
use crate::diagnostics::{
    Diagnostic, Location, Result, did_you_mean, hint_for_serde_message, io_error,
};
use crate::text;

pub const CONFIG_FILE: &str = "site.toml";

/// Fields of the front matter a section schema may name in `required`.
pub const SCHEMA_FIELDS: &[&str] = &[
    "description",
    "date",
    "updated",
    "reviewed",
    "weight",
    "actors",
    "sources",
    "tags",
    "topics",
    "end_date",
    "status",
    "location",
    "name",
    "kind",
    "role",
    "affiliation",
];

/// The keys of site.toml's top level (not tables). Written after a `[table]`
/// header, TOML puts them inside that table: then `Config::warnings` says so.
pub const TOP_LEVEL_KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "language",
    "theme",
    "as_of",
    "max_age_days",
    "output_dir",
    "sources",
    "ignored_content",
];

/// Front-matter lists a `[taxonomies.NAME]` may classify pages by.
pub const TAXONOMY_FIELDS: &[&str] = &["topics", "tags"];

/// Front-matter fields that hold ids of pages in another section.
pub const REFERENCE_FIELDS: &[&str] = &["actors"];

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
    images: crate::images::ImageOptions,
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

/// One `[languages.CODE]` table of site.toml.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    title: Option<String>,
    description: Option<String>,
    /// Theme strings this site overrides for the language (`[languages.uk.strings]`).
    #[serde(default)]
    strings: BTreeMap<String, String>,
}

/// A language of the site other than the default (`[languages.uk]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LanguageConfig {
    pub code: String,
    /// The site's title in this language (the default language's if unset).
    pub title: String,
    pub description: String,
    /// Theme strings overridden in site.toml for this language.
    pub strings: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTaxonomy {
    title: Option<String>,
    /// Allowed terms: slug → display name.
    terms: Option<BTreeMap<String, String>>,
}

/// A taxonomy (`[taxonomies.topics]`): pages list terms in the front-matter
/// field of its name; each term gets a page at `/NAME/TERM/` and a feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaxonomyConfig {
    pub name: String,
    pub title: String,
    /// The allowed terms (slug, display name), sorted by slug; `None` allows any slug.
    pub terms: Option<Vec<(String, String)>>,
}

fn default_language() -> String {
    "en".into()
}

fn default_theme() -> String {
    "default".into()
}

/// `[search]`: the Pagefind search index and the `/search/` page (issue 17).
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct SearchOptions {
    /// On by default; `enabled = false` writes no index, no `/search/` page
    /// and no navigation link.
    pub enabled: bool,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions { enabled: true }
    }
}

/// Markdown extensions, all on by default.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct MarkdownOptions {
    pub smart_punctuation: bool,
    pub footnotes: bool,
    pub tables: bool,
    pub strikethrough: bool,
    pub tasklists: bool,
    pub heading_attributes: bool,
}

impl Default for MarkdownOptions {
    fn default() -> Self {
        MarkdownOptions {
            smart_punctuation: true,
            footnotes: true,
            tables: true,
            strikethrough: true,
            tasklists: true,
            heading_attributes: true,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    #[serde(default)]
    required: Vec<String>,
    sort_by: Option<SortBy>,
    #[serde(default)]
    references: BTreeMap<String, String>,
    template: Option<String>,
    page_template: Option<String>,
    /// Issue 13: every block of the section's pages needs a citation.
    #[serde(default)]
    require_citations: bool,
}

/// How a section orders its pages.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, Default)]
#[serde(rename_all = "kebab-case")]
pub enum SortBy {
    /// Oldest first (timelines).
    Date,
    /// Newest first (news lists).
    DateDesc,
    /// Weight, then title.
    #[default]
    Weight,
    Title,
}

/// What a section requires of its pages.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SectionSchema {
    pub required: Vec<String>,
    pub sort_by: SortBy,
    /// Reference field → the section its ids point into.
    pub references: BTreeMap<String, String>,
    pub template: Option<String>,
    pub page_template: Option<String>,
    /// Every paragraph, list item, blockquote and table of the section's
    /// pages (its `_index.md` too) needs a citation or `{analysis}`.
    pub require_citations: bool,
}

/// The validated configuration of one site.
#[derive(Debug, Clone)]
pub struct Config {
    pub root: PathBuf,
    pub title: String,
    pub description: String,
    /// Absolute base URL, always ending in `/`.
    pub base_url: String,
    /// The path part of `base_url`, starting and ending in `/`.
    pub base_path: String,
    /// site.toml's base URL and its path when an override (`serve`,
    /// `--base-url`) replaced them: links written with it are still links
    /// to the site, checked as in a plain build.
    pub written_base: Option<(String, String)>,
    pub language: String,
    pub theme: String,
    pub as_of: Option<NaiveDate>,
    pub max_age_days: Option<u32>,
    pub output_dir: PathBuf,
    pub sources_file: PathBuf,
    /// `ignored_content`: files and folders below `content/` left out of the build.
    pub ignored_content: crate::ignored::IgnoredContent,
    pub markdown: MarkdownOptions,
    pub search: SearchOptions,
    /// `[images]`: responsive image processing (see [`crate::images`]).
    pub images: crate::images::ImageOptions,
    /// The image cache folder (`[images] cache_dir` below the root).
    pub image_cache: PathBuf,
    pub sections: BTreeMap<String, SectionSchema>,
    pub taxonomies: Vec<TaxonomyConfig>,
    /// Issue 17: the languages besides `language`, by code; empty for a
    /// site in one language. The default language's entry, if site.toml
    /// has one (for its `strings`), is `default_strings`.
    pub languages: Vec<LanguageConfig>,
    /// Theme strings overridden for the default language (`[languages.en.strings]`).
    pub default_strings: BTreeMap<String, String>,
    pub extra: serde_json::Value,
    /// Problems that do not stop a build (a top-level key inside `[extra]`),
    /// reported with the build's other warnings.
    pub warnings: Vec<Diagnostic>,
}

/// Flags that override `site.toml` for one run.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub base_url: Option<String>,
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
            .unwrap_or_else(|| field.to_string())
    }
}

/// Where `key` is set in `root/site.toml`, for errors found after loading
/// (the file is read again only on this error path).
pub fn key_location(root: &Path, key: &str) -> Location {
    let path = root.join(CONFIG_FILE);
    let text: Arc<str> = Arc::from(text::read(&path, &path).unwrap_or_default());
    locate_key(&path, &text, key)
}

/// Where `key = ...` stands in site.toml (first match), for validation errors.
/// A dotted key (`images.quality`, `languages.uk`) is found as TOML reads it:
/// the key's own line inside its table (`[images]` then `quality = 0`), a
/// dotted key (`images.quality = 0`), or the header of the table it names
/// (`[languages.uk]`).
fn locate_key(path: &Path, source: &Arc<str>, key: &str) -> Location {
    let offset = if key.contains('.') && !key.starts_with('[') {
        let wanted = split_dotted(key);
        dotted_key_offset(source, &wanted)
            .unwrap_or_else(|| key_offset(source, wanted.last().map_or(key, String::as_str)))
    } else {
        key_offset(source, key)
    };
    Location::at_offset(path, source, offset)
}

/// The parts of a dotted TOML key (`a."b.c".d` → a, b.c, d), unquoted.
fn split_dotted(key: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut part = String::new();
    let mut quote: Option<char> = None;
    for c in key.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => part.push(c),
            (None, '"' | '\'') => quote = Some(c),
            (None, '.') => parts.push(std::mem::take(&mut part).trim().to_string()),
            (None, c) => part.push(c),
        }
    }
    parts.push(part.trim().to_string());
    parts
}

/// Byte offset of the line that sets the dotted key `wanted` or opens its
/// table; failing that, of the first line inside it (a longer key or table),
/// or of the key whose inline table holds it (`references = { actors = … }`).
fn dotted_key_offset(source: &str, wanted: &[String]) -> Option<usize> {
    let mut table: Vec<String> = Vec::new();
    let mut inside = None;
    let mut holder = None;
    let mut start = 0;
    for line in source.split('\n') {
        let here = start + (line.len() - line.trim_start().len());
        start += line.len() + 1;
        let trimmed = line.trim();
        let full = if let Some(header) = trimmed.strip_prefix('[') {
            let header = header.trim_start_matches('[');
            let Some(end) = header.find(']') else {
                continue;
            };
            table = split_dotted(&header[..end]);
            table.clone()
        } else if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        } else {
            let Some(eq) = trimmed.find('=') else {
                continue;
            };
            let mut full = table.clone();
            full.extend(split_dotted(&trimmed[..eq]));
            if holder.is_none() && full.len() < wanted.len() && wanted.starts_with(&full) {
                holder = Some(here);
            }
            full
        };
        if full == wanted {
            return Some(here);
        }
        if inside.is_none() && full.starts_with(wanted) {
            inside = Some(here);
        }
    }
    inside.or(holder)
}

/// Where the value of `key = value` starts (the key when there is no `=`).
fn locate_value(path: &Path, source: &Arc<str>, key: &str) -> Location {
    let key_at = key_offset(source, key);
    let line = source[key_at..].split('\n').next().unwrap_or("");
    let offset = match line.find('=') {
        Some(eq) => {
            let after = &line[eq + 1..];
            key_at + eq + 1 + (after.len() - after.trim_start().len())
        }
        None => key_at,
    };
    Location::at_offset(path, source, offset)
}

/// Byte offset of the first line that sets `key` (0 when none does).
fn key_offset(source: &str, key: &str) -> usize {
    source
        .lines()
        .scan(0usize, |start, line| {
            let here = *start;
            *start += line.len() + 1;
            Some((here, line))
        })
        .find(|(_, line)| {
            let trimmed = line.trim_start();
            trimmed.starts_with(key)
                && trimmed[key.len()..]
                    .trim_start()
                    .starts_with(['=', '.', ']'])
                || trimmed.starts_with(&format!("[sections.{key}"))
        })
        .map_or(0, |(start, line)| {
            start + (line.len() - line.trim_start().len())
        })
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
    let mut resolved_sections = BTreeMap::new();
    for (name, section) in sections {
        let RawSection {
            required,
            sort_by,
            references,
            template,
            page_template,
            require_citations,
        } = section;
        for field in &required {
            if field != "title" && !SCHEMA_FIELDS.contains(&field.as_str()) {
                return Err(Diagnostic::error(format!(
                    "section `{name}` requires unknown field `{field}`"
                ))
                .at(at_key(&format!("sections.\"{name}\".required")))
                .maybe_hint(
                    did_you_mean(field, SCHEMA_FIELDS.iter().copied())
                        .map(|f| format!("did you mean `{f}`?")),
                )
                .into());
            }
        }
        for field in references.keys() {
            if !REFERENCE_FIELDS.contains(&field.as_str()) {
                return Err(Diagnostic::error(format!(
                    "section `{name}` declares `{field}` as a reference field, but only {} can hold references",
                    REFERENCE_FIELDS.join(", ")
                ))
                .at(at_key(&format!("sections.\"{name}\".references.\"{field}\"")))
                .into());
            }
        }
        resolved_sections.insert(
            name,
            SectionSchema {
                required,
                sort_by: sort_by.unwrap_or_default(),
                references,
                template,
                page_template,
                require_citations,
            },
        );
    }
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
        (root.join("content"), "content/"),
        (root.join("static"), "static/"),
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
        sources_file: root.join(sources.unwrap_or_else(|| "sources.yaml".into())),
        ignored_content,
        markdown,
        search,
        image_cache,
        images,
        sections: resolved_sections,
        taxonomies,
        languages,
        default_strings,
        extra,
        warnings: Vec::new(),
    })
}

/// Checks `[languages.*]`: codes are language tags (letters, digits and `-`),
/// the default language's own table may only override strings.
fn resolve_languages(
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

fn resolve_taxonomies(
    raw: BTreeMap<String, RawTaxonomy>,
    at_key: &dyn Fn(&str) -> Location,
) -> Result<Vec<TaxonomyConfig>> {
    let mut out = Vec::new();
    for (name, RawTaxonomy { title, terms }) in raw {
        let error = |message: String, hint: String| {
            Diagnostic::error(message)
                .at(at_key(&format!("[taxonomies.{name}")))
                .hint(hint)
        };
        if !TAXONOMY_FIELDS.contains(&name.as_str()) {
            let near = did_you_mean(&name, TAXONOMY_FIELDS.iter().copied());
            return Err(error(
                format!(
                    "unknown taxonomy `{name}`: pages can be classified by {}",
                    TAXONOMY_FIELDS.join(" or ")
                ),
                near.map_or_else(
                    || "name the table [taxonomies.topics]".into(),
                    |n| format!("did you mean `{n}`?"),
                ),
            )
            .into());
        }
        for slug in terms.iter().flat_map(|t| t.keys()) {
            if !crate::taxonomy::is_term(slug) {
                return Err(Diagnostic::error(
                    format!("taxonomy `{name}` has term `{slug}`, which is not a URL segment"),
                )
                .at(at_key(&format!("taxonomies.\"{name}\".terms.\"{slug}\"")))
                .hint(
                    "write terms in lowercase letters, digits and `-`, e.g. nato-membership = \"NATO membership\"",
                )
                .into());
            }
        }
        out.push(TaxonomyConfig {
            title: title.unwrap_or_else(|| crate::new::title_from_name(&name)),
            terms: terms.map(|t| t.into_iter().collect()),
            name,
        });
    }
    Ok(out)
}

/// The fix for a top-level key that TOML read inside a table.
fn move_up(key: &str) -> String {
    format!(
        "move `{key}` above the first [table] in {CONFIG_FILE}: TOML puts every key after a `[table]` line into that table"
    )
}

/// A hint for an error caused by a top-level key written below a table: an
/// unknown field `as_of` (in `[markdown]` or a section) or a missing `title`
/// that is there, only inside a table.
fn misplaced_key_hint(text: &str, message: &str) -> Option<String> {
    let key = message.split('`').nth(1)?;
    if !TOP_LEVEL_KEYS.contains(&key) {
        return None;
    }
    if message.contains("unknown field") {
        return Some(move_up(key));
    }
    let table: toml::Table = toml::from_str(text).ok()?;
    let inside = table
        .values()
        .filter_map(toml::Value::as_table)
        .any(|t| t.contains_key(key));
    (message.contains("missing field") && inside).then(|| move_up(key))
}

/// A warning for each top-level key (see [`TOP_LEVEL_KEYS`]) that stands in
/// `[extra]` or a table below it: written after the `[extra]` line, it was
/// probably meant for the site and silently does nothing there. Keys are read
/// by the TOML parser with their spans, so a quoted key (`"as_of" = …`) and a
/// dotted one count the same as a bare one.
fn misplaced_key_warnings(path: &Path, source: &Arc<str>) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    let Ok(document) = toml::de::DeTable::parse(source) else {
        return warnings;
    };
    let Some(extra) = document.get_ref().get("extra") else {
        return warnings;
    };
    let mut stack = vec![(vec!["extra".to_string()], extra)];
    while let Some((name, value)) = stack.pop() {
        let toml::de::DeValue::Table(table) = value.get_ref() else {
            continue;
        };
        for (key, value) in table {
            let key_name = key.get_ref().as_ref();
            if TOP_LEVEL_KEYS.contains(&key_name) {
                let name = name.join(".");
                warnings.push(
                    Diagnostic::warning(format!(
                        "`{key_name}` is inside [{name}], so it does not set the site's `{key_name}`: move it above the first [table]"
                    ))
                    .at(Location::at_offset(path, source, key.span().start))
                    .hint(format!("{}; keys meant for themes can stay", move_up(key_name))),
                );
            }
            let mut inner = name.clone();
            inner.push(key_name.to_string());
            stack.push((inner, value));
        }
    }
    warnings.sort_by_key(|w| w.location.as_ref().map(|l| (l.line, l.column)));
    warnings
}

/// Parses a base URL with the `url` crate (WHATWG URL Standard) and returns it
/// in its normal form ending in `/` (host in lower case, IDNA host as
/// punycode, default port dropped) together with its path part (`/` or
/// `/sub/path/`).
///
/// Errors (as a sentence naming the value): not an absolute `http(s)` URL with
/// a host, a port outside 0–65535, a query or fragment, user name or password,
/// spaces or quotes, or `.`/`..` path segments (which the parser would resolve
/// silently).
pub fn split_base_url(url: &str) -> std::result::Result<(String, String), String> {
    let url = url.trim();
    if url.contains(['?', '#', ' ', '"', '<', '>', '\'']) {
        return Err(format!(
            "base_url `{url}` may not contain a query, fragment, spaces or quotes"
        ));
    }
    let after_scheme = url.split_once("://").map(|(_, rest)| rest);
    let written_path = after_scheme.and_then(|rest| rest.find('/').map(|i| &rest[i..]));
    if written_path.is_some_and(|path| {
        path.split('/')
            .any(|segment| matches!(segment, "." | ".." | "%2e" | "%2E" | "%2e%2e" | "%2E%2E"))
    }) {
        return Err(format!(
            "base_url `{url}` may not contain `.` or `..` segments"
        ));
    }
    let parsed = match url::Url::parse(url) {
        Ok(parsed) => parsed,
        Err(url::ParseError::RelativeUrlWithoutBase) => {
            return Err(format!("base_url `{url}` is not an absolute URL"));
        }
        Err(url::ParseError::InvalidPort) => {
            return Err(format!("base_url `{url}` has a port outside 0–65535"));
        }
        Err(e) => return Err(format!("base_url `{url}` is not a valid URL: {e}")),
    };
    if !matches!(parsed.scheme(), "http" | "https")
        || parsed.host_str().is_none_or(str::is_empty)
        || after_scheme.is_none_or(|rest| rest.starts_with('/'))
    {
        return Err(format!(
            "base_url `{url}` must start with http:// or https:// and name a host"
        ));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(format!(
            "base_url `{url}` may not contain a user name or password"
        ));
    }
    let mut base_url = parsed.as_str().to_string();
    let mut base_path = parsed.path().to_string();
    if !base_url.ends_with('/') {
        base_url.push('/');
    }
    if !base_path.ends_with('/') {
        base_path.push('/');
    }
    Ok((base_url, base_path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_dotted_keys_and_table_headers() {
        let source = "title = \"T\"\n[images]\nwidths = [1]\n  quality = 0\n[languages.\"pt-BR\"]\ntitle = \"x\"\n[languages.uk.strings]\nsources = \"Д\"\n[a]\nb.c = 1\nrefs = { x = 1 }\n";
        let line = |key: &str| {
            let offset = dotted_key_offset(source, &split_dotted(key)).unwrap();
            crate::diagnostics::line_col(source, offset)
        };
        assert_eq!(line("images.quality"), (4, 3));
        assert_eq!(line("languages.pt-BR"), (5, 1));
        assert_eq!(line("languages.\"pt-BR\".title"), (6, 1));
        // No `[languages.uk]` header: the first line inside it.
        assert_eq!(line("languages.uk"), (7, 1));
        assert_eq!(line("languages.uk.strings.sources"), (8, 1));
        assert_eq!(line("a.b.c"), (10, 1));
        // Inside an inline table: the line of the key that holds it.
        assert_eq!(line("a.refs.x"), (11, 1));
        assert_eq!(
            dotted_key_offset(source, &split_dotted("images.cache_dir")),
            None
        );
    }

    fn parse(text: &str) -> Result<Config> {
        Config::parse(
            Path::new("/site"),
            Path::new("/site/site.toml"),
            text,
            &Overrides::default(),
        )
    }

    #[test]
    fn can_parse_minimal_config_with_defaults() {
        let config = parse("title = \"T\"\nbase_url = \"https://example.org/talks\"\n").unwrap();
        assert_eq!(config.base_url, "https://example.org/talks/");
        assert_eq!(config.base_path, "/talks/");
        assert_eq!(config.theme, "default");
        assert_eq!(config.output_dir, Path::new("/site/public"));
        assert!(config.markdown.smart_punctuation);
    }

    #[test]
    fn errors_on_unknown_key_with_hint_and_line() {
        let errors = parse("title = \"T\"\nbase_url = \"https://e.org/\"\ndescripton = \"x\"\n")
            .unwrap_err();
        let text = errors.to_string();
        assert!(text.contains("site.toml:3:1"), "{text}");
        assert!(text.contains("did you mean `description`?"), "{text}");
    }

    #[test]
    fn can_read_as_of_as_toml_date_or_string() {
        let config =
            parse("title = \"T\"\nbase_url = \"https://e.org/\"\nas_of = 2025-12-15\n").unwrap();
        assert_eq!(config.as_of.unwrap().to_string(), "2025-12-15");
        let config =
            parse("title = \"T\"\nbase_url = \"https://e.org/\"\nas_of = \"2025-12-15\"\n")
                .unwrap();
        assert_eq!(config.as_of.unwrap().to_string(), "2025-12-15");
        let errors =
            parse("title = \"T\"\nbase_url = \"https://e.org/\"\nas_of = \"2025-13-01\"\n")
                .unwrap_err();
        assert!(errors.to_string().contains("site.toml:3:9"), "{errors}");
    }

    #[test]
    fn as_of_is_a_whole_day() {
        let as_of = |value: &str| {
            parse(&format!(
                "title = \"T\"\nbase_url = \"https://e.org/\"\nas_of = {value}\n"
            ))
            .map(|config| config.as_of.map(|d| d.to_string()))
            .map_err(|e| e.to_string())
        };
        assert_eq!(as_of("2025-12-15T10:00:00Z"), Ok(Some("2025-12-15".into())));
        assert_eq!(as_of("2025-12-15T10:00:00"), Ok(Some("2025-12-15".into())));
        assert_eq!(
            as_of("\"2025-12-15 10:00:00\""),
            Ok(Some("2025-12-15".into()))
        );
        for bad in [
            "\"2025-12-15 to 2025-12-16\"",
            "\"2025-12-15 noon\"",
            "\"2025-12\"",
            "2025",
            "10:00:00",
            "\"2025-12-15T25:00\"",
        ] {
            let error = as_of(bad).unwrap_err();
            assert!(error.contains("site.toml:3:9"), "{bad}: {error}");
            assert!(error.contains("invalid as_of"), "{bad}: {error}");
        }
    }

    #[test]
    fn base_urls_are_parsed_and_normalised_by_the_url_standard() {
        let ok = |url: &str| split_base_url(url).unwrap();
        assert_eq!(
            ok("https://Example.ORG/talks"),
            ("https://example.org/talks/".into(), "/talks/".into())
        );
        assert_eq!(
            ok("https://e.org:443"),
            ("https://e.org/".into(), "/".into())
        );
        assert_eq!(
            ok("http://127.0.0.1:1111"),
            ("http://127.0.0.1:1111/".into(), "/".into())
        );
        for (bad, says) in [
            ("https://e.org:99999/", "port outside"),
            ("example.org", "not an absolute URL"),
            ("ftp://e.org/", "http:// or https://"),
            ("https:///path", "name a host"),
            ("https://user:pw@e.org/", "user name or password"),
            ("https://e.org/a/../b", "`.` or `..`"),
            ("https://e.org/a/%2e%2e/b", "`.` or `..`"),
            ("https://e.org/?x=1", "query"),
            ("https://e.org/a b", "spaces"),
        ] {
            let error = split_base_url(bad).unwrap_err();
            assert!(error.contains(says), "{bad}: {error}");
        }
    }

    #[test]
    fn errors_on_bad_base_url_and_unknown_schema_fields() {
        assert!(parse("title = \"T\"\nbase_url = \"example.org\"\n").is_err());
        let errors = parse("title = \"T\"\nbase_url = \"https://e.org/\"\n[sections.timeline]\nrequired = [\"stauts\"]\n")
            .unwrap_err()
            .to_string();
        assert!(errors.contains("did you mean `status`?"), "{errors}");
        // At the `required` line of the section, not its header.
        assert!(errors.contains("site.toml:4:1"), "{errors}");
    }

    #[test]
    fn reads_require_citations_per_section() {
        let config = parse("title = \"T\"\nbase_url = \"https://e.org/\"\n[sections.explainers]\nrequire_citations = true\n[sections.actors]\nsort_by = \"weight\"\n").unwrap();
        assert!(config.section_schema("explainers").require_citations);
        assert!(!config.section_schema("actors").require_citations);
        assert!(!config.section_schema("none").require_citations);
        let errors = parse("title = \"T\"\nbase_url = \"https://e.org/\"\n[sections.explainers]\nrequire_citation = true\n")
            .unwrap_err()
            .to_string();
        assert!(errors.contains("require_citations"), "{errors}");
        assert!(errors.contains("site.toml:4:1"), "{errors}");
        let errors = parse("title = \"T\"\nbase_url = \"https://e.org/\"\n[sections.explainers]\nrequire_citations = \"yes\"\n")
            .unwrap_err()
            .to_string();
        assert!(errors.contains("site.toml:4"), "{errors}");
    }

    #[test]
    fn base_url_override_wins() {
        let overrides = Overrides {
            base_url: Some("http://127.0.0.1:1111".into()),
            output_dir: None,
        };
        let config = Config::parse(
            Path::new("/s"),
            Path::new("/s/site.toml"),
            "title = \"T\"\nbase_url = \"https://e.org/x/\"\n",
            &overrides,
        )
        .unwrap();
        assert_eq!(config.base_url, "http://127.0.0.1:1111/");
        assert_eq!(config.base_path, "/");
        // site.toml's base URL is kept: links written with it are the site's.
        assert_eq!(
            config.written_base,
            Some(("https://e.org/x/".into(), "/x/".into()))
        );
        let plain = Config::parse(
            Path::new("/s"),
            Path::new("/s/site.toml"),
            "title = \"T\"\nbase_url = \"https://e.org/x/\"\n",
            &Overrides::default(),
        )
        .unwrap();
        assert_eq!(plain.written_base, None);
    }

    const HEAD: &str = "title = \"T\"\nbase_url = \"https://e.org/\"\n";

    #[test]
    fn reads_taxonomies_and_refuses_unknown_ones_and_bad_terms() {
        let config = parse(&format!(
            "{HEAD}[taxonomies.topics]\ntitle = \"Themes\"\n[taxonomies.topics.terms]\nnato = \"NATO\"\nland = \"Territory\"\n[taxonomies.tags]\n"
        ))
        .unwrap();
        let names: Vec<(&str, &str)> = config
            .taxonomies
            .iter()
            .map(|t| (t.name.as_str(), t.title.as_str()))
            .collect();
        assert_eq!(names, [("tags", "Tags"), ("topics", "Themes")]);
        assert_eq!(
            config.taxonomies[1].terms,
            Some(vec![
                ("land".into(), "Territory".into()),
                ("nato".into(), "NATO".into())
            ])
        );
        assert_eq!(config.taxonomies[0].terms, None);
        for (bad, wanted, at) in [
            ("[taxonomies.topic]\n", "did you mean `topics`?", ":3:1"),
            (
                "[taxonomies.categories]\n",
                "unknown taxonomy `categories`",
                ":3:1",
            ),
            (
                "[taxonomies.topics.terms]\n\"Big Deal\" = \"x\"\n",
                "not a URL segment",
                ":4:1",
            ),
            (
                "[taxonomies.topics]\ntitel = \"x\"\n",
                "unknown field `titel`",
                ":4:1",
            ),
        ] {
            let error = parse(&format!("{HEAD}{bad}")).unwrap_err().to_string();
            assert!(error.contains(wanted), "{bad}: {error}");
            assert!(error.contains(&format!("site.toml{at}")), "{bad}: {error}");
        }
    }

    #[test]
    fn warns_about_quoted_and_dotted_top_level_keys_inside_extra() {
        let config = parse(&format!(
            "{HEAD}[extra]\n\"max_age_days\" = 10\n'as_of' = 2025-12-15\nhero.\"title\" = \"x\"\n\"author\" = \"A\"\n"
        ))
        .unwrap();
        let lines: Vec<String> = config
            .warnings
            .iter()
            .map(|w| {
                let at = w.location.clone().unwrap();
                format!(
                    "{}:{} {}",
                    at.line,
                    at.column,
                    w.message.split(',').next().unwrap_or("")
                )
            })
            .collect();
        assert_eq!(
            lines,
            [
                "4:1 `max_age_days` is inside [extra]",
                "5:1 `as_of` is inside [extra]",
                "6:6 `title` is inside [extra.hero]",
            ]
        );
    }

    #[test]
    fn as_of_says_what_is_wrong_with_it() {
        for (value, said) in [
            ("\"  \"", "invalid as_of: the date is empty"),
            ("\"\"", "invalid as_of: the date is empty"),
            (
                "10:00:00",
                "invalid as_of: `10:00:00` is not a date: write a full day, YYYY-MM-DD",
            ),
            (
                "\"2025-12\"",
                "invalid as_of: `2025-12` is not a whole day: write YYYY-MM-DD or an RFC 3339 date-time",
            ),
        ] {
            let error = parse(&format!("{HEAD}as_of = {value}\n")).unwrap_err();
            assert_eq!(error.0[0].message, said, "{value}");
        }
    }

    #[test]
    fn blank_required_text_in_site_toml_is_an_error_at_its_value() {
        for (text, key, line) in [
            (
                "title = \"\"\nbase_url = \"https://example.org/\"\n",
                "title",
                1,
            ),
            (
                "base_url = \"https://example.org/\"\ntitle = \"  \"\n",
                "title",
                2,
            ),
            (
                "title = \"\u{200b}\"\nbase_url = \"https://example.org/\"\n",
                "title",
                1,
            ),
            (
                "title = \"T\"\nbase_url = \"https://example.org/\"\nlanguage = \"\"\n",
                "language",
                3,
            ),
            (
                "title = \"T\"\nbase_url = \"https://example.org/\"\ntheme = \"\\u00ad\"\n",
                "theme",
                3,
            ),
        ] {
            let error = parse(text).unwrap_err();
            let error = &error.0[0];
            assert!(
                error
                    .message
                    .starts_with(&format!("`{key}` in site.toml is empty")),
                "{text}: {}",
                error.message
            );
            assert_eq!(
                error.location.as_ref().map(|l| l.line),
                Some(line),
                "{text}"
            );
        }
    }

    #[test]
    fn warns_about_top_level_keys_inside_extra() {
        let config = parse(&format!(
            "{HEAD}[extra]\nauthor = \"A\"\nas_of = 2025-12-15\n  max_age_days = 30\n[extra.hero]\ntheme = \"dark\"\nnote = \"\"\"\nlanguage = \"x\"\n\"\"\"\n"
        ))
        .unwrap();
        assert_eq!(config.as_of, None);
        let lines: Vec<String> = config
            .warnings
            .iter()
            .map(|w| {
                assert_eq!(w.severity, crate::diagnostics::Severity::Warning);
                let at = w.location.clone().unwrap();
                format!(
                    "{}:{}:{} {}",
                    at.path.display(),
                    at.line,
                    at.column,
                    w.message
                )
            })
            .collect();
        assert_eq!(
            lines,
            [
                "/site/site.toml:5:1 `as_of` is inside [extra], so it does not set the site's `as_of`: move it above the first [table]",
                "/site/site.toml:6:3 `max_age_days` is inside [extra], so it does not set the site's `max_age_days`: move it above the first [table]",
                "/site/site.toml:8:1 `theme` is inside [extra.hero], so it does not set the site's `theme`: move it above the first [table]",
            ]
        );
        let hint = config.warnings[0].hint.clone().unwrap();
        assert!(
            hint.starts_with("move `as_of` above the first [table]"),
            "{hint}"
        );
    }

    #[test]
    fn no_warning_for_keys_in_their_place() {
        let config = parse(&format!(
            "{HEAD}as_of = 2025-12-15\n[markdown]\nfootnotes = false\n[extra]\nauthor = \"A\"\n[[extra.links]]\ntitle = \"x\"\n"
        ))
        .unwrap();
        assert!(config.warnings.is_empty(), "{:?}", config.warnings);
    }

    #[test]
    fn hints_to_move_keys_that_a_table_swallowed() {
        let error = parse(&format!(
            "{HEAD}[markdown]\ntables = true\nas_of = 2025-12-15\n"
        ))
        .unwrap_err()
        .to_string();
        assert!(error.contains("site.toml:5:1"), "{error}");
        assert!(
            error.contains("move `as_of` above the first [table]"),
            "{error}"
        );
        let error = parse("base_url = \"https://e.org/\"\n[extra]\ntitle = \"T\"\n")
            .unwrap_err()
            .to_string();
        assert!(error.contains("missing field `title`"), "{error}");
        assert!(
            error.contains("move `title` above the first [table]"),
            "{error}"
        );
    }
}
