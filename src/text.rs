//! Reading the text files a user writes (Markdown, templates, `site.toml`, the
//! sources file, archived source texts): every one goes through [`decode`], so
//! they all accept the same things. A UTF-8 byte-order mark is dropped (it never
//! reaches the output), CRLF line endings become LF, and bytes that are not UTF-8
//! are an error at the line and column of the first bad byte; a UTF-16 file
//! (a UTF-16 byte-order mark, or NUL bytes near the start) is one error saying
//! so. [`is_blank`] is the one test of "this text has no visible words".

use std::path::Path;
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Location, io_error};

/// The UTF-8 byte-order mark, as editors on Windows write it.
pub const BOM: char = '\u{feff}';

/// Reads the file at `path` as text (see [`decode`]); `shown_as` is the path
/// named in messages. An I/O failure is an error naming the file.
pub fn read(path: &Path, shown_as: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| io_error("read", shown_as, &e))?;
    decode(shown_as, bytes)
}

/// Turns a user file's bytes into text: UTF-8 required, a leading BOM
/// removed, CRLF (and a lone CR) turned into LF. A byte that is not UTF-8 is an
/// error at its line and column in `shown_as`.
pub fn decode(shown_as: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    if is_utf16(&bytes) {
        return Err(Diagnostic::error("the file is UTF-16; save it as UTF-8")
            .in_file(shown_as)
            .hint(
                "in the editor's save dialog choose the encoding UTF-8 (not UTF-16 or \"Unicode\")",
            ));
    }
    let mut text = String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let lossy: Arc<str> = Arc::from(String::from_utf8_lossy(e.as_bytes()).as_ref());
        let prefix_len = String::from_utf8_lossy(&e.as_bytes()[..valid]).len();
        Diagnostic::error(format!(
            "the file is not valid UTF-8 (bad byte at offset {valid})"
        ))
        .at(Location::at_offset(shown_as, &lossy, prefix_len))
        .hint("save the file as UTF-8")
    })?;
    if text.starts_with(BOM) {
        text.drain(..BOM.len_utf8());
    }
    if memchr::memchr(b'\r', text.as_bytes()).is_some() {
        text = text.replace("\r\n", "\n").replace('\r', "\n");
    }
    Ok(text)
}

/// A warning for each line of `text` (a file's text after [`decode`], shown
/// as `path`) that holds a U+FEFF: past the file's start it is no byte-order
/// mark but an invisible zero-width no-break space, nearly always left by
/// pasting or joining files, and it would reach the output.
pub fn stray_bom_warnings(path: &Path, text: &Arc<str>) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    // One search over the whole text (nearly always finding nothing), then
    // one warning per line that holds a U+FEFF.
    let mut warned_line_end = 0;
    for at in memchr::memmem::find_iter(text.as_bytes(), "\u{feff}".as_bytes()) {
        if at < warned_line_end {
            continue;
        }
        warned_line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
        warnings.push(
            Diagnostic::warning(
                "an invisible U+FEFF (zero-width no-break space), likely from pasted or joined files",
            )
            .at(Location::at_offset(path, text, at))
            .hint("delete it: it is invisible in most editors (search for \\uFEFF), and it would reach the page"),
        );
    }
    warnings
}

/// Whether `bytes` look like UTF-16: a UTF-16 byte-order mark (`FF FE` or
/// `FE FF`), or a NUL byte among the first 64 bytes (UTF-16 writes one beside
/// every ASCII character; no text file a user writes holds NUL).
fn is_utf16(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xFF, 0xFE])
        || bytes.starts_with(&[0xFE, 0xFF])
        || bytes.iter().take(64).any(|&b| b == 0)
}

/// Whether `text` has nothing a reader can see: it is empty, or made only of
/// whitespace and invisible characters, that is Unicode format characters
/// (General_Category Cf: zero-width space U+200B, joiners, word joiner U+2060,
/// soft hyphen U+00AD, U+FEFF, bidi controls…) and the other
/// Default_Ignorable_Code_Points (variation selectors, combining grapheme
/// joiner, Hangul fillers, tags). Every check of required text uses it.
pub fn is_blank(text: &str) -> bool {
    text.chars().all(is_invisible)
}

