//! The summary: the events before `<!-- more -->`, as balanced HTML wherever
//! the marker stands. Every element still open at the cut (a paragraph, a list
//! item, a blockquote, a table, a raw `<span>` or `<details>`) is closed
//! there; a marker inside a raw HTML block cuts before the block. Trailing
//! space and line breaks before the marker are dropped, and nothing in it
//! points at what the summary leaves out or repeats an id of the page it is
//! shown next to: footnote references and definitions are left out, headings
//! carry no id. Links to a place on the page (`[below](#later)`, citation
//! markers `#cite-1`, raw `href="#x"`) point at the page's own URL
//! (`https://e.org/a/#later`), so they work wherever the summary is shown.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd, html};

use super::Pass;

impl Pass {
    /// A `<!-- more -->` about to be written at `at` in the output. In a
    /// heading the summary ends after the heading; in a raw HTML block, before
    /// the block (its HTML cannot be cut and closed as events can).
    pub(super) fn more_marker(&mut self, at: usize) {
        if self.nested {
            self.cut_after_heading = true;
        } else if self.summary_cut.is_none() {
            self.summary_cut = Some(self.html_block.unwrap_or(at));
        }
    }
}

/// An element open at some point of the summary.
struct Open {
    end: TagEnd,
    /// Written to the summary (false inside a footnote definition).
    kept: bool,
    /// How many raw HTML tags were open when it opened.
    raw: usize,
}

/// The summary HTML of the events before the cut, its in-page links made
/// links to `own_url` (the page's URL; none when empty).
pub(super) fn html(events: &[Event<'_>], own_url: &str) -> String {
    let mut kept: Vec<Event<'_>> = Vec::with_capacity(events.len() + 8);
    let mut open: Vec<Open> = Vec::new();
    // Raw HTML tags (`<span>`, `<details>`) still open, innermost last.
    let mut raw: Vec<String> = Vec::new();
    for event in events {
        let inside_kept = open.last().is_none_or(|o| o.kept);
        match event {
            Event::Start(tag) => {
                let keep = inside_kept && !matches!(tag, Tag::FootnoteDefinition(_));
                open.push(Open {
                    end: tag.to_end(),
                    kept: keep,
                    raw: raw.len(),
                });
                if keep {
                    kept.push(Event::Start(to_own_page(without_id(tag), own_url)));
                }
            }
            Event::End(end) => {
                let closed = open.pop();
                // What an element left open it left open on the page too;
                // but an HTML block may open a tag that Markdown blocks
                // below fill (`<details>`, a blank line, Markdown).
                if *end != TagEnd::HtmlBlock {
                    raw.truncate(closed.as_ref().map_or(0, |o| o.raw));
                }
                if closed.is_some_and(|o| o.kept) {
                    kept.push(event.clone());
                }
            }
            Event::FootnoteReference(_) => {}
            Event::Html(tag) | Event::InlineHtml(tag) if inside_kept => {
                track_raw_tags(&mut raw, tag);
                kept.push(match raw_to_own_page(tag, own_url) {
                    Some(html) if matches!(event, Event::Html(_)) => Event::Html(html.into()),
                    Some(html) => Event::InlineHtml(html.into()),
                    None => event.clone(),
                });
            }
            other if inside_kept => kept.push(other.clone()),
            _ => {}
        }
    }
    trim_end(&mut kept);
    for o in open.iter().rev() {
        close_raw_tags(&mut kept, &mut raw, o.raw);
        if o.kept {
            kept.push(Event::End(o.end));
        }
    }
    close_raw_tags(&mut kept, &mut raw, 0);
    let mut summary = String::new();
    html::push_html(&mut summary, kept.into_iter());
    summary
}

/// Elements that have no end tag.
const VOID: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param",
];

