//! Unit tests of loading and resolving site.toml.

use super::*;

fn parse(text: &str) -> Result<Config> {
    Config::parse(
        Path::new("/site"),
        Path::new("/site/site.toml"),
        text,
        &Overrides::default(),
    )
}

#[test]
fn can_parse_minimal_config_with_defaults() {
    let config = parse("title = \"T\"\nbase_url = \"https://example.org/talks\"\n").unwrap();
    assert_eq!(config.base_url, "https://example.org/talks/");
    assert_eq!(config.base_path, "/talks/");
    assert_eq!(config.theme, "default");
    assert_eq!(config.output_dir, Path::new("/site/public"));
    assert!(config.markdown.smart_punctuation);
}

#[test]
fn errors_on_unknown_key_with_hint_and_line() {
    let errors =
        parse("title = \"T\"\nbase_url = \"https://e.org/\"\ndescripton = \"x\"\n").unwrap_err();
    let text = errors.to_string();
    assert!(text.contains("site.toml:3:1"), "{text}");
    assert!(text.contains("did you mean `description`?"), "{text}");
}

#[test]
fn can_read_as_of_as_toml_date_or_string() {
    let config =
        parse("title = \"T\"\nbase_url = \"https://e.org/\"\nas_of = 2025-12-15\n").unwrap();
    assert_eq!(config.as_of.unwrap().to_string(), "2025-12-15");
    let config =
        parse("title = \"T\"\nbase_url = \"https://e.org/\"\nas_of = \"2025-12-15\"\n").unwrap();
    assert_eq!(config.as_of.unwrap().to_string(), "2025-12-15");
    let errors = parse("title = \"T\"\nbase_url = \"https://e.org/\"\nas_of = \"2025-13-01\"\n")
        .unwrap_err();
    assert!(errors.to_string().contains("site.toml:3:9"), "{errors}");
}

#[test]
fn as_of_is_a_whole_day() {
    let as_of = |value: &str| {
        parse(&format!(
            "title = \"T\"\nbase_url = \"https://e.org/\"\nas_of = {value}\n"
        ))
        .map(|config| config.as_of.map(|d| d.to_string()))
        .map_err(|e| e.to_string())
    };
    assert_eq!(as_of("2025-12-15T10:00:00Z"), Ok(Some("2025-12-15".into())));
    assert_eq!(as_of("2025-12-15T10:00:00"), Ok(Some("2025-12-15".into())));
    assert_eq!(
        as_of("\"2025-12-15 10:00:00\""),
        Ok(Some("2025-12-15".into()))
    );
    for bad in [
        "\"2025-12-15 to 2025-12-16\"",
        "\"2025-12-15 noon\"",
        "\"2025-12\"",
        "2025",
        "10:00:00",
        "\"2025-12-15T25:00\"",
    ] {
        let error = as_of(bad).unwrap_err();
        assert!(error.contains("site.toml:3:9"), "{bad}: {error}");
        assert!(error.contains("invalid as_of"), "{bad}: {error}");
    }
}

#[test]
fn base_urls_are_parsed_and_normalised_by_the_url_standard() {
    let ok = |url: &str| split_base_url(url).unwrap();
    assert_eq!(
        ok("https://Example.ORG/talks"),
        ("https://example.org/talks/".into(), "/talks/".into())
    );
    assert_eq!(
        ok("https://e.org:443"),
        ("https://e.org/".into(), "/".into())
    );
    assert_eq!(
        ok("http://127.0.0.1:1111"),
        ("http://127.0.0.1:1111/".into(), "/".into())
    );
    for (bad, says) in [
        ("https://e.org:99999/", "port outside"),
        ("example.org", "not an absolute URL"),
        ("ftp://e.org/", "http:// or https://"),
        ("https:///path", "name a host"),
        ("https://user:pw@e.org/", "user name or password"),
        ("https://e.org/a/../b", "`.` or `..`"),
        ("https://e.org/a/%2e%2e/b", "`.` or `..`"),
        ("https://e.org/?x=1", "query"),
        ("https://e.org/a b", "spaces"),
    ] {
        let error = split_base_url(bad).unwrap_err();
        assert!(error.contains(says), "{bad}: {error}");
    }
}

#[test]
fn errors_on_bad_base_url_and_unknown_schema_fields() {
    assert!(parse("title = \"T\"\nbase_url = \"example.org\"\n").is_err());
    let errors = parse("title = \"T\"\nbase_url = \"https://e.org/\"\n[sections.timeline]\nrequired = [\"stauts\"]\n")
            .unwrap_err()
            .to_string();
    assert!(errors.contains("did you mean `status`?"), "{errors}");
    // At the `required` line of the section, not its header.
    assert!(errors.contains("site.toml:4:1"), "{errors}");
}