/// Whitespace, a format character (Cf) or a Default_Ignorable_Code_Point.
pub fn is_invisible(c: char) -> bool {
    use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};
    c.is_whitespace()
        || c.general_category() == GeneralCategory::Format
        // Default_Ignorable_Code_Point (Unicode DerivedCoreProperties) less
        // its Cf members, which the line above covers.
        || matches!(c,
            '\u{034F}' | '\u{115F}'..='\u{1160}' | '\u{17B4}'..='\u{17B5}'
            | '\u{180B}'..='\u{180F}' | '\u{2060}'..='\u{206F}' | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}' | '\u{FFA0}' | '\u{FFF0}'..='\u{FFF8}'
            | '\u{E0000}'..='\u{E0FFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(bytes: &[u8]) -> Result<String, Diagnostic> {
        decode(Path::new("a.md"), bytes.to_vec())
    }

    #[test]
    fn drops_the_bom_and_normalises_line_endings() {
        assert_eq!(decoded(b"\xEF\xBB\xBFa\r\nb\r\n").unwrap(), "a\nb\n");
        assert_eq!(decoded(b"a\rb\n\r\n").unwrap(), "a\nb\n\n");
        assert_eq!(decoded(b"plain\n").unwrap(), "plain\n");
        assert_eq!(decoded(b"").unwrap(), "");
        assert_eq!(decoded(b"\xEF\xBB\xBF").unwrap(), "");
    }

    #[test]
    fn keeps_a_bom_that_is_not_at_the_start() {
        // Only a leading BOM is a byte-order mark; inside the text it is a
        // zero-width no-break space the writer put there.
        assert_eq!(decoded("a\u{feff}b".as_bytes()).unwrap(), "a\u{feff}b");
    }

    #[test]
    fn errors_on_non_utf8_at_its_line_and_column() {
        let error = decoded(b"---\ntitle: caf\xE9\n---\n").unwrap_err();
        let at = error.location.unwrap();
        assert_eq!((at.line, at.column), (2, 11));
        assert!(
            error.message.contains("not valid UTF-8"),
            "{}",
            error.message
        );
        assert_eq!(error.hint.as_deref(), Some("save the file as UTF-8"));
    }

    #[test]
    fn blank_means_nothing_visible() {
        let blank = [
            "",
            " ",
            "\t\n",
            "\u{200b}",
            "\u{feff}",
            "\u{2060}\u{200d}",
            "\u{00ad}",
            " \u{200b} ",
            "\u{200c}\u{200e}\u{200f}",
            "\u{202e}",
            "\u{2066}",
            "\u{3000}",
            "\u{00a0}",
            "\u{034f}",
            "\u{fe0f}",
            "\u{3164}",
            "\u{e0041}",
            "\u{180e}",
            "\u{2028}",
            "\u{1160}",
        ];
        for text in blank {
            assert!(is_blank(text), "{text:?} is blank");
        }
        let visible = [
            "a",
            " a ",
            "\u{200b}x",
            "é",
            "e\u{301}",
            "—",
            "·",
            "\u{2014}",
            "日本",
            "\u{1f600}",
            "0",
            "_",
            "~",
        ];
        for text in visible {
            assert!(!is_blank(text), "{text:?} is not blank");
        }
    }

    #[test]
    fn warns_about_each_line_with_a_stray_bom() {
        let text: Arc<str> =
            Arc::from("---\ntitle: A\n---\n\u{feff}Body\nok\nx \u{feff}y\u{feff}\n");
        let warnings = stray_bom_warnings(Path::new("a.md"), &text);
        let at: Vec<(usize, usize)> = warnings
            .iter()
            .map(|w| w.location.as_ref().map_or((0, 0), |l| (l.line, l.column)))
            .collect();
        assert_eq!(at, [(4, 1), (6, 3)]);
        assert!(warnings[0].message.contains("U+FEFF"));
        let clean: Arc<str> = Arc::from("no mark\n");
        assert!(stray_bom_warnings(Path::new("a.md"), &clean).is_empty());
    }

    #[test]
    fn refuses_utf16_with_one_error() {
        let utf16le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(
                "---\ntitle: a\n---\n"
                    .encode_utf16()
                    .flat_map(u16::to_le_bytes),
            )
            .collect();
        let utf16be_no_bom: Vec<u8> = "---\ntitle: a\n---\n"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        for bytes in [utf16le, utf16be_no_bom, vec![0xFE, 0xFF, 0, b'a']] {
            let error = decoded(&bytes).unwrap_err();
            assert_eq!(error.message, "the file is UTF-16; save it as UTF-8");
        }
        assert!(decoded(b"\xFF").is_err());
        assert!(decoded("no NUL here".as_bytes()).is_ok());
    }

    #[test]
    fn reading_a_missing_file_names_it() {
        let error = read(Path::new("/no/such/file.md"), Path::new("file.md")).unwrap_err();
        assert!(
            error.message.contains("could not read file.md"),
            "{}",
            error.message
        );
    }
}
