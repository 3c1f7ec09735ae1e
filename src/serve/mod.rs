//! `briefing serve`: the editor's dev loop. Builds the site in memory, serves
//! it on 127.0.0.1 (to requests that name it, see [`host`]), watches the sources and rebuilds on every change, and tells
//! open pages to reload. A failed build keeps the last good site served and
//! shows the error in the terminal and on every open page; the server never
//! exits on a content error, and it never writes to the output folder.
//!
//! [`server`] answers HTTP ([`lookup`] maps a request path to a file, [`app`]
//! is what its handlers share), [`watch`] turns file events into batches of
//! changed paths, [`rebuild`] rebuilds (and [`changes`] says what changed),
//! [`state`] holds the current site, [`reload`] defines the events the browser
//! is told and [`events`] streams them.

pub mod app;
pub mod changes;
pub mod events;
pub mod host;
pub mod lookup;
pub mod rebuild;
pub mod reload;
pub mod server;
pub mod state;
pub mod watch;

use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, mpsc};

use tokio::net::TcpListener;
use tokio::sync::broadcast;

use crate::config::Overrides;
use crate::console::Printer;
use crate::diagnostics::{Diagnostic, Errors};
use crate::pipeline::BuildOptions;

use app::App;
use rebuild::Rebuilder;
use state::Snapshots;
use watch::{Inputs, Watcher};

/// The default port; `--port 0` picks any free one.
pub const DEFAULT_PORT: u16 = 1111;

/// What to serve, and where: the flags of `briefing serve`.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site folder.
    pub root: PathBuf,
    /// The port to listen on (0 picks a free port).
    pub port: u16,
    /// The address to listen on.
    pub bind: IpAddr,
    /// The base URL pages link to (default: the address each request was sent to).
    pub base_url: Option<String>,
    /// Other host names to answer (`.example.org` allows every name below it).
    pub allowed_hosts: Vec<String>,
    /// Open the site in the default browser.
    pub open: bool,
    /// Include pages marked `draft: true`.
    pub drafts: bool,
    /// Include pages whose `publish_date` is after today.
    pub future: bool,
    /// Include pages whose `expiry_date` is today or before.
    pub expired: bool,
}

/// Serves until Ctrl-C or SIGTERM. Only setup problems (a port in use, a
/// folder that cannot be watched) end it with an error.
pub fn serve(options: &ServeOptions, printer: &Printer) -> Result<(), Errors> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Errors::one(Diagnostic::error(format!("cannot start the server: {e}"))))?;
    let result = runtime.block_on(run(options, *printer));
    // Open event streams must not hold the process open.
    runtime.shutdown_background();
    result
}

async fn run(options: &ServeOptions, printer: Printer) -> Result<(), Errors> {
    require_site(&options.root)?;
    let root = std::fs::canonicalize(&options.root)
        .unwrap_or_else(|_| crate::output::absolute(&options.root));
    let listener = bind(options).await?;
    let address = listener
        .local_addr()
        .map_err(|e| Errors::one(Diagnostic::error(format!("cannot start the server: {e}"))))?;
    let url = format!("http://{}/", local_address(address));
    let base_url = options.base_url.clone().unwrap_or_else(|| url.clone());
    let build_options = BuildOptions {
        root: root.clone(),
        overrides: Overrides {
            base_url: Some(base_url.clone()),
            output_dir: None,
        },
        drafts: options.drafts,
        future: options.future,
        expired: options.expired,
        ..BuildOptions::default()
    };

    let (events, _) = broadcast::channel(64);
    let site = Arc::new(Snapshots::default());
    let rebuilder = Arc::new(Rebuilder::new(
        build_options,
        site.clone(),
        events.clone(),
        printer,
    ));
    let (changes, batches) = mpsc::channel();
    // Watch before the first build, so no save during it is lost.
    let watcher = Watcher::start(Inputs::new(&root), changes)?;
    rebuilder.apply(&[]);
    std::thread::spawn(move || rebuild_on_change(&batches, watcher, &rebuilder));

    let app = Arc::new(App {
        site,
        events,
        instance: instance_id(),
        root: root.clone(),
        hosts: host::HostCheck::new(&options.allowed_hosts),
        base_url,
        rewrite: options.base_url.is_none(),
    });
    println!("Serving at {url} (Ctrl-C to stop)");
    if address.ip().is_unspecified() {
        println!(
            "Other devices on the network: http://{}/ (pages link to the address each request names)",
            lan_address(address)
        );
    }
    let _ = std::io::stdout().flush();
    if options.open {
        open_browser(&url, printer);
    }
    let server = axum::serve(listener, server::router(app));
    tokio::select! {
        result = server => result.map_err(|e| Errors::one(Diagnostic::error(format!("the server stopped: {e}"))))?,
        () = shutdown_signal() => printer.info("Stopped"),
    }
    Ok(())
}