#[test]
fn reads_require_citations_per_section() {
    let config = parse("title = \"T\"\nbase_url = \"https://e.org/\"\n[sections.explainers]\nrequire_citations = true\n[sections.actors]\nsort_by = \"weight\"\n").unwrap();
    assert!(config.section_schema("explainers").require_citations);
    assert!(!config.section_schema("actors").require_citations);
    assert!(!config.section_schema("none").require_citations);
    let errors = parse("title = \"T\"\nbase_url = \"https://e.org/\"\n[sections.explainers]\nrequire_citation = true\n")
            .unwrap_err()
            .to_string();
    assert!(errors.contains("require_citations"), "{errors}");
    assert!(errors.contains("site.toml:4:1"), "{errors}");
    let errors = parse("title = \"T\"\nbase_url = \"https://e.org/\"\n[sections.explainers]\nrequire_citations = \"yes\"\n")
            .unwrap_err()
            .to_string();
    assert!(errors.contains("site.toml:4"), "{errors}");
}

#[test]
fn base_url_override_wins() {
    let overrides = Overrides {
        base_url: Some("http://127.0.0.1:1111".into()),
        output_dir: None,
    };
    let config = Config::parse(
        Path::new("/s"),
        Path::new("/s/site.toml"),
        "title = \"T\"\nbase_url = \"https://e.org/x/\"\n",
        &overrides,
    )
    .unwrap();
    assert_eq!(config.base_url, "http://127.0.0.1:1111/");
    assert_eq!(config.base_path, "/");
    // site.toml's base URL is kept: links written with it are the site's.
    assert_eq!(
        config.written_base,
        Some(("https://e.org/x/".into(), "/x/".into()))
    );
    let plain = Config::parse(
        Path::new("/s"),
        Path::new("/s/site.toml"),
        "title = \"T\"\nbase_url = \"https://e.org/x/\"\n",
        &Overrides::default(),
    )
    .unwrap();
    assert_eq!(plain.written_base, None);
}

const HEAD: &str = "title = \"T\"\nbase_url = \"https://e.org/\"\n";

#[test]
fn reads_taxonomies_and_refuses_unknown_ones_and_bad_terms() {
    let config = parse(&format!(
            "{HEAD}[taxonomies.topics]\ntitle = \"Themes\"\n[taxonomies.topics.terms]\nnato = \"NATO\"\nland = \"Territory\"\n[taxonomies.tags]\n"
        ))
        .unwrap();
    let names: Vec<(&str, &str)> = config
        .taxonomies
        .iter()
        .map(|t| (t.name.as_str(), t.title.as_str()))
        .collect();
    assert_eq!(names, [("tags", "Tags"), ("topics", "Themes")]);
    assert_eq!(
        config.taxonomies[1].terms,
        Some(vec![
            ("land".into(), "Territory".into()),
            ("nato".into(), "NATO".into())
        ])
    );
    assert_eq!(config.taxonomies[0].terms, None);
    for (bad, wanted, at) in [
        ("[taxonomies.topic]\n", "did you mean `topics`?", ":3:1"),
        (
            "[taxonomies.categories]\n",
            "unknown taxonomy `categories`",
            ":3:1",
        ),
        (
            "[taxonomies.topics.terms]\n\"Big Deal\" = \"x\"\n",
            "not a URL segment",
            ":4:1",
        ),
        (
            "[taxonomies.topics]\ntitel = \"x\"\n",
            "unknown field `titel`",
            ":4:1",
        ),
    ] {
        let error = parse(&format!("{HEAD}{bad}")).unwrap_err().to_string();
        assert!(error.contains(wanted), "{bad}: {error}");
        assert!(error.contains(&format!("site.toml{at}")), "{bad}: {error}");
    }
}

