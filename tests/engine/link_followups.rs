//! Follow-ups of issue 12 (links and ids), through the real binary: raw HTML
//! is read by one rule in `build` and `check` (attribute names in any case,
//! comments ignored, every URL attribute); links on the site's host are the
//! site however spelled (port, case, http/https, dot segments); a plain link
//! to a draft says so; hints give the `@/` form; summaries link to their page;
//! ids a template computes cannot also be Markdown ids.

use crate::links::{page, run, site};

#[test]
fn build_and_check_read_raw_html_alike() {
    // Anchors: `ID=` counts, an id inside a comment does not.
    let body = "<DIV ID=\"anch4\">x</DIV>\n\n<!-- <a id=\"incomment\"></a> -->\n\n\
                [a](#anch4) [b](@/about.md#anch4)";
    let dir = site(
        "https://example.org/talks/",
        &[("content/about.md", &page("About", body))],
    );
    let (code, err) = run(dir.path(), &["build", "-q"]);
    assert_eq!(code, Some(0), "{err}");
    let (code, err) = run(dir.path(), &["check"]);
    assert_eq!(code, Some(0), "{err}");
    let body = "<!-- <a id=\"incomment\"></a> -->\n\n[b](@/about.md#incomment)";
    let dir = site(
        "https://example.org/talks/",
        &[("content/about.md", &page("About", body))],
    );
    let (code, err) = run(dir.path(), &["build", "-q"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("has no heading `#incomment`"), "{err}");
    assert!(err.contains("content/about.md:7:1"), "{err}");

    // Every URL attribute `check` reads is checked by the build too.
    for (html, url) in [
        (
            "<object data=\"/talks/img/nope2.svg\"></object>",
            "nope2.svg",
        ),
        ("<form action=\"/talks/nope3/\"></form>", "nope3"),
        ("<blockquote cite=\"/talks/nope4/\">q</blockquote>", "nope4"),
        (
            "<link rel=\"preload\" as=\"image\" imagesrcset=\"/talks/img/nope5.png 2x\">",
            "nope5.png",
        ),
    ] {
        let dir = site(
            "https://example.org/talks/",
            &[(
                "content/about.md",
                &page("About", &format!("Text.\n\n{html}")),
            )],
        );
        let (code, err) = run(dir.path(), &["build", "-q"]);
        assert_eq!(code, Some(1), "{html}: {err}");
        assert!(
            err.contains(url) && err.contains("content/about.md:7:"),
            "{html}: {err}"
        );
    }
}

/// Builds a site at base `https://example.org/talks/` whose about.md has
/// `body`, and returns (exit code, stderr) of `build` and of `check`.
fn build_and_check(body: &str, extra: &[(&str, &str)]) -> [(Option<i32>, String); 2] {
    let mut files = vec![("content/about.md", page("About", body))];
    files.extend(extra.iter().map(|(p, t)| (*p, t.to_string())));
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    let dir = site("https://example.org/talks/", &files);
    [
        run(dir.path(), &["build", "-q"]),
        run(dir.path(), &["check"]),
    ]
}

#[test]
fn links_on_the_site_host_are_checked_however_spelled() {
    for url in [
        "https://example.org:443/talks/nope/",
        "http://example.org/talks/nope/",
        "HTTPS://EXAMPLE.ORG/talks/nope/",
        "//example.org/talks/nope/",
    ] {
        for (code, err) in build_and_check(&format!("[x]({url})"), &[]) {
            assert_eq!(code, Some(1), "{url}: {err}");
            assert!(err.contains("there is no nope/index.html"), "{url}: {err}");
            assert!(err.contains("content/about.md:5:1"), "{url}: {err}");
        }
    }
    for url in [
        "http://example.org/talks/",
        "https://example.org:443/talks/about/",
    ] {
        for (code, err) in build_and_check(&format!("[x]({url})"), &[]) {
            assert_eq!(code, Some(0), "{url}: {err}");
        }
    }
}

#[test]
fn links_leaving_the_base_path_say_so_after_dot_segments() {
    for (url, hint) in [
        (
            "https://example.org/talks/../other/",
            "@/other/ (or /talks/other/)",
        ),
        ("//example.org/about/", "@/about/ (or /talks/about/)"),
        ("/talks/../other/", "@/other/ (or /talks/other/)"),
    ] {
        let [(code, err), _] = build_and_check(&format!("[x]({url})"), &[]);
        assert_eq!(code, Some(1), "{url}: {err}");
        assert!(
            err.contains("leaves the site's base path `/talks/`"),
            "{url}: {err}"
        );
        assert!(err.contains(hint), "{url}: {err}");
    }
}

#[test]
fn a_plain_link_to_a_draft_says_it_is_a_draft() {
    let draft = ("content/drafty.md", "---\ntitle: D\ndraft: true\n---\nD.\n");
    for url in [
        "../drafty/",
        "/talks/drafty/",
        "https://example.org/talks/drafty/#x",
        "../drafty",
    ] {
        let [(code, err), _] = build_and_check(&format!("[e]({url})"), &[draft]);
        assert_eq!(code, Some(1), "{url}: {err}");
        assert!(
            err.contains("`content/drafty.md` is a draft, left out without --drafts"),
            "{url}: {err}"
        );
        assert!(err.contains("--drafts"), "{err}");
    }
}

#[test]
fn relative_links_to_markdown_files_get_the_at_form() {
    let extra = [
        ("content/sources.md", "---\ntitle: S\n---\nS.\n"),
        (
            "content/timeline/first-event.md",
            "---\ntitle: F\n---\n## X\n",
        ),
    ];
    for (url, hint) in [
        ("../sources.md", "link Markdown files as @/sources.md"),
        ("sources.md", "link Markdown files as @/sources.md"),
        (
            "../timeline/first-event.md#x",
            "link Markdown files as @/timeline/first-event.md#x",
        ),
        (
            "timeline/first-event.md",
            "link Markdown files as @/timeline/first-event.md",
        ),
    ] {
        let [(code, err), _] = build_and_check(&format!("[e]({url})"), &extra);
        assert_eq!(code, Some(1), "{url}: {err}");
        assert!(err.contains(hint), "{url}: {err}");
    }
    // An `@/` link keeps its query.
    let [(code, err), _] = build_and_check("[e](@/sources.md?x=1#top)\n\n## Top", &extra);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("no heading `#top`"), "{err}");
    let [(code, err), (check, check_err)] =
        build_and_check("[e](@/about.md?x=1#top)\n\n## Top", &[]);
    assert_eq!((code, check), (Some(0), Some(0)), "{err}{check_err}");
}

