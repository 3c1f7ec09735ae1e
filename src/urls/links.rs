//! What a URL found in a built page points at, read by the URL standard
//! (internal, relative, outside the base path, another site, no document),
//! and the path arithmetic between files below the output root: relative
//! URLs resolved and made, and the file that serves a folder URL. Shared by
//! the build, `--portable` and the link checker, so all agree.

/// What a URL in a built page points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link<'a> {
    /// A file of this site.
    Internal {
        /// Below the output root (may be empty or end in `/` for a folder).
        path: String,
        /// The query and fragment as written (`?a#b`), or empty.
        suffix: &'a str,
    },
    /// Relative to the page it is on (`../x/`, `img.png`, `#frag`).
    Relative {
        /// The path as written, before any `?` or `#`.
        path: &'a str,
        /// The query and fragment as written, or empty.
        suffix: &'a str,
    },
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

/// `text` without `prefix`, matched ignoring ASCII case.
pub fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
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

/// The file that serves the URL path `path` (below the output root), the
/// way static hosts do: `a/` → `a/index.html`, `a` → `a` or, when only the
/// folder exists, `a/index.html`; `None` when `exists` knows neither.
pub fn served_file(path: &str, exists: &dyn Fn(&str) -> bool) -> Option<String> {
    if path.is_empty() || path.ends_with('/') {
        let index = super::index_file(path);
        return exists(&index).then_some(index);
    }
    if exists(path) {
        return Some(path.to_string());
    }
    let index = super::index_file(&format!("{path}/"));
    exists(&index).then_some(index)
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
    fn serves_folders_by_their_index_file() {
        let files = ["a/index.html", "b", "index.html"];
        let exists = |path: &str| files.contains(&path);
        assert_eq!(served_file("a/", &exists).as_deref(), Some("a/index.html"));
        assert_eq!(served_file("a", &exists).as_deref(), Some("a/index.html"));
        assert_eq!(served_file("b", &exists).as_deref(), Some("b"));
        assert_eq!(served_file("", &exists).as_deref(), Some("index.html"));
        assert_eq!(served_file("c/", &exists), None);
        assert_eq!(served_file("c", &exists), None);
    }
}
