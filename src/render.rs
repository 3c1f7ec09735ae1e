//! Rendering: Markdown bodies (in parallel), the checks that need rendered
//! bodies (anchors, backlinks, freshness), then every page through its Tera
//! template (in parallel). Pure: the same site gives the same bytes.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

use rayon::prelude::*;
use tera::{Context, Value};

use crate::content::Kind;
use crate::diagnostics::{Diagnostic, Errors, Location, Result, did_you_mean};
use crate::markdown::{self, Rendered, Resolver};
use crate::site::{PageId, Site, sort_pages};
use crate::templates::{SiteData, Templates};
use crate::urls;
use crate::views::{
    CitationView, ConfigView, LINK_FIELDS, LinkView, PageView, SourceListing, SourceView,
    reading_time,
};

/// One file of the built site, held in memory until the output stage writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path below the output root, `/`-separated.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// A file copied as-is into the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopiedFile {
    pub source: PathBuf,
    pub path: String,
}

/// The whole rendered site.
#[derive(Debug, Default)]
pub struct RenderedSite {
    pub files: Vec<OutputFile>,
    pub warnings: Vec<Diagnostic>,
    pub bodies: Vec<Rendered>,
    pub backlinks: HashMap<PageId, Vec<PageId>>,
    pub stale: Vec<bool>,
}

struct SiteResolver<'a>(&'a Site);

impl Resolver for SiteResolver<'_> {
    fn page_url(&self, file: &str) -> Option<String> {
        self.0.by_file.get(file).map(|&id| self.0.permalink(id))
    }
    fn has_source(&self, id: &str) -> bool {
        self.0.sources.get(id).is_some()
    }
}

