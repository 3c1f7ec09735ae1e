//! The plan of every file but the pages: static files, content assets,
//! processed images, and the files derived from the whole site (feeds,
//! sitemap, data exports, taxonomy pages, 404, corrections, search page,
//! redirects).

use std::path::PathBuf;

use super::{Built, Stats};
use crate::assets::{self, ThemeStatic};
use crate::content::Kind;
use crate::diagnostics::{Errors, Result};
use crate::layout::STATIC_DIR;
use crate::output::OutputFile;
use crate::output::{Contents, Plan};
use crate::render;
use crate::theme::{DEFAULT_THEME, ThemeSource};
use crate::{export, feeds, search};

impl Built {
    /// The files derived from the whole site: feeds, sitemap, data export, 404.
    fn site_files(&self) -> Result<Vec<OutputFile>> {
        let (feeds, exports) = rayon::join(
            || feeds::site_files(&self.site, &self.bodies),
            || export::data_files(&self.site, &self.bodies, &self.related),
        );
        let mut files = feeds?;
        files.extend(exports?);
        files.extend(self.taxonomy_files()?);
        if let Some(not_found) = render::render_not_found(&self.site, &self.templates) {
            files.push(not_found.map_err(Errors::one)?);
        }
        if let Some(corrections) = render::render_corrections(&self.site, &self.templates) {
            files.push(corrections.map_err(Errors::one)?);
        }
        if let Some(search) = search::render_page(&self.site, &self.templates) {
            files.push(search.map_err(Errors::one)?);
        }
        Ok(files)
    }

    /// The taxonomy pages and the term feeds.
    pub(crate) fn taxonomy_files(&self) -> Result<Vec<OutputFile>> {
        let mut files = crate::render::taxonomy::page_files(
            &self.site,
            &self.templates,
            &self.values.summaries,
        )?;
        files.extend(feeds::term_feed_files(&self.site, &self.bodies)?);
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
        self.add_images(&mut plan, &mut stats);
        for page in &self.site.pages {
            match page.kind {
                Kind::Page => stats.pages += 1,
                Kind::Section => stats.sections += 1,
            }
        }
        let generated = self
            .site_files()?
            .into_iter()
            .chain(render::alias_files(&self.site));
        for file in generated {
            plan.add(file.path, Contents::bytes(file.bytes));
        }
        stats.files = plan.files.len();
        self.plan = plan;
        self.stats = stats;
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

    /// The processed images the pages use, copied from the cache.
    fn add_images(&self, plan: &mut Plan, stats: &mut Stats) {
        let images = &self.site.images;
        images.finish_progress();
        for (output, cached) in images.outputs() {
            plan.add(output, Contents::Copy(cached));
        }
        stats.images_processed = images.processed();
        stats.images_reused = images.reused();
    }
}
