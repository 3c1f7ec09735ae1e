//! The Tera side of rendering: load the theme (from `themes/<name>/`, or the
//! default theme embedded in the binary), let the site's `templates/` override
//! it file by file, register briefing's filters, and turn Tera's errors into
//! diagnostics that name the template file, its line and the page being rendered.

mod filters;
mod functions;
mod overrides;

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::{Arc, RwLock};

use tera::{ErrorKind, Tera};

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Errors, Location, Result, did_you_mean};
use crate::layout::TEMPLATES_DIR;
use crate::strings::Strings;
use crate::theme::{
    DEFAULT_THEME, TemplateSource, ThemeSource, read_embedded, read_folder, theme_source,
};

use filters::register_filters;
pub use functions::{ImageAccess, SiteData, TemplateRead, record_reads};
use functions::{SharedData, register_functions, register_trans};
use overrides::{broken_overrides, missing_components, needed_templates};

/// A loaded, checked set of templates.
pub struct Templates {
    /// The Tera instance, with the site-wide functions and filters registered.
    pub tera: Tera,
    sources: HashMap<String, TemplateSource>,
    /// What the site-wide functions read; replaced after each (re)render.
    data: SharedData,
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
                read_folder(&config.root, &folder.join(TEMPLATES_DIR), &mut sources)?
            }
            ThemeSource::Embedded => {
                if let Some(dir) = DEFAULT_THEME.get_dir(TEMPLATES_DIR) {
                    read_embedded(dir, &mut sources);
                }
            }
        }
        let theme = sources.clone();
        read_folder(&config.root, &config.root.join(TEMPLATES_DIR), &mut sources)?;
        let data: SharedData = Arc::new(RwLock::new(None));
        let strings = Arc::new(Strings::load(config)?);
        let mut tera = Tera::new();
        register_filters(&mut tera);
        register_functions(&mut tera, &data);
        register_trans(&mut tera, strings, config.language.clone());
        let needed = needed_templates(&sources, wanted);
        let mut broken = broken_overrides(&theme, &sources, &needed);
        broken.extend(missing_components(&theme, &sources, &needed));
        Errors::check(broken)?;
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

    /// Whether a template named `name` (`page.html`) is loaded.
    pub fn has(&self, name: &str) -> bool {
        self.sources.contains_key(name)
    }

    /// The names of every loaded template, in no particular order.
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
