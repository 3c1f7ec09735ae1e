//! Markdown → HTML with pulldown-cmark, as named passes over the event stream:
//! heading ids and the table of contents, internal `@/page.md#anchor` links,
//! citations `[@source-id]` and checked quotes `[“exact words”][@source-id]`,
//! and the `<!-- more -->` summary. Rendering is pure; everything the checker
//! needs (links, quotes, citations) comes back in [`Rendered`].

mod citations;
mod ids;
mod summary;

pub(crate) use ids::literal_ids;

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::OnceLock;

use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd, html};
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

/// A quote that must match its source's archived text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    pub source: String,
    pub text: String,
    pub offset: usize,
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
    pub links: Vec<InternalLink>,
    /// Cited source ids in order of first citation; a citation's number is its index + 1.
    pub citations: Vec<String>,
    pub quotes: Vec<Quote>,
    pub word_count: usize,
    pub problems: Vec<Problem>,
}

pub fn parser_options(options: &MarkdownOptions) -> Options {
    let mut opts = Options::empty();
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
    let options = parser_options(options);
    let mut pass = Pass::default();
    let parser = Parser::new_with_broken_link_callback(body, options, Some(citations::broken_link));
    let mut out = pass.run(parser.into_offset_iter(), body.len() / 16, resolver);
    // Ids last: hand-set ids and footnote labels anywhere on the page win.
    pass.assign_heading_ids(&mut out, resolver.reserved_ids());
    let mut rendered = pass.rendered;
    if let Some(cut) = pass.summary_cut {
        rendered.summary = Some(summary::html(&out[..cut]));
    }
    let mut html_out = String::with_capacity(body.len() * 3 / 2);
    html::push_html(&mut html_out, out.into_iter());
    rendered.html = html_out;
    rendered.toc = nest_toc(pass.flat_toc);
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
    in_word: bool,
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
        while let Some((event, range)) = iter.next() {
            match event {
                Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }) => {
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
                        self.rendered.quotes.push(Quote {
                            source,
                            text,
                            offset: range.start,
                        });
                        out.push(Event::InlineHtml("<q>".into()));
                        out.extend(inner);
                        out.push(Event::InlineHtml("</q>".into()));
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
                Event::Html(ref text) | Event::InlineHtml(ref text)
                    if text.contains(MORE_MARKER) =>
                {
                    self.more_marker(out.len());
                    out.push(event);
                }
                Event::Text(ref text) => {
                    self.count_words(text);
                    out.push(event);
                }
                other => {
                    match &other {
                        Event::Start(Tag::FootnoteDefinition(label)) => {
                            self.footnote(label, range.start)
                        }
                        Event::Start(Tag::HtmlBlock) => self.html_block = Some(out.len()),
                        Event::End(TagEnd::HtmlBlock) => self.html_block = None,
                        Event::Html(html) | Event::InlineHtml(html) if html.contains("id=") => {
                            self.html_ids
                                .extend(ids::literal_ids(html).map(str::to_string));
                        }
                        _ => {}
                    }
                    if matches!(
                        other,
                        Event::Start(_) | Event::End(_) | Event::SoftBreak | Event::HardBreak
                    ) {
                        self.in_word = false;
                    }
                    out.push(other)
                }
            }
        }
        out
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

    fn problem(&mut self, offset: usize, message: &str, hint: Option<String>) {
        self.rendered.problems.push(Problem {
            message: message.to_string(),
            offset,
            hint,
        });
    }

    fn cite(&mut self, source: &str, offset: usize, resolver: &dyn Resolver) {
        if !resolver.has_source(source) {
            self.problem(
                offset,
                &format!("unknown source `{source}` in citation"),
                Some("add it to the source list (sources.yaml) or fix the id".into()),
            );
        }
        if !self.citation_numbers.contains_key(source) {
            self.rendered.citations.push(source.to_string());
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
            Some((file, fragment)) => (file, Some(fragment.to_string())),
            None => (target, None),
        };
        match resolver.page_url(file) {
            Some(url) => {
                self.rendered.links.push(InternalLink {
                    file: file.to_string(),
                    fragment: fragment.clone(),
                    offset,
                });
                match fragment {
                    Some(fragment) => format!("{url}#{fragment}"),
                    None => url,
                }
            }
            None => {
                self.problem(
                    offset,
                    &format!("broken internal link: no page at `content/{file}`"),
                    Some("internal links name the file below content/, e.g. @/timeline/berlin-talks.md".into()),
                );
                "#".into()
            }
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

/// `<sup>` marker pointing at the page's numbered source list.
fn citation_marker(number: usize) -> String {
    format!("<sup class=\"citation\"><a href=\"#cite-{number}\">[{number}]</a></sup>")
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
        Event::SoftBreak | Event::HardBreak => text.push(' '),
        _ => {}
    }
}

const OPENING_QUOTES: [char; 4] = ['"', '“', '„', '‘'];
const CLOSING_QUOTES: [char; 3] = ['"', '”', '’'];

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
        assert!(r.html.contains("<q>the platinum standard</q><sup class=\"citation\"><a href=\"#cite-1\">[1]</a></sup>"), "{}", r.html);
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
