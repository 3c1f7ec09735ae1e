//! Ids a page's Markdown wrote (heading ids, ids in its raw HTML) that the
//! rendered page repeats: its template computes an id (`id="cite-{{ n }}"`,
//! `id="year-{{ year }}"`, a source's id) equal to one, or the body writes a
//! raw-HTML id twice. A link to such an id reaches only the first, so it is a
//! build error at the Markdown line. Cheap: pages whose body wrote no id are
//! not read, and the others are scanned once for `id=` with memchr.

use std::collections::HashMap;

use crate::diagnostics::Diagnostic;
use crate::markdown::Rendered;
use crate::site::{PageId, Site};

/// Counts, for each id of `wanted`, its `id="…"` attributes in `html`.
fn count_ids(html: &[u8], wanted: &mut HashMap<&str, (usize, usize)>, page: bool) {
    for at in memchr::memchr_iter(b'=', html) {
        // ` id=` (any case) inside a tag: text has `<` and `>` escaped.
        let Some(before) = at.checked_sub(3) else {
            continue;
        };
        let name = &html[before + 1..at];
        if !name.eq_ignore_ascii_case(b"id") || !html[before].is_ascii_whitespace() {
            continue;
        }
        if memchr::memrchr2(b'<', b'>', &html[..before]).is_none_or(|i| html[i] != b'<') {
            continue;
        }
        let rest = &html[at + 1..];
        let value = match rest.first() {
            Some(&quote @ (b'"' | b'\'')) => {
                let end = memchr::memchr(quote, &rest[1..]).unwrap_or(rest.len() - 1);
                &rest[1..1 + end]
            }
            _ => {
                let end = rest
                    .iter()
                    .position(|b| b.is_ascii_whitespace() || *b == b'>')
                    .unwrap_or(rest.len());
                &rest[..end]
            }
        };
        let Ok(value) = std::str::from_utf8(value) else {
            continue;
        };
        let decoded;
        let value = if value.contains('&') {
            decoded = crate::html::decode_entities(value).into_owned();
            decoded.as_str()
        } else {
            value
        };
        if let Some((in_page, in_body)) = wanted.get_mut(value) {
            if page {
                *in_page += 1;
            } else {
                *in_body += 1;
            }
        }
    }
}

/// Errors for the ids the Markdown of page `id` (rendered as `body`, its
/// HTML `content`) wrote that its rendered page `html` (through `template`)
/// has more than once.
pub fn duplicate_ids(
    site: &Site,
    body: &Rendered,
    id: PageId,
    content: &str,
    html: &[u8],
    template: &str,
) -> Vec<Diagnostic> {
    if body.heading_ids.is_empty() && body.html_ids.is_empty() {
        return Vec::new();
    }
    // Id → (times on the page, times in the body's HTML).
    let mut wanted: HashMap<&str, (usize, usize)> = body
        .heading_ids
        .iter()
        .chain(&body.html_ids)
        .map(|id| (id.as_str(), (0, 0)))
        .collect();
    count_ids(html, &mut wanted, true);
    count_ids(content.as_bytes(), &mut wanted, false);
    let page = &site.pages[id];
    let output = page.output_file();
    let mut errors = Vec::new();
    let locator = page.locator();
    let at = |offset: usize| locator.body(offset);
    for (written, offset) in body.heading_ids.iter().zip(&body.heading_id_offsets) {
        let (in_page, in_body) = wanted.get(written.as_str()).copied().unwrap_or_default();
        if in_page > in_body {
            errors.push(
                Diagnostic::error(format!(
                    "heading id `{written}` is also written by the template {template} on {output}"
                ))
                .at(at(*offset))
                .hint(
                    "rename the heading, or set another id with `{#id}`: a link to #id would reach only the first",
                ),
            );
        }
    }
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (written, offset) in body.html_ids.iter().zip(&body.html_id_offsets) {
        let times = seen.entry(written.as_str()).or_default();
        *times += 1;
        let (in_page, in_body) = wanted.get(written.as_str()).copied().unwrap_or_default();
        if *times == 2 {
            errors.push(
                Diagnostic::error(format!(
                    "id `{written}` is written twice in this page's HTML"
                ))
                .at(at(*offset))
                .hint("give each element its own id: a link to #id would reach only the first"),
            );
        } else if *times == 1 && in_page > in_body {
            errors.push(
                Diagnostic::error(format!(
                    "id `{written}` is also written by the template {template} on {output}"
                ))
                .at(at(*offset))
                .hint("rename the id: a link to #id would reach only the first"),
            );
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::count_ids;

    #[test]
    fn counts_id_attributes_of_tags_only() {
        for (html, expected) in [
            ("<li id=\"cite-1\">", 1),
            ("<li id='cite-1'><p ID=cite-1>", 2),
            ("<p Id=cite-1><p iD=\"cite-1\"><p idd=\"cite-1\">", 2),
            ("<li\tid=\"cite-1\"/><b id=\"cite-1\" >", 2),
            ("<li data-id=\"cite-1\" valid=\"cite-1\">", 0),
            ("<p>the id=cite-1 in text</p>", 0),
            ("<pre>&lt;a id=&quot;cite-1&quot;&gt;</pre>", 0),
            ("<p title=\"a > b\" id=\"cite-1\">", 0),
            ("<a id=\"cite-10\"><a id=\"cite-1", 1),
            ("id=\"cite-1\"", 0),
        ] {
            let mut wanted = HashMap::from([("cite-1", (0, 0))]);
            count_ids(html.as_bytes(), &mut wanted, true);
            assert_eq!(wanted["cite-1"], (expected, 0), "{html}");
        }
        let mut wanted = HashMap::from([("a&b", (0, 0))]);
        count_ids(b"<a id=\"a&amp;b\"><a id='a&b'>", &mut wanted, false);
        assert_eq!(wanted["a&b"], (0, 2));
    }
}
