//! Issue 13, editorial integrity through the real binary: citation coverage
//! (`require_citations`), corrections and updates, and sources dated after
//! the site's `as_of`.

use crate::common::*;

const SITE_TOML: &str = "title = \"T\"\nbase_url = \"https://example.org/\"\nas_of = 2025-12-15\n\n[sections.explainers]\nrequire_citations = true\n";

const SOURCES: &str = "- id: wt\n  publisher: The Paper\n  date: 2025-12-15\n  title: A report\n- id: later\n  publisher: The Paper\n  date: 2025-12-20\n  title: A later report\n- id: undated\n  publisher: An Office\n  title: A treaty\n";

const EXPLAINER: &str = "---\ntitle: Guarantees\ndate: 2025-12-15\n---\nOfficials spoke of guarantees [@wt].\n\n- One point [@wt].\n- {analysis} Our reading of it.\n\n## Background\n\n> A quote block [“words”][@wt].\n";

/// A small site in a temp folder: the files above, and `files` on top.
fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let base: &[(&str, &str)] = &[
        ("site.toml", SITE_TOML),
        ("sources.yaml", SOURCES),
        (
            "content/_index.md",
            "---\ntitle: Home\n---\nNo rule here.\n",
        ),
        (
            "content/explainers/_index.md",
            "---\ntitle: Explainers\n---\nShort explainers [@wt].\n",
        ),
        ("content/explainers/guarantees.md", EXPLAINER),
    ];
    for (path, text) in base.iter().chain(files) {
        let file = dir.path().join(path);
        std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
        std::fs::write(file, text).expect("write");
    }
    dir
}

fn append(dir: &tempfile::TempDir, file: &str, text: &str) {
    let path = dir.path().join(file);
    let old = std::fs::read_to_string(&path).expect("read");
    std::fs::write(path, old + text).expect("write");
}

#[test]
fn a_fully_cited_section_passes_check_strict_and_labels_analysis() {
    let dir = site(&[]);
    let output = briefing(&["check", "--strict"], dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let output = build_ok(dir.path(), &[]);
    assert!(!stderr(&output).contains("uncited"), "{}", stderr(&output));
    let html = read(dir.path(), "public/explainers/guarantees/index.html");
    assert!(
        html.contains("<span class=\"analysis-label\">Analysis:</span> Our reading of it."),
        "{html}"
    );
    assert!(!html.contains("{analysis}"));
}

#[test]
fn an_uncited_paragraph_appended_to_an_explainer_fails_check_strict_at_its_line() {
    let dir = site(&[]);
    // The explainer ends at line 12; the new paragraph is line 14.
    append(
        &dir,
        "content/explainers/guarantees.md",
        "\nAn uncited claim.\n\n- and an uncited item\n",
    );
    let output = briefing(&["check", "--strict"], dir.path());
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(
        message.contains("content/explainers/guarantees.md:14:1"),
        "{message}"
    );
    assert!(
        message.contains("content/explainers/guarantees.md:16:1"),
        "{message}"
    );
    assert!(message.contains("uncited"), "{message}");
    assert!(
        message.contains("{analysis}"),
        "the hint names the marker: {message}"
    );
    // `build` warns but builds.
    let output = build_ok(dir.path(), &[]);
    let warnings = stderr(&output);
    assert!(warnings.contains("uncited"), "{warnings}");
    assert_eq!(warnings.matches("uncited:").count(), 2, "{warnings}");
    // Without --strict, check passes with the warnings.
    let output = briefing(&["check"], dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    // Sections without the setting are not checked.
    append(&dir, "content/_index.md", "\nAnother uncited claim.\n");
    let output = build_ok(dir.path(), &[]);
    assert_eq!(stderr(&output).matches("uncited:").count(), 2);
}

#[test]
fn an_uncited_paragraph_appended_to_the_repository_explainer_is_found_at_its_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&root.join("content"), &dir.path().join("content"));
    std::fs::copy(root.join("sources.yaml"), dir.path().join("sources.yaml")).expect("copy");
    let toml = std::fs::read_to_string(root.join("site.toml")).expect("site.toml");
    // The repository's site may already require citations in its explainers.
    let explainers = toml.split("[sections.explainers]").nth(1).unwrap_or("");
    let explainers = explainers.split("\n[").next().unwrap_or("");
    let toml = if explainers.contains("require_citations = true") {
        toml
    } else {
        toml.replacen(
            "[sections.explainers]\n",
            "[sections.explainers]\nrequire_citations = true\n",
            1,
        )
    };
    std::fs::write(dir.path().join("site.toml"), toml).expect("write");
    let file = dir.path().join("content/explainers/article-5.md");
    let text = std::fs::read_to_string(&file).expect("read");
    let line = text.lines().count() + 2;
    std::fs::write(
        &file,
        format!("{text}\nAn uncited claim about Article 5.\n"),
    )
    .expect("write");
    let output = briefing(&["check", "--strict"], dir.path());
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains(&format!("content/explainers/article-5.md:{line}:1")),
        "line {line}: {message}"
    );
}

