//! One build, start to finish: a [`Session`](crate::session::Session) renders
//! the site in memory (config → content → graph → render → plan); production
//! passes (`--portable`, `--minify`) rewrite the plan; `build` then writes it
//! with the output stage. `prepare` stops before writing, for `check` and for
//! tools that serve the plan from memory.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::config::Overrides;
use crate::diagnostics::{Diagnostic, Errors, Result};
use crate::minify;
use crate::output;
use crate::portable;
use crate::session::{Session, State};

/// What a build is asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub overrides: Overrides,
    pub drafts: bool,
    /// Rewrite internal links relative to each page (`--portable`).
    pub portable: bool,
    /// Minify HTML and CSS (`--minify`).
    pub minify: bool,
}

/// Counts for the summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    pub pages: usize,
    pub sections: usize,
    pub static_files: usize,
    pub assets: usize,
    pub files: usize,
    /// Set when the build was minified.
    pub minified: Option<minify::Savings>,
}

/// The result of a written build.
#[derive(Debug)]
pub struct BuildReport {
    pub output_dir: PathBuf,
    pub stats: Stats,
    pub warnings: Vec<Diagnostic>,
    pub elapsed: Duration,
    /// Wall time per stage; writing the output is the last one.
    pub timings: crate::session::Timings,
}

/// Loads, checks and renders the site without touching the output folder.
pub fn prepare(options: &BuildOptions) -> Result<State> {
    let mut session = Session::new(options.clone());
    session.build()?;
    let mut state = session
        .into_state()
        .ok_or_else(|| Errors::one(Diagnostic::error("the build produced no site")))?;
    if options.portable {
        portable::rewrite_plan(&mut state.plan, &state.site.config)?;
    }
    if options.minify {
        let (savings, warnings) = minify::minify_plan(&mut state.plan);
        state.stats.minified = Some(savings);
        state.warnings.extend(warnings);
    }
    state.stats.files = state.plan.files.len();
    Ok(state)
}

/// Builds the site into its output folder.
pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    let started = Instant::now();
    let state = prepare(options)?;
    let output_dir = state.site.config.output_dir.clone();
    let written = Instant::now();
    output::write(&state.plan, &output_dir)?;
    let mut timings = state.timings;
    timings.stages.push(("write", written.elapsed()));
    Ok(BuildReport {
        output_dir,
        stats: state.stats,
        warnings: state.warnings,
        elapsed: started.elapsed(),
        timings,
    })
}
