//! Shortcodes in Markdown, with Zola's syntax: `{{ name(key=value, …) }}`
//! inline and `{% name(key=value) %}` … `{% end %}` around a Markdown body;
//! `{{/* name() */}}` writes `{{ name() }}` literally. See docs/content.md.
//!
//! The scan runs on the source text, outside the code spans and code blocks
//! the parser finds (their offsets come from a first parse), and only when
//! the body holds `{{` or `{%`. Each shortcode is then masked by a
//! placeholder of exactly its length (an HTML comment when it stands on a
//! line of its own, else a code span of spaces), so every offset after it
//! still points at the same line and column; the event pass replaces the
//! placeholder's event with the shortcode's HTML.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag};
use serde_json::Value;

use super::Problem;

/// What a shortcode is in the source.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// `{{ name(…) }}`
    Inline,
    /// `{% name(…) %}`, closed by a later `{% end %}`.
    Open,
    /// `{% end %}`
    Close,
    /// `{{/* … */}}`: the text between the comment marks, in `{{ … }}`.
    Literal(String),
}

/// A shortcode found in the source.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub kind: Kind,
    pub name: String,
    /// Arguments in written order: name, value and the name's offset.
    pub args: Vec<(String, Value, usize)>,
    /// Bytes of the body it spans.
    pub span: Range<usize>,
    /// It stands alone on its line(s): a block.
    pub block: bool,
}

/// Whether `body` may hold a shortcode: a `{` followed by `{` or `%`,
/// found with memchr. A body without one costs this search and nothing else.
pub fn may_hold(body: &str) -> bool {
    let bytes = body.as_bytes();
    memchr::memchr_iter(b'{', bytes).any(|at| matches!(bytes.get(at + 1), Some(b'{' | b'%')))
}

/// The byte ranges of code spans, code blocks and raw HTML, where nothing
/// is a shortcode.
fn code_ranges(body: &str, options: Options) -> Vec<Range<usize>> {
    let mut ranges: Vec<Range<usize>> = Vec::new();
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        match event {
            // Raw HTML is left alone too: it is written as it stands.
            Event::Code(_)
            | Event::Start(Tag::CodeBlock(_))
            | Event::Html(_)
            | Event::InlineHtml(_) => ranges.push(range),
            _ => {}
        }
    }
    ranges
}

/// Finds the shortcodes of `body`, or the problems of those that are wrong.
pub fn scan(body: &str, options: Options) -> (Vec<Call>, Vec<Problem>) {
    let code = code_ranges(body, options);
    let bytes = body.as_bytes();
    let mut calls = Vec::new();
    let mut problems = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    let mut at = 0;
    while at + 1 < bytes.len() {
        if bytes[at] != b'{' || !matches!(bytes[at + 1], b'{' | b'%') {
            at += 1;
            continue;
        }
        if let Some(range) = code.iter().find(|r| r.contains(&at)) {
            at = range.end;
            continue;
        }
        match parse_at(body, at) {
            Ok(mut call) => {
                call.block = stands_alone(body, &call.span);
                match call.kind {
                    Kind::Open | Kind::Close if !call.block => problems.push(Problem {
                        message: format!(
                            "`{}` must stand on a line of its own",
                            &body[call.span.clone()]
                        ),
                        offset: call.span.start,
                        hint: Some(
                            "write `{% name(…) %}`, the body, and `{% end %}` on lines of their own"
                                .into(),
                        ),
                    }),
                    Kind::Open => open.push(calls.len()),
                    Kind::Close if open.pop().is_none() => problems.push(Problem {
                        message: "`{% end %}` closes no shortcode".into(),
                        offset: call.span.start,
                        hint: Some("remove it, or open a shortcode with `{% name(…) %}`".into()),
                    }),
                    _ => {}
                }
                at = call.span.end;
                calls.push(call);
            }
            Err((offset, message, hint)) => {
                problems.push(Problem {
                    message,
                    offset,
                    hint: Some(hint),
                });
                at += 2;
            }
        }
    }
    for index in open {
        problems.push(Problem {
            message: format!("shortcode `{}` is never closed", calls[index].name),
            offset: calls[index].span.start,
            hint: Some("close its body with `{% end %}` on a line of its own".into()),
        });
    }
    (calls, problems)
}

