//! Issue 15: shortcodes (`{{ name(…) }}`, `{% name(…) %}` … `{% end %}`),
//! the default theme's built-ins and GitHub-style alerts, through the binary.

use std::path::Path;

use crate::common::*;

fn build_err(site: &Path) -> String {
    let output = briefing(&["build"], site);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    stderr(&output)
}

/// The `<main>` of a built page.
fn page(site: &Path, name: &str) -> String {
    read(site, &format!("public/{name}/index.html"))
}

#[test]
fn built_in_shortcodes_render_as_recorded() {
    let site = copy_fixture("shortcodes");
    build_ok(site.path(), &[]);
    for name in ["callout", "figure", "pullquote", "embed", "alerts"] {
        assert_snapshot(
            "shortcodes",
            &format!("{name}.html"),
            &page(site.path(), name),
        );
    }
}

#[test]
fn a_site_shortcode_wins_over_the_theme() {
    let site = copy_fixture("shortcodes");
    std::fs::write(
        site.path().join("templates/shortcodes/callout.html"),
        "{# shortcode(kind: known|disputed, title?: string) body #}\n<div class=\"mine-{{ kind }}\">{{ body | safe }}</div>\n",
    )
    .expect("write");
    build_ok(site.path(), &[]);
    let html = page(site.path(), "callout");
    assert!(html.contains("<div class=\"mine-known\">"), "{html}");
    // Alerts go through the site's callout too.
    let alerts = page(site.path(), "alerts");
    assert!(alerts.contains("<div class=\"mine-note\">"), "{alerts}");
}

#[test]
fn errors_name_file_line_and_column_after_shortcodes() {
    let site = copy_fixture("shortcodes");
    std::fs::write(
        site.path().join("content/broken.md"),
        "---\ntitle: Broken\n---\n\n{{ fact(label=\"a\", value=1) }} then {{ calout() }}\n\nLater [@nope].\n",
    )
    .expect("write");
    let message = build_err(site.path());
    assert!(message.contains("unknown shortcode `calout`"), "{message}");
    assert!(message.contains("content/broken.md:5:37"), "{message}");
    assert!(message.contains("did you mean `callout`?"), "{message}");
    // The citation after the shortcodes keeps its place.
    assert!(message.contains("content/broken.md:7:7"), "{message}");
}

#[test]
fn pull_quotes_are_verified_by_check_archive() {
    let site = copy_fixture("shortcodes");
    let output = briefing(&["check", "--archive", "archive"], site.path());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let path = site.path().join("content/pullquote.md");
    let text = read(site.path(), "content/pullquote.md").replace("going well", "going badly");
    std::fs::write(&path, text).expect("write");
    let output = briefing(&["check", "--archive", "archive"], site.path());
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{message}");
    assert!(
        message.contains("quote not found in source `wt`"),
        "{message}"
    );
    assert!(message.contains("content/pullquote.md:6:1"), "{message}");
}

#[test]
fn a_pull_quote_needs_a_quote_with_its_speaker() {
    let site = copy_fixture("shortcodes");
    std::fs::write(
        site.path().join("content/pullquote.md"),
        "---\ntitle: Pull quote\n---\n\n{% pullquote() %}\n[“going well”][@wt]\n{% end %}\n",
    )
    .expect("write");
    let message = build_err(site.path());
    assert!(message.contains("names no speaker"), "{message}");
    assert!(message.contains("content/pullquote.md:5:1"), "{message}");
}

#[test]
fn editing_a_shortcode_template_re_renders_exactly_the_pages_that_use_it() {
    use briefing::BuildOptions;
    use briefing::Session;
    let site = copy_fixture("shortcodes");
    let root = site.path().to_path_buf();
    let options = || BuildOptions {
        root: root.clone(),
        ..BuildOptions::default()
    };
    let mut session = Session::new(options());
    session.build().expect("build");
    let path = root.join("templates/shortcodes/fact.html");
    let text = read(&root, "templates/shortcodes/fact.html").replace("\"fact\"", "\"fact edited\"");
    std::fs::write(&path, text).expect("write");
    let outcome = session.update(std::slice::from_ref(&path)).expect("update");
    assert!(!outcome.full, "{outcome:?}");
    assert_eq!(outcome.rendered, 2, "callout.md and embed.md use `fact`");
    crate::incremental::assert_same_as_clean_build(&session, &options(), "fact.html edited");
    let state = session.built().expect("built");
    let page = state
        .plan
        .read("embed/index.html")
        .expect("present")
        .expect("readable");
    assert!(String::from_utf8_lossy(&page).contains("fact edited"));
    // A site's own callout.html (a new file for a shortcode the theme has)
    // re-renders the pages with callouts and alerts.
    let callout = root.join("templates/shortcodes/callout.html");
    std::fs::write(
        &callout,
        "{# shortcode(kind: known|disputed|note|tip|important|warning|caution, title?: string) body #}\n<div class=\"mine\">{{ body | safe }}</div>\n",
    )
    .expect("write");
    let outcome = session
        .update(std::slice::from_ref(&callout))
        .expect("update");
    assert!(!outcome.full && outcome.rendered == 2, "{outcome:?}");
    crate::incremental::assert_same_as_clean_build(&session, &options(), "callout.html added");
    // A new shortcode takes a full build; an edit of one no page uses
    // renders nothing.
    let unused = root.join("templates/shortcodes/unused.html");
    std::fs::write(&unused, "{# shortcode() #}\n<hr>\n").expect("write");
    let outcome = session
        .update(std::slice::from_ref(&unused))
        .expect("update");
    assert!(outcome.full, "{outcome:?}");
    std::fs::write(&unused, "{# shortcode() #}\n<hr class=\"x\">\n").expect("write");
    let outcome = session
        .update(std::slice::from_ref(&unused))
        .expect("update");
    assert!(!outcome.full && outcome.rendered == 0, "{outcome:?}");
}
