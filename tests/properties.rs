//! Property tests (proptest) for the parsers and the path rules. They run on
//! stable Rust with `cargo test`, next to the cargo-fuzz targets in `fuzz/`.

use std::path::Path;
use std::sync::Arc;

use briefing::MarkdownOptions;
use briefing::PartialDate;
use briefing::frontmatter;
use briefing::markdown::{self, Resolver};
use briefing::output::{Contents, Plan};
use briefing::urls;
use briefing::{line_col, offset_of};
use proptest::prelude::*;

/// Path segments that include every trick: `..`, `.`, empty, absolute, backslashes, NUL, colons.
fn segment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("..".to_string()),
        Just(".".to_string()),
        Just(String::new()),
        Just("/".to_string()),
        Just("\\..".to_string()),
        Just("C:".to_string()),
        Just("a\0b".to_string()),
        "[a-zA-Z0-9 _.~-]{1,12}",
        any::<String>(),
    ]
}

fn path() -> impl Strategy<Value = String> {
    prop::collection::vec(segment(), 1..5).prop_map(|parts| parts.join("/"))
}

/// Markdown made of the pieces the passes care about, plus noise.
fn markdown_body() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("[@wt]".to_string()),
        Just("[@nope]".to_string()),
        Just("[“quoted words”][@wt]".to_string()),
        Just("[“”][@wt]".to_string()),
        Just("[link](@/a.md#part)".to_string()),
        Just("[link](@/missing.md)".to_string()),
        Just("![img](@/a.md)".to_string()),
        Just("\n## Heading {#part}\n".to_string()),
        Just("\n# \n".to_string()),
        Just("<!-- more -->".to_string()),
        Just("\n| a | b |\n|---|---|\n| [@wt] | c |\n".to_string()),
        Just("[^1]\n\n[^1]: note [@wt]\n".to_string()),
        Just("`code [@wt]`".to_string()),
        Just("\n```\n[@wt]\n```\n".to_string()),
        "[ -~\n]{0,20}",
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..12).prop_map(|parts| parts.concat())
}

struct Fixture;

impl Resolver for Fixture {
    fn page_url(&self, file: &str) -> Option<String> {
        (file == "a.md").then(|| "https://example.org/a/".to_string())
    }
    fn has_source(&self, id: &str) -> bool {
        id == "wt"
    }
}

/// A fixed seed, so CI runs the same cases every time; the fuzz targets
/// (fuzz/) are where new inputs get explored.
fn fixed(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        rng_seed: proptest::test_runner::RngSeed::Fixed(0x6272_6965_6669_6e67),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(fixed(512))]

    #[test]
    fn placed_pages_stay_inside_the_output(relative in path(), slug in proptest::option::of(segment())) {
        if let Ok(placed) = urls::place(&relative, slug.as_deref()) {
            let file = urls::index_file(&placed.url_path);
            prop_assert!(urls::is_contained(&file), "{relative:?} + {slug:?} → {file:?}");
        }
    }

    #[test]
    fn aliases_stay_inside_the_output(alias in path()) {
        if let Ok(path) = urls::alias_path(&alias) {
            let file = urls::index_file(&path);
            prop_assert!(urls::is_contained(&file), "{alias:?} → {file:?}");
        }
    }

    #[test]
    fn assets_stay_inside_the_output(relative in path()) {
        if let Ok(output) = urls::output_path_for_asset(&relative) {
            prop_assert!(urls::is_contained(&output), "{relative:?} → {output:?}");
        }
    }

    #[test]
    fn contained_paths_have_no_escape_hatch(relative in path()) {
        if urls::is_contained(&relative) {
            prop_assert!(!relative.starts_with('/'));
            prop_assert!(!relative.split('/').any(|s| s == ".." || s == "."));
            prop_assert!(!relative.contains('\\') && !relative.contains('\0'));
        }
    }

    #[test]
    fn front_matter_splits_or_errors_in_bounds(
        front in "[ -~\n]{0,80}",
        body in "[ -~\n]{0,40}",
        fence in prop_oneof![Just("---\n"), Just("---\r\n"), Just("\u{feff}---\n"), Just(""), Just("--- \n")],
        close in prop_oneof![Just("---\n"), Just("---"), Just(""), Just("----\n")],
    ) {
        let text = format!("{fence}{front}\n{close}{body}");
        let source: Arc<str> = Arc::from(text.as_str());
        match frontmatter::split(&source) {
            Ok(split) => {
                prop_assert_eq!(&source[split.body_offset..], split.body);
                prop_assert_eq!(&source[split.front_offset..split.front_offset + split.front.len()], split.front);
                if let Err(diagnostic) = frontmatter::parse(Path::new("p.md"), &source, &split) {
                    prop_assert!(diagnostic.location.is_some(), "unlocated: {}", diagnostic.message);
                }
            }
            Err((_, offset)) => prop_assert!(offset <= source.len()),
        }
    }

    #[test]
    fn markdown_renders_anything_with_offsets_in_the_body(body in markdown_body()) {
        let rendered = markdown::render(&body, &MarkdownOptions::default(), &Fixture);
        for problem in &rendered.problems {
            prop_assert!(problem.offset <= body.len());
        }
        for link in &rendered.links {
            prop_assert!(link.offset <= body.len());
        }
        prop_assert!(!rendered.html.contains("cite:"), "citation scheme leaked: {}", rendered.html);
    }

    #[test]
    fn line_and_column_map_back_to_the_offset(text in any::<String>(), at in any::<prop::sample::Index>()) {
        let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        let offset = boundaries[at.index(boundaries.len())];
        let (line, column) = line_col(&text, offset);
        prop_assert_eq!(offset_of(&text, line, column), offset);
    }

    #[test]
    fn dates_round_trip_at_their_precision(text in "[0-9]{1,5}(-[0-9]{1,3}){0,3}") {
        if let Ok(date) = PartialDate::parse(&text) {
            prop_assert_eq!(PartialDate::parse(&date.iso()), Ok(date));
        }
    }
}

proptest! {
    // Each case writes to disk: fewer of them.
    #![proptest_config(fixed(48))]

    #[test]
    fn writes_nothing_outside_the_output_folder(paths in prop::collection::vec(path(), 1..6)) {
        let temp = tempfile::tempdir().unwrap();
        let output = temp.path().join("site/public");
        std::fs::create_dir_all(temp.path().join("site")).unwrap();
        let mut plan = Plan::default();
        for p in &paths {
            plan.add(p.clone(), Contents::bytes(b"x".to_vec()));
        }
        let result = briefing::output::write(&plan, &output);
        let outside: Vec<_> = walkdir::WalkDir::new(temp.path())
            .into_iter()
            .map(|e| e.unwrap().into_path())
            .filter(|p| !p.starts_with(&output) && p != temp.path() && *p != temp.path().join("site"))
            .collect();
        prop_assert!(outside.is_empty(), "{paths:?} wrote {outside:?}");
        if result.is_ok() {
            prop_assert!(paths.iter().all(|p| urls::is_contained(p)));
        }
    }
}
