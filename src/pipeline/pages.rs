//! The pages' HTML: every page through its template, either streamed to a
//! writer as it is ready (a one-shot build) or into the plan, remembering
//! what each page read through the site-wide template functions.

use rayon::prelude::*;

use super::Built;
use crate::diagnostics::Errors;
use crate::diagnostics::{Diagnostic, Result};
use crate::output::OutputFile;
use crate::render;
use crate::site::PageId;
use crate::templates::{TemplateRead, record_reads};

/// Where a streamed page goes: its path below the output root and its HTML.
pub type WritePage<'a> = dyn Fn(&str, &[u8]) -> std::result::Result<(), Diagnostic> + Sync + 'a;

impl Built {
    /// Renders every page and hands it to `write` as soon as it is ready, in
    /// parallel; each page's body is dropped once rendered, so a one-shot
    /// build never holds the whole site's HTML. The build can no longer
    /// render pages afterwards. All errors are reported together.
    pub fn stream_pages(&mut self, write: &WritePage<'_>) -> Result<()> {
        let contents: Vec<String> = self
            .bodies
            .iter_mut()
            .map(|body| std::mem::take(&mut body.html))
            .collect();
        let spilled = self.spilled.take();
        let errors: Vec<Diagnostic> = contents
            .into_par_iter()
            .enumerate()
            // Buffers per worker (the page's HTML, its body read back),
            // reused page after page.
            .map_init(
                || (Vec::new(), Vec::new()),
                |(html, read), (id, content)| {
                    html.clear();
                    let content: &str = match &spilled {
                        Some((spill, places)) => match spill.get_text_into(places[id], read) {
                            Ok(text) => text,
                            Err(e) => {
                                return vec![crate::diagnostics::io_error(
                                    "read",
                                    &self.site.config.output_dir,
                                    &e,
                                )];
                            }
                        },
                        None => &content,
                    };
                    let rendered = render::render_page_into(
                        &self.site,
                        &self.templates,
                        &self.values.summaries,
                        crate::views::OwnBody {
                            content,
                            toc: &self.bodies[id].toc,
                        },
                        id,
                        &self.pages.names[id],
                        html,
                    );
                    let mut errors = match rendered {
                        Ok(()) => render::duplicate_ids(
                            &self.site,
                            &self.bodies[id],
                            id,
                            content,
                            html,
                            &self.pages.names[id],
                        ),
                        Err(e) => vec![e],
                    };
                    if errors.is_empty()
                        && let Err(e) = write(&self.site.pages[id].output_file(), html)
                    {
                        errors.push(e);
                    }
                    errors
                },
            )
            .flatten()
            .collect();
        let mut timings = std::mem::take(&mut self.timings);
        timings.lap("pages (templates, write)");
        self.timings = timings;
        Errors::check(errors)
    }

    /// Renders the page stored at `file` (below content/) again, as the last build did.
    pub fn render_file(&self, file: &str) -> Option<Result<OutputFile>> {
        let &id = self.site.by_file.get(file)?;
        Some(self.render_pages(&[id]).map(|mut files| files.remove(0).0))
    }

    /// Renders pages through their templates and remembers what each read.
    pub(crate) fn render(&mut self, ids: &[PageId]) -> Result<Vec<OutputFile>> {
        let rendered = self.render_pages(ids)?;
        let mut files = Vec::with_capacity(rendered.len());
        for (&id, (file, reads)) in ids.iter().zip(rendered) {
            self.pages.reads[id] = reads;
            files.push(file);
        }
        Ok(files)
    }

    /// Renders pages through their templates, in parallel.
    pub(crate) fn render_pages(
        &self,
        ids: &[PageId],
    ) -> Result<Vec<(OutputFile, Vec<TemplateRead>)>> {
        let results: Vec<(
            std::result::Result<OutputFile, Diagnostic>,
            Vec<TemplateRead>,
        )> = ids
            .par_iter()
            .map(|&id| {
                record_reads(|| {
                    render::render_page(
                        &self.site,
                        &self.templates,
                        &self.values.summaries,
                        crate::views::OwnBody {
                            content: &self.bodies[id].html,
                            toc: &self.bodies[id].toc,
                        },
                        id,
                        &self.pages.names[id],
                    )
                })
            })
            .collect();
        let mut files = Vec::with_capacity(results.len());
        let mut errors = Vec::new();
        for ((result, reads), &id) in results.into_iter().zip(ids) {
            match result {
                Ok(file) => {
                    errors.extend(render::duplicate_ids(
                        &self.site,
                        &self.bodies[id],
                        id,
                        &self.bodies[id].html,
                        &file.bytes,
                        &self.pages.names[id],
                    ));
                    files.push((file, reads));
                }
                Err(e) => errors.push(e),
            }
        }
        Errors::check(errors)?;
        Ok(files)
    }
}
