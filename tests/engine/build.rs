//! `briefing build` over the `basic` fixture: output tree and key pages
//! (snapshots), sub-path base URLs, drafts, links and anchors, ordering,
//! backlinks, data export, freshness warnings, and byte-identical rebuilds.

use crate::common::*;

#[test]
fn can_build_fixture_site_with_expected_file_tree() {
    let site = copy_fixture("basic");
    let output = build_ok(site.path(), &[]);
    let summary = stdout(&output);
    assert!(
        summary.starts_with("Built 5 pages, 3 sections"),
        "{summary}"
    );
    let files: Vec<String> = tree(&site.path().join("public")).into_keys().collect();
    assert_snapshot("basic", "tree.txt", &(files.join("\n") + "\n"));
}

#[test]
fn renders_key_pages_as_in_snapshots() {
    let site = copy_fixture("basic");
    build_ok(site.path(), &[]);
    let public = site.path().join("public");
    assert_snapshot("basic", "about.html", &read(&public, "about/index.html"));
    assert_snapshot(
        "basic",
        "timeline.html",
        &read(&public, "timeline/index.html"),
    );
    assert_snapshot(
        "basic",
        "alpha.html",
        &read(&public, "actors/alpha/index.html"),
    );
    assert_snapshot("basic", "timeline.json", &read(&public, "timeline.json"));
    assert_snapshot("basic", "actors.json", &read(&public, "actors.json"));
}

#[test]
fn honours_sub_path_in_every_generated_link() {
    let site = copy_fixture("basic");
    build_ok(site.path(), &["--base-url", "https://example.org/talks"]);
    let public = site.path().join("public");
    let about = read(&public, "about/index.html");
    assert!(
        about.contains("href=\"https://example.org/talks/actors/alpha/\""),
        "{about}"
    );
    assert!(
        about.contains("href=\"https://example.org/talks/site.css\""),
        "{about}"
    );
    let timeline = read(&public, "timeline/index.html");
    assert!(
        timeline.contains("href=\"/talks/timeline/a-event/\""),
        "{timeline}"
    );
    let sitemap = read(&public, "sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://example.org/talks/about/</loc>"),
        "{sitemap}"
    );
    assert!(
        !sitemap.contains("<loc>https://example.org/about/"),
        "{sitemap}"
    );
    let alias = read(&public, "old-about/index.html");
    assert!(
        alias.contains("url=https://example.org/talks/about/"),
        "{alias}"
    );
}

#[test]
fn leaves_out_drafts_unless_asked() {
    let site = copy_fixture("basic");
    build_ok(site.path(), &[]);
    assert!(!site.path().join("public/timeline/draft-event").exists());
    build_ok(site.path(), &["--drafts"]);
    assert!(
        site.path()
            .join("public/timeline/draft-event/index.html")
            .exists()
    );
    let timeline = read(&site.path().join("public"), "timeline/index.html");
    assert!(timeline.contains("Draft event"), "{timeline}");
}

#[test]
fn leaves_out_what_ignored_content_names() {
    let site = copy_fixture("basic");
    let config = std::fs::read_to_string(site.path().join("site.toml")).unwrap();
    std::fs::write(
        site.path().join("site.toml"),
        format!("ignored_content = [\"*.xlsx\", \"notes/**\"]\n{config}"),
    )
    .unwrap();
    let content = site.path().join("content");
    std::fs::write(content.join("timeline/figures.xlsx"), "not a page").unwrap();
    std::fs::create_dir_all(content.join("notes")).unwrap();
    // Not even read: front matter this broken would fail the build.
    std::fs::write(content.join("notes/todo.md"), "---\ntitle: [\n---\n").unwrap();
    std::fs::write(content.join("timeline/kept.csv"), "a,b\n").unwrap();
    build_ok(site.path(), &[]);
    let public = site.path().join("public");
    assert!(!public.join("timeline/figures.xlsx").exists());
    assert!(!public.join("notes").exists());
    assert!(public.join("timeline/kept.csv").exists());
}

#[test]
fn orders_sections_by_their_schema() {
    let site = copy_fixture("basic");
    build_ok(site.path(), &[]);
    let public = site.path().join("public");
    let timeline = read(&public, "timeline/index.html");
    let earlier = timeline.find("Earlier event").expect("earlier");
    let later = timeline.find("Later event").expect("later");
    assert!(earlier < later, "timeline sorted by date: {timeline}");
    assert!(
        timeline.contains("February 2022"),
        "month precision kept: {timeline}"
    );
    assert!(!timeline.contains("1 February 2022"), "{timeline}");
    let actors = read(&public, "actors/index.html");
    assert!(
        actors.find("Beta State") < actors.find("Alpha Person"),
        "weight order: {actors}"
    );
}

