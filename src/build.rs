//! One build, start to finish. `build` runs the pipeline ([`crate::pipeline`]
//! has the stages) and streams each page, through the production passes
//! (`--portable`, `--minify`, see [`crate::finish`]), into the output stage's
//! staging folder.
//! `build_in_memory` renders the same site into an in-memory plan with the
//! same passes, for `check` and for tools that serve the plan from memory.

use std::collections::HashSet;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Errors, Result};
use crate::finish::Finish;
use crate::output::{self, Contents};
use crate::pipeline::{BuildOptions, Built, Stats};
use crate::timings::Timings;

/// The result of a written build.
#[derive(Debug)]
pub struct BuildReport {
    /// The output folder the build was swapped into.
    pub output_dir: PathBuf,
    /// Counts for the summary line.
    pub stats: Stats,
    /// Warnings of the build, in the order they are reported.
    pub warnings: Vec<Diagnostic>,
    /// Wall time of the whole build, writing included.
    pub elapsed: Duration,
    /// Wall time per stage; writing the output is the last one.
    pub timings: Timings,
}

/// Loads, checks and renders the site without touching the output folder.
pub fn build_in_memory(options: &BuildOptions) -> Result<Built> {
    let mut built = Built::full(options)?;
    let paths: HashSet<String> = built.plan.files.keys().cloned().collect();
    let finish = Finish::new(&built.site.config, &paths, options.portable, options.minify);
    // Pagefind's files are written as Pagefind makes them, and its index is
    // of the pages as written, as `build` does: set aside, then made again.
    // (Without either pass the pages and the index stay as they are.)
    let reindex = built.has_search() && (options.portable || options.minify);
    if reindex {
        built
            .plan
            .files
            .retain(|path, _| !path.starts_with(crate::search::BUNDLE));
    }
    finish.apply_to_plan(&mut built.plan)?;
    built.stats.minified = finish.savings();
    built.warnings.extend(finish.take_warnings());
    if reindex {
        built.index_for_search()?;
    }
    built.stats.files = built.plan.files.len();
    Ok(built)
}

/// Builds the site into its output folder. Pages go to a staging folder as
/// they render (nothing of the site's HTML piles up in memory), then the
/// staging folder replaces the output in one step; a failed build leaves the
/// previous output as it was.
pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    let started = Instant::now();
    let mut built = Built::load(options, true)?;
    let output_dir = built.site.config.output_dir.clone();
    output::check_replaceable(&output_dir, options.force)?;
    let staging = output::Staging::create(&output_dir)?;
    let page_files = built.page_files();
    staging.prepare(&built.plan, &page_files)?;
    let mut paths: HashSet<String> = built.plan.files.keys().cloned().collect();
    paths.extend(page_files.iter().cloned());
    // The search index's entry script has a fixed name: pages may link it.
    let has_search = built.has_search();
    let search_language = crate::search::index_language(&built.site);
    if has_search {
        paths.insert(crate::search::ENTRY_SCRIPT.to_string());
    }
    let config = built.site.config.clone();
    let finish = Finish::new(&config, &paths, options.portable, options.minify);
    built.stream_pages(&|path, html| {
        if finish.wants(path) {
            staging.write_streamed(path, &finish.apply(path, html.to_vec())?)
        } else {
            staging.write_streamed(path, html)
        }
    })?;
    // Images that templates resized (`resize_image`) while pages rendered.
    let late_images = built.add_new_images();
    for (path, cached) in &late_images {
        let bytes = std::fs::read(cached)
            .map_err(|e| Errors::one(crate::diagnostics::io_error("read", cached, &e)))?;
        staging.write_late(path, &bytes)?;
    }
    // Pages win over static files and redirects at the same path.
    let pages: HashSet<&str> = page_files.iter().map(String::as_str).collect();
    let rest: Vec<(&String, &Contents)> = built
        .plan
        .files
        .iter()
        .filter(|(path, _)| {
            !pages.contains(path.as_str()) && !late_images.iter().any(|(late, _)| late == *path)
        })
        .collect();
    // The search index reads the written pages back in page order (the
    // index depends on the order pages are added: builds stay byte-identical)
    // on its own thread, while the rest of the plan is written.
    let (search_files, errors) = rayon::join(
        || {
            has_search
                .then(|| index_written_pages(&staging, &page_files, search_language.as_deref()))
        },
        || {
            rest.par_iter()
                .filter_map(|&(path, contents)| {
                    write_finished(&staging, &finish, path, contents).err()
                })
                .collect::<Vec<Diagnostic>>()
        },
    );
    Errors::check(errors)?;
    // Index files besides the entry script, already counted in `paths`.
    let mut more_files = 0;
    if let Some(files) = search_files {
        for file in files? {
            if file.path != crate::search::ENTRY_SCRIPT {
                more_files += 1;
            }
            staging.write_late(&file.path, &file.bytes)?;
        }
    }
    staging.commit()?;
    let mut timings = std::mem::take(&mut built.timings);
    timings.lap(if has_search {
        "search index, write the rest, swap"
    } else {
        "write the rest, swap"
    });
    let mut stats = built.stats;
    stats.files = paths.len() + more_files + late_images.len();
    stats.minified = finish.savings();
    let mut warnings = std::mem::take(&mut built.warnings);
    warnings.extend(finish.take_warnings());
    drop_in_background(built);
    Ok(BuildReport {
        output_dir,
        stats,
        warnings,
        elapsed: started.elapsed(),
        timings,
    })
}

/// The search index of the pages written to `staging`, added in page order.
fn index_written_pages(
    staging: &output::Staging,
    page_files: &[String],
    language: Option<&str>,
) -> Result<Vec<crate::output::OutputFile>> {
    let indexer = crate::search::Indexer::start(language)?;
    for path in page_files {
        indexer.add(path, &staging.read(path).map_err(Errors::one)?);
    }
    indexer.finish()
}

/// Writes one file of the plan, through the production passes if it wants them.
fn write_finished(
    staging: &output::Staging,
    finish: &Finish<'_>,
    path: &str,
    contents: &Contents,
) -> std::result::Result<(), Diagnostic> {
    if !finish.wants(path) {
        return staging.write(path, contents);
    }
    let bytes = contents.read().map_err(|e| {
        let source = match contents {
            Contents::Copy(source) => source.as_path(),
            _ => std::path::Path::new(path),
        };
        crate::diagnostics::io_error("read", source, &e)
    })?;
    staging.write_bytes(path, &finish.apply(path, bytes)?)
}

/// Frees a large build on another thread: the process can report and exit
/// (and the OS reclaim the memory at once) without walking every allocation.
fn drop_in_background(built: Built) {
    let _ = std::thread::Builder::new()
        .name("drop-build".into())
        .spawn(move || drop(built));
}
