//! Files every static host and feed reader expects besides the pages:
//! `sitemap.xml` (per sitemaps.org), `robots.txt` naming it, and `atom.xml`
//! (Atom 1.0, RFC 4287) of the dated pages: timeline events and explainers.
//!
//! All three keep absolute URLs that honour the base URL's sub-path, also in
//! portable builds, because crawlers and feed readers read them out of context.
//! Dates come from the content only (never the clock), so two builds of the
//! same content give the same bytes. XML is written with quick-xml, which
//! escapes text and attributes.

use std::io;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use crate::content::{Kind, Page};
use crate::dates::{PartialDate, Precision};
use crate::diagnostics::{Diagnostic, Result};
use crate::markdown::Rendered;
use crate::render::OutputFile;
use crate::site::{PageId, Site};

/// Where the feed lands below the output root.
pub const FEED_FILE: &str = "atom.xml";
pub const SITEMAP_FILE: &str = "sitemap.xml";

const ATOM_NS: &str = "http://www.w3.org/2005/Atom";
const SITEMAP_NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
/// The feed's `updated` when no page has a date: fixed, so builds stay reproducible.
const EPOCH: &str = "1970-01-01T00:00:00Z";

/// sitemap.xml, robots.txt and atom.xml for `site`; `bodies` give feed summaries.
pub fn site_files(site: &Site, bodies: &[Rendered]) -> Result<Vec<OutputFile>> {
    let (sitemap, feed) = rayon::join(|| sitemap_file(site), || feed_file(site, bodies));
    Ok(vec![sitemap?, robots(site), feed?])
}

/// sitemap.xml: shows each page's URL and front-matter dates.
pub fn sitemap_file(site: &Site) -> Result<OutputFile> {
    xml_file(SITEMAP_FILE, sitemap(site))
}

/// atom.xml: shows the front matter of the [`feed_entries`], and the summary
/// of those without a description.
pub fn feed_file(site: &Site, bodies: &[Rendered]) -> Result<OutputFile> {
    xml_file(FEED_FILE, atom(site, bodies))
}

fn xml_file(path: &str, written: io::Result<Vec<u8>>) -> Result<OutputFile> {
    let bytes = written.map_err(|e| Diagnostic::error(format!("could not write {path}: {e}")))?;
    Ok(OutputFile {
        path: path.into(),
        bytes,
    })
}

fn xml_writer() -> io::Result<Writer<Vec<u8>>> {
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    Ok(writer)
}

fn finish(writer: Writer<Vec<u8>>) -> Vec<u8> {
    let mut bytes = writer.into_inner();
    bytes.push(b'\n');
    bytes
}

fn text_element(writer: &mut Writer<Vec<u8>>, name: &str, text: &str) -> io::Result<()> {
    writer
        .create_element(name)
        .write_text_content(BytesText::new(text))?;
    Ok(())
}

/// The date a page last changed in substance: `updated`, else `date`.
fn last_changed(site: &Site, id: PageId) -> Option<PartialDate> {
    let front = &site.pages[id].front;
    front.updated.or(front.date)
}

fn sitemap(site: &Site) -> io::Result<Vec<u8>> {
    let mut entries: Vec<(String, Option<String>)> = (0..site.pages.len())
        .map(|id| {
            let front = &site.pages[id].front;
            // sitemaps.org wants a W3C date; a month or a year is not a day.
            let lastmod = front
                .updated
                .or(front.reviewed)
                .or(front.date)
                .filter(|d| d.precision == Precision::Day);
            (site.permalink(id), lastmod.map(|d| d.iso()))
        })
        .collect();
    entries.sort();
    let mut writer = xml_writer()?;
    writer
        .create_element("urlset")
        .with_attribute(("xmlns", SITEMAP_NS))
        .write_inner_content(|w| {
            for (url, lastmod) in &entries {
                w.create_element("url").write_inner_content(|w| {
                    text_element(w, "loc", url)?;
                    if let Some(lastmod) = lastmod {
                        text_element(w, "lastmod", lastmod)?;
                    }
                    Ok(())
                })?;
            }
            Ok(())
        })?;
    Ok(finish(writer))
}

fn robots(site: &Site) -> OutputFile {
    OutputFile {
        path: "robots.txt".into(),
        bytes: format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}{SITEMAP_FILE}\n",
            site.config.base_url
        )
        .into_bytes(),
    }
}

