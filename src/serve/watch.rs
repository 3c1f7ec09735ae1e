//! Watching the site's sources: notify with a debouncer over `content/`,
//! `themes/`, `templates/`, `static/`, `site.toml` and the sources file.
//!
//! The root itself is watched without recursion (so `site.toml`, `sources.yaml`
//! and source folders created later are seen) and each source folder
//! recursively, plus the sources file's folder when it lies elsewhere (it is
//! named again from `site.toml` on every change of `site.toml`). Watching the
//! whole root recursively would also watch `public/`,
//! `.git/` and, in a repository, `target/`, which can hold many thousands of
//! folders. Temporary and hidden files (editors' atomic saves) are dropped;
//! every other create, modify, delete or rename becomes a changed path.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use crate::content::is_ignored_name;
use crate::diagnostics::{Diagnostic, Result};
use crate::layout::SOURCE_FOLDERS;

/// How long after its last event a path is reported. Short, because it adds
/// to every edit's wait: an editor's save (write, or write and rename) is one
/// burst of events well within it.
const DEBOUNCE: Duration = Duration::from_millis(5);

/// How often the debouncer looks for paths that went quiet.
const TICK: Duration = Duration::from_millis(2);

/// After a batch arrives, more batches within this window join it, so a burst
/// of saves (a `git checkout`, a folder copied in) gives few rebuilds. Saves
/// that come later still give a rebuild each, and every rebuild builds the
/// files as they are then, so the last one always shows the final tree.
const QUIET: Duration = Duration::from_millis(3);

/// Which paths are build inputs: the source folders below the root,
/// `site.toml`, and the sources file that `site.toml` names (`sources = …`),
/// wherever it is. The sources file is read again from `site.toml` each time
/// `site.toml` changes, so a renamed sources file is watched from then on.
#[derive(Debug, Clone)]
pub struct Inputs {
    root: PathBuf,
    config_file: PathBuf,
    /// Shared by the event handler (which re-derives it) and the watcher
    /// (which watches its folder).
    sources_file: Arc<Mutex<PathBuf>>,
}

impl Inputs {
    /// The inputs of the site at `root`, with its sources file as `site.toml`
    /// names it now.
    pub fn new(root: &Path) -> Self {
        Inputs {
            root: root.to_path_buf(),
            config_file: root.join(crate::layout::CONFIG_FILE),
            sources_file: Arc::new(Mutex::new(configured_sources_file(root))),
        }
    }

    fn sources_file(&self) -> PathBuf {
        self.sources_file.lock().map_or_else(
            |poisoned| poisoned.into_inner().clone(),
            |file| file.clone(),
        )
    }

    /// Reads the sources file's name again from `site.toml`.
    fn reload_sources_file(&self) {
        let file = configured_sources_file(&self.root);
        match self.sources_file.lock() {
            Ok(mut current) => *current = file,
            Err(poisoned) => *poisoned.into_inner() = file,
        }
    }

    /// True for a path whose change can change the site.
    pub fn is_input(&self, path: &Path) -> bool {
        if path == self.config_file || path == self.sources_file() {
            return true;
        }
        let Ok(relative) = path.strip_prefix(&self.root) else {
            return false;
        };
        let names: Vec<String> = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let Some(first) = names.first() else {
            return false;
        };
        if names.iter().any(|name| is_ignored_name(name)) {
            return false;
        }
        SOURCE_FOLDERS.contains(&first.as_str())
    }

    /// The folder to watch (without recursion) for the sources file, when
    /// neither the root nor a source folder already covers it.
    fn sources_folder(&self) -> Option<PathBuf> {
        let folder = self.sources_file().parent()?.to_path_buf();
        let covered = folder == self.root
            || folder.strip_prefix(&self.root).is_ok_and(|relative| {
                relative
                    .components()
                    .next()
                    .is_some_and(|c| SOURCE_FOLDERS.iter().any(|name| c.as_os_str() == *name))
            });
        (!covered && folder.is_dir()).then_some(folder)
    }
}

/// The sources file that `site.toml` names, or the default one when
/// `site.toml` is missing or broken (the build reports why).
fn configured_sources_file(root: &Path) -> PathBuf {
    crate::config::Config::load(root, &crate::config::Overrides::default())
        .map(|config| config.sources_file)
        .unwrap_or_else(|_| root.join(crate::layout::SOURCES_FILE))
}

/// A running watcher. Dropping it stops watching.
pub struct Watcher {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    root: PathBuf,
    inputs: Inputs,
    watched: BTreeSet<PathBuf>,
    /// The sources file's folder, when it lies outside the root and the
    /// source folders.
    sources_folder: Option<PathBuf>,
}

