//! `[sections.NAME]`: what a section requires of its pages and how it
//! orders them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{REFERENCE_FIELDS, SCHEMA_FIELDS};
use crate::diagnostics::{Diagnostic, Location, Result, did_you_mean};

/// `[sections.NAME]` as written in site.toml, before it is checked into a
/// [`SectionSchema`].
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSection {
    #[serde(default)]
    required: Vec<String>,
    sort_by: Option<SortBy>,
    #[serde(default)]
    references: BTreeMap<String, String>,
    template: Option<String>,
    page_template: Option<String>,
    /// Issue 13: every block of the section's pages needs a citation.
    #[serde(default)]
    require_citations: bool,
}

/// How a section orders its pages.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, Default)]
#[serde(rename_all = "kebab-case")]
pub enum SortBy {
    /// Oldest first (timelines).
    Date,
    /// Newest first (news lists).
    DateDesc,
    /// Weight, then title.
    #[default]
    Weight,
    /// By title.
    Title,
}

/// What a section requires of its pages.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SectionSchema {
    /// Front-matter fields every page of the section must have.
    pub required: Vec<String>,
    /// How the section's pages are listed.
    pub sort_by: SortBy,
    /// Reference field → the section its ids point into.
    pub references: BTreeMap<String, String>,
    /// `template`: the section page's template, instead of `section.html`.
    pub template: Option<String>,
    /// `page_template`: its pages' template, instead of `page.html`.
    pub page_template: Option<String>,
    /// Every paragraph, list item, blockquote and table of the section's
    /// pages (its `_index.md` too) needs a citation or `{analysis}`.
    pub require_citations: bool,
}

/// Checks each `[sections.NAME]`: `required` names front-matter fields a
/// schema may require, `references` only reference fields.
pub(super) fn resolve_sections(
    sections: BTreeMap<String, RawSection>,
    at_key: &dyn Fn(&str) -> Location,
) -> Result<BTreeMap<String, SectionSchema>> {
    let mut resolved = BTreeMap::new();
    for (name, section) in sections {
        let RawSection {
            required,
            sort_by,
            references,
            template,
            page_template,
            require_citations,
        } = section;
        for field in &required {
            if field != "title" && !SCHEMA_FIELDS.contains(&field.as_str()) {
                return Err(Diagnostic::error(format!(
                    "section `{name}` requires unknown field `{field}`"
                ))
                .at(at_key(&format!("sections.\"{name}\".required")))
                .maybe_hint(
                    did_you_mean(field, SCHEMA_FIELDS.iter().copied())
                        .map(|f| format!("did you mean `{f}`?")),
                )
                .into());
            }
        }
        for field in references.keys() {
            if !REFERENCE_FIELDS.contains(&field.as_str()) {
                return Err(Diagnostic::error(format!(
                    "section `{name}` declares `{field}` as a reference field, but only {} can hold references",
                    REFERENCE_FIELDS.join(", ")
                ))
                .at(at_key(&format!("sections.\"{name}\".references.\"{field}\"")))
                .into());
            }
        }
        resolved.insert(
            name,
            SectionSchema {
                required,
                sort_by: sort_by.unwrap_or_default(),
                references,
                template,
                page_template,
                require_citations,
            },
        );
    }
    Ok(resolved)
}