/// Whether only spaces (or a block quote's `>`) stand before `span` on its
/// first line, and only spaces after it on its last.
fn stands_alone(body: &str, span: &Range<usize>) -> bool {
    let line_start = body[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let before = body[line_start..span.start]
        .chars()
        .all(|c| c == ' ' || c == '\t' || c == '>');
    let line_end = body[span.end..]
        .find('\n')
        .map_or(body.len(), |i| span.end + i);
    before && body[span.end..line_end].trim().is_empty()
}

type Failure = (usize, String, String);

const LITERAL_HINT: &str =
    "to write `{{` itself, write `{{/* … */}}`: `{{/* name() */}}` shows `{{ name() }}`";

fn parse_at(body: &str, start: usize) -> Result<Call, Failure> {
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

/// `body` with every call replaced by a placeholder of the same length: an
/// HTML comment for a block, a code span of spaces inline (a literal too).
pub fn mask(body: &str, calls: &[Call]) -> String {
    let mut out = String::with_capacity(body.len());
    let mut last = 0;
    for call in calls {
        let span = call.span.clone();
        out.push_str(&body[last..span.start]);
        let inner: String = body[span.clone()]
            .bytes()
            .skip(4)
            .take(span.len().saturating_sub(7))
            .map(|b| if b == b'\n' { '\n' } else { ' ' })
            .collect();
        if call.block && span.len() >= 7 {
            out.push_str("<!--");
            out.push_str(&inner);
            out.push_str("-->");
        } else {
            let inner: String = body[span.clone()]
                .bytes()
                .skip(1)
                .take(span.len().saturating_sub(2))
                .map(|b| if b == b'\n' { '\n' } else { ' ' })
                .collect();
            out.push('`');
            out.push_str(&inner);
            out.push('`');
        }
        last = span.end;
    }
    out.push_str(&body[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn calls(body: &str) -> Vec<Call> {
        let (calls, problems) = scan(body, Options::empty());
        assert!(problems.is_empty(), "{problems:?}");
        calls
    }

    fn problem(body: &str) -> Problem {
        let (_, problems) = scan(body, Options::empty());
        problems.into_iter().next().expect("a problem")
    }

    #[test]
    fn reads_typed_arguments() {
        let found = calls("a {{ x(s=\"one \\\"two\\\"\", t='it') }} b");
        assert_eq!(found[0].args[0].1, Value::from("one \"two\""));
        assert_eq!(found[0].args[1].1, Value::from("it"));
        assert!(!found[0].block);
        let found = calls("{{ x(i=-3, f=1.5, b=true, l=[1, \"a\", [false]], e=[]) }}");
        let values: Vec<&Value> = found[0].args.iter().map(|(_, v, _)| v).collect();
        assert_eq!(
            values,
            [
                &Value::from(-3),
                &Value::from(1.5),
                &Value::Bool(true),
                &serde_json::json!([1, "a", [false]]),
                &serde_json::json!([]),
            ]
        );
        assert!(found[0].block);
        assert_eq!(found[0].kind, Kind::Inline);
    }

    #[test]
    fn arguments_keep_their_offsets() {
        let body = "Text.\n\n{{ figure(src=\"a.svg\",\n  alt='x') }}\n";
        let found = calls(body);
        assert_eq!(found[0].args[1].2, body.find("alt").unwrap());
        assert_eq!(found[0].span, 7..body.len() - 1);
    }

    #[test]
    fn reports_syntax_errors_at_their_offset() {
        let body = "Intro.\n\n{{ callout(kind=note) }}";
        let p = problem(body);
        assert_eq!(p.offset, body.find("note").unwrap());
        assert!(p.message.contains("`note` is no value"), "{}", p.message);
        let p = problem("{{ x(a=\"open) }}");
        assert!(p.message.contains("never closed"));
        let p = problem("a {{ just braces }} b");
        assert!(p.message.contains("expected `(`"), "{}", p.message);
        assert!(p.hint.unwrap().contains("{{/*"));
        let p = problem("{{ x(a=“curly”) }}");
        assert!(p.message.contains("typographic"), "{}", p.message);
        assert_eq!(p.offset, 7);
        let p = problem("{{ x(a=");
        assert!(p.message.contains("no value"), "{}", p.message);
        let p = problem("{{ x(a=1, a=2) }}");
        assert!(p.message.contains("twice"));
        for body in ["Text {%\n\nMore text.\n", "Text {{  \nmore", "End {%"] {
            let p = problem(body);
            assert!(
                p.message.contains("nothing follows it on its line"),
                "{}",
                p.message
            );
            assert_eq!(p.offset, body.find('{').unwrap());
        }
    }

    #[test]
    fn hugo_syntax_is_an_error_with_a_hint() {
        for body in ["{{< figure src=\"a\" >}}", "x {{% callout %}}"] {
            let p = problem(body);
            assert!(p.message.contains("Hugo"), "{}", p.message);
            assert!(p.hint.unwrap().contains("(key=value)"));
            assert_eq!(p.offset, body.find("{{").unwrap());
        }
    }

    #[test]
    fn literal_shortcodes_are_written_as_text() {
        let found = calls("Write {{/* callout(kind=\"note\") */}} like this.");
        assert_eq!(
            found[0].kind,
            Kind::Literal("{{ callout(kind=\"note\") }}".into())
        );
        assert!(!found[0].block);
        let found = calls("{%/* callout(kind=\"note\") */%}\nBody\n{%/* end */%}\n");
        let kinds: Vec<&Kind> = found.iter().map(|c| &c.kind).collect();
        assert_eq!(
            kinds,
            [
                &Kind::Literal("{% callout(kind=\"note\") %}".into()),
                &Kind::Literal("{% end %}".into())
            ]
        );
        assert!(
            problem("{{/* never closed")
                .message
                .contains("never closes")
        );
    }

    #[test]
    fn code_spans_and_blocks_are_left_alone() {
        let body = "`{{ x() }}` and\n\n```\n{{< hugo >}}\n{% x() %}\n```\n\n    {{ y }}\n\n<div>{{ raw }}</div>\n";
        assert!(calls(body).is_empty());
    }

    #[test]
    fn body_shortcodes_nest_and_must_close() {
        let body = "{% callout(kind=\"note\") %}\nText {{ embed(url=\"u\") }}.\n{% end %}\n";
        let found = calls(body);
        let kinds: Vec<&Kind> = found.iter().map(|c| &c.kind).collect();
        assert_eq!(kinds, [&Kind::Open, &Kind::Inline, &Kind::Close]);
        assert!(!found[1].block);
        let p = problem("{% callout(kind=\"note\") %}\nText.\n");
        assert!(p.message.contains("never closed"));
        assert_eq!(p.offset, 0);
        let p = problem("Text.\n{% end %}\n");
        assert!(p.message.contains("closes no shortcode"));
        let p = problem("Text {% callout() %} inline.\n{% end %}");
        assert!(p.message.contains("line of its own"));
    }

    #[test]
    fn masks_keep_every_offset() {
        let body = "A {{ x(a=1) }} b.\n\n{% c() %}\nBody.\n{% end %}\n";
        let found = calls(body);
        let masked = mask(body, &found);
        assert_eq!(masked.len(), body.len());
        assert_eq!(masked, "A `          ` b.\n\n<!--  -->\nBody.\n<!--  -->\n");
    }

    #[test]
    fn every_prefix_of_tricky_input_scans_without_panic() {
        let samples = [
            "{{ x(a=“é”, b=['ü', [1.5, -2]], c=true) }} {% y(z=\"\\\"\") %}\nñ\n{% end %}",
            "{{< é >}} {{% ü %}} {{/* é */}} {%/* ü */%} {{ }} {% %} {{é(a=1)}}",
            "`{{ x() }}` ```\n{% y %}\n``` <b>{{ z() }}</b> {{ w(a='é\\",
        ];
        for sample in samples {
            for (end, _) in sample.char_indices().chain([(sample.len(), ' ')]) {
                let body = &sample[..end];
                let (found, _) = scan(body, Options::empty());
                assert_eq!(mask(body, &found).len(), body.len(), "{body:?}");
            }
        }
    }

    #[test]
    fn finds_the_bodies_that_may_hold_one() {
        assert!(!may_hold("no braces {here} at all {"));
        assert!(may_hold("a {{ x() }}"));
        assert!(may_hold("{% x() %}"));
    }

    /// Renders through the whole pass, with the built-in shortcodes.
    mod rendering {
        use crate::config::MarkdownOptions;
        use crate::markdown::{Rendered, Resolver, render};
        use crate::shortcodes::Shortcodes;

        struct Site(Shortcodes);
        impl Resolver for Site {
            fn page_url(&self, _: &str) -> Option<String> {
                None
            }
            fn has_source(&self, id: &str) -> bool {
                matches!(id, "wt" | "ap")
            }
            fn requires_citations(&self) -> bool {
                true
            }
            fn shortcodes(&self) -> Option<&Shortcodes> {
                Some(&self.0)
            }
        }

        fn md(body: &str) -> Rendered {
            let site = Site(Shortcodes::builtin().expect("built-in shortcodes"));
            render(body, &MarkdownOptions::default(), &site)
        }

        #[test]
        fn a_body_is_markdown_with_the_page_s_passes_and_nested_shortcodes() {
            let r = md(
                "{% callout(kind=\"known\") %}\nA *claim* [@wt], see:\n{{ embed(url=\"https://e.org/\", title=\"T\") }}\n{% end %}\n",
            );
            assert!(r.problems.is_empty(), "{:?}", r.problems);
            assert!(
                r.html
                    .starts_with("<aside class=\"callout callout-known\" role=\"note\">\n<p class=\"callout-label\">What we know</p>\n<p>A <em>claim</em><sup class=\"citation\"><a href=\"#cite-1\">[1]</a></sup>, see:</p>\n<div class=\"embed\">"),
                "{}",
                r.html
            );
            assert!(r.html.ends_with("</aside>\n"), "{}", r.html);
            assert_eq!(r.citations, ["wt"]);
            assert!(r.uncited.is_empty());
            assert_eq!(r.shortcodes, ["embed", "callout"]);
        }

        struct Processing(Shortcodes);
        impl Resolver for Processing {
            fn page_url(&self, _: &str) -> Option<String> {
                None
            }
            fn has_source(&self, _: &str) -> bool {
                false
            }
            fn processes_images(&self) -> bool {
                true
            }
            fn shortcodes(&self) -> Option<&Shortcodes> {
                Some(&self.0)
            }
        }

        #[test]
        fn a_figure_sized_by_hand_is_lazy_unless_it_is_the_first_image() {
            let site = Processing(Shortcodes::builtin().expect("built-in shortcodes"));
            let body = "{{ figure(src=\"a.svg\", alt=\"A\", width=10, height=5) }}\n\n{{ figure(src=\"b.svg\", alt=\"B\", width=10) }}\n";
            let r = render(body, &MarkdownOptions::default(), &site);
            assert!(r.problems.is_empty(), "{:?}", r.problems);
            assert!(
                r.html
                    .contains("<img src=\"a.svg\" alt=\"A\" width=\"10\" height=\"5\">"),
                "{}",
                r.html
            );
            assert!(
                r.html.contains(
                    "<img src=\"b.svg\" alt=\"B\" width=\"10\" loading=\"lazy\" decoding=\"async\">"
                ),
                "{}",
                r.html
            );
            let after_text = render(
                &format!("![x](c.png)\n\n{body}"),
                &MarkdownOptions::default(),
                &site,
            );
            assert!(
                after_text.html.contains("<img src=\"a.svg\" alt=\"A\" width=\"10\" height=\"5\" loading=\"lazy\" decoding=\"async\">"),
                "{}",
                after_text.html
            );
        }

        #[test]
        fn link_arguments_must_be_web_urls_and_strings_must_not_be_blank() {
            let body = "{{ embed(url=\"javascript:alert(1)\", title=\"T\") }}\n\n{{ embed(url=\"https://e.org/\", title=\"\u{200B} \") }}\n\n{% callout(kind=\"note\", title=\" \") %}\nX [@wt].\n{% end %}\n\n{{ figure(src=\"a.svg\", alt=\"\\\"\\\"\\\"\") }}\n\n{{ figure(src=\"b.svg\", alt=\"“”\") }}\n\n{{ figure(src=\"c.svg\", alt=\"\") }}\n";
            let r = md(body);
            let messages: Vec<_> = r
                .problems
                .iter()
                .map(|p| (p.offset, p.message.as_str()))
                .collect();
            assert_eq!(r.problems.len(), 4, "{messages:?}");
            assert_eq!(r.problems[0].offset, body.find("url=\"javascript").unwrap());
            assert!(
                r.problems[0]
                    .message
                    .contains("must be an absolute http:// or https:// URL")
            );
            assert!(r.problems[0].hint.as_deref().unwrap().contains("https://"));
            assert_eq!(r.problems[1].offset, body.find("title=\"\u{200B}").unwrap());
            assert!(
                r.problems[1]
                    .message
                    .contains("argument `title` of shortcode `embed` is blank")
            );
            assert_eq!(r.problems[2].offset, body.find("title=\" \"").unwrap());
            assert!(
                r.problems[2]
                    .hint
                    .as_deref()
                    .unwrap()
                    .contains("leave out title=")
            );
            assert!(
                r.problems[3]
                    .message
                    .contains("argument `alt` of shortcode `figure` is only quotation marks")
            );
            assert!(
                r.html.contains("<img src=\"b.svg\" alt=\"\">"),
                "{}",
                r.html
            );
            assert!(
                r.html.contains("<img src=\"c.svg\" alt=\"\">"),
                "{}",
                r.html
            );
        }

        #[test]
        fn an_img_of_a_body_shortcode_s_own_template_is_lazy_too() {
            let shortcodes = Shortcodes::from_sources(&[(
                "boxed".into(),
                "boxed.html".into(),
                "{# shortcode() body #}\n<div><img src=\"/frame.png\" alt=\"\">{{ body | safe }}</div>".into(),
            )])
            .expect("shortcode");
            let site = Processing(shortcodes);
            let body = "![A](a.png)\n\n{% boxed() %}\nText.\n{% end %}\n";
            let r = render(body, &MarkdownOptions::default(), &site);
            assert!(r.problems.is_empty(), "{:?}", r.problems);
            assert!(
                r.html.contains(
                    "<img src=\"/frame.png\" alt=\"\" loading=\"lazy\" decoding=\"async\">"
                ),
                "{}",
                r.html
            );
        }

        #[test]
        fn a_block_shortcode_inside_a_line_of_text_is_an_error() {
            let body = "Inline {{ embed(url=\"https://example.com/\", title=\"Inline\") }} in a sentence.\n\n> Quoted {{ figure(src=\"a.svg\", alt=\"A\") }}\n\n{{ embed(url=\"https://example.com/\", title=\"Alone\") }}\n\n- {{ embed(url=\"https://example.com/\", title=\"Item\") }}\n\n# H *{{ embed(url=\"https://example.com/\", title=\"H\") }}*\n";
            let r = md(body);
            assert_eq!(r.problems.len(), 3, "{:?}", r.problems);
            assert!(r.html.contains("<li><div class=\"embed\">"), "{}", r.html);
            assert!(
                r.problems[2].message.contains("inside a line of text"),
                "{:?}",
                r.problems
            );
            assert_eq!(r.problems[0].offset, body.find("{{ embed").unwrap());
            assert!(
                r.problems[0]
                    .message
                    .contains("shortcode `embed` makes a block (`<div>`)")
            );
            assert!(
                r.problems[0]
                    .hint
                    .as_deref()
                    .unwrap()
                    .contains("on a line of its own")
            );
            assert_eq!(r.problems[1].offset, body.find("{{ figure").unwrap());
            assert!(!r.html.contains("<p>Inline <div"), "{}", r.html);
            assert!(r.html.contains("Alone"), "{}", r.html);
        }

        #[test]
        fn every_prefix_renders_without_panic() {
            let sample = "> [!NOTE]\n> {% callout(kind=\"note\") %}\n> A [@wt] {{ embed(url=\"u\", title=\"é\") }}\n> {% end %}\n\n# H {{ figure(src=\"a\", alt=\"b\", source=\"wt\") }}\n\n{% pullquote() %}\n[“x”][@wt, by \"one\"]\n{% end %}\n- {{/* x */}} [l]({{ y() }})\n";
            for (end, _) in sample.char_indices() {
                let _ = md(&sample[..end]);
            }
            let r = md(sample);
            assert!(r.html.contains("pullquote"), "{}", r.html);
        }

        #[test]
        fn body_shortcodes_nest() {
            let r = md(
                "{% callout(kind=\"context\") %}\nOuter [@wt].\n\n{% callout(kind=\"disputed\", title=\"inner\") %}\nInner [@ap].\n{% end %}\n{% end %}\n",
            );
            assert!(r.problems.is_empty(), "{:?}", r.problems);
            assert_eq!(r.html.matches("<aside").count(), 2, "{}", r.html);
            let inner = r.html.find("callout-disputed").unwrap();
            assert!(r.html.find("callout-context").unwrap() < inner);
            assert!(r.html[inner..].contains("Inner<sup"));
            assert!(r.html.ends_with("</aside>\n</aside>\n"), "{}", r.html);
            assert!(r.uncited.is_empty());
        }

        #[test]
        fn offsets_after_a_shortcode_are_the_source_s() {
            let body = "{{ embed(url=\"https://e.org/\", title=\"A long title\") }}\nAnd [@nope].\n\nUncited.\n";
            let r = md(body);
            assert_eq!(r.problems.len(), 1, "{:?}", r.problems);
            assert_eq!(r.problems[0].offset, body.find("[@nope]").unwrap());
            assert_eq!(r.uncited, [body.find("Uncited").unwrap()]);
        }

        #[test]
        fn a_figure_s_source_is_numbered_with_the_page_s_citations() {
            let r = md(
                "First [@ap].\n\n{{ figure(src=\"a.svg\", alt=\"A square\", credit=\"Diagram: us.\", source=\"wt\") }}\n\nAgain [@wt].\n",
            );
            assert!(r.problems.is_empty(), "{:?}", r.problems);
            assert_eq!(r.citations, ["ap", "wt"]);
            assert!(
                r.html.contains("<img src=\"a.svg\" alt=\"A square\">\n<figcaption> <span class=\"figure-credit\">Diagram: us.</span><sup class=\"citation\"><a href=\"#cite-2\">[2]</a></sup></figcaption>"),
                "{}",
                r.html
            );
            assert!(
                r.html
                    .contains("Again<sup class=\"citation\"><a href=\"#cite-2\">[2]</a>")
            );
        }

        #[test]
        fn alerts_are_callouts_covered_like_blockquotes() {
            let body =
                "> [!WARNING]\n> Not cited.\n> Still the same block.\n\n> [!TIP]\n> Cited [@wt].\n";
            let r = md(body);
            assert!(
                r.html.starts_with("<aside class=\"callout callout-warning\" role=\"note\">\n<p class=\"callout-label\">Warning</p>\n<p>Not cited."),
                "{}",
                r.html
            );
            assert!(r.html.contains("callout-tip"));
            assert!(!r.html.contains("blockquote"));
            assert_eq!(r.uncited, [0]);
            assert!(r.quotes.is_empty());
        }

        #[test]
        fn wrong_calls_are_problems_at_their_offsets() {
            let body = "Text [@wt].\n\n{{ figure(src=\"a.svg\", alt=1, captoin=\"x\") }}\n\n{{ callout(kind=\"note\") }}\n";
            let r = md(body);
            let messages: Vec<(usize, &str)> = r
                .problems
                .iter()
                .map(|p| (p.offset, p.message.as_str()))
                .collect();
            assert_eq!(
                messages,
                [
                    (
                        body.find("alt=").unwrap(),
                        "argument `alt` of shortcode `figure` must be a string, not 1"
                    ),
                    (
                        body.find("captoin").unwrap(),
                        "unknown argument `captoin` of shortcode `figure`"
                    ),
                    (
                        body.find("{{ callout").unwrap(),
                        "shortcode `callout` takes a Markdown body"
                    ),
                ]
            );
            assert_eq!(
                r.problems[1].hint.as_deref(),
                Some("did you mean `caption`?")
            );
        }
    }
}
