//! The site-wide template functions: `get_page`, `get_section`, `get_url`,
//! `get_sources`, `trans` and `resize_image`, the data they read, and the
//! log of what a render read through them ([`TemplateRead`]).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use tera::value::Key;
use tera::{Kwargs, State, Tera, Value};

use crate::layout::{self, CONTENT_DIR};
use crate::site::PageId;
use crate::strings::Strings;

/// Something a render read through a site-wide function. The pipeline
/// records these per page (`Pages::reads`, in `pipeline/pages.rs`); the
/// session reads them, so that an edit re-renders exactly the pages that
/// showed something of what changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TemplateRead {
    /// A page read through `get_page`.
    Page(PageId),
    /// A section (a page of kind section) read through `get_section`.
    Section(PageId),
    /// The sources list, through `get_sources`.
    Sources,
}

thread_local! {
    static READS: std::cell::RefCell<Option<Vec<TemplateRead>>> = const { std::cell::RefCell::new(None) };
}

/// Runs `render` and returns what it read through get_page, get_section and
/// get_sources. Rendering one page runs on one thread, so a thread-local log
/// sees exactly that page's reads.
pub fn record_reads<T>(render: impl FnOnce() -> T) -> (T, Vec<TemplateRead>) {
    let outer = READS.with(|reads| reads.borrow_mut().replace(Vec::new()));
    let result = render();
    let reads = READS.with(|reads| std::mem::replace(&mut *reads.borrow_mut(), outer));
    (result, reads.unwrap_or_default())
}

fn note(read: TemplateRead) {
    READS.with(|reads| {
        if let Some(log) = reads.borrow_mut().as_mut() {
            log.push(read);
        }
    });
}

/// The site data the functions read, set once pages are rendered.
pub(super) type SharedData = Arc<RwLock<Option<Arc<SiteData>>>>;

/// The data behind `get_page`, `get_section`, `get_url` and `get_sources`.
pub struct SiteData {
    /// A page's file below `content/` → its id.
    pub by_file: Arc<HashMap<String, PageId>>,
    /// Each page's template value without `content`, by page id (`get_page`).
    pub summaries: Vec<Value>,
    /// Each section's template value with its `pages` and `subsections`
    /// (`get_section`).
    pub sections: HashMap<PageId, Value>,
    /// A page's file below `content/` → its full URL (`get_url`).
    pub permalinks: Arc<HashMap<String, String>>,
    /// The site's base URL, ending in `/` (`get_url` of a path without `@/`,
    /// `resize_image`).
    pub base_url: String,
    /// The sources listing (`get_sources`).
    pub sources: Value,
    /// The site's default language code.
    pub language: String,
    /// Behind `resize_image`.
    pub images: Option<ImageAccess>,
}

/// The image processor and where `resize_image` looks for files.
pub struct ImageAccess {
    /// The build's image processor.
    pub images: Arc<crate::images::Images>,
    /// The site folder.
    pub root: PathBuf,
    /// The theme's name (its `static/` is searched last).
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
        let content = (CONTENT_DIR.to_string(), self.root.join(CONTENT_DIR));
        std::iter::once(content)
            .chain(layout::static_folders(&self.root, &self.theme))
            .map(|(name, dir)| (format!("{name}/{path}"), dir.join(path)))
            .find(|(_, file)| file.is_file())
            .map(|(display, path)| crate::images::Source { path, display })
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

/// `trans(key="skip_to_content", lang=lang)`: a theme string in a language
/// (the site's default language without `lang`), as Zola's `trans`.
pub(super) fn register_trans(tera: &mut Tera, strings: Arc<Strings>, default: String) {
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
pub(super) fn register_functions(tera: &mut Tera, data: &SharedData) {
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
                note(TemplateRead::Page(id));
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
                    note(TemplateRead::Section(id));
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
            note(TemplateRead::Sources);
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
    use crate::images::{Kind, Op, ResizeRequest};
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
    let request = ResizeRequest {
        width,
        height,
        op,
        format,
        quality,
    };
    let resized = access.images.resize(&source, request, &data.base_url)?;
    Value::try_from_serializable(&resized).map_err(|e| format!("resize_image: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_what_a_render_reads() {
        let ((), reads) = record_reads(|| {
            note(TemplateRead::Page(3));
            note(TemplateRead::Sources);
        });
        assert_eq!(reads, [TemplateRead::Page(3), TemplateRead::Sources]);
        note(TemplateRead::Page(4)); // outside a recording: ignored
        let ((), nested) = record_reads(|| ());
        assert!(nested.is_empty());
    }
}
