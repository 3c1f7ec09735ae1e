//! HTML text: the one escaper for text and attribute values that briefing
//! writes itself (Tera escapes what templates print), and the one decoder of
//! character references in HTML it reads. Both come from the `html-escape`
//! crate, which follows the HTML standard's named character references.

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
}
