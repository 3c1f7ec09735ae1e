//! `briefing new SECTION/NAME.md`: writes a draft page from the section's
//! schema in site.toml, or from the site's `archetypes/SECTION.md` (Hugo's
//! name) when there is one. Never overwrites a file.
//!
//! An archetype is the whole file, front matter and body, with these
//! placeholders replaced: `{{ title }}` (from NAME: `berlin-talks` →
//! `Berlin talks`), `{{ slug }}` (NAME), `{{ section }}` and `{{ date }}`
//! (today, `YYYY-MM-DD`; see [`crate::schedule::today`]).

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::config::{Config, Overrides, SectionSchema, title_from_name};
use crate::diagnostics::{Diagnostic, Errors, Location, did_you_mean, io_error};
use crate::layout::CONTENT_DIR;

/// A page to create: its section folder and its file name without `.md`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The section folder below `content/` (`timeline`).
    pub section: String,
    /// The file name without `.md` (`ceasefire-talks`).
    pub name: String,
}

/// The placeholders an archetype may hold.
pub const PLACEHOLDERS: &[&str] = &["title", "slug", "section", "date"];

/// Reads `SECTION/NAME.md` (a leading `content/` is allowed). Refusals are
/// usage errors (exit 2).
pub fn parse_target(text: &str) -> Result<Target, String> {
    let shape = "expected SECTION/NAME.md, e.g. timeline/ceasefire-talks.md";
    let path = text
        .strip_prefix(CONTENT_DIR)
        .and_then(|rest| rest.strip_prefix('/'))
        .unwrap_or(text);
    let Some(stem) = path.strip_suffix(".md") else {
        return Err(format!("`{text}` does not end in .md: {shape}"));
    };
    let Some((section, name)) = stem.split_once('/') else {
        return Err(format!("`{text}` names no section: {shape}"));
    };
    let valid = |part: &str| {
        !part.starts_with('-')
            && part
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && crate::urls::validate_slug(part).is_ok()
    };
    if !valid(section) {
        return Err(format!(
            "`{section}` is not a section name: use lowercase letters, digits and `-`"
        ));
    }
    if name.contains('/') || !valid(name) || name == "_index" {
        return Err(format!(
            "`{name}` is not a page name: use lowercase letters, digits and `-` (it becomes the URL)"
        ));
    }
    Ok(Target {
        section: section.to_string(),
        name: name.to_string(),
    })
}

/// Writes the new page `target` into the site in `root`, dated today;
/// returns its path.
pub fn new_page(root: &Path, target: &Target) -> Result<PathBuf, Errors> {
    let config = Config::load(root, &Overrides::default())?;
    let today =
        crate::schedule::today().map_err(|message| Errors::one(Diagnostic::error(message)))?;
    create(&config, target, today)
}

/// Writes the new page and returns its path.
pub fn create(config: &Config, target: &Target, today: NaiveDate) -> Result<PathBuf, Errors> {
    let root = &config.root;
    let folder = root.join(CONTENT_DIR).join(&target.section);
    let schema = config.sections.get(&target.section);
    if schema.is_none() && !folder.join("_index.md").is_file() {
        return Err(unknown_section(config, &target.section).into());
    }
    let archetype = root
        .join("archetypes")
        .join(format!("{}.md", target.section));
    let text = if archetype.is_file() {
        let display = crate::content::shorten(root, &archetype);
        let template = crate::text::read(&archetype, &display).map_err(Errors::one)?;
        fill_archetype(&display, &template, target, today)?
    } else {
        from_schema(schema.cloned().unwrap_or_default(), target, today)
    };
    std::fs::create_dir_all(&folder).map_err(|e| Errors::one(io_error("create", &folder, &e)))?;
    let path = folder.join(format!("{}.md", target.name));
    let display = crate::content::shorten(root, &path);
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                Diagnostic::error("the page already exists; `new` never overwrites a file")
                    .in_file(&display)
                    .hint("choose another NAME, or edit the existing page")
            } else {
                io_error("create", &display, &e)
            }
        })?;
    file.write_all(text.as_bytes())
        .map_err(|e| Errors::one(io_error("write", &display, &e)))?;
    Ok(path)
}

