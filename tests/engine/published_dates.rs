//! What the site publishes about itself is true (issue 12): the feed and the
//! sitemap date pages by publication, update or review, never by the event a
//! page describes; a site with nothing dated has no 1970; timeline.json lists
//! actors by id; events of the same day keep their order.

use std::path::Path;

use crate::common::*;

/// A site in a temp folder: `site.toml` with `as_of` if given, and `files`
/// (paths below the site root).
fn site(as_of: Option<&str>, files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut toml = "title = \"T\"\nbase_url = \"https://example.org/\"\n".to_string();
    if let Some(as_of) = as_of {
        toml.push_str(&format!("as_of = {as_of}\n"));
    }
    std::fs::write(dir.path().join("site.toml"), toml).expect("site.toml");
    for (path, text) in files {
        let file = dir.path().join(path);
        std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
        std::fs::write(file, text).expect("write");
    }
    dir
}

/// Every date (`YYYY-MM-DD`) in the values of `<tag>` elements of `xml`.
fn dates_in(xml: &str, tag: &str) -> Vec<String> {
    let open = format!("<{tag}>");
    xml.split(&open)
        .skip(1)
        .filter_map(|rest| rest.get(..10))
        .map(str::to_string)
        .collect()
}

const HOME: (&str, &str) = ("content/_index.md", "---\ntitle: Home\n---\n");

const DATED: &[(&str, &str)] = &[
    HOME,
    ("content/timeline/_index.md", "---\ntitle: Timeline\n---\n"),
    (
        "content/timeline/crimea.md",
        "---\ntitle: Crimea annexed\ndate: \"2014-03\"\nstatus: happened\n---\nText.\n",
    ),
    (
        "content/timeline/met.md",
        "---\ntitle: Officials met\ndate: 2025-12-14\nstatus: happened\n---\nText.\n",
    ),
    (
        "content/timeline/next-round.md",
        "---\ntitle: Next round\ndate: \"2026-01\"\nstatus: expected\n---\nText.\n",
    ),
    (
        "content/timeline/summit.md",
        "---\ntitle: Summit\ndate: 2026\nend_date: 2027\n---\nText.\n",
    ),
    (
        "content/explainers/guarantees.md",
        "---\ntitle: Guarantees\ndate: 2025-12-10\nreviewed: 2025-12-14\n---\nText.\n",
    ),
    (
        "content/explainers/article-5.md",
        "---\ntitle: Article 5\ndate: 2025-12-12\nupdated: 2025-12-13\n---\nText.\n",
    ),
];

