//! Responsive images (issue 15): every local raster image a page uses
//! (`![alt](x.jpg)`, the `figure` shortcode) is decoded once, resized to the
//! configured widths (never upscaled) and written in its own format and as
//! WebP; the page gets `<picture>` with `srcset`, `sizes`, `width` and
//! `height`. Results are cached by content hash and settings in a folder
//! outside the output (`[images] cache_dir`), so an unchanged image costs a
//! read and a hash on the next build; `serve` uses the same cache.
//!
//! Templates get `resize_image(path, width, height, op, format, quality)`,
//! modelled on Zola's, through the same cache.

use std::collections::{BTreeMap, HashMap};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use serde::{Deserialize, Serialize};

mod cache;
mod markup;
mod process;
mod resize;
mod svg;

use crate::config::ImageOptions;
pub use markup::markup;

/// Bumped when the processing changes, so that cached results are redone.
const CACHE_VERSION: u32 = 1;
/// The folder of the output the processed images go to.
pub const OUTPUT_FOLDER: &str = "processed-images";
/// Processed images after which a progress line appears (on a terminal).
const PROGRESS_AFTER: usize = 20;

/// Kinds of image the build knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Kind {
    /// JPEG (`.jpg`, `.jpeg`).
    Jpeg,
    /// PNG.
    Png,
    /// WebP; also the extra format resized variants are written in.
    Webp,
    /// Kept as it is (it may be animated): only its size is read.
    Gif,
    /// Kept as it is; its size if its root element declares one.
    Svg,
}

impl Kind {
    fn extension(self) -> &'static str {
        match self {
            Kind::Jpeg => "jpg",
            Kind::Png => "png",
            Kind::Webp => "webp",
            Kind::Gif => "gif",
            Kind::Svg => "svg",
        }
    }
    fn mime(self) -> &'static str {
        match self {
            Kind::Jpeg => "image/jpeg",
            Kind::Png => "image/png",
            Kind::Webp => "image/webp",
            Kind::Gif => "image/gif",
            Kind::Svg => "image/svg+xml",
        }
    }
    /// The kind a file name says, for files worth reading as images.
    pub fn of_name(name: &str) -> Option<Kind> {
        let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
        Some(match ext.as_str() {
            "jpg" | "jpeg" => Kind::Jpeg,
            "png" => Kind::Png,
            "webp" => Kind::Webp,
            "gif" => Kind::Gif,
            "svg" => Kind::Svg,
            _ => return None,
        })
    }
}

/// One written file of a processed image.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Variant {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Its format.
    pub kind: Kind,
    /// Path below the output root (`processed-images/map-1a2b…-800.jpg`).
    pub output: String,
    /// File name inside the cache entry.
    pub cached: String,
}

/// A local image as the pages show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Processed {
    /// The source file's format.
    pub kind: Kind,
    /// Size of the largest variant (or of the file, when kept as it is).
    pub width: Option<u32>,
    /// Height in pixels, as `width`.
    pub height: Option<u32>,
    /// Resized variants, narrowest first, original format then WebP; empty
    /// for images kept as they are (GIF, SVG).
    pub variants: Vec<Variant>,
    /// The cache entry's folder.
    #[serde(skip)]
    pub folder: PathBuf,
}

impl Processed {
    fn of(&self, kind: Kind) -> Vec<&Variant> {
        self.variants.iter().filter(|v| v.kind == kind).collect()
    }
}

/// Where the source image of a page is, and how the page names it.
#[derive(Debug, Clone)]
pub struct Source {
    /// The file on disk.
    pub path: PathBuf,
    /// As errors name it (`content/a/map.jpg`).
    pub display: String,
}

/// Results by key, each made once: pages that need one being made wait.
type Memo<T> = Mutex<HashMap<String, Arc<OnceLock<Result<T, String>>>>>;

/// The processor: one per build, shared by the pages rendered in parallel.
pub struct Images {
    options: ImageOptions,
    cache: PathBuf,
    memo: Memo<Arc<Processed>>,
    resized: Memo<Resized>,
    /// Output path → cached file, for every file pages use.
    outputs: Mutex<BTreeMap<String, PathBuf>>,
    processed: AtomicUsize,
    reused: AtomicUsize,
    progress: bool,
    /// The progress line, once more than [`PROGRESS_AFTER`] were processed.
    bar: OnceLock<indicatif::ProgressBar>,
}

impl std::fmt::Debug for Images {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Images")
            .field("cache", &self.cache)
            .finish_non_exhaustive()
    }
}

impl Default for Images {
    fn default() -> Self {
        Images::new(
            ImageOptions::default(),
            PathBuf::from(".briefing-cache/images"),
            false,
        )
    }
}

/// A template's `resize_image`, as it returns it.
#[derive(Debug, Clone, Serialize)]
pub struct Resized {
    /// Full URL of the result, below the base URL.
    pub url: String,
    /// Path of the result below the output root, in `processed-images/`.
    pub static_path: String,
    /// Width of the result in pixels.
    pub width: u32,
    /// Height of the result in pixels.
    pub height: u32,
    /// Width of the source file in pixels.
    pub orig_width: u32,
    /// Height of the source file in pixels.
    pub orig_height: u32,
}

