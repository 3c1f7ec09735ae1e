//! The common front matter read without the YAML parser: one `key: value`
//! per line, values that are double-quoted text, flow lists of double-quoted
//! text (`["a", "b"]`), dates, `true`/`false`, whole numbers and a small
//! plain-text form. libyaml cost about 90,000 instructions a page, a tenth
//! of a build (docs/performance.md); this reads the same header in a few
//! thousand. Anything else (nested maps, escapes, comments, an unknown or
//! repeated key, a value that does not fit its field) returns `None` and
//! the YAML parser reads the header, so every error message and every
//! unusual form stays serde_yaml's.

use super::{ActorKind, FIELDS, FrontMatter, Status};
use crate::dates::{PartialDate, parse_whole_day};

/// A value as written on its line.
enum Raw<'a> {
    /// `"text"` without escapes: the text between the quotes.
    Quoted(&'a str),
    /// A plain scalar of the restricted form of [`plain`].
    Plain(&'a str),
    /// `["a", "b"]`: the texts between the quotes.
    List(Vec<&'a str>),
}

/// The front matter of `front` (the text between the `---` lines), when
/// every line has the simple form; `None` sends it to the YAML parser.
pub(super) fn parse(front: &str) -> Option<FrontMatter> {
    // Bytes first (vectorized): controls other than line feeds go to the
    // parser; only text with non-ASCII characters is read char by char.
    let bytes_ok = front.bytes().fold(true, |ok, b| {
        ok & (((b >= 0x20) & (b != 0x7f)) | (b == b'\n'))
    });
    if !bytes_ok || (!front.is_ascii() && !front.chars().all(printable)) {
        return None;
    }
    let mut fm = FrontMatter::default();
    let mut seen: u64 = 0;
    for line in front.split('\n') {
        if line.is_empty() {
            continue;
        }
        let (key, value) = line.split_once(": ")?;
        // A bit per field of the table (fewer than 64), to refuse a repeat.
        let index = FIELDS.iter().position(|f| f.name == key)?;
        let bit = 1u64 << index;
        if seen & bit != 0 {
            return None;
        }
        seen |= bit;
        set(&mut fm, key, raw(value)?)?;
    }
    // `title` (the table's first field) is required: its absence is the
    // YAML path's error to report.
    (seen & 1 != 0).then_some(fm)
}

/// Stores one value in its field, as serde_yaml would deserialize it.
fn set(fm: &mut FrontMatter, key: &str, value: Raw<'_>) -> Option<()> {
    match key {
        "title" => fm.title = text(value)?,
        "description" => fm.description = Some(text(value)?),
        "slug" => fm.slug = Some(text(value)?),
        "template" => fm.template = Some(text(value)?),
        "location" => fm.location = Some(text(value)?),
        "name" => fm.name = Some(text(value)?),
        "role" => fm.role = Some(text(value)?),
        "affiliation" => fm.affiliation = Some(text(value)?),
        "date" => fm.date = Some(date(value, PartialDate::parse)?),
        "updated" => fm.updated = Some(date(value, PartialDate::parse)?),
        "reviewed" => fm.reviewed = Some(date(value, PartialDate::parse)?),
        "end_date" => fm.end_date = Some(date(value, PartialDate::parse)?),
        "publish_date" => fm.publish_date = Some(date(value, parse_whole_day)?),
        "expiry_date" => fm.expiry_date = Some(date(value, parse_whole_day)?),
        "aliases" => fm.aliases = list(value)?,
        "actors" => fm.actors = list(value)?,
        "sources" => fm.sources = list(value)?,
        "tags" => fm.tags = list(value)?,
        "topics" => fm.topics = list(value)?,
        "draft" => {
            fm.draft = match value {
                Raw::Plain("true") => true,
                Raw::Plain("false") => false,
                _ => return None,
            }
        }
        "weight" => fm.weight = Some(whole_number(value)?),
        "status" => {
            fm.status = Some(match word(value)? {
                "happened" => Status::Happened,
                "reported" => Status::Reported,
                "expected" => Status::Expected,
                _ => return None,
            })
        }
        "kind" => {
            fm.kind = Some(match word(value)? {
                "person" => ActorKind::Person,
                "state" => ActorKind::State,
                "organisation" => ActorKind::Organisation,
                "group" => ActorKind::Group,
                _ => return None,
            })
        }
        // `extra`, `corrections` and `updates`: maps, read by the parser.
        _ => return None,
    }
    Some(())
}

/// Text as serde_yaml hands a string field: quoted or plain as written (a
/// plain `null` would be `None` in an optional field, so it is not read here).
fn text(value: Raw<'_>) -> Option<String> {
    match value {
        Raw::Quoted(s) => Some(s.to_owned()),
        Raw::Plain(s) if !matches!(s, "null" | "Null" | "NULL") => Some(s.to_owned()),
        _ => None,
    }
}

/// A date through its field's own parser; a date it refuses is the YAML
/// path's error to report.
fn date(value: Raw<'_>, parse: fn(&str) -> Result<PartialDate, String>) -> Option<PartialDate> {
    match value {
        Raw::Quoted(s) | Raw::Plain(s) => parse(s).ok(),
        Raw::List(_) => None,
    }
}

fn list(value: Raw<'_>) -> Option<Vec<String>> {
    match value {
        Raw::List(items) => Some(items.into_iter().map(str::to_owned).collect()),
        _ => None,
    }
}

/// `0` or digits without a leading zero, optionally negative: the forms
/// YAML 1.2 and Rust read alike.
fn whole_number(value: Raw<'_>) -> Option<i64> {
    let Raw::Plain(s) = value else { return None };
    let digits = s.strip_prefix('-').unwrap_or(s);
    let canonical = s == "0" || (!digits.is_empty() && !digits.starts_with('0'));
    if !canonical || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// A unit variant's name, written plain.
fn word(value: Raw<'_>) -> Option<&str> {
    match value {
        Raw::Plain(s) => Some(s),
        _ => None,
    }
}

/// The value after `key: `, when it has one of the simple forms.
fn raw(value: &str) -> Option<Raw<'_>> {
    if let Some(rest) = value.strip_prefix('"') {
        let inner = rest.strip_suffix('"')?;
        return quoted_text(inner).then_some(Raw::Quoted(inner));
    }
    if let Some(rest) = value.strip_prefix('[') {
        let inner = rest.strip_suffix(']')?;
        if inner.is_empty() {
            return Some(Raw::List(Vec::new()));
        }
        let items = inner
            .split(", ")
            .map(|item| {
                let text = item.strip_prefix('"')?.strip_suffix('"')?;
                quoted_text(text).then_some(text)
            })
            .collect::<Option<Vec<_>>>()?;
        return Some(Raw::List(items));
    }
    plain(value).then_some(Raw::Plain(value))
}

/// The inside of a double-quoted scalar that means itself: no quote, no
/// escape, no leading or trailing space (kept by YAML, but rare enough to
/// leave to the parser).
fn quoted_text(text: &str) -> bool {
    !text.contains(['"', '\\']) && text.trim() == text
}

/// A plain scalar that YAML reads as the text written: it starts with a
/// letter or digit (or a minus before a digit), holds letters, digits, spaces and `.,:+-_/()'`, has no
/// `: ` or ` #` (the only indicators among those inside a plain scalar) and
/// no space at either end.
fn plain(value: &str) -> bool {
    let bytes = value.as_bytes();
    let Some(&first) = bytes.first() else {
        return false;
    };
    (first.is_ascii_alphanumeric()
        || (first == b'-' && bytes.get(1).is_some_and(u8::is_ascii_digit)))
        && value.trim_end() == value
        && !value.contains(": ")
        && !value.ends_with(':')
        && !value.contains("  ")
        && bytes
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || b" .,:+-_/()'".contains(&b))
}

/// The characters YAML reads as they are in this form: printable ASCII and
/// the printable non-ASCII (no controls, no byte order mark, no
/// non-characters, not the line and paragraph separators YAML breaks lines
/// at), and line feeds. A tab or a carriage return goes to the parser.
fn printable(c: char) -> bool {
    matches!(c, '\n' | ' '..='~' | '\u{a0}'..='\u{2027}' | '\u{202a}'..='\u{d7ff}' | '\u{e000}'..='\u{fefe}' | '\u{ff00}'..='\u{fffd}' | '\u{10000}'..)
}
