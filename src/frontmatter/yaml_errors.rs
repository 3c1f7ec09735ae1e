//! serde_yaml's errors in plain words: what is wrong and where the mistake is
//! (an unclosed quote where it opens, a tab, a missing colon, a key written
//! twice at its repeat, a value that needs quoting, with the line quoted).

use crate::diagnostics::offset_of;

/// A YAML error in plain words: what is wrong, the byte offset in the parsed
/// text where the mistake is (not where the parser gave up), and a hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// What is wrong, in plain words (serde_yaml's " at line X" cut off).
    pub message: String,
    /// Byte offset in the parsed text to point at, when known.
    pub index: Option<usize>,
    /// How to fix it, when the mistake is recognised.
    pub hint: Option<String>,
}

/// Turns serde_yaml's message `full` (its error at byte `index` of `text`)
/// into a [`YamlError`] that names the cause and points at it:
///
/// - a quote or bracket never closed: where it opens (serde_yaml reports the
///   end of the text);
/// - a tab used for indentation: named as such, at the tab;
/// - a key line without `:`: at that line;
/// - a list or map where text belongs (`title: [Draft] Berlin talks`): a hint
///   with the value quoted;
/// - a key written twice, at any depth: at the repeated key.
pub fn explain_yaml_error(text: &str, full: &str, index: Option<usize>) -> YamlError {
    let mut message = full.to_string();
    // serde_yaml appends " at line X column Y"; we print our own location.
    if let Some(cut) = message.find(" at line ") {
        message.truncate(cut);
    }
    let context = context_mark(full).map(|(line, column)| offset_of(text, line, column));
    let at = |offset: usize| text.get(offset..).and_then(|rest| rest.chars().next());
    if (full.contains("end of stream") || full.contains("did not find expected ','"))
        && let Some(open) = context
        && let Some(mark @ ('"' | '\'' | '[' | '{')) = at(open)
    {
        let (what, close) = match mark {
            '"' => ("quote", '"'),
            '\'' => ("quote", '\''),
            '[' => ("bracket", ']'),
            _ => ("brace", '}'),
        };
        return YamlError {
            message: format!("the {what} `{mark}` opened here is never closed"),
            index: Some(open),
            hint: Some(format!(
                "close it with `{close}` at the end of the value; to use `{mark}` as text, quote the whole value"
            )),
        };
    }
    if let Some(tab) = index
        .filter(|&i| at(i) == Some('\t'))
        .or_else(|| full.contains("tab character").then_some(index).flatten())
    {
        return YamlError {
            message: "a tab is used for indentation; YAML indents with spaces only".into(),
            index: Some(tab),
            hint: Some("replace the tab with spaces (two per level)".into()),
        };
    }
    if full.contains("could not find expected ':'")
        && let Some(line) = context
    {
        let key = text[line..].lines().next().unwrap_or("").trim();
        return YamlError {
            message: format!("`{key}` has no `:`: every line of front matter is `key: value`"),
            index: Some(line),
            hint: Some(
                "add `:` after the key; a value that goes on over several lines must be indented under its key"
                    .into(),
            ),
        };
    }
    if let Some(key) = repeated_key(&message)
        && let Some(mapping) = index
        && let Some((first, repeat)) = repeated_key_offsets(text, mapping, key)
    {
        let mut written = text[first..].lines().next().unwrap_or("").trim();
        if text[mapping..].starts_with('{') {
            written = written.split([',', '}']).next().unwrap_or(written).trim();
        }
        return YamlError {
            hint: Some(format!(
                "`{key}` is already set above (`{written}`); each key may appear once, so remove one of them"
            )),
            message,
            index: Some(repeat),
        };
    }
    if let Some(explained) = index.and_then(|i| explain_continued_value(text, &message, i)) {
        return explained;
    }
    if let Some(explained) = index.and_then(|i| explain_layout(text, full, i)) {
        return explained;
    }
    let hint = index.and_then(|i| quoting_hint(text, &message, i));
    YamlError {
        message,
        index,
        hint,
    }
}

/// The line of `text` that holds byte `index`: its start offset and text.
fn line_at(text: &str, index: usize) -> (usize, &str) {
    let start = text[..index].rfind('\n').map_or(0, |i| i + 1);
    (start, text[start..].lines().next().unwrap_or(""))
}

/// `key: value` with the value quoted for YAML: in double quotes, or in
/// single quotes when it holds double quotes.
fn quote_value(key: &str, value: &str) -> String {
    if value.contains('"') && !value.contains('\'') {
        format!("{key}: '{value}'")
    } else {
        let escaped = value.replace('\\', "\\\\").replace('"', "\\\"");
        format!("{key}: \"{escaped}\"")
    }
}

