//! The cross-checks of the site graph that read front matter: section
//! schemas (required fields, date order), reference fields resolved to
//! pages, and cited sources.

use std::collections::{BTreeMap, HashMap};

use rustc_hash::FxHashMap;

use rayon::prelude::*;

use super::{PageId, References, Site};
use crate::content::{Kind, Page};
use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::frontmatter::{FIELDS, Field};
use crate::layout::ACTORS_SECTION;

/// The reference field that names actors (`actors`): the one whose ids point
/// into the actors section unless a section schema says otherwise.
pub fn actors_field() -> Option<&'static Field> {
    FIELDS
        .iter()
        .find(|field| field.reference_to == Some(ACTORS_SECTION))
}

impl Site {
    /// The actor pages that page `id` names, however its front matter names
    /// them (`trump` or `Donald Trump`), as the site resolved them, in
    /// front-matter order.
    pub fn actors_of(&self, id: PageId) -> &[PageId] {
        actors_field()
            .and_then(|field| self.references.get(&id)?.get(field.name))
            .map_or(&[], Vec::as_slice)
    }

    /// [`Site::check_schema`] for every page.
    pub(super) fn check_schemas(&self, errors: &mut Vec<Diagnostic>) {
        for id in 0..self.pages.len() {
            self.check_schema(id, errors);
        }
    }

    /// Checks a page (not a section) against its section's schema: required
    /// fields present, and so on.
    pub(super) fn check_schema(&self, id: PageId, errors: &mut Vec<Diagnostic>) {
        let page = &self.pages[id];
        if page.kind != Kind::Page {
            return;
        }
        let schema = self.config.section_schema(&page.section_name);
        for field in &schema.required {
            if !page.front.has(field) {
                // Written but empty (`name: ""`, `name: ~`, `actors: []`): at its line.
                let (what, at) = match page.written_key_location(field) {
                    Some(at) => (format!("required field `{field}` is empty"), at),
                    None => (
                        format!("missing required field `{field}`"),
                        page.key_location("title"),
                    ),
                };
                errors.push(
                    Diagnostic::error(format!(
                        "{what} (pages in `{}/` must have it)",
                        page.section_name
                    ))
                    .at(at)
                    .hint(format!(
                        "add `{field}: ...` to the front matter; see [sections.{}] in site.toml",
                        page.section_name
                    )),
                );
            }
        }
        // A date as written, with its time of day when it has one.
        let show = |d: crate::dates::PartialDate| match d.time {
            Some(time) => format!("{d} {time}"),
            None => d.to_string(),
        };
        if let (Some(start), Some(end)) = (page.front.date, page.front.end_date)
            && end.is_before(&start)
        {
            errors.push(
                Diagnostic::error(format!("end_date {} is before date {}", show(end), show(start)))
                    .at(page.key_location("end_date"))
                    .hint("a period runs from `date` to `end_date`; each is compared at its precision (end_date 2025 covers the whole year)"),
            );
        }
        // An article is updated after it is published; an event's `date` is
        // the event's, which says nothing about when its page changed.
        if let (Some(published), Some(updated)) = (page.front.date, page.front.updated)
            && !crate::events::is_event(&page.front)
            && updated.is_before(&published)
        {
            errors.push(
                Diagnostic::error(format!(
                    "updated {} is before date {}: a page is updated after it is published",
                    show(updated),
                    show(published)
                ))
                .at(page.key_location("updated"))
                .hint("`date` is when the page was published and `updated` when it last changed; fix whichever is wrong"),
            );
        }
    }

    /// (language, section, slug) → page, for resolving references (FxHash:
    /// looked up per reference; the keys are the site's own names).
    pub(super) fn slug_index(&self) -> FxHashMap<(&str, &str, &str), PageId> {
        self.pages
            .iter()
            .enumerate()
            .filter(|(_, page)| page.kind == Kind::Page)
            .map(|(id, page)| {
                (
                    (
                        page.lang.as_str(),
                        page.section_name.as_str(),
                        page.slug.as_str(),
                    ),
                    id,
                )
            })
            .collect()
    }

