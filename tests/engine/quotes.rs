//! Issue 13: every passage in quotation marks is a checked quote or a located
//! finding (a warning in `build`, an error in `check --archive` and
//! `check --strict`); a quote must lie inside the source's quotation marks
//! unless marked as its own wording; speakers and `cite` reach the HTML and
//! the templates; matching is Unicode-normalised.

use std::path::Path;

use crate::common::*;

/// The unchecked quotations of the `quotes` fixture, as `file:line:col`.
const UNCHECKED: [(&str, &str); 4] = [
    ("content/talks.md:7:13", "“similar to a guarantee”"),
    ("content/talks.md:14:19", "“nothing final”"),
    ("content/talks.md:16:16", "“a plain quotation”"),
    ("content/talks.md:20:11", "‘a table cell’"),
];

fn check(site: &Path, extra: &[&str]) -> (Option<i32>, String) {
    let mut args = vec!["check"];
    args.extend_from_slice(extra);
    let output = briefing(&args, site);
    (output.status.code(), stderr(&output))
}

/// Removes the lines holding the unchecked quotations.
fn drop_unchecked(site: &Path) {
    let path = site.join("content/talks.md");
    let text = read(site, "content/talks.md");
    let kept: Vec<&str> = text
        .lines()
        .enumerate()
        .filter(|(i, _)| ![7, 14, 16, 20].contains(&(i + 1)))
        .map(|(_, line)| line)
        .collect();
    std::fs::write(path, kept.join("\n") + "\n").expect("write");
}

#[test]
fn build_warns_at_each_unchecked_quotation_and_nothing_else() {
    let site = copy_fixture("quotes");
    let output = build_ok(site.path(), &[]);
    let message = stderr(&output);
    for (at, words) in UNCHECKED {
        let line = format!("{at}: warning: quotation {words} is not a checked quote");
        assert!(message.contains(&line), "lacks {line:?}:\n{message}");
    }
    assert_eq!(message.matches("warning:").count(), 4, "{message}");
    for never in [
        "’90s",
        "O’Neill",
        "officials’",
        "code",
        "title",
        "peace plan",
        "Those guarantees",
    ] {
        assert!(!message.contains(never), "{never:?} reported:\n{message}");
    }
}

#[test]
fn check_archive_and_strict_fail_on_unchecked_quotations() {
    let site = copy_fixture("quotes");
    for flags in [&["--archive", "archive"][..], &["--strict"]] {
        let (code, message) = check(site.path(), flags);
        assert_eq!(code, Some(1), "{flags:?}: {message}");
        for (at, words) in UNCHECKED {
            assert!(message.contains(at), "{flags:?} lacks {at}:\n{message}");
            assert!(message.contains("error: ["), "{message}");
            assert!(message.contains(words), "{message}");
        }
        assert!(!message.contains("warning: quotation"), "{message}");
    }
    // Without --archive or --strict they stay warnings.
    let (code, message) = check(site.path(), &[]);
    assert_eq!(code, Some(0), "{message}");
    assert!(
        message.contains("content/talks.md:7:13: warning: quotation"),
        "{message}"
    );
}

