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

use std::io;

use chrono::NaiveDate;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use crate::content::Page;
use crate::dates::PartialDate;
use crate::diagnostics::{Diagnostic, Result};
use crate::markdown::Rendered;
use crate::output::OutputFile;
use crate::site::Site;

mod atom;
mod files;
pub mod overrides;
mod sitemap;

use atom::{atom, language_atom};
pub use atom::{feed_date_warning, feed_entries, feed_order_key, term_feed_files};
pub use files::{Atom, Robots, Sitemap};
use sitemap::sitemap;

use crate::layout::{FEED_FILE, SITEMAP_FILE};

const ATOM_NS: &str = "http://www.w3.org/2005/Atom";
const SITEMAP_NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const XHTML_NS: &str = "http://www.w3.org/1999/xhtml";

/// sitemap.xml: shows each page's URL and front-matter dates.
fn sitemap_file(site: &Site) -> Result<OutputFile> {
    if let Some(file) = overrides::sitemap(site)? {
        return Ok(file);
    }
    xml_file(SITEMAP_FILE, sitemap(site))
}

/// atom.xml: shows the front matter of the [`feed_entries`], and the summary
/// of those without a description.
fn feed_file(site: &Site, bodies: &[Rendered]) -> Result<OutputFile> {
    if let Some(file) = overrides::feed(site, bodies)? {
        return Ok(file);
    }
    xml_file(FEED_FILE, atom(site, bodies))
}

/// atom.xml and, on a multilingual site, each other language's (`uk/atom.xml`).
fn feed_files(site: &Site, bodies: &[Rendered]) -> Result<Vec<OutputFile>> {
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
    last_changed(page, as_of).map(crate::dates::day_iso)
}

fn robots(site: &Site) -> OutputFile {
    OutputFile {
        path: crate::layout::ROBOTS_FILE.into(),
        bytes: format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}\n",
            site.url(SITEMAP_FILE)
        )
        .into_bytes(),
    }
}

/// An RFC 3339 timestamp at midnight UTC of a date (a partial date is the
/// first day of its period).
fn timestamp(date: NaiveDate) -> String {
    let mut stamp = crate::dates::day_iso(date);
    stamp.push_str("T00:00:00Z");
    stamp
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A site from `(path, text)` files below `content/`, with `as_of` if given.
    fn site(as_of: Option<&str>, pages: &[(&str, &str)]) -> (Site, Vec<Rendered>) {
        let mut toml = "title = \"T\"\nbase_url = \"https://example.org/\"\n".to_string();
        if let Some(as_of) = as_of {
            toml.push_str(&format!("as_of = {as_of}\n"));
        }
        let site = crate::site::test_site(&toml, pages);
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
