//! Rendering, as small pure steps that the pipeline (every page) and the
//! session (the pages an edit affects) compose: Markdown bodies (here, with
//! `resolver` answering their questions and `spill` setting their HTML
//! aside), the checks that need them (`checks`, `editorial`, and `page_ids`
//! for ids used twice on a page), the template a page renders with, each
//! page through its Tera template, the 404 page and alias redirects (here),
//! generated pages (`generated`, [`taxonomy`]). Template values are built
//! in [`crate::views`]; the relations between pages live in the site graph
//! ([`crate::site::relations`]); the site graph's two body traits
//! ([`crate::site::relations::Body`], [`crate::site::EditedBody`]) are
//! implemented here for [`Rendered`]. Same site in, same bytes out.

mod checks;
mod editorial;
mod generated;
mod page_ids;
mod resolver;
mod spill;
pub mod taxonomy;

pub use checks::{FileLink, body_errors, body_errors_of, file_links_of, missing_files};
pub use editorial::{
    editorial_warnings, freshness_warnings, is_stale, quotation_warnings, stale_flags,
};
pub use generated::{CORRECTIONS_TEMPLATE, Corrections, has_notices, render_generated, set_config};
pub use page_ids::duplicate_ids;
pub use spill::render_bodies_spilled;

use rayon::prelude::*;
use tera::{Context, Value};

use crate::content::Kind;
use crate::diagnostics::Diagnostic;
use crate::diagnostics::Result;
use crate::layout::NOT_FOUND_FILE;
use crate::markdown::{self, Rendered};
use crate::output::OutputFile;
use crate::site::{Edit, Inputs, PageId, Site, SiteFile, files::at_most_one};
use crate::templates::Templates;
use crate::urls;
use crate::views::section_value;
use crate::views::{ConfigView, OwnBody, with_body};
use resolver::SiteResolver;

/// A rendered body's links to pages, for the site's relations.
impl crate::site::relations::Body for Rendered {
    fn linked_files(&self) -> impl Iterator<Item = &str> {
        self.links.iter().map(|link| link.file.as_str())
    }
}

/// What an in-place edit compares of a rendered body.
impl crate::site::EditedBody for Rendered {
    fn summary(&self) -> Option<&str> {
        self.summary.as_deref()
    }
    fn citations(&self) -> &[String] {
        &self.citations
    }
}

/// Renders one page's Markdown body. Its plain links to pages, aliases and
/// files of `content/` are known to be fine while it renders; the others
/// are kept and checked by [`body_errors_of`] and [`missing_files`].
pub fn render_body(site: &Site, id: PageId) -> Rendered {
    render_body_of(site, id, site.pages[id].body())
}

/// [`render_body`] of `body`, page `id`'s Markdown body (its file's text
/// read again, in a one-shot build).
pub fn render_body_of(site: &Site, id: PageId, body: &str) -> Rendered {
    let page = &site.pages[id];
    markdown::render(
        body,
        &site.config.markdown,
        &SiteResolver(
            site,
            page.output_file(),
            site.config
                .sections
                .get(&page.section_name)
                .is_some_and(|s| s.require_citations),
            &page.lang,
        ),
    )
}

/// Renders every page's body, in parallel.
pub fn render_bodies(site: &Site) -> Vec<Rendered> {
    (0..site.pages.len())
        .into_par_iter()
        .map(|id| render_body(site, id))
        .collect()
}

/// The template a page asks for, and whether its front matter named it.
pub fn wanted_template(site: &Site, id: PageId) -> (String, bool) {
    let page = &site.pages[id];
    let schema = site.config.section_schema(&page.section_name);
    match (&page.front.template, page.kind) {
        (Some(name), _) => (name.clone(), true),
        (None, Kind::Section) if page.original_file() == "_index.md" => {
            ("index.html".to_string(), false)
        }
        (None, Kind::Section) => (
            schema
                .template
                .clone()
                .unwrap_or_else(|| "section.html".into()),
            false,
        ),
        (None, Kind::Page) => (
            schema
                .page_template
                .clone()
                .unwrap_or_else(|| "page.html".into()),
            false,
        ),
    }
}

/// The template a page renders with, checked to exist.
pub fn template_name(
    site: &Site,
    templates: &Templates,
    id: PageId,
) -> std::result::Result<String, Diagnostic> {
    let page = &site.pages[id];
    let (name, from_front) = wanted_template(site, id);
    if templates.has(&name) {
        Ok(name)
    } else {
        let at = if from_front {
            page.key_location("template")
        } else {
            page.start_location()
        };
        Err(templates.missing(&name, at))
    }
}

