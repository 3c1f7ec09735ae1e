//! Files every static host and feed reader expects besides the pages:
//! `sitemap.xml` (per sitemaps.org), `robots.txt` naming it, and `atom.xml`
//! (Atom 1.0, RFC 4287) of the dated pages: timeline events and explainers.
//!
//! All three keep absolute URLs that honour the base URL's sub-path, also in
//! portable builds, because crawlers and feed readers read them out of context.
//! Dates come from the content (the clock only for the `<updated>` of a feed
//! on a site with no date at all, with a warning), so two builds of the
//! same content give the same bytes. XML is written with quick-xml, which
//! escapes text and attributes.
//!
//! Both files date a page by when it was published, updated or reviewed, never
//! by the event it describes (see [`published`] and [`last_changed`]): an entry
//! about 2014 is not a publication of 2014. A month or a year stands for the
//! first day of that period at 00:00:00Z, in both files (docs/content.md).
//!
//! The site's own files win: a `static/robots.txt` replaces the generated one,
//! and `templates/sitemap.xml` or `templates/atom.xml` in the site replace the
//! built-in writers (rendered with Tera, see [`overrides`]).

use std::collections::HashMap;
use std::io;

use chrono::NaiveDate;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use crate::content::{Kind, Page};
use crate::dates::PartialDate;
use crate::diagnostics::{Diagnostic, Result};
use crate::markdown::Rendered;
use crate::render::OutputFile;
use crate::site::{PageId, Site};

/// Where the feed lands below the output root.
pub const FEED_FILE: &str = "atom.xml";
pub const SITEMAP_FILE: &str = "sitemap.xml";

const ATOM_NS: &str = "http://www.w3.org/2005/Atom";
const SITEMAP_NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const XHTML_NS: &str = "http://www.w3.org/1999/xhtml";

/// sitemap.xml, robots.txt and atom.xml for `site`; `bodies` give feed summaries.
pub fn site_files(site: &Site, bodies: &[Rendered]) -> Result<Vec<OutputFile>> {
    let (sitemap, feeds) = rayon::join(|| sitemap_file(site), || feed_files(site, bodies));
    let mut files = vec![sitemap?];
    files.extend(feeds?);
    if !overrides::has_static_robots(site) {
        files.push(robots(site));
    }
    Ok(files)
}

/// sitemap.xml: shows each page's URL and front-matter dates.
pub fn sitemap_file(site: &Site) -> Result<OutputFile> {
    if let Some(file) = overrides::sitemap(site)? {
        return Ok(file);
    }
    xml_file(SITEMAP_FILE, sitemap(site))
}

/// atom.xml: shows the front matter of the [`feed_entries`], and the summary
/// of those without a description.
pub fn feed_file(site: &Site, bodies: &[Rendered]) -> Result<OutputFile> {
    if let Some(file) = overrides::feed(site, bodies)? {
        return Ok(file);
    }
    xml_file(FEED_FILE, atom(site, bodies))
}

