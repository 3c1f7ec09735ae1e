//! Markdown → HTML with pulldown-cmark, as named passes over the event stream:
//! heading ids and the table of contents, internal `@/page.md#anchor` links,
//! citations `[@source-id]` and checked quotes `[“exact words”][@source-id]`,
//! and the `<!-- more -->` summary. Rendering is pure; everything the checker
//! needs (links, quotes, citations) comes back in [`Rendered`].

mod citations;
mod coverage;
mod ids;
mod link_text;
mod quotations;
pub(crate) mod shortcodes;
mod summary;

pub(crate) use ids::literal_ids;

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::OnceLock;

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd, html};
use serde::Serialize;

use crate::config::MarkdownOptions;

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
                &crate::images::ImageOptions::default(),
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
    pub html: String,
    /// The local file it shows, below the site root (`content/a/x.jpg`).
    pub file: Option<String>,
    /// Why the file could not be used (it cannot be decoded).
    pub error: Option<String>,
}

/// An entry of the table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
    pub children: Vec<TocEntry>,
}

/// A checked link to another page, kept for the anchor check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalLink {
    pub file: String,
    pub fragment: Option<String>,
    pub offset: usize,
}

/// A link written as a plain URL (`../x/`, `/files/a.csv`, an absolute URL),
/// or an `@/` link to a file that is not a page, as it appears in the HTML:
/// the build checks that it stays below the base path and names a file of
/// the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalLink {
    pub url: String,
    pub offset: usize,
    /// Written as `@/file` (the URL is the file's).
    pub internal: bool,
}

/// A quote that must match its source's archived text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quote {
    pub source: String,
    pub text: String,
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
    pub url: Option<String>,
}

/// A problem found while rendering, at a byte offset of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub message: String,
    pub offset: usize,
    pub hint: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    pub html: String,
    pub summary: Option<String>,
    pub toc: Vec<TocEntry>,
    pub heading_ids: Vec<String>,
    /// The byte offset in the body of each heading of `heading_ids`.
    pub heading_id_offsets: Vec<usize>,
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
    pub quotes: Vec<Quote>,
    pub word_count: usize,
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

/// ASCII whitespace as `u8::is_ascii_whitespace` has it (space, tab, line
/// feed, form feed, carriage return), without branches.
fn is_space(byte: u8) -> bool {
    (byte == b' ') | ((byte.wrapping_sub(b'\t') < 5) & (byte != 0x0b))
}

/// How many words start after the first byte of `bytes`: positions where a
/// non-space follows a space. This runs over every character of the site, so
/// it is written for the vectorizer: byte pairs compared branch-free, counted
/// in byte-wide lanes over runs of at most 255 pairs (which cannot overflow).
fn word_starts_after_first(bytes: &[u8]) -> usize {
    let mut total = 0;
    let mut start = 1;
    while start < bytes.len() {
        let end = (start + 255).min(bytes.len());
        let before = &bytes[start - 1..end - 1];
        let after = &bytes[start..end];
        let run: u8 = before
            .iter()
            .zip(after)
            .map(|(&b, &a)| u8::from(is_space(b) & !is_space(a)))
            .fold(0, u8::wrapping_add);
        total += usize::from(run);
        start = end;
    }
    total
}

#[derive(Default)]
struct Pass {
    rendered: Rendered,
    /// Ids set by hand (`{#id}`), then every id handed out.
    used_ids: HashSet<String>,
    /// Labels of footnote definitions: pulldown-cmark writes each as an id.
    footnotes: HashSet<String>,
    /// Ids written in the body's raw HTML (`<a id="x"></a>`).
    html_ids: HashSet<String>,
    /// Headings in order, their ids assigned once the whole body is read.
    headings: Vec<ids::Heading>,
    /// Next suffix to try per base id, so many equal headings stay linear.
    next_suffix: HashMap<String, usize>,
    /// Each citation's byte offset and source id, in order.
    citation_offsets: Vec<(usize, String)>,
    /// Source id → its citation number (index in `rendered.citations` + 1).
    citation_numbers: HashMap<String, usize>,
    flat_toc: Vec<TocEntry>,
    summary_cut: Option<usize>,
    /// Inside a heading's text, where a summary cannot be cut.
    nested: bool,
    /// A `<!-- more -->` inside a heading: cut after that heading.
    cut_after_heading: bool,
    /// Index in the output of the raw HTML block being read, if any.
    html_block: Option<usize>,
    /// Inside an HTML comment that a raw HTML line opened and did not close.
    html_comment: bool,
    in_word: bool,
    /// Blocks without a citation, and `{analysis}` markers.
    coverage: coverage::Coverage,
    /// The text of the block being read, for its quotation marks.
    quotation_marks: quotations::Scanner,
    /// Issue 17: the page translates another (its quotes give `original “…”`).
    translated: bool,
    in_code_block: bool,
    /// The block quotes being read, innermost last.
    block_quotes: Vec<quotations::BlockQuote>,
    /// The body's shortcodes in order, and which have been written.
    calls: Vec<shortcodes::Call>,
    emitted: Vec<bool>,
    /// Body shortcodes being read, innermost last.
    open_bodies: Vec<OpenBody>,
    /// Alerts being read (the index of their opening event), innermost last.
    alerts: Vec<usize>,
    /// Images written so far (the first is neither lazy nor async).
    images: usize,
}

/// A body shortcode whose `{% end %}` is still to come.
struct OpenBody {
    call: usize,
    /// Index in the output of the event its opening HTML replaces.
    event: usize,
    /// How many quotes the page had before its body.
    quotes: usize,
    /// Its arguments, unless they were wrong.
    context: Option<tera::Context>,
}