#[test]
fn warns_about_a_cited_source_dated_after_as_of_at_its_first_citation() {
    let dir = site(&[(
        "content/news.md",
        "---\ntitle: News\n---\nFirst [@undated].\n\nThen [@later] and again [@later].\n",
    )]);
    let output = build_ok(dir.path(), &[]);
    let warnings = stderr(&output);
    assert!(warnings.contains("content/news.md:6:6"), "{warnings}");
    assert!(
        warnings.contains("source `later` is dated 2025-12-20"),
        "{warnings}"
    );
    assert!(warnings.contains("as_of (2025-12-15)"), "{warnings}");
    assert_eq!(
        warnings.matches("is dated").count(),
        1,
        "once per page and source: {warnings}"
    );
    let output = briefing(&["check", "--strict"], dir.path());
    assert_eq!(output.status.code(), Some(1));
    // A source of the as_of day itself is fine; so is a site without as_of.
    let toml = SITE_TOML.replace("as_of = 2025-12-15\n", "");
    std::fs::write(dir.path().join("site.toml"), toml).expect("write");
    let output = build_ok(dir.path(), &[]);
    assert!(!stderr(&output).contains("is dated"), "{}", stderr(&output));
}

const CORRECTED: &str = "---\ntitle: Territory\ndate: 2025-12-15\ncorrections:\n  - date: 2025-12-16\n    text: An earlier version attributed to US officials as a group words that one official said.\n  - date: 2025-12-18\n    text: Fixed the date of the briefing.\nupdates:\n  - date: 2025-12-17\n    text: Added Ukraine's position on territory.\n---\nTerritory is open [@wt].\n";

const EVENT: &str = "---\ntitle: Briefing\ndate: 2025-12-15\nstatus: happened\ncorrections:\n  - date: 2025-12-17\n    text: The briefing was on Monday.\n---\nOfficials briefed reporters [@wt].\n";

/// The values of `<tag>` elements in `xml`, in order.
fn values<'a>(xml: &'a str, tag: &str) -> Vec<&'a str> {
    let open = format!("<{tag}>");
    xml.split(&open)
        .skip(1)
        .filter_map(|rest| rest.split('<').next())
        .collect()
}

/// The text of `page`'s JSON-LD script.
fn json_ld(html: &str) -> serde_json::Value {
    let start = html
        .find("<script type=\"application/ld+json\">")
        .expect("JSON-LD")
        + "<script type=\"application/ld+json\">".len();
    let end = html[start..].find("</script>").expect("closed") + start;
    serde_json::from_str(&html[start..end]).expect("valid JSON")
}

