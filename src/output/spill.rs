//! A one-shot build's set-aside bytes: bodies' HTML and site-wide files,
//! written to an anonymous file as they are made and read back when they are
//! written to the output, so they are never all held in memory at once.

use std::os::unix::fs::FileExt;
use std::sync::atomic::{AtomicU64, Ordering};

/// An anonymous temporary file beside the output folder (the `tempfile`
/// crate: unlinked at once, `O_TMPFILE` on Linux, so nothing is left behind
/// whatever happens) that bytes are appended to and read back from, from any
/// number of threads at once: each [`Spill::put`] reserves its own range and
/// writes it with `pwrite`, each [`Spill::get`] reads with `pread` (POSIX), so
/// there is no lock and no shared file position.
#[derive(Debug)]
pub struct Spill {
    file: std::fs::File,
    /// Where the next `put` goes: the bytes reserved so far.
    end: AtomicU64,
}

/// Where bytes are in a [`Spill`]: offset and length, in bytes.
pub type Spilled = (u64, usize);

impl Spill {
    /// A spill file on the file system of `output`, the build's output folder
    /// (its parent is created if missing, as the build will create it anyway).
    pub fn beside(output: &std::path::Path) -> std::io::Result<Spill> {
        let output = super::absolute(output);
        let parent = output.parent().unwrap_or(std::path::Path::new("/"));
        std::fs::create_dir_all(parent)?;
        Ok(Spill {
            file: tempfile::tempfile_in(parent)?,
            end: AtomicU64::new(0),
        })
    }

    /// Appends `bytes`; where they went.
    pub fn put(&self, bytes: &[u8]) -> std::io::Result<Spilled> {
        let at = self.end.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        self.file.write_all_at(bytes, at)?;
        Ok((at, bytes.len()))
    }

    /// The bytes put at `at`; an error if the file holds fewer.
    pub fn get(&self, (at, len): Spilled) -> std::io::Result<Vec<u8>> {
        let mut bytes = vec![0; len];
        self.file.read_exact_at(&mut bytes, at)?;
        Ok(bytes)
    }

    /// Writes the bytes put at `at` to `out`, a block at a time: a large
    /// file set aside (a 50,000-page site's timeline.json is 20 MB) is never
    /// all in memory again.
    pub fn copy_to(
        &self,
        (mut at, len): Spilled,
        out: &mut impl std::io::Write,
    ) -> std::io::Result<()> {
        const BLOCK: usize = 256 * 1024;
        let mut block = vec![0; len.min(BLOCK)];
        let mut left = len;
        while left > 0 {
            let part = &mut block[..left.min(BLOCK)];
            self.file.read_exact_at(part, at)?;
            out.write_all(part)?;
            at += part.len() as u64;
            left -= part.len();
        }
        Ok(())
    }

    /// The text put at `at`, read into `buffer` (a buffer reused from call
    /// to call is zeroed only where it grows); an error if it is not UTF-8.
    pub fn get_text_into<'b>(
        &self,
        (at, len): Spilled,
        buffer: &'b mut Vec<u8>,
    ) -> std::io::Result<&'b str> {
        // Every byte is overwritten by the read: no need to clear first.
        buffer.resize(len, 0);
        self.file.read_exact_at(buffer, at)?;
        std::str::from_utf8(buffer)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rayon::prelude::*;

    #[test]
    fn bytes_put_from_many_threads_come_back_whole() {
        let dir = tempfile::tempdir().unwrap();
        let spill = Spill::beside(&dir.path().join("public")).unwrap();
        let texts: Vec<String> = (0..500)
            .map(|i| format!("<p>{}</p>", "x".repeat(i)))
            .collect();
        let places: Vec<Spilled> = texts
            .par_iter()
            .map(|text| spill.put(text.as_bytes()).unwrap())
            .collect();
        // One buffer for all, read longest first then shortest first: a
        // reused buffer that shrinks or grows holds each text exactly.
        let mut buffer = Vec::new();
        for (text, &at) in texts.iter().zip(&places).rev() {
            assert_eq!(spill.get_text_into(at, &mut buffer).unwrap(), text);
        }
        for (text, &at) in texts.iter().zip(&places) {
            assert_eq!(spill.get_text_into(at, &mut buffer).unwrap(), text);
        }
        assert!(spill.get((places[499].0, 10_000_000)).is_err());
        // Copied out a block at a time, a large one comes back whole too.
        let large: Vec<u8> = (0..1_000_000u32).map(|i| (i % 251) as u8).collect();
        let at = spill.put(&large).unwrap();
        let mut out = Vec::new();
        spill.copy_to(at, &mut out).unwrap();
        assert_eq!(out, large);
        let mut out = Vec::new();
        assert!(spill.copy_to((at.0, at.1 + 1), &mut out).is_err());
    }

    #[test]
    fn text_that_is_not_utf8_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let spill = Spill::beside(&dir.path().join("public")).unwrap();
        let at = spill.put(&[0xff, 0xfe]).unwrap();
        assert_eq!(spill.get(at).unwrap(), [0xff, 0xfe]);
        assert_eq!(
            spill.get_text_into(at, &mut Vec::new()).unwrap_err().kind(),
            std::io::ErrorKind::InvalidData
        );
    }
}