    /// Resolves every page's reference fields (`actors`, …) to pages into
    /// `self.references`, by file or display name; unknown or ambiguous names
    /// are errors.
    pub(super) fn resolve_references(&mut self, errors: &mut Vec<Diagnostic>) {
        let slugs = self.slug_index();
        // In parallel (display names are slugified); errors stay in page order.
        let resolved: Vec<(PageId, References, Vec<Diagnostic>)> = (0..self.pages.len())
            .into_par_iter()
            .map(|id| {
                let mut page_errors = Vec::new();
                let fields = self.resolve_page_references(id, &slugs, &mut page_errors);
                (id, fields, page_errors)
            })
            .collect();
        let mut references: HashMap<PageId, References> = HashMap::new();
        for (id, fields, page_errors) in resolved {
            errors.extend(page_errors);
            if !fields.is_empty() {
                references.insert(id, fields);
            }
        }
        self.references = references;
    }

    /// Page `id`'s reference fields that list anything, resolved to pages.
    pub(super) fn resolve_page_references(
        &self,
        id: PageId,
        slugs: &FxHashMap<(&str, &str, &str), PageId>,
        errors: &mut Vec<Diagnostic>,
    ) -> References {
        let page = &self.pages[id];
        let mut fields = BTreeMap::new();
        for (field, ids) in crate::frontmatter::references(&page.front) {
            if ids.is_empty() {
                continue;
            }
            let target = self.config.reference_target(&page.section_name, field);
            // The target in the page's language, else in the default one
            // (issue 17: the page then says the profile is not translated).
            let lang = page.lang.as_str();
            let lookup = |slug: &str| {
                slugs
                    .get(&(lang, target.as_str(), slug))
                    .or_else(|| {
                        (!lang.is_empty())
                            .then(|| slugs.get(&("", target.as_str(), slug)))
                            .flatten()
                    })
                    .copied()
            };
            let mut resolved = Vec::new();
            let mut written: Vec<&str> = Vec::new();
            for reference in ids {
                written.push(reference);
                // An id, or a display name whose slug is the id ("Bela Novak" → bela-novak).
                // Or the display name (`name`, else `title`) of a page of the target section.
                let by_name = || {
                    self.page_named(&target, reference, lang).or_else(|| {
                        (!lang.is_empty())
                            .then(|| self.page_named(&target, reference, ""))
                            .flatten()
                    })
                };
                match lookup(reference)
                    .or_else(|| lookup(&slug::slugify(reference)))
                    .or_else(by_name)
                {
                    Some(target_id) => {
                        if let Some(first) = resolved.iter().position(|&r| r == target_id) {
                            errors.push(listed_twice(
                                page,
                                field,
                                &written,
                                first,
                                &self.pages[target_id].slug,
                            ));
                            continue;
                        }
                        resolved.push(target_id);
                    }
                    None => {
                        if let Some((file, slug)) = self.page_with_stem(&target, reference) {
                            errors.push(
                                Diagnostic::error(format!("unknown {field} reference `{reference}`: `{reference}` is the file name of content/{file}; that page's id is its slug `{slug}`"))
                                    .at(page.value_location(field, reference))
                                    .hint(format!("write `{slug}`: a reference names a page by its slug (its file name unless `slug:` sets one)")),
                            );
                            continue;
                        }
                        let known = slugs
                            .keys()
                            .filter(|(l, section, _)| *section == target && l.is_empty())
                            .map(|(_, _, slug)| *slug);
                        let hint = match did_you_mean(reference, known) {
                            Some(best) => format!("did you mean `{best}`?"),
                            None => {
                                format!("create content/{target}/{reference}.md or fix the id")
                            }
                        };
                        errors.push(
                            Diagnostic::error(format!("unknown {field} reference `{reference}`: no page `content/{target}/{reference}.md`"))
                                .at(page.value_location(field, reference))
                                .hint(hint),
                        );
                    }
                }
            }
            fields.insert(field, resolved);
        }
        fields
    }

