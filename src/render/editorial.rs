//! The editorial checks: stale pages, blocks without a citation, sources
//! dated after the site's as-of line, and passages in quotation marks that
//! are no checked quote.

use crate::diagnostics::Diagnostic;
use crate::markdown::Rendered;
use crate::site::Site;

/// Whether each page's last review is older than the configured maximum age.
pub fn stale_flags(site: &Site) -> Vec<bool> {
    let (Some(as_of), Some(max_age)) = (site.config.as_of, site.config.max_age_days) else {
        return vec![false; site.pages.len()];
    };
    site.pages
        .iter()
        .map(|page| is_stale(&page.front, as_of, max_age))
        .collect()
}

/// Whether a page's last review (`reviewed`, else `updated`) is more than
/// `max_age` days before `as_of`; a page with neither is not stale.
pub fn is_stale(
    front: &crate::frontmatter::FrontMatter,
    as_of: chrono::NaiveDate,
    max_age: u32,
) -> bool {
    match front.reviewed.or(front.updated) {
        Some(date) => (as_of - date.date).num_days() > i64::from(max_age),
        None => false,
    }
}

/// A warning for each passage in quotation marks that is no checked quote
/// (an error in `check --archive` and `check --strict`).
pub fn quotation_warnings(site: &Site, bodies: &[Rendered]) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    for (page, body) in site.pages.iter().zip(bodies) {
        let locator = page.locator();
        for problem in &body.quotations {
            warnings.push(
                Diagnostic::warning(problem.message.clone())
                    .at(locator.body(problem.offset))
                    .maybe_hint(problem.hint.clone()),
            );
        }
    }
    warnings
}

/// A warning for each stale page.
pub fn freshness_warnings(site: &Site) -> Vec<Diagnostic> {
    stale_flags(site)
        .iter()
        .zip(&site.pages)
        .filter(|(stale, _)| **stale)
        .map(|(_, page)| {
            let max_age = site.config.max_age_days.unwrap_or(0);
            Diagnostic::warning(format!(
                "stale: last reviewed more than {max_age} days before the site's as_of date"
            ))
            .at(page.key_location("reviewed"))
            .hint("check the page against current reporting and update `reviewed:`")
        })
        .collect()
}

/// Issue 13: a warning for each block without a citation in a section that
/// requires them, and for each source cited on a page but dated after the
/// site's `as_of` (the page would report facts newer than its as-of line), at
/// the source's first citation. Needs the pages' Markdown text.
pub fn editorial_warnings(site: &Site, bodies: &[Rendered]) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    for (page, body) in site.pages.iter().zip(bodies) {
        let locator = page.locator();
        let at = |offset: usize| locator.body(offset);
        for &offset in &body.uncited {
            warnings.push(
                Diagnostic::warning(format!(
                    "uncited: section `{}` requires a citation in every paragraph and list item",
                    page.section_name
                ))
                .at(at(offset))
                .hint(format!(
                    "cite a source, e.g. `[@source-id]`, or start the block with `{}` if it is the editors' own analysis",
                    "{analysis}"
                )),
            );
        }
        let Some(as_of) = site.config.as_of else {
            continue;
        };
        let date_of = |id: &str| site.sources.get(id).and_then(|s| s.date);
        for (id, offset, date) in cited_after(body, as_of, date_of) {
            warnings.push(
                Diagnostic::warning(format!(
                    "source `{id}` is dated {}, after the site's as_of ({as_of}): this page reports facts newer than its as-of line",
                    date.iso()
                ))
                .at(at(offset))
                .hint("move `as_of` in site.toml forward once the page is checked against the newer source, or cite an earlier one"),
            );
        }
    }
    warnings
}

/// The sources `body` cites that are dated after `as_of`, each with the
/// offset of its first citation and its date. A month or a year is after
/// `as_of` only when it starts after it (`2025-12` is not after 2025-12-15).
fn cited_after(
    body: &Rendered,
    as_of: chrono::NaiveDate,
    date_of: impl Fn(&str) -> Option<crate::dates::PartialDate>,
) -> Vec<(&str, usize, crate::dates::PartialDate)> {
    body.citations
        .iter()
        .zip(&body.first_cited)
        .filter_map(|(id, &offset)| {
            date_of(id)
                .filter(|date| date.date > as_of)
                .map(|date| (id.as_str(), offset, date))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::PartialDate;

    #[test]
    fn finds_sources_dated_after_as_of_at_their_first_citation() {
        let as_of = chrono::NaiveDate::from_ymd_opt(2025, 12, 15).unwrap_or_default();
        let dates = |id: &str| {
            let text = match id {
                "same-day" => "2025-12-15",
                "next-day" => "2025-12-16",
                "month" => "2025-12",
                "next-month" => "2026-01",
                "year" => "2025",
                "next-year" => "2026",
                "timed" => "2025-12-15T23:59:59-05:00",
                "timed-late" => "2025-12-16T00:30:00+02:00",
                _ => return None,
            };
            PartialDate::parse(text).ok()
        };
        for (cited, late) in [
            (&["same-day"][..], &[][..]),
            (&["next-day"], &["next-day"]),
            (&["month", "year", "timed"], &[]),
            (
                &["next-month", "undated", "next-year"],
                &["next-month", "next-year"],
            ),
            (&["timed-late"], &["timed-late"]),
            (&[], &[]),
        ] {
            let body = Rendered {
                citations: cited.iter().map(|id| id.to_string()).collect(),
                first_cited: (0..cited.len()).map(|i| i * 10).collect(),
                ..Rendered::default()
            };
            let found = cited_after(&body, as_of, dates);
            let ids: Vec<&str> = found.iter().map(|(id, _, _)| *id).collect();
            assert_eq!(ids, late, "{cited:?}");
            for (id, offset, _) in found {
                let index = cited.iter().position(|c| *c == id).unwrap_or(usize::MAX);
                assert_eq!(offset, index * 10, "offset of {id}");
            }
        }
    }
}