async fn bind(options: &ServeOptions) -> Result<TcpListener, Errors> {
    let address = SocketAddr::new(options.bind, options.port);
    TcpListener::bind(address).await.map_err(|e| {
        let diagnostic = if e.kind() == std::io::ErrorKind::AddrInUse {
            Diagnostic::error(format!(
                "port {} on {} is already in use",
                options.port, options.bind
            ))
            .hint("pass --port N to use another port, or --port 0 to pick a free one")
        } else {
            Diagnostic::error(format!("cannot listen on {address}: {e}"))
                .hint("check --bind and --port")
        };
        Errors::one(diagnostic)
    })
}

/// Refuses to serve a folder that is not a site: nothing would be served.
fn require_site(root: &Path) -> Result<(), Errors> {
    let config = root.join(crate::layout::CONFIG_FILE);
    if config.is_file() {
        return Ok(());
    }
    let shown = if root == Path::new(".") {
        std::env::current_dir().unwrap_or_else(|_| root.to_path_buf())
    } else {
        root.to_path_buf()
    };
    Err(Diagnostic::error(format!(
        "{} is not a briefing site: it has no {}",
        shown.display(),
        crate::layout::CONFIG_FILE
    ))
    .hint("run `briefing serve` in the site's folder, pass --root DIR, or create a site with `briefing init DIR`")
    .into())
}

/// The address to print and build for: loopback when listening on every address.
fn local_address(address: SocketAddr) -> SocketAddr {
    match address.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => {
            SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), address.port())
        }
        IpAddr::V6(ip) if ip.is_unspecified() => {
            SocketAddr::new(IpAddr::V6(std::net::Ipv6Addr::LOCALHOST), address.port())
        }
        _ => address,
    }
}

/// This machine's address on its network (the one its default route uses;
/// no packet is sent), or a placeholder.
fn lan_address(address: SocketAddr) -> String {
    let found = std::net::UdpSocket::bind("0.0.0.0:0")
        .and_then(|socket| {
            socket.connect("192.0.2.1:9")?;
            socket.local_addr()
        })
        .map(|local| local.ip());
    match found {
        Ok(ip) if !ip.is_unspecified() && !ip.is_loopback() => {
            SocketAddr::new(ip, address.port()).to_string()
        }
        _ => format!("THIS-MACHINE'S-ADDRESS:{}", address.port()),
    }
}

/// The rebuild thread: waits for a batch of changes, rewatches folders that
/// appeared, rebuilds. Ends when the watcher goes away.
fn rebuild_on_change(
    batches: &mpsc::Receiver<Vec<PathBuf>>,
    mut watcher: Watcher,
    rebuilder: &Arc<Rebuilder>,
) {
    while let Some(batch) = watch::next_batch(batches) {
        watcher.refresh(&batch);
        rebuilder.apply(&batch);
    }
}

fn instance_id() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("{:x}-{:x}", std::process::id(), nanos)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}

/// Opens `url` in the desktop's browser (the `open` crate: `xdg-open` and its
/// kin, `open` on macOS, the shell on Windows) without waiting for it.
fn open_browser(url: &str, printer: Printer) {
    if open::that_detached(url).is_err() {
        printer.info(&format!("Could not open a browser; visit {url}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_for_loopback_when_listening_on_every_address() {
        let any4: SocketAddr = "0.0.0.0:1111".parse().unwrap();
        assert_eq!(local_address(any4).to_string(), "127.0.0.1:1111");
        let any6: SocketAddr = "[::]:1111".parse().unwrap();
        assert_eq!(local_address(any6).to_string(), "[::1]:1111");
        let lan: SocketAddr = "192.168.1.20:1111".parse().unwrap();
        assert_eq!(local_address(lan), lan);
    }

    #[test]
    fn refuses_a_folder_without_site_toml() {
        let dir = tempfile::tempdir().unwrap();
        let error = require_site(dir.path()).unwrap_err().to_string();
        assert!(error.contains("not a briefing site"), "{error}");
        std::fs::write(dir.path().join("site.toml"), "").unwrap();
        assert!(require_site(dir.path()).is_ok());
    }
}
