//! Rendering, as small pure steps that the build session composes (for a full
//! build over every page, for an incremental one over the pages a change can
//! affect): Markdown bodies, the checks that need them (anchors, freshness),
//! the relations between pages (backlinks, neighbours), template values, and
//! finally each page through its Tera template. Same site in, same bytes out.

mod page_ids;

pub use page_ids::duplicate_ids;

use std::collections::{BTreeMap, HashMap, HashSet};

use rayon::prelude::*;
use tera::{Context, Value};

use crate::content::Kind;
use crate::diagnostics::{Diagnostic, Errors, Location, Result, did_you_mean};
use crate::frontmatter::NoticeView;
use crate::markdown::{self, Rendered, Resolver};
use crate::portable::{Link, classify, resolve_relative, split_suffix};
use crate::site::{PageId, Site, sort_pages};
use crate::suggest::Suggest;
use crate::templates::{SiteData, Templates};
use crate::urls;
use crate::urls::percent_decode;
use crate::views::{
    CitationView, ConfigView, LINK_FIELDS, LinkView, PageView, SourceListing, SourceView,
    reading_time,
};

/// One file of the built site, held in memory until the output stage writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path below the output root, `/`-separated.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// The site, the output file of the page being rendered (for its relative
/// links), whether its section requires citations, and its language code
/// (empty for the default language).
struct SiteResolver<'a>(&'a Site, String, bool, &'a str);

impl Resolver for SiteResolver<'_> {
    fn page_url(&self, file: &str) -> Option<String> {
        // Issue 17: `@/about.md` in a translation links the translation
        // (`about.uk.md`) where there is one, else the original.
        if !self.3.is_empty()
            && let Some(stem) = file.strip_suffix(".md")
            && let Some(&id) = self.0.by_file.get(&format!("{stem}.{}.md", self.3))
        {
            return Some(self.0.permalink(id));
        }
        self.0.by_file.get(file).map(|&id| self.0.permalink(id))
    }
    fn has_source(&self, id: &str) -> bool {
        self.0.sources.get(id).is_some()
    }
    fn reserved_ids(&self) -> &HashSet<String> {
        &self.0.reserved_ids
    }
    fn asset_url(&self, file: &str) -> Option<String> {
        let base = &self.0.config.base_url;
        match self.0.asset_files.get(file) {
            Some(output) => Some(format!("{base}{output}")),
            // A file of static/ or one the build writes: checked once the
            // output is assembled.
            None => urls::is_contained(file).then(|| format!("{base}{file}")),
        }
    }
    fn is_draft(&self, file: &str) -> bool {
        self.0.drafts.contains(file)
    }
    fn left_out(&self, file: &str) -> Option<&str> {
        self.0.scheduled.get(file).map(String::as_str)
    }
    fn is_checked_link(&self, url: &str) -> bool {
        !matches!(local_target(self.0, &self.1, url), Local::Known(_))
    }
    fn requires_citations(&self) -> bool {
        self.2
    }
    fn translation(&self) -> Option<(String, String)> {
        if self.3.is_empty() {
            return None;
        }
        let label = self
            .0
            .strings
            .get("quote_translated", self.3)
            .unwrap_or("translated quotation; original:")
            .to_string();
        Some((self.0.config.language.clone(), label))
    }
    fn source_url(&self, id: &str) -> Option<String> {
        self.0.sources.get(id).and_then(|source| source.url.clone())
    }
    fn shortcodes(&self) -> Option<&crate::shortcodes::Shortcodes> {
        Some(&self.0.shortcodes)
    }
    fn actor(&self, id: &str) -> std::result::Result<(String, String), Vec<String>> {
        let site = self.0;
        // The section that `actors:` references point into (`actors` unless
        // a section's schema says otherwise).
        let target = site
            .config
            .sections
            .values()
            .find_map(|schema| schema.references.get("actors").cloned())
            .unwrap_or_else(|| "actors".to_string());
        // The page's file first (`actors/trump.md`), then every actor's slug.
        let is_actor =
            |page: &crate::content::Page| page.kind == Kind::Page && page.section_name == target;
        if let Some(&actor) = site.by_file.get(&format!("{target}/{id}.md"))
            && is_actor(&site.pages[actor])
            && site.pages[actor].slug == id
        {
            let page = &site.pages[actor];
            return Ok((page.display_name().to_string(), site.permalink(actor)));
        }
        let actors = site
            .pages
            .iter()
            .enumerate()
            .filter(|(_, page)| is_actor(page));
        let mut known = Vec::new();
        for (actor, page) in actors {
            if page.slug == id {
                return Ok((page.display_name().to_string(), site.permalink(actor)));
            }
            known.push(page.slug.clone());
        }
        Err(known)
    }
    fn own_url(&self) -> String {
        let folder = self.1.strip_suffix("index.html").unwrap_or(&self.1);
        format!("{}{folder}", self.0.config.base_url)
    }
    fn processes_images(&self) -> bool {
        true
    }
    fn image(
        &self,
        dest: &str,
        src: &str,
        alt: &str,
        title: Option<&str>,
        first: bool,
    ) -> markdown::ImageHtml {
        let site = self.0;
        let options = &site.config.images;
        let base = &site.config.base_url;
        let source = image_source(site, &self.1, dest);
        let processed = source.as_ref().map(|source| site.images.get(source));
        let (processed, error) = match processed {
            Some(Ok(p)) => (Some(p), None),
            Some(Err(e)) => (None, Some(e)),
            None => (None, None),
        };
        markdown::ImageHtml {
            html: crate::images::markup(
                processed.as_deref(),
                src,
                alt,
                title,
                first,
                options,
                base,
            ),
            file: source.map(|s| s.display),
            error,
        }
    }
}

