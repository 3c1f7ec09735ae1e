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

use clap::{Args, ValueEnum};

use crate::config::{Config, Overrides};
use crate::content::Page;
use crate::dates::PartialDate;
use crate::diagnostics::{Diagnostic, Errors};
use crate::schedule::{Standing, Window, standing};
use crate::sources::Sources;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Kind {
    Drafts,
    Future,
    Expired,
    Stale,
    Unverified,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Which pages to list.
    pub kind: Kind,
    /// For `unverified`: the folder of archived texts (`<source-id>.txt`), as for `check --archive`.
    #[arg(long, value_name = "DIR")]
    pub archive: Option<PathBuf>,
}

impl ListArgs {
    pub fn run(&self, root: &Path) -> Result<(), Errors> {
        let config = Config::load(root, &Overrides::default())?;
        let content = crate::content::load_with(
            &config.root,
            &config.root.join("content"),
            true,
            Window::default(),
        )?;
        let today = crate::schedule::today().map_err(|m| Errors::one(Diagnostic::error(m)))?;
        let sources = match self.kind {
            Kind::Unverified => Some(Sources::load(&config.sources_file)?),
            _ => None,
        };
        let lines = list(&config, &content.pages, self.kind, today, &|id: &str| {
            archived(sources.as_ref(), self.archive.as_deref(), id)
        });
        let mut out = String::new();
        for line in lines {
            out.push_str(&line);
            out.push('\n');
        }
        print!("{out}");
        Ok(())
    }
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
