//! The source list (`sources.yaml`): every publication the site cites, with
//! publisher, author, date, title, URL, access date and an optional sha256 of
//! the archived text that quotes are checked against.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::dates::PartialDate;
use crate::diagnostics::{Diagnostic, Errors, Location, Result, hint_for_serde_message, io_error};
use crate::frontmatter::{blank_reason, parse_yaml, written_value};

/// One cited publication.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The id pages cite it by (`[@id]`, `sources:`).
    pub id: String,
    /// Who published it.
    pub publisher: String,
    /// Who wrote it, if known.
    pub author: Option<String>,
    /// When it was published (same forms as a page's `date`).
    pub date: Option<PartialDate>,
    /// Its title.
    pub title: String,
    /// Where it is online, if it is.
    pub url: Option<String>,
    /// When it was last read.
    pub accessed: Option<PartialDate>,
    /// The SHA-256 of the archived text, hex; `check --archive` verifies it.
    pub sha256: Option<String>,
    /// A free-form note.
    pub note: Option<String>,
}

/// All sources, by id, with where each was declared.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// Each source, by id.
    pub by_id: BTreeMap<String, Source>,
    /// The id's location in the sources file, for errors about the entry.
    pub declared_at: BTreeMap<String, Location>,
}

impl Sources {
    /// Loads the list; a missing file is an empty list.
    pub fn load(path: &Path) -> Result<Sources> {
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Sources::default()),
            Err(e) => return Err(io_error("read", path, &e).into()),
        };
        Sources::parse(path, &crate::text::decode(path, bytes)?)
    }

    /// Parses `text`, the contents of the sources file `path`; every problem is
    /// reported, each at its line.
    pub fn parse(path: &Path, text: &str) -> Result<Sources> {
        let source: Arc<str> = Arc::from(text);
        if text.trim().is_empty() {
            return Ok(Sources::default());
        }
        let list: Vec<Source> = parse_yaml(text).map_err(|error| {
            let message = entry_path_in_words(&error.message);
            Diagnostic::error(format!("invalid source list: {message}"))
                .at(Location::at_offset(path, &source, error.index.unwrap_or(0)))
                .maybe_hint(
                    error
                        .hint
                        .or_else(|| hint_for_serde_message(&message))
                        .or_else(|| {
                            if message.contains("is not a date") {
                                return Some(crate::dates::DATE_HINT.into());
                            }
                            Some(
                        "the file is a YAML list of entries with id, publisher, title, url, date"
                            .into(),
                    )
                        }),
                )
        })?;
        let mut sources = Sources::default();
        let mut errors = Vec::new();
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        for (index, entry) in list.into_iter().enumerate() {
            let nth = seen.entry(entry.id.clone()).or_insert(0);
            let at = locate_id(path, &source, &entry.id, *nth);
            *nth += 1;
            let id_at = locate_nth_id_key(path, &source, index);
            let written = id_at.as_ref().map_or("", |at| written_value(&source, at));
            if let Some(reason) = blank_reason(&entry.id, written) {
                errors.push(
                    Diagnostic::error(format!(
                        "the id of source {} {reason}",
                        index + 1
                    ))
                    .at(id_at.unwrap_or(at))
                    .hint("write an id after `id:` (letters, digits, `-`, `_` and `.`), e.g. `id: reuters-2025-12-14`; pages cite it in `sources:`"),
                );
                continue;
            }
            if !entry
                .id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
            {
                errors.push(
                    Diagnostic::error(format!(
                        "source id `{}` may only use letters, digits, `-`, `_` and `.`",
                        entry.id
                    ))
                    .at(at.clone()),
                );
            }
            for (field, value) in [("publisher", &entry.publisher), ("title", &entry.title)] {
                let field_at = locate_field(path, &source, &at, field);
                if let Some(reason) = blank_reason(value, written_value(&source, &field_at)) {
                    errors.push(
                        Diagnostic::error(format!(
                            "the {field} of source `{}` {reason}",
                            entry.id
                        ))
                        .at(field_at)
                        .hint(format!("write the {field} after `{field}:`; every source needs a publisher and a title")),
                    );
                }
            }
            if let Some(sha) = &entry.sha256
                && (sha.len() != 64 || !sha.bytes().all(|b| b.is_ascii_hexdigit()))
            {
                errors.push(
                    Diagnostic::error(format!(
                        "sha256 of source `{}` is not 64 hex digits",
                        entry.id
                    ))
                    .at(at.clone())
                    .hint("compute it with `sha256sum ARCHIVE/ID.txt`"),
                );
            }
            if sources.by_id.contains_key(&entry.id) {
                errors.push(
                    Diagnostic::error(format!("source id `{}` is declared twice", entry.id))
                        .at(at.clone()),
                );
                continue;
            }
            sources.declared_at.insert(entry.id.clone(), at);
            sources.by_id.insert(entry.id.clone(), entry);
        }
        Errors::check(errors)?;
        Ok(sources)
    }

    /// The source with id `id`, if declared.
    pub fn get(&self, id: &str) -> Option<&Source> {
        self.by_id.get(id)
    }

    /// Every declared id, sorted.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.by_id.keys().map(String::as_str)
    }
}