/// The file below the site root that an image URL of the page whose output
/// file is `own` shows: a file of `content/` (`@/a/x.jpg`, `x.jpg` beside
/// the page) or of `static/` (the site's, then the theme's folder); `None`
/// for a remote image, one that is no such file, or no image briefing reads.
pub fn image_source(site: &Site, own: &str, dest: &str) -> Option<crate::images::Source> {
    let root = &site.config.root;
    let output = match dest.strip_prefix("@/") {
        Some(file) => {
            let file = file.split(['#', '?']).next().unwrap_or(file);
            if site.asset_files.contains_key(file) {
                return image_file(root.join("content").join(file), format!("content/{file}"));
            }
            file.to_string()
        }
        None => {
            let dest = dest.split(['#', '?']).next().unwrap_or(dest);
            match local_target(site, own, dest) {
                Local::File(file) | Local::Known(file) => file,
                _ => return None,
            }
        }
    };
    if let Some(file) = site.asset_sources.get(&output) {
        return image_file(root.join("content").join(file), format!("content/{file}"));
    }
    if !urls::is_contained(&output) {
        return None;
    }
    let theme_static = root.join("themes").join(&site.config.theme).join("static");
    [
        (
            root.join("static").join(&output),
            format!("static/{output}"),
        ),
        (
            theme_static.join(&output),
            format!("themes/{}/static/{output}", site.config.theme),
        ),
    ]
    .into_iter()
    .find(|(path, _)| path.is_file())
    .and_then(|(path, display)| image_file(path, display))
}

fn image_file(path: std::path::PathBuf, display: String) -> Option<crate::images::Source> {
    crate::images::Kind::of_name(&display)?;
    path.is_file()
        .then_some(crate::images::Source { path, display })
}

