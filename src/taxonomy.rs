//! Taxonomies (Zola's name): `[taxonomies.topics]` in site.toml classifies
//! pages by the terms in their `topics:` list. This module collects the
//! terms; their pages are rendered by [`crate::render::taxonomy`] from the
//! views in [`crate::views::taxonomy`]. Each used term gets a page at
//! `/topics/<term>/` (template `taxonomy_term.html`) and an Atom feed at
//! `/topics/<term>/atom.xml`; the taxonomy gets an index at `/topics/`
//! (`taxonomy_list.html`). With `terms` configured, a term outside the list
//! is an error at its line. A taxonomy field (`topics`, `tags`) written in a
//! page while its taxonomy is not configured is an error too.
//!
//! Building is one pass over the pages and their terms, with a hash map per
//! taxonomy from term to its entry: linear in the number of (page, term) pairs.

use std::collections::HashMap;

use rustc_hash::FxHashMap;

use crate::config::{Config, TAXONOMY_FIELDS, TaxonomyConfig};
use crate::content::{Kind, Page};
use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::frontmatter::FrontMatter;

/// The template of a term's page and of a taxonomy's index.
pub const TERM_TEMPLATE: &str = "taxonomy_term.html";
/// The template of a taxonomy's index (its list of terms).
pub const LIST_TEMPLATE: &str = "taxonomy_list.html";

/// One taxonomy of a site, with its used terms sorted by slug.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Taxonomy {
    /// Its name in `site.toml` and front matter (`topics`).
    pub name: String,
    /// Its title, for people.
    pub title: String,
    /// The terms pages use, sorted by slug.
    pub terms: Vec<Term>,
}

/// A used term and its pages (pages only, not sections), in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The term as pages write it (lowercase letters, digits, `-`): its URL
    /// segment.
    pub slug: String,
    /// Its display name from `site.toml`, else the slug.
    pub name: String,
    /// Its pages' indices in the page list the terms were built from (the
    /// site's `PageId`s: taxonomies are built before the site graph, which
    /// holds them, so this module does not name the graph's type).
    pub pages: Vec<usize>,
}

/// The terms a page lists for taxonomy `name`.
pub fn field<'a>(front: &'a FrontMatter, name: &str) -> &'a [String] {
    match name {
        "topics" => &front.topics,
        "tags" => &front.tags,
        _ => &[],
    }
}

/// URL path of a taxonomy's index: `topics/`.
pub fn list_path(name: &str) -> String {
    format!("{name}/")
}

/// URL path of a term of taxonomy `name`: `topics/nato/`.
pub fn term_path(name: &str, slug: &str) -> String {
    format!("{name}/{slug}/")
}

/// The taxonomies of `pages` (sorted by file, so term pages list in file
/// order) and the errors: unknown terms, bad slugs, taxonomy fields of
/// taxonomies not configured, and pages whose URL a taxonomy needs.
pub fn build(config: &Config, pages: &[Page]) -> (Vec<Taxonomy>, Vec<Diagnostic>) {
    let mut errors = Vec::new();
    let mut out = Vec::with_capacity(config.taxonomies.len());
    for taxonomy in &config.taxonomies {
        out.push(build_one(taxonomy, pages, &mut errors));
        let list = list_path(&taxonomy.name);
        if let Some(page) = pages.iter().find(|p| p.url_path == list) {
            errors.push(
                Diagnostic::error(format!(
                    "this page's URL /{list} is the index of the taxonomy `{}`",
                    taxonomy.name
                ))
                .at(page.start_location())
                .hint("give the page another `slug` or file name"),
            );
        }
    }
    for name in TAXONOMY_FIELDS {
        if config.taxonomies.iter().any(|t| t.name == *name) {
            continue;
        }
        // Only a page that writes the field is looked at in its text (which
        // a one-shot build reads again).
        for page in pages
            .iter()
            .filter(|page| page.written_taxonomy_fields.contains(name))
        {
            if let Some(at) = page.written_key_location(name) {
                errors.push(
                    Diagnostic::error(format!(
                        "`{name}` is not a field: no taxonomy `{name}` is configured"
                    ))
                    .at(at)
                    .hint(format!(
                        "configure a taxonomy in site.toml, [taxonomies.{name}] with a title (see docs/content.md), or remove the line"
                    )),
                );
            }
        }
    }
    (out, errors)
}

