//! A build session keeps the last good build in memory, so that a change to a
//! few Markdown files re-renders only what they can affect: their bodies, the
//! template values that show something of them, the listings that hold those
//! values, and pages whose templates read the whole site (get_page,
//! get_section, get_sources). Anything else (config, templates, sources,
//! new/removed/renamed pages, a changed URL) falls back to a full build. A
//! full build is the same steps over every page. A failed update leaves the
//! previous good build in place.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use tera::Value;

use crate::build::{BuildOptions, Stats};
use crate::config::Config;
use crate::content::{self, Kind, Page};
use crate::diagnostics::{Diagnostic, Errors, Result};
use crate::markdown::Rendered;
use crate::output::{self, Contents, Plan};
use crate::render::{self, OutputFile, Relations, ValueInputs};
use crate::site::{PageId, Site};
use crate::sources::Sources;
use crate::templates::{DEFAULT_THEME, Read, Templates, ThemeSource, record_reads, theme_source};
use crate::{export, feeds, search};

/// Wall time of each stage of the last build or update, and the CPU time
/// the process spent in it (all threads; more than the wall time when the
/// stage ran in parallel), for `--verbose` and the performance notes.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    pub stages: Vec<(&'static str, std::time::Duration)>,
    /// CPU time per stage, in the order of `stages`.
    pub cpu: Vec<std::time::Duration>,
    last: Option<(std::time::Instant, std::time::Duration)>,
}

impl Timings {
    fn start() -> Timings {
        Timings {
            stages: Vec::new(),
            cpu: Vec::new(),
            last: Some((std::time::Instant::now(), process_cpu_time())),
        }
    }

    /// Ends the stage called `name`.
    pub fn lap(&mut self, name: &'static str) {
        let now = (std::time::Instant::now(), process_cpu_time());
        if let Some((wall, cpu)) = self.last.replace(now) {
            self.stages.push((name, now.0 - wall));
            self.cpu.push(now.1.saturating_sub(cpu));
        }
    }
}

/// User plus system time of the whole process so far
/// (`CLOCK_PROCESS_CPUTIME_ID`, POSIX `clock_gettime`).
fn process_cpu_time() -> std::time::Duration {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::ProcessCPUTime);
    std::time::Duration::from_secs(u64::try_from(t.tv_sec).unwrap_or(0))
        + std::time::Duration::from_nanos(u64::try_from(t.tv_nsec).unwrap_or(0))
}

/// Where a streamed page goes: its path below the output root and its HTML.
pub type WritePage<'a> = dyn Fn(&str, &[u8]) -> std::result::Result<(), Diagnostic> + Sync + 'a;

/// What one (re)build did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    /// Everything was rebuilt (first build, or a change the fast path can't take).
    pub full: bool,
    /// Pages and sections rendered through their templates.
    pub rendered: usize,
}

/// The last good build and everything needed to update it.
pub struct State {
    pub site: Site,
    templates: Templates,
    theme: ThemeSource,
    pub bodies: Vec<Rendered>,
    related: Relations,
    links: Vec<Value>,
    summaries: Vec<Value>,
    sources_value: Value,
    names: Vec<String>,
    /// What each page's render read through the site-wide template functions.
    reads: Vec<Vec<Read>>,
    /// Files and URLs of all pages: fixed until the next full build.
    addresses: render::Addresses,
    pub plan: Plan,
    pub warnings: Vec<Diagnostic>,
    pub stats: Stats,
    pub timings: Timings,
    /// Set by a fast-path update: the plan's search index is of an earlier
    /// build (see [`State::index_for_search`]).
    pub search_pending: bool,
    /// A one-shot build's bodies' HTML, set aside on disk until their pages
    /// are written (`bodies[id].html` is then empty).
    spilled: Option<(render::Spill, Vec<render::Spilled>)>,
}

/// Builds a site, then keeps it up to date as files change.
pub struct Session {
    options: BuildOptions,
    state: Option<State>,
    /// Changes of failed updates: the next update must look at them again, or a
    /// later good edit elsewhere would hide a file that is still broken.
    pending: Vec<PathBuf>,
}

impl Session {
    pub fn new(options: BuildOptions) -> Session {
        Session {
            options,
            state: None,
            pending: Vec::new(),
        }
    }

    /// The last good build, if any.
    pub fn state(&self) -> Option<&State> {
        self.state.as_ref()
    }

