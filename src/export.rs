//! Data export for reuse by others: `timeline.json` and `actors.json`, with the
//! stable schema documented in docs/data-export.md (`schema_version` changes on
//! any incompatible change).

use serde::Serialize;

use crate::content::{Kind, Page};
use crate::diagnostics::{Diagnostic, Result};
use crate::frontmatter::{ActorKind, Status};
use crate::layout::{ACTORS_FILE, ACTORS_SECTION, TIMELINE_FILE, TIMELINE_SECTION};
use crate::markdown::Rendered;
use crate::output::OutputFile;
use crate::site::{Edit, Inputs, PageId, Related, Site, SiteFile};

/// The version of the export schema (docs/data-export.md).
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Export<'a, T> {
    schema_version: u32,
    site: &'a str,
    as_of: Option<String>,
    items: Vec<T>,
}

#[derive(Serialize)]
struct EventItem<'a> {
    id: &'a str,
    title: &'a str,
    url: String,
    date: String,
    date_precision: crate::dates::Precision,
    end_date: Option<String>,
    status: Option<Status>,
    location: Option<&'a str>,
    actors: Vec<&'a str>,
    sources: Vec<&'a str>,
    description: Option<&'a str>,
    /// Issue 17: in a language's timeline.json, the item's language.
    #[serde(skip_serializing_if = "Option::is_none")]
    lang: Option<&'a str>,
}

#[derive(Serialize)]
struct ActorItem<'a> {
    id: &'a str,
    name: &'a str,
    kind: Option<ActorKind>,
    role: Option<&'a str>,
    affiliation: Option<&'a str>,
    url: String,
    description: Option<&'a str>,
    referenced_by: Vec<String>,
}

/// timeline.json and, on a multilingual site, each language's
/// (`uk/timeline.json`).
pub struct TimelineJson;

impl<T> SiteFile<Rendered, T> for TimelineJson {
    fn reads_values(&self) -> bool {
        false
    }
    fn path(&self) -> &'static str {
        TIMELINE_FILE
    }
    fn render(&self, inputs: &Inputs<'_, Rendered, T>) -> Result<Vec<OutputFile>> {
        timeline_files(inputs.site, inputs.bodies)
    }
    /// It shows the front matter of the timeline's pages and the sources
    /// their bodies cite.
    fn affected_by(&self, site: &Site, edit: &Edit, _: &[PageId]) -> bool {
        edit.fronts
            .iter()
            .chain(&edit.citations)
            .any(|&id| in_section(site, id, TIMELINE_SECTION))
    }
}

/// actors.json: the actors, their front matter and their backlinks.
pub struct ActorsJson;

impl<B, T> SiteFile<B, T> for ActorsJson {
    fn reads_values(&self) -> bool {
        false
    }
    fn path(&self) -> &'static str {
        ACTORS_FILE
    }
    fn render(&self, inputs: &Inputs<'_, B, T>) -> Result<Vec<OutputFile>> {
        Ok(vec![actors_file(inputs.site, inputs.related)?])
    }
    /// It shows the front matter of the actors' pages and their backlinks.
    fn affected_by(&self, site: &Site, edit: &Edit, relations_moved: &[PageId]) -> bool {
        edit.fronts
            .iter()
            .chain(relations_moved)
            .any(|&id| in_section(site, id, ACTORS_SECTION))
    }
}

/// Whether page `id` is a page (not a section) of section `name`.
fn in_section(site: &Site, id: PageId, name: &str) -> bool {
    let page = &site.pages[id];
    page.kind == Kind::Page && page.section_name == name
}

/// timeline.json and, on a multilingual site, each other language's
/// (`uk/timeline.json`, issue 17): the same events, each in the language
/// where it is translated (its `lang` says which).
fn timeline_files(site: &Site, bodies: &[Rendered]) -> Result<Vec<OutputFile>> {
    let mut files = vec![timeline_file(site, bodies)?];
    for language in &site.config.languages {
        files.push(timeline_file_in(site, bodies, &language.code)?);
    }
    Ok(files)
}

fn as_of(site: &Site) -> Option<String> {
    site.config.as_of.map(crate::dates::day_iso)
}

