//! Tests of the quotation-mark checks.

use super::super::tests::{assert_html_has, md};
use super::*;

fn quotations(text: &str, smart: bool) -> Vec<&str> {
    pairs(text, smart).into_iter().map(|r| &text[r]).collect()
}

#[test]
fn finds_double_quotations_curly_and_straight() {
    for (text, smart, expected) in [
        ("he said “going well” today", true, &["“going well”"][..]),
        ("he said \"going well\" today", false, &["\"going well\""]),
        ("he said \"escaped\" today", true, &[]),
        ("„Guten Tag”, he said", true, &["„Guten Tag”"]),
        ("„Guten Tag“, sagte er", true, &["„Guten Tag“"]),
        ("він сказав «гарантії» сьогодні", true, &["«гарантії»"]),
        (
            "«зовні „всередині“ далі»",
            true,
            &["«зовні „всередині“ далі»"],
        ),
        ("«не закрито", true, &["«не закрито"]),
        ("a stray » closer", true, &[]),
        ("“one” and “two”", true, &["“one”", "“two”"]),
        ("“outer ‘inner’ still”", true, &["“outer ‘inner’ still”"]),
        ("“never closed", true, &["“never closed"]),
        ("a stray ” closer", true, &[]),
        ("\"a\" \"b\"", false, &["\"a\"", "\"b\""]),
    ] {
        assert_eq!(quotations(text, smart), expected, "{text:?}");
    }
}

#[test]
fn scans_many_marks_in_linear_time() {
    // 100 000 opening marks, then as many closing ones: quadratic work
    // would take minutes here.
    let n = 100_000;
    let text = "‘a ".repeat(n) + "“b " + &"c’ ".repeat(n);
    let found = pairs(&text, true);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].start, 0);
    let text = "“a ‘b ".repeat(n);
    let found = pairs(&text, true);
    assert_eq!(
        (found.len(), found[0].start, found[0].end),
        (1, 0, text.len())
    );
    let straight = "\"x\" ".repeat(n);
    assert_eq!(pairs(&straight, false).len(), n);
}

#[test]
fn apostrophes_are_never_quotations() {
    for text in [
        "don’t",
        "they’ve said it’s fine",
        "O’Neill’s report",
        "in the ’90s and ‘90s",
        "the officials’ view and the ‘80s",
        "it's Kyiv's",
    ] {
        assert_eq!(quotations(text, true), Vec::<&str>::new(), "{text:?}");
        assert_eq!(quotations(text, false), Vec::<&str>::new(), "{text:?}");
    }
}

#[test]
fn finds_single_quotations_as_pairs() {
    for (text, smart, expected) in [
        (
            "a ‘platinum standard’ offer",
            true,
            &["‘platinum standard’"][..],
        ),
        (
            "a 'platinum standard' offer",
            false,
            &["'platinum standard'"],
        ),
        ("‘Don’t’, he said", true, &["‘Don’t’"]),
        ("the ‘officials’ view’ here", true, &["‘officials’"]),
        ("a ‘never closed one", true, &[]),
    ] {
        assert_eq!(quotations(text, smart), expected, "{text:?}");
    }
}

fn unchecked(body: &str) -> Vec<String> {
    md(body).quotations.into_iter().map(|p| p.message).collect()
}

#[test]
fn reports_quotations_in_every_kind_of_block() {
    for body in [
        "He said “a good day”.",
        "He said \"a good day\".",
        "- He said “a good day”.",
        "1. item\n2. He said “a good day”.",
        "## He said “a good day”",
        "| a | b |\n|---|---|\n| x | He said “a good day” |\n",
        "> He said “a good day”.",
        "> He said “a good day”.\n\nAnd cited here [@wt].",
        "He said *“a good day”*.",
        "He said “a **good** day”.",
        "He said [“a good day”](https://e.org/).",
        "Text[^1]\n\n[^1]: He said “a good day”.",
    ] {
        let found = unchecked(body);
        assert_eq!(found.len(), 1, "{body:?}: {found:?}");
        assert!(found[0].contains("a good day"), "{body:?}: {found:?}");
    }
}

#[test]
fn ignores_marks_in_code_urls_and_raw_html() {
    for body in [
        "Write `\"quoted\"` in code.",
        "```\nlet s = \"quoted\";\n```",
        "    indented \"code\"",
        "[link](https://e.org/?q=\"x\" \"title\")",
        "<span title=\"a “title”\">text</span>",
        "<div class=\"x\">\n\n</div>",
        "<https://e.org/\"x\">",
        "Don’t ’90s O’Neill the officials’ view.",
        "A checked quote [“going well”][@wt] only.",
        "Escaped \\\"marks\\\" stay straight.",
    ] {
        assert_eq!(unchecked(body), Vec::<String>::new(), "{body:?}");
    }
}

