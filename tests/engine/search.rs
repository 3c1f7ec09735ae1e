//! Issue 17, search: the Pagefind index and its browser files under
//! `/pagefind/`, the `/search/` page and its navigation link, on the
//! repository's own site; `[search] enabled = false`; sub-path and
//! `--portable` addresses. (The page is driven in Chromium by
//! tests/engine/theme.rs, `search_finds_article_5_in_chromium`.)

use std::fs;
use std::path::Path;

use crate::common::{build_ok, copy_dir, read, tree};

/// A copy of the repository's site (content, site.toml, sources.yaml).
fn repository_site() -> tempfile::TempDir {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = tempfile::tempdir().expect("tempdir");
    copy_dir(&root.join("content"), &site.path().join("content"));
    for file in ["site.toml", "sources.yaml"] {
        fs::copy(root.join(file), site.path().join(file)).expect("copy");
    }
    site
}

fn without_search(site: &Path) {
    let toml = site.join("site.toml");
    let text = fs::read_to_string(&toml).expect("read");
    fs::write(&toml, format!("{text}\n[search]\nenabled = false\n")).expect("write");
}

#[test]
fn writes_the_index_the_search_page_and_a_nav_link() {
    let site = repository_site();
    build_ok(site.path(), &[]);
    let out = site.path().join("public");
    for file in [
        "pagefind/pagefind.js",
        "pagefind/pagefind-entry.json",
        "pagefind/pagefind-worker.js",
        "pagefind/wasm.en.pagefind",
        "pagefind/pagefind-ui.js",
        "pagefind/pagefind-ui.css",
    ] {
        assert!(out.join(file).is_file(), "{file} missing");
    }
    let files = tree(&out);
    for folder in ["pagefind/index/", "pagefind/fragment/", "pagefind/filter/"] {
        assert!(
            files.keys().any(|path| path.starts_with(folder)),
            "nothing in {folder}"
        );
    }
    assert!(files.keys().any(|path| path.ends_with(".pf_meta")));
    let entry = read(&out, "pagefind/pagefind-entry.json");
    assert!(entry.contains("\"en\""), "{entry}");

    let search = read(&out, "search/index.html");
    assert!(search.contains("<title>Search · The Berlin talks, explained</title>"));
    assert!(search.contains("<label for=\"search-input\">"), "{search}");
    assert!(search.contains("<input id=\"search-input\" type=\"search\""));
    assert!(search.contains("aria-live=\"polite\""));
    assert!(search.contains("<noscript>"));
    // Without JavaScript the page links the sections.
    let noscript = &search[search.find("<noscript>").unwrap()..];
    for section in ["explainers/", "timeline/", "actors/"] {
        assert!(
            noscript.contains(&format!(
                "href=\"https://example.org/berlin-talks/{section}\""
            )),
            "{section} not linked"
        );
    }
    // Pagefind is loaded from the site itself.
    assert!(search.contains(
        "<link rel=\"modulepreload\" href=\"https://example.org/berlin-talks/pagefind/pagefind.js\">"
    ));
    assert!(
        !search.contains("data-pagefind-body"),
        "the search page is not indexed"
    );

    let home = read(&out, "index.html");
    assert!(
        home.contains("<li><a href=\"https://example.org/berlin-talks/search/\">Search</a></li>"),
        "nav link"
    );
    assert!(search.contains(
        "href=\"https://example.org/berlin-talks/search/\" aria-current=\"page\">Search</a>"
    ));
    // Pages mark their main content, section and date for the index.
    let article = read(&out, "explainers/article-5/index.html");
    assert!(article.contains("data-pagefind-body data-pagefind-filter=\"section:explainers\""));
    assert!(article.contains("data-pagefind-meta=\"date:"));
    assert!(article.contains("<p hidden data-pagefind-weight=\"5\">"));
}

/// The repository's site has a Ukrainian edition: its pages go into the one
/// index, in the default language, that the one `/search/` page loads
/// (Pagefind would otherwise make a `uk` index that no search page reads).
#[test]
fn pages_of_every_language_go_into_one_index_in_the_default_language() {
    let site = repository_site();
    build_ok(site.path(), &[]);
    let out = site.path().join("public");
    let entry: serde_json::Value =
        serde_json::from_str(&read(&out, "pagefind/pagefind-entry.json")).expect("json");
    let languages = entry["languages"].as_object().expect("languages");
    assert_eq!(
        languages.keys().collect::<Vec<_>>(),
        ["en"],
        "one index: {entry}"
    );
    let indexed = tree(&out)
        .iter()
        .filter(|(path, bytes)| {
            path.ends_with(".html") && String::from_utf8_lossy(bytes).contains("data-pagefind-body")
        })
        .count();
    let ukrainian = tree(&out)
        .iter()
        .filter(|(path, bytes)| {
            path.starts_with("uk/")
                && path.ends_with(".html")
                && String::from_utf8_lossy(bytes).contains("data-pagefind-body")
        })
        .count();
    assert!(ukrainian > 0, "the site has Ukrainian pages to index");
    assert_eq!(
        languages["en"]["page_count"].as_u64(),
        Some(indexed as u64),
        "every indexed page, Ukrainian ones too, is in the one index: {entry}"
    );
}

#[test]
fn turning_search_off_removes_the_index_the_page_and_the_link() {
    let site = repository_site();
    without_search(site.path());
    build_ok(site.path(), &[]);
    let out = site.path().join("public");
    assert!(!out.join("pagefind").exists());
    assert!(!out.join("search").exists());
    let home = read(&out, "index.html");
    assert!(!home.contains("search/"), "no link to the search page");
    assert!(!home.contains(">Search<"));
}

#[test]
fn search_follows_a_sub_path_base_url() {
    let site = repository_site();
    build_ok(site.path(), &["--base-url", "http://127.0.0.1:9/a/b/"]);
    let out = site.path().join("public");
    let search = read(&out, "search/index.html");
    assert!(search.contains("href=\"http://127.0.0.1:9/a/b/pagefind/pagefind.js\""));
    assert!(search.contains("action=\"http://127.0.0.1:9/a/b/search/\""));
    assert!(
        read(&out, "index.html").contains("href=\"http://127.0.0.1:9/a/b/search/\">Search</a>")
    );
}

#[test]
fn portable_builds_link_the_bundle_relatively() {
    let site = repository_site();
    build_ok(site.path(), &["--portable"]);
    let out = site.path().join("public");
    let search = read(&out, "search/index.html");
    assert!(
        search.contains("<link rel=\"modulepreload\" href=\"../pagefind/pagefind.js\">"),
        "{search}"
    );
    assert!(search.contains("action=\"index.html\""), "{search}");
    assert!(read(&out, "index.html").contains("href=\"search/index.html\">Search</a>"));
    assert!(out.join("pagefind/pagefind.js").is_file());
}

#[test]
fn the_index_is_byte_identical_from_build_to_build() {
    let site = repository_site();
    build_ok(site.path(), &[]);
    let first = tree(&site.path().join("public"));
    build_ok(site.path(), &[]);
    let second = tree(&site.path().join("public"));
    let index = |files: &std::collections::BTreeMap<String, Vec<u8>>| {
        files
            .iter()
            .filter(|(path, _)| path.starts_with("pagefind/"))
            .map(|(path, bytes)| (path.clone(), bytes.clone()))
            .collect::<Vec<_>>()
    };
    assert!(
        index(&first) == index(&second),
        "the index changed between builds"
    );
}
