//! Issue 17, multilingual sites: `[languages.uk]` in site.toml, `page.uk.md`
//! translations under `/uk/`, `lang` and `hreflang` on every page and in the
//! sitemap, the language switcher, theme strings per language (and a site's
//! overrides), dates per language, the fallback to the default language with
//! a notice, feeds and timeline.json per language, and incremental updates
//! of translations. The error cases are in tests/engine/bad_inputs.rs.

use briefing::BuildOptions;
use briefing::Session;

use crate::common::*;
use crate::incremental::assert_same_as_clean_build;

fn built() -> (tempfile::TempDir, std::path::PathBuf) {
    let site = copy_fixture("multilingual");
    build_ok(site.path(), &[]);
    let out = site.path().join("public");
    (site, out)
}

#[test]
fn ukrainian_pages_have_lang_uk_and_english_pages_an_hreflang_uk_alternate() {
    let (_site, out) = built();
    let uk = read(&out, "uk/index.html");
    assert!(uk.contains("<html lang=\"uk\">"), "{uk}");
    let en = read(&out, "index.html");
    assert!(en.contains("<html lang=\"en\">"));
    assert!(
        en.contains(r#"<link rel="alternate" hreflang="uk" href="https://example.org/uk/">"#),
        "{en}"
    );
    assert!(en.contains(r#"<link rel="alternate" hreflang="en" href="https://example.org/">"#));
    assert!(
        en.contains(r#"<link rel="alternate" hreflang="x-default" href="https://example.org/">"#)
    );
    // The Ukrainian edition's title, description and home link.
    assert!(uk.contains("<a class=\"site-title\" href=\"https://example.org/uk/\""));
    assert!(uk.contains("Переговори: пояснення"));
    // Marked as a translation of the English page.
    assert!(uk.contains("Ця сторінка — переклад сторінки <a href=\"https://example.org/\" hreflang=\"en\" lang=\"en\">Talks explained</a>"));
    // `@/timeline/_index.md` in a translation links the translation.
    assert!(uk.contains("href=\"https://example.org/uk/timeline/\""));
}

#[test]
fn the_switcher_links_the_translation_or_says_there_is_none() {
    let (_site, out) = built();
    let en = read(&out, "timeline/talks/index.html");
    assert!(en.contains("<nav class=\"site-nav languages\" aria-label=\"Languages\">"));
    assert!(en.contains(r#"<a href="https://example.org/uk/timeline/talks/" hreflang="uk" lang="uk">Українська</a>"#), "{en}");
    let actor = read(&out, "actors/alpha/index.html");
    assert!(actor.contains(r#"<li><span lang="uk">Українська</span> <span class="meta">(not translated)</span></li>"#), "{actor}");
    let uk = read(&out, "uk/timeline/talks/index.html");
    assert!(uk.contains("<nav class=\"site-nav languages\" aria-label=\"Мови\">"));
    assert!(uk.contains(r#"hreflang="uk" lang="uk" aria-current="page">Українська</a>"#));
}

#[test]
fn ukrainian_pages_show_ukrainian_month_names_in_the_genitive() {
    let (_site, out) = built();
    let event = read(&out, "uk/timeline/talks/index.html");
    assert!(event.contains("15 грудня 2025"), "{event}");
    assert!(!event.contains("December"));
    // A month alone is in the nominative; the untranslated event falls back
    // to English but its date is written in Ukrainian on a Ukrainian page.
    let timeline = read(&out, "uk/timeline/index.html");
    assert!(
        timeline.contains("<time datetime=\"2025-12\">грудень 2025</time>"),
        "{timeline}"
    );
    assert!(timeline.contains("hreflang=\"en\" lang=\"en\">Later meeting</a>"));
    assert!(timeline.contains("Відбулося"));
    // The untranslated event says so, as cards on the home page do.
    assert_eq!(
        timeline.matches("ще не перекладено").count(),
        1,
        "{timeline}"
    );
    assert!(read(&out, "timeline/index.html").contains("15 December 2025"));
}

#[test]
fn an_untranslated_actor_falls_back_to_english_with_a_notice() {
    let (_site, out) = built();
    let uk = read(&out, "uk/timeline/talks/index.html");
    assert!(
        uk.contains(r#"<a href="https://example.org/actors/alpha/" hreflang="en" lang="en">Alpha</a> <span class="meta">(Цей профіль ще не доступний українською.)</span>"#),
        "{uk}"
    );
}

#[test]
fn sitemap_feeds_and_timeline_json_per_language() {
    let (_site, out) = built();
    let sitemap = read(&out, "sitemap.xml");
    assert!(sitemap.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""));
    assert!(sitemap.contains(r#"<xhtml:link rel="alternate" hreflang="uk" href="https://example.org/uk/timeline/talks/"/>"#), "{sitemap}");
    assert!(sitemap.contains(r#"<xhtml:link rel="alternate" hreflang="x-default" href="https://example.org/timeline/talks/"/>"#));
    let feed = read(&out, "uk/atom.xml");
    assert!(feed.contains("xml:lang=\"uk\""));
    assert!(feed.contains("<title>Переговори відбулися</title>"));
    // The untranslated event, in English, says so.
    assert!(feed.contains("<entry xml:lang=\"en\">"), "{feed}");
    let english = read(&out, "atom.xml");
    assert!(!english.contains("Переговори"), "{english}");
    let timeline: serde_json::Value =
        serde_json::from_str(&read(&out, "uk/timeline.json")).unwrap();
    let items = timeline["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert!(
        items
            .iter()
            .any(|i| i["title"] == "Переговори відбулися" && i["lang"] == "uk")
    );
    assert!(
        items
            .iter()
            .any(|i| i["title"] == "Later meeting" && i["lang"] == "en")
    );
    let english: serde_json::Value = serde_json::from_str(&read(&out, "timeline.json")).unwrap();
    assert_eq!(english["items"].as_array().unwrap().len(), 2);
    assert!(english["items"][0].get("lang").is_none());
}

#[test]
fn a_site_overrides_theme_strings_per_language() {
    let site = copy_fixture("multilingual");
    std::fs::create_dir_all(site.path().join("i18n")).unwrap();
    std::fs::write(
        site.path().join("i18n/uk.toml"),
        "skip_to_content = \"До змісту\"\n",
    )
    .unwrap();
    let toml = std::fs::read_to_string(site.path().join("site.toml")).unwrap();
    std::fs::write(
        site.path().join("site.toml"),
        toml.replace(
            "[sections.timeline]",
            "[languages.en.strings]\nskip_to_content = \"Jump to the text\"\n\n[sections.timeline]",
        ),
    )
    .unwrap();
    build_ok(site.path(), &[]);
    let out = site.path().join("public");
    assert!(read(&out, "uk/index.html").contains(">До змісту</a>"));
    // Other strings stay the theme's.
    assert!(read(&out, "uk/index.html").contains("aria-label=\"Мови\""));
    assert!(read(&out, "index.html").contains(">Jump to the text</a>"));
}

#[test]
fn a_missing_string_is_an_error_naming_the_key_and_the_files() {
    let site = copy_fixture("multilingual");
    std::fs::create_dir_all(site.path().join("templates")).unwrap();
    std::fs::write(
        site.path().join("templates/index.html"),
        "{% extends \"base.html\" %}{% block main %}{{ trans(key=\"no_such_string\", lang=lang) }}{% endblock main %}",
    )
    .unwrap();
    let output = briefing(&["build"], site.path());
    assert!(!output.status.success());
    let text = stderr(&output);
    assert!(text.contains("no string `no_such_string`"), "{text}");
    assert!(text.contains("i18n/en.toml"), "{text}");
}

#[test]
fn without_languages_a_dot_in_a_file_name_is_part_of_the_name() {
    let site = copy_fixture("multilingual");
    let toml = std::fs::read_to_string(site.path().join("site.toml")).unwrap();
    let start = toml.find("[languages.uk]").unwrap();
    let end = toml.find("[sections.timeline]").unwrap();
    std::fs::write(
        site.path().join("site.toml"),
        format!("{}{}", &toml[..start], &toml[end..]),
    )
    .unwrap();
    for file in [
        "_index.uk.md",
        "timeline/_index.uk.md",
        "timeline/talks.uk.md",
    ] {
        std::fs::remove_file(site.path().join("content").join(file)).unwrap();
    }
    std::fs::write(
        site.path().join("content/notes.v2.md"),
        "---\ntitle: Notes\n---\n\nText.\n",
    )
    .unwrap();
    build_ok(site.path(), &[]);
    let out = site.path().join("public");
    assert!(out.join("notes-v2/index.html").is_file());
    let home = read(&out, "index.html");
    assert!(!home.contains("hreflang"));
    assert!(!home.contains("class=\"site-nav languages\""));
    assert!(!out.join("uk").exists());
}

#[test]
fn edits_of_translations_and_originals_update_as_a_clean_build() {
    let site = copy_fixture("multilingual");
    let root = site.path().to_path_buf();
    let options = BuildOptions {
        root: root.clone(),
        ..BuildOptions::default()
    };
    let mut session = Session::new(options.clone());
    session.build().expect("first build");
    let steps: Vec<(&str, &str, &str)> = vec![
        (
            "content/timeline/talks.uk.md",
            "title: Переговори відбулися",
            "title: Переговори в Берліні",
        ),
        (
            "content/timeline/talks.uk.md",
            "Переговори відбулися [@report].",
            "Переговори тривали два дні [@report].",
        ),
        (
            "content/timeline/talks.uk.md",
            "date: 2025-12-15",
            "date: 2025-12-14",
        ),
        // An original that the Ukrainian timeline lists in English.
        (
            "content/timeline/later.md",
            "title: Later meeting",
            "title: A later meeting",
        ),
        (
            "content/timeline/later.md",
            "date: 2025-12",
            "date: 2026-01-10",
        ),
        (
            "content/_index.uk.md",
            "title: Переговори — пояснення",
            "title: Переговори",
        ),
        (
            "content/actors/alpha.md",
            "role: A party to the talks",
            "role: A party",
        ),
        (
            "content/timeline/_index.uk.md",
            "Події за датою.",
            "Події за датою, від найдавніших.",
        ),
    ];
    for (n, (file, from, to)) in steps.into_iter().enumerate() {
        let path = edit(&root, file, from, to);
        session
            .update(&[path])
            .unwrap_or_else(|e| panic!("step {n}: {e}"));
        assert_same_as_clean_build(&session, &options, &format!("step {n} ({file})"));
    }
    // A new translation, then its removal: the switchers, alternates and
    // listings of the other language follow.
    let added = root.join("content/about.uk.md");
    std::fs::write(
        &added,
        "---\ntitle: Про сайт\n---\n\nЯк написано цей сайт.\n",
    )
    .unwrap();
    session
        .update(std::slice::from_ref(&added))
        .expect("add a translation");
    assert_same_as_clean_build(&session, &options, "added about.uk.md");
    std::fs::remove_file(&added).unwrap();
    session.update(&[added]).expect("remove a translation");
    assert_same_as_clean_build(&session, &options, "removed about.uk.md");
}

#[test]
fn a_translated_quote_shows_the_translation_and_the_archive_checks_the_original() {
    let (site, out) = built();
    let uk = read(&out, "uk/timeline/talks/index.html");
    assert!(
        uk.contains(r#"<q cite="https://news.example.org/report" title="one official" data-speaker="one official" class="quote-translated">не залишатимуться на столі вічно</q> <span class="quote-original meta">(цитата в перекладі; оригінал: <q lang="en">Those guarantees will not be on the table forever</q>)</span>"#),
        "{uk}"
    );
    let output = briefing(&["check", "--archive", "archive"], site.path());
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("2 quotes verified"),
        "{}",
        stdout(&output)
    );
    // A wrong original fails the check, at the translated page.
    let page = site.path().join("content/timeline/talks.uk.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(
        &page,
        text.replace(
            "original “Those guarantees will not be on the table forever”",
            "original “Those guarantees will be on the table forever”",
        ),
    )
    .unwrap();
    let output = briefing(&["check", "--archive", "archive"], site.path());
    assert!(!output.status.success());
    let text = stderr(&output);
    assert!(text.contains("content/timeline/talks.uk.md:"), "{text}");
}

/// A translation of a draft is left out with its original (and built with it
/// under `--drafts`), never published alone.
#[test]
fn a_translation_of_a_draft_is_left_out_with_its_original() {
    let site = copy_fixture("multilingual");
    let talks = site.path().join("content/timeline/talks.md");
    let text = std::fs::read_to_string(&talks).unwrap();
    std::fs::write(&talks, text.replacen("---\n", "---\ndraft: true\n", 1)).unwrap();
    build_ok(site.path(), &[]);
    let out = site.path().join("public");
    assert!(!out.join("timeline/talks/index.html").exists());
    assert!(!out.join("uk/timeline/talks/index.html").exists());
    build_ok(site.path(), &["--drafts"]);
    assert!(out.join("timeline/talks/index.html").exists());
    assert!(out.join("uk/timeline/talks/index.html").exists());
}

/// Backlinks and "cited by" lists hold pages in the page's own language;
/// actors.json's `referenced_by` default-language pages only.
#[test]
fn backlinks_and_cited_by_lists_stay_in_the_pages_language() {
    let site = copy_fixture("multilingual");
    std::fs::write(
        site.path().join("content/sources.md"),
        "---\ntitle: Sources\ntemplate: sources.html\n---\n",
    )
    .unwrap();
    build_ok(site.path(), &[]);
    let out = site.path().join("public");
    let actor = read(&out, "actors/alpha/index.html");
    assert!(actor.contains("/timeline/talks/"), "{actor}");
    assert!(!actor.contains("/uk/timeline/talks/"), "{actor}");
    let actors = read(&out, "actors.json");
    assert!(
        actors.contains("https://example.org/timeline/talks/"),
        "{actors}"
    );
    assert!(!actors.contains("/uk/"), "{actors}");
    let sources = read(&out, "sources/index.html");
    assert!(
        sources.contains("https://example.org/timeline/talks/"),
        "{sources}"
    );
    assert!(!sources.contains("/uk/timeline/talks/"), "{sources}");
}

/// An unchecked quotation in a translated page: the hint gives the
/// translated form, with the source's exact words as `original “…”`.
#[test]
fn an_unchecked_quotation_in_a_translation_hints_at_the_original_form() {
    let site = copy_fixture("multilingual");
    let talks = site.path().join("content/timeline/talks.uk.md");
    let text = std::fs::read_to_string(&talks).unwrap();
    std::fs::write(&talks, format!("{text}\nВін назвав це “кроком уперед”.\n")).unwrap();
    let mut session = Session::new(BuildOptions {
        root: site.path().to_path_buf(),
        ..BuildOptions::default()
    });
    session.build().expect("build");
    let warnings = &session.built().expect("state").warnings;
    let warning = warnings
        .iter()
        .find(|w| w.message.contains("is not a checked quote"))
        .unwrap_or_else(|| panic!("{warnings:?}"));
    let hint = warning.hint.as_deref().unwrap_or("");
    assert!(hint.contains("[@source-id, original “…”]"), "{hint}");
}