#[test]
fn feed_and_sitemap_date_pages_by_publication_never_by_event() {
    let dir = site(Some("2025-12-15"), DATED);
    build_ok(dir.path(), &[]);
    let atom = read(dir.path(), "public/atom.xml");
    let sitemap = read(dir.path(), "public/sitemap.xml");
    // Events are published on as_of, the newest publication date on the site:
    // nothing is later, and no event's own year (2014, 2026, 2027) appears.
    for xml in [&atom, &sitemap] {
        for year in ["2014", "2026", "2027", "1970"] {
            assert!(!xml.contains(year), "{year} in\n{xml}");
        }
    }
    let updated = dates_in(&atom, "updated");
    let published = dates_in(&atom, "published");
    let lastmod = dates_in(&sitemap, "lastmod");
    assert_eq!(published.len(), 6, "{atom}");
    assert!(
        updated
            .iter()
            .chain(&published)
            .chain(&lastmod)
            .all(|d| d.as_str() <= "2025-12-15"),
        "{atom}{sitemap}"
    );
    // The feed's <updated> is its newest entry's, never before any <published>.
    assert_eq!(updated[0], "2025-12-15");
    assert_eq!(updated[0], *updated[1..].iter().max().expect("entries"));
    assert!(published.iter().all(|p| *p <= updated[0]));
    // Entries newest change first: events (as_of), then the explainer reviewed
    // on the 14th (published the 10th), then the one updated on the 13th.
    assert_eq!(
        &updated[1..],
        ["2025-12-15"; 4]
            .iter()
            .map(|s| s.to_string())
            .chain(["2025-12-14".into(), "2025-12-13".into()])
            .collect::<Vec<String>>()
    );
    assert_eq!(&published[4..], ["2025-12-10", "2025-12-12"]);
    // The JSON-LD of an event keeps its precision.
    let next = read(dir.path(), "public/timeline/next-round/index.html");
    assert!(next.contains(r#""startDate":"2026-01""#), "{next}");
}

#[test]
fn partial_publication_dates_are_the_first_day_in_every_format() {
    let dir = site(
        Some("2025-12-15"),
        &[
            HOME,
            (
                "content/explainers/old.md",
                "---\ntitle: Old\ndate: \"2025-11\"\n---\nText.\n",
            ),
        ],
    );
    build_ok(dir.path(), &[]);
    let atom = read(dir.path(), "public/atom.xml");
    assert!(
        atom.contains("<published>2025-11-01T00:00:00Z</published>"),
        "{atom}"
    );
    let sitemap = read(dir.path(), "public/sitemap.xml");
    assert!(
        sitemap.contains("<lastmod>2025-11-01</lastmod>"),
        "{sitemap}"
    );
    let page = read(dir.path(), "public/explainers/old/index.html");
    assert!(page.contains(r#""datePublished":"2025-11-01""#), "{page}");
}

#[test]
fn a_site_with_no_dated_page_has_no_1970_anywhere() {
    let files = [
        HOME,
        ("content/about.md", "---\ntitle: About\n---\nText.\n"),
        ("content/timeline/_index.md", "---\ntitle: Timeline\n---\n"),
    ];
    for as_of in [None, Some("2025-12-15")] {
        let dir = site(as_of, &files);
        build_ok(dir.path(), &[]);
        for (path, bytes) in tree(&dir.path().join("public")) {
            let text = String::from_utf8_lossy(&bytes);
            assert!(!text.contains("1970"), "1970 in {path} (as_of {as_of:?})");
        }
    }
}

#[test]
fn timeline_json_lists_actors_by_id_even_when_named_by_display_name() {
    let dir = site(
        Some("2025-12-15"),
        &[
            HOME,
            (
                "content/actors/trump.md",
                "---\ntitle: Donald Trump\nname: Donald Trump\n---\nText.\n",
            ),
            (
                "content/actors/bela-novak.md",
                "---\ntitle: Bela Novak\n---\nText.\n",
            ),
            (
                "content/actors/rex.md",
                "---\ntitle: Rex Tillerson\n---\nText.\n",
            ),
            (
                "content/timeline/call.md",
                "---\ntitle: Call\ndate: 2025-12-15\nstatus: expected\nactors: [Donald Trump, Bela Novak, rex]\n---\nText.\n",
            ),
        ],
    );
    build_ok(dir.path(), &[]);
    let json: serde_json::Value =
        serde_json::from_str(&read(dir.path(), "public/timeline.json")).expect("json");
    assert_eq!(
        json["items"][0]["actors"],
        serde_json::json!(["trump", "bela-novak", "rex"])
    );
    let actors: serde_json::Value =
        serde_json::from_str(&read(dir.path(), "public/actors.json")).expect("json");
    let ids: Vec<&str> = actors["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|a| a["id"].as_str())
        .collect();
    assert_eq!(ids, ["bela-novak", "rex", "trump"]);
}

/// The order of `needles` in `haystack` (positions of their first occurrence).
fn in_order(haystack: &str, needles: &[&str]) -> bool {
    let positions: Vec<Option<usize>> = needles.iter().map(|n| haystack.find(n)).collect();
    positions.iter().all(Option::is_some) && positions.windows(2).all(|w| w[0] < w[1])
}

#[test]
fn same_day_events_keep_weight_then_title_order() {
    let event = |title: &str, weight: Option<i64>| {
        let weight = weight.map_or(String::new(), |w| format!("weight: {w}\n"));
        format!("---\ntitle: {title}\ndate: 2025-12-15\nstatus: happened\n{weight}---\nText.\n")
    };
    let (briefing, dinner, alpha, zulu) = (
        event("US officials brief reporters", Some(10)),
        event("Dinner with the negotiators", Some(20)),
        event("Alpha", None),
        event("Zulu", None),
    );
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("site.toml"),
        "title = \"T\"\nbase_url = \"https://example.org/\"\nas_of = 2025-12-15\n\n[sections.timeline]\nsort_by = \"date\"\ntemplate = \"timeline.html\"\n",
    )
    .expect("site.toml");
    for (path, text) in [
        ("_index.md", HOME.1.to_string()),
        ("timeline/_index.md", "---\ntitle: Timeline\n---\n".into()),
        ("timeline/zulu.md", zulu),
        ("timeline/dinner.md", dinner),
        ("timeline/alpha.md", alpha),
        ("timeline/briefing.md", briefing),
    ] {
        let file = dir.path().join("content").join(path);
        std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
        std::fs::write(file, text).expect("write");
    }
    build_ok(dir.path(), &[]);
    let order = ["/briefing/", "/dinner/", "/alpha/", "/zulu/"];
    let html = read(dir.path(), "public/timeline/index.html");
    assert!(in_order(&html, &order), "{html}");
    let json = read(dir.path(), "public/timeline.json");
    assert!(in_order(&json, &order), "{json}");
}

#[test]
fn the_repository_timeline_shows_the_briefing_before_that_evenings_dinner() {
    let dir = tempfile::tempdir().expect("tempdir");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&repo.join("content"), &dir.path().join("content"));
    for file in ["site.toml", "sources.yaml"] {
        std::fs::copy(repo.join(file), dir.path().join(file)).expect("copy");
    }
    build_ok(dir.path(), &[]);
    let order = ["/officials-briefing/", "/negotiators-dinner/"];
    for file in ["public/timeline/index.html", "public/timeline.json"] {
        let text = read(dir.path(), file);
        assert!(in_order(&text, &order), "{file}:\n{text}");
    }
    // Nothing the repository site publishes dates a page after its newest
    // review (a page's corrections are dated on the day it was reviewed).
    let newest_review = std::fs::read_dir(dir.path().join("content"))
        .expect("content")
        .flatten()
        .flat_map(|entry| {
            let path = entry.path();
            if path.is_dir() {
                std::fs::read_dir(path)
                    .expect("section")
                    .flatten()
                    .map(|e| e.path())
                    .collect()
            } else {
                vec![path]
            }
        })
        .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
        .filter_map(|path| {
            let text = std::fs::read_to_string(path).ok()?;
            let line = text.lines().find(|l| l.starts_with("reviewed: "))?;
            Some(line["reviewed: ".len()..].trim().to_string())
        })
        .max()
        .expect("reviewed pages");
    let atom = read(dir.path(), "public/atom.xml");
    let dates: Vec<String> = dates_in(&atom, "updated")
        .into_iter()
        .chain(dates_in(&atom, "published"))
        .collect();
    assert!(
        !dates.is_empty() && dates.iter().all(|d| d.as_str() <= newest_review.as_str()),
        "newest review {newest_review}: {atom}"
    );
}

#[test]
fn a_template_override_names_itself_when_it_lacks_a_block_the_theme_fills() {
    let theme_page = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/page.html"),
    )
    .expect("theme page.html");
    let files = |page: &str| {
        vec![
            HOME,
            ("content/actors/_index.md", "---\ntitle: Actors\n---\n"),
            (
                "content/actors/ann.md",
                "---\ntitle: Ann\nname: Ann\nkind: person\nrole: Envoy\n---\nText.\n",
            ),
        ]
        .into_iter()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .chain([("templates/page.html".to_string(), page.to_string())])
        .collect::<Vec<_>>()
    };
    let write = |files: Vec<(String, String)>| {
        let refs: Vec<(&str, &str)> = files
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        let dir = site(Some("2025-12-15"), &refs);
        std::fs::write(
            dir.path().join("site.toml"),
            "title = \"T\"\nbase_url = \"https://example.org/\"\n\n[sections.actors]\npage_template = \"actor.html\"\n",
        )
        .expect("site.toml");
        dir
    };
    // A copy of the theme's page.html is a good override.
    let good = write(files(&theme_page));
    build_ok(good.path(), &[]);
    // Without the `facts` block that the theme's actor.html fills, the error
    // names the site's file, the block and the fix, not the theme's actor.html.
    let start = theme_page.find("{% block facts %}").expect("facts");
    let end = theme_page.find("{% endblock facts %}").expect("end") + "{% endblock facts %}".len();
    let broken = format!("{}{}", &theme_page[..start], &theme_page[end..]);
    let bad = write(files(&broken));
    let output = briefing(&["build"], bad.path());
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(
        err.contains("templates/page.html (your override of the theme's page.html) has no block `facts` that actor.html fills"),
        "{err}"
    );
    assert!(err.contains("templates/page.html:4:"), "{err}");
    assert!(!bad.path().join("public").exists());
}

/// The files whose dates and order this issue is about, as a session serves
/// them and as a clean build writes them.
fn dated_files(state: &briefing::Built) -> Vec<(String, Vec<u8>)> {
    [
        "atom.xml",
        "sitemap.xml",
        "timeline.json",
        "timeline/index.html",
    ]
    .iter()
    .map(|f| {
        let bytes = state.plan.read(f).expect("present").expect("readable");
        (f.to_string(), bytes)
    })
    .collect()
}

#[test]
fn edits_of_status_review_and_weight_regenerate_feed_sitemap_and_order() {
    use briefing::BuildOptions;
    use briefing::Session;
    use briefing::build_in_memory;
    let dir = site(Some("2025-12-15"), DATED);
    std::fs::write(
        dir.path().join("content/timeline/dinner.md"),
        "---\ntitle: A dinner\ndate: 2025-12-14\nstatus: expected\nweight: 20\n---\nText.\n",
    )
    .expect("write");
    let options = BuildOptions {
        root: dir.path().to_path_buf(),
        ..BuildOptions::default()
    };
    let mut session = Session::new(options.clone());
    session.build().expect("first build");
    let edits: &[(&str, &str, &str)] = &[
        // An explainer dated 2025-12-12 becomes an event: published on as_of.
        (
            "content/explainers/article-5.md",
            "updated: 2025-12-13\n",
            "updated: 2025-12-13\nstatus: happened\n",
        ),
        // An event gets reviewed later than as_of: its <updated> and lastmod move.
        (
            "content/timeline/met.md",
            "status: happened\n",
            "status: happened\nreviewed: 2025-12-20\n",
        ),
        // Weights swap the order of the two events of 2025-12-14.
        ("content/timeline/dinner.md", "weight: 20", "weight: 1"),
        (
            "content/timeline/met.md",
            "status: happened\n",
            "status: happened\nweight: 5\n",
        ),
        // And back: an event again becomes an article.
        ("content/explainers/article-5.md", "status: happened\n", ""),
    ];
    for (step, (file, from, to)) in edits.iter().enumerate() {
        let path = dir.path().join(file);
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(text.contains(from), "step {step}: {file} lacks {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
        session.update(&[path]).expect("update");
        let clean = build_in_memory(&options).expect("clean build");
        let served = dated_files(session.built().expect("state"));
        for ((name, a), (_, b)) in served.iter().zip(dated_files(&clean)) {
            assert!(
                *a == b,
                "step {step}: {name} differs from a clean build:\n{}\n---\n{}",
                String::from_utf8_lossy(a),
                String::from_utf8_lossy(&b)
            );
        }
    }
}

#[test]
fn renaming_an_actor_that_a_page_names_by_display_name_is_checked_when_serving() {
    use briefing::BuildOptions;
    use briefing::Session;
    use briefing::build_in_memory;
    let dir = site(
        Some("2025-12-15"),
        &[
            HOME,
            (
                "content/actors/trump.md",
                "---\ntitle: Donald Trump\nname: Donald Trump\n---\nText.\n",
            ),
            (
                "content/timeline/call.md",
                "---\ntitle: Call\ndate: 2025-12-15\nstatus: expected\nactors: [Donald Trump]\n---\nText.\n",
            ),
        ],
    );
    let options = BuildOptions {
        root: dir.path().to_path_buf(),
        ..BuildOptions::default()
    };
    let mut session = Session::new(options.clone());
    session.build().expect("first build");
    let actor = dir.path().join("content/actors/trump.md");
    let rename = |from: &str, to: &str| {
        let text = std::fs::read_to_string(&actor).expect("read");
        std::fs::write(&actor, text.replace(from, to)).expect("write");
    };
    // The reference no longer names any actor: a clean build fails, so must the update.
    rename("Donald Trump", "Donald J. Trump");
    assert!(build_in_memory(&options).is_err());
    let error = session
        .update(std::slice::from_ref(&actor))
        .expect_err("stale reference accepted");
    assert!(error.to_string().contains("Donald Trump"), "{error}");
    rename("Donald J. Trump", "Donald Trump");
    session.update(std::slice::from_ref(&actor)).expect("fixed");
    let state = session.built().expect("state");
    let json = state.plan.read("timeline.json").expect("f").expect("r");
    assert!(String::from_utf8_lossy(&json).contains("\"trump\""));
}

#[test]
fn dates_in_order_are_compared_at_their_precision_and_events_are_exempt() {
    let dir = site(
        Some("2025-12-15"),
        &[
            HOME,
            (
                "content/timeline/summit.md",
                "---\ntitle: Summit\ndate: 2025-12-14\nend_date: 2025\nupdated: 2025-01-02\nreviewed: 2024-11-01\nstatus: expected\n---\nText.\n",
            ),
            (
                "content/article.md",
                "---\ntitle: Article\ndate: 2025-12-14\nupdated: 2025-12\nreviewed: 2025-01-01\n---\nText.\n",
            ),
        ],
    );
    build_ok(dir.path(), &[]);
    let dir = site(
        Some("2025-12-15"),
        &[
            HOME,
            (
                "content/article.md",
                "---\ntitle: Article\ndate: 2025-12-14T15:00:00\nupdated: 2025-12-14T09:00:00\n---\nText.\n",
            ),
            (
                "content/timeline/summit.md",
                "---\ntitle: Summit\ndate: 2025-12-14\nend_date: 2025-11\n---\nText.\n",
            ),
        ],
    );
    let output = briefing(&["build"], dir.path());
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains("updated 2025-12-14 09:00:00 is before date 2025-12-14 15:00:00"),
        "{message}"
    );
    assert!(message.contains("content/article.md:4:"), "{message}");
    assert!(
        message.contains("end_date 2025-11 is before date 2025-12-14"),
        "{message}"
    );
}
