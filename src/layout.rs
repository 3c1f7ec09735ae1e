//! The site folder's layout: the names of the source folders and of the
//! well-known output files, and which kind of input a changed path is. The
//! one place these names are spelled (Zola's `ChangeKind` and
//! `detect_change_kind`, `src/fs_utils.rs`).

use std::path::{Path, PathBuf};

/// Pages, sections and their assets.
pub const CONTENT_DIR: &str = "content";
/// Files copied as they are.
pub const STATIC_DIR: &str = "static";
/// Themes, each a folder with `templates/` and `static/`.
pub const THEMES_DIR: &str = "themes";
/// The site's own templates, which override the theme's.
pub const TEMPLATES_DIR: &str = "templates";
/// Every folder the build reads, in the order the output folder check names them.
pub const SOURCE_FOLDERS: [&str; 4] = [CONTENT_DIR, THEMES_DIR, TEMPLATES_DIR, STATIC_DIR];

/// The site's configuration file, at the site root.
pub const CONFIG_FILE: &str = "site.toml";
/// The sources file when `site.toml` names none (`sources = …`).
pub const SOURCES_FILE: &str = "sources.yaml";

/// The Atom feed of the site's pages.
pub const FEED_FILE: &str = "atom.xml";
/// The sitemap.
pub const SITEMAP_FILE: &str = "sitemap.xml";
/// The crawler rules.
pub const ROBOTS_FILE: &str = "robots.txt";
/// The data export of the timeline's events.
pub const TIMELINE_FILE: &str = "timeline.json";
/// The data export of the actors.
pub const ACTORS_FILE: &str = "actors.json";
/// The page served for a missing address, at any depth; also the name of
/// the template that renders it.
pub const NOT_FOUND_FILE: &str = "404.html";

/// The folder of the theme `theme` in the site at `root`: `themes/<theme>`.
pub fn theme_dir(root: &Path, theme: &str) -> PathBuf {
    root.join(THEMES_DIR).join(theme)
}

/// The folders a file the site publishes as it is may come from, in the
/// order they are searched: the site's `static/`, then the theme's. Each
/// with the name it is shown by (`static`, `themes/<theme>/static`).
pub fn static_folders(root: &Path, theme: &str) -> [(String, PathBuf); 2] {
    [
        (STATIC_DIR.to_string(), root.join(STATIC_DIR)),
        (
            format!("{THEMES_DIR}/{theme}/{STATIC_DIR}"),
            theme_dir(root, theme).join(STATIC_DIR),
        ),
    ]
}

/// The section of timeline events, which `timeline.json` exports.
pub const TIMELINE_SECTION: &str = "timeline";
/// The section of actors, which `actors.json` exports and `actors` lists name.
pub const ACTORS_SECTION: &str = "actors";

/// What a file of the site folder is to the build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file below `content/`: its path there, `/`-separated (empty for the
    /// folder itself). A page or section if it ends in `.md`, else an asset.
    Content(String),
    /// A file below `static/`, or a theme's file outside its `templates/`.
    Static,
    /// A template: below `templates/`, or a theme's `templates/`.
    Template,
    /// `site.toml`.
    Config,
    /// The sources file (`sources_file`, configurable).
    Sources,
    /// Anything else in the site folder.
    Other,
}

/// What `path` (absolute, or relative to `root`) is to a site at `root`
/// whose sources file is `sources_file`. None when the path is outside
/// `root`; a path that is not UTF-8 is [`Input::Other`]. Only the path is
/// looked at: whether the file exists or is a link is the caller's business.
pub fn classify(root: &Path, sources_file: &Path, path: &Path) -> Option<Input> {
    let joined;
    let path = if path.is_absolute() {
        path
    } else {
        joined = root.join(path);
        &joined
    };
    let relative = path.strip_prefix(root).ok()?;
    let Some(relative) = relative.to_str().map(|r| r.replace('\\', "/")) else {
        return Some(Input::Other);
    };
    let top = relative.split('/').next().unwrap_or("");
    let is_template =
        top == TEMPLATES_DIR || (top == THEMES_DIR && relative.contains("/templates/"));
    Some(if top == CONTENT_DIR {
        let below = relative.strip_prefix(CONTENT_DIR).unwrap_or("");
        Input::Content(below.strip_prefix('/').unwrap_or(below).to_string())
    } else if (top == STATIC_DIR || top == THEMES_DIR) && !is_template {
        Input::Static
    } else if is_template {
        Input::Template
    } else if relative == CONFIG_FILE {
        Input::Config
    } else if path == sources_file {
        Input::Sources
    } else {
        Input::Other
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(path: &str) -> Option<Input> {
        classify(
            Path::new("/site"),
            Path::new("/site/sources.yaml"),
            Path::new(path),
        )
    }

    #[test]
    fn classifies_each_folder_and_file() {
        assert_eq!(
            kind("content/a/b.md"),
            Some(Input::Content("a/b.md".into()))
        );
        assert_eq!(kind("/site/content"), Some(Input::Content(String::new())));
        assert_eq!(kind("static/style.css"), Some(Input::Static));
        assert_eq!(kind("themes/t/static/s.css"), Some(Input::Static));
        assert_eq!(kind("themes/t/templates/page.html"), Some(Input::Template));
        assert_eq!(kind("templates/shortcodes/x.html"), Some(Input::Template));
        assert_eq!(kind("site.toml"), Some(Input::Config));
        assert_eq!(kind("/site/sources.yaml"), Some(Input::Sources));
        assert_eq!(kind("README.md"), Some(Input::Other));
        assert_eq!(kind("contents/a.md"), Some(Input::Other));
        assert_eq!(kind("/elsewhere/content/a.md"), None);
    }
}
