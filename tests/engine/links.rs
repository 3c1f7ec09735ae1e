//! Links written in Markdown (issue 12): `@/` reaches files as well as pages
//! under any base_url sub-path; ids in raw HTML are anchors; a link that
//! leaves the base path or names nothing fails at its Markdown line in
//! `build`, `serve` (the session's update) and `check` alike; a link to a
//! draft says so; `check`'s hints name the page meant; duplicate ids fail
//! `check`; the portable 404 page works at any depth.

use std::path::Path;

use briefing::BuildOptions;
use briefing::Session;

use crate::common::*;

/// A site in a temp folder: site.toml with `base_url`, and `files` (path, text).
pub(crate) fn site(base_url: &str, files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "site.toml",
        &format!("title = \"Links\"\nbase_url = \"{base_url}\"\nlanguage = \"en\"\n"),
    );
    write(
        dir.path(),
        "content/_index.md",
        "---\ntitle: Home\n---\nHome.\n",
    );
    for (path, text) in files {
        write(dir.path(), path, text);
    }
    dir
}

pub(crate) fn write(root: &Path, path: &str, text: &str) {
    let path = root.join(path);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

pub(crate) fn page(title: &str, body: &str) -> String {
    format!("---\ntitle: {title}\n---\n\n{body}\n")
}

/// Runs `args` and returns (exit code, stderr).
pub(crate) fn run(dir: &Path, args: &[&str]) -> (Option<i32>, String) {
    let output = briefing(args, dir);
    (output.status.code(), stderr(&output))
}

#[test]
fn reaches_co_located_and_static_files_under_a_sub_path_and_check_agrees() {
    let map = page(
        "The map",
        "[figures](@/files/figures.csv), [logo](@/img/logo.svg), [page](@/notes.md), [csv again](../files/figures.csv), [folder](@/My%20Files/a.txt)",
    );
    for base in ["https://example.org/", "https://example.org/talks/"] {
        let dir = site(
            base,
            &[
                ("content/map.md", &map),
                ("content/notes.md", &page("Notes", "Notes.")),
                ("content/files/figures.csv", "a,b\n"),
                ("content/My Files/a.txt", "a"),
                ("static/img/logo.svg", "<svg/>"),
            ],
        );
        build_ok(dir.path(), &[]);
        let html = read(dir.path(), "public/map/index.html");
        for path in [
            "files/figures.csv",
            "img/logo.svg",
            "notes/",
            "my-files/a.txt",
        ] {
            assert!(
                html.contains(&format!("href=\"{base}{path}\"")),
                "{base}{path}: {html}"
            );
        }
        let (code, message) = run(dir.path(), &["check"]);
        assert_eq!(code, Some(0), "{base}: {message}");
    }
}

#[test]
fn accepts_anchors_written_as_raw_html_in_build_and_check() {
    let dir = site(
        "https://example.org/",
        &[
            (
                "content/io.md",
                &page(
                    "IO",
                    "See [traits](@/traits.md#traits-as-parameters), [old](@/traits.md#old-name) and [single](@/traits.md#single).",
                ),
            ),
            (
                "content/traits.md",
                &page(
                    "Traits",
                    "<a id=\"traits-as-parameters\"></a>\n\n## Using Traits as Parameters\n\nText <a name=\"old-name\"></a> and <span id='single'>x</span>.",
                ),
            ),
        ],
    );
    build_ok(dir.path(), &[]);
    let html = read(dir.path(), "public/io/index.html");
    assert!(
        html.contains("href=\"https://example.org/traits/#traits-as-parameters\""),
        "{html}"
    );
    let (code, message) = run(dir.path(), &["check"]);
    assert_eq!(code, Some(0), "{message}");
    // An id that is nowhere stays an error, naming the ids there are.
    write(
        dir.path(),
        "content/io.md",
        &page("IO", "See [traits](@/traits.md#nowhere)."),
    );
    for command in ["build", "check"] {
        let (code, message) = run(dir.path(), &[command]);
        assert_eq!(code, Some(1), "{command}: {message}");
        assert!(
            message.contains("content/io.md:5:5"),
            "{command}: {message}"
        );
        assert!(message.contains("#traits-as-parameters"), "{message}");
    }
}

#[test]
fn links_leaving_the_base_path_or_naming_nothing_fail_at_the_markdown_line() {
    let cases = [
        (
            "[figures](/files/figures.csv)",
            "leaves the site's base path `/talks/`",
        ),
        ("[up](../../../x.csv)", "leaves the site's base path"),
        (
            "[abs](https://example.org/elsewhere/)",
            "leaves the site's base path",
        ),
        (
            "[nothing](../files/nothing.csv)",
            "there is no files/nothing.csv",
        ),
        (
            "![img](@/img/missing.png)",
            "broken internal link: `@/img/missing.png` names no file below content/ or static/",
        ),
        ("[page](../nope/)", "there is no nope/index.html"),
        (
            "[site](www.example.com)",
            "needs its scheme: https://www.example.com",
        ),
        (
            "[abs](https://example.org/talks/gone/)",
            "there is no gone/index.html",
        ),
    ];
    for (link, expected) in cases {
        let dir = site(
            "https://example.org/talks/",
            &[
                ("content/map.md", &page("Map", &format!("Line.\n\n{link}"))),
                ("static/files/figures.csv", "a,b\n"),
            ],
        );
        for command in ["build", "check"] {
            let (code, message) = run(dir.path(), &[command]);
            assert_eq!(code, Some(1), "{link} {command}: {message}");
            assert!(
                message.contains("content/map.md:7:1"),
                "{link} {command}: {message}"
            );
            assert!(message.contains(expected), "{link} {command}: {message}");
            assert!(!message.contains("public/"), "{link} {command}: {message}");
            assert!(!message.contains("panicked"), "{message}");
        }
        assert!(!dir.path().join("public").exists(), "{link}: nothing built");
    }
}

#[test]
fn plain_links_that_resolve_build_and_check() {
    let dir = site(
        "https://example.org/talks/",
        &[
            (
                "content/map.md",
                &page(
                    "Map",
                    "[a](../notes/) [b](/talks/files/figures.csv) [c](https://example.org/talks/notes/#x) [d](../atom.xml) [e](#top) [f](https://other.org/x) [g](mailto:a@b.org) [h](../notes)",
                ),
            ),
            ("content/notes.md", &page("Notes", "## X")),
            ("static/files/figures.csv", "a,b\n"),
        ],
    );
    build_ok(dir.path(), &[]);
}

#[test]
fn serve_updates_fail_at_the_markdown_line_too() {
    let dir = site(
        "https://example.org/talks/",
        &[
            ("content/map.md", &page("Map", "Fine.")),
            ("static/files/figures.csv", "a,b\n"),
        ],
    );
    let mut session = Session::new(BuildOptions {
        root: dir.path().to_path_buf(),
        ..BuildOptions::default()
    });
    session.build().expect("first build");
    let map = dir.path().join("content/map.md");
    for (body, expected) in [
        ("[x](/files/figures.csv)", "leaves the site's base path"),
        ("[x](../files/nothing.csv)", "there is no files/nothing.csv"),
    ] {
        std::fs::write(&map, page("Map", body)).expect("write");
        let errors = session.update(std::slice::from_ref(&map)).err();
        let message = errors.map(|e| e.to_string()).unwrap_or_default();
        assert!(message.contains("content/map.md:5:1"), "{body}: {message}");
        assert!(message.contains(expected), "{body}: {message}");
    }
    std::fs::write(&map, page("Map", "[x](@/files/figures.csv)")).expect("write");
    session.update(std::slice::from_ref(&map)).expect("fixed");
}

#[test]
fn a_link_to_a_draft_says_it_is_a_draft() {
    let dir = site(
        "https://example.org/",
        &[
            (
                "content/draft.md",
                "---\ntitle: Not ready\ndraft: true\n---\nDraft.\n",
            ),
            (
                "content/page.md",
                &page("Page", "More in [the next part](@/draft.md)."),
            ),
        ],
    );
    let (code, message) = run(dir.path(), &["build"]);
    assert_eq!(code, Some(1), "{message}");
    assert!(message.contains("content/page.md:5:9"), "{message}");
    assert!(
        message.contains("`content/draft.md` is a draft, left out without --drafts"),
        "{message}"
    );
    assert!(!message.contains("no page at"), "{message}");
    build_ok(dir.path(), &["--drafts"]);
}

#[test]
fn an_alias_equal_to_the_page_url_says_so() {
    let dir = site(
        "https://example.org/",
        &[(
            "content/moved.md",
            "---\ntitle: Moved\naliases:\n  - /moved/\n---\nText.\n",
        )],
    );
    let (code, message) = run(dir.path(), &["build"]);
    assert_eq!(code, Some(1), "{message}");
    assert!(message.contains("content/moved.md:4:"), "{message}");
    assert!(
        message.contains("alias `/moved/` is this page's own URL"),
        "{message}"
    );
    assert!(!message.contains("both produce"), "{message}");
}

#[test]
fn check_hints_name_the_page_meant_at_the_markdown_line() {
    let dir = site(
        "https://example.org/",
        &[
            (
                "content/ch01-keywords.md",
                &page(
                    "Keywords",
                    "See [Appendix E](ch05-editions.html) and [the install page](ch02-install.md) for more.",
                ),
            ),
            ("content/ch02-install.md", &page("Install", "Install.")),
            ("content/ch05-editions.md", &page("Editions", "Editions.")),
        ],
    );
    let (code, message) = run(dir.path(), &["check"]);
    assert_eq!(code, Some(1), "{message}");
    assert!(
        message.contains("content/ch01-keywords.md:5:5"),
        "{message}"
    );
    assert!(
        message.contains("content/ch01-keywords.md:5:42"),
        "{message}"
    );
    assert!(
        message.contains("did you mean ../ch05-editions/ (content/ch05-editions.md)?"),
        "{message}"
    );
    assert!(
        message.contains("link Markdown files as @/ch02-install.md"),
        "{message}"
    );
    assert!(!message.contains("mean ../ch01-keywords"), "{message}");
    assert!(!message.contains("public/"), "{message}");
}

#[test]
fn check_locates_raw_html_links_at_the_markdown_line() {
    let dir = site(
        "https://example.org/",
        &[(
            "content/a.md",
            &page("A", "Line.\n\n<a href=\"#nowhere\">x</a> and [y](#gone)"),
        )],
    );
    build_ok(dir.path(), &[]);
    let (code, message) = run(dir.path(), &["check"]);
    assert_eq!(code, Some(1), "{message}");
    assert!(message.contains("content/a.md:7:10"), "{message}");
    assert!(message.contains("content/a.md:7:34"), "{message}");
    assert!(!message.contains("public/"), "{message}");
}

#[test]
fn check_fails_on_a_duplicate_id_from_a_user_template() {
    let dir = site(
        "https://example.org/",
        &[
            ("content/a.md", &page("A", "Text.")),
            (
                "templates/page.html",
                "<!doctype html>\n<html lang=\"en\"><head><title>{{ page.title }}</title></head>\n<body><div id=\"box\"></div>\n<div id=\"box\">{{ page.content | safe }}</div></body></html>\n",
            ),
        ],
    );
    build_ok(dir.path(), &[]);
    let (code, message) = run(dir.path(), &["check"]);
    assert_eq!(code, Some(1), "{message}");
    assert!(
        message.contains("duplicate id `box` on a/index.html"),
        "{message}"
    );
    assert!(message.contains("a/index.html:4:"), "{message}");
}

/// The URL a link on the 404 page leads to when a server shows that page in
/// place of `missing` (an absolute URL): `href` resolved as a browser does.
fn resolve(missing: &str, href: &str) -> String {
    if href.contains("://") {
        return href.to_string();
    }
    let origin_end = missing[8..].find('/').map_or(missing.len(), |i| i + 8);
    let origin = &missing[..origin_end];
    if href.starts_with('/') {
        return format!("{origin}{href}");
    }
    let folder = &missing[..missing.rfind('/').unwrap_or(missing.len()) + 1];
    let mut segments: Vec<&str> = folder[origin_end + 1..]
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    for part in href.split('/') {
        match part {
            ".." => {
                segments.pop();
            }
            "." | "" => {}
            other => segments.push(other),
        }
    }
    format!("{origin}/{}", segments.join("/"))
}

#[test]
fn portable_404_page_resolves_its_links_at_any_depth() {
    let base = "https://example.org/sub/";
    let dir = site(base, &[("content/a.md", &page("A", "Text."))]);
    build_ok(dir.path(), &["--portable"]);
    let out = dir.path().join("public");
    let html = read(&out, "404.html");
    let mut urls: Vec<&str> = Vec::new();
    for attribute in ["href=\"", "src=\""] {
        for piece in html.split(attribute).skip(1) {
            urls.push(piece.split('"').next().unwrap_or(""));
        }
    }
    assert!(urls.iter().any(|u| u.ends_with("style.css")), "{html}");
    for missing in [
        "https://example.org/sub/missing",
        "https://example.org/sub/a/b/c/missing",
    ] {
        for url in &urls {
            if url.starts_with('#') || url.starts_with("mailto:") {
                continue;
            }
            let resolved = resolve(missing, url);
            let Some(path) = resolved.strip_prefix(base) else {
                panic!("{url} on 404.html at {missing} leads to {resolved}");
            };
            let path = path.split(['#', '?']).next().unwrap_or("");
            let file = if path.is_empty() || path.ends_with('/') {
                format!("{path}index.html")
            } else {
                path.to_string()
            };
            assert!(
                out.join(&file).is_file(),
                "{url} on 404.html at {missing}: no {file}"
            );
        }
    }
    // Other pages stay relative.
    let page = read(&out, "a/index.html");
    assert!(page.contains("href=\"../style.css\""), "{page}");
}

#[test]
fn srcset_urls_with_commas_are_checked_and_made_portable() {
    let dir = site(
        "https://example.org/sub/",
        &[
            (
                "content/a.md",
                &page(
                    "A",
                    "<img src=\"/sub/img/a,b.png\" srcset=\"/sub/img/a,b.png 1x, /sub/img/c.png 2x\" alt=\"\">",
                ),
            ),
            ("static/img/a,b.png", "png"),
            ("static/img/c.png", "png"),
        ],
    );
    let (code, message) = run(dir.path(), &["check"]);
    assert_eq!(code, Some(0), "{message}");
    build_ok(dir.path(), &["--portable"]);
    let html = read(dir.path(), "public/a/index.html");
    assert!(
        html.contains("srcset=\"../img/a,b.png 1x, ../img/c.png 2x\""),
        "{html}"
    );
    std::fs::remove_file(dir.path().join("static/img/c.png")).expect("rm");
    let (code, message) = run(dir.path(), &["check"]);
    assert_eq!(code, Some(1), "{message}");
    assert!(message.contains("there is no img/c.png"), "{message}");
    assert!(message.contains("content/a.md:5:"), "{message}");
}
