//! Portable output (`briefing build --portable`): every internal link in the
//! built HTML is rewritten relative to its page, with an explicit `index.html`
//! (`../timeline/index.html#x`), so one build works at any sub-path and when
//! opened straight from disk (`file://`).
//!
//! Internal means an absolute URL on the base URL's host below its path (read
//! by the URL standard: any case of scheme and host, default port or not,
//! `http` or `https`, dot segments removed), or a root-relative path starting
//! with the base path. Canonical URLs (`<link rel=canonical>`,
//! `og:url` and other `<meta>` values), JSON-LD, feeds and the sitemap keep
//! absolute URLs: they are read out of context. The rewriting uses lol_html, a
//! streaming HTML rewriter, so attribute values are found the way a browser
//! finds them.
//!
//! The URL classification ([`crate::urls::classify`]) and the attributes
//! that hold URLs ([`crate::html::URL_ATTRIBUTES`]) are shared with the link
//! checker, so both agree on what counts as internal.

use lol_html::html_content::Element;
use lol_html::{RewriteStrSettings, element, rewrite_str};

use crate::config::Config;
use crate::layout::NOT_FOUND_FILE;
use crate::{html, urls};

/// Whether `path` names an HTML page (`.html` or `.htm`).
pub fn is_html(path: &str) -> bool {
    path.ends_with(".html") || path.ends_with(".htm")
}

/// `url` made absolute on the base URL if it is internal (for the 404 page).
fn absolute_url(url: &str, config: &Config) -> Option<String> {
    let urls::Link::Internal { path, suffix } =
        urls::classify(url, &config.base_url, &config.base_path)
    else {
        return None;
    };
    Some(format!("{}{path}{suffix}", config.base_url))
}

/// Rewrites the internal links of the page at `page` (a path below the output
/// root); `exists` tells whether a path below the output root is a file.
///
/// The 404 page is the exception: a server shows it in place of
/// `/a/b/c/missing`, where relative links would resolve below `/a/b/c/`. Its
/// internal links become absolute URLs on the base URL, which resolve from
/// any depth (and, opened from disk, lead to the published site).
pub fn rewrite_page(
    html: &str,
    page: &str,
    config: &Config,
    exists: &dyn Fn(&str) -> bool,
) -> std::result::Result<String, lol_html::errors::RewritingError> {
    let not_found = page == NOT_FOUND_FILE;
    let mut rewrite = |url: &str| {
        if not_found {
            absolute_url(url, config)
        } else {
            portable_url(url, page, config, exists)
        }
    };
    rewrite_str(
        html,
        RewriteStrSettings::new().append_element_content_handler(element!("*", |el| {
            if el.tag_name() == "meta" {
                rewrite_refresh(el, &mut rewrite);
            } else {
                rewrite_attributes(el, &mut rewrite);
            }
            Ok(())
        })),
    )
}

fn rewrite_attributes(el: &mut Element<'_, '_>, rewrite: &mut dyn FnMut(&str) -> Option<String>) {
    if el.tag_name() == "link"
        && el.get_attribute("rel").is_some_and(|rel| {
            rel.split_ascii_whitespace()
                .any(|r| r.eq_ignore_ascii_case("canonical"))
        })
    {
        return;
    }
    for name in html::URL_ATTRIBUTES {
        let Some(value) = el.get_attribute(name) else {
            continue;
        };
        let new_value = if html::is_srcset(name) {
            rewrite_srcset(&value, rewrite)
        } else {
            rewrite(&value)
        };
        if let Some(new_value) = new_value
            && new_value != value
        {
            // Only names from html::URL_ATTRIBUTES, all valid: this cannot fail.
            let _ = el.set_attribute(name, &new_value);
        }
    }
}

/// `<meta http-equiv="refresh" content="0; url=…">` (alias redirect pages).
fn rewrite_refresh(el: &mut Element<'_, '_>, rewrite: &mut dyn FnMut(&str) -> Option<String>) {
    let is_refresh = el
        .get_attribute("http-equiv")
        .is_some_and(|v| v.eq_ignore_ascii_case("refresh"));
    let Some(content) = el.get_attribute("content") else {
        return;
    };
    if !is_refresh {
        return;
    }
    if let Some((delay, url)) = refresh_url(&content)
        && let Some(new_url) = rewrite(url)
    {
        let _ = el.set_attribute("content", &format!("{delay}; url={new_url}"));
    }
}

/// Splits a refresh `content` into its delay and URL.
pub fn refresh_url(content: &str) -> Option<(&str, &str)> {
    let (delay, rest) = content.split_once([';', ','])?;
    let rest = rest.trim_start();
    let url = urls::strip_prefix_ignore_case(rest, "url")?
        .trim_start()
        .strip_prefix('=')?;
    let url = url.trim().trim_matches(['\'', '"']);
    Some((delay.trim(), url))
}

fn rewrite_srcset(value: &str, rewrite: &mut dyn FnMut(&str) -> Option<String>) -> Option<String> {
    let mut changed = false;
    let candidates: Vec<String> = html::srcset_candidates(value)
        .into_iter()
        .map(|candidate| {
            let url = match rewrite(candidate.url) {
                Some(new) => {
                    changed = true;
                    new
                }
                None => candidate.url.to_string(),
            };
            if candidate.descriptors.is_empty() {
                url
            } else {
                format!("{url} {}", candidate.descriptors)
            }
        })
        .collect();
    changed.then(|| candidates.join(", "))
}

