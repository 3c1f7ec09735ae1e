//! The site's own `templates/sitemap.xml` and `templates/atom.xml`, rendered
//! with Tera (autoescaped, as XML) instead of the built-in writers, and its
//! own `static/robots.txt` instead of the generated one. Documented in
//! docs/deploy.md; the variables:
//!
//! - both: `config` (`title`, `description`, `base_url`, `language`);
//! - sitemap.xml: `entries`, each `{permalink, lastmod}` (`lastmod` a
//!   `YYYY-MM-DD` date or none), sorted by permalink;
//! - atom.xml: `feed_url`, `updated` (RFC 3339, always set) and `pages`, newest
//!   first as in the built-in feed, each `{title, permalink, updated,
//!   published, description, summary}` (`summary`: HTML or none).

use std::path::PathBuf;

use super::atom::{feed_entries, feed_order_key, feed_updated};
use super::sitemap::sitemap_entries;
use super::{FEED_FILE, OutputFile, SITEMAP_FILE, timestamp};
use crate::diagnostics::{Diagnostic, Result, io_error};
use crate::layout::{ROBOTS_FILE, STATIC_DIR, TEMPLATES_DIR};
use crate::markdown::Rendered;
use crate::site::Site;

/// True when the site has a `static/robots.txt` of its own.
pub fn has_static_robots(site: &Site) -> bool {
    site.config
        .root
        .join(STATIC_DIR)
        .join(ROBOTS_FILE)
        .is_file()
}

fn template(site: &Site, name: &str) -> Option<PathBuf> {
    let path = site.config.root.join(TEMPLATES_DIR).join(name);
    path.is_file().then_some(path)
}

fn context(site: &Site) -> tera::Context {
    let config = &site.config;
    let mut context = tera::Context::new();
    context.insert(
        "config",
        &serde_json::json!({
            "title": config.title,
            "description": config.description,
            "base_url": config.base_url,
            "language": config.language,
        }),
    );
    context
}

/// `templates/sitemap.xml` rendered, if the site has one.
pub fn sitemap(site: &Site) -> Result<Option<OutputFile>> {
    let Some(path) = template(site, SITEMAP_FILE) else {
        return Ok(None);
    };
    let entries: Vec<serde_json::Value> = sitemap_entries(site)
        .into_iter()
        .map(|(permalink, lastmod)| serde_json::json!({"permalink": permalink, "lastmod": lastmod}))
        .collect();
    let mut context = context(site);
    context.insert("entries", &entries);
    render(&path, SITEMAP_FILE, &context).map(Some)
}

/// `templates/atom.xml` rendered, if the site has one.
pub fn feed(site: &Site, bodies: &[Rendered]) -> Result<Option<OutputFile>> {
    let Some(path) = template(site, FEED_FILE) else {
        return Ok(None);
    };
    let as_of = site.config.as_of;
    let ids = feed_entries(site);
    let pages: Vec<serde_json::Value> = ids
        .iter()
        .map(|&id| {
            let page = &site.pages[id];
            let dates = feed_order_key(page, as_of);
            serde_json::json!({
                "title": page.front.title,
                "permalink": site.permalink(id),
                "updated": dates.map(|(updated, _)| timestamp(updated)),
                "published": dates.and_then(|(_, published)| published).map(timestamp),
                "description": page.front.description,
                "summary": bodies.get(id).and_then(|b| b.summary.clone()),
            })
        })
        .collect();
    let mut context = context(site);
    context.insert("pages", &pages);
    context.insert("feed_url", &site.url(FEED_FILE));
    context.insert("updated", &timestamp(feed_updated(site, &ids)));
    render(&path, FEED_FILE, &context).map(Some)
}

fn render(path: &std::path::Path, name: &str, context: &tera::Context) -> Result<OutputFile> {
    let text = std::fs::read_to_string(path).map_err(|e| io_error("read", path, &e))?;
    let mut tera = tera::Tera::new();
    tera.autoescape_on([".xml"]);
    let rendered = tera
        .add_raw_template(name, &text)
        .and_then(|()| tera.render(name, context))
        .map_err(|e| {
            Diagnostic::error(format!("cannot render this template: {}", describe(&e)))
                .in_file(path)
        })?;
    Ok(OutputFile {
        path: name.into(),
        bytes: rendered.into_bytes(),
    })
}

/// A Tera error with its causes.
fn describe(error: &tera::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
