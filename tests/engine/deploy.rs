//! Deploy anywhere: builds are served under a sub-path by a small HTTP server
//! inside the test and crawled from the home page (every page, every link,
//! every fragment), portable builds are also crawled from disk the way
//! `file://` resolves links, the feed and sitemap are parsed as XML, and
//! `briefing check` is run on fixtures with each class of broken link.
//!
//! Two sites: `tests/fixtures/deploy-site` (its own theme, so these tests do not
//! depend on the default theme's details) and the repository's own site.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

use lol_html::{HtmlRewriter, Settings, element};

use crate::common::http::{StaticServer, percent_decode, request};
use crate::common::{briefing_at, build_into, copy_dir, fixture, repo, stderr, stdout, tree};

/// The sites every crawl test runs on.
fn sites() -> Vec<(&'static str, PathBuf)> {
    vec![("fixture", fixture("deploy-site")), ("repository", repo())]
}

// ---------------------------------------------------------------------------
// Crawlers: an independent reading of the HTML (not the code under test).
// ---------------------------------------------------------------------------

/// The links and anchors of one page.
#[derive(Default)]
struct PageLinks {
    urls: Vec<String>,
    anchors: HashSet<String>,
    canonical: Option<String>,
}

fn extract(html: &str) -> PageLinks {
    let mut page = PageLinks::default();
    {
        let mut rewriter = HtmlRewriter::new(
            Settings::new().append_element_content_handler(element!("*", |el| {
                if let Some(id) = el.get_attribute("id") {
                    page.anchors.insert(id);
                }
                if el.tag_name() == "a"
                    && let Some(name) = el.get_attribute("name")
                {
                    page.anchors.insert(name);
                }
                let is_canonical = el.tag_name() == "link"
                    && el.get_attribute("rel").as_deref() == Some("canonical");
                if is_canonical {
                    page.canonical = el.get_attribute("href");
                }
                if el.tag_name() == "meta"
                    && el.get_attribute("http-equiv").as_deref() == Some("refresh")
                    && let Some(content) = el.get_attribute("content")
                    && let Some((_, url)) = content.split_once("url=")
                {
                    page.urls.push(url.to_string());
                }
                for name in ["href", "src", "action", "formaction", "poster"] {
                    if let Some(url) = el.get_attribute(name) {
                        page.urls.push(url.replace("&amp;", "&"));
                    }
                }
                if let Some(srcset) = el.get_attribute("srcset") {
                    for candidate in srcset.split(',') {
                        if let Some(url) = candidate.split_whitespace().next() {
                            page.urls.push(url.to_string());
                        }
                    }
                }
                Ok(())
            })),
            |_: &[u8]| {},
        );
        rewriter.write(html.as_bytes()).unwrap();
        rewriter.end().unwrap();
    }
    page
}

/// Resolves `href` against the absolute URL `base` (RFC 3986, enough for these sites).
fn resolve(base: &str, href: &str) -> String {
    if href.contains("://") || href.starts_with("mailto:") {
        return href.to_string();
    }
    let scheme_end = base.find("://").unwrap() + 3;
    let origin_end = base[scheme_end..]
        .find('/')
        .map_or(base.len(), |i| scheme_end + i);
    let origin = &base[..origin_end];
    if href.starts_with("//") {
        return format!("{}{href}", &base[..scheme_end - 2]);
    }
    let base_path = base[origin_end..].split(['?', '#']).next().unwrap_or("/");
    let (href_path, suffix) = href.split_at(href.find(['?', '#']).unwrap_or(href.len()));
    let joined = if href_path.is_empty() {
        base_path.to_string()
    } else if href_path.starts_with('/') {
        href_path.to_string()
    } else {
        format!(
            "{}{href_path}",
            &base_path[..=base_path.rfind('/').unwrap_or(0)]
        )
    };
    let mut segments: Vec<&str> = Vec::new();
    let parts: Vec<&str> = joined.split('/').collect();
    for (i, segment) in parts.iter().enumerate() {
        match *segment {
            "." => {}
            ".." => {
                if segments.len() > 1 {
                    segments.pop();
                }
            }
            s => segments.push(s),
        }
        let last = i == parts.len() - 1;
        if last && (*segment == "." || *segment == "..") {
            segments.push("");
        }
    }
    format!("{origin}{}{suffix}", segments.join("/"))
}

