//! The summary: the events before `<!-- more -->`, as balanced HTML wherever
//! the marker stands. Every element still open at the cut (a paragraph, a list
//! item, a blockquote, a table) is closed there, trailing space and line
//! breaks before the marker are dropped, and nothing in it points at what the
//! summary leaves out or repeats an id of the page it is shown next to:
//! footnote references and definitions are left out, headings carry no id.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd, html};

/// An element open at some point of the summary.
struct Open {
    end: TagEnd,
    /// Written to the summary (false inside a footnote definition).
    kept: bool,
}

/// The summary HTML of the events before the cut.
pub(super) fn html(events: &[Event<'_>]) -> String {
    let mut kept: Vec<Event<'_>> = Vec::with_capacity(events.len() + 8);
    let mut open: Vec<Open> = Vec::new();
    for event in events {
        let inside_kept = open.last().is_none_or(|o| o.kept);
        match event {
            Event::Start(tag) => {
                let keep = inside_kept && !matches!(tag, Tag::FootnoteDefinition(_));
                open.push(Open {
                    end: tag.to_end(),
                    kept: keep,
                });
                if keep {
                    kept.push(Event::Start(without_id(tag)));
                }
            }
            Event::End(_) => {
                let closes_kept = open.pop().is_some_and(|o| o.kept);
                if closes_kept {
                    kept.push(event.clone());
                }
            }
            Event::FootnoteReference(_) => {}
            other if inside_kept => kept.push(other.clone()),
            _ => {}
        }
    }
    trim_end(&mut kept);
    kept.extend(
        open.into_iter()
            .rev()
            .filter(|o| o.kept)
            .map(|o| Event::End(o.end)),
    );
    let mut summary = String::new();
    html::push_html(&mut summary, kept.into_iter());
    summary
}

/// A heading without its id: summaries of several pages share a list page.
fn without_id<'a>(tag: &Tag<'a>) -> Tag<'a> {
    match tag {
        Tag::Heading {
            level,
            classes,
            attrs,
            ..
        } => Tag::Heading {
            level: *level,
            id: None,
            classes: classes.clone(),
            attrs: attrs.clone(),
        },
        other => other.clone(),
    }
}

