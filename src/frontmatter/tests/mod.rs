//! Unit tests of splitting, parsing and locating front matter.

use super::*;

mod fast;
mod yaml_messages;

#[test]
fn toml_header_hint_keeps_the_written_order() {
    let hint = split_hint(
        "+++\ntitle = \"T\"\ndate = 2025-12-14\nweight = 3\ndescription = \"D\"\n[extra]\nzeta = 1\nalpha = 2\n+++\nBody\n",
    );
    let keys: Vec<&str> = hint
        .lines()
        .filter_map(|line| line.split_once(':').map(|(key, _)| key.trim()))
        .collect();
    assert_eq!(
        keys,
        [
            "write the header as YAML",
            "title",
            "date",
            "weight",
            "description",
            "extra",
            "zeta",
            "alpha"
        ]
    );
}

/// Splits and parses `text` as the file `a.md`.
pub(in crate::frontmatter) fn parse_text(text: &str) -> Result<FrontMatter, Diagnostic> {
    let source: Arc<str> = Arc::from(text);
    let split = split(&source).map_err(|(m, _)| Diagnostic::error(m))?;
    parse(Path::new("a.md"), &source, &split)
}

#[test]
fn can_split_with_bom_and_crlf() {
    let text = "\u{feff}---\r\ntitle: A\r\n---\r\nBody\r\n";
    let split = split(text).unwrap();
    assert_eq!(split.front, "title: A\r\n");
    assert_eq!(split.body, "Body\r\n");
    assert_eq!(&text[split.body_offset..], "Body\r\n");
    assert_eq!(parse_text(text).unwrap().title, "A");
}

#[test]
fn errors_on_missing_or_unclosed_fences_and_empty_files() {
    assert!(split("").unwrap_err().0.contains("empty"));
    assert!(
        split("# Title\n")
            .unwrap_err()
            .0
            .contains("no front matter")
    );
    assert!(split("---\ntitle: x\n").unwrap_err().0.contains("closing"));
}

#[test]
fn errors_on_unknown_field_at_its_line_with_hint() {
    let error = parse_text("---\ntitle: A\ntitel: B\n---\n").unwrap_err();
    let location = error.location.clone().unwrap();
    assert_eq!((location.line, location.column), (3, 1));
    assert_eq!(error.hint.as_deref(), Some("did you mean `title`?"));
}

#[test]
fn errors_on_impossible_date_at_its_line() {
    let error = parse_text("---\ntitle: A\ndate: 2025-13-45\n---\n").unwrap_err();
    assert_eq!(error.location.unwrap().line, 3);
    assert!(error.message.contains("month 13"), "{}", error.message);
}

#[test]
fn errors_on_duplicate_keys_and_alias_bombs() {
    let duplicate = parse_text("---\ntitle: A\ndate: 2025\ntitle: B\n---\n").unwrap_err();
    assert_eq!(duplicate.location.unwrap().line, 4);
    let bomb = "---\ntitle: A\nextra:\n  a: &a [x, x, x, x, x, x, x, x, x]\n  b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n  c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n  d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n  e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n  f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n  g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n  h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n---\n";
    assert!(parse_text(bomb).is_err());
}

#[test]
fn can_locate_keys_and_values() {
    let text = "---\ntitle: A\nactors: [trump, putn]\n---\n";
    let source: Arc<str> = Arc::from(text);
    let split = split(&source).unwrap();
    let at = value_location(Path::new("a.md"), &source, &split, "actors", "putn");
    assert_eq!((at.line, at.column), (3, 17));
}

/// The error's line and column, message and hint.
pub(super) fn error_of(text: &str) -> (usize, usize, String, String) {
    let error = parse_text(text).unwrap_err();
    let at = error.location.clone().unwrap();
    (
        at.line,
        at.column,
        error.message,
        error.hint.unwrap_or_default(),
    )
}

/// The message and hint of the error in `text`, which must be at `at`
/// (line, column).
#[track_caller]
pub(super) fn error_at(text: &str, at: (usize, usize)) -> (String, String) {
    let (line, column, message, hint) = error_of(text);
    assert_eq!((line, column), at, "{text:?}: {message}");
    (message, hint)
}

