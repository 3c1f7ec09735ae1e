//! The fast path: some pages edited in place. Their pages and bodies are
//! loaded again, only the checks an edit can break are run, and then only
//! what shows something of the edited pages is recomputed and rendered.
//! On a failed check the previous pages come back.

use std::collections::HashSet;
use std::path::Path;

use super::Outcome;
use crate::content::{self, Kind, Page};
use crate::diagnostics::{Errors, Result};
use crate::layout::CONTENT_DIR;
use crate::markdown::Rendered;
use crate::output::Contents;
use crate::pipeline::{BuildOptions, Built, warnings_of};
use crate::render;
use crate::site::{Edit, PageId};
use crate::templates::TemplateRead;
use crate::timings::Timings;
use crate::views;

impl Built {
    /// The fast path: `files` (below content/) changed in place. Returns None
    /// when the change turns out to need a full build (anything that moves a
    /// page or a site-wide listing: URL, kind, draft state or publication
    /// window, topics or tags, aliases, template, corrections or updates, or a
    /// display name that references use).
    pub(super) fn reload_pages(
        &mut self,
        root: &Path,
        files: &[String],
        options: &BuildOptions,
    ) -> Result<Option<Outcome>> {
        let (drafts, window) = (options.drafts, options.window()?);
        let mut timings = Timings::start();
        let mut fresh: Vec<(PageId, Page)> = Vec::with_capacity(files.len());
        for file in files {
            let id = self.site.by_file[file];
            let path = root.join(CONTENT_DIR).join(file);
            let mut page = content::load_page(
                root,
                &path,
                file,
                &content::Languages::of(&self.site.config),
                true,
            )
            .map_err(Errors::one)?;
            let old = &self.site.pages[id];
            // Same file, same URL: same place in the section tree.
            page.parent = old.parent;
            if page.url_path != old.url_path
                || page.kind != old.kind
                || (page.front.draft && !drafts)
                || window.left_out(&page.front).is_some()
                || page.front.topics != old.front.topics
                || page.front.tags != old.front.tags
                || page.front.aliases != old.front.aliases
                || page.front.template != old.front.template
                // The corrections page and its footer link: site-wide.
                || page.front.corrections != old.front.corrections
                || page.front.updates != old.front.updates
                || page.display_name() != old.display_name()
                    && self
                        .site
                        .referenced_by_name(&[page.display_name(), old.display_name()])
            {
                return Ok(None);
            }
            fresh.push((id, page));
        }
        let backup: Vec<(PageId, Page, Rendered)> = fresh
            .into_iter()
            .map(|(id, page)| {
                let old_page = std::mem::replace(&mut self.site.pages[id], page);
                let body = render::render_body(&self.site, id);
                let old_body = std::mem::replace(&mut self.bodies[id], body);
                (id, old_page, old_body)
            })
            .collect();
        let edit = Edit::new(&self.site, &self.bodies, &backup);
        if let Err(errors) = self.check(&edit) {
            for (id, page, body) in backup {
                self.site.pages[id] = page;
                self.bodies[id] = body;
            }
            // The previous state passed these checks; restore its relations.
            let _ = self.site.relink_pages(&edit.sorted_fronts());
            return Err(errors);
        }
        timings.lap("load, markdown, checks");
        self.update_after(&edit, timings).map(Some)
    }

    /// The checks an edit can break: front matter (only if it changed), the
    /// edited bodies, and the anchors of links into the edited pages.
    fn check(&mut self, edit: &Edit) -> Result<()> {
        self.site.relink_pages(&edit.sorted_fronts())?;
        let mut ids: std::collections::BTreeSet<PageId> = edit.changed.iter().copied().collect();
        for &id in &edit.changed {
            ids.extend(self.related.linking_to(id));
        }
        Errors::check(render::body_errors_of(&self.site, &self.bodies, ids))?;
        let links = render::file_links_of(&self.site, &self.bodies, edit.changed.iter().copied());
        Errors::check(render::missing_files(&self.site, &links, &self.plan.files))
    }

