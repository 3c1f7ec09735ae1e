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
//! The URL classification here ([`classify`], [`URL_ATTRIBUTES`]) is shared with
//! the link checker, so both agree on what counts as internal.

use lol_html::html_content::Element;
use lol_html::{RewriteStrSettings, element, rewrite_str};

use crate::config::Config;

/// Attributes whose value is a URL (or, for `srcset` and `imagesrcset`, a
/// list of them: see [`is_srcset`]). The one list the build (raw HTML of a
/// body), `briefing check` and `--portable` read.
pub const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "srcset",
    "imagesrcset",
    "poster",
    "action",
    "formaction",
    "data",
    "cite",
    "xlink:href",
];

/// Whether the attribute `name` (lower case) holds a list of image
/// candidates (`srcset`, `<link imagesrcset>`), parsed by [`srcset_candidates`].
pub fn is_srcset(name: &str) -> bool {
    matches!(name, "srcset" | "imagesrcset")
}

/// Whether the attribute `attribute` of a `tag` names an anchor a
/// `#fragment` can point at: `id` on any element, `name` only on `<a>`
/// (names are case-insensitive in HTML). The one rule of the build (raw
/// HTML of a body) and of `briefing check`.
pub fn is_anchor_attribute(tag: &str, attribute: &str) -> bool {
    attribute.eq_ignore_ascii_case("id")
        || (tag.eq_ignore_ascii_case("a") && attribute.eq_ignore_ascii_case("name"))
}

/// What a URL in a built page points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link<'a> {
    /// A file of this site: `path` below the output root (may be empty or end
    /// in `/` for a folder), then the query and fragment as written (`?a#b`).
    Internal { path: String, suffix: &'a str },
    /// Relative to the page it is on (`../x/`, `img.png`, `#frag`).
    Relative { path: &'a str, suffix: &'a str },
    /// A root-relative path outside the base path (`/elsewhere/`), or an
    /// absolute URL on the base URL's host but outside its path.
    Escapes,
    /// Another site (`https://…`, `//host/…`).
    External,
    /// Not a link to a document: `mailto:`, `tel:`, `javascript:`, `data:`, empty.
    Other,
}

/// Splits `url` into its path and its `?query#fragment` suffix.
pub fn split_suffix(url: &str) -> (&str, &str) {
    // ASCII bytes: never inside a multi-byte character.
    let at = memchr::memchr2(b'?', b'#', url.as_bytes()).unwrap_or(url.len());
    url.split_at(at)
}

/// Classifies a URL found in a page of a site published at `base_url`
/// (absolute, ending in `/`) whose path is `base_path` (starting and ending in `/`).
pub fn classify<'a>(url: &'a str, base_url: &str, base_path: &str) -> Link<'a> {
    let url = url.trim();
    if url.is_empty() {
        return Link::Other;
    }
    // The common case first: a root-relative path (`/timeline/x/`). Neither
    // the base URL (absolute) nor a scheme can match it, so this is what
    // the general steps below find, without their scans.
    if url.starts_with('/') && !url.starts_with("//") && !base_url.starts_with('/') {
        let (path, suffix) = split_suffix(url);
        if !needs_normalising(path) {
            // `below_base`, without first copying the whole path.
            return match path.strip_prefix(base_path) {
                Some(rest) => Link::Internal {
                    path: rest.to_string(),
                    suffix,
                },
                None => below_base(path.to_string(), base_path, suffix),
            };
        }
    }
    // With an empty base URL (where the site is published is unknown), absolute
    // URLs are all external.
    if let Some(rest) = strip_prefix_ignore_case(url, base_url).filter(|_| !base_url.is_empty()) {
        let (path, suffix) = split_suffix(rest);
        if !needs_normalising(path) {
            return Link::Internal {
                path: path.to_string(),
                suffix,
            };
        }
    }
    let absolute = url.starts_with("//")
        || url_scheme_end(url).is_some_and(|end| {
            let scheme = &url[..end];
            scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")
        });
    if absolute {
        return match same_site_path(url, base_url) {
            Some(path) => below_base(path, base_path, split_suffix(url).1),
            None => Link::External,
        };
    }
    if url.starts_with('/') {
        let (path, suffix) = split_suffix(url);
        if needs_normalising(path) {
            return match same_site_path(url, base_url) {
                Some(path) => below_base(path, base_path, suffix),
                // No base URL: only the dot segments to remove.
                None => below_base(remove_dot_segments(path), base_path, suffix),
            };
        }
        return below_base(path.to_string(), base_path, suffix);
    }
    if let Some(scheme_end) = url_scheme_end(url) {
        let scheme = url[..scheme_end].to_ascii_lowercase();
        return match scheme.as_str() {
            "mailto" | "tel" | "javascript" | "data" | "sms" | "about" | "blob" => Link::Other,
            _ => Link::External,
        };
    }
    let (path, suffix) = split_suffix(url);
    Link::Relative { path, suffix }
}

