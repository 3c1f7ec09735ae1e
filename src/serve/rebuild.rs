//! Rebuilding for the dev server: runs the build session on each batch of
//! changes, publishes a good result (or keeps the last good site on a
//! failure), makes the search index in the background, logs one line per
//! rebuild and tells the open pages what changed.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use tokio::sync::broadcast;

use super::changes::{changed_paths, stylesheets_only, update_plan};
use super::reload::Event;
use super::state::{Served, Snapshot, Snapshots};
use crate::console::Printer;
use crate::diagnostics::{Diagnostic, Errors, Result};
use crate::pipeline::BuildOptions;
use crate::session::Session;

/// Runs rebuilds, publishes their results and tells the browsers.
pub struct Rebuilder {
    session: Mutex<Session>,
    /// The good build served before the current one. Once no request holds
    /// it, the next rebuild brings it up to date in place instead of copying
    /// the whole plan (milliseconds at 10,000 pages).
    spare: Mutex<Option<Arc<Served>>>,
    state: Arc<Snapshots>,
    events: broadcast::Sender<Event>,
    printer: Printer,
    /// The site folder, to name changed files relative to it.
    root: PathBuf,
    /// The search index made in the background (see `index_in_background`).
    search_queue: Mutex<SearchQueue>,
}

/// Whether a search index is being made, and the build to index next.
#[derive(Default)]
struct SearchQueue {
    running: bool,
    next: Option<(Arc<Served>, Vec<String>)>,
}

impl Rebuilder {
    /// A rebuilder of the site `options` names, publishing to `state` and
    /// telling the pages through `events`.
    pub fn new(
        options: BuildOptions,
        state: Arc<Snapshots>,
        events: broadcast::Sender<Event>,
        printer: Printer,
    ) -> Self {
        Rebuilder {
            root: options.root.clone(),
            session: Mutex::new(Session::new(options)),
            spare: Mutex::new(None),
            search_queue: Mutex::new(SearchQueue::default()),
            state,
            events,
            printer,
        }
    }

    /// Renders the site for the given changes (the build session re-renders
    /// only what they affect, or everything when it must), with how many pages
    /// were rendered, and the pages' files when the search index is
    /// left to make (a fast-path update: see [`Rebuilder::index_in_background`]).
    fn rebuild_and_pages(
        &self,
        changed: &[PathBuf],
    ) -> Result<(Arc<Served>, usize, Option<Vec<String>>)> {
        let mut session = self
            .session
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let outcome = if session.built().is_none() {
            session.build()?
        } else {
            session.update(changed)?
        };
        let state = session
            .built()
            .ok_or_else(|| Errors::one(Diagnostic::error("the build produced no site")))?;
        let pending = state.search_pending.then(|| state.page_files());
        let spare = self
            .spare
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .take();
        if let Some(mut spare) = spare
            && let Some(reused) = Arc::get_mut(&mut spare)
            && update_plan(&mut reused.plan, &state.plan)
        {
            reused.stats = state.stats;
            reused.warnings.clone_from(&state.warnings);
            reused.search_language = crate::search::index_language(&state.site);
            return Ok((spare, outcome.rendered, pending));
        }
        let served = Arc::new(Served {
            plan: state.plan.clone(),
            stats: state.stats,
            warnings: state.warnings.clone(),
            search_language: crate::search::index_language(&state.site),
        });
        Ok((served, outcome.rendered, pending))
    }

    /// Makes the search index of `served` on another thread, then serves
    /// it if `served` is still the site served, and hands it to the session
    /// for the next rebuilds. Until then the search page searches the previous
    /// index. One index is made at a time: edits saved meanwhile are indexed
    /// together, from the latest build, when it is done.
    fn index_in_background(self: &Arc<Self>, served: Arc<Served>, pages: Vec<String>) {
        let mut queue = self
            .search_queue
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        queue.next = Some((served, pages));
        if queue.running {
            return;
        }
        queue.running = true;
        drop(queue);
        let rebuilder = Arc::clone(self);
        let spawned = std::thread::Builder::new()
            .name("search-index".into())
            .spawn(move || {
                loop {
                    let next = {
                        let mut queue = rebuilder
                            .search_queue
                            .lock()
                            .unwrap_or_else(|poisoned| poisoned.into_inner());
                        let next = queue.next.take();
                        queue.running = next.is_some();
                        next
                    };
                    let Some((served, pages)) = next else {
                        return;
                    };
                    rebuilder.index_now(&served, &pages);
                }
            });
        if let Err(e) = spawned {
            self.search_queue
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .running = false;
            self.printer.errors(&Errors::one(Diagnostic::error(format!(
                "cannot index for search: {e}"
            ))));
        }
    }

