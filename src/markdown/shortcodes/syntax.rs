//! The shortcode call syntax: `name(key=value, …)` between `{{ }}` or
//! `{% %}`, with typed literal values, and its errors at their offsets.

use serde_json::Value;

use super::{Call, Kind};

type Failure = (usize, String, String);

const LITERAL_HINT: &str =
    "to write `{{` itself, write `{{/* … */}}`: `{{/* name() */}}` shows `{{ name() }}`";

/// Parses the call that starts at `start` (at `{{` or `{%`).
pub(super) fn parse_at(body: &str, start: usize) -> Result<Call, Failure> {
    let bytes = body.as_bytes();
    let block = bytes[start + 1] == b'%';
    let close = if block { "%}" } else { "}}" };
    let mut at = start + 2;
    if !block {
        match bytes.get(at) {
            Some(b'<') | Some(b'%') => {
                let name = body[at + 1..]
                    .trim_start()
                    .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
                    .next()
                    .unwrap_or("name");
                let name = if name.is_empty() { "name" } else { name };
                return Err((
                    start,
                    "this is Hugo's shortcode syntax; briefing uses Zola's".into(),
                    format!(
                        "write `{{{{ {name}(key=value) }}}}`, or `{{% {name}(key=value) %}}` … `{{% end %}}` around a body; see docs/content.md"
                    ),
                ));
            }
            _ => {}
        }
    }
    if bytes.get(at) == Some(&b'/') && bytes.get(at + 1) == Some(&b'*') {
        // `{{/* … */}}` and `{%/* … */%}`: the shortcode as text.
        let (open, end_mark) = if block {
            ("{%", "*/%}")
        } else {
            ("{{", "*/}}")
        };
        let Some(end) = body[at..].find(end_mark) else {
            return Err((
                start,
                format!("`{open}/*` opens a literal shortcode that `{end_mark}` never closes"),
                LITERAL_HINT.into(),
            ));
        };
        let inner = body[at + 2..at + end].trim();
        let close = if block { "%}" } else { "}}" };
        return Ok(Call {
            kind: Kind::Literal(format!("{open} {inner} {close}")),
            name: String::new(),
            args: Vec::new(),
            span: start..at + end + 4,
            block: false,
        });
    }
    let line_end = body[at..].find('\n').map_or(body.len(), |i| at + i);
    if body[at..line_end].trim().is_empty() {
        // A stray `{%` at the end of a line: said here, not at the words of
        // a later line taken for its name.
        return Err((
            start,
            format!(
                "`{}` starts a shortcode but nothing follows it on its line",
                &body[start..start + 2]
            ),
            if block {
                "write the call on one line, `{% name(key=value) %}`; to write `{%` itself, write `{%/* … */%}`".into()
            } else {
                format!("write the call on one line, `{{{{ name(key=value) }}}}`; {LITERAL_HINT}")
            },
        ));
    }
    at = skip_space(bytes, at);
    let name_start = at;
    while at < bytes.len() && (bytes[at].is_ascii_alphanumeric() || bytes[at] == b'_') {
        at += 1;
    }
    let name = &body[name_start..at];
    if name.is_empty() {
        return Err((
            start,
            format!(
                "`{}` starts a shortcode but no name follows",
                &body[start..start + 2]
            ),
            LITERAL_HINT.into(),
        ));
    }
    if block && name == "end" {
        at = skip_space(bytes, at);
        if !body[at..].starts_with(close) {
            return Err((
                at,
                "expected `%}` after `{% end`".into(),
                "write `{% end %}`".into(),
            ));
        }
        return Ok(Call {
            kind: Kind::Close,
            name: "end".into(),
            args: Vec::new(),
            span: start..at + 2,
            block: false,
        });
    }
    at = skip_space(bytes, at);
    if bytes.get(at) != Some(&b'(') {
        return Err((
            at,
            format!("expected `(` after the shortcode name `{name}`"),
            format!(
                "a shortcode is called like a function, `{}{name}(key=value){}`; {LITERAL_HINT}",
                &body[start..start + 2],
                if block { " %}" } else { " }}" }
            ),
        ));
    }
    at += 1;
    let mut args: Vec<(String, Value, usize)> = Vec::new();
    loop {
        at = skip_space(bytes, at);
        if bytes.get(at) == Some(&b')') {
            at += 1;
            break;
        }
        let key_start = at;
        while at < bytes.len() && (bytes[at].is_ascii_alphanumeric() || bytes[at] == b'_') {
            at += 1;
        }
        let key = &body[key_start..at];
        if key.is_empty() {
            return Err((
                at,
                format!("expected an argument name or `)` in shortcode `{name}`"),
                "arguments are written key=value, separated by commas".into(),
            ));
        }
        at = skip_space(bytes, at);
        if bytes.get(at) != Some(&b'=') {
            return Err((
                at,
                format!("expected `=` after argument `{key}` of shortcode `{name}`"),
                "arguments are written key=value, separated by commas".into(),
            ));
        }
        at = skip_space(bytes, at + 1);
        let (value, next) = parse_value(body, at)?;
        if args.iter().any(|(k, _, _)| k == key) {
            return Err((
                key_start,
                format!("argument `{key}` is given twice"),
                "give each argument once".into(),
            ));
        }
        args.push((key.to_string(), value, key_start));
        at = skip_space(bytes, next);
        match bytes.get(at) {
            Some(b',') => at += 1,
            Some(b')') => {}
            _ => {
                return Err((
                    at,
                    format!("expected `,` or `)` in the arguments of shortcode `{name}`"),
                    "arguments are written key=value, separated by commas".into(),
                ));
            }
        }
    }
    at = skip_space(bytes, at);
    if !body[at..].starts_with(close) {
        return Err((
            at,
            format!("expected `{close}` to end shortcode `{name}`"),
            format!(
                "write `{}{name}(…){}`",
                &body[start..start + 2],
                if block { " %}" } else { " }}" }
            ),
        ));
    }
    Ok(Call {
        kind: if block { Kind::Open } else { Kind::Inline },
        name: name.to_string(),
        args,
        span: start..at + 2,
        block: false,
    })
}

