//! `briefing serve`: its flags; the server is [`crate::serve`].

use std::net::{IpAddr, Ipv4Addr};
use std::path::Path;

use clap::Args;

use crate::console::Printer;
use crate::diagnostics::Errors;
use crate::serve::{DEFAULT_PORT, ServeOptions};

use super::ScheduleFlags;

// `briefing serve`: its flags, turned into [`ServeOptions`]. (Plain comments:
// clap turns doc comments into `--help` text.)
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The port to listen on (0 picks a free port).
    #[arg(short, long, default_value_t = DEFAULT_PORT)]
    pub port: u16,
    /// The address to listen on; 0.0.0.0 for other devices on the network.
    #[arg(short = 'i', long, visible_alias = "interface", value_name = "ADDRESS", default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    pub bind: IpAddr,
    /// The base URL pages link to (default: the address each request was sent to).
    #[arg(short = 'u', long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Also answer requests for this host name (repeatable; `.example.org` allows every name below it).
    #[arg(long = "allowed-host", value_name = "NAME")]
    pub allowed_hosts: Vec<String>,
    /// Open the site in the default browser.
    #[arg(short = 'O', long)]
    pub open: bool,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    // `--future`, `--expired`.
    #[command(flatten)]
    pub schedule: ScheduleFlags,
}

impl ServeArgs {
    /// Serves until Ctrl-C or SIGTERM.
    pub fn run(&self, root: &Path, printer: &Printer) -> Result<(), Errors> {
        crate::serve::serve(
            &ServeOptions {
                root: root.to_path_buf(),
                port: self.port,
                bind: self.bind,
                base_url: self.base_url.clone(),
                allowed_hosts: self.allowed_hosts.clone(),
                open: self.open,
                drafts: self.drafts,
                future: self.schedule.future,
                expired: self.schedule.expired,
            },
            printer,
        )
    }
}
