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

mod syntax;

use syntax::parse_at;

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
    /// Which form it is written in.
    pub kind: Kind,
    /// The shortcode's name.
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
}
