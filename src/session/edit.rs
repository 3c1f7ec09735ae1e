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
