//! The plan of every file but the pages: static files, content assets,
//! processed images, and the files derived from the whole site (feeds,
//! sitemap, data exports, taxonomy pages, 404, corrections, search page,
//! redirects).

use std::path::PathBuf;

use rayon::prelude::*;

use super::{Built, Stats};
use crate::assets::{self, ThemeStatic};
use crate::content::Kind;
use crate::diagnostics::{Errors, Result};
use crate::layout::STATIC_DIR;
use crate::markdown::Rendered;
use crate::output::{Contents, OutputFile, Plan};
use crate::render::{self, taxonomy::TaxonomyFiles};
use crate::site::{Inputs, SiteFile};
use crate::templates::Templates;
use crate::theme::{DEFAULT_THEME, ThemeSource};
use crate::{export, feeds, search};

/// Every site-wide file, in the order a build renders them.
pub const SITE_FILES: &[&SiteFileOf] = &[
    &feeds::Sitemap,
    &feeds::Robots,
    &feeds::Atom,
    &export::TimelineJson,
    &export::ActorsJson,
    &TaxonomyFiles,
    &render::NotFound,
    &render::Corrections,
    &search::SearchPage,
];

/// A site-wide file of a build: rendered from its bodies and templates.
pub type SiteFileOf = dyn SiteFile<Rendered, Templates>;

impl Built {
    /// The files of those of [`SITE_FILES`] that `wanted` picks (a full
    /// build: all of them), rendered in parallel; on failure, the first
    /// error in the list's order.
    pub(crate) fn site_files(
        &self,
        wanted: impl Fn(&SiteFileOf) -> bool,
    ) -> Result<Vec<OutputFile>> {
        let inputs = Inputs {
            site: &self.site,
            bodies: &self.bodies,
            related: &self.related,
            templates: &self.templates,
            summaries: &self.values.summaries,
        };
        let picked: Vec<&SiteFileOf> = SITE_FILES.iter().copied().filter(|f| wanted(*f)).collect();
        let rendered: Vec<Result<Vec<OutputFile>>> =
            picked.par_iter().map(|file| file.render(&inputs)).collect();
        let mut files = Vec::new();
        for file in rendered {
            files.extend(file?);
        }
        Ok(files)
    }

    /// The plan's first part, made before the template values: static files,
    /// content assets, the bodies' images, then the site-wide files that read
    /// no template value ([`SiteFile::reads_values`]). Rendered now, their
    /// working memory comes and goes while the pages' sources are freed and
    /// the values not yet made: a one-shot build's peak is lower.
    pub(super) fn assemble_early(&mut self) -> Result<()> {
        let mut plan = Plan::default();
        let mut stats = Stats::default();
        let theme = match &self.theme {
            ThemeSource::Folder(folder) => ThemeStatic::Folder(folder),
            ThemeSource::Embedded => ThemeStatic::Embedded(DEFAULT_THEME.get_dir(STATIC_DIR)),
        };
        stats.static_files += assets::add_static(&mut plan, &self.site.config.root, theme)?;
        for asset in &self.site.assets {
            plan.add(asset.output.clone(), Contents::Copy(asset.source.clone()));
            stats.assets += 1;
        }
        for page in &self.site.pages {
            match page.kind {
                Kind::Page => stats.pages += 1,
                Kind::Section => stats.sections += 1,
            }
        }
        // A fresh build's plan (only `Built::load` assembles): the images
        // the bodies processed go in first, then the generated files.
        self.plan = plan;
        self.stats = stats;
        self.add_new_images();
        let early = self.site_files(|file| !file.reads_values())?;
        self.add_generated(early)
    }

    /// The plan's second part, once the template values are made: the other
    /// site-wide files, then the redirects of aliases. Since the files of
    /// [`Built::assemble_early`] come first in [`SITE_FILES`], files are
    /// added in the list's order (a later file at a path replaces an earlier).
    pub(super) fn assemble(&mut self) -> Result<()> {
        let generated = self.site_files(SiteFileOf::reads_values)?;
        self.add_generated(generated)?;
        self.add_generated(render::alias_files(&self.site))?;
        self.stats.files = self.plan.files.len();
        Ok(())
    }

    fn add_generated(&mut self, files: Vec<OutputFile>) -> Result<()> {
        for file in files {
            let contents = self.set_aside(file.bytes)?;
            self.plan.add(file.path, contents);
        }
        Ok(())
    }

