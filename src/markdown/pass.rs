//! The event pass: one walk over pulldown-cmark's events, straight from the
//! parser, that hands each event to its step (headings, citations, links,
//! images, raw HTML, block quotes, shortcodes) and collects what the checker
//! needs in [`Rendered`].

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use rustc_hash::{FxHashMap, FxHashSet};

use super::images::image_alt;
use super::links::is_site_candidate;
use super::*;

/// The state of one render of a Markdown body: what it found so far and where
/// it is. Its sets and maps hash with FxHash: ids and labels of the site's own
/// pages (not data an attacker picks), looked up for every heading and note.
#[derive(Default)]
pub(super) struct Pass {
    /// What the render returns, filled as it goes.
    pub(super) rendered: Rendered,
    /// Ids set by hand (`{#id}`), then every id handed out.
    pub(super) used_ids: FxHashSet<String>,
    /// Labels of footnote definitions: pulldown-cmark writes each as an id.
    pub(super) footnotes: FxHashSet<String>,
    /// Ids written in the body's raw HTML (`<a id="x"></a>`).
    pub(super) html_ids: FxHashSet<String>,
    /// Headings in order, their ids assigned once the whole body is read.
    pub(super) headings: Vec<ids::Heading>,
    /// Next suffix to try per base id, so many equal headings stay linear.
    pub(super) next_suffix: FxHashMap<String, usize>,
    /// Each citation's byte offset and source id, in order.
    pub(super) citation_offsets: Vec<(usize, String)>,
    /// Source id → its citation number (index in `rendered.citations` + 1).
    pub(super) citation_numbers: FxHashMap<String, usize>,
    /// The headings in order, nested into the table of contents at the end.
    pub(super) flat_toc: Vec<TocEntry>,
    /// Where `<!-- more -->` cuts the summary: an index in the output events.
    pub(super) summary_cut: Option<usize>,
    /// Inside a heading's text, where a summary cannot be cut.
    pub(super) nested: bool,
    /// A `<!-- more -->` inside a heading: cut after that heading.
    pub(super) cut_after_heading: bool,
    /// Index in the output of the raw HTML block being read, if any.
    pub(super) html_block: Option<usize>,
    /// Inside an HTML comment that a raw HTML line opened and did not close.
    pub(super) html_comment: bool,
    /// The text read so far ends inside a word (for the word count).
    pub(super) in_word: bool,
    /// Blocks without a citation, and `{analysis}` markers.
    pub(super) coverage: coverage::Coverage,
    /// The text of the block being read, for its quotation marks.
    pub(super) quotation_marks: quotations::Scanner,
    /// Issue 17: the page translates another (its quotes give `original “…”`).
    pub(super) translated: bool,
    /// Inside a fenced or indented code block.
    pub(super) in_code_block: bool,
    /// The block quotes being read, innermost last.
    pub(super) block_quotes: Vec<quotations::BlockQuote>,
    /// The body's shortcodes in order, and which have been written.
    pub(super) calls: Vec<shortcodes::Call>,
    /// For each of `calls`, whether it has been written.
    pub(super) emitted: Vec<bool>,
    /// Body shortcodes being read, innermost last.
    pub(super) open_bodies: Vec<OpenBody>,
    /// Alerts being read (the index of their opening event), innermost last.
    pub(super) alerts: Vec<usize>,
    /// Images written so far (the first is neither lazy nor async).
    pub(super) images: usize,
}

/// A body shortcode whose `{% end %}` is still to come.
pub(super) struct OpenBody {
    /// Its index in `Pass::calls`.
    pub(super) call: usize,
    /// Index in the output of the event its opening HTML replaces.
    pub(super) event: usize,
    /// How many quotes the page had before its body.
    pub(super) quotes: usize,
    /// Its arguments, unless they were wrong.
    pub(super) context: Option<tera::Context>,
}

