//! `briefing check --archive`: quotes against an archive fixture written for
//! the tests, with typographic and whitespace variants that must pass and a
//! changed word that must fail; sha256 of archived text; `--strict`.

use crate::common::*;

#[test]
fn passes_quotes_with_typographic_and_whitespace_variants() {
    let site = copy_fixture("basic");
    let output = briefing(&["check", "--archive", "archive"], site.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let summary = stdout(&output);
    assert!(
        summary.contains("3 quotes verified against 1 archived sources"),
        "{summary}"
    );
}

#[test]
fn fails_on_a_changed_word_naming_page_line_and_closest_passage() {
    let site = copy_fixture("basic");
    let about = site.path().join("content/about.md");
    let text = std::fs::read_to_string(&about).expect("read");
    std::fs::write(
        &about,
        text.replace(
            "will not be on the table forever”]",
            "will never be on the table forever”]",
        ),
    )
    .expect("write");
    let output = briefing(&["check", "--archive", "archive"], site.path());
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(message.contains("content/about.md:16:32"), "{message}");
    assert!(
        message.contains("quote not found in source `report`"),
        "{message}"
    );
    assert!(
        message.contains("closest passage in the source is: “\"Those guarantees will not be on the table forever,\""),
        "{message}"
    );
}

#[test]
fn fails_when_archived_text_does_not_match_its_sha256() {
    let site = copy_fixture("basic");
    let archive = site.path().join("archive/report.txt");
    let text = std::fs::read_to_string(&archive).expect("read");
    std::fs::write(&archive, text.replace("Monday", "Tuesday")).expect("write");
    let output = briefing(&["check", "--archive", "archive"], site.path());
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(message.contains("sources.yaml:1:3"), "{message}");
    assert!(message.contains("does not match its sha256"), "{message}");
}

#[test]
fn a_utf16_archive_is_one_error_naming_its_encoding() {
    let site = copy_fixture("basic");
    let archive = site.path().join("archive/report.txt");
    let text = std::fs::read_to_string(&archive).expect("read");
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    std::fs::write(&archive, utf16).expect("write");
    let output = briefing(&["check", "--archive", "archive"], site.path());
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert_eq!(message.matches("error").count(), 1, "{message}");
    assert!(
        message.contains("the file is UTF-16; save it as UTF-8"),
        "{message}"
    );
    assert!(!message.contains("no archived text"), "{message}");
}

#[test]
fn fails_when_a_quoted_source_has_no_archive() {
    let site = copy_fixture("basic");
    std::fs::remove_file(site.path().join("archive/report.txt")).expect("rm");
    let output = briefing(&["check", "--archive", "archive"], site.path());
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("no archived text for source `report`"));
}

#[test]
fn strict_turns_stale_pages_into_errors() {
    let site = copy_fixture("basic");
    let relaxed = briefing(&["check"], site.path());
    assert!(relaxed.status.success(), "{}", stderr(&relaxed));
    let strict = briefing(&["check", "--strict"], site.path());
    assert_eq!(strict.status.code(), Some(1));
    let message = stderr(&strict);
    assert!(message.contains("error: stale"), "{message}");
    assert!(
        message.contains("content/timeline/b-event.md:9:1"),
        "{message}"
    );
}

#[test]
fn a_missing_or_mistaken_archive_folder_is_one_error_naming_it() {
    let site = copy_fixture("basic");
    std::fs::write(site.path().join("a-file"), "not a folder").expect("write");
    for (archive, said) in [
        ("no-such-folder", "does not exist"),
        ("a-file", "is a file, not a folder"),
    ] {
        let output = briefing(&["check", "--archive", archive], site.path());
        assert_eq!(output.status.code(), Some(1), "{archive}");
        let message = stderr(&output);
        assert!(
            message.contains(&format!("the archive folder {archive} {said}")),
            "{message}"
        );
        assert!(!message.contains("cannot verify quote"), "{message}");
    }
}

#[test]
fn check_of_a_folder_that_holds_no_built_site_fails() {
    let site = copy_fixture("basic");
    let junk = site.path().join("junk");
    std::fs::create_dir(&junk).expect("mkdir");
    std::fs::write(junk.join("a.txt"), "not a site").expect("write");
    for (dir, said) in [
        ("junk", "it has no index.html"),
        ("nowhere", "it does not exist"),
    ] {
        let output = briefing(&["check", "-o", dir], site.path());
        assert_eq!(output.status.code(), Some(1), "{dir}");
        let message = stderr(&output);
        assert!(
            message.contains(&format!("{dir} is not a folder with a built site: {said}")),
            "{message}"
        );
    }
    // A folder the build wrote is checked as before.
    build_ok(site.path(), &[]);
    let output = briefing(&["check", "-o", "public"], site.path());
    assert!(output.status.success(), "{}", stderr(&output));
}