fn build_one(taxonomy: &TaxonomyConfig, pages: &[Page], errors: &mut Vec<Diagnostic>) -> Taxonomy {
    let allowed: Option<HashMap<&str, &str>> = taxonomy.terms.as_ref().map(|terms| {
        terms
            .iter()
            .map(|(s, n)| (s.as_str(), n.as_str()))
            .collect()
    });
    // FxHash: looked up per listed term; the terms are the site's own.
    let mut index: FxHashMap<&str, usize> = FxHashMap::default();
    let mut terms: Vec<Term> = Vec::new();
    for (id, page) in pages.iter().enumerate() {
        let listed = field(&page.front, &taxonomy.name);
        for (position, slug) in listed.iter().enumerate() {
            if listed[..position].contains(slug) {
                errors.push(
                    Diagnostic::error(format!("`{slug}` is listed twice in `{}`", taxonomy.name))
                        .at(page.value_location(&taxonomy.name, slug))
                        .hint("remove one of them"),
                );
                continue;
            }
            let name = match &allowed {
                Some(allowed) => match allowed.get(slug.as_str()) {
                    Some(name) => name.to_string(),
                    None => {
                        errors.push(unknown_term(taxonomy, page, slug));
                        continue;
                    }
                },
                None if crate::urls::is_term(slug) => slug.clone(),
                None => {
                    errors.push(
                        Diagnostic::error(format!(
                            "`{slug}` is not a term of `{}`: terms are URL segments",
                            taxonomy.name
                        ))
                        .at(page.value_location(&taxonomy.name, slug))
                        .hint("write terms in lowercase letters, digits and `-`, e.g. nato-membership"),
                    );
                    continue;
                }
            };
            // Term pages are in the default language (issue 17): a
            // translation's terms are checked, its original is listed.
            if page.kind != Kind::Page || !page.lang.is_empty() {
                continue;
            }
            let at = *index.entry(slug.as_str()).or_insert_with(|| {
                terms.push(Term {
                    slug: slug.clone(),
                    name,
                    pages: Vec::new(),
                });
                terms.len() - 1
            });
            terms[at].pages.push(id);
        }
    }
    terms.sort_by(|a, b| a.slug.cmp(&b.slug));
    Taxonomy {
        name: taxonomy.name.clone(),
        title: taxonomy.title.clone(),
        terms,
    }
}

