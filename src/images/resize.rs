//! `resize_image` for templates (modelled on Zola's): one image at one
//! size, cached like the pages' variants.

use std::sync::atomic::Ordering;

use sha2::{Digest, Sha256};

use super::process::{decode, encode, fit};
use super::{
    CACHE_VERSION, Images, Kind, OUTPUT_FOLDER, ResizeRequest, Resized, Source, hex, lock,
};

impl Images {
    /// `resize_image` for templates: `path` below `content/` or `static/`.
    pub fn resize(
        &self,
        source: &Source,
        request: ResizeRequest,
        base_url: &str,
    ) -> Result<Resized, String> {
        let key = format!("{}\0{request:?}", source.display);
        let cell = lock(&self.resized).entry(key).or_default().clone();
        cell.get_or_init(|| self.make_resized(source, request, base_url))
            .clone()
    }

    fn make_resized(
        &self,
        source: &Source,
        request: ResizeRequest,
        base_url: &str,
    ) -> Result<Resized, String> {
        let ResizeRequest {
            width,
            height,
            op,
            format,
            quality,
        } = request;
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
