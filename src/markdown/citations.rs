//! Which links are citations. Only the documented forms are: `[@id]`,
//! `[@id][]` and quotes `[“words”][@id]`, all references that name no link
//! definition, which pulldown-cmark hands to [`broken_link`]. An ordinary link
//! or autolink whose destination merely starts with `cite:` is a link.
//!
//! A quote's citation may carry options after a comma, which the callback
//! passes on as the link's title: `[“words”][@id, wording]` (the source's own
//! wording, not a quotation in it) and `[“words”][@id, by trump]` or
//! `[“words”][@id, by "one US official"]` (the speaker, as the source
//! attributes the words: an actor id or words in quotation marks).

use pulldown_cmark::{BrokenLink, CowStr, LinkType};

const CITE_SCHEME: &str = "cite:";

/// The broken-link callback: `[@id]` (and `[…][@id]`) becomes a link to
/// `cite:id`, with one of the `…Unknown` link types that mark it as made here.
pub(super) fn broken_link<'a>(link: BrokenLink<'a>) -> Option<(CowStr<'a>, CowStr<'a>)> {
    let reference = link.reference.trim().strip_prefix('@')?;
    let (id, options) = reference.split_once(',').unwrap_or((reference, ""));
    let id = id.trim();
    (!id.is_empty()).then(|| {
        (
            CowStr::from(format!("{CITE_SCHEME}{id}")),
            CowStr::from(options.trim().to_string()),
        )
    })
}

/// Who said the words of a quote, as its citation names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Speaker {
    /// `by trump`: the id of a page in the actors section.
    Actor(String),
    /// `by "one US official"`: words, as the source attributes the quote.
    Words(String),
}

/// The options of a citation (see the module's documentation).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct QuoteOptions {
    /// `wording`: the source's own wording, not a quote it reports.
    pub wording: bool,
    /// `by …`: who said it.
    pub speaker: Option<Speaker>,
    /// Issue 17: `original “exact words”`, the source's words that a quote
    /// in a translated page translates (what `check --archive` verifies).
    pub original: Option<String>,
}

impl QuoteOptions {
    /// No option given.
    pub fn is_empty(&self) -> bool {
        *self == QuoteOptions::default()
    }
}

const OPTIONS_HINT: &str = "a quote's citation takes `wording` (the source's own words) or \
    `by actor-id` / `by \"one official\"` (the speaker), e.g. [“words”][@source-id, by \"one official\"], \
    and in a translated page `original “the source's exact words”`";

/// Parses the options written after the source id: `wording`, `by ID`,
/// `by "words"` (or “words”), separated by commas. `Err` holds the message.
pub(super) fn options(text: &str) -> Result<QuoteOptions, (String, &'static str)> {
    let mut options = QuoteOptions::default();
    let mut rest = text.trim();
    while !rest.is_empty() {
        let word_end = rest.find([',', ' ', '\t', '\n']).unwrap_or(rest.len());
        let (word, after) = rest.split_at(word_end);
        let after = after.trim_start();
        match word {
            "wording" => {
                options.wording = true;
                rest = after;
            }
            "original" => {
                let (words, after) = speaker(after, "the original's words")?;
                let Speaker::Words(words) = words else {
                    return Err((
                        "`original` takes the source's exact words in quotation marks".into(),
                        OPTIONS_HINT,
                    ));
                };
                if options.original.replace(words).is_some() {
                    return Err(("a quote has one original".into(), OPTIONS_HINT));
                }
                rest = after;
            }
            "by" => {
                let (speaker, after) = speaker(after, "the speaker's words")?;
                if options.speaker.replace(speaker).is_some() {
                    return Err(("a quote names its speaker once".into(), OPTIONS_HINT));
                }
                rest = after;
            }
            _ => {
                return Err((
                    format!(
                        "unknown quote option `{}`",
                        rest.split(',').next().unwrap_or(rest).trim()
                    ),
                    OPTIONS_HINT,
                ));
            }
        }
        rest = match rest.strip_prefix(',') {
            Some(next) if next.trim().is_empty() => {
                return Err(("a comma with no option after it".into(), OPTIONS_HINT));
            }
            Some(next) => next.trim_start(),
            None if rest.is_empty() => rest,
            None => {
                return Err((
                    format!("unexpected `{rest}` in a quote's citation"),
                    OPTIONS_HINT,
                ));
            }
        };
    }
    if options.wording && options.speaker.is_some() {
        return Err((
            "a quote in the source's own wording has no speaker".into(),
            "drop `wording` if the source quotes someone, or `by …` if the words are the source's own",
        ));
    }
    Ok(options)
}

