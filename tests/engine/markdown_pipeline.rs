//! Markdown through the real binary (issue 12): every id on a built page is
//! unique (heading ids avoid the template's and the footnotes' ids; a repeated
//! or clashing `{#id}` is an error at its line), only the documented citation
//! forms are citations, headings take their ids and contents entries from
//! their visible words, and summaries are balanced HTML wherever
//! `<!-- more -->` stands. The `markdown` fixture has its own minimal
//! templates, so its snapshots change only when Markdown rendering does.

use std::collections::BTreeMap;

use crate::common::*;

/// The values of every `id` attribute in `html`, in order.
fn ids(html: &str) -> Vec<&str> {
    html.split(" id=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect()
}

/// Ids that appear more than once in `html`.
fn repeated_ids(html: &str) -> Vec<&str> {
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for id in ids(html) {
        *count.entry(id).or_default() += 1;
    }
    count
        .into_iter()
        .filter(|&(_, n)| n > 1)
        .map(|(id, _)| id)
        .collect()
}

fn built_markdown_fixture() -> tempfile::TempDir {
    let site = copy_fixture("markdown");
    build_ok(site.path(), &[]);
    site
}

/// A page of the built `markdown` fixture, which holds all of `expected`.
fn built_page_with(relative: &str, expected: &[&str]) -> String {
    let site = built_markdown_fixture();
    let html = read(&site.path().join("public"), relative);
    assert_contains_all(&html, expected);
    html
}

fn assert_contains_all(html: &str, expected: &[&str]) {
    for text in expected {
        assert!(html.contains(text), "lacks {text:?}:\n{html}");
    }
}

/// The fixture with these pages added fails to build, saying all of `expected`.
fn assert_build_fails(pages: &[(&str, &str)], expected: &[&str]) {
    let site = copy_fixture("markdown");
    for (name, body) in pages {
        std::fs::write(site.path().join("content").join(name), body).expect("write page");
    }
    let output = briefing(&["build"], site.path());
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert_contains_all(&err, expected);
}

#[test]
fn every_built_page_has_unique_ids() {
    let site = built_markdown_fixture();
    let public = site.path().join("public");
    let pages: Vec<String> = tree(&public)
        .into_keys()
        .filter(|path| path.ends_with(".html"))
        .collect();
    assert!(pages.len() >= 5, "{pages:?}");
    for page in pages {
        let html = read(&public, &page);
        assert!(
            repeated_ids(&html).is_empty(),
            "{page}: {:?}",
            repeated_ids(&html)
        );
    }
}

#[test]
fn heading_ids_avoid_template_footnote_and_hand_set_ids() {
    let html = built_page_with(
        "ids/index.html",
        &[
            "<h2 id=\"main-1\">Main</h2>",
            "<h2 id=\"contents-1\">Contents</h2>",
            "<h2 id=\"title-1\">Title</h2>",
            "<h2 id=\"own-title\">Title</h2>",
            "<h2 id=\"notes-1\">Notes</h2>",
            "<h2 id=\"notes-2\">Notes</h2>",
            "<div class=\"footnote-definition\" id=\"notes\">",
            "<a id=\"day-one\"></a>",
            "<h2 id=\"day-one-1\">Day one</h2>",
            "<a href=\"#notes\">1</a>",
        ],
    );
    assert_snapshot("markdown", "ids.html", &html);
}

#[test]
fn heading_ids_and_contents_come_from_visible_words() {
    let html = built_page_with(
        "ids/index.html",
        &[
            "<li><a href=\"#claims\">Claims</a>",
            "<h2 id=\"claims\">Claims<sup class=\"citation\">",
            "<a href=\"#he-said-no-deal-twice\">He said “no deal” twice</a>",
        ],
    );
    assert!(
        !html.contains("@wt") && !html.contains("claims-wt"),
        "{html}"
    );
}

#[test]
fn the_default_theme_ids_are_avoided() {
    let site = copy_fixture("markdown");
    std::fs::remove_file(site.path().join("templates/page.html")).expect("use the theme's page");
    build_ok(site.path(), &[]);
    let html = read(&site.path().join("public"), "ids/index.html");
    assert!(
        html.contains("<main id=\"main\""),
        "the theme writes id=main:\n{html}"
    );
    assert!(html.contains("<h2 id=\"main-1\">Main</h2>"), "{html}");
    assert!(repeated_ids(&html).is_empty(), "{:?}", repeated_ids(&html));
}

#[test]
fn only_documented_forms_are_citations() {
    let html = built_page_with(
        "links/index.html",
        &[
            "<a href=\"cite:wt\">inline link</a>",
            "<a href=\"cite:wt\">cite:wt</a>",
            "<a href=\"cite:wt\" title=\"A title\">reference link</a>",
            "<img src=\"cite:wt\" alt=\"alt\">",
            "A real citation<sup class=\"citation\"><a href=\"#cite-1\">[1]</a></sup>",
            "a collapsed one<sup class=\"citation\">",
            "<q cite=\"https://example.org/report\">exact words</q><sup class=\"citation\">",
        ],
    );
    assert_eq!(html.matches("class=\"citation\"").count(), 3, "{html}");
    assert_snapshot("markdown", "links.html", &html);
}

#[test]
fn summaries_are_balanced_wherever_the_marker_stands() {
    let html = built_page_with(
        "notes/index.html",
        &[
            "<div class=\"card\"><p>This paragraph has the summary marker</p>\n</div>",
            "<div class=\"card\"><blockquote>\n<p>A quoted summary</p>\n</blockquote>\n</div>",
            "<li>nested <em>emphasis</em></li>\n</ul>\n</li>\n</ul>\n</div>",
            "<div class=\"card\"><p>Text in <span class=\"note\">a span</span></p>\n</div>",
        ],
    );
    for tag in ["p", "blockquote", "ul", "li", "em", "div", "span"] {
        let opened =
            html.matches(&format!("<{tag}>")).count() + html.matches(&format!("<{tag} ")).count();
        let closed = html.matches(&format!("</{tag}>")).count();
        assert_eq!(opened, closed, "<{tag}> unbalanced:\n{html}");
    }
    assert!(
        !html.contains("class=\"footnote"),
        "no footnotes in summaries:\n{html}"
    );
    assert!(
        !html.contains("cut") && !html.contains("The rest"),
        "{html}"
    );
    assert_snapshot("markdown", "notes.html", &html);
}

#[test]
fn a_repeated_hand_set_id_fails_at_its_line() {
    let twice = "---\ntitle: Twice\n---\n## One {#x}\n\nText.\n\n## Two {#x}\n";
    assert_build_fails(
        &[("twice.md", twice)],
        &["content/twice.md:8:", "heading id `x` is set twice"],
    );
}

#[test]
fn a_hand_set_id_taken_by_the_template_or_a_footnote_fails_at_its_line() {
    let skip = "---\ntitle: Skip\n---\nText.\n\n## Skip {#main}\n";
    let note = "---\ntitle: Note\n---\n## Notes {#n}\n\nA claim.[^n]\n\n[^n]: Text.\n";
    assert_build_fails(
        &[("skip.md", skip), ("note.md", note)],
        &[
            "content/skip.md:6:",
            "heading id `main` is already used by the templates",
            "content/note.md:4:",
            "also the id of the footnote `[^n]`",
        ],
    );
}
