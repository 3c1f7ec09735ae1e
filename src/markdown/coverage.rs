//! Citation coverage: which blocks of a body carry no citation. A section
//! with `require_citations = true` (site.toml) wants every claim cited; the
//! rule, documented in docs/content.md ("Citation coverage"):
//!
//! - a top-level paragraph, a list item (at any depth), a blockquote and a
//!   table each need a citation `[@id]` or a quote `[“…”][@id]` somewhere
//!   inside them;
//! - a list item counts once, with all its paragraphs; a citation in a nested
//!   item also covers the item it is nested in (a lead-in such as "Ukraine's
//!   positions:"), while each nested item still needs its own;
//! - a blockquote or a table is one block: everything inside it counts for it;
//! - headings, code blocks, raw HTML, footnote definitions and blocks without
//!   words (an image alone) need none;
//! - a paragraph or list item that starts with `{analysis}` is the editors'
//!   own analysis: it needs none, and renders with a visible "Analysis:" label
//!   (the marker is recognised, and stripped, in every section;
//!   `\{analysis}` is the words themselves);
//! - a paragraph or list item whose words are all the text of internal links
//!   (`[Territory](@/explainers/territory.md)`), with nothing else but
//!   punctuation and spaces between them, is navigation, not a claim: it
//!   needs none. A word outside such a link (`See also:`), or in a link to
//!   another site, makes it an ordinary block.
//!
//! The tracking is one state update per event: a stack of open blocks whose
//! storage is reused, and a byte offset kept per uncited block only when the
//! section asks for coverage.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::citations;

/// What an editor writes at the start of a paragraph or list item to mark it
/// as the editors' own analysis.
pub const ANALYSIS_MARKER: &str = "{analysis}";

/// The marker written as text: a backslash escapes its brace.
const ESCAPED_MARKER: &str = "\\{analysis}";

/// What the marker renders as.
const ANALYSIS_LABEL: &str = "<span class=\"analysis-label\">Analysis:</span> ";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Paragraph,
    Item,
    /// Blockquote or table: one block, whatever it holds.
    Whole,
    /// A footnote definition: needs no citation, nor does anything in it.
    Exempt,
}

#[derive(Debug, Clone, Copy)]
struct Block {
    kind: Kind,
    offset: usize,
    /// Reported when uncited (else it counts for the block around it).
    counted: bool,
    /// Blocks inside it are part of it (blockquote, table, footnote).
    absorbing: bool,
    cited: bool,
    analysis: bool,
    words: bool,
    /// Letters or digits outside the text of an internal (`@/`) link.
    loose: bool,
}

/// Which blocks of a body carry no citation (when the section requires
/// citations), and where `{analysis}` markers stand.
#[derive(Debug, Default)]
pub(super) struct Coverage {
    /// Whether uncited blocks are recorded (the section requires citations).
    pub required: bool,
    /// Whether [`Coverage::observe`] has anything to do: citations are
    /// required, or the body may hold an `{analysis}` marker.
    pub active: bool,
    open: Vec<Block>,
    /// The next text is the first of a paragraph or item: where the marker may stand.
    at_start: bool,
    images: usize,
    /// Inside a link other than a citation: whether it is internal (`@/`).
    link: Option<bool>,
    /// Byte offsets of uncited blocks, in order.
    pub uncited: Vec<usize>,
    /// Where the body writes `\{analysis}`: a marker kept as text (the
    /// offset of its brace, where the parser's text starts).
    escaped: Vec<usize>,
}

impl Coverage {
    /// The coverage pass of a body; `required` when its section requires
    /// citations. A body without a `{` holds no `{analysis}` marker, so
    /// unless citations are required there is nothing to track:
    /// [`Coverage::active`] is then false and the pass costs nothing.
    pub fn new(required: bool, body: &str) -> Coverage {
        let has_brace = memchr::memchr(b'{', body.as_bytes()).is_some();
        Coverage {
            required,
            active: required || has_brace,
            escaped: if has_brace {
                body.match_indices(ESCAPED_MARKER)
                    .map(|(at, _)| at + 1)
                    .collect()
            } else {
                Vec::new()
            },
            ..Coverage::default()
        }
    }

    /// A citation the event stream does not show (a shortcode's `source`).
    pub fn cite(&mut self) {
        if let Some(block) = self.open.last_mut() {
            block.cited = true;
        }
    }

