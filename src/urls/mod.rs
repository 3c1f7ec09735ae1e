//! Paths and URLs: where a content file lands (`timeline/berlin.md` →
//! `timeline/berlin/`), how URLs join the base URL, and the checks that keep
//! every output path inside the output directory whatever slugs or aliases say;
//! and what a URL in a built page points at ([`classify`]).

mod links;

pub use links::{
    Link, classify, path_from_root, relative_path, resolve_relative, served_file, split_suffix,
    strip_prefix_ignore_case,
};

/// Where a Markdown file goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    /// An `_index.md`.
    pub is_section: bool,
    /// The last segment of its URL: the slug, else the file or folder name.
    pub slug: String,
    /// Below the base URL, ending in `/`; empty for the home page.
    pub url_path: String,
}

/// Places the content file at `relative` (`/`-separated), honouring a front-matter slug.
pub fn place(relative: &str, slug: Option<&str>) -> Result<Placed, String> {
    let parts: Vec<&str> = relative.split('/').collect();
    let (file_name, dirs) = parts.split_last().ok_or("empty path")?;
    let stem = file_name.strip_suffix(".md").unwrap_or(file_name);
    let mut folders: Vec<String> = dirs
        .iter()
        .map(|d| slug_segment(d))
        .collect::<Result<_, _>>()?;
    let is_section = stem == "_index";
    if let Some(slug) = slug {
        validate_slug(slug)?;
    }
    let own = if is_section {
        match (slug, folders.pop()) {
            (Some(slug), Some(_)) => Some(slug.to_string()),
            (None, Some(folder)) => Some(folder),
            (_, None) => None,
        }
    } else if stem == "index" {
        let folder = folders.pop();
        Some(match slug {
            Some(slug) => slug.to_string(),
            None => folder
                .ok_or("`content/index.md` would replace the home page: name it `_index.md`")?,
        })
    } else {
        Some(match slug {
            Some(slug) => slug.to_string(),
            None => slug_segment(stem)?,
        })
    };
    let mut url_path = String::new();
    for folder in &folders {
        url_path.push_str(folder);
        url_path.push('/');
    }
    if let Some(own) = &own {
        url_path.push_str(own);
        url_path.push('/');
    }
    Ok(Placed {
        is_section,
        slug: own.unwrap_or_default(),
        url_path,
    })
}

/// A slug from front matter must be one safe URL segment.
pub fn validate_slug(slug: &str) -> Result<(), String> {
    let ok = !slug.is_empty()
        && slug != "."
        && slug != ".."
        && slug.len() <= 200
        && slug
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "slug `{}` is not a single URL segment (try `{}`)",
            slug.escape_debug(),
            slug::slugify(slug)
        ))
    }
}

/// A folder or file name turned into a URL segment.
fn slug_segment(name: &str) -> Result<String, String> {
    let segment = slug::slugify(name);
    if segment.is_empty() {
        Err(format!(
            "`{name}` gives an empty URL segment; rename it with letters or digits"
        ))
    } else {
        Ok(segment)
    }
}

/// Output path of a co-located asset: folders slugged like pages, file name kept.
pub fn output_path_for_asset(relative: &str) -> Result<String, String> {
    let parts: Vec<&str> = relative.split('/').collect();
    let (file_name, dirs) = parts.split_last().ok_or("empty path")?;
    let mut out = String::new();
    for dir in dirs {
        out.push_str(&slug_segment(dir)?);
        out.push('/');
    }
    out.push_str(file_name);
    if file_name.is_empty() || !is_contained(&out) {
        return Err(format!(
            "`{relative}` is not a file name that can be published"
        ));
    }
    Ok(out)
}

/// An alias (`/old/path/` or `old/path`) as a URL path below the base, ending in `/`.
pub fn alias_path(alias: &str) -> Result<String, String> {
    let trimmed = alias.trim().trim_start_matches('/');
    let trimmed = trimmed.strip_suffix("index.html").unwrap_or(trimmed);
    if trimmed.is_empty() {
        return Err("an alias cannot be the home page".into());
    }
    let mut out = String::new();
    for segment in trimmed.trim_end_matches('/').split('/') {
        let safe = !segment.is_empty()
            && segment != "."
            && segment != ".."
            && segment
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~'));
        if !safe {
            return Err(format!(
                "alias `{}` is not a plain path below the site (segments of letters, digits, `-`, `_`, `.`)",
                alias.escape_debug()
            ));
        }
        out.push_str(segment);
        out.push('/');
    }
    Ok(out)
}