/// timeline.json: shows the front matter of the dated pages of the `timeline`
/// section and the sources their bodies cite.
fn timeline_file(site: &Site, bodies: &[Rendered]) -> Result<OutputFile> {
    timeline_file_in(site, bodies, "")
}

/// timeline.json in language `lang` (empty: the default, at the root).
fn timeline_file_in(site: &Site, bodies: &[Rendered], lang: &str) -> Result<OutputFile> {
    let mut events: Vec<(PageId, EventItem<'_>)> = Vec::new();
    for (original, page) in site.pages.iter().enumerate() {
        if !page.lang.is_empty() {
            continue;
        }
        let id = if lang.is_empty() {
            original
        } else {
            site.version_in(original, lang).unwrap_or(original)
        };
        let page = &site.pages[id];
        let front = &page.front;
        let (true, Some(date)) = (in_section(site, id, TIMELINE_SECTION), front.date) else {
            continue;
        };
        let mut sources: Vec<&str> = front.sources.iter().map(String::as_str).collect();
        for cited in &bodies[id].citations {
            if !sources.contains(&cited.as_str()) {
                sources.push(cited);
            }
        }
        events.push((
            id,
            EventItem {
                id: &page.slug,
                title: &front.title,
                url: site.permalink(id),
                date: date.iso(),
                date_precision: date.precision,
                end_date: front.end_date.map(|d| d.iso()),
                status: front.status,
                location: front.location.as_deref(),
                actors: actor_ids(site, id),
                sources,
                description: front.description.as_deref(),
                lang: (!lang.is_empty()).then(|| site.lang_of(id)),
            },
        ));
    }
    // The timeline's order: date, then the same-day order, then file.
    events.sort_by(|(a, _), (b, _)| {
        let (a, b) = (&site.pages[*a], &site.pages[*b]);
        let date = |page: &Page| page.front.date.map(|d| d.date);
        date(a)
            .cmp(&date(b))
            .then_with(|| crate::events::same_day_order(&a.front, &b.front))
            .then_with(|| a.file.cmp(&b.file))
    });
    let home = site.url(&format!("{lang}/"));
    let timeline = Export {
        schema_version: SCHEMA_VERSION,
        site: if lang.is_empty() {
            &site.config.base_url
        } else {
            &home
        },
        as_of: as_of(site),
        items: events.into_iter().map(|(_, e)| e).collect(),
    };
    if lang.is_empty() {
        json_file(TIMELINE_FILE, &timeline)
    } else {
        json_file(&format!("{lang}/{TIMELINE_FILE}"), &timeline)
    }
}

/// The ids (slugs) of the actor pages that page `id` names, however its front
/// matter names them (`trump` or `Donald Trump`), as the site resolved them.
fn actor_ids(site: &Site, id: PageId) -> Vec<&str> {
    site.actors_of(id)
        .iter()
        .map(|&t| site.pages[t].slug.as_str())
        .collect()
}

/// actors.json: shows the front matter of the pages of the `actors` section
/// and their backlinks.
fn actors_file(site: &Site, related: &[Related]) -> Result<OutputFile> {
    let mut actors = Vec::new();
    for (id, page) in site.pages.iter().enumerate() {
        if !in_section(site, id, ACTORS_SECTION) || !page.lang.is_empty() {
            continue;
        }
        let front = &page.front;
        actors.push(ActorItem {
            id: &page.slug,
            name: front.name.as_deref().unwrap_or(&front.title),
            kind: front.kind,
            role: front.role.as_deref(),
            affiliation: front.affiliation.as_deref(),
            url: site.permalink(id),
            description: front.description.as_deref(),
            referenced_by: related[id]
                .backlinks
                .iter()
                .map(|&b| site.permalink(b))
                .collect(),
        });
    }
    actors.sort_by(|a, b| a.id.cmp(b.id));
    let actors = Export {
        schema_version: SCHEMA_VERSION,
        site: &site.config.base_url,
        as_of: as_of(site),
        items: actors,
    };
    json_file(ACTORS_FILE, &actors)
}

fn json_file<T: Serialize>(path: &str, value: &T) -> Result<OutputFile> {
    let mut bytes = serde_json::to_vec_pretty(value)
        .map_err(|e| Diagnostic::error(format!("could not write {path}: {e}")))?;
    bytes.push(b'\n');
    Ok(OutputFile {
        path: path.into(),
        bytes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeline_json_lists_actors_by_slug_even_when_named_by_display_name() {
        let site = crate::site::test_site(
            "title = \"T\"\nbase_url = \"https://example.org/\"\n",
            &[
                (
                    "actors/korrin.md",
                    "---\ntitle: Authority of Korrin\n---\nAn authority.\n",
                ),
                (
                    "actors/bela-novak.md",
                    "---\ntitle: Bela Novak\n---\nA person.\n",
                ),
                (
                    "timeline/talks.md",
                    "---\ntitle: Talks\ndate: 2025-01-02\nstatus: happened\nactors: [\"Authority of Korrin\", Bela Novak]\n---\nThey met.\n",
                ),
            ],
        );
        let bodies = vec![Rendered::default(); site.pages.len()];
        let file = timeline_file(&site, &bodies).expect("timeline.json");
        let json: serde_json::Value = serde_json::from_slice(&file.bytes).expect("json");
        assert_eq!(
            json["items"][0]["actors"],
            serde_json::json!(["korrin", "bela-novak"])
        );
    }

    /// An actor, a timeline event that names it and cites a source, and
    /// their bodies.
    fn cited_site() -> (Site, Vec<Rendered>) {
        let site = crate::site::test_site(
            "title = \"T\"\nbase_url = \"https://example.org/\"\n",
            &[
                ("_index.md", "---\ntitle: Home\n---\n"),
                (
                    "actors/korrin.md",
                    "---\ntitle: Korrin\n---\nAn authority.\n",
                ),
                (
                    "timeline/talks.md",
                    "---\ntitle: Talks\ndate: 2025-01-02\nstatus: happened\nactors: [korrin]\n---\nThey met.\n",
                ),
            ],
        );
        let bodies = crate::render::render_bodies(&site);
        (site, bodies)
    }

    /// Which of timeline.json, actors.json and sitemap.xml the edit of `file`
    /// that `before` undoes affects, with `moved` the pages whose relations moved.
    fn affected(
        file: &str,
        moved: &[&str],
        before: impl FnOnce(&mut Page, &mut Rendered),
    ) -> [bool; 3] {
        let (site, bodies) = cited_site();
        let edit = crate::site::edit::edit_of(&site, &bodies, file, before);
        let moved: Vec<PageId> = moved.iter().map(|f| site.by_file[*f]).collect();
        let files: [&dyn SiteFile<Rendered, ()>; 3] =
            [&TimelineJson, &ActorsJson, &crate::feeds::Sitemap];
        files.map(|f| f.affected_by(&site, &edit, &moved))
    }

    #[test]
    fn a_title_edit_on_an_actor_page_affects_actors_json_not_the_sitemap() {
        let retitle = |page: &mut Page, _: &mut Rendered| page.front.title = "Before".into();
        assert_eq!(
            affected("actors/korrin.md", &[], retitle),
            [false, true, false]
        );
    }

    #[test]
    fn a_title_edit_on_an_event_affects_timeline_json_only() {
        let retitle = |page: &mut Page, _: &mut Rendered| page.front.title = "Before".into();
        assert_eq!(
            affected("timeline/talks.md", &[], retitle),
            [true, false, false]
        );
    }

    #[test]
    fn a_body_edit_of_an_event_that_changes_no_citation_does_not_affect_timeline_json() {
        let resummarise = |_: &mut Page, body: &mut Rendered| body.summary = Some("x".into());
        assert_eq!(
            affected("timeline/talks.md", &[], resummarise),
            [false, false, false]
        );
        let recite = |_: &mut Page, body: &mut Rendered| body.citations = vec!["other".into()];
        assert_eq!(
            affected("timeline/talks.md", &[], recite),
            [true, false, false]
        );
    }

    #[test]
    fn an_actor_s_new_backlinks_affect_actors_json() {
        let unchanged = |_: &mut Page, _: &mut Rendered| {};
        assert_eq!(
            affected("timeline/talks.md", &["actors/korrin.md"], unchanged),
            [false, true, false]
        );
        assert_eq!(
            affected("timeline/talks.md", &["timeline/talks.md"], unchanged),
            [false, false, false]
        );
    }
}
