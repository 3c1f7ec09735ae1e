//! `briefing init DIR`: its argument, and the next step it prints.

use std::path::{Path, PathBuf};

use clap::Args;

use crate::console::Printer;
use crate::diagnostics::Errors;
use crate::init::scaffold;

// `briefing init DIR`. (Plain comments: clap turns doc comments into `--help`
// text.)
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder for the new site (created if missing; must not already hold a site).
    pub dir: PathBuf,
}

impl InitArgs {
    /// Writes the starter site and says how to build it.
    pub fn run(&self, printer: &Printer) -> Result<(), Errors> {
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
