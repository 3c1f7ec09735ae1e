//! Front matter: split a Markdown file into its YAML header and body, then
//! deserialize the header into typed [`FrontMatter`]. All YAML goes through
//! [`parse_yaml`], so a maintained serde_yaml fork can replace it in one place.
//! Errors point at the line and column in the original file.

use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::dates::PartialDate;
use crate::diagnostics::{Diagnostic, Location, hint_for_serde_message};

mod fast;
mod fields;
mod locate;
mod notices;
mod strict;
mod yaml_errors;
pub use fields::{FIELDS, Field, REFERENCE_FIELDS, REQUIRABLE_FIELDS, field, references};
pub use locate::{
    key_location, nth_value_location, value_location, writes_key, written_key_location,
    written_value,
};
pub use notices::{Notice, NoticeView};
use strict::{unique_keys_map, whole_day};
pub use yaml_errors::{YamlError, explain_yaml_error};

/// A file's text cut into header and body, with their byte offsets in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split<'a> {
    /// The header between the `---` fences (YAML), without them.
    pub front: &'a str,
    /// Byte offset of `front` in the file.
    pub front_offset: usize,
    /// The Markdown after the closing fence.
    pub body: &'a str,
    /// Byte offset of `body` in the file.
    pub body_offset: usize,
}

/// Splits `text` at its `---` fences. A leading BOM and CRLF endings are fine.
/// On failure returns a message and the byte offset to point at.
pub fn split(text: &str) -> Result<Split<'_>, (String, usize)> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[start..];
    if rest.trim().is_empty() {
        return Err((
            "the file is empty: every page needs front matter with at least a title".into(),
            start,
        ));
    }
    let first_line_end = rest.find('\n').map_or(rest.len(), |i| i + 1);
    if rest[..first_line_end].trim_end() == "+++" {
        return Err((TOML_FRONT_MATTER.into(), start));
    }
    if rest[..first_line_end].trim_end() != "---" {
        return Err((
            "no front matter: the file must start with a `---` line, then YAML, then `---`".into(),
            start,
        ));
    }
    let front_offset = start + first_line_end;
    let mut line_start = front_offset;
    while line_start < text.len() {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i + 1);
        if text[line_start..line_end].trim_end() == "---" {
            return Ok(Split {
                front: &text[front_offset..line_start],
                front_offset,
                body: &text[line_end..],
                body_offset: line_end,
            });
        }
        line_start = line_end;
    }
    Err((
        "the front matter starts here but its closing `---` line is missing".into(),
        start,
    ))
}

/// The message for Zola's and Hugo's TOML header between `+++` lines.
pub const TOML_FRONT_MATTER: &str =
    "TOML front matter (`+++`) is not supported; write YAML between `---` lines";

/// The hint for a file that [`split`] refused: for a TOML header (`+++`), the
/// same header written as YAML front matter, ready to paste; otherwise the
/// shape of a page's start.
pub fn split_hint(text: &str) -> String {
    toml_as_yaml(text).map_or_else(
        || "a page starts with:\n---\ntitle: Its title\n---".to_string(),
        |yaml| format!("write the header as YAML:\n---\n{yaml}---"),
    )
}

/// The TOML header between the first two `+++` lines, converted to YAML
/// (tables such as `[extra]` become indented maps, dates become text).
/// `None` when there is no such header or it is not valid TOML.
fn toml_as_yaml(text: &str) -> Option<String> {
    let text = text.strip_prefix(crate::text::BOM).unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    if lines.next()?.trim_end() != "+++" {
        return None;
    }
    let mut header = String::new();
    for line in lines {
        if line.trim_end() == "+++" {
            let table: toml::Table = toml::from_str(&header).ok()?;
            let yaml = toml_to_yaml(toml::Value::Table(table));
            return serde_yaml::to_string(&yaml).ok();
        }
        header.push_str(line);
    }
    None
}

fn toml_to_yaml(value: toml::Value) -> serde_yaml::Value {
    use serde_yaml::Value as Yaml;
    match value {
        toml::Value::String(s) => Yaml::String(s),
        toml::Value::Integer(i) => Yaml::Number(i.into()),
        toml::Value::Float(f) => Yaml::Number(f.into()),
        toml::Value::Boolean(b) => Yaml::Bool(b),
        toml::Value::Datetime(d) => Yaml::String(d.to_string()),
        toml::Value::Array(items) => Yaml::Sequence(items.into_iter().map(toml_to_yaml).collect()),
        toml::Value::Table(table) => Yaml::Mapping(
            table
                .into_iter()
                .map(|(k, v)| (Yaml::String(k), toml_to_yaml(v)))
                .collect(),
        ),
    }
}