fn unknown_section(config: &Config, section: &str) -> Diagnostic {
    let mut known: Vec<String> = config.sections.keys().cloned().collect();
    if let Ok(entries) = std::fs::read_dir(config.root.join(CONTENT_DIR)) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if entry.path().join("_index.md").is_file() && !known.contains(&name) {
                known.push(name);
            }
        }
    }
    known.sort();
    let listed = if known.is_empty() {
        "the site has none".to_string()
    } else {
        known
            .iter()
            .map(|s| format!("`{s}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let hint = match did_you_mean(section, known.iter().map(String::as_str)) {
        Some(near) => {
            format!("did you mean `{near}` (its schema is [sections.{near}] in site.toml)?")
        }
        None => format!(
            "add a schema [sections.{section}] to site.toml and content/{section}/_index.md, or use one of the sections"
        ),
    };
    Diagnostic::error(format!(
        "unknown section `{section}`: no [sections.{section}] in site.toml and no content/{section}/_index.md; sections: {listed}"
    ))
    .in_file(crate::layout::CONFIG_FILE)
    .hint(hint)
}

/// The page a schema asks for: every required field with a value to edit.
pub fn from_schema(schema: SectionSchema, target: &Target, today: NaiveDate) -> String {
    let title = title_from_name(&target.name);
    let mut out = format!("---\ntitle: {}\n", yaml_text(&title));
    let mut fields = schema.required.clone();
    if !fields.iter().any(|f| f == "reviewed") {
        fields.push("reviewed".into());
    }
    for field in fields.iter().filter(|f| *f != "title") {
        let line = match field.as_str() {
            "date" | "updated" | "reviewed" | "end_date" => format!("{field}: {today}"),
            "description" => {
                "description: \"TODO: one sentence on what this page explains\"".into()
            }
            "weight" => "weight: 10".into(),
            "status" => "status: expected  # happened, reported or expected".into(),
            "kind" => "kind: person  # person, state, organisation or group".into(),
            "name" => format!("name: {}", yaml_text(&title)),
            "sources" => "sources: []  # ids from the sources file".into(),
            "tags" => "tags: []".into(),
            other => match crate::frontmatter::field(other).and_then(|f| f.reference_to) {
                // A list of page ids (`actors`): name the section they are in.
                Some(section) => format!(
                    "{other}: []  # ids of pages in {}/",
                    schema.references.get(other).map_or(section, String::as_str)
                ),
                None => format!("{other}: \"TODO\""),
            },
        };
        out.push_str(&line);
        out.push('\n');
    }
    out.push_str("draft: true\n---\n\n");
    out.push_str("Write the page here in Markdown. Quote sources with their ids; remove `draft: true` to publish.\n");
    out
}

/// YAML text for a value: plain when safe, else double-quoted.
fn yaml_text(text: &str) -> String {
    let plain = text
        .chars()
        .all(|c| c.is_alphanumeric() || c == ' ' || c == '-')
        && !text.starts_with('-');
    if plain {
        text.to_string()
    } else {
        format!("{text:?}")
    }
}

/// Replaces the placeholders of an archetype; an unknown one is an error at its line.
pub fn fill_archetype(
    path: &Path,
    template: &str,
    target: &Target,
    today: NaiveDate,
) -> Result<String, Errors> {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    let mut consumed = 0;
    while let Some(open) = rest.find("{{") {
        let Some(close) = rest[open..].find("}}") else {
            break;
        };
        let name = rest[open + 2..open + close].trim();
        let value = match name {
            "title" => title_from_name(&target.name),
            "slug" => target.name.clone(),
            "section" => target.section.clone(),
            "date" => today.to_string(),
            _ => {
                let source = std::sync::Arc::from(template);
                return Err(Diagnostic::error(format!(
                    "unknown placeholder `{{{{ {name} }}}}` in the archetype"
                ))
                .at(Location::at_offset(path, &source, consumed + open))
                .hint(match did_you_mean(name, PLACEHOLDERS.iter().copied()) {
                    Some(near) => format!("did you mean `{{{{ {near} }}}}`?"),
                    None => format!(
                        "placeholders: {}",
                        PLACEHOLDERS
                            .iter()
                            .map(|p| format!("{{{{ {p} }}}}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                })
                .into());
            }
        };
        out.push_str(&rest[..open]);
        out.push_str(&value);
        consumed += open + close + 2;
        rest = &rest[open + close + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> NaiveDate {
        crate::dates::parse_day("2026-01-05").unwrap()
    }

    fn target(section: &str, name: &str) -> Target {
        Target {
            section: section.into(),
            name: name.into(),
        }
    }

    #[test]
    fn reads_targets_and_refuses_other_shapes() {
        assert_eq!(
            parse_target("timeline/talks.md"),
            Ok(target("timeline", "talks"))
        );
        assert_eq!(
            parse_target("content/explainers/nato-2.md"),
            Ok(target("explainers", "nato-2"))
        );
        for (bad, why) in [
            ("talks.md", "names no section"),
            ("timeline/talks", "does not end in .md"),
            ("timeline/Talks.md", "not a page name"),
            ("timeline/a b.md", "not a page name"),
            ("timeline/_index.md", "not a page name"),
            ("timeline/x/y.md", "not a page name"),
            ("Time line/x.md", "not a section name"),
            ("/x.md", "not a section name"),
            ("timeline/.md", "not a page name"),
        ] {
            let error = parse_target(bad).unwrap_err();
            assert!(error.contains(why), "{bad}: {error}");
        }
    }

    #[test]
    fn reference_placeholders_name_the_section_the_ids_are_in() {
        let mut schema = SectionSchema {
            required: vec!["actors".into()],
            ..SectionSchema::default()
        };
        let text = from_schema(schema.clone(), &target("s", "p"), day());
        assert!(
            text.contains("\nactors: []  # ids of pages in actors/\n"),
            "{text}"
        );
        schema.references.insert("actors".into(), "people".into());
        let text = from_schema(schema, &target("s", "p"), day());
        assert!(
            text.contains("\nactors: []  # ids of pages in people/\n"),
            "{text}"
        );
    }

    #[test]
    fn schema_pages_parse_and_hold_every_required_field() {
        let schemas = [
            vec!["date", "status", "sources"],
            vec!["name", "kind", "role"],
            vec!["description", "sources", "reviewed"],
            vec![
                "updated",
                "weight",
                "actors",
                "tags",
                "end_date",
                "location",
                "affiliation",
            ],
            vec![],
        ];
        for required in schemas {
            let schema = SectionSchema {
                required: required.iter().map(|s| s.to_string()).collect(),
                ..SectionSchema::default()
            };
            let text = from_schema(schema, &target("s", "new-page"), day());
            let split = crate::frontmatter::split(&text).unwrap();
            let source: std::sync::Arc<str> = std::sync::Arc::from(text.as_str());
            let front = crate::frontmatter::parse(Path::new("x.md"), &source, &split)
                .unwrap_or_else(|e| panic!("{text}\n{e:?}"));
            assert_eq!(front.title, "New page");
            assert!(front.draft, "{text}");
            assert_eq!(front.reviewed.unwrap().iso(), "2026-01-05");
            for field in required {
                let list = matches!(field, "sources" | "actors" | "tags");
                assert!(list || front.has(field), "{field} missing in\n{text}");
                assert!(text.contains(&format!("\n{field}: ")), "{field}\n{text}");
            }
            assert!(!split.body.trim().is_empty());
        }
    }

    #[test]
    fn archetypes_fill_placeholders_and_refuse_unknown_ones() {
        let filled = fill_archetype(
            Path::new("archetypes/timeline.md"),
            "---\ntitle: {{ title }}\ndate: {{date}}\nslug: {{ slug }}\n---\nIn {{ section }}. {{ title }}\n",
            &target("timeline", "ceasefire-talks"),
            day(),
        )
        .unwrap();
        assert_eq!(
            filled,
            "---\ntitle: Ceasefire talks\ndate: 2026-01-05\nslug: ceasefire-talks\n---\nIn timeline. Ceasefire talks\n"
        );
        let unchanged = "---\ntitle: x\n---\nno placeholders, {{ unclosed\n";
        assert_eq!(
            fill_archetype(Path::new("a.md"), unchanged, &target("a", "b"), day()).unwrap(),
            unchanged
        );
        let error = fill_archetype(
            Path::new("archetypes/timeline.md"),
            "---\ntitle: x\ndate: {{ today }}\n---\n",
            &target("timeline", "b"),
            day(),
        )
        .unwrap_err()
        .to_string();
        assert!(error.contains("archetypes/timeline.md:3:7"), "{error}");
        assert!(error.contains("{{ today }}"), "{error}");
        let error = fill_archetype(Path::new("a.md"), "{{ titel }}", &target("a", "b"), day())
            .unwrap_err()
            .to_string();
        assert!(error.contains("did you mean `{{ title }}`?"), "{error}");
    }
}