    /// Takes one event at byte `offset` of the body. A `{analysis}` marker is
    /// cut from the event's text, and the label to render before it returned.
    pub fn observe(&mut self, event: &mut Event<'_>, offset: usize) -> Option<Event<'static>> {
        let at_start = std::mem::take(&mut self.at_start);
        match event {
            Event::Start(Tag::Paragraph) => {
                self.open(Kind::Paragraph, offset);
                // The first paragraph of an item or blockquote may carry the marker.
                self.at_start = self.open.iter().rev().nth(1).is_none_or(|b| !b.words);
            }
            Event::Start(Tag::Item) => {
                self.open(Kind::Item, offset);
                self.at_start = true;
            }
            Event::Start(Tag::BlockQuote(_) | Tag::Table(_)) => self.open(Kind::Whole, offset),
            Event::Start(Tag::FootnoteDefinition(_)) => self.open(Kind::Exempt, offset),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::BlockQuote(_)
                | TagEnd::Table
                | TagEnd::FootnoteDefinition,
            ) => self.close(),
            Event::Start(Tag::Image { .. }) => self.images += 1,
            Event::End(TagEnd::Image) => self.images = self.images.saturating_sub(1),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) if citations::is_citation(*link_type, dest_url) => {
                if let Some(block) = self.open.last_mut() {
                    block.cited = true;
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                self.link = Some(dest_url.starts_with("@/"));
            }
            Event::End(TagEnd::Link) => self.link = None,
            Event::Code(_) => self.loose_words(),
            Event::Text(text) => {
                let mut label = None;
                if at_start
                    && let Some(rest) = text.strip_prefix(ANALYSIS_MARKER)
                    && !self.escaped.contains(&offset)
                {
                    let rest = rest.trim_start();
                    *text = if rest.is_empty() {
                        CowStr::Borrowed("")
                    } else {
                        CowStr::from(rest.to_string())
                    };
                    if let Some(block) = self.open.last_mut() {
                        block.analysis = true;
                    }
                    label = Some(Event::InlineHtml(CowStr::Borrowed(ANALYSIS_LABEL)));
                }
                if self.images == 0
                    && !text.trim().is_empty()
                    && let Some(block) = self.open.last_mut()
                {
                    block.words = true;
                }
                if text.chars().any(char::is_alphanumeric) {
                    self.loose_words();
                }
                return label;
            }
            Event::TaskListMarker(_) => self.at_start = at_start,
            _ => {}
        }
        None
    }

    /// Words that are not the text of an internal link, outside an image.
    fn loose_words(&mut self) {
        if self.images == 0
            && self.link != Some(true)
            && let Some(block) = self.open.last_mut()
        {
            block.loose = true;
        }
    }

    fn open(&mut self, kind: Kind, offset: usize) {
        let parent = self.open.last();
        let counted = match kind {
            Kind::Paragraph | Kind::Whole => parent.is_none(),
            Kind::Item => parent.is_none_or(|p| !p.absorbing),
            Kind::Exempt => false,
        };
        let absorbing =
            matches!(kind, Kind::Whole | Kind::Exempt) || parent.is_some_and(|p| p.absorbing);
        self.open.push(Block {
            kind,
            offset,
            counted,
            absorbing,
            cited: false,
            analysis: false,
            words: false,
            loose: false,
        });
    }

