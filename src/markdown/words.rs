//! Word counts: the words of a body's text, counted branch-free over bytes
//! (this runs over every character of the site).

use super::pass::Pass;

/// ASCII whitespace as `u8::is_ascii_whitespace` has it (space, tab, line
/// feed, form feed, carriage return), without branches.
pub(super) fn is_space(byte: u8) -> bool {
    (byte == b' ') | ((byte.wrapping_sub(b'\t') < 5) & (byte != 0x0b))
}

/// How many words start after the first byte of `bytes`: positions where a
/// non-space follows a space. This runs over every character of the site, so
/// it is written for the vectorizer: byte pairs compared branch-free, counted
/// in byte-wide lanes over runs of at most 255 pairs (which cannot overflow).
fn word_starts_after_first(bytes: &[u8]) -> usize {
    let mut total = 0;
    let mut start = 1;
    while start < bytes.len() {
        let end = (start + 255).min(bytes.len());
        let before = &bytes[start - 1..end - 1];
        let after = &bytes[start..end];
        let run: u8 = before
            .iter()
            .zip(after)
            .map(|(&b, &a)| u8::from(is_space(b) & !is_space(a)))
            .fold(0, u8::wrapping_add);
        total += usize::from(run);
        start = end;
    }
    total
}

impl Pass {
    /// Counts words across consecutive text events (smart punctuation splits
    /// "they’ve" into two events; it is still one word).
    pub(super) fn count_words(&mut self, text: &str) {
        let bytes = text.as_bytes();
        let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
            return;
        };
        let first_starts = !self.in_word & !is_space(first);
        self.rendered.word_count += usize::from(first_starts) + word_starts_after_first(bytes);
        self.in_word = !is_space(last);
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{md, random};
    use super::{Pass, is_space};

    #[test]
    fn sees_whitespace_as_the_standard_library_does() {
        for byte in 0..=u8::MAX {
            assert_eq!(is_space(byte), byte.is_ascii_whitespace(), "byte {byte:#x}");
        }
    }

    #[test]
    fn counts_words_in_long_texts_split_anywhere() {
        // Texts longer than the 64-byte blocks, cut into pieces at every
        // kind of boundary, against the standard library's word split.
        let alphabet = [" ", "a", "\n", "é", "\t", "bc", "  ", "\u{b}"];
        let mut next = random(7);
        for _ in 0..300 {
            let text: String = (0..next(400))
                .map(|_| alphabet[next(alphabet.len())])
                .collect();
            let mut pass = Pass::default();
            let mut rest = text.as_str();
            while !rest.is_empty() {
                let mut cut = next(rest.len() + 1).max(1);
                while !rest.is_char_boundary(cut) {
                    cut += 1;
                }
                pass.count_words(&rest[..cut]);
                rest = &rest[cut..];
            }
            let expected = text.split_ascii_whitespace().count();
            assert_eq!(pass.rendered.word_count, expected, "{text:?}");
        }
    }

    #[test]
    fn counts_words_across_text_events_and_odd_spacing() {
        for (text, words) in [
            ("", 0),
            ("one", 1),
            ("  one  two\tthree\r\nfour  ", 4),
            ("a b c d e f g h i j k l m n o p q r s t u v w x y z", 26),
            ("x\u{b}y", 1),
        ] {
            assert_eq!(md(text).word_count, words, "{text:?}");
        }
    }

    #[test]
    fn counts_words_split_by_smart_punctuation_once() {
        assert_eq!(md("They've said *it* twice.\nNew line").word_count, 6);
    }

    #[test]
    fn can_count_words_and_keep_footnotes_and_tables() {
        let r = md("One two three.[^1]\n\n[^1]: Four.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
        assert!(r.word_count >= 4);
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("footnote-definition"));
    }
}
