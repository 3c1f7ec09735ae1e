//! The bodies of a one-shot build: each page's file read again (the build
//! keeps no page text) and its HTML set aside in the build's spill file
//! ([`crate::output::Spill`]) while the rest of the build runs, so neither
//! the site's text nor its HTML is ever all held in memory.

use rayon::prelude::*;

use super::render_body_of;
use crate::diagnostics::{Diagnostic, io_error};
use crate::markdown::Rendered;
use crate::output::{Spill, Spilled};
use crate::site::Site;

/// Renders every page's body, in parallel, putting each one's HTML into
/// `spill` at once when there is one (the returned bodies then have empty
/// `html`, and the places are where it went; else the HTML stays in the
/// bodies and there are no places). A page whose text
/// is not kept is read again for it, and its text dropped once rendered; the
/// first error in page order is returned (a file that changed since it was
/// loaded, an unwritable spill file).
pub fn render_bodies_spilled(
    site: &Site,
    spill: Option<&Spill>,
) -> Result<(Vec<Rendered>, Vec<Spilled>), Diagnostic> {
    let rendered: Vec<Result<(Rendered, Option<Spilled>), Diagnostic>> = (0..site.pages.len())
        .into_par_iter()
        .map(|id| {
            let page = &site.pages[id];
            let text = page.text_for_body()?;
            let mut body = render_body_of(site, id, page.body_of(&text));
            drop(text);
            let Some(spill) = spill else {
                return Ok((body, None));
            };
            let at = spill
                .put(body.html.as_bytes())
                .map_err(|e| io_error("write", &site.config.output_dir, &e))?;
            body.html = String::new();
            Ok((body, Some(at)))
        })
        .collect();
    let mut bodies = Vec::with_capacity(rendered.len());
    let mut places = Vec::with_capacity(rendered.len());
    for result in rendered {
        let (body, at) = result?;
        bodies.push(body);
        places.extend(at);
    }
    Ok((bodies, places))
}
