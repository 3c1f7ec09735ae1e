//! The default theme, checked on rendered HTML: the fixture site in
//! tests/fixtures/theme-site (built with the embedded theme), the starter site
//! from `briefing init`, and, in tests marked `needs chromium`, the repository's
//! own site served on 127.0.0.1 and checked by the Nu Html Checker, axe-core in
//! Chromium (light and dark), Lighthouse and screenshots (tests/browser/*.mjs).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::http::StaticServer;
use crate::common::{build_into, command, copy_dir, read, repo};

/// Builds the site at `root` into `out` with `base_url`; panics with the output on failure.
fn build(root: &Path, out: &Path, base_url: &str) {
    build_into(root, out, &["--base-url", base_url]);
}

/// The fixture site, built once per test into its own temp dir.
fn fixture() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build(
        &repo().join("tests/fixtures/theme-site"),
        &out,
        "https://example.org/sub/",
    );
    (tmp, out)
}

/// The text between `start` and the next `end`, for each occurrence.
fn between<'a>(html: &'a str, start: &str, end: &str) -> Vec<&'a str> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(start) {
        let after = &rest[i + start.len()..];
        let Some(j) = after.find(end) else { break };
        found.push(&after[..j]);
        rest = &after[j..];
    }
    found
}

/// Heading levels in document order.
fn heading_levels(html: &str) -> Vec<u8> {
    let bytes = html.as_bytes();
    let mut levels = Vec::new();
    for i in 0..bytes.len().saturating_sub(3) {
        if bytes[i] == b'<'
            && bytes[i + 1] == b'h'
            && (b'1'..=b'6').contains(&bytes[i + 2])
            && matches!(bytes[i + 3], b'>' | b' ')
        {
            levels.push(bytes[i + 2] - b'0');
        }
    }
    levels
}

/// Every JSON-LD block, parsed.
fn json_ld(html: &str) -> Vec<serde_json::Value> {
    between(html, "<script type=\"application/ld+json\">", "</script>")
        .into_iter()
        .map(|text| serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}")))
        .collect()
}

fn html_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "html"))
        .collect();
    files.sort();
    files
}

/// The structural rules every themed page follows.
fn assert_well_formed(file: &Path, html: &str, base_url: &str) {
    let name = file.display();
    assert!(
        html.starts_with("<!doctype html>\n<html lang=\"en\">"),
        "{name}: lang"
    );
    let levels = heading_levels(html);
    assert_eq!(
        levels.iter().filter(|&&l| l == 1).count(),
        1,
        "{name}: exactly one h1"
    );
    assert_eq!(levels.first(), Some(&1), "{name}: h1 comes first");
    for pair in levels.windows(2) {
        assert!(
            pair[1] <= pair[0] + 1,
            "{name}: heading skips from h{} to h{}",
            pair[0],
            pair[1]
        );
    }
    for landmark in ["<header", "<nav", "<main id=\"main\"", "<footer"] {
        assert!(html.contains(landmark), "{name}: missing {landmark}");
    }
    assert!(
        html.contains("<a class=\"skip-link\" href=\"#main\">"),
        "{name}"
    );
    assert!(html.contains("<link rel=\"canonical\" href=\""), "{name}");
    for tag in [
        "og:title",
        "og:description",
        "og:url",
        "og:type",
        "og:site_name",
        "og:locale",
    ] {
        assert!(
            html.contains(&format!("property=\"{tag}\"")),
            "{name}: {tag}"
        );
    }
    assert!(html.contains("<meta name=\"twitter:card\" content=\"summary\">"));
    // Nothing is fetched from elsewhere: every src and stylesheet/icon is on the site.
    for url in between(html, "src=\"", "\"") {
        assert!(url.starts_with(base_url), "{name}: external src {url}");
    }
    for link in between(html, "<link ", ">") {
        let href = between(link, "href=\"", "\"");
        assert!(
            href.iter().all(|h| h.starts_with(base_url)),
            "{name}: external <link {link}>"
        );
    }
    // Internal links carry the base URL's sub-path.
    for href in between(html, "href=\"", "\"") {
        assert!(
            href.starts_with(base_url)
                || href.starts_with('#')
                || href.starts_with("https://example.com/")
                // The starter's source: the North Atlantic Treaty on nato.int.
                || href.starts_with("https://www.nato.int/"),
            "{name}: link {href} is neither on the site nor a source"
        );
    }
}

