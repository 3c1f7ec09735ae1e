//! HTTP: serves the latest good build straight from memory. A request path is
//! percent-decoded once, checked with [`urls::is_contained`] and looked up in
//! the build's plan, so nothing outside the built site can ever be read.
//! Every response says `Cache-Control: no-store`, so a page is never stale
//! after a rebuild.
//!
//! Every request first passes the [`host`](super::host) check (the
//! live-reload stream too). The site is built for one base URL; a page asked
//! for under another host (`localhost`, or a phone's `192.168.1.20:1111`)
//! gets that base URL rewritten to the host it asked for, so its links lead
//! back to this server, never to `0.0.0.0`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::sync::broadcast;

use super::host::{self, HostCheck};
use super::reload::{self, Event, LIVE_JS};
use super::state::SiteState;
use crate::content;
use crate::output::{Contents, Plan};
use crate::urls;

/// Shared by every handler.
pub struct App {
    pub site: Arc<SiteState>,
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

/// The dev server's routes: its own under `/__briefing/`, the site everywhere else.
pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/__briefing/events", get(reload::events))
        .route("/__briefing/live.js", get(live_js))
        .route("/__briefing/status", get(status))
        .route("/__briefing/files", get(files))
        .fallback(site_file)
        .layer(middleware::from_fn_with_state(app.clone(), check_host))
        .with_state(app)
}

/// Refuses, with 403 and one line naming `--allowed-host`, a request whose
/// `Host` does not name this server.
async fn check_host(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    if let Some(value) = request.headers().get(header::HOST) {
        let host = String::from_utf8_lossy(value.as_bytes());
        if !app.hosts.allows(&host) {
            return text(StatusCode::FORBIDDEN, &host::refusal(&host));
        }
    }
    next.run(request).await
}