    /// Recomputes what depends on the edited pages and re-renders it.
    fn update_after(&mut self, edit: &Edit, mut timings: Timings) -> Result<Outcome> {
        let changed = &edit.changed;
        let changed_set: HashSet<PageId> = changed.iter().copied().collect();
        let related_moved = self
            .related
            .update(&self.site, &self.bodies, changed, &edit.fronts);
        let mut relinked = HashSet::new();
        for &id in changed {
            let link = views::link_value(&self.site, id)?;
            if link != self.values.links[id] {
                self.values.links[id] = link;
                relinked.insert(id);
            }
        }
        let mut dirty: Vec<PageId> = changed.iter().chain(&related_moved).copied().collect();
        if !relinked.is_empty() {
            dirty.extend(self.related.mentioning(&self.site, &relinked));
        }
        dirty.sort_unstable();
        dirty.dedup();
        timings.lap("relations");
        let values = self.values_of(&dirty)?;
        let mut moved: HashSet<PageId> = HashSet::new();
        for (&id, value) in dirty.iter().zip(values) {
            if value != self.values.summaries[id] {
                self.values.summaries[id] = value;
                moved.insert(id);
            }
        }
        let sources_changed = if edit.fronts.is_empty() && edit.citations.is_empty() {
            false
        } else {
            let old_sources = std::mem::replace(
                &mut self.values.sources,
                views::source_listing_value(&self.site, &self.bodies)?,
            );
            self.values.sources != old_sources
        };
        self.publish();
        timings.lap("template values");
        // A section's value holds its pages' and subsections' values.
        let mut moved_sections: HashSet<PageId> = moved
            .iter()
            .filter(|&&id| self.site.pages[id].kind == Kind::Section)
            .copied()
            .collect();
        for &id in &moved {
            if let Some(parent) = self.site.pages[id].parent {
                moved_sections.insert(parent);
            }
        }
        // Issue 17: a translated section lists its original's pages too.
        let translated: Vec<PageId> = moved_sections
            .iter()
            .flat_map(|&s| self.site.versions(s).iter().copied())
            .collect();
        moved_sections.extend(translated);
        let mut render_ids: HashSet<PageId> = changed_set;
        render_ids.extend(moved.iter().copied());
        render_ids.extend(moved_sections.iter().copied());
        for (id, reads) in self.pages.reads.iter().enumerate() {
            let stale = reads.iter().any(|read| match *read {
                TemplateRead::Page(p) => moved.contains(&p),
                TemplateRead::Section(s) => moved_sections.contains(&s),
                TemplateRead::Sources => sources_changed,
            });
            if stale {
                render_ids.insert(id);
            }
        }
        let mut render_ids: Vec<PageId> = render_ids.into_iter().collect();
        render_ids.sort_unstable();
        // The site-wide files (feeds, sitemap, exports) do not depend on the
        // pages' HTML: build them while the pages render.
        let (rendered, site_files) = rayon::join(
            || self.render_pages(&render_ids),
            || self.site_files(|file| file.affected_by(&self.site, edit, &related_moved)),
        );
        let mut files = site_files?;
        for (&id, (file, reads)) in render_ids.iter().zip(rendered?) {
            self.pages.reads[id] = reads;
            files.push(file);
        }
        for file in files {
            self.plan.add(file.path, Contents::bytes(file.bytes));
        }
        self.add_new_images();
        // Warnings point into the front matter and the bodies.
        self.warnings = warnings_of(&self.site, &self.bodies);
        timings.lap("pages, feeds, sitemap, exports");
        // The search index is not made again here: it costs far more than
        // the edit (see docs/serve.md); the caller does it in the background
        // (`search_pending`).
        self.search_pending = self.has_search();
        self.timings = timings;
        Ok(Outcome {
            full: false,
            rendered: render_ids.len(),
        })
    }
}
