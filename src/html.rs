//! Facts of the HTML standard that briefing needs in more than one place:
//! the one escaper for text and attribute values that briefing writes itself
//! (Tera escapes what templates print), the one decoder of character
//! references in HTML it reads (both from the `html-escape` crate, which
//! follows the standard's named character references), which attributes hold
//! URLs or name anchors, how a `srcset` splits into candidates, and the
//! redirect page of an alias.

use std::borrow::Cow;

/// Escapes `&`, `<`, `>`, `"` and `'` so `text` is safe both as element
/// content and inside a single- or double-quoted attribute value (HTML
/// standard, §13.1.2.3 and §13.5). Borrows when there is nothing to escape.
pub fn escape(text: &str) -> Cow<'_, str> {
    html_escape::encode_quoted_attribute(text)
}

/// Decodes every character reference in `text` (`&amp;`, `&#39;`, `&#x27;`,
/// `&nbsp;` and the rest of the HTML standard's named references), as a
/// browser does in attribute values; text that is not a reference is kept.
pub fn decode_entities(text: &str) -> Cow<'_, str> {
    html_escape::decode_html_entities(text)
}

/// Attributes whose value is a URL (or, for `srcset` and `imagesrcset`, a
/// list of them: see [`is_srcset`]), after the HTML standard's index of
/// attributes (§ "Attributes", values of type "valid URL potentially
/// surrounded by spaces" and "srcset"), plus SVG's `xlink:href`. The one
/// list the build (raw HTML of a body), `briefing check` and `--portable` read.
pub const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "srcset",
    "imagesrcset",
    "poster",
    "action",
    "formaction",
    "data",
    "cite",
    "xlink:href",
];

/// Whether the attribute `name` (lower case) holds a list of image
/// candidates (`srcset`, `<link imagesrcset>`), parsed by [`srcset_candidates`].
pub fn is_srcset(name: &str) -> bool {
    matches!(name, "srcset" | "imagesrcset")
}

/// Whether the attribute `attribute` of a `tag` names an anchor a
/// `#fragment` can point at: `id` on any element, `name` only on `<a>`
/// (HTML standard, "find a potential indicated element"; attribute and
/// tag names are case-insensitive in HTML). The one rule of the build (raw
/// HTML of a body) and of `briefing check`.
pub fn is_anchor_attribute(tag: &str, attribute: &str) -> bool {
    attribute.eq_ignore_ascii_case("id")
        || (tag.eq_ignore_ascii_case("a") && attribute.eq_ignore_ascii_case("name"))
}

/// One image candidate of a `srcset` value: its URL and its descriptors
/// (`2x`, `100w`, or empty), as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SrcsetCandidate<'a> {
    /// The candidate's URL.
    pub url: &'a str,
    /// Its descriptors (`2x`, `100w`), empty if none (HTML standard, `srcset`).
    pub descriptors: &'a str,
}

/// Splits a `srcset` value into its candidates by the HTML standard's rules
/// ("parse a srcset attribute"): a URL is a run of non-whitespace (commas
/// included: `b,c.png` and `data:…;base64,xx` are one URL each) with any
/// trailing commas dropped, and a candidate ends at a comma after its URL or
/// after its descriptors (not inside parentheses).
pub fn srcset_candidates(value: &str) -> Vec<SrcsetCandidate<'_>> {
    let is_space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\x0c' | b'\r');
    let bytes = value.as_bytes();
    let mut candidates = Vec::new();
    let mut i = 0;
    loop {
        while i < bytes.len() && (is_space(bytes[i]) || bytes[i] == b',') {
            i += 1;
        }
        if i >= bytes.len() {
            return candidates;
        }
        let start = i;
        while i < bytes.len() && !is_space(bytes[i]) {
            i += 1;
        }
        let url = &value[start..i];
        if url.ends_with(',') {
            candidates.push(SrcsetCandidate {
                url: url.trim_end_matches(','),
                descriptors: "",
            });
            continue;
        }
        // Descriptors, up to a comma outside parentheses.
        let from = i;
        let mut in_parens = false;
        while i < bytes.len() {
            match bytes[i] {
                b'(' => in_parens = true,
                b')' => in_parens = false,
                b',' if !in_parens => break,
                _ => {}
            }
            i += 1;
        }
        let descriptors = value[from..i].trim_matches(|c: char| is_space(c as u8) && c.is_ascii());
        candidates.push(SrcsetCandidate { url, descriptors });
        i += 1;
    }
}

/// A redirect page for an alias: works without JavaScript, tells search engines where to go.
pub fn redirect_page(target: &str) -> String {
    let url = escape(target);
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Redirecting…</title>\n<link rel=\"canonical\" href=\"{url}\">\n<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={url}\">\n</head>\n<body>\n<p>This page has moved to <a href=\"{url}\">{url}</a>.</p>\n</body>\n</html>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_breaks_text_or_attributes() {
        assert_eq!(escape("plain"), "plain");
        assert!(matches!(escape("plain"), Cow::Borrowed(_)));
        assert_eq!(
            escape(r#"<a href="x">Tom & 'Jerry'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#x27;Jerry&#x27;&lt;/a&gt;"
        );
    }

    #[test]
    fn decodes_named_and_numeric_references() {
        assert_eq!(decode_entities("a?x=1&amp;y=2"), "a?x=1&y=2");
        assert_eq!(decode_entities("&#39;&#x27;&quot;&lt;&gt;"), "''\"<>");
        assert_eq!(decode_entities("a&nbsp;b"), "a\u{a0}b");
        assert_eq!(decode_entities("R&D &unknown; &"), "R&D &unknown; &");
        assert_eq!(decode_entities(&escape("<'\"&>")), "<'\"&>");
    }

    #[test]
    fn splits_srcset_by_the_html_standard() {
        let table: &[(&str, &[(&str, &str)])] = &[
            ("a.png", &[("a.png", "")]),
            (
                "a.png 1x, b,c.png 2x",
                &[("a.png", "1x"), ("b,c.png", "2x")],
            ),
            ("a.png, b.png", &[("a.png", ""), ("b.png", "")]),
            ("a.png,b.png", &[("a.png,b.png", "")]),
            ("a.png 1x,b.png 2x", &[("a.png", "1x"), ("b.png", "2x")]),
            (
                "data:image/png;base64,xx 1x, /sub/b.png 2x",
                &[("data:image/png;base64,xx", "1x"), ("/sub/b.png", "2x")],
            ),
            (
                "  a.png   100w  ,  b.png 200w,,, ",
                &[("a.png", "100w"), ("b.png", "200w")],
            ),
            ("a.png,, b.png", &[("a.png", ""), ("b.png", "")]),
            (
                "x.png 1x (a, b), y.png",
                &[("x.png", "1x (a, b)"), ("y.png", "")],
            ),
            ("a.png\t1x,\nb.png\t2x", &[("a.png", "1x"), ("b.png", "2x")]),
            (
                "https://e.org/i?w=1,2 2x",
                &[("https://e.org/i?w=1,2", "2x")],
            ),
            ("", &[]),
            (" , , ", &[]),
        ];
        for (value, expected) in table {
            let got: Vec<(&str, &str)> = srcset_candidates(value)
                .iter()
                .map(|c| (c.url, c.descriptors))
                .collect();
            assert_eq!(&got, expected, "{value:?}");
        }
    }
}
