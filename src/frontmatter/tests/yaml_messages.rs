//! Unit tests of the wording and placing of YAML syntax errors.

use super::*;

#[test]
fn points_at_where_an_unclosed_quote_or_bracket_opens() {
    let cases = [
        (
            "---\ntitle: \"An unclosed quote\ndate: 2025-12-15\n---\n",
            2,
            8,
            "quote `\"`",
        ),
        (
            "---\ntitle: 'Single\ndate: 2025-12-15\nweight: 1\n---\n",
            2,
            8,
            "quote `'`",
        ),
        (
            "---\ntitle: A\nactors: [a, b\ndate: 2025-12-15\n---\n",
            3,
            9,
            "bracket `[`",
        ),
        (
            "---\ntitle: A\nextra: {a: 1\ndate: 2025-12-15\n---\n",
            3,
            8,
            "brace `{`",
        ),
        (
            "---\ntitle: A\nextra:\n  a: {b: 1}\n  c: [1, 2\n---\n",
            5,
            6,
            "bracket `[`",
        ),
    ];
    for (text, line, column, what) in cases {
        let (message, _) = error_at(text, (line, column));
        assert!(
            message.contains(what) && message.contains("never closed"),
            "{message}"
        );
    }
}

#[test]
fn names_tabs_and_missing_colons() {
    for (text, line) in [
        ("---\ntitle: A\nextra:\n\ta: 1\n---\n", 4),
        ("---\n\ttitle: A\n---\n", 2),
        ("---\ntitle: A\nextra:\n  a: 1\n\tb: 2\n---\n", 5),
    ] {
        let (message, hint) = error_at(text, (line, 1));
        assert!(message.contains("tab is used for indentation"), "{message}");
        assert!(hint.contains("spaces"), "{hint}");
    }
    let (line, column, message, _) = error_of("---\ntitle: A\ndate 2025\nweight: 1\n---\n");
    assert_eq!((line, column), (3, 1), "{message}");
    assert!(message.contains("`date 2025` has no `:`"), "{message}");
}

#[test]
fn hints_to_quote_values_that_start_with_a_bracket() {
    let cases = [
        (
            "---\ntitle: [Draft] Berlin talks\n---\n",
            "title: \"[Draft] Berlin talks\"",
        ),
        (
            "---\ntitle: A\ndescription: {draft} \"x\"\n---\n",
            "description: '{draft} \"x\"'",
        ),
        (
            "---\ntitle: A\nlocation: [Berlin]\n---\n",
            "location: \"[Berlin]\"",
        ),
    ];
    for (text, quoted) in cases {
        let (_, _, _, hint) = error_of(text);
        assert!(hint.contains("is a YAML list or map; quote it"), "{hint}");
        assert!(hint.ends_with(quoted), "{hint} should end with {quoted}");
    }
    // A list where a list belongs is no mistake.
    assert!(parse_text("---\ntitle: A\ntags: [a, b]\n---\n").is_ok());
}

#[test]
fn explains_layout_and_quoting_mistakes() {
    let cases = [
        (
            "---\ntitle: A\nextra:\n  a: 1\n b: 2\n---\n",
            (5, 2),
            "`b: 2` is indented differently",
            "",
        ),
        (
            "---\ntitle: A\n date: 2025\n---\n",
            (3, 2),
            "`date: 2025` is indented under `title: A`",
            "",
        ),
        (
            "---\ntitle: A\nweight: 1\n  extra: x\n---\n",
            (4, 3),
            "`extra: x` is indented under `weight: 1`",
            "a line indented under a value continues it",
        ),
        (
            "---\ntitle: A\ndraft: false\n    description: x\n---\n",
            (4, 5),
            "`description: x` is indented under `draft: false`",
            "",
        ),
        (
            "---\ntitle: A\ndate: 2025-12-14\n\n  end_date: 2025\n---\n",
            (5, 3),
            "`end_date: 2025` is indented under `date: 2025-12-14`",
            "",
        ),
        (
            "---\ntitle: A\nstatus: happened\n  location: Berlin\n---\n",
            (4, 3),
            "`location: Berlin` is indented under `status: happened`",
            "",
        ),
        (
            "---\ntitle: A\nweight: 1.5\n  x\n---\n",
            (4, 3),
            "`x` is indented under `weight: 1.5`",
            "",
        ),
        (
            "---\ntitle: Talks: day one\n---\n",
            (2, 13),
            "holds `: `",
            "quote the whole value: title: \"Talks: day one\"",
        ),
        (
            "---\ntitle: @home\n---\n",
            (2, 8),
            "may not start with `@`",
            "title: \"@home\"",
        ),
        (
            "---\ntitle: `code` x\n---\n",
            (2, 8),
            "may not start with a backtick",
            "title: \"`code` x\"",
        ),
        (
            "---\ntitle: \"A\" and B\n---\n",
            (2, 12),
            "goes on after its closing quote",
            "title: '\"A\" and B'",
        ),
        (
            "---\ntitle: 'It''s' \"x\" y\n---\n",
            (2, 16),
            "goes on after its closing quote",
            "title: \"'It''s' \\\"x\\\" y\"",
        ),
    ];
    for (text, at, message, hint) in cases {
        let (said, hinted) = error_at(text, at);
        assert!(said.contains(message), "{text:?}: {said}");
        assert!(hinted.ends_with(hint), "{text:?}: {hinted}");
    }
    // No quoting hint where the line is not `key: value`.
    let (_, _, _, hint) = error_of("---\ntitle: A\ntags: [a, [b]\n---\n");
    assert!(!hint.contains("quote it"), "{hint}");
}
