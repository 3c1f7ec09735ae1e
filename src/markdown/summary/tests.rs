//! Tests of summaries: where they are cut and how their links are rewritten.

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

use super::super::tests::{assert_html_has, md, random};
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
    let s = summary("> A quoted summary\n> <!-- more -->\n> and the rest of the quote.\n\nBody.\n");
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
    assert_html_has(&r, "&lt;!-- more --&gt;");
}

#[test]
fn a_marker_in_a_heading_cuts_after_it() {
    let r = md("Intro.\n\n## Title <!-- more -->\n\nBody.\n");
    let s = r.summary.clone().unwrap_or_default();
    assert_balanced(&s);
    assert!(s.contains("Title") && !s.contains("Body"), "{s}");
    assert_html_has(&r, "id=\"title\"");
}

#[test]
fn leaves_out_footnotes_and_heading_ids() {
    let body = "## Intro\n\nA claim.[^1] More <!-- more --> rest.\n\n[^1]: The note.\n";
    let r = md(body);
    let s = r.summary.clone().unwrap_or_default();
    assert_eq!(s, "<h2>Intro</h2>\n<p>A claim. More</p>\n");
    assert_html_has(&r, "<h2 id=\"intro\">");
    assert_html_has(&r, "footnote-reference");
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
