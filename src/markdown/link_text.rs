//! Citations inside link text. CommonMark says a link cannot contain a link,
//! so when the citation callback turns `[@wt]` inside `[outer [@wt]](url)`
//! into a link, the outer brackets stop being one: the link would be lost,
//! its `](url)` left as text. The outer link wins, as in plain CommonMark
//! (where `[@wt]` names no definition): a citation (or quote) inside link
//! text is an error at the citation, "move it after the link".

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag};

use super::Problem;

/// Whether the rendered `html` may hold a link lost to a citation inside its
/// text: its `](`, `][` or `]<a` was left as text. Cheap, so the second
/// parse of [`citations_in_link_text`] runs only for such pages.
pub(super) fn may_have_lost_a_link(html: &str) -> bool {
    // One pass over the `]`s (memchr) instead of three substring searches.
    let bytes = html.as_bytes();
    memchr::memchr_iter(b']', bytes).any(|at| match bytes.get(at + 1) {
        Some(b'(' | b'[') => true,
        Some(b'<') => bytes.get(at + 2) == Some(&b'a'),
        _ => false,
    })
}

/// A problem for each citation (at its byte offset in `body`, of `source`)
/// that plain CommonMark puts inside the text of a link or image
/// description of a link.
pub(super) fn citations_in_link_text(
    body: &str,
    options: pulldown_cmark::Options,
    citations: &[(usize, String)],
) -> Vec<Problem> {
    let links: Vec<Range<usize>> = Parser::new_ext(body, options)
        .into_offset_iter()
        .filter_map(|(event, range)| {
            matches!(event, Event::Start(Tag::Link { .. })).then_some(range)
        })
        .collect();
    citations
        .iter()
        .filter(|(offset, _)| {
            links
                .iter()
                .any(|link| link.start < *offset && *offset < link.end)
        })
        .map(|(offset, source)| Problem {
            message: format!("a citation inside link text: move [@{source}] after the link"),
            offset: *offset,
            hint: Some(format!(
                "a link cannot contain another link, and a citation is one: write `[text](url) [@{source}]`"
            )),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use pulldown_cmark::{Options, Parser, html};

    #[test]
    fn sees_the_marks_a_lost_link_leaves() {
        use super::may_have_lost_a_link as lost;
        for html in [
            "a](b",
            "x][y",
            "]<a href",
            "<p>[outer<sup>1</sup>](https://e.com/)</p>",
        ] {
            assert!(lost(html), "{html}");
        }
        for html in ["", "]", "a]", "] (", "]<b>", "]<", "<a href=\"x\">t</a>"] {
            assert!(!lost(html), "{html}");
        }
    }

    use super::super::tests::md;

    fn plain(body: &str) -> String {
        let mut out = String::new();
        html::push_html(&mut out, Parser::new_ext(body, Options::empty()));
        out
    }

    #[test]
    fn a_citation_inside_link_text_is_an_error_at_the_citation() {
        for (body, at) in [
            ("[outer [@wt]](https://e.com/)", "[@wt]]"),
            ("[link *[@wt]*](https://e.com/)", "[@wt]*"),
            ("Text [a [@wt] b](https://e.com/ \"t\") more", "[@wt] b"),
            ("[outer [@wt]][r]\n\n[r]: https://e.com/\n", "[@wt]]"),
            ("[a [“words”][@wt]](https://e.com/)", "[“words”]"),
            ("[a [@wt][]](@/timeline/berlin.md)", "[@wt][]"),
            ("> - [**[@wt]**](https://e.com/)", "[@wt]"),
        ] {
            assert!(
                plain(body).contains("<a href="),
                "plain CommonMark makes a link of {body:?}: {}",
                plain(body)
            );
            let r = md(body);
            assert_eq!(r.problems.len(), 1, "{body:?}: {:?}", r.problems);
            assert!(
                r.problems[0]
                    .message
                    .contains("a citation inside link text: move [@wt] after the link"),
                "{:?}",
                r.problems[0]
            );
            assert_eq!(Some(r.problems[0].offset), body.find(at), "{body:?}");
        }
    }

    #[test]
    fn citations_next_to_links_are_fine() {
        for body in [
            "[outer](https://e.com/) [@wt]",
            "[outer](https://e.com/)[@wt]",
            "[@wt] [outer](https://e.com/)",
            "[“words”][@wt] and [x](https://e.com/)",
            "`[outer [@wt]](https://e.com/)` [@wt]",
            "    [outer [@wt]](https://e.com/)\n\n[@wt]",
            "[a] [@wt] (b)",
            "[outer [@wt]]",
            "![alt](x.png) [@wt] ](",
        ] {
            let r = md(body);
            assert!(r.problems.is_empty(), "{body:?}: {:?}", r.problems);
            assert_eq!(r.citations, ["wt"], "{body:?}");
        }
    }
}
