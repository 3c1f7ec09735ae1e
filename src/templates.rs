//! The Tera side of rendering: load the theme (from `themes/<name>/`, or the
//! default theme embedded in the binary), let the site's `templates/` override
//! it file by file, register briefing's filters, and turn Tera's errors into
//! diagnostics that name the template file, its line and the page being rendered.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use include_dir::{Dir, include_dir};
use tera::value::Key;
use tera::{ErrorKind, Kwargs, State, Tera, Value};
use walkdir::WalkDir;

use crate::config::Config;
use crate::dates::{PartialDate, Precision};
use crate::diagnostics::{Diagnostic, Errors, Location, Result, did_you_mean};

/// The default theme, built into the binary so an installed `briefing` needs no files.
pub static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Where a template's text came from, for error messages.
#[derive(Debug, Clone)]
struct TemplateSource {
    display_path: PathBuf,
    text: Arc<str>,
}

/// A loaded, checked set of templates.
pub struct Templates {
    pub tera: Tera,
    sources: HashMap<String, TemplateSource>,
    /// What the site-wide functions read; replaced after each (re)render.
    data: SharedData,
}

/// Something a render read through a site-wide function. The build session
/// records these per page, so that an edit re-renders exactly the pages that
/// showed something of what changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Read {
    Page(usize),
    Section(usize),
    Sources,
}

thread_local! {
    static READS: std::cell::RefCell<Option<Vec<Read>>> = const { std::cell::RefCell::new(None) };
}

/// Runs `render` and returns what it read through get_page, get_section and
/// get_sources. Rendering one page runs on one thread, so a thread-local log
/// sees exactly that page's reads.
pub fn record_reads<T>(render: impl FnOnce() -> T) -> (T, Vec<Read>) {
    let outer = READS.with(|reads| reads.borrow_mut().replace(Vec::new()));
    let result = render();
    let reads = READS.with(|reads| std::mem::replace(&mut *reads.borrow_mut(), outer));
    (result, reads.unwrap_or_default())
}

fn note(read: Read) {
    READS.with(|reads| {
        if let Some(log) = reads.borrow_mut().as_mut() {
            log.push(read);
        }
    });
}

type SharedData = Arc<RwLock<Option<Arc<SiteData>>>>;

/// The data behind `get_page`, `get_section`, `get_url` and `get_sources`.
pub struct SiteData {
    pub by_file: Arc<HashMap<String, usize>>,
    pub summaries: Vec<Value>,
    pub sections: HashMap<usize, Value>,
    pub permalinks: Arc<HashMap<String, String>>,
    pub base_url: String,
    pub sources: Value,
    /// The site's default language code.
    pub language: String,
    /// Behind `resize_image`.
    pub images: Option<ImageAccess>,
}

/// The image processor and where `resize_image` looks for files.
pub struct ImageAccess {
    pub images: Arc<crate::images::Images>,
    pub root: PathBuf,
    pub theme: String,
}

impl ImageAccess {
    /// `path` below `content/`, then `static/`, then the theme's `static/`
    /// (a leading `@/` or `/` is allowed).
    fn source(&self, path: &str) -> Option<crate::images::Source> {
        let path = path.trim_start_matches("@/").trim_start_matches('/');
        if !crate::urls::is_contained(path) {
            return None;
        }
        [
            ("content".to_string(), self.root.join("content")),
            ("static".to_string(), self.root.join("static")),
            (
                format!("themes/{}/static", self.theme),
                self.root.join("themes").join(&self.theme).join("static"),
            ),
        ]
        .into_iter()
        .map(|(name, dir)| (format!("{name}/{path}"), dir.join(path)))
        .find(|(_, file)| file.is_file())
        .map(|(display, path)| crate::images::Source { path, display })
    }
}

/// Where the theme lives.
pub enum ThemeSource {
    Folder(PathBuf),
    Embedded,
}

/// Finds the configured theme: a folder under `themes/`, else the built-in default.
pub fn theme_source(config: &Config) -> Result<ThemeSource> {
    let folder = config.root.join("themes").join(&config.theme);
    if folder.is_dir() {
        return Ok(ThemeSource::Folder(folder));
    }
    if config.theme == "default" {
        return Ok(ThemeSource::Embedded);
    }
    let mut available: Vec<String> = std::fs::read_dir(config.root.join("themes"))
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .filter(|e| e.path().is_dir())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    available.push("default".into());
    available.sort();
    available.dedup();
    let hint = match did_you_mean(&config.theme, available.iter().map(String::as_str)) {
        Some(best) => format!("did you mean `{best}`?"),
        None => format!("available themes: {}", available.join(", ")),
    };
    Err(Diagnostic::error(format!(
        "theme `{}` not found (looked in {})",
        config.theme,
        folder.display()
    ))
    .at(crate::config::key_location(&config.root, "theme"))
    .hint(hint)
    .into())
}

impl Templates {
    /// Loads the theme and site templates that `wanted` need (themselves, what
    /// they extend or include, and 404.html). Templates nothing uses are not
    /// compiled, so overriding `page.html` cannot break an unused theme template
    /// that extends it.
    pub fn load(config: &Config, wanted: &[String]) -> Result<Templates> {
        let mut sources: HashMap<String, TemplateSource> = HashMap::new();
        match theme_source(config)? {
            ThemeSource::Folder(folder) => {
                read_folder(&config.root, &folder.join("templates"), &mut sources)?
            }
            ThemeSource::Embedded => {
                if let Some(dir) = DEFAULT_THEME.get_dir("templates") {
                    read_embedded(dir, &mut sources);
                }
            }
        }
        let theme = sources.clone();
        read_folder(&config.root, &config.root.join("templates"), &mut sources)?;
        let data: SharedData = Arc::new(RwLock::new(None));
        let strings = Arc::new(Strings::load(config)?);
        let mut tera = Tera::new();
        register_filters(&mut tera);
        register_functions(&mut tera, &data);
        register_trans(&mut tera, strings, config.language.clone());
        let needed = needed_templates(&sources, wanted);
        let mut broken = broken_overrides(&theme, &sources, &needed);
        broken.extend(missing_components(&theme, &sources, &needed));
        if !broken.is_empty() {
            return Err(Errors(broken));
        }
        let mut names: Vec<&String> = sources
            .keys()
            .filter(|n| needed.contains(n.as_str()))
            .collect();
        names.sort();
        let pairs: Vec<(&str, &str)> = names
            .iter()
            .map(|n| (n.as_str(), sources[*n].text.as_ref()))
            .collect();
        let result = tera.add_raw_templates(pairs);
        let mut templates = Templates {
            tera,
            sources,
            data,
        };
        if let Err(e) = result {
            return Err(Errors::one(templates.diagnostic(&e, None)));
        }
        templates.tera.autoescape_on([".html", ".htm", ".xml"]);
        Ok(templates)
    }

