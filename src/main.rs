//! The `briefing` binary: parse the command line, run, exit with its code
//! (0 success, 1 content or check errors, 2 usage errors from clap).

use clap::Parser;

/// jemalloc instead of glibc's allocator: a build allocates and frees
/// millions of small values from two threads, and glibc's free lists grow
/// with the site (malloc was a seventh of all CPU time at 50,000 pages).
/// Measured in docs/performance.md; mimalloc was tried and did not help.
#[cfg(feature = "jemalloc")]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() {
    let cli = briefing::Cli::parse();
    std::process::exit(cli.run());
}
