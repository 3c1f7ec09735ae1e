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
    /// The file's whole text; empty when it is not kept (a one-shot build
    /// keeps none, see [`Page::text`]).
    pub source: Arc<str>,
    /// The file on disk, to read it again when its text is not kept.
    pub path: PathBuf,
    /// The file's length and modification time when it was read.
    pub stamp: Stamp,
    /// Warnings about the file's text found when it was read (stray
    /// byte-order marks, see `text::stray_bom_warnings`).
    pub text_warnings: Vec<Diagnostic>,
    /// The taxonomy fields (`config::TAXONOMY_FIELDS`) the front matter
    /// writes at its top level, whatever their value: one written for a
    /// taxonomy the site does not configure is an error, an empty list too.
    pub written_taxonomy_fields: Vec<&'static str>,
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

    /// The file's whole text: the kept one, else read again (see
    /// [`Page::read_again`]); empty if that fails, so that a message then
    /// points at the file's first line.
    pub fn text(&self) -> Arc<str> {
        self.text_for_body().unwrap_or_else(|_| Arc::from(""))
    }

    /// The file's whole text for rendering its body: the kept one, else read
    /// again ([`Page::read_again`], with its errors).
    pub fn text_for_body(&self) -> Result<Arc<str>, Diagnostic> {
        if self.source.is_empty() {
            self.read_again()
        } else {
            Ok(self.source.clone())
        }
    }

    /// The file's text read again from disk (a one-shot build keeps no text
    /// between reading the front matter and rendering the body). An error if
    /// it cannot be read or changed since it was first read (another length
    /// or modification time, the test `make` and Cargo use): the front matter
    /// the site was built from would no longer be the file's.
    pub fn read_again(&self) -> Result<Arc<str>, Diagnostic> {
        let read_error = |e: std::io::Error| io_error("read", &self.display_path, &e);
        let mut file = std::fs::File::open(&self.path).map_err(read_error)?;
        let metadata = file.metadata().map_err(read_error)?;
        if Stamp::of(&metadata) != self.stamp {
            return Err(
                Diagnostic::error("the file changed while the site was being built")
                    .in_file(&self.display_path)
                    .hint("build again once the file is saved"),
            );
        }
        Ok(Arc::from(read_text(
            &mut file,
            &metadata,
            &self.display_path,
        )?))
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

    /// The Markdown body of the kept text (empty when none is kept).
    pub fn body(&self) -> &str {
        self.body_of(&self.source)
    }

    /// The Markdown body of `text`, the page's file's text.
    pub fn body_of<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.body_offset..).unwrap_or("")
    }

    /// `text`, the page's file's text, cut into front matter and body, with
    /// their offsets.
    pub fn split<'a>(&self, text: &'a str) -> frontmatter::Split<'a> {
        let front_end = self.front_offset + self.front_len;
        frontmatter::Split {
            front: text.get(self.front_offset..front_end).unwrap_or(""),
            front_offset: self.front_offset,
            body: self.body_of(text),
            body_offset: self.body_offset,
        }
    }

    /// Where `key:` is written in the front matter (a top-level key first, then
    /// at any depth), else the header's start.
    pub fn key_location(&self, key: &str) -> Location {
        let text = self.text();
        frontmatter::key_location(&self.display_path, &text, &self.split(&text), key)
    }

    /// Where top-level `key:` is written in the front matter, if it is.
    pub fn written_key_location(&self, key: &str) -> Option<Location> {
        let text = self.text();
        frontmatter::written_key_location(&self.display_path, &text, &self.split(&text), key)
    }

    /// Where `value` of `key:` is written in the front matter, as precisely as
    /// it can be found.
    pub fn value_location(&self, key: &str, value: &str) -> Location {
        let text = self.text();
        frontmatter::value_location(&self.display_path, &text, &self.split(&text), key, value)
    }

    /// Locations in the body for several messages, reading the file's text
    /// (when it is not kept) at most once, and sharing it between them.
    pub fn locator(&self) -> Locator<'_> {
        Locator {
            page: self,
            text: std::cell::OnceCell::new(),
        }
    }

    /// The file's first line, for errors about the whole page.
    pub fn start_location(&self) -> Location {
        Location::at_offset(&self.display_path, &self.text(), 0)
    }
}

/// Locations in one page's body (see [`Page::locator`]).
pub struct Locator<'a> {
    page: &'a Page,
    text: std::cell::OnceCell<Arc<str>>,
}

