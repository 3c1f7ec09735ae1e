//! Helpers shared by every test binary that runs the real `briefing`
//! executable: fixture sites copied into temp folders, one way to run the
//! binary, built trees read back, and `expected/` snapshots (`BLESS=1`
//! rewrites them). Submodules: [`disk`] (byte-for-byte snapshots of a folder
//! tree), [`http`] (a static file server and an HTTP/1.1 client), [`serve`]
//! (a running `briefing serve` and its event stream) and [`churn`] (random
//! edits for the serve oracles).

#![allow(dead_code)]

pub mod churn;
pub mod disk;
pub mod http;
pub mod serve;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// How long any wait in these tests may take before it fails.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// The path of the `briefing` executable Cargo built for these tests.
pub fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_briefing")
}

/// The repository's root (its own site lives there too).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/fixtures/<name>`.
pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

/// A fresh copy of a fixture site (without its `expected/` snapshots).
pub fn copy_fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(&fixture(name), dir.path());
    let _ = std::fs::remove_dir_all(dir.path().join("expected"));
    dir
}

/// Copies a folder tree (folders and regular files; a symlink is copied as
/// the file it points to).
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

/// The one way these tests start the binary: `briefing` without colour and
/// without stdin. Callers add arguments, a folder, pipes.
pub fn command() -> Command {
    let mut command = Command::new(binary());
    command.env("NO_COLOR", "1").stdin(Stdio::null());
    command
}

/// Runs `briefing ARGS` inside `cwd` and waits for it.
pub fn briefing(args: &[&str], cwd: &Path) -> Output {
    command()
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("run briefing")
}

/// Runs `briefing --root ROOT ARGS` (from the test's own folder).
pub fn briefing_at(root: &Path, args: &[&str]) -> Output {
    command()
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .expect("run briefing")
}

/// What the process wrote to stderr, as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// What the process wrote to stdout, as text.
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

/// Builds the site at `root` into `out` (`--root`, `--output-dir`, extra
/// flags appended) and asserts success.
pub fn build_into(root: &Path, out: &Path, extra: &[&str]) -> Output {
    let out = out.to_str().expect("a UTF-8 path");
    let mut args = vec!["build", "--output-dir", out];
    args.extend_from_slice(extra);
    let output = briefing_at(root, &args);
    assert!(
        output.status.success(),
        "build of {} failed:\n{}{}",
        root.display(),
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

/// The text of `dir/relative`; panics naming the file.
pub fn read(dir: &Path, relative: &str) -> String {
    std::fs::read_to_string(dir.join(relative)).unwrap_or_else(|e| panic!("read {relative}: {e}"))
}

/// Writes `text` to `path`, creating its folders.
pub fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Saves like many editors do: write a temporary file, then rename it over the target.
pub fn write_by_rename(path: &Path, text: &str) {
    let name = path.file_name().unwrap().to_string_lossy();
    let temp = path.with_file_name(format!(".{name}.tmp"));
    std::fs::write(&temp, text).unwrap();
    std::fs::rename(&temp, path).unwrap();
}

/// Polls `check` until it returns `Some`, or panics with `what` after [`TIMEOUT`].
pub fn wait_for<T>(what: &str, mut check: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        if let Some(value) = check() {
            return value;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A deterministic pseudo-random sequence (xorshift64*), so failures replay.
pub struct Rng(pub u64);

impl Rng {
    /// The next number of the sequence.
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number below `n`, from the high bits of the next one.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() >> 33) as usize % n
    }
}

/// Compares `actual` with `tests/fixtures/<fixture>/expected/<name>`; `BLESS=1` rewrites it.
pub fn assert_snapshot(fixture_name: &str, name: &str, actual: &str) {
    assert_matches_file(&fixture(fixture_name).join("expected").join(name), actual);
}

/// Compares `actual` with the file at `path` and fails with a line diff;
/// `BLESS=1` writes `actual` there instead.
pub fn assert_matches_file(path: &Path, actual: &str) {
    if std::env::var_os("BLESS").is_some() {
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, actual).expect("write snapshot");
        return;
    }
    let expected = std::fs::read_to_string(path)
        .unwrap_or_else(|_| panic!("missing snapshot {}; run with BLESS=1", path.display()));
    if expected != actual {
        panic!(
            "snapshot {} differs (- expected, + actual); run with BLESS=1 to accept\n{}",
            path.display(),
            line_diff(&expected, actual)
        );
    }
}

/// A unified-style line diff of two texts: `-` lines only in `old`, `+` lines
/// only in `new`, two unchanged lines of context around each change.
pub fn line_diff(old: &str, new: &str) -> String {
    let old: Vec<&str> = old.lines().collect();
    let new: Vec<&str> = new.lines().collect();
    // Longest common subsequence table, filled from the ends.
    let mut common = vec![vec![0usize; new.len() + 1]; old.len() + 1];
    for i in (0..old.len()).rev() {
        for j in (0..new.len()).rev() {
            common[i][j] = if old[i] == new[j] {
                common[i + 1][j + 1] + 1
            } else {
                common[i + 1][j].max(common[i][j + 1])
            };
        }
    }
    let mut lines: Vec<(char, &str)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < old.len() || j < new.len() {
        if i < old.len() && j < new.len() && old[i] == new[j] {
            lines.push((' ', old[i]));
            i += 1;
            j += 1;
        } else if i < old.len() && (j == new.len() || common[i + 1][j] >= common[i][j + 1]) {
            lines.push(('-', old[i]));
            i += 1;
        } else {
            lines.push(('+', new[j]));
            j += 1;
        }
    }
    let near_change = |k: usize| {
        lines[k.saturating_sub(2)..(k + 3).min(lines.len())]
            .iter()
            .any(|(sign, _)| *sign != ' ')
    };
    if lines.iter().all(|(sign, _)| *sign == ' ') {
        return "  (the texts differ only in their line endings)\n".to_string();
    }
    let mut out = String::new();
    let mut skipped = false;
    for (k, (sign, line)) in lines.iter().enumerate() {
        if near_change(k) {
            out.push_str(&format!("{sign} {line}\n"));
            skipped = false;
        } else if !skipped {
            out.push_str("  …\n");
            skipped = true;
        }
    }
    out
}
