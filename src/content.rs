//! Loading `content/`: walk it with walkdir, read every Markdown file, split and
//! parse its front matter (in parallel), and give each page its URL. Sections are
//! folders with an `_index.md`; other files next to pages are assets copied as-is.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Errors, Location, Result, io_error};
use crate::frontmatter::{self, FrontMatter};
use crate::urls;

/// Larger Markdown files are refused: no explainer page is this long, and a
/// runaway file should not stall the build.
pub const MAX_PAGE_BYTES: u64 = 8 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `_index.md` of a folder (or the home page at the root).
    Section,
    Page,
}

/// One Markdown file with its parsed front matter and its place in the site.
#[derive(Debug, Clone)]
pub struct Page {
    pub kind: Kind,
    /// Path inside `content/` with `/` separators: `timeline/berlin.md`.
    pub file: String,
    /// Path as the user knows it, for messages: `content/timeline/berlin.md`.
    pub display_path: PathBuf,
    pub source: Arc<str>,
    pub front: FrontMatter,
    pub front_offset: usize,
    pub front_len: usize,
    pub body_offset: usize,
    /// The `file` of the section this page (or subsection) belongs to; empty for the home page.
    pub parent: String,
    /// First folder below `content/` (`timeline`), empty at the root: selects the schema.
    pub section_name: String,
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

    pub fn body(&self) -> &str {
        &self.source[self.body_offset..]
    }

    pub fn split(&self) -> frontmatter::Split<'_> {
        frontmatter::Split {
            front: &self.source[self.front_offset..self.front_offset + self.front_len],
            front_offset: self.front_offset,
            body: self.body(),
            body_offset: self.body_offset,
        }
    }

    pub fn key_location(&self, key: &str) -> Location {
        frontmatter::key_location(&self.display_path, &self.source, &self.split(), key)
    }

    /// Where top-level `key:` is written in the front matter, if it is.
    pub fn written_key_location(&self, key: &str) -> Option<Location> {
        frontmatter::written_key_location(&self.display_path, &self.source, &self.split(), key)
    }

    pub fn value_location(&self, key: &str, value: &str) -> Location {
        frontmatter::value_location(&self.display_path, &self.source, &self.split(), key, value)
    }

    pub fn start_location(&self) -> Location {
        Location::at_offset(&self.display_path, &self.source, 0)
    }
}

/// A non-Markdown file inside `content/`, copied next to its page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    pub source: PathBuf,
    /// Output path below the output root.
    pub output: String,
}

#[derive(Debug, Clone, Default)]
pub struct Content {
    pub pages: Vec<Page>,
    pub assets: Vec<Asset>,
    /// Files below `content/` of the drafts left out (no `--drafts`), so a
    /// link to one can say why it finds nothing.
    pub drafts: Vec<String>,
    /// Pages outside their publication window (see [`crate::schedule`]),
    /// each with why it is left out.
    pub scheduled: Vec<(String, String)>,
    /// The output file each of `drafts` would have (`drafty/index.html`), in order.
    pub draft_outputs: Vec<String>,
}

/// Whether a file name is an editor's temporary or hidden file that must never be read.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.starts_with('#')
        || name == "4913"
}

/// Whether `path`, with every symbolic link on the way followed, is still
/// inside the site folder `root`. A path that cannot be resolved is not.
pub fn resolves_inside(root: &Path, path: &Path) -> bool {
    let (Ok(root), Ok(target)) = (std::fs::canonicalize(root), std::fs::canonicalize(path)) else {
        return false;
    };
    target.starts_with(root)
}

/// The error for a symbolic link (`path`) that leads out of the site: its
/// target is never read, copied or served.
pub fn link_leaves_site(root: &Path, path: &Path) -> Diagnostic {
    Diagnostic::error("a symbolic link points outside the site folder; it is not followed")
        .in_file(shorten(root, path))
        .hint("copy the file into the site, or point the link at a file inside the site")
}

/// Walks `content_dir` and loads every page. `root` is used to shorten paths in messages.
pub fn load(root: &Path, content_dir: &Path, drafts: bool) -> Result<Content> {
    load_with(
        root,
        content_dir,
        drafts,
        crate::schedule::Window::default(),
        &Languages::default(),
        &crate::ignored::IgnoredContent::default(),
    )
}

/// The languages a file name may name (issue 17): the default one and the
/// others of `[languages]`. With no others, a dot in a file name is part of its name.
#[derive(Debug, Clone, Default)]
pub struct Languages {
    pub default: String,
    pub others: Vec<String>,
}

impl Languages {
    pub fn of(config: &crate::config::Config) -> Languages {
        Languages {
            default: config.language.clone(),
            others: config.languages.iter().map(|l| l.code.clone()).collect(),
        }
    }