#[derive(Debug, Default)]
struct Crawl {
    pages: BTreeSet<String>,
    links: usize,
    broken: Vec<String>,
    /// Page URL → its canonical link.
    canonical: BTreeMap<String, String>,
}

/// Crawls over HTTP from `seeds`, staying below `scope` (an absolute URL prefix).
fn crawl_http(seeds: &[String], scope: &str) -> Crawl {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into();
    let origin_end = scope[scope.find("://").unwrap() + 3..]
        .find('/')
        .map(|i| scope.find("://").unwrap() + 3 + i)
        .unwrap();
    let origin = &scope[..origin_end];
    let mut crawl = Crawl::default();
    let mut queue: VecDeque<String> = seeds.iter().cloned().collect();
    let mut seen: HashSet<String> = queue.iter().cloned().collect();
    let mut anchors: HashMap<String, HashSet<String>> = HashMap::new();
    let mut wanted_fragments: Vec<(String, String, String)> = Vec::new();
    while let Some(url) = queue.pop_front() {
        let mut response = agent.get(&url).call().unwrap();
        let status = response.status().as_u16();
        if status != 200 {
            crawl.broken.push(format!("{url}: HTTP {status}"));
            continue;
        }
        let is_html = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/html"));
        let body = response.body_mut().read_to_string().unwrap();
        if !is_html {
            continue;
        }
        crawl.pages.insert(url.clone());
        let page = extract(&body);
        if let Some(canonical) = &page.canonical {
            crawl.canonical.insert(url.clone(), canonical.clone());
        }
        anchors.insert(url.clone(), page.anchors);
        for href in page.urls {
            crawl.links += 1;
            let absolute = resolve(&url, &href);
            if !absolute.starts_with(origin) || absolute.starts_with("mailto:") {
                continue; // another site
            }
            let (target, fragment) = match absolute.split_once('#') {
                Some((t, f)) => (t.to_string(), Some(f.to_string())),
                None => (absolute.clone(), None),
            };
            if !target.starts_with(scope) {
                // The canonical URL of a portable build names where it was
                // built for; everything else must stay below the served path.
                if page.canonical.as_deref() != Some(&href) {
                    crawl.broken.push(format!("{url}: `{href}` leaves {scope}"));
                }
                continue;
            }
            if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
                wanted_fragments.push((url.clone(), target.clone(), fragment));
            }
            if seen.insert(target.clone()) {
                queue.push_back(target);
            }
        }
    }
    for (from, target, fragment) in wanted_fragments {
        if let Some(ids) = anchors.get(&target)
            && !ids.contains(&fragment)
        {
            crawl
                .broken
                .push(format!("{from}: no #{fragment} on {target}"));
        }
    }
    crawl
}

