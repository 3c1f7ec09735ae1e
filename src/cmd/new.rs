//! `briefing new SECTION/NAME.md`: its argument, and the line it prints.

use std::path::Path;

use clap::Args;

use crate::console::Printer;
use crate::diagnostics::Errors;
use crate::new::{Target, new_page, parse_target};

// `briefing new SECTION/NAME.md`. (Plain comments: clap turns doc comments into
// `--help` text.)
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The page to create below content/, as SECTION/NAME.md (e.g. timeline/ceasefire-talks.md).
    #[arg(value_name = "SECTION/NAME.md", value_parser = parse_target)]
    pub path: Target,
}

impl NewArgs {
    /// Writes the draft page and names it.
    pub fn run(&self, root: &Path, printer: &Printer) -> Result<(), Errors> {
        let written = new_page(root, &self.path)?;
        printer.info(&format!(
            "Created {} (a draft: set `draft: false` or remove the line to publish)",
            crate::content::shorten(root, &written).display()
        ));
        Ok(())
    }
}
