//! Quote verification: a quote matches its source when it appears in the
//! archived text after [`normalise`] (Unicode NFC; soft hyphens and
//! zero-width characters dropped; typographic quotes and apostrophes, dashes,
//! ellipses and whitespace folded), both sides through the same function.
//! Case is not normalised: a changed capital is a changed quote. A quote must
//! also lie inside quotation marks in the archived text (the source quoting
//! someone), unless it is marked as the source's own wording. On a mismatch,
//! the closest passage is found for the message.

use unicode_normalization::UnicodeNormalization;

/// Characters that never count: a soft hyphen and the zero-width ones
/// (space, non-joiner, joiner, word joiner, byte-order mark / no-break).
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// Normalises text for comparison: the one function for both sides.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // A run of whitespace is one space, or one line feed when it holds a
    // blank line: a quotation never runs on over a paragraph's end.
    let mut pending_space = false;
    let mut newlines = 0;
    // NFC only where it can change something: ASCII is already NFC.
    let composed: std::borrow::Cow<'_, str> = if text.is_ascii() {
        text.into()
    } else {
        text.chars()
            .filter(|&c| !is_invisible(c))
            .nfc()
            .collect::<String>()
            .into()
    };
    for c in composed.chars() {
        let mapped: &str = match c {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '`' | '\u{00B4}' => {
                "'"
            }
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
            | '\u{00BB}' => "\"",
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
            | '\u{2212}' => "-",
            '\u{2026}' => "...",
            c if c.is_whitespace() => {
                pending_space = !out.is_empty();
                newlines += usize::from(c == '\n');
                continue;
            }
            c => {
                push_space(&mut out, &mut pending_space, &mut newlines);
                out.push(c);
                continue;
            }
        };
        push_space(&mut out, &mut pending_space, &mut newlines);
        out.push_str(mapped);
    }
    out
}

fn push_space(out: &mut String, pending: &mut bool, newlines: &mut usize) {
    if std::mem::take(pending) {
        out.push(if *newlines >= 2 { '\n' } else { ' ' });
    }
    *newlines = 0;
}

/// A source's archived text, normalised, with the spans that lie inside its
/// (double) quotation marks: “…”, "…", „…“, «…». Single quotation marks are
/// not read (in the archive they cannot be told from apostrophes).
#[derive(Debug, Clone)]
pub struct Archive {
    /// The archived text as read.
    pub raw: String,
    /// `raw` normalised (see [`normalise`]), as quotes are compared.
    pub text: String,
    /// Byte ranges of `text` between an opening and a closing mark.
    quoted: Vec<std::ops::Range<usize>>,
}

/// What the archive says about a quote (worst last).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Found {
    /// Inside quotation marks: the source quotes someone.
    Quoted,
    /// In the text, but only outside quotation marks: the source's own wording.
    Unquoted,
    /// Not in the text.
    Missing,
}

impl Archive {
    /// Reads `raw`: normalises it and finds its quoted spans.
    pub fn new(raw: String) -> Archive {
        let text = normalise(&raw);
        let mut quoted = Vec::new();
        let mut open: Option<usize> = None;
        for (i, byte) in text.bytes().enumerate() {
            match (byte, open) {
                (b'"', None) => open = Some(i + 1),
                (b'"', Some(start)) => {
                    quoted.push(start..i);
                    open = None;
                }
                // A paragraph's end closes a quotation left open.
                (b'\n', Some(start)) => {
                    quoted.push(start..i);
                    open = None;
                }
                _ => {}
            }
        }
        if let Some(start) = open {
            quoted.push(start..text.len());
        }
        Archive { raw, text, quoted }
    }

    /// Where `quote` lies in the archive: inside quotation marks anywhere
    /// wins. A quote of several paragraphs (a block quote) is as good as its
    /// worst paragraph.
    pub fn find(&self, quote: &str) -> Found {
        let quote = normalise(quote);
        let mut worst = None;
        for paragraph in quote.split('\n') {
            let paragraph = paragraph.trim_matches([' ', '"']);
            if !paragraph.is_empty() {
                worst = worst.max(Some(self.find_paragraph(paragraph)));
            }
        }
        worst.unwrap_or(Found::Missing)
    }

    fn find_paragraph(&self, quote: &str) -> Found {
        let mut found = Found::Missing;
        for (at, _) in self.text.match_indices(quote) {
            let end = at + quote.len();
            // Spans are sorted and apart: only the last to start by `at` can hold it.
            let before = self.quoted.partition_point(|span| span.start <= at);
            if before > 0 && end <= self.quoted[before - 1].end {
                return Found::Quoted;
            }
            found = Found::Unquoted;
        }
        found
    }
}

