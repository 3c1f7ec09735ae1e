//! The front-matter field table: every field a page may write, by its
//! front-matter name, with what "set" means for it, whether a section schema
//! may require it and whether it holds ids of pages elsewhere. [`FrontMatter::has`],
//! [`REQUIRABLE_FIELDS`] and [`REFERENCE_FIELDS`] are read from it, so a field
//! is named in one list; a unit test checks the list against the struct.

use super::FrontMatter;

/// One front-matter field.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// Its name in the front matter (and in `FrontMatter`).
    pub name: &'static str,
    /// Whether a page sets it: text must have words (an empty, blank or
    /// null value counts as not set), a list an item.
    pub is_set: fn(&FrontMatter) -> bool,
    /// Whether a section schema may name it in `required` (`title` is
    /// required of every page already, so it is not listed there).
    pub requirable: bool,
    /// For a list of page ids: the section those pages are in, unless the
    /// section schema's `references` names another.
    pub reference_to: Option<&'static str>,
    /// A list of text's items, for list fields.
    pub items: Option<fn(&FrontMatter) -> &[String]>,
}

/// Whether optional text has words.
fn text(value: &Option<String>) -> bool {
    value.as_deref().is_some_and(|v| !crate::text::is_blank(v))
}

/// A field that is neither requirable nor a list.
const fn plain(name: &'static str, is_set: fn(&FrontMatter) -> bool) -> Field {
    Field {
        name,
        is_set,
        requirable: false,
        reference_to: None,
        items: None,
    }
}

/// A field a section schema may require.
const fn requirable(name: &'static str, is_set: fn(&FrontMatter) -> bool) -> Field {
    Field {
        requirable: true,
        ..plain(name, is_set)
    }
}

/// A list of text a section schema may require; `is_set` is "has an item".
const fn list(
    name: &'static str,
    is_set: fn(&FrontMatter) -> bool,
    items: fn(&FrontMatter) -> &[String],
) -> Field {
    Field {
        items: Some(items),
        ..requirable(name, is_set)
    }
}

/// Every field of [`FrontMatter`], in the struct's order.
pub const FIELDS: &[Field] = &[
    plain("title", |f| !crate::text::is_blank(&f.title)),
    requirable("description", |f| text(&f.description)),
    requirable("date", |f| f.date.is_some()),
    requirable("updated", |f| f.updated.is_some()),
    requirable("reviewed", |f| f.reviewed.is_some()),
    plain("draft", |f| f.draft),
    requirable("weight", |f| f.weight.is_some()),
    plain("slug", |f| text(&f.slug)),
    plain("template", |f| text(&f.template)),
    Field {
        requirable: false,
        ..list("aliases", |f| !f.aliases.is_empty(), |f| &f.aliases)
    },
    plain("extra", |f| !f.extra.is_empty()),
    Field {
        reference_to: Some("actors"),
        ..list("actors", |f| !f.actors.is_empty(), |f| &f.actors)
    },
    list("sources", |f| !f.sources.is_empty(), |f| &f.sources),
    list("tags", |f| !f.tags.is_empty(), |f| &f.tags),
    list("topics", |f| !f.topics.is_empty(), |f| &f.topics),
    requirable("end_date", |f| f.end_date.is_some()),
    requirable("status", |f| f.status.is_some()),
    requirable("location", |f| text(&f.location)),
    requirable("name", |f| text(&f.name)),
    requirable("kind", |f| f.kind.is_some()),
    requirable("role", |f| text(&f.role)),
    requirable("affiliation", |f| text(&f.affiliation)),
    plain("corrections", |f| !f.corrections.is_empty()),
    plain("updates", |f| !f.updates.is_empty()),
    plain("publish_date", |f| f.publish_date.is_some()),
    plain("expiry_date", |f| f.expiry_date.is_some()),
];

/// Fields a section schema may name in `required` (besides `title`).
pub const REQUIRABLE_FIELDS: &[&str] = &names::<{ count(Pick::Requirable) }>(Pick::Requirable);

/// Fields that hold ids of pages in another section.
pub const REFERENCE_FIELDS: &[&str] = &names::<{ count(Pick::References) }>(Pick::References);

