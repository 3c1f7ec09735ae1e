//! What templates see. Typed, serializable views of pages, sections, sources and
//! the config, with Zola's names where they mean the same thing (`page.title`,
//! `page.content`, `page.permalink`, `section.pages`, `config.base_url`, …).
//! Documented in docs/templates.md; renaming a field here breaks user themes.

pub mod taxonomy;
mod values;

pub use values::{
    Addresses, ValueInputs, link_value, section_value, site_data, source_listing_value,
    with_content,
};

use serde::Serialize;

use crate::config::Config;
use crate::content::Kind;
use crate::dates::PartialDate;
use crate::frontmatter::{ActorKind, Status};
use crate::markdown::TocEntry;
use crate::site::{PageId, Site};
use crate::sources::Source;

#[derive(Debug, Serialize)]
pub struct ConfigView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub base_url: std::borrow::Cow<'a, str>,
    pub base_path: std::borrow::Cow<'a, str>,
    pub language: &'a str,
    pub as_of: Option<String>,
    pub as_of_display: Option<String>,
    pub max_age_days: Option<u32>,
    /// The taxonomies' indexes, for navigation (Zola's `config.taxonomies`).
    pub taxonomies: Vec<TaxonomyLink<'a>>,
    pub extra: &'a serde_json::Value,
}

/// A taxonomy's name, title and index address.
#[derive(Debug, Serialize)]
pub struct TaxonomyLink<'a> {
    pub name: &'a str,
    pub title: &'a str,
    #[serde(flatten)]
    pub address: Address,
}

impl<'a> TaxonomyLink<'a> {
    /// The link to the index of taxonomy `name`, titled `title`.
    pub fn new(config: &Config, name: &'a str, title: &'a str) -> Self {
        TaxonomyLink {
            name,
            title,
            address: Address::new(config, &crate::taxonomy::list_path(name)),
        }
    }
}

/// Where a generated page is: `permalink` (absolute) and `path` (from the
/// root, base path included).
#[derive(Debug, Serialize)]
pub struct Address {
    pub permalink: String,
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

/// A short reference to another page (links, breadcrumbs, backlinks, prev/next).
#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    pub title: String,
    pub name: Option<String>,
    pub description: Option<String>,
    pub permalink: String,
    pub path: String,
    pub relative_path: String,
    pub section: String,
    pub date: Option<String>,
    pub date_display: Option<String>,
    pub kind: Option<ActorKind>,
    pub role: Option<String>,
    pub status: Option<Status>,
    /// Issue 17: the page's language code.
    pub lang: String,
    /// The default-language file a translation translates (none for an original).
    pub translation_of: Option<String>,
}

impl LinkView {
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

/// A source as cited on one page, with its note number.
#[derive(Debug, Clone, Serialize)]
pub struct CitationView<'a> {
    pub number: usize,
    pub id: &'a str,
    #[serde(flatten)]
    pub source: SourceView<'a>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceView<'a> {
    pub id: &'a str,
    pub publisher: &'a str,
    pub author: Option<&'a str>,
    pub title: &'a str,
    pub url: Option<&'a str>,
    pub date: Option<String>,
    pub date_display: Option<String>,
    pub accessed: Option<String>,
    pub accessed_display: Option<String>,
    pub note: Option<&'a str>,
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

/// A source on the site-wide sources page, with every page that cites it.
#[derive(Debug, Clone, Serialize)]
pub struct SourceListing<'a> {
    #[serde(flatten)]
    pub source: SourceView<'a>,
    pub cited_by: Vec<LinkView>,
}

/// Everything about one page or section except its rendered `content` (added
/// only for the page being rendered) and its links to other pages (see
/// [`LINK_FIELDS`]).
#[derive(Debug, Serialize)]
pub struct PageView<'a> {
    pub kind: &'static str,
    pub relative_path: &'a str,
    /// Issue 17: the page's language code (the site's for an original).
    pub lang: &'a str,
    /// The default-language file a translation translates (none for an original).
    pub translation_of: Option<String>,
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub slug: &'a str,
    pub path: String,
    pub permalink: String,
    pub section: &'a str,
    pub draft: bool,
    pub weight: Option<i64>,
    pub date: Option<String>,
    pub date_display: Option<String>,
    pub date_precision: Option<crate::dates::Precision>,
    pub year: Option<i32>,
    pub month: Option<u32>,
    pub end_date: Option<String>,
    pub end_date_display: Option<String>,
    pub updated: Option<String>,
    pub updated_display: Option<String>,
    pub reviewed: Option<String>,
    pub reviewed_display: Option<String>,
    pub stale: bool,
    pub status: Option<Status>,
    pub status_label: Option<&'static str>,
    pub location: Option<&'a str>,
    pub name: Option<&'a str>,
    pub actor_kind: Option<ActorKind>,
    pub role: Option<&'a str>,
    pub affiliation: Option<&'a str>,
    pub aliases: &'a [String],
    pub tags: &'a [String],
    /// Taxonomy name → the page's terms (see [`taxonomy::TermView`]).
    pub taxonomies: std::collections::BTreeMap<&'a str, Vec<taxonomy::TermView<'a>>>,
    pub extra: &'a serde_json::Map<String, serde_json::Value>,
    pub summary: Option<&'a str>,
    pub toc: &'a [TocEntry],
    pub word_count: usize,
    pub reading_time: usize,
    pub sources: Vec<SourceView<'a>>,
    pub citations: Vec<CitationView<'a>>,
    /// Issue 13: the page's corrections and updates, newest first.
    pub corrections: Vec<crate::frontmatter::NoticeView>,
    pub updates: Vec<crate::frontmatter::NoticeView>,
    /// The body's quotes in order: `source`, `text`, `wording`, `speaker`.
    pub quotes: &'a [crate::markdown::Quote],
}

/// Fields of a page's template value that point at other pages. They are
/// added to the serialized [`PageView`] from link values computed once per
/// page, so a page linked from a thousand listings is serialized once.
pub const LINK_FIELDS: [&str; 5] = ["actors", "backlinks", "ancestors", "lower", "higher"];

impl PageView<'_> {
    pub fn kind_name(kind: Kind) -> &'static str {
        match kind {
            Kind::Page => "page",
            Kind::Section => "section",
        }
    }
}

/// Words per minute used for `reading_time`.
pub const WORDS_PER_MINUTE: usize = 200;

pub fn reading_time(words: usize) -> usize {
    words.div_ceil(WORDS_PER_MINUTE).max(1)
}
