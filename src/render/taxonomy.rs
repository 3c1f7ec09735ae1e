//! The pages of the taxonomies: each taxonomy's index through
//! `taxonomy_list.html` and each used term's page through
//! `taxonomy_term.html`.

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::markdown::Rendered;
use crate::output::OutputFile;
use crate::site::{Edit, Inputs, PageId, Site, SiteFile};
use crate::taxonomy::{LIST_TEMPLATE, TERM_TEMPLATE, list_path, term_path};
use crate::templates::Templates;
use crate::views::taxonomy::TaxonomyView;

/// The templates a site with taxonomies needs.
pub fn wanted_templates(config: &Config) -> Vec<String> {
    if config.taxonomies.is_empty() {
        return Vec::new();
    }
    vec![LIST_TEMPLATE.to_string(), TERM_TEMPLATE.to_string()]
}

/// The taxonomy pages ([`page_files`]) and the term feeds.
pub struct TaxonomyFiles;

impl SiteFile<Rendered, Templates> for TaxonomyFiles {
    fn path(&self) -> &'static str {
        "{taxonomy}/{term}/"
    }
    fn render(
        &self,
        inputs: &Inputs<'_, Rendered, Templates>,
    ) -> crate::diagnostics::Result<Vec<OutputFile>> {
        let mut files = page_files(inputs.site, inputs.templates, inputs.summaries)?;
        files.extend(crate::feeds::term_feed_files(inputs.site, inputs.bodies)?);
        Ok(files)
    }
    /// Term pages list the pages' values (a change of terms is a full
    /// build): any change of front matter or summary.
    fn affected_by(&self, _: &Site, edit: &Edit, _: &[PageId]) -> bool {
        !edit.fronts.is_empty() || !edit.summaries.is_empty()
    }
}

/// The index page of each taxonomy and the page of each used term, through
/// [`LIST_TEMPLATE`] and [`TERM_TEMPLATE`]; `summaries` are the pages' values.
pub fn page_files(
    site: &Site,
    templates: &Templates,
    summaries: &[tera::Value],
) -> Result<Vec<OutputFile>, Diagnostic> {
    let config = &site.config;
    let mut files = Vec::new();
    for taxonomy in &site.taxonomies {
        for name in [LIST_TEMPLATE, TERM_TEMPLATE] {
            if !templates.has(name) {
                return Err(templates
                    .missing(name, crate::config::key_location(&config.root, &format!("[taxonomies.{}", taxonomy.name)))
                    .hint(format!("a site with [taxonomies.{}] needs templates/{name}; the default theme has one", taxonomy.name)));
            }
        }
        let view = TaxonomyView::new(site, taxonomy);
        // Made a template value once, shared by every term's page.
        let view_value = tera::Value::try_from_serializable(&view)
            .map_err(|e| Diagnostic::error(format!("could not prepare template data: {e}")))?;
        let render = |name: &str, path: &str, context: &mut tera::Context| {
            context.insert_value("taxonomy", view_value.clone());
            context.insert("current_url", &site.url(path));
            context.insert("current_path", &format!("{}{path}", config.base_path));
            templates
                .tera
                .render(name, context)
                .map(|html| OutputFile {
                    path: crate::urls::index_file(path),
                    bytes: html.into_bytes(),
                })
                .map_err(|e| templates.diagnostic(&e, None))
        };
        let list = list_path(&taxonomy.name);
        files.push(render(LIST_TEMPLATE, &list, &mut tera::Context::new())?);
        // Each term's page on its own: in parallel, in the terms' order.
        let terms: Vec<Result<OutputFile, Diagnostic>> = taxonomy
            .terms
            .par_iter()
            .zip(view.terms.par_iter())
            .map(|(term, term_view)| {
                let mut context = tera::Context::new();
                context.insert("term", term_view);
                let values = |ids: &mut dyn Iterator<Item = &PageId>| {
                    tera::Value::from(ids.map(|&id| summaries[id].clone()).collect::<Vec<_>>())
                };
                let is_event = |id: &&PageId| site.pages[**id].front.status.is_some();
                let mut events: Vec<PageId> = term.pages.iter().filter(is_event).copied().collect();
                events.sort_by_key(|&id| (site.pages[id].front.date.map(|d| (d.date, d.time)), id));
                context.insert_value("pages", values(&mut term.pages.iter()));
                context.insert_value(
                    "articles",
                    values(&mut term.pages.iter().filter(|id| !is_event(id))),
                );
                context.insert_value("events", values(&mut events.iter()));
                render(
                    TERM_TEMPLATE,
                    &term_path(&taxonomy.name, &term.slug),
                    &mut context,
                )
            })
            .collect();
        for term in terms {
            files.push(term?);
        }
    }
    Ok(files)
}
