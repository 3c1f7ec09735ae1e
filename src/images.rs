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
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, imageops::FilterType};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Bumped when the processing changes, so that cached results are redone.
const CACHE_VERSION: u32 = 1;
/// The folder of the output the processed images go to.
pub const OUTPUT_FOLDER: &str = "processed-images";
/// Processed images after which a progress line appears (on a terminal).
const PROGRESS_AFTER: usize = 20;

pub use crate::config::ImageOptions; // SHIM(merge): old path for src/markdown.rs, remove after merge

/// Kinds of image the build knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Kind {
    Jpeg,
    Png,
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
    pub width: u32,
    pub height: u32,
    pub kind: Kind,
    /// Path below the output root (`processed-images/map-1a2b…-800.jpg`).
    pub output: String,
    /// File name inside the cache entry.
    pub cached: String,
}

/// A local image as the pages show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Processed {
    pub kind: Kind,
    /// Size of the largest variant (or of the file, when kept as it is).
    pub width: Option<u32>,
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
    pub url: String,
    pub static_path: String,
    pub width: u32,
    pub height: u32,
    pub orig_width: u32,
    pub orig_height: u32,
}

/// How `resize_image` fits an image into `width` × `height` (Zola's ops).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// Exactly width × height, ignoring the ratio.
    Scale,
    FitWidth,
    FitHeight,
    /// Within width × height, keeping the ratio.
    Fit,
    /// Exactly width × height, keeping the ratio by cropping the middle.
    Fill,
}

impl Op {
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

    fn settings(&self) -> String {
        let o = &self.options;
        format!(
            "v{CACHE_VERSION} widths={:?} quality={} webp={}",
            o.widths, o.quality, o.webp
        )
    }

    fn load_or_make(&self, source: &Source) -> Result<Processed, String> {
        let kind = Kind::of_name(&source.display)
            .ok_or_else(|| format!("{} is not an image briefing reads", source.display))?;
        let bytes = std::fs::read(&source.path)
            .map_err(|e| format!("cannot read image {}: {e}", source.display))?;
        if kind == Kind::Svg {
            if !has_svg_root(&bytes) {
                return Err(format!(
                    "cannot read image {} as SVG: its first element is not <svg>",
                    source.display
                ));
            }
            let (width, height) = svg_size(&bytes);
            return Ok(Processed {
                kind,
                width,
                height,
                variants: Vec::new(),
                folder: PathBuf::new(),
            });
        }
        let mut hasher = Sha256::new();
        hasher.update(self.settings().as_bytes());
        hasher.update([0]);
        hasher.update(&bytes);
        let key = hex(&hasher.finalize()[..10]);
        let folder = self.cache.join(&key);
        if let Some(mut cached) = read_meta(&folder) {
            cached.folder = folder;
            self.register(&cached);
            self.reused.fetch_add(1, Ordering::Relaxed);
            return Ok(cached);
        }
        let stem = source
            .display
            .rsplit('/')
            .next()
            .and_then(|name| name.rsplit_once('.'))
            .map_or("image", |(stem, _)| stem);
        let stem = match slug::slugify(stem) {
            s if s.is_empty() => "image".to_string(),
            s => s,
        };
        let (mut made, files) = self
            .make(&bytes, &stem, &key)
            .map_err(|e| format!("cannot decode image {}: {e}", source.display))?;
        self.store(&folder, &made, files)
            .map_err(|e| format!("cannot write the image cache {}: {e}", folder.display()))?;
        made.folder = folder;
        self.register(&made);
        self.count_processed();
        Ok(made)
    }

