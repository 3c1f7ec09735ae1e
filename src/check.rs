//! `briefing check`: everything `build` checks, plus what needs more than the
//! content: every quote against the archived text of its source
//! (`--archive DIR`, one `DIR/<source-id>.txt` per source, with its sha256 when
//! the source list gives one), stale pages as errors with `--strict`, and the
//! links of the built site (see [`crate::linkcheck`]): of a fresh build held in
//! memory, or of a folder already built with `--output-dir DIR`. External links are
//! listed, and fetched with `--external`. All errors are numbered and reported
//! together; any error makes the exit code 1.

use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::Args;
use sha2::{Digest, Sha256};

use crate::build::{BuildOptions, prepare};
use crate::config::{CONFIG_FILE, Overrides, split_base_url};
use crate::console::Printer;
use crate::diagnostics::{Diagnostic, Errors, Location, Severity, io_error};
use crate::linkcheck::{self, Base, BuiltSite, LinkReport};
use crate::markdown;
use crate::quotes;
use crate::site::Site;

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Folder with the archived text of sources, one `<source-id>.txt` each.
    #[arg(long)]
    pub archive: Option<PathBuf>,
    /// Treat warnings (stale pages) as errors.
    #[arg(long)]
    pub strict: bool,
    /// Include drafts.
    #[arg(long)]
    pub drafts: bool,
    #[command(flatten)]
    pub schedule: crate::schedule::ScheduleFlags,
    /// Check the links of this built folder instead of a fresh build in memory.
    #[arg(short, long = "output-dir", value_name = "DIR", alias = "output")]
    pub output: Option<PathBuf>,
    /// The base URL the site is (or was) built for; defaults to base_url in site.toml.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Check a fresh build made with --portable (relative links).
    #[arg(long, conflicts_with = "output")]
    pub portable: bool,
    /// Also fetch external links and report those that fail.
    #[arg(long)]
    pub external: bool,
    /// Seconds to wait for each external link.
    #[arg(long, value_name = "SECS", default_value_t = 10)]
    pub timeout: u64,
}

/// What a check found.
#[derive(Debug, Default)]
pub struct CheckReport {
    pub quotes_checked: usize,
    pub sources_archived: usize,
    pub diagnostics: Vec<Diagnostic>,
}

impl CheckArgs {
    pub fn run(&self, root: &Path, printer: Printer) -> Result<(), Errors> {
        let mut report = CheckReport::default();
        let mut summary = Vec::new();
        let links = if root.join(CONFIG_FILE).is_file() || self.output.is_none() {
            self.check_site(root, &mut report, &mut summary)
                .map_err(|errors| self.failed_build(errors))?
        } else {
            // A built folder without its sources: only its links can be checked.
            let (url, path) = match &self.base_url {
                Some(url) => split_base_url(url).map_err(|e| {
                    Diagnostic::error(e).hint("pass the URL the site was built for")
                })?,
                None => (String::new(), "/".into()),
            };
            let dir = self.output.as_deref().unwrap_or(root);
            linkcheck::check(
                &BuiltSite::from_dir(dir)?,
                &Base {
                    url: &url,
                    path: &path,
                },
            )
        };
        summary.push(format!("{} links on {} pages", links.links, links.pages));
        report.diagnostics.extend(links.diagnostics);
        self.external_links(&links.external, printer, &mut report, &mut summary);
        if self.strict {
            for diagnostic in &mut report.diagnostics {
                diagnostic.severity = Severity::Error;
            }
        }
        let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) = report
            .diagnostics
            .into_iter()
            .partition(|d| d.severity == Severity::Error);
        printer.warnings(&warnings);
        if !errors.is_empty() {
            return Err(Errors(number(errors)));
        }
        printer.info(&format!(
            "Checked {}: no errors{}",
            summary.join(", "),
            if warnings.is_empty() {
                String::new()
            } else {
                format!(", {} warnings", warnings.len())
            }
        ));
        Ok(())
    }

    /// A build that failed may carry unchecked quotations as warnings:
    /// errors for `--archive` and `--strict`.
    fn failed_build(&self, mut errors: Errors) -> Errors {
        if self.archive.is_some() || self.strict {
            for diagnostic in &mut errors.0 {
                diagnostic.severity = Severity::Error;
            }
        }
        errors
    }

    /// Content checks and quotes; returns the link report of the fresh build
    /// (or of `--output-dir DIR`).
    fn check_site(
        &self,
        root: &Path,
        report: &mut CheckReport,
        summary: &mut Vec<String>,
    ) -> Result<LinkReport, Errors> {
        let options = BuildOptions {
            root: root.to_path_buf(),
            overrides: Overrides {
                base_url: self.base_url.clone(),
                output_dir: None,
            },
            drafts: self.drafts,
            future: self.schedule.future,
            expired: self.schedule.expired,
            portable: self.portable,
            minify: false,
            ..Default::default()
        };
        if let Some(archive) = &self.archive
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
        let prepared = prepare(&options)?;
        report.diagnostics.extend(prepared.warnings.iter().cloned());
        if self.archive.is_some() {
            // Quotations that are no checked quote fail a check of the quotes.
            let unchecked: std::collections::HashSet<String> =
                crate::render::quotation_warnings(&prepared.site, &prepared.bodies)
                    .iter()
                    .map(Diagnostic::headline)
                    .collect();
            for diagnostic in &mut report.diagnostics {
                if unchecked.contains(&diagnostic.headline()) {
                    diagnostic.severity = Severity::Error;
                }
            }
        }
        summary.push(format!("{} pages", prepared.site.pages.len()));
        match &self.archive {
            Some(archive) => {
                check_quotes(&prepared.site, &prepared.bodies, archive, report);
                summary.push(format!(
                    "{} quotes verified against {} archived sources in {}",
                    report.quotes_checked,
                    report.sources_archived,
                    archive.display()
                ));
            }
            None => summary.push("no quotes (no --archive given)".into()),
        }
        let config = &prepared.site.config;
        let built = match &self.output {
            Some(dir) => BuiltSite::from_dir(dir)?,
            None => BuiltSite::from_plan(
                &prepared.plan,
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
        let site = &prepared.site;
        let bodies = &prepared.bodies;
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
            &built, &base, &locate, &locate_id,
        ))
    }

    /// Lists external links, or fetches them with `--external`.
    fn external_links(
        &self,
        external: &std::collections::BTreeMap<String, Vec<Location>>,
        printer: Printer,
        report: &mut CheckReport,
        summary: &mut Vec<String>,
    ) {
        if external.is_empty() {
            return;
        }
        if !self.external {
            printer.info(&format!(
                "{} external links (not fetched; pass --external to check them):",
                external.len()
            ));
            for (url, locations) in external {
                printer.info(&format!("  {url} ({})", locations.len()));
            }
            summary.push(format!("{} external links listed", external.len()));
            return;
        }
        let progress = !printer.quiet && std::io::stderr().is_terminal();
        let fetched =
            linkcheck::external::check(external, Duration::from_secs(self.timeout), progress);
        printer.info(&format!(
            "External links: {} fetched ({})",
            fetched.checked,
            fetched.summary()
        ));
        summary.push(format!("{} external links fetched", fetched.checked));
        report.diagnostics.extend(fetched.diagnostics);
    }
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