impl Pass {
    /// Runs the passes over `events` (about `expected` of them), straight from
    /// the parser: no copy of the event stream is kept.
    pub(super) fn run<'a>(
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
                Event::Start(Tag::Heading { .. }) => {
                    self.heading(event, range.start, &mut iter, &mut out, resolver)
                }
                Event::Start(Tag::Link {
                    link_type,
                    ref dest_url,
                    ..
                }) if citations::is_citation(link_type, dest_url) => {
                    self.citation(event, range, &mut iter, &mut out, resolver)
                }
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    ..
                }) if resolver.processes_images()
                    && !citations::is_citation(link_type, &dest_url) =>
                {
                    self.processed_image(
                        &dest_url,
                        &title,
                        range.start,
                        &mut iter,
                        &mut out,
                        resolver,
                    )
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
                // After the arms above: an `@/` image may be processed, and
                // no `@/` destination is a site candidate.
                Event::Start(
                    Tag::Link {
                        ref mut dest_url, ..
                    }
                    | Tag::Image {
                        ref mut dest_url, ..
                    },
                ) if dest_url.starts_with("@/") => {
                    *dest_url = self.internal_link(dest_url, range.start, resolver).into();
                    out.push(event);
                }
                Event::Html(ref text) | Event::InlineHtml(ref text) => {
                    self.html(text, range.start, out.len(), resolver);
                    out.push(event);
                }
                Event::Start(Tag::BlockQuote(Some(_))) => self.open_alert(&mut out),
                Event::End(TagEnd::BlockQuote(Some(kind))) => {
                    self.close_alert(kind, &mut out, resolver)
                }
                Event::Text(ref text) => {
                    self.text(text, range, out.len());
                    out.push(event);
                }
                other => self.other_event(other, range, &mut out, resolver),
            }
        }
        self.scan_quotations(&mut out);
        out
    }

    /// Raw HTML: a `<!-- more -->` marker, and the ids and links it holds.
    fn html(&mut self, text: &str, start: usize, at: usize, resolver: &dyn Resolver) {
        if text.contains(MORE_MARKER) {
            self.more_marker(at);
        }
        self.raw_html(text, start, resolver);
    }

    /// Text (the event at index `at` of the output): its words, and outside
    /// code its quotation marks and the text of the block quote being read.
    fn text(&mut self, text: &str, range: Range<usize>, at: usize) {
        self.count_words(text);
        if !self.in_code_block {
            self.quotation_marks.text(at, text, range);
            if let Some(block) = self.block_quotes.last_mut() {
                block.text.push_str(text);
            }
        }
    }

    /// A heading: its text gets the same passes, its id is claimed (or
    /// assigned once the body is read) and it enters the table of contents.
    fn heading<'a>(
        &mut self,
        event: Event<'a>,
        start: usize,
        iter: &mut impl Iterator<Item = (Event<'a>, Range<usize>)>,
        out: &mut Vec<Event<'a>>,
        resolver: &dyn Resolver,
    ) {
        let Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) = event
        else {
            out.push(event);
            return;
        };
        self.scan_quotations(out);
        if quotations::attributes_hold_marks(&classes, &attrs) {
            self.problem(
                    start,
                    "quotation marks in a heading's attributes: braces at the end of a heading hold its attributes ({#id .class})",
                    Some("to keep {“words”} in the heading's text, end the heading with its id: ## The {“deal”} {#the-deal}".into()),
                );
        }
        let inner = take_until_end(iter);
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
            self.explicit_id(id, start, resolver.reserved_ids());
        }
        self.headings.push(ids::Heading {
            index: out.len(),
            offset: start,
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

    /// Any other event: footnotes, raw HTML blocks, breaks and the start and
    /// end of blocks (their quotation marks and block quotes); kept unless a
    /// block quote's end was replaced.
    fn other_event<'a>(
        &mut self,
        other: Event<'a>,
        range: Range<usize>,
        out: &mut Vec<Event<'a>>,
        resolver: &dyn Resolver,
    ) {
        let mut keep = true;
        match &other {
            Event::Start(Tag::FootnoteDefinition(label)) => self.footnote(label, range.start),
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
                self.scan_quotations(out);
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
                self.scan_quotations(out);
                keep = !self.end_block(*tag, out, resolver);
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

    /// Reports a problem of the body at byte `offset`.
    pub(super) fn problem(&mut self, offset: usize, message: &str, hint: Option<String>) {
        self.rendered.problems.push(Problem {
            message: message.to_string(),
            offset,
            hint,
        });
    }
}

/// Drops the spaces that end the output so far (before a citation marker).
pub(super) fn trim_trailing_space(out: &mut [Event<'_>]) {
    if let Some(Event::Text(text)) = out.last_mut()
        && text.ends_with(char::is_whitespace)
    {
        *text = CowStr::from(text.trim_end().to_string());
    }
}

/// Takes events up to the end tag closing the one just started (nesting aware).
pub(super) fn take_until_end<'a>(
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

/// The text and code of `events`, without markup.
pub(super) fn plain_text_events(events: &[Event<'_>]) -> String {
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
