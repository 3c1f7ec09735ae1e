//! Issue 16, the editor's workflow: `new`, scheduling (`publish_date`,
//! `expiry_date`, `--future`, `--expired`) and `list`, through the real binary
//! with today fixed by `BRIEFING_TODAY`.

use std::path::Path;
use std::process::Output;

use crate::common::serve::Server;
use crate::common::{command, copy_fixture, read, stderr, stdout};

const TODAY: &str = "2026-01-10";

fn run(site: &Path, args: &[&str]) -> Output {
    command()
        .args(args)
        .current_dir(site)
        .env("BRIEFING_TODAY", TODAY)
        .output()
        .expect("run briefing")
}

fn ok(site: &Path, args: &[&str]) -> String {
    let output = run(site, args);
    assert!(
        output.status.success(),
        "{args:?} failed:\n{}{}",
        stdout(&output),
        stderr(&output)
    );
    stdout(&output)
}

fn fails(site: &Path, args: &[&str], code: i32) -> String {
    let output = run(site, args);
    assert_eq!(
        output.status.code(),
        Some(code),
        "{args:?}:\n{}",
        stderr(&output)
    );
    stderr(&output)
}

fn write(site: &Path, relative: &str, text: &str) {
    let path = site.join(relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn new_writes_a_draft_for_each_section_from_its_schema() {
    let dir = copy_fixture("basic");
    let site = dir.path();
    let said = ok(site, &["new", "timeline/ceasefire-talks.md"]);
    assert!(
        said.contains("Created content/timeline/ceasefire-talks.md"),
        "{said}"
    );
    let event = read(site, "content/timeline/ceasefire-talks.md");
    assert!(
        event.starts_with("---\ntitle: Ceasefire talks\n"),
        "{event}"
    );
    for line in [
        "date: 2026-01-10\n",
        "status: expected",
        "reviewed: 2026-01-10\n",
        "draft: true\n",
    ] {
        assert!(event.contains(line), "{line} in\n{event}");
    }
    ok(site, &["new", "content/actors/gamma.md"]);
    let actor = read(site, "content/actors/gamma.md");
    for line in [
        "title: Gamma\n",
        "name: Gamma\n",
        "kind: person",
        "role: \"TODO\"\n",
        "draft: true\n",
    ] {
        assert!(actor.contains(line), "{line} in\n{actor}");
    }
    // Drafts: left out of a plain build, and valid pages with --drafts.
    ok(site, &["build"]);
    assert!(!site.join("public/timeline/ceasefire-talks").exists());
    ok(site, &["build", "--drafts"]);
    let page = read(site, "public/timeline/ceasefire-talks/index.html");
    assert!(page.contains("Ceasefire talks"), "{page}");
    assert!(site.join("public/actors/gamma/index.html").is_file());
}

#[test]
fn new_follows_the_sites_archetype() {
    let dir = copy_fixture("basic");
    let site = dir.path();
    write(
        site,
        "archetypes/timeline.md",
        "---\ntitle: \"{{ title }}\"\ndate: {{ date }}\nstatus: reported\npublish_date: {{date}}\n---\nWhat happened in {{ section }}/{{ slug }}.\n",
    );
    ok(site, &["new", "timeline/summit.md"]);
    assert_eq!(
        read(site, "content/timeline/summit.md"),
        "---\ntitle: \"Summit\"\ndate: 2026-01-10\nstatus: reported\npublish_date: 2026-01-10\n---\nWhat happened in timeline/summit.\n"
    );
    // Other sections keep the schema.
    ok(site, &["new", "actors/delta.md"]);
    assert!(read(site, "content/actors/delta.md").contains("kind: person"));
    // An unknown placeholder is an error at its line, and nothing is written.
    write(
        site,
        "archetypes/actors.md",
        "---\ntitle: {{ title }}\nreviewed: {{ datte }}\n---\n",
    );
    let error = fails(site, &["new", "actors/epsilon.md"], 1);
    assert!(error.contains("archetypes/actors.md:3:11"), "{error}");
    assert!(error.contains("did you mean `{{ date }}`?"), "{error}");
    assert!(!site.join("content/actors/epsilon.md").exists());
}

#[test]
fn new_refuses_to_overwrite_and_names_unknown_sections() {
    let dir = copy_fixture("basic");
    let site = dir.path();
    let before = read(site, "content/timeline/a-event.md");
    let error = fails(site, &["new", "timeline/a-event.md"], 1);
    assert!(error.contains("content/timeline/a-event.md"), "{error}");
    assert!(error.contains("never overwrites"), "{error}");
    assert_eq!(read(site, "content/timeline/a-event.md"), before);

    let error = fails(site, &["new", "timline/x.md"], 1);
    assert!(error.contains("unknown section `timline`"), "{error}");
    assert!(error.contains("sections: `actors`, `timeline`"), "{error}");
    assert!(
        error.contains("did you mean `timeline` (its schema is [sections.timeline]"),
        "{error}"
    );
    assert!(!site.join("content/timline").exists());

    for usage in [
        "x.md",
        "timeline/X.md",
        "timeline/x.txt",
        "timeline/_index.md",
    ] {
        let error = fails(site, &["new", usage], 2);
        assert!(
            error.contains("SECTION/NAME.md") || error.contains("name"),
            "{usage}: {error}"
        );
    }
    let error = fails(site, &["new", "timeline/b.md"], 0);
    assert!(error.is_empty(), "{error}");
}

/// The fixture plus one page of each kind a listing finds.
fn scheduled_site() -> tempfile::TempDir {
    let dir = copy_fixture("basic");
    let site = dir.path();
    write(
        site,
        "content/timeline/future-event.md",
        "---\ntitle: Future event\ndate: 2026-02-01\nstatus: expected\npublish_date: 2026-01-11T08:00:00+01:00\n---\nSoon.\n",
    );
    write(
        site,
        "content/timeline/expired-event.md",
        "---\ntitle: Expired event\ndate: 2025-12-01\nstatus: happened\nexpiry_date: 2026-01-10\n---\nGone.\n",
    );
    write(
        site,
        "content/timeline/live-event.md",
        "---\ntitle: Live   event\ndate: 2025-12-02\nstatus: happened\npublish_date: 2026-01-10\nexpiry_date: 2026-01-11\nreviewed: 2025-10-01\n---\nSee [the future](@/timeline/future-event.md).\n",
    );
    write(
        site,
        "content/notes.md",
        "---\ntitle: Notes\nreviewed: 2025-12-01\n---\nThey said [“words”][@treaty] and [“more”][@report].\n",
    );
    write(
        site,
        "content/actors/beta.md",
        &read(site, "content/actors/beta.md")
            .replace("Beta is a state.", "Beta said [“checked”][@report]."),
    );
    dir
}

#[test]
fn list_prints_one_tab_separated_line_per_page_of_each_kind() {
    let dir = scheduled_site();
    let site = dir.path();
    assert_eq!(
        ok(site, &["list", "drafts"]),
        "content/timeline/draft-event.md\tDraft event\t2025-12-20\n"
    );
    assert_eq!(
        ok(site, &["list", "future"]),
        "content/timeline/future-event.md\tFuture event\t2026-01-11\n"
    );
    assert_eq!(
        ok(site, &["list", "expired"]),
        "content/timeline/expired-event.md\tExpired event\t2026-01-10\n"
    );
    assert_eq!(
        ok(site, &["list", "stale"]),
        "content/timeline/b-event.md\tLater event\t2025-10-01\ncontent/timeline/live-event.md\tLive event\t2025-10-01\n"
    );
    // `treaty` has no archived copy (no sha256); `report` has one.
    assert_eq!(
        ok(site, &["list", "unverified"]),
        "content/notes.md\tNotes\t2025-12-01\n"
    );
    // With an archive folder, a source must also have its text there.
    std::fs::remove_file(site.join("archive/report.txt")).unwrap();
    let listed = ok(site, &["list", "unverified", "--archive", "archive"]);
    let paths: Vec<&str> = listed
        .lines()
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    assert!(paths.contains(&"content/notes.md"), "{listed}");
    assert!(
        listed.lines().all(|l| l.split('\t').count() == 3),
        "{listed}"
    );
    assert_eq!(
        paths,
        [
            "content/about.md",
            "content/actors/beta.md",
            "content/notes.md"
        ]
    );
    // Kinds are checked by the command line (exit 2).
    let error = fails(site, &["list", "drafs"], 2);
    assert!(error.contains("drafts"), "{error}");
}

#[test]
fn pages_outside_their_window_are_left_out_unless_asked_for() {
    let dir = scheduled_site();
    let site = dir.path();
    // The live page links to the future one: an error that says why.
    let error = fails(site, &["build"], 1);
    assert!(
        error.contains("`content/timeline/future-event.md` is scheduled for 2026-01-11, left out without --future"),
        "{error}"
    );
    write(
        site,
        "content/timeline/live-event.md",
        &read(site, "content/timeline/live-event.md")
            .replace("See [the future](@/timeline/future-event.md).", "Now."),
    );
    ok(site, &["build"]);
    let public = site.join("public");
    assert!(public.join("timeline/live-event/index.html").is_file());
    assert!(!public.join("timeline/future-event").exists());
    assert!(!public.join("timeline/expired-event").exists());
    let listing = read(site, "public/timeline/index.html");
    assert!(listing.contains("live-event/") && !listing.contains("future-event"));
    assert!(!read(site, "public/sitemap.xml").contains("future-event"));

    ok(site, &["build", "--future"]);
    assert!(public.join("timeline/future-event/index.html").is_file());
    assert!(!public.join("timeline/expired-event").exists());
    ok(site, &["build", "--expired"]);
    assert!(!public.join("timeline/future-event").exists());
    assert!(public.join("timeline/expired-event/index.html").is_file());
    ok(site, &["build", "--future", "--expired"]);
    assert!(public.join("timeline/future-event/index.html").is_file());
    assert!(public.join("timeline/expired-event/index.html").is_file());

    // The next day, the scheduled page is out and the window of the live one closed.
    let output = command()
        .arg("build")
        .current_dir(site)
        .env("BRIEFING_TODAY", "2026-01-11")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(public.join("timeline/future-event/index.html").is_file());
    assert!(!public.join("timeline/live-event").exists());

    let output = command()
        .arg("build")
        .current_dir(site)
        .env("BRIEFING_TODAY", "2026-01-32")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("invalid BRIEFING_TODAY"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn check_follows_the_same_window() {
    let dir = scheduled_site();
    let site = dir.path();
    let error = fails(site, &["check"], 1);
    assert!(error.contains("left out without --future"), "{error}");
    ok(site, &["check", "--future"]);
}

/// A running `briefing serve` with today fixed, killed when dropped.
struct Serve(Server);

impl Serve {
    fn start(site: &Path, flags: &[&str]) -> Serve {
        let mut serve = command();
        serve
            .args(["serve", "--port", "0"])
            .args(flags)
            .current_dir(site)
            .env("BRIEFING_TODAY", TODAY);
        Serve(Server::spawn(serve))
    }

    fn status(&self, path: &str) -> u16 {
        self.0.get(path).status
    }

    /// Waits until `path` answers `status`.
    fn wait_for(&self, path: &str, status: u16) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        while self.status(path) != status {
            assert!(
                std::time::Instant::now() < deadline,
                "{path} never answered {status}"
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }
}

#[test]
fn serve_follows_the_window_and_its_flags_while_pages_change() {
    let dir = copy_fixture("basic");
    let site = dir.path();
    write(
        site,
        "content/timeline/future-event.md",
        "---\ntitle: Future event\ndate: 2026-02-01\nstatus: expected\npublish_date: 2026-02-01\n---\nSoon.\n",
    );
    let page = "---\ntitle: Solo\ndate: 2025-12-01\nstatus: happened\n---\nAlone.\n";
    write(site, "content/timeline/solo.md", page);
    let server = Serve::start(site, &[]);
    assert_eq!(server.status("/timeline/solo/"), 200);
    assert_eq!(server.status("/timeline/future-event/"), 404);
    // A published page given a later publish_date leaves the served site, and comes back.
    write(
        site,
        "content/timeline/solo.md",
        &page.replace(
            "status: happened",
            "status: happened\npublish_date: 2026-03-01",
        ),
    );
    server.wait_for("/timeline/solo/", 404);
    write(
        site,
        "content/timeline/solo.md",
        &page.replace(
            "status: happened",
            "status: happened\nexpiry_date: 2026-01-10",
        ),
    );
    server.wait_for("/timeline/solo/", 404);
    write(site, "content/timeline/solo.md", page);
    server.wait_for("/timeline/solo/", 200);
    // An expiry date further on changes nothing visible.
    write(
        site,
        "content/timeline/solo.md",
        &page.replace(
            "status: happened",
            "status: happened\nexpiry_date: 2026-01-11",
        ),
    );
    std::thread::sleep(std::time::Duration::from_millis(300));
    server.wait_for("/timeline/solo/", 200);
    drop(server);

    let server = Serve::start(site, &["--future", "--expired"]);
    assert_eq!(server.status("/timeline/future-event/"), 200);
    write(
        site,
        "content/timeline/solo.md",
        &page.replace(
            "status: happened",
            "status: happened\nexpiry_date: 2025-01-01",
        ),
    );
    std::thread::sleep(std::time::Duration::from_millis(300));
    server.wait_for("/timeline/solo/", 200);
}

/// The fixture with `[taxonomies.topics]` and topics on some pages.
fn topics_site() -> tempfile::TempDir {
    let dir = copy_fixture("basic");
    let site = dir.path();
    // The default theme's templates (the fixture's own base.html has no
    // `head` or `jsonld` block for the theme's taxonomy templates to fill).
    std::fs::remove_dir_all(site.join("templates")).unwrap();
    let toml = read(site, "site.toml").replace(
        "[sections.timeline]",
        "[taxonomies.topics]\ntitle = \"Topics\"\n\n[taxonomies.topics.terms]\nterritory = \"Territory\"\nthe-talks = \"The talks\"\nunused = \"Unused\"\n\n[sections.timeline]",
    );
    write(site, "site.toml", &toml);
    let add = |file: &str, topics: &str| {
        let text = read(site, file);
        let text = text.replacen("\n---\n", &format!("\ntopics: {topics}\n---\n"), 1);
        write(site, file, &text);
    };
    add("content/timeline/a-event.md", "[territory, the-talks]");
    add("content/timeline/b-event.md", "[the-talks]");
    add("content/about.md", "[the-talks]");
    dir
}

#[test]
fn topics_get_an_index_a_page_and_a_feed_per_used_term() {
    let dir = topics_site();
    let site = dir.path();
    ok(site, &["build"]);
    let index = read(site, "public/topics/index.html");
    assert!(
        index.contains("<title>Topics · Fixture site</title>"),
        "{index}"
    );
    assert!(
        index.contains("href=\"https://example.org/topics/the-talks/\">The talks</a>"),
        "{index}"
    );
    assert!(
        index.contains("3 pages") && index.contains("1 page<"),
        "{index}"
    );
    assert!(
        !index.contains("Unused"),
        "unused terms get no page: {index}"
    );
    assert!(!site.join("public/topics/unused").exists());

    let talks = read(site, "public/topics/the-talks/index.html");
    assert!(talks.contains("<h1>The talks</h1>"), "{talks}");
    // Articles first, then events oldest first.
    let about = talks
        .find("https://example.org/about/")
        .expect("about listed");
    let a = talks
        .find("https://example.org/timeline/a-event/")
        .expect("a listed");
    let b = talks
        .find("https://example.org/timeline/b-event/")
        .expect("b listed");
    assert!(about < a && a < b, "{talks}");
    assert!(!talks.contains("actors/alpha"), "{talks}");
    let sitemap = read(site, "public/sitemap.xml");
    for url in ["topics/", "topics/the-talks/", "topics/territory/"] {
        assert!(
            sitemap.contains(&format!("<loc>https://example.org/{url}</loc>")),
            "{url}: {sitemap}"
        );
    }
    let territory = read(site, "public/topics/territory/index.html");
    assert!(territory.contains("timeline/a-event/") && !territory.contains("timeline/b-event/"));

    // Navigation and the pages' own topic links.
    let home = read(site, "public/index.html");
    assert!(
        home.contains("<a href=\"https://example.org/topics/\">Topics</a>")
            || home.contains("href=\"https://example.org/topics/\""),
        "{home}"
    );
    let event = read(site, "public/timeline/a-event/index.html");
    assert!(
        event.contains("href=\"https://example.org/topics/territory/\">Territory</a>"),
        "{event}"
    );

    // A feed per term, dated by publication and review, never by the event.
    let feed = read(site, "public/topics/the-talks/atom.xml");
    assert!(
        feed.contains("<id>https://example.org/topics/the-talks/</id>"),
        "{feed}"
    );
    assert!(
        feed.contains("<link rel=\"self\" href=\"https://example.org/topics/the-talks/atom.xml\""),
        "{feed}"
    );
    assert!(!feed.contains("2022-02"), "event date in the feed: {feed}");
    let site_feed = read(site, "public/atom.xml");
    let entries = |xml: &str| xml.matches("<entry>").count();
    assert!(
        entries(&feed) >= 1 && entries(&feed) <= entries(&site_feed),
        "{feed}"
    );
    let territory_feed = read(site, "public/topics/territory/atom.xml");
    assert!(!territory_feed.contains("b-event"), "{territory_feed}");
}

#[test]
fn terms_are_checked_against_the_configured_list() {
    let dir = topics_site();
    let site = dir.path();
    let file = "content/timeline/b-event.md";
    let text = read(site, file);
    write(
        site,
        file,
        &text.replace("topics: [the-talks]", "topics: [the-talk]"),
    );
    let error = fails(site, &["build"], 1);
    assert!(
        error.contains("unknown term `the-talk` in `topics`"),
        "{error}"
    );
    assert!(error.contains("did you mean `the-talks`?"), "{error}");
    assert!(error.contains("content/timeline/b-event.md:"), "{error}");
    write(
        site,
        file,
        &text.replace("topics: [the-talks]", "topics: [the-talks, the-talks]"),
    );
    let error = fails(site, &["build"], 1);
    assert!(error.contains("listed twice"), "{error}");
    // Without a list of terms, any URL segment is a term.
    let toml = read(site, "site.toml");
    let start = toml.find("[taxonomies.topics.terms]").unwrap();
    let end = toml.find("[sections.timeline]").unwrap();
    write(
        site,
        "site.toml",
        &format!("{}{}", &toml[..start], &toml[end..]),
    );
    write(
        site,
        file,
        &text.replace("topics: [the-talks]", "topics: [brand-new]"),
    );
    ok(site, &["build"]);
    assert!(read(site, "public/topics/brand-new/index.html").contains("<h1>brand-new</h1>"));
    write(
        site,
        file,
        &text.replace("topics: [the-talks]", "topics: [Brand New]"),
    );
    let error = fails(site, &["build"], 1);
    assert!(error.contains("terms are URL segments"), "{error}");
    // A taxonomy that no field holds.
    write(
        site,
        "site.toml",
        &toml.replace("[taxonomies.topics]", "[taxonomies.topic]"),
    );
    let error = fails(site, &["build"], 1);
    assert!(error.contains("unknown taxonomy `topic`"), "{error}");
    assert!(error.contains("did you mean `topics`?"), "{error}");
}

#[test]
fn term_pages_follow_incremental_rebuilds() {
    use briefing::BuildOptions;
    use briefing::Session;
    use briefing::build_in_memory;
    let dir = topics_site();
    let root = dir.path().to_path_buf();
    let options = BuildOptions {
        root: root.clone(),
        ..BuildOptions::default()
    };
    let mut session = Session::new(options.clone());
    session.build().expect("first build");
    let file = root.join("content/timeline/b-event.md");
    let original = std::fs::read_to_string(&file).unwrap();
    let a_file = root.join("content/timeline/a-event.md");
    let a_original = std::fs::read_to_string(&a_file).unwrap();
    let edits = [
        (
            &file,
            original.replace("topics: [the-talks]", "topics: [territory]"),
        ),
        (
            &file,
            original.replace("topics: [the-talks]", "topics: [territory, the-talks]"),
        ),
        (
            &file,
            original.replace("title: Later event", "title: Later event, renamed"),
        ),
        (
            &file,
            original.replace("reviewed: 2025-10-01", "reviewed: 2025-12-14"),
        ),
        (&file, original.replace("topics: [the-talks]\n", "")),
        (&file, original.clone()),
        // The only page of `territory` leaves it: its page and feed go.
        (
            &a_file,
            a_original.replace("[territory, the-talks]", "[the-talks]"),
        ),
        (&a_file, a_original.clone()),
    ];
    for (step, (file, text)) in edits.iter().enumerate() {
        std::fs::write(file, text).unwrap();
        session.update(std::slice::from_ref(*file)).expect("update");
        let clean = build_in_memory(&options).expect("clean build");
        let state = session.built().expect("state");
        let served: Vec<&String> = state.plan.files.keys().collect();
        let expected: Vec<&String> = clean.plan.files.keys().collect();
        assert_eq!(served, expected, "step {step}: file lists differ");
        for path in clean
            .plan
            .files
            .keys()
            .filter(|p| p.starts_with("topics/") || *p == "sitemap.xml")
        {
            let a = state.plan.read(path).unwrap().unwrap();
            let b = clean.plan.read(path).unwrap().unwrap();
            assert!(a == b, "step {step}: {path} differs from a clean build");
        }
    }
    let state = session.built().unwrap();
    let talks = String::from_utf8(
        state
            .plan
            .read("topics/the-talks/index.html")
            .unwrap()
            .unwrap(),
    )
    .unwrap();
    assert!(talks.contains("b-event"), "{talks}");
}