/// atom.xml and, on a multilingual site, each other language's (`uk/atom.xml`).
pub fn feed_files(site: &Site, bodies: &[Rendered]) -> Result<Vec<OutputFile>> {
    let mut files = vec![feed_file(site, bodies)?];
    for language in &site.config.languages {
        files.push(xml_file(
            &format!("{}/{FEED_FILE}", language.code),
            language_atom(site, bodies, language),
        )?);
    }
    Ok(files)
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

/// When `page` was published: its `date`, unless that is the date of the event
/// the page describes (see [`crate::events::is_event`]); a page with no
/// publication date of its own takes the site's `as_of`.
pub fn published(page: &Page, as_of: Option<NaiveDate>) -> Option<NaiveDate> {
    let front = &page.front;
    front
        .date
        .filter(|_| !crate::events::is_event(front))
        .map(|d| d.date)
        .or(as_of)
}

/// When `page` last changed: the latest of its publication ([`published`]),
/// `updated` and `reviewed` dates and the dates of its `corrections` and
/// `updates`, so never earlier than its publication.
pub fn last_changed(page: &Page, as_of: Option<NaiveDate>) -> Option<NaiveDate> {
    let front = &page.front;
    let dates = [front.updated, front.reviewed].map(|d| d.map(|d: PartialDate| d.date));
    let notices = front.corrections.iter().chain(&front.updates);
    dates
        .into_iter()
        .chain([published(page, as_of)])
        .flatten()
        .chain(notices.map(|n| n.date.date))
        .max()
}

/// The `<lastmod>` of `page` in the sitemap (a W3C date, `YYYY-MM-DD`).
pub fn sitemap_date(page: &Page, as_of: Option<NaiveDate>) -> Option<String> {
    last_changed(page, as_of).map(|d| d.format("%Y-%m-%d").to_string())
}

/// Issue 17: the `hreflang` alternates of each page with versions in other
/// languages, by permalink: (language code, URL), the default-language
/// version also as `x-default`.
fn sitemap_alternates(site: &Site) -> HashMap<String, Vec<(String, String)>> {
    let mut alternates = HashMap::new();
    if !site.config.is_multilingual() {
        return alternates;
    }
    for id in 0..site.pages.len() {
        let versions = site.versions(id);
        let mut list: Vec<(String, String)> = versions
            .iter()
            .map(|&v| (site.lang_of(v).to_string(), site.permalink(v)))
            .collect();
        if let Some(&first) = versions.first()
            && site.pages[first].lang.is_empty()
        {
            list.push(("x-default".to_string(), site.permalink(first)));
        }
        alternates.insert(site.permalink(id), list);
    }
    alternates
}

/// Every page's permalink and `<lastmod>`, sorted by permalink.
fn sitemap_entries(site: &Site) -> Vec<(String, Option<String>)> {
    let as_of = site.config.as_of;
    let mut entries: Vec<(String, Option<String>)> = site
        .pages
        .iter()
        .enumerate()
        .map(|(id, page)| (site.permalink(id), sitemap_date(page, as_of)))
        .collect();
    // Taxonomy pages, dated by their newest page.
    for taxonomy in &site.taxonomies {
        let mut newest_of_all = None;
        for term in &taxonomy.terms {
            let newest = term
                .pages
                .iter()
                .filter_map(|&id| sitemap_date(&site.pages[id], as_of))
                .max();
            newest_of_all = newest_of_all.max(newest.clone());
            let path = crate::taxonomy::term_path(&taxonomy.name, &term.slug);
            entries.push((format!("{}{path}", site.config.base_url), newest));
        }
        let path = crate::taxonomy::list_path(&taxonomy.name);
        entries.push((format!("{}{path}", site.config.base_url), newest_of_all));
    }
    entries.sort();
    entries
}

fn sitemap(site: &Site) -> io::Result<Vec<u8>> {
    let entries = sitemap_entries(site);
    let alternates = sitemap_alternates(site);
    let mut writer = xml_writer()?;
    let mut urlset = writer
        .create_element("urlset")
        .with_attribute(("xmlns", SITEMAP_NS));
    if !alternates.is_empty() {
        urlset = urlset.with_attribute(("xmlns:xhtml", XHTML_NS));
    }
    urlset.write_inner_content(|w| {
        for (url, lastmod) in &entries {
            w.create_element("url").write_inner_content(|w| {
                text_element(w, "loc", url)?;
                if let Some(lastmod) = lastmod {
                    text_element(w, "lastmod", lastmod)?;
                }
                for (lang, href) in alternates.get(url).into_iter().flatten() {
                    w.create_element("xhtml:link")
                        .with_attribute(("rel", "alternate"))
                        .with_attribute(("hreflang", lang.as_str()))
                        .with_attribute(("href", href.as_str()))
                        .write_empty()?;
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

/// An RFC 3339 timestamp at midnight UTC of a date (a partial date is the
/// first day of its period).
fn timestamp(date: NaiveDate) -> String {
    format!("{}T00:00:00Z", date.format("%Y-%m-%d"))
}

/// How many entries the feed carries: readers poll it for what is new, and a
/// feed of every page of a large site would be megabytes on every poll.
pub const FEED_LIMIT: usize = 50;

/// Pages in the feed: dated pages (timeline events, explainers) with a date
/// the feed may show ([`last_changed`]), newest change first, then newest
/// publication, at most [`FEED_LIMIT`].
pub fn feed_entries(site: &Site) -> Vec<PageId> {
    if site.config.is_multilingual() {
        // The default language's feed (issue 17): each language has its own.
        return feed_entries_of(
            site,
            (0..site.pages.len()).filter(|&id| site.pages[id].lang.is_empty()),
        );
    }
    feed_entries_of(site, 0..site.pages.len())
}

/// `uk/atom.xml` (issue 17): the default feed's entries, each in language
/// `language` where it is translated (an entry left in the default language
/// says so with `xml:lang`), under the language's title and home page.
fn language_atom(
    site: &Site,
    bodies: &[Rendered],
    language: &crate::config::LanguageConfig,
) -> io::Result<Vec<u8>> {
    let home = format!("{}{}/", site.config.base_url, language.code);
    let feed = Feed {
        id: &home,
        title: &language.title,
        self_url: format!("{home}{FEED_FILE}"),
        alternate: &home,
        lang: &language.code,
        subtitle: &language.description,
    };
    let mut entries: Vec<PageId> = Vec::new();
    for id in feed_entries(site) {
        let version = site.version_in(id, &language.code).unwrap_or(id);
        entries.push(version);
    }
    // Translations of no original page, in the feed's order.
    let orphans = feed_entries_of(
        site,
        (0..site.pages.len()).filter(|&id| {
            site.pages[id].lang == language.code && site.version_in(id, "").is_none()
        }),
    );
    entries.extend(orphans);
    atom_of(site, bodies, &feed, &entries)
}

/// [`feed_entries`] among `ids` (a term's pages, for its feed).
pub fn feed_entries_of(site: &Site, ids: impl IntoIterator<Item = PageId>) -> Vec<PageId> {
    let as_of = site.config.as_of;
    let mut ids: Vec<PageId> = ids
        .into_iter()
        .filter(|&id| feed_order_key(&site.pages[id], as_of).is_some())
        .collect();
    ids.sort_by(|&a, &b| {
        let key = |id: PageId| feed_order_key(&site.pages[id], as_of);
        key(b)
            .cmp(&key(a))
            .then_with(|| site.pages[a].url_path.cmp(&site.pages[b].url_path))
    });
    ids.truncate(FEED_LIMIT);
    ids
}

/// Where a page sorts in the feed (see [`feed_entries`]): its last change and
/// publication dates, which are also the dates the feed shows of it (Atom
/// requires `<updated>`; `<published>` is optional); `None` for pages the feed
/// leaves out.
pub fn feed_order_key(
    page: &Page,
    as_of: Option<NaiveDate>,
) -> Option<(NaiveDate, Option<NaiveDate>)> {
    if page.kind != Kind::Page || page.front.date.is_none() {
        return None;
    }
    Some((last_changed(page, as_of)?, published(page, as_of)))
}

/// The feed's `<updated>`, which Atom requires (RFC 4287 4.1.1): its newest
/// entry's last change; with no entries, the site's `as_of`; else the newest
/// date any page gives (`date`, `updated`, `reviewed`); else today (from
/// `SOURCE_DATE_EPOCH` when set, else the clock), the one date not taken from
/// the content, which [`feed_date_warning`] reports. Never 1970.
fn feed_updated(site: &Site, entries: &[PageId]) -> NaiveDate {
    let as_of = site.config.as_of;
    entries
        .iter()
        .filter_map(|&id| last_changed(&site.pages[id], as_of))
        .max()
        .or(as_of)
        .or_else(|| newest_page_date(site))
        .unwrap_or_else(today)
}

/// The newest date any page gives of itself: publication, update or review.
fn newest_page_date(site: &Site) -> Option<NaiveDate> {
    site.pages
        .iter()
        .filter_map(|page| last_changed(page, None))
        .max()
}

/// Today, as the rest of the tool has it ([`crate::schedule::today`]); an
/// unreadable `BRIEFING_TODAY` has already failed the build, so the clock.
fn today() -> NaiveDate {
    crate::schedule::today().unwrap_or_else(|_| crate::schedule::clock_day())
}

/// A warning when the feed has no entry and the site no `as_of`, so its
/// `<updated>` is not the date of anything it lists (see [`feed_updated`]).
pub fn feed_date_warning(site: &Site) -> Option<Diagnostic> {
    if site.config.as_of.is_some() || !feed_entries(site).is_empty() {
        return None;
    }
    let used = match newest_page_date(site) {
        Some(date) => format!("it uses the newest date a page gives, {date}"),
        None => "no page gives a date either, so it uses today's date and each day's build differs"
            .into(),
    };
    Some(
        Diagnostic::warning(format!(
            "atom.xml needs a date (its <updated>) and has no dated entry: {used}"
        ))
        .in_file(site.config.root.join(crate::config::CONFIG_FILE))
        .hint("set as_of = YYYY-MM-DD in site.toml, the day the site's facts are current to"),
    )
}

fn atom(site: &Site, bodies: &[Rendered]) -> io::Result<Vec<u8>> {
    let config = &site.config;
    let feed = Feed {
        id: &config.base_url,
        title: &config.title,
        self_url: format!("{}{FEED_FILE}", config.base_url),
        alternate: &config.base_url,
        lang: &config.language,
        subtitle: &config.description,
    };
    atom_of(site, bodies, &feed, &feed_entries(site))
}

/// What distinguishes one Atom feed from another: the site's, or a term's.
struct Feed<'a> {
    id: &'a str,
    title: &'a str,
    self_url: String,
    alternate: &'a str,
    /// The feed's `xml:lang` and `<subtitle>`.
    lang: &'a str,
    subtitle: &'a str,
}

/// The Atom feed of each used term, at `NAME/TERM/atom.xml`: the term's pages
/// by the site feed's rules (dates of publication, update or review, never
/// of the event).
pub fn term_feed_files(site: &Site, bodies: &[Rendered]) -> Result<Vec<OutputFile>> {
    let config = &site.config;
    let mut files = Vec::new();
    for taxonomy in &site.taxonomies {
        for term in &taxonomy.terms {
            let path = crate::taxonomy::term_path(&taxonomy.name, &term.slug);
            let alternate = format!("{}{path}", config.base_url);
            let title = format!("{} · {} · {}", term.name, taxonomy.title, config.title);
            let feed = Feed {
                id: &alternate,
                title: &title,
                self_url: format!("{alternate}{FEED_FILE}"),
                alternate: &alternate,
                lang: &config.language,
                subtitle: &config.description,
            };
            let entries = feed_entries_of(site, term.pages.iter().copied());
            let file = format!("{path}{FEED_FILE}");
            files.push(xml_file(&file, atom_of(site, bodies, &feed, &entries))?);
        }
    }
    Ok(files)
}

fn atom_of(
    site: &Site,
    bodies: &[Rendered],
    feed: &Feed<'_>,
    entries: &[PageId],
) -> io::Result<Vec<u8>> {
    let config = &site.config;
    let updated = feed_updated(site, entries);
    let mut writer = xml_writer()?;
    writer
        .create_element("feed")
        .with_attribute(("xmlns", ATOM_NS))
        .with_attribute(("xml:lang", feed.lang))
        .write_inner_content(|w| {
            text_element(w, "id", feed.id)?;
            text_element(w, "title", feed.title)?;
            if !feed.subtitle.is_empty() {
                text_element(w, "subtitle", feed.subtitle)?;
            }
            text_element(w, "updated", &timestamp(updated))?;
            link(w, "self", &feed.self_url, Some("application/atom+xml"))?;
            link(w, "alternate", feed.alternate, Some("text/html"))?;
            w.create_element("author")
                .write_inner_content(|w| text_element(w, "name", &config.title))?;
            text_element(w, "generator", "briefing")?;
            for &id in entries {
                entry(w, site, bodies.get(id), id, feed.lang)?;
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
    feed_lang: &str,
) -> io::Result<()> {
    let page = &site.pages[id];
    let front = &page.front;
    let permalink = site.permalink(id);
    let mut element = w.create_element("entry");
    let lang = site.lang_of(id);
    if lang != feed_lang {
        element = element.with_attribute(("xml:lang", lang));
    }
    element.write_inner_content(|w| {
        text_element(w, "id", &permalink)?;
        text_element(w, "title", &front.title)?;
        // Entries without a last change are not in the feed (`feed_order_key`).
        if let Some((updated, published)) = feed_order_key(page, site.config.as_of) {
            text_element(w, "updated", &timestamp(updated))?;
            if let Some(published) = published {
                text_element(w, "published", &timestamp(published))?;
            }
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

/// The site's own `templates/sitemap.xml` and `templates/atom.xml`, rendered
/// with Tera (autoescaped, as XML) instead of the built-in writers, and its
/// own `static/robots.txt` instead of the generated one. Documented in
/// docs/deploy.md; the variables:
///
/// - both: `config` (`title`, `description`, `base_url`, `language`);
/// - sitemap.xml: `entries`, each `{permalink, lastmod}` (`lastmod` a
///   `YYYY-MM-DD` date or none), sorted by permalink;
/// - atom.xml: `feed_url`, `updated` (RFC 3339, always set) and `pages`, newest
///   first as in the built-in feed, each `{title, permalink, updated,
///   published, description, summary}` (`summary`: HTML or none).
pub mod overrides {
    use std::path::PathBuf;

    use super::{
        FEED_FILE, SITEMAP_FILE, feed_entries, feed_order_key, feed_updated, sitemap_entries,
        timestamp,
    };
    use crate::diagnostics::{Diagnostic, Result, io_error};
    use crate::markdown::Rendered;
    use crate::render::OutputFile;
    use crate::site::Site;

    /// True when the site has a `static/robots.txt` of its own.
    pub fn has_static_robots(site: &Site) -> bool {
        site.config.root.join("static/robots.txt").is_file()
    }

    fn template(site: &Site, name: &str) -> Option<PathBuf> {
        let path = site.config.root.join("templates").join(name);
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
        context.insert("feed_url", &format!("{}{FEED_FILE}", site.config.base_url));
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Config, Overrides};
    use crate::sources::Sources;

    /// A site from `(path, text)` files below `content/`, with `as_of` if given.
    fn site(as_of: Option<&str>, pages: &[(&str, &str)]) -> (Site, Vec<Rendered>) {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        let mut toml = "title = \"T\"\nbase_url = \"https://example.org/\"\n".to_string();
        if let Some(as_of) = as_of {
            toml.push_str(&format!("as_of = {as_of}\n"));
        }
        for (path, text) in pages {
            let file = root.join("content").join(path);
            std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
            std::fs::write(file, text).expect("write");
        }
        let config = Config::parse(root, &root.join("site.toml"), &toml, &Overrides::default())
            .expect("config");
        let content = crate::content::load(root, &root.join("content"), false).expect("content");
        let sources = Sources::parse(&root.join("sources.yaml"), "[]").expect("sources");
        let site = Site::new(config, content, sources).expect("site");
        let bodies = crate::render::render_bodies(&site);
        (site, bodies)
    }

    fn atom_text(site: &Site, bodies: &[Rendered]) -> String {
        String::from_utf8(atom(site, bodies).expect("atom")).expect("utf-8")
    }

    fn sitemap_text(site: &Site) -> String {
        String::from_utf8(sitemap(site).expect("sitemap")).expect("utf-8")
    }

    /// Every `<tag>` value in `xml`, in order.
    fn values<'a>(xml: &'a str, tag: &str) -> Vec<&'a str> {
        let open = format!("<{tag}>");
        xml.split(&open)
            .skip(1)
            .filter_map(|rest| rest.split('<').next())
            .collect()
    }

    const EVENTS: &[(&str, &str)] = &[
        ("_index.md", "---\ntitle: Home\n---\n"),
        ("timeline/_index.md", "---\ntitle: Timeline\n---\n"),
        (
            "timeline/crimea.md",
            "---\ntitle: Crimea\ndate: \"2014-03\"\nstatus: happened\n---\nText.\n",
        ),
        (
            "timeline/next.md",
            "---\ntitle: Next round\ndate: \"2026-01\"\nstatus: expected\n---\nText.\n",
        ),
        (
            "timeline/range.md",
            "---\ntitle: Range\ndate: 2027-02-01\nend_date: 2027-02-02\n---\nText.\n",
        ),
    ];

    #[test]
    fn ignores_event_dates_and_dates_events_by_as_of() {
        let (site, bodies) = site(Some("2025-12-15"), EVENTS);
        let atom = atom_text(&site, &bodies);
        let dates: Vec<&str> = values(&atom, "updated")
            .into_iter()
            .chain(values(&atom, "published"))
            .collect();
        assert_eq!(dates.len(), 7, "{atom}");
        assert!(dates.iter().all(|d| *d == "2025-12-15T00:00:00Z"), "{atom}");
        let sitemap = sitemap_text(&site);
        let lastmods = values(&sitemap, "lastmod");
        assert_eq!(lastmods, vec!["2025-12-15"; 5], "{sitemap}");
    }

    #[test]
    fn dates_articles_by_publication_update_and_review() {
        let mut pages = EVENTS.to_vec();
        pages.push((
            "explainers/old.md",
            "---\ntitle: Old\ndate: \"2025-11\"\n---\nText.\n",
        ));
        pages.push((
            "explainers/new.md",
            "---\ntitle: New\ndate: 2025-12-10\nupdated: 2025-12-12\nreviewed: 2025-12-16\n---\nText.\n",
        ));
        let (site, bodies) = site(Some("2025-12-15"), &pages);
        let atom = atom_text(&site, &bodies);
        let updated = values(&atom, "updated");
        let published = values(&atom, "published");
        // The feed's own <updated> is its newest entry's, never earlier than any <published>.
        assert_eq!(updated[0], "2025-12-16T00:00:00Z", "{atom}");
        assert!(published.iter().all(|p| *p <= updated[0]), "{atom}");
        // Newest change first; each entry's <updated> is never before its <published>.
        assert_eq!(&updated[1..], &updated_sorted(&updated[1..]), "{atom}");
        for (u, p) in updated[1..].iter().zip(&published) {
            assert!(u >= p, "{atom}");
        }
        assert_eq!(published[0], "2025-12-10T00:00:00Z", "{atom}");
        // A month stands for its first day at 00:00:00Z, in the feed and the sitemap.
        assert!(published.contains(&"2025-11-01T00:00:00Z"), "{atom}");
        let sitemap = sitemap_text(&site);
        assert!(
            sitemap.contains("<lastmod>2025-11-01</lastmod>"),
            "{sitemap}"
        );
        assert!(
            sitemap.contains("<lastmod>2025-12-16</lastmod>"),
            "{sitemap}"
        );
        assert!(
            !sitemap.contains("2026") && !sitemap.contains("2027") && !sitemap.contains("2014")
        );
    }

    #[test]
    fn corrections_and_updates_move_a_page_s_last_change() {
        let page = |notices: &str| {
            format!("---\ntitle: P\ndate: 2025-12-10\nupdated: 2025-12-12\n{notices}---\nText.\n")
        };
        for (notices, expected) in [
            ("", "2025-12-12"),
            (
                "corrections:\n  - date: 2025-12-14\n    text: x\n",
                "2025-12-14",
            ),
            (
                "updates:\n  - date: 2025-12-20\n    text: x\n",
                "2025-12-20",
            ),
            // An older correction leaves the latest date alone.
            (
                "corrections:\n  - date: 2025-12-11\n    text: x\n",
                "2025-12-12",
            ),
            (
                "corrections:\n  - date: 2025-12-18\n    text: x\n  - date: 2025-12-13\n    text: y\nupdates:\n  - date: 2025-12-17\n    text: z\n",
                "2025-12-18",
            ),
        ] {
            let text = page(notices);
            let (site, bodies) = site(
                Some("2025-12-15"),
                &[
                    ("_index.md", "---\ntitle: Home\n---\n"),
                    ("explainers/p.md", &text),
                ],
            );
            let id = site.by_file["explainers/p.md"];
            let changed = last_changed(&site.pages[id], site.config.as_of);
            assert_eq!(
                changed.map(|d| d.to_string()).as_deref(),
                Some(expected),
                "{notices}"
            );
            let atom = atom_text(&site, &bodies);
            let stamp = format!("{expected}T00:00:00Z");
            assert_eq!(values(&atom, "updated"), [stamp.as_str(); 2], "{atom}");
            assert_eq!(
                values(&atom, "published"),
                ["2025-12-10T00:00:00Z"],
                "{atom}"
            );
            assert!(sitemap_text(&site).contains(&format!("<lastmod>{expected}</lastmod>")));
        }
    }

    fn updated_sorted<'a>(dates: &[&'a str]) -> Vec<&'a str> {
        let mut sorted = dates.to_vec();
        sorted.sort_by(|a, b| b.cmp(a));
        sorted
    }

    #[test]
    fn never_writes_1970_when_nothing_is_dated() {
        let undated = &[
            ("_index.md", "---\ntitle: Home\n---\n"),
            ("about.md", "---\ntitle: About\n---\nText.\n"),
        ];
        for as_of in [None, Some("2025-12-15")] {
            let (site, bodies) = site(as_of, undated);
            let atom = atom_text(&site, &bodies);
            let sitemap = sitemap_text(&site);
            assert!(
                !atom.contains("1970") && !sitemap.contains("1970"),
                "{atom}{sitemap}"
            );
            assert_eq!(
                atom.contains("<updated>2025-12-15T00:00:00Z</updated>"),
                as_of.is_some()
            );
            assert_eq!(values(&atom, "updated").len(), 1, "{atom}");
            assert_eq!(feed_date_warning(&site).is_some(), as_of.is_none());
        }
        // Events with no as_of have no publication date: not in the feed, no lastmod.
        let (site, bodies) = site(None, EVENTS);
        let atom = atom_text(&site, &bodies);
        assert!(
            !atom.contains("<entry>") && !atom.contains("1970"),
            "{atom}"
        );
        assert!(!sitemap_text(&site).contains("<lastmod>"));
        // Reviewed, such an event is in the feed, updated on its review only.
        let mut reviewed = EVENTS.to_vec();
        reviewed[2].1 = "---\ntitle: Crimea\ndate: \"2014-03\"\nstatus: happened\nreviewed: 2025-12-16\n---\nText.\n";
        let (reviewed, bodies) = self::site(None, &reviewed);
        let atom = atom_text(&reviewed, &bodies);
        assert_eq!(
            values(&atom, "updated"),
            ["2025-12-16T00:00:00Z"; 2],
            "{atom}"
        );
        assert!(values(&atom, "published").is_empty(), "{atom}");
    }

    #[test]
    fn a_feed_without_entries_or_as_of_still_has_an_updated() {
        // No dated page: today, from SOURCE_DATE_EPOCH or the clock.
        let undated = &[
            ("_index.md", "---\ntitle: Home\n---\n"),
            ("about.md", "---\ntitle: About\n---\nText.\n"),
        ];
        let (site, bodies) = site(None, undated);
        let atom = atom_text(&site, &bodies);
        let updated = values(&atom, "updated");
        assert_eq!(updated.len(), 1, "{atom}");
        assert!(updated[0] >= "2025-01-01", "{atom}");
        let warning = feed_date_warning(&site).expect("warning");
        assert!(
            warning.message.contains("uses today's date"),
            "{}",
            warning.message
        );
        // An undated page's `updated` (it is not a feed entry) dates the feed.
        let updated_only = &[
            ("_index.md", "---\ntitle: Home\n---\n"),
            (
                "about.md",
                "---\ntitle: About\nupdated: 2025-03-02\n---\nText.\n",
            ),
        ];
        let (site, bodies) = self::site(None, updated_only);
        let atom = atom_text(&site, &bodies);
        assert_eq!(values(&atom, "updated"), ["2025-03-02T00:00:00Z"], "{atom}");
        let warning = feed_date_warning(&site).expect("warning");
        assert!(
            warning.message.contains("2025-03-02"),
            "{}",
            warning.message
        );
    }
}
