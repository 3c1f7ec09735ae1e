//! Decoding, resizing and encoding pixels, in memory.

use std::path::PathBuf;

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, imageops::FilterType};

use super::{Images, Kind, OUTPUT_FOLDER, Op, Processed, Variant};

impl Images {
    /// Decodes, resizes and encodes, in memory: the description and each
    /// file's name in the cache entry with its bytes.
    #[allow(clippy::type_complexity)]
    pub(super) fn make(
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
}

/// `length` scaled by `to`/`from`, rounded to the nearest pixel, at least 1.
pub(super) fn scaled(length: u32, to: u32, from: u32) -> u32 {
    ((u64::from(length) * u64::from(to) + u64::from(from) / 2) / u64::from(from).max(1)).max(1)
        as u32
}

/// Decodes with the file's EXIF orientation applied (what browsers show).
pub(super) fn decode(bytes: &[u8], format: ImageFormat) -> Result<DynamicImage, String> {
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
pub(super) fn encode(
    image: &DynamicImage,
    kind: Kind,
    source: Kind,
    quality: u8,
) -> Result<Vec<u8>, String> {
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

/// `image` fitted into `width` × `height` as `op` says (see [`Op`]); `Err` when
/// `op` needs a size that is missing or 0.
pub(super) fn fit(
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_with_rounding() {
        assert_eq!(scaled(800, 480, 1200), 320);
        assert_eq!(scaled(1, 1, 1000), 1);
    }
}