#[test]
fn summaries_link_to_places_on_their_page() {
    let sources = "- id: wt\n  publisher: The Washington Times\n  title: A report\n";
    let body = "Claim [@wt] and [below](#later).\n\n<!-- more -->\n\n## Later\n\nMore.";
    let dir = site(
        "https://example.org/talks/",
        &[
            ("sources.yaml", sources),
            ("content/timeline/_index.md", "---\ntitle: Timeline\n---\n"),
            ("content/timeline/a.md", &page("A", body)),
            (
                "templates/section.html",
                "{% extends \"base.html\" %}{% block main %}\
                 {% for p in section.pages %}{{ p.summary | safe }}{% endfor %}{% endblock main %}",
            ),
        ],
    );
    let (code, err) = run(dir.path(), &["build", "-q"]);
    assert_eq!(code, Some(0), "{err}");
    let list = crate::common::read(dir.path(), "public/timeline/index.html");
    for href in ["timeline/a/#cite-1", "timeline/a/#later"] {
        assert!(
            list.contains(&format!("href=\"https://example.org/talks/{href}\"")),
            "{href}: {list}"
        );
    }
    let (code, err) = run(dir.path(), &["check"]);
    assert_eq!(code, Some(0), "{err}");
}

const SOURCES: &str = "- id: wt\n  publisher: The Washington Times\n  title: A report\n\
                       - id: north-atlantic-treaty\n  publisher: NATO\n  title: The treaty\n";

/// Builds (and checks) a site with `files` and sources; returns the two runs.
fn build_with_sources(files: &[(&str, &str)]) -> [(Option<i32>, String); 2] {
    let mut all = vec![("sources.yaml", SOURCES)];
    all.extend_from_slice(files);
    let dir = site("https://example.org/", &all);
    [
        run(dir.path(), &["build", "-q"]),
        run(dir.path(), &["check"]),
    ]
}

