//! HTTP: serves the latest good build straight from memory. A request path is
//! percent-decoded once, checked with [`crate::urls::is_contained`] and looked
//! up in the build's plan ([`super::lookup`]), so nothing outside the built
//! site can ever be read.
//! Every response says `Cache-Control: no-store`, so a page is never stale
//! after a rebuild.
//!
//! Every request first passes the [`host`] check (the
//! live-reload stream too). The site is built for one base URL; a page asked
//! for under another host (`localhost`, or a phone's `192.168.1.20:1111`)
//! gets that base URL rewritten to the host it asked for, so its links lead
//! back to this server, never to `0.0.0.0`.

use std::path::Path;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::app::{App, public_base, replace_all};
use super::host;
use super::lookup::{Lookup, resolve};
use super::reload::{self, LIVE_JS};
use crate::content;
use crate::layout::NOT_FOUND_FILE;
use crate::output::{Contents, Plan};

/// The dev server's routes: its own under `/__briefing/`, the site everywhere else.
pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/__briefing/events", get(super::events::events))
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
        Lookup::NotFound if plan.files.contains_key(NOT_FOUND_FILE) => {
            file(&app.root, plan, NOT_FOUND_FILE, StatusCode::NOT_FOUND, base)
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

    #[test]
    fn marks_text_as_utf8() {
        let css = mime_guess::from_path("a.css").first_or_octet_stream();
        assert_eq!(content_type(&css), "text/css; charset=utf-8");
        let png = mime_guess::from_path("a.png").first_or_octet_stream();
        assert_eq!(content_type(&png), "image/png");
    }
}
