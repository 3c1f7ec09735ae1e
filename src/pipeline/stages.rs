//! The stages of a build, in the order [`Built::load`] runs them: each takes
//! the outputs of the ones before and calls into its stage module.

use std::collections::HashMap;

use rayon::prelude::*;
use tera::Value;

use super::{BuildOptions, Built};
use crate::config::Config;
use crate::content::{self, Content, Kind};
use crate::diagnostics::{Diagnostic, Errors, Result};
use crate::layout::CONTENT_DIR;
use crate::markdown::Rendered;
use crate::output::{Spill, Spilled};
use crate::render;
use crate::search;
use crate::site::{self, Relations};
use crate::site::{PageId, Site};
use crate::sources::Sources;
use crate::templates::Templates;
use crate::theme::{ThemeSource, theme_source};
use crate::views::{self, ValueInputs};

/// What the build reads from disk before anything is checked across files.
pub struct Inputs {
    config: Config,
    content: Content,
    sources: Sources,
    theme: ThemeSource,
}

/// The output of the Markdown stage.
pub struct Bodies {
    /// Each page's rendered body, by page id.
    pub rendered: Vec<Rendered>,
    /// Where a one-shot build set the bodies' HTML aside, if it did.
    pub spilled: Option<(std::sync::Arc<Spill>, Vec<Spilled>)>,
    /// The files (not pages) the bodies link to, checked once the plan holds
    /// every file ([`check_file_links`]).
    pub file_links: Vec<render::FileLink>,
}

/// Loads and parses the config, the content, the sources and the theme.
/// Without `keep_text` (a one-shot build) the pages' text is not kept: the
/// Markdown stage reads each file again as it renders its body, so the
/// site's text is never all in memory at once.
pub fn load_inputs(options: &BuildOptions, keep_text: bool) -> Result<Inputs> {
    let config = Config::load(&options.root, &options.overrides)?;
    crate::output::check_output_dir(&config.root, &config.output_dir)?;
    let content = content::load_with(
        &config.root,
        &config.root.join(CONTENT_DIR),
        options.drafts,
        options.window()?,
        &content::Languages::of(&config),
        &config.ignored_content,
        keep_text,
    )?;
    let sources = Sources::load(&config.sources_file)?;
    let theme = theme_source(&config)?;
    Ok(Inputs {
        config,
        content,
        sources,
        theme,
    })
}

/// The site graph, checked across files.
pub fn graph(inputs: Inputs, progress: bool) -> Result<(Site, ThemeSource)> {
    let mut site = Site::new(inputs.config, inputs.content, inputs.sources)?;
    if progress {
        site.images = std::sync::Arc::new(crate::images::Images::new(
            site.config.images.clone(),
            site.config.image_cache.clone(),
            true,
        ));
    }
    Ok((site, inputs.theme))
}

/// The templates the site needs, with the site-wide globals, and the
/// shortcodes and translated strings the bodies use.
pub fn templates(site: &mut Site) -> Result<Templates> {
    let mut wanted: Vec<String> = (0..site.pages.len())
        .map(|id| render::wanted_template(site, id).0)
        .collect();
    if render::has_notices(site) {
        wanted.push(render::CORRECTIONS_TEMPLATE.into());
    }
    wanted.extend(crate::render::taxonomy::wanted_templates(&site.config));
    wanted.extend(search::wanted_templates(site));
    wanted.sort();
    wanted.dedup();
    let mut templates = Templates::load(&site.config, &wanted)?;
    render::set_config(&mut templates, site);
    let search_url = search::url(site, &templates);
    templates
        .tera
        .global_context()
        .insert("search_url", &search_url);
    site.reserved_ids = templates.literal_ids();
    site.shortcodes = std::sync::Arc::new(crate::shortcodes::Shortcodes::load(&site.config)?);
    if site.config.is_multilingual() {
        site.strings = std::sync::Arc::new(crate::strings::Strings::load(&site.config)?);
    }
    Ok(templates)
}

