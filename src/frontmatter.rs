//! Front matter: split a Markdown file into its YAML header and body, then
//! deserialize the header into typed [`FrontMatter`]. All YAML goes through
//! [`parse_yaml`], so a maintained serde_yaml fork can replace it in one place.
//! Errors point at the line and column in the original file.

use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::dates::PartialDate;
use crate::diagnostics::{Diagnostic, Location, hint_for_serde_message};

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
    #[serde(default)]
    pub extra: serde_json::Map<String, serde_json::Value>,
    #[serde(default)]
    pub actors: Vec<String>,
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    pub end_date: Option<PartialDate>,
    pub status: Option<Status>,
    pub location: Option<String>,
    pub name: Option<String>,
    pub kind: Option<ActorKind>,
    pub role: Option<String>,
    pub affiliation: Option<String>,
}

impl FrontMatter {
    /// Whether an optional field is set, by its front-matter name.
    pub fn has(&self, field: &str) -> bool {
        match field {
            "title" => !self.title.is_empty(),
            "description" => self.description.is_some(),
            "date" => self.date.is_some(),
            "updated" => self.updated.is_some(),
            "reviewed" => self.reviewed.is_some(),
            "weight" => self.weight.is_some(),
            "actors" => !self.actors.is_empty(),
            "sources" => !self.sources.is_empty(),
            "tags" => !self.tags.is_empty(),
            "end_date" => self.end_date.is_some(),
            "status" => self.status.is_some(),
            "location" => self.location.is_some(),
            "name" => self.name.is_some(),
            "kind" => self.kind.is_some(),
            "role" => self.role.is_some(),
            "affiliation" => self.affiliation.is_some(),
            _ => false,
        }
    }
}

/// Deserializes YAML text. The one place the YAML library is named.
pub fn parse_yaml<T: serde::de::DeserializeOwned>(
    text: &str,
) -> Result<T, (String, Option<usize>)> {
    serde_yaml::from_str(text).map_err(|e| {
        let index = e.location().map(|l| l.index());
        let mut message = e.to_string();
        // serde_yaml appends " at line X column Y"; we print our own location.
        if let Some(cut) = message.find(" at line ") {
            message.truncate(cut);
        }
        (message, index)
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
    parse_yaml::<FrontMatter>(split.front).map_err(|(message, index)| {
        let offset = duplicate_key_offset(&message, split)
            .unwrap_or(split.front_offset + index.unwrap_or(0));
        let hint = hint_for_serde_message(&message).or_else(|| generic_yaml_hint(&message));
        Diagnostic::error(format!("invalid front matter: {message}"))
            .at(Location::at_offset(path, source, offset))
            .maybe_hint(hint)
    })
}

/// serde_yaml points a duplicate key at its mapping; point at the repeated key instead.
fn duplicate_key_offset(message: &str, split: &Split<'_>) -> Option<usize> {
    let key = message
        .strip_prefix("duplicate field `")?
        .split('`')
        .next()?;
    let mut offset = split.front_offset;
    let mut seen = false;
    for line in split.front.split_inclusive('\n') {
        let is_key = line
            .strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with(':'));
        if is_key && seen {
            return Some(offset);
        }
        seen |= is_key;
        offset += line.len();
    }
    None
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
        Some(
            "indent YAML with spaces, not tabs, and quote values that start with `@` or a backtick"
                .into(),
        )
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

/// Finds `key:` at the start of a line in the header, for errors raised after parsing.
pub fn key_location(path: &Path, source: &Arc<str>, split: &Split<'_>, key: &str) -> Location {
    let mut offset = split.front_offset;
    for line in split.front.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with(key) && trimmed[key.len()..].trim_start().starts_with(':') {
            let indent = line.len() - trimmed.len();
            return Location::at_offset(path, source, offset + indent);
        }
        offset += line.len();
    }
    Location::at_offset(path, source, split.front_offset)
}

/// Finds `value` inside the header after `key:`, for reference errors.
pub fn value_location(
    path: &Path,
    source: &Arc<str>,
    split: &Split<'_>,
    key: &str,
    value: &str,
) -> Location {
    let key_at = key_location(path, source, split, key);
    let key_offset = crate::diagnostics::offset_of(source, key_at.line, key_at.column);
    let front_end = split.front_offset + split.front.len();
    match source[key_offset..front_end].find(value) {
        Some(i) => Location::at_offset(path, source, key_offset + i),
        None => key_at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<FrontMatter, Diagnostic> {
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
}
