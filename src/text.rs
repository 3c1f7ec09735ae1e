//! Reading the text files a user writes (Markdown, templates, `site.toml`, the
//! sources file, archived source texts): every one goes through [`decode`], so
//! they all accept the same things. A UTF-8 byte-order mark is dropped (it never
//! reaches the output), CRLF line endings become LF, and bytes that are not UTF-8
//! are an error at the line and column of the first bad byte.

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
    if text.contains('\r') {
        text = text.replace("\r\n", "\n").replace('\r', "\n");
    }
    Ok(text)
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
    fn reading_a_missing_file_names_it() {
        let error = read(Path::new("/no/such/file.md"), Path::new("file.md")).unwrap_err();
        assert!(
            error.message.contains("could not read file.md"),
            "{}",
            error.message
        );
    }
}
