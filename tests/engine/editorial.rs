//! Issue 13, editorial integrity through the real binary: citation coverage
//! (`require_citations`), corrections and updates, and sources dated after
//! the site's `as_of`.

use crate::support::*;

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
    let toml = toml.replacen(
        "[sections.explainers]\n",
        "[sections.explainers]\nrequire_citations = true\n",
        1,
    );
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
