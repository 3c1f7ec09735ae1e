//! The live-reload stream, `/__briefing/events`: each open page listens to
//! the build [`Event`]s as server-sent events; an update that changed the
//! page listening carries its new HTML.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use futures_util::stream::{self, Stream, StreamExt};
use serde::Deserialize;
use tokio::sync::broadcast;

use super::app::{App, page_html};
use super::reload::Event;

/// `/__briefing/events`: a `hello` naming this server and build (so a page
/// that reconnects after a restart or a missed rebuild knows to reload), the
/// current error if there is one, then every event as it happens. The stream
/// ends when the browser goes away, which drops its receiver.
pub async fn events(
    State(app): State<Arc<App>>,
    Query(query): Query<EventsQuery>,
    headers: HeaderMap,
) -> Sse<impl Stream<Item = Result<SseEvent, Infallible>>> {
    let receiver = app.events.subscribe();
    let snapshot = app.site.snapshot();
    let hello = SseEvent::default()
        .event("hello")
        .retry(Duration::from_millis(500))
        .data(serde_json::json!({ "build": snapshot.build, "instance": app.instance }).to_string());
    let mut first = vec![hello];
    if let Some(text) = &snapshot.error {
        first.push(
            Event::Error {
                build: snapshot.build,
                text: text.clone(),
            }
            .to_sse(),
        );
    }
    let viewer = Viewer {
        app,
        headers,
        page: query.page,
    };
    let updates = stream::unfold((receiver, viewer), |(mut receiver, viewer)| async move {
        let event = match receiver.recv().await {
            Ok(event) => viewer.to_sse(&event),
            // Too slow to keep up: a page that fetches itself is up to date.
            Err(broadcast::error::RecvError::Lagged(_)) => Event::Update {
                build: viewer.app.site.snapshot().build,
                changed: None,
            }
            .to_sse(),
            Err(broadcast::error::RecvError::Closed) => return None,
        };
        Some((event, (receiver, viewer)))
    });
    let all = stream::iter(first).chain(updates).map(Ok);
    Sse::new(all).keep_alive(KeepAlive::new().interval(Duration::from_secs(10)))
}

/// `/__briefing/events?page=PATH`: the page listening (its `location.pathname`).
#[derive(Debug, Deserialize)]
pub struct EventsQuery {
    page: Option<String>,
}

/// One open page's stream: an update that changed its page carries the new
/// HTML (as that page would fetch it), saving the browser a round trip.
struct Viewer {
    app: Arc<App>,
    headers: HeaderMap,
    page: Option<String>,
}

impl Viewer {
    fn to_sse(&self, event: &Event) -> SseEvent {
        let (Event::Update { build, changed }, Some(page)) = (event, &self.page) else {
            return event.to_sse();
        };
        let Some((html, key)) = page_html(&self.app, &self.headers, page) else {
            return event.to_sse();
        };
        if changed
            .as_ref()
            .is_some_and(|changed| !changed.contains(&key))
        {
            return event.to_sse();
        }
        let data = serde_json::json!({
            "build": build,
            "changed": changed,
            "html": String::from_utf8_lossy(&html),
        });
        SseEvent::default()
            .event(event.name())
            .data(data.to_string())
    }
}