/// The normalised path from the host's root (`/about/`) of a URL that is
/// root-relative or on the site's host, as [`classify`] reads it; `None` for
/// relative URLs and other sites.
pub fn path_from_root(url: &str, base_url: &str) -> Option<String> {
    let url = url.trim();
    let (path, _) = split_suffix(url);
    if url.starts_with('/') && !url.starts_with("//") {
        return Some(if needs_normalising(path) {
            remove_dot_segments(path)
        } else {
            path.to_string()
        });
    }
    if url.starts_with("//") || url_scheme_end(url).is_some() {
        return same_site_path(url, base_url);
    }
    None
}

/// A root-relative `path` (normalised) as a link of a site at `base_path`.
fn below_base<'a>(path: String, base_path: &str, suffix: &'a str) -> Link<'a> {
    match path.strip_prefix(base_path) {
        Some(rest) => Link::Internal {
            path: rest.to_string(),
            suffix,
        },
        None if path.trim_end_matches('/') == base_path.trim_end_matches('/') => Link::Internal {
            path: String::new(),
            suffix,
        },
        None => Link::Escapes,
    }
}

/// Whether a URL path has what a browser normalises away: dot segments
/// (also percent-encoded) or backslashes.
fn needs_normalising(path: &str) -> bool {
    // Most paths have none of the bytes any of it needs: one vector scan.
    if memchr::memchr3(b'.', b'%', b'\\', path.as_bytes()).is_none() {
        return false;
    }
    // A dot segment is `.` or `..`, each dot possibly written `%2e`/`%2E`.
    let is_dot = |part: &[u8]| part == b"." || part.eq_ignore_ascii_case(b"%2e");
    let is_dot_segment = |segment: &str| {
        let bytes = segment.as_bytes();
        match bytes.len() {
            1 | 3 => is_dot(bytes),
            2 | 4 | 6 => (1..bytes.len()).any(|cut| is_dot(&bytes[..cut]) && is_dot(&bytes[cut..])),
            _ => false,
        }
    };
    path.contains('\\') || path.split('/').any(is_dot_segment)
}

/// `path` (starting with `/`) without its dot segments, as the URL standard
/// removes them.
fn remove_dot_segments(path: &str) -> String {
    url::Url::parse("https://h.invalid/")
        .and_then(|base| base.join(path))
        .map_or_else(|_| path.to_string(), |url| url.path().to_string())
}

/// The normalised path of `url` (absolute, network-path `//host/…` or
/// root-relative) if it is on the site's host: the URL standard's parse
/// (case of scheme and host, default ports, dot segments), with `http` and
/// `https` on the same host and port counting as the same site. `None` for
/// another site, or when `base_url` is empty or not a URL.
fn same_site_path(url: &str, base_url: &str) -> Option<String> {
    let base = url::Url::parse(base_url).ok()?;
    let target = base.join(url).ok()?;
    let web = |u: &url::Url| matches!(u.scheme(), "http" | "https");
    let same = web(&base)
        && web(&target)
        && target.host_str() == base.host_str()
        && target.port() == base.port();
    same.then(|| target.path().to_string())
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

/// The byte index of the `:` ending a URL scheme, if `url` starts with one.
fn url_scheme_end(url: &str) -> Option<usize> {
    let colon = url.find(':')?;
    let scheme = &url[..colon];
    let valid = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    (valid && !url[..colon].contains('/')).then_some(colon)
}

/// Resolves `relative` (a path relative to the page at `page`, both below the
/// output root) into a path below the output root; `None` if it climbs out.
pub fn resolve_relative(page: &str, relative: &str) -> Option<String> {
    let mut segments: Vec<&str> = page.split('/').collect();
    segments.pop();
    let trailing_slash = relative.is_empty() || relative.ends_with('/');
    for segment in relative.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop()?;
            }
            other => segments.push(other),
        }
    }
    let mut path = segments.join("/");
    if trailing_slash && !path.is_empty() {
        path.push('/');
    }
    Some(path)
}