/// How `resize_image` fits an image into `width` × `height` (Zola's ops).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// Exactly width × height, ignoring the ratio.
    Scale,
    /// To `width`, keeping the ratio; never larger.
    FitWidth,
    /// To `height`, keeping the ratio; never larger.
    FitHeight,
    /// Within width × height, keeping the ratio.
    Fit,
    /// Exactly width × height, keeping the ratio by cropping the middle.
    Fill,
}

impl Op {
    /// The op a template names (`scale`, `fit_width`, `fit_height`, `fit`,
    /// `fill`); None for another word.
    pub fn parse(text: &str) -> Option<Op> {
        Some(match text {
            "scale" => Op::Scale,
            "fit_width" => Op::FitWidth,
            "fit_height" => Op::FitHeight,
            "fit" => Op::Fit,
            "fill" => Op::Fill,
            _ => return None,
        })
    }
}

/// What a template's `resize_image` asks for: the size, how to fit the
/// image into it, and the output's format and quality (`None`: the
/// source's format, the configured quality).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResizeRequest {
    /// Target width in pixels; which ops need it: see [`Op`].
    pub width: Option<u32>,
    /// Target height in pixels.
    pub height: Option<u32>,
    /// How to fit the image into the size.
    pub op: Op,
    /// The output's format.
    pub format: Option<Kind>,
    /// JPEG and WebP quality, 1 to 100.
    pub quality: Option<u8>,
}

impl Images {
    /// `progress`: show a progress line on stderr when many images are
    /// processed (and stderr is a terminal).
    pub fn new(options: ImageOptions, cache: PathBuf, progress: bool) -> Images {
        Images {
            options,
            cache,
            memo: Mutex::new(HashMap::new()),
            resized: Mutex::new(HashMap::new()),
            outputs: Mutex::new(BTreeMap::new()),
            processed: AtomicUsize::new(0),
            reused: AtomicUsize::new(0),
            progress: progress && std::io::stderr().is_terminal(),
            bar: OnceLock::new(),
        }
    }

    /// The `[images]` settings it was made with.
    pub fn options(&self) -> &ImageOptions {
        &self.options
    }

    /// Images processed by this build (not found in the cache).
    pub fn processed(&self) -> usize {
        self.processed.load(Ordering::Relaxed)
    }

    /// Images taken from the cache by this build.
    pub fn reused(&self) -> usize {
        self.reused.load(Ordering::Relaxed)
    }

    /// Every processed file the pages use: output path → cached file.
    pub fn outputs(&self) -> BTreeMap<String, PathBuf> {
        lock(&self.outputs).clone()
    }

    /// Forgets what this build knows of `file` (below the site root,
    /// `content/a/x.jpg`), edited under `serve`.
    pub fn forget(&self, file: &str) {
        lock(&self.memo).remove(file);
        lock(&self.resized).retain(|key, _| !key.starts_with(&format!("{file}\0")));
    }

    /// Whether a template's `resize_image` read `path` in this build.
    pub fn resized_by_templates(&self, file: &str) -> bool {
        let prefix = format!("{file}\0");
        lock(&self.resized)
            .keys()
            .any(|key| key.starts_with(&prefix))
    }

    /// The processed image at `source`, from the cache or made now. Pages
    /// that use the same image wait for the first to finish it.
    pub fn get(&self, source: &Source) -> Result<Arc<Processed>, String> {
        let cell = lock(&self.memo)
            .entry(source.display.clone())
            .or_default()
            .clone();
        cell.get_or_init(|| self.load_or_make(source).map(Arc::new))
            .clone()
    }

    /// Counts one image processed (not from the cache), and shows the progress
    /// line once more than [`PROGRESS_AFTER`] were.
    pub(super) fn count_processed(&self) {
        let done = self.processed.fetch_add(1, Ordering::Relaxed) + 1;
        if self.progress && done > PROGRESS_AFTER {
            let bar = self.bar.get_or_init(|| {
                let bar = indicatif::ProgressBar::new_spinner().with_style(
                    indicatif::ProgressStyle::with_template("{spinner} {pos} images processed")
                        .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
                );
                bar.enable_steady_tick(std::time::Duration::from_millis(120));
                bar
            });
            bar.set_position(done as u64);
        }
    }

    /// Ends the progress line, if one was shown.
    pub fn finish_progress(&self) {
        if let Some(bar) = self.bar.get() {
            bar.finish_and_clear();
        }
    }

    /// Records the output files of `processed` (output path → cached file), to
    /// be written with the site.
    pub(super) fn register(&self, processed: &Processed) {
        let mut outputs = lock(&self.outputs);
        for variant in &processed.variants {
            outputs.insert(
                variant.output.clone(),
                processed.folder.join(&variant.cached),
            );
        }
    }
}

/// Locks `mutex`, going on with its data when another thread panicked holding
/// it.
pub(super) fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// `bytes` in lowercase hexadecimal.
pub(super) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
