//! What an in-place edit of some pages changed in the site graph: their
//! front matter, their summaries, their citations, and each page whose front
//! matter changed, as it was. Each site-wide file reads it to say whether the edit can change
//! it ([`super::files::SiteFile::affected_by`]); the edit itself knows
//! nothing of them.

use std::collections::{HashMap, HashSet};

use super::{PageId, Site};
use crate::content::Page;

/// What an edit compares of a page's rendered body. (The site graph does not
/// know the Markdown renderer; the renderer implements this.)
pub trait EditedBody {
    /// The body's summary, if it has one.
    fn summary(&self) -> Option<&str>;
    /// The sources the body cites, in order.
    fn citations(&self) -> &[String];
}

/// What an in-place edit of some pages changed, as far as the checks and the
/// site-wide files care.
pub struct Edit {
    /// The edited pages, sorted.
    pub changed: Vec<PageId>,
    /// Those whose front matter changed.
    pub fronts: HashSet<PageId>,
    /// Those whose body summary changed.
    pub summaries: HashSet<PageId>,
    /// Those whose body cites other sources.
    pub citations: HashSet<PageId>,
    /// Each page whose front matter changed, as it was before the edit.
    before: HashMap<PageId, Page>,
}

impl Edit {
    /// `previous` holds each edited page's id, old page and old body; `site`
    /// and `bodies` already hold the new ones.
    pub fn new<B: EditedBody>(site: &Site, bodies: &[B], previous: &[(PageId, Page, B)]) -> Edit {
        let mut edit = Edit {
            changed: previous.iter().map(|(id, _, _)| *id).collect(),
            fronts: HashSet::new(),
            summaries: HashSet::new(),
            citations: HashSet::new(),
            before: HashMap::new(),
        };
        edit.changed.sort_unstable();
        for (id, page, body) in previous {
            if site.pages[*id].front != page.front {
                edit.fronts.insert(*id);
                edit.before.insert(*id, page.clone());
            }
            if bodies[*id].summary() != body.summary() {
                edit.summaries.insert(*id);
            }
            if bodies[*id].citations() != body.citations() {
                edit.citations.insert(*id);
            }
        }
        edit
    }

    /// The pages whose front matter changed, in order.
    pub fn sorted_fronts(&self) -> Vec<PageId> {
        let mut ids: Vec<PageId> = self.fronts.iter().copied().collect();
        ids.sort_unstable();
        ids
    }

    /// Whether `key` of some edited page differs before and after the edit.
    /// (An edit in place keeps a page's URL and kind, so only a page whose
    /// front matter changed can give another `key`.)
    pub fn changed_by<K: PartialEq>(&self, site: &Site, key: impl Fn(&Page) -> K) -> bool {
        self.before
            .iter()
            .any(|(&id, old)| key(old) != key(&site.pages[id]))
    }
}

/// The edit of page `file` of `site` whose page and body before it are
/// theirs now with `before` applied, for the producers' unit tests.
#[cfg(test)]
pub(crate) fn edit_of<B: EditedBody + Clone>(
    site: &Site,
    bodies: &[B],
    file: &str,
    before: impl FnOnce(&mut Page, &mut B),
) -> Edit {
    let id = site.by_file[file];
    let (mut page, mut body) = (site.pages[id].clone(), bodies[id].clone());
    before(&mut page, &mut body);
    Edit::new(site, bodies, &[(id, page, body)])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::Rendered;

    /// A home page and one dated page `a.md`, with their bodies.
    fn tiny() -> (Site, Vec<Rendered>) {
        let site = crate::site::test_site(
            "title = \"Tiny\"\nbase_url = \"https://example.org/\"\n",
            &[
                ("_index.md", "---\ntitle: Home\n---\nThe home page.\n"),
                (
                    "a.md",
                    "---\ntitle: A\ndate: 2024-01-02\n---\nThe first page.\n",
                ),
            ],
        );
        let bodies = crate::render::render_bodies(&site);
        (site, bodies)
    }

    /// The edit of page `a.md` whose previous page and body `change` made.
    fn edit_with(change: impl FnOnce(&mut Page, &mut Rendered)) -> Edit {
        let (site, bodies) = tiny();
        edit_of(&site, &bodies, "a.md", change)
    }

    #[test]
    fn an_unchanged_page_changes_nothing_else() {
        let edit = edit_with(|_, _| {});
        assert_eq!(edit.changed.len(), 1);
        assert!(edit.fronts.is_empty() && edit.summaries.is_empty() && edit.citations.is_empty());
        assert!(edit.before.is_empty());
    }

    #[test]
    fn a_new_title_is_a_front_matter_change_only() {
        let edit = edit_with(|page, _| page.front.title = "Before".into());
        assert_eq!(edit.sorted_fronts(), edit.changed);
        assert!(edit.summaries.is_empty() && edit.citations.is_empty());
    }

    #[test]
    fn changed_by_compares_the_page_before_and_after() {
        let (site, bodies) = tiny();
        let edit = edit_of(&site, &bodies, "a.md", |page, _| {
            page.front.title = "Before".into()
        });
        assert!(edit.changed_by(&site, |page| page.front.title.clone()));
        assert!(!edit.changed_by(&site, |page| page.front.date));
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
