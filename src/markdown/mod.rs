//! Markdown → HTML with pulldown-cmark, as named passes over the event stream:
//! heading ids and the table of contents, internal `@/page.md#anchor` links,
//! citations `[@source-id]` and checked quotes `[“exact words”][@source-id]`,
//! and the `<!-- more -->` summary. Rendering is pure; everything the checker
//! needs (links, quotes, citations) comes back in [`Rendered`].

mod blocks;
mod bodies;
mod calls;
mod citations;
mod coverage;
mod ids;
mod images;
mod link_text;
mod links;
mod pass;
mod quotations;
mod quotes;
mod raw_html;
pub(crate) mod shortcodes;
mod summary;
mod words;

pub(crate) use ids::literal_ids;
pub use raw_html::{html_ids, html_urls};

use std::collections::HashSet;
use std::sync::OnceLock;

use pulldown_cmark::{Options, Parser, html};
use serde::Serialize;

use crate::config::MarkdownOptions;

use pass::Pass;

const MORE_MARKER: &str = "<!-- more -->";

/// What a body needs to know about the rest of the site.
pub trait Resolver: Sync {
    /// URL of the page or section stored at `file` (`timeline/x.md`), if it exists.
    fn page_url(&self, file: &str) -> Option<String>;
    /// Whether `id` is in the source list.
    fn has_source(&self, id: &str) -> bool;
    /// Ids the page's templates write themselves (`<main id="main">`):
    /// generated heading ids avoid them and a `{#id}` equal to one is an error.
    fn reserved_ids(&self) -> &HashSet<String> {
        static NONE: OnceLock<HashSet<String>> = OnceLock::new();
        NONE.get_or_init(HashSet::new)
    }
    /// URL of a file that is not a page (`files/figures.csv`): a file of
    /// `content/` or `static/`, or one the build writes. `None` when it cannot
    /// be one; whether it exists is checked once the output is assembled (see
    /// [`Rendered::local_links`]).
    fn asset_url(&self, file: &str) -> Option<String> {
        let _ = file;
        None
    }
    /// Whether `file` is a draft left out of this build.
    fn is_draft(&self, file: &str) -> bool {
        let _ = file;
        false
    }
    /// Why `file` is left out of this build for its publication window, if it is.
    fn left_out(&self, file: &str) -> Option<&str> {
        let _ = file;
        None
    }
    /// The URL of the page being rendered, for links of its summary to
    /// places on it (`#later` → `https://e.org/a/#later`); empty if unknown.
    fn own_url(&self) -> String {
        String::new()
    }
    /// Whether a plain link to `url` (relative, root-relative or absolute)
    /// is kept in [`Rendered::local_links`] to be checked; `false` for one
    /// known to be fine (a link to a page).
    fn is_checked_link(&self, url: &str) -> bool {
        let _ = url;
        true
    }
    /// Whether the page's section requires a citation in every block
    /// (`require_citations`): then [`Rendered::uncited`] lists the others.
    fn requires_citations(&self) -> bool {
        false
    }
    /// Issue 17: for a page that translates another, the language of the
    /// original and the label of a translated quote's original words
    /// (`цитата в перекладі; оригінал:`); `None` for a page in the default language.
    fn translation(&self) -> Option<(String, String)> {
        None
    }
    /// The URL of source `id`, for a quote's `cite`.
    fn source_url(&self, id: &str) -> Option<String> {
        let _ = id;
        None
    }
    /// The actor with page slug `id` (a quote's speaker): its display name
    /// and URL; else the actor ids there are, for a hint.
    fn actor(&self, id: &str) -> Result<(String, String), Vec<String>> {
        let _ = id;
        Err(Vec::new())
    }
    /// The shortcode templates there are (see [`crate::shortcodes`]).
    fn shortcodes(&self) -> Option<&crate::shortcodes::Shortcodes> {
        None
    }
    /// Whether images go through [`Resolver::image`] (a site's build): then
    /// each needs alt text and becomes the resolver's markup; otherwise
    /// they render as plain CommonMark.
    fn processes_images(&self) -> bool {
        false
    }
    /// The HTML of an image the body shows: `dest` as written (`x.jpg`,
    /// `@/a/x.jpg`, `https://…`), `src` the URL to write when it is not
    /// processed. A local raster image becomes responsive (see
    /// [`crate::images`]).
    fn image(
        &self,
        dest: &str,
        src: &str,
        alt: &str,
        title: Option<&str>,
        first: bool,
    ) -> ImageHtml {
        let _ = dest;
        ImageHtml {
            html: crate::images::markup(
                None,
                src,
                alt,
                title,
                first,
                &crate::config::ImageOptions::default(),
                "",
            ),
            file: None,
            error: None,
        }
    }
}