/// Bytes a theme typically adds around a page's body (head, navigation, lists).
const PAGE_MARKUP_HINT: usize = 16 * 1024;

/// Renders one page or section through its template.
pub fn render_page(
    site: &Site,
    templates: &Templates,
    summaries: &[Value],
    body: OwnBody<'_>,
    id: PageId,
    name: &str,
) -> std::result::Result<OutputFile, Diagnostic> {
    // The page is its body plus the theme's markup: size the buffer once.
    let mut html = Vec::with_capacity(body.content.len() + PAGE_MARKUP_HINT);
    render_page_into(site, templates, summaries, body, id, name, &mut html)?;
    Ok(OutputFile {
        path: site.pages[id].output_file(),
        bytes: html,
    })
}

/// Renders page `id` (its own body is `body`) through template `name`,
/// appending the HTML to `html`.
pub fn render_page_into(
    site: &Site,
    templates: &Templates,
    summaries: &[Value],
    body: OwnBody<'_>,
    id: PageId,
    name: &str,
    html: &mut Vec<u8>,
) -> std::result::Result<(), Diagnostic> {
    let page = &site.pages[id];
    let mut context = Context::new();
    let body = Some(body);
    if page.kind == Kind::Section {
        context.insert_value("section", section_value(site, summaries, id, body));
    } else {
        context.insert_value("page", with_body(&summaries[id], body));
    }
    context.insert("current_url", &site.permalink(id));
    context.insert("current_path", &site.path(id));
    if site.config.is_multilingual() {
        insert_language(site, id, &mut context);
    }
    templates
        .tera
        .render_to(name, &context, html)
        .map_err(|e| templates.diagnostic(&e, Some(&page.display_path)))
}

/// One language of the switcher and of the `hreflang` alternates.
#[derive(Debug, serde::Serialize)]
struct VersionView {
    lang: String,
    /// The page in this language; none when it is not translated.
    permalink: Option<String>,
    /// Whether this is the page being rendered.
    current: bool,
}

/// Issue 17, multilingual sites only: `lang` (the page's language code),
/// `translations` (every language of the site, default first, with the
/// page's version in it or none) and, on a translation, `config` with the
/// language's title, description and home page as `base_url`.
fn insert_language(site: &Site, id: PageId, context: &mut Context) {
    let page = &site.pages[id];
    let lang = site.lang_of(id);
    let versions: Vec<VersionView> = site
        .config
        .language_codes()
        .enumerate()
        .map(|(n, code)| {
            let version = site.version_in(id, if n == 0 { "" } else { code });
            VersionView {
                lang: code.to_string(),
                permalink: version.map(|v| site.permalink(v)),
                current: version == Some(id),
            }
        })
        .collect();
    context.insert("lang", lang);
    context.insert("translations", &versions);
    if !page.lang.is_empty()
        && let Some(view) = ConfigView::for_language(&site.config, &page.lang)
    {
        context.insert("config", &view);
    }
}

/// The site's 404 page, if the theme has a 404.html.
fn render_not_found(
    site: &Site,
    templates: &Templates,
) -> Option<std::result::Result<OutputFile, Diagnostic>> {
    if !templates.has(NOT_FOUND_FILE) {
        return None;
    }
    let mut context = Context::new();
    context.insert("current_url", &site.url(NOT_FOUND_FILE));
    context.insert(
        "current_path",
        &format!("{}{NOT_FOUND_FILE}", site.config.base_path),
    );
    Some(
        templates
            .tera
            .render(NOT_FOUND_FILE, &context)
            .map(|html| OutputFile {
                path: NOT_FOUND_FILE.into(),
                bytes: html.into_bytes(),
            })
            .map_err(|e| templates.diagnostic(&e, None)),
    )
}

/// 404.html, through the theme's `404.html` template.
pub struct NotFound;

impl<B> SiteFile<B, Templates> for NotFound {
    fn path(&self) -> &'static str {
        NOT_FOUND_FILE
    }
    fn render(&self, inputs: &Inputs<'_, B, Templates>) -> Result<Vec<OutputFile>> {
        at_most_one(render_not_found(inputs.site, inputs.templates))
    }
    /// The 404 page may read any page through the site-wide functions: every
    /// edit may change it.
    fn affected_by(&self, _: &Site, _: &Edit, _: &[PageId]) -> bool {
        true
    }
}

/// Redirect pages for every alias.
pub fn alias_files(site: &Site) -> Vec<OutputFile> {
    site.aliases
        .iter()
        .map(|(alias, id)| OutputFile {
            path: urls::index_file(alias),
            bytes: crate::html::redirect_page(&site.permalink(*id)).into_bytes(),
        })
        .collect()
}
