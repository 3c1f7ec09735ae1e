//! The shortcode templates: `templates/shortcodes/NAME.html` of the theme,
//! where a site's own file of the same name wins. Each declares its
//! arguments on its first line (docs/templates.md, "Shortcodes"):
//!
//! ```text
//! {# shortcode(kind: note|context|disputed, title?: string) body #}
//! ```
//!
//! A `?` marks an optional argument; the types are `string`, `int`,
//! `float`, `bool`, `array`, `path` (a file: `@/file` links like a Markdown
//! link), `source` (a source id, cited like `[@id]`), `url` (an absolute
//! http(s) URL), or words separated by
//! `|` (one of them, as a string). After the parentheses, `body` means the
//! shortcode is written `{% name(…) %}` … `{% end %}` around Markdown, and
//! `quote` that its body must hold a checked quote with its speaker.

use std::collections::HashMap;
use std::path::PathBuf;

use serde_json::Value;
use tera::{Context, Tera};

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Errors, Location, Result};
use crate::layout::TEMPLATES_DIR;
use crate::theme::{
    DEFAULT_THEME, TemplateSource, ThemeSource, read_embedded, read_folder, theme_source,
};

/// An argument's type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Type {
    /// `string`: any text.
    String,
    /// `int`: an integer.
    Int,
    /// `float`: a number.
    Float,
    /// `bool`: `true` or `false`.
    Bool,
    /// `array`: a list.
    Array,
    /// `path`: a file; `@/file` links like a Markdown link.
    Path,
    /// `source`: a source id, cited like `[@id]`.
    Source,
    /// An absolute `http://` or `https://` URL with a host.
    Url,
    /// `a|b|c`: one of these words, as a string.
    OneOf(Vec<String>),
}

impl Type {
    fn parse(text: &str) -> Option<Type> {
        Some(match text {
            "string" => Type::String,
            "int" => Type::Int,
            "float" => Type::Float,
            "bool" => Type::Bool,
            "array" => Type::Array,
            "path" => Type::Path,
            "source" => Type::Source,
            "url" => Type::Url,
            words if words.contains('|') => Type::OneOf(
                words
                    .split('|')
                    .map(|w| w.trim().to_string())
                    .filter(|w| !w.is_empty())
                    .collect(),
            ),
            _ => return None,
        })
    }

    /// What a reader of an error calls it.
    pub fn describe(&self) -> String {
        match self {
            Type::String => "a string".into(),
            Type::Int => "an integer".into(),
            Type::Float => "a number".into(),
            Type::Bool => "true or false".into(),
            Type::Array => "an array".into(),
            Type::Path => "a path (a string)".into(),
            Type::Source => "a source id (a string)".into(),
            Type::Url => "an absolute http:// or https:// URL".into(),
            Type::OneOf(words) => format!("one of {}", words.join(", ")),
        }
    }

    /// Whether `value` has this type.
    pub fn accepts(&self, value: &Value) -> bool {
        match self {
            Type::String | Type::Path | Type::Source => value.is_string(),
            Type::Url => value.as_str().is_some_and(is_web_url),
            Type::Int => value.is_i64() || value.is_u64(),
            Type::Float => value.is_number(),
            Type::Bool => value.is_boolean(),
            Type::Array => value.is_array(),
            Type::OneOf(words) => value.as_str().is_some_and(|v| words.iter().any(|w| w == v)),
        }
    }
}

/// Whether `text` is an absolute http(s) URL with a host, written without
/// spaces (what a link out of the site may point at: never `javascript:`).
pub fn is_web_url(text: &str) -> bool {
    if text.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    url::Url::parse(text).is_ok_and(|url| {
        matches!(url.scheme(), "http" | "https") && url.host_str().is_some_and(|h| !h.is_empty())
    })
}

/// A declared argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    /// The argument's name.
    pub name: String,
    /// Its type.
    pub ty: Type,
    /// Declared without `?`.
    pub required: bool,
}

/// A shortcode: its arguments and what it takes.
#[derive(Debug, Clone)]
pub struct Def {
    /// Its arguments, in declared order.
    pub params: Vec<Param>,
    /// Written around a Markdown body.
    pub body: bool,
    /// Its body must hold a checked quote with its speaker.
    pub quote: bool,
    /// The template file, for messages.
    pub file: PathBuf,
}

/// The shortcodes a site can use.
#[derive(Default)]
pub struct Shortcodes {
    tera: Tera,
    defs: HashMap<String, Def>,
}

impl std::fmt::Debug for Shortcodes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shortcodes")
            .field("defs", &self.defs)
            .finish()
    }
}

/// Where a body goes in a template's output while the page renders.
pub const BODY_MARK: &str = "\u{1}briefing-shortcode-body\u{1}";

impl Shortcodes {
    /// Reads the theme's shortcodes and the site's.
    pub fn load(config: &Config) -> Result<Shortcodes> {
        Shortcodes::from_sources(&shortcode_sources(config)?)
    }

    /// The built-in theme's shortcodes alone.
    pub fn builtin() -> Result<Shortcodes> {
        Shortcodes::from_sources(&builtin_shortcode_sources())
    }