    /// The language of the content file `relative` and the file it would be
    /// in the default language: `about.uk.md` → (`uk`, `about.md`). Like
    /// Zola, once a site has other languages, the part of a file name after
    /// its last dot is a language code, and an unknown one is an error.
    pub fn split<'a>(
        &self,
        relative: &'a str,
    ) -> std::result::Result<(String, std::borrow::Cow<'a, str>), (String, String)> {
        use std::borrow::Cow;
        if self.others.is_empty() {
            return Ok((String::new(), Cow::Borrowed(relative)));
        }
        let (dir, name) = match relative.rfind('/') {
            Some(i) => relative.split_at(i + 1),
            None => ("", relative),
        };
        let stem = name.strip_suffix(".md").unwrap_or(name);
        let Some((base, code)) = stem.rsplit_once('.') else {
            return Ok((String::new(), Cow::Borrowed(relative)));
        };
        let all = std::iter::once(self.default.as_str())
            .chain(self.others.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join(", ");
        if code == self.default {
            return Err((
                format!(
                    "`{name}` names the default language `{code}`: pages in the default language have no language code"
                ),
                format!("rename it to `{base}.md`"),
            ));
        }
        if !self.others.iter().any(|c| c == code) || base.is_empty() {
            return Err((
                format!(
                    "`{code}` in `{name}` is not a language of this site (its languages are {all})"
                ),
                format!(
                    "with [languages] in site.toml, the part of a file name after its last dot is a language code: add [languages.{code}] to site.toml, or rename the file without the dot (`{base}-{code}.md`)"
                ),
            ));
        }
        Ok((code.to_string(), Cow::Owned(format!("{dir}{base}.md"))))
    }
}

/// [`load`], leaving out the pages outside their publication `window` too.
pub fn load_with(
    root: &Path,
    content_dir: &Path,
    drafts: bool,
    window: crate::schedule::Window,
    languages: &Languages,
    ignored: &crate::ignored::IgnoredContent,
) -> Result<Content> {
    let mut markdown = Vec::new();
    let mut assets = Vec::new();
    let mut errors = Vec::new();
    if !content_dir.is_dir() {
        return Err(
            Diagnostic::error(format!("no content folder at {}", content_dir.display()))
                .in_file(content_dir)
                .hint("create content/_index.md, or run `briefing init DIR` for a starter site")
                .into(),
        );
    }
    let mut walker = WalkDir::new(content_dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || !(is_ignored_name(&e.file_name().to_string_lossy())
                    || e.path()
                        .strip_prefix(content_dir)
                        .is_ok_and(|relative| ignored.is_ignored_path(relative)))
        });
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = e
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| content_dir.to_path_buf());
                let message = if e.loop_ancestor().is_some() {
                    "a symbolic link loops back to one of its parent folders".to_string()
                } else {
                    format!("could not read: {e}")
                };
                errors.push(Diagnostic::error(message).in_file(shorten(root, &path)));
                continue;
            }
        };
        if entry.path_is_symlink() && !resolves_inside(root, entry.path()) {
            errors.push(link_leaves_site(root, entry.path()));
            if entry.file_type().is_dir() {
                walker.skip_current_dir();
            }
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let relative = match entry.path().strip_prefix(content_dir) {
            Ok(relative) => relative.to_path_buf(),
            Err(_) => continue,
        };
        let Some(relative_str) = relative.to_str().map(|s| s.replace('\\', "/")) else {
            errors.push(
                Diagnostic::error("the file name is not valid UTF-8")
                    .in_file(shorten(root, entry.path()))
                    .hint("rename the file using UTF-8 characters"),
            );
            continue;
        };
        if relative_str.ends_with(".md") {
            markdown.push((entry.path().to_path_buf(), relative_str));
        } else {
            match urls::output_path_for_asset(&relative_str) {
                Ok(output) => assets.push(Asset {
                    source: entry.path().to_path_buf(),
                    output,
                }),
                Err(message) => {
                    errors.push(Diagnostic::error(message).in_file(shorten(root, entry.path())))
                }
            }
        }
    }
    let loaded: Vec<std::result::Result<Page, Diagnostic>> = markdown
        .par_iter()
        .map(|(path, relative)| load_page(root, path, relative, languages))
        .collect();
    let mut pages = Vec::with_capacity(loaded.len());
    let mut left_out = Vec::new();
    let mut scheduled = Vec::new();
    let mut draft_outputs = Vec::new();
    for result in loaded {
        match result {
            Ok(page) if page.front.draft && !drafts => {
                draft_outputs.push(page.output_file());
                left_out.push(page.file);
            }
            Ok(page) => match window.left_out(&page.front) {
                Some(reason) => scheduled.push((page.file, reason)),
                None => pages.push(page),
            },
            Err(diagnostic) => errors.push(diagnostic),
        }
    }
    // A translation goes where its original goes: left out with a draft or
    // scheduled original; an error without an original.
    let files: std::collections::HashSet<&str> = markdown
        .iter()
        .map(|(_, relative)| relative.as_str())
        .collect();
    for page in std::mem::take(&mut pages) {
        if page.lang.is_empty() {
            pages.push(page);
            continue;
        }
        let original = page.original_file().into_owned();
        if !files.contains(original.as_str()) {
            errors.push(orphan_translation(
                &page,
                &original,
                ignored.is_ignored(&original),
            ));
        } else if left_out.contains(&original) {
            draft_outputs.push(page.output_file());
            left_out.push(page.file);
        } else if let Some(reason) = scheduled
            .iter()
            .find(|(file, _)| *file == original)
            .map(|(_, reason)| reason.clone())
        {
            scheduled.push((page.file, reason));
        } else {
            pages.push(page);
        }
    }
    // Each language has its home page: links to `/uk/` need one; and its
    // folder of the output is its own.
    for code in &languages.others {
        let folder = format!("{code}/");
        if let Some(clash) = markdown
            .iter()
            .map(|(_, relative)| relative)
            .find(|relative| {
                relative
                    .to_ascii_lowercase()
                    .starts_with(&folder.to_ascii_lowercase())
            })
        {
            errors.push(
                Diagnostic::error(format!(
                    "content/{clash} is in a folder named like the language `{code}`: its pages and the `{code}` edition would both be at /{code}/"
                ))
                .at(Location::new(format!("content/{clash}"), 1, 1))
                .hint(format!(
                    "rename the folder content/{code}/ (or drop [languages.{code}] from site.toml)"
                )),
            );
        }
        let home = format!("_index.{code}.md");
        if !pages.iter().any(|page| page.file == home) {
            let why = if files.contains(home.as_str()) {
                "is left out of this build (a draft, or not yet published)"
            } else {
                "does not exist"
            };
            errors.push(
                Diagnostic::error(format!(
                    "language `{code}` has no home page: content/{home} {why}"
                ))
                .in_file(format!("content/{home}"))
                .hint(format!(
                    "create content/{home} (the home page of the `{code}` edition, at /{code}/; its title can be that of [languages.{code}]), or remove [languages.{code}] from site.toml"
                )),
            );
        }
    }
    Errors::check(errors)?;
    assign_parents(&mut pages);
    Ok(Content {
        pages,
        assets,
        drafts: left_out,
        scheduled,
        draft_outputs,
    })
}

