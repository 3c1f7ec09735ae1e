//! The relations between pages that templates show: backlinks, actors,
//! ancestors and neighbours, with the link graph they come from, so that an
//! incremental build updates only the relations an edit can touch.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::{PageId, Site, sort_pages};
use crate::content::Kind;

/// What the relations read of a page's rendered body: the files of
/// `content/` it links to (`a/b.md`). Implemented by the renderer's bodies,
/// so the site graph does not depend on Markdown.
pub trait Body {
    /// The files below `content/` this body links to, as written (repeats allowed).
    fn linked_files(&self) -> impl Iterator<Item = &str>;
}

/// The pages that page `id` references in its front matter or links to from
/// its body, sorted, without repeats.
fn outgoing(site: &Site, bodies: &[impl Body], id: PageId) -> Vec<PageId> {
    let mut targets: Vec<PageId> = site
        .references
        .get(&id)
        .into_iter()
        .flat_map(|fields| fields.values().flatten().copied())
        .chain(
            bodies[id]
                .linked_files()
                .filter_map(|file| site.by_file.get(file).copied()),
        )
        .collect();
    targets.sort_unstable();
    targets.dedup();
    targets
}

/// The sections a page belongs to, nearest last.
fn ancestors(site: &Site, id: PageId) -> Vec<PageId> {
    let mut ancestors = Vec::new();
    let mut parent = site.pages[id].parent;
    while let Some(p) = parent {
        ancestors.push(p);
        parent = site.pages[p].parent;
    }
    ancestors.reverse();
    ancestors
}

fn actors(site: &Site, id: PageId) -> Vec<PageId> {
    site.actors_of(id).to_vec()
}

/// Page → (lower, higher) neighbours in its section's order.
pub fn neighbours(site: &Site) -> HashMap<PageId, (Option<PageId>, Option<PageId>)> {
    let mut neighbours = HashMap::new();
    for list in site.section_pages.values() {
        neighbours.extend(section_neighbours(list));
    }
    neighbours
}

fn section_neighbours(
    list: &[PageId],
) -> impl Iterator<Item = (PageId, (Option<PageId>, Option<PageId>))> + '_ {
    list.iter().enumerate().map(|(i, &id)| {
        let lower = i.checked_sub(1).map(|j| list[j]);
        (id, (lower, list.get(i + 1).copied()))
    })
}

/// The other pages a page's template value links to (see `views::LINK_FIELDS`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Related {
    /// The pages its actors field names, in front-matter order.
    pub actors: Vec<PageId>,
    /// The other pages in its language that reference or link to it, by date.
    pub backlinks: Vec<PageId>,
    /// Its sections, from the home page down to its parent.
    pub ancestors: Vec<PageId>,
    /// The page before it in its section's order.
    pub lower: Option<PageId>,
    /// The page after it in its section's order.
    pub higher: Option<PageId>,
}

impl Related {
    /// Whether any of `ids` is among these related pages.
    pub fn mentions(&self, ids: &HashSet<PageId>) -> bool {
        self.actors
            .iter()
            .chain(&self.backlinks)
            .chain(&self.ancestors)
            .chain(&self.lower)
            .chain(&self.higher)
            .any(|id| ids.contains(id))
    }
}

/// Every page's related pages, with the link graph they come from, so that an
/// update recomputes only the relations an edit can touch.
#[derive(Debug, Clone, Default)]
pub struct Relations {
    pages: Vec<Related>,
    /// Page → the pages it references or links to (see [`outgoing`]).
    outgoing: Vec<Vec<PageId>>,
    /// Page → the pages that reference or link to it, sorted by id.
    incoming: Vec<Vec<PageId>>,
}

impl std::ops::Deref for Relations {
    type Target = [Related];
    fn deref(&self) -> &[Related] {
        &self.pages
    }
}

/// Every page's related pages.
pub fn related(site: &Site, bodies: &[impl Body]) -> Relations {
    let outgoing: Vec<Vec<PageId>> = (0..site.pages.len())
        .map(|id| outgoing(site, bodies, id))
        .collect();
    let mut incoming = vec![Vec::new(); site.pages.len()];
    for (from, targets) in outgoing.iter().enumerate() {
        for &target in targets {
            incoming[target].push(from);
        }
    }
    let mut relations = Relations {
        pages: Vec::new(),
        outgoing,
        incoming,
    };
    let neighbours = neighbours(site);
    relations.pages = (0..site.pages.len())
        .map(|id| {
            let (lower, higher) = neighbours.get(&id).copied().unwrap_or((None, None));
            Related {
                actors: actors(site, id),
                backlinks: relations.backlinks(site, id),
                ancestors: ancestors(site, id),
                lower,
                higher,
            }
        })
        .collect();
    relations
}

