//! Which templates a set needs (what `wanted` extends, includes and calls,
//! transitively) and the checks of a site's overrides of theme templates:
//! every block and component the theme fills or uses must still be there.

use std::collections::{HashMap, HashSet};

use crate::diagnostics::{Diagnostic, Location};
use crate::layout::NOT_FOUND_FILE;
use crate::theme::TemplateSource;

/// `wanted`, 404.html, templates that define components (components are
/// global), and every template they extend or include, transitively.
pub(super) fn needed_templates<'a>(
    sources: &'a HashMap<String, TemplateSource>,
    wanted: &'a [String],
) -> HashSet<&'a str> {
    let mut needed: HashSet<&str> = HashSet::new();
    let components = sources
        .iter()
        .filter(|(_, source)| {
            source.text.contains("{% component") || source.text.contains("{%- component")
        })
        .map(|(name, _)| name.as_str());
    let mut queue: Vec<&str> = wanted
        .iter()
        .map(String::as_str)
        .chain([NOT_FOUND_FILE])
        .chain(components)
        .collect();
    while let Some(name) = queue.pop() {
        if !needed.insert(name) {
            continue;
        }
        if let Some(source) = sources.get(name) {
            queue.extend(referenced_templates(&source.text));
        }
    }
    needed
}

/// Quoted names that follow `extends` or `include` in a template.
fn referenced_templates(text: &str) -> Vec<&str> {
    let mut names = Vec::new();
    for keyword in ["extends", "include"] {
        for (at, _) in text.match_indices(keyword) {
            let rest = text[at + keyword.len()..].trim_start();
            let rest = rest.trim_start_matches('[');
            let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
                continue;
            };
            if let Some(end) = rest[1..].find(quote) {
                names.push(&rest[1..1 + end]);
            }
        }
    }
    names
}

/// Tera tags of `text` (what follows `{%` or `{%-`, up to the first space
/// after the keyword), with their 1-based line and the rest of the tag.
fn tags(text: &str) -> impl Iterator<Item = (usize, &str, &str)> {
    text.match_indices("{%").map(move |(at, _)| {
        let line = text[..at].bytes().filter(|&b| b == b'\n').count() + 1;
        let rest = text[at + 2..].trim_start_matches('-').trim_start();
        let end = rest.find(|c: char| !c.is_ascii_alphanumeric() && c != '_');
        let (keyword, rest) = rest.split_at(end.unwrap_or(rest.len()));
        (line, keyword, rest.trim_start())
    })
}

/// The template `text` extends (`{% extends "page.html" %}`), with its line.
fn extended_template(text: &str) -> Option<(&str, usize)> {
    tags(text).find_map(|(line, keyword, rest)| {
        let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let name = &rest[1..];
        (keyword == "extends").then(|| name.find(quote).map(|end| (&name[..end], line)))?
    })
}

