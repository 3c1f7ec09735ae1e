//! The link checks that need rendered bodies: broken anchors, links that
//! leave the base path, and links to files missing from the output (with the
//! file most likely meant).

use std::collections::{BTreeMap, HashMap};

use super::resolver::{Local, leaves_base_path, local_target};
use crate::diagnostics::{Diagnostic, Location, did_you_mean};
use crate::markdown::Rendered;
use crate::site::{PageId, Site};
use crate::suggest::Suggest;
use crate::urls::percent_decode;
use crate::urls::{self, Link, classify, resolve_relative, split_suffix};

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
        let locator = page.locator();
        let at = |offset: usize| locator.body(offset);
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
    /// The page whose body wrote the link.
    pub page: PageId,
    /// The link as written.
    pub url: String,
    /// The file it names, below the output root.
    pub file: String,
    /// Written as `@/file`.
    pub internal: bool,
    /// Where in the page's file the link is.
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
        let locator = page.locator();
        for link in &bodies[id].local_links {
            if let Local::File(file) = local_target(site, &own, &link.url) {
                links.push(FileLink {
                    page: id,
                    url: link.url.clone(),
                    file,
                    internal: link.internal,
                    at: locator.body(link.offset),
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
            || files.contains_key(&urls::index_file(&format!("{file}/")))
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
        .or_else(|| site.draft_at.get(&urls::index_file(&format!("{file}/"))))
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
    let target = urls::index_folder(best).unwrap_or(best);
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
        site.url(target)
    } else {
        let relative = crate::urls::relative_path(&own, best);
        match urls::index_folder(&relative) {
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