    /// Replaces what get_page, get_section and get_sources return.
    pub fn set_data(&self, data: SiteData) {
        let mut slot = self
            .data
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        *slot = Some(Arc::new(data));
    }

    pub fn has(&self, name: &str) -> bool {
        self.sources.contains_key(name)
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.sources.keys().map(String::as_str)
    }

    /// The ids the templates write literally (`<main id="main">`), which
    /// heading ids must not repeat. Ids Tera computes (`id="cite-{{ n }}"`)
    /// are left out.
    pub fn literal_ids(&self) -> HashSet<String> {
        self.sources
            .values()
            .flat_map(|source| crate::markdown::literal_ids(&source.text))
            .map(str::to_string)
            .collect()
    }

    /// A missing template, with the closest existing name as a hint.
    pub fn missing(&self, name: &str, wanted_by: Location) -> Diagnostic {
        let hint = match did_you_mean(name, self.names()) {
            Some(best) => format!("did you mean `{best}`?"),
            None => "add it to templates/ or pick an existing template".to_string(),
        };
        Diagnostic::error(format!("template `{name}` not found"))
            .at(wanted_by)
            .hint(hint)
    }

    /// Turns a Tera error into a diagnostic naming the template line and the page.
    pub fn diagnostic(&self, error: &tera::Error, rendering: Option<&Path>) -> Diagnostic {
        let context = rendering
            .map(|p| format!(" while rendering {}", p.display()))
            .unwrap_or_default();
        let mut located = None;
        // The template file to name when the error carries no span.
        let mut culprit: Option<&str> = None;
        let message = match error.kind() {
            ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
                if let Some(source) = self.sources.get(report.filename()) {
                    let span = report.span();
                    located = Some(
                        Location::new(&source.display_path, span.start_line, span.start_col + 1)
                            .with_source(source.text.clone()),
                    );
                }
                let kind = if matches!(error.kind(), ErrorKind::SyntaxError(_)) {
                    "template syntax error"
                } else {
                    "template error"
                };
                format!(
                    "{kind} in `{}`{context}: {}",
                    report.filename(),
                    report.message()
                )
            }
            ErrorKind::CircularInclude { tpl, include_chain } => {
                culprit = Some(tpl.as_str());
                format!(
                    "template `{tpl}` includes itself (chain: {}){context}",
                    include_chain.join(" → ")
                )
            }
            ErrorKind::CircularExtend {
                tpl,
                inheritance_chain,
            } => {
                culprit = Some(tpl.as_str());
                format!(
                    "template `{tpl}` extends itself (chain: {}){context}",
                    inheritance_chain.join(" → ")
                )
            }
            ErrorKind::MissingParent { current, parent } => {
                culprit = Some(current.as_str());
                format!("template `{current}` extends `{parent}`, which does not exist{context}")
            }
            ErrorKind::Msg(text) => {
                // Tera joins several validation reports into one message,
                // naming templates by name; name their files instead.
                let mut text = text.clone();
                for (name, source) in &self.sources {
                    text = text.replace(
                        &format!("--> {name}:"),
                        &format!("--> {}:", source.display_path.display()),
                    );
                }
                if text.starts_with("error: ") {
                    format!("template errors{context}:\n{text}")
                } else {
                    format!("{text}{context}")
                }
            }
            other => format!("{other}{context}"),
        };
        let mut full_message = message;
        let mut source = std::error::Error::source(error);
        while let Some(cause) = source {
            full_message.push_str(&format!(": {cause}"));
            source = cause.source();
        }
        let diagnostic = Diagnostic::error(full_message);
        let culprit = culprit.and_then(|name| self.sources.get(name));
        match (located, culprit, rendering) {
            (Some(location), _, _) => diagnostic.at(location),
            (None, Some(template), _) => diagnostic.in_file(&template.display_path),
            (None, None, Some(page)) => diagnostic.in_file(page),
            (None, None, None) => diagnostic,
        }
        .hint("check the template against the context documented in docs/templates.md")
    }
}

/// The shortcode templates (`shortcodes/NAME.html`) of the theme and the
/// site, the site's winning: name, file to name in messages, text.
pub fn shortcode_sources(config: &Config) -> Result<Vec<(String, PathBuf, String)>> {
    let mut sources: HashMap<String, TemplateSource> = HashMap::new();
    match theme_source(config)? {
        ThemeSource::Folder(folder) => read_folder(
            &config.root,
            &folder.join("templates").join("shortcodes"),
            &mut sources,
        )?,
        ThemeSource::Embedded => embedded_shortcodes(&mut sources),
    }
    read_folder(
        &config.root,
        &config.root.join("templates").join("shortcodes"),
        &mut sources,
    )?;
    Ok(shortcode_list(sources))
}

/// The built-in theme's shortcode templates (see [`shortcode_sources`]).
pub fn builtin_shortcode_sources() -> Vec<(String, PathBuf, String)> {
    let mut sources = HashMap::new();
    embedded_shortcodes(&mut sources);
    shortcode_list(sources)
}

fn embedded_shortcodes(sources: &mut HashMap<String, TemplateSource>) {
    if let Some(dir) = DEFAULT_THEME.get_dir("templates/shortcodes") {
        let mut all = HashMap::new();
        read_embedded(dir, &mut all);
        for (name, source) in all {
            if let Some(name) = name.strip_prefix("shortcodes/") {
                sources.insert(name.to_string(), source);
            }
        }
    }
}

fn shortcode_list(sources: HashMap<String, TemplateSource>) -> Vec<(String, PathBuf, String)> {
    let mut list: Vec<(String, PathBuf, String)> = sources
        .into_iter()
        .filter_map(|(name, source)| {
            let name = name.strip_suffix(".html")?.to_string();
            (!name.contains('/')).then(|| (name, source.display_path, source.text.to_string()))
        })
        .collect();
    list.sort_by(|a, b| a.0.cmp(&b.0));
    list
}

fn read_folder(
    root: &Path,
    folder: &Path,
    sources: &mut HashMap<String, TemplateSource>,
) -> Result<()> {
    if !folder.is_dir() {
        return Ok(());
    }
    let mut errors = Vec::new();
    for entry in WalkDir::new(folder).sort_by_file_name() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                errors.push(
                    Diagnostic::error(format!("could not read templates: {e}")).in_file(folder),
                );
                continue;
            }
        };
        if !entry.file_type().is_file()
            || crate::content::is_ignored_name(&entry.file_name().to_string_lossy())
        {
            continue;
        }
        let Ok(relative) = entry.path().strip_prefix(folder) else {
            continue;
        };
        let name = relative.to_string_lossy().replace('\\', "/");
        let display_path = crate::content::shorten(root, entry.path());
        match crate::text::read(entry.path(), &display_path) {
            Ok(text) => {
                sources.insert(
                    name,
                    TemplateSource {
                        display_path,
                        text: Arc::from(text),
                    },
                );
            }
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Errors(errors))
    }
}

