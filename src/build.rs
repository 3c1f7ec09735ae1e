//! One build, start to finish: config → content → site graph → render → plan,
//! then the output stage writes the plan. `prepare` stops before writing so the
//! dev server can serve the same plan from memory.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::config::{Config, Overrides};
use crate::content;
use crate::diagnostics::{Diagnostic, Result};
use crate::export;
use crate::feeds;
use crate::minify;
use crate::output::{self, Contents, Plan};
use crate::portable;
use crate::render;
use crate::site::Site;
use crate::sources::Sources;
use crate::templates::{self, DEFAULT_THEME, Templates, ThemeSource};

/// What a build is asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub overrides: Overrides,
    pub drafts: bool,
    /// Rewrite internal links relative to each page (`--portable`).
    pub portable: bool,
    /// Minify HTML and CSS (`--minify`).
    pub minify: bool,
}

/// Counts for the summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    pub pages: usize,
    pub sections: usize,
    pub static_files: usize,
    pub assets: usize,
    pub files: usize,
    /// Set when the build was minified.
    pub minified: Option<minify::Savings>,
}

/// A site rendered in memory, ready to write or serve.
#[derive(Debug)]
pub struct Prepared {
    pub site: Site,
    pub plan: Plan,
    pub warnings: Vec<Diagnostic>,
    pub stats: Stats,
}

/// The result of a written build.
#[derive(Debug)]
pub struct BuildReport {
    pub output_dir: PathBuf,
    pub stats: Stats,
    pub warnings: Vec<Diagnostic>,
    pub elapsed: Duration,
}

/// Loads, checks and renders the site without touching the output folder.
pub fn prepare(options: &BuildOptions) -> Result<Prepared> {
    let config = Config::load(&options.root, &options.overrides)?;
    output::check_output_dir(&config.root, &config.output_dir)?;
    let content = content::load(&config.root, &config.root.join("content"), options.drafts)?;
    let sources = Sources::load(&config.sources_file)?;
    let templates = Templates::load(&config)?;
    let theme = templates::theme_source(&config)?;
    let site = Site::new(config, content, sources)?;
    let rendered = render::render_site(&site, templates)?;
    let mut plan = Plan::default();
    let mut stats = Stats::default();
    add_static(&mut plan, &site.config.root, &theme, &mut stats);
    for asset in &site.assets {
        plan.add(asset.output.clone(), Contents::Copy(asset.source.clone()));
        stats.assets += 1;
    }
    for page in &site.pages {
        match page.kind {
            content::Kind::Page => stats.pages += 1,
            content::Kind::Section => stats.sections += 1,
        }
    }
    for file in feeds::site_files(&site, &rendered.bodies)? {
        plan.add(file.path, Contents::Bytes(file.bytes));
    }
    for file in export::data_files(&site, &rendered)? {
        plan.add(file.path, Contents::Bytes(file.bytes));
    }
    for file in rendered.files {
        plan.add(file.path, Contents::Bytes(file.bytes));
    }
    let mut warnings = rendered.warnings;
    if options.portable {
        portable::rewrite_plan(&mut plan, &site.config)?;
    }
    if options.minify {
        let (savings, minify_warnings) = minify::minify_plan(&mut plan);
        stats.minified = Some(savings);
        warnings.extend(minify_warnings);
    }
    stats.files = plan.files.len();
    Ok(Prepared {
        site,
        plan,
        warnings,
        stats,
    })
}

/// Builds the site into its output folder.
pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    let started = Instant::now();
    let prepared = prepare(options)?;
    let output_dir = prepared.site.config.output_dir.clone();
    output::write(&prepared.plan, &output_dir)?;
    Ok(BuildReport {
        output_dir,
        stats: prepared.stats,
        warnings: prepared.warnings,
        elapsed: started.elapsed(),
    })
}

/// Theme static files first, then the site's `static/`, which wins on conflicts.
fn add_static(plan: &mut Plan, root: &Path, theme: &ThemeSource, stats: &mut Stats) {
    match theme {
        ThemeSource::Folder(folder) => add_folder(plan, &folder.join("static"), stats),
        ThemeSource::Embedded => {
            if let Some(dir) = DEFAULT_THEME.get_dir("static") {
                add_embedded(plan, dir, stats);
            }
        }
    }
    add_folder(plan, &root.join("static"), stats);
}

fn add_folder(plan: &mut Plan, folder: &Path, stats: &mut Stats) {
    if !folder.is_dir() {
        return;
    }
    for entry in walkdir::WalkDir::new(folder)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        if !entry.file_type().is_file()
            || content::is_ignored_name(&entry.file_name().to_string_lossy())
        {
            continue;
        }
        let Ok(relative) = entry.path().strip_prefix(folder) else {
            continue;
        };
        let Some(relative) = relative.to_str() else {
            continue;
        };
        plan.add(
            relative.replace('\\', "/"),
            Contents::Copy(entry.path().to_path_buf()),
        );
        stats.static_files += 1;
    }
}

fn add_embedded(plan: &mut Plan, dir: &'static include_dir::Dir<'static>, stats: &mut Stats) {
    for entry in dir.entries() {
        if let Some(sub) = entry.as_dir() {
            add_embedded(plan, sub, stats);
        } else if let Some(file) = entry.as_file() {
            let relative = file.path().strip_prefix("static").unwrap_or(file.path());
            plan.add(
                relative.to_string_lossy().replace('\\', "/"),
                Contents::Embedded(file.contents()),
            );
            stats.static_files += 1;
        }
    }
}