#[test]
fn lists_backlinks_from_references_and_links() {
    let site = copy_fixture("basic");
    build_ok(site.path(), &[]);
    let alpha = read(&site.path().join("public"), "actors/alpha/index.html");
    let backlinks = &alpha[alpha.find("class=\"backlinks\"").expect("backlinks")..];
    for title in ["About", "Earlier event", "Later event"] {
        assert!(backlinks.contains(title), "{title} missing: {backlinks}");
    }
}

#[test]
fn warns_about_stale_pages_but_builds() {
    let site = copy_fixture("basic");
    let output = build_ok(site.path(), &[]);
    let warnings = stderr(&output);
    assert!(
        warnings.contains("content/timeline/b-event.md:9:1: warning: stale"),
        "{warnings}"
    );
    assert!(
        !warnings.contains("about.md"),
        "about was reviewed recently: {warnings}"
    );
    let page = read(&site.path().join("public"), "timeline/b-event/index.html");
    assert!(page.contains("STALE"), "{page}");
}

#[test]
fn builds_are_byte_identical() {
    let site = copy_fixture("basic");
    build_ok(site.path(), &[]);
    let first = tree(&site.path().join("public"));
    build_ok(site.path(), &["--output-dir", "second"]);
    let second = tree(&site.path().join("second"));
    assert_eq!(first.len(), second.len());
    for (path, bytes) in &first {
        assert!(
            second.get(path) == Some(bytes),
            "{path} differs between builds"
        );
    }
}

/// `build` streams pages to disk as they render; `prepare` keeps the whole
/// plan in memory (check, serve). Both must produce the same bytes, with and
/// without the production passes, on the fixture and on the repository's site.
#[test]
fn streamed_build_writes_exactly_the_in_memory_plan() {
    let fixture = copy_fixture("basic");
    let repository = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for root in [fixture.path(), repository] {
        for (portable, minify) in [(false, false), (true, false), (false, true), (true, true)] {
            let out = tempfile::tempdir().expect("tempdir");
            let options = briefing::BuildOptions {
                root: root.to_path_buf(),
                overrides: briefing::Overrides {
                    base_url: None,
                    output_dir: Some(out.path().join("public")),
                },
                drafts: false,
                portable,
                minify,
                ..Default::default()
            };
            let report = briefing::build(&options).expect("build");
            let state = briefing::build_in_memory(&options).expect("builds in memory");
            let mut written = tree(&out.path().join("public"));
            // The only file outside the plan: the output's marker.
            assert!(
                written.remove(briefing::output::MARKER_FILE).is_some(),
                "marked"
            );
            let planned: Vec<&String> = state.plan.files.keys().collect();
            assert_eq!(
                written.keys().collect::<Vec<_>>(),
                planned,
                "{}: same files (portable {portable}, minify {minify})",
                root.display()
            );
            for (path, bytes) in &written {
                let expected = state.plan.read(path).expect("planned").expect("readable");
                assert!(
                    *bytes == expected,
                    "{}: {path} differs (portable {portable}, minify {minify})",
                    root.display()
                );
            }
            assert_eq!(report.stats, state.stats, "same summary");
        }
    }
}

#[test]
fn failed_build_leaves_previous_output_untouched() {
    let site = copy_fixture("basic");
    build_ok(site.path(), &[]);
    let before = tree(&site.path().join("public"));
    let about = site.path().join("content/about.md");
    let text = std::fs::read_to_string(&about).expect("read");
    std::fs::write(
        &about,
        text.replace("[Alpha](@/actors/alpha.md)", "[Alpha](@/actors/gamma.md)"),
    )
    .expect("write");
    let output = briefing(&["build"], site.path());
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(message.contains("content/about.md:20:5"), "{message}");
    assert!(
        message.contains("no page at `content/actors/gamma.md`"),
        "{message}"
    );
    assert_eq!(before, tree(&site.path().join("public")));
}

#[test]
fn reports_every_broken_reference_at_once() {
    let site = copy_fixture("basic");
    let event = site.path().join("content/timeline/b-event.md");
    let text = std::fs::read_to_string(&event).expect("read");
    std::fs::write(
        &event,
        text.replace("actors: [alpha, beta]", "actors: [alpah, beta]")
            .replace("sources: [report]", "sources: [reprot]"),
    )
    .expect("write");
    let output = briefing(&["build"], site.path());
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains("content/timeline/b-event.md:7:10"),
        "{message}"
    );
    assert!(message.contains("did you mean `alpha`?"), "{message}");
    assert!(
        message.contains("content/timeline/b-event.md:8:11"),
        "{message}"
    );
    assert!(message.contains("did you mean `report`?"), "{message}");
    assert!(message.contains("2 errors"), "{message}");
}
