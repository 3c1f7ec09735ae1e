//! How briefing prints: the `Printer` that commands and `serve` share, with
//! `--quiet`/`--verbose` and colour decided once from the environment. A leaf:
//! it knows diagnostics and nothing of the commands that use it.

use std::io::IsTerminal;

use crate::diagnostics::{Diagnostic, Errors};

/// What the environment says about colour on stderr (read by `anstyle-query`).
#[derive(Debug, Clone, Copy, Default)]
struct ColourEnv {
    /// `CLICOLOR_FORCE` is set and not `0`.
    force: bool,
    /// `NO_COLOR` is set and not empty.
    no_color: bool,
    /// `CLICOLOR`: `Some(false)` for `0`, `Some(true)` for another value.
    clicolor: Option<bool>,
    /// stderr is a terminal.
    terminal: bool,
    /// `TERM` is set and not `dumb`.
    term_supports_colour: bool,
}

/// Whether diagnostics are coloured, by the conventions of
/// <https://bixense.com/clicolors/> and <https://no-color.org/>:
/// `CLICOLOR_FORCE` wins, then `NO_COLOR`, then `CLICOLOR=0`; otherwise colour
/// only on a terminal that supports it.
fn wants_colour(env: ColourEnv) -> bool {
    if env.force {
        return true;
    }
    if env.no_color || env.clicolor == Some(false) {
        return false;
    }
    env.terminal && env.term_supports_colour
}

/// How to print.
#[derive(Debug, Clone, Copy)]
pub struct Printer {
    /// `--quiet`: print only errors.
    pub quiet: bool,
    /// `--verbose`: warnings in full, with timings.
    pub verbose: bool,
    /// Write ANSI colours (`CLICOLOR_FORCE`, `NO_COLOR`, `CLICOLOR` and the
    /// terminal decide; see [`Printer::new`]).
    pub colour: bool,
}

impl Printer {
    /// A printer for `--quiet`/`--verbose` whose colour the environment decides.
    pub fn new(quiet: bool, verbose: bool) -> Self {
        let colour = wants_colour(ColourEnv {
            force: anstyle_query::clicolor_force(),
            no_color: anstyle_query::no_color(),
            clicolor: anstyle_query::clicolor(),
            terminal: std::io::stderr().is_terminal(),
            term_supports_colour: anstyle_query::term_supports_color(),
        });
        Printer {
            quiet,
            verbose,
            colour,
        }
    }

    /// Prints `warnings` to stderr: one line each, in full with `--verbose`,
    /// none with `--quiet`.
    pub fn warnings(&self, warnings: &[Diagnostic]) {
        if self.quiet {
            return;
        }
        for warning in warnings {
            if self.verbose {
                eprint!("{}", warning.render(self.colour));
            } else {
                eprintln!("{}", warning.headline());
            }
        }
    }

    /// Prints `errors` to stderr in full, even with `--quiet`.
    pub fn errors(&self, errors: &Errors) {
        eprint!("{}", errors.render(self.colour));
    }

    /// Prints a line of information to stdout, unless `--quiet`.
    pub fn info(&self, line: &str) {
        if !self.quiet {
            println!("{line}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_follows_clicolor_and_no_color() {
        let tty = ColourEnv {
            terminal: true,
            term_supports_colour: true,
            ..ColourEnv::default()
        };
        assert!(wants_colour(tty));
        assert!(!wants_colour(ColourEnv {
            no_color: true,
            ..tty
        }));
        assert!(!wants_colour(ColourEnv {
            clicolor: Some(false),
            ..tty
        }));
        assert!(!wants_colour(ColourEnv {
            terminal: false,
            ..tty
        }));
        assert!(!wants_colour(ColourEnv {
            term_supports_colour: false,
            ..tty
        }));
        let piped = ColourEnv::default();
        assert!(!wants_colour(piped));
        assert!(wants_colour(ColourEnv {
            force: true,
            ..piped
        }));
        assert!(wants_colour(ColourEnv {
            force: true,
            no_color: true,
            ..piped
        }));
    }
}