    /// A generated file's contents for the plan: in a one-shot build, put into
    /// the spill file at once, so the site-wide files (a tenth of the peak
    /// memory of a 10,000-page build) are not held while the pages render;
    /// else kept in memory, where `serve` and `check` read them.
    fn set_aside(&self, bytes: Vec<u8>) -> Result<Contents> {
        let Some((spill, _)) = &self.spilled else {
            return Ok(Contents::bytes(bytes));
        };
        let at = spill.put(&bytes).map_err(|e| {
            Errors::one(crate::diagnostics::io_error(
                "write",
                &self.site.config.output_dir,
                &e,
            ))
        })?;
        Ok(Contents::Spilled(spill.clone(), at))
    }

    /// Processed images not yet in the plan (made by templates'
    /// `resize_image`, or by pages rendered again): added, their paths
    /// returned.
    pub fn add_new_images(&mut self) -> Vec<(String, PathBuf)> {
        let images = &self.site.images;
        images.finish_progress();
        let new: Vec<(String, PathBuf)> = images
            .outputs()
            .into_iter()
            .filter(|(output, _)| !self.plan.files.contains_key(output))
            .collect();
        for (output, cached) in &new {
            self.plan
                .add(output.clone(), Contents::Copy(cached.clone()));
        }
        self.stats.images_processed = images.processed();
        self.stats.images_reused = images.reused();
        new
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Page;
    use crate::site::edit::edit_of;

    /// The paths of the site-wide files the edit of `a.md` that `before`
    /// undoes affects, on a site with a home page and `a.md`.
    fn affected(before: impl FnOnce(&mut Page, &mut Rendered)) -> Vec<&'static str> {
        let site = crate::site::test_site(
            "title = \"T\"\nbase_url = \"https://example.org/\"\n",
            &[
                ("_index.md", "---\ntitle: Home\n---\n"),
                ("a.md", "---\ntitle: A\ndate: 2024-01-02\n---\nText.\n"),
            ],
        );
        let bodies = crate::render::render_bodies(&site);
        let edit = edit_of(&site, &bodies, "a.md", before);
        SITE_FILES
            .iter()
            .filter(|file| file.affected_by(&site, &edit, &[]))
            .map(|file| file.path())
            .collect()
    }

    #[test]
    fn an_edit_that_changes_nothing_shown_renders_only_the_pages_that_read_everything() {
        assert_eq!(affected(|_, _| {}), ["404.html", "search/"]);
    }

    #[test]
    fn a_title_edit_renders_the_listings_of_front_matter() {
        let retitle = |page: &mut Page, _: &mut Rendered| page.front.title = "Before".into();
        assert_eq!(
            affected(retitle),
            [
                "atom.xml",
                "{taxonomy}/{term}/",
                "404.html",
                "corrections/",
                "search/"
            ]
        );
    }

    #[test]
    fn the_files_that_read_no_value_come_first_so_the_plan_keeps_the_lists_order() {
        let first_reader = SITE_FILES.iter().position(|file| file.reads_values());
        let last_free = SITE_FILES.iter().rposition(|file| !file.reads_values());
        assert!(last_free < first_reader, "{last_free:?} {first_reader:?}");
    }

    #[test]
    fn the_files_that_read_no_value_render_without_values() {
        // A site with every kind of page such files list: dated events,
        // actors, tags, a translation.
        let site = crate::site::test_site(
            "title = \"T\"\nbase_url = \"https://example.org/\"\n[taxonomies.tags]\n",
            &[
                ("_index.md", "---\ntitle: Home\n---\n"),
                ("timeline/_index.md", "---\ntitle: Timeline\n---\n"),
                (
                    "timeline/a.md",
                    "---\ntitle: A\ndate: 2024-01-02\ntags: [x]\nactors: [b]\n---\nSee [B](@/actors/b.md).\n",
                ),
                ("actors/_index.md", "---\ntitle: Actors\n---\n"),
                (
                    "actors/b.md",
                    "---\ntitle: B\nname: B\nkind: person\n---\nText.\n",
                ),
            ],
        );
        let bodies = crate::render::render_bodies(&site);
        let related = crate::site::related(&site, &bodies);
        let inputs = Inputs {
            site: &site,
            bodies: &bodies,
            related: &related,
            templates: &(),
            summaries: &[],
        };
        let free: Vec<&dyn SiteFile<Rendered, ()>> = vec![
            &feeds::Sitemap,
            &feeds::Robots,
            &feeds::Atom,
            &export::TimelineJson,
            &export::ActorsJson,
        ];
        for file in free {
            assert!(!file.reads_values(), "{}", file.path());
            let files = file.render(&inputs).unwrap();
            assert!(!files.is_empty(), "{}", file.path());
        }
    }

    #[test]
    fn every_site_file_has_its_own_path() {
        let mut paths: Vec<&str> = SITE_FILES.iter().map(|file| file.path()).collect();
        paths.sort_unstable();
        paths.dedup();
        assert_eq!(paths.len(), SITE_FILES.len());
    }
}
