//! Every text file a user writes is read the same way: a site whose Markdown,
//! templates, site.toml, sources file and archived texts all start with a
//! UTF-8 byte-order mark and end lines with CRLF builds exactly like the same
//! site with plain LF files, and no byte-order mark reaches the output.
//! Also: a top-level key written inside `[extra]` in site.toml is a warning.

use std::path::Path;

use sha2::{Digest, Sha256};

use crate::common::*;

/// Rewrites every file below `dir` with an extension in `extensions` to start
/// with a BOM and end its lines with CRLF.
fn to_bom_crlf(dir: &Path, extensions: &[&str]) -> usize {
    let mut changed = 0;
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.expect("walk");
        let path = entry.path();
        let wanted = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| extensions.contains(&e));
        if entry.file_type().is_file() && wanted {
            let text = std::fs::read_to_string(path).expect("read");
            assert!(!text.contains('\r') && !text.starts_with('\u{feff}'));
            std::fs::write(path, format!("\u{feff}{}", text.replace('\n', "\r\n"))).expect("write");
            changed += 1;
        }
    }
    changed
}

#[test]
fn a_site_written_with_bom_and_crlf_builds_like_one_with_lf() {
    let plain = copy_fixture("basic");
    build_ok(plain.path(), &[]);
    let windows = copy_fixture("basic");
    let root = windows.path();
    let changed = to_bom_crlf(root, &["md", "html", "toml", "yaml", "txt"]);
    // site.toml, sources.yaml, 9 pages, 6 templates, 1 archived text.
    assert_eq!(changed, 18);
    // The sha256 in sources.yaml is of the archived file's bytes as they are.
    let archived = std::fs::read(root.join("archive/report.txt")).expect("read");
    let sources = std::fs::read_to_string(root.join("sources.yaml")).expect("read");
    let sha = format!("{:x}", Sha256::digest(&archived));
    let sources = sources.replace(
        "86901bad60b2413feae895cbc26ce045220b1c2f09008178e4b0f9ed233a66cf",
        &sha,
    );
    std::fs::write(root.join("sources.yaml"), sources).expect("write");

    build_ok(root, &[]);
    let built = tree(&root.join("public"));
    let expected = tree(&plain.path().join("public"));
    assert_eq!(
        built.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &built {
        // The search index is compressed binary: it only has to match.
        if path.starts_with("pagefind/") {
            assert!(bytes == &expected[path], "{path} differs from the LF build");
            continue;
        }
        assert!(
            !bytes.windows(3).any(|w| w == "\u{feff}".as_bytes()),
            "{path} holds a byte-order mark"
        );
        assert!(!bytes.contains(&b'\r'), "{path} holds a CR");
        assert!(bytes == &expected[path], "{path} differs from the LF build");
    }

    let output = briefing(&["check", "--archive", "archive"], root);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("3 quotes verified against 1 archived sources"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn errors_in_a_crlf_file_point_at_the_right_line_and_column() {
    let site = copy_fixture("basic");
    let page = site.path().join("content/about.md");
    let text = std::fs::read_to_string(&page).expect("read");
    let text = text.replacen("---\n", "---\ndate: 2025-12-14 noon\n", 1);
    std::fs::write(&page, format!("\u{feff}{}", text.replace('\n', "\r\n"))).expect("write");
    let output = briefing(&["build"], site.path());
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(message.contains("content/about.md:2:7"), "{message}");
    assert!(message.contains("is not a date"), "{message}");
}

#[test]
fn warns_about_a_top_level_key_written_inside_extra() {
    let site = copy_fixture("basic");
    let config = site.path().join("site.toml");
    let text = std::fs::read_to_string(&config).expect("read");
    // as_of moved below a table: TOML now reads it as extra.as_of.
    let text = text.replace("as_of = 2025-12-15\n", "")
        + "\n[extra]\nlogo = \"x.svg\"\nas_of = 2025-12-15\n";
    let line = text
        .lines()
        .position(|l| l.starts_with("as_of"))
        .expect("line")
        + 1;
    std::fs::write(&config, text).expect("write");
    let output = build_ok(site.path(), &[]);
    let message = stderr(&output);
    assert!(
        message.contains(&format!(
            "site.toml:{line}:1: warning: `as_of` is inside [extra], so it does not set the site's `as_of`: move it above the first [table]"
        )),
        "{message}"
    );
    let output = briefing(&["build", "--verbose"], site.path());
    let message = stderr(&output);
    assert!(
        message.contains("hint: move `as_of` above the first [table] in site.toml"),
        "{message}"
    );
    // In its place, no warning.
    let output = build_ok(copy_fixture("basic").path(), &[]);
    assert!(
        !stderr(&output).contains("warning: `"),
        "{}",
        stderr(&output)
    );
}

/// One build over a page for each kind of front-matter mistake: the messages,
/// in full, against `tests/fixtures/messages/expected/stderr.txt` (`BLESS=1`
/// rewrites it after a deliberate change of wording).
#[test]
fn front_matter_messages_name_the_cause_at_the_mistake() {
    let site = copy_fixture("messages");
    let output = briefing(&["build"], site.path());
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(!message.contains("panicked"), "{message}");
    assert_snapshot("messages", "stderr.txt", &message);
}