#[test]
fn warns_about_quoted_and_dotted_top_level_keys_inside_extra() {
    let config = parse(&format!(
            "{HEAD}[extra]\n\"max_age_days\" = 10\n'as_of' = 2025-12-15\nhero.\"title\" = \"x\"\n\"author\" = \"A\"\n"
        ))
        .unwrap();
    let lines: Vec<String> = config
        .warnings
        .iter()
        .map(|w| {
            let at = w.location.clone().unwrap();
            format!(
                "{}:{} {}",
                at.line,
                at.column,
                w.message.split(',').next().unwrap_or("")
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            "4:1 `max_age_days` is inside [extra]",
            "5:1 `as_of` is inside [extra]",
            "6:6 `title` is inside [extra.hero]",
        ]
    );
}

#[test]
fn as_of_says_what_is_wrong_with_it() {
    for (value, said) in [
        ("\"  \"", "invalid as_of: the date is empty"),
        ("\"\"", "invalid as_of: the date is empty"),
        (
            "10:00:00",
            "invalid as_of: `10:00:00` is not a date: write a full day, YYYY-MM-DD",
        ),
        (
            "\"2025-12\"",
            "invalid as_of: `2025-12` is not a whole day: write YYYY-MM-DD or an RFC 3339 date-time",
        ),
    ] {
        let error = parse(&format!("{HEAD}as_of = {value}\n")).unwrap_err();
        assert_eq!(error.0[0].message, said, "{value}");
    }
}

#[test]
fn blank_required_text_in_site_toml_is_an_error_at_its_value() {
    for (text, key, line) in [
        (
            "title = \"\"\nbase_url = \"https://example.org/\"\n",
            "title",
            1,
        ),
        (
            "base_url = \"https://example.org/\"\ntitle = \"  \"\n",
            "title",
            2,
        ),
        (
            "title = \"\u{200b}\"\nbase_url = \"https://example.org/\"\n",
            "title",
            1,
        ),
        (
            "title = \"T\"\nbase_url = \"https://example.org/\"\nlanguage = \"\"\n",
            "language",
            3,
        ),
        (
            "title = \"T\"\nbase_url = \"https://example.org/\"\ntheme = \"\\u00ad\"\n",
            "theme",
            3,
        ),
    ] {
        let error = parse(text).unwrap_err();
        let error = &error.0[0];
        assert!(
            error
                .message
                .starts_with(&format!("`{key}` in site.toml is empty")),
            "{text}: {}",
            error.message
        );
        assert_eq!(
            error.location.as_ref().map(|l| l.line),
            Some(line),
            "{text}"
        );
    }
}

#[test]
fn warns_about_top_level_keys_inside_extra() {
    let config = parse(&format!(
            "{HEAD}[extra]\nauthor = \"A\"\nas_of = 2025-12-15\n  max_age_days = 30\n[extra.hero]\ntheme = \"dark\"\nnote = \"\"\"\nlanguage = \"x\"\n\"\"\"\n"
        ))
        .unwrap();
    assert_eq!(config.as_of, None);
    let lines: Vec<String> = config
        .warnings
        .iter()
        .map(|w| {
            assert_eq!(w.severity, crate::diagnostics::Severity::Warning);
            let at = w.location.clone().unwrap();
            format!(
                "{}:{}:{} {}",
                at.path.display(),
                at.line,
                at.column,
                w.message
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            "/site/site.toml:5:1 `as_of` is inside [extra], so it does not set the site's `as_of`: move it above the first [table]",
            "/site/site.toml:6:3 `max_age_days` is inside [extra], so it does not set the site's `max_age_days`: move it above the first [table]",
            "/site/site.toml:8:1 `theme` is inside [extra.hero], so it does not set the site's `theme`: move it above the first [table]",
        ]
    );
    let hint = config.warnings[0].hint.clone().unwrap();
    assert!(
        hint.starts_with("move `as_of` above the first [table]"),
        "{hint}"
    );
}

#[test]
fn no_warning_for_keys_in_their_place() {
    let config = parse(&format!(
            "{HEAD}as_of = 2025-12-15\n[markdown]\nfootnotes = false\n[extra]\nauthor = \"A\"\n[[extra.links]]\ntitle = \"x\"\n"
        ))
        .unwrap();
    assert!(config.warnings.is_empty(), "{:?}", config.warnings);
}

#[test]
fn hints_to_move_keys_that_a_table_swallowed() {
    let error = parse(&format!(
        "{HEAD}[markdown]\ntables = true\nas_of = 2025-12-15\n"
    ))
    .unwrap_err()
    .to_string();
    assert!(error.contains("site.toml:5:1"), "{error}");
    assert!(
        error.contains("move `as_of` above the first [table]"),
        "{error}"
    );
    let error = parse("base_url = \"https://e.org/\"\n[extra]\ntitle = \"T\"\n")
        .unwrap_err()
        .to_string();
    assert!(error.contains("missing field `title`"), "{error}");
    assert!(
        error.contains("move `title` above the first [table]"),
        "{error}"
    );
}

#[test]
fn titles_from_names_read_dashes_as_spaces() {
    assert_eq!(title_from_name("berlin-talks-begin"), "Berlin talks begin");
    assert_eq!(title_from_name("x"), "X");
    assert_eq!(title_from_name("2025-summit"), "2025 summit");
    assert_eq!(title_from_name(""), "");
}