#[test]
fn a_page_of_checked_quotes_passes_check_archive_and_strict() {
    let site = copy_fixture("quotes");
    drop_unchecked(site.path());
    let output = briefing(&["check", "--strict", "--archive", "archive"], site.path());
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("5 quotes verified against 1 archived sources"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn a_quote_of_the_sources_own_wording_fails_unless_marked() {
    let site = copy_fixture("quotes");
    drop_unchecked(site.path());
    let path = site.path().join("content/talks.md");
    let text = read(site.path(), "content/talks.md");
    std::fs::write(&path, text.replace("[@wt, wording]", "[@wt]")).expect("write");
    let (code, message) = check(site.path(), &["--archive", "archive"]);
    assert_eq!(code, Some(1), "{message}");
    assert!(message.contains("content/talks.md:8:25"), "{message}");
    assert!(
        message.contains("quote is not a quotation in source `wt`: “similar to a guarantee” is the source's own wording"),
        "{message}"
    );
    assert!(
        message.contains("[“similar to a guarantee”][@wt, wording]"),
        "{message}"
    );
    assert_eq!(message.matches("error").count(), 1, "{message}");
}

#[test]
fn matching_normalises_unicode_and_invisible_characters_but_not_look_alikes() {
    let site = copy_fixture("quotes");
    drop_unchecked(site.path());
    let path = site.path().join("content/talks.md");
    let text = read(site.path(), "content/talks.md");
    // Decomposed é and a zero-width joiner in the page: still the same words.
    std::fs::write(
        &path,
        text.replace("[“Café”]", "[“Cafe\u{301}”]")
            .replace("good day", "good\u{200d} day"),
    )
    .expect("write");
    let (code, message) = check(site.path(), &["--archive", "archive"]);
    assert_eq!(code, Some(0), "{message}");
    // A Cyrillic а is another letter.
    std::fs::write(&path, text.replace("good day", "good dаy")).expect("write");
    let (code, message) = check(site.path(), &["--archive", "archive"]);
    assert_eq!(code, Some(1), "{message}");
    assert!(
        message.contains("quote not found in source `wt`"),
        "{message}"
    );
}

#[test]
fn quotes_render_cite_and_speaker_for_readers_and_templates() {
    let site = copy_fixture("quotes");
    build_ok(site.path(), &[]);
    let html = read(site.path(), "public/talks/index.html");
    assert_snapshot("quotes", "talks.html", &html);
    assert!(html.contains(
        "<q cite=\"https://news.example.net/2025/12/15/report?a=1&amp;b=2\" title=\"Donald Trump\" data-speaker=\"Donald Trump\">a good day for everyone</q>"
    ));
    assert!(
        html.contains("<footer class=\"quote-speaker\">— one official</footer>\n</blockquote>")
    );
    assert!(html.contains(
        "going well (wt, by Steve Witkoff [witkoff https://example.org/actors/witkoff/])"
    ));
    assert!(
        html.contains("so-called “peace plan”."),
        "braces dropped: {html}"
    );
}

#[test]
fn the_quote_forms_case_names_each_unchecked_quote() {
    let site = copy_fixture("quote-forms");
    let (code, message) = check(site.path(), &["--archive", "archive"]);
    assert_eq!(code, Some(1), "{message}");
    for at in [
        "content/page.md:8:69",
        "content/page.md:10:66",
        "content/page.md:13:17",
    ] {
        assert!(message.contains(at), "lacks {at}:\n{message}");
    }
    assert!(
        !message.contains("page.md:6"),
        "the checked quote passes:\n{message}"
    );
    // In build, the near miss is an error and the others are shown with it.
    let output = briefing(&["build"], site.path());
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains("error: a space before the citation"),
        "{message}"
    );
    assert!(
        message.contains("warning: quotation “nothing is agreed” is not a checked quote"),
        "{message}"
    );
    assert!(
        !message.contains("3 errors"),
        "one error, two warnings:\n{message}"
    );
}

#[test]
fn an_edit_in_a_session_updates_the_unchecked_quotations() {
    use briefing::BuildOptions;
    use briefing::Session;
    let site = copy_fixture("quotes");
    let mut session = Session::new(BuildOptions {
        root: site.path().to_path_buf(),
        ..BuildOptions::default()
    });
    session.build().expect("build");
    let count = |session: &Session| {
        session
            .built()
            .map(|state| {
                state
                    .warnings
                    .iter()
                    .filter(|w| w.message.starts_with("quotation "))
                    .count()
            })
            .unwrap_or(usize::MAX)
    };
    assert_eq!(count(&session), 4);
    let path = site.path().join("content/talks.md");
    let text = read(site.path(), "content/talks.md");
    std::fs::write(
        &path,
        text.replace("\"a plain quotation\"", "{\"a plain quotation\"}"),
    )
    .expect("write");
    let outcome = session.update(std::slice::from_ref(&path)).expect("update");
    assert!(!outcome.full, "a body edit takes the fast path");
    assert_eq!(count(&session), 3);
    // Back as it was, and a new quotation on another page.
    std::fs::write(&path, &text).expect("write");
    std::fs::write(
        site.path().join("content/_index.md"),
        "---\ntitle: Home\n---\n\nA “new” quotation.\n",
    )
    .expect("write");
    session
        .update(&[path, site.path().join("content/_index.md")])
        .expect("update");
    let warnings: Vec<String> = session
        .built()
        .map(|s| s.warnings.iter().map(|w| w.headline()).collect())
        .unwrap_or_default();
    assert!(
        warnings.contains(
            &"content/_index.md:5:3: warning: quotation “new” is not a checked quote".to_string()
        ),
        "{warnings:#?}"
    );
    assert_eq!(count(&session), 5);
}
