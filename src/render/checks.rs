//! The cross-checks that need rendered bodies: broken anchors, links that
//! leave the base path, links to files missing from the output (with the
//! file most likely meant), stale pages, uncited blocks, sources dated after
//! the site's as-of line, and unchecked quotations.

use std::collections::{BTreeMap, HashMap};

use super::resolver::{Local, leaves_base_path, local_target};
use crate::diagnostics::{Diagnostic, Location, did_you_mean};
use crate::linkcheck::suggest::Suggest;
use crate::markdown::Rendered;
use crate::portable::{Link, classify, resolve_relative, split_suffix};
use crate::site::{PageId, Site};
use crate::urls::percent_decode;

/// Problems found while rendering bodies, and links to missing anchors.
pub fn body_errors(site: &Site, bodies: &[Rendered]) -> Vec<Diagnostic> {
    body_errors_of(site, bodies, 0..site.pages.len())
}

/// Problems found while rendering the bodies of `ids`, and their links to
/// missing anchors.
pub fn body_errors_of(
    site: &Site,
    bodies: &[Rendered],
    ids: impl IntoIterator<Item = PageId>,
) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for id in ids {
        let (page, body) = (&site.pages[id], &bodies[id]);
        let at = |offset: usize| {
            Location::at_offset(&page.display_path, &page.source, page.body_offset + offset)
        };
        for problem in &body.problems {
            errors.push(
                Diagnostic::error(problem.message.clone())
                    .at(at(problem.offset))
                    .maybe_hint(problem.hint.clone()),
            );
        }
        for link in &body.links {
            let Some(fragment) = &link.fragment else {
                continue;
            };
            let Some(&target) = site.by_file.get(&link.file) else {
                continue;
            };
            let target_body = &bodies[target];
            let mut ids = target_body
                .heading_ids
                .iter()
                .chain(&target_body.html_ids)
                .map(String::as_str);
            if !ids.any(|id| id == fragment) {
                let ids: Vec<&str> = target_body
                    .heading_ids
                    .iter()
                    .chain(&target_body.html_ids)
                    .map(String::as_str)
                    .collect();
                let hint = match did_you_mean(fragment, ids.iter().copied()) {
                    Some(best) => format!("did you mean `#{best}`?"),
                    None if ids.is_empty() => format!(
                        "content/{} has no headings (or raw HTML with that id)",
                        link.file
                    ),
                    None => format!(
                        "ids there: {}",
                        ids.iter()
                            .map(|i| format!("#{i}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                errors.push(
                    Diagnostic::error(format!(
                        "broken anchor: content/{} has no heading `#{fragment}` (nor raw HTML with that id)",
                        link.file
                    ))
                    .at(at(link.offset))
                    .hint(hint),
                );
            }
        }
        let own = page.output_file();
        for link in &body.local_links {
            if let Local::Escapes = local_target(site, &own, &link.url) {
                errors.push(leaves_base_path(site, &link.url).at(at(link.offset)));
            }
        }
    }
    errors
}

/// A link a page body wrote to a file that is not a page: whether it exists
/// is known once the output is assembled (see [`missing_files`]).
#[derive(Debug, Clone)]
pub struct FileLink {
    pub page: PageId,
    pub url: String,
    /// The file it names, below the output root.
    pub file: String,
    /// Written as `@/file`.
    pub internal: bool,
    pub at: Location,
}

/// The links of the bodies of `ids` to files that are neither pages, aliases
/// nor files of `content/`, located while the pages' text is at hand.
pub fn file_links_of(
    site: &Site,
    bodies: &[Rendered],
    ids: impl IntoIterator<Item = PageId>,
) -> Vec<FileLink> {
    let mut links = Vec::new();
    for id in ids {
        let page = &site.pages[id];
        let own = page.output_file();
        for link in &bodies[id].local_links {
            if let Local::File(file) = local_target(site, &own, &link.url) {
                links.push(FileLink {
                    page: id,
                    url: link.url.clone(),
                    file,
                    internal: link.internal,
                    at: Location::at_offset(
                        &page.display_path,
                        &page.source,
                        page.body_offset + link.offset,
                    ),
                });
            }
        }
    }
    links
}

/// An error for each of `links` that names no file of the output (`files`,
/// besides the pages, aliases and files of `content/`), with the file it most
/// likely meant.
pub fn missing_files<C>(
    site: &Site,
    links: &[FileLink],
    files: &BTreeMap<String, C>,
) -> Vec<Diagnostic> {
    let exists = |file: &str| {
        files.contains_key(file)
            || site.known_files.contains(file)
            || files.contains_key(&format!("{file}/index.html"))
    };
    let missing: Vec<&FileLink> = links.iter().filter(|l| !exists(&l.file)).collect();
    if missing.is_empty() {
        return Vec::new();
    }
    let suggest = Suggest::new(
        files
            .keys()
            .map(String::as_str)
            .chain(site.known_files.iter().map(String::as_str)),
    );
    // Output path → the file of content/ it comes from, for `@/` hints.
    let asset_sources: HashMap<&str, &str> = site
        .asset_files
        .iter()
        .map(|(file, output)| (output.as_str(), file.as_str()))
        .collect();
    missing
        .into_iter()
        .map(|link| {
            if let Some(draft) = draft_linked(site, &link.file) {
                return Diagnostic::error(format!(
                    "broken link `{}`: `content/{draft}` is a draft, left out without --drafts",
                    link.url
                ))
                .at(link.at.clone())
                .hint("build with --drafts, or remove the link until the page is published");
            }
            if link.internal {
                // Said as written, `@/img/map.png`, not as the URL it became.
                let hint = missing_file_hint(site, link, &suggest, &asset_sources)
                    .unwrap_or_else(|| {
                        "`@/` names a file below content/ or static/ by its path there, e.g. @/img/map.png for static/img/map.png; check the folder and the file's name".into()
                    });
                return Diagnostic::error(format!(
                    "broken internal link: `@/{}` names no file below content/ or static/",
                    link.file
                ))
                .at(link.at.clone())
                .hint(hint);
            }
            Diagnostic::error(format!(
                "broken link `{}`: there is no {} in the output",
                link.url, link.file
            ))
            .at(link.at.clone())
            .maybe_hint(missing_file_hint(site, link, &suggest, &asset_sources))
        })
        .collect()
}

/// The draft (file below content/) left out of the build whose page would be
/// the output file `file` (`drafty/index.html`, or `drafty` for `drafty/`).
fn draft_linked<'a>(site: &'a Site, file: &str) -> Option<&'a str> {
    site.draft_at
        .get(file)
        .or_else(|| site.draft_at.get(&format!("{file}/index.html")))
        .map(String::as_str)
}