/// An RFC 3339 timestamp at midnight UTC of a (possibly partial) date.
fn timestamp(date: PartialDate) -> String {
    format!("{}T00:00:00Z", date.date.format("%Y-%m-%d"))
}

/// How many entries the feed carries: readers poll it for what is new, and a
/// feed of every page of a large site would be megabytes on every poll.
pub const FEED_LIMIT: usize = 50;

/// Pages in the feed: dated pages (timeline events, explainers), newest change
/// first, at most [`FEED_LIMIT`].
pub fn feed_entries(site: &Site) -> Vec<PageId> {
    let mut ids: Vec<PageId> = (0..site.pages.len())
        .filter(|&id| feed_order_key(&site.pages[id]).is_some())
        .collect();
    ids.sort_by(|&a, &b| {
        let key = |id: PageId| feed_order_key(&site.pages[id]);
        key(b)
            .cmp(&key(a))
            .then_with(|| site.pages[a].url_path.cmp(&site.pages[b].url_path))
    });
    ids.truncate(FEED_LIMIT);
    ids
}

/// Where a page sorts in the feed (newest change first, see [`feed_entries`]);
/// `None` for pages the feed leaves out.
pub fn feed_order_key(page: &Page) -> Option<chrono::NaiveDate> {
    match (page.kind, page.front.date) {
        (Kind::Page, Some(date)) => Some(page.front.updated.map_or(date.date, |u| u.date)),
        _ => None,
    }
}

fn atom(site: &Site, bodies: &[Rendered]) -> io::Result<Vec<u8>> {
    let config = &site.config;
    let entries = feed_entries(site);
    let updated = entries
        .iter()
        .filter_map(|&id| last_changed(site, id))
        .max_by_key(|d| d.date)
        .map_or_else(|| EPOCH.to_string(), timestamp);
    let mut writer = xml_writer()?;
    writer
        .create_element("feed")
        .with_attribute(("xmlns", ATOM_NS))
        .with_attribute(("xml:lang", config.language.as_str()))
        .write_inner_content(|w| {
            text_element(w, "id", &config.base_url)?;
            text_element(w, "title", &config.title)?;
            if !config.description.is_empty() {
                text_element(w, "subtitle", &config.description)?;
            }
            text_element(w, "updated", &updated)?;
            let self_url = format!("{}{FEED_FILE}", config.base_url);
            link(w, "self", &self_url, Some("application/atom+xml"))?;
            link(w, "alternate", &config.base_url, Some("text/html"))?;
            w.create_element("author")
                .write_inner_content(|w| text_element(w, "name", &config.title))?;
            text_element(w, "generator", "briefing")?;
            for &id in &entries {
                entry(w, site, bodies.get(id), id)?;
            }
            Ok(())
        })?;
    Ok(finish(writer))
}

fn link(w: &mut Writer<Vec<u8>>, rel: &str, href: &str, kind: Option<&str>) -> io::Result<()> {
    let mut element = w
        .create_element("link")
        .with_attribute(("rel", rel))
        .with_attribute(("href", href));
    if let Some(kind) = kind {
        element = element.with_attribute(("type", kind));
    }
    element.write_empty()?;
    Ok(())
}

fn entry(
    w: &mut Writer<Vec<u8>>,
    site: &Site,
    body: Option<&Rendered>,
    id: PageId,
) -> io::Result<()> {
    let page = &site.pages[id];
    let front = &page.front;
    let permalink = site.permalink(id);
    w.create_element("entry").write_inner_content(|w| {
        text_element(w, "id", &permalink)?;
        text_element(w, "title", &front.title)?;
        let updated = last_changed(site, id).map_or_else(|| EPOCH.to_string(), timestamp);
        text_element(w, "updated", &updated)?;
        if let Some(date) = front.date {
            text_element(w, "published", &timestamp(date))?;
        }
        link(w, "alternate", &permalink, Some("text/html"))?;
        match (&front.description, body.and_then(|b| b.summary.as_deref())) {
            (Some(description), _) => text_element(w, "summary", description)?,
            (None, Some(html)) => {
                w.create_element("summary")
                    .with_attribute(("type", "html"))
                    .write_text_content(BytesText::new(html))?;
            }
            (None, None) => text_element(w, "summary", &front.title)?,
        }
        Ok(())
    })?;
    Ok(())
}
