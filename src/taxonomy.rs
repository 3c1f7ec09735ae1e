//! Taxonomies (Zola's name): `[taxonomies.topics]` in site.toml classifies
//! pages by the terms in their `topics:` list. Each used term gets a page at
//! `/topics/<term>/` (template `taxonomy_term.html`) and an Atom feed at
//! `/topics/<term>/atom.xml`; the taxonomy gets an index at `/topics/`
//! (`taxonomy_list.html`). With `terms` configured, a term outside the list
//! is an error at its line. A taxonomy field (`topics`, `tags`) written in a
//! page while its taxonomy is not configured is an error too.
//!
//! Building is one pass over the pages and their terms, with a hash map per
//! taxonomy from term to its entry: linear in the number of (page, term) pairs.

use std::collections::HashMap;

use serde::Serialize;

use crate::config::{Config, TAXONOMY_FIELDS, TaxonomyConfig};
use crate::content::{Kind, Page};
use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::frontmatter::FrontMatter;
use crate::site::PageId;

/// The template of a term's page and of a taxonomy's index.
pub const TERM_TEMPLATE: &str = "taxonomy_term.html";
pub const LIST_TEMPLATE: &str = "taxonomy_list.html";

/// One taxonomy of a site, with its used terms sorted by slug.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Taxonomy {
    pub name: String,
    pub title: String,
    pub terms: Vec<Term>,
}

/// A used term and its pages (pages only, not sections), in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub slug: String,
    pub name: String,
    pub pages: Vec<PageId>,
}

/// Whether `text` may be a term: a URL segment of lowercase letters, digits and `-`.
pub fn is_term(text: &str) -> bool {
    !text.is_empty()
        && !text.starts_with('-')
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// The terms a page lists for taxonomy `name`.
pub fn field<'a>(front: &'a FrontMatter, name: &str) -> &'a [String] {
    match name {
        "topics" => &front.topics,
        "tags" => &front.tags,
        _ => &[],
    }
}

/// URL path of a taxonomy's index, `topics/`, and of a term, `topics/nato/`.
pub fn list_path(name: &str) -> String {
    format!("{name}/")
}

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
        for page in pages {
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
    let mut index: HashMap<&str, usize> = HashMap::new();
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
                None if is_term(slug) => slug.clone(),
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

/// A term as templates see it.
#[derive(Debug, Serialize)]
pub struct TermView<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub permalink: String,
    pub path: String,
    /// The term's Atom feed.
    pub feed: String,
    pub page_count: usize,
}

/// A taxonomy as templates see it (`taxonomy`), and in the global `taxonomies`.
#[derive(Debug, Serialize)]
pub struct TaxonomyView<'a> {
    pub name: &'a str,
    pub title: &'a str,
    pub permalink: String,
    pub path: String,
    pub terms: Vec<TermView<'a>>,
}

impl<'a> TaxonomyView<'a> {
    pub fn new(config: &Config, taxonomy: &'a Taxonomy) -> Self {
        let url = |path: &str| format!("{}{path}", config.base_url);
        let local = |path: &str| format!("{}{path}", config.base_path);
        TaxonomyView {
            name: &taxonomy.name,
            title: &taxonomy.title,
            permalink: url(&list_path(&taxonomy.name)),
            path: local(&list_path(&taxonomy.name)),
            terms: taxonomy
                .terms
                .iter()
                .map(|term| term_view(config, &taxonomy.name, term))
                .collect(),
        }
    }
}

/// The terms of a page, taxonomy by taxonomy (`page.taxonomies.topics`),
/// in the order the page lists them; a binary search per listed term.
pub fn page_terms<'a>(
    config: &Config,
    taxonomies: &'a [Taxonomy],
    front: &FrontMatter,
) -> std::collections::BTreeMap<&'a str, Vec<TermView<'a>>> {
    taxonomies
        .iter()
        .map(|taxonomy| {
            let terms = field(front, &taxonomy.name)
                .iter()
                .filter_map(|slug| {
                    let at = taxonomy
                        .terms
                        .binary_search_by(|t| t.slug.as_str().cmp(slug))
                        .ok()?;
                    Some(term_view(config, &taxonomy.name, &taxonomy.terms[at]))
                })
                .collect();
            (taxonomy.name.as_str(), terms)
        })
        .collect()
}

fn term_view<'a>(config: &Config, taxonomy: &str, term: &'a Term) -> TermView<'a> {
    let path = term_path(taxonomy, &term.slug);
    TermView {
        slug: &term.slug,
        name: &term.name,
        permalink: format!("{}{path}", config.base_url),
        feed: format!("{}{path}{}", config.base_url, crate::feeds::FEED_FILE),
        path: format!("{}{path}", config.base_path),
        page_count: term.pages.len(),
    }
}

