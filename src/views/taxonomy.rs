//! Taxonomies and their terms as templates see them: on a page
//! (`page.taxonomies`), on a term's page (`term`) and on a taxonomy's index
//! (`taxonomy`).

use serde::Serialize;
use tera::Value;

use super::Address;
use crate::config::Config;
use crate::frontmatter::FrontMatter;
use crate::layout::FEED_FILE;
use crate::site::Site;
use crate::taxonomy::{Taxonomy, Term, field, term_path};

/// An item of `config.taxonomies`: a taxonomy's name, title and index address.
#[derive(Debug, Serialize)]
pub struct TaxonomyLink<'a> {
    /// The taxonomy's name (`topics`), as configured.
    pub name: &'a str,
    /// The taxonomy's title, for people.
    pub title: &'a str,
    /// Its index page's `permalink` and `path` (flattened into the link).
    #[serde(flatten)]
    pub address: Address,
}

impl<'a> TaxonomyLink<'a> {
    /// The link to the index of taxonomy `name`, titled `title`.
    pub fn new(config: &Config, name: &'a str, title: &'a str) -> Self {
        TaxonomyLink {
            name,
            title,
            address: Address::new(config, &crate::taxonomy::list_path(name)),
        }
    }
}

/// A term as templates see it.
#[derive(Debug, Serialize)]
pub struct TermView<'a> {
    /// The term's slug, its URL segment (`ceasefire-talks`).
    pub slug: &'a str,
    /// Its display name from `site.toml`, else the slug.
    pub name: &'a str,
    /// Its page's [`Address`], as two plain fields: terms are serialised for
    /// every page that has any, and `#[serde(flatten)]` would go through a
    /// map serializer each time.
    pub permalink: String,
    /// URL path of its page from the root, base path included.
    pub path: String,
    /// The term's Atom feed.
    pub feed: String,
    /// How many pages have the term.
    pub page_count: usize,
}

/// A taxonomy as templates see it (`taxonomy`), and in the global `taxonomies`.
#[derive(Debug, Serialize)]
pub struct TaxonomyView<'a> {
    /// The taxonomy's `name`, `title`, `permalink` and `path` (flattened).
    #[serde(flatten)]
    pub link: TaxonomyLink<'a>,
    /// Its terms, each with its pages' count.
    pub terms: Vec<TermView<'a>>,
}

impl<'a> TaxonomyView<'a> {
    /// The view of `taxonomy`, one of `site`'s.
    pub fn new(site: &Site, taxonomy: &'a Taxonomy) -> Self {
        TaxonomyView {
            link: TaxonomyLink::new(&site.config, &taxonomy.name, &taxonomy.title),
            terms: taxonomy
                .terms
                .iter()
                .map(|term| term_view(site, &taxonomy.name, term))
                .collect(),
        }
    }
}

/// Every term's template value, taxonomy by taxonomy in the order of
/// `site.taxonomies`: made once, shared by every page that lists the term.
pub fn term_values(site: &Site) -> Result<Vec<Vec<Value>>, tera::Error> {
    site.taxonomies
        .iter()
        .map(|taxonomy| {
            taxonomy
                .terms
                .iter()
                .map(|term| Value::try_from_serializable(&term_view(site, &taxonomy.name, term)))
                .collect()
        })
        .collect()
}

/// The terms of a page, taxonomy by taxonomy (`page.taxonomies.topics`),
/// in the order the page lists them; a binary search per listed term.
/// `terms` are the site's [`term_values`].
pub fn page_terms<'a>(
    site: &'a Site,
    terms: &[Vec<Value>],
    front: &FrontMatter,
) -> std::collections::BTreeMap<&'a str, Vec<Value>> {
    site.taxonomies
        .iter()
        .zip(terms)
        .map(|(taxonomy, values)| {
            let listed = field(front, &taxonomy.name)
                .iter()
                .filter_map(|slug| {
                    let at = taxonomy
                        .terms
                        .binary_search_by(|t| t.slug.as_str().cmp(slug))
                        .ok()?;
                    Some(values[at].clone())
                })
                .collect();
            (taxonomy.name.as_str(), listed)
        })
        .collect()
}

fn term_view<'a>(site: &Site, taxonomy: &str, term: &'a Term) -> TermView<'a> {
    let url_path = term_path(taxonomy, &term.slug);
    let Address { permalink, path } = Address::new(&site.config, &url_path);
    TermView {
        slug: &term.slug,
        name: &term.name,
        permalink,
        path,
        feed: site.url(&format!("{url_path}{FEED_FILE}")),
        page_count: term.pages.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_s_terms_link_their_page_and_feed_below_the_base_url() {
        let site = crate::site::test_site(
            "title = \"T\"\nbase_url = \"https://e.org/x/\"\n[taxonomies.topics]\n[taxonomies.topics.terms]\nnato = \"NATO membership\"\nland = \"Territory\"\n",
            &[("a.md", "---\ntitle: A\ntopics: [nato, land]\n---\nBody.\n")],
        );
        let values = term_values(&site).unwrap();
        let terms = page_terms(&site, &values, &site.pages[0].front);
        let field = |t: &Value, name: &str| {
            let map = t.as_map().unwrap();
            let value = map.get(&tera::value::Key::Str(name)).unwrap();
            value.as_str().unwrap().to_string()
        };
        let views: Vec<(String, String, String)> = terms["topics"]
            .iter()
            .map(|t| (field(t, "slug"), field(t, "name"), field(t, "permalink")))
            .collect();
        let views: Vec<(&str, &str, &str)> = views
            .iter()
            .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str()))
            .collect();
        assert_eq!(
            views,
            [
                ("nato", "NATO membership", "https://e.org/x/topics/nato/"),
                ("land", "Territory", "https://e.org/x/topics/land/")
            ]
        );
        assert_eq!(
            field(&terms["topics"][0], "feed"),
            "https://e.org/x/topics/nato/atom.xml"
        );
        assert_eq!(field(&terms["topics"][0], "path"), "/x/topics/nato/");
    }
}
