//! Issue 13: dated corrections and substantive updates in front matter.
//!
//! ```yaml
//! corrections:
//!   - date: 2025-12-16
//!     text: An earlier version attributed to US officials as a group words that one official said.
//! updates:
//!   - date: 2025-12-17
//!     text: Added Ukraine's position on territory.
//! ```
//!
//! Each entry needs a whole-day `date` (parsed by [`PartialDate::parse`]) and a
//! `text` with words; other keys are errors with a "did you mean" hint. A date
//! after the site's `as_of` is fine: `as_of` dates the facts, a correction the
//! change of the text. Errors point at the entry's line.

use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::{Split, blank_reason, key_location};
use crate::dates::{PartialDate, Precision};
use crate::diagnostics::{Diagnostic, Location};

/// One correction or update.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Notice {
    /// The day of the change: a whole day (`YYYY-MM-DD` or an RFC 3339
    /// date-time).
    pub date: PartialDate,
    /// What changed, in words.
    pub text: String,
}

/// What templates see of a [`Notice`].
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct NoticeView {
    /// The day, `YYYY-MM-DD`.
    pub date: String,
    /// The same day for people (`16 December 2025`).
    pub date_display: String,
    /// What changed, in words.
    pub text: String,
}

impl NoticeView {
    /// `notices` newest first (same-day entries in the order written).
    pub fn list(notices: &[Notice]) -> Vec<NoticeView> {
        let mut sorted: Vec<&Notice> = notices.iter().collect();
        sorted.sort_by_key(|n| std::cmp::Reverse(n.date.date));
        sorted
            .into_iter()
            .map(|n| NoticeView {
                date: n.date.iso(),
                date_display: n.date.display(),
                text: n.text.trim().to_string(),
            })
            .collect()
    }
}

/// Checks the `corrections` and `updates` of a parsed header: a whole day and
/// text with words in each entry.
pub fn check(
    path: &Path,
    source: &Arc<str>,
    split: &Split<'_>,
    lists: [(&str, &[Notice]); 2],
) -> Result<(), Diagnostic> {
    for (key, notices) in lists {
        let singular = key.trim_end_matches('s');
        for (index, notice) in notices.iter().enumerate() {
            let at = |field: &str| {
                entry_offset(split, key, index, field).map_or_else(
                    || key_location(path, source, split, key),
                    |offset| Location::at_offset(path, source, offset),
                )
            };
            if notice.date.precision != Precision::Day {
                return Err(Diagnostic::error(format!(
                    "the date of {singular} {} is `{}`: a {singular} needs a whole day",
                    index + 1,
                    notice.date.iso()
                ))
                .at(at("date"))
                .hint("write the day the text changed, e.g. `date: 2025-12-16`"));
            }
            let at_text = at("text");
            let written = crate::frontmatter::written_value(source, &at_text);
            if let Some(reason) = blank_reason(&notice.text, written) {
                return Err(Diagnostic::error(format!(
                    "the text of {singular} {} {reason}: say what changed",
                    index + 1
                ))
                .at(at_text)
                .hint(format!(
                    "e.g. `text: An earlier version gave the wrong date of the talks.` under `{key}:`"
                )));
            }
        }
    }
    Ok(())
}

/// The file offset of `field:` in entry `index` of the block list under the
/// top-level `key:`; `None` for a flow list (`[{…}]`) or when not found.
fn entry_offset(split: &Split<'_>, key: &str, index: usize, field: &str) -> Option<usize> {
    let mut offset = split.front_offset;
    let mut inside = false;
    let mut entry: Option<usize> = None;
    for line in split.front.split_inclusive('\n') {
        let here = offset;
        offset += line.len();
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if indent == 0 && !trimmed.trim().is_empty() && !trimmed.starts_with('-') {
            if inside {
                return None;
            }
            inside = trimmed.starts_with(key) && trimmed[key.len()..].trim_start().starts_with(':');
            continue;
        }
        if !inside {
            continue;
        }
        let item = trimmed.strip_prefix('-');
        if let Some(rest) = item {
            entry = Some(entry.map_or(0, |e| e + 1));
            if entry == Some(index) && is_field(rest.trim_start(), field) {
                return Some(here + indent + 1 + (rest.len() - rest.trim_start().len()));
            }
        } else if entry == Some(index) && is_field(trimmed, field) {
            return Some(here + indent);
        }
    }
    None
}

fn is_field(text: &str, field: &str) -> bool {
    text.strip_prefix(field)
        .is_some_and(|rest| rest.trim_start().starts_with(':'))
}

#[cfg(test)]
mod tests {
    use super::super::tests::parse_text;
    use super::*;

    fn error_at(text: &str) -> (usize, usize, String, String) {
        let error = parse_text(text).expect_err(text);
        let location = error.location.clone().expect("located");
        (
            location.line,
            location.column,
            error.message,
            error.hint.unwrap_or_default(),
        )
    }

    #[test]
    fn reads_corrections_and_updates() {
        let front = parse_text(
            "---\ntitle: A\ncorrections:\n  - date: 2025-12-16\n    text: Fixed a name.\n  - date: 2025-12-18\n    text: \"Fixed: a date.\"\nupdates:\n- date: 2025-12-17T10:00:00Z\n  text: Added a section.\n---\n",
        )
        .expect("parses");
        assert_eq!(front.corrections.len(), 2);
        assert_eq!(front.corrections[1].text, "Fixed: a date.");
        assert_eq!(front.updates[0].date.iso(), "2025-12-17");
        let views = NoticeView::list(&front.corrections);
        let dates: Vec<&str> = views.iter().map(|v| v.date.as_str()).collect();
        assert_eq!(dates, ["2025-12-18", "2025-12-16"], "newest first");
        assert_eq!(views[1].date_display, "16 December 2025");
        let none = parse_text("---\ntitle: A\n---\n").expect("parses");
        assert!(none.corrections.is_empty() && none.updates.is_empty());
        let flow = parse_text("---\ntitle: A\nupdates: [{date: 2025-12-16, text: Added.}]\n---\n")
            .expect("flow style");
        assert_eq!(flow.updates[0].text, "Added.");
    }

