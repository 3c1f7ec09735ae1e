//! Heading ids. Every id on a built page is unique: an id set by hand
//! (`## Title {#id}`) must not repeat another one, nor an id the templates
//! write (`<main id="main">`), nor a footnote's (pulldown-cmark gives a
//! footnote definition the id of its label), nor one in the body's raw HTML.
//! A generated id (the heading's slug) avoids all of them by taking the first
//! free suffix `-1`, `-2`, …. Ids are assigned after the whole body is read,
//! so footnotes, raw HTML and ids set by hand further down are known.

use std::collections::HashSet;

use pulldown_cmark::{Event, Tag};

use super::Pass;

/// A heading of the body, waiting for its id.
pub(super) struct Heading {
    /// Index of its start event in the output events.
    pub index: usize,
    /// Byte offset in the body, for problems.
    pub offset: usize,
    /// Whether its id was set by hand (then it is already in the TOC entry).
    pub explicit: bool,
}

impl Pass {
    /// Records an id set by hand, or a problem if it is not unique.
    pub(super) fn explicit_id(&mut self, id: &str, offset: usize, reserved: &HashSet<String>) {
        if reserved.contains(id) {
            self.problem(
                offset,
                &format!("heading id `{id}` is already used by the templates"),
                Some("pick another `{#id}`; every id on a page must be unique".into()),
            );
        } else if !self.used_ids.insert(id.to_string()) {
            self.problem(
                offset,
                &format!("heading id `{id}` is set twice on this page"),
                Some("every `{#id}` on a page must be unique; rename one of them".into()),
            );
        }
    }

    /// Records a footnote definition's label, which becomes its id.
    pub(super) fn footnote(&mut self, label: &str, offset: usize) {
        if !self.footnotes.insert(label.to_string()) {
            self.problem(
                offset,
                &format!("footnote `[^{label}]` is defined twice"),
                Some("every footnote label on a page must be unique".into()),
            );
        }
    }