/// serde_yaml names a place in the list as `.[0].date: `; say "entry 1, date: ".
fn entry_path_in_words(message: &str) -> String {
    let Some((index, rest)) = message
        .strip_prefix(".[")
        .and_then(|rest| rest.split_once(']'))
    else {
        return message.to_string();
    };
    let Ok(index) = index.parse::<usize>() else {
        return message.to_string();
    };
    match rest.strip_prefix('.') {
        Some(field) => format!("entry {}, {field}", index + 1),
        None => format!("entry {}{rest}", index + 1),
    }
}

/// Where `field:` stands in the entry whose id is at `id_at` (the id's own
/// place when the field is not written on a line of its own).
fn locate_field(path: &Path, source: &Arc<str>, id_at: &Location, field: &str) -> Location {
    let id_offset = crate::diagnostics::offset_of(source, id_at.line, id_at.column);
    // The entry runs from its `- ` line to the next one at the same indentation.
    let entry_start = source[..id_offset]
        .rfind("\n-")
        .map_or(0, |i| i + 1)
        .min(id_offset);
    let mut offset = entry_start;
    for (n, line) in source[entry_start..].split_inclusive('\n').enumerate() {
        if n > 0 && line.starts_with('-') {
            break;
        }
        let key = line.trim_start_matches(['-', ' ']);
        if key
            .strip_prefix(field)
            .is_some_and(|rest| rest.trim_start_matches(' ').starts_with(':'))
        {
            return Location::at_offset(path, source, offset + line.len() - key.len());
        }
        offset += line.len();
    }
    id_at.clone()
}

/// Where the `nth` (0-based) declaration of `id` stands, so a duplicate points at the repeat.
fn locate_id(path: &Path, source: &Arc<str>, id: &str, nth: usize) -> Location {
    let needle = format!("id: {id}");
    let ends_here = |at: &usize| {
        source[at + needle.len()..]
            .chars()
            .next()
            .is_none_or(char::is_whitespace)
    };
    let offset = source
        .match_indices(&needle)
        .map(|(at, _)| at)
        .filter(ends_here)
        .nth(nth)
        .or_else(|| source.find(id))
        .unwrap_or(0);
    Location::at_offset(path, source, offset)
}