impl Pass {
    /// Runs the passes over `events` (about `expected` of them), straight from
    /// the parser: no copy of the event stream is kept.
    fn run<'a>(
        &mut self,
        mut iter: impl Iterator<Item = (Event<'a>, Range<usize>)>,
        expected: usize,
        resolver: &dyn Resolver,
    ) -> Vec<Event<'a>> {
        let mut out = Vec::with_capacity(expected);
        while let Some((mut event, range)) = iter.next() {
            if !self.calls.is_empty()
                && matches!(
                    event,
                    Event::Html(_) | Event::InlineHtml(_) | Event::Code(_)
                )
                && self.shortcode_event(&range, &mut out, resolver)
            {
                continue;
            }
            if self.coverage.active
                && let Some(label) = self.coverage.observe(&mut event, range.start)
            {
                out.push(label);
            }
            match event {
                Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }) => {
                    self.scan_quotations(&mut out);
                    if quotations::attributes_hold_marks(&classes, &attrs) {
                        self.problem(
                            range.start,
                            "quotation marks in a heading's attributes: braces at the end of a heading hold its attributes ({#id .class})",
                            Some("to keep {“words”} in the heading's text, end the heading with its id: ## The {“deal”} {#the-deal}".into()),
                        );
                    }
                    let inner = take_until_end(&mut iter);
                    // Links, citations and quotes in a heading get the same
                    // passes; its title is the words they leave visible.
                    let expected = inner.len();
                    let nested = std::mem::replace(&mut self.nested, true);
                    let inner = self.run(inner.into_iter(), expected, resolver);
                    self.nested = nested;
                    let mut title = plain_text_events(&inner);
                    title.truncate(title.trim_end().len());
                    title.drain(..title.len() - title.trim_start().len());
                    let explicit = id.map(|id| id.to_string());
                    if let Some(id) = &explicit {
                        self.explicit_id(id, range.start, resolver.reserved_ids());
                    }
                    self.headings.push(ids::Heading {
                        index: out.len(),
                        offset: range.start,
                        explicit: explicit.is_some(),
                    });
                    self.flat_toc.push(TocEntry {
                        level: level as u8,
                        id: explicit.unwrap_or_default(),
                        title,
                        children: Vec::new(),
                    });
                    out.push(Event::Start(Tag::Heading {
                        level,
                        id: None,
                        classes,
                        attrs,
                    }));
                    out.extend(inner);
                    out.push(Event::End(TagEnd::Heading(level)));
                    if std::mem::take(&mut self.cut_after_heading) && self.summary_cut.is_none() {
                        self.summary_cut = Some(out.len());
                    }
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) if citations::is_citation(link_type, &dest_url) => {
                    let source = citations::source(&dest_url).to_string();
                    let inner = take_until_end(&mut iter);
                    self.cite(&source, range.start, resolver);
                    let is_quote = link_type == LinkType::ReferenceUnknown;
                    self.quotation_marks.inline(range.clone(), !is_quote);
                    let in_block_quote = !is_quote && !self.block_quotes.is_empty();
                    let options =
                        self.quote_options(&title, is_quote || in_block_quote, range.start);
                    if let Some(block) = self.block_quotes.last_mut().filter(|_| in_block_quote) {
                        // A block quote carrying a citation quotes that source.
                        block.cite = Some((source.clone(), options.clone(), range.start));
                    }
                    let number = self.citation_number(&source);
                    if link_type != LinkType::ReferenceUnknown {
                        // "said so [@id]." → "said so[1]." so a marker never
                        // wraps onto a line of its own.
                        trim_trailing_space(&mut out);
                    }
                    if link_type == LinkType::ReferenceUnknown {
                        let mut inner: Vec<Event<'a>> = inner.into_iter().map(|(e, _)| e).collect();
                        strip_quote_marks(&mut inner);
                        let text = plain_text_events(&inner);
                        self.count_words(&text);
                        if text.trim().is_empty() {
                            self.problem(
                                range.start,
                                "a quote needs words between the brackets",
                                None,
                            );
                        }
                        let speaker = self.speaker(options.speaker, range.start, resolver);
                        let mut open =
                            quote_tag("q", resolver.source_url(&source), speaker.as_ref());
                        // Issue 17: a translated page's quote shows its
                        // translation; the archive checks the original.
                        let translation = resolver.translation();
                        let original = match (&translation, options.original) {
                            (Some((lang, label)), Some(original)) => {
                                open.insert_str(open.len() - 1, " class=\"quote-translated\"");
                                Some(format!(
                                    " <span class=\"quote-original meta\">({} <q lang=\"{}\">{}</q>)</span>",
                                    crate::html::escape(label),
                                    crate::html::escape(lang),
                                    crate::html::escape(&original)
                                ))
                                .map(|html| (html, original))
                            }
                            (Some(_), None) => {
                                self.problem(
                                    range.start,
                                    "a quote in a translated page needs the source's exact words: `original “…”`",
                                    Some("write [“the translation”][@source-id, original “the exact words of the source”] so `check --archive` verifies the original, or paraphrase instead (no quotation marks)".into()),
                                );
                                None
                            }
                            (None, Some(_)) => {
                                self.problem(
                                    range.start,
                                    "`original “…”` belongs to a quote in a translated page (`page.uk.md`)",
                                    Some("in a page in the site's own language, quote the source's words themselves: [“words”][@source-id]".into()),
                                );
                                None
                            }
                            (None, None) => None,
                        };
                        let (after, text) = match original {
                            Some((html, original)) => (Some(html), original),
                            None => (None, text),
                        };
                        self.rendered.quotes.push(Quote {
                            source,
                            text,
                            offset: range.start,
                            wording: options.wording,
                            speaker,
                        });
                        out.push(Event::InlineHtml(open.into()));
                        out.extend(inner);
                        out.push(Event::InlineHtml("</q>".into()));
                        if let Some(after) = after {
                            out.push(Event::InlineHtml(after.into()));
                        }
                    }
                    let _ = (title, id);
                    out.push(Event::InlineHtml(citation_marker(number).into()));
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) if dest_url.starts_with("@/") => {
                    let dest = self.internal_link(&dest_url, range.start, resolver);
                    out.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url: dest.into(),
                        title,
                        id,
                    }));
                }
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    ..
                }) if resolver.processes_images()
                    && !citations::is_citation(link_type, &dest_url) =>
                {
                    let inner = take_until_end(&mut iter);
                    let inner: Vec<Event<'a>> = inner.into_iter().map(|(e, _)| e).collect();
                    if self.coverage.active {
                        let mut end = Event::End(TagEnd::Image);
                        let _ = self.coverage.observe(&mut end, range.start);
                    }
                    let alt = plain_text_events(&inner);
                    self.count_words(&alt);
                    let html = self.image(&dest_url, &title, &alt, range.start, resolver);
                    out.push(Event::InlineHtml(html.into()));
                }
                Event::Start(Tag::Link { ref dest_url, .. })
                | Event::Start(Tag::Image { ref dest_url, .. })
                    if is_site_candidate(dest_url) =>
                {
                    if resolver.is_checked_link(dest_url) {
                        self.rendered.local_links.push(LocalLink {
                            url: dest_url.to_string(),
                            offset: range.start,
                            internal: false,
                        });
                    }
                    out.push(event);
                }
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    ..
                }) if citations::is_citation(link_type, &dest_url) => {
                    take_until_end(&mut iter);
                    self.problem(
                        range.start,
                        "`![@…]` is image syntax, not a citation",
                        Some("write `[@source-id]` for a citation".into()),
                    );
                }
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) if dest_url.starts_with("@/") => {
                    let dest = self.internal_link(&dest_url, range.start, resolver);
                    out.push(Event::Start(Tag::Image {
                        link_type,
                        dest_url: dest.into(),
                        title,
                        id,
                    }));
                }
                Event::Html(ref text) | Event::InlineHtml(ref text) => {
                    if text.contains(MORE_MARKER) {
                        self.more_marker(out.len());
                    }
                    self.raw_html(text, range.start, resolver);
                    out.push(event);
                }
                Event::Start(Tag::BlockQuote(Some(_))) => {
                    // An alert: a callout, not a quote (see `alert_html`).
                    self.scan_quotations(&mut out);
                    self.in_word = false;
                    self.alerts.push(out.len());
                    out.push(Event::Html(CowStr::Borrowed("")));
                }
                Event::End(TagEnd::BlockQuote(Some(kind))) => {
                    self.scan_quotations(&mut out);
                    self.in_word = false;
                    let (open, close) = alert_html(kind, resolver);
                    self.rendered.shortcodes.push("callout".into());
                    if let Some(at) = self.alerts.pop()
                        && let Some(slot) = out.get_mut(at)
                    {
                        *slot = Event::Html(open.into());
                    }
                    out.push(Event::Html(close.into()));
                }
                Event::Text(ref text) => {
                    self.count_words(text);
                    if !self.in_code_block {
                        self.quotation_marks.text(out.len(), text, range);
                        if let Some(block) = self.block_quotes.last_mut() {
                            block.text.push_str(text);
                        }
                    }
                    out.push(event);
                }
                other => {
                    let mut keep = true;
                    match &other {
                        Event::Start(Tag::FootnoteDefinition(label)) => {
                            self.footnote(label, range.start)
                        }
                        Event::Start(Tag::HtmlBlock) => self.html_block = Some(out.len()),
                        Event::End(TagEnd::HtmlBlock) => self.html_block = None,
                        Event::Code(_) => self.quotation_marks.inline(range.clone(), false),
                        Event::SoftBreak | Event::HardBreak => {
                            self.quotation_marks.space();
                            if let Some(block) = self.block_quotes.last_mut() {
                                block.text.push(' ');
                            }
                        }
                        Event::Start(tag) if quotations::is_block(tag) => {
                            self.in_code_block = matches!(tag, Tag::CodeBlock(_));
                            self.scan_quotations(&mut out);
                            if matches!(tag, Tag::BlockQuote(_)) {
                                self.block_quotes.push(quotations::BlockQuote::new(
                                    out.len(),
                                    range.start,
                                    self.rendered.quotations.len(),
                                ));
                            }
                        }
                        Event::End(tag) if quotations::is_block_end(*tag) => {
                            self.in_code_block = false;
                            self.scan_quotations(&mut out);
                            keep = !self.end_block(*tag, &mut out, resolver);
                        }
                        _ => {}
                    }
                    if matches!(
                        other,
                        Event::Start(_) | Event::End(_) | Event::SoftBreak | Event::HardBreak
                    ) {
                        self.in_word = false;
                    }
                    if keep {
                        out.push(other)
                    }
                }
            }
        }
        self.scan_quotations(&mut out);
        out
    }

    /// Judges the quotation marks of the block just read (see [`quotations`]).
    fn scan_quotations(&mut self, out: &mut [Event<'_>]) {
        let mut findings = Vec::new();
        self.quotation_marks.finish(out, &mut findings);
        for finding in findings {
            match finding {
                quotations::Finding::Error {
                    offset,
                    message,
                    hint,
                } => self.problem(offset, &message, Some(hint)),
                quotations::Finding::Unchecked { offset, text } => {
                    self.rendered.quotations.push(Problem {
                        message: format!("quotation {text} is not a checked quote"),
                        offset,
                        hint: Some(if self.translated {
                            format!(
                                "cite it as a quote with the source's exact words, [{text}][@source-id, original “…”], so `check --archive` verifies them; \
                                 or mark it as no quotation (scare quotes, a title) with braces: {{{text}}}"
                            )
                        } else {
                            format!(
                                "cite it as a quote, [{text}][@source-id], so `check --archive` verifies it; \
                                 or mark it as no quotation (scare quotes, a title) with braces: {{{text}}}"
                            )
                        }),
                    });
                }
            }
        }
    }

    /// The end of a block: a paragraph of a block quote, or a block quote,
    /// which is a quote of the source it cites (see [`quotations::BlockQuote`]).
    /// Returns whether it wrote the block's end itself.
    fn end_block(
        &mut self,
        tag: TagEnd,
        out: &mut Vec<Event<'_>>,
        resolver: &dyn Resolver,
    ) -> bool {
        if matches!(tag, TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_))
            && let Some(block) = self.block_quotes.last_mut()
        {
            block.text.push_str("\n\n");
        }
        if !matches!(tag, TagEnd::BlockQuote(_)) {
            return false;
        }
        let Some(block) = self.block_quotes.pop() else {
            return false;
        };
        let Some((source, options, offset)) = block.cite else {
            return false;
        };
        // Its quotation marks are the quoted text's own.
        self.rendered.quotations.truncate(block.findings);
        if resolver.translation().is_some() {
            self.problem(
                offset,
                "a block quote in a translated page cannot be checked against the source",
                Some("quote the passage inline with its original, [“the translation”][@source-id, original “the exact words”], or paraphrase it".into()),
            );
        }
        let speaker = self.speaker(options.speaker, offset, resolver);
        let open = quote_tag("blockquote", resolver.source_url(&source), speaker.as_ref());
        if let Some(start) = out.get_mut(block.event) {
            *start = Event::Html(format!("{open}\n").into());
        }
        // Raw tags both: pulldown-cmark writes no attributes on a blockquote.
        if let Some(speaker) = &speaker {
            out.push(Event::Html(attribution(speaker).into()));
        }
        out.push(Event::Html("</blockquote>\n".into()));
        self.rendered.quotes.push(Quote {
            source,
            text: block.text.trim().to_string(),
            offset: block.offset,
            wording: options.wording,
            speaker,
        });
        true
    }

    /// The options of a citation: only a quote takes any.
    fn quote_options(
        &mut self,
        title: &str,
        is_quote: bool,
        offset: usize,
    ) -> citations::QuoteOptions {
        match citations::options(title) {
            Ok(options) if !is_quote && !options.is_empty() => {
                self.problem(
                    offset,
                    "`wording` and `by …` belong to a quote's citation, [“words”][@source-id, …]",
                    Some(
                        "cite without options here, or put the quoted words before the citation"
                            .into(),
                    ),
                );
                citations::QuoteOptions::default()
            }
            Ok(options) => options,
            Err((message, hint)) => {
                self.problem(offset, &message, Some(hint.into()));
                citations::QuoteOptions::default()
            }
        }
    }

    /// Resolves a quote's speaker: an actor id must name an actor's page.
    fn speaker(
        &mut self,
        speaker: Option<citations::Speaker>,
        offset: usize,
        resolver: &dyn Resolver,
    ) -> Option<Speaker> {
        match speaker? {
            citations::Speaker::Words(name) => Some(Speaker {
                name,
                actor: None,
                url: None,
            }),
            citations::Speaker::Actor(id) => match resolver.actor(&id) {
                Ok((name, url)) => Some(Speaker {
                    name,
                    actor: Some(id),
                    url: Some(url),
                }),
                Err(known) => {
                    let hint = match crate::diagnostics::did_you_mean(
                        &id,
                        known.iter().map(String::as_str),
                    ) {
                        Some(best) => format!("did you mean `{best}`?"),
                        None => format!(
                            "name a page of the actors section, or write the speaker's words: by \"{id}\""
                        ),
                    };
                    self.problem(
                        offset,
                        &format!("unknown actor `{id}` as a quote's speaker"),
                        Some(hint),
                    );
                    None
                }
            },
        }
    }

    /// Reads the ids (anchors) and URLs of a piece of raw HTML at `offset`.
    fn raw_html(&mut self, text: &str, offset: usize, resolver: &dyn Resolver) {
        let mut ids = Vec::new();
        let mut urls = Vec::new();
        html_ids_and_urls(text, &mut self.html_comment, &mut ids, &mut urls);
        for (id, at) in ids {
            self.html_ids.insert(id.clone());
            self.rendered.html_ids.push(id);
            self.rendered.html_id_offsets.push(offset + at);
        }
        self.rendered.local_links.extend(
            urls.into_iter()
                .filter(|(url, _)| resolver.is_checked_link(url))
                .map(|(url, at)| LocalLink {
                    url,
                    offset: offset + at,
                    internal: false,
                }),
        );
    }

    /// Counts words across consecutive text events (smart punctuation splits
    /// "they’ve" into two events; it is still one word).
    fn count_words(&mut self, text: &str) {
        let bytes = text.as_bytes();
        let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
            return;
        };
        let first_starts = !self.in_word & !is_space(first);
        self.rendered.word_count += usize::from(first_starts) + word_starts_after_first(bytes);
        self.in_word = !is_space(last);
    }

    /// The HTML of a Markdown image: alt text required (`![""](x.jpg)`
    /// marks a decorative one), the file checked and, when local, processed.
    fn image(
        &mut self,
        dest: &str,
        title: &str,
        alt: &str,
        offset: usize,
        resolver: &dyn Resolver,
    ) -> String {
        let alt = alt.trim();
        let alt = match classify_alt(alt) {
            Alt::Text(alt) => alt,
            Alt::Decorative => "",
            Alt::Missing => {
                self.problem(
                    offset,
                    &format!("image `{dest}` has no alt text"),
                    Some(format!(
                        "describe what it shows for readers who cannot see it, e.g. `![A map of the front line](…)`; mark a purely decorative image with empty quotes: `![\"\"]({dest})`"
                    )),
                );
                ""
            }
            Alt::QuotesOnly => {
                self.problem(
                    offset,
                    &format!("the alt text of image `{dest}` is only quotation marks: `{alt}`"),
                    Some(format!(
                        "mark a purely decorative image with a pair of empty quotes, `![\"\"]({dest})` (or `![“”]`, `!['']`, `![‘’]`), or describe what it shows"
                    )),
                );
                ""
            }
        };
        let src = if dest.starts_with("@/") {
            self.internal_link(dest, offset, resolver)
        } else {
            if is_site_candidate(dest) && resolver.is_checked_link(dest) {
                self.rendered.local_links.push(LocalLink {
                    url: dest.to_string(),
                    offset,
                    internal: false,
                });
            }
            dest.to_string()
        };
        self.image_html(dest, &src, alt, Some(title), offset, resolver)
    }

    /// An image's HTML from the resolver, counted (the first of a page is
    /// not lazy) and its file remembered; a file that cannot be decoded is
    /// a problem at `offset`.
    fn image_html(
        &mut self,
        dest: &str,
        src: &str,
        alt: &str,
        title: Option<&str>,
        offset: usize,
        resolver: &dyn Resolver,
    ) -> String {
        let first = self.images == 0;
        self.images += 1;
        let image = resolver.image(dest, src, alt, title, first);
        if let Some(error) = image.error {
            self.problem(
                offset,
                &error,
                Some("open the file in an image viewer; save it again as JPEG, PNG or WebP (or SVG, for a drawing)".into()),
            );
        }
        if let Some(file) = image.file
            && !self.rendered.images.contains(&file)
        {
            self.rendered.images.push(file);
        }
        image.html
    }

    fn problem(&mut self, offset: usize, message: &str, hint: Option<String>) {
        self.rendered.problems.push(Problem {
            message: message.to_string(),
            offset,
            hint,
        });
    }

    fn cite(&mut self, source: &str, offset: usize, resolver: &dyn Resolver) {
        self.citation_offsets.push((offset, source.to_string()));
        if !resolver.has_source(source) {
            self.problem(
                offset,
                &format!("unknown source `{source}` in citation"),
                Some("add it to the source list (sources.yaml) or fix the id".into()),
            );
        }
        if !self.citation_numbers.contains_key(source) {
            self.rendered.citations.push(source.to_string());
            self.rendered.first_cited.push(offset);
            self.citation_numbers
                .insert(source.to_string(), self.rendered.citations.len());
        }
    }

    fn citation_number(&self, source: &str) -> usize {
        self.citation_numbers.get(source).copied().unwrap_or(0)
    }

    fn internal_link(&mut self, dest: &str, offset: usize, resolver: &dyn Resolver) -> String {
        let target = &dest[2..];
        let (file, fragment) = match target.split_once('#') {
            Some((file, fragment)) => (file, Some(fragment)),
            None => (target, None),
        };
        // `@/about.md?x=1#top`: the query is kept on the URL.
        let (file, query) = match file.split_once('?') {
            Some((file, query)) => (file, Some(query)),
            None => (file, None),
        };
        // `@/My%20Files/a.txt` names the file `My Files/a.txt`.
        let decoded;
        let file = if file.contains('%') {
            decoded = crate::urls::percent_decode(file);
            decoded.as_str()
        } else {
            file
        };
        let with_fragment = |mut url: String| {
            if let Some(query) = query {
                url.push('?');
                url.push_str(query);
            }
            if let Some(fragment) = fragment {
                url.push('#');
                url.push_str(fragment);
            }
            url
        };
        if let Some(url) = resolver.page_url(file) {
            self.rendered.links.push(InternalLink {
                file: file.to_string(),
                fragment: fragment.map(str::to_string),
                offset,
            });
            return with_fragment(url);
        }
        let is_markdown = file.ends_with(".md");
        if !is_markdown && let Some(url) = resolver.asset_url(file) {
            let url = with_fragment(url);
            self.rendered.local_links.push(LocalLink {
                url: url.clone(),
                offset,
                internal: true,
            });
            return url;
        }
        if let Some(reason) = resolver.left_out(file) {
            self.problem(
                offset,
                &format!("broken internal link: `content/{file}` {reason}"),
                Some(format!(
                    "build with {}, or remove the link until the page is published",
                    reason.rsplit(' ').next().unwrap_or_default()
                )),
            );
        } else if resolver.is_draft(file) {
            self.problem(
                offset,
                &format!(
                    "broken internal link: `content/{file}` is a draft, left out without --drafts"
                ),
                Some("build with --drafts, or remove the link until the page is published".into()),
            );
        } else if is_markdown {
            self.problem(
                offset,
                &format!("broken internal link: no page at `content/{file}`"),
                Some(
                    "internal links name the file below content/, e.g. @/timeline/berlin-talks.md"
                        .into(),
                ),
            );
        } else {
            self.problem(
                offset,
                &format!("broken internal link: `@/{file}` names no file below content/ or static/"),
                Some("internal links name a file below content/ (or static/), e.g. @/timeline/berlin-talks.md or @/files/data.csv".into()),
            );
        }
        "#".into()
    }
}