/// The file that serves a URL path: `a/b/` → `a/b/index.html`.
pub fn index_file(url_path: &str) -> String {
    // Called for every link of every page: no `format!` machinery.
    const INDEX: &str = "index.html";
    let mut file = String::with_capacity(url_path.len() + INDEX.len());
    file.push_str(url_path);
    file.push_str(INDEX);
    file
}

/// The folder URL path of a file that [`index_file`] named: `a/b/index.html`
/// → `a/b/`, `index.html` → `` (the suffix `index.html` removed, as written);
/// `None` for any other file.
pub fn index_folder(file: &str) -> Option<&str> {
    file.strip_suffix("index.html")
}

/// True if a relative output path stays inside the output directory.
pub fn is_contained(relative: &str) -> bool {
    !relative.is_empty()
        && !relative.starts_with('/')
        && !relative.contains('\\')
        && !relative.contains('\0')
        && relative
            .split('/')
            .all(|s| s != ".." && s != "." && !s.contains(':'))
}

/// Whether `text` may be a term: a URL segment of lowercase letters, digits and `-`.
pub fn is_term(text: &str) -> bool {
    !text.is_empty()
        && !text.starts_with('-')
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Decodes `%XX` escapes (RFC 3986 §2.1) through the `percent-encoding`
/// crate; an invalid escape is kept as written and invalid UTF-8 becomes
/// U+FFFD, never a panic.
pub fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

/// Decodes `%XX` escapes as [`percent_decode`] does, but `None` when the
/// decoded bytes are not UTF-8: for a request path, which must name exactly
/// one file.
pub fn percent_decode_exact(text: &str) -> Option<std::borrow::Cow<'_, str>> {
    percent_encoding::percent_decode_str(text)
        .decode_utf8()
        .ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn terms_are_url_segments() {
        for good in ["nato", "nato-membership", "article-5", "2025", "a"] {
            assert!(is_term(good), "{good}");
        }
        for bad in [
            "",
            "NATO",
            "nato membership",
            "-nato",
            "nato_membership",
            "é",
            "a/b",
            "a.b",
        ] {
            assert!(!is_term(bad), "{bad}");
        }
    }

    use super::*;

    #[test]
    fn percent_decoding_keeps_what_is_not_an_escape() {
        assert_eq!(percent_decode("a%20b%zz%"), "a b%zz%");
        assert_eq!(
            percent_decode_exact("a%20b%zz%").as_deref(),
            Some("a b%zz%")
        );
        assert_eq!(percent_decode_exact("a%ff"), None);
        assert_eq!(percent_decode("%E2%80%9C"), "\u{201c}");
        assert_eq!(percent_decode("%FF"), "\u{fffd}");
    }

    #[test]
    fn can_place_pages_sections_and_index_files() {
        assert_eq!(
            place("timeline/berlin-talks.md", None).unwrap().url_path,
            "timeline/berlin-talks/"
        );
        assert_eq!(place("_index.md", None).unwrap().url_path, "");
        let section = place("timeline/_index.md", None).unwrap();
        assert!(section.is_section);
        assert_eq!(section.url_path, "timeline/");
        assert_eq!(
            place("actors/putin/index.md", None).unwrap().url_path,
            "actors/putin/"
        );
        assert_eq!(
            place("timeline/x.md", Some("berlin")).unwrap().url_path,
            "timeline/berlin/"
        );
        assert_eq!(
            place("My Folder/A Page.md", None).unwrap().url_path,
            "my-folder/a-page/"
        );
    }

    #[test]
    fn errors_on_slugs_that_escape() {
        assert!(place("a.md", Some("../etc")).is_err());
        assert!(place("a.md", Some("/abs")).is_err());
        assert!(place("a.md", Some("..")).is_err());
        assert!(place("a.md", Some("a\\b")).is_err());
        assert!(place("index.md", None).is_err());
    }

    #[test]
    fn can_validate_aliases() {
        assert_eq!(alias_path("/old/path/").unwrap(), "old/path/");
        assert_eq!(alias_path("old/page.html").unwrap(), "old/page.html/");
        assert!(alias_path("../../etc").is_err());
        assert!(alias_path("/").is_err());
        assert!(alias_path("a/%2e%2e/b").is_err());
    }

    #[test]
    fn errors_on_asset_names_that_cannot_be_published() {
        assert_eq!(output_path_for_asset("a b/x.png").unwrap(), "a-b/x.png");
        assert!(output_path_for_asset(".").is_err());
        assert!(output_path_for_asset("a/c:d.png").is_err());
    }

    #[test]
    fn can_tell_contained_paths() {
        assert!(is_contained("a/b/index.html"));
        assert!(!is_contained("../a"));
        assert!(!is_contained("/etc/passwd"));
        assert!(!is_contained("a/../../b"));
    }
}