/// The base URL to show a request: the build's, or the same with the
/// request's (checked) host when the pages are rewritten.
fn public_base(app: &App, headers: &HeaderMap) -> Option<String> {
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
fn replace_all(bytes: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
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

/// Where a request path leads in the plan.
#[derive(Debug, PartialEq, Eq)]
pub enum Lookup {
    File(String),
    /// `/x` when `/x/index.html` exists: send the browser to `/x/`.
    Redirect(String),
    NotFound,
    BadPath,
}

/// Resolves a raw (still percent-encoded) request path against the plan.
pub fn resolve(plan: &Plan, raw_path: &str) -> Lookup {
    let Ok(decoded) = percent_encoding::percent_decode_str(raw_path).decode_utf8() else {
        return Lookup::BadPath;
    };
    let Some(relative) = decoded.strip_prefix('/') else {
        return Lookup::BadPath;
    };
    if relative.is_empty() {
        return lookup(plan, urls::index_file(""));
    }
    if !urls::is_contained(relative) {
        return Lookup::BadPath;
    }
    if relative.ends_with('/') {
        return lookup(plan, urls::index_file(relative));
    }
    if plan.files.contains_key(relative) {
        return Lookup::File(relative.to_string());
    }
    if plan
        .files
        .contains_key(&urls::index_file(&format!("{relative}/")))
    {
        return Lookup::Redirect(format!("{raw_path}/"));
    }
    Lookup::NotFound
}

fn lookup(plan: &Plan, key: String) -> Lookup {
    if plan.files.contains_key(&key) {
        Lookup::File(key)
    } else {
        Lookup::NotFound
    }
}

async fn site_file(
    State(app): State<Arc<App>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut response = text(StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD\n");
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let snapshot = app.site.snapshot();
    let Some(good) = &snapshot.good else {
        return first_build_failed(snapshot.error.as_deref().unwrap_or("building…"));
    };
    let plan = &good.plan;
    let base = public_base(&app, &headers).map(|to| (app.base_url.as_str(), to));
    let base = base.as_ref().map(|(from, to)| (*from, to.as_str()));
    match resolve(plan, uri.path()) {
        Lookup::File(key) => file(&app.root, plan, &key, StatusCode::OK, base),
        Lookup::Redirect(path) => {
            let location = match uri.query() {
                Some(query) => format!("{path}?{query}"),
                None => path,
            };
            let mut response = text(StatusCode::FOUND, "");
            if let Ok(value) = HeaderValue::from_str(&location) {
                response.headers_mut().insert(header::LOCATION, value);
            }
            response
        }
        Lookup::NotFound if plan.files.contains_key("404.html") => {
            file(&app.root, plan, "404.html", StatusCode::NOT_FOUND, base)
        }
        Lookup::NotFound => text(StatusCode::NOT_FOUND, "404 Not Found\n"),
        Lookup::BadPath => text(StatusCode::BAD_REQUEST, "400 Bad Request: invalid path\n"),
    }
}

/// One file of the plan; HTML gets the live-reload script. A copied file that
/// became a link out of the site since the build is not read (the rebuild
/// that refuses it is on its way). `base` (from, to) rewrites the base URL in
/// generated text.
fn file(
    root: &Path,
    plan: &Plan,
    key: &str,
    status: StatusCode,
    base: Option<(&str, &str)>,
) -> Response {
    if let Some(Contents::Copy(source)) = plan.files.get(key)
        && !content::resolves_inside(root, source)
    {
        return text(StatusCode::NOT_FOUND, "404 Not Found\n");
    }
    let bytes = match plan.read(key) {
        Some(Ok(bytes)) => bytes,
        // A copied file deleted since the build: the rebuild is on its way.
        Some(Err(e)) if e.kind() == std::io::ErrorKind::NotFound => {
            return text(StatusCode::NOT_FOUND, "404 Not Found\n");
        }
        Some(Err(e)) => {
            return text(
                StatusCode::INTERNAL_SERVER_ERROR,
                &format!("cannot read {key}: {e}\n"),
            );
        }
        None => return text(StatusCode::NOT_FOUND, "404 Not Found\n"),
    };
    let mime = mime_guess::from_path(key).first_or_octet_stream();
    let is_html = mime.essence_str() == "text/html";
    let bytes = match base {
        Some((from, to)) if is_textual(&mime) => {
            replace_all(&bytes, from.as_bytes(), to.as_bytes())
        }
        _ => bytes,
    };
    let bytes = if is_html {
        reload::inject(&bytes)
    } else {
        bytes
    };
    respond(status, &content_type(&mime), bytes)
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

/// The MIME type, with `charset=utf-8` for text (the builder writes UTF-8 only).
fn content_type(mime: &mime_guess::Mime) -> String {
    if is_textual(mime) && mime.get_param("charset").is_none() {
        format!("{}; charset=utf-8", mime.essence_str())
    } else {
        mime.essence_str().to_string()
    }
}

fn is_textual(mime: &mime_guess::Mime) -> bool {
    mime.type_() == mime_guess::mime::TEXT
        || matches!(
            mime.essence_str(),
            "application/javascript"
                | "application/json"
                | "application/xml"
                | "application/atom+xml"
                | "image/svg+xml"
        )
}

/// Shown for every page until the first build succeeds.
fn first_build_failed(error: &str) -> Response {
    let page = format!(
        "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>Build failed</title>\
         <body><h1>The site has not built yet</h1><pre>{}</pre></body></html>",
        crate::html::escape(error)
    );
    respond(
        StatusCode::SERVICE_UNAVAILABLE,
        "text/html; charset=utf-8",
        reload::inject(page.as_bytes()),
    )
}

async fn live_js() -> Response {
    respond(
        StatusCode::OK,
        "text/javascript; charset=utf-8",
        LIVE_JS.as_bytes().to_vec(),
    )
}

/// `/__briefing/status`: the build counter and the current error, for tools and tests.
async fn status(State(app): State<Arc<App>>) -> Response {
    let snapshot = app.site.snapshot();
    let body = serde_json::json!({
        "build": snapshot.build,
        "ok": snapshot.error.is_none() && snapshot.good.is_some(),
        "error": snapshot.error,
        "instance": app.instance,
    });
    respond(
        StatusCode::OK,
        "application/json",
        body.to_string().into_bytes(),
    )
}

/// `/__briefing/files`: every path the server serves, one per line.
async fn files(State(app): State<Arc<App>>) -> Response {
    let snapshot = app.site.snapshot();
    let mut listing = String::new();
    if let Some(good) = &snapshot.good {
        for path in good.plan.files.keys() {
            listing.push_str(path);
            listing.push('\n');
        }
    }
    respond(
        StatusCode::OK,
        "text/plain; charset=utf-8",
        listing.into_bytes(),
    )
}

fn text(status: StatusCode, body: &str) -> Response {
    respond(
        status,
        "text/plain; charset=utf-8",
        body.as_bytes().to_vec(),
    )
}

fn respond(status: StatusCode, content_type: &str, body: Vec<u8>) -> Response {
    let mut response = (status, Body::from(body)).into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(content_type) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Contents;

    fn plan() -> Plan {
        let mut plan = Plan::default();
        for path in ["index.html", "a/index.html", "style.css", "a b/index.html"] {
            plan.add(path.into(), Contents::bytes(Vec::new()));
        }
        plan
    }

    #[test]
    fn can_resolve_files_directories_and_redirects() {
        let plan = plan();
        assert_eq!(resolve(&plan, "/"), Lookup::File("index.html".into()));
        assert_eq!(resolve(&plan, "/a/"), Lookup::File("a/index.html".into()));
        assert_eq!(resolve(&plan, "/a"), Lookup::Redirect("/a/".into()));
        assert_eq!(
            resolve(&plan, "/style.css"),
            Lookup::File("style.css".into())
        );
        assert_eq!(
            resolve(&plan, "/a%20b/"),
            Lookup::File("a b/index.html".into())
        );
        assert_eq!(resolve(&plan, "/missing"), Lookup::NotFound);
    }

    #[test]
    fn rejects_paths_that_leave_the_site() {
        let plan = plan();
        for bad in [
            "/../etc/passwd",
            "/a/../index.html",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/",
            "/a%2f..%2findex.html",
            "/..%5cindex.html",
            "/a%00",
            "//etc/passwd",
            "/%ff",
            "relative",
        ] {
            assert_eq!(resolve(&plan, bad), Lookup::BadPath, "{bad}");
        }
        // Decoded once only: a double-encoded dot-dot is a plain (missing) name.
        assert_eq!(resolve(&plan, "/%252e%252e/index.html"), Lookup::NotFound);
    }

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

    #[test]
    fn marks_text_as_utf8() {
        let css = mime_guess::from_path("a.css").first_or_octet_stream();
        assert_eq!(content_type(&css), "text/css; charset=utf-8");
        let png = mime_guess::from_path("a.png").first_or_octet_stream();
        assert_eq!(content_type(&png), "image/png");
    }
}