#[test]
fn a_corrected_page_shows_its_corrections_and_the_site_lists_them_newest_first() {
    let dir = site(&[
        ("content/explainers/territory.md", CORRECTED),
        ("content/timeline/briefing.md", EVENT),
    ]);
    let output = build_ok(dir.path(), &[]);
    assert!(!stderr(&output).contains("warning"), "{}", stderr(&output));
    let html = read(dir.path(), "public/explainers/territory/index.html");
    let block = html
        .split("<section class=\"corrections\" aria-labelledby=\"page-corrections\">")
        .nth(1)
        .and_then(|rest| rest.split("</section>").next())
        .expect("a corrections block");
    assert!(
        block.contains("<h2 id=\"page-corrections\">Corrections and updates</h2>"),
        "{block}"
    );
    let newest = block
        .find("Fixed the date of the briefing.")
        .expect("newest");
    let older = block.find("An earlier version attributed").expect("older");
    assert!(newest < older, "newest first: {block}");
    assert!(
        block.contains("<time datetime=\"2025-12-18\">18 December 2025</time>"),
        "{block}"
    );
    assert!(
        block.contains("Added Ukraine&#39;s position")
            || block.contains("Added Ukraine's position"),
        "{block}"
    );
    assert!(
        block.contains("href=\"https://example.org/corrections/\""),
        "{block}"
    );
    // Near the top: before the body.
    assert!(html.find("page-corrections") < html.find("Territory is open"));
    // The site-wide page: every correction and update, newest first, linked from the footer.
    let page = read(dir.path(), "public/corrections/index.html");
    let order: Vec<usize> = [
        "Fixed the date of the briefing.",
        "The briefing was on Monday.",
        "Added Ukraine",
        "An earlier version attributed",
    ]
    .iter()
    .map(|text| {
        page.find(text)
            .unwrap_or_else(|| panic!("{text} listed: {page}"))
    })
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}: {page}");
    assert!(
        page.contains("href=\"https://example.org/timeline/briefing/\""),
        "{page}"
    );
    assert!(page.contains("<h1>Corrections and updates</h1>"), "{page}");
    for file in [
        "public/index.html",
        "public/explainers/guarantees/index.html",
    ] {
        assert!(
            read(dir.path(), file)
                .contains("<a href=\"https://example.org/corrections/\">Corrections</a>"),
            "{file} links the corrections page"
        );
    }
    // JSON-LD: a CorrectionComment per correction; the article was modified on the newest date.
    let ld = json_ld(&html);
    assert_eq!(ld["@type"], "Article");
    assert_eq!(ld["dateModified"], "2025-12-18", "{ld}");
    let corrections = ld["correction"].as_array().expect("correction list");
    assert_eq!(corrections.len(), 2, "{ld}");
    assert_eq!(corrections[0]["@type"], "CorrectionComment");
    assert_eq!(corrections[0]["datePublished"], "2025-12-18");
    assert_eq!(corrections[0]["text"], "Fixed the date of the briefing.");
    let event = json_ld(&read(dir.path(), "public/timeline/briefing/index.html"));
    assert_eq!(event["@type"], "Event");
    assert_eq!(
        event["subjectOf"]["correction"][0]["text"], "The briefing was on Monday.",
        "{event}"
    );
    // The feed: the corrected page's entry was updated on its newest correction.
    let feed = read(dir.path(), "public/atom.xml");
    let entry = feed
        .split("<entry>")
        .find(|e| e.contains("explainers/territory/"))
        .expect("entry");
    assert_eq!(
        values(entry, "updated"),
        ["2025-12-18T00:00:00Z"],
        "{entry}"
    );
    assert_eq!(
        values(entry, "published"),
        ["2025-12-15T00:00:00Z"],
        "{entry}"
    );
    assert_eq!(
        values(&feed, "updated")[0],
        "2025-12-18T00:00:00Z",
        "{feed}"
    );
    let output = briefing(&["check", "--strict"], dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
}

#[test]
fn a_site_without_corrections_has_no_corrections_page_or_link() {
    let dir = site(&[]);
    build_ok(dir.path(), &[]);
    assert!(!dir.path().join("public/corrections").exists());
    let html = read(dir.path(), "public/explainers/guarantees/index.html");
    assert!(!html.contains("corrections"), "{html}");
    assert!(!html.contains("\"correction\""));
}

#[test]
fn adding_a_correction_while_serving_matches_a_clean_build() {
    use briefing::BuildOptions;
    use briefing::Session;
    use briefing::build_in_memory;
    let dir = site(&[(
        "content/explainers/territory.md",
        "---\ntitle: Territory\ndate: 2025-12-15\n---\nTerritory is open [@wt].\n",
    )]);
    let options = BuildOptions {
        root: dir.path().to_path_buf(),
        ..BuildOptions::default()
    };
    let mut session = Session::new(options.clone());
    session.build().expect("first build");
    let files = [
        "atom.xml",
        "sitemap.xml",
        "corrections/index.html",
        "explainers/territory/index.html",
        "index.html",
    ];
    let read_all = |state: &briefing::Built| -> Vec<Option<Vec<u8>>> {
        files
            .iter()
            .map(|f| state.plan.read(f).map(|r| r.expect("readable")))
            .collect()
    };
    let path = dir.path().join("content/explainers/territory.md");
    for text in [
        CORRECTED,
        "---\ntitle: Territory\ndate: 2025-12-15\n---\nTerritory is open [@wt].\n",
    ] {
        std::fs::write(&path, text).expect("write");
        session.update(std::slice::from_ref(&path)).expect("update");
        let clean = build_in_memory(&options).expect("clean build");
        let served = read_all(session.built().expect("state"));
        assert_eq!(
            served,
            read_all(&clean),
            "served files differ from a clean build"
        );
        assert_eq!(served[2].is_some(), text == CORRECTED);
    }
}
