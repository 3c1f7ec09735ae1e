//! Folder trees byte for byte, for the tests that a failed or killed build
//! changes nothing on disk: a snapshot of every path (symlinks not followed),
//! the differences of two snapshots, and a planted "previous build".

use std::collections::BTreeMap;
use std::fs;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};

/// What one path of a tree holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    Dir,
    /// Small files keep their bytes; large ones their length and a hash.
    File(Vec<u8>),
    LargeFile {
        len: u64,
        hash: u64,
    },
    Symlink(PathBuf),
    Unreadable,
}

/// Every path below `root` (relative), with its contents. Symlinks are not followed.
pub type Tree = BTreeMap<PathBuf, Entry>;

/// Every path below `root` with its contents (empty if `root` does not exist).
pub fn snapshot(root: &Path) -> Tree {
    let mut tree = Tree::new();
    if root.exists() {
        walk(root, root, &mut tree);
    }
    tree
}

fn walk(root: &Path, dir: &Path, tree: &mut Tree) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        let relative = path.strip_prefix(root).unwrap().to_path_buf();
        let meta = fs::symlink_metadata(&path).unwrap();
        let entry = if meta.file_type().is_symlink() {
            Entry::Symlink(fs::read_link(&path).unwrap())
        } else if meta.is_dir() {
            walk(root, &path, tree);
            Entry::Dir
        } else if meta.len() > 1 << 20 {
            match fs::read(&path) {
                Ok(bytes) => {
                    let mut hasher = DefaultHasher::new();
                    bytes.hash(&mut hasher);
                    Entry::LargeFile {
                        len: meta.len(),
                        hash: hasher.finish(),
                    }
                }
                Err(_) => Entry::Unreadable,
            }
        } else {
            fs::read(&path).map_or(Entry::Unreadable, Entry::File)
        };
        tree.insert(relative, entry);
    }
}

/// Lists the paths where two trees differ, for assertion messages.
pub fn differences(before: &Tree, after: &Tree) -> Vec<String> {
    let mut out = Vec::new();
    for (path, entry) in before {
        match after.get(path) {
            None => out.push(format!("removed {}", path.display())),
            Some(other) if other != entry => out.push(format!("changed {}", path.display())),
            Some(_) => {}
        }
    }
    for path in after.keys().filter(|p| !before.contains_key(*p)) {
        out.push(format!("added {}", path.display()));
    }
    out
}

/// A stand-in for a previous build: a few files in nested folders, marked
/// as briefing's own output (so a build may replace it).
pub fn plant_previous_output(dir: &Path) {
    fs::create_dir_all(dir).unwrap();
    fs::write(
        dir.join(briefing::output::MARKER_FILE),
        briefing::output::MARKER_TEXT,
    )
    .unwrap();
    fs::create_dir_all(dir.join("timeline/berlin")).unwrap();
    fs::write(dir.join("index.html"), "<p>the previous build</p>\n").unwrap();
    fs::write(
        dir.join("timeline/berlin/index.html"),
        "<p>an older page</p>\n",
    )
    .unwrap();
    fs::write(dir.join("style.css"), "body { color: black }\n").unwrap();
}
