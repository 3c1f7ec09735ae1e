//! What templates see. Typed, serializable views of pages, sections, sources and
//! the config, with Zola's names where they mean the same thing (`page.title`,
//! `page.content`, `page.permalink`, `section.pages`, `config.base_url`, …).
//! Documented in docs/templates.md; renaming a field here breaks user themes.

mod shared;
pub mod taxonomy;
mod values;

pub use taxonomy::TaxonomyLink;
pub use values::{
    Addresses, OwnBody, ValueInputs, link_value, section_value, site_data, source_listing_value,
    with_body,
};

use serde::Serialize;

use crate::config::Config;
use crate::content::Kind;
use crate::dates::PartialDate;
use crate::frontmatter::{ActorKind, Status};
use crate::site::{PageId, Site};
use crate::sources::Source;

/// The template variable `config`: the site's settings as every template sees
/// them (docs/templates.md, "`config`"), with Zola's names.
#[derive(Debug, Serialize)]
pub struct ConfigView<'a> {
    /// The site's title (`site.toml`, or the language's).
    pub title: &'a str,
    /// The site's description (`site.toml`, or the language's).
    pub description: &'a str,
    /// The site's URL, always ending in `/`; may carry a sub-path
    /// (`https://example.org/talks/`).
    pub base_url: std::borrow::Cow<'a, str>,
    /// The path part of `base_url` (`/talks/`), ending in `/`.
    pub base_path: std::borrow::Cow<'a, str>,
    /// The site's language code, for `<html lang>` (BCP 47, as in the HTML
    /// standard).
    pub language: &'a str,
    /// The date the site's facts are current to, ISO 8601 (`2025-12-15`).
    pub as_of: Option<String>,
    /// The same date for people (`15 December 2025`).
    pub as_of_display: Option<String>,
    /// Days after which a page not reviewed before `as_of` is stale.
    pub max_age_days: Option<u32>,
    /// The taxonomies' indexes, for navigation (Zola's `config.taxonomies`).
    pub taxonomies: Vec<TaxonomyLink<'a>>,
    /// `[extra]` of `site.toml`, free-form.
    pub extra: &'a serde_json::Value,
}

/// Where a generated page is: `permalink` (absolute) and `path` (from the
/// root, base path included).
#[derive(Debug, Serialize)]
pub struct Address {
    /// Full URL (`https://example.org/talks/tags/`).
    pub permalink: String,
    /// URL path from the root, base path included (`/talks/tags/`).
    pub path: String,
}

impl Address {
    /// The address of the page at `url_path` below the site's root.
    pub fn new(config: &Config, url_path: &str) -> Self {
        Address {
            permalink: format!("{}{url_path}", config.base_url),
            path: format!("{}{url_path}", config.base_path),
        }
    }
}

impl<'a> ConfigView<'a> {
    /// The config as a translation in language `code` sees it: the
    /// language's title and description, and its home page (`/uk/`) as
    /// `base_url`, so that links to "the home page" stay in the language.
    pub fn for_language(config: &'a Config, code: &str) -> Option<Self> {
        let language = config.language(code)?;
        let mut view = ConfigView::new(config);
        view.title = &language.title;
        view.description = &language.description;
        view.language = &language.code;
        view.base_url = format!("{}{code}/", config.base_url).into();
        view.base_path = format!("{}{code}/", config.base_path).into();
        let locale = crate::dates::locale_of(code);
        view.as_of_display = config
            .as_of
            .map(|d| PartialDate::day(d).display_with(locale));
        Some(view)
    }

    /// The config as the default language sees it.
    pub fn new(config: &'a Config) -> Self {
        let as_of = config.as_of.map(PartialDate::day);
        ConfigView {
            title: &config.title,
            description: &config.description,
            base_url: config.base_url.as_str().into(),
            base_path: config.base_path.as_str().into(),
            language: &config.language,
            as_of: as_of.map(|d| d.iso()),
            as_of_display: as_of.map(|d| d.display()),
            max_age_days: config.max_age_days,
            taxonomies: config
                .taxonomies
                .iter()
                .map(|t| TaxonomyLink::new(config, &t.name, &t.title))
                .collect(),
            extra: &config.extra,
        }
    }
}

/// A link to another page: an item of `page.actors`, `backlinks`, `ancestors`,
/// `lower`, `higher`, `cited_by` (docs/templates.md, "Links").
#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    /// The page's `title:`.
    pub title: String,
    /// An actor's `name:` (none for other pages).
    pub name: Option<String>,
    /// The page's `description:`.
    pub description: Option<String>,
    /// Full URL of the page.
    pub permalink: String,
    /// URL path of the page from the root, base path included.
    pub path: String,
    /// The page's file below `content/` (`explainers/article-5.md`).
    pub relative_path: String,
    /// The page's section folder (`explainers`; `""` at the root).
    pub section: String,
    /// The page's `date:`, ISO 8601 at its precision (`2022-02`).
    pub date: Option<String>,
    /// The same date for people (`February 2022`), in the page's language.
    pub date_display: Option<String>,
    /// An actor's kind (`person`, `state`, …).
    pub kind: Option<ActorKind>,
    /// An actor's `role:`.
    pub role: Option<String>,
    /// A timeline event's `status:` (`happened`, `reported`, `expected`).
    pub status: Option<Status>,
    /// Issue 17: the page's language code.
    pub lang: String,
    /// The default-language file a translation translates (none for an original).
    pub translation_of: Option<String>,
}