#[test]
fn every_fixture_page_is_well_formed() {
    let (_tmp, out) = fixture();
    let files = html_files(&out);
    assert!(files.len() >= 12, "{files:?}");
    for file in files {
        let html = std::fs::read_to_string(&file).unwrap();
        if html.contains("http-equiv=\"refresh\"") {
            continue;
        }
        assert_well_formed(&file, &html, "https://example.org/sub/");
        assert!(!json_ld(&html).is_empty() || file.ends_with("404.html"));
    }
}

#[test]
fn home_page_has_ways_in_and_website_json_ld() {
    let (_tmp, out) = fixture();
    let html = read(&out, "index.html");
    assert!(html.contains("<h1>Fixture home</h1>"));
    assert!(html.contains("As of <time datetime=\"2025-12-15\">15 December 2025</time>"));
    assert!(html.contains("<h2 id=\"home-explainers\">Explainers</h2>"));
    assert!(
        html.contains(
            "<a href=\"https://example.org/sub/explainers/first/\">What is the deal?</a>"
        )
    );
    assert!(html.contains("<h2 id=\"home-timeline\">Latest on the timeline</h2>"));
    assert!(html.contains("<h2 id=\"home-actors\">Who is involved</h2>"));
    assert!(html.contains("<p class=\"meta kind\">Person</p>"));
    // The home content cites a source, so its numbered list is there too.
    assert!(html.contains("<li id=\"cite-1\">Ann Writer,"));
    assert!(html.contains("href=\"https://example.org/sub/favicon.svg\" type=\"image/svg+xml\""));
    let ld = json_ld(&html);
    assert_eq!(ld[0]["@type"], "WebSite");
    assert_eq!(ld[0]["url"], "https://example.org/sub/");
    assert_eq!(ld[0]["name"], "Fixture briefing");
    assert!(out.join("favicon.svg").is_file());
    assert!(out.join("style.css").is_file());
}

#[test]
fn timeline_groups_events_by_year_with_status_in_words() {
    let (_tmp, out) = fixture();
    let html = read(&out, "timeline/index.html");
    let years = between(&html, "<h2 id=\"year-", "\"");
    assert_eq!(years, ["1949", "2025"]);
    // Month precision, a date range, the location and the status label.
    assert!(html.contains("<time datetime=\"1949-04\">April 1949</time> · Washington <span class=\"status status-happened\">Happened</span>"));
    assert!(html.contains("<time datetime=\"2025-12-20\">20 December 2025</time> – <time datetime=\"2025-12-21\">21 December 2025</time> · Miami <span class=\"status status-expected\">Expected</span>"));
    assert!(html.contains(">Reported</span>"));
    let event = read(&out, "timeline/meeting/index.html");
    assert!(event.contains("<dt>Where</dt><dd>Miami</dd>"));
    let ld = &json_ld(&event)[0];
    assert_eq!(ld["@type"], "Event");
    assert_eq!(ld["startDate"], "2025-12-20");
    assert_eq!(ld["endDate"], "2025-12-21");
    assert_eq!(ld["location"]["@type"], "Place");
    assert_eq!(ld["location"]["name"], "Miami");
    assert_eq!(ld["eventStatus"], "https://schema.org/EventScheduled");
    let happened = &json_ld(&read(&out, "timeline/treaty/index.html"))[0];
    assert!(happened.get("eventStatus").is_none(), "{happened}");
}