/// The templates a site with taxonomies needs.
pub fn wanted_templates(config: &Config) -> Vec<String> {
    if config.taxonomies.is_empty() {
        return Vec::new();
    }
    vec![LIST_TEMPLATE.to_string(), TERM_TEMPLATE.to_string()]
}

/// The index page of each taxonomy and the page of each used term, through
/// [`LIST_TEMPLATE`] and [`TERM_TEMPLATE`]; `summaries` are the pages' values.
pub fn page_files(
    site: &crate::site::Site,
    templates: &crate::templates::Templates,
    summaries: &[tera::Value],
) -> Result<Vec<crate::render::OutputFile>, Diagnostic> {
    let config = &site.config;
    let mut files = Vec::new();
    for taxonomy in &site.taxonomies {
        for name in [LIST_TEMPLATE, TERM_TEMPLATE] {
            if !templates.has(name) {
                return Err(templates
                    .missing(name, crate::config::key_location(&config.root, &format!("[taxonomies.{}", taxonomy.name)))
                    .hint(format!("a site with [taxonomies.{}] needs templates/{name}; the default theme has one", taxonomy.name)));
            }
        }
        let view = TaxonomyView::new(config, taxonomy);
        let render = |name: &str, path: &str, context: &mut tera::Context| {
            context.insert("taxonomy", &view);
            context.insert("current_url", &format!("{}{path}", config.base_url));
            context.insert("current_path", &format!("{}{path}", config.base_path));
            templates
                .tera
                .render(name, context)
                .map(|html| crate::render::OutputFile {
                    path: crate::urls::index_file(path),
                    bytes: html.into_bytes(),
                })
                .map_err(|e| templates.diagnostic(&e, None))
        };
        let list = list_path(&taxonomy.name);
        files.push(render(LIST_TEMPLATE, &list, &mut tera::Context::new())?);
        for (term, term_view) in taxonomy.terms.iter().zip(&view.terms) {
            let mut context = tera::Context::new();
            context.insert("term", term_view);
            let values = |ids: &mut dyn Iterator<Item = &PageId>| {
                tera::Value::from(ids.map(|&id| summaries[id].clone()).collect::<Vec<_>>())
            };
            let is_event = |id: &&PageId| site.pages[**id].front.status.is_some();
            let mut events: Vec<PageId> = term.pages.iter().filter(is_event).copied().collect();
            events.sort_by_key(|&id| (site.pages[id].front.date.map(|d| (d.date, d.time)), id));
            context.insert_value("pages", values(&mut term.pages.iter()));
            context.insert_value(
                "articles",
                values(&mut term.pages.iter().filter(|id| !is_event(id))),
            );
            context.insert_value("events", values(&mut events.iter()));
            files.push(render(
                TERM_TEMPLATE,
                &term_path(&taxonomy.name, &term.slug),
                &mut context,
            )?);
        }
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn terms_are_url_segments() {
        for good in ["nato", "nato-membership", "article-5", "2025", "a"] {
            assert!(is_term(good), "{good}");
        }
        for bad in [
            "",
            "NATO",
            "nato membership",
            "-nato",
            "nato_membership",
            "é",
            "a/b",
            "a.b",
        ] {
            assert!(!is_term(bad), "{bad}");
        }
    }

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
                crate::content::load_page(dir.path(), &path, file, &Default::default()).unwrap()
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
        let terms = page_terms(&config, &taxonomies, &pages[0].front);
        let views: Vec<(&str, &str, &str)> = terms["topics"]
            .iter()
            .map(|t| (t.slug, t.name, t.permalink.as_str()))
            .collect();
        assert_eq!(
            views,
            [
                ("nato", "NATO membership", "https://e.org/x/topics/nato/"),
                ("land", "Territory", "https://e.org/x/topics/land/")
            ]
        );
        assert_eq!(
            terms["topics"][0].feed,
            "https://e.org/x/topics/nato/atom.xml"
        );
        assert_eq!(terms["topics"][0].path, "/x/topics/nato/");
    }

    #[test]
    fn reports_every_bad_term_at_its_place() {
        let listed =
            config("[taxonomies.topics]\n[taxonomies.topics.terms]\nnato-membership = \"NATO\"\n");
        let free = config("[taxonomies.tags]\ntitle = \"Tags\"\n");
        let cases: [(&Config, &str, &[&str]); 6] = [
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