/// Whether a plain link's destination may point into the site (relative,
/// root-relative, or absolute over HTTP): it is then checked by the build.
/// Other schemes (`mailto:`, …) are not.
fn is_site_candidate(dest: &str) -> bool {
    let dest = dest.trim();
    if dest.is_empty() || dest.starts_with('#') || dest.starts_with("@/") {
        return false;
    }
    match dest.find(':') {
        Some(colon) if !dest[..colon].contains(['/', '?', '#']) => {
            let scheme = &dest[..colon];
            scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")
        }
        _ => true,
    }
}

/// Collects the `id` attributes (and `name` of `<a>`) of the tags in raw
/// HTML `text`, decoding the character references that matter in ids.
pub fn html_ids(text: &str, ids: &mut Vec<String>) {
    let mut found = Vec::new();
    html_ids_and_urls(text, &mut false, &mut found, &mut Vec::new());
    ids.extend(found.into_iter().map(|(id, _)| id));
}

/// Collects the URLs of the tags in raw HTML `text` (the attributes `check`
/// reads, see [`crate::portable::URL_ATTRIBUTES`]) that may point into the
/// site, with their byte offsets in `text`.
pub fn html_urls(text: &str, urls: &mut Vec<(String, usize)>) {
    html_ids_and_urls(text, &mut false, &mut Vec::new(), urls);
}

