//! The feeds' site-wide files as [`SiteFile`] values: `sitemap.xml`,
//! `robots.txt` and `atom.xml` (with each language's feed), each saying
//! which in-place edits can change it.

use super::{
    FEED_FILE, SITEMAP_FILE, feed_entries, feed_files, feed_order_key, overrides, robots,
    sitemap_date, sitemap_file,
};
use crate::diagnostics::Result;
use crate::layout::ROBOTS_FILE;
use crate::markdown::Rendered;
use crate::output::OutputFile;
use crate::site::{Edit, Inputs, PageId, Site, SiteFile};

/// sitemap.xml, or the site's own `templates/sitemap.xml`.
pub struct Sitemap;

impl<T> SiteFile<Rendered, T> for Sitemap {
    fn reads_values(&self) -> bool {
        false
    }
    fn path(&self) -> &'static str {
        SITEMAP_FILE
    }
    fn render(&self, inputs: &Inputs<'_, Rendered, T>) -> Result<Vec<OutputFile>> {
        Ok(vec![sitemap_file(inputs.site)?])
    }
    /// It shows each page's URL and front-matter dates ([`sitemap_date`]);
    /// an edit in place keeps the URLs.
    fn affected_by(&self, site: &Site, edit: &Edit, _: &[PageId]) -> bool {
        edit.changed_by(site, |page| sitemap_date(page, site.config.as_of))
    }
}

/// robots.txt, unless the site has its own in `static/`.
pub struct Robots;

impl<B, T> SiteFile<B, T> for Robots {
    fn reads_values(&self) -> bool {
        false
    }
    fn path(&self) -> &'static str {
        ROBOTS_FILE
    }
    fn render(&self, inputs: &Inputs<'_, B, T>) -> Result<Vec<OutputFile>> {
        Ok(if overrides::has_static_robots(inputs.site) {
            Vec::new()
        } else {
            vec![robots(inputs.site)]
        })
    }
    /// It names the sitemap's address only: no edit of a page changes it.
    fn affected_by(&self, _: &Site, _: &Edit, _: &[PageId]) -> bool {
        false
    }
}

/// atom.xml (or the site's own `templates/atom.xml`) and, on a
/// multilingual site, each other language's (`uk/atom.xml`).
pub struct Atom;

impl<T> SiteFile<Rendered, T> for Atom {
    fn reads_values(&self) -> bool {
        false
    }
    fn path(&self) -> &'static str {
        FEED_FILE
    }
    fn render(&self, inputs: &Inputs<'_, Rendered, T>) -> Result<Vec<OutputFile>> {
        feed_files(inputs.site, inputs.bodies)
    }
    /// Unless a page moved in the feed's order, the feed holds the same
    /// pages; it changes if the front matter or summary of one of them
    /// changed. A multilingual site's feeds list translations in their
    /// originals' places (issue 17): any such change of any page.
    fn affected_by(&self, site: &Site, edit: &Edit, _: &[PageId]) -> bool {
        if edit.changed_by(site, |page| feed_order_key(page, site.config.as_of)) {
            return true;
        }
        if edit.fronts.is_empty() && edit.summaries.is_empty() {
            return false;
        }
        site.config.is_multilingual()
            || feed_entries(site)
                .iter()
                .any(|id| edit.fronts.contains(id) || edit.summaries.contains(id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::edit::edit_of;

    /// A site with an undated page, a dated page and an event.
    fn site() -> (Site, Vec<Rendered>) {
        let site = crate::site::test_site(
            "title = \"T\"\nbase_url = \"https://example.org/\"\n",
            &[
                ("_index.md", "---\ntitle: Home\n---\n"),
                ("about.md", "---\ntitle: About\n---\nText.\n"),
                (
                    "explainers/a.md",
                    "---\ntitle: A\ndate: 2025-01-02\n---\nText.\n",
                ),
            ],
        );
        let bodies = crate::render::render_bodies(&site);
        (site, bodies)
    }

    /// Whether the edit of `file` that `before` undoes affects `file_kind`.
    fn affects(
        file_kind: &dyn SiteFile<Rendered, ()>,
        file: &str,
        before: impl FnOnce(&mut crate::content::Page, &mut Rendered),
    ) -> bool {
        let (site, bodies) = site();
        let edit = edit_of(&site, &bodies, file, before);
        file_kind.affected_by(&site, &edit, &[])
    }

    #[test]
    fn a_title_edit_affects_the_feed_not_the_sitemap() {
        let retitle =
            |page: &mut crate::content::Page, _: &mut Rendered| page.front.title = "Before".into();
        assert!(affects(&Atom, "explainers/a.md", retitle));
        assert!(!affects(&Sitemap, "explainers/a.md", retitle));
        assert!(!affects(&Robots, "explainers/a.md", retitle));
    }

    #[test]
    fn a_date_edit_affects_the_sitemap_and_the_feed() {
        let undate = |page: &mut crate::content::Page, _: &mut Rendered| page.front.date = None;
        assert!(affects(&Sitemap, "explainers/a.md", undate));
        assert!(affects(&Atom, "explainers/a.md", undate));
        assert!(!affects(&Robots, "explainers/a.md", undate));
    }

    #[test]
    fn an_edit_of_a_page_outside_the_feed_does_not_affect_it() {
        let retitle =
            |page: &mut crate::content::Page, _: &mut Rendered| page.front.title = "Before".into();
        assert!(!affects(&Atom, "about.md", retitle));
        let resummarise =
            |_: &mut crate::content::Page, body: &mut Rendered| body.summary = Some("x".into());
        assert!(!affects(&Atom, "about.md", resummarise));
        assert!(affects(&Atom, "explainers/a.md", resummarise));
    }
}
