//! The template values built from the site: a page's value (its view plus
//! links to related pages), a section's (with its pages and subsections),
//! the short value other pages link with, the source listing, and what the
//! site-wide template functions read.

use std::collections::{BTreeMap, HashMap, HashSet};

use tera::Value;

use super::{
    CitationView, LINK_FIELDS, LinkView, PageView, SourceListing, SourceView, reading_time,
};
use crate::diagnostics::{Diagnostic, Errors, Result};
use crate::frontmatter::NoticeView;
use crate::markdown::{Rendered, TocEntry};
use crate::site::{PageId, Related, Site, sort_pages};
use crate::templates::SiteData;

/// The short template value other pages use to link to page `id`.
pub fn link_value(site: &Site, id: PageId) -> Result<Value> {
    to_value(&LinkView::new(site, id))
}

/// Inputs of a page's template value.
pub struct ValueInputs<'a> {
    /// The site graph.
    pub site: &'a Site,
    /// Each page's rendered body, by page id.
    pub bodies: &'a [Rendered],
    /// Whether each page is stale, by page id (see `editorial::stale_flags`).
    pub stale: &'a [bool],
    /// Each page's related pages, by page id.
    pub related: &'a [Related],
    /// Each page's link value ([`link_value`]), by page id.
    pub links: &'a [Value],
    /// Each taxonomy's term values ([`super::taxonomy::term_values`]).
    pub terms: &'a [Vec<Value>],
}

impl<'a> ValueInputs<'a> {
    /// The template value of a page: its view plus links to other pages.
    pub fn value(&self, id: PageId) -> Result<Value> {
        let mut map = to_value(&self.view(id))?.into_map().unwrap_or_default();
        share_link_strings(&mut map, &self.links[id]);
        // Room for exactly the link fields: growing would round the entries
        // up to the hash table's capacity (56 of 64-byte entries, 3.5 KB a
        // page, where 48 take 3 KB).
        map.reserve_exact(LINK_FIELDS.len());
        let links = self.links;
        let list =
            |ids: &[PageId]| Value::from(ids.iter().map(|&t| links[t].clone()).collect::<Vec<_>>());
        let one = |target: Option<PageId>| target.map_or_else(Value::none, |t| links[t].clone());
        let related = &self.related[id];
        let [f_actors, f_backlinks, f_ancestors, f_lower, f_higher] = LINK_FIELDS;
        map.insert(f_actors.into(), list(&related.actors));
        map.insert(f_backlinks.into(), list(&related.backlinks));
        map.insert(f_ancestors.into(), list(&related.ancestors));
        map.insert(f_lower.into(), one(related.lower));
        map.insert(f_higher.into(), one(related.higher));
        Ok(Value::from(map))
    }

    fn view(&self, id: PageId) -> PageView<'a> {
        let site = self.site;
        let page = &site.pages[id];
        let body = &self.bodies[id];
        let front = &page.front;
        let locale = if site.config.is_multilingual() || site.config.language != "en" {
            crate::dates::locale_of(site.lang_of(id))
        } else {
            None
        };
        let mut sources: Vec<SourceView<'a>> = Vec::new();
        let mut seen = HashSet::new();
        for source_id in front.sources.iter().chain(&body.citations) {
            if seen.insert(source_id.as_str())
                && let Some(source) = site.sources.get(source_id)
            {
                sources.push(SourceView::new_in(source, locale));
            }
        }
        let citations = body
            .citations
            .iter()
            .enumerate()
            .filter_map(|(i, source_id)| {
                let source = site.sources.get(source_id)?;
                Some(CitationView {
                    number: i + 1,
                    id: &source.id,
                    source: SourceView::new_in(source, locale),
                })
            })
            .collect();
        let show = |d: crate::dates::PartialDate| d.display_with(locale);
        PageView {
            kind: PageView::kind_name(page.kind),
            relative_path: &page.file,
            lang: site.lang_of(id),
            translation_of: (!page.lang.is_empty()).then(|| page.original_file().into_owned()),
            title: &front.title,
            description: front.description.as_deref(),
            slug: &page.slug,
            path: site.path(id),
            permalink: site.permalink(id),
            section: &page.section_name,
            draft: front.draft,
            weight: front.weight,
            date: front.date.map(|d| d.iso()),
            date_display: front.date.map(show),
            date_precision: front.date.map(|d| d.precision),
            year: front.date.map(|d| d.year()),
            month: front
                .date
                .filter(|d| d.precision != crate::dates::Precision::Year)
                .map(|d| d.month()),
            end_date: front.end_date.map(|d| d.iso()),
            end_date_display: front.end_date.map(show),
            updated: front.updated.map(|d| d.iso()),
            updated_display: front.updated.map(show),
            reviewed: front.reviewed.map(|d| d.iso()),
            reviewed_display: front.reviewed.map(show),
            stale: self.stale.get(id).copied().unwrap_or(false),
            status: front.status,
            status_label: front.status.map(|s| s.label()),
            location: front.location.as_deref(),
            name: front.name.as_deref(),
            actor_kind: front.kind,
            role: front.role.as_deref(),
            affiliation: front.affiliation.as_deref(),
            aliases: &front.aliases,
            tags: &front.tags,
            taxonomies: super::taxonomy::page_terms(site, self.terms, front),
            extra: &front.extra,
            summary: body.summary.as_deref(),
            word_count: body.word_count,
            reading_time: reading_time(body.word_count),
            sources,
            citations,
            corrections: NoticeView::list(&front.corrections),
            updates: NoticeView::list(&front.updates),
            quotes: &body.quotes,
        }
    }
}

