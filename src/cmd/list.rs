//! `briefing list KIND`: its arguments; prints the listing on stdout.

use std::path::{Path, PathBuf};

use clap::Args;
use clap::builder::PossibleValue;

use crate::diagnostics::Errors;
use crate::list::{Kind, ListOptions};

// `briefing list KIND`. (Plain comments: clap turns doc comments into `--help`
// text.)
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Which pages to list.
    pub kind: Kind,
    /// For `unverified`: the folder of archived texts (`<source-id>.txt`), as for `check --archive`.
    #[arg(long, value_name = "DIR")]
    pub archive: Option<PathBuf>,
}

impl ListArgs {
    /// Prints one line per page (`path<TAB>title<TAB>date`), even with `--quiet`.
    pub fn run(&self, root: &Path) -> Result<(), Errors> {
        let lines = crate::list::run(&ListOptions {
            root: root.to_path_buf(),
            kind: self.kind,
            archive: self.archive.clone(),
        })?;
        let mut out = String::new();
        for line in lines {
            out.push_str(&line);
            out.push('\n');
        }
        print!("{out}");
        Ok(())
    }
}

/// The KIND argument: `drafts`, `future`, `expired`, `stale`, `unverified`
/// (what `#[derive(ValueEnum)]` would give, kept out of the library).
impl clap::ValueEnum for Kind {
    fn value_variants<'a>() -> &'a [Self] {
        &[
            Kind::Drafts,
            Kind::Future,
            Kind::Expired,
            Kind::Stale,
            Kind::Unverified,
        ]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(match self {
            Kind::Drafts => "drafts",
            Kind::Future => "future",
            Kind::Expired => "expired",
            Kind::Stale => "stale",
            Kind::Unverified => "unverified",
        }))
    }
}
