//! The bodies' HTML of a one-shot build, set aside in an anonymous file
//! while the rest of the build runs, so the whole site's HTML is never held
//! in memory.

use rayon::prelude::*;

use super::render_body;
use crate::markdown::Rendered;
use crate::site::Site;

/// The bodies' HTML of a one-shot build, set aside in a file beside the
/// output as each body renders and read back when its page is written: the
/// whole site's HTML is never held in memory (about a third of the peak).
/// The file is an anonymous temporary file (the `tempfile` crate: unlinked at
/// once, `O_TMPFILE` on Linux), so nothing is left behind whatever happens.
pub struct Spill {
    file: std::sync::Mutex<std::fs::File>,
}

/// Where a body's HTML is in a [`Spill`]: offset and length.
pub type Spilled = (u64, usize);

impl Spill {
    /// A spill file on the file system of `output`, the build's output folder
    /// (created if missing, as the build will create it anyway).
    pub fn beside(output: &std::path::Path) -> std::io::Result<Spill> {
        let output = crate::output::absolute(output);
        let parent = output.parent().unwrap_or(std::path::Path::new("/"));
        std::fs::create_dir_all(parent)?;
        Ok(Spill {
            file: std::sync::Mutex::new(tempfile::tempfile_in(parent)?),
        })
    }

    /// Appends `html`; where it went.
    pub fn put(&self, html: &str) -> std::io::Result<Spilled> {
        use std::io::{Seek, SeekFrom, Write};
        let mut file = self.file.lock().unwrap_or_else(|e| e.into_inner());
        let at = file.seek(SeekFrom::End(0))?;
        file.write_all(html.as_bytes())?;
        Ok((at, html.len()))
    }

    /// The HTML put at `at`.
    pub fn get(&self, (at, len): Spilled) -> std::io::Result<String> {
        use std::io::{Read, Seek, SeekFrom};
        // Read into the spare capacity: no zeroing of the buffer first.
        let mut bytes = Vec::with_capacity(len);
        let mut file = self.file.lock().unwrap_or_else(|e| e.into_inner());
        file.seek(SeekFrom::Start(at))?;
        (&mut *file).take(len as u64).read_to_end(&mut bytes)?;
        drop(file);
        if bytes.len() != len {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        String::from_utf8(bytes)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
    }
}

/// Renders every page's body, in parallel, putting each one's HTML into
/// `spill` at once (the returned bodies have empty `html`).
pub fn render_bodies_spilled(
    site: &Site,
    spill: &Spill,
) -> std::io::Result<(Vec<Rendered>, Vec<Spilled>)> {
    let rendered: Vec<std::io::Result<(Rendered, Spilled)>> = (0..site.pages.len())
        .into_par_iter()
        .map(|id| {
            let mut body = render_body(site, id);
            let at = spill.put(&body.html)?;
            body.html = String::new();
            Ok((body, at))
        })
        .collect();
    let mut bodies = Vec::with_capacity(rendered.len());
    let mut places = Vec::with_capacity(rendered.len());
    for result in rendered {
        let (body, at) = result?;
        bodies.push(body);
        places.push(at);
    }
    Ok((bodies, places))
}