/// Drops the line breaks and spaces a mid-paragraph marker leaves at the end.
fn trim_end(events: &mut Vec<Event<'_>>) {
    loop {
        match events.last_mut() {
            Some(Event::SoftBreak | Event::HardBreak) => {
                events.pop();
            }
            Some(Event::Text(text)) if text.ends_with(char::is_whitespace) => {
                let trimmed = text.trim_end().to_string();
                if trimmed.is_empty() {
                    events.pop();
                } else {
                    *text = CowStr::from(trimmed);
                    return;
                }
            }
            _ => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{md, random};

    fn summary(body: &str) -> String {
        md(body)
            .summary
            .unwrap_or_else(|| panic!("no summary in {body:?}"))
    }

    /// Every element opened is closed, in order (a small HTML tag matcher
    /// good enough for what pulldown-cmark writes).
    fn assert_balanced(html: &str) {
        let mut stack: Vec<&str> = Vec::new();
        let mut rest = html;
        while let Some(start) = rest.find('<') {
            rest = &rest[start + 1..];
            let end = rest.find('>').unwrap_or(rest.len());
            let tag = &rest[..end];
            rest = &rest[end..];
            if tag.starts_with('!') || tag.ends_with('/') {
                continue;
            }
            let name = tag
                .trim_start_matches('/')
                .split([' ', '\n'])
                .next()
                .unwrap_or("");
            if ["br", "hr", "img", "input"].contains(&name) {
                continue;
            }
            if tag.starts_with('/') {
                assert_eq!(
                    stack.pop(),
                    Some(name),
                    "unbalanced at </{name}> in {html:?}"
                );
            } else {
                stack.push(name);
            }
        }
        assert!(stack.is_empty(), "left open {stack:?} in {html:?}");
    }

    #[test]
    fn closes_a_paragraph_cut_mid_line() {
        let s = summary("This paragraph has the summary marker <!-- more --> in the middle.\n");
        assert_eq!(s, "<p>This paragraph has the summary marker</p>\n");
        let s = summary("Text *with emphasis <!-- more --> cut* here.\n");
        assert_eq!(s, "<p>Text <em>with emphasis</em></p>\n");
    }

    #[test]
    fn closes_a_blockquote() {
        let s =
            summary("> A quoted summary\n> <!-- more -->\n> and the rest of the quote.\n\nBody.\n");
        assert_eq!(s, "<blockquote>\n<p>A quoted summary</p>\n</blockquote>\n");
        let s = summary("> A quoted <!-- more --> summary.\n");
        assert_eq!(s, "<blockquote>\n<p>A quoted</p>\n</blockquote>\n");
    }

    #[test]
    fn closes_lists_nested_or_not() {
        for body in [
            "- one\n- two <!-- more --> and more\n- three\n",
            "- one\n  - inner <!-- more --> cut\n  - other\n- two\n",
            "1. a\n2. b\n\n   <!-- more -->\n\n   c\n",
            "> - quoted\n>   1. deep <!-- more --> cut\n",
            "- **bold <!-- more --> cut**\n",
        ] {
            let s = summary(body);
            assert_balanced(&s);
            assert!(!s.contains("cut") && !s.contains("three"), "{s}");
        }
        assert_eq!(
            summary("- one\n- two <!-- more --> and more\n"),
            "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n"
        );
    }

    #[test]
    fn keeps_a_marker_on_its_own_line_as_before() {
        assert_eq!(
            summary("First para.\n\n<!-- more -->\n\nSecond.\n"),
            "<p>First para.</p>\n"
        );
        assert_eq!(
            summary("First.\n<!-- more -->\nSecond.\n"),
            "<p>First.</p>\n"
        );
    }

    #[test]
    fn closes_a_table_cut_in_a_cell() {
        let s = summary("| a | b |\n|---|---|\n| 1 <!-- more --> | 2 |\n| 3 | 4 |\n");
        assert_balanced(&s);
        assert!(s.starts_with("<table>"), "{s}");
        assert!(!s.contains('3'), "{s}");
    }

    #[test]
    fn a_marker_in_code_is_text() {
        assert!(md("`<!-- more -->` in code.\n").summary.is_none());
        let r = md("```\n<!-- more -->\n```\n\nAfter.\n");
        assert!(r.summary.is_none());
        assert!(r.html.contains("&lt;!-- more --&gt;"), "{}", r.html);
    }

    #[test]
    fn a_marker_in_a_heading_cuts_after_it() {
        let r = md("Intro.\n\n## Title <!-- more -->\n\nBody.\n");
        let s = r.summary.unwrap_or_default();
        assert_balanced(&s);
        assert!(s.contains("Title") && !s.contains("Body"), "{s}");
        assert!(r.html.contains("id=\"title\""), "{}", r.html);
    }

    #[test]
    fn leaves_out_footnotes_and_heading_ids() {
        let body = "## Intro\n\nA claim.[^1] More <!-- more --> rest.\n\n[^1]: The note.\n";
        let r = md(body);
        let s = r.summary.unwrap_or_default();
        assert_eq!(s, "<h2>Intro</h2>\n<p>A claim. More</p>\n");
        assert!(r.html.contains("<h2 id=\"intro\">"), "{}", r.html);
        assert!(r.html.contains("footnote-reference"), "{}", r.html);
        let s = summary("A.[^n]\n\n[^n]: Note <!-- more --> cut.\n\nAfter.\n");
        assert_eq!(s, "<p>A.</p>\n");
    }

    #[test]
    fn cuts_at_the_first_marker_only() {
        let s = summary("One <!-- more --> two\n\n<!-- more -->\n\nThree.\n");
        assert_eq!(s, "<p>One</p>\n");
    }

    #[test]
    fn summaries_are_balanced_wherever_the_marker_stands() {
        let pieces = [
            "text ",
            "*em ",
            "**strong ",
            "`code` ",
            "\n",
            "\n\n",
            "> ",
            "- ",
            "1. ",
            "  ",
            "[link](https://e.org/ ",
            "<!-- more -->",
            "| a |\n|---|\n| ",
            "~~del ",
            "[@wt] ",
        ];
        let mut next = random(11);
        for _ in 0..400 {
            let body: String = (0..next(24)).map(|_| pieces[next(pieces.len())]).collect();
            if let Some(s) = md(&body).summary {
                assert_balanced(&s);
            }
        }
    }
}