fn skip_space(bytes: &[u8], mut at: usize) -> usize {
    while at < bytes.len() && bytes[at].is_ascii_whitespace() {
        at += 1;
    }
    at
}

/// A value: a string in `"…"` or `'…'` (with `\"`, `\'`, `\\`, `\n`), an
/// integer, a float, `true`/`false`, or an array `[…]` of values.
fn parse_value(body: &str, at: usize) -> Result<(Value, usize), Failure> {
    let bytes = body.as_bytes();
    match bytes.get(at) {
        Some(&quote @ (b'"' | b'\'')) => {
            let mut text = String::new();
            let mut chars = body[at + 1..].char_indices();
            while let Some((i, c)) = chars.next() {
                match c {
                    '\\' => match chars.next() {
                        Some((_, 'n')) => text.push('\n'),
                        Some((_, other)) => text.push(other),
                        None => break,
                    },
                    c if c as u32 == u32::from(quote) => {
                        return Ok((Value::String(text), at + 1 + i + 1));
                    }
                    c => text.push(c),
                }
            }
            Err((
                at,
                "this string is never closed".into(),
                format!("end it with {}", quote as char),
            ))
        }
        Some(b'[') => {
            let mut items = Vec::new();
            let mut at = skip_space(bytes, at + 1);
            if bytes.get(at) == Some(&b']') {
                return Ok((Value::Array(items), at + 1));
            }
            loop {
                let (item, next) = parse_value(body, at)?;
                items.push(item);
                at = skip_space(bytes, next);
                match bytes.get(at) {
                    Some(b',') => at = skip_space(bytes, at + 1),
                    Some(b']') => return Ok((Value::Array(items), at + 1)),
                    _ => {
                        return Err((
                            at,
                            "expected `,` or `]` in an array".into(),
                            "write arrays as [1, 2] or [\"a\", \"b\"]".into(),
                        ));
                    }
                }
            }
        }
        _ => {
            let end = body[at..]
                .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+' | '_')))
                .map_or(body.len(), |i| at + i);
            let word = &body[at..end];
            let value = match word {
                "true" => Some(Value::Bool(true)),
                "false" => Some(Value::Bool(false)),
                _ => word.parse::<i64>().ok().map(Value::from).or_else(|| {
                    word.parse::<f64>()
                        .ok()
                        .filter(|f| f.is_finite() && word.contains('.'))
                        .map(Value::from)
                }),
            };
            let shown = if word.is_empty() {
                body[at..]
                    .chars()
                    .next()
                    .map_or("", |c| &body[at..at + c.len_utf8()])
            } else {
                word
            };
            match value {
                Some(value) => Ok((value, end)),
                None if matches!(shown, "“" | "”" | "‘" | "’") => Err((
                    at,
                    format!("`{shown}` is a typographic quotation mark"),
                    "write the string in straight quotes: \"…\" or '…'".into(),
                )),
                None => Err((
                    at,
                    format!("`{shown}` is no value"),
                    "a value is a string \"…\" or '…', an integer, a float, true, false or an array […]"
                        .into(),
                )),
            }
        }
    }
}