/// Renders every Markdown body and runs the checks that need them.
pub fn render_bodies(site: &Site) -> Result<(Vec<Rendered>, Vec<Diagnostic>)> {
    let resolver = SiteResolver(site);
    let bodies: Vec<Rendered> = site
        .pages
        .par_iter()
        .map(|page| markdown::render(page.body(), &site.config.markdown, &resolver))
        .collect();
    let mut errors = Vec::new();
    for (page, body) in site.pages.iter().zip(&bodies) {
        let at = |offset: usize| {
            Location::at_offset(&page.display_path, &page.source, page.body_offset + offset)
        };
        for problem in &body.problems {
            errors.push(
                Diagnostic::error(problem.message.clone())
                    .at(at(problem.offset))
                    .maybe_hint(problem.hint.clone()),
            );
        }
        for link in &body.links {
            let Some(fragment) = &link.fragment else {
                continue;
            };
            let Some(&target) = site.by_file.get(&link.file) else {
                continue;
            };
            let ids = &bodies[target].heading_ids;
            if !ids.iter().any(|id| id == fragment) {
                let hint = match did_you_mean(fragment, ids.iter().map(String::as_str)) {
                    Some(best) => format!("did you mean `#{best}`?"),
                    None if ids.is_empty() => format!("content/{} has no headings", link.file),
                    None => format!(
                        "headings there: {}",
                        ids.iter()
                            .map(|i| format!("#{i}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                errors.push(
                    Diagnostic::error(format!(
                        "broken anchor: content/{} has no heading `#{fragment}`",
                        link.file
                    ))
                    .at(at(link.offset))
                    .hint(hint),
                );
            }
        }
    }
    let warnings = freshness_warnings(site);
    if errors.is_empty() {
        Ok((bodies, warnings))
    } else {
        Err(Errors(errors))
    }
}

/// Whether each page's last review is older than the configured maximum age.
pub fn stale_flags(site: &Site) -> Vec<bool> {
    let (Some(as_of), Some(max_age)) = (site.config.as_of, site.config.max_age_days) else {
        return vec![false; site.pages.len()];
    };
    site.pages
        .iter()
        .map(|page| {
            let reviewed = page.front.reviewed.or(page.front.updated);
            match reviewed {
                Some(date) => (as_of - date.date).num_days() > i64::from(max_age),
                None => false,
            }
        })
        .collect()
}

fn freshness_warnings(site: &Site) -> Vec<Diagnostic> {
    stale_flags(site)
        .iter()
        .zip(&site.pages)
        .filter(|(stale, _)| **stale)
        .map(|(_, page)| {
            let max_age = site.config.max_age_days.unwrap_or(0);
            Diagnostic::warning(format!(
                "stale: last reviewed more than {max_age} days before the site's as_of date"
            ))
            .at(page.key_location("reviewed"))
            .hint("check the page against current reporting and update `reviewed:`")
        })
        .collect()
}

/// Every page that references or links to each page, in date order.
pub fn backlinks(site: &Site, bodies: &[Rendered]) -> HashMap<PageId, Vec<PageId>> {
    let mut backlinks: HashMap<PageId, HashSet<PageId>> = HashMap::new();
    for (from, fields) in &site.references {
        for targets in fields.values() {
            for &target in targets {
                backlinks.entry(target).or_default().insert(*from);
            }
        }
    }
    for (from, body) in bodies.iter().enumerate() {
        for link in &body.links {
            if let Some(&target) = site.by_file.get(&link.file) {
                backlinks.entry(target).or_default().insert(from);
            }
        }
    }
    backlinks
        .into_iter()
        .map(|(target, sources)| {
            let mut list: Vec<PageId> = sources.into_iter().filter(|&s| s != target).collect();
            sort_pages(&site.pages, &mut list, crate::config::SortBy::Date);
            (target, list)
        })
        .collect()
}

/// Everything needed to build views, computed once per build.
struct Graph<'a> {
    site: &'a Site,
    bodies: &'a [Rendered],
    backlinks: &'a HashMap<PageId, Vec<PageId>>,
    stale: &'a [bool],
    /// Page → (lower, higher) neighbours in its section.
    neighbours: HashMap<PageId, (Option<PageId>, Option<PageId>)>,
}

impl<'a> Graph<'a> {
    /// The template value of a page: its view plus links to other pages.
    fn value(&self, id: PageId, links: &[Value]) -> Result<Value> {
        let site = self.site;
        let page = &site.pages[id];
        let mut map = to_value(&self.view(id))?.into_map().unwrap_or_default();
        let list =
            |ids: &[PageId]| Value::from(ids.iter().map(|&t| links[t].clone()).collect::<Vec<_>>());
        let actors = site
            .references
            .get(&id)
            .and_then(|fields| fields.get("actors"));
        let mut ancestors = Vec::new();
        let mut parent = site.by_file.get(&page.parent).copied();
        while let Some(p) = parent {
            if p == id || ancestors.len() > 32 {
                break;
            }
            ancestors.push(p);
            parent = if site.pages[p].file == "_index.md" {
                None
            } else {
                site.by_file.get(&site.pages[p].parent).copied()
            };
        }
        ancestors.reverse();
        let (lower, higher) = self.neighbours.get(&id).copied().unwrap_or((None, None));
        let one = |target: Option<PageId>| target.map_or_else(Value::none, |t| links[t].clone());
        let [f_actors, f_backlinks, f_ancestors, f_lower, f_higher] = LINK_FIELDS;
        map.insert(f_actors.into(), list(actors.map_or(&[][..], Vec::as_slice)));
        map.insert(
            f_backlinks.into(),
            list(self.backlinks.get(&id).map_or(&[][..], Vec::as_slice)),
        );
        map.insert(f_ancestors.into(), list(&ancestors));
        map.insert(f_lower.into(), one(lower));
        map.insert(f_higher.into(), one(higher));
        Ok(Value::from(map))
    }

    fn view(&self, id: PageId) -> PageView<'a> {
        let site = self.site;
        let page = &site.pages[id];
        let body = &self.bodies[id];
        let front = &page.front;
        let mut sources: Vec<SourceView<'a>> = Vec::new();
        let mut seen = HashSet::new();
        for source_id in front.sources.iter().chain(&body.citations) {
            if seen.insert(source_id.as_str())
                && let Some(source) = site.sources.get(source_id)
            {
                sources.push(SourceView::new(source));
            }
        }
        let citations = body
            .citations
            .iter()
            .enumerate()
            .filter_map(|(i, source_id)| {
                let source = site.sources.get(source_id)?;
                Some(CitationView {
                    number: i + 1,
                    id: &source.id,
                    source: SourceView::new(source),
                })
            })
            .collect();
        PageView {
            kind: PageView::kind_name(page.kind),
            relative_path: &page.file,
            title: &front.title,
            description: front.description.as_deref(),
            slug: &page.slug,
            path: site.path(id),
            permalink: site.permalink(id),
            section: &page.section_name,
            draft: front.draft,
            weight: front.weight,
            date: front.date.map(|d| d.iso()),
            date_display: front.date.map(|d| d.display()),
            date_precision: front.date.map(|d| d.precision),
            year: front.date.map(|d| d.year()),
            month: front
                .date
                .filter(|d| d.precision != crate::dates::Precision::Year)
                .map(|d| d.month()),
            end_date: front.end_date.map(|d| d.iso()),
            end_date_display: front.end_date.map(|d| d.display()),
            updated: front.updated.map(|d| d.iso()),
            updated_display: front.updated.map(|d| d.display()),
            reviewed: front.reviewed.map(|d| d.iso()),
            reviewed_display: front.reviewed.map(|d| d.display()),
            stale: self.stale.get(id).copied().unwrap_or(false),
            status: front.status,
            status_label: front.status.map(|s| s.label()),
            location: front.location.as_deref(),
            name: front.name.as_deref(),
            actor_kind: front.kind,
            role: front.role.as_deref(),
            affiliation: front.affiliation.as_deref(),
            aliases: &front.aliases,
            tags: &front.tags,
            extra: &front.extra,
            summary: body.summary.as_deref(),
            toc: &body.toc,
            word_count: body.word_count,
            reading_time: reading_time(body.word_count),
            sources,
            citations,
        }
    }
}

fn to_value<T: serde::Serialize>(value: &T) -> Result<Value> {
    Value::try_from_serializable(value).map_err(|e| {
        Errors::one(Diagnostic::error(format!(
            "could not prepare template data: {e}"
        )))
    })
}

/// Renders every page, section, alias and the 404 page.
pub fn render_site(site: &Site, mut templates: Templates) -> Result<RenderedSite> {
    let (bodies, warnings) = render_bodies(site)?;
    let backlinks = backlinks(site, &bodies);
    let stale = stale_flags(site);
    let mut neighbours = HashMap::new();
    for list in site.section_pages.values() {
        for (i, &id) in list.iter().enumerate() {
            let lower = i.checked_sub(1).map(|j| list[j]);
            let higher = list.get(i + 1).copied();
            neighbours.insert(id, (lower, higher));
        }
    }
    let graph = Graph {
        site,
        bodies: &bodies,
        backlinks: &backlinks,
        stale: &stale,
        neighbours,
    };
    let links: Vec<Value> = (0..site.pages.len())
        .into_par_iter()
        .map(|id| to_value(&LinkView::new(site, id)))
        .collect::<Result<_>>()?;
    let summaries: Vec<Value> = (0..site.pages.len())
        .into_par_iter()
        .map(|id| graph.value(id, &links))
        .collect::<Result<_>>()?;
    let mut section_values: HashMap<PageId, Value> = HashMap::new();
    for (id, page) in site.pages.iter().enumerate() {
        if page.kind == Kind::Section {
            section_values.insert(id, section_value(site, &summaries, id, None));
        }
    }
    let data = SiteData {
        by_file: site.by_file.clone(),
        summaries,
        sections: section_values,
        permalinks: site
            .by_file
            .iter()
            .map(|(file, &id)| (file.clone(), site.permalink(id)))
            .collect(),
        base_url: site.config.base_url.clone(),
        sources: to_value(&source_listing(site, &bodies))?,
    };
    let _ = templates.data.set(data);
    let Some(data) = templates.data.get() else {
        return Err(Errors::one(Diagnostic::error(
            "templates were already used for another build",
        )));
    };
    let summaries = &data.summaries;
    templates
        .tera
        .global_context()
        .insert("config", &ConfigView::new(&site.config));

    let mut errors = Vec::new();
    let mut jobs: Vec<(PageId, String)> = Vec::new();
    for (id, page) in site.pages.iter().enumerate() {
        let schema = site.config.section_schema(&page.section_name);
        let (name, from_front) = match (&page.front.template, page.kind) {
            (Some(name), _) => (name.clone(), true),
            (None, Kind::Section) if page.file == "_index.md" => ("index.html".to_string(), false),
            (None, Kind::Section) => (
                schema
                    .template
                    .clone()
                    .unwrap_or_else(|| "section.html".into()),
                false,
            ),
            (None, Kind::Page) => (
                schema
                    .page_template
                    .clone()
                    .unwrap_or_else(|| "page.html".into()),
                false,
            ),
        };
        if !templates.has(&name) {
            let at = if from_front {
                page.key_location("template")
            } else {
                page.start_location()
            };
            errors.push(templates.missing(&name, at));
            continue;
        }
        jobs.push((id, name));
    }
    if !errors.is_empty() {
        return Err(Errors(errors));
    }
    let templates = &templates;
    let rendered: Vec<std::result::Result<OutputFile, Diagnostic>> = jobs
        .par_iter()
        .map(|(id, name)| {
            let page = &site.pages[*id];
            let mut context = Context::new();
            let content = Some(bodies[*id].html.as_str());
            if page.kind == Kind::Section {
                context.insert_value("section", section_value(site, summaries, *id, content));
            } else {
                context.insert_value("page", with_content(&summaries[*id], content));
            }
            context.insert("current_url", &site.permalink(*id));
            context.insert("current_path", &site.path(*id));
            let html = templates
                .tera
                .render(name, &context)
                .map_err(|e| templates.diagnostic(&e, Some(&page.display_path)))?;
            Ok(OutputFile {
                path: urls::index_file(&page.url_path),
                bytes: html.into_bytes(),
            })
        })
        .map(|r: std::result::Result<OutputFile, Errors>| {
            r.map_err(|e| {
                e.0.into_iter()
                    .next()
                    .unwrap_or_else(|| Diagnostic::error("render failed"))
            })
        })
        .collect();
    let mut files = Vec::with_capacity(rendered.len() + site.aliases.len() + 1);
    for result in rendered {
        match result {
            Ok(file) => files.push(file),
            Err(diagnostic) => errors.push(diagnostic),
        }
    }
    if templates.has("404.html") {
        let mut context = Context::new();
        context.insert("current_url", &format!("{}404.html", site.config.base_url));
        context.insert(
            "current_path",
            &format!("{}404.html", site.config.base_path),
        );
        match templates.tera.render("404.html", &context) {
            Ok(html) => files.push(OutputFile {
                path: "404.html".into(),
                bytes: html.into_bytes(),
            }),
            Err(e) => errors.push(templates.diagnostic(&e, None)),
        }
    }
    for (alias, id) in &site.aliases {
        files.push(OutputFile {
            path: urls::index_file(alias),
            bytes: redirect_page(&site.permalink(*id)).into_bytes(),
        });
    }
    if !errors.is_empty() {
        return Err(Errors(errors));
    }
    Ok(RenderedSite {
        files,
        warnings,
        bodies,
        backlinks,
        stale,
    })
}

/// A page's value with its rendered body as `content`.
fn with_content(summary: &Value, content: Option<&str>) -> Value {
    let mut map = summary.as_map().cloned().unwrap_or_default();
    if let Some(content) = content {
        map.insert("content".into(), Value::safe_string(content));
    }
    Value::from(map)
}

/// A section's value: its page value plus its `pages` and `subsections`.
fn section_value(site: &Site, summaries: &[Value], id: PageId, content: Option<&str>) -> Value {
    let collect = |list: Option<&Vec<PageId>>| {
        Value::from(list.map_or_else(Vec::new, |ids| {
            ids.iter()
                .map(|&p| summaries[p].clone())
                .collect::<Vec<_>>()
        }))
    };
    let mut map = with_content(&summaries[id], content)
        .into_map()
        .unwrap_or_default();
    map.insert("pages".into(), collect(site.section_pages.get(&id)));
    map.insert("subsections".into(), collect(site.subsections.get(&id)));
    Value::from(map)
}

fn source_listing<'a>(site: &'a Site, bodies: &[Rendered]) -> Vec<SourceListing<'a>> {
    let mut cited_by: BTreeMap<&str, Vec<PageId>> = BTreeMap::new();
    for (id, page) in site.pages.iter().enumerate() {
        let mut ids: Vec<&str> = page.front.sources.iter().map(String::as_str).collect();
        ids.extend(bodies[id].citations.iter().map(String::as_str));
        ids.sort_unstable();
        ids.dedup();
        for source in ids {
            cited_by.entry(source).or_default().push(id);
        }
    }
    site.sources
        .by_id
        .values()
        .map(|source| {
            let mut pages = cited_by
                .get(source.id.as_str())
                .cloned()
                .unwrap_or_default();
            sort_pages(&site.pages, &mut pages, crate::config::SortBy::Title);
            SourceListing {
                source: SourceView::new(source),
                cited_by: pages.into_iter().map(|p| LinkView::new(site, p)).collect(),
            }
        })
        .collect()
}

/// A redirect page for an alias: works without JavaScript, tells search engines where to go.
pub fn redirect_page(target: &str) -> String {
    let url = escape_html(target);
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Redirecting…</title>\n<link rel=\"canonical\" href=\"{url}\">\n<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={url}\">\n</head>\n<body>\n<p>This page has moved to <a href=\"{url}\">{url}</a>.</p>\n</body>\n</html>\n"
    )
}

/// Escapes text for HTML content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