/// The fields a page value has in common with its link value, whose strings
/// are long enough to live on the heap (shorter ones are stored inline).
const SHARED_WITH_LINK: [&str; 7] = [
    "title",
    "name",
    "description",
    "permalink",
    "path",
    "relative_path",
    "date_display",
];

/// Makes the page value `map` hold the very strings of its link value `link`
/// where the two have the same text (and both are, or are not, marked safe),
/// instead of copies: the page values are the largest part of a build's
/// memory, and these strings about 0.4 KB a page. What templates see is the
/// same.
fn share_link_strings(map: &mut tera::value::Map, link: &Value) {
    let Some(link) = link.as_map() else {
        return;
    };
    for field in SHARED_WITH_LINK {
        let key = tera::value::Key::Str(field);
        if let (Some(own), Some(shared)) = (map.get_mut(&key), link.get(&key))
            && own.as_str().is_some()
            && own.as_str() == shared.as_str()
            && own.is_safe() == shared.is_safe()
        {
            *own = shared.clone();
        }
    }
}

fn to_value<T: serde::Serialize>(value: &T) -> Result<Value> {
    Value::try_from_serializable(value).map_err(|e| {
        Errors::one(Diagnostic::error(format!(
            "could not prepare template data: {e}"
        )))
    })
}

/// Every page's file and URL, as the site-wide template functions look them up.
#[derive(Debug, Clone, Default)]
pub struct Addresses {
    /// A page's file below `content/` → its id (`get_page(path=…)`).
    pub by_file: std::sync::Arc<HashMap<String, PageId>>,
    /// A page's file below `content/` → its full URL (`get_url(path="@/…")`).
    pub permalinks: std::sync::Arc<HashMap<String, String>>,
}

impl Addresses {
    /// The addresses of every page of `site`.
    pub fn new(site: &Site) -> Addresses {
        Addresses {
            by_file: std::sync::Arc::new(site.by_file.clone()),
            permalinks: std::sync::Arc::new(
                site.by_file
                    .iter()
                    .map(|(file, &id)| (file.clone(), site.permalink(id)))
                    .collect(),
            ),
        }
    }
}

/// Everything the site-wide template functions read.
pub fn site_data(
    site: &Site,
    addresses: &Addresses,
    summaries: Vec<Value>,
    sections: HashMap<PageId, Value>,
    sources: Value,
) -> SiteData {
    SiteData {
        by_file: addresses.by_file.clone(),
        summaries,
        sections,
        permalinks: addresses.permalinks.clone(),
        base_url: site.config.base_url.clone(),
        sources,
        language: site.config.language.clone(),
        images: Some(crate::templates::ImageAccess {
            images: site.images.clone(),
            root: site.config.root.clone(),
            theme: site.config.theme.clone(),
        }),
    }
}

/// What the value of the page being rendered carries of its body and the
/// values of other pages (lists, `get_page`) do not, like Zola's `content`:
/// a site's bodies and tables of contents are never all held as template
/// values at once (docs/templates.md, "Page views").
#[derive(Debug, Clone, Copy)]
pub struct OwnBody<'a> {
    /// The body's HTML: `content`.
    pub content: &'a str,
    /// The body's headings, nested: `toc`.
    pub toc: &'a [TocEntry],
}

/// A page's value with its own body (`toc` and `content`) added, when given.
pub fn with_body(summary: &Value, body: Option<OwnBody<'_>>) -> Value {
    let mut map = summary.as_map().cloned().unwrap_or_default();
    if let Some(body) = body {
        // `toc` where the page view has it (after `summary`), so a template
        // that walks the whole map sees the fields in the documented order.
        let at = map
            .get_index_of(&tera::value::Key::Str("summary"))
            .map_or(map.len(), |i| i + 1);
        map.shift_insert(at, "toc".into(), toc_value(body.toc));
        map.insert("content".into(), Value::safe_string(body.content));
    }
    Value::from(map)
}