    fn close(&mut self) {
        let Some(block) = self.open.pop() else {
            return;
        };
        // Only links to pages of the site: navigation, not a claim.
        let navigation = matches!(block.kind, Kind::Paragraph | Kind::Item) && !block.loose;
        if block.counted
            && block.words
            && !block.cited
            && !block.analysis
            && !navigation
            && self.required
        {
            self.uncited.push(block.offset);
        }
        if block.kind == Kind::Exempt {
            return;
        }
        if let Some(parent) = self.open.last_mut() {
            // A nested item's citation covers its lead-in; a part's words,
            // citation and marker are its block's.
            parent.cited |= block.cited;
            if !block.counted {
                parent.words |= block.words;
                parent.loose |= block.loose;
                parent.analysis |= block.analysis;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{Fixture, assert_html_has};
    use super::super::{Rendered, render};
    use crate::config::MarkdownOptions;

    struct Required;
    impl super::super::Resolver for Required {
        fn page_url(&self, file: &str) -> Option<String> {
            Fixture.page_url(file)
        }
        fn has_source(&self, id: &str) -> bool {
            Fixture.has_source(id)
        }
        fn requires_citations(&self) -> bool {
            true
        }
    }

    fn covered(body: &str) -> Rendered {
        render(body, &MarkdownOptions::default(), &Required)
    }

    /// The 1-based lines of the uncited blocks of `body`.
    fn uncited_lines(body: &str) -> Vec<usize> {
        covered(body)
            .uncited
            .iter()
            .map(|&offset| body[..offset].matches('\n').count() + 1)
            .collect()
    }

    #[test]
    fn finds_uncited_paragraphs_and_list_items_at_their_lines() {
        for (body, lines) in [
            ("Cited [@wt].\n", &[][..]),
            ("Uncited.\n", &[1]),
            ("Cited [@wt].\n\nUncited.\n\nAlso [@wt].\n", &[3]),
            ("Quote [“words”][@wt].\n", &[]),
            ("Quote [\"words\"][@wt] only.\n", &[]),
            ("Unknown source still cites [@nope].\n", &[]),
            ("Footnote is no citation.[^1]\n\n[^1]: Note.\n", &[1]),
            ("A link [x](https://e.org/) is no citation.\n", &[1]),
            ("- one [@wt]\n- two\n- three [@wt]\n", &[2]),
            ("* a\n* b\n", &[1, 2]),
            ("1. first [@wt]\n2. second\n", &[2]),
            ("- [ ] task\n- [x] done [@wt]\n", &[1]),
            ("## A heading needs none\n\nText [@wt].\n", &[]),
            ("```\ncode needs none\n```\n", &[]),
            ("<div>raw HTML needs none</div>\n", &[]),
            ("![a map](map.png)\n", &[]),
            ("![a map](map.png) with words\n", &[1]),
            ("Para\nover two lines [@wt].\n", &[]),
            ("", &[]),
        ] {
            assert_eq!(uncited_lines(body), lines, "{body:?}");
        }
    }

    #[test]
    fn counts_a_list_item_once_and_nested_items_each() {
        for (body, lines) in [
            // Loose item with two paragraphs: one citation covers both.
            (
                "- first para [@wt]\n\n  second para\n\n- next [@wt]\n",
                &[][..],
            ),
            ("- first para\n\n  second para\n", &[1]),
            ("- first para\n\n  second para [@wt]\n", &[]),
            // A nested item's citation covers its lead-in, not its siblings.
            ("- positions:\n  - one [@wt]\n  - two\n", &[3]),
            ("- positions:\n  - one\n  - two\n", &[1, 2, 3]),
            ("- lead [@wt]\n  - nested\n", &[2]),
            ("- a\n  - b\n    - c [@wt]\n", &[]),
            // A paragraph after a list is its own block.
            ("- a [@wt]\n\nafter\n", &[3]),
        ] {
            assert_eq!(uncited_lines(body), lines, "{body:?}");
        }
    }

    #[test]
    fn takes_blockquotes_and_tables_as_one_block() {
        for (body, lines) in [
            ("> quoted [@wt]\n>\n> more\n", &[][..]),
            ("> quoted\n>\n> more\n", &[1]),
            ("> - a\n> - b [@wt]\n", &[]),
            ("> - a\n> - b\n", &[1]),
            ("text\n\n> quote\n", &[1, 3]),
            ("- item\n\n  > quote [@wt]\n", &[]),
            ("| a | b |\n|---|---|\n| 1 | 2 [@wt] |\n| 3 | 4 |\n", &[]),
            ("| a | b |\n|---|---|\n| 1 | 2 |\n", &[1]),
            ("| Source [@wt] |\n|---|\n| 1 |\n", &[]),
            ("Text[^n] [@wt].\n\n[^n]: An uncited note.\n", &[]),
        ] {
            assert_eq!(uncited_lines(body), lines, "{body:?}");
        }
    }

    #[test]
    fn exempts_and_labels_the_editors_analysis() {
        for (body, lines) in [
            ("{analysis} Our reading.\n", &[][..]),
            ("{analysis}Our reading.\n", &[]),
            ("{analysis} *Our* reading.\n", &[]),
            ("- {analysis} our reading\n- uncited\n", &[2]),
            ("- {analysis} our reading\n\n  more of it\n", &[]),
            ("- lead\n\n  {analysis} too late\n", &[1]),
            ("> {analysis} quoted reading\n", &[]),
            ("- [ ] {analysis} a task\n", &[]),
            // Only at the start of a block.
            ("Our {analysis} reading.\n", &[1]),
            ("`{analysis}` in code.\n", &[1]),
            ("{analysis} reading\n\nnext\n", &[3]),
            ("{Analysis} is case-sensitive.\n", &[1]),
            // A backslash keeps the marker as text.
            ("\\{analysis} as text.\n", &[1]),
            ("- \\{analysis} as text\n", &[1]),
            ("> \\{analysis} as text\n", &[1]),
        ] {
            assert_eq!(uncited_lines(body), lines, "{body:?}");
        }
        let r = covered("{analysis} Our reading.\n");
        assert_eq!(
            r.html,
            "<p><span class=\"analysis-label\">Analysis:</span> Our reading.</p>\n"
        );
        assert_eq!(r.word_count, 2, "the marker is no word");
        let r = covered("\\{analysis} as text.\n");
        assert_eq!(r.html, "<p>{analysis} as text.</p>\n");
        let r = covered("Our {analysis} reading.\n");
        assert_html_has(&r, "Our {analysis} reading.");
        // Recognised in sections that do not require citations too.
        let r = super::super::tests::md("- {analysis} x\n");
        assert_html_has(&r, "analysis-label");
        assert!(!r.html.contains("{analysis}"), "{}", r.html);
        assert!(r.uncited.is_empty(), "nothing recorded unless required");
    }

    #[test]
    fn needs_no_citation_for_blocks_of_internal_links_only() {
        for (body, lines) in [
            // Links to pages of the site, with punctuation between them.
            ("[Territory](@/t.md)\n", &[][..]),
            ("[Territory](@/t.md), [the 90% figure](@/n.md).\n", &[]),
            (
                "- [Territory](@/t.md)\n- [Timeline: the briefing](@/b.md)\n",
                &[],
            ),
            ("- [*Territory*](@/t.md) —\n", &[]),
            ("- [Territory](@/t.md)\n\n  [Actors](@/a.md)\n", &[]),
            // Any other word makes it an ordinary block.
            ("See also: [Territory](@/t.md)\n", &[1]),
            ("- [Territory](@/t.md): the open question\n", &[1]),
            ("- [Territory](@/t.md)\n\n  more words\n", &[1]),
            ("[Territory](@/t.md) in 2014\n", &[1]),
            ("[Territory](@/t.md) `code`\n", &[1]),
            // Links to other sites, or relative links, are no navigation.
            ("[NATO](https://www.nato.int/)\n", &[1]),
            ("[Territory](../territory/)\n", &[1]),
            ("[Territory](@/t.md), [NATO](https://www.nato.int/)\n", &[1]),
            // A lead-in item is judged on its own words.
            ("- See also:\n  - [Territory](@/t.md)\n", &[1]),
            // Blockquotes and tables are not exempted.
            ("> [Territory](@/t.md)\n", &[1]),
            (
                "| [Territory](@/t.md) |\n|---|\n| [Actors](@/a.md) |\n",
                &[1],
            ),
        ] {
            assert_eq!(uncited_lines(body), lines, "{body:?}");
        }
    }

    #[test]
    fn records_nothing_unless_required() {
        let r = super::super::tests::md("Uncited.\n\n- uncited\n");
        assert!(r.uncited.is_empty());
        assert_eq!(uncited_lines("Uncited.\n\n- uncited\n"), [1, 3]);
    }

    #[test]
    fn citations_in_headings_inside_items_count() {
        assert_eq!(uncited_lines("- ## Title [@wt]\n"), Vec::<usize>::new());
        assert_eq!(uncited_lines("## Title [@wt]\n\nText\n"), [3]);
    }

    #[test]
    fn reuses_its_stack_for_long_bodies() {
        let body = "- a [@wt]\n  - b [@wt]\n\nPara [@wt].\n\n".repeat(2000);
        let r = covered(&body);
        assert!(r.uncited.is_empty());
        let body = "- uncited\n".repeat(3000);
        assert_eq!(covered(&body).uncited.len(), 3000);
    }
}