/// Renders one page's Markdown body. Its plain links to pages, aliases and
/// files of `content/` are known to be fine while it renders; the others
/// are kept and checked by [`body_errors_of`] and [`missing_files`].
pub fn render_body(site: &Site, id: PageId) -> Rendered {
    let page = &site.pages[id];
    markdown::render(
        page.body(),
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

/// The bodies' HTML of a one-shot build, set aside in a file beside the
/// output as each body renders and read back when its page is written: the
/// whole site's HTML is never held in memory (about a third of the peak).
/// The file is an anonymous temporary file (the `tempfile` crate: unlinked at
/// once, `O_TMPFILE` on Linux), so nothing is left behind whatever happens.
pub struct Spill {
    file: std::sync::Mutex<std::fs::File>,
}

/// Where a body's HTML is in a [`Spill`]: offset and length.
pub type Spilled = (u64, usize);

impl Spill {
    /// A spill file on the file system of `output`, the build's output folder
    /// (created if missing, as the build will create it anyway).
    pub fn beside(output: &std::path::Path) -> std::io::Result<Spill> {
        let output = crate::output::absolute(output);
        let parent = output.parent().unwrap_or(std::path::Path::new("/"));
        std::fs::create_dir_all(parent)?;
        Ok(Spill {
            file: std::sync::Mutex::new(tempfile::tempfile_in(parent)?),
        })
    }

    /// Appends `html`; where it went.
    pub fn put(&self, html: &str) -> std::io::Result<Spilled> {
        use std::io::{Seek, SeekFrom, Write};
        let mut file = self.file.lock().unwrap_or_else(|e| e.into_inner());
        let at = file.seek(SeekFrom::End(0))?;
        file.write_all(html.as_bytes())?;
        Ok((at, html.len()))
    }

    /// The HTML put at `at`.
    pub fn get(&self, (at, len): Spilled) -> std::io::Result<String> {
        use std::io::{Read, Seek, SeekFrom};
        // Read into the spare capacity: no zeroing of the buffer first.
        let mut bytes = Vec::with_capacity(len);
        let mut file = self.file.lock().unwrap_or_else(|e| e.into_inner());
        file.seek(SeekFrom::Start(at))?;
        (&mut *file).take(len as u64).read_to_end(&mut bytes)?;
        drop(file);
        if bytes.len() != len {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        String::from_utf8(bytes)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
    }
}

/// Renders every page's body, in parallel, putting each one's HTML into
/// `spill` at once (the returned bodies have empty `html`).
pub fn render_bodies_spilled(
    site: &Site,
    spill: &Spill,
) -> std::io::Result<(Vec<Rendered>, Vec<Spilled>)> {
    let rendered: Vec<std::io::Result<(Rendered, Spilled)>> = (0..site.pages.len())
        .into_par_iter()
        .map(|id| {
            let mut body = render_body(site, id);
            let at = spill.put(&body.html)?;
            body.html = String::new();
            Ok((body, at))
        })
        .collect();
    let mut bodies = Vec::with_capacity(rendered.len());
    let mut places = Vec::with_capacity(rendered.len());
    for result in rendered {
        let (body, at) = result?;
        bodies.push(body);
        places.push(at);
    }
    Ok((bodies, places))
}

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

/// Where a link a page body wrote as a plain URL leads.
enum Local {
    /// Not into this site, or only to a place on the same page.
    Elsewhere,
    /// Outside the base path (`/x` under a sub-path, `../../x`).
    Escapes,
    /// A page, alias or file of `content/` (its output path).
    Known(String),
    /// Another file below the output root (`static/`, generated), or nothing.
    File(String),
}

/// Where `url`, on the page whose output file is `own`, leads.
fn local_target(site: &Site, own: &str, url: &str) -> Local {
    let config = &site.config;
    let mut link = classify(url, &config.base_url, &config.base_path);
    // Under `serve` (or `--base-url`), a link written with site.toml's base
    // URL is still a link to the site.
    if let (Link::External, Some((written_url, written_path))) = (&link, &config.written_base) {
        link = classify(url, written_url, written_path);
    }
    let path = match link {
        Link::Other | Link::External | Link::Relative { path: "", .. } => return Local::Elsewhere,
        Link::Escapes => return Local::Escapes,
        Link::Internal { path, .. } => path,
        Link::Relative { path, .. } => match resolve_relative(own, path) {
            Some(path) => path,
            None => return Local::Escapes,
        },
    };
    let mut file = if path.contains('%') {
        percent_decode(&path)
    } else {
        path
    };
    if file.is_empty() || file.ends_with('/') {
        file.push_str("index.html");
    }
    if site.known_files.contains(&file) || site.known_files.contains(&format!("{file}/index.html"))
    {
        Local::Known(file)
    } else {
        Local::File(file)
    }
}

fn leaves_base_path(site: &Site, url: &str) -> Diagnostic {
    let base_path = &site.config.base_path;
    let from_root = crate::portable::path_from_root(url, &site.config.base_url);
    let hint = match from_root
        .as_deref()
        .and_then(|path| path.strip_prefix('/'))
        .filter(|_| base_path != "/")
    {
        Some(rest) => format!(
            "the site is published below {base_path}: link a file of the site as @/{rest} (or {base_path}{rest})"
        ),
        None => "link files and pages of the site as @/path (below content/ or static/)".into(),
    };
    Diagnostic::error(format!(
        "link `{url}` leaves the site's base path `{base_path}`"
    ))
    .hint(hint)
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

/// The pages that page `id` references in its front matter or links to from
/// its body, sorted, without repeats.
fn outgoing(site: &Site, bodies: &[Rendered], id: PageId) -> Vec<PageId> {
    let mut targets: Vec<PageId> = site
        .references
        .get(&id)
        .into_iter()
        .flat_map(|fields| fields.values().flatten().copied())
        .chain(
            bodies[id]
                .links
                .iter()
                .filter_map(|link| site.by_file.get(&link.file).copied()),
        )
        .collect();
    targets.sort_unstable();
    targets.dedup();
    targets
}

/// The sections a page belongs to, nearest last.
fn ancestors(site: &Site, id: PageId) -> Vec<PageId> {
    let mut ancestors = Vec::new();
    let mut parent = site.by_file.get(&site.pages[id].parent).copied();
    while let Some(p) = parent {
        if p == id || ancestors.len() > 32 {
            break;
        }
        ancestors.push(p);
        parent = if site.pages[p].file == "_index.md" {
            None
        } else {
            site.by_file.get(&site.pages[p].parent).copied()
        };
    }
    ancestors.reverse();
    ancestors
}

fn actors(site: &Site, id: PageId) -> Vec<PageId> {
    site.references
        .get(&id)
        .and_then(|fields| fields.get("actors"))
        .cloned()
        .unwrap_or_default()
}

/// Page → (lower, higher) neighbours in its section's order.
pub fn neighbours(site: &Site) -> HashMap<PageId, (Option<PageId>, Option<PageId>)> {
    let mut neighbours = HashMap::new();
    for list in site.section_pages.values() {
        neighbours.extend(section_neighbours(list));
    }
    neighbours
}

fn section_neighbours(
    list: &[PageId],
) -> impl Iterator<Item = (PageId, (Option<PageId>, Option<PageId>))> + '_ {
    list.iter().enumerate().map(|(i, &id)| {
        let lower = i.checked_sub(1).map(|j| list[j]);
        (id, (lower, list.get(i + 1).copied()))
    })
}

/// The other pages a page's template value links to (see `views::LINK_FIELDS`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Related {
    pub actors: Vec<PageId>,
    pub backlinks: Vec<PageId>,
    pub ancestors: Vec<PageId>,
    pub lower: Option<PageId>,
    pub higher: Option<PageId>,
}

impl Related {
    pub fn mentions(&self, ids: &HashSet<PageId>) -> bool {
        self.actors
            .iter()
            .chain(&self.backlinks)
            .chain(&self.ancestors)
            .chain(&self.lower)
            .chain(&self.higher)
            .any(|id| ids.contains(id))
    }
}

/// Every page's related pages, with the link graph they come from, so that an
/// update recomputes only the relations an edit can touch.
#[derive(Debug, Clone, Default)]
pub struct Relations {
    pages: Vec<Related>,
    /// Page → the pages it references or links to (see [`outgoing`]).
    outgoing: Vec<Vec<PageId>>,
    /// Page → the pages that reference or link to it, sorted by id.
    incoming: Vec<Vec<PageId>>,
}

impl std::ops::Deref for Relations {
    type Target = [Related];
    fn deref(&self) -> &[Related] {
        &self.pages
    }
}

/// Every page's related pages.
pub fn related(site: &Site, bodies: &[Rendered]) -> Relations {
    let outgoing: Vec<Vec<PageId>> = (0..site.pages.len())
        .map(|id| outgoing(site, bodies, id))
        .collect();
    let mut incoming = vec![Vec::new(); site.pages.len()];
    for (from, targets) in outgoing.iter().enumerate() {
        for &target in targets {
            incoming[target].push(from);
        }
    }
    let mut relations = Relations {
        pages: Vec::new(),
        outgoing,
        incoming,
    };
    let neighbours = neighbours(site);
    relations.pages = (0..site.pages.len())
        .map(|id| {
            let (lower, higher) = neighbours.get(&id).copied().unwrap_or((None, None));
            Related {
                actors: actors(site, id),
                backlinks: relations.backlinks(site, id),
                ancestors: ancestors(site, id),
                lower,
                higher,
            }
        })
        .collect();
    relations
}

impl Relations {
    /// Every other page in `target`'s language that references or links to
    /// it, in date order (issue 17: a translation is not listed on an
    /// original's page, nor an original on a translation's).
    fn backlinks(&self, site: &Site, target: PageId) -> Vec<PageId> {
        let lang = &site.pages[target].lang;
        let mut list: Vec<PageId> = self.incoming[target]
            .iter()
            .copied()
            .filter(|&s| s != target && site.pages[s].lang == *lang)
            .collect();
        sort_pages(&site.pages, &mut list, crate::config::SortBy::Date);
        list
    }

    /// The pages that reference or link to `target` (itself included, if it does).
    pub fn linking_to(&self, target: PageId) -> &[PageId] {
        &self.incoming[target]
    }

    /// The pages whose related pages include any of `ids`, sorted.
    pub fn mentioning(&self, site: &Site, ids: &HashSet<PageId>) -> Vec<PageId> {
        if ids.iter().any(|&id| site.pages[id].kind == Kind::Section) {
            // A section is an ancestor of every page below it.
            return (0..self.pages.len())
                .filter(|&id| self.pages[id].mentions(ids))
                .collect();
        }
        // A page's actors and backlinks come from the link graph; its
        // neighbours' neighbour is the page itself.
        let mut candidates: Vec<PageId> = ids
            .iter()
            .flat_map(|&id| {
                let related = &self.pages[id];
                self.incoming[id]
                    .iter()
                    .chain(&self.outgoing[id])
                    .chain(&related.lower)
                    .chain(&related.higher)
                    .copied()
            })
            .filter(|&candidate| self.pages[candidate].mentions(ids))
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        candidates
    }

    /// Brings the relations up to date after the `changed` pages were replaced
    /// in place (same files, URLs and parents). `reordered` are those of them
    /// whose front matter changed, so they may sort differently in the lists
    /// that hold them, and the sections whose page order may have changed are
    /// their parents. Returns the pages whose related pages changed, sorted.
    pub fn update(
        &mut self,
        site: &Site,
        bodies: &[Rendered],
        changed: &[PageId],
        reordered: &HashSet<PageId>,
    ) -> Vec<PageId> {
        let mut targets = std::collections::BTreeSet::new();
        for &from in changed {
            let new = outgoing(site, bodies, from);
            let old = std::mem::replace(&mut self.outgoing[from], new.clone());
            for &target in &old {
                if new.binary_search(&target).is_err() {
                    let list = &mut self.incoming[target];
                    if let Ok(at) = list.binary_search(&from) {
                        list.remove(at);
                    }
                    targets.insert(target);
                }
            }
            for &target in &new {
                if old.binary_search(&target).is_err() {
                    let list = &mut self.incoming[target];
                    if let Err(at) = list.binary_search(&from) {
                        list.insert(at, from);
                    }
                    targets.insert(target);
                } else if reordered.contains(&from) {
                    targets.insert(target);
                }
            }
        }
        // The new relations of the pages they may have changed for.
        let mut fresh: BTreeMap<PageId, Related> = BTreeMap::new();
        fn entry<'a>(
            fresh: &'a mut BTreeMap<PageId, Related>,
            current: &[Related],
            id: PageId,
        ) -> &'a mut Related {
            fresh.entry(id).or_insert_with(|| current[id].clone())
        }
        for &target in &targets {
            entry(&mut fresh, &self.pages, target).backlinks = self.backlinks(site, target);
        }
        for &id in changed {
            entry(&mut fresh, &self.pages, id).actors = actors(site, id);
        }
        let sections: std::collections::BTreeSet<PageId> = reordered
            .iter()
            .filter_map(|&id| site.by_file.get(&site.pages[id].parent).copied())
            .collect();
        for section in sections {
            let list = site
                .section_pages
                .get(&section)
                .map_or(&[][..], Vec::as_slice);
            for (id, (lower, higher)) in section_neighbours(list) {
                let related = entry(&mut fresh, &self.pages, id);
                related.lower = lower;
                related.higher = higher;
            }
        }
        let mut moved = Vec::new();
        for (id, related) in fresh {
            if related != self.pages[id] {
                self.pages[id] = related;
                moved.push(id);
            }
        }
        moved
    }
}