fn read_embedded(dir: &Dir<'static>, sources: &mut HashMap<String, TemplateSource>) {
    for entry in dir.entries() {
        if let Some(sub) = entry.as_dir() {
            read_embedded(sub, sources);
        } else if let Some(file) = entry.as_file() {
            let Some(text) = file.contents_utf8() else {
                continue;
            };
            let relative = file.path().strip_prefix("templates").unwrap_or(file.path());
            sources.insert(
                relative.to_string_lossy().replace('\\', "/"),
                TemplateSource {
                    display_path: PathBuf::from("(built-in theme)").join(file.path()),
                    text: Arc::from(text),
                },
            );
        }
    }
}

fn read_data(data: &SharedData) -> Option<Arc<SiteData>> {
    data.read()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .clone()
}

fn data_of(data: &SharedData, function: &str) -> tera::TeraResult<Arc<SiteData>> {
    read_data(data).ok_or_else(|| {
        tera::Error::message(format!(
            "{function} is only available while rendering pages"
        ))
    })
}

/// `wanted`, 404.html, templates that define components (components are
/// global), and every template they extend or include, transitively.
fn needed_templates<'a>(
    sources: &'a HashMap<String, TemplateSource>,
    wanted: &'a [String],
) -> HashSet<&'a str> {
    let mut needed: HashSet<&str> = HashSet::new();
    let components = sources
        .iter()
        .filter(|(_, source)| {
            source.text.contains("{% component") || source.text.contains("{%- component")
        })
        .map(|(name, _)| name.as_str());
    let mut queue: Vec<&str> = wanted
        .iter()
        .map(String::as_str)
        .chain(["404.html"])
        .chain(components)
        .collect();
    while let Some(name) = queue.pop() {
        if !needed.insert(name) {
            continue;
        }
        if let Some(source) = sources.get(name) {
            queue.extend(referenced_templates(&source.text));
        }
    }
    needed
}

/// Quoted names that follow `extends` or `include` in a template.
fn referenced_templates(text: &str) -> Vec<&str> {
    let mut names = Vec::new();
    for keyword in ["extends", "include"] {
        for (at, _) in text.match_indices(keyword) {
            let rest = text[at + keyword.len()..].trim_start();
            let rest = rest.trim_start_matches('[');
            let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
                continue;
            };
            if let Some(end) = rest[1..].find(quote) {
                names.push(&rest[1..1 + end]);
            }
        }
    }
    names
}

/// Tera tags of `text` (what follows `{%` or `{%-`, up to the first space
/// after the keyword), with their 1-based line and the rest of the tag.
fn tags(text: &str) -> impl Iterator<Item = (usize, &str, &str)> {
    text.match_indices("{%").map(move |(at, _)| {
        let line = text[..at].bytes().filter(|&b| b == b'\n').count() + 1;
        let rest = text[at + 2..].trim_start_matches('-').trim_start();
        let end = rest.find(|c: char| !c.is_ascii_alphanumeric() && c != '_');
        let (keyword, rest) = rest.split_at(end.unwrap_or(rest.len()));
        (line, keyword, rest.trim_start())
    })
}

/// The template `text` extends (`{% extends "page.html" %}`), with its line.
fn extended_template(text: &str) -> Option<(&str, usize)> {
    tags(text).find_map(|(line, keyword, rest)| {
        let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let name = &rest[1..];
        (keyword == "extends").then(|| name.find(quote).map(|end| (&name[..end], line)))?
    })
}