impl Relations {
    /// Every other page in `target`'s language that references or links to
    /// it, in date order (issue 17: a translation is not listed on an
    /// original's page, nor an original on a translation's).
    fn backlinks(&self, site: &Site, target: PageId) -> Vec<PageId> {
        let lang = &site.pages[target].lang;
        let mut list: Vec<PageId> = self.incoming[target]
            .iter()
            .copied()
            .filter(|&s| s != target && site.pages[s].lang == *lang)
            .collect();
        sort_pages(&site.pages, &mut list, crate::config::SortBy::Date);
        list
    }

    /// The pages that reference or link to `target` (itself included, if it does).
    pub fn linking_to(&self, target: PageId) -> &[PageId] {
        &self.incoming[target]
    }

    /// The pages whose related pages include any of `ids`, sorted.
    pub fn mentioning(&self, site: &Site, ids: &HashSet<PageId>) -> Vec<PageId> {
        if ids.iter().any(|&id| site.pages[id].kind == Kind::Section) {
            // A section is an ancestor of every page below it.
            return (0..self.pages.len())
                .filter(|&id| self.pages[id].mentions(ids))
                .collect();
        }
        // A page's actors and backlinks come from the link graph; its
        // neighbours' neighbour is the page itself.
        let mut candidates: Vec<PageId> = ids
            .iter()
            .flat_map(|&id| {
                let related = &self.pages[id];
                self.incoming[id]
                    .iter()
                    .chain(&self.outgoing[id])
                    .chain(&related.lower)
                    .chain(&related.higher)
                    .copied()
            })
            .filter(|&candidate| self.pages[candidate].mentions(ids))
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        candidates
    }

