//! Links in a body: internal `@/page.md#anchor` links resolved to URLs
//! (and checked), and which plain links the build checks.

use super::pass::Pass;
use super::*;

impl Pass {
    /// The URL of an internal link `@/file#anchor` (kept for the anchor
    /// check), or `#` and a problem when it names no file.
    pub(super) fn internal_link(
        &mut self,
        dest: &str,
        offset: usize,
        resolver: &dyn Resolver,
    ) -> String {
        let target = &dest[2..];
        let (file, fragment) = match target.split_once('#') {
            Some((file, fragment)) => (file, Some(fragment)),
            None => (target, None),
        };
        // `@/about.md?x=1#top`: the query is kept on the URL.
        let (file, query) = match file.split_once('?') {
            Some((file, query)) => (file, Some(query)),
            None => (file, None),
        };
        // `@/My%20Files/a.txt` names the file `My Files/a.txt`.
        let decoded;
        let file = if file.contains('%') {
            decoded = crate::urls::percent_decode(file);
            decoded.as_str()
        } else {
            file
        };
        let with_fragment = |mut url: String| {
            if let Some(query) = query {
                url.push('?');
                url.push_str(query);
            }
            if let Some(fragment) = fragment {
                url.push('#');
                url.push_str(fragment);
            }
            url
        };
        if let Some(url) = resolver.page_url(file) {
            self.rendered.links.push(InternalLink {
                file: file.to_string(),
                fragment: fragment.map(str::to_string),
                offset,
            });
            return with_fragment(url);
        }
        let is_markdown = file.ends_with(".md");
        if !is_markdown && let Some(url) = resolver.asset_url(file) {
            let url = with_fragment(url);
            self.rendered.local_links.push(LocalLink {
                url: url.clone(),
                offset,
                internal: true,
            });
            return url;
        }
        if let Some(reason) = resolver.left_out(file) {
            self.problem(
                offset,
                &format!("broken internal link: `content/{file}` {reason}"),
                Some(format!(
                    "build with {}, or remove the link until the page is published",
                    reason.rsplit(' ').next().unwrap_or_default()
                )),
            );
        } else if resolver.is_draft(file) {
            self.problem(
                offset,
                &format!(
                    "broken internal link: `content/{file}` is a draft, left out without --drafts"
                ),
                Some("build with --drafts, or remove the link until the page is published".into()),
            );
        } else if is_markdown {
            self.problem(
                offset,
                &format!("broken internal link: no page at `content/{file}`"),
                Some(
                    "internal links name the file below content/, e.g. @/timeline/berlin-talks.md"
                        .into(),
                ),
            );
        } else {
            self.problem(
                offset,
                &format!("broken internal link: `@/{file}` names no file below content/ or static/"),
                Some("internal links name a file below content/ (or static/), e.g. @/timeline/berlin-talks.md or @/files/data.csv".into()),
            );
        }
        "#".into()
    }
}

/// Whether a plain link's destination may point into the site (relative,
/// root-relative, or absolute over HTTP): it is then checked by the build.
/// Other schemes (`mailto:`, …) are not.
pub(super) fn is_site_candidate(dest: &str) -> bool {
    let dest = dest.trim();
    if dest.is_empty() || dest.starts_with('#') || dest.starts_with("@/") {
        return false;
    }
    match dest.find(':') {
        Some(colon) if !dest[..colon].contains(['/', '?', '#']) => {
            let scheme = &dest[..colon];
            scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")
        }
        _ => true,
    }
}
