//! Front matter: split a Markdown file into its YAML header and body, then
//! deserialize the header into typed [`FrontMatter`]. All YAML goes through
//! [`parse_yaml`], so a maintained serde_yaml fork can replace it in one place.
//! Errors point at the line and column in the original file.

use std::fmt;
use std::path::Path;
use std::sync::Arc;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::dates::PartialDate;
use crate::diagnostics::{Diagnostic, Location, hint_for_serde_message};

mod notices;
mod yaml_errors;
pub use notices::{Notice, NoticeView};
pub use yaml_errors::{YamlError, explain_yaml_error};

/// A file's text cut into header and body, with their byte offsets in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split<'a> {
    pub front: &'a str,
    pub front_offset: usize,
    pub body: &'a str,
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
    Happened,
    Reported,
    Expected,
}

impl Status {
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
    Person,
    State,
    Organisation,
    Group,
}

/// Everything a page or section may declare. Unknown keys are errors.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// Required, and must have words: empty, blank or null is an error.
    pub title: String,
    pub description: Option<String>,
    pub date: Option<PartialDate>,
    pub updated: Option<PartialDate>,
    pub reviewed: Option<PartialDate>,
    #[serde(default)]
    pub draft: bool,
    pub weight: Option<i64>,
    pub slug: Option<String>,
    pub template: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Free-form values for themes; a key written twice at any depth is an error.
    #[serde(default, deserialize_with = "unique_keys_map")]
    pub extra: serde_json::Map<String, serde_json::Value>,
    #[serde(default)]
    pub actors: Vec<String>,
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// Terms of the `topics` taxonomy (see [`crate::taxonomy`]).
    #[serde(default)]
    pub topics: Vec<String>,
    pub end_date: Option<PartialDate>,
    pub status: Option<Status>,
    pub location: Option<String>,
    pub name: Option<String>,
    pub kind: Option<ActorKind>,
    pub role: Option<String>,
    pub affiliation: Option<String>,
    /// Issue 13: dated corrections and substantive updates (see `notices.rs`).
    #[serde(default)]
    pub corrections: Vec<Notice>,
    #[serde(default)]
    pub updates: Vec<Notice>,
    /// Scheduling (see [`crate::schedule`]): whole days only.
    #[serde(default, deserialize_with = "whole_day")]
    pub publish_date: Option<PartialDate>,
    #[serde(default, deserialize_with = "whole_day")]
    pub expiry_date: Option<PartialDate>,
}

/// A date that must name a day (`2026-01-05` or an RFC 3339 date-time),
/// read by [`crate::dates::parse_whole_day`]; the error points at the value.
fn whole_day<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<PartialDate>, D::Error> {
    struct Day;
    impl Visitor<'_> for Day {
        type Value = PartialDate;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a whole day, YYYY-MM-DD, or an RFC 3339 date-time")
        }
        fn visit_str<E: de::Error>(self, value: &str) -> Result<PartialDate, E> {
            crate::dates::parse_whole_day(value).map_err(E::custom)
        }
        fn visit_u64<E: de::Error>(self, value: u64) -> Result<PartialDate, E> {
            self.visit_str(&value.to_string())
        }
        fn visit_i64<E: de::Error>(self, value: i64) -> Result<PartialDate, E> {
            self.visit_str(&value.to_string())
        }
    }
    deserializer.deserialize_str(Day).map(Some)
}

/// Deserializes a map of free-form values (`extra:`) refusing a key written
/// twice in it or in any map inside it: serde_json's map would silently keep
/// the last. The error reads "duplicate key `k`"; serde_yaml places it at the
/// mapping and [`parse_yaml`] moves it to the repeated key.
fn unique_keys_map<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<serde_json::Map<String, serde_json::Value>, D::Error> {
    deserializer
        .deserialize_map(UniqueVisitor)
        .and_then(|value| match value {
            serde_json::Value::Object(map) => Ok(map),
            _ => Err(de::Error::custom("expected a map")),
        })
}

