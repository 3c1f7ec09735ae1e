//! One Markdown file of `content/`: read, its front matter parsed and its
//! place in the site (kind, section, language, URL) worked out.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{Languages, shorten};
use crate::diagnostics::{Diagnostic, Location, io_error};
use crate::frontmatter::{self, FrontMatter};
use crate::urls;

/// Larger Markdown files are refused: no explainer page is this long, and a
/// runaway file should not stall the build.
pub const MAX_PAGE_BYTES: u64 = 8 * 1024 * 1024;

/// Whether a Markdown file is a page or a section's index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `_index.md` of a folder (or the home page at the root).
    Section,
    /// Any other Markdown file.
    Page,
}

/// One Markdown file with its parsed front matter and its place in the site.
#[derive(Debug, Clone)]
pub struct Page {
    /// Page or section.
    pub kind: Kind,
    /// Path inside `content/` with `/` separators: `timeline/berlin.md`.
    pub file: String,
    /// Path as the user knows it, for messages: `content/timeline/berlin.md`.
    pub display_path: PathBuf,
    /// The file's whole text (emptied by [`Page::release_source`]).
    pub source: Arc<str>,
    /// The parsed front matter.
    pub front: FrontMatter,
    /// Byte offset of the front matter (after the opening fence) in `source`.
    pub front_offset: usize,
    /// Length of the front matter in bytes.
    pub front_len: usize,
    /// Byte offset of the Markdown body in `source`.
    pub body_offset: usize,
    /// The section this page (or subsection) belongs to: none for a home
    /// page; set by the site graph once every page is loaded.
    pub parent: Option<super::PageId>,
    /// First folder below `content/` (`timeline`), empty at the root: selects the schema.
    pub section_name: String,
    /// The page's id and last URL segment: `slug:`, else the file name without
    /// `.md` (the folder's name for `_index.md` and `index.md`).
    pub slug: String,
    /// URL path below the base URL, ending in `/` (empty for the home page).
    pub url_path: String,
    /// Issue 17: the language code of a translation (`uk` for `about.uk.md`);
    /// empty for a page in the site's default language.
    pub lang: String,
}

impl Page {
    /// Where the page's HTML goes, below the output root.
    pub fn output_file(&self) -> String {
        crate::urls::index_file(&self.url_path)
    }

    /// Drops the file's text (a one-shot build, once every check that points
    /// into it has run). Later messages then point at the file's first line.
    pub fn release_source(&mut self) {
        self.source = Arc::from("");
        self.front_offset = 0;
        self.front_len = 0;
        self.body_offset = 0;
    }

    /// The file of the default-language page this page translates
    /// (`about.md` for `about.uk.md`); the page's own file if it is not a translation.
    pub fn original_file(&self) -> std::borrow::Cow<'_, str> {
        if self.lang.is_empty() {
            return std::borrow::Cow::Borrowed(&self.file);
        }
        let suffix = format!(".{}.md", self.lang);
        match self.file.strip_suffix(&suffix) {
            Some(stem) => std::borrow::Cow::Owned(format!("{stem}.md")),
            None => std::borrow::Cow::Borrowed(&self.file),
        }
    }

    /// The Markdown body.
    pub fn body(&self) -> &str {
        &self.source[self.body_offset..]
    }

    /// The file's text cut into front matter and body, with their offsets.
    pub fn split(&self) -> frontmatter::Split<'_> {
        frontmatter::Split {
            front: &self.source[self.front_offset..self.front_offset + self.front_len],
            front_offset: self.front_offset,
            body: self.body(),
            body_offset: self.body_offset,
        }
    }

    /// Where `key:` is written in the front matter (a top-level key first, then
    /// at any depth), else the header's start.
    pub fn key_location(&self, key: &str) -> Location {
        frontmatter::key_location(&self.display_path, &self.source, &self.split(), key)
    }

    /// Where top-level `key:` is written in the front matter, if it is.
    pub fn written_key_location(&self, key: &str) -> Option<Location> {
        frontmatter::written_key_location(&self.display_path, &self.source, &self.split(), key)
    }

    /// Where `value` of `key:` is written in the front matter, as precisely as
    /// it can be found.
    pub fn value_location(&self, key: &str, value: &str) -> Location {
        frontmatter::value_location(&self.display_path, &self.source, &self.split(), key, value)
    }

    /// The file's first line, for errors about the whole page.
    pub fn start_location(&self) -> Location {
        Location::at_offset(&self.display_path, &self.source, 0)
    }
}

/// Loads one Markdown file; `relative` is its path below `content/`.
pub fn load_page(
    root: &Path,
    path: &Path,
    relative: &str,
    languages: &Languages,
) -> std::result::Result<Page, Diagnostic> {
    let display_path = shorten(root, path);
    let (lang, original) = languages
        .split(relative)
        .map_err(|(message, hint)| Diagnostic::error(message).in_file(&display_path).hint(hint))?;
    let read_error = |e: std::io::Error| io_error("read", &display_path, &e);
    let mut file = std::fs::File::open(path).map_err(read_error)?;
    let metadata = file.metadata().map_err(read_error)?;
    if metadata.len() > MAX_PAGE_BYTES {
        return Err(Diagnostic::error(format!(
            "the file is {:.1} MB; pages are limited to {} MB",
            metadata.len() as f64 / 1e6,
            MAX_PAGE_BYTES / (1024 * 1024)
        ))
        .in_file(&display_path)
        .hint("split it into several pages, or move data out of the Markdown"));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    std::io::Read::read_to_end(&mut file, &mut bytes).map_err(read_error)?;
    let text = crate::text::decode(&display_path, bytes)?;
    let source: Arc<str> = Arc::from(text);
    let split = frontmatter::split(&source).map_err(|(message, offset)| {
        Diagnostic::error(message)
            .at(Location::at_offset(&display_path, &source, offset))
            .hint(frontmatter::split_hint(&source))
    })?;
    let front = frontmatter::parse(&display_path, &source, &split)?;
    let (front_offset, front_len, body_offset) =
        (split.front_offset, split.front.len(), split.body_offset);
    let placed = urls::place(&original, front.slug.as_deref()).map_err(|message| {
        let at = if front.slug.is_some() {
            frontmatter::key_location(&display_path, &source, &split, "slug")
        } else {
            Location::at_offset(&display_path, &source, 0)
        };
        Diagnostic::error(message)
            .at(at)
            .hint("a slug is one URL segment of letters, digits and `-`, such as `berlin-talks`")
    })?;
    Ok(Page {
        kind: if placed.is_section {
            Kind::Section
        } else {
            Kind::Page
        },
        file: relative.to_string(),
        display_path,
        source,
        front,
        front_offset,
        front_len,
        body_offset,
        parent: None,
        section_name: relative
            .split('/')
            .next()
            .filter(|_| relative.contains('/'))
            .unwrap_or("")
            .to_string(),
        slug: placed.slug,
        url_path: if lang.is_empty() {
            placed.url_path
        } else {
            format!("{lang}/{}", placed.url_path)
        },
        lang,
    })
}
