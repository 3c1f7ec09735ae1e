//! Writing the built site: everything goes into a staging folder next to the
//! output folder, which is then swapped into place in one step (an atomic
//! exchange on Linux). A failed or killed build leaves the previous output
//! complete and untouched.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Errors, Result, io_error};
use crate::urls;

/// Where a file's bytes come from.
#[derive(Debug, Clone)]
pub enum Contents {
    Bytes(Vec<u8>),
    Embedded(&'static [u8]),
    Copy(PathBuf),
}

/// The complete output, path (below the output root) → contents.
#[derive(Debug, Default)]
pub struct Plan {
    pub files: BTreeMap<String, Contents>,
}

impl Plan {
    /// Adds a file; a later file at the same path replaces an earlier one.
    pub fn add(&mut self, path: String, contents: Contents) {
        self.files.insert(path, contents);
    }

    /// Reads a file's bytes, wherever they live.
    pub fn read(&self, path: &str) -> Option<std::io::Result<Vec<u8>>> {
        self.files.get(path).map(|contents| match contents {
            Contents::Bytes(bytes) => Ok(bytes.clone()),
            Contents::Embedded(bytes) => Ok(bytes.to_vec()),
            Contents::Copy(source) => fs::read(source),
        })
    }
}

/// Refuses output folders that would overwrite or swallow the site's sources.
pub fn check_output_dir(root: &Path, output: &Path) -> Result<()> {
    let root = absolute(root);
    let output = absolute(output);
    let protected = ["content", "themes", "templates", "static"].map(|d| root.join(d));
    let bad = output == root
        || root.starts_with(&output)
        || protected
            .iter()
            .any(|p| output.starts_with(p) || p.starts_with(&output))
        || output.parent().is_none();
    if bad {
        return Err(Diagnostic::error(format!(
            "refusing to use {} as the output folder: it is the site, one of its source folders, or a parent of them",
            output.display()
        ))
        .in_file(root.join(crate::config::CONFIG_FILE))
        .hint("choose a separate folder such as `public`")
        .into());
    }
    Ok(())
}

/// An absolute, lexically normalised path (no `.` or `..`), without touching the disk.
pub fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut out = PathBuf::new();
    for component in joined.components() {
        match component {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Writes `plan` as the new contents of `output`, atomically replacing the old ones.
pub fn write(plan: &Plan, output: &Path) -> Result<()> {
    let output = absolute(output);
    let parent = output
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("/"));
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    fs::create_dir_all(&parent).map_err(|e| io_error("create", &parent, &e))?;
    remove_stale_staging(&parent, &name);
    let staging = parent.join(format!(".{name}.briefing-staging-{}", std::process::id()));
    if staging.exists() {
        fs::remove_dir_all(&staging).map_err(|e| io_error("clean", &staging, &e))?;
    }
    let result = fill(plan, &staging).and_then(|()| swap_into_place(&staging, &output));
    if result.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    result
}

/// Removes staging folders left by builds that were killed.
fn remove_stale_staging(parent: &Path, name: &str) {
    let prefix = format!(".{name}.briefing-staging-");
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let file_name = file_name.to_string_lossy();
        let Some(pid) = file_name.strip_prefix(&prefix) else {
            continue;
        };
        let alive = pid.parse::<u32>().is_ok_and(|pid| {
            pid != std::process::id() && Path::new(&format!("/proc/{pid}")).exists()
        });
        if !alive {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

fn fill(plan: &Plan, staging: &Path) -> Result<()> {
    fs::create_dir_all(staging).map_err(|e| io_error("create", staging, &e))?;
    let mut dirs: Vec<PathBuf> = Vec::new();
    for path in plan.files.keys() {
        if !urls::is_contained(path) {
            return Err(Diagnostic::error(format!(
                "refusing to write `{path}`: it would leave the output folder"
            ))
            .into());
        }
        if let Some((dir, _)) = path.rsplit_once('/') {
            dirs.push(staging.join(dir));
        }
    }
    check_file_folder_clashes(plan)?;
    dirs.sort();
    dirs.dedup();
    for dir in &dirs {
        fs::create_dir_all(dir).map_err(|e| io_error("create", dir, &e))?;
    }
    let errors: Vec<Diagnostic> = plan
        .files
        .par_iter()
        .filter_map(|(path, contents)| write_one(&staging.join(path), contents).err())
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Errors(errors))
    }
}

/// A path cannot be a file and a folder at once (`static/a` next to page `a/`).
fn check_file_folder_clashes(plan: &Plan) -> Result<()> {
    let mut folders = std::collections::HashSet::new();
    for path in plan.files.keys() {
        let mut rest = path.as_str();
        while let Some((dir, _)) = rest.rsplit_once('/') {
            folders.insert(dir);
            rest = dir;
        }
    }
    let clashes: Vec<Diagnostic> = plan
        .files
        .iter()
        .filter(|(path, _)| folders.contains(path.as_str()))
        .map(|(path, contents)| {
            let diagnostic = Diagnostic::error(format!(
                "`{path}` would be both a file and a folder in the output"
            ))
            .hint("a static file or asset has the name of a page's folder; rename one of them");
            match contents {
                Contents::Copy(source) => diagnostic.in_file(source),
                _ => diagnostic,
            }
        })
        .collect();
    if clashes.is_empty() {
        Ok(())
    } else {
        Err(Errors(clashes))
    }
}

fn write_one(target: &Path, contents: &Contents) -> std::result::Result<(), Diagnostic> {
    match contents {
        Contents::Bytes(bytes) => write_file(target, bytes),
        Contents::Embedded(bytes) => write_file(target, bytes),
        Contents::Copy(source) => fs::copy(source, target)
            .map(|_| ())
            .map_err(|e| io_error("copy", source, &e)),
    }
}

fn write_file(target: &Path, bytes: &[u8]) -> std::result::Result<(), Diagnostic> {
    let mut file = fs::File::create(target).map_err(|e| io_error("create", target, &e))?;
    file.write_all(bytes)
        .map_err(|e| io_error("write", target, &e))
}

/// Makes `staging` the output. Syncs first so a crash cannot expose a half-written tree.
fn swap_into_place(staging: &Path, output: &Path) -> Result<()> {
    sync_tree(staging);
    if output.exists() {
        if exchange(staging, output).is_ok() {
            // `staging` now holds the previous output.
            let _ = fs::remove_dir_all(staging);
            return Ok(());
        }
        let old = staging.with_extension("old");
        let _ = fs::remove_dir_all(&old);
        fs::rename(output, &old).map_err(|e| io_error("move aside", output, &e))?;
        if let Err(e) = fs::rename(staging, output) {
            let _ = fs::rename(&old, output);
            return Err(io_error("move into place", output, &e).into());
        }
        let _ = fs::remove_dir_all(&old);
        Ok(())
    } else {
        fs::rename(staging, output).map_err(|e| io_error("move into place", output, &e).into())
    }
}

fn sync_tree(root: &Path) {
    // One syncfs covers every file in the staging tree's file system.
    if let Ok(dir) = fs::File::open(root) {
        #[cfg(target_os = "linux")]
        {
            use std::os::fd::AsRawFd;
            // SAFETY: the descriptor is valid for the life of `dir`.
            unsafe {
                libc::syncfs(dir.as_raw_fd());
            }
        }
        let _ = dir.sync_all();
    }
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let to_c = |p: &Path| CString::new(p.as_os_str().as_bytes()).map_err(std::io::Error::other);
    let (ca, cb) = (to_c(a)?, to_c(b)?);
    // SAFETY: both strings are valid NUL-terminated paths for the duration of the call.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::other("atomic exchange is not available"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_replace_output_atomically() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("public");
        fs::create_dir_all(output.join("old")).unwrap();
        fs::write(output.join("old/index.html"), "old").unwrap();
        let mut plan = Plan::default();
        plan.add("a/index.html".into(), Contents::Bytes(b"new".to_vec()));
        write(&plan, &output).unwrap();
        assert_eq!(
            fs::read_to_string(output.join("a/index.html")).unwrap(),
            "new"
        );
        assert!(!output.join("old").exists());
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no staging folder left behind");
    }

    #[test]
    fn errors_on_paths_that_escape() {
        let dir = tempfile::tempdir().unwrap();
        let mut plan = Plan::default();
        plan.add("../evil".into(), Contents::Bytes(Vec::new()));
        assert!(write(&plan, &dir.path().join("public")).is_err());
        assert!(!dir.path().join("evil").exists());
    }

    #[test]
    fn errors_on_a_path_that_is_both_file_and_folder() {
        let dir = tempfile::tempdir().unwrap();
        let mut plan = Plan::default();
        plan.add("a".into(), Contents::Copy(dir.path().join("static/a")));
        plan.add("a/b/index.html".into(), Contents::Bytes(Vec::new()));
        let errors = write(&plan, &dir.path().join("public")).unwrap_err();
        assert!(
            errors.to_string().contains("both a file and a folder"),
            "{errors}"
        );
        assert!(errors.to_string().contains("static/a"), "{errors}");
    }

    #[test]
    fn refuses_output_dirs_that_hold_sources() {
        let root = Path::new("/site");
        assert!(check_output_dir(root, Path::new("/site")).is_err());
        assert!(check_output_dir(root, Path::new("/")).is_err());
        assert!(check_output_dir(root, Path::new("/site/content")).is_err());
        assert!(check_output_dir(root, Path::new("/site/content/x")).is_err());
        assert!(check_output_dir(root, Path::new("/site/public")).is_ok());
        assert!(check_output_dir(root, Path::new("/site/../site/content")).is_err());
    }
}
