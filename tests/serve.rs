//! `briefing serve` end to end: the real binary on a free port, over a fixture
//! site in a temporary folder. Waits poll with a bounded timeout; nothing
//! here asserts on timing.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use briefing::serve::reload::SCRIPT_TAG;
use support::{Server, fixture_site, wait_for, write, write_by_rename};

#[test]
fn can_serve_pages_with_types_status_and_no_store() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&fixture_site(dir.path()));

    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(home.header("cache-control"), Some("no-store"));
    assert_eq!(home.text().matches(SCRIPT_TAG).count(), 1);
    assert!(home.text().contains(&format!("{SCRIPT_TAG}</body>")));

    let css = server.get("/extra.css");
    assert_eq!(css.status, 200);
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    assert_eq!(css.text(), "body { color: black; }\n", "no script in CSS");
    let sitemap = server.get("/sitemap.xml");
    assert_eq!(sitemap.status, 200);
    assert!(sitemap.header("content-type").unwrap().contains("xml"));

    let missing = server.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert_eq!(missing.header("cache-control"), Some("no-store"));
    let not_found_page = server.get("/404.html").text();
    assert_eq!(missing.text(), not_found_page, "the site's 404.html");

    let head = server.request("HEAD", "/about/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    let about = server.get("/about/");
    assert_eq!(
        head.header("content-length").unwrap(),
        about.body.len().to_string()
    );

    let redirect = server.get("/about?x=1");
    assert_eq!(redirect.status, 302);
    assert_eq!(redirect.header("location"), Some("/about/?x=1"));

    assert_eq!(server.request("POST", "/").status, 405);
    assert_eq!(server.get("/timeline/").status, 200);
}

#[test]
fn refuses_paths_that_leave_the_site() {
    let dir = tempfile::tempdir().unwrap();
    let root = fixture_site(dir.path());
    write(&dir.path().join("secret.txt"), "TOP SECRET");
    let server = Server::start(&root);
    for path in [
        "/../secret.txt",
        "/../site/site.toml",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2e%2e/secret.txt",
        "/%252e%252e/secret.txt",
        "/about/..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "/about%00.html",
        "//secret.txt",
        "/site.toml",
        "/content/about.md",
    ] {
        let response = server.get(path);
        assert!(
            response.status == 400 || response.status == 404,
            "{path}: status {}",
            response.status
        );
        let text = response.text();
        assert!(!text.contains("TOP SECRET"), "{path} leaked the secret");
        assert!(!text.contains("[sections."), "{path} leaked site.toml");
    }
    assert_eq!(server.get("/%2e%2e/secret.txt").status, 400);
    // Decoded once only: `%252e%252e` is a literal (missing) name, not `..`.
    assert_eq!(server.get("/%252e%252e/secret.txt").status, 404);
}

#[test]
fn can_reload_after_edits_in_place_and_by_rename() {
    let dir = tempfile::tempdir().unwrap();
    let root = fixture_site(dir.path());
    let server = Server::start(&root);
    let events = server.events();
    let about = root.join("content/about.md");

    write(&about, "---\ntitle: About\n---\nEdited in place.\n");
    events.next_named("reload");
    assert!(server.get_text("/about/").contains("Edited in place."));

    write_by_rename(&about, "---\ntitle: About\n---\nSaved atomically.\n");
    events.next_named("reload");
    assert!(server.get_text("/about/").contains("Saved atomically."));
    assert!(
        !server.files().iter().any(|f| f.contains(".tmp")),
        "temporary files are never served"
    );
}

#[test]
fn can_swap_stylesheets_without_a_reload() {
    let dir = tempfile::tempdir().unwrap();
    let root = fixture_site(dir.path());
    let server = Server::start(&root);
    let events = server.events();
    write(&root.join("static/extra.css"), "body { color: navy; }\n");
    let event = events.next_named("css");
    assert_eq!(event.data["paths"], serde_json::json!(["/extra.css"]));
    assert_eq!(server.get_text("/extra.css"), "body { color: navy; }\n");
}

