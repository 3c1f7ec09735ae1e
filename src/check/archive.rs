//! Verifying the site's quotes against the archive folder (`check --archive
//! DIR`): each source's text is read once from `DIR/<source-id>.txt`, its
//! sha256 compared with the one the source list pins, and every quote looked
//! up in it (see [`crate::quotes`] for how text is matched).

use std::collections::HashMap;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::diagnostics::{Diagnostic, Location, io_error};
use crate::markdown;
use crate::quotes;
use crate::site::Site;

/// What verifying the quotes found.
#[derive(Debug, Default)]
pub struct QuoteReport {
    /// Quotes looked up in an archived text.
    pub quotes_checked: usize,
    /// Sources whose archived text was found.
    pub sources_archived: usize,
    /// Missing texts, sha256 mismatches and quotes not found.
    pub diagnostics: Vec<Diagnostic>,
}

/// Verifies every quote in the site against `archive/<source>.txt`.
pub fn check_quotes(
    site: &Site,
    bodies: &[markdown::Rendered],
    archive: &Path,
    report: &mut QuoteReport,
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

/// The archived text of source `id`: `None` when `archive` has no file for
/// it, `Some(None)` when the file is unreadable (reported in `report`).
fn load_archive(
    site: &Site,
    archive: &Path,
    id: &str,
    report: &mut QuoteReport,
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
