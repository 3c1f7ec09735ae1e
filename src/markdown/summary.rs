//! The summary: the events before `<!-- more -->`, as balanced HTML wherever
//! the marker stands. Every element still open at the cut (a paragraph, a list
//! item, a blockquote, a table, a raw `<span>` or `<details>`) is closed
//! there; a marker inside a raw HTML block cuts before the block. Trailing
//! space and line breaks before the marker are dropped, and nothing in it
//! points at what the summary leaves out or repeats an id of the page it is
//! shown next to: footnote references and definitions are left out, headings
//! carry no id. Links to a place on the page (`[below](#later)`, citation
//! markers `#cite-1`, raw `href="#x"`) point at the page's own URL
//! (`https://e.org/a/#later`), so they work wherever the summary is shown.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd, html};

use super::Pass;

impl Pass {
    /// A `<!-- more -->` about to be written at `at` in the output. In a
    /// heading the summary ends after the heading; in a raw HTML block, before
    /// the block (its HTML cannot be cut and closed as events can).
    pub(super) fn more_marker(&mut self, at: usize) {
        if self.nested {
            self.cut_after_heading = true;
        } else if self.summary_cut.is_none() {
            self.summary_cut = Some(self.html_block.unwrap_or(at));
        }
    }
}

/// An element open at some point of the summary.
struct Open {
    end: TagEnd,
    /// Written to the summary (false inside a footnote definition).
    kept: bool,
    /// How many raw HTML tags were open when it opened.
    raw: usize,
}

/// The summary HTML of the events before the cut, its in-page links made
/// links to `own_url` (the page's URL; none when empty).
pub(super) fn html(events: &[Event<'_>], own_url: &str) -> String {
    let mut kept: Vec<Event<'_>> = Vec::with_capacity(events.len() + 8);
    let mut open: Vec<Open> = Vec::new();
    // Raw HTML tags (`<span>`, `<details>`) still open, innermost last.
    let mut raw: Vec<String> = Vec::new();
    for event in events {
        let inside_kept = open.last().is_none_or(|o| o.kept);
        match event {
            Event::Start(tag) => {
                let keep = inside_kept && !matches!(tag, Tag::FootnoteDefinition(_));
                open.push(Open {
                    end: tag.to_end(),
                    kept: keep,
                    raw: raw.len(),
                });
                if keep {
                    kept.push(Event::Start(to_own_page(without_id(tag), own_url)));
                }
            }
            Event::End(end) => {
                let closed = open.pop();
                // What an element left open it left open on the page too;
                // but an HTML block may open a tag that Markdown blocks
                // below fill (`<details>`, a blank line, Markdown).
                if *end != TagEnd::HtmlBlock {
                    raw.truncate(closed.as_ref().map_or(0, |o| o.raw));
                }
                if closed.is_some_and(|o| o.kept) {
                    kept.push(event.clone());
                }
            }
            Event::FootnoteReference(_) => {}
            Event::Html(tag) | Event::InlineHtml(tag) if inside_kept => {
                track_raw_tags(&mut raw, tag);
                kept.push(match raw_to_own_page(tag, own_url) {
                    Some(html) if matches!(event, Event::Html(_)) => Event::Html(html.into()),
                    Some(html) => Event::InlineHtml(html.into()),
                    None => event.clone(),
                });
            }
            other if inside_kept => kept.push(other.clone()),
            _ => {}
        }
    }
    trim_end(&mut kept);
    for o in open.iter().rev() {
        close_raw_tags(&mut kept, &mut raw, o.raw);
        if o.kept {
            kept.push(Event::End(o.end));
        }
    }
    close_raw_tags(&mut kept, &mut raw, 0);
    let mut summary = String::new();
    html::push_html(&mut summary, kept.into_iter());
    summary
}

/// Elements that have no end tag.
const VOID: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param",
];

/// Follows the raw tags of an inline HTML event: `<name …>` opens,
/// `</name>` closes the innermost open `name` (and what it holds); void and
/// `/>` tags, comments and anything else change nothing.
fn track_raw_tags(raw: &mut Vec<String>, html: &str) {
    for piece in html.split('<').skip(1) {
        let tag = piece.split('>').next().unwrap_or("");
        let (closing, inner) = match tag.strip_prefix('/') {
            Some(rest) => (true, rest),
            None => (false, tag),
        };
        let name = inner
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        if closing {
            if let Some(at) = raw.iter().rposition(|open| *open == name) {
                raw.truncate(at);
            }
        } else if !tag.ends_with('/') && !VOID.contains(&name.as_str()) {
            raw.push(name);
        }
    }
}

/// Closes the raw tags opened after the first `keep` ones.
fn close_raw_tags(kept: &mut Vec<Event<'_>>, raw: &mut Vec<String>, keep: usize) {
    while raw.len() > keep {
        if let Some(name) = raw.pop() {
            kept.push(Event::InlineHtml(format!("</{name}>").into()));
        }
    }
}

/// A link to a place on the page (`#later`) as a link to `own_url#later`.
fn to_own_page<'a>(tag: Tag<'a>, own_url: &str) -> Tag<'a> {
    match tag {
        Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        } if dest_url.starts_with('#') && !own_url.is_empty() => Tag::Link {
            link_type,
            dest_url: format!("{own_url}{dest_url}").into(),
            title,
            id,
        },
        other => other,
    }
}

/// Raw HTML (a citation marker, `<a href="#x">`) with its in-page `href`s
/// made links to `own_url`; `None` when it has none.
fn raw_to_own_page(html: &str, own_url: &str) -> Option<String> {
    if own_url.is_empty() || !html.contains("=\"#") && !html.contains("='#") {
        return None;
    }
    let escaped = crate::html::escape(own_url);
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len() + escaped.len());
    let mut copied = 0;
    // Every `href="#…"` or `href='#…'`, the attribute name in any case.
    for (at, _) in html.match_indices('#') {
        let in_page_href = at >= 6
            && matches!(bytes[at - 1], b'"' | b'\'')
            && bytes[at - 2] == b'='
            && bytes[at - 6..at - 2].eq_ignore_ascii_case(b"href");
        if in_page_href {
            out.push_str(&html[copied..at]);
            out.push_str(&escaped);
            copied = at;
        }
    }
    out.push_str(&html[copied..]);
    Some(out)
}

/// A heading without its id: summaries of several pages share a list page.
fn without_id<'a>(tag: &Tag<'a>) -> Tag<'a> {
    match tag {
        Tag::Heading {
            level,
            classes,
            attrs,
            ..
        } => Tag::Heading {
            level: *level,
            id: None,
            classes: classes.clone(),
            attrs: attrs.clone(),
        },
        other => other.clone(),
    }
}

/// Drops the line breaks and spaces a mid-paragraph marker leaves at the end.
fn trim_end(events: &mut Vec<Event<'_>>) {
    loop {
        match events.last_mut() {
            Some(Event::SoftBreak | Event::HardBreak) => {
                events.pop();
            }
            Some(Event::Text(text)) if text.ends_with(char::is_whitespace) => {
                let trimmed = text.trim_end().to_string();
                if trimmed.is_empty() {
                    events.pop();
                } else {
                    *text = CowStr::from(trimmed);
                    return;
                }
            }
            _ => return,
        }
    }
}

#[cfg(test)]
mod tests;