/// Crawls a portable build from disk, resolving links as `file://` does: no
/// folder index files, no root-relative paths.
fn crawl_files(root: &Path) -> Crawl {
    let mut crawl = Crawl::default();
    let start = root.join("index.html");
    let mut queue: VecDeque<PathBuf> = VecDeque::from([start.clone(), root.join("404.html")]);
    let mut seen: HashSet<PathBuf> = queue.iter().cloned().collect();
    let mut anchors: HashMap<PathBuf, HashSet<String>> = HashMap::new();
    let mut wanted: Vec<(PathBuf, PathBuf, String)> = Vec::new();
    while let Some(file) = queue.pop_front() {
        let html = std::fs::read_to_string(&file).unwrap();
        crawl.pages.insert(file.display().to_string());
        let page = extract(&html);
        anchors.insert(file.clone(), page.anchors);
        for href in page.urls {
            crawl.links += 1;
            if href.contains("://") || href.starts_with("mailto:") {
                continue;
            }
            if href.starts_with('/') {
                crawl
                    .broken
                    .push(format!("{}: root-relative `{href}`", file.display()));
                continue;
            }
            let (path, fragment) = match href.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (href.as_str(), None),
            };
            let path = path.split('?').next().unwrap_or("");
            let target = if path.is_empty() {
                file.clone()
            } else {
                briefing::output::absolute(&file.parent().unwrap().join(percent_decode(path)))
            };
            if !target.starts_with(root) {
                crawl
                    .broken
                    .push(format!("{}: `{href}` leaves the build", file.display()));
                continue;
            }
            if !target.is_file() {
                crawl
                    .broken
                    .push(format!("{}: `{href}` is not a file", file.display()));
                continue;
            }
            if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
                wanted.push((file.clone(), target.clone(), fragment.to_string()));
            }
            if target.extension().is_some_and(|e| e == "html") && seen.insert(target.clone()) {
                queue.push_back(target);
            }
        }
    }
    for (from, target, fragment) in wanted {
        if !anchors
            .get(&target)
            .is_some_and(|ids| ids.contains(&fragment))
        {
            crawl.broken.push(format!(
                "{}: no #{fragment} on {}",
                from.display(),
                target.display()
            ));
        }
    }
    crawl
}

/// Every page the sitemap lists, as paths below the base URL.
fn sitemap_paths(out: &Path, base_url: &str) -> Vec<String> {
    let xml = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("loc"))
        .map(|n| {
            let loc = n.text().unwrap();
            loc.strip_prefix(base_url)
                .unwrap_or_else(|| panic!("{loc} is not below {base_url}"))
                .to_string()
        })
        .collect()
}

/// Alias redirect pages: folders whose index.html holds a meta refresh.
fn alias_paths(out: &Path) -> Vec<String> {
    let mut paths = Vec::new();
    for entry in walkdir::WalkDir::new(out).into_iter().flatten() {
        if entry.file_name() == "index.html" {
            let html = std::fs::read_to_string(entry.path()).unwrap();
            if html.contains("http-equiv=\"refresh\"") {
                let dir = entry.path().parent().unwrap().strip_prefix(out).unwrap();
                paths.push(format!("{}/", dir.display()));
            }
        }
    }
    paths
}

/// Builds with `--base-url` at the server's sub-path, serves it there and
/// crawls it: every page reached, no broken link or fragment.
fn assert_normal_build_works_under_sub_path(name: &str, root: &Path, extra: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let prefix = "/ukraine-talks/";
    let server = StaticServer::start(Some(out.clone()), prefix);
    let base_url = server.url(prefix);
    let mut flags = vec!["--base-url", base_url.as_str()];
    flags.extend_from_slice(extra);
    build_into(root, &out, &flags);
    let aliases = alias_paths(&out);
    let mut seeds = vec![base_url.clone(), format!("{base_url}404.html")];
    seeds.extend(aliases.iter().map(|a| format!("{base_url}{a}")));
    let crawl = crawl_http(&seeds, &base_url);
    assert!(
        crawl.broken.is_empty(),
        "{name}: broken links:\n{}",
        crawl.broken.join("\n")
    );
    for path in sitemap_paths(&out, &base_url) {
        let url = format!("{base_url}{path}");
        assert!(
            crawl.pages.contains(&url),
            "{name}: {url} is in the sitemap but not reachable from the home page"
        );
    }
    assert!(crawl.links > 20, "{name}: only {} links", crawl.links);
    for (page, canonical) in &crawl.canonical {
        assert!(
            canonical.starts_with(&base_url),
            "{name}: canonical {canonical} of {page}"
        );
    }
}