/// An image as a page shows it (see [`Resolver::image`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImageHtml {
    /// The HTML to write for it (responsive for a local raster image).
    pub html: String,
    /// The local file it shows, below the site root (`content/a/x.jpg`).
    pub file: Option<String>,
    /// Why the file could not be used (it cannot be decoded).
    pub error: Option<String>,
}

/// An entry of the table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    /// Heading level, 1–6 (`<h1>`–`<h6>`).
    pub level: u8,
    /// The heading's `id`, the target of `#id` links.
    pub id: String,
    /// The heading's visible words (citation markers left out).
    pub title: String,
    /// The headings nested under it (a deeper level).
    pub children: Vec<TocEntry>,
}

/// A checked link to another page, kept for the anchor check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalLink {
    /// The page linked to: its file below `content/`.
    pub file: String,
    /// The `#fragment` of the link, if any (without the `#`).
    pub fragment: Option<String>,
    /// Byte offset of the link in the body.
    pub offset: usize,
}

/// A link written as a plain URL (`../x/`, `/files/a.csv`, an absolute URL),
/// or an `@/` link to a file that is not a page, as it appears in the HTML:
/// the build checks that it stays below the base path and names a file of
/// the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalLink {
    /// The URL as it appears in the HTML.
    pub url: String,
    /// Byte offset of the link in the body.
    pub offset: usize,
    /// Written as `@/file` (the URL is the file's).
    pub internal: bool,
}

/// A quote that must match its source's archived text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quote {
    /// The id of the source it quotes.
    pub source: String,
    /// The quoted words.
    pub text: String,
    /// Byte offset of the quote in the body.
    #[serde(skip)]
    pub offset: usize,
    /// Marked as the source's own wording (`[@id, wording]`): it need not
    /// lie inside quotation marks in the source.
    pub wording: bool,
    /// Who said it, as the source attributes it (`[@id, by …]`).
    pub speaker: Option<Speaker>,
}

/// A quote's speaker: an actor of the site, or words such as "one official".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Speaker {
    /// What readers see: the actor's name, or the words as written.
    pub name: String,
    /// The actor's page id (slug) and URL, for an actor.
    pub actor: Option<String>,
    /// The actor's page URL, for an actor.
    pub url: Option<String>,
}

/// A problem found while rendering, at a byte offset of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// What is wrong.
    pub message: String,
    /// Byte offset in the body.
    pub offset: usize,
    /// How to fix it, if the renderer knows.
    pub hint: Option<String>,
}

/// A page's Markdown body rendered: its HTML and what the checks, the template
/// values and the incremental rebuild need to know of it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    /// The body's HTML (empty while set aside on disk, see `render::Spill`).
    pub html: String,
    /// HTML of the part before `<!-- more -->`, if the body has the marker.
    pub summary: Option<String>,
    /// The table of contents: top-level headings, nested.
    pub toc: Vec<TocEntry>,
    /// The `id` of each heading, in order.
    pub heading_ids: Vec<String>,
    /// The byte offset in the body of each heading of `heading_ids`.
    pub heading_id_offsets: Vec<usize>,
    /// The body's internal links to pages (`@/file.md#anchor`), kept for the
    /// anchor check and the relations between pages.
    pub links: Vec<InternalLink>,
    /// Links to check against the output files (see [`LocalLink`]).
    pub local_links: Vec<LocalLink>,
    /// `id`s (and `<a name>`s) written in the body's raw HTML: anchors too.
    pub html_ids: Vec<String>,
    /// The byte offset in the body of each of `html_ids`.
    pub html_id_offsets: Vec<usize>,
    /// Cited source ids in order of first citation; a citation's number is its index + 1.
    pub citations: Vec<String>,
    /// Byte offset of each source's first citation, in the order of `citations`.
    pub first_cited: Vec<usize>,
    /// Byte offsets of the blocks without a citation, in order, when the
    /// resolver requires citations (see `markdown/coverage.rs`).
    pub uncited: Vec<usize>,
    /// The body's checked quotes, in order.
    pub quotes: Vec<Quote>,
    /// Words in the body's text.
    pub word_count: usize,
    /// Errors found while rendering.
    pub problems: Vec<Problem>,
    /// Passages in quotation marks that are no checked quote: a warning in
    /// `build`, an error in `check --archive` and `check --strict`.
    pub quotations: Vec<Problem>,
    /// Names of the shortcodes the body uses (the incremental rebuild
    /// re-renders a page when one of their templates changes).
    pub shortcodes: Vec<String>,
    /// Local image files the body shows, below the site root (the
    /// incremental rebuild re-renders a page when one changes).
    pub images: Vec<String>,
}

