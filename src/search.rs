//! Site search (issue 17): the built pages are indexed with the Pagefind
//! library at build time, and the index with Pagefind's browser files goes
//! into the output under `/pagefind/`. The default theme's `search.html`
//! renders the page at `/search/`, which loads `/pagefind/pagefind.js` from
//! the site itself.
//!
//! What gets indexed is decided by the HTML: the theme marks the main content
//! with `data-pagefind-body` (so navigation is left out), weights titles with
//! `data-pagefind-weight`, and records section and date with
//! `data-pagefind-filter` / `data-pagefind-meta`. Only the content pages are
//! handed to the index, never the generated pages (search, 404, taxonomies).

use std::sync::mpsc;
use std::thread;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use tera::Context;

use crate::diagnostics::{Diagnostic, Errors, Result};
use crate::output::OutputFile;
use crate::site::{Edit, Inputs, PageId, Site, SiteFile, files::at_most_one};
use crate::templates::Templates;
use crate::views::LinkView;

/// The template of the search page.
pub const TEMPLATE: &str = "search.html";
/// Where the search page goes, below the base path.
pub const PATH: &str = "search/";
/// The folder of the index and Pagefind's browser files, below the output root.
pub const BUNDLE: &str = "pagefind/";
/// Pagefind's entry script: its name is fixed, so pages can link it before
/// the index is built.
pub const ENTRY_SCRIPT: &str = "pagefind/pagefind.js";

/// Whether the site has search: on in site.toml and a `search.html` template.
pub fn enabled(site: &Site, templates: &Templates) -> bool {
    site.config.search.enabled && templates.has(TEMPLATE)
}

/// The templates search needs loaded.
pub fn wanted_templates(site: &Site) -> Vec<String> {
    if site.config.search.enabled {
        vec![TEMPLATE.to_string()]
    } else {
        Vec::new()
    }
}

/// The search page's URL for the templates (`search_url`), when search is on.
pub fn url(site: &Site, templates: &Templates) -> Option<String> {
    enabled(site, templates).then(|| format!("{}{PATH}", site.config.base_url))
}

/// The search page ([`render_page`]).
pub struct SearchPage;

impl<B> SiteFile<B, Templates> for SearchPage {
    fn path(&self) -> &'static str {
        PATH
    }
    fn render(&self, inputs: &Inputs<'_, B, Templates>) -> Result<Vec<OutputFile>> {
        at_most_one(render_page(inputs.site, inputs.templates))
    }
    /// It lists the sections and, like the 404 page, may read any page (the
    /// navigation): every edit may change it.
    fn affected_by(&self, _: &Site, _: &Edit, _: &[PageId]) -> bool {
        true
    }
}

/// The page at `/search/`, through [`TEMPLATE`]; None when search is off.
pub fn render_page(
    site: &Site,
    templates: &Templates,
) -> Option<std::result::Result<OutputFile, Diagnostic>> {
    if !enabled(site, templates) {
        return None;
    }
    // The sections, for the page's no-JavaScript fallback.
    let sections: Vec<LinkView> = site
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            p.kind == crate::content::Kind::Section && p.file != "_index.md" && p.lang.is_empty()
        })
        .map(|(id, _)| LinkView::new(site, id))
        .collect();
    let mut values = Context::new();
    values.insert("sections", &sections);
    Some(crate::render::render_generated(
        site,
        templates,
        TEMPLATE,
        PATH,
        "Search",
        &format!("Search the pages of {}.", site.config.title),
        values,
    ))
}

/// The language every page is indexed in: on a multilingual site, the
/// default language, so that one index holds the pages of every language and
/// the one `/search/` page finds them all (Pagefind otherwise makes one index
/// per `<html lang>`, which a search page in one language never loads). None
/// on a site of one language: Pagefind reads it from the pages.
pub fn index_language(site: &Site) -> Option<String> {
    site.config
        .is_multilingual()
        .then(|| site.config.language.clone())
}

/// Puts `files` (an index from [`index_pages`]) into `plan` in place of its
/// index.
pub fn replace_index(plan: &mut crate::output::Plan, files: Vec<OutputFile>) {
    plan.files.retain(|path, _| !path.starts_with(BUNDLE));
    for file in files {
        plan.add(file.path, crate::output::Contents::bytes(file.bytes));
    }
}

/// The index of the pages at `page_files` in `plan` (those it holds as bytes).
pub fn index_plan(
    plan: &crate::output::Plan,
    page_files: &[String],
    language: Option<&str>,
) -> Result<Vec<OutputFile>> {
    let pages = page_files
        .iter()
        .filter_map(|path| match plan.files.get(path) {
            Some(crate::output::Contents::Bytes(bytes)) => Some((path.as_str(), bytes.as_slice())),
            _ => None,
        });
    index_pages(pages, language)
}

