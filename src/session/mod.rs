//! A build session keeps the last good build in memory, so that a change to a
//! few Markdown files re-renders only what they can affect: their bodies, the
//! template values that show something of them, the listings that hold those
//! values, and pages whose templates read the whole site (get_page,
//! get_section, get_sources). Two other edits in place take a fast path
//! too: a shortcode template (the pages that use it are re-rendered with the
//! new templates), and a static file or image (nothing to rebuild, or the
//! pages that show the image, with it processed again). Anything else
//! (config, other templates, sources, new/removed/renamed pages, a changed
//! URL) falls back to a full build. A full build is the same steps over every
//! page ([`crate::pipeline`]). A failed update leaves the previous good build
//! in place.
//!
//! `change` sorts the changed paths; `update` takes the fast path, and
//! re-renders the site-wide files whose [`crate::site::SiteFile::affected_by`]
//! says the edit ([`crate::site::Edit`]) can change them.

use std::path::PathBuf;

use crate::diagnostics::Result;
use crate::output;
use crate::pipeline::{BuildOptions, Built};

mod change;
#[cfg(test)]
mod testing;
mod update;

use change::{Change, classify};

/// What one (re)build did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    /// Everything was rebuilt (first build, or a change the fast path can't take).
    pub full: bool,
    /// Pages and sections rendered through their templates.
    pub rendered: usize,
}

impl Outcome {
    /// An update that rendered nothing.
    const NOTHING: Outcome = Outcome {
        full: false,
        rendered: 0,
    };
}

/// Builds a site, then keeps it up to date as files change.
pub struct Session {
    options: BuildOptions,
    built: Option<Built>,
    /// Changes of failed updates: the next update must look at them again, or a
    /// later good edit elsewhere would hide a file that is still broken.
    pending: Vec<PathBuf>,
}

impl Session {
    /// A session for `options`, not yet built.
    pub fn new(options: BuildOptions) -> Session {
        Session {
            options,
            built: None,
            pending: Vec::new(),
        }
    }

    /// The last good build, if any.
    pub fn built(&self) -> Option<&Built> {
        self.built.as_ref()
    }

    /// The last good build, to change in place (a search index made later).
    pub fn built_mut(&mut self) -> Option<&mut Built> {
        self.built.as_mut()
    }

    /// A full build.
    pub fn build(&mut self) -> Result<Outcome> {
        let built = Built::full(&self.options)?;
        let rendered = built.site.pages.len();
        self.built = Some(built);
        Ok(Outcome {
            full: true,
            rendered,
        })
    }

    /// Brings the build up to date with `changed` paths (absolute, or relative to
    /// the site root). On error the previous build stays.
    pub fn update(&mut self, changed: &[PathBuf]) -> Result<Outcome> {
        let mut all = std::mem::take(&mut self.pending);
        all.extend_from_slice(changed);
        let result = self.update_with(&all);
        if result.is_err() {
            self.pending = all;
        }
        result
    }

    fn update_with(&mut self, changed: &[PathBuf]) -> Result<Outcome> {
        let root = output::absolute(&self.options.root);
        let Some(built) = self.built.as_mut() else {
            return self.build();
        };
        match classify(&root, built, changed) {
            Change::Nothing => Ok(Outcome::NOTHING),
            Change::Full => self.build(),
            Change::Pages(files) => match built.reload_pages(&root, &files, &self.options)? {
                Some(outcome) => Ok(outcome),
                None => self.build(),
            },
            Change::Shortcodes(files) => {
                // The pages that use an edited shortcode template, rendered
                // with the new templates; the old ones back if they fail.
                let loaded = crate::shortcodes::Shortcodes::load(&built.site.config)?;
                let old =
                    std::mem::replace(&mut built.site.shortcodes, std::sync::Arc::new(loaded));
                if files.is_empty() {
                    return Ok(Outcome::NOTHING);
                }
                match built.reload_pages(&root, &files, &self.options) {
                    Ok(Some(outcome)) => Ok(outcome),
                    Ok(None) => self.build(),
                    Err(errors) => {
                        built.site.shortcodes = old;
                        Err(errors)
                    }
                }
            }
        }
    }
}