#[test]
fn normal_build_works_under_a_sub_path() {
    for (name, root) in sites() {
        assert_normal_build_works_under_sub_path(name, &root, &[]);
    }
}

#[test]
fn minified_build_works_under_a_sub_path() {
    for (name, root) in sites() {
        assert_normal_build_works_under_sub_path(name, &root, &["--minify"]);
    }
}

#[test]
fn portable_build_works_at_another_sub_path() {
    for (name, root) in sites() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let built_for = "https://example.org/built-for/";
        build_into(&root, &out, &["--portable", "--base-url", built_for]);
        let prefix = "/served/somewhere/else/";
        let server = StaticServer::start(Some(out.clone()), prefix);
        let served = server.url(prefix);
        let mut seeds = vec![served.clone()];
        seeds.extend(
            alias_paths(&out)
                .iter()
                .map(|a| format!("{served}{a}index.html")),
        );
        let crawl = crawl_http(&seeds, &served);
        assert!(
            crawl.broken.is_empty(),
            "{name}: broken links:\n{}",
            crawl.broken.join("\n")
        );
        for path in sitemap_paths(&out, built_for) {
            let file = if path.is_empty() {
                "index.html".to_string()
            } else {
                format!("{path}index.html")
            };
            let url = format!("{served}{file}");
            assert!(
                crawl.pages.contains(&url),
                "{name}: {url} not reachable in the portable build"
            );
        }
        // Canonical URLs stay absolute, naming where the site was built for.
        assert!(!crawl.canonical.is_empty());
        for (page, canonical) in &crawl.canonical {
            assert!(
                canonical.starts_with(built_for),
                "{name}: canonical {canonical} of {page}"
            );
        }
    }
}

#[test]
fn portable_build_works_from_disk() {
    for (name, root) in sites() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        build_into(&root, &out, &["--portable"]);
        let crawl = crawl_files(&out);
        assert!(
            crawl.broken.is_empty(),
            "{name}: broken file:// links:\n{}",
            crawl.broken.join("\n")
        );
        let html_pages = walkdir::WalkDir::new(&out)
            .into_iter()
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
            .filter(|e| {
                !std::fs::read_to_string(e.path())
                    .unwrap()
                    .contains("http-equiv=\"refresh\"")
            })
            .count();
        assert_eq!(
            crawl.pages.len(),
            html_pages,
            "{name}: every page is reachable from index.html"
        );
    }
}

#[test]
fn portable_redirect_pages_point_relative_and_keep_canonical() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_into(&fixture("deploy-site"), &out, &["--portable"]);
    let html = std::fs::read_to_string(out.join("old-first/index.html")).unwrap();
    assert!(
        html.contains("content=\"0; url=../guides/first/index.html\""),
        "{html}"
    );
    assert!(
        html.contains("rel=\"canonical\" href=\"https://example.org/fixture/guides/first/\""),
        "{html}"
    );
}

// ---------------------------------------------------------------------------
// Feed, sitemap, robots.txt
// ---------------------------------------------------------------------------

const ATOM: &str = "http://www.w3.org/2005/Atom";

fn child<'a>(node: roxmltree::Node<'a, 'a>, name: &str) -> roxmltree::Node<'a, 'a> {
    node.children()
        .find(|n| n.has_tag_name((ATOM, name)))
        .unwrap_or_else(|| panic!("<{}> has no <{name}>", node.tag_name().name()))
}

fn is_rfc3339(text: &str) -> bool {
    let b = text.as_bytes();
    text.len() == 20
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[19] == b'Z'
        && text
            .chars()
            .enumerate()
            .all(|(i, c)| matches!(i, 4 | 7 | 10 | 13 | 16 | 19) || c.is_ascii_digit())
}