    /// The file and slug of the page of `section` whose file name (without
    /// `.md`) is `stem` but whose `slug:` differs, for the error that names it.
    pub(super) fn page_with_stem(&self, section: &str, stem: &str) -> Option<(&str, &str)> {
        self.pages
            .iter()
            .find(|page| {
                page.kind == Kind::Page
                    && page.section_name == section
                    && page.lang.is_empty()
                    && page.file.rsplit('/').next() == Some(&format!("{stem}.md"))
            })
            .map(|page| (page.file.as_str(), page.slug.as_str()))
    }

    /// The page of `section` whose display name (`name`, else `title`) is
    /// `name`, ignoring case; a linear scan, only for references no slug matches.
    pub(super) fn page_named(&self, section: &str, name: &str, lang: &str) -> Option<PageId> {
        self.pages.iter().position(|page| {
            page.kind == Kind::Page
                && page.section_name == section
                && page.lang == lang
                && page.display_name().eq_ignore_ascii_case(name.trim())
        })
    }

    /// Whether any page's reference field names one of `names` (display names,
    /// ignoring case): then changing a page's display name can change what
    /// other pages' references resolve to, which only a full build re-checks.
    pub fn referenced_by_name(&self, names: &[&str]) -> bool {
        self.pages.iter().any(|page| {
            page.front.actors.iter().any(|reference| {
                names
                    .iter()
                    .any(|name| reference.trim().eq_ignore_ascii_case(name.trim()))
            })
        })
    }

    /// [`Site::check_page_sources`] for every page.
    pub(super) fn check_sources(&self, errors: &mut Vec<Diagnostic>) {
        for id in 0..self.pages.len() {
            self.check_page_sources(id, errors);
        }
    }

    /// Checks a page's `sources` list: each listed once, each one the site
    /// declares.
    pub(super) fn check_page_sources(&self, id: PageId, errors: &mut Vec<Diagnostic>) {
        let page = &self.pages[id];
        let written: Vec<&str> = page.front.sources.iter().map(String::as_str).collect();
        for (n, source) in page.front.sources.iter().enumerate() {
            if let Some(first) = written[..n].iter().position(|s| s == source) {
                errors.push(listed_twice(page, "sources", &written[..=n], first, source));
                continue;
            }
            if self.sources.get(source).is_none() {
                let hint = match did_you_mean(source, self.sources.ids()) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => format!(
                        "add an entry with `id: {source}` to {}",
                        self.config.sources_file.display()
                    ),
                };
                errors.push(
                    Diagnostic::error(format!("unknown source `{source}`"))
                        .at(page.value_location("sources", source))
                        .hint(hint),
                );
            }
        }
    }
}

/// The error for the last of `written` (references in `field`), which names
/// the same target (`id`) as `written[first]`: at its own place in the list.
fn listed_twice(page: &Page, field: &str, written: &[&str], first: usize, id: &str) -> Diagnostic {
    let Some((&again, earlier)) = written.split_last() else {
        return Diagnostic::error(format!("`{id}` is listed twice in {field}"));
    };
    let nth = earlier.iter().filter(|&&w| w == again).count();
    let text = page.text();
    let at = crate::frontmatter::nth_value_location(
        &page.display_path,
        &text,
        &page.split(&text),
        field,
        again,
        nth,
    );
    let message = if earlier[first] == again {
        format!("`{again}` is listed twice in {field}")
    } else {
        format!(
            "`{again}` and `{}` are the same ({id}): it is listed twice in {field}",
            earlier[first]
        )
    };
    Diagnostic::error(message)
        .at(at)
        .hint("remove one of them: each is listed once")
}