/// Follows the raw tags of an inline HTML event: `<name …>` opens,
/// `</name>` closes the innermost open `name` (and what it holds); void and
/// `/>` tags, comments and anything else change nothing.
fn track_raw_tags(raw: &mut Vec<String>, html: &str) {
    for piece in html.split('<').skip(1) {
        let tag = piece.split('>').next().unwrap_or("");
        let (closing, inner) = match tag.strip_prefix('/') {
            Some(rest) => (true, rest),
            None => (false, tag),
        };
        let name = inner
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        if closing {
            if let Some(at) = raw.iter().rposition(|open| *open == name) {
                raw.truncate(at);
            }
        } else if !tag.ends_with('/') && !VOID.contains(&name.as_str()) {
            raw.push(name);
        }
    }
}

/// Closes the raw tags opened after the first `keep` ones.
fn close_raw_tags(kept: &mut Vec<Event<'_>>, raw: &mut Vec<String>, keep: usize) {
    while raw.len() > keep {
        if let Some(name) = raw.pop() {
            kept.push(Event::InlineHtml(format!("</{name}>").into()));
        }
    }
}

/// A link to a place on the page (`#later`) as a link to `own_url#later`.
fn to_own_page<'a>(tag: Tag<'a>, own_url: &str) -> Tag<'a> {
    match tag {
        Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        } if dest_url.starts_with('#') && !own_url.is_empty() => Tag::Link {
            link_type,
            dest_url: format!("{own_url}{dest_url}").into(),
            title,
            id,
        },
        other => other,
    }
}