#[test]
fn explainer_has_toc_citations_dates_and_stale_notice() {
    let (_tmp, out) = fixture();
    let html = read(&out, "explainers/first/index.html");
    // Nested table of contents.
    assert!(html.contains("<li><a href=\"#the-treaty\">The treaty</a>\n<ol>\n<li><a href=\"#its-clauses\">Its clauses</a>"));
    // Every citation marker has its numbered source.
    for marker in between(&html, "href=\"#cite-", "\"") {
        assert!(
            html.contains(&format!("<li id=\"cite-{marker}\">")),
            "cite-{marker}"
        );
    }
    assert!(html.contains("<li id=\"cite-2\"><a href=\"https://example.com/treaty\">The treaty</a>. Example Treaty Office, <time datetime=\"1949-04\">April 1949</time>.</li>"));
    // Source titles are escaped.
    assert!(html.contains("Officials describe a &lt;draft&gt; deal"));
    assert!(html.contains("<li>As of <time datetime=\"2025-12-15\">15 December 2025</time></li>"));
    assert!(
        html.contains("<li>Last reviewed <time datetime=\"2025-10-01\">1 October 2025</time></li>")
    );
    assert!(html.contains("<li>1 min read</li>"));
    assert!(html.contains("<p class=\"notice\"><strong>This page may be out of date.</strong>"));
    assert!(!read(&out, "explainers/second/index.html").contains("class=\"notice\""));
    // Breadcrumbs and previous/next.
    assert!(html.contains("<nav class=\"breadcrumbs wrap\" aria-label=\"Breadcrumb\">"));
    assert!(html.contains("<li><a href=\"https://example.org/sub/\">Home</a></li>"));
    assert!(html.contains("<li><a href=\"https://example.org/sub/explainers/first/\" aria-current=\"page\">What is the deal?</a></li>"));
    assert!(html.contains(
        "<a class=\"pager-next\" href=\"https://example.org/sub/explainers/second/\" rel=\"next\">"
    ));
    let ld = &json_ld(&html)[0];
    assert_eq!(ld["@type"], "Article");
    assert_eq!(ld["headline"], "What is the deal?");
    assert_eq!(ld["datePublished"], "2025-12-15");
    assert_eq!(ld["dateModified"], "2025-12-16");
    assert_eq!(ld["publisher"]["@type"], "Organization");
    assert_eq!(ld["publisher"]["name"], "Fixture briefing");
    assert_eq!(ld["author"]["@type"], "Organization");
}

#[test]
fn actors_have_cards_and_pages_with_grouped_backlinks() {
    let (_tmp, out) = fixture();
    let section = read(&out, "actors/index.html");
    assert!(section.contains("<h2 class=\"card-title\"><a href=\"https://example.org/sub/actors/envoy/\">Erin Envoy</a></h2>\n<p>Special envoy</p>\n<p class=\"meta kind\">Person</p>"));
    let html = read(&out, "actors/envoy/index.html");
    assert!(html.contains("<h1>Erin Envoy</h1>"));
    assert!(html.contains("<dt>Role</dt><dd>Special envoy</dd>"));
    let backlinks = between(&html, "<h2 id=\"backlinks\">", "</section>")[0];
    assert_eq!(
        between(backlinks, "<h3>", "</h3>"),
        ["Explainers", "Timeline"]
    );
    assert!(
        backlinks
            .contains("Working groups meet</a> <span class=\"meta\">(20 December 2025)</span>")
    );
    let ld = &json_ld(&html)[0];
    assert_eq!(ld["@type"], "Person");
    assert_eq!(ld["jobTitle"], "Special envoy");
    assert_eq!(ld["affiliation"]["name"], "Example Department");
    let state = &json_ld(&read(&out, "actors/freedonia/index.html"))[0];
    assert_eq!(state["@type"], "Country");
}

