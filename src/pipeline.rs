//! The build pipeline: what a build is asked to do ([`BuildOptions`]), and
//! [`Built`], a site carried through every stage (config → content → graph
//! → templates → Markdown → template values → site-wide files) and held in
//! memory. [`Built::load`] runs the stages in order, one line each with its
//! timing lap; the stages themselves are in [`stages`], the pages' HTML in
//! [`pages`] and the rest of the plan in [`files`]. The `build` module
//! writes a `Built`; the `session` module keeps one up to date. Neither is
//! imported here: the pipeline sits below both.

use std::path::PathBuf;

use rayon::prelude::*;
use tera::Value;

use crate::config::Overrides;
use crate::content::Page;
use crate::diagnostics::{Diagnostic, Result};
use crate::markdown::Rendered;
use crate::output::{Contents, Plan, Spill, Spilled};
use crate::render;
use crate::search;
use crate::site::Relations;
use crate::site::{PageId, Site};
use crate::templates::{TemplateRead, Templates};
use crate::theme::ThemeSource;
use crate::timings::Timings;
use crate::views;

pub mod files;
pub mod pages;
pub mod stages;

/// What a build is asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site's root folder: the one that holds the config file.
    pub root: PathBuf,
    /// Config values the command line overrides (`--base-url`, `--output-dir`).
    pub overrides: Overrides,
    /// Include pages marked `draft: true` (`--drafts`).
    pub drafts: bool,
    /// Keep pages whose publication window has not begun (`--future`).
    pub future: bool,
    /// Keep pages whose publication window has ended (`--expired`).
    pub expired: bool,
    /// Rewrite internal links relative to each page (`--portable`).
    pub portable: bool,
    /// Minify HTML and CSS (`--minify`).
    pub minify: bool,
    /// Replace an output folder briefing did not write (`--force`).
    pub force: bool,
    /// Show a progress line on a terminal when many images are processed.
    pub progress: bool,
}

impl BuildOptions {
    /// The publication window of this run: today's date and the flags.
    pub fn window(&self) -> Result<crate::schedule::Window> {
        let today = crate::schedule::today().map_err(|message| {
            Diagnostic::error(message).hint("write BRIEFING_TODAY=YYYY-MM-DD, or unset it")
        })?;
        Ok(crate::schedule::Window {
            today: Some(today),
            future: self.future,
            expired: self.expired,
        })
    }
}

/// Counts for the summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Pages (kind page) written.
    pub pages: usize,
    /// Sections (`_index.md`) written.
    pub sections: usize,
    /// Files copied from `static/` (the site's and the theme's).
    pub static_files: usize,
    /// Non-Markdown files of `content/` copied next to their pages.
    pub assets: usize,
    /// Files in the output, all kinds together.
    pub files: usize,
    /// Set when the build was minified.
    pub minified: Option<crate::minify::Savings>,
    /// Images processed by this build, and taken from the image cache.
    pub images_processed: usize,
    /// Images taken from the image cache instead (see `images_processed`).
    pub images_reused: usize,
}

/// The template values of the pages, as the site-wide template functions
/// see them.
pub(crate) struct Values {
    /// Each page's link value (title, URL), by page id.
    pub(crate) links: Vec<Value>,
    /// Each page's full value, by page id.
    pub(crate) summaries: Vec<Value>,
    /// The sources listing (`get_sources`).
    pub(crate) sources: Value,
}

/// How each page is rendered: its template, and what its last render read.
pub(crate) struct Pages {
    /// The template of each page, by page id.
    pub(crate) names: Vec<String>,
    /// What each page's render read through the site-wide template functions.
    pub(crate) reads: Vec<Vec<TemplateRead>>,
}

/// A site built in memory: the last good build, and everything needed to
/// write it or update it.
pub struct Built {
    /// The site graph: config, pages, sections, references.
    pub site: Site,
    /// The Tera templates, loaded once per full build.
    pub(crate) templates: Templates,
    /// Where the theme's templates and static files come from.
    pub(crate) theme: ThemeSource,
    /// Each page's rendered Markdown body, by page id.
    pub bodies: Vec<Rendered>,
    /// Each page's related pages (actors, backlinks, …) and the link graph they
    /// come from.
    pub(crate) related: Relations,
    /// The pages' template values, as the site-wide template functions see
    /// them.
    pub(crate) values: Values,
    /// Each page's template and what its last render read.
    pub(crate) pages: Pages,
    /// Files and URLs of all pages: fixed until the next full build.
    pub(crate) addresses: views::Addresses,
    /// The complete output, path below the output root → contents.
    pub plan: Plan,
    /// Warnings of the build, in the order they are reported.
    pub warnings: Vec<Diagnostic>,
    /// Counts for the summary line.
    pub stats: Stats,
    /// Wall time per stage.
    pub timings: Timings,
    /// Set by a fast-path update: the plan's search index is of an earlier
    /// build (see [`Built::index_for_search`]).
    pub search_pending: bool,
    /// A one-shot build's bodies' HTML, set aside on disk until their pages
    /// are written (`bodies[id].html` is then empty).
    pub(crate) spilled: Option<(std::sync::Arc<Spill>, Vec<Spilled>)>,
}

