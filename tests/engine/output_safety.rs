//! Issue 16, item 6: a build replaces only an output folder it may call its
//! own (missing, empty, marked with `.briefing-output`, or written by an
//! older briefing); `--force` replaces any other; `-o` names it everywhere.

use std::fs;
use std::path::Path;

use briefing::output::{MARKER_FILE, MARKER_TEXT};

use crate::common::{briefing, build_ok, copy_fixture, stderr, tree};

fn plant(dir: &Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        let path = dir.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
}

#[test]
fn every_build_marks_its_output_and_a_second_build_replaces_it() {
    let site = copy_fixture("basic");
    build_ok(site.path(), &["-o", "out"]);
    let out = site.path().join("out");
    assert_eq!(
        fs::read_to_string(out.join(MARKER_FILE)).unwrap(),
        MARKER_TEXT
    );
    plant(&out, &[("stale/index.html", "old")]);
    build_ok(site.path(), &["--output-dir", "out"]);
    assert!(
        !out.join("stale").exists(),
        "the marked output was replaced"
    );
    assert!(out.join(MARKER_FILE).is_file());
}

#[test]
fn an_unmarked_folder_is_refused_then_replaced_with_force() {
    let site = copy_fixture("basic");
    let out = site.path().join("notes");
    plant(&out, &[("todo.txt", "keep me"), ("drafts/a.md", "mine")]);
    let before = tree(&out);
    let refused = briefing(&["build", "-o", "notes"], site.path());
    assert_eq!(refused.status.code(), Some(1), "{}", stderr(&refused));
    assert!(stderr(&refused).contains("--force"), "{}", stderr(&refused));
    assert_eq!(tree(&out), before, "left byte for byte as it was");
    build_ok(site.path(), &["-o", "notes", "--force"]);
    assert!(!out.join("todo.txt").exists());
    assert!(out.join("index.html").is_file() && out.join(MARKER_FILE).is_file());
}

#[test]
fn an_older_briefing_output_without_marker_is_recognised_by_its_feed() {
    let site = copy_fixture("basic");
    build_ok(site.path(), &["-o", "out"]);
    let out = site.path().join("out");
    fs::remove_file(out.join(MARKER_FILE)).unwrap();
    plant(&out, &[("stale.html", "old")]);
    build_ok(site.path(), &["-o", "out"]);
    assert!(!out.join("stale.html").exists());
    // Another generator's folder of the same shape is not briefing's.
    let other = site.path().join("other");
    plant(
        &other,
        &[
            ("sitemap.xml", "<urlset/>"),
            ("atom.xml", "<feed><generator>Hugo</generator></feed>"),
        ],
    );
    let refused = briefing(&["build", "-o", "other"], site.path());
    assert_eq!(refused.status.code(), Some(1), "{}", stderr(&refused));
    assert!(other.join("sitemap.xml").is_file());
}

#[test]
fn check_takes_the_built_folder_as_dash_o_and_ignores_the_marker() {
    let site = copy_fixture("basic");
    build_ok(site.path(), &["-o", "out"]);
    for flag in ["-o", "--output-dir", "--output"] {
        let checked = briefing(&["check", flag, "out"], site.path());
        assert!(checked.status.success(), "{flag}: {}", stderr(&checked));
    }
}