#[test]
fn sources_page_lists_every_source_with_its_citing_pages() {
    let (_tmp, out) = fixture();
    let html = read(&out, "sources/index.html");
    assert!(html.contains("<li id=\"daily-report\">"));
    assert!(html.contains("<li id=\"treaty-text\">"));
    let daily = between(&html, "<li id=\"daily-report\">", "</li>")[0];
    assert!(daily.contains(
        "<a href=\"https://example.com/report\">Officials describe a &lt;draft&gt; deal</a>"
    ));
    assert!(daily.contains("The Daily Example · Ann Writer · <time datetime=\"2025-12-15\">15 December 2025</time> · accessed <time datetime=\"2025-12-16\">16 December 2025</time>"));
    assert!(daily.contains("<p>The archived copy has no headline.</p>"));
    assert!(daily.contains("Cited by: "));
    assert!(daily.contains("<a href=\"https://example.org/sub/actors/envoy/\">Erin Envoy</a>"));
    assert!(
        daily.contains(
            "<a href=\"https://example.org/sub/explainers/first/\">What is the deal?</a>"
        )
    );
}

#[test]
fn not_found_page_has_one_heading_and_no_index() {
    let (_tmp, out) = fixture();
    let html = read(&out, "404.html");
    assert!(html.contains("<title>Page not found · Fixture briefing</title>"));
    assert!(html.contains("<meta name=\"robots\" content=\"noindex\">"));
    assert_eq!(heading_levels(&html), [1]);
}

#[test]
fn corrections_show_on_the_page_and_on_the_site_wide_page() {
    let (_tmp, out) = fixture();
    let html = read(&out, "explainers/second/index.html");
    assert!(
        html.contains("<section class=\"corrections\" aria-labelledby=\"page-corrections\">\n<h2 id=\"page-corrections\">Corrections and updates</h2>"),
        "{html}"
    );
    assert!(html.contains("<li><strong>Correction</strong>, <time datetime=\"2025-12-16\">16 December 2025</time>: An earlier version named the wrong signatory.</li>"));
    assert!(html.contains("<a href=\"https://example.org/sub/corrections/\">All corrections and updates on this site</a>"));
    assert!(html.contains(
        "<p><span class=\"analysis-label\">Analysis:</span> Who signs will say who is bound.</p>"
    ));
    // One h1, then h2s: the block keeps the outline.
    let levels = heading_levels(&html);
    assert_eq!(levels[0], 1);
    assert!(levels.windows(2).all(|w| w[1] <= w[0] + 1), "{levels:?}");
    let ld = &json_ld(&html)[0];
    assert_eq!(ld["correction"][0]["@type"], "CorrectionComment");
    assert_eq!(ld["dateModified"], "2025-12-17");
    let page = read(&out, "corrections/index.html");
    assert_eq!(heading_levels(&page), [1]);
    assert!(
        page.contains("<a href=\"https://example.org/sub/\">Home</a>"),
        "breadcrumb: {page}"
    );
    let newest = page.find("Added who would witness").unwrap();
    let older = page.find("named the wrong signatory").unwrap();
    assert!(newest < older);
    assert_eq!(json_ld(&page)[0]["@type"], "WebPage");
    // A section shows its own too, and lists them in its JSON-LD.
    let section = read(&out, "timeline/index.html");
    assert!(section.contains("<li><strong>Correction</strong>, <time datetime=\"2025-12-18\">18 December 2025</time>: The talks now come before the meeting.</li>"), "{section}");
    assert_eq!(
        json_ld(&section)[0]["correction"][0]["datePublished"],
        "2025-12-18"
    );
    assert!(
        page.find("The talks now come before").unwrap()
            < page.find("Added who would witness").unwrap()
    );
    assert!(
        read(&out, "index.html")
            .contains("<a href=\"https://example.org/sub/corrections/\">Corrections</a>")
    );
}

#[test]
fn json_ld_cannot_be_closed_by_content() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&repo().join("tests/fixtures/theme-site"), &site);
    let page = site.join("content/explainers/second.md");
    let text = std::fs::read_to_string(&page)
        .unwrap()
        .replace(
            "title: Who signs?",
            "title: \"</script><script>alert(1)</script>\"",
        )
        .replace(
            "text: An earlier version named the wrong signatory.",
            "text: \"</script><script>alert(2)</script>\"",
        );
    std::fs::write(&page, text).unwrap();
    let out = tmp.path().join("public");
    build(&site, &out, "https://example.org/sub/");
    let html = read(&out, "explainers/second/index.html");
    assert!(!html.contains("<script>alert"), "{html}");
    assert_eq!(
        json_ld(&html)[0]["headline"],
        "</script><script>alert(1)</script>"
    );
    assert_eq!(
        json_ld(&html)[0]["correction"][0]["text"],
        "</script><script>alert(2)</script>"
    );
    assert!(!read(&out, "corrections/index.html").contains("<script>alert"));
}

