//! HTTP: serves the latest good build straight from memory. A request path is
//! percent-decoded once, checked with [`urls::is_contained`] and looked up in
//! the build's plan, so nothing outside the built site can ever be read.
//! Every response says `Cache-Control: no-store`, so a page is never stale
//! after a rebuild.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::sync::broadcast;

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
}

/// The dev server's routes: its own under `/__briefing/`, the site everywhere else.
pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/__briefing/events", get(reload::events))
        .route("/__briefing/live.js", get(live_js))
        .route("/__briefing/status", get(status))
        .route("/__briefing/files", get(files))
        .fallback(site_file)
        .with_state(app)
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

async fn site_file(State(app): State<Arc<App>>, method: Method, uri: Uri) -> Response {
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
    match resolve(plan, uri.path()) {
        Lookup::File(key) => file(&app.root, plan, &key, StatusCode::OK),
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
            file(&app.root, plan, "404.html", StatusCode::NOT_FOUND)
        }
        Lookup::NotFound => text(StatusCode::NOT_FOUND, "404 Not Found\n"),
        Lookup::BadPath => text(StatusCode::BAD_REQUEST, "400 Bad Request: invalid path\n"),
    }
}

/// One file of the plan; HTML gets the live-reload script. A copied file that
/// became a link out of the site since the build is not read (the rebuild
/// that refuses it is on its way).
fn file(root: &Path, plan: &Plan, key: &str, status: StatusCode) -> Response {
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
    let bytes = if is_html {
        reload::inject(&bytes)
    } else {
        bytes
    };
    respond(status, &content_type(&mime), bytes)
}

/// The MIME type, with `charset=utf-8` for text (the builder writes UTF-8 only).
fn content_type(mime: &mime_guess::Mime) -> String {
    let textual = mime.type_() == mime_guess::mime::TEXT
        || matches!(
            mime.essence_str(),
            "application/javascript" | "application/json" | "application/xml" | "image/svg+xml"
        );
    if textual && mime.get_param("charset").is_none() {
        format!("{}; charset=utf-8", mime.essence_str())
    } else {
        mime.essence_str().to_string()
    }
}

/// Shown for every page until the first build succeeds.
fn first_build_failed(error: &str) -> Response {
    let page = format!(
        "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>Build failed</title>\
         <body><h1>The site has not built yet</h1><pre>{}</pre></body></html>",
        escape_html(error)
    );
    respond(
        StatusCode::SERVICE_UNAVAILABLE,
        "text/html; charset=utf-8",
        reload::inject(page.as_bytes()),
    )
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
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
    fn marks_text_as_utf8() {
        let css = mime_guess::from_path("a.css").first_or_octet_stream();
        assert_eq!(content_type(&css), "text/css; charset=utf-8");
        let png = mime_guess::from_path("a.png").first_or_octet_stream();
        assert_eq!(content_type(&png), "image/png");
    }
}
