//! SVG files are kept as they are: whether a file is one, and the size its
//! root element declares.

/// Whether `bytes` read as an SVG document: after an optional byte order
/// mark, XML declaration, comments, processing instructions and doctype,
/// the first element is `<svg` (or a prefixed `<x:svg`).
pub(super) fn has_svg_root(bytes: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(&bytes[..bytes.len().min(64 * 1024)]).or_else(|e| {
        // A cut inside a character at the 64 KiB mark is fine.
        std::str::from_utf8(&bytes[..e.valid_up_to()]).map_err(|_| ())
    }) else {
        return false;
    };
    let mut rest = text.strip_prefix('\u{feff}').unwrap_or(text);
    loop {
        rest = rest.trim_start();
        let (open, close) = if rest.starts_with("<?") {
            ("<?", "?>")
        } else if rest.starts_with("<!--") {
            ("<!--", "-->")
        } else if rest.starts_with("<!") {
            ("<!", ">")
        } else {
            break;
        };
        let Some(end) = rest[open.len()..].find(close) else {
            return false;
        };
        rest = &rest[open.len() + end + close.len()..];
    }
    let Some(tag) = rest.strip_prefix('<') else {
        return false;
    };
    let name_end = tag
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .unwrap_or(tag.len());
    let name = &tag[..name_end];
    name == "svg"
        || name
            .rsplit_once(':')
            .is_some_and(|(_, local)| local == "svg")
}

/// The `width` and `height` an SVG's root element declares in pixels (or
/// without a unit), if it does.
pub(super) fn svg_size(bytes: &[u8]) -> (Option<u32>, Option<u32>) {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
    let Some(start) = text.find("<svg") else {
        return (None, None);
    };
    let tag = &text[start..];
    let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
    let attr = |name: &str| -> Option<u32> {
        let mut rest = tag;
        while let Some(at) = rest.find(name) {
            let before = rest[..at].chars().next_back();
            let after = &rest[at + name.len()..];
            rest = after;
            if !before.is_some_and(char::is_whitespace) {
                continue;
            }
            let after = after.trim_start().strip_prefix('=')?.trim_start();
            let quote = after.chars().next()?;
            let value = after[1..].split(quote).next()?;
            let value = value.trim().strip_suffix("px").unwrap_or(value.trim());
            return value
                .parse::<f64>()
                .ok()
                .filter(|v| *v >= 1.0)
                .map(|v| v.round() as u32);
        }
        None
    };
    match (attr("width"), attr("height")) {
        (Some(w), Some(h)) => (Some(w), Some(h)),
        _ => (None, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_svg_must_have_an_svg_root() {
        for good in [
            &b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>"[..],
            b"\xef\xbb\xbf<?xml version=\"1.0\"?>\n<!-- made by hand -->\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"x\">\n<svg>",
            b"<svg:svg xmlns:svg=\"http://www.w3.org/2000/svg\">",
        ] {
            assert!(has_svg_root(good), "{}", String::from_utf8_lossy(good));
        }
        for bad in [
            &b""[..],
            b"\x89PNG\r\n",
            b"<html><svg></svg></html>",
            b"not an image",
            b"<!-- never closed <svg>",
            b"<svgx>",
        ] {
            assert!(!has_svg_root(bad), "{}", String::from_utf8_lossy(bad));
        }
    }

    #[test]
    fn reads_an_svg_s_declared_size() {
        assert_eq!(
            svg_size(br#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 5" width="640" height="320px">"#),
            (Some(640), Some(320))
        );
        assert_eq!(
            svg_size(br#"<svg viewBox="0 0 10 5" stroke-width="2">"#),
            (None, None)
        );
        assert_eq!(svg_size(br#"<svg width="100%" height="4">"#), (None, None));
    }
}
