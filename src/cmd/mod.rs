//! The command line: one clap args struct per subcommand, each in its own
//! module with a `run` method that calls the library and prints its report.
//! clap lives here and in `main.rs` only; nothing imports this module but
//! lib.rs' re-export of [`Cli`] for main.rs.

mod build;
mod check;
mod init;
mod list;
mod new;
mod serve;

use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand};

use crate::console::Printer;
use crate::diagnostics::{Diagnostic, Errors};

pub use build::BuildArgs;
pub use check::CheckArgs;
pub use init::InitArgs;
pub use list::ListArgs;
pub use new::NewArgs;
pub use serve::ServeArgs;

#[derive(Debug, Parser)]
#[command(
    name = "briefing",
    version,
    about = "Static site generator for explainer microsites"
)]
// The whole command line: global flags and one subcommand. (Plain comments on
// the clap types: clap turns doc comments into `--help` text.)
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
    // The subcommand to run.
    #[command(subcommand)]
    pub command: Command,
}

// The subcommands; each variant's doc comment is its line in `--help`.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into its output folder.
    Build(BuildArgs),
    /// Check the site: references, links, quotes against archived sources, freshness.
    Check(CheckArgs),
    /// Create a starter site in DIR.
    Init(InitArgs),
    /// List pages, tab-separated (path, title, date): drafts, future, expired, stale, unverified.
    List(ListArgs),
    /// Create a draft page from its section's schema or archetype: `new timeline/talks.md`.
    New(NewArgs),
    /// Serve the site locally, rebuilding and reloading the browser on every change.
    Serve(ServeArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(CompletionsArgs),
    /// Print the manual page (roff), e.g. `briefing man > briefing.1`.
    Man,
}

// `briefing completions SHELL`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    pub shell: clap_complete::Shell,
}

/// `--future` and `--expired`, shared by build, serve and check.
#[derive(Debug, Clone, Copy, Default, Args)]
pub struct ScheduleFlags {
    /// Include pages whose `publish_date` is after today.
    #[arg(long)]
    pub future: bool,
    /// Include pages whose `expiry_date` is today or before.
    #[arg(long)]
    pub expired: bool,
}

impl Cli {
    /// Runs the command; returns the process exit code.
    pub fn run(self) -> i32 {
        let printer = Printer::new(self.quiet, self.verbose);
        let root: &Path = &self.root;
        let result = match &self.command {
            Command::Build(args) => args.run(root, &printer),
            Command::Check(args) => args.run(root, &printer),
            Command::Init(args) => args.run(&printer),
            Command::Serve(args) => args.run(root, &printer),
            Command::Completions(args) => print_completions(args.shell),
            Command::Man => print_man(),
            Command::New(args) => args.run(root, &printer),
            Command::List(args) => args.run(root),
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