/// The short template value other pages use to link to page `id`.
pub fn link_value(site: &Site, id: PageId) -> Result<Value> {
    to_value(&LinkView::new(site, id))
}

/// Inputs of a page's template value.
pub struct ValueInputs<'a> {
    pub site: &'a Site,
    pub bodies: &'a [Rendered],
    pub stale: &'a [bool],
    pub related: &'a [Related],
    pub links: &'a [Value],
}

impl<'a> ValueInputs<'a> {
    /// The template value of a page: its view plus links to other pages.
    pub fn value(&self, id: PageId) -> Result<Value> {
        let mut map = to_value(&self.view(id))?.into_map().unwrap_or_default();
        let links = self.links;
        let list =
            |ids: &[PageId]| Value::from(ids.iter().map(|&t| links[t].clone()).collect::<Vec<_>>());
        let one = |target: Option<PageId>| target.map_or_else(Value::none, |t| links[t].clone());
        let related = &self.related[id];
        let [f_actors, f_backlinks, f_ancestors, f_lower, f_higher] = LINK_FIELDS;
        map.insert(f_actors.into(), list(&related.actors));
        map.insert(f_backlinks.into(), list(&related.backlinks));
        map.insert(f_ancestors.into(), list(&related.ancestors));
        map.insert(f_lower.into(), one(related.lower));
        map.insert(f_higher.into(), one(related.higher));
        Ok(Value::from(map))
    }

