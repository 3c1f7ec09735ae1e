//! Raw HTML in a body: the ids it defines and the URLs it links to, read
//! from its attributes for the anchor and link checks.

use super::links::is_site_candidate;
use super::pass::Pass;
use super::*;

impl Pass {
    /// Reads the ids (anchors) and URLs of a piece of raw HTML at `offset`.
    pub(super) fn raw_html(&mut self, text: &str, offset: usize, resolver: &dyn Resolver) {
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
}

/// Collects the `id` attributes (and `name` of `<a>`) of the tags in raw
/// HTML `text`, decoding the character references that matter in ids.
pub fn html_ids(text: &str, ids: &mut Vec<String>) {
    let mut found = Vec::new();
    html_ids_and_urls(text, &mut false, &mut found, &mut Vec::new());
    ids.extend(found.into_iter().map(|(id, _)| id));
}

/// Collects the URLs of the tags in raw HTML `text` (the attributes `check`
/// reads, see [`crate::html::URL_ATTRIBUTES`]) that may point into the
/// site, with their byte offsets in `text`.
pub fn html_urls(text: &str, urls: &mut Vec<(String, usize)>) {
    html_ids_and_urls(text, &mut false, &mut Vec::new(), urls);
}

/// [`html_ids`] (with the offsets of their values) and [`html_urls`] in one
/// read of `text`, which starts inside
/// an HTML comment if `in_comment` (and leaves it telling whether it ends
/// inside one). Anchors are read by the rule `briefing check` uses
/// ([`crate::html::is_anchor_attribute`]), URLs from the same attributes.
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
        if crate::html::is_anchor_attribute(tag, attribute) {
            if !value.is_empty() {
                ids.push((crate::html::decode_entities(value).into_owned(), at));
            }
            return;
        }
        let attribute = attribute.to_ascii_lowercase();
        if !crate::html::URL_ATTRIBUTES.contains(&attribute.as_str()) {
            return;
        }
        let mut push = |url: &str, at: usize| {
            let url = crate::html::decode_entities(url).into_owned();
            if is_site_candidate(&url) {
                urls.push((url, at));
            }
        };
        if crate::html::is_srcset(&attribute) {
            for candidate in crate::html::srcset_candidates(value) {
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

#[cfg(test)]
mod tests {
    use super::super::tests::md;
    use super::*;

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
        for attribute in crate::html::URL_ATTRIBUTES {
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
}
