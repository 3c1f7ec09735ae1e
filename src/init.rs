//! `briefing init DIR`: writes a starter site (site.toml, a source list and a
//! few sample pages of each kind) that builds and serves at once with the
//! built-in theme. Never overwrites an existing file.

use std::path::{Path, PathBuf};

use clap::Args;
use include_dir::{Dir, include_dir};

use crate::cli::Printer;
use crate::diagnostics::{Diagnostic, Errors, io_error};

static STARTER: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/starter");

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder for the new site (created if missing; must not already hold a site).
    pub dir: PathBuf,
}

impl InitArgs {
    pub fn run(&self, printer: Printer) -> Result<(), Errors> {
        let written = scaffold(&self.dir)?;
        printer.info(&format!(
            "Created a starter site in {} ({written} files). Next: cd {} && briefing build",
            self.dir.display(),
            self.dir.display()
        ));
        Ok(())
    }
}

/// Writes the starter files into `dir`; refuses if any of them exists.
pub fn scaffold(dir: &Path) -> Result<usize, Errors> {
    let mut files = Vec::new();
    collect(&STARTER, &mut files);
    for (relative, _) in &files {
        let target = dir.join(relative);
        if target.exists() {
            return Err(Diagnostic::error(format!(
                "{} already exists; init never overwrites files",
                target.display()
            ))
            .in_file(&target)
            .hint("choose an empty or new folder")
            .into());
        }
    }
    for (relative, contents) in &files {
        let target = dir.join(relative);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io_error("create", parent, &e))?;
        }
        std::fs::write(&target, contents).map_err(|e| io_error("write", &target, &e))?;
    }
    Ok(files.len())
}

fn collect(dir: &'static Dir<'static>, files: &mut Vec<(PathBuf, &'static [u8])>) {
    for entry in dir.entries() {
        if let Some(sub) = entry.as_dir() {
            collect(sub, files);
        } else if let Some(file) = entry.as_file() {
            files.push((file.path().to_path_buf(), file.contents()));
        }
    }
}
