//! Which links are citations. Only the documented forms are: `[@id]`,
//! `[@id][]` and quotes `[“words”][@id]`, all references that name no link
//! definition, which pulldown-cmark hands to [`broken_link`]. An ordinary link
//! or autolink whose destination merely starts with `cite:` is a link.

use pulldown_cmark::{BrokenLink, CowStr, LinkType};

const CITE_SCHEME: &str = "cite:";

/// The broken-link callback: `[@id]` (and `[…][@id]`) becomes a link to
/// `cite:id`, with one of the `…Unknown` link types that mark it as made here.
pub(super) fn broken_link<'a>(link: BrokenLink<'a>) -> Option<(CowStr<'a>, CowStr<'a>)> {
    let id = link.reference.trim().strip_prefix('@')?;
    (!id.is_empty()).then(|| (CowStr::from(format!("{CITE_SCHEME}{id}")), CowStr::from("")))
}

/// Whether a link (or image) came from [`broken_link`]: only the callback
/// makes `…Unknown` links, and it makes them only for citations.
pub(super) fn is_citation(link_type: LinkType, dest: &str) -> bool {
    matches!(
        link_type,
        LinkType::ShortcutUnknown | LinkType::CollapsedUnknown | LinkType::ReferenceUnknown
    ) && dest.starts_with(CITE_SCHEME)
}

/// The source id of a citation's destination.
pub(super) fn source(dest: &str) -> &str {
    dest.strip_prefix(CITE_SCHEME).unwrap_or(dest)
}

#[cfg(test)]
mod tests {
    use super::super::tests::md;

    #[test]
    fn links_with_a_cite_scheme_stay_links() {
        for (body, html) in [
            (
                "[inline link](cite:wt)",
                "<a href=\"cite:wt\">inline link</a>",
            ),
            ("<cite:wt>", "<a href=\"cite:wt\">cite:wt</a>"),
            (
                "[t](cite:wt \"T\")",
                "<a href=\"cite:wt\" title=\"T\">t</a>",
            ),
            ("[@wt](cite:wt)", "<a href=\"cite:wt\">@wt</a>"),
            ("[ref][r]\n\n[r]: cite:wt\n", "<a href=\"cite:wt\">ref</a>"),
            ("[r]\n\n[r]: cite:wt\n", "<a href=\"cite:wt\">r</a>"),
            ("[r][]\n\n[r]: cite:wt\n", "<a href=\"cite:wt\">r</a>"),
            (
                "[@wt]\n\n[@wt]: https://e.org/\n",
                "<a href=\"https://e.org/\">@wt</a>",
            ),
            ("![alt](cite:wt)", "<img src=\"cite:wt\" alt=\"alt\" />"),
        ] {
            let r = md(body);
            assert!(r.html.contains(html), "{body:?} → {}", r.html);
            assert!(r.citations.is_empty(), "{body:?} is no citation");
            assert!(!r.html.contains("class=\"citation\""), "{}", r.html);
            assert!(r.problems.is_empty(), "{body:?}: {:?}", r.problems);
        }
    }

    #[test]
    fn only_the_documented_forms_are_citations() {
        for body in ["x [@wt]", "x [@wt][]", "x [“words”][@wt]", "x [words][@wt]"] {
            let r = md(body);
            assert_eq!(r.citations, ["wt"], "{body:?}");
            assert!(r.html.contains("href=\"#cite-1\""), "{}", r.html);
            assert!(!r.html.contains("cite:"), "{}", r.html);
        }
    }

    #[test]
    fn ordinary_links_and_citations_mix() {
        let r = md("An [inline link](cite:wt), <cite:other> and a claim [@wt].");
        assert_eq!(r.citations, ["wt"]);
        assert!(
            r.html.contains("<a href=\"cite:wt\">inline link</a>,"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<a href=\"cite:other\">cite:other</a>"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("claim<sup class=\"citation\">"),
            "{}",
            r.html
        );
        assert!(r.problems.is_empty(), "{:?}", r.problems);
    }
}