impl LinkView {
    /// The link to page `id`.
    pub fn new(site: &Site, id: PageId) -> Self {
        let page = &site.pages[id];
        let locale = if site.config.is_multilingual() || site.config.language != "en" {
            crate::dates::locale_of(site.lang_of(id))
        } else {
            None
        };
        LinkView {
            title: page.front.title.clone(),
            name: page.front.name.clone(),
            description: page.front.description.clone(),
            permalink: site.permalink(id),
            path: site.path(id),
            relative_path: page.file.clone(),
            section: page.section_name.clone(),
            date: page.front.date.map(|d| d.iso()),
            date_display: page.front.date.map(|d| d.display_with(locale)),
            kind: page.front.kind,
            role: page.front.role.clone(),
            status: page.front.status,
            lang: site.lang_of(id).to_string(),
            translation_of: (!page.lang.is_empty()).then(|| page.original_file().into_owned()),
        }
    }
}

/// An item of `page.citations` (docs/templates.md): a source and its number.
#[derive(Debug, Clone, Serialize)]
pub struct CitationView<'a> {
    /// The citation's note number, from 1 in order of first citation (the
    /// body's markers link to `#cite-N`).
    pub number: usize,
    /// The source's id.
    pub id: &'a str,
    /// The source's fields (flattened into the citation).
    #[serde(flatten)]
    pub source: SourceView<'a>,
}

/// A source as templates see it: an item of `page.sources` (docs/templates.md,
/// "Sources and citations").
#[derive(Debug, Clone, Serialize)]
pub struct SourceView<'a> {
    /// The source's id, as pages cite it.
    pub id: &'a str,
    /// Who published it.
    pub publisher: &'a str,
    /// Who wrote it, if known.
    pub author: Option<&'a str>,
    /// Its title.
    pub title: &'a str,
    /// Where it is online, if it is.
    pub url: Option<&'a str>,
    /// When it was published, ISO 8601 at its precision.
    pub date: Option<String>,
    /// The same date for people.
    pub date_display: Option<String>,
    /// When it was last read, ISO 8601.
    pub accessed: Option<String>,
    /// The same date for people.
    pub accessed_display: Option<String>,
    /// A free-form note on the source.
    pub note: Option<&'a str>,
    /// The SHA-256 of an archived copy, hex.
    pub sha256: Option<&'a str>,
}

impl<'a> SourceView<'a> {
    /// The source as a page in the language of `locale` shows it (issue 17:
    /// its dates in that language; `None` is English).
    pub fn new_in(source: &'a Source, locale: Option<chrono::Locale>) -> Self {
        let mut view = SourceView::new(source);
        if locale.is_some() {
            view.date_display = source.date.map(|d| d.display_with(locale));
            view.accessed_display = source.accessed.map(|d| d.display_with(locale));
        }
        view
    }

    /// The source as a page in English shows it.
    pub fn new(source: &'a Source) -> Self {
        SourceView {
            id: &source.id,
            publisher: &source.publisher,
            author: source.author.as_deref(),
            title: &source.title,
            url: source.url.as_deref(),
            date: source.date.map(|d| d.iso()),
            date_display: source.date.map(|d| d.display()),
            accessed: source.accessed.map(|d| d.iso()),
            accessed_display: source.accessed.map(|d| d.display()),
            note: source.note.as_deref(),
            sha256: source.sha256.as_deref(),
        }
    }
}

/// An item of `get_sources()` (docs/templates.md): a source, with every page
/// that cites it.
#[derive(Debug, Clone, Serialize)]
pub struct SourceListing<'a> {
    /// The source's fields (flattened into the listing).
    #[serde(flatten)]
    pub source: SourceView<'a>,
    /// Links to every page that cites it.
    pub cited_by: Vec<LinkView>,
}