impl Rendered {
    /// Drops what a one-shot build has used once the relations between pages
    /// are known and the checks have run: links, problems, unchecked
    /// quotations, shortcode and image names, citation positions.
    pub fn release_checked(&mut self) {
        self.links = Vec::new();
        self.local_links = Vec::new();
        self.problems = Vec::new();
        self.quotations = Vec::new();
        self.shortcodes = Vec::new();
        self.images = Vec::new();
        self.first_cited = Vec::new();
        self.uncited = Vec::new();
    }

    /// Drops what a one-shot build has copied into the page's template value
    /// (citations, quotes); what is left is the HTML and table of contents
    /// the page's own value gets when it renders, the summary the feeds show
    /// and the ids the duplicate-id check reads.
    pub fn release_valued(&mut self) {
        self.citations = Vec::new();
        self.quotes = Vec::new();
    }
}

/// pulldown-cmark's options for the site's `[markdown]` settings (GFM
/// alerts always on).
pub fn parser_options(options: &MarkdownOptions) -> Options {
    // GitHub-style alerts (`> [!NOTE]`) render as callouts.
    let mut opts = Options::ENABLE_GFM;
    let flags = [
        (options.tables, Options::ENABLE_TABLES),
        (options.footnotes, Options::ENABLE_FOOTNOTES),
        (options.strikethrough, Options::ENABLE_STRIKETHROUGH),
        (options.tasklists, Options::ENABLE_TASKLISTS),
        (options.smart_punctuation, Options::ENABLE_SMART_PUNCTUATION),
        (
            options.heading_attributes,
            Options::ENABLE_HEADING_ATTRIBUTES,
        ),
    ];
    for (on, flag) in flags {
        if on {
            opts.insert(flag);
        }
    }
    opts
}

/// Renders one page body.
pub fn render(body: &str, options: &MarkdownOptions, resolver: &dyn Resolver) -> Rendered {
    let smart = options.smart_punctuation;
    let options = parser_options(options);
    // Shortcodes are masked by placeholders of their length (see
    // `markdown/shortcodes.rs`); a body without `{{` or `{%` is read as is.
    let masked: String;
    let mut calls = Vec::new();
    let mut early = Vec::new();
    let body = if shortcodes::may_hold(body) {
        let (found, problems) = shortcodes::scan(body, options);
        masked = shortcodes::mask(body, &found);
        calls = found;
        early = problems;
        masked.as_str()
    } else {
        body
    };
    let mut pass = Pass {
        coverage: coverage::Coverage::new(resolver.requires_citations(), body),
        emitted: vec![false; calls.len()],
        calls,
        ..Pass::default()
    };
    pass.rendered.problems = early;
    pass.quotation_marks.smart = smart;
    pass.translated = resolver.translation().is_some();
    let parser = Parser::new_with_broken_link_callback(body, options, Some(citations::broken_link));
    let mut out = pass.run(parser.into_offset_iter(), body.len() / 16, resolver);
    pass.unplaced_shortcodes();
    // Ids last: hand-set ids and footnote labels anywhere on the page win.
    pass.assign_heading_ids(&mut out, resolver.reserved_ids());
    let mut rendered = pass.rendered;
    if let Some(cut) = pass.summary_cut {
        rendered.summary = Some(summary::html(&out[..cut], &resolver.own_url()));
    }
    let mut html_out = String::with_capacity(body.len() * 3 / 2);
    html::push_html(&mut html_out, out.into_iter());
    if !pass.citation_offsets.is_empty() && link_text::may_have_lost_a_link(&html_out) {
        rendered.problems.extend(link_text::citations_in_link_text(
            body,
            options,
            &pass.citation_offsets,
        ));
    }
    rendered.html = html_out;
    rendered.toc = nest_toc(pass.flat_toc);
    rendered.uncited = pass.coverage.uncited;
    rendered.uncited.sort_unstable();
    rendered
}

/// Nests a flat heading list: deeper headings become children of the previous shallower one.
fn nest_toc(flat: Vec<TocEntry>) -> Vec<TocEntry> {
    fn insert(list: &mut Vec<TocEntry>, entry: TocEntry) {
        match list.last_mut() {
            Some(last) if last.level < entry.level => insert(&mut last.children, entry),
            _ => list.push(entry),
        }
    }
    let mut nested = Vec::new();
    for entry in flat {
        insert(&mut nested, entry);
    }
    nested
}

#[cfg(test)]
mod tests;
