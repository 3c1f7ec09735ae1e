//! Loading `content/`: walk it with walkdir, read every Markdown file, split and
//! parse its front matter (in parallel), and give each page its URL. Sections are
//! folders with an `_index.md`; other files next to pages are assets copied as-is.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Errors, Location, Result};
use crate::urls;

mod languages;
mod page;

pub use languages::Languages;
use languages::orphan_translation;
pub use page::{Kind, Page, load_page};

/// A page's index in the site graph's page list.
pub type PageId = usize;

/// A non-Markdown file inside `content/`, copied next to its page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// The file on disk.
    pub source: PathBuf,
    /// Output path below the output root.
    pub output: String,
}

/// What `content/` holds: the pages to build, their assets, and what was left
/// out.
#[derive(Debug, Clone, Default)]
pub struct Content {
    /// Every page and section to build, in file order.
    pub pages: Vec<Page>,
    /// Non-Markdown files, copied next to their pages.
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
#[cfg(test)]
pub fn load(root: &Path, content_dir: &Path, drafts: bool) -> Result<Content> {
    load_with(
        root,
        content_dir,
        drafts,
        crate::schedule::Window::default(),
        &Languages::default(),
        &crate::ignored::IgnoredContent::default(),
        true,
    )
}

/// Walks `content_dir` and loads every page (drafts only when `drafts`),
/// leaving out the pages outside their publication `window`, keeping each
/// file's text when `keep_text` (see `load_page`). `root` is used to shorten
/// paths in messages.
pub fn load_with(
    root: &Path,
    content_dir: &Path,
    drafts: bool,
    window: crate::schedule::Window,
    languages: &Languages,
    ignored: &crate::ignored::IgnoredContent,
    keep_text: bool,
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
    // Pages load in parallel as the walk finds them; back in walk order after.
    let loaded = std::sync::Mutex::new(Vec::new());
    rayon::scope(|scope| {
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
                // Each page loads on another thread while the walk goes on.
                let (index, path) = (markdown.len(), entry.path().to_path_buf());
                markdown.push(relative_str.clone());
                let loaded = &loaded;
                scope.spawn(move |_| {
                    let page = load_page(root, &path, &relative_str, languages, keep_text);
                    loaded
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .push((index, Box::new(page)));
                });
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
    });
    // (Boxed: a page is large, and the list grows as they come.)
    let mut slots: Vec<Option<Box<std::result::Result<Page, Diagnostic>>>> =
        std::iter::repeat_with(|| None)
            .take(markdown.len())
            .collect();
    for (index, page) in loaded
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
    {
        slots[index] = Some(page);
    }
    let loaded = slots.into_iter().flatten().map(|page| *page);
    let mut pages = Vec::with_capacity(markdown.len());
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
    let files: std::collections::HashSet<&str> = markdown.iter().map(String::as_str).collect();
    // (Only on a site with translations: it moves every page again.)
    let pages_in_order = if pages.iter().any(|page| !page.lang.is_empty()) {
        let len = pages.len();
        std::mem::replace(&mut pages, Vec::with_capacity(len))
    } else {
        Vec::new()
    };
    for page in pages_in_order {
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
        if let Some(clash) = markdown.iter().map(String::as_str).find(|relative| {
            relative
                .to_ascii_lowercase()
                .starts_with(&folder.to_ascii_lowercase())
        }) {
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
    Ok(Content {
        pages,
        assets,
        drafts: left_out,
        scheduled,
        draft_outputs,
    })
}

/// `path` relative to `root` when it is inside it, for shorter messages.
pub fn shorten(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
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
}