/// [`html_ids`] (with the offsets of their values) and [`html_urls`] in one
/// read of `text`, which starts inside
/// an HTML comment if `in_comment` (and leaves it telling whether it ends
/// inside one). Anchors are read by the rule `briefing check` uses
/// ([`crate::portable::is_anchor_attribute`]), URLs from the same attributes.
fn html_ids_and_urls(
    text: &str,
    in_comment: &mut bool,
    ids: &mut Vec<(String, usize)>,
    urls: &mut Vec<(String, usize)>,
) {
    if !text.contains('=') && !*in_comment && !text.contains("<!--") {
        return;
    }
    html_attributes(text, in_comment, |tag, attribute, value, at| {
        if crate::portable::is_anchor_attribute(tag, attribute) {
            if !value.is_empty() {
                ids.push((crate::html::decode_entities(value).into_owned(), at));
            }
            return;
        }
        let attribute = attribute.to_ascii_lowercase();
        if !crate::portable::URL_ATTRIBUTES.contains(&attribute.as_str()) {
            return;
        }
        let mut push = |url: &str, at: usize| {
            let url = crate::html::decode_entities(url).into_owned();
            if is_site_candidate(&url) {
                urls.push((url, at));
            }
        };
        if crate::portable::is_srcset(&attribute) {
            for candidate in crate::portable::srcset_candidates(value) {
                let within = candidate.url.as_ptr() as usize - value.as_ptr() as usize;
                push(candidate.url, at + within);
            }
        } else {
            push(value, at);
        }
    });
}

/// Calls `visit(tag, attribute, value, offset of the value)` for every
/// attribute with a value of the start tags in raw HTML `text`, skipping
/// comments (`<!-- … -->`, which may start before `text` if `in_comment`,
/// and end after it, which `in_comment` then tells) and `<!…>`, `<?…>`.
fn html_attributes(
    text: &str,
    in_comment: &mut bool,
    mut visit: impl FnMut(&str, &str, &str, usize),
) {
    let bytes = text.as_bytes();
    let is_space = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_whitespace);
    let mut i = 0;
    if *in_comment {
        match text.find("-->") {
            Some(end) => {
                *in_comment = false;
                i = end + 3;
            }
            None => return,
        }
    }
    while let Some(at) = text[i..].find('<') {
        i += at + 1;
        if text[i..].starts_with("!--") {
            // `<!-->` and `<!--->` are (empty) comments too.
            let body = i + 3;
            let rest = &text[body..];
            let end = if rest.starts_with('>') {
                Some(1)
            } else if rest.starts_with("->") {
                Some(2)
            } else {
                rest.find("-->").map(|e| e + 3)
            };
            match end {
                Some(end) => i = body + end,
                None => {
                    *in_comment = true;
                    return;
                }
            }
            continue;
        }
        let name_end = text[i..]
            .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
            .map_or(text.len(), |e| i + e);
        let tag = &text[i..name_end];
        if !tag.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        i = name_end;
        // Attributes up to the tag's end.
        loop {
            while is_space(i) || bytes.get(i) == Some(&b'/') {
                i += 1;
            }
            if i >= bytes.len() || bytes[i] == b'>' {
                break;
            }
            let start = i;
            while i < bytes.len() && !is_space(i) && !matches!(bytes[i], b'=' | b'>' | b'/') {
                i += 1;
            }
            let attribute = &text[start..i];
            if i == start {
                i += 1;
                continue;
            }
            while is_space(i) {
                i += 1;
            }
            if bytes.get(i) != Some(&b'=') {
                continue;
            }
            i += 1;
            while is_space(i) {
                i += 1;
            }
            let (value, value_start) = match bytes.get(i) {
                Some(&quote @ (b'"' | b'\'')) => {
                    let end = text[i + 1..]
                        .find(quote as char)
                        .map_or(text.len(), |e| i + 1 + e);
                    let found = (&text[i + 1..end], i + 1);
                    i = (end + 1).min(text.len());
                    found
                }
                _ => {
                    let start = i;
                    while i < bytes.len() && !is_space(i) && bytes[i] != b'>' {
                        i += 1;
                    }
                    (&text[start..i], start)
                }
            };
            visit(tag, attribute, value, value_start);
        }
    }
}