    fn view(&self, id: PageId) -> PageView<'a> {
        let site = self.site;
        let page = &site.pages[id];
        let body = &self.bodies[id];
        let front = &page.front;
        let locale = if site.config.is_multilingual() || site.config.language != "en" {
            crate::dates::locale_of(site.lang_of(id))
        } else {
            None
        };
        let mut sources: Vec<SourceView<'a>> = Vec::new();
        let mut seen = HashSet::new();
        for source_id in front.sources.iter().chain(&body.citations) {
            if seen.insert(source_id.as_str())
                && let Some(source) = site.sources.get(source_id)
            {
                sources.push(SourceView::new_in(source, locale));
            }
        }
        let citations = body
            .citations
            .iter()
            .enumerate()
            .filter_map(|(i, source_id)| {
                let source = site.sources.get(source_id)?;
                Some(CitationView {
                    number: i + 1,
                    id: &source.id,
                    source: SourceView::new_in(source, locale),
                })
            })
            .collect();
        let show = |d: crate::dates::PartialDate| d.display_with(locale);
        PageView {
            kind: PageView::kind_name(page.kind),
            relative_path: &page.file,
            lang: site.lang_of(id),
            translation_of: (!page.lang.is_empty()).then(|| page.original_file().into_owned()),
            title: &front.title,
            description: front.description.as_deref(),
            slug: &page.slug,
            path: site.path(id),
            permalink: site.permalink(id),
            section: &page.section_name,
            draft: front.draft,
            weight: front.weight,
            date: front.date.map(|d| d.iso()),
            date_display: front.date.map(show),
            date_precision: front.date.map(|d| d.precision),
            year: front.date.map(|d| d.year()),
            month: front
                .date
                .filter(|d| d.precision != crate::dates::Precision::Year)
                .map(|d| d.month()),
            end_date: front.end_date.map(|d| d.iso()),
            end_date_display: front.end_date.map(show),
            updated: front.updated.map(|d| d.iso()),
            updated_display: front.updated.map(show),
            reviewed: front.reviewed.map(|d| d.iso()),
            reviewed_display: front.reviewed.map(show),
            stale: self.stale.get(id).copied().unwrap_or(false),
            status: front.status,
            status_label: front.status.map(|s| s.label()),
            location: front.location.as_deref(),
            name: front.name.as_deref(),
            actor_kind: front.kind,
            role: front.role.as_deref(),
            affiliation: front.affiliation.as_deref(),
            aliases: &front.aliases,
            tags: &front.tags,
            taxonomies: crate::taxonomy::page_terms(&site.config, &site.taxonomies, front),
            extra: &front.extra,
            summary: body.summary.as_deref(),
            toc: &body.toc,
            word_count: body.word_count,
            reading_time: reading_time(body.word_count),
            sources,
            citations,
            corrections: NoticeView::list(&front.corrections),
            updates: NoticeView::list(&front.updates),
            quotes: &body.quotes,
        }
    }
}

