//! The cache of processed images: an entry per image and settings, named
//! by their hash, with the variants and a `meta.json` describing them.

use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;

use sha2::{Digest, Sha256};

use super::svg::{has_svg_root, svg_size};
use super::{CACHE_VERSION, Images, Kind, Processed, Source, hex};

impl Images {
    /// The settings that go into a cache entry's key with the file's bytes
    /// (cache version, widths, quality, WebP): other settings, another entry.
    pub(super) fn settings(&self) -> String {
        let o = &self.options;
        format!(
            "v{CACHE_VERSION} widths={:?} quality={} webp={}",
            o.widths, o.quality, o.webp
        )
    }

    /// The processed image of `source`: from the cache when an entry for its
    /// bytes and the settings exists, else made and stored there. An SVG is
    /// only measured. `Err` is the message for the user.
    pub(super) fn load_or_make(&self, source: &Source) -> Result<Processed, String> {
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
}

fn read_meta(folder: &Path) -> Option<Processed> {
    let bytes = std::fs::read(folder.join("meta.json")).ok()?;
    let meta: Processed = serde_json::from_slice(&bytes).ok()?;
    meta.variants
        .iter()
        .all(|v| folder.join(&v.cached).is_file())
        .then_some(meta)
}