/// Every page's body through Markdown, checked.
pub fn bodies(site: &Site, release_sources: bool) -> Result<Bodies> {
    // A one-shot build sets each body's HTML aside as it renders (a
    // third of the peak memory otherwise); without a place for it, or
    // for `serve` and `check`, bodies stay in memory.
    let spill = if release_sources {
        Spill::beside(&site.config.output_dir)
            .ok()
            .map(std::sync::Arc::new)
    } else {
        None
    };
    let (bodies, spilled) = if release_sources {
        // The pages' text is not kept: each file is read again.
        let (bodies, places) =
            render::render_bodies_spilled(site, spill.as_deref()).map_err(Errors::one)?;
        (bodies, spill.map(|spill| (spill, places)))
    } else {
        (render::render_bodies(site), None)
    };
    let mut errors = render::body_errors(site, &bodies);
    if !errors.is_empty() {
        // Unchecked quotations are reported with the errors they sit among.
        errors.extend(render::quotation_warnings(site, &bodies));
    }
    Errors::check(errors)?;
    let file_links = render::file_links_of(site, &bodies, 0..site.pages.len());
    Ok(Bodies {
        rendered: bodies,
        spilled,
        file_links,
    })
}

/// The template of each page, by page id.
pub fn template_names(site: &Site, templates: &Templates) -> Result<Vec<String>> {
    let mut names = Vec::with_capacity(site.pages.len());
    let mut errors = Vec::new();
    for id in 0..site.pages.len() {
        match render::template_name(site, templates, id) {
            Ok(name) => names.push(name),
            Err(e) => errors.push(e),
        }
    }
    Errors::check(errors)?;
    Ok(names)
}

/// Relations (backlinks, neighbours), one pass over the site, and beside it
/// each page's link value (title, URL), by page id.
pub fn relations(site: &Site, bodies: &[Rendered]) -> Result<(Relations, Vec<Value>)> {
    let (related, links) = rayon::join(
        || site::related(site, bodies),
        || {
            (0..site.pages.len())
                .into_par_iter()
                .map(|id| views::link_value(site, id))
                .collect::<Result<Vec<Value>>>()
        },
    );
    Ok((related, links?))
}

/// The files (not pages) the bodies link to must be in the plan: images,
/// static files, generated files.
pub fn check_file_links(built: &Built, file_links: &[render::FileLink]) -> Result<()> {
    Errors::check(render::missing_files(
        &built.site,
        file_links,
        &built.plan.files,
    ))
}

impl Built {
    /// Every page's template value, the pages' addresses, published to the
    /// site-wide template functions.
    pub(super) fn all_values(&mut self) -> Result<()> {
        let all: Vec<PageId> = (0..self.site.pages.len()).collect();
        let (summaries, addresses) = rayon::join(
            || self.values_of(&all),
            || views::Addresses::new(&self.site),
        );
        self.values.summaries = summaries?;
        self.addresses = addresses;
        self.pages.reads = vec![Vec::new(); all.len()];
        self.publish_data()
    }

    /// Template values of `ids`, in order.
    pub(crate) fn values_of(&self, ids: &[PageId]) -> Result<Vec<Value>> {
        let stale = render::stale_flags(&self.site);
        let terms = views::taxonomy::term_values(&self.site).map_err(|e| {
            Errors::one(Diagnostic::error(format!(
                "could not prepare template data: {e}"
            )))
        })?;
        let inputs = ValueInputs {
            terms: &terms,
            site: &self.site,
            bodies: &self.bodies,
            stale: &stale,
            related: &self.related,
            links: &self.values.links,
        };
        ids.par_iter().map(|&id| inputs.value(id)).collect()
    }

    /// Hands the current values to the site-wide template functions.
    fn publish_data(&mut self) -> Result<()> {
        self.values.sources = views::source_listing_value(&self.site, &self.bodies)?;
        self.publish();
        Ok(())
    }

    /// Hands the current values, with the current sources listing, to the
    /// site-wide template functions.
    pub(crate) fn publish(&mut self) {
        let sections: HashMap<PageId, Value> = (0..self.site.pages.len())
            .into_par_iter()
            .filter(|&id| self.site.pages[id].kind == Kind::Section)
            .map(|id| {
                (
                    id,
                    views::section_value(&self.site, &self.values.summaries, id, None),
                )
            })
            .collect();
        let data = views::site_data(
            &self.site,
            &self.addresses,
            self.values.summaries.clone(),
            sections,
            self.values.sources.clone(),
        );
        self.templates.set_data(data);
    }
}