fn to_value<T: serde::Serialize>(value: &T) -> Result<Value> {
    Value::try_from_serializable(value).map_err(|e| {
        Errors::one(Diagnostic::error(format!(
            "could not prepare template data: {e}"
        )))
    })
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
    content: &str,
    id: PageId,
    name: &str,
) -> std::result::Result<OutputFile, Diagnostic> {
    // The page is its body plus the theme's markup: size the buffer once.
    let mut html = Vec::with_capacity(content.len() + PAGE_MARKUP_HINT);
    render_page_into(site, templates, summaries, content, id, name, &mut html)?;
    Ok(OutputFile {
        path: site.pages[id].output_file(),
        bytes: html,
    })
}

/// Renders page `id` (its body is `content`) through template `name`,
/// appending the HTML to `html`.
pub fn render_page_into(
    site: &Site,
    templates: &Templates,
    summaries: &[Value],
    content: &str,
    id: PageId,
    name: &str,
    html: &mut Vec<u8>,
) -> std::result::Result<(), Diagnostic> {
    let page = &site.pages[id];
    let mut context = Context::new();
    let content = Some(content);
    if page.kind == Kind::Section {
        context.insert_value("section", section_value(site, summaries, id, content));
    } else {
        context.insert_value("page", with_content(&summaries[id], content));
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
pub fn render_not_found(
    site: &Site,
    templates: &Templates,
) -> Option<std::result::Result<OutputFile, Diagnostic>> {
    if !templates.has("404.html") {
        return None;
    }
    let mut context = Context::new();
    context.insert("current_url", &format!("{}404.html", site.config.base_url));
    context.insert(
        "current_path",
        &format!("{}404.html", site.config.base_path),
    );
    Some(
        templates
            .tera
            .render("404.html", &context)
            .map(|html| OutputFile {
                path: "404.html".into(),
                bytes: html.into_bytes(),
            })
            .map_err(|e| templates.diagnostic(&e, None)),
    )
}

/// Redirect pages for every alias.
pub fn alias_files(site: &Site) -> Vec<OutputFile> {
    site.aliases
        .iter()
        .map(|(alias, id)| OutputFile {
            path: urls::index_file(alias),
            bytes: redirect_page(&site.permalink(*id)).into_bytes(),
        })
        .collect()
}

/// Every page's file and URL, as the site-wide template functions look them up.
#[derive(Debug, Clone, Default)]
pub struct Addresses {
    pub by_file: std::sync::Arc<HashMap<String, PageId>>,
    pub permalinks: std::sync::Arc<HashMap<String, String>>,
}

impl Addresses {
    pub fn new(site: &Site) -> Addresses {
        Addresses {
            by_file: std::sync::Arc::new(site.by_file.clone()),
            permalinks: std::sync::Arc::new(
                site.by_file
                    .iter()
                    .map(|(file, &id)| (file.clone(), site.permalink(id)))
                    .collect(),
            ),
        }
    }
}

/// Everything the site-wide template functions read.
pub fn site_data(
    site: &Site,
    addresses: &Addresses,
    summaries: Vec<Value>,
    sections: HashMap<PageId, Value>,
    sources: Value,
) -> SiteData {
    SiteData {
        by_file: addresses.by_file.clone(),
        summaries,
        sections,
        permalinks: addresses.permalinks.clone(),
        base_url: site.config.base_url.clone(),
        sources,
        language: site.config.language.clone(),
        images: Some(crate::templates::ImageAccess {
            images: site.images.clone(),
            root: site.config.root.clone(),
            theme: site.config.theme.clone(),
        }),
    }
}

/// The config as templates see it, set once per template set, with
/// `corrections_url`: the site-wide corrections page's URL, or none when the
/// site has no correction or update (or its theme no `corrections.html`).
pub fn set_config(templates: &mut Templates, site: &Site) {
    let corrections_url = (has_notices(site) && templates.has(CORRECTIONS_TEMPLATE))
        .then(|| format!("{}{}", site.config.base_url, CORRECTIONS_PATH));
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
pub fn render_corrections(
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
    let url = format!("{}{path}", config.base_url);
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
            path: format!("{path}index.html"),
            bytes: html.into_bytes(),
        })
        .map_err(|e| templates.diagnostic(&e, None))
}

/// A page's value with its rendered body as `content`.
fn with_content(summary: &Value, content: Option<&str>) -> Value {
    let mut map = summary.as_map().cloned().unwrap_or_default();
    if let Some(content) = content {
        map.insert("content".into(), Value::safe_string(content));
    }
    Value::from(map)
}

/// A section's value: its page value plus its `pages` and `subsections`.
pub fn section_value(site: &Site, summaries: &[Value], id: PageId, content: Option<&str>) -> Value {
    let collect = |list: std::borrow::Cow<'_, [PageId]>| {
        Value::from(
            list.iter()
                .map(|&p| summaries[p].clone())
                .collect::<Vec<_>>(),
        )
    };
    let mut map = with_content(&summaries[id], content)
        .into_map()
        .unwrap_or_default();
    map.insert("pages".into(), collect(site.listing(id, false)));
    map.insert("subsections".into(), collect(site.listing(id, true)));
    Value::from(map)
}

