//! The HTML of an image on a page.

use super::{Kind, Processed, Variant};
use crate::config::ImageOptions;

/// The HTML of an image on a page: `<picture>` with the WebP and original
/// variants for a processed image, a plain `<img>` otherwise (remote, SVG,
/// GIF). The first image of a page is neither lazy nor async: it is often
/// what readers see first.
pub fn markup(
    processed: Option<&Processed>,
    src: &str,
    alt: &str,
    title: Option<&str>,
    first: bool,
    options: &ImageOptions,
    base_url: &str,
) -> String {
    let esc = |text: &str| crate::html::escape(text).into_owned();
    let mut attrs = String::new();
    let mut img_src = src.to_string();
    let mut sources = String::new();
    if let Some(p) = processed {
        let own = p.of(p.kind);
        let srcset = |variants: &[&Variant]| {
            variants
                .iter()
                .map(|v| format!("{} {}w", esc(&format!("{base_url}{}", v.output)), v.width))
                .collect::<Vec<_>>()
                .join(", ")
        };
        if let Some(largest) = own.last() {
            img_src = format!("{base_url}{}", largest.output);
            if own.len() > 1 {
                attrs.push_str(&format!(
                    " srcset=\"{}\" sizes=\"{}\"",
                    srcset(&own),
                    esc(&options.sizes)
                ));
            }
        }
        let webp = p.of(Kind::Webp);
        if p.kind != Kind::Webp && !webp.is_empty() {
            sources = format!(
                "<source type=\"{}\" srcset=\"{}\" sizes=\"{}\">",
                Kind::Webp.mime(),
                srcset(&webp),
                esc(&options.sizes)
            );
        }
        if let (Some(w), Some(h)) = (p.width, p.height) {
            attrs.push_str(&format!(" width=\"{w}\" height=\"{h}\""));
        }
    }
    let title = title
        .filter(|t| !t.is_empty())
        .map(|t| format!(" title=\"{}\"", esc(t)))
        .unwrap_or_default();
    let lazy = if first {
        ""
    } else {
        " loading=\"lazy\" decoding=\"async\""
    };
    let img = format!(
        "<img src=\"{}\" alt=\"{}\"{title}{attrs}{lazy}>",
        esc(&img_src),
        esc(alt)
    );
    if sources.is_empty() {
        img
    } else {
        format!("<picture>{sources}{img}</picture>")
    }
}
