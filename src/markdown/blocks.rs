//! Block quotes and alerts: the quotation marks of each block, a block quote
//! that quotes a source, and GitHub-style alerts as callouts.

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, TagEnd};

use super::pass::Pass;
use super::quotes::{attribution, quote_tag};
use super::*;

impl Pass {
    /// The start of an alert (`> [!NOTE]`): a slot for its opening HTML.
    pub(super) fn open_alert(&mut self, out: &mut Vec<Event<'_>>) {
        // An alert: a callout, not a quote (see `alert_html`).
        self.scan_quotations(out);
        self.in_word = false;
        self.alerts.push(out.len());
        out.push(Event::Html(CowStr::Borrowed("")));
    }

    /// The end of an alert: its callout HTML around the body.
    pub(super) fn close_alert(
        &mut self,
        kind: BlockQuoteKind,
        out: &mut Vec<Event<'_>>,
        resolver: &dyn Resolver,
    ) {
        self.scan_quotations(out);
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

    /// Judges the quotation marks of the block just read (see [`quotations`]).
    pub(super) fn scan_quotations(&mut self, out: &mut [Event<'_>]) {
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
    pub(super) fn end_block(
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
