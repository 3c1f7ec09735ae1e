//! The quick reader of common front matter against serde_yaml: whatever it
//! reads, it reads as the YAML parser does; what it cannot, it leaves.

use super::super::fast;
use super::*;

/// Headers the quick reader takes, each equal to serde_yaml's reading.
const TAKEN: &[&str] = &[
    "title: \"1961-06-16: Jana blockaded\"\ndate: 1961-06-16T02:00:00Z\ndescription: \"A, b: c # d\"\ntags: [\"health\", \"food-security\"]\nactors: [\"Eastern Quorrin Movement\", \"Fatima Petrov\"]\n",
    "title: Plain title, with (parts) and it's fine\n",
    "title: \"\"\n",
    "title: \"Грудень — «ёж»\"\nslug: \"a-b\"\n",
    "title: true\nname: 2025\ndescription: 1e3\n",
    "title: \"T\"\ndraft: true\nweight: -12\nstatus: happened\nkind: organisation\n",
    "title: \"T\"\ndraft: false\nweight: 0\naliases: []\n",
    "title: \"T\"\ndate: 2025\nupdated: \"2025-03\"\nreviewed: 2025-03-04\nend_date: 2026-01-01\n",
    "title: \"T\"\npublish_date: 2025-01-01\nexpiry_date: \"2025-02-01\"\n",
    "\ntitle: \"T\"\n\ntemplate: \"page.html\"\nlocation: Emberly\nrole: Mayor\naffiliation: \"X\"\nsources: [\"s\"]\ntopics: [\"t\"]\n",
];

/// Headers left to serde_yaml: escapes, comments, nesting, tabs, carriage
/// returns, nulls, repeated and unknown keys, odd numbers and spacing.
const LEFT: &[&str] = &[
    "title: \"a\\\"b\"\n",
    "title: \"T\" # comment\n",
    "title: \"T\"\nextra:\n  a: 1\n",
    "title: \"T\"\ntags:\n  - a\n",
    "title: \"a\tb\"\n",
    "title: \"T\"\r\n",
    "title: \"T\"\ndescription: null\n",
    "title: \"T\"\ndescription: ~\n",
    "title: \"T\"\ntitle: \"U\"\n",
    "title: \"T\"\nfoo: 1\n",
    "title: \"T\"\nweight: 012\n",
    "title: \"T\"\nweight: -0\n",
    "title: \"T\"\nweight: 0x1\n",
    "title: \"T\"\nweight: \"3\"\n",
    "title: \"T\"\ndraft: yes\n",
    "title: \"T\"\nstatus: \"happened\"\n",
    "title: \"T\"\nstatus: done\n",
    "title:  \"T\"\n",
    "title: \"T\" \n",
    "title: \" T\"\n",
    "title: \"T\"\ndate: not-a-date\n",
    "title: \"T\"\npublish_date: 2025-01\n",
    "title: a  b\n",
    "title: a #b\n",
    "title: &x \"T\"\n",
    "title: \"T\"\ntags: [\"a\",\"b\"]\n",
    "title: \"T\"\ntags: [\"a, b\"]\n",
    "title: \"T\"\ntags: [a, b]\n",
    "title: multi\n  line\n",
    "title: \"a\u{2028}b\"\n",
    "title: \"a\u{85}b\"\n",
    "description: \"no title\"\n",
];

#[test]
fn reads_common_headers_as_serde_yaml_does() {
    for front in TAKEN {
        let quick = fast::parse(front).unwrap_or_else(|| panic!("not taken: {front:?}"));
        let yaml = parse_yaml::<FrontMatter>(front).expect(front);
        assert_eq!(quick, yaml, "{front:?}");
    }
}

#[test]
fn leaves_every_other_form_to_serde_yaml() {
    for front in LEFT {
        assert_eq!(fast::parse(front), None, "{front:?}");
    }
}

/// A value as an editor might type it: printable ASCII (quotes, colons,
/// hashes and brackets included), sometimes quoted, a list or a date.
fn value() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    prop_oneof![
        "[ -~]{0,12}",
        "\"[ -~]{0,10}\"",
        "\\[(\"[a-z ,]{0,5}\"(, ?)?){0,3}\\]",
        "-?[0-9]{1,5}(-[0-9]{1,2}){0,2}(T[0-9]{2}:[0-9]{2}:[0-9]{2}Z)?",
        "(true|false|yes|no|null|Null|~|happened|person|group|[A-Z][a-z]{1,6})",
        "[a-zà-ÿ\u{2028}\u{85}\u{feff}\t]{1,6}",
    ]
}

/// A header of random lines: known fields (some twice), an unknown key,
/// odd spacing around the colon, blank lines.
fn header() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let key = prop_oneof![
        proptest::sample::select(FIELDS.iter().map(|f| f.name).collect::<Vec<_>>()),
        Just("unknown"),
        Just(" title"),
    ];
    let sep = prop_oneof![Just(": "), Just(":  "), Just(":"), Just(" : ")];
    let line = (key, sep, value()).prop_map(|(k, s, v)| format!("{k}{s}{v}"));
    (proptest::collection::vec(line, 0..6), value())
        .prop_map(|(lines, title)| format!("title: {title}\n{}\n", lines.join("\n")))
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config {
        cases: 8192,
        failure_persistence: None,
        rng_seed: proptest::test_runner::RngSeed::Fixed(0x6661_7374),
        ..proptest::test_runner::Config::default()
    })]

    /// Whatever header the quick reader takes, serde_yaml reads the same:
    /// it may leave a header to the parser, never read one differently.
    #[test]
    fn whatever_the_quick_reader_takes_serde_yaml_reads_the_same(front in header()) {
        if let Some(quick) = fast::parse(&front) {
            let yaml = parse_yaml::<FrontMatter>(&front);
            proptest::prop_assert!(yaml.is_ok(), "{front:?}: {:?}", yaml.err().map(|e| e.message));
            proptest::prop_assert_eq!(Some(quick), yaml.ok(), "{:?}", front);
        }
    }
}