fn unknown_term(taxonomy: &TaxonomyConfig, page: &Page, slug: &str) -> Diagnostic {
    let known = taxonomy.terms.iter().flatten().map(|(s, _)| s.as_str());
    let hint = match did_you_mean(slug, known.clone()) {
        Some(near) => format!("did you mean `{near}`?"),
        None => format!(
            "the terms of [taxonomies.{}] in site.toml are: {}; add it there if it is new",
            taxonomy.name,
            known.collect::<Vec<_>>().join(", ")
        ),
    };
    Diagnostic::error(format!("unknown term `{slug}` in `{}`", taxonomy.name))
        .at(page.value_location(&taxonomy.name, slug))
        .hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn config(taxonomies: &str) -> Config {
        Config::parse(
            Path::new("/site"),
            Path::new("/site/site.toml"),
            &format!("title = \"T\"\nbase_url = \"https://e.org/x/\"\n{taxonomies}"),
            &crate::config::Overrides::default(),
        )
        .unwrap()
    }

    /// Pages from `(file, front matter lines)`, as the loader makes them.
    fn pages(files: &[(&str, &str)]) -> Vec<Page> {
        let dir = tempfile::tempdir().unwrap();
        files
            .iter()
            .map(|(file, front)| {
                let path = dir.path().join(file);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, format!("---\ntitle: {file}\n{front}\n---\nBody.\n"))
                    .unwrap();
                crate::content::load_page(dir.path(), &path, file, &Default::default(), true)
                    .unwrap()
            })
            .collect()
    }

    fn summary(taxonomies: &[Taxonomy]) -> Vec<String> {
        taxonomies
            .iter()
            .flat_map(|t| {
                t.terms.iter().map(move |term| {
                    format!("{}/{} {} {:?}", t.name, term.slug, term.name, term.pages)
                })
            })
            .collect()
    }

    #[test]
    fn builds_terms_in_one_pass_with_display_names() {
        let config = config(
            "[taxonomies.topics]\ntitle = \"Topics\"\n[taxonomies.topics.terms]\nnato = \"NATO membership\"\nland = \"Territory\"\nunused = \"Unused\"\n",
        );
        let pages = pages(&[
            ("a.md", "topics: [nato, land]"),
            ("b.md", "topics: [land]"),
            ("c.md", ""),
            ("s/_index.md", "topics: [nato]"),
            ("s/d.md", "topics: [nato]"),
        ]);
        let (taxonomies, errors) = build(&config, &pages);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(
            summary(&taxonomies),
            [
                "topics/land Territory [0, 1]",
                "topics/nato NATO membership [0, 4]"
            ]
        );
    }

    #[test]
    fn reports_every_bad_term_at_its_place() {
        let listed =
            config("[taxonomies.topics]\n[taxonomies.topics.terms]\nnato-membership = \"NATO\"\n");
        let free = config("[taxonomies.tags]\ntitle = \"Tags\"\n");
        let cases: [(&Config, &str, &[&str]); 8] = [
            (
                &listed,
                "topics: [nato-membersip]",
                &[
                    "unknown term `nato-membersip`",
                    "did you mean `nato-membership`?",
                    ":3:",
                ],
            ),
            (
                &listed,
                "topics: [water]",
                &["unknown term `water`", "are: nato-membership"],
            ),
            (
                &listed,
                "topics:\n  - nato-membership\n  - nato-membership",
                &["listed twice", ":4:"],
            ),
            (
                &listed,
                "tags: [a]",
                &["`tags` is not a field", "[taxonomies.tags]"],
            ),
            (&free, "topics: [a]", &["`topics` is not a field"]),
            // Written, even empty, it is still a field the site does not have.
            (&free, "topics: []", &["`topics` is not a field"]),
            (&listed, "tags:\n", &["`tags` is not a field"]),
            (
                &free,
                "tags: [Big Deal]",
                &["`Big Deal` is not a term of `tags`"],
            ),
        ];
        for (config, front, wanted) in cases {
            let (_, errors) = build(config, &pages(&[("a.md", front)]));
            assert_eq!(errors.len(), 1, "{front}: {errors:?}");
            let text = errors[0].render(false);
            for want in wanted {
                assert!(text.contains(want), "{front}: {want} in {text}");
            }
        }
        // Free terms are shown as written; an empty list is no error.
        let (taxonomies, errors) = build(
            &free,
            &pages(&[("a.md", "tags: [water, aid]"), ("b.md", "tags: []")]),
        );
        assert!(errors.is_empty());
        assert_eq!(
            summary(&taxonomies),
            ["tags/aid aid [0]", "tags/water water [0]"]
        );
    }

    #[test]
    fn a_page_may_not_take_a_taxonomys_url() {
        let config = config("[taxonomies.topics]\n");
        let (_, errors) = build(&config, &pages(&[("topics.md", "")]));
        assert!(
            errors[0].message.contains("index of the taxonomy `topics`"),
            "{errors:?}"
        );
        assert_eq!(config.taxonomies[0].title, "Topics");
    }
}
