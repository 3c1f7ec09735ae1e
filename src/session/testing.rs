//! A small site built in a temporary folder, for the session's unit tests.

use std::path::Path;

use crate::pipeline::{BuildOptions, Built};

/// Writes `files` (path below the site root, text) into `root`.
pub(super) fn write(root: &Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("create folder");
        std::fs::write(path, text).expect("write");
    }
}

/// A site with a home page, one dated page `a.md` and `static/style.css`,
/// built in memory.
pub(super) fn tiny_site() -> (tempfile::TempDir, Built) {
    let dir = tempfile::tempdir().expect("temporary folder");
    write(
        dir.path(),
        &[
            (
                "site.toml",
                "title = \"Tiny\"\nbase_url = \"https://example.org/\"\n",
            ),
            (
                "content/_index.md",
                "---\ntitle: Home\n---\nThe home page.\n",
            ),
            (
                "content/a.md",
                "---\ntitle: A\ndate: 2024-01-02\n---\nThe first page.\n",
            ),
            ("static/style.css", "body {}\n"),
        ],
    );
    let root = std::fs::canonicalize(dir.path()).expect("canonical root");
    let built = Built::full(&BuildOptions {
        root,
        ..BuildOptions::default()
    })
    .expect("the tiny site builds");
    (dir, built)
}
