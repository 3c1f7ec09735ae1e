//! Live reload: build events go out over one broadcast channel to every open
//! page as server-sent events on `/__briefing/events` (see
//! [`super::events`]). A small script, added only to HTML responses (never
//! to the plan or the output folder), listens and patches the page in place
//! (fetching it again and morphing the DOM with the vendored idiomorph, see
//! docs/serve.md), swaps a stylesheet, reloads when the page's scripts
//! changed, or shows the build error.

use axum::response::sse::Event as SseEvent;

/// The tag added before `</body>` of every HTML response.
pub const SCRIPT_TAG: &str = r#"<script src="/__briefing/live.js"></script>"#;

/// The script that tag loads: the vendored idiomorph (0BSD, see
/// `vendor/idiomorph/idiomorph.js` at the repository root) and the client (`live.js`), in one closure so
/// neither adds a global name beside `__briefingLive`.
pub const LIVE_JS: &str = concat!(
    "(function () {\n",
    include_str!("../../vendor/idiomorph/idiomorph.js"),
    "\n",
    include_str!("live.js"),
    "\n})();\n"
);

/// Above this many changed files an update names none: every open page
/// fetches itself again (a template edit changes every page).
pub const MAX_CHANGED: usize = 500;

/// What happened to the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// The site changed (also clears an error overlay). `changed` lists the
    /// served paths whose bytes changed (`/about/index.html`, `/style.css`),
    /// or is `None` when that is unknown or too long: every page then
    /// fetches itself again. A page not listed, and none of whose
    /// stylesheets, scripts or images is listed, is left alone.
    Update {
        /// The snapshot's build number ([`super::state::Snapshot::build`]).
        build: u64,
        /// The served paths whose bytes changed; `None`: every page reloads.
        changed: Option<Vec<String>>,
    },
    /// Only these stylesheets changed (served paths such as `/style.css`).
    Css {
        /// The snapshot's build number.
        build: u64,
        /// The served paths of the changed stylesheets.
        paths: Vec<String>,
    },
    /// The build failed; the last good site is still served.
    Error {
        /// The snapshot's build number.
        build: u64,
        /// The build's errors as plain text, for the overlay.
        text: String,
    },
}

impl Event {
    /// The SSE event name (`update`, `css`, `error`).
    pub(super) fn name(&self) -> &'static str {
        match self {
            Event::Update { .. } => "update",
            Event::Css { .. } => "css",
            Event::Error { .. } => "error",
        }
    }

    fn data(&self) -> serde_json::Value {
        match self {
            Event::Update { build, changed } => {
                serde_json::json!({ "build": build, "changed": changed })
            }
            Event::Css { build, paths } => serde_json::json!({ "build": build, "paths": paths }),
            Event::Error { build, text } => serde_json::json!({ "build": build, "text": text }),
        }
    }

    /// The event as a server-sent event (HTML standard): its name and JSON
    /// data.
    pub(super) fn to_sse(&self) -> SseEvent {
        SseEvent::default()
            .event(self.name())
            .data(self.data().to_string())
    }
}

/// Adds the live-reload script before the last `</body>`, or at the end.
pub fn inject(html: &[u8]) -> Vec<u8> {
    let at = find_last_ignoring_case(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + SCRIPT_TAG.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(SCRIPT_TAG.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_last_ignoring_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.len() > haystack.len() {
        return None;
    }
    (0..=haystack.len() - needle.len())
        .rev()
        .find(|&i| haystack[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_inject_before_the_last_body_end() {
        let html = b"<html><body><p>&lt;/body&gt;</p></BODY></html>";
        let out = String::from_utf8(inject(html)).unwrap();
        assert_eq!(
            out,
            format!("<html><body><p>&lt;/body&gt;</p>{SCRIPT_TAG}</BODY></html>")
        );
    }

    #[test]
    fn can_inject_into_html_without_body() {
        let out = String::from_utf8(inject(b"<p>hi")).unwrap();
        assert_eq!(out, format!("<p>hi{SCRIPT_TAG}"));
        assert_eq!(String::from_utf8(inject(b"")).unwrap(), SCRIPT_TAG);
    }

    #[test]
    fn events_carry_json_on_one_line() {
        let event = Event::Error {
            build: 4,
            text: "content/a.md:3:1: error: bad\n  = hint: fix\r\n".into(),
        };
        let data = event.data().to_string();
        assert!(!data.contains('\n') && !data.contains('\r'));
        assert_eq!(event.name(), "error");
        let back: serde_json::Value = serde_json::from_str(&data).unwrap();
        assert_eq!(back["build"], 4);
    }
}
