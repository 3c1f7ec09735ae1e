//! Where a key or a value stands in a page's header, for errors found after
//! parsing (the parsed values do not remember their lines).

use std::path::Path;
use std::sync::Arc;

use super::Split;
use crate::diagnostics::Location;

/// The text after `key:` on the line of `at`, as written.
pub fn written_value<'a>(source: &'a str, at: &Location) -> &'a str {
    let offset = crate::diagnostics::offset_of(source, at.line, at.column);
    let line = source[offset..].lines().next().unwrap_or("");
    line.split_once(':').map_or("", |(_, value)| value.trim())
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

/// Whether the header writes top-level `key:` (whatever its value, an empty
/// list too).
pub fn writes_key(split: &Split<'_>, key: &str) -> bool {
    find_key(split, key, true).is_some()
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
