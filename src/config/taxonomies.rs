//! `[taxonomies.NAME]`: the front-matter lists pages are classified by.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::title_from_name;
use crate::diagnostics::{Diagnostic, Location, Result, did_you_mean};

/// Front-matter lists a `[taxonomies.NAME]` may classify pages by.
pub const TAXONOMY_FIELDS: &[&str] = &["topics", "tags"];

/// `[taxonomies.NAME]` as written in site.toml, before it is checked.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTaxonomy {
    title: Option<String>,
    /// Allowed terms: slug → display name.
    terms: Option<BTreeMap<String, String>>,
}

/// A taxonomy (`[taxonomies.topics]`): pages list terms in the front-matter
/// field of its name; each term gets a page at `/NAME/TERM/` and a feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaxonomyConfig {
    /// `NAME` of `[taxonomies.NAME]`: the front-matter field and URL segment.
    pub name: String,
    /// Its title, for people (made from the name if unset).
    pub title: String,
    /// The allowed terms (slug, display name), sorted by slug; `None` allows any slug.
    pub terms: Option<Vec<(String, String)>>,
}

/// Checks the written taxonomies into [`TaxonomyConfig`]s, in name order: the
/// name must be one of [`TAXONOMY_FIELDS`] and each term a slug; errors point
/// at the key (`at_key`).
pub(super) fn resolve_taxonomies(
    raw: BTreeMap<String, RawTaxonomy>,
    at_key: &dyn Fn(&str) -> Location,
) -> Result<Vec<TaxonomyConfig>> {
    let mut out = Vec::new();
    for (name, RawTaxonomy { title, terms }) in raw {
        let error = |message: String, hint: String| {
            Diagnostic::error(message)
                .at(at_key(&format!("[taxonomies.{name}")))
                .hint(hint)
        };
        if !TAXONOMY_FIELDS.contains(&name.as_str()) {
            let near = did_you_mean(&name, TAXONOMY_FIELDS.iter().copied());
            return Err(error(
                format!(
                    "unknown taxonomy `{name}`: pages can be classified by {}",
                    TAXONOMY_FIELDS.join(" or ")
                ),
                near.map_or_else(
                    || "name the table [taxonomies.topics]".into(),
                    |n| format!("did you mean `{n}`?"),
                ),
            )
            .into());
        }
        for slug in terms.iter().flat_map(|t| t.keys()) {
            if !crate::urls::is_term(slug) {
                return Err(Diagnostic::error(
                    format!("taxonomy `{name}` has term `{slug}`, which is not a URL segment"),
                )
                .at(at_key(&format!("taxonomies.\"{name}\".terms.\"{slug}\"")))
                .hint(
                    "write terms in lowercase letters, digits and `-`, e.g. nato-membership = \"NATO membership\"",
                )
                .into());
            }
        }
        out.push(TaxonomyConfig {
            title: title.unwrap_or_else(|| title_from_name(&name)),
            terms: terms.map(|t| t.into_iter().collect()),
            name,
        });
    }
    Ok(out)
}
