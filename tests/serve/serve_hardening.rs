//! Hardening of `briefing serve`: where it listens, paths and symbolic links
//! that try to leave the site, folders without an index, browsers that drop
//! their live-reload stream, and a watcher under a storm of changes. The real
//! binary on a free port over a fixture site in a temporary folder; waits poll
//! with a bounded timeout and nothing asserts on timing. The load benchmark is
//! `benches/load.sh`.

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::common::churn::{Edits, clean_build, served_matches};
use crate::common::serve::{Server, event_request, fixture_site, open_files, threads};
use crate::common::{Rng, TIMEOUT, briefing_at, wait_for, write};

const SECRET: &str = "TOP SECRET";

/// A secret file next to (outside) the site folder `dir/site`.
fn secret_beside(dir: &Path) -> std::path::PathBuf {
    let secret = dir.join("secret.md");
    write(&secret, &format!("---\ntitle: Secret\n---\n{SECRET}\n"));
    secret
}

fn assert_no_secret(server: &Server, path: &str) {
    let response = server.get(path);
    assert!(
        !response.text().contains(SECRET),
        "{path} served the secret (status {})",
        response.status
    );
}

/// The local addresses of the sockets `pid` listens on, as `/proc/net/tcp*`
/// writes them (`0100007F:0457` is 127.0.0.1:1111).
fn listening_addresses(pid: u32) -> Vec<String> {
    let inodes: BTreeSet<String> = std::fs::read_dir(format!("/proc/{pid}/fd"))
        .unwrap()
        .filter_map(|entry| std::fs::read_link(entry.ok()?.path()).ok())
        .filter_map(|target| {
            let target = target.to_string_lossy().into_owned();
            Some(
                target
                    .strip_prefix("socket:[")?
                    .trim_end_matches(']')
                    .to_string(),
            )
        })
        .collect();
    let mut out = Vec::new();
    for table in ["tcp", "tcp6"] {
        let text = std::fs::read_to_string(format!("/proc/{pid}/net/{table}")).unwrap_or_default();
        for line in text.lines().skip(1) {
            let fields: Vec<&str> = line.split_whitespace().collect();
            const LISTEN: &str = "0A";
            if fields.len() > 9 && fields[3] == LISTEN && inodes.contains(fields[9]) {
                out.push(fields[1].to_string());
            }
        }
    }
    out
}

#[test]
fn listens_on_loopback_only_by_default() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&fixture_site(dir.path()));
    let port: u16 = server
        .url
        .strip_prefix("http://127.0.0.1:")
        .and_then(|rest| rest.strip_suffix('/'))
        .and_then(|port| port.parse().ok())
        .unwrap_or_else(|| panic!("printed URL {} is not http://127.0.0.1:PORT/", server.url));
    assert_eq!(
        listening_addresses(server.pid()),
        vec![format!("0100007F:{port:04X}")],
        "one listening socket, on 127.0.0.1 (not 0.0.0.0 or ::)"
    );
}

#[test]
fn refuses_more_forms_of_paths_that_leave_the_site() {
    let dir = tempfile::tempdir().unwrap();
    let root = fixture_site(dir.path());
    write(&dir.path().join("secret.txt"), SECRET);
    let server = Server::start(&root);
    // Cases not already in tests/serve.rs: backslashes encoded, absolute
    // paths, encoded slashes, half-encoded and overlong dots, NUL alone.
    for path in [
        "/%5c..%5csecret.txt",
        "/about%5c..%5c..%5csecret.txt",
        "/%5C%2e%2e%5Csecret.txt",
        "/%255c..%255csecret.txt",
        "//etc/passwd",
        "///etc/passwd",
        "/%2fetc/passwd",
        "/%2Fetc%2Fpasswd",
        "/%2f%2e%2e%2fsecret.txt",
        "/.%2e/secret.txt",
        "/%2e./secret.txt",
        "/about/%2e%2e/%2e%2e/secret.txt",
        "/%c0%ae%c0%ae/secret.txt",
        "/%00",
        "/%00../secret.txt",
        "/C:%5csecret.txt",
        "/%252e%252e%252fsecret.txt",
    ] {
        let response = server.get(path);
        assert!(
            matches!(response.status, 400 | 404),
            "{path}: status {}",
            response.status
        );
        let text = response.text();
        assert!(!text.contains(SECRET), "{path} leaked the secret");
        assert!(!text.contains("root:"), "{path} leaked /etc/passwd");
    }
    // An absolute-form request target names this server's own paths only.
    let mut stream = TcpStream::connect(&server.address).unwrap();
    stream.set_read_timeout(Some(TIMEOUT)).unwrap();
    write!(
        stream,
        "GET http://{0}/../secret.txt HTTP/1.1\r\nHost: {0}\r\nConnection: close\r\n\r\n",
        server.address
    )
    .unwrap();
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    assert!(!String::from_utf8_lossy(&raw).contains(SECRET));
    assert!(server.get("/about/").status == 200, "still serving");
}