/// Which names [`names`] lists.
#[derive(Clone, Copy)]
enum Pick {
    Requirable,
    References,
}

const fn picked(field: &Field, pick: Pick) -> bool {
    match pick {
        Pick::Requirable => field.requirable,
        Pick::References => field.reference_to.is_some(),
    }
}

/// How many fields `pick` lists.
const fn count(pick: Pick) -> usize {
    let (mut n, mut i) = (0, 0);
    while i < FIELDS.len() {
        if picked(&FIELDS[i], pick) {
            n += 1;
        }
        i += 1;
    }
    n
}

/// The names of the `N` fields `pick` lists, in the table's order.
const fn names<const N: usize>(pick: Pick) -> [&'static str; N] {
    let mut out = [""; N];
    let (mut n, mut i) = (0, 0);
    while i < FIELDS.len() {
        if picked(&FIELDS[i], pick) {
            out[n] = FIELDS[i].name;
            n += 1;
        }
        i += 1;
    }
    out
}

/// The field called `name`, if there is one.
pub fn field(name: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|field| field.name == name)
}

/// The reference fields of a page with the ids written in each (empty
/// lists included), in the table's order.
pub fn references(front: &FrontMatter) -> impl Iterator<Item = (&'static str, &[String])> {
    FIELDS.iter().filter_map(move |field| {
        field.reference_to?;
        Some((field.name, (field.items?)(front)))
    })
}

impl FrontMatter {
    /// Whether a field is set, by its front-matter name (see
    /// [`Field::is_set`]); an unknown name is not set. Section schemas check
    /// their `required` fields with it.
    pub fn has(&self, field: &str) -> bool {
        self::field(field).is_some_and(|field| (field.is_set)(self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A header that sets every field.
    const EVERY_FIELD: &str = "---
title: T
description: D
date: 2025-01-01
updated: 2025-01-02
reviewed: 2025-01-03
draft: true
weight: 1
slug: s
template: page.html
aliases: [/old/]
extra: {k: v}
actors: [a]
sources: [s]
tags: [t]
topics: [p]
end_date: 2025-01-04
status: happened
location: Berlin
name: N
kind: person
role: R
affiliation: A
corrections: [{date: 2025-01-05, text: Fixed.}]
updates: [{date: 2025-01-06, text: Added.}]
publish_date: 2025-01-01
expiry_date: 2025-02-01
---
";

    #[test]
    fn the_table_names_every_field_of_the_struct() {
        // serde lists the struct's fields when it meets an unknown one.
        let error = super::super::tests::parse_text("---\ntitle: T\nnot_a_field: 1\n---\n")
            .expect_err("unknown field");
        let listed: Vec<&str> = error.message.split('`').skip(3).step_by(2).collect();
        let table: Vec<&str> = FIELDS.iter().map(|field| field.name).collect();
        assert_eq!(listed, table, "{}", error.message);
        let written: Vec<&str> = EVERY_FIELD
            .lines()
            .filter_map(|line| line.split_once(':').map(|(key, _)| key))
            .collect();
        assert_eq!(written, table);
    }

    #[test]
    fn every_field_written_is_set() {
        let front = super::super::tests::parse_text(EVERY_FIELD).unwrap();
        for field in FIELDS {
            assert!(front.has(field.name), "{}", field.name);
            if let Some(items) = field.items {
                assert_eq!(items(&front).len(), 1, "{}", field.name);
            }
        }
        assert!(!FrontMatter::default().has("draft") && !front.has("nope"));
        assert_eq!(
            references(&front).collect::<Vec<_>>(),
            [("actors", &["a".to_string()][..])]
        );
    }

    #[test]
    fn derived_lists_keep_their_names_and_order() {
        assert_eq!(
            REQUIRABLE_FIELDS,
            [
                "description",
                "date",
                "updated",
                "reviewed",
                "weight",
                "actors",
                "sources",
                "tags",
                "topics",
                "end_date",
                "status",
                "location",
                "name",
                "kind",
                "role",
                "affiliation",
            ]
        );
        assert_eq!(REFERENCE_FIELDS, ["actors"]);
    }
}
