//! `briefing serve` end to end: the real binary on a free port, over a fixture
//! site in a temporary folder. Waits poll with a bounded timeout; nothing
//! here asserts on timing. Its own binary, apart from `engine`'s many
//! builds, so the file watcher's waits do not compete with them for the CPU.

mod common;

#[path = "serve/serve_conventions.rs"]
mod serve_conventions;
#[path = "serve/serve_hardening.rs"]
mod serve_hardening;

use std::path::Path;

use briefing::SCRIPT_TAG;
use common::churn::{Edits, clean_build, served_matches};
use common::serve::{Server, fixture_site};
use common::{Rng, briefing_at, wait_for, write, write_by_rename};

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
    let event = events.next_named("update");
    assert!(server.get_text("/about/").contains("Edited in place."));
    // The pages whose bytes changed, so an open page that is not one of them stays as it is.
    let changed: Vec<&str> = event.data["changed"]
        .as_array()
        .expect("an edit of one page names the changed paths")
        .iter()
        .map(|path| path.as_str().unwrap())
        .collect();
    assert!(changed.contains(&"/about/index.html"), "{changed:?}");
    assert!(!changed.contains(&"/extra.css"), "{changed:?}");
    assert!(!changed.contains(&"/404.html"), "{changed:?}");

    write_by_rename(&about, "---\ntitle: About\n---\nSaved atomically.\n");
    events.next_named("update");
    assert!(server.get_text("/about/").contains("Saved atomically."));
    assert!(
        !server.files().iter().any(|f| f.contains(".tmp")),
        "temporary files are never served"
    );
}

#[test]
fn follows_the_sources_file_that_site_toml_names_after_it_changes() {
    let dir = tempfile::tempdir().unwrap();
    let root = fixture_site(dir.path());
    let server = Server::start(&root);
    let events = server.events();
    let listed = std::fs::read_to_string(root.join("sources.yaml")).unwrap();
    // The sources file moves to a folder that is neither the root nor a source
    // folder, and site.toml names it.
    write(&root.join("data/list.yaml"), &listed);
    let config = std::fs::read_to_string(root.join("site.toml")).unwrap();
    write(
        &root.join("site.toml"),
        &format!("sources = \"data/list.yaml\"\n{config}"),
    );
    events.next_named("update");
    // An edit of the new file is seen, and rebuilds the pages that cite it.
    write(
        &root.join("data/list.yaml"),
        &listed.replace(
            "title: The North Atlantic Treaty",
            "title: The Treaty, retitled",
        ),
    );
    events.next_named("update");
    wait_for("the retitled source on the actor page", || {
        server
            .get_text("/actors/nato/")
            .contains("The Treaty, retitled")
            .then_some(())
    });
}

#[test]
fn sends_a_changed_page_its_new_html_with_the_update() {
    let dir = tempfile::tempdir().unwrap();
    let root = fixture_site(dir.path());
    let server = Server::start(&root);
    let on_about = server.events_for("/__briefing/events?page=%2Fabout%2F");
    let on_sources = server.events_for("/__briefing/events?page=%2Fsources%2F");
    let on_nothing = server.events();
    write(
        &root.join("content/about.md"),
        "---\ntitle: About\n---\nPushed to the page.\n",
    );
    let html = on_about.next_named("update").data["html"]
        .as_str()
        .expect("the open page's HTML")
        .to_string();
    assert_eq!(
        html,
        server.get_text("/about/"),
        "as the page would fetch it"
    );
    assert!(html.contains("Pushed to the page.") && html.contains(SCRIPT_TAG));
    let other = on_sources.next_named("update");
    assert!(
        other.data.get("html").is_none(),
        "an unchanged page gets no HTML"
    );
    assert!(on_nothing.next_named("update").data.get("html").is_none());
}

