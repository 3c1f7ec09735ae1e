//! "Did you mean …?" for a link to a file that is not in the output: the file
//! the link most likely meant, found through an index built once per check
//! (by name, and by folder), so that thousands of broken links on a site of
//! thousands of files cost about as much as one pass over them.
//!
//! A page `a/b/index.html` is known by its folder name `b`; another file by
//! its name without the extension (`a/x.csv` → `x`). A wanted path is matched
//! first by that name anywhere in the site (`ch05-editions.html` → the page
//! `ch05-editions/`), then by similar names of about the same length in its
//! own folder and the one above it, at most [`MAX_FUZZY`] of them (and
//! [`FUZZY_BUDGET`] in all).

use std::cell::Cell;
use std::collections::HashMap;

use crate::diagnostics::did_you_mean;
use crate::urls;

/// Most candidates compared by similarity for one wanted path.
pub const MAX_FUZZY: usize = 400;

/// How alike (Jaro-Winkler) a similar name must be to be named: a typo of
/// it (`ch05-editons`), not a name that shares its first letters (`ch10` for
/// `ch1-next`).
pub const MIN_SIMILARITY: f64 = 0.85;

/// Most similarity comparisons for one index: past them (hundreds of
/// distinct broken targets), only the same name is suggested, so a site with
/// thousands of broken links is still checked in about linear time.
pub const FUZZY_BUDGET: usize = 1_000_000;

/// The files of an output, indexed for suggestions.
#[derive(Debug)]
pub struct Suggest<'a> {
    by_name: HashMap<&'a str, Vec<&'a str>>,
    /// (folder, length of the name) → paths, so similar names are looked up
    /// without walking a large folder.
    by_folder: HashMap<(&'a str, usize), Vec<(&'a str, &'a str)>>,
    /// Similarity comparisons left.
    budget: Cell<usize>,
}

/// A path's folder (ending in `/`, or empty), its name (a page's folder name
/// or a file's stem), and whether it is a page.
fn parts(path: &str) -> (&str, &str, bool) {
    if let Some(folder) = urls::index_folder(path) {
        let trimmed = folder.trim_end_matches('/');
        let (parent, name) = match trimmed.rsplit_once('/') {
            Some((parent, name)) => (&folder[..parent.len() + 1], name),
            None => ("", trimmed),
        };
        return (parent, name, true);
    }
    let (folder, file) = match path.rsplit_once('/') {
        Some((folder, file)) => (&path[..folder.len() + 1], file),
        None => ("", path),
    };
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    let page = file.ends_with(".html") || file.ends_with(".htm");
    (folder, stem, page)
}

fn extension(path: &str) -> &str {
    let file = path.rsplit('/').next().unwrap_or(path);
    file.rsplit_once('.').map_or("", |(_, e)| e)
}

impl<'a> Suggest<'a> {
    /// Indexes `files` (paths below the output root).
    pub fn new(files: impl IntoIterator<Item = &'a str>) -> Suggest<'a> {
        let mut index = Suggest {
            by_name: HashMap::new(),
            by_folder: HashMap::new(),
            budget: Cell::new(FUZZY_BUDGET),
        };
        for path in files {
            let (folder, name, _) = parts(path);
            index.by_name.entry(name).or_default().push(path);
            index
                .by_folder
                .entry((folder, name.len()))
                .or_default()
                .push((name, path));
        }
        index
    }

    /// The file most likely meant by `wanted` (a path below the output root;
    /// a folder's `index.html` for a folder), never `exclude` (the page that
    /// holds the link).
    pub fn closest(&self, wanted: &str, exclude: &str) -> Option<&'a str> {
        let (folder, name, page) = parts(wanted);
        let kind_fits = |candidate: &str| {
            candidate != exclude
                && candidate != wanted
                && if page || extension(wanted).is_empty() {
                    parts(candidate).2
                } else {
                    extension(candidate) == extension(wanted)
                }
        };
        // The same name elsewhere: the one sharing the longest folder prefix.
        let named = |key: &str| {
            self.by_name
                .get(key)
                .into_iter()
                .flatten()
                .filter(|candidate| kind_fits(candidate))
                .max_by_key(|candidate| {
                    let shared = candidate
                        .bytes()
                        .zip(wanted.bytes())
                        .take_while(|(a, b)| a == b)
                        .count();
                    (shared, std::cmp::Reverse(**candidate))
                })
                .copied()
        };
        if let Some(best) = named(name) {
            return Some(best);
        }
        if let Some(best) = self.similar(name, folder, &kind_fits) {
            return Some(best);
        }
        // The name before a separator, if most of it (`figures-2024` →
        // `figures`, but not `ch01-keywords` → `ch01`).
        name.char_indices()
            .filter(|&(i, c)| matches!(c, '-' | '_' | '.') && 2 * i >= name.len())
            .rev()
            .find_map(|(i, _)| named(&name[..i]))
    }

