//! Issue 16, items 4 and 5: `briefing serve` with the flags Zola and Hugo
//! users expect, links that follow the host a request names (a phone on the
//! network), the `Host` check against DNS rebinding, the one-line rebuild log,
//! and a clear error outside a site. The real binary on 127.0.0.1.

use std::io::Read;

use crate::common::serve::{Server, event_request, fixture_site};
use crate::common::{TIMEOUT, briefing, wait_for, write, write_by_rename};

/// A port that was free a moment ago.
fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// The status line's code of `GET path` with `Host: host`, reading only the head
/// (the event stream never ends).
fn status_as(address: &str, host: &str, path: &str) -> u16 {
    let mut stream = event_request(address, host, path);
    stream.set_read_timeout(Some(TIMEOUT)).unwrap();
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).unwrap();
    String::from_utf8_lossy(&head[9..12]).parse().unwrap()
}

#[test]
fn can_listen_on_the_port_given_with_dash_p() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let server = Server::start_with(
        &fixture_site(dir.path()),
        &["-p", &port.to_string(), "-i", "127.0.0.1"],
    );
    assert_eq!(server.url, format!("http://127.0.0.1:{port}/"));
    assert_eq!(server.get("/").status, 200);
}

#[test]
fn answers_only_hosts_that_name_this_server() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start_with(
        &fixture_site(dir.path()),
        &["--port", "0", "--allowed-host", "preview.example.org"],
    );
    let port = server.address.rsplit(':').next().unwrap().to_string();
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
        format!("preview.example.org:{port}"),
        "localhost".to_string(),
    ] {
        assert_eq!(server.get_as(&host, "/").status, 200, "{host}");
        assert_eq!(
            status_as(&server.address, &host, "/__briefing/events"),
            200,
            "events for {host}"
        );
    }
    for host in [
        format!("evil.example:{port}"),
        format!("localhost.evil.example:{port}"),
        "other.example.org".to_string(),
    ] {
        let refused = server.get_as(&host, "/");
        assert_eq!(refused.status, 403, "{host}");
        let text = refused.text();
        assert_eq!(text.lines().count(), 1, "{text}");
        assert!(text.contains("--allowed-host"), "{text}");
        assert!(!text.contains("<html"), "no page of the site: {text}");
        assert_eq!(
            status_as(&server.address, &host, "/__briefing/events"),
            403,
            "events for {host}"
        );
        assert_eq!(server.get_as(&host, "/__briefing/status").status, 403);
    }
}

#[test]
fn links_to_the_host_each_request_names() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&fixture_site(dir.path()));
    let port = server.address.rsplit(':').next().unwrap().to_string();
    let phone = format!("192.168.1.20:{port}");
    let page = server.get_as(&phone, "/about/").text();
    assert!(
        page.contains(&format!("href=\"http://{phone}/\"")),
        "links to the phone's host:\n{page}"
    );
    assert!(!page.contains("127.0.0.1"), "{page}");
    let sitemap = server.get_as(&phone, "/sitemap.xml").text();
    assert!(
        sitemap.contains(&format!("<loc>http://{phone}/")),
        "{sitemap}"
    );
    let local = server
        .get_as(&format!("localhost:{port}"), "/about/")
        .text();
    assert!(local.contains(&format!("href=\"http://localhost:{port}/\"")));
    let own = server.get("/about/").text();
    assert!(own.contains(&format!("href=\"{}\"", server.url)));
}

#[test]
fn links_to_the_base_url_given_with_dash_u() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start_with(
        &fixture_site(dir.path()),
        &["--port", "0", "-u", "http://phone.test:9/"],
    );
    let page = server.get_as("192.168.1.20:9", "/about/").text();
    assert!(page.contains("href=\"http://phone.test:9/\""), "{page}");
    assert!(!page.contains("192.168.1.20"), "{page}");
}

#[test]
fn prints_one_line_per_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    let root = fixture_site(dir.path());
    let server = Server::start(&root);
    let first = server.build_id();
    // Saved the way editors do (write a temporary file, rename it over the
    // page): a plain truncating write can be seen half-done by a rebuild
    // under load, whose line would then say "failed".
    write_by_rename(
        &root.join("content/about.md"),
        "---\ntitle: About us\n---\nChanged.\n",
    );
    wait_for("the rebuild", || (server.build_id() > first).then_some(()));
    let line = wait_for("the rebuild line", || {
        server
            .stdout()
            .lines()
            .find(|line| line.contains("content/about.md"))
            .map(str::to_string)
    });
    // `HH:MM:SS content/about.md: N pages rendered, N files, N ms`
    let (time, rest) = line.split_once(' ').unwrap();
    assert!(
        time.len() == 8 && time.bytes().filter(|b| *b == b':').count() == 2,
        "{line}"
    );
    assert!(rest.starts_with("content/about.md: "), "{line}");
    assert!(
        rest.contains(" rendered, ") && rest.ends_with(" ms"),
        "{line}"
    );
    let rendered: usize = rest["content/about.md: ".len()..]
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(rendered >= 1, "{line}");
}

#[test]
fn refuses_to_serve_a_folder_that_is_not_a_site() {
    let dir = tempfile::tempdir().unwrap();
    let output = briefing(&["serve", "--port", "0"], dir.path());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("is not a briefing site"), "{stderr}");
    assert!(stderr.contains("site.toml"), "{stderr}");
    assert!(String::from_utf8_lossy(&output.stdout).is_empty());
}

#[test]
fn serves_the_site_robots_txt_once_it_exists_and_the_generated_one_after() {
    let dir = tempfile::tempdir().unwrap();
    let root = fixture_site(dir.path());
    let server = Server::start(&root);
    assert!(server.get_text("/robots.txt").contains("Sitemap: "));
    let own = "User-agent: *\nDisallow: /\n";
    write(&root.join("static/robots.txt"), own);
    wait_for("the site's robots.txt", || {
        (server.get_text("/robots.txt") == own).then_some(())
    });
    std::fs::remove_file(root.join("static/robots.txt")).unwrap();
    wait_for("the generated robots.txt", || {
        server
            .get_text("/robots.txt")
            .contains("Sitemap: ")
            .then_some(())
    });
}