#[test]
fn answers_folders_without_an_index_with_the_404_page() {
    let dir = tempfile::tempdir().unwrap();
    let root = fixture_site(dir.path());
    write(&root.join("static/docs/a.txt"), "a\n");
    write(&root.join("static/docs/deeper/b.txt"), "b\n");
    let server = Server::start(&root);
    let not_found_page = server.get_text("/404.html");
    for path in ["/docs/", "/docs", "/docs/deeper/", "/docs/deeper"] {
        let response = server.get(path);
        assert_eq!(response.status, 404, "{path}");
        assert_eq!(response.text(), not_found_page, "{path}: no listing");
        assert!(!response.text().contains("a.txt"), "{path}: no listing");
    }
    assert_eq!(server.get_text("/docs/a.txt"), "a\n");
}

/// The stderr of a `briefing build` that must fail.
fn build_errors(root: &Path) -> String {
    let output = briefing_at(root, &["build"]);
    assert_eq!(output.status.code(), Some(1));
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn assert_names_link(stderr: &str, link: &str) {
    assert!(
        stderr
            .lines()
            .any(|line| line.starts_with(link) && line.contains("outside the site")),
        "names {link}: {stderr}"
    );
}

#[test]
fn refuses_symbolic_links_out_of_the_site_in_builds() {
    let dir = tempfile::tempdir().unwrap();
    let root = fixture_site(dir.path());
    let secret = secret_beside(dir.path());
    let outside = dir.path().join("outside");
    write(
        &outside.join("page.md"),
        "---\ntitle: Out\n---\nTOP SECRET\n",
    );
    std::os::unix::fs::symlink(&secret, root.join("static/leak.txt")).unwrap();
    std::os::unix::fs::symlink(&secret, root.join("content/leak.md")).unwrap();
    std::os::unix::fs::symlink(&secret, root.join("content/leak.txt")).unwrap();
    std::os::unix::fs::symlink(&outside, root.join("content/linked")).unwrap();
    std::os::unix::fs::symlink(&outside, root.join("static/linked")).unwrap();
    // Links that stay inside the site are followed.
    std::os::unix::fs::symlink(root.join("static/extra.css"), root.join("static/same.css"))
        .unwrap();

    // Content is loaded before static files are collected: two rounds.
    let stderr = build_errors(&root);
    for link in ["content/leak.md", "content/leak.txt", "content/linked"] {
        assert_names_link(&stderr, link);
    }
    let content_links = dir.path().join("content-links");
    std::fs::create_dir(&content_links).unwrap();
    for name in ["leak.md", "leak.txt", "linked"] {
        std::fs::rename(root.join("content").join(name), content_links.join(name)).unwrap();
    }
    let stderr = build_errors(&root);
    for link in ["static/leak.txt", "static/linked"] {
        assert_names_link(&stderr, link);
    }
    assert!(!stderr.contains("same.css"), "{stderr}");
    assert!(!root.join("public").exists(), "nothing written");

    // The dev server shows the same error and serves nothing of the secret.
    let server = Server::start(&root);
    let page = server.get("/");
    assert_eq!(page.status, 503);
    assert!(page.text().contains("static/leak.txt"));
    for path in ["/leak.txt", "/leak/", "/linked/page/", "/linked/page.md"] {
        assert_no_secret(&server, path);
    }

    std::fs::remove_file(root.join("static/leak.txt")).unwrap();
    let events = server.events();
    std::fs::remove_file(root.join("static/linked")).unwrap();
    events.next_named("update");
    assert_eq!(server.get_text("/same.css"), "body { color: black; }\n");
}

#[test]
fn never_serves_a_symbolic_link_made_while_serving() {
    let dir = tempfile::tempdir().unwrap();
    let root = fixture_site(dir.path());
    let secret = secret_beside(dir.path());
    let server = Server::start(&root);
    let events = server.events();

    // A new link in static/.
    std::os::unix::fs::symlink(&secret, root.join("static/late.txt")).unwrap();
    let error = events.next_named("error");
    assert!(
        error.data["text"]
            .as_str()
            .unwrap()
            .contains("static/late.txt")
    );
    assert_no_secret(&server, "/late.txt");
    std::fs::remove_file(root.join("static/late.txt")).unwrap();
    events.next_named("update");

    // A served stylesheet and a page replaced by links (as an atomic save would).
    for (file, served_at, original) in [
        ("static/extra.css", "/extra.css", "body { color: black; }\n"),
        (
            "content/about.md",
            "/about/",
            "---\ntitle: About\n---\nBack.\n",
        ),
    ] {
        let link = root.join(format!("{file}.tmp"));
        std::os::unix::fs::symlink(&secret, &link).unwrap();
        std::fs::rename(&link, root.join(file)).unwrap();
        let error = events.next_named("error");
        assert!(error.data["text"].as_str().unwrap().contains(file));
        assert_no_secret(&server, served_at);
        std::fs::remove_file(root.join(file)).unwrap();
        write(&root.join(file), original);
        events.next_named("update");
    }
    assert_eq!(server.status()["ok"], true);
}

/// Opens an event stream and reads until its `hello` arrived.
fn open_event_stream(address: &str) -> TcpStream {
    let mut stream = event_request(address, address, "/__briefing/events");
    stream.set_read_timeout(Some(TIMEOUT)).unwrap();
    let mut seen = Vec::new();
    let mut buffer = [0u8; 1024];
    while !seen
        .windows(11)
        .any(|w| w == b"event:hello" || w == b"event: hell")
    {
        let n = stream.read(&mut buffer).unwrap();
        assert!(n > 0, "stream closed before hello");
        seen.extend_from_slice(&buffer[..n]);
    }
    stream
}

#[test]
fn dropped_live_reload_streams_leak_no_files_or_threads() {
    let dir = tempfile::tempdir().unwrap();
    let root = fixture_site(dir.path());
    let server = Server::start(&root);
    let pid = server.pid();
    // Warm up: one stream and one page, so lazily started threads exist.
    drop(open_event_stream(&server.address));
    assert_eq!(server.get("/").status, 200);
    let settled = |what: &str, fds: usize, tasks: usize| {
        wait_for(what, || {
            (open_files(pid) <= fds && threads(pid) <= tasks).then_some(())
        })
    };
    let (base_files, base_threads) = (open_files(pid), threads(pid));

    for _ in 0..10 {
        let streams: Vec<TcpStream> = (0..50)
            .map(|_| open_event_stream(&server.address))
            .collect();
        assert!(open_files(pid) >= base_files + 40, "the streams are open");
        drop(streams);
    }
    // No event is sent meanwhile: the server must notice the closes by itself.
    settled(
        "open files and threads back to about the baseline",
        base_files + 4,
        base_threads + 4,
    );
    write(
        &root.join("content/about.md"),
        "---\ntitle: About\n---\nAfter.\n",
    );
    wait_for("the rebuild", || {
        server.get_text("/about/").contains("After.").then_some(())
    });
    let events = server.events();
    write(
        &root.join("content/about.md"),
        "---\ntitle: About\n---\nAgain.\n",
    );
    events.next_named("update");
}

/// Waits until the build counter stops moving for a while, then returns the
/// status. Bounded: panics if the server never settles.
fn settle(server: &Server) -> serde_json::Value {
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut last = server.build_id();
    let mut quiet_since = Instant::now();
    loop {
        std::thread::sleep(Duration::from_millis(100));
        let build = server.build_id();
        if build != last {
            last = build;
            quiet_since = Instant::now();
        } else if quiet_since.elapsed() > Duration::from_secs(2) {
            return server.status();
        }
        assert!(Instant::now() < deadline, "the server never settled");
    }
}

#[test]
fn serves_what_a_clean_build_gives_after_a_storm_of_changes() {
    let dir = tempfile::tempdir().unwrap();
    let root = fixture_site(dir.path());
    let server = Server::start(&root);
    let before = server.build_id();
    let mut rng = Rng(0xC0FF_EE00_0500);
    let mut edits = Edits::default();
    for _ in 0..500 {
        edits.step(&mut rng, &root);
        std::thread::sleep(Duration::from_millis(20));
    }
    // Repair: every step leaves a valid site, and this last save of the
    // About page makes sure the final tree is seen after the storm.
    write(
        &root.join("content/about.md"),
        "---\ntitle: About\n---\nAfter the storm.\n",
    );
    let status = settle(&server);
    assert!(server.build_id() > before, "rebuilt during the storm");
    assert_eq!(status["ok"], true, "final tree is valid: {status}");

    let expected = clean_build(&root, &server.url, &dir.path().join("clean"));
    if let Err(last) = served_matches(&server, &expected, || {}) {
        panic!("served site differs from a clean build: {last:?}");
    }
    assert!(server.get_text("/about/").contains("After the storm."));
}