/// The error for a translation (`orphan.uk.md`) whose original
/// (`orphan.md`) does not exist.
fn orphan_translation(page: &Page, original: &str, ignored: bool) -> Diagnostic {
    let (why, hint) = if ignored {
        (
            "which ignored_content in site.toml leaves out",
            format!(
                "a translation is published beside its original: leave content/{} out too (add it to ignored_content), or stop leaving out its original",
                page.file
            ),
        )
    } else {
        (
            "which does not exist",
            format!(
                "a translation is published beside its original: create content/{original} in the default language, or fix this file's name to match the original it translates"
            ),
        )
    };
    Diagnostic::error(format!("`{}` translates `{original}`, {why}", page.file))
        .at(Location::new(format!("content/{}", page.file), 1, 1))
        .hint(hint)
}

/// `path` relative to `root` when it is inside it, for shorter messages.
pub fn shorten(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
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
        parent: String::new(),
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

/// Links each page to the nearest section above it (`_index.md` files; a
/// translation to the nearest translated section, `_index.uk.md`).
fn assign_parents(pages: &mut [Page]) {
    let sections: std::collections::HashSet<String> = pages
        .iter()
        .filter(|p| p.kind == Kind::Section)
        .map(|p| p.file.clone())
        .collect();
    for page in pages.iter_mut() {
        let mut dir = folder_of(&page.file);
        let index = if page.lang.is_empty() {
            "_index.md".to_string()
        } else {
            format!("_index.{}.md", page.lang)
        };
        if page.kind == Kind::Section {
            if page.file == index {
                continue;
            }
            dir = folder_of(dir.trim_end_matches('/'));
        }
        loop {
            let candidate = format!("{dir}{index}");
            if sections.contains(&candidate) || dir.is_empty() {
                page.parent = candidate;
                break;
            }
            dir = folder_of(dir.trim_end_matches('/'));
        }
    }
}

/// `a/b/c.md` → `a/b/`; `c.md` → ``.
fn folder_of(file: &str) -> &str {
    match file.rfind('/') {
        Some(i) => &file[..=i],
        None => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn can_tell_links_that_stay_inside_the_site() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("static")).unwrap();
        std::fs::write(root.join("static/a.css"), "a").unwrap();
        std::fs::write(dir.path().join("secret"), "s").unwrap();
        std::os::unix::fs::symlink(root.join("static/a.css"), root.join("static/b.css")).unwrap();
        std::os::unix::fs::symlink("../../secret", root.join("static/out")).unwrap();
        assert!(resolves_inside(&root, &root.join("static/b.css")));
        assert!(!resolves_inside(&root, &root.join("static/out")));
        assert!(!resolves_inside(&root, &root.join("static/missing")));
    }

    #[test]
    fn ignores_editor_temporary_files() {
        assert!(is_ignored_name(".page.md.swp"));
        assert!(is_ignored_name("page.md~"));
        assert!(is_ignored_name("4913"));
        assert!(!is_ignored_name("page.md"));
    }

    #[test]
    fn can_find_folders() {
        assert_eq!(folder_of("a/b/c.md"), "a/b/");
        assert_eq!(folder_of("c.md"), "");
    }
}