/// For a link to a Markdown file of content/, its `@/` form; else the file
/// most likely meant, written the way the link was (relative, root-relative
/// or absolute), with the page it is.
fn missing_file_hint(
    site: &Site,
    link: &FileLink,
    suggest: &Suggest<'_>,
    asset_sources: &HashMap<&str, &str>,
) -> Option<String> {
    let page = &site.pages[link.page];
    let config = &site.config;
    let (path, fragment) = split_suffix(&link.url);
    let fragment = fragment.split_once('#').map_or("", |(_, f)| f);
    let with_fragment = |text: String| {
        if fragment.is_empty() {
            text
        } else {
            format!("{text}#{fragment}")
        }
    };
    if path.ends_with(".md") {
        // A relative link to a Markdown file is read from the Markdown file
        // (as an editor does) or from the page's URL (as a browser does).
        let candidates = match classify(path, &config.base_url, &config.base_path) {
            Link::Relative { path, .. } => vec![
                resolve_relative(&page.file, path),
                resolve_relative(&page.output_file(), path),
            ],
            Link::Internal { path, .. } => vec![Some(path)],
            _ => Vec::new(),
        };
        let content = candidates
            .into_iter()
            .flatten()
            .map(|p| percent_decode(&p))
            .find(|c| {
                site.by_file.contains_key(c)
                    || site.drafts.contains(c)
                    || site.scheduled.contains_key(c)
            });
        if let Some(content) = content {
            return Some(format!(
                "link Markdown files as {}",
                with_fragment(format!("@/{content}"))
            ));
        }
    }
    if link.url.starts_with("www.") {
        return Some(format!(
            "a link to another site needs its scheme: https://{}",
            link.url
        ));
    }
    let own = page.output_file();
    let best = suggest.closest(&link.file, &own)?;
    let target = best.strip_suffix("index.html").unwrap_or(best);
    let written = if link.internal {
        let file = match (site.page_at.get(best), asset_sources.get(best)) {
            (Some(&target), _) => site.pages[target].file.as_str(),
            (None, Some(file)) => file,
            (None, None) => best,
        };
        format!("@/{file}")
    } else if link.url.starts_with('/') {
        format!("{}{target}", config.base_path)
    } else if matches!(
        classify(&link.url, &config.base_url, &config.base_path),
        Link::Internal { .. }
    ) {
        format!("{}{target}", config.base_url)
    } else {
        let relative = crate::portable::relative_path(&own, best);
        match relative.strip_suffix("index.html") {
            Some("") => "./".to_string(),
            Some(folder) => folder.to_string(),
            None => relative,
        }
    };
    let written = with_fragment(written);
    Some(match site.page_at.get(best) {
        Some(&target) => format!(
            "did you mean {written} ({})?",
            site.pages[target].display_path.display()
        ),
        None => format!("did you mean {written}?"),
    })
}

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
        for problem in &body.quotations {
            warnings.push(
                Diagnostic::warning(problem.message.clone())
                    .at(Location::at_offset(
                        &page.display_path,
                        &page.source,
                        page.body_offset + problem.offset,
                    ))
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
        let at = |offset: usize| {
            Location::at_offset(&page.display_path, &page.source, page.body_offset + offset)
        };
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
