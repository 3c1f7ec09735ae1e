//! The verdict on one link of a built page: fine, external, or broken (a
//! missing file, a missing fragment, a link out of the base path), with the
//! message and hint a problem is reported with.

use std::collections::{HashMap, HashSet};

use super::{Base, BuiltSite};
use crate::diagnostics::did_you_mean;
use crate::suggest::Suggest;
use crate::urls::{Link, classify, index_file, resolve_relative, served_file};

/// What one link is.
pub(super) enum Verdict {
    Fine,
    External,
    Broken(Problem),
}

/// A broken link, as reported.
pub(super) struct Problem {
    /// The same key on two pages means the same problem.
    pub(super) key: String,
    /// What is wrong, for the report.
    pub(super) message: String,
    /// How to fix it, computed once.
    pub(super) hint: Hint,
}

/// A problem's hint, computed only for the first page that has the problem.
pub(super) enum Hint {
    Ready(Option<String>),
    /// "Did you mean" the file closest to this path?
    Closest(String),
}

/// Judges the links of one built site.
pub(super) struct Checker<'a> {
    /// The built site whose links are judged.
    pub(super) site: &'a BuiltSite,
    /// The base URL the site was built for.
    pub(super) base: &'a Base<'a>,
    /// Each page (path below the output root) → the ids it offers as fragments.
    pub(super) anchors: HashMap<&'a str, &'a HashSet<String>>,
    /// The output's files, for "did you mean" hints.
    pub(super) suggest: Suggest<'a>,
}

impl Checker<'_> {
    /// The verdict on `url`, linked from `page`.
    pub(super) fn problem(&self, page: &str, url: &str) -> Verdict {
        let target = match classify(url, self.base.url, self.base.path) {
            Link::Other => return Verdict::Fine,
            Link::External => return Verdict::External,
            Link::Escapes => return Verdict::Broken(self.escapes(url)),
            Link::Internal { path, suffix } => (path, suffix),
            Link::Relative { path: "", suffix } => (page.to_string(), suffix),
            Link::Relative { path, suffix } => match resolve_relative(page, path) {
                Some(path) => (path, suffix),
                None => return Verdict::Broken(self.escapes(url)),
            },
        };
        let (path, suffix) = target;
        let path = crate::urls::percent_decode(&path);
        let Some(file) = self.file_for(&path) else {
            return Verdict::Broken(self.missing_file(url, &path));
        };
        let fragment = suffix.split_once('#').map_or("", |(_, f)| f);
        if fragment.is_empty() || fragment.eq_ignore_ascii_case("top") {
            return Verdict::Fine;
        }
        let Some(anchors) = self.anchors.get(file.as_str()) else {
            // Fragments of non-HTML files (PDF pages, media times) are not checked.
            return Verdict::Fine;
        };
        let fragment = crate::urls::percent_decode(fragment);
        if anchors.contains(&fragment) {
            return Verdict::Fine;
        }
        let hint = match did_you_mean(&fragment, anchors.iter().map(String::as_str)) {
            Some(best) => format!("did you mean `#{best}`?"),
            None if anchors.is_empty() => format!("{file} has no element with an id"),
            None => "give the target element that id, or link to an existing one".into(),
        };
        Verdict::Broken(Problem {
            key: format!("fragment {file}#{fragment}"),
            message: format!("broken fragment `{url}`: {file} has no element with id `{fragment}`"),
            hint: Hint::Ready(Some(hint)),
        })
    }

    /// The file a URL path serves, the way static hosts do: `a/` → `a/index.html`,
    /// and `a` → `a/index.html` when `a` is a folder.
    fn file_for(&self, path: &str) -> Option<String> {
        served_file(path, &|file| self.site.files.contains(file))
    }

    fn missing_file(&self, url: &str, path: &str) -> Problem {
        let wanted = if path.is_empty() || path.ends_with('/') {
            index_file(path)
        } else {
            path.to_string()
        };
        Problem {
            key: format!("file {wanted}"),
            message: format!("broken link `{url}`: there is no {wanted} in the output"),
            hint: Hint::Closest(wanted),
        }
    }

    /// "Did you mean" the file most likely meant (never `page`, which holds the link).
    pub(super) fn closest_file(&self, wanted: &str, page: &str) -> Option<String> {
        let best = self.suggest.closest(wanted, page)?;
        Some(format!("did you mean {best}?"))
    }

    fn escapes(&self, url: &str) -> Problem {
        Problem {
            key: format!("escapes {url}"),
            message: format!(
                "link `{url}` leaves the site's base path `{}`",
                self.base.path
            ),
            hint: Hint::Ready(Some(
                "in templates, build links with get_url(path=…) or config.base_path, so they work under any sub-path"
                    .into(),
            )),
        }
    }
}