    /// The last good build, to change in place (a search index made later).
    pub fn state_mut(&mut self) -> Option<&mut State> {
        self.state.as_mut()
    }

    pub fn into_state(self) -> Option<State> {
        self.state
    }

    /// A full build.
    pub fn build(&mut self) -> Result<Outcome> {
        let state = State::full(&self.options)?;
        let rendered = state.site.pages.len();
        self.state = Some(state);
        Ok(Outcome {
            full: true,
            rendered,
        })
    }

    /// Brings the build up to date with `changed` paths (absolute, or relative to
    /// the site root). On error the previous build stays.
    pub fn update(&mut self, changed: &[PathBuf]) -> Result<Outcome> {
        let mut all = std::mem::take(&mut self.pending);
        all.extend_from_slice(changed);
        let result = self.update_with(&all);
        if result.is_err() {
            self.pending = all;
        }
        result
    }

    fn update_with(&mut self, changed: &[PathBuf]) -> Result<Outcome> {
        let root = output::absolute(&self.options.root);
        let Some(state) = self.state.as_mut() else {
            return self.build();
        };
        match classify(&root, state, changed) {
            Change::Nothing => Ok(Outcome {
                full: false,
                rendered: 0,
            }),
            Change::Full => self.build(),
            Change::Pages(files) => match state.reload_pages(&root, &files, &self.options)? {
                Some(outcome) => Ok(outcome),
                None => self.build(),
            },
            Change::Shortcodes(files) => {
                // The pages that use an edited shortcode template, rendered
                // with the new templates; the old ones back if they fail.
                let loaded = crate::shortcodes::Shortcodes::load(&state.site.config)?;
                let old =
                    std::mem::replace(&mut state.site.shortcodes, std::sync::Arc::new(loaded));
                if files.is_empty() {
                    return Ok(Outcome {
                        full: false,
                        rendered: 0,
                    });
                }
                match state.reload_pages(&root, &files, &self.options) {
                    Ok(Some(outcome)) => Ok(outcome),
                    Ok(None) => self.build(),
                    Err(errors) => {
                        state.site.shortcodes = old;
                        Err(errors)
                    }
                }
            }
        }
    }
}

/// How to take a set of changed paths.
enum Change {
    Nothing,
    Full,
    /// Only these existing pages changed (paths below content/).
    Pages(Vec<String>),
    /// Shortcode templates changed in place: re-render the pages (paths
    /// below content/) that use them, and those that changed.
    Shortcodes(Vec<String>),
}

fn classify(root: &Path, state: &State, changed: &[PathBuf]) -> Change {
    let config = &state.site.config;
    let mut pages = Vec::new();
    let mut shortcodes = false;
    for path in changed {
        let path = if path.is_absolute() {
            output::absolute(path)
        } else {
            root.join(path)
        };
        let Ok(relative) = path.strip_prefix(root) else {
            continue;
        };
        if path.is_symlink() {
            return Change::Full; // only a full build checks where links lead
        }
        let Some(relative) = relative.to_str().map(|r| r.replace('\\', "/")) else {
            return Change::Full;
        };
        if content::is_ignored_name(relative.rsplit('/').next().unwrap_or(""))
            || path.starts_with(&config.output_dir)
            || relative
                .strip_prefix("content/")
                .is_some_and(|below| config.ignored_content.is_ignored(below))
        {
            continue;
        }
        let top = relative.split('/').next().unwrap_or("");
        let is_template =
            top == "templates" || (top == "themes" && relative.contains("/templates/"));
        if let Some(file) = relative
            .strip_prefix("content/")
            .filter(|f| f.ends_with(".md"))
        {
            if !(state.site.by_file.contains_key(file) && path.is_file()) {
                return Change::Full; // a page appeared or disappeared
            }
            pages.push(file.to_string());
        } else if matches!(top, "content" | "static" | "themes") && !is_template {
            // Static files and assets are read when written or served: an edit
            // needs no rebuild, but one that appeared or disappeared does.
            let known = state
                .plan
                .files
                .values()
                .any(|c| matches!(c, Contents::Copy(p) if *p == path));
            if !(known && path.is_file()) {
                return Change::Full;
            }
            // An image edited in place: the pages that show it, with the
            // image processed again (a template's `resize_image` of it:
            // everything, as templates' reads of files are not tracked).
            if state.site.images.resized_by_templates(&relative) {
                return Change::Full;
            }
            let mut used = false;
            for (id, body) in state.bodies.iter().enumerate() {
                if body.images.contains(&relative) {
                    used = true;
                    pages.push(state.site.pages[id].file.clone());
                }
            }
            if used {
                state.site.images.forget(&relative);
            }
        } else if let Some(name) = shortcode_template(config, &relative)
            && state.site.shortcodes.def(name).is_some()
            && path.is_file()
        {
            // A shortcode edited in place: the pages whose bodies use it.
            shortcodes = true;
            for (id, body) in state.bodies.iter().enumerate() {
                if body.shortcodes.iter().any(|used| used == name) {
                    pages.push(state.site.pages[id].file.clone());
                }
            }
        } else if is_template
            || relative == crate::config::CONFIG_FILE
            || path == config.sources_file
        {
            return Change::Full;
        }
    }
    pages.sort();
    pages.dedup();
    if shortcodes {
        Change::Shortcodes(pages)
    } else if pages.is_empty() {
        Change::Nothing
    } else {
        Change::Pages(pages)
    }
}

