//! The site the dev server shows: the latest good build held in memory, the
//! diagnostics of the latest failed one, and a build counter. Rebuilding swaps
//! in a new snapshot in one step, so a request sees either the old site or the
//! new one, never a mix.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Instant;

use tokio::sync::broadcast;

use crate::build::{self, BuildOptions, Prepared};
use crate::cli::Printer;
use crate::diagnostics::{Errors, Result};
use crate::output::Contents;

use super::reload::Event;

/// What the server shows right now.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// Counts finished rebuilds, good or bad; starts at 1 after the first build.
    pub build: u64,
    /// The latest build that succeeded; `None` until one has.
    pub good: Option<Arc<Prepared>>,
    /// The plain-text diagnostics of the latest build, if it failed.
    pub error: Option<String>,
}

/// The current snapshot, shared by the HTTP handlers and the rebuild thread.
#[derive(Debug, Default)]
pub struct SiteState {
    current: RwLock<Arc<Snapshot>>,
}

impl SiteState {
    pub fn snapshot(&self) -> Arc<Snapshot> {
        match self.current.read() {
            Ok(guard) => guard.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    fn publish(&self, snapshot: Snapshot) {
        let snapshot = Arc::new(snapshot);
        match self.current.write() {
            Ok(mut guard) => *guard = snapshot,
            Err(poisoned) => *poisoned.into_inner() = snapshot,
        }
    }
}

/// Runs rebuilds, publishes their results and tells the browsers.
pub struct Rebuilder {
    options: BuildOptions,
    state: Arc<SiteState>,
    events: broadcast::Sender<Event>,
    printer: Printer,
}

impl Rebuilder {
    pub fn new(
        options: BuildOptions,
        state: Arc<SiteState>,
        events: broadcast::Sender<Event>,
        printer: Printer,
    ) -> Self {
        Rebuilder {
            options,
            state,
            events,
            printer,
        }
    }

    /// Renders the site for the given changes. Today this is a full in-memory
    /// build, the simplest correct answer; an incremental build can replace it
    /// here without touching the server.
    pub fn rebuild(&self, _changed: &[PathBuf]) -> Result<Prepared> {
        build::prepare(&self.options)
    }

    /// Rebuilds, swaps the result in (or keeps the last good site on failure),
    /// reports to the terminal and pushes the matching event to the browsers.
    pub fn apply(&self, changed: &[PathBuf]) {
        let started = Instant::now();
        let result = self.rebuild(changed);
        let elapsed = started.elapsed().as_millis();
        let previous = self.state.snapshot();
        let build = previous.build + 1;
        let first = previous.build == 0;
        match result {
            Ok(prepared) => {
                if first {
                    self.printer.warnings(&prepared.warnings);
                }
                let event = match stylesheets_only(changed, &prepared) {
                    Some(paths) if previous.error.is_none() && !first => {
                        Event::Css { build, paths }
                    }
                    _ => Event::Reload { build },
                };
                self.printer.info(&format!(
                    "{} {} files in {elapsed} ms (build {build})",
                    if first { "Built" } else { "Rebuilt" },
                    prepared.stats.files
                ));
                self.state.publish(Snapshot {
                    build,
                    good: Some(Arc::new(prepared)),
                    error: None,
                });
                let _ = self.events.send(event);
            }
            Err(errors) => {
                self.printer.errors(&errors);
                let text = plain_text(&errors);
                self.printer.info(&format!(
                    "Build {build} failed; still serving the last good site"
                ));
                self.state.publish(Snapshot {
                    build,
                    good: previous.good.clone(),
                    error: Some(text.clone()),
                });
                let _ = self.events.send(Event::Error { build, text });
            }
        }
    }
}

/// The diagnostics as the browser overlay shows them: no ANSI colour.
fn plain_text(errors: &Errors) -> String {
    errors.render(false)
}

/// The served paths (`/style.css`) of the changed files, if every change is an
/// existing stylesheet that the site serves as a copy of that file. Anything
/// else needs a full page reload.
fn stylesheets_only(changed: &[PathBuf], prepared: &Prepared) -> Option<Vec<String>> {
    if changed.is_empty() {
        return None;
    }
    let mut served = Vec::new();
    for path in changed {
        if !is_stylesheet(path) || !path.is_file() {
            return None;
        }
        let found: Vec<String> = prepared
            .plan
            .files
            .iter()
            .filter(|(_, contents)| matches!(contents, Contents::Copy(source) if same_file(source, path)))
            .map(|(output, _)| format!("/{output}"))
            .collect();
        if found.is_empty() {
            return None;
        }
        served.extend(found);
    }
    served.sort();
    served.dedup();
    Some(served)
}

fn is_stylesheet(path: &Path) -> bool {
    path.extension().is_some_and(|ext| ext == "css")
}

fn same_file(a: &Path, b: &Path) -> bool {
    a == b || crate::output::absolute(a) == crate::output::absolute(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_last_good_site_when_a_snapshot_replaces_it() {
        let state = SiteState::default();
        assert_eq!(state.snapshot().build, 0);
        state.publish(Snapshot {
            build: 3,
            good: None,
            error: Some("boom".into()),
        });
        assert_eq!(state.snapshot().build, 3);
        assert_eq!(state.snapshot().error.as_deref(), Some("boom"));
    }

    #[test]
    fn recognises_stylesheets_by_extension() {
        assert!(is_stylesheet(Path::new("static/a.css")));
        assert!(!is_stylesheet(Path::new("static/a.css.map")));
        assert!(!is_stylesheet(Path::new("content/a.md")));
    }
}