/// A Pagefind index filled page by page on its own thread, so that indexing
/// runs while the other pages render and write.
pub struct Indexer {
    pages: mpsc::Sender<(String, String)>,
    worker: thread::JoinHandle<Result<Vec<OutputFile>>>,
}

impl Indexer {
    /// `language`: see [`index_language`].
    pub fn start(language: Option<&str>) -> Result<Indexer> {
        let (pages, received) = mpsc::channel::<(String, String)>();
        let language = language.map(str::to_string);
        let worker = thread::Builder::new()
            .name("search-index".into())
            .spawn(move || index(received, language))
            .map_err(|e| {
                Errors::one(Diagnostic::error(format!(
                    "cannot start the search indexer: {e}"
                )))
            })?;
        Ok(Indexer { pages, worker })
    }

    /// Adds the page written at `path` (below the output root).
    pub fn add(&self, path: &str, html: &[u8]) {
        // A send fails only if the worker stopped with an error: `finish` reports it.
        let _ = self
            .pages
            .send((path.to_string(), String::from_utf8_lossy(html).into_owned()));
    }

    /// Builds the index: the files to write, below the output root.
    pub fn finish(self) -> Result<Vec<OutputFile>> {
        drop(self.pages);
        self.worker.join().unwrap_or_else(|_| {
            Err(Errors::one(Diagnostic::error(
                "the search indexer stopped unexpectedly",
            )))
        })
    }
}

/// Indexes pages already rendered: `(path below the output root, HTML)`.
pub fn index_pages<'a>(
    pages: impl Iterator<Item = (&'a str, &'a [u8])>,
    language: Option<&str>,
) -> Result<Vec<OutputFile>> {
    let indexer = Indexer::start(language)?;
    for (path, html) in pages {
        indexer.add(path, html);
    }
    indexer.finish()
}

fn index(
    pages: mpsc::Receiver<(String, String)>,
    language: Option<String>,
) -> Result<Vec<OutputFile>> {
    let failed =
        |e: &dyn std::fmt::Display| Errors::one(Diagnostic::error(format!("search index: {e}")));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| failed(&e))?;
    runtime.block_on(async {
        let options = match language {
            Some(language) => PagefindServiceConfig::builder()
                .force_language(language)
                .build(),
            None => PagefindServiceConfig::builder().build(),
        };
        let mut index = PagefindIndex::new(Some(options)).map_err(|e| failed(&e))?;
        for (path, html) in pages {
            index
                .add_html_file(Some(path.clone()), None, html)
                .await
                .map_err(|e| failed(&format!("{path}: {e}")))?;
        }
        let files = index.get_files().await.map_err(|e| failed(&e))?;
        Ok(files
            .into_iter()
            .map(|file| OutputFile {
                path: format!(
                    "{BUNDLE}{}",
                    file.filename.to_string_lossy().replace('\\', "/")
                ),
                bytes: file.contents,
            })
            .collect())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!doctype html><html lang="en"><head><title>T</title></head><body>
<nav>Navigation words</nav>
<main data-pagefind-body><h1 data-pagefind-weight="10">Article 5 explained</h1>
<p>Collective defence.</p></main></body></html>"#;

    #[test]
    fn writes_the_index_and_the_browser_files_under_the_bundle_folder() {
        let files = index_pages(
            [("explainers/article-5/index.html", PAGE.as_bytes())].into_iter(),
            None,
        )
        .unwrap();
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        assert!(paths.iter().all(|p| p.starts_with(BUNDLE)), "{paths:?}");
        for wanted in [
            ENTRY_SCRIPT,
            "pagefind/pagefind-entry.json",
            "pagefind/pagefind-ui.js",
        ] {
            assert!(paths.contains(&wanted), "{wanted} missing from {paths:?}");
        }
        assert!(
            paths.iter().any(|p| p.starts_with("pagefind/index/")),
            "{paths:?}"
        );
        assert!(
            paths.iter().any(|p| p.starts_with("pagefind/fragment/")),
            "{paths:?}"
        );
    }

    #[test]
    fn a_forced_language_puts_pages_of_every_language_into_one_index() {
        let uk = PAGE
            .replace("lang=\"en\"", "lang=\"uk\"")
            .replace("Collective defence", "Колективна оборона");
        let files = index_pages(
            [
                ("explainers/article-5/index.html", PAGE.as_bytes()),
                ("uk/explainers/article-5/index.html", uk.as_bytes()),
            ]
            .into_iter(),
            Some("en"),
        )
        .unwrap();
        let entry = files
            .iter()
            .find(|f| f.path == "pagefind/pagefind-entry.json")
            .unwrap();
        let entry = String::from_utf8_lossy(&entry.bytes);
        assert!(entry.contains("\"en\""), "{entry}");
        assert!(!entry.contains("\"uk\""), "{entry}");
    }

    #[test]
    fn indexes_nothing_without_pages() {
        let files = index_pages(std::iter::empty(), None).unwrap();
        assert!(files.iter().any(|f| f.path == ENTRY_SCRIPT));
    }
}