/// Publication status of a timeline event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// `happened`: it took place.
    Happened,
    /// `reported`: reported to have taken place, not confirmed.
    Reported,
    /// `expected`: announced or scheduled, still to come.
    Expected,
}

impl Status {
    /// The status in words for readers (`Happened`, …): `status_label` in
    /// templates.
    pub fn label(self) -> &'static str {
        match self {
            Status::Happened => "Happened",
            Status::Reported => "Reported",
            Status::Expected => "Expected",
        }
    }
}

/// What sort of actor a profile describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(rename_all = "lowercase")]
pub enum ActorKind {
    /// `person`.
    Person,
    /// `state`: a country or its government.
    State,
    /// `organisation`: a company, an alliance, an agency, …
    Organisation,
    /// `group`: a group of people that is no organisation.
    Group,
}

/// Everything a page or section may declare. Unknown keys are errors.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// Required, and must have words: empty, blank or null is an error.
    pub title: String,
    /// One sentence for cards, search results and social previews.
    pub description: Option<String>,
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY` (the precision is kept), or an RFC
    /// 3339 date-time.
    pub date: Option<PartialDate>,
    /// When the page last changed in substance (same forms as `date`).
    pub updated: Option<PartialDate>,
    /// The last editorial check, for freshness (same forms as `date`).
    pub reviewed: Option<PartialDate>,
    /// Left out unless `--drafts`.
    #[serde(default)]
    pub draft: bool,
    /// Manual order inside a section (lower first).
    pub weight: Option<i64>,
    /// Replaces the file name as the page's id and last URL segment: letters,
    /// digits, `-`, `_`, `.`.
    pub slug: Option<String>,
    /// The template to render the page with (`page.html`), instead of its
    /// section's.
    pub template: Option<String>,
    /// Old URLs (`/old-article-5/`) that redirect here.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Free-form values for themes; a key written twice at any depth is an error.
    #[serde(default, deserialize_with = "unique_keys_map")]
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// Ids (or display names) of pages in `content/actors/`, checked.
    #[serde(default)]
    pub actors: Vec<String>,
    /// Ids of sources in `sources.yaml`, checked.
    #[serde(default)]
    pub sources: Vec<String>,
    /// Free-form tags, as written.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Terms of the `topics` taxonomy (see [`crate::taxonomy`]).
    #[serde(default)]
    pub topics: Vec<String>,
    /// A timeline event's last day; not before `date`.
    pub end_date: Option<PartialDate>,
    /// A timeline event's status.
    pub status: Option<Status>,
    /// Where a timeline event took place.
    pub location: Option<String>,
    /// An actor's name, as readers see it.
    pub name: Option<String>,
    /// What sort of actor a profile describes.
    pub kind: Option<ActorKind>,
    /// An actor's role (`President of Ukraine`).
    pub role: Option<String>,
    /// Who an actor belongs to (`Ukraine`).
    pub affiliation: Option<String>,
    /// Issue 13: dated corrections and substantive updates (see `notices.rs`).
    #[serde(default)]
    pub corrections: Vec<Notice>,
    /// Substantive updates (something added or changed), as `corrections`.
    #[serde(default)]
    pub updates: Vec<Notice>,
    /// Scheduling (see [`crate::schedule`]): whole days only.
    #[serde(default, deserialize_with = "whole_day")]
    pub publish_date: Option<PartialDate>,
    /// The page is left out from this day on, unless `--expired`.
    #[serde(default, deserialize_with = "whole_day")]
    pub expiry_date: Option<PartialDate>,
}

/// Deserializes YAML text. The one place the YAML library is named.
///
/// serde_yaml's own messages are reworded where they name a symptom rather
/// than the cause (see [`explain_yaml_error`]); a key written twice is
/// pointed at its second line.
pub fn parse_yaml<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    serde_yaml::from_str(text).map_err(|e| {
        let full = e.to_string();
        explain_yaml_error(text, &full, e.location().map(|l| l.index()))
    })
}

/// Parses the header of a page, with errors located in the original file.
pub fn parse(path: &Path, source: &Arc<str>, split: &Split<'_>) -> Result<FrontMatter, Diagnostic> {
    if split.front.trim().is_empty() {
        return Err(
            Diagnostic::error("the front matter is empty: a `title` is required")
                .at(Location::at_offset(path, source, split.front_offset))
                .hint("add a line such as `title: Article 5, explained`"),
        );
    }
    let front = fast::parse(split.front).map_or_else(|| parse_yaml::<FrontMatter>(split.front), Ok);
    let front = front.map_err(|error| {
        let offset = split.front_offset + error.index.unwrap_or(0);
        let hint = error
            .hint
            .or_else(|| hint_for_serde_message(&error.message))
            .or_else(|| generic_yaml_hint(&error.message));
        Diagnostic::error(format!("invalid front matter: {}", error.message))
            .at(Location::at_offset(path, source, offset))
            .maybe_hint(hint)
    })?;
    check_title(path, source, split, &front.title)?;
    notices::check(
        path,
        source,
        split,
        [
            ("corrections", &front.corrections),
            ("updates", &front.updates),
        ],
    )?;
    // A window that closes before it opens would never publish the page.
    if let (Some(publish), Some(expiry)) = (front.publish_date, front.expiry_date)
        && expiry.date <= publish.date
    {
        return Err(Diagnostic::error(format!(
            "expiry_date {expiry} is not after publish_date {publish}: the page would never be published"
        ))
        .at(key_location(path, source, split, "expiry_date"))
        .hint("a page is published from publish_date until the day before expiry_date; fix whichever date is wrong"));
    }
    Ok(front)
}

/// YAML's ways of writing "no value"; required text written so is a mistake.
const YAML_NULLS: &[&str] = &["~", "null", "Null", "NULL"];

/// Why required text `value` has no words, if it has none: it is empty or
/// whitespace only (`title:`, `title: ""`, `title: "  "`), or it is YAML's
/// null written bare (`title: ~`; serde_yaml hands a string field the
/// characters). `written` is the value as it stands in the file, so a quoted
/// `"~"` is text.
pub fn blank_reason(value: &str, written: &str) -> Option<&'static str> {
    if value.trim().is_empty() {
        Some("is empty")
    } else if crate::text::is_blank(value) {
        Some("is empty: it holds only invisible characters (such as a zero-width space)")
    } else if YAML_NULLS.contains(&value) && !written.starts_with(['"', '\'']) {
        Some("is YAML's null (`~` or `null`), not text")
    } else {
        None
    }
}

/// The title must have words (see [`blank_reason`]): an error at its line.
fn check_title(
    path: &Path,
    source: &Arc<str>,
    split: &Split<'_>,
    title: &str,
) -> Result<(), Diagnostic> {
    let at = key_location(path, source, split, "title");
    let Some(reason) = blank_reason(title, written_value(source, &at)) else {
        return Ok(());
    };
    Err(
        Diagnostic::error(format!("the title {reason}: every page needs a title"))
            .at(at)
            .hint(
                "write the title after `title:`, e.g. `title: Talks in Berlin` (quote it, \"~\", to mean the character)",
            ),
    )
}

fn generic_yaml_hint(message: &str) -> Option<String> {
    if message.contains("is not a date") {
        Some(crate::dates::DATE_HINT.into())
    } else if message.contains("missing field `title`") {
        Some("every page needs `title: ...`".into())
    } else if message.contains("duplicate") {
        Some("each key may appear once; remove one of them".into())
    } else if message.contains("recursion limit") || message.contains("repetition limit") {
        Some(
            "the YAML nests or repeats too deeply; front matter should be a flat list of fields"
                .into(),
        )
    } else if message.contains("end of stream") {
        Some("a quote or bracket opened above is never closed".into())
    } else if message.contains("cannot start any token") {
        Some("quote values that start with `@`, `%` or a backtick, e.g. title: \"@home\"".into())
    } else if message.contains("expected a sequence") {
        Some("write a list, e.g. `actors: [trump, putin]`".into())
    } else if message.contains("mapping values are not allowed")
        || message.contains("did not find expected")
    {
        Some("a value containing `: ` or starting with a quote must be quoted, e.g. title: \"Talks: day one\"".into())
    } else {
        None
    }
}

#[cfg(test)]
mod tests;
