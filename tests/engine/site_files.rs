//! Issue 16, item 7: the site's own files win over generated ones: a
//! `static/robots.txt`, and `templates/sitemap.xml` / `templates/atom.xml`
//! rendered with Tera instead of the built-in writers.

use std::fs;

use crate::common::{briefing, build_ok, copy_fixture, stderr};

#[test]
fn a_static_robots_txt_replaces_the_generated_one() {
    let site = copy_fixture("basic");
    build_ok(site.path(), &[]);
    let generated = fs::read_to_string(site.path().join("public/robots.txt")).unwrap();
    assert!(generated.contains("Sitemap: https://example.org/sitemap.xml"));
    let own = "User-agent: *\nDisallow: /drafts/\n";
    fs::write(site.path().join("static/robots.txt"), own).unwrap();
    build_ok(site.path(), &[]);
    assert_eq!(
        fs::read_to_string(site.path().join("public/robots.txt")).unwrap(),
        own
    );
}

#[test]
fn site_templates_replace_the_sitemap_and_the_feed() {
    let site = copy_fixture("basic");
    build_ok(site.path(), &[]);
    let builtin_feed = fs::read_to_string(site.path().join("public/atom.xml")).unwrap();
    let builtin_entries = builtin_feed.matches("<entry>").count();
    assert!(builtin_entries > 0);
    fs::write(
        site.path().join("templates/sitemap.xml"),
        "<list base=\"{{ config.base_url }}\">{% for e in entries %}\n<u>{{ e.permalink }}{% if e.lastmod %} {{ e.lastmod }}{% endif %}</u>{% endfor %}\n</list>\n",
    )
    .unwrap();
    fs::write(
        site.path().join("templates/atom.xml"),
        "<feed><title>{{ config.title }} & co</title><self>{{ feed_url }}</self>{% if updated %}<updated>{{ updated }}</updated>{% endif %}\
         {% for p in pages %}<entry><t>{{ p.title }}</t><l>{{ p.permalink }}</l><u>{{ p.updated }}</u>{% if p.summary %}<s>{{ p.summary }}</s>{% endif %}</entry>{% endfor %}</feed>\n",
    )
    .unwrap();
    fs::write(
        site.path().join("content/timeline/c-event.md"),
        "---\ntitle: Tom & Jerry <b>\ndate: 2025-12-10\nstatus: happened\n---\nText.\n",
    )
    .unwrap();
    build_ok(site.path(), &[]);
    let sitemap = fs::read_to_string(site.path().join("public/sitemap.xml")).unwrap();
    assert!(
        sitemap.starts_with("<list base=\"https://example.org/\">"),
        "{sitemap}"
    );
    assert!(
        sitemap.contains("<u>https://example.org/timeline/b-event/ "),
        "{sitemap}"
    );
    let feed = fs::read_to_string(site.path().join("public/atom.xml")).unwrap();
    assert!(feed.contains("<title>Fixture site & co</title>"), "{feed}");
    assert!(
        feed.contains("<self>https://example.org/atom.xml</self>"),
        "{feed}"
    );
    assert_eq!(
        feed.matches("<entry>").count(),
        builtin_entries + 1,
        "{feed}"
    );
    assert!(feed.contains("<t>Later event</t>"), "{feed}");
    // Values are escaped as XML.
    assert!(feed.contains("<t>Tom &amp; Jerry &lt;b&gt;</t>"), "{feed}");
}

#[test]
fn a_broken_feed_template_is_an_error_naming_it() {
    let site = copy_fixture("basic");
    fs::write(
        site.path().join("templates/atom.xml"),
        "<feed>{% for p in pages %}</feed>\n",
    )
    .unwrap();
    let output = briefing(&["build"], site.path());
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("templates/atom.xml"),
        "{}",
        stderr(&output)
    );
    assert!(!site.path().join("public").exists(), "nothing written");
}
