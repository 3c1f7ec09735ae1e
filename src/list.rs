//! `briefing list drafts|future|expired|stale|unverified`: one line per page,
//! `path<TAB>title<TAB>date`, sorted by path, for scripts and for the
//! pre-publication question "what is still a draft?". Every page is read,
//! drafts and pages outside their window included; the site is not built,
//! so a half-written draft does not stop the listing.
//!
//! - `drafts`: `draft: true`; the date is `publish_date`, else `reviewed`, else `date`.
//! - `future`: `publish_date` after today; the date is `publish_date`.
//! - `expired`: `expiry_date` today or before; the date is `expiry_date`.
//! - `stale`: last reviewed (`reviewed`, else `updated`) more than
//!   `max_age_days` before `as_of` (the rule of the build's stale warning);
//!   the date is that review.
//! - `unverified`: pages with a quote (`[“…”][@id]`) whose source has no
//!   archived copy to check it against: no `sha256` pinned in the sources
//!   file, or, with `--archive DIR`, no `DIR/<id>.txt`. The date is `reviewed`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::config::{Config, Overrides};
use crate::content::Page;
use crate::dates::PartialDate;
use crate::diagnostics::{Diagnostic, Errors};
use crate::layout::CONTENT_DIR;
use crate::schedule::{Standing, Window, standing};
use crate::sources::Sources;

/// Which pages a listing shows (see the module doc).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Pages with `draft: true`.
    Drafts,
    /// Pages whose `publish_date` is after today.
    Future,
    /// Pages whose `expiry_date` is today or before.
    Expired,
    /// Pages last reviewed more than `max_age_days` before `as_of`.
    Stale,
    /// Pages with a quote whose source has no archived copy to check it
    /// against.
    Unverified,
}

/// What to list, of which site.
#[derive(Debug, Clone)]
pub struct ListOptions {
    /// The site folder.
    pub root: PathBuf,
    /// Which pages to list.
    pub kind: Kind,
    /// For `unverified`: the folder of archived texts (`<source-id>.txt`).
    pub archive: Option<PathBuf>,
}

/// Reads every page of the site in `options.root` and returns the lines of
/// the listing, sorted by path.
pub fn run(options: &ListOptions) -> Result<Vec<String>, Errors> {
    let config = Config::load(&options.root, &Overrides::default())?;
    let content = crate::content::load_with(
        &config.root,
        &config.root.join(CONTENT_DIR),
        true,
        Window::default(),
        &crate::content::Languages::of(&config),
        &config.ignored_content,
        true,
    )?;
    let today = crate::schedule::today().map_err(|m| Errors::one(Diagnostic::error(m)))?;
    let sources = match options.kind {
        Kind::Unverified => Some(Sources::load(&config.sources_file)?),
        _ => None,
    };
    Ok(list(
        &config,
        &content.pages,
        options.kind,
        today,
        &|id: &str| archived(sources.as_ref(), options.archive.as_deref(), id),
    ))
}

/// Whether source `id` has an archived copy to check quotes against.
fn archived(sources: Option<&Sources>, archive: Option<&Path>, id: &str) -> bool {
    let pinned = sources
        .and_then(|s| s.get(id))
        .is_some_and(|s| s.sha256.is_some());
    match archive {
        Some(dir) => pinned && dir.join(format!("{id}.txt")).is_file(),
        None => pinned,
    }
}

/// The lines of one listing, sorted by path.
pub fn list(
    config: &Config,
    pages: &[Page],
    kind: Kind,
    today: chrono::NaiveDate,
    archived: &dyn Fn(&str) -> bool,
) -> Vec<String> {
    let mut lines: Vec<(String, String)> = pages
        .iter()
        .filter_map(|page| {
            let front = &page.front;
            let date: Option<PartialDate> = match kind {
                Kind::Drafts => front
                    .draft
                    .then(|| front.publish_date.or(front.reviewed).or(front.date))?,
                Kind::Future => match standing(front, today) {
                    Standing::Future(date) => Some(date),
                    _ => return None,
                },
                Kind::Expired => match standing(front, today) {
                    Standing::Expired(date) => Some(date),
                    _ => return None,
                },
                Kind::Stale => {
                    let (as_of, max_age) = (config.as_of?, config.max_age_days?);
                    if !crate::render::is_stale(front, as_of, max_age) {
                        return None;
                    }
                    front.reviewed.or(front.updated)
                }
                Kind::Unverified => {
                    if !unchecked_quote(page, config, archived) {
                        return None;
                    }
                    front.reviewed
                }
            };
            let path = page.display_path.to_string_lossy().replace('\\', "/");
            let title = front.title.split_whitespace().collect::<Vec<_>>().join(" ");
            let date = date.map(|d| d.iso()).unwrap_or_default();
            Some((path.clone(), format!("{path}\t{title}\t{date}")))
        })
        .collect();
    lines.sort();
    lines.into_iter().map(|(_, line)| line).collect()
}