/// The shortcode a template path (`templates/shortcodes/callout.html`, or
/// the configured theme's) defines.
fn shortcode_template<'a>(config: &crate::config::Config, relative: &'a str) -> Option<&'a str> {
    let theme = format!("themes/{}/templates/shortcodes/", config.theme);
    let file = relative
        .strip_prefix("templates/shortcodes/")
        .or_else(|| relative.strip_prefix(theme.as_str()))?;
    file.strip_suffix(".html")
        .filter(|name| !name.contains('/'))
}

fn fail(errors: Vec<Diagnostic>) -> Result<()> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Errors(errors))
    }
}

impl State {
    /// A full build, kept in memory.
    fn full(options: &BuildOptions) -> Result<State> {
        let mut state = State::without_pages(options, false)?;
        let mut timings = std::mem::take(&mut state.timings);
        let all: Vec<PageId> = (0..state.site.pages.len()).collect();
        for file in state.render(&all)? {
            state.plan.add(file.path, Contents::bytes(file.bytes));
        }
        state.add_new_images();
        timings.lap("page templates");
        state.index_for_search()?;
        state.stats.files = state.plan.files.len();
        timings.lap("search index");
        state.timings = timings;
        Ok(state)
    }

    /// Everything of a full build except the pages' HTML: the site checked,
    /// bodies rendered, template values published, and a plan holding every
    /// file but the pages (see [`State::page_files`]). The timings keep running.
    /// With `release_sources` (a one-shot build) the pages' Markdown text is
    /// dropped as soon as the checks that quote it have run.
    pub fn without_pages(options: &BuildOptions, release_sources: bool) -> Result<State> {
        let mut timings = Timings::start();
        let config = Config::load(&options.root, &options.overrides)?;
        output::check_output_dir(&config.root, &config.output_dir)?;
        let content = content::load_with(
            &config.root,
            &config.root.join("content"),
            options.drafts,
            options.window()?,
            &content::Languages::of(&config),
            &config.ignored_content,
        )?;
        let sources = Sources::load(&config.sources_file)?;
        let theme = theme_source(&config)?;
        timings.lap("load and parse");
        let mut site = Site::new(config, content, sources)?;
        if options.progress {
            site.images = std::sync::Arc::new(crate::images::Images::new(
                site.config.images.clone(),
                site.config.image_cache.clone(),
                true,
            ));
        }
        timings.lap("graph");
        let mut wanted: Vec<String> = (0..site.pages.len())
            .map(|id| render::wanted_template(&site, id).0)
            .collect();
        if render::has_notices(&site) {
            wanted.push(render::CORRECTIONS_TEMPLATE.into());
        }
        wanted.extend(crate::taxonomy::wanted_templates(&site.config));
        wanted.extend(search::wanted_templates(&site));
        wanted.sort();
        wanted.dedup();
        let mut templates = Templates::load(&site.config, &wanted)?;
        render::set_config(&mut templates, &site);
        let search_url = search::url(&site, &templates);
        templates
            .tera
            .global_context()
            .insert("search_url", &search_url);
        site.reserved_ids = templates.literal_ids();
        site.shortcodes = std::sync::Arc::new(crate::shortcodes::Shortcodes::load(&site.config)?);
        if site.config.is_multilingual() {
            site.strings = std::sync::Arc::new(crate::templates::Strings::load(&site.config)?);
        }
        timings.lap("templates");
        // A one-shot build sets each body's HTML aside as it renders (a
        // third of the peak memory otherwise); without a place for it, or
        // for `serve` and `check`, bodies stay in memory.
        let spill = if release_sources {
            render::Spill::beside(&site.config.output_dir).ok()
        } else {
            None
        };
        let (bodies, spilled) = match spill {
            Some(spill) => {
                let (bodies, places) =
                    render::render_bodies_spilled(&site, &spill).map_err(|e| {
                        Errors::one(crate::diagnostics::io_error(
                            "write",
                            &site.config.output_dir,
                            &e,
                        ))
                    })?;
                (bodies, Some((spill, places)))
            }
            None => (render::render_bodies(&site), None),
        };
        let mut errors = render::body_errors(&site, &bodies);
        if !errors.is_empty() {
            // Unchecked quotations are reported with the errors they sit among.
            errors.extend(render::quotation_warnings(&site, &bodies));
        }
        fail(errors)?;
        let file_links = render::file_links_of(&site, &bodies, 0..site.pages.len());
        timings.lap("markdown");
        let mut names = Vec::with_capacity(site.pages.len());
        let mut errors = Vec::new();
        for id in 0..site.pages.len() {
            match render::template_name(&site, &templates, id) {
                Ok(name) => names.push(name),
                Err(e) => errors.push(e),
            }
        }
        fail(errors)?;
        let warnings = warnings_of(&site, &bodies);
        if release_sources {
            site.pages.par_iter_mut().for_each(Page::release_source);
        }
        // Relations (backlinks, neighbours) are one pass over the site; the
        // pages' link values run beside it.
        let (related, links) = rayon::join(
            || render::related(&site, &bodies),
            || {
                (0..site.pages.len())
                    .into_par_iter()
                    .map(|id| render::link_value(&site, id))
                    .collect::<Result<Vec<Value>>>()
            },
        );
        let mut state = State {
            warnings,
            related,
            site,
            templates,
            theme,
            bodies,
            links: links?,
            summaries: Vec::new(),
            sources_value: Value::none(),
            reads: Vec::new(),
            addresses: render::Addresses::default(),
            names,
            plan: Plan::default(),
            stats: Stats::default(),
            timings: Timings::default(),
            search_pending: false,
            spilled,
        };
        let all: Vec<PageId> = (0..state.site.pages.len()).collect();
        let (summaries, addresses) = rayon::join(
            || state.values(&all),
            || render::Addresses::new(&state.site),
        );
        state.summaries = summaries?;
        state.addresses = addresses;
        state.reads = vec![Vec::new(); all.len()];
        state.publish_data()?;
        timings.lap("template values");
        state.assemble()?;
        fail(render::missing_files(
            &state.site,
            &file_links,
            &state.plan.files,
        ))?;
        timings.lap("feeds, sitemap, exports");
        state.timings = timings;
        Ok(state)
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

    /// Renders every page and hands it to `write` as soon as it is ready, in
    /// parallel; each page's body is dropped once rendered, so a one-shot
    /// build never holds the whole site's HTML. The state can no longer
    /// render pages afterwards. All errors are reported together.
    pub fn stream_pages(&mut self, write: &WritePage<'_>) -> Result<()> {
        let contents: Vec<String> = self
            .bodies
            .iter_mut()
            .map(|body| std::mem::take(&mut body.html))
            .collect();
        let spilled = self.spilled.take();
        let errors: Vec<Diagnostic> = contents
            .into_par_iter()
            .enumerate()
            // One buffer per worker, reused page after page.
            .map_init(Vec::new, |html, (id, mut content)| {
                html.clear();
                if let Some((spill, places)) = &spilled {
                    match spill.get(places[id]) {
                        Ok(text) => content = text,
                        Err(e) => {
                            return vec![crate::diagnostics::io_error(
                                "read",
                                &self.site.config.output_dir,
                                &e,
                            )];
                        }
                    }
                }
                let rendered = render::render_page_into(
                    &self.site,
                    &self.templates,
                    &self.summaries,
                    &content,
                    id,
                    &self.names[id],
                    html,
                );
                let mut errors = match rendered {
                    Ok(()) => render::duplicate_ids(
                        &self.site,
                        &self.bodies[id],
                        id,
                        &content,
                        html,
                        &self.names[id],
                    ),
                    Err(e) => vec![e],
                };
                drop(content);
                if errors.is_empty()
                    && let Err(e) = write(&self.site.pages[id].output_file(), html)
                {
                    errors.push(e);
                }
                errors
            })
            .flatten()
            .collect();
        let mut timings = std::mem::take(&mut self.timings);
        timings.lap("pages (templates, write)");
        self.timings = timings;
        fail(errors)
    }

    /// Template values of `ids`, in order.
    fn values(&self, ids: &[PageId]) -> Result<Vec<Value>> {
        let stale = render::stale_flags(&self.site);
        let inputs = ValueInputs {
            site: &self.site,
            bodies: &self.bodies,
            stale: &stale,
            related: &self.related,
            links: &self.links,
        };
        ids.par_iter().map(|&id| inputs.value(id)).collect()
    }

    /// Hands the current values to the site-wide template functions.
    fn publish_data(&mut self) -> Result<()> {
        self.sources_value = render::source_listing_value(&self.site, &self.bodies)?;
        self.publish();
        Ok(())
    }

    /// Hands the current values, with the current sources listing, to the
    /// site-wide template functions.
    fn publish(&mut self) {
        let sections: HashMap<PageId, Value> = (0..self.site.pages.len())
            .into_par_iter()
            .filter(|&id| self.site.pages[id].kind == Kind::Section)
            .map(|id| {
                (
                    id,
                    render::section_value(&self.site, &self.summaries, id, None),
                )
            })
            .collect();
        let data = render::site_data(
            &self.site,
            &self.addresses,
            self.summaries.clone(),
            sections,
            self.sources_value.clone(),
        );
        self.templates.set_data(data);
    }

    /// Renders the page stored at `file` (below content/) again, as the last build did.
    pub fn render_file(&self, file: &str) -> Option<Result<OutputFile>> {
        let &id = self.site.by_file.get(file)?;
        Some(self.render_pages(&[id]).map(|mut files| files.remove(0).0))
    }

    /// Renders pages through their templates and remembers what each read.
    fn render(&mut self, ids: &[PageId]) -> Result<Vec<OutputFile>> {
        let rendered = self.render_pages(ids)?;
        let mut files = Vec::with_capacity(rendered.len());
        for (&id, (file, reads)) in ids.iter().zip(rendered) {
            self.reads[id] = reads;
            files.push(file);
        }
        Ok(files)
    }

    /// Renders pages through their templates, in parallel.
    fn render_pages(&self, ids: &[PageId]) -> Result<Vec<(OutputFile, Vec<Read>)>> {
        let results: Vec<(std::result::Result<OutputFile, Diagnostic>, Vec<Read>)> = ids
            .par_iter()
            .map(|&id| {
                record_reads(|| {
                    render::render_page(
                        &self.site,
                        &self.templates,
                        &self.summaries,
                        &self.bodies[id].html,
                        id,
                        &self.names[id],
                    )
                })
            })
            .collect();
        let mut files = Vec::with_capacity(results.len());
        let mut errors = Vec::new();
        for ((result, reads), &id) in results.into_iter().zip(ids) {
            match result {
                Ok(file) => {
                    errors.extend(render::duplicate_ids(
                        &self.site,
                        &self.bodies[id],
                        id,
                        &self.bodies[id].html,
                        &file.bytes,
                        &self.names[id],
                    ));
                    files.push((file, reads));
                }
                Err(e) => errors.push(e),
            }
        }
        fail(errors)?;
        Ok(files)
    }

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
    fn taxonomy_files(&self) -> Result<Vec<OutputFile>> {
        let mut files = crate::taxonomy::page_files(&self.site, &self.templates, &self.summaries)?;
        files.extend(feeds::term_feed_files(&self.site, &self.bodies)?);
        Ok(files)
    }

    /// The plan of every file but the pages.
    fn assemble(&mut self) -> Result<()> {
        let mut plan = Plan::default();
        let mut stats = Stats::default();
        add_static(&mut plan, &self.site.config.root, &self.theme, &mut stats)?;
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

    /// The fast path: `files` (below content/) changed in place. Returns None
    /// when the change turns out to need a full build (a URL, kind, draft state
    /// or alias changed, or a display name that references use).
    fn reload_pages(
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
            let path = root.join("content").join(file);
            let mut page = content::load_page(
                root,
                &path,
                file,
                &content::Languages::of(&self.site.config),
            )
            .map_err(Errors::one)?;
            let old = &self.site.pages[id];
            // Same file, same URL: same place in the section tree.
            page.parent = old.parent.clone();
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
        fail(render::body_errors_of(&self.site, &self.bodies, ids))?;
        let links = render::file_links_of(&self.site, &self.bodies, edit.changed.iter().copied());
        fail(render::missing_files(&self.site, &links, &self.plan.files))
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
            let link = render::link_value(&self.site, id)?;
            if link != self.links[id] {
                self.links[id] = link;
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
        let values = self.values(&dirty)?;
        let mut moved: HashSet<PageId> = HashSet::new();
        for (&id, value) in dirty.iter().zip(values) {
            if value != self.summaries[id] {
                self.summaries[id] = value;
                moved.insert(id);
            }
        }
        let sources_changed = if edit.fronts.is_empty() && edit.citations.is_empty() {
            false
        } else {
            let old_sources = std::mem::replace(
                &mut self.sources_value,
                render::source_listing_value(&self.site, &self.bodies)?,
            );
            self.sources_value != old_sources
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
            if let Some(&parent) = self.site.by_file.get(&self.site.pages[id].parent) {
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
        for (id, reads) in self.reads.iter().enumerate() {
            let stale = reads.iter().any(|read| match *read {
                Read::Page(p) => moved.contains(&p),
                Read::Section(s) => moved_sections.contains(&s),
                Read::Sources => sources_changed,
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
            || self.edited_site_files(edit, &related_moved),
        );
        let mut files = site_files?;
        for (&id, (file, reads)) in render_ids.iter().zip(rendered?) {
            self.reads[id] = reads;
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

    /// The site-wide files that show something `edit` changed (see
    /// `site_files` for all of them). `related_moved` are the pages whose
    /// related pages changed.
    fn edited_site_files(&self, edit: &Edit, related_moved: &[PageId]) -> Result<Vec<OutputFile>> {
        let site = &self.site;
        let in_section = |id: &PageId, name: &str| {
            site.pages[*id].kind == Kind::Page && site.pages[*id].section_name == name
        };
        let mut files = Vec::new();
        if edit.sitemap_dates {
            files.push(feeds::sitemap_file(site)?);
        }
        // Unless a page moved in the feed's order, the feed holds the same
        // pages; it changes if one of them changed.
        // A multilingual site's feeds list translations in their
        // originals' places (issue 17): any change of a page remakes them.
        let multilingual = site.config.is_multilingual();
        if multilingual
            && (edit.feed_order || !edit.fronts.is_empty() || !edit.summaries.is_empty())
        {
            files.extend(feeds::feed_files(site, &self.bodies)?);
        } else if edit.feed_order
            || (!edit.fronts.is_empty() || !edit.summaries.is_empty())
                && feeds::feed_entries(site)
                    .iter()
                    .any(|id| edit.fronts.contains(id) || edit.summaries.contains(id))
        {
            files.push(feeds::feed_file(site, &self.bodies)?);
        }
        if edit
            .fronts
            .iter()
            .chain(&edit.citations)
            .any(|id| in_section(id, "timeline"))
        {
            files.extend(export::timeline_files(site, &self.bodies)?);
        }
        if edit
            .fronts
            .iter()
            .chain(related_moved)
            .any(|id| in_section(id, "actors"))
        {
            files.push(export::actors_file(site, &self.related)?);
        }
        // Term pages list the pages' values; a change of terms is a full build.
        if !edit.fronts.is_empty() || !edit.summaries.is_empty() {
            files.extend(self.taxonomy_files()?);
        }
        // The 404 page may read any page through the site-wide functions.
        if let Some(not_found) = render::render_not_found(site, &self.templates) {
            files.push(not_found.map_err(Errors::one)?);
        }
        // The corrections page names the pages it lists.
        if !edit.fronts.is_empty()
            && let Some(corrections) = render::render_corrections(site, &self.templates)
        {
            files.push(corrections.map_err(Errors::one)?);
        }
        // The search page lists the sections and, like the 404 page, may
        // read any page (the navigation): one template, always rendered.
        if let Some(search) = search::render_page(site, &self.templates) {
            files.push(search.map_err(Errors::one)?);
        }
        Ok(files)
    }
}

/// What an in-place edit of some pages changed, as far as the checks and the
/// site-wide files care.
struct Edit {
    /// The edited pages, sorted.
    changed: Vec<PageId>,
    /// Those whose front matter changed.
    fronts: HashSet<PageId>,
    /// Those whose body summary changed.
    summaries: HashSet<PageId>,
    /// Those whose body cites other sources.
    citations: HashSet<PageId>,
    /// Whether a date the sitemap shows changed.
    sitemap_dates: bool,
    /// Whether a page may have moved into, out of or within the feed.
    feed_order: bool,
}

impl Edit {
    /// The pages whose front matter changed, in order.
    fn sorted_fronts(&self) -> Vec<PageId> {
        let mut ids: Vec<PageId> = self.fronts.iter().copied().collect();
        ids.sort_unstable();
        ids
    }

    /// `previous` holds each edited page's id, old page and old body; `site`
    /// and `bodies` already hold the new ones.
    fn new(site: &Site, bodies: &[Rendered], previous: &[(PageId, Page, Rendered)]) -> Edit {
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

/// Theme static files first, then the site's `static/`, which wins on conflicts.
/// Adds the theme's and the site's static files. A symbolic link is followed
/// only while it stays inside the site folder.
fn add_static(
    plan: &mut Plan,
    root: &Path,
    theme: &ThemeSource,
    stats: &mut Stats,
) -> std::result::Result<(), Errors> {
    let mut errors = Vec::new();
    match theme {
        ThemeSource::Folder(folder) => {
            add_folder(plan, root, &folder.join("static"), stats, &mut errors);
        }
        ThemeSource::Embedded => {
            if let Some(dir) = DEFAULT_THEME.get_dir("static") {
                add_embedded(plan, dir, stats);
            }
        }
    }
    add_folder(plan, root, &root.join("static"), stats, &mut errors);
    fail(errors)
}

fn add_folder(
    plan: &mut Plan,
    root: &Path,
    folder: &Path,
    stats: &mut Stats,
    errors: &mut Vec<Diagnostic>,
) {
    if !folder.is_dir() {
        return;
    }
    let mut walker = walkdir::WalkDir::new(folder)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walker.next() {
        let Ok(entry) = entry else { continue };
        if entry.path_is_symlink() && !content::resolves_inside(root, entry.path()) {
            errors.push(content::link_leaves_site(root, entry.path()));
            if entry.file_type().is_dir() {
                walker.skip_current_dir();
            }
            continue;
        }
        if !entry.file_type().is_file()
            || content::is_ignored_name(&entry.file_name().to_string_lossy())
        {
            continue;
        }
        let Ok(relative) = entry.path().strip_prefix(folder) else {
            continue;
        };
        let Some(relative) = relative.to_str() else {
            continue;
        };
        plan.add(
            relative.replace('\\', "/"),
            Contents::Copy(output::absolute(entry.path())),
        );
        stats.static_files += 1;
    }
}

fn add_embedded(plan: &mut Plan, dir: &'static include_dir::Dir<'static>, stats: &mut Stats) {
    for entry in dir.entries() {
        if let Some(sub) = entry.as_dir() {
            add_embedded(plan, sub, stats);
        } else if let Some(file) = entry.as_file() {
            let relative = file.path().strip_prefix("static").unwrap_or(file.path());
            plan.add(
                relative.to_string_lossy().replace('\\', "/"),
                Contents::Embedded(file.contents()),
            );
            stats.static_files += 1;
        }
    }
}

/// The warnings of a checked site: site.toml's, stale pages, uncited blocks
/// and sources newer than `as_of`, then quotations that are no checked quote.
fn warnings_of(site: &Site, bodies: &[Rendered]) -> Vec<Diagnostic> {
    let mut warnings = site.config.warnings.clone();
    warnings.extend(render::freshness_warnings(site));
    warnings.extend(render::editorial_warnings(site, bodies));
    warnings.extend(render::quotation_warnings(site, bodies));
    warnings.extend(crate::feeds::feed_date_warning(site));
    for page in &site.pages {
        warnings.extend(crate::text::stray_bom_warnings(
            &page.display_path,
            &page.source,
        ));
    }
    warnings
}
