//! `briefing check`: everything `build` checks, plus what needs more than the
//! content: every quote against the archived text of its source
//! (`--archive DIR`, one `DIR/<source-id>.txt` per source, with its sha256 when
//! the source list gives one, see [`archive`]), stale pages as errors with
//! `--strict`, and the links of the built site (see [`crate::linkcheck`]): of
//! a fresh build held in memory, or of a folder already built with
//! `--output-dir DIR`. External links are listed, and fetched with
//! `--external`. All errors are numbered and reported together; any error
//! makes the exit code 1.

pub mod archive;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use crate::build::build_in_memory;
use crate::config::{Overrides, split_base_url};
use crate::diagnostics::{Diagnostic, Errors, Location, Severity};
use crate::layout::CONFIG_FILE;
use crate::linkcheck::external::ExternalReport;
use crate::linkcheck::{self, Base, BuiltSite, LinkReport};
use crate::markdown;
use crate::pipeline::BuildOptions;
use crate::site::Site;

pub use archive::{QuoteReport, check_quotes};

/// What to check, and how: the flags of `briefing check`.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// The site folder.
    pub root: PathBuf,
    /// Folder with the archived text of sources, one `<source-id>.txt` each.
    pub archive: Option<PathBuf>,
    /// Treat warnings (stale pages) as errors.
    pub strict: bool,
    /// Include drafts.
    pub drafts: bool,
    /// Include pages whose `publish_date` is after today.
    pub future: bool,
    /// Include pages whose `expiry_date` is today or before.
    pub expired: bool,
    /// Check the links of this built folder instead of a fresh build in memory.
    pub output: Option<PathBuf>,
    /// The base URL the site is (or was) built for; defaults to base_url in site.toml.
    pub base_url: Option<String>,
    /// Check a fresh build made with `--portable` (relative links).
    pub portable: bool,
    /// Also fetch external links.
    pub external: bool,
    /// How long to wait for each external link.
    pub timeout: Duration,
    /// Show a progress bar while fetching external links.
    pub progress: bool,
}

/// What became of the external links.
#[derive(Debug, Default)]
pub enum External {
    /// The site links to none.
    #[default]
    None,
    /// Not fetched: each URL and where it is linked from.
    Listed(BTreeMap<String, Vec<Location>>),
    /// Fetched (`--external`); its problems are in the report's diagnostics.
    Fetched(ExternalReport),
}

/// What a check found.
#[derive(Debug, Default)]
pub struct CheckReport {
    /// What was checked, for the closing line (`12 pages`, `40 links on 12 pages`, …).
    pub summary: Vec<String>,
    /// What became of the external links.
    pub external: External,
    /// The problems that fail the check, numbered (`[3/12]`) when there are several.
    pub errors: Vec<Diagnostic>,
    /// The problems that do not (stale pages, without `--strict`).
    pub warnings: Vec<Diagnostic>,
}

/// Checks the site (or the built folder) `options` name. `Err` when the site
/// does not build or the folder cannot be read; every other problem is in
/// the report.
pub fn run(options: &CheckOptions) -> Result<CheckReport, Errors> {
    let mut diagnostics = Vec::new();
    let mut summary = Vec::new();
    let links = if options.root.join(CONFIG_FILE).is_file() || options.output.is_none() {
        check_site(options, &mut diagnostics, &mut summary)
            .map_err(|errors| failed_build(options, errors))?
    } else {
        // A built folder without its sources: only its links can be checked.
        let (url, path) = match &options.base_url {
            Some(url) => split_base_url(url)
                .map_err(|e| Diagnostic::error(e).hint("pass the URL the site was built for"))?,
            None => (String::new(), "/".into()),
        };
        let dir = options.output.as_deref().unwrap_or(&options.root);
        linkcheck::check(
            &BuiltSite::from_dir(dir)?,
            &Base {
                url: &url,
                path: &path,
            },
        )
    };
    summary.push(format!("{} links on {} pages", links.links, links.pages));
    diagnostics.extend(links.diagnostics);
    let external = external_links(options, links.external, &mut diagnostics, &mut summary);
    if options.strict {
        for diagnostic in &mut diagnostics {
            diagnostic.severity = Severity::Error;
        }
    }
    let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) = diagnostics
        .into_iter()
        .partition(|d| d.severity == Severity::Error);
    Ok(CheckReport {
        summary,
        external,
        errors: number(errors),
        warnings,
    })
}

/// A build that failed may carry unchecked quotations as warnings:
/// errors for `--archive` and `--strict`.
fn failed_build(options: &CheckOptions, mut errors: Errors) -> Errors {
    if options.archive.is_some() || options.strict {
        for diagnostic in &mut errors.0 {
            diagnostic.severity = Severity::Error;
        }
    }
    errors
}

