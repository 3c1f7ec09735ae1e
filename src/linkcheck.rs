//! Checking a built site's links, as `briefing check` does: every internal
//! `href`/`src` (and the other URL attributes in
//! [`URL_ATTRIBUTES`](crate::html::URL_ATTRIBUTES)) must name
//! a file of the output, every `#fragment` an element with that `id` (or an
//! `<a name>`) on its target page, and no link may leave the base path.
//! External links are collected; [`external`] fetches them when asked.
//!
//! The same checker runs on a fresh build held in memory ([`BuiltSite::from_plan`])
//! and on a folder on disk ([`BuiltSite::from_dir`]). Pages are parsed with
//! lol_html (in `scan.rs`), and each problem (judged in `checker.rs`) names
//! the HTML file and line. A link that is broken the same way on many pages
//! (a navigation link in the theme) is reported once, with the number of
//! other pages that have it.

mod built;
mod checker;
pub mod external;
mod scan;

use std::collections::{BTreeMap, HashMap, HashSet};

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Location};
use crate::suggest::Suggest;

pub use built::BuiltSite;
use checker::{Checker, Hint, Problem, Verdict};
use scan::{Scanned, scan};

/// Where the checked site is published.
#[derive(Debug, Clone)]
pub struct Base<'a> {
    /// Absolute, ending in `/`; empty when unknown (absolute URLs are then all external).
    pub url: &'a str,
    /// Starting and ending in `/`.
    pub path: &'a str,
}

/// What the link check found.
#[derive(Debug, Default)]
pub struct LinkReport {
    /// Pages checked.
    pub pages: usize,
    /// Links checked, in all pages.
    pub links: usize,
    /// Broken links, one per distinct problem, in page order.
    pub diagnostics: Vec<Diagnostic>,
    /// External URLs (without fragment) and where each is linked from, sorted by URL.
    pub external: BTreeMap<String, Vec<Location>>,
}

/// Where a link of a built page was written, if not in the page's HTML: the
/// Markdown line of a link a page body wrote. Takes the page (below the
/// output root) and the URL.
pub type Locate<'a> = dyn Fn(&str, &str) -> Option<Location> + 'a;

/// Checks every link of `site`.
pub fn check(site: &BuiltSite, base: &Base<'_>) -> LinkReport {
    check_located(site, base, &|_, _| None)
}

/// Checks every link of `site`; problems of links that `locate` finds are
/// reported where it says (the Markdown that wrote them).
pub fn check_located(site: &BuiltSite, base: &Base<'_>, locate: &Locate<'_>) -> LinkReport {
    check_located_with(site, base, locate, &|_, _| None)
}

/// [`check_located`], and a duplicate id that `locate_id` (page, id) finds
/// is reported where it says (the Markdown that wrote it).
pub fn check_located_with(
    site: &BuiltSite,
    base: &Base<'_>,
    locate: &Locate<'_>,
    locate_id: &Locate<'_>,
) -> LinkReport {
    let scanned: Vec<Scanned> = site.pages.par_iter().map(|(_, html)| scan(html)).collect();
    let anchors: HashMap<&str, &HashSet<String>> = site
        .pages
        .iter()
        .zip(&scanned)
        .map(|((path, _), page)| (path.as_str(), &page.anchors))
        .collect();
    let checker = Checker {
        site,
        base,
        anchors,
        suggest: Suggest::new(site.files.iter().map(String::as_str)),
    };
    let mut report = LinkReport {
        pages: site.pages.len(),
        ..LinkReport::default()
    };
    // Problem key → (first diagnostic, pages that repeat it).
    let mut problems: Vec<(String, Diagnostic, Vec<String>)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut add =
        |problem: Problem, page: &str, at: &dyn Fn() -> Location| match index.get(&problem.key) {
            Some(&i) => problems[i].2.push(page.to_string()),
            None => {
                index.insert(problem.key.clone(), problems.len());
                let hint = match problem.hint {
                    Hint::Ready(hint) => hint,
                    Hint::Closest(wanted) => checker.closest_file(&wanted, page),
                };
                let diagnostic = Diagnostic::error(problem.message).at(at()).maybe_hint(hint);
                problems.push((problem.key, diagnostic, Vec::new()));
            }
        };
    for ((page, html), found) in site.pages.iter().zip(&scanned) {
        for (id, offset) in &found.duplicates {
            let problem = Problem {
                key: format!("duplicate id {id}"),
                message: format!("duplicate id `{id}` on {page}: links to #{id} reach only the first"),
                hint: Hint::Ready(Some(
                    "give each element its own id (in the template, or the Markdown, that writes the second one)".into(),
                )),
            };
            add(problem, page, &|| {
                locate_id(page, id)
                    .unwrap_or_else(|| Location::at_offset(site.root.join(page), html, *offset))
            });
        }
        for link in &found.links {
            report.links += 1;
            let at = || {
                locate(page, &link.url)
                    .unwrap_or_else(|| Location::at_offset(site.root.join(page), html, link.offset))
            };
            match checker.problem(page, &link.url) {
                Verdict::Fine => {}
                Verdict::External => {
                    // One entry per document: fragments do not reach the server.
                    let url = link
                        .url
                        .split_once('#')
                        .map_or(link.url.as_str(), |(u, _)| u);
                    report
                        .external
                        .entry(url.to_string())
                        .or_default()
                        .push(at());
                }
                Verdict::Broken(problem) => add(problem, page, &at),
            }
        }
    }
    report.diagnostics = problems
        .into_iter()
        .map(|(_, diagnostic, repeats)| with_repeats(diagnostic, &repeats))
        .collect();
    report
}

