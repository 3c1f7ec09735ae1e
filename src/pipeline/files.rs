//! The plan of every file but the pages: static files, content assets,
//! processed images, and the files derived from the whole site (feeds,
//! sitemap, data exports, taxonomy pages, 404, corrections, search page,
//! redirects).

use std::path::PathBuf;

use rayon::prelude::*;

use super::{Built, Stats};
use crate::assets::{self, ThemeStatic};
use crate::content::Kind;
use crate::diagnostics::Result;
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

    /// The plan of every file but the pages.
    pub(super) fn assemble(&mut self) -> Result<()> {
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
        let generated = self.site_files(|_| true)?;
        for file in generated.into_iter().chain(render::alias_files(&self.site)) {
            self.plan.add(file.path, Contents::bytes(file.bytes));
        }
        self.stats.files = self.plan.files.len();
        Ok(())
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
    fn every_site_file_has_its_own_path() {
        let mut paths: Vec<&str> = SITE_FILES.iter().map(|file| file.path()).collect();
        paths.sort_unstable();
        paths.dedup();
        assert_eq!(paths.len(), SITE_FILES.len());
    }
}