/// Content checks and quotes; returns the link report of the fresh build
/// (or of `--output-dir DIR`).
fn check_site(
    options: &CheckOptions,
    diagnostics: &mut Vec<Diagnostic>,
    summary: &mut Vec<String>,
) -> Result<LinkReport, Errors> {
    let build_options = BuildOptions {
        root: options.root.clone(),
        overrides: Overrides {
            base_url: options.base_url.clone(),
            output_dir: None,
        },
        drafts: options.drafts,
        future: options.future,
        expired: options.expired,
        portable: options.portable,
        minify: false,
        ..Default::default()
    };
    if let Some(archive) = &options.archive
        && !archive.is_dir()
    {
        return Err(Diagnostic::error(format!(
            "the archive folder {} {}",
            archive.display(),
            if archive.exists() {
                "is a file, not a folder"
            } else {
                "does not exist"
            }
        ))
        .hint("--archive names a folder holding one <source-id>.txt per archived source")
        .into());
    }
    let built = build_in_memory(&build_options)?;
    diagnostics.extend(built.warnings.iter().cloned());
    if options.archive.is_some() {
        // Quotations that are no checked quote fail a check of the quotes.
        let unchecked: std::collections::HashSet<String> =
            crate::render::quotation_warnings(&built.site, &built.bodies)
                .iter()
                .map(Diagnostic::headline)
                .collect();
        for diagnostic in diagnostics.iter_mut() {
            if unchecked.contains(&diagnostic.headline()) {
                diagnostic.severity = Severity::Error;
            }
        }
    }
    summary.push(format!("{} pages", built.site.pages.len()));
    match &options.archive {
        Some(archive) => {
            let mut quotes = QuoteReport::default();
            check_quotes(&built.site, &built.bodies, archive, &mut quotes);
            diagnostics.append(&mut quotes.diagnostics);
            summary.push(format!(
                "{} quotes verified against {} archived sources in {}",
                quotes.quotes_checked,
                quotes.sources_archived,
                archive.display()
            ));
        }
        None => summary.push("no quotes (no --archive given)".into()),
    }
    let config = &built.site.config;
    let output = match &options.output {
        Some(dir) => BuiltSite::from_dir(dir)?,
        None => BuiltSite::from_plan(
            &built.plan,
            &crate::content::shorten(
                &std::env::current_dir().unwrap_or_default(),
                &config.output_dir,
            ),
        )?,
    };
    let base = Base {
        url: &config.base_url,
        path: &config.base_path,
    };
    let site = &built.site;
    let bodies = &built.bodies;
    // A link a page's Markdown wrote is reported at its Markdown line.
    let locate = |page: &str, url: &str| {
        let &id = site.page_at.get(page)?;
        markdown_location(site, bodies, id, url)
    };
    // So is an id it wrote twice.
    let locate_id = |page: &str, html_id: &str| {
        let &id = site.page_at.get(page)?;
        markdown_id_location(site, bodies, id, html_id)
    };
    Ok(linkcheck::check_located_with(
        &output, &base, &locate, &locate_id,
    ))
}

/// Lists external links, or fetches them with `--external`.
fn external_links(
    options: &CheckOptions,
    external: BTreeMap<String, Vec<Location>>,
    diagnostics: &mut Vec<Diagnostic>,
    summary: &mut Vec<String>,
) -> External {
    if external.is_empty() {
        return External::None;
    }
    if !options.external {
        summary.push(format!("{} external links listed", external.len()));
        return External::Listed(external);
    }
    let mut fetched = linkcheck::external::check(&external, options.timeout, options.progress);
    summary.push(format!("{} external links fetched", fetched.checked));
    diagnostics.append(&mut fetched.diagnostics);
    External::Fetched(fetched)
}

/// Where the body of page `id` wrote a link to `url` (as found in its HTML):
/// a Markdown link with that destination, or else that text in the body
/// (a link in raw HTML). `None` if the body has no such text (the theme wrote it).
pub fn markdown_location(
    site: &Site,
    bodies: &[markdown::Rendered],
    id: crate::site::PageId,
    url: &str,
) -> Option<Location> {
    let page = &site.pages[id];
    let body = page.body();
    let decoded = crate::urls::percent_decode(url);
    let offset = bodies[id]
        .local_links
        .iter()
        .find(|link| link.url == url || crate::urls::percent_decode(&link.url) == decoded)
        .map(|link| link.offset)
        .or_else(|| {
            [url, decoded.as_str()]
                .into_iter()
                .filter(|text| !text.is_empty())
                .find_map(|text| body.find(text))
        })?;
    Some(Location::at_offset(
        &page.display_path,
        &page.source,
        page.body_offset + offset,
    ))
}

/// Where the Markdown of page `id` wrote the raw-HTML id `html_id` (its
/// last time: the one repeating an earlier one), if it did.
pub fn markdown_id_location(
    site: &Site,
    bodies: &[markdown::Rendered],
    id: crate::site::PageId,
    html_id: &str,
) -> Option<Location> {
    let page = &site.pages[id];
    let body = &bodies[id];
    let at = body
        .html_ids
        .iter()
        .rposition(|written| written == html_id)?;
    let offset = *body.html_id_offsets.get(at)?;
    Some(Location::at_offset(
        &page.display_path,
        &page.source,
        page.body_offset + offset,
    ))
}

/// Prefixes each error with its number, `[3/12]`, so a long report can be worked through.
fn number(errors: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let total = errors.len();
    if total < 2 {
        return errors;
    }
    errors
        .into_iter()
        .enumerate()
        .map(|(i, mut d)| {
            d.message = format!("[{}/{total}] {}", i + 1, d.message);
            d
        })
        .collect()
}
