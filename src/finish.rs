//! The production passes of `briefing build`, applied to each generated file
//! on its way out: `--portable` rewrites internal links of HTML files, then
//! `--minify` shrinks HTML and CSS. One file at a time, so a build can stream
//! pages to disk as they render, and the in-memory plan (`check`, tests) goes
//! through the very same steps.

use std::collections::HashSet;
use std::sync::Mutex;

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Errors, Result};
use crate::minify::{self, Savings};
use crate::output::{Contents, Plan};
use crate::portable::{self, is_html};

/// The passes one build applies, and what they saved or warned about.
pub struct Finish<'a> {
    /// With `--portable`: the config and every path of the output.
    portable: Option<(&'a Config, &'a HashSet<String>)>,
    minify: bool,
    savings: Mutex<Savings>,
    warnings: Mutex<Vec<Diagnostic>>,
}

impl<'a> Finish<'a> {
    /// `paths` holds every file of the output (pages included), so portable
    /// links know whether a folder link has an `index.html`.
    pub fn new(
        config: &'a Config,
        paths: &'a HashSet<String>,
        portable: bool,
        minify: bool,
    ) -> Finish<'a> {
        Finish {
            portable: portable.then_some((config, paths)),
            minify,
            savings: Mutex::new(Savings::default()),
            warnings: Mutex::new(Vec::new()),
        }
    }

    /// Whether the file at `path` goes through any pass.
    pub fn wants(&self, path: &str) -> bool {
        (self.portable.is_some() && is_html(path))
            || (self.minify && (is_html(path) || path.ends_with(".css")))
    }

    /// The file at `path` (below the output root) with every pass applied.
    pub fn apply(&self, path: &str, bytes: Vec<u8>) -> std::result::Result<Vec<u8>, Diagnostic> {
        if !self.wants(path) {
            return Ok(bytes);
        }
        let mut text = match String::from_utf8(bytes) {
            Ok(text) => text,
            // Not UTF-8: not ours to rewrite; written as it is.
            Err(e) => return Ok(e.into_bytes()),
        };
        if let Some((config, paths)) = self.portable.filter(|_| is_html(path)) {
            let exists = |p: &str| paths.contains(p);
            text = portable::rewrite_page(&text, path, config, &exists).map_err(|e| {
                Diagnostic::error(format!("could not rewrite {path} for --portable: {e}"))
            })?;
        }
        if self.minify {
            self.minify(path, &mut text);
        }
        Ok(text.into_bytes())
    }

    /// A file that cannot be minified is kept as it is, with a warning.
    fn minify(&self, path: &str, text: &mut String) {
        let minified = if path.ends_with(".css") {
            minify::minify_css(text)
        } else {
            minify::minify_html(text)
        };
        match minified {
            Ok(small) => {
                let mut savings = self.savings.lock().unwrap_or_else(|e| e.into_inner());
                savings.files += 1;
                savings.before += text.len();
                savings.after += small.len();
                *text = small;
            }
            Err(e) => self
                .warnings
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(Diagnostic::warning(format!(
                    "could not minify {path}: {e}; kept as it is"
                ))),
        }
    }

    /// Applies the passes to every file of `plan` that wants them.
    pub fn apply_to_plan(&self, plan: &mut Plan) -> Result<()> {
        let paths: Vec<&String> = plan.files.keys().filter(|p| self.wants(p)).collect();
        let results: Vec<(String, std::result::Result<Vec<u8>, Diagnostic>)> = paths
            .par_iter()
            .map(|&path| {
                let result = match plan.read(path) {
                    Some(Ok(bytes)) => self.apply(path, bytes),
                    Some(Err(e)) => Err(crate::diagnostics::io_error(
                        "read",
                        std::path::Path::new(path),
                        &e,
                    )),
                    None => Ok(Vec::new()),
                };
                (path.clone(), result)
            })
            .collect();
        let mut errors = Vec::new();
        for (path, result) in results {
            match result {
                Ok(bytes) => plan.add(path, Contents::bytes(bytes)),
                Err(diagnostic) => errors.push(diagnostic),
            }
        }
        Errors::check(errors)
    }

    /// What minifying saved, when it was asked for.
    pub fn savings(&self) -> Option<Savings> {
        self.minify
            .then(|| *self.savings.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// Warnings of the passes so far, in path order.
    pub fn take_warnings(&self) -> Vec<Diagnostic> {
        let mut warnings =
            std::mem::take(&mut *self.warnings.lock().unwrap_or_else(|e| e.into_inner()));
        warnings.sort_by(|a, b| a.message.cmp(&b.message));
        warnings
    }
}