/// The speaker after `by` (or the words after `original`: `whose` names
/// them in errors), and what follows it.
fn speaker<'t>(text: &'t str, whose: &str) -> Result<(Speaker, &'t str), (String, &'static str)> {
    for (open, close) in [('"', '"'), ('“', '”')] {
        if let Some(inner) = text.strip_prefix(open) {
            let Some(end) = inner.find(close) else {
                return Err((
                    format!("{whose} are not closed with a quotation mark"),
                    OPTIONS_HINT,
                ));
            };
            let words = inner[..end]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            if words.is_empty() {
                return Err((format!("{whose} are empty"), OPTIONS_HINT));
            }
            return Ok((
                Speaker::Words(words),
                inner[end + close.len_utf8()..].trim_start(),
            ));
        }
    }
    let end = text.find([',', ' ', '\t', '\n']).unwrap_or(text.len());
    let id = &text[..end];
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    {
        return Err((
            "`by` names an actor id or words in quotation marks".into(),
            OPTIONS_HINT,
        ));
    }
    Ok((Speaker::Actor(id.to_string()), text[end..].trim_start()))
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
    use super::super::tests::{assert_html_has, md};
    use super::{QuoteOptions, Speaker, options};

    #[test]
    fn parses_quote_options() {
        let words = |w: &str| Some(Speaker::Words(w.into()));
        for (text, wording, speaker) in [
            ("", false, None),
            ("wording", true, None),
            ("  wording ", true, None),
            ("by trump", false, Some(Speaker::Actor("trump".into()))),
            (
                "by us-officials",
                false,
                Some(Speaker::Actor("us-officials".into())),
            ),
            ("by \"one US official\"", false, words("one US official")),
            ("by “one official”", false, words("one official")),
            ("by \"one\n  official\"", false, words("one official")),
            (
                "by \"an official, unnamed\"",
                false,
                words("an official, unnamed"),
            ),
        ] {
            assert_eq!(
                options(text),
                Ok(QuoteOptions {
                    wording,
                    speaker,
                    original: None
                }),
                "{text:?}"
            );
        }
    }

    #[test]
    fn reads_the_original_of_a_translated_quote() {
        assert_eq!(
            options(
                "by \"one official\", original “Those guarantees will not be on the table forever”"
            ),
            Ok(QuoteOptions {
                wording: false,
                speaker: Some(Speaker::Words("one official".into())),
                original: Some("Those guarantees will not be on the table forever".into()),
            })
        );
        assert!(options("original trump").is_err());
        assert!(options("original “a”, original “b”").is_err());
        assert_eq!(
            options("original “”").unwrap_err().0,
            "the original's words are empty"
        );
        assert_eq!(
            options("by “”").unwrap_err().0,
            "the speaker's words are empty"
        );
    }

    #[test]
    fn rejects_unknown_or_broken_options() {
        for (text, message) in [
            ("own", "unknown quote option `own`"),
            ("wording, by trump", "no speaker"),
            ("by", "names an actor id"),
            ("by \"one official", "not closed"),
            ("by \"  \"", "empty"),
            ("by trump, by putin", "once"),
            ("by trump putin", "unexpected `putin`"),
            ("by Donald Trump", "unexpected"),
            ("by t.rump", "names an actor id"),
            ("wording,", "no option after it"),
        ] {
            match options(text) {
                Err((got, _)) => assert!(got.contains(message), "{text:?}: {got}"),
                Ok(o) => panic!("{text:?} parsed as {o:?}"),
            }
        }
    }

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
            assert_html_has(&r, "href=\"#cite-1\"");
            assert!(!r.html.contains("cite:"), "{}", r.html);
        }
    }

    #[test]
    fn ordinary_links_and_citations_mix() {
        let r = md("An [inline link](cite:wt), <cite:other> and a claim [@wt].");
        assert_eq!(r.citations, ["wt"]);
        assert_html_has(&r, "<a href=\"cite:wt\">inline link</a>,");
        assert_html_has(&r, "<a href=\"cite:other\">cite:other</a>");
        assert_html_has(&r, "claim<sup class=\"citation\">");
        assert!(r.problems.is_empty(), "{:?}", r.problems);
    }
}
