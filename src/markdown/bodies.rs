//! Shortcode bodies: rendering a shortcode's template, closing a body
//! shortcode around its Markdown, and where a shortcode's HTML may stand.

use pulldown_cmark::{Event, Tag};

use super::images::lazy_images;
use super::pass::OpenBody;
use super::pass::Pass;
use super::quotations::is_block;
use super::*;

impl Pass {
    /// Renders a shortcode's template; None (and a problem) when it fails.
    pub(super) fn render_shortcode(
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
    pub(super) fn close_body(
        &mut self,
        open: OpenBody,
        out: &mut Vec<Event<'_>>,
        resolver: &dyn Resolver,
    ) {
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
    pub(super) fn unplaced_shortcodes(&mut self) {
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

/// What the innermost element still open at the end of `out` is, when it
/// may hold only phrasing content (a paragraph, a heading, emphasis, a
/// link…): a block there is invalid HTML. None in a list item, a table
/// cell, a block quote or at the top.
pub(super) fn phrasing_container(out: &[Event<'_>]) -> Option<&'static str> {
    let mut depth = 0usize;
    for event in out.iter().rev() {
        match event {
            Event::End(_) => depth += 1,
            Event::Start(tag) if depth == 0 => {
                return match tag {
                    Tag::Paragraph => Some("a paragraph's line of text"),
                    Tag::Heading { .. } => Some("a heading"),
                    tag if !is_block(tag) => Some("a line of text"),
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
pub(super) fn starts_with_block_element(html: &str) -> Option<String> {
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
