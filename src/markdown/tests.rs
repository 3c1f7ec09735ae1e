//! Tests of the whole pass: headings, links, citations and summaries.

use super::*;

/// A resolver with one page, one source, one draft and two actors.
pub(super) struct Fixture;
impl Resolver for Fixture {
    fn page_url(&self, file: &str) -> Option<String> {
        (file == "timeline/berlin.md").then(|| "https://e.org/timeline/berlin/".to_string())
    }
    fn has_source(&self, id: &str) -> bool {
        id == "wt"
    }
    fn asset_url(&self, file: &str) -> Option<String> {
        (!file.starts_with("..")).then(|| format!("https://e.org/talks/{file}"))
    }
    fn is_draft(&self, file: &str) -> bool {
        file == "draft.md"
    }
    fn source_url(&self, id: &str) -> Option<String> {
        (id == "wt").then(|| "https://news.example.net/report?a=1&b=2".to_string())
    }
    fn actor(&self, id: &str) -> Result<(String, String), Vec<String>> {
        match id {
            "trump" => Ok(("Donald Trump".into(), "https://e.org/actors/trump/".into())),
            _ => Err(vec!["trump".into(), "putin".into(), "us-officials".into()]),
        }
    }
}

#[test]
fn links_to_files_reach_them_and_are_kept_for_the_output_check() {
    let r = md("[figures](@/files/figures.csv) and ![map](@/maps/a.png#x)");
    assert_html_has(&r, "href=\"https://e.org/talks/files/figures.csv\"");
    assert!(r.html.contains("src=\"https://e.org/talks/maps/a.png#x\""));
    let urls: Vec<&str> = r.local_links.iter().map(|l| l.url.as_str()).collect();
    assert_eq!(
        urls,
        [
            "https://e.org/talks/files/figures.csv",
            "https://e.org/talks/maps/a.png#x"
        ]
    );
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    let r = md("[up](@/../secret.txt)");
    assert!(
        r.problems[0].message.contains("names no file"),
        "{:?}",
        r.problems
    );
}

#[test]
fn decodes_escapes_in_the_file_an_internal_link_names() {
    let r = md("[a](@/timeline%2Fberlin.md) [b](@/My%20Files/a.txt)");
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert_eq!(r.links[0].file, "timeline/berlin.md");
    assert_eq!(r.local_links[0].url, "https://e.org/talks/My Files/a.txt");
}

#[test]
fn keeps_the_query_of_an_internal_link() {
    for (body, url) in [
        (
            "[a](@/timeline/berlin.md?x=1#top)",
            "https://e.org/timeline/berlin/?x=1#top",
        ),
        (
            "[a](@/timeline/berlin.md?x=1)",
            "https://e.org/timeline/berlin/?x=1",
        ),
        (
            "[a](@/timeline/berlin.md?)",
            "https://e.org/timeline/berlin/?",
        ),
        (
            "[a](@/files/a.csv?v=2#row-3)",
            "https://e.org/talks/files/a.csv?v=2#row-3",
        ),
    ] {
        let r = md(body);
        assert!(r.problems.is_empty(), "{body}: {:?}", r.problems);
        assert_html_has(&r, &format!("href=\"{url}\""));
    }
    let r = md("[a](@/timeline/berlin.md?x=1#top)");
    assert_eq!(r.links[0].file, "timeline/berlin.md");
    assert_eq!(r.links[0].fragment.as_deref(), Some("top"));
    let r = md("[a](@/gone.md?x=1#top)");
    assert!(
        r.problems[0]
            .message
            .contains("no page at `content/gone.md`")
    );
}

#[test]
fn says_a_link_to_a_draft_names_a_draft() {
    let r = md("More in [the next part](@/draft.md#intro).");
    assert_eq!(r.problems.len(), 1);
    let problem = &r.problems[0];
    assert!(
        problem.message.contains("`content/draft.md` is a draft"),
        "{problem:?}"
    );
    assert!(!problem.message.contains("no page at"), "{problem:?}");
    assert!(problem.hint.as_deref().unwrap_or("").contains("--drafts"));
    assert_eq!(problem.offset, "More in ".len());
    let r = md("[gone](@/gone.md)");
    assert!(
        r.problems[0]
            .message
            .contains("no page at `content/gone.md`")
    );
}

#[test]
fn keeps_plain_links_into_the_site_for_the_output_check() {
    let body = "[a](../x/) [b](/files/x.csv) [c](https://e.org/talks/y/) [d](x.html#f) \
                    [e](#top) [f](mailto:a@b.org) [g](tel:1) ![h](img/p.png) [i](//cdn.org/x) [j](?q=1)";
    let r = md(body);
    let urls: Vec<&str> = r.local_links.iter().map(|l| l.url.as_str()).collect();
    assert_eq!(
        urls,
        [
            "../x/",
            "/files/x.csv",
            "https://e.org/talks/y/",
            "x.html#f",
            "img/p.png",
            "//cdn.org/x",
            "?q=1"
        ]
    );
    assert_eq!(r.local_links[1].offset, body.find("[b]").unwrap_or(0));
    assert!(r.html.contains("href=\"../x/\""), "links render as written");
}

