//! Shortcodes rendered through the whole pass, with the built-in shortcodes.

use crate::config::MarkdownOptions;
use crate::markdown::tests::{Processing, assert_html_has};
use crate::markdown::{Rendered, Resolver, render};
use crate::shortcodes::Shortcodes;

struct Site(Shortcodes);
impl Resolver for Site {
    fn page_url(&self, _: &str) -> Option<String> {
        None
    }
    fn has_source(&self, id: &str) -> bool {
        matches!(id, "wt" | "ap")
    }
    fn requires_citations(&self) -> bool {
        true
    }
    fn shortcodes(&self) -> Option<&Shortcodes> {
        Some(&self.0)
    }
}

fn md(body: &str) -> Rendered {
    let site = Site(Shortcodes::builtin().expect("built-in shortcodes"));
    render(body, &MarkdownOptions::default(), &site)
}

#[test]
fn a_body_is_markdown_with_the_page_s_passes_and_nested_shortcodes() {
    let r = md(
        "{% callout(kind=\"known\") %}\nA *claim* [@wt], see:\n{{ embed(url=\"https://e.org/\", title=\"T\") }}\n{% end %}\n",
    );
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert!(
        r.html
            .starts_with("<aside class=\"callout callout-known\" role=\"note\">\n<p class=\"callout-label\">What we know</p>\n<p>A <em>claim</em><sup class=\"citation\"><a href=\"#cite-1\">[1]</a></sup>, see:</p>\n<div class=\"embed\">"),
        "{}",
        r.html
    );
    assert!(r.html.ends_with("</aside>\n"), "{}", r.html);
    assert_eq!(r.citations, ["wt"]);
    assert!(r.uncited.is_empty());
    assert_eq!(r.shortcodes, ["embed", "callout"]);
}

#[test]
fn a_figure_sized_by_hand_is_lazy_unless_it_is_the_first_image() {
    let site = Processing(Some(Shortcodes::builtin().expect("built-in shortcodes")));
    let body = "{{ figure(src=\"a.svg\", alt=\"A\", width=10, height=5) }}\n\n{{ figure(src=\"b.svg\", alt=\"B\", width=10) }}\n";
    let r = render(body, &MarkdownOptions::default(), &site);
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert_html_has(
        &r,
        "<img src=\"a.svg\" alt=\"A\" width=\"10\" height=\"5\">",
    );
    assert_html_has(
        &r,
        "<img src=\"b.svg\" alt=\"B\" width=\"10\" loading=\"lazy\" decoding=\"async\">",
    );
    let after_text = render(
        &format!("![x](c.png)\n\n{body}"),
        &MarkdownOptions::default(),
        &site,
    );
    assert!(
        after_text.html.contains("<img src=\"a.svg\" alt=\"A\" width=\"10\" height=\"5\" loading=\"lazy\" decoding=\"async\">"),
        "{}",
        after_text.html
    );
}

#[test]
fn link_arguments_must_be_web_urls_and_strings_must_not_be_blank() {
    let body = "{{ embed(url=\"javascript:alert(1)\", title=\"T\") }}\n\n{{ embed(url=\"https://e.org/\", title=\"\u{200B} \") }}\n\n{% callout(kind=\"note\", title=\" \") %}\nX [@wt].\n{% end %}\n\n{{ figure(src=\"a.svg\", alt=\"\\\"\\\"\\\"\") }}\n\n{{ figure(src=\"b.svg\", alt=\"“”\") }}\n\n{{ figure(src=\"c.svg\", alt=\"\") }}\n";
    let r = md(body);
    let messages: Vec<_> = r
        .problems
        .iter()
        .map(|p| (p.offset, p.message.as_str()))
        .collect();
    assert_eq!(r.problems.len(), 4, "{messages:?}");
    assert_eq!(r.problems[0].offset, body.find("url=\"javascript").unwrap());
    assert!(
        r.problems[0]
            .message
            .contains("must be an absolute http:// or https:// URL")
    );
    assert!(r.problems[0].hint.as_deref().unwrap().contains("https://"));
    assert_eq!(r.problems[1].offset, body.find("title=\"\u{200B}").unwrap());
    assert!(
        r.problems[1]
            .message
            .contains("argument `title` of shortcode `embed` is blank")
    );
    assert_eq!(r.problems[2].offset, body.find("title=\" \"").unwrap());
    assert!(
        r.problems[2]
            .hint
            .as_deref()
            .unwrap()
            .contains("leave out title=")
    );
    assert!(
        r.problems[3]
            .message
            .contains("argument `alt` of shortcode `figure` is only quotation marks")
    );
    assert_html_has(&r, "<img src=\"b.svg\" alt=\"\">");
    assert_html_has(&r, "<img src=\"c.svg\" alt=\"\">");
}

#[test]
fn an_img_of_a_body_shortcode_s_own_template_is_lazy_too() {
    let shortcodes = Shortcodes::from_sources(&[(
        "boxed".into(),
        "boxed.html".into(),
        "{# shortcode() body #}\n<div><img src=\"/frame.png\" alt=\"\">{{ body | safe }}</div>"
            .into(),
    )])
    .expect("shortcode");
    let site = Processing(Some(shortcodes));
    let body = "![A](a.png)\n\n{% boxed() %}\nText.\n{% end %}\n";
    let r = render(body, &MarkdownOptions::default(), &site);
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert_html_has(
        &r,
        "<img src=\"/frame.png\" alt=\"\" loading=\"lazy\" decoding=\"async\">",
    );
}