/// Whether the page quotes a source that has no archived copy.
fn unchecked_quote(page: &Page, config: &Config, archived: &dyn Fn(&str) -> bool) -> bool {
    struct Nothing;
    impl crate::markdown::Resolver for Nothing {
        fn page_url(&self, _: &str) -> Option<String> {
            None
        }
        fn has_source(&self, _: &str) -> bool {
            true
        }
    }
    let rendered = crate::markdown::render(page.body(), &config.markdown, &Nothing);
    let quoted: BTreeSet<&str> = rendered.quotes.iter().map(|q| q.source.as_str()).collect();
    quoted.into_iter().any(|id| !archived(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pages(files: &[(&str, &str)]) -> Vec<Page> {
        let dir = tempfile::tempdir().unwrap();
        files
            .iter()
            .map(|(file, text)| {
                let path = dir.path().join(CONTENT_DIR).join(file);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, text).unwrap();
                crate::content::load_page(dir.path(), &path, file, &Default::default(), true)
                    .unwrap()
            })
            .collect()
    }

    #[test]
    fn lists_each_kind_with_its_date() {
        let config = Config::parse(
            Path::new("/s"),
            Path::new("/s/site.toml"),
            "title = \"T\"\nbase_url = \"https://e.org/\"\nas_of = 2026-01-10\nmax_age_days = 30\n",
            &Overrides::default(),
        )
        .unwrap();
        let pages = pages(&[
            (
                "b.md",
                "---\ntitle: B\ndraft: true\nreviewed: 2026-01-02\n---\n",
            ),
            (
                "a.md",
                "---\ntitle: \"A\\tsplit\"\ndraft: true\npublish_date: 2026-02-01\n---\n",
            ),
            ("c.md", "---\ntitle: C\ndraft: true\n---\n"),
            (
                "d.md",
                "---\ntitle: D\nexpiry_date: 2026-01-10\nupdated: 2025-11-01\n---\n",
            ),
            (
                "e.md",
                "---\ntitle: E\nexpiry_date: 2026-01-11\nreviewed: 2025-12-11\n---\n",
            ),
            (
                "f.md",
                "---\ntitle: F\nreviewed: 2025-12-10\n---\nSaid [“x”][@pinned] and [“y”][@loose].\n",
            ),
            (
                "g.md",
                "---\ntitle: G\n---\nSaid [“x”][@pinned], cited [@loose].\n",
            ),
        ]);
        let today = crate::dates::parse_day("2026-01-10").unwrap();
        let run = |kind| list(&config, &pages, kind, today, &|id: &str| id == "pinned");
        assert_eq!(
            run(Kind::Drafts),
            [
                "content/a.md\tA split\t2026-02-01",
                "content/b.md\tB\t2026-01-02",
                "content/c.md\tC\t"
            ]
        );
        assert_eq!(run(Kind::Future), ["content/a.md\tA split\t2026-02-01"]);
        assert_eq!(run(Kind::Expired), ["content/d.md\tD\t2026-01-10"]);
        assert_eq!(
            run(Kind::Stale),
            ["content/d.md\tD\t2025-11-01", "content/f.md\tF\t2025-12-10"]
        );
        assert_eq!(run(Kind::Unverified), ["content/f.md\tF\t2025-12-10"]);
        // Without as_of or max_age_days nothing is stale.
        let mut no_age = config.clone();
        no_age.max_age_days = None;
        assert!(list(&no_age, &pages, Kind::Stale, today, &|_: &str| true).is_empty());
    }
}
