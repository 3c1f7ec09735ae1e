//! Images in a body: alt text checks, the resolver's processed markup, and
//! lazy loading of every image but a free first one.

use super::links::is_site_candidate;
use std::ops::Range;

use pulldown_cmark::{Event, TagEnd};

use super::pass::{Pass, plain_text_events, take_until_end};
use super::*;

impl Pass {
    /// An image the site processes: its alt text read and checked, the
    /// resolver's markup in place of the Markdown image.
    pub(super) fn processed_image<'a>(
        &mut self,
        dest_url: &str,
        title: &str,
        start: usize,
        iter: &mut impl Iterator<Item = (Event<'a>, Range<usize>)>,
        out: &mut Vec<Event<'a>>,
        resolver: &dyn Resolver,
    ) {
        let inner = take_until_end(iter);
        let inner: Vec<Event<'a>> = inner.into_iter().map(|(e, _)| e).collect();
        if self.coverage.active {
            let mut end = Event::End(TagEnd::Image);
            let _ = self.coverage.observe(&mut end, start);
        }
        let alt = plain_text_events(&inner);
        self.count_words(&alt);
        let html = self.image(dest_url, title, &alt, start, resolver);
        out.push(Event::InlineHtml(html.into()));
    }

    /// The HTML of a Markdown image: alt text required (`![""](x.jpg)`
    /// marks a decorative one), the file checked and, when local, processed.
    pub(super) fn image(
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
    pub(super) fn image_html(
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
}

/// `html` with `loading="lazy" decoding="async"` on each `<img>` that has no
/// `loading` of its own, but the first when `first_free` (the page's first
/// image loads at once); and how many `<img>` tags it holds.
pub(super) fn lazy_images(html: &str, first_free: bool) -> (String, usize) {
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
pub(super) enum Alt<'a> {
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

/// What an image's alt text is: words, the decorative marker, only
/// quotation marks, or nothing.
pub(super) fn classify_alt(alt: &str) -> Alt<'_> {
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

/// The alt text of the first `<img>` of `html` as written by
/// [`crate::images::markup`], unescaped.
pub(super) fn image_alt(html: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::super::bodies::starts_with_block_element;
    use super::super::tests::{Fixture, Processing, assert_html_has};
    use super::*;

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
        let r = render(body, &MarkdownOptions::default(), &Processing(None));
        assert_eq!(r.problems.len(), 1, "{:?}", r.problems);
        assert_eq!(r.problems[0].offset, body.find("![\"\"\"]").unwrap());
        assert!(r.problems[0].message.contains("only quotation marks"));
        assert!(!r.html.contains("alt=\"“"), "{}", r.html);
        assert!(!r.html.contains("alt=\"&quot;"), "{}", r.html);
        for file in ["a", "b", "c", "d", "e"] {
            assert_html_has(&r, &format!("src=\"{file}.png\" alt=\"\""));
        }
    }

    #[test]
    fn a_site_s_images_need_alt_text_and_only_the_first_loads_at_once() {
        let body = "# A map ![of Berlin](map.png) today\n\n![](a.png)\n\n![\"\"](rule.png) and ![A & \"B\"](b.png \"T\")\n";
        let r = render(body, &MarkdownOptions::default(), &Processing(None));
        assert_eq!(r.problems.len(), 1, "{:?}", r.problems);
        assert_eq!(r.problems[0].offset, body.find("![](").unwrap());
        assert!(r.problems[0].message.contains("no alt text"));
        assert_eq!(r.toc[0].title, "A map of Berlin today");
        assert_html_has(&r, "<img src=\"map.png\" alt=\"of Berlin\">");
        assert_html_has(
            &r,
            "<img src=\"rule.png\" alt=\"\" loading=\"lazy\" decoding=\"async\">",
        );
        assert_html_has(
            &r,
            "<img src=\"b.png\" alt=\"A &amp; “B”\" title=\"T\" loading=\"lazy\" decoding=\"async\">",
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
}