/// Where the `id:` key of the `index`-th entry (from 0) stands: each entry
/// has one `id` key, so it is the `index`-th line whose key is `id`.
fn locate_nth_id_key(path: &Path, source: &Arc<str>, index: usize) -> Option<Location> {
    let mut offset = 0;
    let mut found = 0;
    for line in source.split_inclusive('\n') {
        let here = offset;
        offset += line.len();
        let item = line.trim_start();
        let key = item.strip_prefix('-').map_or(item, str::trim_start);
        if key
            .strip_prefix("id")
            .is_some_and(|rest| rest.trim_start().starts_with(':'))
        {
            if found == index {
                return Some(Location::at_offset(
                    path,
                    source,
                    here + (line.len() - key.len()),
                ));
            }
            found += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rendered error of parsing `text` as `s.yaml`.
    fn error_of(text: &str) -> String {
        Sources::parse(Path::new("s.yaml"), text)
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn invisible_only_publisher_and_title_are_empty() {
        for value in [
            "\"\\u200b\"",
            "\"\\ufeff\"",
            "\"\\u2060\\u200d\"",
            "\"\\u00ad \"",
        ] {
            let text = format!("- id: a\n  publisher: {value}\n  title: {value}\n");
            let errors = Sources::parse(Path::new("s.yaml"), &text).unwrap_err();
            let said: Vec<(usize, &str)> = errors
                .0
                .iter()
                .map(|e| {
                    (
                        e.location.as_ref().map_or(0, |l| l.line),
                        e.message.as_str(),
                    )
                })
                .collect();
            assert_eq!(said.len(), 2, "{value}: {said:?}");
            assert_eq!(said[0].0, 2, "{value}");
            assert!(
                said[0].1.contains("publisher of source `a` is empty"),
                "{said:?}"
            );
            assert_eq!(said[1].0, 3, "{value}");
        }
    }

    #[test]
    fn an_empty_id_is_named_at_its_line() {
        let entry = |id: &str| format!("  publisher: P\n  title: T\n- id: {id}\n");
        for id in ["\"\"", "\" \"", "\"\\u200b\"", "''", "~", ""] {
            let text = format!("- id: ok\n{}", entry(id));
            let error = Sources::parse(
                Path::new("s.yaml"),
                &format!("{text}  publisher: P\n  title: T\n"),
            )
            .unwrap_err();
            let error = &error.0[0];
            assert!(
                error.message.starts_with("the id of source 2 is"),
                "{id}: {}",
                error.message
            );
            let at = error.location.as_ref().unwrap();
            assert_eq!((at.line, at.column), (4, 3), "{id}");
        }
    }

    #[test]
    fn can_parse_source_list() {
        let text = "- id: wt\n  publisher: The Washington Times\n  title: Report\n  date: 2025-12-15\n  url: https://example.org/\n";
        let sources = Sources::parse(Path::new("sources.yaml"), text).unwrap();
        assert_eq!(sources.get("wt").unwrap().publisher, "The Washington Times");
    }

    #[test]
    fn errors_on_duplicates_unknown_fields_and_bad_sha() {
        let dup = "- id: a\n  publisher: P\n  title: T\n- id: a\n  publisher: P\n  title: T\n";
        let text = error_of(dup);
        assert!(text.contains("declared twice"), "{text}");
        assert!(text.contains("s.yaml:4:3"), "points at the repeat: {text}");
        let unknown = "- id: a\n  publisher: P\n  titel: T\n";
        let text = error_of(unknown);
        assert!(text.contains("s.yaml:3:3"), "{text}");
        let sha = "- id: a\n  publisher: P\n  title: T\n  sha256: abc\n";
        assert!(Sources::parse(Path::new("s.yaml"), sha).is_err());
    }

    #[test]
    fn errors_on_a_key_repeated_inside_an_entry_at_the_repeat() {
        let text = "- id: a\n  publisher: P\n  title: T\n- id: b\n  publisher: P\n  title: T\n  date: 2025\n  title: U\n";
        let error = error_of(text);
        assert!(error.contains("s.yaml:8:3"), "{error}");
        assert!(error.contains("duplicate field `title`"), "{error}");
        assert!(error.contains("already set above (`title: T`)"), "{error}");
    }

    #[test]
    fn dates_in_the_source_list_are_whole_values() {
        let entry = |date: &str| format!("- id: a\n  publisher: P\n  title: T\n  date: {date}\n");
        for good in ["2025", "2025-12", "2025-12-15", "2025-12-15T08:00:00-05:00"] {
            assert!(
                Sources::parse(Path::new("s.yaml"), &entry(good)).is_ok(),
                "{good}"
            );
        }
        for bad in [
            "2025-12-15 evening",
            "2025-12-15T08:00",
            "+2025",
            "15.12.2025",
        ] {
            let error = error_of(&entry(bad));
            assert!(error.contains("s.yaml:4:9"), "{bad}: {error}");
            assert!(error.contains("is not a date"), "{bad}: {error}");
            assert!(error.contains("end_date"), "{bad}: {error}");
        }
    }

    #[test]
    fn reads_a_file_with_a_bom_and_crlf() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sources.yaml");
        std::fs::write(&path, "\u{feff}- id: a\r\n  publisher: P\r\n  title: T\r\n").unwrap();
        let sources = Sources::load(&path).unwrap();
        assert_eq!(sources.get("a").unwrap().title, "T");
    }

    #[test]
    fn errors_on_blank_publisher_or_title_at_its_line() {
        let cases = [
            (
                "- id: a\n  publisher: P\n  title: \"\"\n",
                "s.yaml:3:3",
                "the title of source `a` is empty",
            ),
            (
                "- id: a\n  publisher: P\n  title: T\n- title: U\n  id: b\n  publisher:\n",
                "s.yaml:6:3",
                "the publisher of source `b` is empty",
            ),
            (
                "- id: a\n  title: \"  \"\n  publisher: P\n",
                "s.yaml:2:3",
                "the title of source `a` is empty",
            ),
            (
                "- id: a\n  publisher: ~\n  title: T\n",
                "s.yaml:2:3",
                "publisher of source `a` is YAML's null",
            ),
            (
                "- {id: a, publisher: P, title: ''}\n",
                "s.yaml:1:",
                "the title of source `a` is empty",
            ),
        ];
        for (text, at, message) in cases {
            let error = error_of(text);
            assert!(error.contains(at), "{text:?}: {error}");
            assert!(error.contains(message), "{text:?}: {error}");
        }
        assert!(
            Sources::parse(
                Path::new("s.yaml"),
                "- id: a\n  publisher: \"~\"\n  title: T\n"
            )
            .is_ok()
        );
    }

    #[test]
    fn names_entries_by_number() {
        assert_eq!(
            entry_path_in_words(".[0].date: `x` is not a date"),
            "entry 1, date: `x` is not a date"
        );
        assert_eq!(
            entry_path_in_words(".[2]: duplicate field `url`"),
            "entry 3: duplicate field `url`"
        );
        assert_eq!(entry_path_in_words("invalid type"), "invalid type");
        assert_eq!(entry_path_in_words(".[x]: y"), ".[x]: y");
    }
}