#[test]
fn feed_is_valid_atom_with_absolute_urls() {
    for (name, root) in sites() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let base = "https://example.net/some/sub-path/";
        build_into(&root, &out, &["--base-url", base, "--portable"]);
        let xml = std::fs::read_to_string(out.join("atom.xml")).unwrap();
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let feed = doc.root_element();
        assert!(feed.has_tag_name((ATOM, "feed")), "{name}");
        assert_eq!(child(feed, "id").text(), Some(base));
        assert!(!child(feed, "title").text().unwrap_or("").is_empty());
        assert!(is_rfc3339(child(feed, "updated").text().unwrap()));
        assert!(child(child(feed, "author"), "name").text().is_some());
        let links: Vec<(&str, &str)> = feed
            .children()
            .filter(|n| n.has_tag_name((ATOM, "link")))
            .map(|n| (n.attribute("rel").unwrap(), n.attribute("href").unwrap()))
            .collect();
        assert!(
            links.contains(&("self", &format!("{base}atom.xml"))),
            "{links:?}"
        );
        assert!(links.contains(&("alternate", base)), "{links:?}");
        let entries: Vec<_> = feed
            .children()
            .filter(|n| n.has_tag_name((ATOM, "entry")))
            .collect();
        assert!(entries.len() >= 2, "{name}: {} entries", entries.len());
        let mut newest = String::new();
        for entry in &entries {
            let id = child(*entry, "id").text().unwrap();
            assert!(id.starts_with(base), "{name}: entry id {id}");
            assert!(!child(*entry, "title").text().unwrap_or("").is_empty());
            let updated = child(*entry, "updated").text().unwrap();
            assert!(is_rfc3339(updated), "{updated}");
            newest = newest.max(updated.to_string());
            let href = child(*entry, "link").attribute("href").unwrap();
            assert!(href.starts_with(base), "{name}: entry link {href}");
            assert!(!child(*entry, "summary").text().unwrap_or("").is_empty());
        }
        assert_eq!(
            child(feed, "updated").text(),
            Some(newest.as_str()),
            "{name}: the feed's updated is its newest entry's, not the clock"
        );
    }
}

#[test]
fn fixture_feed_has_dated_pages_newest_first_with_summaries() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_into(&fixture("deploy-site"), &out, &[]);
    let xml = std::fs::read_to_string(out.join("atom.xml")).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let entries: Vec<(String, String, String)> = doc
        .root_element()
        .children()
        .filter(|n| n.has_tag_name((ATOM, "entry")))
        .map(|e| {
            (
                child(e, "id").text().unwrap().to_string(),
                child(e, "updated").text().unwrap().to_string(),
                child(e, "summary").text().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(entries.len(), 2, "{entries:?}");
    assert_eq!(entries[0].0, "https://example.org/fixture/guides/first/");
    assert_eq!(
        entries[0].1, "2025-12-10T00:00:00Z",
        "updated: wins over date"
    );
    assert_eq!(entries[1].1, "2025-12-05T00:00:00Z");
    assert!(entries[1].2.contains("first paragraph"), "{entries:?}");
}

#[test]
fn sitemap_and_robots_name_absolute_urls() {
    for (name, root) in sites() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let base = "https://example.net/some/sub-path/";
        build_into(&root, &out, &["--base-url", base]);
        let xml = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let urlset = doc.root_element();
        assert!(
            urlset.has_tag_name(("http://www.sitemaps.org/schemas/sitemap/0.9", "urlset")),
            "{name}"
        );
        let urls: Vec<_> = urlset.children().filter(|n| n.is_element()).collect();
        assert!(urls.len() >= 3, "{name}");
        for url in urls {
            assert!(url.has_tag_name("url"));
            let loc = url
                .children()
                .find(|n| n.has_tag_name("loc"))
                .and_then(|n| n.text())
                .unwrap();
            assert!(loc.starts_with(base), "{name}: {loc}");
            if let Some(lastmod) = url.children().find(|n| n.has_tag_name("lastmod")) {
                let text = lastmod.text().unwrap();
                assert!(
                    text.len() == 10 && chrono_like_date(text),
                    "{name}: lastmod {text}"
                );
            }
        }
        let robots = std::fs::read_to_string(out.join("robots.txt")).unwrap();
        assert!(
            robots.contains(&format!("Sitemap: {base}sitemap.xml")),
            "{robots}"
        );
    }
}

fn chrono_like_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    parts.len() == 3
        && parts[0].len() == 4
        && parts[1].len() == 2
        && parts[2].len() == 2
        && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit()))
}

