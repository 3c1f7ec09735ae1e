//! What every handler of the dev server shares ([`App`]: the served site,
//! the event channel, the host check), and what a request is shown of a
//! page: the build's base URL, or the request's own host in its place.

use std::path::PathBuf;
use std::sync::Arc;

use axum::http::{HeaderMap, header};
use tokio::sync::broadcast;

use super::host::{self, HostCheck};
use super::lookup::{Lookup, resolve};
use super::reload::{self, Event};
use super::state::Snapshots;
use crate::output::Contents;

/// Shared by every handler.
pub struct App {
    /// The current snapshot of the site.
    pub site: Arc<Snapshots>,
    /// Sends reload events to the open pages (server-sent events).
    pub events: broadcast::Sender<Event>,
    /// Differs between server runs, so pages notice a restart.
    pub instance: String,
    /// The site folder: a copied file is served only while it resolves inside it.
    pub root: PathBuf,
    /// Which `Host` values are answered.
    pub hosts: HostCheck,
    /// The base URL the site is built for (`http://127.0.0.1:1111/`).
    pub base_url: String,
    /// Rewrite `base_url` to the request's host in served text (off with `--base-url`).
    pub rewrite: bool,
}

/// The base URL to show a request: the build's, or the same with the
/// request's (checked) host when the pages are rewritten.
pub(super) fn public_base(app: &App, headers: &HeaderMap) -> Option<String> {
    if !app.rewrite {
        return None;
    }
    let host = headers.get(header::HOST)?.to_str().ok()?;
    if !host::is_plain(host) {
        return None;
    }
    let base = format!("http://{host}/");
    (base != app.base_url).then_some(base)
}

/// `bytes` with every `from` replaced by `to`.
pub(super) fn replace_all(bytes: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut rest = bytes;
    while let Some(at) = rest.windows(from.len()).position(|window| window == from) {
        out.extend_from_slice(&rest[..at]);
        out.extend_from_slice(to);
        rest = &rest[at + from.len()..];
    }
    out.extend_from_slice(rest);
    out
}

/// The HTML a browser would get for `raw_path` (a page's `location.pathname`)
/// now, live-reload script included, if that is a generated HTML page of the
/// current good build: sent with an update so the page need not fetch it.
pub fn page_html(app: &App, headers: &HeaderMap, raw_path: &str) -> Option<(Vec<u8>, String)> {
    /// Larger pages are fetched as usual rather than pushed through the stream.
    const MAX_PUSHED: usize = 4 << 20;
    let snapshot = app.site.snapshot();
    let plan = &snapshot.good.as_ref()?.plan;
    let Lookup::File(key) = resolve(plan, raw_path) else {
        return None;
    };
    let Some(Contents::Bytes(bytes)) = plan.files.get(&key) else {
        return None;
    };
    let is_html = key.ends_with(".html") || key.ends_with(".htm");
    if !is_html || bytes.len() > MAX_PUSHED {
        return None;
    }
    let bytes = match public_base(app, headers) {
        Some(to) => replace_all(bytes, app.base_url.as_bytes(), to.as_bytes()),
        None => bytes.to_vec(),
    };
    Some((reload::inject(&bytes), format!("/{key}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_every_occurrence_of_the_base_url() {
        assert_eq!(
            replace_all(
                b"<a href=\"http://a/x\">http://a/</a>",
                b"http://a/",
                b"http://b:1/"
            ),
            b"<a href=\"http://b:1/x\">http://b:1/</a>"
        );
        assert_eq!(replace_all(b"none", b"http://a/", b"x"), b"none");
    }
}