/// The template variables `page` and `section`, and the items of lists
/// (docs/templates.md, "Page views"): everything about one page or section
/// except its `content` (only the page being rendered has it) and its links
/// to other pages ([`LINK_FIELDS`]).
#[derive(Debug, Serialize)]
pub struct PageView<'a> {
    /// `"page"` or `"section"` (see [`PageView::kind_name`]).
    pub kind: &'static str,
    /// The page's file below `content/` (`explainers/article-5.md`,
    /// `_index.md`).
    pub relative_path: &'a str,
    /// Issue 17: the page's language code (the site's for an original).
    pub lang: &'a str,
    /// The default-language file a translation translates (none for an original).
    pub translation_of: Option<String>,
    /// The page's `title:`.
    pub title: &'a str,
    /// The page's `description:`.
    pub description: Option<&'a str>,
    /// The last segment of its URL path.
    pub slug: &'a str,
    /// URL path from the root, base path included
    /// (`/talks/explainers/article-5/`).
    pub path: String,
    /// Full URL; templates use it for every internal link.
    pub permalink: String,
    /// The section folder (`explainers`; `""` at the root).
    pub section: &'a str,
    /// The page's `draft:`.
    pub draft: bool,
    /// The page's `weight:`, for sections sorted by weight.
    pub weight: Option<i64>,
    /// The page's `date:`, ISO 8601 at its precision (`2022-02`).
    pub date: Option<String>,
    /// The same date for people (`February 2022`).
    pub date_display: Option<String>,
    /// The precision of `date`: day, month or year.
    pub date_precision: Option<crate::dates::Precision>,
    /// The year of `date`.
    pub year: Option<i32>,
    /// The month of `date`, 1–12 (none for a year-precision date).
    pub month: Option<u32>,
    /// An event's `end_date:`, ISO 8601 at its precision.
    pub end_date: Option<String>,
    /// The same date for people.
    pub end_date_display: Option<String>,
    /// The page's `updated:`, ISO 8601 at its precision.
    pub updated: Option<String>,
    /// The same date for people.
    pub updated_display: Option<String>,
    /// The page's `reviewed:` (last editorial check), ISO 8601.
    pub reviewed: Option<String>,
    /// The same date for people.
    pub reviewed_display: Option<String>,
    /// Last reviewed (else updated, else dated) more than `max_age_days` before
    /// the site's `as_of`.
    pub stale: bool,
    /// A timeline event's `status:`.
    pub status: Option<Status>,
    /// The status in words (`Happened`, …), to show.
    pub status_label: Option<&'static str>,
    /// An event's `location:`.
    pub location: Option<&'a str>,
    /// An actor's `name:`.
    pub name: Option<&'a str>,
    /// An actor's `kind:` (`person`, `state`, `organisation`, `group`).
    pub actor_kind: Option<ActorKind>,
    /// An actor's `role:`.
    pub role: Option<&'a str>,
    /// An actor's `affiliation:`.
    pub affiliation: Option<&'a str>,
    /// The page's `aliases:`, old URLs that redirect to it.
    #[serde(serialize_with = "shared::list")]
    pub aliases: &'a [String],
    /// The page's `tags:`, as written.
    pub tags: &'a [String],
    /// Taxonomy name → the page's terms (shared [`taxonomy::TermView`] values).
    pub taxonomies: std::collections::BTreeMap<&'a str, Vec<tera::Value>>,
    /// The page's `extra:` front matter, free-form.
    #[serde(serialize_with = "shared::map")]
    pub extra: &'a serde_json::Map<String, serde_json::Value>,
    /// HTML of the body before `<!-- more -->`, if it has the marker.
    pub summary: Option<&'a str>,
    /// Words in the body.
    pub word_count: usize,
    /// Minutes to read the body (see [`reading_time`]).
    pub reading_time: usize,
    /// Front-matter `sources:` and inline citations, deduplicated.
    #[serde(serialize_with = "shared::list")]
    pub sources: Vec<SourceView<'a>>,
    /// The body's inline citations, in order, numbered.
    #[serde(serialize_with = "shared::list")]
    pub citations: Vec<CitationView<'a>>,
    /// Issue 13: the page's corrections and updates, newest first.
    #[serde(serialize_with = "shared::list")]
    pub corrections: Vec<crate::frontmatter::NoticeView>,
    /// The page's updates, newest first.
    #[serde(serialize_with = "shared::list")]
    pub updates: Vec<crate::frontmatter::NoticeView>,
    /// The body's quotes in order: `source`, `text`, `wording`, `speaker`.
    #[serde(serialize_with = "shared::list")]
    pub quotes: &'a [crate::markdown::Quote],
}

/// Fields of a page's template value that point at other pages. They are
/// added to the serialized [`PageView`] from link values computed once per
/// page, so a page linked from a thousand listings is serialized once.
pub const LINK_FIELDS: [&str; 5] = ["actors", "backlinks", "ancestors", "lower", "higher"];

impl PageView<'_> {
    /// `kind` as templates see it: `"page"` or `"section"`.
    pub fn kind_name(kind: Kind) -> &'static str {
        match kind {
            Kind::Page => "page",
            Kind::Section => "section",
        }
    }
}

/// Words per minute used for `reading_time`.
pub const WORDS_PER_MINUTE: usize = 200;

/// Minutes to read `words` words at [`WORDS_PER_MINUTE`]: rounded up, ≥ 1.
pub fn reading_time(words: usize) -> usize {
    words.div_ceil(WORDS_PER_MINUTE).max(1)
}
