//! `briefing build --minify`: smaller HTML and CSS, same rendering.
//!
//! HTML goes through lol_html (already used for portable links): comments are
//! dropped and every run of whitespace in text collapses to one character (a
//! newline if the run held one, else a space), outside `<pre>`, `<textarea>`,
//! `<script>` and `<style>`. Collapsing, rather than removing, keeps inline
//! spacing exactly as the browser would render it, and keeping newlines keeps
//! line numbers in `briefing check` reports useful. CSS goes through the
//! `minifier` crate (the one rustdoc uses; no dependencies). Both are pure
//! functions of their input, so minified builds stay byte-for-byte reproducible.
//!
//! The heavier minify-html was considered: it pulls lightningcss and the oxc
//! JavaScript toolchain (about 200 crates), too much for two cores.

use std::cell::Cell;
use std::rc::Rc;

use lol_html::html_content::TextType;
use lol_html::{RewriteStrSettings, doc_comments, doc_text, element, rewrite_str};

/// Bytes before and after minification, for the build summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Savings {
    /// HTML and CSS files minified.
    pub files: usize,
    /// Their total size before, in bytes.
    pub before: usize,
    /// Their total size after, in bytes.
    pub after: usize,
}

/// `minified 42 HTML and CSS files: 512.0 KB → 430.1 KB (−16%)`.
pub fn describe(savings: Savings) -> String {
    let kb = |bytes: usize| bytes as f64 / 1024.0;
    let percent = if savings.before == 0 {
        0.0
    } else {
        100.0 * (savings.before - savings.after.min(savings.before)) as f64 / savings.before as f64
    };
    format!(
        "minified {} HTML and CSS files: {:.1} KB → {:.1} KB (−{percent:.0}%)",
        savings.files,
        kb(savings.before),
        kb(savings.after)
    )
}

/// Minifies a stylesheet.
pub fn minify_css(css: &str) -> Result<String, String> {
    let minified = minifier::css::minify(css).map_err(str::to_string)?;
    let mut out = minified.to_string();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    Ok(out)
}

/// Minifies an HTML page: drops comments and collapses whitespace in text.
pub fn minify_html(html: &str) -> Result<String, String> {
    // Depth of open <pre> elements: their whitespace is content.
    let preformatted = Rc::new(Cell::new(0usize));
    let on_open = Rc::clone(&preformatted);
    let in_text = Rc::clone(&preformatted);
    rewrite_str(
        html,
        RewriteStrSettings::new()
            .append_element_content_handler(element!("pre", move |el| {
                on_open.set(on_open.get() + 1);
                let on_close = Rc::clone(&on_open);
                let close: lol_html::EndTagHandler<'static> = Box::new(move |_| {
                    on_close.set(on_close.get().saturating_sub(1));
                    Ok(())
                });
                if let Some(handlers) = el.end_tag_handlers() {
                    handlers.push(close);
                }
                Ok(())
            }))
            .append_document_content_handler(doc_comments!(|comment| {
                comment.remove();
                Ok(())
            }))
            .append_document_content_handler(doc_text!(move |text| {
                if text.text_type() == TextType::Data && in_text.get() == 0 {
                    let collapsed = collapse_whitespace(text.as_str());
                    if collapsed.len() != text.as_str().len() {
                        text.set_str(collapsed);
                    }
                }
                Ok(())
            })),
    )
    .map_err(|e| e.to_string())
}

/// Each run of HTML whitespace becomes `\n` if it held a line break, else one space.
fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run: Option<bool> = None;
    for c in text.chars() {
        if matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0c') {
            let newline = c == '\n' || c == '\r';
            run = Some(run.unwrap_or(false) || newline);
            continue;
        }
        if let Some(newline) = run.take() {
            out.push(if newline { '\n' } else { ' ' });
        }
        out.push(c);
    }
    if let Some(newline) = run {
        out.push(if newline { '\n' } else { ' ' });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapses_whitespace_but_keeps_pre_script_and_textarea() {
        let html = "<ul>\n    <li>a  b</li>\n    <li>c</li>\n</ul>\n<!-- note -->\n<pre>  x\n    y</pre>\n<script>var  a =  1;</script>\n<textarea>  t  </textarea>\n<p>x &amp;  y</p>";
        let out = minify_html(html).unwrap();
        assert_eq!(
            out,
            "<ul>\n<li>a b</li>\n<li>c</li>\n</ul>\n\n<pre>  x\n    y</pre>\n<script>var  a =  1;</script>\n<textarea>  t  </textarea>\n<p>x &amp; y</p>"
        );
    }

    #[test]
    fn minifies_css_deterministically() {
        let css = "body {\n  color: red;\n  /* comment */\n  margin: 0 auto;\n}\n";
        let out = minify_css(css).unwrap();
        assert!(out.len() < css.len(), "{out}");
        assert!(!out.contains("comment"), "{out}");
        assert_eq!(out, minify_css(css).unwrap());
    }
}