#[test]
fn keeps_serving_the_last_good_site_on_errors() {
    let dir = tempfile::tempdir().unwrap();
    let root = fixture_site(dir.path());
    let mut server = Server::start(&root);
    let events = server.events();
    let about = root.join("content/about.md");

    write(&about, "---\ntitle: About\nweight: heavy\n---\nBroken.\n");
    let error = events.next_named("error");
    let text = error.data["text"].as_str().unwrap();
    assert!(
        text.contains("content/about.md:3"),
        "names file:line: {text}"
    );
    assert!(!text.contains('\u{1b}'), "no ANSI colour in the overlay");
    assert!(server.get_text("/about/").contains("About this site."));
    assert_eq!(server.status()["ok"], false);
    assert!(server.stderr().contains("content/about.md:3"));
    // A page opened while the site is broken hears about the error at once.
    let late = server.events();
    late.next_named("error");

    write(&about, "---\ntitle: About\n---\nFixed.\n");
    events.next_named("reload");
    assert!(server.get_text("/about/").contains("Fixed."));
    assert_eq!(server.status()["ok"], true);

    write(&root.join("site.toml"), "title = [\n");
    events.next_named("error");
    assert!(server.get_text("/about/").contains("Fixed."));
    assert!(server.is_running());
}

#[test]
fn can_start_on_a_broken_site_and_recover() {
    let dir = tempfile::tempdir().unwrap();
    let root = fixture_site(dir.path());
    let about = root.join("content/about.md");
    write(&about, "---\ntitle: [About\n---\nBroken.\n");
    let server = Server::start(&root);
    let page = server.get("/");
    assert_eq!(page.status, 503);
    assert!(page.text().contains("content/about.md"));
    assert!(page.text().contains(SCRIPT_TAG));
    let events = server.events();
    write(&about, "---\ntitle: About\n---\nWorking.\n");
    events.next_named("reload");
    assert!(server.get_text("/about/").contains("Working."));
}

#[test]
fn errors_when_the_port_is_taken() {
    let dir = tempfile::tempdir().unwrap();
    let root = fixture_site(dir.path());
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let output = std::process::Command::new(support::binary())
        .arg("--root")
        .arg(&root)
        .args(["serve", "--port", &port])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(&format!("port {port}")), "{stderr}");
    assert!(stderr.contains("--port"), "{stderr}");
}

/// A deterministic pseudo-random sequence (xorshift64*), so failures replay.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % n
    }
}

/// The site's changing parts: loose pages, one section folder that moves
/// around, and static files.
#[derive(Default)]
struct Edits {
    pages: Vec<PathBuf>,
    section: Option<PathBuf>,
    statics: Vec<PathBuf>,
    counter: usize,
}

impl Edits {
    fn page_text(&mut self, title: &str) -> String {
        self.counter += 1;
        format!(
            "---\ntitle: {title}\n---\nParagraph {} of the story.\n",
            self.counter
        )
    }

    /// Applies one random change and says what it was.
    fn step(&mut self, rng: &mut Rng, root: &Path) -> String {
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
fn clean_build(root: &Path, url: &str, output: &Path) -> BTreeMap<String, Vec<u8>> {
    let _ = std::fs::remove_dir_all(output);
    let status = std::process::Command::new(support::binary())
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
fn served(server: &Server) -> BTreeMap<String, Vec<u8>> {
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

fn differences(
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

#[test]
fn serves_what_a_clean_build_gives_after_random_edits() {
    let dir = tempfile::tempdir().unwrap();
    let root = fixture_site(dir.path());
    let server = Server::start(&root);
    let output = dir.path().join("clean");
    let mut rng = Rng(0x5eed_2025_1215);
    let mut edits = Edits::default();
    for step in 0..36 {
        let before = server.build_id();
        let what = edits.step(&mut rng, &root);
        eprintln!("step {step}: {what}");
        wait_for(&format!("a rebuild after step {step} ({what})"), || {
            (server.build_id() > before).then_some(())
        });
        let expected = clean_build(&root, &server.url, &output);
        let mut last = Vec::new();
        let matched = (0..50).any(|_| {
            assert_eq!(
                server.status()["ok"],
                true,
                "step {step} ({what}) broke the build"
            );
            last = differences(&expected, &served(&server));
            // A second rebuild may still be on its way for the same step.
            last.is_empty() || {
                std::thread::sleep(std::time::Duration::from_millis(100));
                false
            }
        });
        assert!(matched, "step {step} ({what}): {last:?}");
    }
}

#[test]
#[ignore = "needs chromium"]
fn can_live_reload_in_a_browser() {
    let dir = tempfile::tempdir().unwrap();
    let root = fixture_site(dir.path());
    let server = Server::start(&root);
    let output = std::process::Command::new("node")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/live-reload.mjs"))
        .arg(&server.url)
        .arg(&root)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