/// Verifies every quote in the site against `archive/<source>.txt`.
pub fn check_quotes(
    site: &Site,
    bodies: &[markdown::Rendered],
    archive: &Path,
    report: &mut CheckReport,
) {
    // Per source: `None` when its archive file is missing; `Some(None)` when
    // it exists but could not be read (already reported once, by load_archive).
    let mut texts: HashMap<String, Option<Option<quotes::Archive>>> = HashMap::new();
    for (page, body) in site.pages.iter().zip(bodies) {
        for quote in &body.quotes {
            let at = Location::at_offset(
                &page.display_path,
                &page.source,
                page.body_offset + quote.offset,
            );
            let entry = texts
                .entry(quote.source.clone())
                .or_insert_with(|| load_archive(site, archive, &quote.source, report));
            let Some(loaded) = entry else {
                report.diagnostics.push(
                    Diagnostic::error(format!(
                        "cannot verify quote: no archived text for source `{}`",
                        quote.source
                    ))
                    .at(at)
                    .hint(format!(
                        "save the source's text as {}",
                        archive.join(format!("{}.txt", quote.source)).display()
                    )),
                );
                continue;
            };
            let Some(archived) = loaded else {
                continue;
            };
            report.quotes_checked += 1;
            match archived.find(&quote.text) {
                quotes::Found::Quoted => continue,
                quotes::Found::Unquoted if quote.wording => continue,
                quotes::Found::Unquoted => {
                    report.diagnostics.push(
                        Diagnostic::error(format!(
                            "quote is not a quotation in source `{}`: “{}” is the source's own wording, not words it quotes",
                            quote.source, quote.text
                        ))
                        .at(at)
                        .hint(format!(
                            "quote only words the source puts in quotation marks, say it in your own words, \
                             or mark the source's own wording: [“{}”][@{}, wording]",
                            quote.text, quote.source
                        )),
                    );
                    continue;
                }
                quotes::Found::Missing => {}
            }
            let hint = match quotes::closest_passage(&quote.text, &archived.raw) {
                Some((passage, _)) => format!("the closest passage in the source is: “{passage}”"),
                None => "the archived text is empty".into(),
            };
            report.diagnostics.push(
                Diagnostic::error(format!(
                    "quote not found in source `{}`: “{}”",
                    quote.source, quote.text
                ))
                .at(at)
                .hint(hint),
            );
        }
    }
}

fn load_archive(
    site: &Site,
    archive: &Path,
    id: &str,
    report: &mut CheckReport,
) -> Option<Option<quotes::Archive>> {
    let path = archive.join(format!("{id}.txt"));
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(e) => {
            report.diagnostics.push(io_error("read", &path, &e));
            return Some(None);
        }
    };
    report.sources_archived += 1;
    let actual = format!("{:x}", Sha256::digest(&bytes));
    // A file that is not text (UTF-16, bad bytes) is one error; its sha256 and
    // its quotes are not also reported.
    let text = match crate::text::decode(&path, bytes) {
        Ok(text) => text,
        Err(diagnostic) => {
            report.diagnostics.push(diagnostic);
            return Some(None);
        }
    };
    if let Some(expected) = site.sources.get(id).and_then(|s| s.sha256.as_deref())
        && !actual.eq_ignore_ascii_case(expected)
    {
        let at = site.sources.declared_at.get(id).cloned();
        let diagnostic = Diagnostic::error(format!(
            "archived text of `{id}` does not match its sha256 (expected {expected}, found {actual})"
        ))
        .hint(format!("the archive at {} changed; re-check it and update sha256", path.display()));
        report.diagnostics.push(match at {
            Some(at) => diagnostic.at(at),
            None => diagnostic.in_file(&path),
        });
    }
    Some(Some(quotes::Archive::new(text)))
}