fn trim_trailing_space(out: &mut [Event<'_>]) {
    if let Some(Event::Text(text)) = out.last_mut()
        && text.ends_with(char::is_whitespace)
    {
        *text = CowStr::from(text.trim_end().to_string());
    }
}

/// A quote's opening `<q>` (or `<blockquote>`): `cite` is the source's URL;
/// the speaker is its `title` (read out by assistive technology, shown on
/// hover) and `data-speaker`.
/// Shortcodes (see `markdown/shortcodes.rs` and `crate::shortcodes`).
impl Pass {
    /// Handles the event of a shortcode's placeholder; false for any other.
    fn shortcode_event<'a>(
        &mut self,
        range: &Range<usize>,
        out: &mut Vec<Event<'a>>,
        resolver: &dyn Resolver,
    ) -> bool {
        let index = self.calls.partition_point(|c| c.span.end <= range.start);
        let Some(call) = self.calls.get(index) else {
            return false;
        };
        if call.span.start >= range.end {
            return false;
        }
        if std::mem::replace(&mut self.emitted[index], true) {
            return true; // the rest of a placeholder spanning lines
        }
        let call = call.clone();
        let offset = call.span.start;
        match &call.kind {
            shortcodes::Kind::Literal(text) => {
                self.count_words(text);
                out.push(Event::Text(text.clone().into()));
            }
            shortcodes::Kind::Inline => {
                let images_before = self.images;
                let Some(context) = self.call_context(&call, false, resolver) else {
                    return true;
                };
                if let Some(html) = self.render_shortcode(&call.name, &context, offset, resolver) {
                    if !call.block
                        && let Some(within) = phrasing_container(out)
                        && let Some(tag) = starts_with_block_element(&html)
                    {
                        self.problem(
                            offset,
                            &format!(
                                "shortcode `{}` makes a block (`<{tag}>`) and cannot stand inside {within}",
                                call.name
                            ),
                            Some(format!(
                                "put `{{{{ {}(…) }}}}` on a line of its own, with a blank line before and after it",
                                call.name
                            )),
                        );
                        return true;
                    }
                    let html = if resolver.processes_images() {
                        let (html, count) = lazy_images(&html, images_before == 0);
                        self.images = self.images.max(images_before + count);
                        html
                    } else {
                        html
                    };
                    self.rendered.shortcodes.push(call.name.clone());
                    out.push(if call.block {
                        Event::Html(format!("{html}\n").into())
                    } else {
                        Event::InlineHtml(html.into())
                    });
                }
            }
            shortcodes::Kind::Open => {
                let context = self.call_context(&call, true, resolver);
                self.open_bodies.push(OpenBody {
                    call: index,
                    event: out.len(),
                    quotes: self.rendered.quotes.len(),
                    context,
                });
                out.push(Event::Html(CowStr::Borrowed("")));
            }
            shortcodes::Kind::Close => {
                if let Some(open) = self.open_bodies.pop() {
                    self.close_body(open, out, resolver);
                }
            }
        }
        true
    }

    /// The context of a call: its arguments checked against the
    /// shortcode's declaration; None (and problems) when they are wrong.
    fn call_context(
        &mut self,
        call: &shortcodes::Call,
        with_body: bool,
        resolver: &dyn Resolver,
    ) -> Option<tera::Context> {
        let offset = call.span.start;
        let name = &call.name;
        let Some(def) = resolver.shortcodes().and_then(|all| all.def(name)) else {
            let known: Vec<&str> = resolver
                .shortcodes()
                .map(|all| all.names().collect())
                .unwrap_or_default();
            let hint = match crate::diagnostics::did_you_mean(name, known.iter().copied()) {
                Some(best) => format!("did you mean `{best}`?"),
                None if known.is_empty() => {
                    "add templates/shortcodes/NAME.html (see docs/templates.md)".into()
                }
                None => {
                    let mut known = known;
                    known.sort_unstable();
                    format!("the shortcodes are: {}", known.join(", "))
                }
            };
            self.problem(offset, &format!("unknown shortcode `{name}`"), Some(hint));
            return None;
        };
        let def = def.clone();
        if def.body != with_body {
            let (message, hint) = if def.body {
                (
                    format!("shortcode `{name}` takes a Markdown body"),
                    format!("write `{{% {name}(…) %}}`, the body, then `{{% end %}}`"),
                )
            } else {
                (
                    format!("shortcode `{name}` takes no body"),
                    format!("write `{{{{ {name}(…) }}}}`"),
                )
            };
            self.problem(offset, &message, Some(hint));
            return None;
        }
        let mut ok = true;
        let mut context = tera::Context::new();
        // A `src` path (a figure's image): as written, as written out, where.
        let mut image_src: Option<(String, String, usize)> = None;
        for param in &def.params {
            context.insert(param.name.clone(), &serde_json::Value::Null);
        }
        for (key, value, at) in &call.args {
            let Some(param) = def.params.iter().find(|p| &p.name == key) else {
                let hint = match crate::diagnostics::did_you_mean(
                    key,
                    def.params.iter().map(|p| p.name.as_str()),
                ) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => format!(
                        "`{name}` takes: {}",
                        def.params
                            .iter()
                            .map(|p| p.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                self.problem(
                    *at,
                    &format!("unknown argument `{key}` of shortcode `{name}`"),
                    Some(hint),
                );
                ok = false;
                continue;
            };
            if !param.ty.accepts(value) {
                let hint = match (&param.ty, value.as_str()) {
                    (crate::shortcodes::Type::OneOf(words), Some(given)) => {
                        match crate::diagnostics::did_you_mean(
                            given,
                            words.iter().map(String::as_str),
                        ) {
                            Some(best) => format!("did you mean \"{best}\"?"),
                            None => format!("write one of: {}", words.join(", ")),
                        }
                    }
                    (crate::shortcodes::Type::Url, Some(_)) => {
                        "write a full web address starting with https:// (or http://), e.g. url=\"https://example.com/report\"".into()
                    }
                    _ => format!(
                        "see the first line of {} for what `{name}` takes",
                        def.file.display()
                    ),
                };
                self.problem(
                    *at,
                    &format!(
                        "argument `{key}` of shortcode `{name}` must be {}, not {value}",
                        param.ty.describe()
                    ),
                    Some(hint),
                );
                ok = false;
                continue;
            }
            let mut value = value.clone();
            if let Some(text) = value.as_str()
                && matches!(
                    param.ty,
                    crate::shortcodes::Type::String
                        | crate::shortcodes::Type::Path
                        | crate::shortcodes::Type::Source
                )
            {
                if key == "alt" && param.ty == crate::shortcodes::Type::String {
                    // Alt text: as for `![…](…)`, quotes are the decorative
                    // marker or an error; `alt=""` is decorative too.
                    match classify_alt(text) {
                        Alt::Text(_) => {}
                        Alt::Decorative => value = "".into(),
                        Alt::Missing if text.is_empty() => {}
                        Alt::Missing => {
                            self.problem(
                                *at,
                                &format!("argument `alt` of shortcode `{name}` is blank"),
                                Some("describe what the image shows; for a purely decorative image write alt=\"\"".into()),
                            );
                            ok = false;
                            continue;
                        }
                        Alt::QuotesOnly => {
                            self.problem(
                                *at,
                                &format!("argument `alt` of shortcode `{name}` is only quotation marks: `{}`", text.trim()),
                                Some("describe what the image shows; for a purely decorative image write alt=\"\"".into()),
                            );
                            ok = false;
                            continue;
                        }
                    }
                } else if crate::text::is_blank(text) && (param.required || !text.is_empty()) {
                    self.problem(
                        *at,
                        &format!(
                            "argument `{key}` of shortcode `{name}` is blank: it would show nothing"
                        ),
                        Some(if param.required {
                            format!("write the {key}; `{name}` needs it")
                        } else {
                            format!("write the {key}, or leave out {key}=…")
                        }),
                    );
                    ok = false;
                    continue;
                }
            }
            match (&param.ty, value.as_str()) {
                (crate::shortcodes::Type::Path, Some(path)) if path.starts_with("@/") => {
                    value = self.internal_link(path, *at, resolver).into();
                }
                (crate::shortcodes::Type::Path, Some(path))
                    if is_site_candidate(path) && resolver.is_checked_link(path) =>
                {
                    self.rendered.local_links.push(LocalLink {
                        url: path.to_string(),
                        offset: *at,
                        internal: false,
                    });
                }
                (crate::shortcodes::Type::Source, Some(source)) => {
                    let source = source.to_string();
                    self.cite(&source, *at, resolver);
                    self.coverage.cite();
                    let number = self.citation_number(&source);
                    context.insert("citation", &citation_marker(number));
                }
                _ => {}
            }
            if key == "src"
                && matches!(param.ty, crate::shortcodes::Type::Path)
                && let (Some(dest), Some(src)) = (call_value_str(&call.args, key), value.as_str())
            {
                image_src = Some((dest.to_string(), src.to_string(), *at));
            }
            context.insert(key.clone(), &value);
        }
        if ok
            && resolver.processes_images()
            && let Some((dest, src, at)) = image_src
        {
            let alt = match classify_alt(call_value_str(&call.args, "alt").unwrap_or_default()) {
                Alt::Text(alt) => alt.to_string(),
                _ => String::new(),
            };
            let html = self.image_html(&dest, &src, &alt, None, at, resolver);
            context.insert("image", &html);
        }
        for param in def.params.iter().filter(|p| p.required) {
            if !call.args.iter().any(|(key, _, _)| key == &param.name) {
                self.problem(
                    offset,
                    &format!(
                        "shortcode `{name}` needs argument `{}` ({})",
                        param.name,
                        param.ty.describe()
                    ),
                    Some(format!("add {}=… to the call", param.name)),
                );
                ok = false;
            }
        }
        ok.then_some(context)
    }

    /// Renders a shortcode's template; None (and a problem) when it fails.
    fn render_shortcode(
        &mut self,
        name: &str,
        context: &tera::Context,
        offset: usize,
        resolver: &dyn Resolver,
    ) -> Option<String> {
        let result = resolver.shortcodes()?.render(name, context);
        match result {
            Ok(html) => Some(html.trim().to_string()),
            Err(message) => {
                self.problem(
                    offset,
                    &format!("shortcode `{name}` failed: {message}"),
                    Some("check the shortcode's template (see docs/templates.md)".into()),
                );
                None
            }
        }
    }

    /// `{% end %}`: the body has been read; its template's HTML goes around it.
    fn close_body(&mut self, open: OpenBody, out: &mut Vec<Event<'_>>, resolver: &dyn Resolver) {
        let Some(mut context) = open.context else {
            return;
        };
        let call = self.calls[open.call].clone();
        let offset = call.span.start;
        let quotes: Vec<serde_json::Value> = self.rendered.quotes[open.quotes..]
            .iter()
            .map(|quote| {
                serde_json::json!({
                    "text": quote.text,
                    "source": quote.source,
                    "speaker": quote.speaker.as_ref().map(|s| serde_json::json!({
                        "name": s.name,
                        "url": s.url,
                    })),
                })
            })
            .collect();
        let wants_quote = resolver
            .shortcodes()
            .and_then(|all| all.def(&call.name))
            .is_some_and(|def| def.quote);
        if wants_quote {
            let message = match self.rendered.quotes[open.quotes..].first() {
                None => Some(format!("shortcode `{}` holds a checked quote", call.name)),
                Some(quote) if quote.speaker.is_none() => Some(format!(
                    "the quote of shortcode `{}` names no speaker",
                    call.name
                )),
                Some(_) => None,
            };
            if let Some(message) = message {
                self.problem(
                    offset,
                    &message,
                    Some("write its body as [“exact words”][@source-id, by actor-id]".into()),
                );
                return;
            }
        }
        context.insert(
            "speaker",
            &quotes
                .first()
                .and_then(|q| q.get("speaker").cloned())
                .unwrap_or_default(),
        );
        context.insert("quotes", &quotes);
        context.insert("body", crate::shortcodes::BODY_MARK);
        let Some(html) = self.render_shortcode(&call.name, &context, offset, resolver) else {
            return;
        };
        let Some((before, after)) = html.split_once(crate::shortcodes::BODY_MARK) else {
            self.problem(
                offset,
                &format!(
                    "the template of shortcode `{}` does not write its body",
                    call.name
                ),
                Some("write {{ body | safe }} once in the template".into()),
            );
            return;
        };
        self.rendered.shortcodes.push(call.name.clone());
        // An `<img>` of the template itself is lazy like any image; the
        // body's images are counted already, so it is the page's first
        // only when nothing came before.
        let (before, after) = if resolver.processes_images() {
            let first_free = self.images == 0;
            let (before, in_before) = lazy_images(before, first_free);
            let (after, in_after) = lazy_images(after, first_free && in_before == 0);
            self.images += in_before + in_after;
            (before, after)
        } else {
            (before.to_string(), after.to_string())
        };
        if let Some(slot) = out.get_mut(open.event) {
            *slot = Event::Html(format!("{}\n", before.trim_end()).into());
        }
        out.push(Event::Html(format!("{}\n", after.trim()).into()));
    }

    /// Shortcodes where no placeholder could stand (in a link's URL, say).
    fn unplaced_shortcodes(&mut self) {
        let unplaced: Vec<(usize, String)> = self
            .calls
            .iter()
            .zip(&self.emitted)
            .filter(|(_, done)| !**done)
            .map(|(call, _)| (call.span.start, call.name.clone()))
            .collect();
        for (offset, name) in unplaced {
            self.problem(
                offset,
                &format!("shortcode `{name}` cannot stand here"),
                Some("put it in a paragraph's text or on a line of its own".into()),
            );
        }
    }
}

/// The HTML before and after an alert's body: the `callout` shortcode's, or
/// the same markup when there is none.
fn alert_html(kind: BlockQuoteKind, resolver: &dyn Resolver) -> (String, String) {
    let (name, label) = match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    };
    if let Some(all) = resolver.shortcodes()
        && all.def("callout").is_some()
    {
        let mut context = tera::Context::new();
        context.insert("kind", name);
        context.insert("title", &serde_json::Value::Null);
        context.insert("body", crate::shortcodes::BODY_MARK);
        if let Ok(html) = all.render("callout", &context)
            && let Some((before, after)) = html.split_once(crate::shortcodes::BODY_MARK)
        {
            return (
                format!("{}\n", before.trim_end()),
                format!("{}\n", after.trim()),
            );
        }
    }
    (
        format!(
            "<aside class=\"callout callout-{name}\" aria-label=\"{label}\">\n<p class=\"callout-label\">{label}</p>\n"
        ),
        "</aside>\n".to_string(),
    )
}

fn quote_tag(name: &str, cite: Option<String>, speaker: Option<&Speaker>) -> String {
    let mut tag = format!("<{name}");
    if let Some(url) = cite.filter(|url| !url.is_empty()) {
        tag.push_str(&format!(" cite=\"{}\"", crate::html::escape(&url)));
    }
    if let Some(speaker) = speaker {
        let name = crate::html::escape(&speaker.name);
        tag.push_str(&format!(" title=\"{name}\" data-speaker=\"{name}\""));
    }
    tag.push('>');
    tag
}

/// The visible attribution closing a block quote: `— one official`, or the
/// actor's name linked to the actor's page.
fn attribution(speaker: &Speaker) -> String {
    let name = crate::html::escape(&speaker.name);
    match &speaker.url {
        Some(url) => format!(
            "<footer class=\"quote-speaker\">— <a href=\"{}\">{name}</a></footer>\n",
            crate::html::escape(url)
        ),
        None => format!("<footer class=\"quote-speaker\">— {name}</footer>\n"),
    }
}

/// `<sup>` marker pointing at the page's numbered source list.
fn citation_marker(number: usize) -> String {
    format!("<sup class=\"citation\"><a href=\"#cite-{number}\">[{number}]</a></sup>")
}

/// The string value of a shortcode call's argument `key`, if it has one.
fn call_value_str<'c>(
    args: &'c [(String, serde_json::Value, usize)],
    key: &str,
) -> Option<&'c str> {
    args.iter()
        .find(|(k, _, _)| k == key)
        .and_then(|(_, value, _)| value.as_str())
}