/// Raw HTML (a citation marker, `<a href="#x">`) with its in-page `href`s
/// made links to `own_url`; `None` when it has none.
fn raw_to_own_page(html: &str, own_url: &str) -> Option<String> {
    if own_url.is_empty() || !html.contains("=\"#") && !html.contains("='#") {
        return None;
    }
    let escaped = crate::html::escape(own_url);
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len() + escaped.len());
    let mut copied = 0;
    // Every `href="#…"` or `href='#…'`, the attribute name in any case.
    for (at, _) in html.match_indices('#') {
        let in_page_href = at >= 6
            && matches!(bytes[at - 1], b'"' | b'\'')
            && bytes[at - 2] == b'='
            && bytes[at - 6..at - 2].eq_ignore_ascii_case(b"href");
        if in_page_href {
            out.push_str(&html[copied..at]);
            out.push_str(&escaped);
            copied = at;
        }
    }
    out.push_str(&html[copied..]);
    Some(out)
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

    #[test]
    fn points_in_page_hrefs_of_raw_html_at_the_page() {
        let own = "https://e.org/a/";
        for (html, expected) in [
            (
                "<sup><a href=\"#cite-1\">1</a></sup>",
                Some("<sup><a href=\"https://e.org/a/#cite-1\">1</a></sup>"),
            ),
            (
                "<A HREF='#x'>x</A> <a Href=\"#y\">",
                Some("<A HREF='https://e.org/a/#x'>x</A> <a Href=\"https://e.org/a/#y\">"),
            ),
            (
                "<a data-x=\"#no\" href=\"/b/#c\">",
                Some("<a data-x=\"#no\" href=\"/b/#c\">"),
            ),
            ("<a href=\"/b/\">", None),
        ] {
            assert_eq!(
                super::raw_to_own_page(html, own).as_deref(),
                expected,
                "{html}"
            );
        }
        assert_eq!(super::raw_to_own_page("<a href=\"#x\">", ""), None);
    }

    use super::super::tests::{md, random};
    use super::super::{Resolver, render};
    use crate::config::MarkdownOptions;

    struct OnPage;
    impl Resolver for OnPage {
        fn page_url(&self, _: &str) -> Option<String> {
            Some("https://e.org/b/".into())
        }
        fn has_source(&self, id: &str) -> bool {
            id == "wt"
        }
        fn own_url(&self) -> String {
            "https://e.org/a/".into()
        }
    }

    #[test]
    fn in_page_links_of_a_summary_point_at_its_page() {
        for (body, expected) in [
            (
                "Claim [@wt] and [below](#later).\n\n<!-- more -->\n\n## Later\n",
                "<p>Claim<sup class=\"citation\"><a href=\"https://e.org/a/#cite-1\">[1]</a></sup> and <a href=\"https://e.org/a/#later\">below</a>.</p>\n",
            ),
            (
                "A [“quote”][@wt] <a href=\"#x\">raw</a> <a href='#y'>y</a>.\n<!-- more -->\n",
                "<p>A <q>quote</q><sup class=\"citation\"><a href=\"https://e.org/a/#cite-1\">[1]</a></sup> <a href=\"https://e.org/a/#x\">raw</a> <a href='https://e.org/a/#y'>y</a>.</p>\n",
            ),
            (
                "<div><a href=\"#z\">z</a></div>\n\nText.\n<!-- more -->\n",
                "<div><a href=\"https://e.org/a/#z\">z</a></div>\n<p>Text.</p>\n",
            ),
            (
                "[other](@/b.md#x) [ext](https://x.org/#y) [rel](../c/#z) `href=\"#code\"`\n<!-- more -->\n",
                "<p><a href=\"https://e.org/b/#x\">other</a> <a href=\"https://x.org/#y\">ext</a> <a href=\"../c/#z\">rel</a> <code>href=\"#code\"</code></p>\n",
            ),
        ] {
            let r = render(body, &MarkdownOptions::default(), &OnPage);
            assert_eq!(r.summary.as_deref(), Some(expected), "{body:?}");
            // The page itself keeps its in-page links.
            assert!(!r.html.contains("https://e.org/a/"), "{}", r.html);
        }
        // Without the page's URL (unknown), links are left as they are.
        assert!(summary("[below](#later)\n<!-- more -->\n").contains("href=\"#later\""));
    }

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
    fn a_marker_in_a_raw_html_block_cuts_before_the_block() {
        let body = "Intro.\n\n<div class=\"x\">\n<p>Inside</p>\n<!-- more -->\n</div>\n\nAfter.\n";
        assert_eq!(summary(body), "<p>Intro.</p>\n");
        let s = summary("> Quoted.\n>\n> <div>\n> <!-- more -->\n> </div>\n");
        assert_eq!(s, "<blockquote>\n<p>Quoted.</p>\n</blockquote>\n");
    }

    #[test]
    fn closes_raw_inline_html_open_at_the_cut() {
        for (body, expected) in [
            (
                "A <span class=\"x\">quoted <!-- more --> words</span>.\n",
                "<p>A <span class=\"x\">quoted</span></p>\n",
            ),
            (
                "A <b><i>deep <!-- more --> x</i></b>\n",
                "<p>A <b><i>deep</i></b></p>\n",
            ),
            (
                "A <span>closed</span> then <!-- more --> x\n",
                "<p>A <span>closed</span> then</p>\n",
            ),
            (
                "Line<br> and <img src=\"a.png\"> <!-- more --> x\n",
                "<p>Line<br> and <img src=\"a.png\"></p>\n",
            ),
            (
                "- <em>item <!-- more --> x</em>\n",
                "<ul>\n<li><em>item</em></li>\n</ul>\n",
            ),
        ] {
            let s = summary(body);
            assert_eq!(s, expected, "{body:?}");
            assert_balanced(&s);
        }
    }

    #[test]
    fn closes_a_raw_html_block_that_markdown_fills() {
        let body = "<details>\n<summary>More</summary>\n\nMarkdown *inside*.\n\n<!-- more -->\n\nRest.\n\n</details>\n";
        let s = summary(body);
        assert_balanced(&s);
        assert!(
            s.ends_with("<p>Markdown <em>inside</em>.</p>\n</details>"),
            "{s}"
        );
        let s = summary("<div>\n\n- item <!-- more --> x\n\n</div>\n");
        assert!(s.ends_with("<li>item</li>\n</ul>\n</div>"), "{s}");
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
            "<span>x <!-- more --> y</span> ",
            "<b>z</b> ",
            "\n<div>\n<!-- more -->\n</div>\n\n",
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
