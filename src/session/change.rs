//! Which way to take a set of changed paths: nothing to do, a fast-path
//! update of some pages, pages whose shortcodes changed, or a full build.
//! What a path is comes from [`crate::layout::classify`]. Sorting an image
//! edited in place also evicts it from the image cache, so that the update
//! processes it again.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::content;
use crate::layout::{self, Input, TEMPLATES_DIR, THEMES_DIR};
use crate::output::{self, Contents};
use crate::pipeline::Built;

/// How to take a set of changed paths.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Change {
    /// Nothing the build reads changed.
    Nothing,
    /// Rebuild everything ([`crate::pipeline::Built::load`]).
    Full,
    /// Only these existing pages changed (paths below content/).
    Pages(Vec<String>),
    /// Shortcode templates changed in place: re-render the pages (paths
    /// below content/) that use them, and those that changed.
    Shortcodes(Vec<String>),
}

/// Sorts `changed` (absolute, or relative to `root`) into a [`Change`]
/// against the last good build. Side effect: an image edited in place that
/// some page shows is evicted from the build's image cache, so that the fast
/// path processes it again.
pub(super) fn classify(root: &Path, built: &Built, changed: &[PathBuf]) -> Change {
    let config = &built.site.config;
    let mut pages = Vec::new();
    let mut shortcodes = false;
    for path in changed {
        let path = if path.is_absolute() {
            output::absolute(path)
        } else {
            root.join(path)
        };
        let Ok(relative) = path.strip_prefix(root) else {
            continue;
        };
        if path.is_symlink() {
            return Change::Full; // only a full build checks where links lead
        }
        let Some(relative) = relative.to_str().map(|r| r.replace('\\', "/")) else {
            return Change::Full;
        };
        let input = layout::classify(root, &config.sources_file, &path);
        if content::is_ignored_name(relative.rsplit('/').next().unwrap_or(""))
            || path.starts_with(&config.output_dir)
            || matches!(&input, Some(Input::Content(below))
                if !below.is_empty() && config.ignored_content.is_ignored(below))
        {
            continue;
        }
        match input {
            Some(Input::Content(file)) if file.ends_with(".md") => {
                if !(built.site.by_file.contains_key(&file) && path.is_file()) {
                    return Change::Full; // a page appeared or disappeared
                }
                pages.push(file);
            }
            Some(Input::Content(_) | Input::Static) => {
                // Static files and assets are read when written or served: an edit
                // needs no rebuild, but one that appeared or disappeared does.
                let known = built
                    .plan
                    .files
                    .values()
                    .any(|c| matches!(c, Contents::Copy(p) if *p == path));
                if !(known && path.is_file()) {
                    return Change::Full;
                }
                // An image edited in place: the pages that show it, with the
                // image processed again (a template's `resize_image` of it:
                // everything, as templates' reads of files are not tracked).
                if built.site.images.resized_by_templates(&relative) {
                    return Change::Full;
                }
                let mut used = false;
                for (id, body) in built.bodies.iter().enumerate() {
                    if body.images.contains(&relative) {
                        used = true;
                        pages.push(built.site.pages[id].file.clone());
                    }
                }
                if used {
                    built.site.images.forget(&relative);
                }
            }
            Some(Input::Template) => {
                if let Some(name) = shortcode_template(config, &relative)
                    && built.site.shortcodes.def(name).is_some()
                    && path.is_file()
                {
                    // A shortcode edited in place: the pages whose bodies use it.
                    shortcodes = true;
                    for (id, body) in built.bodies.iter().enumerate() {
                        if body.shortcodes.iter().any(|used| used == name) {
                            pages.push(built.site.pages[id].file.clone());
                        }
                    }
                } else {
                    return Change::Full;
                }
            }
            Some(Input::Config | Input::Sources) => return Change::Full,
            Some(Input::Other) | None => {}
        }
    }
    pages.sort();
    pages.dedup();
    if shortcodes {
        Change::Shortcodes(pages)
    } else if pages.is_empty() {
        Change::Nothing
    } else {
        Change::Pages(pages)
    }
}