/// The template value of a table of contents: a list of
/// `{level, id, title, children}`, nested (docs/templates.md).
fn toc_value(entries: &[TocEntry]) -> Value {
    let entries: Vec<Value> = entries
        .iter()
        .map(|entry| {
            let mut map = tera::value::Map::default();
            map.reserve(4);
            map.insert("level".into(), Value::from(entry.level));
            map.insert("id".into(), Value::from(entry.id.as_str()));
            map.insert("title".into(), Value::from(entry.title.as_str()));
            map.insert("children".into(), toc_value(&entry.children));
            Value::from(map)
        })
        .collect();
    Value::from(entries)
}

/// A section's value: its page value plus its `pages` and `subsections`
/// (and its own body, when given: the section being rendered).
pub fn section_value(
    site: &Site,
    summaries: &[Value],
    id: PageId,
    body: Option<OwnBody<'_>>,
) -> Value {
    let collect = |list: std::borrow::Cow<'_, [PageId]>| {
        Value::from(
            list.iter()
                .map(|&p| summaries[p].clone())
                .collect::<Vec<_>>(),
        )
    };
    let mut map = with_body(&summaries[id], body)
        .into_map()
        .unwrap_or_default();
    map.insert("pages".into(), collect(site.listing(id, false)));
    map.insert("subsections".into(), collect(site.listing(id, true)));
    Value::from(map)
}

/// The value behind `get_sources()`: every source with the pages citing it.
pub fn source_listing_value(site: &Site, bodies: &[Rendered]) -> Result<Value> {
    to_value(&source_listing(site, bodies))
}

fn source_listing<'a>(site: &'a Site, bodies: &[Rendered]) -> Vec<SourceListing<'a>> {
    let mut cited_by: BTreeMap<&str, Vec<PageId>> = BTreeMap::new();
    for (id, page) in site.pages.iter().enumerate() {
        let mut ids: Vec<&str> = page.front.sources.iter().map(String::as_str).collect();
        ids.extend(bodies[id].citations.iter().map(String::as_str));
        ids.sort_unstable();
        ids.dedup();
        for source in ids {
            cited_by.entry(source).or_default().push(id);
        }
    }
    site.sources
        .by_id
        .values()
        .map(|source| {
            let mut pages = cited_by
                .get(source.id.as_str())
                .cloned()
                .unwrap_or_default();
            sort_pages(&site.pages, &mut pages, crate::config::SortBy::Title);
            SourceListing {
                source: SourceView::new(source),
                cited_by: pages.into_iter().map(|p| LinkView::new(site, p)).collect(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_own_body_goes_where_the_page_view_documents_it() {
        let mut summary = tera::value::Map::default();
        for key in ["title", "summary", "word_count"] {
            summary.insert(key.into(), Value::from(key));
        }
        let toc = [TocEntry {
            level: 2,
            id: "first".into(),
            title: "First".into(),
            children: Vec::new(),
        }];
        let page = with_body(
            &Value::from(summary),
            Some(OwnBody {
                content: "<p>x</p>",
                toc: &toc,
            }),
        );
        let map = page.as_map().unwrap();
        let keys: Vec<&str> = map.keys().filter_map(|k| k.as_str()).collect();
        assert_eq!(keys, ["title", "summary", "toc", "word_count", "content"]);
        let entry = &map
            .get(&tera::value::Key::Str("toc"))
            .unwrap()
            .as_array()
            .unwrap()[0];
        let fields: Vec<&str> = entry
            .as_map()
            .unwrap()
            .keys()
            .filter_map(|k| k.as_str())
            .collect();
        assert_eq!(fields, ["level", "id", "title", "children"]);
    }

    #[test]
    fn a_page_value_holds_its_link_values_strings_not_copies() {
        let long = "Article 5-like guarantees, explained at length";
        let entry = |pairs: &[(&'static str, Value)]| {
            let mut map = tera::value::Map::default();
            for (key, value) in pairs {
                map.insert((*key).into(), value.clone());
            }
            map
        };
        let link = Value::from(entry(&[
            ("title", Value::from(long)),
            ("description", Value::safe_string(long)),
            ("path", Value::from("/explainers/a-rather-long-path/")),
        ]));
        let mut page = entry(&[
            ("title", Value::from(long)),
            ("description", Value::from(long)),
            ("path", Value::from("/explainers/another-long-path/")),
            ("slug", Value::from(long)),
        ]);
        share_link_strings(&mut page, &link);
        let text = |map: &tera::value::Map, key: &'static str| {
            map.get(&tera::value::Key::Str(key))
                .and_then(Value::as_str)
                .unwrap()
                .as_ptr()
        };
        let link = link.as_map().unwrap();
        // The same text: the very same string.
        assert_eq!(text(&page, "title"), text(link, "title"));
        // Marked safe in one and not the other, or another text: kept apart.
        assert_ne!(text(&page, "description"), text(link, "description"));
        assert!(!page[&tera::value::Key::Str("description")].is_safe());
        assert_ne!(text(&page, "path"), text(link, "path"));
        assert_eq!(
            page[&tera::value::Key::Str("path")].as_str(),
            Some("/explainers/another-long-path/")
        );
    }
}