fn with_repeats(diagnostic: Diagnostic, repeats: &[String]) -> Diagnostic {
    if repeats.is_empty() {
        return diagnostic;
    }
    let mut pages: Vec<&str> = repeats.iter().map(String::as_str).collect();
    pages.dedup();
    let shown: Vec<&str> = pages.iter().take(3).copied().collect();
    let more = pages.len().saturating_sub(shown.len());
    let list = if more > 0 {
        format!("{}, and {more} more", shown.join(", "))
    } else {
        shown.join(", ")
    };
    let note = format!("the same link is also on {list}");
    let hint = match &diagnostic.hint {
        Some(hint) => format!("{hint}; {note}"),
        None => note,
    };
    diagnostic.hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;
    use std::sync::Arc;

    fn site(pages: &[(&str, &str)], others: &[&str]) -> BuiltSite {
        let mut site = BuiltSite {
            root: PathBuf::from("public"),
            ..BuiltSite::default()
        };
        for (path, html) in pages {
            site.files.insert(path.to_string());
            site.pages.push((path.to_string(), Arc::from(*html)));
        }
        site.files.extend(others.iter().map(|o| o.to_string()));
        site
    }

    const BASE: Base<'static> = Base {
        url: "https://example.org/sub/",
        path: "/sub/",
    };

    #[test]
    fn accepts_links_that_resolve() {
        let site = site(
            &[
                (
                    "index.html",
                    r##"<a href="/sub/a/#x">a</a><a href="a/index.html">a</a><a href="https://example.org/sub/">home</a><img src="style.css"><a href="#top">top</a><a href="mailto:x@y.org">m</a>"##,
                ),
                (
                    "a/index.html",
                    r#"<h2 id="x">x</h2><a href="../">up</a><a href="/sub/a">a</a>"#,
                ),
            ],
            &["style.css"],
        );
        let report = check(&site, &BASE);
        assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
        assert_eq!(report.links, 8);
    }

    #[test]
    fn reports_each_class_of_broken_link_with_its_line() {
        let site = site(
            &[
                (
                    "index.html",
                    "<p>\n<a href=\"/sub/missing/\">m</a>\n<a href=\"a/#nope\">f</a>\n<a href=\"/elsewhere/\">e</a>\n<a href=\"../../up\">u</a>\n<a href=\"https://other.org/x\">x</a>",
                ),
                (
                    "a/index.html",
                    r#"<h2 id="yes">y</h2><a href="/sub/missing/">m</a>"#,
                ),
            ],
            &[],
        );
        let report = check(&site, &BASE);
        let messages: Vec<String> = report.diagnostics.iter().map(|d| d.headline()).collect();
        assert_eq!(report.diagnostics.len(), 4, "{messages:#?}");
        assert!(
            messages[0].starts_with("public/index.html:2:1: error: broken link `/sub/missing/`"),
            "{messages:#?}"
        );
        assert!(
            messages[1].contains("no element with id `nope`"),
            "{messages:#?}"
        );
        assert!(
            messages[2].contains("leaves the site's base path"),
            "{messages:#?}"
        );
        assert!(messages[3].contains("`../../up` leaves"), "{messages:#?}");
        let repeated = report.diagnostics[0].hint.as_deref().unwrap_or("");
        assert!(repeated.contains("also on a/index.html"), "{repeated}");
        assert_eq!(
            report.external.keys().collect::<Vec<_>>(),
            ["https://other.org/x"]
        );
    }

    #[test]
    fn reports_duplicate_ids_naming_page_and_id_once_per_id() {
        let site = site(
            &[
                (
                    "index.html",
                    "<h2 id=\"main\">a</h2>\n<main id=\"main\"><a name=\"x\" id=\"x\">b</a></main>",
                ),
                ("a/index.html", r#"<p id="main"></p><div id="main"></div>"#),
                ("b/index.html", r#"<p id="one"></p><p id="two"></p>"#),
            ],
            &[],
        );
        let report = check(&site, &BASE);
        let messages: Vec<String> = report.diagnostics.iter().map(|d| d.headline()).collect();
        assert_eq!(messages.len(), 1, "{messages:#?}");
        assert!(
            messages[0]
                .starts_with("public/index.html:2:1: error: duplicate id `main` on index.html"),
            "{messages:#?}"
        );
        let hint = report.diagnostics[0].hint.as_deref().unwrap_or("");
        assert!(hint.contains("also on a/index.html"), "{hint}");
    }

    #[test]
    fn hints_name_the_page_meant_not_the_linking_page() {
        let site = site(
            &[
                (
                    "ch01-keywords/index.html",
                    r#"<a href="ch05-editions.html">e</a><a href="../ch01-keyword/">self</a>"#,
                ),
                ("ch05-editions/index.html", ""),
            ],
            &[],
        );
        let report = check(&site, &BASE);
        let hints: Vec<&str> = report
            .diagnostics
            .iter()
            .map(|d| d.hint.as_deref().unwrap_or(""))
            .collect();
        assert_eq!(hints, ["did you mean ch05-editions/index.html?", ""]);
    }

    #[test]
    fn checks_every_url_of_a_srcset_with_commas() {
        let site = site(
            &[(
                "index.html",
                r#"<img srcset="a,b.png 1x, data:image/png;base64,xx 2x, missing.png 3x">"#,
            )],
            &["a,b.png"],
        );
        let report = check(&site, &BASE);
        assert_eq!(report.links, 3);
        let messages: Vec<String> = report.diagnostics.iter().map(|d| d.headline()).collect();
        assert_eq!(messages.len(), 1, "{messages:#?}");
        assert!(messages[0].contains("`missing.png`"), "{messages:#?}");
    }

    #[test]
    fn reads_anchors_and_urls_as_the_build_does() {
        let site = site(
            &[(
                "index.html",
                r##"<DIV ID="anch4"></DIV><!-- <a id="incomment"></a> --><span name="no"></span><A NAME="yes"></A>
<a href="#anch4">1</a><a href="#incomment">2</a><a href="#no">3</a><a href="#yes">4</a>
<link rel="preload" as="image" imagesrcset="nope5.png 2x"><object data="nope2.svg"></object>"##,
            )],
            &[],
        );
        let report = check(&site, &BASE);
        let messages: Vec<String> = report.diagnostics.iter().map(|d| d.headline()).collect();
        assert_eq!(messages.len(), 4, "{messages:#?}");
        for missing in ["#incomment", "#no", "nope5.png", "nope2.svg"] {
            assert!(
                messages.iter().any(|m| m.contains(missing)),
                "{missing}: {messages:#?}"
            );
        }
        let mut ids = Vec::new();
        crate::markdown::html_ids(&site.pages[0].1, &mut ids);
        assert_eq!(ids, ["anch4", "yes"], "the build reads the same anchors");
    }

    #[test]
    fn reports_links_where_locate_says() {
        let site = site(
            &[(
                "a/index.html",
                r#"<a href="/sub/nope/">x</a><a href="/sub/gone/">y</a>"#,
            )],
            &[],
        );
        let md = std::path::PathBuf::from("content/a.md");
        let source: Arc<str> = Arc::from("line one\n[x](/sub/nope/)");
        let locate = |page: &str, url: &str| {
            (page == "a/index.html" && url == "/sub/nope/")
                .then(|| Location::at_offset(&md, &source, 9))
        };
        let report = check_located(&site, &BASE, &locate);
        let messages: Vec<String> = report.diagnostics.iter().map(|d| d.headline()).collect();
        assert!(
            messages[0].starts_with("content/a.md:2:1:"),
            "{messages:#?}"
        );
        assert!(
            messages[1].starts_with("public/a/index.html:1:"),
            "{messages:#?}"
        );
    }

    #[test]
    fn reports_duplicate_ids_where_locate_id_says() {
        let site = site(
            &[(
                "a/index.html",
                r#"<div id="x"></div><div id="x"></div><p id="y"></p><p id="y"></p>"#,
            )],
            &[],
        );
        let md = std::path::PathBuf::from("content/a.md");
        let source: Arc<str> = Arc::from("line one\n<div id=\"x\">");
        let locate_id = |page: &str, id: &str| {
            (page == "a/index.html" && id == "x").then(|| Location::at_offset(&md, &source, 9))
        };
        let report = check_located_with(&site, &BASE, &|_, _| None, &locate_id);
        let messages: Vec<String> = report.diagnostics.iter().map(|d| d.headline()).collect();
        assert_eq!(messages.len(), 2, "{messages:#?}");
        assert!(
            messages[0].starts_with("content/a.md:2:1:") && messages[0].contains("`x`"),
            "{messages:#?}"
        );
        assert!(
            messages[1].starts_with("public/a/index.html:1:") && messages[1].contains("`y`"),
            "{messages:#?}"
        );
    }
}
