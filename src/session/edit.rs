//! What an in-place edit of some pages changed, as far as the checks and
//! the site-wide files care. (It describes a change of the site graph and
//! belongs beside it: it moves to `site/edit.rs` once `site` is split.)

use std::collections::HashSet;

use crate::content::Page;
use crate::feeds;
use crate::markdown::Rendered;
use crate::site::{PageId, Site};

/// What an in-place edit of some pages changed, as far as the checks and the
/// site-wide files care.
pub(super) struct Edit {
    /// The edited pages, sorted.
    pub(super) changed: Vec<PageId>,
    /// Those whose front matter changed.
    pub(super) fronts: HashSet<PageId>,
    /// Those whose body summary changed.
    pub(super) summaries: HashSet<PageId>,
    /// Those whose body cites other sources.
    pub(super) citations: HashSet<PageId>,
    /// Whether a date the sitemap shows changed.
    pub(super) sitemap_dates: bool,
    /// Whether a page may have moved into, out of or within the feed.
    pub(super) feed_order: bool,
}

impl Edit {
    /// The pages whose front matter changed, in order.
    pub(super) fn sorted_fronts(&self) -> Vec<PageId> {
        let mut ids: Vec<PageId> = self.fronts.iter().copied().collect();
        ids.sort_unstable();
        ids
    }

    /// `previous` holds each edited page's id, old page and old body; `site`
    /// and `bodies` already hold the new ones.
    pub(super) fn new(
        site: &Site,
        bodies: &[Rendered],
        previous: &[(PageId, Page, Rendered)],
    ) -> Edit {
        let mut edit = Edit {
            changed: previous.iter().map(|(id, _, _)| *id).collect(),
            fronts: HashSet::new(),
            summaries: HashSet::new(),
            citations: HashSet::new(),
            sitemap_dates: false,
            feed_order: false,
        };
        edit.changed.sort_unstable();
        for (id, page, body) in previous {
            let new = &site.pages[*id];
            let as_of = site.config.as_of;
            if feeds::sitemap_date(new, as_of) != feeds::sitemap_date(page, as_of) {
                edit.sitemap_dates = true;
            }
            if feeds::feed_order_key(new, as_of) != feeds::feed_order_key(page, as_of) {
                edit.feed_order = true;
            }
            if new.front != page.front {
                edit.fronts.insert(*id);
            }
            if bodies[*id].summary != body.summary {
                edit.summaries.insert(*id);
            }
            if bodies[*id].citations != body.citations {
                edit.citations.insert(*id);
            }
        }
        edit
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::testing::tiny_site;

    /// The edit of page `a.md` whose previous page and body `change` made.
    fn edit_with(change: impl FnOnce(&mut Page, &mut Rendered)) -> Edit {
        let (_dir, built) = tiny_site();
        let id = built.site.by_file["a.md"];
        let (mut page, mut body) = (built.site.pages[id].clone(), built.bodies[id].clone());
        change(&mut page, &mut body);
        Edit::new(&built.site, &built.bodies, &[(id, page, body)])
    }

    #[test]
    fn an_unchanged_page_changes_nothing_else() {
        let edit = edit_with(|_, _| {});
        assert_eq!(edit.changed.len(), 1);
        assert!(edit.fronts.is_empty() && edit.summaries.is_empty() && edit.citations.is_empty());
        assert!(!edit.sitemap_dates && !edit.feed_order);
    }

    #[test]
    fn a_new_title_is_a_front_matter_change_only() {
        let edit = edit_with(|page, _| page.front.title = "Before".into());
        assert_eq!(edit.sorted_fronts(), edit.changed);
        assert!(!edit.sitemap_dates && !edit.feed_order);
    }

    #[test]
    fn a_new_date_moves_the_sitemap_and_the_feed() {
        let edit = edit_with(|page, _| page.front.date = None);
        assert_eq!(edit.sorted_fronts(), edit.changed);
        assert!(edit.sitemap_dates && edit.feed_order);
    }

    #[test]
    fn body_summaries_and_citations_are_told_apart() {
        let edit = edit_with(|_, body| body.summary = Some("before".into()));
        assert_eq!(edit.summaries.len(), 1);
        assert!(edit.citations.is_empty() && edit.fronts.is_empty());
        let edit = edit_with(|_, body| body.citations = vec!["source".into()]);
        assert_eq!(edit.citations.len(), 1);
        assert!(edit.summaries.is_empty());
    }
}
