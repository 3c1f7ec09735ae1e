//! `briefing check`: its flags, and how its report is printed.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::Args;

use crate::check::{CheckOptions, External};
use crate::console::Printer;
use crate::diagnostics::Errors;

use super::ScheduleFlags;

// `briefing check`: its flags, turned into [`CheckOptions`]. (Plain comments:
// clap turns doc comments into `--help` text.)
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Folder with the archived text of sources, one `<source-id>.txt` each.
    #[arg(long)]
    pub archive: Option<PathBuf>,
    /// Treat warnings (stale pages) as errors.
    #[arg(long)]
    pub strict: bool,
    /// Include drafts.
    #[arg(long)]
    pub drafts: bool,
    // `--future`, `--expired`.
    #[command(flatten)]
    pub schedule: ScheduleFlags,
    /// Check the links of this built folder instead of a fresh build in memory.
    #[arg(short, long = "output-dir", value_name = "DIR", alias = "output")]
    pub output: Option<PathBuf>,
    /// The base URL the site is (or was) built for; defaults to base_url in site.toml.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Check a fresh build made with --portable (relative links).
    #[arg(long, conflicts_with = "output")]
    pub portable: bool,
    /// Also fetch external links and report those that fail.
    #[arg(long)]
    pub external: bool,
    /// Seconds to wait for each external link.
    #[arg(long, value_name = "SECS", default_value_t = 10)]
    pub timeout: u64,
}

impl CheckArgs {
    /// Checks; prints the external links, the warnings, and the errors or one
    /// closing line.
    pub fn run(&self, root: &Path, printer: &Printer) -> Result<(), Errors> {
        let report = crate::check::run(&CheckOptions {
            root: root.to_path_buf(),
            archive: self.archive.clone(),
            strict: self.strict,
            drafts: self.drafts,
            future: self.schedule.future,
            expired: self.schedule.expired,
            output: self.output.clone(),
            base_url: self.base_url.clone(),
            portable: self.portable,
            external: self.external,
            timeout: Duration::from_secs(self.timeout),
            progress: !printer.quiet && std::io::stderr().is_terminal(),
        })?;
        match &report.external {
            External::None => {}
            External::Listed(external) => {
                printer.info(&format!(
                    "{} external links (not fetched; pass --external to check them):",
                    external.len()
                ));
                for (url, locations) in external {
                    printer.info(&format!("  {url} ({})", locations.len()));
                }
            }
            External::Fetched(fetched) => printer.info(&format!(
                "External links: {} fetched ({})",
                fetched.checked,
                fetched.summary()
            )),
        }
        printer.warnings(&report.warnings);
        Errors::check(report.errors)?;
        printer.info(&format!(
            "Checked {}: no errors{}",
            report.summary.join(", "),
            if report.warnings.is_empty() {
                String::new()
            } else {
                format!(", {} warnings", report.warnings.len())
            }
        ));
        Ok(())
    }
}