    /// Gives every heading its id, in `out` (the output events) and in the
    /// table of contents and `heading_ids`, in order.
    pub(super) fn assign_heading_ids(&mut self, out: &mut [Event<'_>], reserved: &HashSet<String>) {
        let headings = std::mem::take(&mut self.headings);
        let mut toc = std::mem::take(&mut self.flat_toc);
        self.rendered.heading_ids.reserve(headings.len());
        for (heading, entry) in headings.iter().zip(toc.iter_mut()) {
            if !heading.explicit {
                entry.id = self.unique_id(&entry.title, reserved);
            } else if self.footnotes.contains(&entry.id) {
                self.problem(
                    heading.offset,
                    &format!(
                        "heading id `{0}` is also the id of the footnote `[^{0}]`",
                        entry.id
                    ),
                    Some("rename the `{#id}` or the footnote label".into()),
                );
            } else if self.html_ids.contains(&entry.id) {
                self.problem(
                    heading.offset,
                    &format!(
                        "heading id `{0}` is also written as `id=\"{0}\"` in this page's HTML",
                        entry.id
                    ),
                    Some("rename the `{#id}` or the HTML id".into()),
                );
            }
            if let Some(Event::Start(Tag::Heading { id, .. })) = out.get_mut(heading.index) {
                *id = Some(entry.id.clone().into());
            }
            self.rendered.heading_ids.push(entry.id.clone());
            self.rendered.heading_id_offsets.push(heading.offset);
        }
        self.flat_toc = toc;
    }

    fn unique_id(&mut self, title: &str, reserved: &HashSet<String>) -> String {
        let mut base = slug::slugify(title);
        if base.is_empty() {
            base = "section".into();
        }
        let taken = |pass: &Pass, id: &str| {
            is_citation_id(id)
                || pass.used_ids.contains(id)
                || reserved.contains(id)
                || pass.footnotes.contains(id)
                || pass.html_ids.contains(id)
        };
        if !taken(self, &base) {
            self.used_ids.insert(base.clone());
            return base;
        }
        // `cite` + `-1` would be a citation's note id: `cite-1-1` then.
        let suffixed = |n: usize| {
            let candidate = format!("{base}-{n}");
            if is_citation_id(&candidate) {
                format!("{candidate}-1")
            } else {
                candidate
            }
        };
        let mut n = self.next_suffix.get(&base).copied().unwrap_or(1);
        let mut candidate = suffixed(n);
        while taken(self, &candidate) {
            n += 1;
            candidate = suffixed(n);
        }
        self.next_suffix.insert(base, n + 1);
        self.used_ids.insert(candidate.clone());
        candidate
    }
}

/// Whether `id` is a citation's note id, `cite-N`: citation markers link to
/// `#cite-N`, so every theme writes these ids; a generated heading id never
/// takes one (`## Cite 1` is `#cite-1-1`).
fn is_citation_id(id: &str) -> bool {
    id.strip_prefix("cite-")
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// The values of `id="…"` (or `id='…'`) attributes in a template's
/// or a body's raw HTML,
/// except those with a Tera expression or tag in them.
pub(crate) fn literal_ids(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    text.match_indices("id=").filter_map(move |(at, _)| {
        let before = at.checked_sub(1).map(|i| bytes[i]);
        if !before.is_some_and(|b| b.is_ascii_whitespace()) {
            return None; // `data-id=`, `valid=`
        }
        let rest = &text[at + 3..];
        let quote = rest.chars().next().filter(|c| matches!(c, '"' | '\''))?;
        let value = &rest[1..];
        let value = &value[..value.find(quote)?];
        (!value.is_empty() && !value.contains('{')).then_some(value)
    })
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::super::tests::{assert_html_has, md};
    use super::super::{Rendered, Resolver, TocEntry, render};
    use super::literal_ids;
    use crate::config::MarkdownOptions;

    struct Theme(HashSet<String>);
    impl Resolver for Theme {
        fn page_url(&self, _: &str) -> Option<String> {
            None
        }
        fn has_source(&self, id: &str) -> bool {
            id == "wt"
        }
        fn reserved_ids(&self) -> &HashSet<String> {
            &self.0
        }
    }

    fn themed(body: &str) -> Rendered {
        let theme = Theme(
            ["main", "toc-title", "backlinks", "main-1"]
                .map(String::from)
                .into(),
        );
        render(body, &MarkdownOptions::default(), &theme)
    }

    /// Every `id` attribute in `html`.
    fn html_ids(html: &str) -> Vec<&str> {
        let attributes = html.split(" id=\"").skip(1);
        attributes.filter_map(|s| s.split('"').next()).collect()
    }

    /// The ids of a nested table of contents, in document order.
    fn toc_ids(toc: &[TocEntry]) -> Vec<String> {
        toc.iter()
            .flat_map(|e| std::iter::once(e.id.clone()).chain(toc_ids(&e.children)))
            .collect()
    }

    fn unique<T: AsRef<str>>(ids: &[T]) -> bool {
        ids.iter()
            .map(AsRef::as_ref)
            .collect::<HashSet<&str>>()
            .len()
            == ids.len()
    }

    /// Each body gets these heading ids, without a problem.
    fn assert_ids(render: fn(&str) -> Rendered, cases: &[(&str, &[&str])]) {
        for (body, ids) in cases {
            let r = render(body);
            assert_eq!(r.heading_ids, *ids, "{body:?}");
            assert!(r.problems.is_empty(), "{body:?}: {:?}", r.problems);
        }
    }

    #[test]
    fn finds_the_literal_ids_of_a_template() {
        let text = "<main id=\"main\">\n<h2\tid='toc-title'>{% for c in cs %}\
                    <li id=\"cite-{{ c.number }}\" data-id=\"x\" valid=\"y\">\
                    <p id=\"{% if a %}a{% endif %}\" id=\"\">{% endfor %}<a id=\"unclosed";
        let ids: Vec<&str> = literal_ids(text).collect();
        assert_eq!(ids, ["main", "toc-title"]);
    }

    #[test]
    fn generated_ids_avoid_the_theme_ids() {
        assert_ids(
            themed,
            &[
                ("## Main\n", &["main-2"]),
                (
                    "## Main\n\n## Main\n\n## Main\n",
                    &["main-2", "main-3", "main-4"],
                ),
                (
                    "## TOC title\n\n## Backlinks\n",
                    &["toc-title-1", "backlinks-1"],
                ),
                ("## Mainly\n", &["mainly"]),
            ],
        );
        let r = themed("## Main\n");
        assert_html_has(&r, "<h2 id=\"main-2\">Main</h2>");
        assert_eq!(r.toc[0].id, "main-2");
        // With no theme ids known, `main` is free.
        assert_eq!(md("## Main\n").heading_ids, ["main"]);
    }

    #[test]
    fn generated_ids_avoid_citation_note_ids() {
        assert_ids(
            md,
            &[
                ("## Cite 1\n", &["cite-1-1"]),
                ("## Cite 12\n\n## Cite 12\n", &["cite-12-1", "cite-12-2"]),
                (
                    "## Cite\n\n## Cite\n\n## Cite\n",
                    &["cite", "cite-1-1", "cite-2-1"],
                ),
                ("## Cite 1a\n", &["cite-1a"]),
                ("## Cite -\n", &["cite"]),
            ],
        );
        // One set by hand is the author's: it clashes when the page cites.
        assert_eq!(md("## A {#cite-1}\n").heading_ids, ["cite-1"]);
    }

    #[test]
    fn generated_ids_avoid_footnote_labels_defined_anywhere() {
        let cases: &[(&str, &[&str])] = &[
            (
                "## Notes\n\nA claim.[^notes]\n\n[^notes]: Text.\n",
                &["notes-1"],
            ),
            ("A.[^notes]\n\n[^notes]: Text.\n\n## Notes\n", &["notes-1"]),
            ("## 1\n\nA.[^1]\n\n[^1]: Text.\n", &["1-1"]),
            (
                "## Notes\n\n## Notes\n\nA.[^notes]\n\n[^notes]: T.\n",
                &["notes-1", "notes-2"],
            ),
            ("## Other\n\nA.[^notes]\n\n[^notes]: Text.\n", &["other"]),
        ];
        assert_ids(md, cases);
        for (body, _) in cases {
            let html = md(body).html;
            assert!(unique(&html_ids(&html)), "{html}");
        }
    }

    #[test]
    fn generated_ids_avoid_ids_in_the_raw_html_of_the_body() {
        assert_ids(
            md,
            &[
                ("<a id=\"day-one\"></a>\n\n## Day one\n", &["day-one-1"]),
                (
                    "## Day one\n\nText <span id='day-one'>x</span>.\n",
                    &["day-one-1"],
                ),
                (
                    "## Day one\n\n<div id=\"day-one\">\nx\n</div>\n",
                    &["day-one-1"],
                ),
                (
                    "## Day one\n\n<div data-id=\"day-one\"></div>\n",
                    &["day-one"],
                ),
                ("## Day one\n\n`<a id=\"day-one\">` is code\n", &["day-one"]),
            ],
        );
    }

    #[test]
    fn generated_ids_avoid_ids_set_by_hand_below() {
        let r = md("## Talks\n\n## Talks\n\n## Other {#talks-1}\n\n## Last {#talks}\n");
        assert_eq!(r.heading_ids, ["talks-2", "talks-3", "talks-1", "talks"]);
        assert!(r.problems.is_empty(), "{:?}", r.problems);
    }

    #[test]
    fn ids_on_a_page_are_unique_whatever_the_mix() {
        let body = "## Main\n\n## main\n\n## Notes {#notes-1}\n\n## Notes\n\n## Main 1\n\n\
                    x[^notes] y[^main-3]\n\n[^notes]: a\n\n[^main-3]: b\n";
        let r = themed(body);
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        let mut all = r.heading_ids.clone();
        all.extend(
            [
                "main",
                "toc-title",
                "backlinks",
                "main-1",
                "notes",
                "main-3",
            ]
            .map(String::from),
        );
        assert!(unique(&all), "{:?}", r.heading_ids);
    }

    /// The body has exactly one problem, with this message, at `at`'s offset.
    fn assert_problem(r: &Rendered, body: &str, message: &str, at: &str) {
        assert_eq!(r.problems.len(), 1, "{body:?}: {:?}", r.problems);
        assert!(
            r.problems[0].message.contains(message),
            "{:?}",
            r.problems[0]
        );
        assert_eq!(Some(r.problems[0].offset), body.find(at), "{body:?}");
    }

    #[test]
    fn ids_are_unique_on_random_pages_that_build() {
        let pieces = [
            "## Main\n\n",
            "## Notes\n\n",
            "## Notes {#notes-1}\n\n",
            "## Main 1\n\n",
            "# Title\n\n",
            "## Toc title\n\n",
            "x[^notes]\n\n",
            "[^notes]: n\n\n",
            "[^main-2]: m\n\n",
            "<a id=\"notes-2\"></a>\n\n",
            "## Claims [@wt]\n\n",
            "## Claims\n\n",
            "## {#claims}\n\n",
            "## [@wt]\n\n",
            "## Section\n\n",
            "Setext\n---\n\n",
            "> ## Main\n\n",
            "- ## Notes\n\n",
        ];
        let mut next = super::super::tests::random(5);
        let mut checked = 0;
        for _ in 0..600 {
            let body: String = (0..next(14)).map(|_| pieces[next(pieces.len())]).collect();
            let r = themed(&body);
            if !r.problems.is_empty() {
                continue;
            }
            checked += 1;
            // Each heading id is on the page once, and not in the template.
            // (Raw HTML the author repeats is `briefing check`'s to report.)
            for id in &r.heading_ids {
                let written = html_ids(&r.html).iter().filter(|i| *i == id).count();
                assert_eq!(written, 1, "{id} in {body:?}:\n{}", r.html);
                assert!(!["main", "toc-title", "backlinks", "main-1"].contains(&id.as_str()));
            }
            assert_eq!(toc_ids(&r.toc), r.heading_ids, "{body:?}");
        }
        assert!(checked > 100, "only {checked} random pages built");
    }

    #[test]
    fn repeated_ids_set_by_hand_are_errors_at_the_second() {
        let body = "## One {#x}\n\nText.\n\n## Two {#x}\n";
        assert_problem(&md(body), body, "`x` is set twice", "## Two");
        let r = md("## A {#x}\n\n## B {#y}\n\n## C {#x}\n\n## D {#x}\n");
        assert_eq!(r.problems.len(), 2, "{:?}", r.problems);
    }

    #[test]
    fn ids_set_by_hand_that_clash_with_theme_or_footnotes_are_errors() {
        let body = "Intro.\n\n## Skip {#main}\n";
        let message = "`main` is already used by the templates";
        assert_problem(&themed(body), body, message, "## Skip");
        let body = "Intro.\n\n## Notes {#notes}\n\nA.[^notes]\n\n[^notes]: Text.\n";
        assert_problem(&md(body), body, "footnote `[^notes]`", "## Notes");
        let body = "Intro.\n\n## Day {#day}\n\n<a id=\"day\"></a>\n";
        assert_problem(&md(body), body, "written as `id=\"day\"`", "## Day");
    }

    #[test]
    fn repeated_footnote_definitions_are_errors() {
        let body = "A.[^n]\n\n[^n]: One.\n\n[^n]: Two.\n";
        assert_problem(&md(body), body, "`[^n]` is defined twice", "[^n]: Two");
    }

    #[test]
    fn ids_come_from_the_visible_words_of_a_heading() {
        for (body, id, title) in [
            ("## Claims [@wt]\n", "claims", "Claims"),
            (
                "## Claims [@wt] and facts\n",
                "claims-and-facts",
                "Claims and facts",
            ),
            ("## [@wt] Claims\n", "claims", "Claims"),
            (
                "## He said [“no deal”][@wt]\n",
                "he-said-no-deal",
                "He said “no deal”",
            ),
            (
                "## The [\"armed attack\"][@wt] clause\n",
                "the-armed-attack-clause",
                "The “armed attack” clause",
            ),
            (
                "## A map ![of Berlin](map.png) today\n",
                "a-map-of-berlin-today",
                "A map of Berlin today",
            ),
            ("## Claims [@wt][]\n", "claims", "Claims"),
            (
                "## *Emphasis* and `code`\n",
                "emphasis-and-code",
                "Emphasis and code",
            ),
            ("## A [link](cite:wt)\n", "a-link", "A link"),
            ("## [@wt]\n", "section", ""),
        ] {
            let r = md(body);
            assert_eq!(r.heading_ids, [id], "{body:?}");
            assert_eq!(r.toc[0].title, title, "{body:?}");
            assert!(!r.html.contains("@wt"), "{}", r.html);
            assert_html_has(&r, &format!("id=\"{id}\""));
        }
    }
}