/// A JSON value whose maps, at every depth, have no repeated key.
struct UniqueValue(serde_json::Value);

impl<'de> Deserialize<'de> for UniqueValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(UniqueVisitor).map(UniqueValue)
    }
}

struct UniqueVisitor;

impl<'de> Visitor<'de> for UniqueVisitor {
    type Value = serde_json::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(v.into())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(v.into())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(v.into())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(serde_json::Value::Null, Into::into))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(v.into())
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some(UniqueValue(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(items.into())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.contains_key(&key) {
                return Err(de::Error::custom(format!("duplicate key `{key}`")));
            }
            let UniqueValue(value) = map.next_value()?;
            out.insert(key, value);
        }
        Ok(out.into())
    }
}

impl FrontMatter {
    /// Whether a field is set, by its front-matter name: text must have
    /// words (an empty or whitespace-only value counts as not set), lists an
    /// item. Section schemas check their `required` fields with it.
    pub fn has(&self, field: &str) -> bool {
        let text =
            |value: &Option<String>| value.as_deref().is_some_and(|v| !crate::text::is_blank(v));
        match field {
            "title" => !crate::text::is_blank(&self.title),
            "description" => text(&self.description),
            "date" => self.date.is_some(),
            "updated" => self.updated.is_some(),
            "reviewed" => self.reviewed.is_some(),
            "weight" => self.weight.is_some(),
            "actors" => !self.actors.is_empty(),
            "sources" => !self.sources.is_empty(),
            "tags" => !self.tags.is_empty(),
            "topics" => !self.topics.is_empty(),
            "end_date" => self.end_date.is_some(),
            "status" => self.status.is_some(),
            "location" => text(&self.location),
            "name" => text(&self.name),
            "kind" => self.kind.is_some(),
            "role" => text(&self.role),
            "affiliation" => text(&self.affiliation),
            _ => false,
        }
    }
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
    let front = parse_yaml::<FrontMatter>(split.front).map_err(|error| {
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

/// The text after `key:` on the line of `at`, as written.
pub fn written_value<'a>(source: &'a str, at: &Location) -> &'a str {
    let offset = crate::diagnostics::offset_of(source, at.line, at.column);
    let line = source[offset..].lines().next().unwrap_or("");
    line.split_once(':').map_or("", |(_, value)| value.trim())
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

/// Finds `key:` at the start of a line in the header, for errors raised after
/// parsing: a top-level key first, then one at any depth, else the header's start.
pub fn key_location(path: &Path, source: &Arc<str>, split: &Split<'_>, key: &str) -> Location {
    find_key(split, key, true)
        .or_else(|| find_key(split, key, false))
        .map_or_else(
            || Location::at_offset(path, source, split.front_offset),
            |offset| Location::at_offset(path, source, offset),
        )
}

/// Where a top-level `key:` is written in the header, if it is.
pub fn written_key_location(
    path: &Path,
    source: &Arc<str>,
    split: &Split<'_>,
    key: &str,
) -> Option<Location> {
    find_key(split, key, true).map(|offset| Location::at_offset(path, source, offset))
}

/// The file offset of the first line holding `key:` (only unindented ones
/// when `top_level`).
fn find_key(split: &Split<'_>, key: &str, top_level: bool) -> Option<usize> {
    let mut offset = split.front_offset;
    for line in split.front.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if (!top_level || indent == 0)
            && trimmed.starts_with(key)
            && trimmed[key.len()..].trim_start().starts_with(':')
        {
            return Some(offset + indent);
        }
        offset += line.len();
    }
    None
}

/// Finds `value` inside the header after `key:`, for reference errors.
pub fn value_location(
    path: &Path,
    source: &Arc<str>,
    split: &Split<'_>,
    key: &str,
    value: &str,
) -> Location {
    nth_value_location(path, source, split, key, value, 0)
}

/// Like [`value_location`], for the `nth` (from 0) time `value` is written
/// after `key:` (the second `nato` of `actors: [nato, nato]`).
pub fn nth_value_location(
    path: &Path,
    source: &Arc<str>,
    split: &Split<'_>,
    key: &str,
    value: &str,
    nth: usize,
) -> Location {
    let key_at = key_location(path, source, split, key);
    let key_offset = crate::diagnostics::offset_of(source, key_at.line, key_at.column);
    let front_end = split.front_offset + split.front.len();
    match source[key_offset..front_end].match_indices(value).nth(nth) {
        Some((i, _)) => Location::at_offset(path, source, key_offset + i),
        None => key_at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_header_hint_keeps_the_written_order() {
        let hint = split_hint(
            "+++\ntitle = \"T\"\ndate = 2025-12-14\nweight = 3\ndescription = \"D\"\n[extra]\nzeta = 1\nalpha = 2\n+++\nBody\n",
        );
        let keys: Vec<&str> = hint
            .lines()
            .filter_map(|line| line.split_once(':').map(|(key, _)| key.trim()))
            .collect();
        assert_eq!(
            keys,
            [
                "write the header as YAML",
                "title",
                "date",
                "weight",
                "description",
                "extra",
                "zeta",
                "alpha"
            ]
        );
    }

    pub(super) fn parse_text(text: &str) -> Result<FrontMatter, Diagnostic> {
        let source: Arc<str> = Arc::from(text);
        let split = split(&source).map_err(|(m, _)| Diagnostic::error(m))?;
        parse(Path::new("a.md"), &source, &split)
    }

    #[test]
    fn can_split_with_bom_and_crlf() {
        let text = "\u{feff}---\r\ntitle: A\r\n---\r\nBody\r\n";
        let split = split(text).unwrap();
        assert_eq!(split.front, "title: A\r\n");
        assert_eq!(split.body, "Body\r\n");
        assert_eq!(&text[split.body_offset..], "Body\r\n");
        assert_eq!(parse_text(text).unwrap().title, "A");
    }

    #[test]
    fn errors_on_missing_or_unclosed_fences_and_empty_files() {
        assert!(split("").unwrap_err().0.contains("empty"));
        assert!(
            split("# Title\n")
                .unwrap_err()
                .0
                .contains("no front matter")
        );
        assert!(split("---\ntitle: x\n").unwrap_err().0.contains("closing"));
    }

    #[test]
    fn errors_on_unknown_field_at_its_line_with_hint() {
        let error = parse_text("---\ntitle: A\ntitel: B\n---\n").unwrap_err();
        let location = error.location.clone().unwrap();
        assert_eq!((location.line, location.column), (3, 1));
        assert_eq!(error.hint.as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn errors_on_impossible_date_at_its_line() {
        let error = parse_text("---\ntitle: A\ndate: 2025-13-45\n---\n").unwrap_err();
        assert_eq!(error.location.unwrap().line, 3);
        assert!(error.message.contains("month 13"), "{}", error.message);
    }

    #[test]
    fn errors_on_duplicate_keys_and_alias_bombs() {
        let duplicate = parse_text("---\ntitle: A\ndate: 2025\ntitle: B\n---\n").unwrap_err();
        assert_eq!(duplicate.location.unwrap().line, 4);
        let bomb = "---\ntitle: A\nextra:\n  a: &a [x, x, x, x, x, x, x, x, x]\n  b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n  c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n  d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n  e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n  f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n  g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n  h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n---\n";
        assert!(parse_text(bomb).is_err());
    }

    #[test]
    fn can_locate_keys_and_values() {
        let text = "---\ntitle: A\nactors: [trump, putn]\n---\n";
        let source: Arc<str> = Arc::from(text);
        let split = split(&source).unwrap();
        let at = value_location(Path::new("a.md"), &source, &split, "actors", "putn");
        assert_eq!((at.line, at.column), (3, 17));
    }

    /// The error's line and column, message and hint.
    fn error_of(text: &str) -> (usize, usize, String, String) {
        let error = parse_text(text).unwrap_err();
        let at = error.location.clone().unwrap();
        (
            at.line,
            at.column,
            error.message,
            error.hint.unwrap_or_default(),
        )
    }

    #[test]
    fn a_key_repeated_in_complex_form_is_reported_at_the_repeat() {
        let cases = [
            (
                "---\ntitle: A\n? weight\n: 1\nweight: 2\n---\n",
                (5, 1),
                "`? weight`",
            ),
            (
                "---\ntitle: A\nweight: 1\n? weight\n: 2\n---\n",
                (4, 1),
                "`weight: 1`",
            ),
            (
                "---\ntitle: A\nextra:\n  ? a\n  : 1\n  a: 2\n---\n",
                (6, 3),
                "`? a`",
            ),
            (
                "---\ntitle: A\nextra:\n  ? 'a'\n  : 1\n  ? a # again\n  : 2\n---\n",
                (6, 3),
                "`? 'a'`",
            ),
        ];
        for (text, at, first) in cases {
            let (line, column, said, hint) = error_of(text);
            assert_eq!((line, column), at, "{text:?}: {said}");
            assert!(said.contains("duplicate"), "{text:?}: {said}");
            assert!(hint.contains(first), "{text:?}: {hint}");
        }
    }

    #[test]
    fn errors_on_a_publication_window_that_never_opens() {
        for (publish, expiry) in [("2025-12-25", "2025-12-22"), ("2025-12-25", "2025-12-25")] {
            let error = parse_text(&format!(
                "---\ntitle: A\npublish_date: {publish}\nexpiry_date: {expiry}\n---\n"
            ))
            .unwrap_err();
            assert_eq!(error.location.unwrap().line, 4);
            assert!(
                error.message.contains("never be published"),
                "{}",
                error.message
            );
        }
        assert!(
            parse_text("---\ntitle: A\npublish_date: 2025-12-20\nexpiry_date: 2025-12-21\n---\n")
                .is_ok()
        );
    }

    #[test]
    fn errors_on_empty_titles_at_their_line() {
        for text in [
            "---\ntitle:\n---\n",
            "---\ntitle: \"\"\n---\n",
            "---\ntitle: ''\n---\n",
            "---\ntitle: \"   \"\n---\n",
            "---\ntitle: \"\\t\"\n---\n",
            "---\ndate: 2025\ntitle:   \ndescription: x\n---\n",
            "---\ntitle: |\n\n---\n",
        ] {
            let (line, column, message, hint) = error_of(text);
            let title_line = text.lines().position(|l| l.starts_with("title")).unwrap() + 1;
            assert_eq!((line, column), (title_line, 1), "{text:?}");
            assert!(
                message.contains("the title is empty"),
                "{text:?}: {message}"
            );
            assert!(hint.contains("title: Talks in Berlin"), "{hint}");
        }
    }

    #[test]
    fn errors_on_a_null_title_but_not_a_quoted_one() {
        for text in [
            "---\ntitle: ~\n---\n",
            "---\ntitle: null\n---\n",
            "---\ntitle: NULL # x\n---\n",
        ] {
            let (line, _, message, _) = error_of(text);
            assert_eq!(line, 2, "{text:?}");
            assert!(message.contains("YAML's null"), "{text:?}: {message}");
        }
        assert_eq!(parse_text("---\ntitle: \"~\"\n---\n").unwrap().title, "~");
        assert_eq!(
            parse_text("---\ntitle: 'null'\n---\n").unwrap().title,
            "null"
        );
        assert_eq!(
            parse_text("---\ntitle: Nullarbor\n---\n").unwrap().title,
            "Nullarbor"
        );
    }

    #[test]
    fn errors_on_repeated_keys_at_any_depth_at_the_repeat() {
        let cases = [
            (
                "---\ntitle: A\nextra:\n  a: 1\n  b: 2\n  a: 3\n---\n",
                6,
                3,
                "`a`",
            ),
            (
                "---\ntitle: A\nextra:\n  a: 1\n  # note\n  \"a\": 3\n---\n",
                6,
                3,
                "`a`",
            ),
            (
                "---\ntitle: A\nextra:\n  box:\n    x: 1\n    y:\n      z: 1\n    x: 2\n---\n",
                8,
                5,
                "`x`",
            ),
            (
                "---\ntitle: A\nextra:\n  box:\n    x: 1\n  x: 2\n  list:\n    - k: 1\n      k: 2\n---\n",
                9,
                7,
                "`k`",
            ),
            (
                "---\ntitle: A\nextra: {a: 1, b: {a: 2}, a: 3}\n---\n",
                3,
                26,
                "`a`",
            ),
            (
                "---\ntitle: A\nextra:\n  x: 1\n  1: a\n  '1': b\n---\n",
                6,
                3,
                "`1`",
            ),
            (
                "---\ntitle: A\ndate: 2025\ntitle: B\n---\n",
                4,
                1,
                "`title`",
            ),
        ];
        for (text, line, column, key) in cases {
            let (at_line, at_column, message, hint) = error_of(text);
            assert_eq!((at_line, at_column), (line, column), "{text:?}: {message}");
            assert!(
                message.contains("duplicate") && message.contains(key),
                "{message}"
            );
            assert!(hint.contains("is already set above (`"), "{hint}");
        }
        let front = parse_text(
            "---\ntitle: A\nextra:\n  a: {x: 1}\n  b: {x: 2}\n  c: [{x: 1}, {x: 1}]\n---\n",
        )
        .unwrap();
        assert_eq!(front.extra["c"][1]["x"], 1);
    }

    #[test]
    fn points_at_where_an_unclosed_quote_or_bracket_opens() {
        let cases = [
            (
                "---\ntitle: \"An unclosed quote\ndate: 2025-12-15\n---\n",
                2,
                8,
                "quote `\"`",
            ),
            (
                "---\ntitle: 'Single\ndate: 2025-12-15\nweight: 1\n---\n",
                2,
                8,
                "quote `'`",
            ),
            (
                "---\ntitle: A\nactors: [a, b\ndate: 2025-12-15\n---\n",
                3,
                9,
                "bracket `[`",
            ),
            (
                "---\ntitle: A\nextra: {a: 1\ndate: 2025-12-15\n---\n",
                3,
                8,
                "brace `{`",
            ),
            (
                "---\ntitle: A\nextra:\n  a: {b: 1}\n  c: [1, 2\n---\n",
                5,
                6,
                "bracket `[`",
            ),
        ];
        for (text, line, column, what) in cases {
            let (at_line, at_column, message, _) = error_of(text);
            assert_eq!((at_line, at_column), (line, column), "{text:?}: {message}");
            assert!(
                message.contains(what) && message.contains("never closed"),
                "{message}"
            );
        }
    }

    #[test]
    fn names_tabs_and_missing_colons() {
        for (text, line) in [
            ("---\ntitle: A\nextra:\n\ta: 1\n---\n", 4),
            ("---\n\ttitle: A\n---\n", 2),
            ("---\ntitle: A\nextra:\n  a: 1\n\tb: 2\n---\n", 5),
        ] {
            let (at_line, at_column, message, hint) = error_of(text);
            assert_eq!((at_line, at_column), (line, 1), "{text:?}: {message}");
            assert!(message.contains("tab is used for indentation"), "{message}");
            assert!(hint.contains("spaces"), "{hint}");
        }
        let (line, column, message, _) = error_of("---\ntitle: A\ndate 2025\nweight: 1\n---\n");
        assert_eq!((line, column), (3, 1), "{message}");
        assert!(message.contains("`date 2025` has no `:`"), "{message}");
    }

    #[test]
    fn hints_to_quote_values_that_start_with_a_bracket() {
        let cases = [
            (
                "---\ntitle: [Draft] Berlin talks\n---\n",
                "title: \"[Draft] Berlin talks\"",
            ),
            (
                "---\ntitle: A\ndescription: {draft} \"x\"\n---\n",
                "description: '{draft} \"x\"'",
            ),
            (
                "---\ntitle: A\nlocation: [Berlin]\n---\n",
                "location: \"[Berlin]\"",
            ),
        ];
        for (text, quoted) in cases {
            let (_, _, _, hint) = error_of(text);
            assert!(hint.contains("is a YAML list or map; quote it"), "{hint}");
            assert!(hint.ends_with(quoted), "{hint} should end with {quoted}");
        }
        // A list where a list belongs is no mistake.
        assert!(parse_text("---\ntitle: A\ntags: [a, b]\n---\n").is_ok());
    }

    #[test]
    fn names_toml_front_matter_and_converts_it() {
        let text = "+++\ntitle = \"Page\"\ndate = 2025-12-14\nweight = 30\ntags = [\"a\", \"b\"]\n\n[extra]\nlead = \"Hi: there\"\n+++\nBody\n";
        let (message, offset) = split(text).unwrap_err();
        assert_eq!((message.as_str(), offset), (TOML_FRONT_MATTER, 0));
        let hint = split_hint(text);
        let yaml = hint
            .strip_prefix("write the header as YAML:\n---\n")
            .and_then(|rest| rest.strip_suffix("---"))
            .unwrap();
        let front: FrontMatter = serde_yaml::from_str(yaml).unwrap();
        assert_eq!(front.title, "Page");
        assert_eq!(front.date.unwrap().iso(), "2025-12-14");
        assert_eq!(front.weight, Some(30));
        assert_eq!(front.tags, ["a", "b"]);
        assert_eq!(front.extra["lead"], "Hi: there");
        // With a BOM, and when the TOML itself is broken: still named, a generic hint.
        assert_eq!(
            split("\u{feff}+++\ntitle = \n+++\n").unwrap_err().0,
            TOML_FRONT_MATTER
        );
        assert!(split_hint("+++\ntitle = \n+++\n").starts_with("a page starts with"));
        assert!(split_hint("+++\ntitle = \"x\"\n").starts_with("a page starts with"));
    }

    #[test]
    fn blank_text_does_not_count_as_set() {
        let front = parse_text(
            "---\ntitle: A\nname: \"\"\nrole: \"  \"\nlocation: ~\naffiliation: x\ndescription:\nactors: []\n---\n",
        )
        .unwrap();
        for field in ["name", "role", "location", "description", "actors", "kind"] {
            assert!(!front.has(field), "{field}");
        }
        assert!(front.has("affiliation") && front.has("title"));
        let invisible = parse_text(
            "---\ntitle: A\nname: \"\\u200b\"\nrole: \"\\ufeff \\u00ad\"\ndescription: \"\\u2060\\u200d\"\nlocation: \"\\u200bBerlin\"\n---\n",
        )
        .unwrap();
        for field in ["name", "role", "description"] {
            assert!(!invisible.has(field), "{field}");
        }
        assert!(invisible.has("location"));
        for title in [
            "\"\\u200b\"",
            "\"\\ufeff\"",
            "\"\\u2060\\u200d\"",
            "\"\\u00ad\"",
        ] {
            let (line, _, said, _) = error_of(&format!("---\ntitle: {title}\n---\n"));
            assert_eq!(line, 2, "{title}");
            assert!(
                said.contains("only invisible characters"),
                "{title}: {said}"
            );
        }
        let text = "---\ntitle: A\nextra:\n  name: x\nname: \"\"\n---\n";
        let source: Arc<str> = Arc::from(text);
        let split = split(&source).unwrap();
        let at = written_key_location(Path::new("a.md"), &source, &split, "name").unwrap();
        assert_eq!((at.line, at.column), (5, 1));
        assert!(written_key_location(Path::new("a.md"), &source, &split, "role").is_none());
    }

    #[test]
    fn locates_mistakes_after_non_ascii_text() {
        let cases = [
            (
                "---\ntitle: Überblick\nextra:\n  ä: «1»\n  ä: 2\n---\n",
                5,
                3,
                "duplicate key `ä`",
            ),
            ("---\ntitle: «Über»\nextra:\n\tä: 1\n---\n", 4, 1, "tab"),
            (
                "---\ntitle: Ünterwegs\ndescription: \"«offen\ndate: 2025\n---\n",
                3,
                14,
                "never closed",
            ),
            (
                "---\ntitle: Ü\nwörter ohne Doppelpunkt\nweight: 1\n---\n",
                3,
                1,
                "has no `:`",
            ),
            (
                "---\ntitle: [Entwurf] Gespräche\n---\n",
                2,
                8,
                "invalid type",
            ),
            (
                "---\ntitle: Ü\ndate: 2025-12-14 bis 2025-12-15\n---\n",
                3,
                7,
                "is not a date",
            ),
        ];
        for (text, line, column, message) in cases {
            let (at_line, at_column, said, _) = error_of(text);
            assert_eq!((at_line, at_column), (line, column), "{text:?}: {said}");
            assert!(said.contains(message), "{text:?}: {said}");
        }
        assert!(
            split_hint("+++\ntitle = \"Gespräche «x»\"\n+++\n").contains("title: Gespräche «x»")
        );
    }

    #[test]
    fn explains_layout_and_quoting_mistakes() {
        let cases = [
            (
                "---\ntitle: A\nextra:\n  a: 1\n b: 2\n---\n",
                (5, 2),
                "`b: 2` is indented differently",
                "",
            ),
            (
                "---\ntitle: A\n date: 2025\n---\n",
                (3, 2),
                "`date: 2025` is indented under `title: A`",
                "",
            ),
            (
                "---\ntitle: A\nweight: 1\n  extra: x\n---\n",
                (4, 3),
                "`extra: x` is indented under `weight: 1`",
                "a line indented under a value continues it",
            ),
            (
                "---\ntitle: A\ndraft: false\n    description: x\n---\n",
                (4, 5),
                "`description: x` is indented under `draft: false`",
                "",
            ),
            (
                "---\ntitle: A\ndate: 2025-12-14\n\n  end_date: 2025\n---\n",
                (5, 3),
                "`end_date: 2025` is indented under `date: 2025-12-14`",
                "",
            ),
            (
                "---\ntitle: A\nstatus: happened\n  location: Berlin\n---\n",
                (4, 3),
                "`location: Berlin` is indented under `status: happened`",
                "",
            ),
            (
                "---\ntitle: A\nweight: 1.5\n  x\n---\n",
                (4, 3),
                "`x` is indented under `weight: 1.5`",
                "",
            ),
            (
                "---\ntitle: Talks: day one\n---\n",
                (2, 13),
                "holds `: `",
                "quote the whole value: title: \"Talks: day one\"",
            ),
            (
                "---\ntitle: @home\n---\n",
                (2, 8),
                "may not start with `@`",
                "title: \"@home\"",
            ),
            (
                "---\ntitle: `code` x\n---\n",
                (2, 8),
                "may not start with a backtick",
                "title: \"`code` x\"",
            ),
            (
                "---\ntitle: \"A\" and B\n---\n",
                (2, 12),
                "goes on after its closing quote",
                "title: '\"A\" and B'",
            ),
            (
                "---\ntitle: 'It''s' \"x\" y\n---\n",
                (2, 16),
                "goes on after its closing quote",
                "title: \"'It''s' \\\"x\\\" y\"",
            ),
        ];
        for (text, at, message, hint) in cases {
            let (line, column, said, hinted) = error_of(text);
            assert_eq!((line, column), at, "{text:?}: {said}");
            assert!(said.contains(message), "{text:?}: {said}");
            assert!(hinted.ends_with(hint), "{text:?}: {hinted}");
        }
        // No quoting hint where the line is not `key: value`.
        let (_, _, _, hint) = error_of("---\ntitle: A\ntags: [a, [b]\n---\n");
        assert!(!hint.contains("quote it"), "{hint}");
    }
}
