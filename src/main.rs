//! The `briefing` binary: parse the command line, run, exit with its code
//! (0 success, 1 content or check errors, 2 usage errors from clap).

use clap::Parser;

fn main() {
    let cli = briefing::cli::Cli::parse();
    std::process::exit(cli.run());
}