/// What the innermost element still open at the end of `out` is, when it
/// may hold only phrasing content (a paragraph, a heading, emphasis, a
/// link…): a block there is invalid HTML. None in a list item, a table
/// cell, a block quote or at the top.
fn phrasing_container(out: &[Event<'_>]) -> Option<&'static str> {
    let mut depth = 0usize;
    for event in out.iter().rev() {
        match event {
            Event::End(_) => depth += 1,
            Event::Start(tag) if depth == 0 => {
                return match tag {
                    Tag::Paragraph => Some("a paragraph's line of text"),
                    Tag::Heading { .. } => Some("a heading"),
                    Tag::Emphasis
                    | Tag::Strong
                    | Tag::Strikethrough
                    | Tag::Superscript
                    | Tag::Subscript
                    | Tag::Link { .. }
                    | Tag::Image { .. } => Some("a line of text"),
                    _ => None,
                };
            }
            Event::Start(_) => depth -= 1,
            _ => {}
        }
    }
    None
}

/// The block-level element `html` starts with, if any: a shortcode whose
/// output does cannot stand inside a paragraph.
fn starts_with_block_element(html: &str) -> Option<String> {
    const BLOCKS: &[&str] = &[
        "address",
        "article",
        "aside",
        "blockquote",
        "details",
        "dialog",
        "div",
        "dl",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "ul",
    ];
    let mut rest = html.trim_start();
    // Comments before the first element say nothing about it.
    while let Some(after) = rest.strip_prefix("<!--") {
        rest = after.split_once("-->").map_or("", |(_, r)| r).trim_start();
    }
    let tag = rest.strip_prefix('<')?;
    let end = tag
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(tag.len());
    let name = tag[..end].to_ascii_lowercase();
    BLOCKS.contains(&name.as_str()).then_some(name)
}

/// `html` with `loading="lazy" decoding="async"` on each `<img>` that has no
/// `loading` of its own, but the first when `first_free` (the page's first
/// image loads at once); and how many `<img>` tags it holds.
fn lazy_images(html: &str, first_free: bool) -> (String, usize) {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    let mut count = 0;
    while let Some(at) = find_img_tag(rest) {
        let tag_start = &rest[at..];
        // The tag's end: the first `>` outside a quoted value.
        let mut quote = None;
        let mut end = None;
        for (i, c) in tag_start.char_indices() {
            match (quote, c) {
                (None, '"' | '\'') => quote = Some(c),
                (Some(q), c) if c == q => quote = None,
                (None, '>') => {
                    end = Some(i);
                    break;
                }
                _ => {}
            }
        }
        let Some(end) = end else { break };
        let tag = &tag_start[..end];
        out.push_str(&rest[..at]);
        let skip = first_free && count == 0;
        count += 1;
        if skip || tag.to_ascii_lowercase().contains(" loading=") {
            out.push_str(tag);
        } else {
            let (body, slash) = match tag.strip_suffix('/') {
                Some(body) => (body.trim_end(), " /"),
                None => (tag, ""),
            };
            out.push_str(body);
            out.push_str(" loading=\"lazy\" decoding=\"async\"");
            out.push_str(slash);
        }
        out.push('>');
        rest = &tag_start[end + 1..];
    }
    out.push_str(rest);
    (out, count)
}

/// Where the next `<img` tag of `html` starts.
fn find_img_tag(html: &str) -> Option<usize> {
    let bytes = html.as_bytes();
    let mut from = 0;
    while let Some(i) = html[from..].find('<') {
        let at = from + i;
        if bytes.len() >= at + 5
            && bytes[at + 1..at + 4].eq_ignore_ascii_case(b"img")
            && matches!(bytes[at + 4], b' ' | b'\t' | b'\n' | b'/' | b'>')
        {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// What an image's (trimmed) alt text says.
#[derive(Debug, PartialEq, Eq)]
enum Alt<'a> {
    /// Words: the alt text as written.
    Text(&'a str),
    /// The decorative marker: a pair of quotes, double or single, straight
    /// or curly (smart punctuation curls them, either way round), with
    /// nothing or only whitespace inside: `![""](x.jpg)`, `![“ ”](x.jpg)`.
    Decorative,
    /// Nothing at all.
    Missing,
    /// Only quotation marks and whitespace, but not the marker (`"""`,
    /// `"'`): never written out as alt text.
    QuotesOnly,
}

/// Which family a quotation mark belongs to: 2 double, 1 single, 0 none.
fn quote_family(c: char) -> u8 {
    match c {
        '"' | '“' | '”' | '„' | '‟' | '«' | '»' => 2,
        '\'' | '‘' | '’' | '‚' | '‛' | '‹' | '›' => 1,
        _ => 0,
    }
}

fn classify_alt(alt: &str) -> Alt<'_> {
    let alt = alt.trim();
    if crate::text::is_blank(alt) {
        return Alt::Missing;
    }
    if !alt
        .chars()
        .all(|c| quote_family(c) != 0 || crate::text::is_invisible(c))
    {
        return Alt::Text(alt);
    }
    let mut chars = alt.chars();
    let (Some(first), Some(last)) = (chars.next(), chars.next_back()) else {
        return Alt::QuotesOnly;
    };
    let inside = chars.as_str();
    if quote_family(first) != 0
        && quote_family(first) == quote_family(last)
        && inside.chars().all(crate::text::is_invisible)
    {
        Alt::Decorative
    } else {
        Alt::QuotesOnly
    }
}

/// Takes events up to the end tag closing the one just started (nesting aware).
fn take_until_end<'a>(
    iter: &mut impl Iterator<Item = (Event<'a>, Range<usize>)>,
) -> Vec<(Event<'a>, Range<usize>)> {
    let mut depth = 0usize;
    let mut inner = Vec::new();
    for (event, range) in iter.by_ref() {
        match &event {
            Event::Start(_) => depth += 1,
            Event::End(_) if depth == 0 => break,
            Event::End(_) => depth -= 1,
            _ => {}
        }
        inner.push((event, range));
    }
    inner
}

fn plain_text_events(events: &[Event<'_>]) -> String {
    let mut text = String::new();
    for event in events {
        push_text(&mut text, event);
    }
    text
}

fn push_text(text: &mut String, event: &Event<'_>) {
    match event {
        Event::Text(t) | Event::Code(t) => text.push_str(t),
        // A quote's `<q>` shows its quotation marks: the text carries them.
        Event::InlineHtml(t) if t.as_ref() == "<q>" || t.starts_with("<q ") => text.push('“'),
        Event::InlineHtml(t) if t.as_ref() == "</q>" => text.push('”'),
        // An image (see `Pass::image`): its alt text stands for it.
        Event::InlineHtml(t) if t.starts_with("<img ") || t.starts_with("<picture>") => {
            text.push_str(&image_alt(t))
        }
        Event::SoftBreak | Event::HardBreak => text.push(' '),
        _ => {}
    }
}

/// The alt text of the first `<img>` of `html` as written by
/// [`crate::images::markup`], unescaped.
fn image_alt(html: &str) -> String {
    let Some(img) = html.find("<img ") else {
        return String::new();
    };
    let tag = &html[img..];
    let Some(start) = tag.find(" alt=\"") else {
        return String::new();
    };
    let value = &tag[start + 6..];
    let value = &value[..value.find('"').unwrap_or(value.len())];
    crate::html::decode_entities(value).into_owned()
}

const OPENING_QUOTES: [char; 5] = ['"', '“', '„', '‘', '«'];
const CLOSING_QUOTES: [char; 5] = ['"', '”', '’', '“', '»'];

/// Removes the quotation marks an editor typed around a quote: `<q>` adds them.
fn strip_quote_marks(events: &mut [Event<'_>]) {
    if let Some(Event::Text(first)) = events.first_mut()
        && let Some(rest) = first.strip_prefix(OPENING_QUOTES)
    {
        *first = CowStr::from(rest.to_string());
    }
    if let Some(Event::Text(last)) = events.last_mut()
        && let Some(rest) = last.strip_suffix(CLOSING_QUOTES)
    {
        *last = CowStr::from(rest.to_string());
    }
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
mod tests {
    use super::*;

    pub(super) struct Fixture;
    impl Resolver for Fixture {
        fn page_url(&self, file: &str) -> Option<String> {
            (file == "timeline/berlin.md").then(|| "https://e.org/timeline/berlin/".to_string())
        }
        fn has_source(&self, id: &str) -> bool {
            id == "wt"
        }
        fn asset_url(&self, file: &str) -> Option<String> {
            (!file.starts_with("..")).then(|| format!("https://e.org/talks/{file}"))
        }
        fn is_draft(&self, file: &str) -> bool {
            file == "draft.md"
        }
        fn source_url(&self, id: &str) -> Option<String> {
            (id == "wt").then(|| "https://news.example.net/report?a=1&b=2".to_string())
        }
        fn actor(&self, id: &str) -> Result<(String, String), Vec<String>> {
            match id {
                "trump" => Ok(("Donald Trump".into(), "https://e.org/actors/trump/".into())),
                _ => Err(vec!["trump".into(), "putin".into(), "us-officials".into()]),
            }
        }
    }

    /// A site's build: images need alt text and become the resolver's markup.
    struct Processing;
    impl Resolver for Processing {
        fn page_url(&self, _: &str) -> Option<String> {
            None
        }
        fn has_source(&self, _: &str) -> bool {
            false
        }
        fn processes_images(&self) -> bool {
            true
        }
    }

    #[test]
    fn lazy_images_marks_every_img_without_loading_but_a_free_first() {
        let html = "<figure><img src=\"a>b\" alt=x><IMG src=y /><img loading=\"eager\" src=z><imgx></figure>";
        let (out, count) = lazy_images(html, true);
        assert_eq!(count, 3);
        assert_eq!(
            out,
            "<figure><img src=\"a>b\" alt=x><IMG src=y loading=\"lazy\" decoding=\"async\" /><img loading=\"eager\" src=z><imgx></figure>"
        );
        let (out, _) = lazy_images("<img src=a>", false);
        assert_eq!(out, "<img src=a loading=\"lazy\" decoding=\"async\">");
        assert_eq!(
            starts_with_block_element("<!-- c --> <Div class=x>"),
            Some("div".into())
        );
        assert_eq!(starts_with_block_element("<span>"), None);
        assert_eq!(starts_with_block_element("text <div>"), None);
    }

    #[test]
    fn alt_text_of_only_quotes_is_the_decorative_marker_or_an_error() {
        for marker in [
            "\"\"", "“”", "”“", "“ “", "''", "‘’", "’’", "\" \"", "«»", "' '",
        ] {
            assert_eq!(classify_alt(marker), Alt::Decorative, "{marker}");
        }
        for bad in ["\"", "“", "\"\"\"", "\"'", "“’", "\" \" \"", "'' ''"] {
            assert_eq!(classify_alt(bad), Alt::QuotesOnly, "{bad}");
        }
        assert_eq!(classify_alt("  "), Alt::Missing);
        assert_eq!(classify_alt("\u{200B}"), Alt::Missing);
        assert_eq!(classify_alt("\"A\""), Alt::Text("\"A\""));
        let body =
            "![\" \"](a.png) ![\"\"](b.png) ![“”](c.png) !['  '](d.png)\n\n![\"\"\"](e.png)\n";
        let r = render(body, &MarkdownOptions::default(), &Processing);
        assert_eq!(r.problems.len(), 1, "{:?}", r.problems);
        assert_eq!(r.problems[0].offset, body.find("![\"\"\"]").unwrap());
        assert!(r.problems[0].message.contains("only quotation marks"));
        assert!(!r.html.contains("alt=\"“"), "{}", r.html);
        assert!(!r.html.contains("alt=\"&quot;"), "{}", r.html);
        for file in ["a", "b", "c", "d", "e"] {
            assert!(
                r.html.contains(&format!("src=\"{file}.png\" alt=\"\"")),
                "{}",
                r.html
            );
        }
    }

    #[test]
    fn a_site_s_images_need_alt_text_and_only_the_first_loads_at_once() {
        let body = "# A map ![of Berlin](map.png) today\n\n![](a.png)\n\n![\"\"](rule.png) and ![A & \"B\"](b.png \"T\")\n";
        let r = render(body, &MarkdownOptions::default(), &Processing);
        assert_eq!(r.problems.len(), 1, "{:?}", r.problems);
        assert_eq!(r.problems[0].offset, body.find("![](").unwrap());
        assert!(r.problems[0].message.contains("no alt text"));
        assert_eq!(r.toc[0].title, "A map of Berlin today");
        assert!(
            r.html.contains("<img src=\"map.png\" alt=\"of Berlin\">"),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains("<img src=\"rule.png\" alt=\"\" loading=\"lazy\" decoding=\"async\">"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<img src=\"b.png\" alt=\"A &amp; “B”\" title=\"T\" loading=\"lazy\" decoding=\"async\">"),
            "{}",
            r.html
        );
        // Without a site, images are plain CommonMark.
        let plain = render(body, &MarkdownOptions::default(), &Fixture);
        assert!(plain.problems.is_empty(), "{:?}", plain.problems);
        assert!(
            plain.html.contains("<img src=\"a.png\" alt=\"\" />"),
            "{}",
            plain.html
        );
    }

    #[test]
    fn links_to_files_reach_them_and_are_kept_for_the_output_check() {
        let r = md("[figures](@/files/figures.csv) and ![map](@/maps/a.png#x)");
        assert!(
            r.html
                .contains("href=\"https://e.org/talks/files/figures.csv\""),
            "{}",
            r.html
        );
        assert!(r.html.contains("src=\"https://e.org/talks/maps/a.png#x\""));
        let urls: Vec<&str> = r.local_links.iter().map(|l| l.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "https://e.org/talks/files/figures.csv",
                "https://e.org/talks/maps/a.png#x"
            ]
        );
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        let r = md("[up](@/../secret.txt)");
        assert!(
            r.problems[0].message.contains("names no file"),
            "{:?}",
            r.problems
        );
    }

    #[test]
    fn decodes_escapes_in_the_file_an_internal_link_names() {
        let r = md("[a](@/timeline%2Fberlin.md) [b](@/My%20Files/a.txt)");
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        assert_eq!(r.links[0].file, "timeline/berlin.md");
        assert_eq!(r.local_links[0].url, "https://e.org/talks/My Files/a.txt");
    }

    #[test]
    fn keeps_the_query_of_an_internal_link() {
        for (body, url) in [
            (
                "[a](@/timeline/berlin.md?x=1#top)",
                "https://e.org/timeline/berlin/?x=1#top",
            ),
            (
                "[a](@/timeline/berlin.md?x=1)",
                "https://e.org/timeline/berlin/?x=1",
            ),
            (
                "[a](@/timeline/berlin.md?)",
                "https://e.org/timeline/berlin/?",
            ),
            (
                "[a](@/files/a.csv?v=2#row-3)",
                "https://e.org/talks/files/a.csv?v=2#row-3",
            ),
        ] {
            let r = md(body);
            assert!(r.problems.is_empty(), "{body}: {:?}", r.problems);
            assert!(r.html.contains(&format!("href=\"{url}\"")), "{}", r.html);
        }
        let r = md("[a](@/timeline/berlin.md?x=1#top)");
        assert_eq!(r.links[0].file, "timeline/berlin.md");
        assert_eq!(r.links[0].fragment.as_deref(), Some("top"));
        let r = md("[a](@/gone.md?x=1#top)");
        assert!(
            r.problems[0]
                .message
                .contains("no page at `content/gone.md`")
        );
    }

    #[test]
    fn says_a_link_to_a_draft_names_a_draft() {
        let r = md("More in [the next part](@/draft.md#intro).");
        assert_eq!(r.problems.len(), 1);
        let problem = &r.problems[0];
        assert!(
            problem.message.contains("`content/draft.md` is a draft"),
            "{problem:?}"
        );
        assert!(!problem.message.contains("no page at"), "{problem:?}");
        assert!(problem.hint.as_deref().unwrap_or("").contains("--drafts"));
        assert_eq!(problem.offset, "More in ".len());
        let r = md("[gone](@/gone.md)");
        assert!(
            r.problems[0]
                .message
                .contains("no page at `content/gone.md`")
        );
    }

    #[test]
    fn keeps_plain_links_into_the_site_for_the_output_check() {
        let body = "[a](../x/) [b](/files/x.csv) [c](https://e.org/talks/y/) [d](x.html#f) \
                    [e](#top) [f](mailto:a@b.org) [g](tel:1) ![h](img/p.png) [i](//cdn.org/x) [j](?q=1)";
        let r = md(body);
        let urls: Vec<&str> = r.local_links.iter().map(|l| l.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "../x/",
                "/files/x.csv",
                "https://e.org/talks/y/",
                "x.html#f",
                "img/p.png",
                "//cdn.org/x",
                "?q=1"
            ]
        );
        assert_eq!(r.local_links[1].offset, body.find("[b]").unwrap_or(0));
        assert!(r.html.contains("href=\"../x/\""), "links render as written");
    }

    #[test]
    fn collects_ids_written_in_raw_html() {
        for (html, expected) in [
            (
                "<a id=\"traits-as-parameters\"></a>",
                &["traits-as-parameters"][..],
            ),
            ("<a id='single'></a>", &["single"]),
            ("<span id=bare>x</span>", &["bare"]),
            ("<a name=\"old-name\"></a>", &["old-name"]),
            ("<A NAME='upper' ID=\"both\">", &["upper", "both"]),
            ("<div id = \"spaced\" class=\"x\">", &["spaced"]),
            ("<img data-id=\"no\" alt=\"id=no\">", &[]),
            ("<div name=\"not-an-anchor\">", &[]),
            ("<p title='a > b' id=\"after-gt\">", &["after-gt"]),
            ("<a id=\"a&amp;b\"></a>", &["a&b"]),
            ("<a id=\"\"></a> text id=no <", &[]),
            ("<a id=\"unclosed", &["unclosed"]),
            ("<DIV ID=\"anch4\">", &["anch4"]),
            ("<Div Id='mixed'><SPAN iD=x>", &["mixed", "x"]),
            ("<!-- <a id=\"incomment\"></a> -->", &[]),
            (
                "<!-- a --><a id=\"after\"></a><!-- <b id=no> -->",
                &["after"],
            ),
            ("<!--><a id=\"empty-comment\">", &["empty-comment"]),
            ("<!---><a id=\"empty-comment2\">", &["empty-comment2"]),
            ("<!-- unclosed <a id=\"no\">", &[]),
            ("<span name=\"no\"><A Name=\"yes\">", &["yes"]),
        ] {
            let mut ids = Vec::new();
            html_ids(html, &mut ids);
            assert_eq!(ids, expected, "{html}");
        }
    }

    #[test]
    fn collects_urls_written_in_raw_html() {
        for (html, expected) in [
            ("<a href=\"../x/\">x</a>", &[("../x/", 9)][..]),
            ("<img src='/img/a.png' alt=x>", &[("/img/a.png", 10)]),
            (
                "<img srcset=\"a,b.png 1x, c.png 2x\">",
                &[("a,b.png", 13), ("c.png", 25)],
            ),
            (
                "<a href=\"mailto:a@b.org\">m</a><a href=\"#top\">t</a>",
                &[],
            ),
            (
                "<a href=\"https://e.org/x?a=1&amp;b=2\">",
                &[("https://e.org/x?a=1&b=2", 9)],
            ),
            ("<a data-href=\"/no/\" title=\"href=/no/\">", &[]),
            ("<video poster=/p.jpg>", &[("/p.jpg", 14)]),
            (
                "<object data=\"/img/nope2.svg\">",
                &[("/img/nope2.svg", 14)],
            ),
            ("<form action=\"/nope3/\">", &[("/nope3/", 14)]),
            ("<blockquote cite=\"/nope4/\">", &[("/nope4/", 18)]),
            (
                "<link rel=\"preload\" as=\"image\" imagesrcset=\"/img/nope5.png 2x\">",
                &[("/img/nope5.png", 44)],
            ),
            ("<IMG SRC=\"/upper.png\">", &[("/upper.png", 10)]),
            ("<!-- <a href=\"/in-comment/\"> -->", &[]),
        ] {
            let mut urls = Vec::new();
            html_urls(html, &mut urls);
            let got: Vec<(&str, usize)> = urls.iter().map(|(u, at)| (u.as_str(), *at)).collect();
            assert_eq!(got, expected, "{html}");
        }
    }

    #[test]
    fn keeps_raw_html_links_of_a_body_with_their_offsets() {
        let body = "Text\n\n<p><a href=\"/gone/\">x</a></p>\n\nand <img src=\"img/p.png\">.\n";
        let r = md(body);
        let found: Vec<(&str, usize)> = r
            .local_links
            .iter()
            .map(|l| (l.url.as_str(), l.offset))
            .collect();
        assert_eq!(
            found,
            [
                ("/gone/", body.find("/gone/").unwrap_or(0)),
                ("img/p.png", body.find("img/p.png").unwrap_or(0))
            ]
        );
    }

    #[test]
    fn ignores_ids_and_links_in_html_comments_across_lines() {
        let body = "<!--\n<a id=\"hidden\" href=\"/gone/\"></a>\n-->\n<a id=\"shown\"></a>\n\n\
                    Text <!-- <span id=\"inline\"> --> and <span ID=\"INLINE2\">.\n";
        let r = md(body);
        assert_eq!(r.html_ids, ["shown", "INLINE2"]);
        assert!(r.local_links.is_empty(), "{:?}", r.local_links);
    }

    #[test]
    fn takes_links_from_every_url_attribute_check_reads() {
        for attribute in crate::portable::URL_ATTRIBUTES {
            let body = format!("<p><x-y {attribute}=\"/gone/a.png\"></x-y></p>\n");
            let r = md(&body);
            assert_eq!(r.local_links.len(), 1, "{body}");
            assert_eq!(r.local_links[0].url, "/gone/a.png", "{body}");
        }
    }

    #[test]
    fn takes_ids_from_inline_and_block_html_of_a_body() {
        let r = md(
            "<a id=\"block\"></a>\n\nText <span id=\"inline\">x</span> and `<b id=\"code\">`.\n",
        );
        assert_eq!(r.html_ids, ["block", "inline"]);
    }

    /// A small fixed-seed generator: `next(n)` is in `0..n`.
    pub(super) fn random(mut seed: u64) -> impl FnMut(usize) -> usize {
        move |n| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize % n
        }
    }

    pub(super) fn md(body: &str) -> Rendered {
        render(body, &MarkdownOptions::default(), &Fixture)
    }

    #[test]
    fn can_make_unique_heading_ids_with_custom_ids_winning() {
        let r = md("## Talks\n\n## Talks\n\n## Other {#talks-1}\n\n## ???\n");
        assert_eq!(r.heading_ids, ["talks", "talks-2", "talks-1", "section"]);
        assert!(r.html.contains("<h2 id=\"talks\">Talks</h2>"), "{}", r.html);
    }

    #[test]
    fn can_number_many_equal_headings() {
        let r = md(&"## x\n\n".repeat(3000));
        assert_eq!(r.heading_ids.len(), 3000);
        assert_eq!(r.heading_ids[1], "x-1");
        assert_eq!(r.heading_ids[2999], "x-2999");
        let unique: HashSet<&String> = r.heading_ids.iter().collect();
        assert_eq!(unique.len(), 3000);
    }

    #[test]
    fn can_nest_table_of_contents() {
        let r = md("## A\n\n### A1\n\n### A2\n\n## B\n");
        assert_eq!(r.toc.len(), 2);
        assert_eq!(r.toc[0].children.len(), 2);
        assert_eq!(r.toc[0].children[1].title, "A2");
    }

    #[test]
    fn can_resolve_internal_links_and_report_broken_ones() {
        let r = md("See [talks](@/timeline/berlin.md#day-one) and [gone](@/timeline/gone.md).");
        assert!(
            r.html
                .contains("href=\"https://e.org/timeline/berlin/#day-one\""),
            "{}",
            r.html
        );
        assert_eq!(r.links[0].fragment.as_deref(), Some("day-one"));
        assert_eq!(r.problems.len(), 1);
        assert!(r.problems[0].message.contains("content/timeline/gone.md"));
        assert_eq!(
            r.problems[0].offset,
            "See [talks](@/timeline/berlin.md#day-one) and ".len()
        );
    }

    #[test]
    fn can_number_citations_and_extract_quotes() {
        let r = md(
            "Officials spoke [@wt]. One said it was [“the platinum standard”][@wt] and [@other].",
        );
        assert_eq!(r.citations, ["wt", "other"]);
        assert!(r.html.contains("<q cite=\"https://news.example.net/report?a=1&amp;b=2\">the platinum standard</q><sup class=\"citation\"><a href=\"#cite-1\">[1]</a></sup>"), "{}", r.html);
        assert!(r.html.contains("href=\"#cite-2\""));
        assert!(
            r.html.contains("and<sup class=\"citation\">"),
            "no space before a marker: {}",
            r.html
        );
        assert_eq!(r.quotes[0].text, "the platinum standard");
        assert_eq!(r.problems.len(), 1, "unknown source `other`");
        assert!(r.problems[0].message.contains("`other`"));
    }

    #[test]
    fn resolves_citations_and_links_inside_headings() {
        let r = md("[@wt] and [talks](@/timeline/berlin.md)\n=\n");
        assert!(
            !r.html.contains("cite:") && !r.html.contains("@/"),
            "{}",
            r.html
        );
        assert!(r.html.contains("href=\"#cite-1\""), "{}", r.html);
        assert_eq!(r.citations, ["wt"]);
    }

    #[test]
    fn errors_on_citations_written_as_images() {
        let r = md("![@wt]");
        assert!(!r.html.contains("cite:"), "{}", r.html);
        assert!(r.problems[0].message.contains("image syntax"));
    }

    #[test]
    fn can_cut_summary_at_more_marker() {
        let r = md("First para.\n\n<!-- more -->\n\nSecond para.\n");
        assert_eq!(r.summary.as_deref(), Some("<p>First para.</p>\n"));
        assert!(r.html.contains("Second para."));
        assert!(md("No marker").summary.is_none());
    }

    #[test]
    fn sees_whitespace_as_the_standard_library_does() {
        for byte in 0..=u8::MAX {
            assert_eq!(is_space(byte), byte.is_ascii_whitespace(), "byte {byte:#x}");
        }
    }

    #[test]
    fn counts_words_in_long_texts_split_anywhere() {
        // Texts longer than the 64-byte blocks, cut into pieces at every
        // kind of boundary, against the standard library's word split.
        let alphabet = [" ", "a", "\n", "é", "\t", "bc", "  ", "\u{b}"];
        let mut next = random(7);
        for _ in 0..300 {
            let text: String = (0..next(400))
                .map(|_| alphabet[next(alphabet.len())])
                .collect();
            let mut pass = Pass::default();
            let mut rest = text.as_str();
            while !rest.is_empty() {
                let mut cut = next(rest.len() + 1).max(1);
                while !rest.is_char_boundary(cut) {
                    cut += 1;
                }
                pass.count_words(&rest[..cut]);
                rest = &rest[cut..];
            }
            let expected = text.split_ascii_whitespace().count();
            assert_eq!(pass.rendered.word_count, expected, "{text:?}");
        }
    }

    #[test]
    fn counts_words_across_text_events_and_odd_spacing() {
        for (text, words) in [
            ("", 0),
            ("one", 1),
            ("  one  two\tthree\r\nfour  ", 4),
            ("a b c d e f g h i j k l m n o p q r s t u v w x y z", 26),
            ("x\u{b}y", 1),
        ] {
            assert_eq!(md(text).word_count, words, "{text:?}");
        }
    }

    #[test]
    fn counts_words_split_by_smart_punctuation_once() {
        assert_eq!(md("They've said *it* twice.\nNew line").word_count, 6);
    }

    #[test]
    fn can_count_words_and_keep_footnotes_and_tables() {
        let r = md("One two three.[^1]\n\n[^1]: Four.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
        assert!(r.word_count >= 4);
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("footnote-definition"));
    }
}