    /// A similar name of about the same length in `folder` or the one above.
    fn similar(
        &self,
        name: &str,
        folder: &str,
        kind_fits: &dyn Fn(&str) -> bool,
    ) -> Option<&'a str> {
        // Similar names in the wanted folder and the one above it.
        let parent = parts(&urls::index_file(folder)).0.to_string();
        let mut candidates: Vec<(&str, &'a str)> = Vec::new();
        let limit = MAX_FUZZY.min(self.budget.get());
        let folders = if parent == folder {
            vec![folder]
        } else {
            vec![folder, parent.as_str()]
        };
        // A typo changes a few letters, not the length by a third.
        // Nearest lengths first: the cap keeps the likeliest.
        let spread = (name.len() / 4).max(2);
        let lengths: Vec<usize> = std::iter::once(name.len())
            .chain(
                (1..=spread)
                    .flat_map(|d| [name.len().checked_sub(d), Some(name.len() + d)])
                    .flatten(),
            )
            .collect();
        'folders: for dir in folders {
            for &length in &lengths {
                for &(candidate_name, candidate) in
                    self.by_folder.get(&(dir, length)).into_iter().flatten()
                {
                    if candidates.len() >= limit {
                        break 'folders;
                    }
                    if kind_fits(candidate) {
                        candidates.push((candidate_name, candidate));
                    }
                }
            }
        }
        self.budget.set(self.budget.get() - candidates.len());
        let best = did_you_mean(name, candidates.iter().map(|(n, _)| *n))
            .filter(|best| strsim::jaro_winkler(name, best) >= MIN_SIMILARITY)?;
        candidates
            .iter()
            .find(|(n, _)| *n == best)
            .map(|(_, path)| *path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILES: &[&str] = &[
        "index.html",
        "ch01-keywords/index.html",
        "ch02-install/index.html",
        "ch05-editions/index.html",
        "book/ch01/index.html",
        "book/ch02/index.html",
        "files/figures.csv",
        "files/figures.json",
        "style.css",
    ];

    #[test]
    fn names_the_page_meant_never_the_linking_page() {
        let index = Suggest::new(FILES.iter().copied());
        for (wanted, exclude, expected) in [
            (
                "ch01-keywords/ch05-editions.html",
                "ch01-keywords/index.html",
                Some("ch05-editions/index.html"),
            ),
            (
                "ch01-keywords/ch05-editons.html",
                "ch01-keywords/index.html",
                Some("ch05-editions/index.html"),
            ),
            (
                "ch02-instal/index.html",
                "index.html",
                Some("ch02-install/index.html"),
            ),
            (
                "book/ch01/ch02.html",
                "book/ch01/index.html",
                Some("book/ch02/index.html"),
            ),
            ("files/figure.csv", "index.html", Some("files/figures.csv")),
            (
                "files/figures-2024.csv",
                "index.html",
                Some("files/figures.csv"),
            ),
            (
                "ch05-editions-old/index.html",
                "index.html",
                Some("ch05-editions/index.html"),
            ),
            ("data/figures.csv", "index.html", Some("files/figures.csv")),
            ("styles.css", "index.html", Some("style.css")),
            // A name that is another's start plus more is not a typo of it.
            ("book/ch0/ch0-next.html", "book/ch0/index.html", None),
            ("book/ch1/ch1-next.html", "book/ch1/index.html", None),
            // Only the linking page is like it: no hint rather than that one.
            ("ch01-keyword/index.html", "ch01-keywords/index.html", None),
            ("zzz/qqq.png", "index.html", None),
            ("book/ch01/chx1.html", "book/ch01/index.html", None),
        ] {
            assert_eq!(index.closest(wanted, exclude), expected, "{wanted}");
        }
    }

    #[test]
    fn stays_fast_with_many_files_in_one_folder() {
        let files: Vec<String> = (0..20_000)
            .map(|i| format!("book/ch{i:05}/index.html"))
            .collect();
        let index = Suggest::new(files.iter().map(String::as_str));
        let started = std::time::Instant::now();
        for i in 0..3_000 {
            let _ = index.closest(&format!("book/ch{i:05}/ch{i:05}-next.html"), "x");
            let _ = index.closest(&format!("book/cx{i:05}/index.html"), "x");
        }
        // Each lookup compares at most MAX_FUZZY names, all of them at most
        // FUZZY_BUDGET; the same name is still found past it.
        assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
        assert_eq!(index.budget.get(), 0);
        assert_eq!(
            index.closest("book/ch00007/ch00009.html", "book/ch00007/index.html"),
            Some("book/ch00009/index.html")
        );
        assert_eq!(index.closest("book/cy00007/index.html", "x"), None);
    }
}