    /// See [`Rebuilder::index_in_background`].
    fn index_now(&self, served: &Arc<Served>, pages: &[String]) {
        let files =
            match crate::search::index_plan(&served.plan, pages, served.search_language.as_deref())
            {
                Ok(files) => files,
                Err(errors) => {
                    self.printer.errors(&errors);
                    return;
                }
            };
        let mut plan = served.plan.clone();
        crate::search::replace_index(&mut plan, files);
        // Also a later build's, still waiting for its own: closer than the one it has.
        if let Some(state) = self
            .session
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .built_mut()
            .filter(|state| state.search_pending)
        {
            let index = plan
                .files
                .iter()
                .filter(|(path, _)| path.starts_with(crate::search::BUNDLE))
                .map(|(path, contents)| (path.clone(), contents.clone()));
            state
                .plan
                .files
                .retain(|path, _| !path.starts_with(crate::search::BUNDLE));
            state.plan.files.extend(index);
        }
        self.state.replace_good(served, || Served {
            plan,
            stats: served.stats,
            warnings: served.warnings.clone(),
            search_language: served.search_language.clone(),
        });
    }

    /// Rebuilds, swaps the result in (or keeps the last good site on failure),
    /// reports to the terminal and pushes the matching event to the browsers.
    pub fn apply(self: &Arc<Self>, changed: &[PathBuf]) {
        let started = Instant::now();
        let result = self.rebuild_and_pages(changed);
        let elapsed = started.elapsed().as_millis();
        let previous = self.state.snapshot();
        let build = previous.build + 1;
        let first = previous.build == 0;
        let what = if first {
            "first build".to_string()
        } else {
            describe_changes(&self.root, changed)
        };
        match result {
            Ok((served, rendered, pending)) => {
                let count = served
                    .warnings
                    .iter()
                    .filter(|w| w.severity == crate::diagnostics::Severity::Warning)
                    .count();
                self.printer.info(&format!(
                    "{} {what}: {rendered} {} rendered, {} files, {elapsed} ms{}",
                    clock(),
                    if rendered == 1 { "page" } else { "pages" },
                    served.stats.files,
                    match count {
                        0 => String::new(),
                        1 => ", 1 warning".into(),
                        n => format!(", {n} warnings"),
                    }
                ));
                // The warnings this build brought: all of them the first time.
                let before: Vec<String> = previous
                    .good
                    .iter()
                    .flat_map(|good| good.warnings.iter().map(Diagnostic::headline))
                    .collect();
                let new: Vec<Diagnostic> = served
                    .warnings
                    .iter()
                    .filter(|w| first || !before.contains(&w.headline()))
                    .cloned()
                    .collect();
                self.printer.warnings(&new);
                let event = match stylesheets_only(changed, &served) {
                    Some(paths) if previous.error.is_none() && !first => {
                        Event::Css { build, paths }
                    }
                    _ => Event::Update {
                        build,
                        changed: match (&previous.good, first) {
                            (Some(before), false) => {
                                changed_paths(&before.plan, &served.plan, changed)
                            }
                            _ => None,
                        },
                    },
                };
                self.state.publish(Snapshot {
                    build,
                    good: Some(Arc::clone(&served)),
                    error: None,
                });
                if let Some(pages) = pending {
                    self.index_in_background(served, pages);
                }
                *self
                    .spare
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner()) = previous.good.clone();
                let _ = self.events.send(event);
            }
            Err(errors) => {
                self.printer.errors(&errors);
                let text = plain_text(&errors);
                self.printer.info(&format!(
                    "{} {what}: build {build} failed in {elapsed} ms; still serving the last good site",
                    clock()
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

/// The changed files for the log line: up to three, relative to the site,
/// then how many more.
fn describe_changes(root: &Path, changed: &[PathBuf]) -> String {
    const SHOWN: usize = 3;
    let mut names: Vec<String> = changed
        .iter()
        .take(SHOWN)
        .map(|path| {
            let relative = path.strip_prefix(root).unwrap_or(path);
            if relative.as_os_str().is_empty() {
                "site folder".to_string()
            } else {
                relative.display().to_string()
            }
        })
        .collect();
    if changed.len() > SHOWN {
        names.push(format!("+{} more", changed.len() - SHOWN));
    }
    if names.is_empty() {
        "rebuild".into()
    } else {
        names.join(", ")
    }
}

/// The local time of day, HH:MM:SS (the system's time zone, via chrono).
fn clock() -> String {
    chrono::Local::now().format("%H:%M:%S").to_string()
}

/// The diagnostics as the browser overlay shows them: no ANSI colour.
fn plain_text(errors: &Errors) -> String {
    errors.render(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_at_most_three_changed_files() {
        let root = Path::new("/site");
        let files: Vec<PathBuf> = ["content/a.md", "content/b.md", "static/c.css", "site.toml"]
            .iter()
            .map(|f| root.join(f))
            .collect();
        assert_eq!(describe_changes(root, &files[..1]), "content/a.md");
        assert_eq!(
            describe_changes(root, &files),
            "content/a.md, content/b.md, static/c.css, +1 more"
        );
        assert_eq!(describe_changes(root, &[root.to_path_buf()]), "site folder");
    }

    #[test]
    fn prints_the_time_of_day() {
        let time = clock();
        assert_eq!(time.len(), 8, "{time}");
        assert!(time.chars().enumerate().all(|(i, c)| if i == 2 || i == 5 {
            c == ':'
        } else {
            c.is_ascii_digit()
        }));
    }
}