#[test]
fn a_key_repeated_in_complex_form_is_reported_at_the_repeat() {
    let cases = [
        (
            "---\ntitle: A\n? weight\n: 1\nweight: 2\n---\n",
            (5, 1),
            "`? weight`",
        ),
        (
            "---\ntitle: A\nweight: 1\n? weight\n: 2\n---\n",
            (4, 1),
            "`weight: 1`",
        ),
        (
            "---\ntitle: A\nextra:\n  ? a\n  : 1\n  a: 2\n---\n",
            (6, 3),
            "`? a`",
        ),
        (
            "---\ntitle: A\nextra:\n  ? 'a'\n  : 1\n  ? a # again\n  : 2\n---\n",
            (6, 3),
            "`? 'a'`",
        ),
    ];
    for (text, at, first) in cases {
        let (said, hint) = error_at(text, at);
        assert!(said.contains("duplicate"), "{text:?}: {said}");
        assert!(hint.contains(first), "{text:?}: {hint}");
    }
}

#[test]
fn errors_on_a_publication_window_that_never_opens() {
    for (publish, expiry) in [("2025-12-25", "2025-12-22"), ("2025-12-25", "2025-12-25")] {
        let error = parse_text(&format!(
            "---\ntitle: A\npublish_date: {publish}\nexpiry_date: {expiry}\n---\n"
        ))
        .unwrap_err();
        assert_eq!(error.location.unwrap().line, 4);
        assert!(
            error.message.contains("never be published"),
            "{}",
            error.message
        );
    }
    assert!(
        parse_text("---\ntitle: A\npublish_date: 2025-12-20\nexpiry_date: 2025-12-21\n---\n")
            .is_ok()
    );
}

#[test]
fn errors_on_empty_titles_at_their_line() {
    for text in [
        "---\ntitle:\n---\n",
        "---\ntitle: \"\"\n---\n",
        "---\ntitle: ''\n---\n",
        "---\ntitle: \"   \"\n---\n",
        "---\ntitle: \"\\t\"\n---\n",
        "---\ndate: 2025\ntitle:   \ndescription: x\n---\n",
        "---\ntitle: |\n\n---\n",
    ] {
        let (line, column, message, hint) = error_of(text);
        let title_line = text.lines().position(|l| l.starts_with("title")).unwrap() + 1;
        assert_eq!((line, column), (title_line, 1), "{text:?}");
        assert!(
            message.contains("the title is empty"),
            "{text:?}: {message}"
        );
        assert!(hint.contains("title: Talks in Berlin"), "{hint}");
    }
}

#[test]
fn errors_on_a_null_title_but_not_a_quoted_one() {
    for text in [
        "---\ntitle: ~\n---\n",
        "---\ntitle: null\n---\n",
        "---\ntitle: NULL # x\n---\n",
    ] {
        let (line, _, message, _) = error_of(text);
        assert_eq!(line, 2, "{text:?}");
        assert!(message.contains("YAML's null"), "{text:?}: {message}");
    }
    assert_eq!(parse_text("---\ntitle: \"~\"\n---\n").unwrap().title, "~");
    assert_eq!(
        parse_text("---\ntitle: 'null'\n---\n").unwrap().title,
        "null"
    );
    assert_eq!(
        parse_text("---\ntitle: Nullarbor\n---\n").unwrap().title,
        "Nullarbor"
    );
}

#[test]
fn errors_on_repeated_keys_at_any_depth_at_the_repeat() {
    let cases = [
        (
            "---\ntitle: A\nextra:\n  a: 1\n  b: 2\n  a: 3\n---\n",
            (6, 3),
            "`a`",
        ),
        (
            "---\ntitle: A\nextra:\n  a: 1\n  # note\n  \"a\": 3\n---\n",
            (6, 3),
            "`a`",
        ),
        (
            "---\ntitle: A\nextra:\n  box:\n    x: 1\n    y:\n      z: 1\n    x: 2\n---\n",
            (8, 5),
            "`x`",
        ),
        (
            "---\ntitle: A\nextra:\n  box:\n    x: 1\n  x: 2\n  list:\n    - k: 1\n      k: 2\n---\n",
            (9, 7),
            "`k`",
        ),
        (
            "---\ntitle: A\nextra: {a: 1, b: {a: 2}, a: 3}\n---\n",
            (3, 26),
            "`a`",
        ),
        (
            "---\ntitle: A\nextra:\n  x: 1\n  1: a\n  '1': b\n---\n",
            (6, 3),
            "`1`",
        ),
        (
            "---\ntitle: A\ndate: 2025\ntitle: B\n---\n",
            (4, 1),
            "`title`",
        ),
    ];
    for (text, at, key) in cases {
        let (message, hint) = error_at(text, at);
        assert!(
            message.contains("duplicate") && message.contains(key),
            "{message}"
        );
        assert!(hint.contains("is already set above (`"), "{hint}");
    }
    let front =
        parse_text("---\ntitle: A\nextra:\n  a: {x: 1}\n  b: {x: 2}\n  c: [{x: 1}, {x: 1}]\n---\n")
            .unwrap();
    assert_eq!(front.extra["c"][1]["x"], 1);
}