#[test]
fn a_block_shortcode_inside_a_line_of_text_is_an_error() {
    let body = "Inline {{ embed(url=\"https://example.com/\", title=\"Inline\") }} in a sentence.\n\n> Quoted {{ figure(src=\"a.svg\", alt=\"A\") }}\n\n{{ embed(url=\"https://example.com/\", title=\"Alone\") }}\n\n- {{ embed(url=\"https://example.com/\", title=\"Item\") }}\n\n# H *{{ embed(url=\"https://example.com/\", title=\"H\") }}*\n";
    let r = md(body);
    assert_eq!(r.problems.len(), 3, "{:?}", r.problems);
    assert_html_has(&r, "<li><div class=\"embed\">");
    assert!(
        r.problems[2].message.contains("inside a line of text"),
        "{:?}",
        r.problems
    );
    assert_eq!(r.problems[0].offset, body.find("{{ embed").unwrap());
    assert!(
        r.problems[0]
            .message
            .contains("shortcode `embed` makes a block (`<div>`)")
    );
    assert!(
        r.problems[0]
            .hint
            .as_deref()
            .unwrap()
            .contains("on a line of its own")
    );
    assert_eq!(r.problems[1].offset, body.find("{{ figure").unwrap());
    assert!(!r.html.contains("<p>Inline <div"), "{}", r.html);
    assert_html_has(&r, "Alone");
}

#[test]
fn every_prefix_renders_without_panic() {
    let sample = "> [!NOTE]\n> {% callout(kind=\"note\") %}\n> A [@wt] {{ embed(url=\"u\", title=\"é\") }}\n> {% end %}\n\n# H {{ figure(src=\"a\", alt=\"b\", source=\"wt\") }}\n\n{% pullquote() %}\n[“x”][@wt, by \"one\"]\n{% end %}\n- {{/* x */}} [l]({{ y() }})\n";
    for (end, _) in sample.char_indices() {
        let _ = md(&sample[..end]);
    }
    let r = md(sample);
    assert_html_has(&r, "pullquote");
}

#[test]
fn body_shortcodes_nest() {
    let r = md(
        "{% callout(kind=\"context\") %}\nOuter [@wt].\n\n{% callout(kind=\"disputed\", title=\"inner\") %}\nInner [@ap].\n{% end %}\n{% end %}\n",
    );
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert_eq!(r.html.matches("<aside").count(), 2, "{}", r.html);
    let inner = r.html.find("callout-disputed").unwrap();
    assert!(r.html.find("callout-context").unwrap() < inner);
    assert!(r.html[inner..].contains("Inner<sup"));
    assert!(r.html.ends_with("</aside>\n</aside>\n"), "{}", r.html);
    assert!(r.uncited.is_empty());
}

#[test]
fn offsets_after_a_shortcode_are_the_source_s() {
    let body =
        "{{ embed(url=\"https://e.org/\", title=\"A long title\") }}\nAnd [@nope].\n\nUncited.\n";
    let r = md(body);
    assert_eq!(r.problems.len(), 1, "{:?}", r.problems);
    assert_eq!(r.problems[0].offset, body.find("[@nope]").unwrap());
    assert_eq!(r.uncited, [body.find("Uncited").unwrap()]);
}

#[test]
fn a_figure_s_source_is_numbered_with_the_page_s_citations() {
    let r = md(
        "First [@ap].\n\n{{ figure(src=\"a.svg\", alt=\"A square\", credit=\"Diagram: us.\", source=\"wt\") }}\n\nAgain [@wt].\n",
    );
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert_eq!(r.citations, ["ap", "wt"]);
    assert_html_has(
        &r,
        "<img src=\"a.svg\" alt=\"A square\">\n<figcaption> <span class=\"figure-credit\">Diagram: us.</span><sup class=\"citation\"><a href=\"#cite-2\">[2]</a></sup></figcaption>",
    );
    assert!(
        r.html
            .contains("Again<sup class=\"citation\"><a href=\"#cite-2\">[2]</a>")
    );
}

#[test]
fn alerts_are_callouts_covered_like_blockquotes() {
    let body = "> [!WARNING]\n> Not cited.\n> Still the same block.\n\n> [!TIP]\n> Cited [@wt].\n";
    let r = md(body);
    assert!(
        r.html.starts_with("<aside class=\"callout callout-warning\" role=\"note\">\n<p class=\"callout-label\">Warning</p>\n<p>Not cited."),
        "{}",
        r.html
    );
    assert!(r.html.contains("callout-tip"));
    assert!(!r.html.contains("blockquote"));
    assert_eq!(r.uncited, [0]);
    assert!(r.quotes.is_empty());
}

#[test]
fn wrong_calls_are_problems_at_their_offsets() {
    let body = "Text [@wt].\n\n{{ figure(src=\"a.svg\", alt=1, captoin=\"x\") }}\n\n{{ callout(kind=\"note\") }}\n";
    let r = md(body);
    let messages: Vec<(usize, &str)> = r
        .problems
        .iter()
        .map(|p| (p.offset, p.message.as_str()))
        .collect();
    assert_eq!(
        messages,
        [
            (
                body.find("alt=").unwrap(),
                "argument `alt` of shortcode `figure` must be a string, not 1"
            ),
            (
                body.find("captoin").unwrap(),
                "unknown argument `captoin` of shortcode `figure`"
            ),
            (
                body.find("{{ callout").unwrap(),
                "shortcode `callout` takes a Markdown body"
            ),
        ]
    );
    assert_eq!(
        r.problems[1].hint.as_deref(),
        Some("did you mean `caption`?")
    );
}