/// The URL of `target` relative to the page at `page` (both below the output root).
pub fn relative_path(page: &str, target: &str) -> String {
    let page_dirs: Vec<&str> = page.split('/').collect();
    let page_dirs = &page_dirs[..page_dirs.len().saturating_sub(1)];
    let target_parts: Vec<&str> = target.split('/').collect();
    let (target_dirs, file) = target_parts.split_at(target_parts.len().saturating_sub(1));
    let common = page_dirs
        .iter()
        .zip(target_dirs)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = "../".repeat(page_dirs.len() - common);
    for dir in &target_dirs[common..] {
        out.push_str(dir);
        out.push('/');
    }
    out.push_str(file.first().copied().unwrap_or(""));
    out
}

pub fn is_html(path: &str) -> bool {
    path.ends_with(".html") || path.ends_with(".htm")
}

/// The page a server shows for any missing address, at any depth.
pub const NOT_FOUND_PAGE: &str = "404.html";

/// `url` made absolute on the base URL if it is internal (for the 404 page).
fn absolute_url(url: &str, config: &Config) -> Option<String> {
    let Link::Internal { path, suffix } = classify(url, &config.base_url, &config.base_path) else {
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
    let not_found = page == NOT_FOUND_PAGE;
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
    for name in URL_ATTRIBUTES {
        let Some(value) = el.get_attribute(name) else {
            continue;
        };
        let new_value = if is_srcset(name) {
            rewrite_srcset(&value, rewrite)
        } else {
            rewrite(&value)
        };
        if let Some(new_value) = new_value
            && new_value != value
        {
            // Only names from URL_ATTRIBUTES, all valid: this cannot fail.
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
    let url = strip_prefix_ignore_case(rest, "url")?
        .trim_start()
        .strip_prefix('=')?;
    let url = url.trim().trim_matches(['\'', '"']);
    Some((delay.trim(), url))
}

/// One image candidate of a `srcset` value: its URL and its descriptors
/// (`2x`, `100w`, or empty), as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SrcsetCandidate<'a> {
    pub url: &'a str,
    pub descriptors: &'a str,
}

/// Splits a `srcset` value into its candidates by the HTML standard's rules
/// ("parse a srcset attribute"): a URL is a run of non-whitespace (commas
/// included: `b,c.png` and `data:…;base64,xx` are one URL each) with any
/// trailing commas dropped, and a candidate ends at a comma after its URL or
/// after its descriptors (not inside parentheses).
pub fn srcset_candidates(value: &str) -> Vec<SrcsetCandidate<'_>> {
    let is_space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\x0c' | b'\r');
    let bytes = value.as_bytes();
    let mut candidates = Vec::new();
    let mut i = 0;
    loop {
        while i < bytes.len() && (is_space(bytes[i]) || bytes[i] == b',') {
            i += 1;
        }
        if i >= bytes.len() {
            return candidates;
        }
        let start = i;
        while i < bytes.len() && !is_space(bytes[i]) {
            i += 1;
        }
        let url = &value[start..i];
        if url.ends_with(',') {
            candidates.push(SrcsetCandidate {
                url: url.trim_end_matches(','),
                descriptors: "",
            });
            continue;
        }
        // Descriptors, up to a comma outside parentheses.
        let from = i;
        let mut in_parens = false;
        while i < bytes.len() {
            match bytes[i] {
                b'(' => in_parens = true,
                b')' => in_parens = false,
                b',' if !in_parens => break,
                _ => {}
            }
            i += 1;
        }
        let descriptors = value[from..i].trim_matches(|c: char| is_space(c as u8) && c.is_ascii());
        candidates.push(SrcsetCandidate { url, descriptors });
        i += 1;
    }
}

fn rewrite_srcset(value: &str, rewrite: &mut dyn FnMut(&str) -> Option<String>) -> Option<String> {
    let mut changed = false;
    let candidates: Vec<String> = srcset_candidates(value)
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
    let Link::Internal { path, suffix } = classify(url, &config.base_url, &config.base_path) else {
        return None;
    };
    let target = explicit_file(&path, exists);
    if target == page && suffix.starts_with('#') {
        return Some(suffix.to_string());
    }
    Some(format!("{}{suffix}", relative_path(page, &target)))
}

/// The file a folder URL serves: `a/` and (when `a/index.html` exists) `a` → `a/index.html`.
pub fn explicit_file(path: &str, exists: &dyn Fn(&str) -> bool) -> String {
    if path.is_empty() || path.ends_with('/') {
        return format!("{path}index.html");
    }
    let index = format!("{path}/index.html");
    if !exists(path) && exists(&index) {
        return index;
    }
    path.to_string()
}

#[cfg(test)]
mod tests {

    #[test]
    fn knows_the_paths_a_browser_normalises() {
        for path in [
            "/a/../b",
            "/a/./b",
            "/..",
            "..",
            ".",
            "/a/%2e%2e/b",
            "/a/%2E./b",
            "/a/.%2e/",
            "/a/%2e/",
            "a\\b",
        ] {
            assert!(super::needs_normalising(path), "{path}");
        }
        for path in [
            "/a/b/",
            "/a/.b/",
            "/a/..b/",
            "/a/%2e%2e%2e/",
            "/a/...",
            "/a/b.c",
            "",
        ] {
            assert!(!super::needs_normalising(path), "{path}");
        }
    }

    use super::*;

    const BASE: &str = "https://example.org/sub/";

    fn internal(path: &str, suffix: &'static str) -> Link<'static> {
        Link::Internal {
            path: path.into(),
            suffix,
        }
    }

    #[test]
    fn can_classify_links() {
        let c = |url| classify(url, BASE, "/sub/");
        assert_eq!(c("https://example.org/sub/a/#x"), internal("a/", "#x"));
        assert_eq!(c("https://EXAMPLE.org/sub/"), internal("", ""));
        assert_eq!(c("https://example.org/sub"), internal("", ""));
        assert_eq!(c("/sub/style.css?v=1"), internal("style.css", "?v=1"));
        assert_eq!(c("/sub"), internal("", ""));
        assert_eq!(c("/other/"), Link::Escapes);
        assert_eq!(c("https://example.org/other/"), Link::Escapes);
        assert_eq!(c("//example.org/other/"), Link::Escapes);
        assert_eq!(c("https://elsewhere.org/sub/"), Link::External);
        assert_eq!(c("//cdn.org/x.js"), Link::External);
        assert_eq!(c("mailto:a@b.org"), Link::Other);
        assert_eq!(c(""), Link::Other);
        assert_eq!(
            c("../a/index.html#x"),
            Link::Relative {
                path: "../a/index.html",
                suffix: "#x"
            }
        );
        assert_eq!(
            c("#top"),
            Link::Relative {
                path: "",
                suffix: "#top"
            }
        );
    }

    #[test]
    fn links_on_the_site_host_are_the_site_whatever_their_spelling() {
        let c = |url| classify(url, BASE, "/sub/");
        for (url, expected) in [
            ("https://example.org:443/sub/nope/", internal("nope/", "")),
            ("http://example.org/sub/nope2/", internal("nope2/", "")),
            ("http://example.org:80/sub/a/?q#f", internal("a/", "?q#f")),
            ("HTTPS://Example.ORG/sub/x.png", internal("x.png", "")),
            ("https://example.org./sub/x/", Link::External),
            ("//example.org/sub/x/", internal("x/", "")),
            ("//EXAMPLE.org:443/sub/x/", internal("x/", "")),
            ("https://example.org/sub/../other/", Link::Escapes),
            ("https://example.org/sub/a/../b/", internal("b/", "")),
            ("https://example.org/sub/%2e%2e/other/", Link::Escapes),
            ("https://example.org/sub/./a/", internal("a/", "")),
            ("/sub/../other/", Link::Escapes),
            ("/sub/a/./../b/#x", internal("b/", "#x")),
            ("http://example.org:443/sub/", Link::External),
            ("https://example.org:8443/sub/", Link::External),
            ("https://user@example.org/sub/a/", internal("a/", "")),
            ("ftp://example.org/sub/", Link::External),
            ("//example.org/about/", Link::Escapes),
            (
                "https://example.org/sub/My%20Files/a.txt",
                internal("My%20Files/a.txt", ""),
            ),
            (
                "https://example.org:443/sub/My Files/a.txt",
                internal("My%20Files/a.txt", ""),
            ),
        ] {
            assert_eq!(c(url), expected, "{url}");
        }
        // Without a base URL, absolute URLs are external; dot segments of a
        // root-relative path are still removed.
        assert_eq!(classify("https://example.org/a/", "", "/"), Link::External);
        assert_eq!(classify("/a/../b/", "", "/"), internal("b/", ""));
    }

    #[test]
    fn can_make_paths_relative() {
        assert_eq!(
            relative_path("a/b/index.html", "a/c/index.html"),
            "../c/index.html"
        );
        assert_eq!(relative_path("index.html", "a/index.html"), "a/index.html");
        assert_eq!(
            relative_path("a/b/index.html", "index.html"),
            "../../index.html"
        );
        assert_eq!(relative_path("a/index.html", "a/img.png"), "img.png");
        assert_eq!(relative_path("404.html", "style.css"), "style.css");
    }

    #[test]
    fn can_resolve_relative_paths() {
        assert_eq!(
            resolve_relative("a/b/index.html", "../c/").as_deref(),
            Some("a/c/")
        );
        assert_eq!(
            resolve_relative("a/index.html", "x.png").as_deref(),
            Some("a/x.png")
        );
        assert_eq!(resolve_relative("a/index.html", "").as_deref(), Some("a/"));
        assert_eq!(resolve_relative("a/index.html", "../../x"), None);
    }

    #[test]
    fn can_parse_refresh_and_srcset() {
        assert_eq!(
            refresh_url("0; url=https://x.org/a/"),
            Some(("0", "https://x.org/a/"))
        );
        assert_eq!(refresh_url("5"), None);
        let urls: Vec<&str> = srcset_candidates("a.png 1x, /sub/b.png 2x")
            .iter()
            .map(|c| c.url)
            .collect();
        assert_eq!(urls, ["a.png", "/sub/b.png"]);
    }

    #[test]
    fn splits_srcset_by_the_html_standard() {
        let table: &[(&str, &[(&str, &str)])] = &[
            ("a.png", &[("a.png", "")]),
            (
                "a.png 1x, b,c.png 2x",
                &[("a.png", "1x"), ("b,c.png", "2x")],
            ),
            ("a.png, b.png", &[("a.png", ""), ("b.png", "")]),
            ("a.png,b.png", &[("a.png,b.png", "")]),
            ("a.png 1x,b.png 2x", &[("a.png", "1x"), ("b.png", "2x")]),
            (
                "data:image/png;base64,xx 1x, /sub/b.png 2x",
                &[("data:image/png;base64,xx", "1x"), ("/sub/b.png", "2x")],
            ),
            (
                "  a.png   100w  ,  b.png 200w,,, ",
                &[("a.png", "100w"), ("b.png", "200w")],
            ),
            ("a.png,, b.png", &[("a.png", ""), ("b.png", "")]),
            (
                "x.png 1x (a, b), y.png",
                &[("x.png", "1x (a, b)"), ("y.png", "")],
            ),
            ("a.png\t1x,\nb.png\t2x", &[("a.png", "1x"), ("b.png", "2x")]),
            (
                "https://e.org/i?w=1,2 2x",
                &[("https://e.org/i?w=1,2", "2x")],
            ),
            ("", &[]),
            (" , , ", &[]),
        ];
        for (value, expected) in table {
            let got: Vec<(&str, &str)> = srcset_candidates(value)
                .iter()
                .map(|c| (c.url, c.descriptors))
                .collect();
            assert_eq!(&got, expected, "{value:?}");
        }
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
        let out = rewrite_page(html, NOT_FOUND_PAGE, &config(), &|_| true).unwrap();
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
        let page = crate::render::redirect_page("https://example.org/sub/new/");
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