/// Mistakes of layout that serde_yaml reports by their symptom: a line
/// indented so that it continues the value above ("mapping values are not
/// allowed"), a key out of line with its block, and text after a quoted
/// value or a second `: ` in a value (quoting hints with the line quoted).
fn explain_layout(text: &str, full: &str, index: usize) -> Option<YamlError> {
    if !text.is_char_boundary(index.min(text.len())) {
        return None;
    }
    let index = index.min(text.len());
    let (start, line) = line_at(text, index);
    let indent = line.len() - line.trim_start_matches(' ').len();
    let at_line_start = text[start..index].trim().is_empty();
    let above = text[..start]
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
    let above_indent = above.map_or(0, |l| l.len() - l.trim_start_matches(' ').len());
    let above_has_value = above.is_some_and(|l| {
        l.split_once(':')
            .is_some_and(|(_, value)| !value.trim().is_empty())
    });
    let this = line.trim();
    if full.contains("mapping values are not allowed") && indent > above_indent && above_has_value {
        let above = above.unwrap_or("").trim();
        return Some(YamlError {
            message: format!(
                "`{this}` is indented under `{above}`, so YAML reads it as more of that value"
            ),
            index: Some(start + indent),
            hint: Some(format!(
                "start `{this}` in the same column as the key above it; if the colon belongs to the value above, quote that value"
            )),
        });
    }
    if full.contains("did not find expected key") && at_line_start {
        return Some(YamlError {
            message: format!(
                "`{this}` is indented differently from the lines above it: the keys of one block start in the same column"
            ),
            index: Some(start + indent),
            hint: Some(
                "line it up with the keys above it (YAML counts the spaces), or move it out of the block"
                    .into(),
            ),
        });
    }
    let (key, value) = this.split_once(':').filter(|(key, _)| is_plain_key(key))?;
    let value = value.trim();
    let first = text[index..].chars().next().unwrap_or(' ');
    let message = if full.contains("mapping values are not allowed") {
        format!("the value of `{key}` holds `: `, which YAML reads as the start of a map")
    } else if full.contains("did not find expected key") {
        format!("the value of `{key}` goes on after its closing quote")
    } else if full.contains("cannot start any token") && matches!(first, '@' | '`' | '%') {
        let name = if first == '`' {
            "a backtick".to_string()
        } else {
            format!("`{first}`")
        };
        format!("a value may not start with {name}: YAML reserves it")
    } else {
        return None;
    };
    Some(YamlError {
        message,
        index: Some(index),
        hint: Some(format!(
            "quote the whole value: {}",
            quote_value(key, value)
        )),
    })
}

/// A value refused for its content (a number, a date, a status… that is not
/// one) because a more indented line below it continues it: YAML joins a
/// plain value with the lines indented under it (`weight: 1` then `  extra: x`
/// is the value `1 extra`), whatever type the field wants. Named as an
/// indentation mistake at the continuing line.
fn explain_continued_value(text: &str, message: &str, index: usize) -> Option<YamlError> {
    let refused = [
        "invalid type: string",
        "is not a date",
        "unknown variant",
        "invalid value",
    ];
    if !refused.iter().any(|m| message.contains(m)) || !text.is_char_boundary(index) {
        return None;
    }
    let (start, line) = line_at(text, index);
    let (key, value) = line.split_once(':')?;
    let value = value.trim();
    if value.is_empty() || value.starts_with(['"', '\'', '[', '{', '|', '>', '&', '*', '!']) {
        return None;
    }
    // The key's column: after the indentation and any `- ` of a list item.
    let mut rest = line.trim_start_matches(' ');
    while let Some(item) = rest.strip_prefix("- ") {
        rest = item.trim_start_matches(' ');
    }
    let indent = line.len() - rest.len();
    let next_start = start + line.len() + 1;
    let mut offset = next_start.min(text.len());
    for next in text.get(next_start..)?.split('\n') {
        let here = offset;
        offset += next.len() + 1;
        if next.trim().is_empty() || next.trim_start().starts_with('#') {
            continue;
        }
        let next_indent = next.len() - next.trim_start_matches(' ').len();
        if next_indent <= indent || next.trim_start().starts_with("- ") {
            return None;
        }
        let this = next.trim();
        // Only when the refused value holds the next line's words: YAML read
        // them as more of it. Otherwise the value itself is wrong.
        let first_word = this.split_whitespace().next().unwrap_or(this);
        if !message.contains(first_word.trim_end_matches(':')) {
            return None;
        }
        let above = format!("{}: {value}", key.trim());
        return Some(YamlError {
            message: format!(
                "`{this}` is indented under `{above}`, so YAML reads it as more of that value"
            ),
            index: Some(here + next_indent),
            hint: Some(format!(
                "start `{this}` in the same column as `{}`; a line indented under a value continues it",
                key.trim()
            )),
        });
    }
    None
}