/// The portable form of `url` on the page at `page`, or `None` to leave it as it is.
fn portable_url(
    url: &str,
    page: &str,
    config: &Config,
    exists: &dyn Fn(&str) -> bool,
) -> Option<String> {
    let urls::Link::Internal { path, suffix } =
        urls::classify(url, &config.base_url, &config.base_path)
    else {
        return None;
    };
    // The folder URL as the file that serves it, else as written.
    let target = urls::served_file(&path, exists).unwrap_or_else(|| {
        if path.is_empty() || path.ends_with('/') {
            urls::index_file(&path)
        } else {
            path.to_string()
        }
    });
    if target == page && suffix.starts_with('#') {
        return Some(suffix.to_string());
    }
    Some(format!("{}{suffix}", urls::relative_path(page, &target)))
}

#[cfg(test)]
mod tests {

    use super::*;

    #[test]
    fn can_parse_refresh() {
        assert_eq!(
            refresh_url("0; url=https://x.org/a/"),
            Some(("0", "https://x.org/a/"))
        );
        assert_eq!(refresh_url("5"), None);
    }

    #[test]
    fn rewrites_srcset_urls_with_commas() {
        let html = r#"<img srcset="/sub/a/b,c.png 2x, data:image/png;base64,xx 1x">"#;
        let out = rewrite_page(html, "a/index.html", &config(), &|_| false).unwrap();
        assert!(
            out.contains(r#"srcset="b,c.png 2x, data:image/png;base64,xx 1x""#),
            "{out}"
        );
    }

    #[test]
    fn rewrites_imagesrcset_like_srcset() {
        let html =
            r#"<link rel="preload" as="image" imagesrcset="/sub/a/p.png 1x, /sub/a/q,r.png 2x">"#;
        let out = rewrite_page(html, "a/index.html", &config(), &|_| false).unwrap();
        assert!(
            out.contains(r#"imagesrcset="p.png 1x, q,r.png 2x""#),
            "{out}"
        );
    }

    #[test]
    fn keeps_the_404_page_links_absolute_to_resolve_at_any_depth() {
        let html = r#"<link rel="stylesheet" href="https://example.org/sub/style.css"><a href="/sub/">home</a><img srcset="/sub/a.png 2x"><a href="https://other.org/">o</a>"#;
        let out = rewrite_page(html, NOT_FOUND_FILE, &config(), &|_| true).unwrap();
        assert_eq!(
            out,
            r#"<link rel="stylesheet" href="https://example.org/sub/style.css"><a href="https://example.org/sub/">home</a><img srcset="https://example.org/sub/a.png 2x"><a href="https://other.org/">o</a>"#
        );
        let other = rewrite_page(html, "a/404.html", &config(), &|_| true).unwrap();
        assert!(other.contains(r#"href="../style.css""#), "{other}");
    }

    fn config() -> Config {
        let root = std::path::Path::new("/site");
        Config::parse(
            root,
            &root.join("site.toml"),
            "title = \"t\"\nbase_url = \"https://example.org/sub/\"\n",
            &Default::default(),
        )
        .unwrap()
    }

    #[test]
    fn rewrites_internal_links_and_keeps_canonical() {
        let html = r#"<link rel="canonical" href="https://example.org/sub/a/"><link rel="stylesheet" href="/sub/style.css"><meta property="og:url" content="https://example.org/sub/a/"><a href="https://example.org/sub/b/#x">b</a><a href="/sub/a/#y">self</a><img src="/sub/a/p.png" srcset="/sub/a/p.png 1x, /sub/a/p2.png 2x"><a href="https://other.org/">o</a><form action="/sub/search/"></form>"#;
        let out = rewrite_page(html, "a/index.html", &config(), &|_| false).unwrap();
        assert!(
            out.contains(r#"rel="canonical" href="https://example.org/sub/a/""#),
            "{out}"
        );
        assert!(out.contains(r#"href="../style.css""#), "{out}");
        assert!(
            out.contains(r#"content="https://example.org/sub/a/""#),
            "{out}"
        );
        assert!(out.contains(r#"href="../b/index.html#x""#), "{out}");
        assert!(out.contains(r##"href="#y""##), "{out}");
        assert!(
            out.contains(r#"src="p.png" srcset="p.png 1x, p2.png 2x""#),
            "{out}"
        );
        assert!(out.contains(r#"href="https://other.org/""#), "{out}");
        assert!(out.contains(r#"action="../search/index.html""#), "{out}");
    }

    #[test]
    fn rewrites_redirect_pages() {
        let page = crate::html::redirect_page("https://example.org/sub/new/");
        let out = rewrite_page(&page, "old/index.html", &config(), &|_| false).unwrap();
        assert!(
            out.contains(r#"content="0; url=../new/index.html""#),
            "{out}"
        );
        assert!(out.contains(r#"<a href="../new/index.html">"#), "{out}");
        assert!(
            out.contains(r#"rel="canonical" href="https://example.org/sub/new/""#),
            "{out}"
        );
    }
}
