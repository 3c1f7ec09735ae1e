//! Reading one built page for the link check: every URL it links to (with
//! its byte offset) and every fragment it offers (`id`s and `<a name>`),
//! parsed with lol_html the way a browser would.

use std::collections::HashSet;

use lol_html::{HtmlRewriter, Settings, element};

use crate::html::{URL_ATTRIBUTES, is_anchor_attribute, is_srcset, srcset_candidates};
use crate::portable::refresh_url;

/// One URL in a page.
#[derive(Debug)]
pub(super) struct FoundLink {
    /// The URL as written in the HTML (entities decoded).
    pub(super) url: String,
    /// Byte offset in the page's HTML.
    pub(super) offset: usize,
}

/// What one page holds: its link targets and the fragments it offers.
#[derive(Debug, Default)]
pub(super) struct Scanned {
    /// The page's URLs (`href`, `src`, `srcset`, …), in order.
    pub(super) links: Vec<FoundLink>,
    /// The fragments it offers: its `id`s and `<a name>`s.
    pub(super) anchors: HashSet<String>,
    /// `id`s written a second time on the page, with where.
    pub(super) duplicates: Vec<(String, usize)>,
}

/// Collects the URLs and the `id`/`name` anchors of one page.
pub(super) fn scan(html: &str) -> Scanned {
    let mut scanned = Scanned::default();
    let mut ids = HashSet::new();
    {
        let mut rewriter = HtmlRewriter::new(
            Settings::new().append_element_content_handler(element!("*", |el| {
                let offset = el.source_location().bytes().start;
                let tag = el.tag_name();
                for attribute in el.attributes() {
                    let name = attribute.name();
                    if !is_anchor_attribute(&tag, &name) {
                        continue;
                    }
                    let anchor = crate::html::decode_entities(&attribute.value()).into_owned();
                    if name == "id" && !anchor.is_empty() && !ids.insert(anchor.clone()) {
                        scanned.duplicates.push((anchor.clone(), offset));
                    }
                    scanned.anchors.insert(anchor);
                }
                let mut push = |url: &str| {
                    scanned.links.push(FoundLink {
                        url: crate::html::decode_entities(url).into_owned(),
                        offset,
                    });
                };
                if el.tag_name() == "meta" {
                    let refresh = el
                        .get_attribute("http-equiv")
                        .is_some_and(|v| v.eq_ignore_ascii_case("refresh"));
                    if let (true, Some(content)) = (refresh, el.get_attribute("content"))
                        && let Some((_, url)) = refresh_url(&content)
                    {
                        push(url);
                    }
                    return Ok(());
                }
                for name in URL_ATTRIBUTES {
                    let Some(value) = el.get_attribute(name) else {
                        continue;
                    };
                    if is_srcset(name) {
                        srcset_candidates(&value)
                            .iter()
                            .for_each(|candidate| push(candidate.url));
                    } else {
                        push(&value);
                    }
                }
                Ok(())
            })),
            |_: &[u8]| {},
        );
        // Malformed HTML is parsed the way a browser would; lol_html only fails
        // on memory limits, and then the links found so far are still checked.
        let _ = rewriter
            .write(html.as_bytes())
            .and_then(|()| rewriter.end());
    }
    scanned
}