    #[test]
    fn keeps_same_day_entries_in_written_order() {
        let notices: Vec<Notice> = ["b", "a", "c"]
            .iter()
            .zip(["2025-12-16", "2025-12-16", "2025-12-15"])
            .map(|(text, date)| Notice {
                date: PartialDate::parse(date).expect("date"),
                text: text.to_string(),
            })
            .collect();
        let texts: Vec<String> = NoticeView::list(&notices)
            .into_iter()
            .map(|v| v.text)
            .collect();
        assert_eq!(texts, ["b", "a", "c"]);
    }

    #[test]
    fn errors_on_blank_or_missing_text_at_its_line() {
        for (text, line, column) in [
            (
                "---\ntitle: A\ncorrections:\n  - date: 2025-12-16\n    text: \"\"\n---\n",
                5,
                5,
            ),
            (
                "---\ntitle: A\ncorrections:\n  - date: 2025-12-16\n    text: \"  \"\n---\n",
                5,
                5,
            ),
            (
                "---\ntitle: A\ncorrections:\n  - date: 2025-12-16\n    text: ~\n---\n",
                5,
                5,
            ),
            (
                "---\ntitle: A\ncorrections:\n  - date: 2025-12-15\n    text: Fine.\n  - text: \"\"\n    date: 2025-12-16\n---\n",
                6,
                5,
            ),
            (
                "---\ntitle: A\nupdates:\n- date: 2025-12-16\n  text:\n---\n",
                5,
                3,
            ),
        ] {
            let (l, c, message, hint) = error_at(text);
            assert_eq!((l, c), (line, column), "{text:?}: {message}");
            assert!(message.contains("text of"), "{message}");
            assert!(hint.contains("text:"), "{hint}");
        }
        let (line, _, message, _) =
            error_at("---\ntitle: A\ncorrections:\n  - date: 2025-12-16\n---\n");
        assert!(message.contains("missing field `text`"), "{message}");
        assert!((3..=4).contains(&line), "{line}");
        // The quoted character is text.
        assert!(
            parse_text("---\ntitle: A\nupdates:\n- date: 2025-12-16\n  text: \"~\"\n---\n").is_ok()
        );
    }

    #[test]
    fn errors_on_bad_and_partial_dates_and_unknown_keys() {
        let (line, _, message, _) =
            error_at("---\ntitle: A\ncorrections:\n  - date: 2025-13-01\n    text: x\n---\n");
        assert_eq!(line, 4);
        assert!(
            message.contains("month 13") || message.contains("2025-13-01"),
            "{message}"
        );
        for (date, shown) in [("\"2025-12\"", "2025-12"), ("2025", "2025")] {
            let text = format!("---\ntitle: A\nupdates:\n  - text: x\n    date: {date}\n---\n");
            let (line, column, message, _) = error_at(&text);
            assert_eq!((line, column), (5, 5), "{message}");
            assert!(message.contains(&format!("`{shown}`")), "{message}");
            assert!(message.contains("whole day"), "{message}");
        }
        let (line, _, message, _) = error_at(
            "---\ntitle: A\ncorrections:\n  - date: 2025-12-16 to 2025-12-17\n    text: x\n---\n",
        );
        assert_eq!(line, 4, "{message}");
        let (line, _, message, hint) =
            error_at("---\ntitle: A\ncorrections:\n  - date: 2025-12-16\n    txt: x\n---\n");
        assert!((4..=5).contains(&line), "{line}");
        assert!(message.contains("unknown field `txt`"), "{message}");
        assert_eq!(hint, "did you mean `text`?");
        let (_, _, message, hint) =
            error_at("---\ntitle: A\ncorection:\n  - date: 2025-12-16\n---\n");
        assert!(message.contains("corection"), "{message}");
        assert_eq!(hint, "did you mean `corrections`?");
        let (_, _, message, _) = error_at("---\ntitle: A\ncorrections: Fixed a date.\n---\n");
        assert!(message.contains("invalid type"), "{message}");
    }

    #[test]
    fn finds_each_entry_field() {
        let text = "title: A\ncorrections:\n  - date: 2025-12-16\n    text: one\n  -   text: two\n    date: 2025-12-17\nupdates:\n  - text: three\n";
        let split = Split {
            front: text,
            front_offset: 0,
            body: "",
            body_offset: text.len(),
        };
        let at =
            |key, index, field| entry_offset(&split, key, index, field).map(|o| &text[o..o + 4]);
        assert_eq!(at("corrections", 0, "text"), Some("text"));
        assert_eq!(
            entry_offset(&split, "corrections", 0, "text"),
            text.find("text: one")
        );
        assert_eq!(
            entry_offset(&split, "corrections", 1, "text"),
            text.find("text: two")
        );
        assert_eq!(
            entry_offset(&split, "corrections", 1, "date"),
            text.find("date: 2025-12-17")
        );
        assert_eq!(entry_offset(&split, "corrections", 2, "date"), None);
        assert_eq!(
            entry_offset(&split, "updates", 0, "text"),
            text.find("text: three")
        );
        assert_eq!(entry_offset(&split, "updates", 0, "date"), None);
    }
}