    /// Brings the relations up to date after the `changed` pages were replaced
    /// in place (same files, URLs and parents). `reordered` are those of them
    /// whose front matter changed, so they may sort differently in the lists
    /// that hold them, and the sections whose page order may have changed are
    /// their parents. Returns the pages whose related pages changed, sorted.
    pub fn update(
        &mut self,
        site: &Site,
        bodies: &[impl Body],
        changed: &[PageId],
        reordered: &HashSet<PageId>,
    ) -> Vec<PageId> {
        let mut targets = std::collections::BTreeSet::new();
        for &from in changed {
            let new = outgoing(site, bodies, from);
            let old = std::mem::replace(&mut self.outgoing[from], new.clone());
            for &target in &old {
                if new.binary_search(&target).is_err() {
                    let list = &mut self.incoming[target];
                    if let Ok(at) = list.binary_search(&from) {
                        list.remove(at);
                    }
                    targets.insert(target);
                }
            }
            for &target in &new {
                if old.binary_search(&target).is_err() {
                    let list = &mut self.incoming[target];
                    if let Err(at) = list.binary_search(&from) {
                        list.insert(at, from);
                    }
                    targets.insert(target);
                } else if reordered.contains(&from) {
                    targets.insert(target);
                }
            }
        }
        // The new relations of the pages they may have changed for.
        let mut fresh: BTreeMap<PageId, Related> = BTreeMap::new();
        fn entry<'a>(
            fresh: &'a mut BTreeMap<PageId, Related>,
            current: &[Related],
            id: PageId,
        ) -> &'a mut Related {
            fresh.entry(id).or_insert_with(|| current[id].clone())
        }
        for &target in &targets {
            entry(&mut fresh, &self.pages, target).backlinks = self.backlinks(site, target);
        }
        for &id in changed {
            entry(&mut fresh, &self.pages, id).actors = actors(site, id);
        }
        let sections: std::collections::BTreeSet<PageId> = reordered
            .iter()
            .filter_map(|&id| site.pages[id].parent)
            .collect();
        for section in sections {
            let list = site
                .section_pages
                .get(&section)
                .map_or(&[][..], Vec::as_slice);
            for (id, (lower, higher)) in section_neighbours(list) {
                let related = entry(&mut fresh, &self.pages, id);
                related.lower = lower;
                related.higher = higher;
            }
        }
        let mut moved = Vec::new();
        for (id, related) in fresh {
            if related != self.pages[id] {
                self.pages[id] = related;
                moved.push(id);
            }
        }
        moved
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// A body that links to the files it holds.
    #[derive(Debug, Clone, Default)]
    struct Links(Vec<String>);

    impl Body for Links {
        fn linked_files(&self) -> impl Iterator<Item = &str> {
            self.0.iter().map(String::as_str)
        }
    }

    /// A home page, two actors and five dated notes, each note naming an actor.
    fn site() -> Site {
        let mut files = vec![
            ("_index.md", "---\ntitle: Home\n---\n".to_string()),
            ("actors/_index.md", "---\ntitle: Actors\n---\n".into()),
            ("actors/a1.md", "---\ntitle: A1\n---\n".into()),
            ("actors/a2.md", "---\ntitle: A2\n---\n".into()),
            ("notes/_index.md", "---\ntitle: Notes\n---\n".into()),
        ];
        let notes = [
            "notes/n0.md",
            "notes/n1.md",
            "notes/n2.md",
            "notes/n3.md",
            "notes/n4.md",
        ];
        for (n, file) in notes.into_iter().enumerate() {
            let text = format!(
                "---\ntitle: N{n}\ndate: 2025-01-0{}\nactors: [a{}]\n---\n",
                n % 3 + 1,
                n % 2 + 1
            );
            files.push((file, text));
        }
        let files: Vec<(&str, &str)> = files.iter().map(|(f, t)| (*f, t.as_str())).collect();
        crate::site::test_site("title = \"T\"\nbase_url = \"https://e.org/\"\n", &files)
    }

    /// A body linking to the pages `targets`.
    fn body(site: &Site, targets: &[PageId]) -> Links {
        Links(
            targets
                .iter()
                .map(|&t| site.pages[t].file.clone())
                .collect(),
        )
    }

    /// One page's edit: its links (indices into the pages), and for a note,
    /// maybe a new date (day of January) and actors (a bit mask of a1, a2).
    type Edit = (usize, Vec<usize>, Option<(u32, u8)>);

    fn edit() -> impl Strategy<Value = Edit> {
        (
            0usize..10,
            prop::collection::vec(0usize..10, 0..4),
            prop::option::of((1u32..5, 0u8..4)),
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// `Relations::update` after each batch of edits gives what
        /// `related` computes from scratch.
        #[test]
        fn update_after_link_edits_equals_a_fresh_computation(
            steps in prop::collection::vec(prop::collection::vec(edit(), 1..3), 1..6),
        ) {
            let mut site = site();
            let n = site.pages.len();
            let mut bodies = vec![Links::default(); n];
            let mut relations = related(&site, &bodies);
            for step in steps {
                let mut changed = Vec::new();
                let mut reordered = HashSet::new();
                for (page, links, front) in step {
                    let id = page % n;
                    let targets: Vec<PageId> = links.iter().map(|&t| t % n).collect();
                    bodies[id] = body(&site, &targets);
                    let is_note = site.pages[id].kind == Kind::Page
                        && site.pages[id].section_name == "notes";
                    if let (Some((day, actors)), true) = (front, is_note) {
                        let date = format!("2025-01-0{day}");
                        site.pages[id].front.date = crate::dates::PartialDate::parse(&date).ok();
                        site.pages[id].front.actors = ["a1", "a2"]
                            .iter()
                            .enumerate()
                            .filter(|(bit, _)| actors & (1 << bit) != 0)
                            .map(|(_, slug)| slug.to_string())
                            .collect();
                        reordered.insert(id);
                    }
                    changed.push(id);
                }
                changed.sort_unstable();
                changed.dedup();
                let relinked: Vec<PageId> = reordered.iter().copied().collect();
                prop_assert!(site.relink_pages(&relinked).is_ok());
                relations.update(&site, &bodies, &changed, &reordered);
                let fresh = related(&site, &bodies);
                prop_assert_eq!(&*relations, &*fresh);
                prop_assert_eq!(&relations.outgoing, &fresh.outgoing);
                prop_assert_eq!(&relations.incoming, &fresh.incoming);
            }
        }
    }
}