impl Built {
    /// A full build, kept in memory: [`Built::load`], then every page.
    pub fn full(options: &BuildOptions) -> Result<Built> {
        let mut built = Built::load(options, false)?;
        let mut timings = std::mem::take(&mut built.timings);
        let all: Vec<PageId> = (0..built.site.pages.len()).collect();
        for file in built.render(&all)? {
            built.plan.add(file.path, Contents::bytes(file.bytes));
        }
        built.add_new_images();
        timings.lap("page templates");
        built.index_for_search()?;
        built.stats.files = built.plan.files.len();
        timings.lap("search index");
        built.timings = timings;
        Ok(built)
    }

    /// Everything of a full build except the pages' HTML: the site checked,
    /// bodies rendered, template values published, and a plan holding every
    /// file but the pages (see [`Built::page_files`]). The timings keep running.
    /// With `release_sources` (a one-shot build) no page's text is kept: each
    /// file is read for its front matter, then again when its body renders
    /// (messages read it again too, see `Page::text`); and what the bodies
    /// hold for the checks and the template values is dropped once those
    /// have used it ([`Rendered::release_checked`], [`Rendered::release_valued`]).
    pub fn load(options: &BuildOptions, release_sources: bool) -> Result<Built> {
        let mut timings = Timings::start();
        let inputs = stages::load_inputs(options, !release_sources)?;
        timings.lap("load and parse");
        let (mut site, theme) = stages::graph(inputs, options.progress)?;
        timings.lap("graph");
        let templates = stages::templates(&mut site)?;
        timings.lap("templates");
        let mut bodies = stages::bodies(&site, release_sources)?;
        timings.lap("markdown");
        let names = stages::template_names(&site, &templates)?;
        let warnings = warnings_of(&site, &bodies.rendered);
        let relations = stages::relations(&site, &bodies.rendered)?;
        if release_sources {
            bodies
                .rendered
                .par_iter_mut()
                .for_each(Rendered::release_checked);
        }
        let file_links = std::mem::take(&mut bodies.file_links);
        let mut built = Built::new(site, templates, theme, bodies, relations, names, warnings);
        built.assemble_early()?;
        timings.lap("static files, feeds, data");
        built.all_values()?;
        if release_sources {
            built
                .bodies
                .par_iter_mut()
                .for_each(Rendered::release_valued);
        }
        timings.lap("template values");
        built.assemble()?;
        stages::check_file_links(&built, &file_links)?;
        timings.lap("taxonomy and other pages");
        built.timings = timings;
        Ok(built)
    }

    /// The loaded stages put together, before any template value is made.
    fn new(
        site: Site,
        templates: Templates,
        theme: ThemeSource,
        bodies: stages::Bodies,
        (related, links): (Relations, Vec<Value>),
        names: Vec<String>,
        warnings: Vec<Diagnostic>,
    ) -> Built {
        Built {
            warnings,
            related,
            site,
            templates,
            theme,
            bodies: bodies.rendered,
            values: Values {
                links,
                summaries: Vec::new(),
                sources: Value::none(),
            },
            pages: Pages {
                names,
                reads: Vec::new(),
            },
            addresses: views::Addresses::default(),
            plan: Plan::default(),
            stats: Stats::default(),
            timings: Timings::default(),
            search_pending: false,
            spilled: bodies.spilled,
        }
    }

    /// Whether this build writes a search index.
    pub fn has_search(&self) -> bool {
        search::enabled(&self.site, &self.templates)
    }

    /// Indexes the pages in the plan for search (when the site has it) and
    /// puts the index into the plan, replacing the last one.
    pub fn index_for_search(&mut self) -> Result<()> {
        if !self.has_search() {
            return Ok(());
        }
        let files = search::index_plan(
            &self.plan,
            &self.page_files(),
            search::index_language(&self.site).as_deref(),
        )?;
        search::replace_index(&mut self.plan, files);
        self.search_pending = false;
        Ok(())
    }

    /// Where each page's HTML goes, below the output root, by page id.
    pub fn page_files(&self) -> Vec<String> {
        self.site.pages.iter().map(Page::output_file).collect()
    }
}

/// The warnings of a checked site: site.toml's, stale pages, uncited blocks
/// and sources newer than `as_of`, then quotations that are no checked quote.
pub(crate) fn warnings_of(site: &Site, bodies: &[Rendered]) -> Vec<Diagnostic> {
    let mut warnings = site.config.warnings.clone();
    warnings.extend(render::freshness_warnings(site));
    warnings.extend(render::editorial_warnings(site, bodies));
    warnings.extend(render::quotation_warnings(site, bodies));
    warnings.extend(crate::feeds::feed_date_warning(site));
    for page in &site.pages {
        warnings.extend(page.text_warnings.iter().cloned());
    }
    warnings
}