#[test]
fn starter_site_builds_with_the_embedded_theme() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("starter");
    let init = command().arg("init").arg(&site).output().unwrap();
    assert!(
        init.status.success(),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    assert!(!site.join("themes").exists());
    let out = tmp.path().join("public");
    build(&site, &out, "https://example.org/");
    for file in html_files(&out) {
        let html = std::fs::read_to_string(&file).unwrap();
        assert_well_formed(&file, &html, "https://example.org/");
    }
    // The starter has an about page, and the footer links it.
    let home = read(&out, "index.html");
    assert!(home.contains("/about/"));
    assert!(home.contains("<h2 id=\"home-timeline\">"));
}

#[test]
fn theme_works_on_a_site_without_optional_sections() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&repo().join("tests/fixtures/theme-site"), &site);
    for section in ["actors", "timeline"] {
        std::fs::remove_dir_all(site.join("content").join(section)).unwrap();
    }
    for page in ["content/explainers/first.md", "content/_index.md"] {
        let path = site.join(page);
        let text = std::fs::read_to_string(&path).unwrap();
        let text = text
            .replace("actors: [envoy, freedonia]\n", "")
            .replace(" See [the envoy](@/actors/envoy.md).", "");
        std::fs::write(&path, text).unwrap();
    }
    let out = tmp.path().join("public");
    build(&site, &out, "https://example.org/sub/");
    let home = read(&out, "index.html");
    assert!(home.contains("id=\"home-explainers\""));
    assert!(!home.contains("id=\"home-timeline\""));
    assert!(!home.contains("id=\"home-actors\""));
}

#[test]
fn site_templates_override_theme_files_by_name() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&repo().join("tests/fixtures/theme-site"), &site);
    std::fs::create_dir_all(site.join("templates")).unwrap();
    std::fs::write(
        site.join("templates/components.html"),
        std::fs::read_to_string(repo().join("themes/default/templates/components.html"))
            .unwrap()
            .replace(
                r#"{{ trans(key="min_read", lang=lang) }}"#,
                "minutes to read",
            ),
    )
    .unwrap();
    let out = tmp.path().join("public");
    build(&site, &out, "https://example.org/sub/");
    assert!(read(&out, "explainers/index.html").contains("1 minutes to read</p>"));
}

// ---------------------------------------------------------------------------
// Browser checks on the repository's own site (CI runs them with
// `cargo test -- --include-ignored`; tools come from `npm ci --prefix tests/browser`).

/// The sub-path the site is served under, so base_url handling is exercised.
const SUB_PATH: &str = "briefing/";

/// A built copy of the repository's site, served on 127.0.0.1 while the test runs.
struct Served {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
    base: String,
}

/// Builds the repository's site under a sub-path and serves it from the
/// tests' static file server (`common::http`) on a free port.
fn serve_repository_site() -> Served {
    serve_site(tempfile::tempdir().unwrap(), &repo())
}

/// The repository's site with what its content may not have yet (issue 13):
/// a correction and an update on an explainer and a correction on an event,
/// so the corrections block and the `/corrections/` page are checked too.
/// A page that already records its own corrections is left as it is (a
/// second `corrections:` key would be an error).
fn serve_repository_site_with_corrections() -> Served {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&repo().join("content"), &site.join("content"));
    for file in ["site.toml", "sources.yaml"] {
        std::fs::copy(repo().join(file), site.join(file)).unwrap();
    }
    let notices = "corrections:\n  - date: 2025-12-16\n    text: An earlier version attributed to US officials as a group words that one official said.\nupdates:\n  - date: 2025-12-17\n    text: Added Ukraine's position on territory.\n---\n";
    for file in ["explainers/territory.md", "timeline/crimea-annexation.md"] {
        let path = site.join("content").join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        let (front, body) = text[4..].split_once("---\n").unwrap();
        if front.lines().any(|line| line.starts_with("corrections:")) {
            continue;
        }
        std::fs::write(&path, format!("---\n{front}{notices}{body}")).unwrap();
    }
    serve_site(tmp, &site)
}

