//! Files every static host expects besides the pages: `sitemap.xml` (per
//! sitemaps.org) and `robots.txt` naming it. URLs are absolute and honour the
//! base URL's sub-path.

use crate::render::{OutputFile, escape_html};
use crate::site::Site;

pub fn site_files(site: &Site) -> Vec<OutputFile> {
    vec![sitemap(site), robots(site)]
}

fn sitemap(site: &Site) -> OutputFile {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut entries: Vec<(String, Option<String>)> = site
        .pages
        .iter()
        .enumerate()
        .map(|(id, page)| {
            let front = &page.front;
            let lastmod = front
                .updated
                .or(front.reviewed)
                .or(front.date)
                .filter(|d| d.precision == crate::dates::Precision::Day);
            (site.permalink(id), lastmod.map(|d| d.iso()))
        })
        .collect();
    entries.sort();
    for (url, lastmod) in entries {
        xml.push_str("  <url>\n    <loc>");
        xml.push_str(&escape_html(&url));
        xml.push_str("</loc>\n");
        if let Some(lastmod) = lastmod {
            xml.push_str(&format!("    <lastmod>{lastmod}</lastmod>\n"));
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    OutputFile {
        path: "sitemap.xml".into(),
        bytes: xml.into_bytes(),
    }
}

fn robots(site: &Site) -> OutputFile {
    OutputFile {
        path: "robots.txt".into(),
        bytes: format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n",
            site.config.base_url
        )
        .into_bytes(),
    }
}