/// The value behind `get_sources()`: every source with the pages citing it.
pub fn source_listing_value(site: &Site, bodies: &[Rendered]) -> Result<Value> {
    to_value(&source_listing(site, bodies))
}

fn source_listing<'a>(site: &'a Site, bodies: &[Rendered]) -> Vec<SourceListing<'a>> {
    let mut cited_by: BTreeMap<&str, Vec<PageId>> = BTreeMap::new();
    for (id, page) in site.pages.iter().enumerate() {
        let mut ids: Vec<&str> = page.front.sources.iter().map(String::as_str).collect();
        ids.extend(bodies[id].citations.iter().map(String::as_str));
        ids.sort_unstable();
        ids.dedup();
        for source in ids {
            cited_by.entry(source).or_default().push(id);
        }
    }
    site.sources
        .by_id
        .values()
        .map(|source| {
            let mut pages = cited_by
                .get(source.id.as_str())
                .cloned()
                .unwrap_or_default();
            sort_pages(&site.pages, &mut pages, crate::config::SortBy::Title);
            SourceListing {
                source: SourceView::new(source),
                cited_by: pages.into_iter().map(|p| LinkView::new(site, p)).collect(),
            }
        })
        .collect()
}

/// A redirect page for an alias: works without JavaScript, tells search engines where to go.
pub fn redirect_page(target: &str) -> String {
    let url = crate::html::escape(target);
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Redirecting…</title>\n<link rel=\"canonical\" href=\"{url}\">\n<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={url}\">\n</head>\n<body>\n<p>This page has moved to <a href=\"{url}\">{url}</a>.</p>\n</body>\n</html>\n"
    )
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