/// The shortcode a template path (`templates/shortcodes/callout.html`, or
/// the configured theme's) defines.
fn shortcode_template<'a>(config: &Config, relative: &'a str) -> Option<&'a str> {
    let site = format!("{TEMPLATES_DIR}/shortcodes/");
    let theme = format!("{THEMES_DIR}/{}/{TEMPLATES_DIR}/shortcodes/", config.theme);
    let file = relative
        .strip_prefix(site.as_str())
        .or_else(|| relative.strip_prefix(theme.as_str()))?;
    file.strip_suffix(".html")
        .filter(|name| !name.contains('/'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::testing::{tiny_site, write};

    /// How `built`'s session would take a change of `path` (below the root).
    fn change_of(built: &Built, path: &str) -> Change {
        let root = built.site.config.root.clone();
        classify(&root, built, &[root.join(path)])
    }

    #[test]
    fn an_edited_page_is_the_fast_path() {
        let (dir, built) = tiny_site();
        write(
            dir.path(),
            &[("content/a.md", "---\ntitle: B\n---\nNew.\n")],
        );
        assert_eq!(
            change_of(&built, "content/a.md"),
            Change::Pages(vec!["a.md".into()])
        );
        // Relative paths are below the root.
        let relative = classify(&built.site.config.root, &built, &["content/a.md".into()]);
        assert_eq!(relative, Change::Pages(vec!["a.md".into()]));
    }

    #[test]
    fn a_new_or_removed_page_is_a_full_build() {
        let (dir, built) = tiny_site();
        write(dir.path(), &[("content/new.md", "---\ntitle: New\n---\n")]);
        assert_eq!(change_of(&built, "content/new.md"), Change::Full);
        std::fs::remove_file(dir.path().join("content/a.md")).unwrap();
        assert_eq!(change_of(&built, "content/a.md"), Change::Full);
    }

    #[test]
    fn templates_config_and_sources_are_a_full_build() {
        let (_dir, built) = tiny_site();
        assert_eq!(change_of(&built, "templates/page.html"), Change::Full);
        assert_eq!(
            change_of(&built, "themes/t/templates/base.html"),
            Change::Full
        );
        assert_eq!(change_of(&built, "site.toml"), Change::Full);
        assert_eq!(change_of(&built, "sources.yaml"), Change::Full);
    }

    #[test]
    fn a_static_file_edited_in_place_needs_nothing_but_a_new_one_does() {
        let (dir, built) = tiny_site();
        write(dir.path(), &[("static/style.css", "body { margin: 0 }\n")]);
        assert_eq!(change_of(&built, "static/style.css"), Change::Nothing);
        write(dir.path(), &[("static/new.css", "p {}\n")]);
        assert_eq!(change_of(&built, "static/new.css"), Change::Full);
    }

    #[test]
    fn editor_temporary_files_and_other_paths_are_ignored() {
        let (dir, built) = tiny_site();
        write(
            dir.path(),
            &[
                ("content/.a.md.swp", "x"),
                ("content/a.md~", "x"),
                ("notes.txt", "x"),
            ],
        );
        for path in [
            "content/.a.md.swp",
            "content/a.md~",
            "notes.txt",
            "public/index.html",
        ] {
            assert_eq!(change_of(&built, path), Change::Nothing, "{path}");
        }
        let outside = classify(&built.site.config.root, &built, &["/elsewhere/a.md".into()]);
        assert_eq!(outside, Change::Nothing);
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_is_a_full_build() {
        let (dir, built) = tiny_site();
        std::os::unix::fs::symlink(
            dir.path().join("static/style.css"),
            dir.path().join("static/link.css"),
        )
        .unwrap();
        assert_eq!(change_of(&built, "static/link.css"), Change::Full);
    }
}
