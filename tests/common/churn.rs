//! Random site edits and the comparison of what the dev server serves with a
//! clean `briefing build`, shared by the dev-server tests.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use briefing::SCRIPT_TAG;

use super::serve::Server;
use super::{Rng, command, write, write_by_rename};

/// The site's changing parts: loose pages, one section folder that moves
/// around, and static files.
#[derive(Default)]
pub struct Edits {
    pub pages: Vec<PathBuf>,
    pub section: Option<PathBuf>,
    pub statics: Vec<PathBuf>,
    pub counter: usize,
}

impl Edits {
    pub fn page_text(&mut self, title: &str) -> String {
        self.counter += 1;
        format!(
            "---\ntitle: {title}\n---\nParagraph {} of the story.\n",
            self.counter
        )
    }

    /// Applies one random change and says what it was.
    pub fn step(&mut self, rng: &mut Rng, root: &Path) -> String {
        let content = root.join("content");
        self.counter += 1;
        let n = self.counter;
        match rng.below(9) {
            0 => {
                let path = content.join(format!("page-{n}.md"));
                let text = self.page_text(&format!("Page {n}"));
                write(&path, &text);
                self.pages.push(path);
                format!("create page-{n}.md")
            }
            1 | 2 if !self.pages.is_empty() => {
                let path = self.pages[rng.below(self.pages.len())].clone();
                let text = self.page_text(&format!("Edited {n}"));
                if rng.below(2) == 0 {
                    write(&path, &text);
                } else {
                    write_by_rename(&path, &text);
                }
                format!("edit {}", path.display())
            }
            3 if !self.pages.is_empty() => {
                let index = rng.below(self.pages.len());
                let to = content.join(format!("renamed-{n}.md"));
                std::fs::rename(&self.pages[index], &to).unwrap();
                self.pages[index] = to;
                format!("rename page to renamed-{n}.md")
            }
            4 if !self.pages.is_empty() => {
                let path = self.pages.swap_remove(rng.below(self.pages.len()));
                std::fs::remove_file(&path).unwrap();
                format!("delete {}", path.display())
            }
            5 => match self.section.clone() {
                None => {
                    let folder = content.join(format!("group-{n}"));
                    write(
                        &folder.join("_index.md"),
                        "---\ntitle: Group\n---\nA group.\n",
                    );
                    let text = self.page_text("Member");
                    write(&folder.join("member.md"), &text);
                    self.section = Some(folder);
                    format!("create section group-{n}")
                }
                Some(folder) => {
                    let to = content.join(format!("group-{n}"));
                    std::fs::rename(&folder, &to).unwrap();
                    self.section = Some(to);
                    format!("rename section folder to group-{n}")
                }
            },
            6 if self.section.is_some() => {
                let folder = self.section.clone().unwrap();
                let text = self.page_text(&format!("Member {n}"));
                write(&folder.join("member.md"), &text);
                format!("edit a page in {}", folder.display())
            }
            7 => {
                let path = root.join(format!("static/file-{n}.txt"));
                write(&path, &format!("static {n}\n"));
                self.statics.push(path);
                format!("create static/file-{n}.txt")
            }
            8 if !self.statics.is_empty() => {
                let path = self.statics.swap_remove(rng.below(self.statics.len()));
                std::fs::remove_file(&path).unwrap();
                format!("delete {}", path.display())
            }
            _ => {
                let text = self.page_text("About");
                write_by_rename(&root.join("content/about.md"), &text);
                "edit about.md".into()
            }
        }
    }
}

/// Every file of a fresh `briefing build` with the server's base URL.
pub fn clean_build(root: &Path, url: &str, output: &Path) -> BTreeMap<String, Vec<u8>> {
    let _ = std::fs::remove_dir_all(output);
    let status = command()
        .arg("--root")
        .arg(root)
        .args(["--quiet", "build", "--base-url", url, "--output-dir"])
        .arg(output)
        .status()
        .unwrap();
    assert!(status.success(), "the clean build failed");
    walkdir::WalkDir::new(output)
        .into_iter()
        .map(Result::unwrap)
        .filter(|entry| entry.file_type().is_file())
        // The output's marker is written to disk only, never served.
        .filter(|entry| entry.file_name() != briefing::output::MARKER_FILE)
        .map(|entry| {
            let relative = entry.path().strip_prefix(output).unwrap();
            (
                relative.to_string_lossy().replace('\\', "/"),
                std::fs::read(entry.path()).unwrap(),
            )
        })
        .collect()
}

/// What the server serves, with the live-reload script taken out of HTML.
pub fn served(server: &Server) -> BTreeMap<String, Vec<u8>> {
    server
        .files()
        .into_iter()
        .map(|path| {
            let response = server.get(&format!("/{path}"));
            let mut body = response.body;
            if path.ends_with(".html") {
                let text = String::from_utf8(body).unwrap();
                assert_eq!(text.matches(SCRIPT_TAG).count(), 1, "{path}: one script");
                body = text.replacen(SCRIPT_TAG, "", 1).into_bytes();
            }
            (path, body)
        })
        .collect()
}

pub fn differences(
    expected: &BTreeMap<String, Vec<u8>>,
    actual: &BTreeMap<String, Vec<u8>>,
) -> Vec<String> {
    let mut out = Vec::new();
    for (path, bytes) in expected {
        match actual.get(path) {
            None => out.push(format!("missing {path}")),
            Some(served) if served != bytes => out.push(format!("differs {path}")),
            Some(_) => {}
        }
    }
    out.extend(
        actual
            .keys()
            .filter(|path| !expected.contains_key(*path))
            .map(|path| format!("extra {path}")),
    );
    out
}

/// Compares what the server serves with `expected` until they match (a rebuild
/// may still be on its way), calling `each` before every try. The differences
/// of the last try if they never match within about 10 s.
pub fn served_matches(
    server: &Server,
    expected: &BTreeMap<String, Vec<u8>>,
    mut each: impl FnMut(),
) -> Result<(), Vec<String>> {
    let mut last = Vec::new();
    for _ in 0..50 {
        each();
        last = differences(expected, &served(server));
        if last.is_empty() {
            return Ok(());
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    Err(last)
}
