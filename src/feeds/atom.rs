//! `atom.xml` (Atom 1.0, RFC 4287): the site's feed of dated pages, one per
//! language on a multilingual site, and one per used taxonomy term; which
//! pages they carry, in which order, and the dates they show.

use std::io;

use chrono::NaiveDate;
use quick_xml::Writer;
use quick_xml::events::BytesText;

use super::{
    ATOM_NS, FEED_FILE, OutputFile, finish, last_changed, published, text_element, timestamp,
    xml_file, xml_writer,
};
use crate::content::{Kind, Page};
use crate::diagnostics::{Diagnostic, Result};
use crate::markdown::Rendered;
use crate::site::{PageId, Site};

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
pub(super) fn language_atom(
    site: &Site,
    bodies: &[Rendered],
    language: &crate::config::LanguageConfig,
) -> io::Result<Vec<u8>> {
    let home = site.url(&format!("{}/", language.code));
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
    // Each page's key once, not once per comparison.
    let mut keyed: Vec<(_, PageId)> = ids
        .into_iter()
        .filter_map(|id| Some((feed_order_key(&site.pages[id], as_of)?, id)))
        .collect();
    keyed.sort_by(|(key_a, a), (key_b, b)| {
        key_b
            .cmp(key_a)
            .then_with(|| site.pages[*a].url_path.cmp(&site.pages[*b].url_path))
    });
    keyed.truncate(FEED_LIMIT);
    keyed.into_iter().map(|(_, id)| id).collect()
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
pub(super) fn feed_updated(site: &Site, entries: &[PageId]) -> NaiveDate {
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
/// `<updated>` is not the date of anything it lists (see `feed_updated`).
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
        .in_file(site.config.root.join(crate::layout::CONFIG_FILE))
        .hint("set as_of = YYYY-MM-DD in site.toml, the day the site's facts are current to"),
    )
}

/// The site's Atom feed (RFC 4287), as bytes.
pub(super) fn atom(site: &Site, bodies: &[Rendered]) -> io::Result<Vec<u8>> {
    let config = &site.config;
    let feed = Feed {
        id: &config.base_url,
        title: &config.title,
        self_url: site.url(FEED_FILE),
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
    use rayon::prelude::*;
    let config = &site.config;
    let terms: Vec<_> = site
        .taxonomies
        .iter()
        .flat_map(|taxonomy| taxonomy.terms.iter().map(move |term| (taxonomy, term)))
        .collect();
    // Each term's feed on its own: in parallel, in the terms' order.
    let files: Vec<Result<OutputFile>> = terms
        .par_iter()
        .map(|&(taxonomy, term)| {
            let path = crate::taxonomy::term_path(&taxonomy.name, &term.slug);
            let alternate = site.url(&path);
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
            xml_file(&file, atom_of(site, bodies, &feed, &entries))
        })
        .collect();
    files.into_iter().collect()
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