    fn count_processed(&self) {
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

    fn register(&self, processed: &Processed) {
        let mut outputs = lock(&self.outputs);
        for variant in &processed.variants {
            outputs.insert(
                variant.output.clone(),
                processed.folder.join(&variant.cached),
            );
        }
    }

    /// Decodes, resizes and encodes, in memory: the description and each
    /// file's name in the cache entry with its bytes.
    #[allow(clippy::type_complexity)]
    fn make(
        &self,
        bytes: &[u8],
        stem: &str,
        key: &str,
    ) -> Result<(Processed, Vec<(String, Vec<u8>)>), String> {
        let format = image::guess_format(bytes).map_err(|e| e.to_string())?;
        let decoded_kind = match format {
            ImageFormat::Jpeg => Kind::Jpeg,
            ImageFormat::Png => Kind::Png,
            ImageFormat::WebP => Kind::Webp,
            ImageFormat::Gif => Kind::Gif,
            other => return Err(format!("{other:?} images are not supported")),
        };
        // A file whose name says another format (a PNG saved as .jpg) is
        // read as what it holds; its variants take that format's extension.
        let kind = decoded_kind;
        let image = decode(bytes, format)?;
        let (ow, oh) = (image.width(), image.height());
        if kind == Kind::Gif {
            let kept = Processed {
                kind,
                width: Some(ow),
                height: Some(oh),
                variants: Vec::new(),
                folder: PathBuf::new(),
            };
            return Ok((kept, Vec::new()));
        }
        let max = self.options.widths.iter().copied().max().unwrap_or(ow);
        let mut widths: Vec<u32> = self
            .options
            .widths
            .iter()
            .copied()
            .filter(|&w| w < ow)
            .collect();
        if ow <= max {
            widths.push(ow);
        }
        widths.sort_unstable();
        widths.dedup();
        let mut kinds = vec![kind];
        if self.options.webp && kind != Kind::Webp {
            kinds.push(Kind::Webp);
        }
        let mut variants = Vec::new();
        for &w in &widths {
            let h = scaled(oh, w, ow);
            let resized = if w == ow {
                image.clone()
            } else {
                image.resize_exact(w, h, FilterType::Lanczos3)
            };
            for &k in &kinds {
                let data = encode(&resized, k, kind, self.options.quality)?;
                let name = format!("{stem}-{key}-{w}.{}", k.extension());
                variants.push((
                    Variant {
                        width: w,
                        height: h,
                        kind: k,
                        output: format!("{OUTPUT_FOLDER}/{name}"),
                        cached: name,
                    },
                    data,
                ));
            }
        }
        let largest = widths.last().copied().unwrap_or(ow);
        let mut processed = Processed {
            kind,
            width: Some(largest),
            height: Some(scaled(oh, largest, ow)),
            variants: Vec::new(),
            folder: PathBuf::new(),
        };
        let mut files = Vec::with_capacity(variants.len());
        for (variant, data) in variants {
            files.push((variant.cached.clone(), data));
            processed.variants.push(variant);
        }
        Ok((processed, files))
    }

    /// Writes the files and the entry's description into a new folder
    /// renamed into place (a build stopped half-way leaves no half entry).
    fn store(
        &self,
        folder: &Path,
        made: &Processed,
        files: Vec<(String, Vec<u8>)>,
    ) -> std::io::Result<()> {
        let parent = folder.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)?;
        let temp = parent.join(format!(
            ".tmp-{}-{}",
            std::process::id(),
            folder.file_name().and_then(|n| n.to_str()).unwrap_or("x")
        ));
        let _ = std::fs::remove_dir_all(&temp);
        std::fs::create_dir_all(&temp)?;
        for (name, data) in files {
            std::fs::write(temp.join(name), data)?;
        }
        let meta = serde_json::to_vec_pretty(made).map_err(std::io::Error::other)?;
        std::fs::write(temp.join("meta.json"), meta)?;
        match std::fs::rename(&temp, folder) {
            Ok(()) => Ok(()),
            // Another build wrote the same entry meanwhile: theirs is as good.
            Err(_) if folder.join("meta.json").is_file() => {
                let _ = std::fs::remove_dir_all(&temp);
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    /// `resize_image` for templates: `path` below `content/` or `static/`.
    #[allow(clippy::too_many_arguments)]
    pub fn resize(
        &self,
        source: &Source,
        width: Option<u32>,
        height: Option<u32>,
        op: Op,
        format: Option<Kind>,
        quality: Option<u8>,
        base_url: &str,
    ) -> Result<Resized, String> {
        let key = format!(
            "{}\0{width:?} {height:?} {op:?} {format:?} {quality:?}",
            source.display
        );
        let cell = lock(&self.resized).entry(key).or_default().clone();
        cell.get_or_init(|| self.make_resized(source, width, height, op, format, quality, base_url))
            .clone()
    }

    #[allow(clippy::too_many_arguments)]
    fn make_resized(
        &self,
        source: &Source,
        width: Option<u32>,
        height: Option<u32>,
        op: Op,
        format: Option<Kind>,
        quality: Option<u8>,
        base_url: &str,
    ) -> Result<Resized, String> {
        let kind = Kind::of_name(&source.display)
            .filter(|k| matches!(k, Kind::Jpeg | Kind::Png | Kind::Webp))
            .ok_or_else(|| {
                format!(
                    "{}: resize_image reads JPEG, PNG and WebP files",
                    source.display
                )
            })?;
        let format = format.unwrap_or(kind);
        let quality = quality.unwrap_or(self.options.quality).clamp(1, 100);
        let bytes = std::fs::read(&source.path)
            .map_err(|e| format!("cannot read image {}: {e}", source.display))?;
        let mut hasher = Sha256::new();
        hasher.update(
            format!("v{CACHE_VERSION} resize {width:?} {height:?} {op:?} {format:?} {quality}")
                .as_bytes(),
        );
        hasher.update([0]);
        hasher.update(&bytes);
        let key = hex(&hasher.finalize()[..10]);
        let folder = self.cache.join(format!("r-{key}"));
        let stem = source
            .display
            .rsplit('/')
            .next()
            .and_then(|name| name.rsplit_once('.'))
            .map_or("image".to_string(), |(stem, _)| slug::slugify(stem));
        let name = format!("{stem}-{key}.{}", format.extension());
        let output = format!("{OUTPUT_FOLDER}/{name}");
        let meta_path = folder.join("meta.json");
        let dims: Option<[u32; 4]> = std::fs::read(&meta_path)
            .ok()
            .and_then(|m| serde_json::from_slice(&m).ok())
            .filter(|_| folder.join(&name).is_file());
        let [w, h, ow, oh] = match dims {
            Some(dims) => {
                self.reused.fetch_add(1, Ordering::Relaxed);
                dims
            }
            None => {
                let format_of = image::guess_format(&bytes)
                    .map_err(|e| format!("cannot decode image {}: {e}", source.display))?;
                let image = decode(&bytes, format_of)
                    .map_err(|e| format!("cannot decode image {}: {e}", source.display))?;
                let (ow, oh) = (image.width(), image.height());
                let out = fit(&image, width, height, op)
                    .map_err(|e| format!("resize_image of {}: {e}", source.display))?;
                let data = encode(&out, format, kind, quality)
                    .map_err(|e| format!("cannot encode {}: {e}", source.display))?;
                let dims = [out.width(), out.height(), ow, oh];
                let write = || -> std::io::Result<()> {
                    std::fs::create_dir_all(&folder)?;
                    std::fs::write(folder.join(&name), &data)?;
                    std::fs::write(&meta_path, serde_json::to_vec(&dims)?)
                };
                write().map_err(|e| {
                    format!("cannot write the image cache {}: {e}", folder.display())
                })?;
                self.count_processed();
                dims
            }
        };
        lock(&self.outputs).insert(output.clone(), folder.join(&name));
        Ok(Resized {
            url: format!("{base_url}{output}"),
            static_path: output,
            width: w,
            height: h,
            orig_width: ow,
            orig_height: oh,
        })
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn scaled(length: u32, to: u32, from: u32) -> u32 {
    ((u64::from(length) * u64::from(to) + u64::from(from) / 2) / u64::from(from).max(1)).max(1)
        as u32
}

fn read_meta(folder: &Path) -> Option<Processed> {
    let bytes = std::fs::read(folder.join("meta.json")).ok()?;
    let meta: Processed = serde_json::from_slice(&bytes).ok()?;
    meta.variants
        .iter()
        .all(|v| folder.join(&v.cached).is_file())
        .then_some(meta)
}

/// Decodes with the file's EXIF orientation applied (what browsers show).
fn decode(bytes: &[u8], format: ImageFormat) -> Result<DynamicImage, String> {
    let mut reader = ImageReader::with_format(std::io::Cursor::new(bytes), format);
    reader.no_limits();
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(30_000);
    limits.max_image_height = Some(30_000);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|e| e.to_string())?;
    let orientation = decoder.orientation().map_err(|e| e.to_string())?;
    let mut image = DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
    image.apply_orientation(orientation);
    Ok(image)
}

/// Encodes `image` as `kind`; WebP of a JPEG is lossy at `quality`, of a
/// PNG (drawings, screenshots) lossless.
fn encode(image: &DynamicImage, kind: Kind, source: Kind, quality: u8) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    match kind {
        Kind::Jpeg => {
            let rgb = image.to_rgb8();
            let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality);
            rgb.write_with_encoder(encoder).map_err(|e| e.to_string())?;
        }
        Kind::Png => {
            let encoder = image::codecs::png::PngEncoder::new(&mut out);
            image
                .write_with_encoder(encoder)
                .map_err(|e| e.to_string())?;
        }
        Kind::Webp => {
            let rgba = image.to_rgba8();
            let encoder = webp::Encoder::from_rgba(rgba.as_raw(), rgba.width(), rgba.height());
            let memory = if source == Kind::Png {
                encoder.encode_simple(true, 100.0)
            } else {
                encoder.encode_simple(false, f32::from(quality))
            }
            .map_err(|e| format!("WebP encoding failed: {e:?}"))?;
            out.extend_from_slice(&memory);
        }
        Kind::Gif | Kind::Svg => return Err(format!("cannot write {}", kind.extension())),
    }
    Ok(out)
}

fn fit(
    image: &DynamicImage,
    width: Option<u32>,
    height: Option<u32>,
    op: Op,
) -> Result<DynamicImage, String> {
    let (ow, oh) = (image.width(), image.height());
    let need = |v: Option<u32>, name: &str| {
        v.filter(|&v| v > 0)
            .ok_or_else(|| format!("op \"{op:?}\" needs a {name} above 0").to_lowercase())
    };
    Ok(match op {
        Op::Scale => image.resize_exact(
            need(width, "width")?,
            need(height, "height")?,
            FilterType::Lanczos3,
        ),
        Op::FitWidth => {
            let w = need(width, "width")?.min(ow);
            image.resize_exact(w, scaled(oh, w, ow), FilterType::Lanczos3)
        }
        Op::FitHeight => {
            let h = need(height, "height")?.min(oh);
            image.resize_exact(scaled(ow, h, oh), h, FilterType::Lanczos3)
        }
        Op::Fit => {
            let (w, h) = (need(width, "width")?, need(height, "height")?);
            if w >= ow && h >= oh {
                image.clone()
            } else {
                image.resize(w, h, FilterType::Lanczos3)
            }
        }
        Op::Fill => image.resize_to_fill(
            need(width, "width")?,
            need(height, "height")?,
            FilterType::Lanczos3,
        ),
    })
}

/// The `width` and `height` an SVG's root element declares in pixels (or
/// without a unit), if it does.
/// Whether `bytes` read as an SVG document: after an optional byte order
/// mark, XML declaration, comments, processing instructions and doctype,
/// the first element is `<svg` (or a prefixed `<x:svg`).
fn has_svg_root(bytes: &[u8]) -> bool {
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

fn svg_size(bytes: &[u8]) -> (Option<u32>, Option<u32>) {
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

    #[test]
    fn scales_with_rounding() {
        assert_eq!(scaled(800, 480, 1200), 320);
        assert_eq!(scaled(1, 1, 1000), 1);
    }
}
