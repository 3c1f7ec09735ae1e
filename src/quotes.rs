//! Quote verification: a quote matches its source when it appears in the
//! archived text after normalising typographic quotes and apostrophes, dashes,
//! ellipses and whitespace. Case is not normalised: a changed capital is a
//! changed quote. On a mismatch, the closest passage is found for the message.

/// Normalises text for comparison.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
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
                continue;
            }
            _ => {
                if pending_space {
                    out.push(' ');
                    pending_space = false;
                }
                out.push(c);
                continue;
            }
        };
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push_str(mapped);
    }
    out
}

/// Whether `quote` appears in `archive`, both normalised.
pub fn matches(quote: &str, normalised_archive: &str) -> bool {
    let quote = normalise(quote);
    !quote.is_empty() && normalised_archive.contains(&quote)
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

    const ARCHIVE: &str = "“Those guarantees will not be on the table forever,” one official told reporters.\nIt’s   a limited—time offer… really.";

    #[test]
    fn normalises_quotes_dashes_ellipses_and_whitespace() {
        assert_eq!(normalise("“It’s”  —\n ok…"), "\"It's\" - ok...");
        assert_eq!(normalise("  a \t b  "), "a b");
    }

    #[test]
    fn typographic_and_whitespace_variants_match() {
        let archive = normalise(ARCHIVE);
        assert!(matches(
            "Those guarantees will not be on the table forever",
            &archive
        ));
        assert!(matches("It's a limited-time offer...", &archive));
        assert!(matches("It’s a\nlimited–time offer", &archive));
    }

    #[test]
    fn changed_words_and_case_do_not_match() {
        let archive = normalise(ARCHIVE);
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