#[test]
fn names_toml_front_matter_and_converts_it() {
    let text = "+++\ntitle = \"Page\"\ndate = 2025-12-14\nweight = 30\ntags = [\"a\", \"b\"]\n\n[extra]\nlead = \"Hi: there\"\n+++\nBody\n";
    let (message, offset) = split(text).unwrap_err();
    assert_eq!((message.as_str(), offset), (TOML_FRONT_MATTER, 0));
    let hint = split_hint(text);
    let yaml = hint
        .strip_prefix("write the header as YAML:\n---\n")
        .and_then(|rest| rest.strip_suffix("---"))
        .unwrap();
    let front: FrontMatter = serde_yaml::from_str(yaml).unwrap();
    assert_eq!(front.title, "Page");
    assert_eq!(front.date.unwrap().iso(), "2025-12-14");
    assert_eq!(front.weight, Some(30));
    assert_eq!(front.tags, ["a", "b"]);
    assert_eq!(front.extra["lead"], "Hi: there");
    // With a BOM, and when the TOML itself is broken: still named, a generic hint.
    assert_eq!(
        split("\u{feff}+++\ntitle = \n+++\n").unwrap_err().0,
        TOML_FRONT_MATTER
    );
    assert!(split_hint("+++\ntitle = \n+++\n").starts_with("a page starts with"));
    assert!(split_hint("+++\ntitle = \"x\"\n").starts_with("a page starts with"));
}

#[test]
fn blank_text_does_not_count_as_set() {
    let front = parse_text(
            "---\ntitle: A\nname: \"\"\nrole: \"  \"\nlocation: ~\naffiliation: x\ndescription:\nactors: []\n---\n",
        )
        .unwrap();
    for field in ["name", "role", "location", "description", "actors", "kind"] {
        assert!(!front.has(field), "{field}");
    }
    assert!(front.has("affiliation") && front.has("title"));
    let invisible = parse_text(
            "---\ntitle: A\nname: \"\\u200b\"\nrole: \"\\ufeff \\u00ad\"\ndescription: \"\\u2060\\u200d\"\nlocation: \"\\u200bBerlin\"\n---\n",
        )
        .unwrap();
    for field in ["name", "role", "description"] {
        assert!(!invisible.has(field), "{field}");
    }
    assert!(invisible.has("location"));
    for title in [
        "\"\\u200b\"",
        "\"\\ufeff\"",
        "\"\\u2060\\u200d\"",
        "\"\\u00ad\"",
    ] {
        let (line, _, said, _) = error_of(&format!("---\ntitle: {title}\n---\n"));
        assert_eq!(line, 2, "{title}");
        assert!(
            said.contains("only invisible characters"),
            "{title}: {said}"
        );
    }
    let text = "---\ntitle: A\nextra:\n  name: x\nname: \"\"\n---\n";
    let source: Arc<str> = Arc::from(text);
    let split = split(&source).unwrap();
    let at = written_key_location(Path::new("a.md"), &source, &split, "name").unwrap();
    assert_eq!((at.line, at.column), (5, 1));
    assert!(written_key_location(Path::new("a.md"), &source, &split, "role").is_none());
}

#[test]
fn locates_mistakes_after_non_ascii_text() {
    let cases = [
        (
            "---\ntitle: Überblick\nextra:\n  ä: «1»\n  ä: 2\n---\n",
            (5, 3),
            "duplicate key `ä`",
        ),
        ("---\ntitle: «Über»\nextra:\n\tä: 1\n---\n", (4, 1), "tab"),
        (
            "---\ntitle: Ünterwegs\ndescription: \"«offen\ndate: 2025\n---\n",
            (3, 14),
            "never closed",
        ),
        (
            "---\ntitle: Ü\nwörter ohne Doppelpunkt\nweight: 1\n---\n",
            (3, 1),
            "has no `:`",
        ),
        (
            "---\ntitle: [Entwurf] Gespräche\n---\n",
            (2, 8),
            "invalid type",
        ),
        (
            "---\ntitle: Ü\ndate: 2025-12-14 bis 2025-12-15\n---\n",
            (3, 7),
            "is not a date",
        ),
    ];
    for (text, at, message) in cases {
        let (said, _) = error_at(text, at);
        assert!(said.contains(message), "{text:?}: {said}");
    }
    assert!(split_hint("+++\ntitle = \"Gespräche «x»\"\n+++\n").contains("title: Gespräche «x»"));
}
