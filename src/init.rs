//! `briefing init DIR`: writes a starter site (site.toml, a source list and a
//! few sample pages of each kind) that builds and serves at once with the
//! built-in theme. Never overwrites an existing file.

use std::path::{Path, PathBuf};

use clap::Args;
use include_dir::{Dir, include_dir};

use crate::console::Printer;
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
            shell_word(&self.dir)
        ));
        Ok(())
    }
}

/// `path` as one word for a POSIX shell, quoted only when it must be
/// (`sp ace/x` → `'sp ace/x'`), so the printed command can be pasted.
fn shell_word(path: &Path) -> String {
    let text = path.to_string_lossy();
    match shlex::try_quote(&text) {
        Ok(word) => word.into_owned(),
        // A NUL cannot be in a path; show it as it is.
        Err(_) => text.into_owned(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_the_folder_for_the_shell_only_when_needed() {
        let cases = [
            ("site", "site"),
            ("my-site/x_1.2", "my-site/x_1.2"),
            ("sp ace/x", "'sp ace/x'"),
            ("it's", "\"it's\""),
            ("$HOME/a", "'$HOME/a'"),
            ("a;rm -rf b", "'a;rm -rf b'"),
            ("été", "'été'"),
        ];
        for (path, word) in cases {
            assert_eq!(shell_word(Path::new(path)), word, "{path}");
        }
    }
}
