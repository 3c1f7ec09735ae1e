//! Citations `[@source-id]` and checked quotes `[“words”][@source-id]` as
//! the pass writes them: numbers, markers, speakers and `<q>` tags.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Tag};

use super::pass::{Pass, plain_text_events, take_until_end, trim_trailing_space};
use super::*;

impl Pass {
    /// A citation `[@id]` or a checked quote `[“words”][@id]`: numbered,
    /// marked, and (a quote) written as a `<q>` of the source.
    pub(super) fn citation<'a>(
        &mut self,
        event: Event<'a>,
        range: Range<usize>,
        iter: &mut impl Iterator<Item = (Event<'a>, Range<usize>)>,
        out: &mut Vec<Event<'a>>,
        resolver: &dyn Resolver,
    ) {
        let Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) = event
        else {
            out.push(event);
            return;
        };
        let source = citations::source(&dest_url).to_string();
        let inner = take_until_end(iter);
        self.cite(&source, range.start, resolver);
        let is_quote = link_type == LinkType::ReferenceUnknown;
        self.quotation_marks.inline(range.clone(), !is_quote);
        let in_block_quote = !is_quote && !self.block_quotes.is_empty();
        let options = self.quote_options(&title, is_quote || in_block_quote, range.start);
        if let Some(block) = self.block_quotes.last_mut().filter(|_| in_block_quote) {
            // A block quote carrying a citation quotes that source.
            block.cite = Some((source.clone(), options.clone(), range.start));
        }
        let number = self.citation_number(&source);
        if link_type != LinkType::ReferenceUnknown {
            // "said so [@id]." → "said so[1]." so a marker never
            // wraps onto a line of its own.
            trim_trailing_space(out);
        }
        if link_type == LinkType::ReferenceUnknown {
            self.quote(source, inner, options, range.start, out, resolver);
        }
        let _ = (title, id);
        out.push(Event::InlineHtml(citation_marker(number).into()));
    }

    /// A checked quote `[“words”][@id]`: its words (or, in a translated
    /// page, the source's original words) kept for the checker, written as
    /// a `<q>` of the source.
    fn quote<'a>(
        &mut self,
        source: String,
        inner: Vec<(Event<'a>, Range<usize>)>,
        options: citations::QuoteOptions,
        start: usize,
        out: &mut Vec<Event<'a>>,
        resolver: &dyn Resolver,
    ) {
        let mut inner: Vec<Event<'a>> = inner.into_iter().map(|(e, _)| e).collect();
        strip_quote_marks(&mut inner);
        let text = plain_text_events(&inner);
        self.count_words(&text);
        if text.trim().is_empty() {
            self.problem(start, "a quote needs words between the brackets", None);
        }
        let speaker = self.speaker(options.speaker, start, resolver);
        let mut open = quote_tag("q", resolver.source_url(&source), speaker.as_ref());
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
                        start,
                        "a quote in a translated page needs the source's exact words: `original “…”`",
                        Some("write [“the translation”][@source-id, original “the exact words of the source”] so `check --archive` verifies the original, or paraphrase instead (no quotation marks)".into()),
                    );
                None
            }
            (None, Some(_)) => {
                self.problem(
                        start,
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
            offset: start,
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
    pub(super) fn speaker(
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

    /// Records a citation of `source` at `offset`: numbered at its first,
    /// a problem when the site has no such source.
    pub(super) fn cite(&mut self, source: &str, offset: usize, resolver: &dyn Resolver) {
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

    /// The number of a cited source (0 if it was never cited).
    pub(super) fn citation_number(&self, source: &str) -> usize {
        self.citation_numbers.get(source).copied().unwrap_or(0)
    }
}

/// A quote's opening `<q>` (or `<blockquote>`): `cite` is the source's URL;
/// the speaker is its `title` (read out by assistive technology, shown on
/// hover) and `data-speaker`.
pub(super) fn quote_tag(name: &str, cite: Option<String>, speaker: Option<&Speaker>) -> String {
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
pub(super) fn attribution(speaker: &Speaker) -> String {
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
pub(super) fn citation_marker(number: usize) -> String {
    format!("<sup class=\"citation\"><a href=\"#cite-{number}\">[{number}]</a></sup>")
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