#[test]
fn ids_the_template_computes_cannot_be_markdown_ids_too() {
    for (body, at, message) in [
        (
            "Claim [@wt].\n\n## A {#cite-1}\n",
            "content/about.md:7:1",
            "heading id `cite-1` is also written by the template page.html on about/index.html",
        ),
        (
            "Claim [@wt].\n\nText <span id=\"cite-1\">x</span>.\n",
            "content/about.md:7:",
            "id `cite-1` is also written by the template",
        ),
        (
            "<div id=\"x\">a</div>\n\nText.\n\n<div id=\"x\">b</div>\n",
            "content/about.md:9:",
            "id `x` is written twice in this page's HTML",
        ),
    ] {
        for (code, err) in build_with_sources(&[("content/about.md", &page("About", body))]) {
            assert_eq!(code, Some(1), "{body:?}: {err}");
            assert!(err.contains(message), "{body:?}: {err}");
            assert!(err.contains(at), "{body:?}: {err}");
            assert!(!err.contains("public/"), "{body:?}: {err}");
        }
    }
    // The sources page writes each source's id.
    let sources_page =
        "---\ntitle: Sources\ntemplate: sources.html\n---\n\n## North Atlantic Treaty\n";
    let [(code, err), _] = build_with_sources(&[("content/sources.md", sources_page)]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains(
            "heading id `north-atlantic-treaty` is also written by the template sources.html"
        ),
        "{err}"
    );
    assert!(err.contains("content/sources.md:6:1"), "{err}");
    // A generated id never is a citation's `cite-N`.
    for (code, err) in build_with_sources(&[(
        "content/about.md",
        &page("About", "Claim [@wt].\n\n## Cite 1\n"),
    )]) {
        assert_eq!(code, Some(0), "{err}");
    }
    // Without a clash, all is well.
    for (code, err) in build_with_sources(&[(
        "content/about.md",
        &page(
            "About",
            "Claim [@wt].\n\n## Cite\n\n<a id=\"cite-2\"></a>\n",
        ),
    )]) {
        assert_eq!(code, Some(0), "{err}");
    }
}

#[test]
fn the_starters_computed_ids_cannot_be_heading_ids_too() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("site");
    briefing::scaffold(&root).expect("scaffold");
    let (code, err) = run(&root, &["build", "-q"]);
    assert_eq!(code, Some(0), "{err}");
    let before = crate::common::tree(&root.join("public"));
    let section = root.join("content/timeline/_index.md");
    let text = std::fs::read_to_string(&section).expect("read");
    std::fs::write(&section, format!("{text}\n## Year 1949\n")).expect("write");
    let (code, err) = run(&root, &["build", "-q"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("heading id `year-1949` is also written by the template timeline.html"),
        "{err}"
    );
    assert!(err.contains("content/timeline/_index.md:"), "{err}");
    assert!(
        crate::common::tree(&root.join("public")) == before,
        "output untouched on an error"
    );
}

#[test]
fn the_page_being_rendered_has_its_toc_and_listed_pages_do_not() {
    // Like `content`, a page's table of contents is in its own value only:
    // a section's `pages` and `get_page` leave it out (docs/templates.md).
    let body = "Intro.\n\n## First\n\n### Inner\n\n## Second\n";
    let dir = site(
        "https://example.org/",
        &[
            (
                "content/timeline/_index.md",
                "---\ntitle: Timeline\n---\n\n## Section heading\n",
            ),
            ("content/timeline/a.md", &page("A", body)),
            (
                "templates/section.html",
                "{% extends \"base.html\" %}{% block main %}\
                 own:{% for h in section.toc %}{{ h.title }};{% endfor %}\
                 {% for p in section.pages %}listed:{{ p.title }}:{{ p.toc is defined }}:{{ p.content is defined }}{% endfor %}\
                 {% set other = get_page(path=\"timeline/a.md\") %}got:{{ other.toc is defined }}\
                 {% endblock main %}",
            ),
            (
                "templates/page.html",
                "{% extends \"base.html\" %}{% block main %}\
                 {% for h in page.toc %}{{ h.level }}-{{ h.id }}-{{ h.title }}[{% for c in h.children %}{{ c.title }}{% endfor %}];{% endfor %}\
                 {% endblock main %}",
            ),
        ],
    );
    let (code, err) = run(dir.path(), &["build", "-q"]);
    assert_eq!(code, Some(0), "{err}");
    let own = crate::common::read(dir.path(), "public/timeline/a/index.html");
    assert!(
        own.contains("2-first-First[Inner];2-second-Second[];"),
        "{own}"
    );
    let list = crate::common::read(dir.path(), "public/timeline/index.html");
    for expected in ["own:Section heading;", "listed:A:false:false", "got:false"] {
        assert!(list.contains(expected), "{expected}: {list}");
    }
}
