//! `sitemap.xml` (per sitemaps.org): every page's and taxonomy page's URL,
//! dated by its last change, with its versions in other languages.

use std::collections::HashMap;
use std::io;

use super::{SITEMAP_NS, XHTML_NS, finish, sitemap_date, text_element, xml_writer};
use crate::site::Site;

/// Issue 17: the `hreflang` alternates of each page with versions in other
/// languages, by permalink: (language code, URL), the default-language
/// version also as `x-default`.
fn sitemap_alternates(site: &Site) -> HashMap<String, Vec<(String, String)>> {
    let mut alternates = HashMap::new();
    if !site.config.is_multilingual() {
        return alternates;
    }
    for id in 0..site.pages.len() {
        let versions = site.versions(id);
        let mut list: Vec<(String, String)> = versions
            .iter()
            .map(|&v| (site.lang_of(v).to_string(), site.permalink(v)))
            .collect();
        if let Some(&first) = versions.first()
            && site.pages[first].lang.is_empty()
        {
            list.push(("x-default".to_string(), site.permalink(first)));
        }
        alternates.insert(site.permalink(id), list);
    }
    alternates
}

/// Every page's permalink and `<lastmod>`, sorted by permalink.
pub(super) fn sitemap_entries(site: &Site) -> Vec<(String, Option<String>)> {
    let as_of = site.config.as_of;
    let mut entries: Vec<(String, Option<String>)> = site
        .pages
        .iter()
        .enumerate()
        .map(|(id, page)| (site.permalink(id), sitemap_date(page, as_of)))
        .collect();
    // Taxonomy pages, dated by their newest page.
    for taxonomy in &site.taxonomies {
        let mut newest_of_all = None;
        for term in &taxonomy.terms {
            let newest = term
                .pages
                .iter()
                .filter_map(|&id| sitemap_date(&site.pages[id], as_of))
                .max();
            newest_of_all = newest_of_all.max(newest.clone());
            let path = crate::taxonomy::term_path(&taxonomy.name, &term.slug);
            entries.push((site.url(&path), newest));
        }
        let path = crate::taxonomy::list_path(&taxonomy.name);
        entries.push((site.url(&path), newest_of_all));
    }
    entries.sort();
    entries
}

/// The site's `sitemap.xml` (sitemaps.org protocol, with `xhtml:link`
/// alternates for translations), as bytes.
pub(super) fn sitemap(site: &Site) -> io::Result<Vec<u8>> {
    let entries = sitemap_entries(site);
    let alternates = sitemap_alternates(site);
    let mut writer = xml_writer()?;
    let mut urlset = writer
        .create_element("urlset")
        .with_attribute(("xmlns", SITEMAP_NS));
    if !alternates.is_empty() {
        urlset = urlset.with_attribute(("xmlns:xhtml", XHTML_NS));
    }
    urlset.write_inner_content(|w| {
        for (url, lastmod) in &entries {
            w.create_element("url").write_inner_content(|w| {
                text_element(w, "loc", url)?;
                if let Some(lastmod) = lastmod {
                    text_element(w, "lastmod", lastmod)?;
                }
                for (lang, href) in alternates.get(url).into_iter().flatten() {
                    w.create_element("xhtml:link")
                        .with_attribute(("rel", "alternate"))
                        .with_attribute(("hreflang", lang.as_str()))
                        .with_attribute(("href", href.as_str()))
                        .write_empty()?;
                }
                Ok(())
            })?;
        }
        Ok(())
    })?;
    Ok(finish(writer))
}