/// Builds the site at `source` under a sub-path of `tmp` and serves it (see
/// [`serve_repository_site`]).
fn serve_site(tmp: tempfile::TempDir, source: &Path) -> Served {
    let dir = tmp.path().join("www").join(SUB_PATH.trim_end_matches('/'));
    let server = StaticServer::start(Some(dir.clone()), &format!("/{SUB_PATH}"));
    let base = server.url(&format!("/{SUB_PATH}"));
    build(source, &dir, &base);
    Served {
        _tmp: tmp,
        dir,
        base,
    }
}

/// Browser checks run one at a time: Lighthouse measures performance, and
/// a parallel axe run on two shared cores would skew it.
static BROWSER: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Runs `node tests/browser/SCRIPT ARGS…`, echoing its output; panics unless it succeeds.
fn node(script: &str, args: &[&str]) -> String {
    let _one_at_a_time = BROWSER.lock().unwrap_or_else(|e| e.into_inner());
    let browser_dir = repo().join("tests/browser");
    assert!(
        browser_dir.join("node_modules").is_dir(),
        "run `npm ci --prefix tests/browser` first"
    );
    let output = Command::new("node")
        .arg(script)
        .args(args)
        .current_dir(&browser_dir)
        .env("CHROME_PATH", "/usr/bin/chromium")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    println!("{stdout}");
    eprintln!("{}", String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "{script} failed:\n{stdout}");
    stdout
}

#[test]
#[ignore = "needs chromium"]
fn every_page_passes_the_nu_html_checker() {
    let served = serve_repository_site_with_corrections();
    assert!(served.dir.join("corrections/index.html").is_file());
    let out = node("vnu.mjs", &["--dir", served.dir.to_str().unwrap()]);
    assert!(out.contains(", 0 errors"), "{out}");
}

#[test]
#[ignore = "needs chromium"]
fn every_page_has_no_axe_violations_in_light_and_dark() {
    let served = serve_repository_site_with_corrections();
    let out = node(
        "axe.mjs",
        &[
            "--base",
            &served.base,
            "--dir",
            served.dir.to_str().unwrap(),
        ],
    );
    assert!(out.contains(", 0 violations"), "{out}");
}

#[test]
#[ignore = "needs chromium"]
fn key_pages_score_100_in_lighthouse() {
    let served = serve_repository_site();
    node(
        "lighthouse.mjs",
        &[
            "--base",
            &served.base,
            "--pages",
            ",timeline/,explainers/article-5/,search/,uk/,uk/timeline/,uk/about/",
        ],
    );
}

#[test]
#[ignore = "needs chromium"]
fn screenshots_render_at_phone_and_desktop_widths() {
    let served = serve_repository_site();
    let shots = tempfile::tempdir().unwrap();
    node(
        "screenshots.mjs",
        &[
            "--base",
            &served.base,
            "--out",
            shots.path().to_str().unwrap(),
        ],
    );
    let count = std::fs::read_dir(shots.path()).unwrap().count();
    assert_eq!(count, 16, "4 pages × 2 widths × 2 colour schemes");
}

#[test]
#[ignore = "needs chromium"]
fn search_finds_article_5_in_chromium() {
    let served = serve_repository_site();
    assert!(served.dir.join("pagefind/pagefind.js").is_file());
    let out = node(
        "search.mjs",
        &[
            "--base",
            &served.base,
            "--query",
            "Article 5",
            "--expect",
            "explainers/article-5/",
        ],
    );
    assert!(out.contains("requests elsewhere: 0"), "{out}");
}
