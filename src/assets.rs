//! Static files into the plan: the theme's first, then the site's
//! `static/`, which wins on conflicts. They are copied as they are, read
//! when written or served. A symbolic link is followed only while it stays
//! inside the site folder.

use std::path::Path;

use crate::content;
use crate::diagnostics::{Diagnostic, Errors};
use crate::layout::STATIC_DIR;
use crate::output::{self, Contents, Plan};

/// Where the theme's static files are.
pub enum ThemeStatic<'a> {
    /// A theme folder below `themes/`: its `static/` (the folder itself is given).
    Folder(&'a Path),
    /// The built-in theme's `static/` folder, if it has one.
    Embedded(Option<&'static include_dir::Dir<'static>>),
}

/// Adds the theme's and the site's static files to `plan`; returns how many
/// files were added (a site file replacing a theme file counts twice, as
/// each was added).
pub fn add_static(
    plan: &mut Plan,
    root: &Path,
    theme: ThemeStatic<'_>,
) -> std::result::Result<usize, Errors> {
    let mut errors = Vec::new();
    let mut added = 0;
    match theme {
        ThemeStatic::Folder(folder) => {
            add_folder(
                plan,
                root,
                &folder.join(STATIC_DIR),
                &mut added,
                &mut errors,
            );
        }
        ThemeStatic::Embedded(dir) => {
            if let Some(dir) = dir {
                add_embedded(plan, dir, &mut added);
            }
        }
    }
    add_folder(plan, root, &root.join(STATIC_DIR), &mut added, &mut errors);
    Errors::check(errors)?;
    Ok(added)
}

fn add_folder(
    plan: &mut Plan,
    root: &Path,
    folder: &Path,
    added: &mut usize,
    errors: &mut Vec<Diagnostic>,
) {
    if !folder.is_dir() {
        return;
    }
    let mut walker = walkdir::WalkDir::new(folder)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walker.next() {
        let Ok(entry) = entry else { continue };
        if entry.path_is_symlink() && !content::resolves_inside(root, entry.path()) {
            errors.push(content::link_leaves_site(root, entry.path()));
            if entry.file_type().is_dir() {
                walker.skip_current_dir();
            }
            continue;
        }
        if !entry.file_type().is_file()
            || content::is_ignored_name(&entry.file_name().to_string_lossy())
        {
            continue;
        }
        let Ok(relative) = entry.path().strip_prefix(folder) else {
            continue;
        };
        let Some(relative) = relative.to_str() else {
            continue;
        };
        plan.add(
            relative.replace('\\', "/"),
            Contents::Copy(output::absolute(entry.path())),
        );
        *added += 1;
    }
}

fn add_embedded(plan: &mut Plan, dir: &'static include_dir::Dir<'static>, added: &mut usize) {
    for entry in dir.entries() {
        if let Some(sub) = entry.as_dir() {
            add_embedded(plan, sub, added);
        } else if let Some(file) = entry.as_file() {
            let relative = file.path().strip_prefix(STATIC_DIR).unwrap_or(file.path());
            plan.add(
                relative.to_string_lossy().replace('\\', "/"),
                Contents::Embedded(file.contents()),
            );
            *added += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_static_files_win_over_the_themes() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let theme = root.join("themes/t");
        for (path, text) in [
            ("themes/t/static/style.css", "theme"),
            ("themes/t/static/theme.js", "theme"),
            ("static/style.css", "site"),
            ("static/.hidden", "left out"),
        ] {
            std::fs::create_dir_all(root.join(path).parent().unwrap()).unwrap();
            std::fs::write(root.join(path), text).unwrap();
        }
        let mut plan = Plan::default();
        let added = add_static(&mut plan, root, ThemeStatic::Folder(&theme)).unwrap();
        assert_eq!(added, 3);
        let paths: Vec<&str> = plan.files.keys().map(String::as_str).collect();
        assert_eq!(paths, ["style.css", "theme.js"]);
        assert_eq!(plan.read("style.css").unwrap().unwrap(), b"site");
    }
}
