//! Shared helpers: copy a fixture into a temp folder, run the binary, read a
//! built tree, compare with `expected/` snapshots (`BLESS=1` rewrites them).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A fresh copy of a fixture site (without its `expected/` snapshots).
pub fn copy_fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(&fixture(name), dir.path());
    let _ = std::fs::remove_dir_all(dir.path().join("expected"));
    dir
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).expect("read fixture") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

pub fn briefing(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("run briefing")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Builds `site` (extra flags appended) and asserts success.
pub fn build_ok(site: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["build"];
    args.extend_from_slice(extra);
    let output = briefing(&args, site);
    assert!(
        output.status.success(),
        "build failed:\n{}{}",
        stdout(&output),
        stderr(&output)
    );
    output
}

/// Every file below `dir`, by `/`-separated relative path.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.expect("walk");
        if entry.file_type().is_file() {
            let relative = entry.path().strip_prefix(dir).expect("prefix");
            files.insert(
                relative.to_string_lossy().replace('\\', "/"),
                std::fs::read(entry.path()).expect("read"),
            );
        }
    }
    files
}

/// Replaces the first `from` in `root/file` with `to` (failing if `from` is
/// not there) and returns the file's path.
pub fn edit(root: &Path, file: &str, from: &str, to: &str) -> PathBuf {
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.contains(from), "{file} lacks {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
    path
}

pub fn read(dir: &Path, relative: &str) -> String {
    std::fs::read_to_string(dir.join(relative)).unwrap_or_else(|e| panic!("read {relative}: {e}"))
}

/// Compares `actual` with `tests/fixtures/<fixture>/expected/<name>`; `BLESS=1` rewrites it.
pub fn assert_snapshot(fixture_name: &str, name: &str, actual: &str) {
    let path = fixture(fixture_name).join("expected").join(name);
    if std::env::var_os("BLESS").is_some() {
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, actual).expect("write snapshot");
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("missing snapshot {}; run with BLESS=1", path.display()));
    assert_eq!(
        expected,
        actual,
        "snapshot {} differs; run with BLESS=1 to accept",
        path.display()
    );
}
