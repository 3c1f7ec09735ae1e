//! The built site a link check reads: the paths of its files and the text
//! of its HTML pages, from a build held in memory or a folder on disk.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Result, io_error};
use crate::output::Plan;
use crate::portable::is_html;
use crate::urls::index_file;

/// The files of a built site and the text of its HTML pages.
#[derive(Debug, Default)]
pub struct BuiltSite {
    /// Shown before page paths in messages (the output folder).
    pub root: PathBuf,
    /// Every file, `/`-separated, below the output root.
    pub files: BTreeSet<String>,
    /// HTML pages: path below the output root and their text.
    pub pages: Vec<(String, Arc<str>)>,
}

impl BuiltSite {
    /// A build held in memory; `root` is where it would be written.
    pub fn from_plan(plan: &Plan, root: &Path) -> Result<BuiltSite> {
        let mut site = BuiltSite {
            root: root.to_path_buf(),
            files: plan.files.keys().cloned().collect(),
            pages: Vec::new(),
        };
        for path in plan.files.keys().filter(|p| is_html(p)) {
            match plan.read(path) {
                Some(Ok(bytes)) => site.pages.push((
                    path.clone(),
                    Arc::from(String::from_utf8_lossy(&bytes).as_ref()),
                )),
                Some(Err(e)) => return Err(io_error("read", &root.join(path), &e).into()),
                None => {}
            }
        }
        Ok(site)
    }

    /// A build written to `dir`: a folder with a home page (`index.html`),
    /// as every build writes; anything else is an error, so a mistyped or
    /// wrong folder is never reported clean.
    pub fn from_dir(dir: &Path) -> Result<BuiltSite> {
        let home = index_file("");
        if !dir.is_dir() || !dir.join(&home).is_file() {
            let why = if dir.is_dir() {
                format!("it has no {home}")
            } else {
                "it does not exist".to_string()
            };
            return Err(Diagnostic::error(format!(
                "{} is not a folder with a built site: {why}",
                dir.display()
            ))
            .hint("build the site first with `briefing build`, or pass the folder it wrote")
            .into());
        }
        let mut site = BuiltSite {
            root: dir.to_path_buf(),
            ..BuiltSite::default()
        };
        for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
            let entry = entry.map_err(|e| {
                Diagnostic::error(format!("could not read {}: {e}", dir.display())).in_file(dir)
            })?;
            if !entry.file_type().is_file() {
                continue;
            }
            let Ok(relative) = entry.path().strip_prefix(dir) else {
                continue;
            };
            let relative = relative.to_string_lossy().replace('\\', "/");
            if is_html(&relative) {
                let bytes =
                    std::fs::read(entry.path()).map_err(|e| io_error("read", entry.path(), &e))?;
                site.pages.push((
                    relative.clone(),
                    Arc::from(String::from_utf8_lossy(&bytes).as_ref()),
                ));
            }
            site.files.insert(relative);
        }
        Ok(site)
    }
}
