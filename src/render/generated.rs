//! Pages the engine makes without a content file: the site-wide corrections
//! page, and any generated page through a theme template; plus the config
//! every template sees.

use tera::Context;

use crate::diagnostics::{Diagnostic, Result};
use crate::frontmatter::NoticeView;
use crate::output::OutputFile;
use crate::site::{Edit, Inputs, PageId, Site, SiteFile, files::at_most_one};
use crate::templates::Templates;
use crate::views::{ConfigView, LinkView};

/// The config as templates see it, set once per template set, with
/// `corrections_url`: the site-wide corrections page's URL, or none when the
/// site has no correction or update (or its theme no `corrections.html`).
pub fn set_config(templates: &mut Templates, site: &Site) {
    let corrections_url = (has_notices(site) && templates.has(CORRECTIONS_TEMPLATE))
        .then(|| site.url(CORRECTIONS_PATH));
    let globals = templates.tera.global_context();
    globals.insert("config", &ConfigView::new(&site.config));
    // Issue 17: the page's language and its versions; a multilingual site
    // sets both per page (see `insert_language`).
    globals.insert("lang", &site.config.language);
    globals.insert("translations", &Vec::<()>::new());
    globals.insert("corrections_url", &corrections_url);
}

/// Issue 13: the site-wide page of corrections and updates, at
/// `/corrections/`, rendered by `corrections.html` when any page has one.
pub const CORRECTIONS_TEMPLATE: &str = "corrections.html";
const CORRECTIONS_PATH: &str = "corrections/";

/// Whether any page has a correction or an update.
pub fn has_notices(site: &Site) -> bool {
    site.pages
        .iter()
        .any(|p| !p.front.corrections.is_empty() || !p.front.updates.is_empty())
}

/// One entry of the corrections page.
#[derive(Debug, serde::Serialize)]
struct NoticeEntry {
    /// `correction` or `update`.
    kind: &'static str,
    #[serde(flatten)]
    notice: NoticeView,
    page: LinkView,
}

/// Every correction and update of the site, newest first; on the same day,
/// corrections before updates, then by page title and as written.
fn notice_entries(site: &Site) -> Vec<NoticeEntry> {
    let mut entries = Vec::new();
    for (id, page) in site.pages.iter().enumerate() {
        for (kind, notices) in [
            ("correction", &page.front.corrections),
            ("update", &page.front.updates),
        ] {
            for notice in NoticeView::list(notices) {
                entries.push(NoticeEntry {
                    kind,
                    notice,
                    page: LinkView::new(site, id),
                });
            }
        }
    }
    entries.sort_by(|a, b| {
        b.notice
            .date
            .cmp(&a.notice.date)
            .then_with(|| a.kind.cmp(b.kind))
            .then_with(|| a.page.title.cmp(&b.page.title))
    });
    entries
}

/// The corrections page, if the site has corrections or updates and the
/// templates a `corrections.html`. It gets `page` (its title and the home
/// page as its one ancestor, for the base template) and `corrections`.
fn render_corrections(
    site: &Site,
    templates: &Templates,
) -> Option<std::result::Result<OutputFile, Diagnostic>> {
    if !has_notices(site) || !templates.has(CORRECTIONS_TEMPLATE) {
        return None;
    }
    let mut values = Context::new();
    values.insert("corrections", &notice_entries(site));
    Some(render_generated(
        site,
        templates,
        CORRECTIONS_TEMPLATE,
        CORRECTIONS_PATH,
        "Corrections and updates",
        &format!(
            "Every correction and substantive update published on {}, newest first.",
            site.config.title
        ),
        values,
    ))
}

/// The corrections page, `corrections/`, when the site has corrections or
/// updates and a `corrections.html` template.
pub struct Corrections;

impl<B> SiteFile<B, Templates> for Corrections {
    fn path(&self) -> &'static str {
        CORRECTIONS_PATH
    }
    fn render(&self, inputs: &Inputs<'_, B, Templates>) -> Result<Vec<OutputFile>> {
        at_most_one(render_corrections(inputs.site, inputs.templates))
    }
    /// It names the pages it lists: any change of front matter.
    fn affected_by(&self, _: &Site, edit: &Edit, _: &[PageId]) -> bool {
        !edit.fronts.is_empty()
    }
}

/// A page the engine makes (no content file) at `path` below the base path
/// (ending in `/`), through `template`, with `values` and `page`: its title,
/// description and the home page as its one ancestor, for the base template.
pub fn render_generated(
    site: &Site,
    templates: &Templates,
    template: &str,
    path: &str,
    title: &str,
    description: &str,
    values: Context,
) -> std::result::Result<OutputFile, Diagnostic> {
    let config = &site.config;
    let ancestors: Vec<LinkView> = site
        .by_file
        .get("_index.md")
        .map(|&home| LinkView::new(site, home))
        .into_iter()
        .collect();
    let url = site.url(path);
    let site_path = format!("{}{path}", config.base_path);
    let page = serde_json::json!({
        "kind": "generated",
        "title": title,
        "description": description,
        "relative_path": "",
        "path": site_path,
        "permalink": url,
        "ancestors": ancestors,
    });
    let mut context = values;
    context.insert("page", &page);
    context.insert("current_url", &url);
    context.insert("current_path", &site_path);
    templates
        .tera
        .render(template, &context)
        .map(|html| OutputFile {
            path: crate::urls::index_file(path),
            bytes: html.into_bytes(),
        })
        .map_err(|e| templates.diagnostic(&e, None))
}
