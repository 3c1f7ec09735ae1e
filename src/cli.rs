//! The command line: one args struct per subcommand, each with a `run` method.
//! The binary only parses and calls; no build logic lives here.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::build::{BuildOptions, build};
use crate::config::Overrides;
use crate::console::Printer;
use crate::diagnostics::{Diagnostic, Errors, Severity};

#[derive(Debug, Parser)]
#[command(
    name = "briefing",
    version,
    about = "Static site generator for explainer microsites"
)]
pub struct Cli {
    /// The site folder (holding site.toml).
    #[arg(long, global = true, default_value = ".")]
    pub root: PathBuf,
    /// Print only errors.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print more detail (warnings in full, timings).
    #[arg(long, short, global = true)]
    pub verbose: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into its output folder.
    Build(BuildArgs),
    /// Check the site: references, links, quotes against archived sources, freshness.
    Check(crate::check::CheckArgs),
    /// Create a starter site in DIR.
    Init(crate::init::InitArgs),
    /// List pages, tab-separated (path, title, date): drafts, future, expired, stale, unverified.
    List(crate::list::ListArgs),
    /// Create a draft page from its section's schema or archetype: `new timeline/talks.md`.
    New(crate::new::NewArgs),
    /// Serve the site locally, rebuilding and reloading the browser on every change.
    Serve(crate::serve::ServeArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(CompletionsArgs),
    /// Print the manual page (roff), e.g. `briefing man > briefing.1`.
    Man,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    pub shell: clap_complete::Shell,
}

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
    #[command(flatten)]
    pub schedule: crate::schedule::ScheduleFlags,
}

impl Cli {
    /// Runs the command; returns the process exit code.
    pub fn run(self) -> i32 {
        let printer = Printer::new(self.quiet, self.verbose);
        let result = match &self.command {
            Command::Build(args) => args.run(&self, printer),
            Command::Check(args) => args.run(&self.root, printer),
            Command::Init(args) => args.run(printer),
            Command::Serve(args) => args.run(&self.root, printer),
            Command::Completions(args) => print_completions(args.shell),
            Command::Man => print_man(),
            Command::New(args) => args.run(&self.root, printer),
            Command::List(args) => args.run(&self.root),
        };
        match result {
            Ok(()) => 0,
            Err(errors) => {
                printer.errors(&errors);
                1
            }
        }
    }
}

impl BuildArgs {
    pub fn options(&self, root: &std::path::Path) -> BuildOptions {
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

    fn run(&self, cli: &Cli, printer: Printer) -> Result<(), Errors> {
        let mut options = self.options(&cli.root);
        options.progress = !cli.quiet;
        let report = build(&options)?;
        printer.warnings(&report.warnings);
        if printer.verbose {
            let timings = &report.timings;
            eprintln!("  {:<26} {:>8} {:>8}", "stage", "wall ms", "cpu ms");
            for (i, (stage, wall)) in timings.stages.iter().enumerate() {
                let cpu = timings.cpu.get(i).copied().unwrap_or_default();
                let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
                eprintln!("  {stage:<26} {:>8.1} {:>8.1}", ms(*wall), ms(cpu));
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

/// `briefing completions SHELL`: the script on stdout.
fn print_completions(shell: clap_complete::Shell) -> Result<(), Errors> {
    use clap::CommandFactory;
    let mut command = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut command, "briefing", &mut out);
    write_stdout(&out)
}

/// `briefing man`: the manual page, in roff, on stdout.
fn print_man() -> Result<(), Errors> {
    use clap::CommandFactory;
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut out)
        .map_err(|e| {
            Errors::one(Diagnostic::error(format!(
                "cannot write the manual page: {e}"
            )))
        })?;
    write_stdout(&out)
}

fn write_stdout(bytes: &[u8]) -> Result<(), Errors> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        // `briefing man | head` closes the pipe early: not an error.
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Errors::one(
            Diagnostic::error(format!("cannot write to stdout: {e}")),
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_valid() {
        Cli::command().debug_assert();
    }
}