// ---------------------------------------------------------------------------
// --minify
// ---------------------------------------------------------------------------

#[test]
fn minified_builds_are_smaller_and_reproducible() {
    let dir = tempfile::tempdir().unwrap();
    let root = fixture("deploy-site");
    build_into(&root, &dir.path().join("plain"), &[]);
    build_into(&root, &dir.path().join("a"), &["--minify"]);
    build_into(&root, &dir.path().join("b"), &["--minify"]);
    let plain = tree(&dir.path().join("plain"));
    let a = tree(&dir.path().join("a"));
    assert_eq!(a, tree(&dir.path().join("b")), "byte-identical builds");
    for file in ["index.html", "guides/first/index.html", "style.css"] {
        assert!(
            a[file].len() < plain[file].len(),
            "{file}: {} is not smaller than {}",
            a[file].len(),
            plain[file].len()
        );
    }
    let css = String::from_utf8(a["style.css"].clone()).unwrap();
    assert!(!css.contains("/*"), "{css}");
    let html = String::from_utf8(a["index.html"].clone()).unwrap();
    assert!(!html.contains("<!--") && !html.contains("    "), "{html}");
}

// ---------------------------------------------------------------------------
// briefing check
// ---------------------------------------------------------------------------

fn text(output: &Output) -> (String, String) {
    (stdout(output), stderr(output))
}

#[test]
fn check_reports_each_class_of_broken_link_in_a_built_folder() {
    let empty = tempfile::tempdir().unwrap();
    let public = fixture("deploy-broken/public");
    let output = briefing_at(
        empty.path(),
        &[
            "check",
            "--output",
            public.to_str().unwrap(),
            "--base-url",
            "https://example.org/sub/",
        ],
    );
    let (stdout, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(1), "{stdout}{stderr}");
    let index = public.join("index.html");
    let index = index.display();
    for expected in [
        "[1/5] broken link `/sub/missing/`: there is no missing/index.html".to_string(),
        format!("{index}:9:1"),
        "[2/5] broken fragment `guide/#somewere`: guide/index.html has no element with id `somewere`".into(),
        "did you mean `#somewhere`?".into(),
        "[3/5] link `/elsewhere/` leaves the site's base path `/sub/`".into(),
        "[4/5] link `../../up.html` leaves the site's base path".into(),
        "[5/5] broken link `https://example.org/sub/guide/img.png`".into(),
        "5 errors".into(),
    ] {
        assert!(stderr.contains(&expected), "missing `{expected}` in:\n{stderr}");
    }
    assert!(
        stdout.contains("1 external links (not fetched; pass --external to check them)")
            && stdout.contains("https://example.com/page (2)"),
        "{stdout}"
    );
}

#[test]
fn check_finds_broken_links_in_a_fresh_build() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("deploy-site"), dir.path());
    let page = dir.path().join("content/about.md");
    let text_before = std::fs::read_to_string(&page).unwrap();
    std::fs::write(
        &page,
        format!("{text_before}\n<a href=\"/fixture/nowhere/\">gone</a> <a href=\"/fixture/guides/#nothing\">x</a>\n"),
    )
    .unwrap();
    let output = briefing_at(dir.path(), &["check"]);
    let (stdout, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(1), "{stdout}{stderr}");
    // Both links were written in the page's Markdown: reported there. A link
    // to nothing fails the build itself.
    assert!(stderr.contains("content/about.md:12:10"), "{stderr}");
    assert!(!stderr.contains("about/index.html:"), "{stderr}");
    assert!(
        stderr.contains("there is no nowhere/index.html"),
        "{stderr}"
    );
    // A missing fragment is found by the check of the built pages.
    std::fs::write(
        &page,
        format!("{text_before}\n<a href=\"/fixture/guides/#nothing\">x</a>\n"),
    )
    .unwrap();
    let output = briefing_at(dir.path(), &["check"]);
    let (stdout, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(1), "{stdout}{stderr}");
    assert!(stderr.contains("content/about.md:12:10"), "{stderr}");
    assert!(
        stderr.contains("guides/index.html has no element with id `nothing`"),
        "{stderr}"
    );
}