/// The passage of `archive` most like `quote`: same number of words, best edit similarity.
pub fn closest_passage(quote: &str, archive: &str) -> Option<(String, f64)> {
    let quote = normalise(quote);
    let words: Vec<&str> = archive.split_whitespace().collect();
    let width = quote.split_whitespace().count().max(1);
    if words.is_empty() {
        return None;
    }
    let mut best: Option<(String, f64)> = None;
    for start in 0..words.len().saturating_sub(width - 1).max(1) {
        let end = (start + width).min(words.len());
        let window = normalise(&words[start..end].join(" "));
        let score = strsim::normalized_levenshtein(&quote, &window);
        if best.as_ref().is_none_or(|(_, s)| score > *s) {
            best = Some((window, score));
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether `quote` is in the archive, inside quotation marks or not.
    fn matches(quote: &str, archive: &Archive) -> bool {
        archive.find(quote) != Found::Missing
    }

    const ARCHIVE: &str = "“Those guarantees will not be on the table forever,” one official told reporters.\nIt’s   a limited—time offer… really.";

    #[test]
    fn normalises_quotes_dashes_ellipses_and_whitespace() {
        assert_eq!(normalise("“It’s”  —\n ok…"), "\"It's\" - ok...");
        assert_eq!(normalise("  a \t b  "), "a b");
    }

    #[test]
    fn typographic_and_whitespace_variants_match() {
        let archive = Archive::new(ARCHIVE.into());
        assert!(matches(
            "Those guarantees will not be on the table forever",
            &archive
        ));
        assert!(matches("It's a limited-time offer...", &archive));
        assert!(matches("It’s a\nlimited–time offer", &archive));
    }

    #[test]
    fn changed_words_and_case_do_not_match() {
        let archive = Archive::new(ARCHIVE.into());
        assert!(!matches(
            "Those guarantees will not be on the table for ever",
            &archive
        ));
        assert!(!matches(
            "those guarantees will not be on the table forever",
            &archive
        ));
        assert!(!matches(
            "Those guarantees will never be on the table",
            &archive
        ));
        assert!(!matches("", &archive));
    }

    #[test]
    fn normalises_unicode_and_drops_invisible_characters() {
        // é composed and decomposed; a soft hyphen; each zero-width character.
        assert_eq!(
            normalise("Zelenskyy in Kyiv, caf\u{65}\u{301}"),
            "Zelenskyy in Kyiv, caf\u{e9}"
        );
        for hidden in [
            "\u{AD}", "\u{200B}", "\u{200C}", "\u{200D}", "\u{2060}", "\u{FEFF}",
        ] {
            assert_eq!(
                normalise(&format!("guar{hidden}antees")),
                "guarantees",
                "{hidden:?}"
            );
        }
        // A look-alike letter is no match: Cyrillic а is not Latin a.
        assert_ne!(normalise("tаble"), normalise("table"));
        assert_eq!(normalise("a\n\n b \n c"), "a\nb c");
    }

    #[test]
    fn matches_across_unicode_forms_both_ways() {
        let archive =
            Archive::new("He said “the caf\u{e9} is o\u{AD}pen” and “no\u{200B}thing”.".into());
        for quote in [
            "the caf\u{65}\u{301} is open",
            "the café is open",
            "the caf\u{e9} is o\u{AD}pen",
            "nothing",
            "no\u{2060}thing",
            "the\ncafé   is\topen",
        ] {
            assert_eq!(archive.find(quote), Found::Quoted, "{quote:?}");
        }
        for quote in [
            "the cafe is open",
            "the cafe\u{301}x",
            "nothing.",
            "tаble",
            "the café is\u{00A0}closed",
        ] {
            assert_eq!(archive.find(quote), Found::Missing, "{quote:?}");
        }
    }

    #[test]
    fn knows_words_inside_and_outside_quotation_marks() {
        let archive = Archive::new(
            "Officials said they had a deal similar to a guarantee. \"It is going well,\" one said.\n\n\
             \u{201C}Unclosed in one paragraph\n\nThe \u{201C}platinum standard\u{201D} and \u{AB}Kyiv\u{BB}, the report said."
                .into(),
        );
        for (quote, found) in [
            ("It is going well,", Found::Quoted),
            ("“It is going well”", Found::Quoted),
            ("going well", Found::Quoted),
            ("platinum standard", Found::Quoted),
            ("Kyiv", Found::Quoted),
            ("Unclosed in one paragraph", Found::Quoted),
            ("similar to a guarantee", Found::Unquoted),
            ("the report said", Found::Unquoted),
            // Running out of the quotation marks: not a quotation.
            ("going well,\" one said", Found::Unquoted),
            ("one said", Found::Unquoted),
            ("The platinum", Found::Missing),
            ("a deal similar to a promise", Found::Missing),
            ("", Found::Missing),
            ("\"\"", Found::Missing),
        ] {
            assert_eq!(archive.find(quote), found, "{quote:?}");
        }
        // Found both outside and inside: inside wins.
        let archive = Archive::new("A deal was close. “A deal was close,” he said.".into());
        assert_eq!(archive.find("A deal was close"), Found::Quoted);
    }

    #[test]
    fn finds_the_closest_passage() {
        let (passage, score) =
            closest_passage("guarantees will never be on the table", ARCHIVE).unwrap();
        assert!(
            passage.contains("guarantees will not be on the table"),
            "{passage}"
        );
        assert!(score > 0.6);
    }
}
