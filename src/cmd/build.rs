//! `briefing build`: its flags, and the summary line it prints.

use std::path::{Path, PathBuf};

use clap::Args;

use crate::build::build;
use crate::config::Overrides;
use crate::console::Printer;
use crate::diagnostics::{Errors, Severity};
use crate::pipeline::BuildOptions;

use super::ScheduleFlags;

// `briefing build`: its flags, turned into [`BuildOptions`]. (Plain comments
// here: clap turns doc comments into `--help` text.)
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Override base_url from site.toml for this build.
    #[arg(long)]
    pub base_url: Option<String>,
    /// Write into this folder instead of the configured one.
    #[arg(short, long, value_name = "DIR", alias = "output")]
    pub output_dir: Option<PathBuf>,
    /// Replace the output folder even if briefing did not write it (no `.briefing-output` in it).
    #[arg(long)]
    pub force: bool,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Write every internal link relative to its page (`../timeline/index.html`),
    /// so the output works at any sub-path and from file://.
    #[arg(long)]
    pub portable: bool,
    /// Minify HTML and CSS.
    #[arg(long)]
    pub minify: bool,
    // `--future`, `--expired`.
    #[command(flatten)]
    pub schedule: ScheduleFlags,
}

impl BuildArgs {
    /// The build these flags ask for, of the site in `root`.
    pub fn options(&self, root: &Path) -> BuildOptions {
        BuildOptions {
            root: root.to_path_buf(),
            overrides: Overrides {
                base_url: self.base_url.clone(),
                output_dir: self.output_dir.clone(),
            },
            drafts: self.drafts,
            future: self.schedule.future,
            expired: self.schedule.expired,
            portable: self.portable,
            minify: self.minify,
            force: self.force,
            progress: false,
        }
    }

    /// Builds; prints the warnings, the timings with `--verbose`, and one summary line.
    pub fn run(&self, root: &Path, printer: &Printer) -> Result<(), Errors> {
        let mut options = self.options(root);
        options.progress = !printer.quiet;
        let report = build(&options)?;
        printer.warnings(&report.warnings);
        if printer.verbose {
            let timings = &report.timings;
            eprintln!(
                "  {:<26} {:>8} {:>8} {:>9}",
                "stage", "wall ms", "cpu ms", "peak MiB"
            );
            for (i, (stage, wall)) in timings.stages.iter().enumerate() {
                let cpu = timings.cpu.get(i).copied().unwrap_or_default();
                let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
                let peak = match timings.peak_kib.get(i).copied().flatten() {
                    Some(kib) => format!("{:.0}", kib as f64 / 1024.0),
                    None => "-".into(),
                };
                eprintln!(
                    "  {stage:<26} {:>8.1} {:>8.1} {peak:>9}",
                    ms(*wall),
                    ms(cpu)
                );
            }
        }
        let stats = report.stats;
        let warnings = report
            .warnings
            .iter()
            .filter(|w| w.severity == Severity::Warning)
            .count();
        let warning_note = match warnings {
            0 => String::new(),
            1 => ", 1 warning".into(),
            n => format!(", {n} warnings"),
        };
        let minify_note = match stats.minified {
            Some(savings) => format!(", {}", crate::minify::describe(savings)),
            None => String::new(),
        };
        let images = stats.images_processed + stats.images_reused;
        let image_note = match images {
            0 => String::new(),
            n => format!(
                ", {n} image{} ({} processed, {} from the cache)",
                if n == 1 { "" } else { "s" },
                stats.images_processed,
                stats.images_reused
            ),
        };
        printer.info(&format!(
            "Built {} pages, {} sections, {} static files{image_note} into {} in {} ms{minify_note}{warning_note}",
            stats.pages,
            stats.sections,
            stats.static_files + stats.assets,
            crate::content::shorten(
                &std::env::current_dir().unwrap_or_default(),
                &crate::output::absolute(&report.output_dir)
            )
            .display(),
            report.elapsed.as_millis()
        ));
        Ok(())
    }
}