#[test]
fn adds_the_live_script_to_served_pages_only_never_to_a_build() {
    let dir = tempfile::tempdir().unwrap();
    let root = fixture_site(dir.path());
    let server = Server::start(&root);
    let live = server.get("/__briefing/live.js");
    assert_eq!(live.status, 200);
    assert!(
        live.text().contains("Idiomorph"),
        "idiomorph is served with it"
    );
    let built = clean_build(&root, &server.url, &dir.path().join("out"));
    for (path, bytes) in &built {
        assert!(
            !String::from_utf8_lossy(bytes).contains("__briefing"),
            "{path} of `briefing build` holds the live script"
        );
    }
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
    // The terminal line is printed beside the event; the reader thread may lag.
    wait_for("the error in the terminal", || {
        server.stderr().contains("content/about.md:3").then_some(())
    });
    // A page opened while the site is broken hears about the error at once.
    let late = server.events();
    late.next_named("error");

    write(&about, "---\ntitle: About\n---\nFixed.\n");
    events.next_named("update");
    assert!(server.get_text("/about/").contains("Fixed."));
    assert_eq!(server.status()["ok"], true);

    write(&root.join("site.toml"), "title = [\n");
    events.next_named("error");
    assert!(server.get_text("/about/").contains("Fixed."));
    assert!(server.is_running());
}

#[test]
fn checks_links_written_with_the_sites_own_base_url_as_build_does() {
    let dir = tempfile::tempdir().unwrap();
    let root = fixture_site(dir.path());
    let about = root.join("content/about.md");
    // The starter's base_url is https://example.org/; serve's is local.
    write(
        &about,
        "---\ntitle: About\n---\n[ok](https://example.org/about/) [home](http://example.org/)\n",
    );
    let mut server = Server::start(&root);
    assert_eq!(server.status()["ok"], true);
    let events = server.events();
    write(
        &about,
        "---\ntitle: About\n---\n[x](https://example.org/nope/)\n",
    );
    let error = events.next_named("error");
    let text = error.data["text"].as_str().unwrap();
    assert!(
        text.contains("broken link `https://example.org/nope/`"),
        "{text}"
    );
    assert!(text.contains("content/about.md:4:1"), "{text}");
    assert_eq!(server.status()["ok"], false);
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
    events.next_named("update");
    assert!(server.get_text("/about/").contains("Working."));
}

#[test]
fn errors_when_the_port_is_taken() {
    let dir = tempfile::tempdir().unwrap();
    let root = fixture_site(dir.path());
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let output = briefing_at(&root, &["serve", "--port", &port]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(&format!("port {port}")), "{stderr}");
    assert!(stderr.contains("--port"), "{stderr}");
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
        let matched = served_matches(&server, &expected, || {
            assert_eq!(
                server.status()["ok"],
                true,
                "step {step} ({what}) broke the build"
            );
        });
        if let Err(last) = matched {
            panic!("step {step} ({what}): {last:?}");
        }
    }
}

#[test]
#[ignore = "needs chromium"]
fn can_patch_pages_in_place_in_a_browser() {
    // Edits without a navigation (scroll, open <details>, search text and
    // focus kept), CSS without a reload, a changed script reloads, rapid
    // saves end on the last, the error overlay comes and goes: see the script.
    let dir = tempfile::tempdir().unwrap();
    let root = fixture_site(dir.path());
    let server = Server::start(&root);
    let output = std::process::Command::new("node")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/live-update.mjs"))
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

#[test]
fn remakes_the_search_index_after_an_edit() {
    let dir = tempfile::tempdir().unwrap();
    let root = fixture_site(dir.path());
    let server = Server::start(&root);
    let events = server.events();
    let entry = server.get_text("/pagefind/pagefind-entry.json");
    assert!(entry.contains("\"en\""), "{entry}");
    assert_eq!(server.get("/pagefind/pagefind.js").status, 200);
    assert_eq!(server.get("/search/").status, 200);

    write(
        &root.join("content/about.md"),
        "---\ntitle: About\n---\nA word no page had: quokka.\n",
    );
    events.next_named("update");
    // The page is served at once; its index follows in the background.
    wait_for("a new search index", || {
        (server.get_text("/pagefind/pagefind-entry.json") != entry).then_some(())
    });
}
