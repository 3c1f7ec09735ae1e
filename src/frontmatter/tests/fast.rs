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