/// The names of the blocks `text` defines (`{% block facts %}`), each with
/// whether it stands at the top level (not inside another block): a child
/// template's top-level blocks fill its parent's, nested ones are its own.
fn defined_blocks(text: &str) -> Vec<(&str, bool)> {
    let mut depth = 0usize;
    let mut blocks = Vec::new();
    for (_, keyword, rest) in tags(text) {
        match keyword {
            "block" => {
                let end = rest.find(|c: char| !c.is_ascii_alphanumeric() && c != '_');
                let name = &rest[..end.unwrap_or(rest.len())];
                if !name.is_empty() {
                    blocks.push((name, depth == 0));
                }
                depth += 1;
            }
            "endblock" => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    blocks
}

/// A template of the site's `templates/` that replaces a theme template of
/// the same name (see [`broken_overrides`]).
fn is_override(
    theme: &HashMap<String, TemplateSource>,
    sources: &HashMap<String, TemplateSource>,
    name: &str,
) -> bool {
    match (theme.get(name), sources.get(name)) {
        (Some(original), Some(current)) => original.display_path != current.display_path,
        _ => false,
    }
}

/// Errors for the site's overrides of theme templates that lack a block a
/// theme template extending them fills: Tera would name the theme's file, but
/// the mistake is in the override (the theme's `actor.html` fills `facts`,
/// which a site's own `templates/page.html` must then define).
pub(super) fn broken_overrides(
    theme: &HashMap<String, TemplateSource>,
    sources: &HashMap<String, TemplateSource>,
    needed: &HashSet<&str>,
) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let mut children: Vec<&str> = needed
        .iter()
        .copied()
        .filter(|name| theme.contains_key(*name) && !is_override(theme, sources, name))
        .collect();
    children.sort_unstable();
    for child in children {
        let Some((parent, _)) = extended_template(&sources[child].text) else {
            continue;
        };
        // The parent's chain: every block in it may be filled by the child.
        let mut chain = Vec::new();
        let mut next = Some(parent);
        while let Some(name) = next.filter(|n| !chain.contains(n)) {
            let Some(source) = sources.get(name) else {
                break;
            };
            chain.push(name);
            next = extended_template(&source.text).map(|(n, _)| n);
        }
        let Some(&culprit) = chain.iter().find(|n| is_override(theme, sources, n)) else {
            continue;
        };
        let available: HashSet<&str> = chain
            .iter()
            .flat_map(|name| defined_blocks(&sources[*name].text))
            .map(|(block, _)| block)
            .collect();
        let mut missing: Vec<&str> = defined_blocks(&sources[child].text)
            .into_iter()
            .filter(|&(block, top)| top && !available.contains(block))
            .map(|(block, _)| block)
            .collect();
        missing.dedup();
        let user = &sources[culprit];
        let line = extended_template(&user.text).map_or(1, |(_, line)| line);
        for block in missing {
            errors.push(
                Diagnostic::error(format!(
                    "{} (your override of the theme's {culprit}) has no block `{block}` that {child} fills",
                    user.display_path.display()
                ))
                .at(Location::new(&user.display_path, line, 1).with_source(user.text.clone()))
                .hint(format!(
                    "add {{% block {block} %}}{{% endblock {block} %}} to {}, where the theme's {culprit} has it",
                    user.display_path.display()
                )),
            );
        }
    }
    errors
}

/// The components `text` defines (`{% component actor_card(p) %}`).
fn defined_components(text: &str) -> Vec<&str> {
    tags(text)
        .filter(|(_, keyword, _)| *keyword == "component")
        .map(|(_, _, rest)| {
            let end = rest.find(|c: char| !c.is_ascii_alphanumeric() && c != '_');
            &rest[..end.unwrap_or(rest.len())]
        })
        .filter(|name| !name.is_empty())
        .collect()
}

/// The components `text` calls (`{{ <actor_card p={p}/> }}`).
fn used_components(text: &str) -> Vec<&str> {
    text.match_indices("{{")
        .filter_map(|(at, _)| {
            let rest = text[at + 2..].trim_start_matches('-').trim_start();
            let rest = rest.strip_prefix('<')?;
            let end = rest.find(|c: char| !c.is_ascii_alphanumeric() && c != '_');
            Some(&rest[..end.unwrap_or(rest.len())])
        })
        .filter(|name| !name.is_empty())
        .collect()
}

/// Errors for components that theme templates use, that a theme file the
/// site overrides defined, and that the override lacks: Tera would name the
/// theme template that calls it, but the mistake is in the override (a
/// site's `templates/components.html` without `actor_card`). One error per
/// missing component, naming the theme templates that use it.
pub(super) fn missing_components(
    theme: &HashMap<String, TemplateSource>,
    sources: &HashMap<String, TemplateSource>,
    needed: &HashSet<&str>,
) -> Vec<Diagnostic> {
    let defined: HashSet<&str> = sources
        .values()
        .flat_map(|source| defined_components(&source.text))
        .collect();
    let mut users: Vec<&str> = needed
        .iter()
        .copied()
        .filter(|name| theme.contains_key(*name) && !is_override(theme, sources, name))
        .collect();
    users.sort_unstable();
    let mut overrides: Vec<&str> = sources
        .keys()
        .map(String::as_str)
        .filter(|name| is_override(theme, sources, name))
        .collect();
    overrides.sort_unstable();
    // Missing component → the theme templates that use it, in name order.
    let mut missing: Vec<(&str, Vec<&str>)> = Vec::new();
    for &user in &users {
        for component in used_components(&sources[user].text) {
            if defined.contains(component) {
                continue;
            }
            match missing.iter_mut().find(|(name, _)| *name == component) {
                Some((_, by)) if !by.contains(&user) => by.push(user),
                Some(_) => {}
                None => missing.push((component, vec![user])),
            }
        }
    }
    let mut errors = Vec::new();
    for (component, by) in missing {
        let Some(&culprit) = overrides
            .iter()
            .find(|name| defined_components(&theme[**name].text).contains(&component))
        else {
            continue;
        };
        let user = &sources[culprit];
        let by = match by.split_last() {
            Some((last, [])) => format!("{last} uses"),
            Some((last, rest)) => format!("{} and {last} use", rest.join(", ")),
            None => continue,
        };
        errors.push(
            Diagnostic::error(format!(
                "{} (your override of the theme's {culprit}) has no component `{component}` that {by}",
                user.display_path.display(),
            ))
            .at(Location::new(&user.display_path, 1, 1).with_source(user.text.clone()))
            .hint(format!(
                "add {{% component {component}(…) %}}…{{% endcomponent {component} %}} to {}: copy it from the theme's {culprit}",
                user.display_path.display()
            )),
        );
    }
    errors
}

#[cfg(test)]
mod override_tests {
    use super::*;
    use std::path::PathBuf;
    use std::sync::Arc;

    fn sources(files: &[(&str, &str, &str)]) -> HashMap<String, TemplateSource> {
        files
            .iter()
            .map(|(name, folder, text)| {
                let source = TemplateSource {
                    display_path: PathBuf::from(folder).join(name),
                    text: Arc::from(*text),
                };
                (name.to_string(), source)
            })
            .collect()
    }

    const BASE: &str =
        "<html>{% block jsonld %}{% endblock %}{%- block main %}{% endblock main %}</html>";
    const PAGE: &str = "{% extends \"base.html\" %}\n{% block main %}{% block facts %}{% endblock facts %}{% endblock main %}";
    const ACTOR: &str = "{% extends 'page.html' %}\n{% block jsonld %}x{% endblock %}\n{%- block facts %}y{% endblock facts %}";

    fn theme() -> HashMap<String, TemplateSource> {
        sources(&[
            ("base.html", "theme", BASE),
            ("page.html", "theme", PAGE),
            ("actor.html", "theme", ACTOR),
        ])
    }

    fn check(overrides: &[(&str, &str, &str)]) -> Vec<String> {
        let theme = theme();
        let mut all = theme.clone();
        all.extend(sources(overrides));
        let needed: HashSet<&str> = ["base.html", "page.html", "actor.html"].into();
        broken_overrides(&theme, &all, &needed)
            .iter()
            .map(|d| format!("{d:?}"))
            .collect()
    }

    #[test]
    fn reads_extends_and_blocks() {
        assert_eq!(extended_template(ACTOR), Some(("page.html", 1)));
        assert_eq!(extended_template(BASE), None);
        assert_eq!(defined_blocks(ACTOR), [("jsonld", true), ("facts", true)]);
        assert_eq!(defined_blocks(PAGE), [("main", true), ("facts", false)]);
        assert_eq!(defined_blocks(BASE), [("jsonld", true), ("main", true)]);
    }

    #[test]
    fn names_the_override_that_lacks_a_block_a_theme_template_fills() {
        let errors = check(&[(
            "page.html",
            "templates",
            "<p>\n{% extends \"base.html\" %}{% block main %}{% endblock %}",
        )]);
        assert_eq!(errors.len(), 1, "{errors:?}");
        let error = &errors[0];
        assert!(
            error.contains("templates/page.html (your override of the theme's page.html) has no block `facts` that actor.html fills"),
            "{error}"
        );
        assert!(error.contains("line: 2"), "{error}");
        assert!(
            error.contains("{% block facts %}{% endblock facts %}"),
            "{error}"
        );
    }

    #[test]
    fn accepts_overrides_with_every_block_and_ignores_the_theme_alone() {
        assert!(check(&[]).is_empty());
        assert!(check(&[("page.html", "templates", PAGE)]).is_empty());
        // A block defined further up the override's chain is enough.
        let errors = check(&[("base.html", "templates", "{% block jsonld %}{% endblock %}")]);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].contains("no block `main` that page.html fills"),
            "{errors:?}"
        );
    }

    #[test]
    fn names_the_override_that_lacks_a_component_the_theme_uses() {
        const COMPONENTS: &str = "{% component card(p) %}c{% endcomponent %}\n{% component when(p) -%}w{%- endcomponent when %}";
        let theme = sources(&[
            ("components.html", "theme", COMPONENTS),
            (
                "list.html",
                "theme",
                "{{ <card p={p}/> }} {{- <when p={p}/> }}",
            ),
            ("item.html", "theme", "{{<card p={p}/>}}"),
        ]);
        assert_eq!(defined_components(COMPONENTS), ["card", "when"]);
        assert_eq!(
            used_components("{{ <card p={p}/> }} {{- <when/> }} {{ x < y }}"),
            ["card", "when"]
        );
        let needed: HashSet<&str> = ["components.html", "list.html", "item.html"].into();
        let errors_with = |text: &str| {
            let mut all = theme.clone();
            all.extend(sources(&[("components.html", "templates", text)]));
            missing_components(&theme, &all, &needed)
                .iter()
                .map(|d| d.message.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            errors_with("{% component nothing() %}x{% endcomponent %}"),
            [
                "templates/components.html (your override of the theme's components.html) has no component `card` that item.html and list.html use",
                "templates/components.html (your override of the theme's components.html) has no component `when` that list.html uses",
            ]
        );
        assert!(errors_with(COMPONENTS).is_empty());
        // A component the site defines in another of its templates counts.
        let mut all = theme.clone();
        all.extend(sources(&[
            (
                "components.html",
                "templates",
                "{% component card(p) %}{% endcomponent %}",
            ),
            (
                "extra.html",
                "templates",
                "{% component when(p) %}{% endcomponent %}",
            ),
        ]));
        assert!(missing_components(&theme, &all, &needed).is_empty());
        // The theme alone is never blamed.
        assert!(missing_components(&theme, &theme, &needed).is_empty());
    }
}
