//! `briefing check`: everything `build` checks, plus what needs more than the
//! content: every quote against the archived text of its source
//! (`--archive DIR`, one `DIR/<source-id>.txt` per source, with its sha256 when
//! the source list gives one), and stale pages as errors with `--strict`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use clap::Args;
use sha2::{Digest, Sha256};

use crate::build::{BuildOptions, prepare};
use crate::cli::Printer;
use crate::config::Overrides;
use crate::diagnostics::{Diagnostic, Errors, Location, Severity, io_error};
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
        let options = BuildOptions {
            root: root.to_path_buf(),
            overrides: Overrides::default(),
            drafts: self.drafts,
        };
        let prepared = prepare(&options)?;
        let mut report = CheckReport {
            diagnostics: prepared.warnings.clone(),
            ..CheckReport::default()
        };
        if let Some(archive) = &self.archive {
            check_quotes(&prepared.site, &prepared.bodies, archive, &mut report);
        }
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
            return Err(Errors(errors));
        }
        let archived = match &self.archive {
            Some(dir) => format!(
                ", {} quotes verified against {} archived sources in {}",
                report.quotes_checked,
                report.sources_archived,
                dir.display()
            ),
            None => " (no --archive given: quotes not verified)".into(),
        };
        printer.info(&format!(
            "Checked {} pages{archived}: no errors{}",
            prepared.site.pages.len(),
            if warnings.is_empty() {
                String::new()
            } else {
                format!(", {} warnings", warnings.len())
            }
        ));
        Ok(())
    }
}

/// Verifies every quote in the site against `archive/<source>.txt`.
pub fn check_quotes(
    site: &Site,
    bodies: &[markdown::Rendered],
    archive: &Path,
    report: &mut CheckReport,
) {
    let mut texts: HashMap<String, Option<(String, String)>> = HashMap::new();
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
            let Some((raw, normalised)) = entry else {
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
            report.quotes_checked += 1;
            if quotes::matches(&quote.text, normalised) {
                continue;
            }
            let hint = match quotes::closest_passage(&quote.text, raw) {
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
) -> Option<(String, String)> {
    let path = archive.join(format!("{id}.txt"));
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(e) => {
            report.diagnostics.push(io_error("read", &path, &e));
            return None;
        }
    };
    report.sources_archived += 1;
    if let Some(expected) = site.sources.get(id).and_then(|s| s.sha256.as_deref()) {
        let actual = format!("{:x}", Sha256::digest(&bytes));
        if !actual.eq_ignore_ascii_case(expected) {
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
    }
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let normalised = quotes::normalise(&text);
    Some((text, normalised))
}