/// A small fixed-seed generator: `next(n)` is in `0..n`.
pub(super) fn random(mut seed: u64) -> impl FnMut(usize) -> usize {
    move |n| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize % n
    }
}

/// A site's build: images are processed (they need alt text and become the
/// resolver's markup), with the shortcodes `0` if any.
pub(super) struct Processing(pub(super) Option<crate::shortcodes::Shortcodes>);
impl Resolver for Processing {
    fn page_url(&self, _: &str) -> Option<String> {
        None
    }
    fn has_source(&self, _: &str) -> bool {
        false
    }
    fn processes_images(&self) -> bool {
        true
    }
    fn shortcodes(&self) -> Option<&crate::shortcodes::Shortcodes> {
        self.0.as_ref()
    }
}

/// Asserts that `r`'s HTML holds `needle`, showing the HTML if not.
#[track_caller]
pub(super) fn assert_html_has(r: &Rendered, needle: &str) {
    assert!(r.html.contains(needle), "{}", r.html);
}

/// Renders `body` with the default options and [`Fixture`].
pub(super) fn md(body: &str) -> Rendered {
    render(body, &MarkdownOptions::default(), &Fixture)
}

#[test]
fn can_make_unique_heading_ids_with_custom_ids_winning() {
    let r = md("## Talks\n\n## Talks\n\n## Other {#talks-1}\n\n## ???\n");
    assert_eq!(r.heading_ids, ["talks", "talks-2", "talks-1", "section"]);
    assert_html_has(&r, "<h2 id=\"talks\">Talks</h2>");
}

#[test]
fn can_number_many_equal_headings() {
    let r = md(&"## x\n\n".repeat(3000));
    assert_eq!(r.heading_ids.len(), 3000);
    assert_eq!(r.heading_ids[1], "x-1");
    assert_eq!(r.heading_ids[2999], "x-2999");
    let unique: HashSet<&String> = r.heading_ids.iter().collect();
    assert_eq!(unique.len(), 3000);
}

#[test]
fn can_nest_table_of_contents() {
    let r = md("## A\n\n### A1\n\n### A2\n\n## B\n");
    assert_eq!(r.toc.len(), 2);
    assert_eq!(r.toc[0].children.len(), 2);
    assert_eq!(r.toc[0].children[1].title, "A2");
}

#[test]
fn can_resolve_internal_links_and_report_broken_ones() {
    let r = md("See [talks](@/timeline/berlin.md#day-one) and [gone](@/timeline/gone.md).");
    assert_html_has(&r, "href=\"https://e.org/timeline/berlin/#day-one\"");
    assert_eq!(r.links[0].fragment.as_deref(), Some("day-one"));
    assert_eq!(r.problems.len(), 1);
    assert!(r.problems[0].message.contains("content/timeline/gone.md"));
    assert_eq!(
        r.problems[0].offset,
        "See [talks](@/timeline/berlin.md#day-one) and ".len()
    );
}

#[test]
fn can_number_citations_and_extract_quotes() {
    let r =
        md("Officials spoke [@wt]. One said it was [“the platinum standard”][@wt] and [@other].");
    assert_eq!(r.citations, ["wt", "other"]);
    assert_html_has(
        &r,
        "<q cite=\"https://news.example.net/report?a=1&amp;b=2\">the platinum standard</q><sup class=\"citation\"><a href=\"#cite-1\">[1]</a></sup>",
    );
    assert!(r.html.contains("href=\"#cite-2\""));
    assert!(
        r.html.contains("and<sup class=\"citation\">"),
        "no space before a marker: {}",
        r.html
    );
    assert_eq!(r.quotes[0].text, "the platinum standard");
    assert_eq!(r.problems.len(), 1, "unknown source `other`");
    assert!(r.problems[0].message.contains("`other`"));
}

#[test]
fn resolves_citations_and_links_inside_headings() {
    let r = md("[@wt] and [talks](@/timeline/berlin.md)\n=\n");
    assert!(
        !r.html.contains("cite:") && !r.html.contains("@/"),
        "{}",
        r.html
    );
    assert_html_has(&r, "href=\"#cite-1\"");
    assert_eq!(r.citations, ["wt"]);
}

#[test]
fn errors_on_citations_written_as_images() {
    let r = md("![@wt]");
    assert!(!r.html.contains("cite:"), "{}", r.html);
    assert!(r.problems[0].message.contains("image syntax"));
}

#[test]
fn can_cut_summary_at_more_marker() {
    let r = md("First para.\n\n<!-- more -->\n\nSecond para.\n");
    assert_eq!(r.summary.as_deref(), Some("<p>First para.</p>\n"));
    assert!(r.html.contains("Second para."));
    assert!(md("No marker").summary.is_none());
}