/// Whether `key` looks like a front-matter key (`title`, `end_date`, `hero-image`).
fn is_plain_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
}

/// `(line, column)` of libyaml's "while scanning/parsing X at line L column C".
fn context_mark(full: &str) -> Option<(usize, usize)> {
    let (_, context) = full.split_once(", while ")?;
    let (_, mark) = context.split_once(" at line ")?;
    let (line, column) = mark.split_once(" column ")?;
    let column: String = column.chars().take_while(char::is_ascii_digit).collect();
    Some((line.trim().parse().ok()?, column.parse().ok()?))
}

/// The key named by serde's "duplicate field `x`" or our "duplicate key `x`".
fn repeated_key(message: &str) -> Option<&str> {
    let (_, rest) = message
        .split_once("duplicate field `")
        .or_else(|| message.split_once("duplicate key `"))?;
    rest.split('`').next()
}

/// The offsets of the first and second `key:` in the mapping that starts at
/// `mapping` (serde_yaml reports a repeated key at its mapping): a block
/// mapping is read line by line at its own indentation, a flow mapping
/// (`{a: 1, a: 2}`) at its own bracket depth.
fn repeated_key_offsets(text: &str, mapping: usize, key: &str) -> Option<(usize, usize)> {
    if !text.is_char_boundary(mapping) {
        return None;
    }
    // `key:`, quoted or not, or YAML's complex-key form `? key` (its `: value`
    // on the next line).
    let is_key_at = |offset: usize| {
        let rest = &text[offset..];
        let complex = rest.strip_prefix('?').map(|r| r.trim_start_matches(' '));
        [key.to_string(), format!("\"{key}\""), format!("'{key}'")]
            .iter()
            .any(|written| {
                rest.strip_prefix(written.as_str())
                    .is_some_and(|after| after.trim_start_matches(' ').starts_with(':'))
                    || complex
                        .and_then(|r| r.strip_prefix(written.as_str()))
                        .is_some_and(|after| {
                            after.trim_start_matches(' ').starts_with(['\n', '#'])
                                || after.trim().is_empty()
                        })
            })
    };
    let mut found = Vec::new();
    if text[mapping..].starts_with('{') {
        let mut depth = 0usize;
        let mut quote: Option<char> = None;
        let mut key_may_start = false;
        for (i, c) in text[mapping..].char_indices() {
            let offset = mapping + i;
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') if depth == 1 && key_may_start && is_key_at(offset) => {
                    found.push(offset);
                    quote = Some(c);
                }
                (None, '"' | '\'') => quote = Some(c),
                (None, '{' | '[') => depth += 1,
                (None, '}' | ']') => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        break;
                    }
                }
                (None, _) if depth == 1 && key_may_start && is_key_at(offset) => found.push(offset),
                _ => {}
            }
            key_may_start = matches!(c, '{' | ',' | ' ' | '\n');
        }
    } else {
        let line_start = text[..mapping].rfind('\n').map_or(0, |i| i + 1);
        let indent = mapping - line_start;
        if is_key_at(mapping) {
            found.push(mapping);
        }
        let mut start = text[mapping..]
            .find('\n')
            .map_or(text.len(), |i| mapping + i + 1);
        while start < text.len() {
            let line = text[start..].split('\n').next().unwrap_or("");
            let spaces = line.len() - line.trim_start_matches(' ').len();
            let content = line.trim();
            if !content.is_empty() && !content.starts_with('#') {
                if spaces < indent {
                    break;
                }
                if spaces == indent && is_key_at(start + spaces) {
                    found.push(start + spaces);
                }
            }
            start += line.len() + 1;
        }
    }
    match found[..] {
        [first, second, ..] => Some((first, second)),
        _ => None,
    }
}

/// For a list or map found where text belongs, because the value starts with
/// `[` or `{`: the line rewritten with the value quoted.
fn quoting_hint(text: &str, message: &str, index: usize) -> Option<String> {
    if !message.contains("invalid type: sequence") && !message.contains("invalid type: map") {
        return None;
    }
    let value_start = text.get(index..)?;
    if !value_start.starts_with(['[', '{']) {
        return None;
    }
    let (line_start, _) = line_at(text, index);
    let key = text[line_start..index].trim().strip_suffix(':')?.trim_end();
    if !is_plain_key(key) {
        return None;
    }
    let value = value_start.lines().next().unwrap_or("").trim_end();
    Some(format!(
        "a value starting with `[` or `{{` is a YAML list or map; quote it: {}",
        quote_value(key, value)
    ))
}