impl Watcher {
    /// Starts watching; every debounced batch of changed inputs goes to `changes`.
    pub fn start(inputs: Inputs, changes: Sender<Vec<PathBuf>>) -> Result<Watcher> {
        let root = inputs.root.clone();
        let shared = inputs.clone();
        let handler = move |result: DebounceEventResult| {
            let Ok(events) = result else {
                // The watcher lost events (queue overflow); rebuild everything.
                let _ = changes.send(vec![inputs.root.clone()]);
                return;
            };
            if events
                .iter()
                .any(|event| event.paths.contains(&inputs.config_file))
            {
                inputs.reload_sources_file();
            }
            let paths: BTreeSet<PathBuf> = events
                .iter()
                // Reads (the build's own included) change nothing.
                .filter(|event| !event.kind.is_access())
                .flat_map(|event| event.paths.iter())
                .filter(|path| inputs.is_input(path))
                .cloned()
                .collect();
            if !paths.is_empty() {
                let _ = changes.send(paths.into_iter().collect());
            }
        };
        let mut debouncer = new_debouncer(DEBOUNCE, Some(TICK), handler).map_err(watch_error)?;
        debouncer
            .watch(&root, RecursiveMode::NonRecursive)
            .map_err(watch_error)?;
        let mut watcher = Watcher {
            debouncer,
            root,
            inputs: shared,
            watched: BTreeSet::new(),
            sources_folder: None,
        };
        watcher.refresh(&[]);
        Ok(watcher)
    }

    /// Watches source folders that appeared since the last call, forgets ones
    /// that went away, and watches again those that `changed` names (a folder
    /// replaced by a rename keeps its name but not its watch). Called before
    /// each rebuild, so a folder is watched before the build reads it.
    pub fn refresh(&mut self, changed: &[PathBuf]) {
        let sources_folder = self.inputs.sources_folder();
        if sources_folder != self.sources_folder {
            if let Some(old) = self.sources_folder.take() {
                let _ = self.debouncer.unwatch(&old);
            }
            if let Some(new) = sources_folder
                && self
                    .debouncer
                    .watch(&new, RecursiveMode::NonRecursive)
                    .is_ok()
            {
                self.sources_folder = Some(new);
            }
        }
        for name in SOURCE_FOLDERS {
            let folder = self.root.join(name);
            let exists = folder.is_dir();
            let watched = self.watched.contains(&folder);
            let replaced = changed.contains(&folder);
            if watched && (replaced || !exists) {
                let _ = self.debouncer.unwatch(&folder);
                self.watched.remove(&folder);
            }
            if exists
                && !self.watched.contains(&folder)
                && self
                    .debouncer
                    .watch(&folder, RecursiveMode::Recursive)
                    .is_ok()
            {
                self.watched.insert(folder);
            }
        }
    }
}

/// Waits for the next batch of changes and joins any that follow within the
/// quiet window. `None` once the watcher is gone.
pub fn next_batch(changes: &Receiver<Vec<PathBuf>>) -> Option<Vec<PathBuf>> {
    let mut batch: BTreeSet<PathBuf> = changes.recv().ok()?.into_iter().collect();
    loop {
        match changes.recv_timeout(QUIET) {
            Ok(more) => batch.extend(more),
            Err(RecvTimeoutError::Timeout) => break,
            Err(RecvTimeoutError::Disconnected) => break,
        }
    }
    Some(batch.into_iter().collect())
}

fn watch_error(error: notify::Error) -> Diagnostic {
    Diagnostic::error(format!("cannot watch the site for changes: {error}")).hint(
        "on Linux, raise fs.inotify.max_user_watches, or close other programs that watch many files",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_source_files_and_drops_temporary_and_output_files() {
        let root = Path::new("/site");
        let inputs = Inputs::new(root);
        assert!(inputs.is_input(&root.join("content/a.md")));
        assert!(inputs.is_input(&root.join("themes/default/static/style.css")));
        assert!(inputs.is_input(&root.join("site.toml")));
        assert!(inputs.is_input(&root.join("sources.yaml")));
        assert!(inputs.is_input(&root.join("content")));
        assert!(!inputs.is_input(&root.join("content/.a.md.swp")));
        assert!(!inputs.is_input(&root.join("content/a.md~")));
        assert!(!inputs.is_input(&root.join("content/.hidden/a.md")));
        assert!(!inputs.is_input(&root.join("public/index.html")));
        assert!(!inputs.is_input(&root.join("README.md")));
        assert!(!inputs.is_input(Path::new("/elsewhere/content/a.md")));
    }
}