impl Locator<'_> {
    /// Where byte `offset` of the body is.
    pub fn body(&self, offset: usize) -> Location {
        let text = self.text.get_or_init(|| self.page.text());
        Location::at_offset(
            &self.page.display_path,
            text,
            self.page.body_offset + offset,
        )
    }
}

/// A file's length and modification time, to tell whether it changed
/// between two reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
}

impl Stamp {
    fn of(metadata: &std::fs::Metadata) -> Stamp {
        Stamp {
            len: metadata.len(),
            modified: metadata.modified().ok(),
        }
    }
}

/// The text of `file`, `metadata.len()` bytes long when opened (read to its
/// end all the same), decoded (see `text::decode`).
fn read_text(
    file: &mut std::fs::File,
    metadata: &std::fs::Metadata,
    shown_as: &Path,
) -> Result<String, Diagnostic> {
    use std::io::Read;
    let len = usize::try_from(metadata.len()).unwrap_or(0);
    let mut bytes = Vec::with_capacity(len);
    // Through `Take`: `File::read_to_end` would ask the file's size again
    // (statx, lseek), which `metadata` has.
    Read::take(file, u64::MAX)
        .read_to_end(&mut bytes)
        .map_err(|e| io_error("read", shown_as, &e))?;
    crate::text::decode(shown_as, bytes)
}

/// Loads one Markdown file; `relative` is its path below `content/`. With
/// `keep_text` false the file's text is dropped once its front matter is
/// read ([`Page::text`] reads it again).
pub fn load_page(
    root: &Path,
    path: &Path,
    relative: &str,
    languages: &Languages,
    keep_text: bool,
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
    let source: Arc<str> = Arc::from(read_text(&mut file, &metadata, &display_path)?);
    let text_warnings = crate::text::stray_bom_warnings(&display_path, &source);
    let split = frontmatter::split(&source).map_err(|(message, offset)| {
        Diagnostic::error(message)
            .at(Location::at_offset(&display_path, &source, offset))
            .hint(frontmatter::split_hint(&source))
    })?;
    let front = frontmatter::parse(&display_path, &source, &split)?;
    let written_taxonomy_fields = crate::config::TAXONOMY_FIELDS
        .iter()
        .copied()
        .filter(|field| frontmatter::writes_key(&split, field))
        .collect();
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
        source: if keep_text { source } else { Arc::from("") },
        path: path.to_path_buf(),
        stamp: Stamp::of(&metadata),
        text_warnings,
        written_taxonomy_fields,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn load(dir: &Path, text: &str, keep_text: bool) -> Page {
        let path = dir.join("content/a.md");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        load_page(dir, &path, "a.md", &Languages::default(), keep_text).unwrap()
    }

    const TEXT: &str = "---\ntitle: A\ntags: [x]\n---\n\nFirst.\n\n## Later\n";

    #[test]
    fn a_page_without_its_text_reads_it_again_for_its_body_and_messages() {
        let dir = tempfile::tempdir().unwrap();
        let kept = load(dir.path(), TEXT, true);
        let page = load(dir.path(), TEXT, false);
        assert_eq!(&*kept.source, TEXT);
        assert!(page.source.is_empty() && page.body().is_empty());
        let text = page.text_for_body().unwrap();
        assert_eq!(&*text, TEXT);
        assert_eq!(page.body_of(&text), kept.body());
        for (a, b) in [
            (page.key_location("tags"), kept.key_location("tags")),
            (page.locator().body(8), kept.locator().body(8)),
            (page.start_location(), kept.start_location()),
        ] {
            assert_eq!((a.line, a.column), (b.line, b.column));
            assert_eq!(a.source.as_deref(), Some(TEXT));
        }
    }

    #[test]
    fn a_file_changed_since_it_was_read_is_an_error_not_another_body() {
        let dir = tempfile::tempdir().unwrap();
        let page = load(dir.path(), TEXT, false);
        // Another length: the front matter the site was built from is not
        // this file's any more.
        std::fs::write(&page.path, format!("{TEXT}More.\n")).unwrap();
        let error = page.text_for_body().unwrap_err();
        assert!(
            error
                .message
                .contains("changed while the site was being built"),
            "{error:?}"
        );
        // Messages fall back to the file's first line.
        let at = page.key_location("tags");
        assert_eq!((at.line, at.column), (1, 1));
        std::fs::remove_file(&page.path).unwrap();
        assert!(page.text_for_body().is_err());
    }
}
