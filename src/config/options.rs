//! The option tables of site.toml that need no resolving: `[markdown]`,
//! `[search]` and `[images]`, each with its defaults.

use serde::{Deserialize, Serialize};

/// `[search]`: the Pagefind search index and the `/search/` page (issue 17).
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct SearchOptions {
    /// On by default; `enabled = false` writes no index, no `/search/` page
    /// and no navigation link.
    pub enabled: bool,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions { enabled: true }
    }
}

/// Markdown extensions, all on by default.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct MarkdownOptions {
    /// Curly quotes, dashes and ellipses from ASCII (`"`, `--`, `...`).
    pub smart_punctuation: bool,
    /// `[^1]` footnotes.
    pub footnotes: bool,
    /// GFM tables.
    pub tables: bool,
    /// GFM `~~strikethrough~~`.
    pub strikethrough: bool,
    /// GFM task lists (`- [x]`).
    pub tasklists: bool,
    /// `# Heading {#id .class}` attributes.
    pub heading_attributes: bool,
}

impl Default for MarkdownOptions {
    fn default() -> Self {
        MarkdownOptions {
            smart_punctuation: true,
            footnotes: true,
            tables: true,
            strikethrough: true,
            tasklists: true,
            heading_attributes: true,
        }
    }
}

/// `[images]` in site.toml.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct ImageOptions {
    /// Widths of the resized variants, in pixels; an image is never upscaled.
    pub widths: Vec<u32>,
    /// JPEG and lossy WebP quality, 1 to 100.
    pub quality: u8,
    /// Write a WebP variant beside each variant in the original format.
    pub webp: bool,
    /// The `sizes` attribute: how wide the image is shown.
    pub sizes: String,
    /// The cache folder, relative to the site root.
    pub cache_dir: String,
}

impl Default for ImageOptions {
    fn default() -> Self {
        ImageOptions {
            widths: vec![480, 800, 1200, 1600],
            quality: 80,
            webp: true,
            // The default theme's column: 46rem less 1rem of padding a side.
            sizes: "(min-width: 46rem) 44rem, calc(100vw - 2rem)".into(),
            cache_dir: ".briefing-cache/images".into(),
        }
    }
}

impl ImageOptions {
    /// What is wrong with the settings, if anything: the key of `[images]`
    /// at fault and the message.
    pub fn problem(&self) -> Option<(&'static str, String)> {
        if self.widths.is_empty() {
            return Some((
                "widths",
                "[images] widths must list at least one width".into(),
            ));
        }
        if let Some(w) = self.widths.iter().find(|&&w| w == 0 || w > 10_000) {
            return Some((
                "widths",
                format!("[images] widths: {w} is not a width (1 to 10000 pixels)"),
            ));
        }
        if let Some(w) = self
            .widths
            .iter()
            .enumerate()
            .find_map(|(i, w)| self.widths[..i].contains(w).then_some(w))
        {
            return Some((
                "widths",
                format!(
                    "[images] widths: {w} is listed twice (each width makes one variant; list it once)"
                ),
            ));
        }
        if !(1..=100).contains(&self.quality) {
            return Some((
                "quality",
                format!("[images] quality must be 1 to 100, not {}", self.quality),
            ));
        }
        if crate::text::is_blank(&self.sizes) {
            return Some((
                "sizes",
                "[images] sizes is blank: it says how wide images are shown, e.g. sizes = \"(min-width: 46rem) 44rem, calc(100vw - 2rem)\" (leave it out for the default theme's column)"
                    .into(),
            ));
        }
        if self.cache_dir.trim().is_empty() {
            return Some(("cache_dir", "[images] cache_dir must name a folder".into()));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_problems_are_specific() {
        let with = |f: fn(&mut ImageOptions)| {
            let mut o = ImageOptions::default();
            f(&mut o);
            o.problem()
        };
        assert_eq!(with(|_| {}), None);
        for (change, key, says) in [
            (
                (|o: &mut ImageOptions| o.widths = vec![800, 480, 800]) as fn(&mut ImageOptions),
                "widths",
                "800 is listed twice",
            ),
            (|o| o.sizes = " ".into(), "sizes", "sizes is blank"),
            (|o| o.sizes = String::new(), "sizes", "sizes is blank"),
            (|o| o.widths = vec![], "widths", "at least one width"),
            (|o| o.widths = vec![0], "widths", "0 is not a width"),
            (
                |o| o.quality = 0,
                "quality",
                "quality must be 1 to 100, not 0",
            ),
        ] {
            let (at, message) = with(change).unwrap();
            assert_eq!(at, key, "{message}");
            assert!(message.contains(says), "{message}");
        }
    }
}