/// The names of the blocks `text` defines (`{% block facts %}`), each with
/// whether it stands at the top level (not inside another block): a child
/// template's top-level blocks fill its parent's, nested ones are its own.
fn defined_blocks(text: &str) -> Vec<(&str, bool)> {
    let mut depth = 0usize;
    let mut blocks = Vec::new();
    for (_, keyword, rest) in tags(text) {
        match keyword {
            "block" => {
                let end = rest.find(|c: char| !c.is_ascii_alphanumeric() && c != '_');
                let name = &rest[..end.unwrap_or(rest.len())];
                if !name.is_empty() {
                    blocks.push((name, depth == 0));
                }
                depth += 1;
            }
            "endblock" => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    blocks
}

/// A template of the site's `templates/` that replaces a theme template of
/// the same name (see [`broken_overrides`]).
fn is_override(
    theme: &HashMap<String, TemplateSource>,
    sources: &HashMap<String, TemplateSource>,
    name: &str,
) -> bool {
    match (theme.get(name), sources.get(name)) {
        (Some(original), Some(current)) => original.display_path != current.display_path,
        _ => false,
    }
}

/// Errors for the site's overrides of theme templates that lack a block a
/// theme template extending them fills: Tera would name the theme's file, but
/// the mistake is in the override (the theme's `actor.html` fills `facts`,
/// which a site's own `templates/page.html` must then define).
fn broken_overrides(
    theme: &HashMap<String, TemplateSource>,
    sources: &HashMap<String, TemplateSource>,
    needed: &HashSet<&str>,
) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let mut children: Vec<&str> = needed
        .iter()
        .copied()
        .filter(|name| theme.contains_key(*name) && !is_override(theme, sources, name))
        .collect();
    children.sort_unstable();
    for child in children {
        let Some((parent, _)) = extended_template(&sources[child].text) else {
            continue;
        };
        // The parent's chain: every block in it may be filled by the child.
        let mut chain = Vec::new();
        let mut next = Some(parent);
        while let Some(name) = next.filter(|n| !chain.contains(n)) {
            let Some(source) = sources.get(name) else {
                break;
            };
            chain.push(name);
            next = extended_template(&source.text).map(|(n, _)| n);
        }
        let Some(&culprit) = chain.iter().find(|n| is_override(theme, sources, n)) else {
            continue;
        };
        let available: HashSet<&str> = chain
            .iter()
            .flat_map(|name| defined_blocks(&sources[*name].text))
            .map(|(block, _)| block)
            .collect();
        let mut missing: Vec<&str> = defined_blocks(&sources[child].text)
            .into_iter()
            .filter(|&(block, top)| top && !available.contains(block))
            .map(|(block, _)| block)
            .collect();
        missing.dedup();
        let user = &sources[culprit];
        let line = extended_template(&user.text).map_or(1, |(_, line)| line);
        for block in missing {
            errors.push(
                Diagnostic::error(format!(
                    "{} (your override of the theme's {culprit}) has no block `{block}` that {child} fills",
                    user.display_path.display()
                ))
                .at(Location::new(&user.display_path, line, 1).with_source(user.text.clone()))
                .hint(format!(
                    "add {{% block {block} %}}{{% endblock {block} %}} to {}, where the theme's {culprit} has it",
                    user.display_path.display()
                )),
            );
        }
    }
    errors
}

/// The components `text` defines (`{% component actor_card(p) %}`).
fn defined_components(text: &str) -> Vec<&str> {
    tags(text)
        .filter(|(_, keyword, _)| *keyword == "component")
        .map(|(_, _, rest)| {
            let end = rest.find(|c: char| !c.is_ascii_alphanumeric() && c != '_');
            &rest[..end.unwrap_or(rest.len())]
        })
        .filter(|name| !name.is_empty())
        .collect()
}

/// The components `text` calls (`{{ <actor_card p={p}/> }}`).
fn used_components(text: &str) -> Vec<&str> {
    text.match_indices("{{")
        .filter_map(|(at, _)| {
            let rest = text[at + 2..].trim_start_matches('-').trim_start();
            let rest = rest.strip_prefix('<')?;
            let end = rest.find(|c: char| !c.is_ascii_alphanumeric() && c != '_');
            Some(&rest[..end.unwrap_or(rest.len())])
        })
        .filter(|name| !name.is_empty())
        .collect()
}

/// Errors for components that theme templates use, that a theme file the
/// site overrides defined, and that the override lacks: Tera would name the
/// theme template that calls it, but the mistake is in the override (a
/// site's `templates/components.html` without `actor_card`). One error per
/// missing component, naming the theme templates that use it.
fn missing_components(
    theme: &HashMap<String, TemplateSource>,
    sources: &HashMap<String, TemplateSource>,
    needed: &HashSet<&str>,
) -> Vec<Diagnostic> {
    let defined: HashSet<&str> = sources
        .values()
        .flat_map(|source| defined_components(&source.text))
        .collect();
    let mut users: Vec<&str> = needed
        .iter()
        .copied()
        .filter(|name| theme.contains_key(*name) && !is_override(theme, sources, name))
        .collect();
    users.sort_unstable();
    let mut overrides: Vec<&str> = sources
        .keys()
        .map(String::as_str)
        .filter(|name| is_override(theme, sources, name))
        .collect();
    overrides.sort_unstable();
    // Missing component → the theme templates that use it, in name order.
    let mut missing: Vec<(&str, Vec<&str>)> = Vec::new();
    for &user in &users {
        for component in used_components(&sources[user].text) {
            if defined.contains(component) {
                continue;
            }
            match missing.iter_mut().find(|(name, _)| *name == component) {
                Some((_, by)) if !by.contains(&user) => by.push(user),
                Some(_) => {}
                None => missing.push((component, vec![user])),
            }
        }
    }
    let mut errors = Vec::new();
    for (component, by) in missing {
        let Some(&culprit) = overrides
            .iter()
            .find(|name| defined_components(&theme[**name].text).contains(&component))
        else {
            continue;
        };
        let user = &sources[culprit];
        let by = match by.split_last() {
            Some((last, [])) => format!("{last} uses"),
            Some((last, rest)) => format!("{} and {last} use", rest.join(", ")),
            None => continue,
        };
        errors.push(
            Diagnostic::error(format!(
                "{} (your override of the theme's {culprit}) has no component `{component}` that {by}",
                user.display_path.display(),
            ))
            .at(Location::new(&user.display_path, 1, 1).with_source(user.text.clone()))
            .hint(format!(
                "add {{% component {component}(…) %}}…{{% endcomponent {component} %}} to {}: copy it from the theme's {culprit}",
                user.display_path.display()
            )),
        );
    }
    errors
}

/// What `get_page` and `get_section` return: the value if found; if not, an
/// error, or `none` when called with `required=false`, so a theme can test
/// whether a site has a page (`{% set s = get_section(path="timeline/_index.md",
/// required=false) %}{% if s %}…`) instead of failing on sites without it.
fn found_or_missing(
    found: Option<Value>,
    kwargs: &Kwargs,
    message: impl FnOnce() -> String,
) -> tera::TeraResult<Value> {
    match found {
        Some(value) => Ok(value),
        None if !kwargs.get::<bool>("required")?.unwrap_or(true) => Ok(Value::none()),
        None => Err(tera::Error::message(message())),
    }
}

/// Issue 17: `get_page(path="about.md", lang="uk")` finds `about.uk.md`
/// when it exists (else the page itself: the default language stands in).
fn translated_file(data: &SiteData, path: &str, lang: Option<&str>) -> Option<String> {
    let lang = lang.filter(|l| !l.is_empty() && *l != data.language)?;
    let stem = path.strip_suffix(".md")?;
    let file = format!("{stem}.{lang}.md");
    data.by_file.contains_key(&file).then_some(file)
}

/// Theme strings per language (issue 17): the built-in theme's
/// `i18n/<lang>.toml`, then the theme's own, then the site's `i18n/<lang>.toml`,
/// then `[languages.<lang>.strings]` in site.toml; each overrides the keys it sets.
#[derive(Debug, Default)]
pub struct Strings {
    /// Language → (the files read for it, in order; key → text).
    by_lang: HashMap<String, (Vec<String>, HashMap<String, String>)>,
}

/// One key a site's strings set (`i18n/<lang>.toml` or
/// `[languages.<lang>.strings]`), to check that the theme knows it.
struct SiteKey {
    key: String,
    file: String,
    at: Option<Location>,
}

impl Strings {
    /// Reads the strings of every layer and checks them (docs/languages.md,
    /// "Theme strings"): every language of the site has every key of the
    /// theme's English strings (all missing keys in one error per language),
    /// and the site sets no key the theme does not know.
    pub fn load(config: &Config) -> Result<Strings> {
        let mut by_lang: HashMap<String, (Vec<String>, HashMap<String, String>)> = HashMap::new();
        let mut errors = Vec::new();
        let mut site_keys: Vec<SiteKey> = Vec::new();
        type ByLang = HashMap<String, (Vec<String>, HashMap<String, String>)>;
        let add = |by_lang: &mut ByLang,
                   lang: &str,
                   name: String,
                   text: &str,
                   errors: &mut Vec<Diagnostic>,
                   site_keys: Option<&mut Vec<SiteKey>>| {
            match toml::from_str::<toml::Table>(text) {
                Ok(table) => {
                    let entry = by_lang.entry(lang.to_string()).or_default();
                    entry.0.push(name.clone());
                    let mut site_keys = site_keys;
                    for (key, value) in table {
                        if let Some(keys) = site_keys.as_deref_mut() {
                            let source: Arc<str> = Arc::from(text);
                            keys.push(SiteKey {
                                at: key_line(text, &key)
                                    .map(|offset| Location::at_offset(&name, &source, offset)),
                                key: key.clone(),
                                file: name.clone(),
                            });
                        }
                        match value {
                            toml::Value::String(text) => {
                                entry.1.insert(key, text);
                            }
                            _ => errors.push(
                                Diagnostic::error(format!("string `{key}` in {name} is not text"))
                                    .in_file(&name)
                                    .hint("write each string as key = \"text\""),
                            ),
                        }
                    }
                }
                Err(e) => errors.push(
                    Diagnostic::error(format!("invalid strings file {name}: {}", e.message()))
                        .in_file(&name)
                        .hint("a strings file holds lines of key = \"text\""),
                ),
            }
        };
        if let Some(dir) = DEFAULT_THEME.get_dir("i18n") {
            for file in dir.files() {
                let (Some(lang), Some(text)) = (
                    file.path().file_stem().and_then(|s| s.to_str()),
                    file.contents_utf8(),
                ) else {
                    continue;
                };
                let name = format!("(built-in theme)/{}", file.path().display());
                add(&mut by_lang, lang, name, text, &mut errors, None);
            }
        }
        let mut folders = Vec::new();
        if let Ok(ThemeSource::Folder(folder)) = theme_source(config) {
            folders.push((folder.join("i18n"), false));
        }
        folders.push((config.root.join("i18n"), true));
        let mut english: Option<HashSet<String>> = None;
        for (folder, of_site) in folders {
            if of_site {
                // The keys of the theme's English strings, before the site's own.
                english = Some(strings_keys(&add_snapshot(&by_lang)));
            }
            let Ok(entries) = std::fs::read_dir(&folder) else {
                continue;
            };
            let mut paths: Vec<PathBuf> =
                entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
            paths.sort();
            for path in paths {
                if path.extension().and_then(|e| e.to_str()) != Some("toml") {
                    continue;
                }
                let Some(lang) = path
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .map(str::to_string)
                else {
                    continue;
                };
                let display = crate::content::shorten(&config.root, &path);
                match crate::text::read(&path, &display) {
                    Ok(text) => add(
                        &mut by_lang,
                        &lang,
                        display.display().to_string(),
                        &text,
                        &mut errors,
                        of_site.then_some(&mut site_keys),
                    ),
                    Err(e) => errors.push(e),
                }
            }
        }
        let english = english.unwrap_or_default();
        // Keys the site's own templates ask for are the site's to define.
        let site_templates = used_keys(&config.root.join("templates"));
        let overrides = std::iter::once((config.language.as_str(), &config.default_strings)).chain(
            config
                .languages
                .iter()
                .map(|l| (l.code.as_str(), &l.strings)),
        );
        for (lang, strings) in overrides {
            if strings.is_empty() {
                continue;
            }
            let name = format!("[languages.{lang}.strings] in site.toml");
            let entry = by_lang.entry(lang.to_string()).or_default();
            entry.0.push(name.clone());
            entry
                .1
                .extend(strings.iter().map(|(k, v)| (k.clone(), v.clone())));
            for key in strings.keys() {
                site_keys.push(SiteKey {
                    key: key.clone(),
                    file: name.clone(),
                    at: Some(crate::config::key_location(
                        &config.root,
                        &format!("languages.\"{lang}\".strings.\"{key}\""),
                    )),
                });
            }
        }
        // The theme's English strings file, as the user can find it.
        let theme = match theme_source(config) {
            Ok(ThemeSource::Folder(_)) => format!("themes/{}/i18n/en.toml", config.theme),
            _ => "themes/default/i18n/en.toml of briefing's built-in theme".to_string(),
        };
        for found in &site_keys {
            if english.contains(&found.key) || site_templates.contains(&found.key) {
                continue;
            }
            let hint = match did_you_mean(&found.key, english.iter().map(String::as_str)) {
                Some(near) => format!(
                    "did you mean `{near}`? The keys are those of the theme's English strings ({theme})"
                ),
                None => format!(
                    "the keys are those of the theme's English strings ({theme}); remove this one"
                ),
            };
            let error = Diagnostic::error(format!(
                "unknown theme string `{}` in {}",
                found.key, found.file
            ))
            .hint(hint);
            errors.push(match &found.at {
                Some(at) => error.at(at.clone()),
                None => error.in_file(&found.file),
            });
        }
        for lang in config.language_codes() {
            let (files, strings) = by_lang.get(lang).cloned().unwrap_or_default();
            let mut missing: Vec<&String> = english
                .iter()
                .filter(|k| !strings.contains_key(*k))
                .collect();
            if missing.is_empty() {
                continue;
            }
            missing.sort();
            let read = if files.is_empty() {
                "no strings file for it exists".to_string()
            } else {
                format!("read {}", files.join(", "))
            };
            let keys: Vec<String> = missing.iter().map(|k| format!("`{k}`")).collect();
            errors.push(
                Diagnostic::error(format!(
                    "the theme strings of language `{lang}` lack {} of the theme's {} keys ({read}): {}",
                    missing.len(),
                    english.len(),
                    keys.join(", ")
                ))
                .in_file(format!("i18n/{lang}.toml"))
                .hint(format!(
                    "copy {theme} to i18n/{lang}.toml and translate it (or add the missing keys to [languages.{lang}.strings] in site.toml)"
                )),
            );
        }
        if !errors.is_empty() {
            return Err(Errors(errors));
        }
        Ok(Strings { by_lang })
    }

    /// The text of `key` in language `lang`. A language with no strings file
    /// uses English; a file that lacks the key is an error naming both.
    pub fn get(&self, key: &str, lang: &str) -> std::result::Result<&str, String> {
        let (files, strings) = match self.by_lang.get(lang).or_else(|| self.by_lang.get("en")) {
            Some(found) => found,
            None => {
                return Err(format!(
                    "trans: no strings for language `{lang}`: add i18n/{lang}.toml to the site or theme"
                ));
            }
        };
        strings.get(key).map(String::as_str).ok_or_else(|| {
            let lang = if self.by_lang.contains_key(lang) { lang } else { "en" };
            format!(
                "trans: no string `{key}` for language `{lang}` in {}; add `{key} = \"...\"` to one of them (or to i18n/{lang}.toml of the site)",
                files.join(", ")
            )
        })
    }
}

/// The English strings merged so far (the theme's, before the site's).
fn add_snapshot(
    by_lang: &HashMap<String, (Vec<String>, HashMap<String, String>)>,
) -> HashMap<String, String> {
    by_lang
        .get("en")
        .map(|(_, strings)| strings.clone())
        .unwrap_or_default()
}

fn strings_keys(strings: &HashMap<String, String>) -> HashSet<String> {
    strings.keys().cloned().collect()
}

/// The keys that templates below `folder` ask for as `trans(key="…"`.
fn used_keys(folder: &Path) -> HashSet<String> {
    let mut keys = HashSet::new();
    for entry in WalkDir::new(folder).into_iter().filter_map(|e| e.ok()) {
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(entry.path()) else {
            continue;
        };
        for part in text.split("trans(key=\"").skip(1) {
            if let Some(key) = part.split('"').next() {
                keys.insert(key.to_string());
            }
        }
    }
    keys
}

/// Byte offset of the line of a strings file that sets `key`.
fn key_line(text: &str, key: &str) -> Option<usize> {
    let mut start = 0;
    for line in text.split('\n') {
        let trimmed = line.trim_start();
        let bare = trimmed
            .strip_prefix(key)
            .or_else(|| trimmed.strip_prefix(&format!("\"{key}\"")));
        if bare.is_some_and(|rest| rest.trim_start().starts_with('=')) {
            return Some(start + (line.len() - trimmed.len()));
        }
        start += line.len() + 1;
    }
    None
}

/// `trans(key="skip_to_content", lang=lang)`: a theme string in a language
/// (the site's default language without `lang`), as Zola's `trans`.
fn register_trans(tera: &mut Tera, strings: Arc<Strings>, default: String) {
    tera.register_function(
        "trans",
        move |kwargs: Kwargs, _: &State| -> tera::TeraResult<Value> {
            let key: String = kwargs.must_get("key")?;
            let lang: Option<String> = kwargs.get("lang")?;
            let lang = lang
                .filter(|l| !l.is_empty())
                .unwrap_or_else(|| default.clone());
            strings
                .get(&key, &lang)
                .map(Value::from)
                .map_err(tera::Error::message)
        },
    );
}

/// Site-wide functions. Registered before templates are added (Tera checks
/// that every called function exists); they read the site once it is rendered.
fn register_functions(tera: &mut Tera, data: &SharedData) {
    let shared = data.clone();
    tera.register_function(
        "get_page",
        move |kwargs: Kwargs, _: &State| -> tera::TeraResult<Value> {
            let data = data_of(&shared, "get_page")?;
            let path: String = kwargs.must_get("path")?;
            let path = path.trim_start_matches("@/");
            let lang: Option<String> = kwargs.get("lang")?;
            let translated = translated_file(&data, path, lang.as_deref());
            let path = translated.as_deref().unwrap_or(path);
            let found = data.by_file.get(path).map(|&id| {
                note(Read::Page(id));
                data.summaries[id].clone()
            });
            found_or_missing(found, &kwargs, || {
                format!("get_page: no page at content/{path}")
            })
        },
    );
    let shared = data.clone();
    tera.register_function(
        "get_section",
        move |kwargs: Kwargs, _: &State| -> tera::TeraResult<Value> {
            let data = data_of(&shared, "get_section")?;
            let path: String = kwargs.must_get("path")?;
            let path = path.trim_start_matches("@/");
            let lang: Option<String> = kwargs.get("lang")?;
            let translated = translated_file(&data, path, lang.as_deref());
            let path = translated.as_deref().unwrap_or(path);
            let found = data
                .by_file
                .get(path)
                .and_then(|&id| {
                    note(Read::Section(id));
                    data.sections.get(&id)
                })
                .cloned();
            found_or_missing(found, &kwargs, || {
                format!("get_section: no section at content/{path}")
            })
        },
    );
    let shared = data.clone();
    tera.register_function(
        "get_url",
        move |kwargs: Kwargs, _: &State| -> tera::TeraResult<Value> {
            let data = data_of(&shared, "get_url")?;
            let path: String = kwargs.must_get("path")?;
            if let Some(file) = path.strip_prefix("@/") {
                let (file, fragment) = match file.split_once('#') {
                    Some((f, frag)) => (f, format!("#{frag}")),
                    None => (file, String::new()),
                };
                return data
                    .permalinks
                    .get(file)
                    .map(|url| Value::from(format!("{url}{fragment}")))
                    .ok_or_else(|| {
                        tera::Error::message(format!("get_url: no page at content/{file}"))
                    });
            }
            Ok(Value::from(format!(
                "{}{}",
                data.base_url,
                path.trim_start_matches('/')
            )))
        },
    );
    let shared = data.clone();
    tera.register_function(
        "resize_image",
        move |kwargs: Kwargs, _: &State| -> tera::TeraResult<Value> {
            let data = data_of(&shared, "resize_image")?;
            resize_image(&data, &kwargs).map_err(tera::Error::message)
        },
    );
    let shared = data.clone();
    tera.register_function(
        "get_sources",
        move |kwargs: Kwargs, _: &State| -> tera::TeraResult<Value> {
            note(Read::Sources);
            let data = data_of(&shared, "get_sources")?;
            let lang: Option<String> = kwargs.get("lang")?;
            let lang = lang
                .filter(|l| !l.is_empty())
                .unwrap_or_else(|| data.language.clone());
            Ok(sources_in(&data.sources, &lang))
        },
    );
}

/// The `get_sources()` listing with each source's `cited_by` narrowed to the
/// pages in language `lang` (issue 17: a page lists pages in its own language).
fn sources_in(sources: &Value, lang: &str) -> Value {
    let Some(list) = sources.as_array() else {
        return sources.clone();
    };
    let narrowed: Vec<Value> = list
        .iter()
        .map(|source| {
            let Some(map) = source.as_map() else {
                return source.clone();
            };
            let mut map = map.clone();
            if let Some(cited) = map.get(&Key::from("cited_by")).and_then(Value::as_array) {
                let kept: Vec<Value> = cited
                    .iter()
                    .filter(|link| {
                        link.as_map()
                            .and_then(|l| l.get(&Key::from("lang")))
                            .and_then(Value::as_str)
                            .is_none_or(|l| l == lang)
                    })
                    .cloned()
                    .collect();
                map.insert("cited_by".into(), Value::from(kept));
            }
            Value::from(map)
        })
        .collect();
    Value::from(narrowed)
}

/// `resize_image(path, width, height, op, format, quality)`, Zola's shape:
/// `{url, static_path, width, height, orig_width, orig_height}`.
fn resize_image(data: &SiteData, kwargs: &Kwargs) -> std::result::Result<Value, String> {
    use crate::images::{Kind, Op};
    let text = |e: tera::Error| format!("resize_image: {e}");
    let path: String = kwargs.must_get("path").map_err(text)?;
    let size = |name: &str| -> std::result::Result<Option<u32>, String> {
        match kwargs.get::<i64>(name).map_err(text)? {
            None => Ok(None),
            Some(v) if (1..=10_000).contains(&v) => Ok(Some(v as u32)),
            Some(v) => Err(format!("resize_image: {name} must be 1 to 10000, not {v}")),
        }
    };
    let (width, height) = (size("width")?, size("height")?);
    let op_text: Option<String> = kwargs.get("op").map_err(text)?;
    let op_text = op_text.unwrap_or_else(|| "fill".into());
    let op = Op::parse(&op_text).ok_or_else(|| {
        format!(
            "resize_image: op \"{op_text}\" is not one of scale, fit_width, fit_height, fit, fill"
        )
    })?;
    let format_text: Option<String> = kwargs.get("format").map_err(text)?;
    let format = match format_text.as_deref().unwrap_or("auto") {
        "auto" => None,
        "jpg" | "jpeg" => Some(Kind::Jpeg),
        "png" => Some(Kind::Png),
        "webp" => Some(Kind::Webp),
        other => {
            return Err(format!(
                "resize_image: format \"{other}\" is not one of auto, jpg, png, webp"
            ));
        }
    };
    let quality = match kwargs.get::<i64>("quality").map_err(text)? {
        None => None,
        Some(q) if (1..=100).contains(&q) => Some(q as u8),
        Some(q) => return Err(format!("resize_image: quality must be 1 to 100, not {q}")),
    };
    let access = data
        .images
        .as_ref()
        .ok_or_else(|| "resize_image: no image processing in this build".to_string())?;
    let source = access.source(&path).ok_or_else(|| {
        format!(
            "resize_image: no image at content/{0} or static/{0}",
            path.trim_start_matches("@/").trim_start_matches('/')
        )
    })?;
    let resized =
        access
            .images
            .resize(&source, width, height, op, format, quality, &data.base_url)?;
    Value::try_from_serializable(&resized).map_err(|e| format!("resize_image: {e}"))
}

fn register_filters(tera: &mut Tera) {
    tera.register_filter("date", date_filter);
    tera.register_filter("json_encode", json_encode);
}

/// `{{ page.date | date }}` prints a date at its precision ("February 2022");
/// `format="%d %b %Y"` applies a strftime format to full dates.
fn date_filter(value: &str, kwargs: Kwargs, _: &State) -> tera::TeraResult<String> {
    let date = PartialDate::parse(value).map_err(tera::Error::message)?;
    let format: Option<String> = kwargs.get("format")?;
    // Issue 17: `lang="uk"` writes the date in that language ("15 грудня 2025").
    let lang: Option<String> = kwargs.get("lang")?;
    let locale = lang.as_deref().and_then(crate::dates::locale_of);
    match format {
        Some(format) if date.precision == Precision::Day && locale.is_some() => {
            use std::fmt::Write;
            let mut out = String::new();
            let items = chrono::format::StrftimeItems::new_with_locale(
                &format,
                locale.unwrap_or(chrono::Locale::POSIX),
            );
            write!(
                out,
                "{}",
                date.date
                    .format_localized_with_items(items, locale.unwrap_or(chrono::Locale::POSIX))
            )
            .map_err(|_| tera::Error::message(format!("invalid date format `{format}`")))?;
            Ok(out)
        }
        Some(format) if date.precision == Precision::Day => {
            use std::fmt::Write;
            let mut out = String::new();
            write!(
                out,
                "{}",
                date.date
                    .format_with_items(chrono::format::StrftimeItems::new(&format))
            )
            .map_err(|_| tera::Error::message(format!("invalid date format `{format}`")))?;
            Ok(out)
        }
        _ => Ok(date.display_with(locale)),
    }
}

/// JSON for `<script type="application/ld+json">`: `<`, `>` and `&` are escaped
/// so no value can close the script element.
fn json_encode(value: Value, _: Kwargs, _: &State) -> tera::TeraResult<Value> {
    let json = value_to_json(&value);
    let text = serde_json::to_string(&json).map_err(tera::Error::message)?;
    let safe = text
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026");
    Ok(Value::safe_string(&safe))
}

fn value_to_json(value: &Value) -> serde_json::Value {
    if let Some(map) = value.as_map() {
        let mut out = serde_json::Map::new();
        for (key, v) in map {
            out.insert(key.to_string(), value_to_json(v));
        }
        serde_json::Value::Object(out)
    } else if let Some(items) = value.as_array() {
        serde_json::Value::Array(items.iter().map(value_to_json).collect())
    } else if let Some(b) = value.as_bool() {
        serde_json::Value::Bool(b)
    } else if let Some(n) = value.as_i64() {
        serde_json::Value::from(n)
    } else if let Some(f) = value.as_f64() {
        serde_json::Value::from(f)
    } else if let Some(s) = value.as_str() {
        serde_json::Value::String(s.to_string())
    } else {
        serde_json::Value::Null
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_theme_ships_every_string_in_english_ukrainian_and_russian() {
        let keys = |lang: &str| -> Vec<String> {
            let file = DEFAULT_THEME
                .get_file(format!("i18n/{lang}.toml"))
                .unwrap_or_else(|| panic!("no i18n/{lang}.toml"));
            let table: toml::Table = toml::from_str(file.contents_utf8().unwrap()).unwrap();
            table.keys().cloned().collect()
        };
        let english = keys("en");
        assert!(english.len() > 50);
        assert_eq!(keys("uk"), english);
        assert_eq!(keys("ru"), english);
        // Every key a template uses is in the English file.
        let mut used = Vec::new();
        fn walk(dir: &Dir<'static>, used: &mut Vec<String>) {
            for entry in dir.entries() {
                if let Some(sub) = entry.as_dir() {
                    walk(sub, used);
                } else if let Some(text) = entry.as_file().and_then(|f| f.contents_utf8()) {
                    for part in text.split("trans(key=\"").skip(1) {
                        used.push(part.split('"').next().unwrap_or("").to_string());
                    }
                }
            }
        }
        walk(DEFAULT_THEME.get_dir("templates").unwrap(), &mut used);
        assert!(!used.is_empty());
        for key in used.iter().filter(|k| !k.ends_with('_')) {
            assert!(
                english.contains(key),
                "templates use `{key}`, which en.toml lacks"
            );
        }
    }

    fn strings_of(site_toml: &str, files: &[(&str, &str)]) -> Result<Strings> {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let config = Config::parse(
            dir.path(),
            &dir.path().join("site.toml"),
            site_toml,
            &crate::config::Overrides::default(),
        )?;
        Strings::load(&config)
    }

    const UK_SITE: &str =
        "title = \"T\"\nbase_url = \"https://example.org/\"\n[languages.uk]\ntitle = \"Т\"\n";

    #[test]
    fn the_default_languages_have_every_string() {
        let strings = strings_of(UK_SITE, &[]).unwrap();
        assert_eq!(strings.get("sources", "uk").unwrap(), "Джерела");
        assert_eq!(strings.get("sources", "en").unwrap(), "Sources");
    }

    #[test]
    fn a_language_without_strings_reports_every_missing_key_at_once() {
        let site = UK_SITE.replace("languages.uk", "languages.pt-BR");
        let errors =
            strings_of(&site, &[("i18n/pt-BR.toml", "sources = \"Fontes\"\n")]).unwrap_err();
        assert_eq!(errors.0.len(), 1, "{errors:?}");
        let message = &errors.0[0].message;
        assert!(message.contains("language `pt-BR` lack"), "{message}");
        assert!(message.contains("`skip_to_content`"), "{message}");
        assert!(!message.contains("`sources`"), "{message}");
    }

    #[test]
    fn an_unknown_key_is_an_error_at_its_line_with_the_closest_key() {
        let errors = strings_of(
            UK_SITE,
            &[(
                "i18n/uk.toml",
                "sources = \"Д\"\n  skip_to_contnet = \"x\"\n",
            )],
        )
        .unwrap_err();
        assert_eq!(errors.0.len(), 1, "{errors:?}");
        let text = errors.0[0].render(false);
        assert!(text.contains("i18n/uk.toml:2:3"), "{text}");
        assert!(text.contains("did you mean `skip_to_content`?"), "{text}");
    }

    #[test]
    fn a_key_the_sites_own_templates_use_is_known() {
        strings_of(
            UK_SITE,
            &[
                (
                    "templates/page.html",
                    "{{ trans(key=\"my_label\", lang=lang) }}",
                ),
                ("i18n/en.toml", "my_label = \"Mine\"\n"),
                ("i18n/uk.toml", "my_label = \"Моє\"\n"),
            ],
        )
        .unwrap();
    }

    #[test]
    fn finds_the_line_of_a_key() {
        assert_eq!(key_line("a = 1\n  b = 2\n", "b"), Some(8));
        assert_eq!(key_line("\"b\" = 2\n", "b"), Some(0));
        assert_eq!(key_line("bb = 2\n", "b"), None);
    }

    fn render(template: &str, context: &tera::Context) -> String {
        let mut tera = Tera::new();
        register_filters(&mut tera);
        tera.add_raw_template("t.html", template).unwrap();
        tera.render("t.html", context).unwrap()
    }

    #[test]
    fn records_what_a_render_reads() {
        let ((), reads) = record_reads(|| {
            note(Read::Page(3));
            note(Read::Sources);
        });
        assert_eq!(reads, [Read::Page(3), Read::Sources]);
        note(Read::Page(4)); // outside a recording: ignored
        let ((), nested) = record_reads(|| ());
        assert!(nested.is_empty());
    }

    #[test]
    fn date_filter_keeps_precision() {
        let mut context = tera::Context::new();
        context.insert("month", "2022-02");
        context.insert("day", "2025-12-14");
        assert_eq!(render("{{ month | date }}", &context), "February 2022");
        assert_eq!(render("{{ day | date }}", &context), "14 December 2025");
        assert_eq!(
            render("{{ day | date(format=\"%Y/%m/%d\") }}", &context),
            "2025/12/14"
        );
    }

    #[test]
    fn json_encode_cannot_close_a_script() {
        let mut context = tera::Context::new();
        context.insert("title", "</script><script>alert(1)</script>");
        let out = render("{{ {\"name\": title} | json_encode }}", &context);
        assert!(!out.contains("</script>"), "{out}");
        assert!(out.contains("\\u003c/script\\u003e"), "{out}");
    }
}

#[cfg(test)]
mod override_tests {
    use super::*;

    fn sources(files: &[(&str, &str, &str)]) -> HashMap<String, TemplateSource> {
        files
            .iter()
            .map(|(name, folder, text)| {
                let source = TemplateSource {
                    display_path: PathBuf::from(folder).join(name),
                    text: Arc::from(*text),
                };
                (name.to_string(), source)
            })
            .collect()
    }

    const BASE: &str =
        "<html>{% block jsonld %}{% endblock %}{%- block main %}{% endblock main %}</html>";
    const PAGE: &str = "{% extends \"base.html\" %}\n{% block main %}{% block facts %}{% endblock facts %}{% endblock main %}";
    const ACTOR: &str = "{% extends 'page.html' %}\n{% block jsonld %}x{% endblock %}\n{%- block facts %}y{% endblock facts %}";

    fn theme() -> HashMap<String, TemplateSource> {
        sources(&[
            ("base.html", "theme", BASE),
            ("page.html", "theme", PAGE),
            ("actor.html", "theme", ACTOR),
        ])
    }

    fn check(overrides: &[(&str, &str, &str)]) -> Vec<String> {
        let theme = theme();
        let mut all = theme.clone();
        all.extend(sources(overrides));
        let needed: HashSet<&str> = ["base.html", "page.html", "actor.html"].into();
        broken_overrides(&theme, &all, &needed)
            .iter()
            .map(|d| format!("{d:?}"))
            .collect()
    }

    #[test]
    fn reads_extends_and_blocks() {
        assert_eq!(extended_template(ACTOR), Some(("page.html", 1)));
        assert_eq!(extended_template(BASE), None);
        assert_eq!(defined_blocks(ACTOR), [("jsonld", true), ("facts", true)]);
        assert_eq!(defined_blocks(PAGE), [("main", true), ("facts", false)]);
        assert_eq!(defined_blocks(BASE), [("jsonld", true), ("main", true)]);
    }

    #[test]
    fn names_the_override_that_lacks_a_block_a_theme_template_fills() {
        let errors = check(&[(
            "page.html",
            "templates",
            "<p>\n{% extends \"base.html\" %}{% block main %}{% endblock %}",
        )]);
        assert_eq!(errors.len(), 1, "{errors:?}");
        let error = &errors[0];
        assert!(
            error.contains("templates/page.html (your override of the theme's page.html) has no block `facts` that actor.html fills"),
            "{error}"
        );
        assert!(error.contains("line: 2"), "{error}");
        assert!(
            error.contains("{% block facts %}{% endblock facts %}"),
            "{error}"
        );
    }

    #[test]
    fn accepts_overrides_with_every_block_and_ignores_the_theme_alone() {
        assert!(check(&[]).is_empty());
        assert!(check(&[("page.html", "templates", PAGE)]).is_empty());
        // A block defined further up the override's chain is enough.
        let errors = check(&[("base.html", "templates", "{% block jsonld %}{% endblock %}")]);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].contains("no block `main` that page.html fills"),
            "{errors:?}"
        );
    }

    #[test]
    fn names_the_override_that_lacks_a_component_the_theme_uses() {
        const COMPONENTS: &str = "{% component card(p) %}c{% endcomponent %}\n{% component when(p) -%}w{%- endcomponent when %}";
        let theme = sources(&[
            ("components.html", "theme", COMPONENTS),
            (
                "list.html",
                "theme",
                "{{ <card p={p}/> }} {{- <when p={p}/> }}",
            ),
            ("item.html", "theme", "{{<card p={p}/>}}"),
        ]);
        assert_eq!(defined_components(COMPONENTS), ["card", "when"]);
        assert_eq!(
            used_components("{{ <card p={p}/> }} {{- <when/> }} {{ x < y }}"),
            ["card", "when"]
        );
        let needed: HashSet<&str> = ["components.html", "list.html", "item.html"].into();
        let errors_with = |text: &str| {
            let mut all = theme.clone();
            all.extend(sources(&[("components.html", "templates", text)]));
            missing_components(&theme, &all, &needed)
                .iter()
                .map(|d| d.message.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            errors_with("{% component nothing() %}x{% endcomponent %}"),
            [
                "templates/components.html (your override of the theme's components.html) has no component `card` that item.html and list.html use",
                "templates/components.html (your override of the theme's components.html) has no component `when` that list.html uses",
            ]
        );
        assert!(errors_with(COMPONENTS).is_empty());
        // A component the site defines in another of its templates counts.
        let mut all = theme.clone();
        all.extend(sources(&[
            (
                "components.html",
                "templates",
                "{% component card(p) %}{% endcomponent %}",
            ),
            (
                "extra.html",
                "templates",
                "{% component when(p) %}{% endcomponent %}",
            ),
        ]));
        assert!(missing_components(&theme, &all, &needed).is_empty());
        // The theme alone is never blamed.
        assert!(missing_components(&theme, &theme, &needed).is_empty());
    }
}