    /// Shortcodes from (name, file, text) triples.
    pub fn from_sources(files: &[(String, PathBuf, String)]) -> Result<Shortcodes> {
        let mut shortcodes = Shortcodes::default();
        let mut errors = Vec::new();
        let mut pairs = Vec::new();
        for (name, path, text) in files {
            match declaration(text) {
                Ok((params, body, quote)) => {
                    shortcodes.defs.insert(
                        name.clone(),
                        Def {
                            params,
                            body,
                            quote,
                            file: path.clone(),
                        },
                    );
                    pairs.push((format!("shortcodes/{name}.html"), text.as_str()));
                }
                Err(message) => errors.push(
                    Diagnostic::error(format!("shortcode template `{name}`: {message}"))
                        .at(Location::new(path, 1, 1))
                        .hint(
                            "start it with its arguments: {# shortcode(kind: note|context, title?: string) #} (see docs/templates.md)",
                        ),
                ),
            }
        }
        Errors::check(errors)?;
        shortcodes.tera.autoescape_on([".html"]);
        if let Err(e) = shortcodes.tera.add_raw_templates(pairs) {
            let mut message = e.to_string();
            let mut source = std::error::Error::source(&e);
            while let Some(cause) = source {
                message.push_str(&format!(": {cause}"));
                source = cause.source();
            }
            return Err(Errors::one(
                Diagnostic::error(format!("shortcode template error: {message}"))
                    .hint("check the template against docs/templates.md"),
            ));
        }
        Ok(shortcodes)
    }

    /// The shortcode `name`'s declaration, if there is such a shortcode.
    pub fn def(&self, name: &str) -> Option<&Def> {
        self.defs.get(name)
    }

    /// The names of every shortcode, in no particular order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.defs.keys().map(String::as_str)
    }

    /// Renders shortcode `name` with `context`.
    pub fn render(&self, name: &str, context: &Context) -> std::result::Result<String, String> {
        self.tera
            .render(&format!("shortcodes/{name}.html"), context)
            .map_err(|e| {
                let mut message = e.to_string();
                let mut source = std::error::Error::source(&e);
                while let Some(cause) = source {
                    message.push_str(&format!(": {cause}"));
                    source = cause.source();
                }
                message
            })
    }
}

/// Reads `{# shortcode(a: string, b?: int) body quote #}` from the first line.
fn declaration(text: &str) -> std::result::Result<(Vec<Param>, bool, bool), String> {
    let first = text.lines().next().unwrap_or("").trim();
    let inner = first
        .strip_prefix("{#")
        .and_then(|rest| rest.strip_suffix("#}"))
        .map(str::trim)
        .and_then(|rest| rest.strip_prefix("shortcode("))
        .ok_or("its first line does not declare its arguments")?;
    let (list, flags) = inner
        .rsplit_once(')')
        .ok_or("the argument list has no closing `)`")?;
    let mut params = Vec::new();
    for item in list.split(',').map(str::trim).filter(|i| !i.is_empty()) {
        let (name, ty) = item
            .split_once(':')
            .ok_or_else(|| format!("argument `{item}` has no type (`name: string`)"))?;
        let name = name.trim();
        let (name, required) = match name.strip_suffix('?') {
            Some(name) => (name.trim(), false),
            None => (name, true),
        };
        let ty = Type::parse(ty.trim()).ok_or_else(|| {
            format!(
                "argument `{name}` has an unknown type `{}` (string, int, float, bool, array, path, source, url, or words a|b)",
                ty.trim()
            )
        })?;
        params.push(Param {
            name: name.to_string(),
            ty,
            required,
        });
    }
    let mut body = false;
    let mut quote = false;
    for flag in flags.split_whitespace() {
        match flag {
            "body" => body = true,
            "quote" => quote = true,
            other => return Err(format!("unknown flag `{other}` (body, quote)")),
        }
    }
    Ok((params, body, quote))
}

/// The shortcode templates (`shortcodes/NAME.html`) of the theme and the
/// site, the site's winning: name, file to name in messages, text.
pub fn shortcode_sources(config: &Config) -> Result<Vec<(String, PathBuf, String)>> {
    let mut sources: HashMap<String, TemplateSource> = HashMap::new();
    match theme_source(config)? {
        ThemeSource::Folder(folder) => read_folder(
            &config.root,
            &folder.join(TEMPLATES_DIR).join("shortcodes"),
            &mut sources,
        )?,
        ThemeSource::Embedded => embedded_shortcodes(&mut sources),
    }
    read_folder(
        &config.root,
        &config.root.join(TEMPLATES_DIR).join("shortcodes"),
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
    if let Some(dir) = DEFAULT_THEME.get_dir(format!("{TEMPLATES_DIR}/shortcodes")) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_declarations() {
        let (params, body, quote) =
            declaration("{# shortcode(kind: note|known, title?: string) body #}\n<aside>").unwrap();
        assert!(body && !quote);
        assert_eq!(
            params[0].ty,
            Type::OneOf(vec!["note".into(), "known".into()])
        );
        assert!(params[0].required && !params[1].required);
        assert!(declaration("<aside>").is_err());
        assert!(declaration("{# shortcode(a: text) #}").is_err());
    }

    #[test]
    fn checks_types() {
        assert!(Type::Int.accepts(&Value::from(3)));
        assert!(!Type::Int.accepts(&Value::from(3.5)));
        assert!(Type::Float.accepts(&Value::from(3)));
        assert!(!Type::String.accepts(&Value::from(true)));
        for good in [
            "https://example.com/",
            "http://e.org/a?b=c#d",
            "HTTPS://E.ORG",
        ] {
            assert!(Type::Url.accepts(&Value::from(good)), "{good}");
        }
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "data:text/html,x",
            "/local/path/",
            "example.com",
            "https://",
            "https://e.org/a b",
            "mailto:a@e.org",
            "",
        ] {
            assert!(!Type::Url.accepts(&Value::from(bad)), "{bad}");
        }
        assert_eq!(Type::parse("url"), Some(Type::Url));
    }
}
