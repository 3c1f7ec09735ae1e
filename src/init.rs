//! `briefing init DIR`: writes a starter site (site.toml, a source list and a
//! few sample pages of each kind) that builds and serves at once with the
//! built-in theme. Never overwrites an existing file. (The command's flags
//! and message are in `cmd/init.rs`.)

use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::diagnostics::{Diagnostic, Errors, io_error};

static STARTER: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/starter");

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
