//! Where a key stands in site.toml, for errors found after parsing, and
//! the top-level keys that a `[table]` line above them swallowed.

use std::path::Path;
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Location};
use crate::layout::CONFIG_FILE;
use crate::text;

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
pub(super) fn locate_key(path: &Path, source: &Arc<str>, key: &str) -> Location {
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
pub(super) fn locate_value(path: &Path, source: &Arc<str>, key: &str) -> Location {
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

/// The fix for a top-level key that TOML read inside a table.
fn move_up(key: &str) -> String {
    format!(
        "move `{key}` above the first [table] in {CONFIG_FILE}: TOML puts every key after a `[table]` line into that table"
    )
}

/// A hint for an error caused by a top-level key written below a table: an
/// unknown field `as_of` (in `[markdown]` or a section) or a missing `title`
/// that is there, only inside a table.
pub(super) fn misplaced_key_hint(text: &str, message: &str) -> Option<String> {
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
pub(super) fn misplaced_key_warnings(path: &Path, source: &Arc<str>) -> Vec<Diagnostic> {
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
}
