//! The bodies' HTML of a one-shot build, set aside in the build's spill file
//! ([`crate::output::Spill`]) while the rest of the build runs, so the whole
//! site's HTML is never held in memory.

use rayon::prelude::*;

use super::render_body;
use crate::markdown::Rendered;
use crate::output::{Spill, Spilled};
use crate::site::Site;

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
            let at = spill.put(body.html.as_bytes())?;
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
