//! What a page body's Markdown asks the site while it renders: the URL of a
//! linked page or file, an actor's name, an image's source and markup, and
//! where a plain link leads (a page, a file, or outside the base path).

use std::collections::HashSet;

use crate::content::Kind;
use crate::diagnostics::Diagnostic;
use crate::layout::{self, ACTORS_SECTION, CONTENT_DIR};
use crate::markdown::{self, Resolver};
use crate::site::Site;
use crate::urls;
use crate::urls::percent_decode;
use crate::urls::{Link, classify, resolve_relative};

/// The site, the output file of the page being rendered (for its relative
/// links), whether its section requires citations, and its language code
/// (empty for the default language).
pub(super) struct SiteResolver<'a>(
    pub(super) &'a Site,
    pub(super) String,
    pub(super) bool,
    pub(super) &'a str,
);

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
        let site = self.0;
        match site.asset_files.get(file) {
            Some(output) => Some(site.url(output)),
            // A file of static/ or one the build writes: checked once the
            // output is assembled.
            None => urls::is_contained(file).then(|| site.url(file)),
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
        let target = crate::site::actors_field()
            .and_then(|field| {
                site.config
                    .sections
                    .values()
                    .find_map(|schema| schema.references.get(field.name).cloned())
            })
            .unwrap_or_else(|| ACTORS_SECTION.to_string());
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
        let folder = urls::index_folder(&self.1).unwrap_or(&self.1);
        self.0.url(folder)
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
                return image_file(
                    root.join(CONTENT_DIR).join(file),
                    format!("{CONTENT_DIR}/{file}"),
                );
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
        return image_file(
            root.join(CONTENT_DIR).join(file),
            format!("{CONTENT_DIR}/{file}"),
        );
    }
    if !urls::is_contained(&output) {
        return None;
    }
    layout::static_folders(root, &site.config.theme)
        .into_iter()
        .map(|(name, folder)| (folder.join(&output), format!("{name}/{output}")))
        .find(|(path, _)| path.is_file())
        .and_then(|(path, display)| image_file(path, display))
}

fn image_file(path: std::path::PathBuf, display: String) -> Option<crate::images::Source> {
    crate::images::Kind::of_name(&display)?;
    path.is_file()
        .then_some(crate::images::Source { path, display })
}

/// Where a link a page body wrote as a plain URL leads.
pub(super) enum Local {
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
pub(super) fn local_target(site: &Site, own: &str, url: &str) -> Local {
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
        file = urls::index_file(&file);
    }
    if site.known_files.contains(&file)
        || site
            .known_files
            .contains(&urls::index_file(&format!("{file}/")))
    {
        Local::Known(file)
    } else {
        Local::File(file)
    }
}

/// The error for a link `url` that points outside the site's base path, with a
/// hint that says how to link a file of the site.
pub(super) fn leaves_base_path(site: &Site, url: &str) -> Diagnostic {
    let base_path = &site.config.base_path;
    let from_root = urls::path_from_root(url, &site.config.base_url);
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