#[test]
fn long_quotations_are_shortened_in_messages() {
    let long = format!("He said “{}” today.", "word ".repeat(40).trim_end());
    let r = md(&long);
    let message = &r.quotations[0].message;
    assert!(message.contains("“word word"), "{message}");
    assert!(message.contains("…” is not a checked quote"), "{message}");
    assert!(message.chars().count() < 110, "{message}");
    let short = md("He said “seventy characters at most stay whole, with no ellipsis in them”.");
    assert!(
        short.quotations[0].message.contains("no ellipsis in them”"),
        "{:?}",
        short.quotations
    );
    assert_eq!(
        shorten("“never closed and long enough to be cut at sixty characters or so, yes”"),
        "“never closed and long enough to be cut at sixty characters…”"
    );
}

#[test]
fn offsets_point_at_the_opening_mark() {
    let body = "Line one.\n\nThe envoy said “nothing is agreed” [@wt].\n";
    let r = md(body);
    assert_eq!(r.quotations.len(), 1);
    assert_eq!(r.quotations[0].offset, body.find('“').unwrap_or(0));
    let body = "Smart off? No: \"straight\" is smartened.";
    let r = md(body);
    assert_eq!(r.quotations[0].offset, body.find('"').unwrap_or(0));
    let body = "Across a\nline “break\nhere” ok";
    let r = md(body);
    assert_eq!(r.quotations[0].offset, body.find('“').unwrap_or(0));
}

#[test]
fn near_misses_are_errors_at_their_bracket() {
    for (body, message) in [
        (
            "Called it [\"a good day\"] [@wt].",
            "a space before the citation",
        ),
        (
            "Called it [“a good day”]\n[@wt].",
            "a space before the citation",
        ),
        ("Called it [\"a good day\"].", "has no citation"),
        ("Called it [“a good day”] today.", "has no citation"),
    ] {
        let r = md(body);
        assert_eq!(r.problems.len(), 1, "{body:?}: {:?}", r.problems);
        assert!(r.problems[0].message.contains(message), "{:?}", r.problems);
        assert_eq!(
            r.problems[0].offset,
            body.find('[').unwrap_or(9),
            "{body:?}"
        );
        assert!(
            r.problems[0]
                .hint
                .as_deref()
                .unwrap_or("")
                .contains("[“words”][@source-id]")
        );
        assert!(r.quotations.is_empty(), "{body:?}");
    }
}

#[test]
fn braces_mark_no_quotation_and_are_dropped() {
    for body in [
        "The so-called {“peace plan”} and {\"Article 5-like\"} talk.",
        "## The {“deal”} explained",
        "- {‘scare’} quotes",
    ] {
        let r = md(body);
        assert!(r.quotations.is_empty(), "{body:?}: {:?}", r.quotations);
        assert!(r.problems.is_empty(), "{body:?}: {:?}", r.problems);
        assert!(!r.html.contains(['{', '}']), "{}", r.html);
    }
    let r = md("The so-called {\"peace plan\"}.");
    assert_html_has(&r, "The so-called “peace plan”.");
    let r = md("Braces {kept} when no quotation is inside; {“x” y}.");
    assert_html_has(&r, "{kept}");
    assert_eq!(r.quotations.len(), 1, "{:?}", r.quotations);
}

#[test]
fn quotes_carry_cite_and_speaker() {
    let r =
        md("He said [“it is 5 & 6”][@wt, by \"one official & <aide>\"] and [“so”][@wt, by trump].");
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert_html_has(
        &r,
        "<q cite=\"https://news.example.net/report?a=1&amp;b=2\" title=\"one official &amp; &lt;aide&gt;\" data-speaker=\"one official &amp; &lt;aide&gt;\">it is 5 &amp; 6</q>",
    );
    assert_html_has(
        &r,
        "title=\"Donald Trump\" data-speaker=\"Donald Trump\">so</q>",
    );
    let speakers: Vec<_> = r.quotes.iter().map(|q| q.speaker.clone()).collect();
    assert_eq!(
        speakers[1].as_ref().and_then(|s| s.actor.as_deref()),
        Some("trump")
    );
    assert_eq!(
        speakers[1].as_ref().and_then(|s| s.url.as_deref()),
        Some("https://e.org/actors/trump/")
    );
    assert_eq!(
        speakers[0].as_ref().map(|s| s.name.as_str()),
        Some("one official & <aide>")
    );
    let r = md("Plain [“words”][@wt, wording].");
    assert!(r.quotes[0].wording && r.quotes[0].speaker.is_none());
    assert_html_has(
        &r,
        "<q cite=\"https://news.example.net/report?a=1&amp;b=2\">words</q>",
    );
    let r = md("No URL [“words”][@other].");
    assert_html_has(&r, "<q>words</q>");
}