#[test]
fn check_passes_on_the_fixture_and_repository_sites() {
    for (name, root) in sites() {
        for flags in [&[][..], &["--portable"][..]] {
            let mut args = vec!["check"];
            args.extend_from_slice(flags);
            let output = briefing_at(&root, &args);
            let (stdout, stderr) = text(&output);
            assert!(
                output.status.success(),
                "{name} {flags:?}:\n{stdout}{stderr}"
            );
            assert!(stdout.contains("no errors"), "{stdout}");
        }
    }
}

#[test]
fn check_passes_on_a_written_build_of_the_repository() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_into(&repo(), &out, &["--minify"]);
    let output = briefing_at(&repo(), &["check", "--output", out.to_str().unwrap()]);
    let (stdout, stderr) = text(&output);
    assert!(output.status.success(), "{stdout}{stderr}");
}

#[test]
fn check_external_fetches_links_and_summarises_by_status() {
    let server = StaticServer::start(None, "/unused/");
    let dir = tempfile::tempdir().unwrap();
    let public = dir.path().join("public");
    std::fs::create_dir_all(&public).unwrap();
    let ok = server.url("/status/200");
    let gone = server.url("/status/404");
    std::fs::write(
        public.join("index.html"),
        format!(
            "<!doctype html>\n<p><a href=\"{ok}\">ok</a>\n<a href=\"{gone}#part\">gone</a>\n<a href=\"{gone}\">again</a></p>\n"
        ),
    )
    .unwrap();
    let listed = briefing_at(dir.path(), &["check", "--output", public.to_str().unwrap()]);
    let (stdout, stderr) = text(&listed);
    assert!(listed.status.success(), "{stdout}{stderr}");
    assert!(stdout.contains(&format!("  {gone} (2)")), "{stdout}");

    let fetched = briefing_at(
        dir.path(),
        &[
            "check",
            "--output",
            public.to_str().unwrap(),
            "--external",
            "--timeout",
            "5",
        ],
    );
    let (stdout, stderr) = text(&fetched);
    assert_eq!(fetched.status.code(), Some(1), "{stdout}{stderr}");
    assert!(
        stdout.contains("External links: 2 fetched (200: 1, 404: 1)"),
        "{stdout}"
    );
    assert!(
        stderr.contains(&format!("external link `{gone}` answered HTTP 404")),
        "{stderr}"
    );
    assert!(stderr.contains("index.html:3:1"), "{stderr}");
    assert!(stderr.contains("linked from 2 places"), "{stderr}");
}

#[test]
fn test_server_answers_404_outside_its_prefix() {
    // Guards the crawler: a server that served everything would hide escapes.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("index.html"), "<p>x</p>").unwrap();
    let server = StaticServer::start(Some(dir.path().to_path_buf()), "/sub/");
    let address = format!("127.0.0.1:{}", server.port);
    let response = request(&address, "GET", "/index.html");
    assert_eq!(response.status, 404, "{}", response.text());
    let crawl = crawl_http(&[server.url("/sub/")], &server.url("/sub/"));
    assert!(crawl.broken.is_empty() && crawl.pages.len() == 1);
    let crawl = crawl_http(&[server.url("/sub/missing/")], &server.url("/sub/"));
    assert_eq!(crawl.broken.len(), 1);
}