#[test]
fn quote_options_errors_at_the_citation() {
    for (body, message, hint) in [
        (
            "A [“b”][@wt, by trmp].",
            "unknown actor `trmp`",
            "did you mean `trump`?",
        ),
        (
            "A [“b”][@wt, by nobody].",
            "unknown actor `nobody`",
            "by \"nobody\"",
        ),
        (
            "A [“b”][@wt, own].",
            "unknown quote option `own`",
            "wording",
        ),
        ("A claim [@wt, by trump].", "belong to a quote", ""),
        ("A claim [@wt, wording].", "belong to a quote", ""),
    ] {
        let r = md(body);
        assert_eq!(r.problems.len(), 1, "{body:?}: {:?}", r.problems);
        assert!(r.problems[0].message.contains(message), "{:?}", r.problems);
        assert!(
            r.problems[0].hint.as_deref().unwrap_or("").contains(hint),
            "{:?}",
            r.problems
        );
        assert_eq!(
            r.problems[0].offset,
            body.find('[').unwrap_or(usize::MAX),
            "{body:?}"
        );
    }
}

#[test]
fn a_block_quote_with_a_citation_is_a_quote() {
    let body = "Intro.\n\n> “Those guarantees will not be\n> on the table forever,”\n>\n> one said, “really.” [@wt, by \"one official\"]\n\nAfter “x”.\n";
    let r = md(body);
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert_eq!(r.quotes.len(), 1);
    let quote = &r.quotes[0];
    assert_eq!(quote.offset, body.find('>').unwrap_or(0));
    assert_eq!(
        quote.text,
        "“Those guarantees will not be on the table forever,”\n\none said, “really.”"
    );
    assert_eq!(
        quote.speaker.as_ref().map(|s| s.name.as_str()),
        Some("one official")
    );
    assert_html_has(
        &r,
        "<blockquote cite=\"https://news.example.net/report?a=1&amp;b=2\" title=\"one official\"",
    );
    assert_html_has(
        &r,
        "<footer class=\"quote-speaker\">— one official</footer>\n</blockquote>",
    );
    // Its own quotation marks are the quoted text's; the paragraph after is checked.
    assert_eq!(r.quotations.len(), 1, "{:?}", r.quotations);
    assert!(r.quotations[0].message.contains("“x”"));
    // An actor links to the actor's page.
    let r = md("> Words. [@wt, by trump]");
    assert_html_has(
        &r,
        "— <a href=\"https://e.org/actors/trump/\">Donald Trump</a></footer>",
    );
    // No citation: a plain block quote, its quotation marks count.
    let r = md("> He said “x”.");
    assert!(
        r.quotes.is_empty() && r.html.contains("<blockquote>"),
        "{}",
        r.html
    );
    assert_eq!(r.quotations.len(), 1);
}

#[test]
fn braces_ending_a_heading_are_its_attributes_unless_an_id_follows() {
    for body in [
        "## The {“deal”}",
        "## The {\"deal\"}",
        "## Plain {.cls “x”}",
        "## A {‘b’}",
    ] {
        let r = md(body);
        assert_eq!(r.problems.len(), 1, "{body:?}: {:?}", r.problems);
        assert!(
            r.problems[0].message.contains("heading's attributes"),
            "{:?}",
            r.problems
        );
        assert_eq!(r.problems[0].offset, 0);
    }
    let r = md("## The {“deal”} {#the-deal}\n\n## Plain {.cls}");
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert_html_has(&r, "<h2 id=\"the-deal\">The “deal”</h2>");
}

#[test]
fn straight_marks_count_with_smart_punctuation_off() {
    let options = crate::config::MarkdownOptions {
        smart_punctuation: false,
        ..Default::default()
    };
    let r = crate::markdown::render(
        "He said \"a good day\"; don't 'worry'; {\"scare\"}.",
        &options,
        &super::super::tests::Fixture,
    );
    let found: Vec<&str> = r.quotations.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(found.len(), 2, "{found:?}");
    assert_html_has(&r, "\"scare\"");
}
