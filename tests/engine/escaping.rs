//! Hostile titles, descriptions and actor names (`<script>`, quotes, `&`)
//! come out escaped everywhere: HTML text, attributes, JSON-LD through the
//! `json_encode` filter, the sitemap, redirect pages and the data exports.
//! `tests/fixtures/escaping/` brings its own templates; the last test runs the
//! built-in theme over the repository's own site with hostile pages added.

use std::fs;
use std::path::Path;

use crate::common::{build_ok, copy_dir, fixture, read};
use tempfile::TempDir;

const TITLE: &str = "<script>alert(\"title\")</script> & \"double\" 'single'";
const DESCRIPTION: &str = "</script><script>alert('description')</script>\" onmouseover=\"alert(1)";
const ACTOR_NAME: &str = "<script>alert(\"actor\")</script> O'Brien & \"Sons\"";

/// Builds the fixture into a fresh folder and returns (temp dir, output folder).
fn build_fixture() -> (TempDir, std::path::PathBuf) {
    let temp = tempfile::tempdir().unwrap();
    let site = temp.path().join("site");
    copy_dir(&fixture("escaping"), &site);
    let output = temp.path().join("public");
    build_ok(&site, &["--output-dir", output.to_str().unwrap()]);
    (temp, output)
}

/// Every HTML and XML file of a built site, with its path. (JSON exports
/// hold the strings as data; they are checked by parsing them.)
fn all_files(output: &Path) -> Vec<(String, String)> {
    walkdir::WalkDir::new(output)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            let name = e.file_name().to_string_lossy();
            name.ends_with(".html") || name.ends_with(".xml")
        })
        .filter_map(|e| {
            let text = fs::read_to_string(e.path()).ok()?;
            Some((e.path().display().to_string(), text))
        })
        .collect()
}

fn assert_has(text: &str, needle: &str) {
    assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
}

/// The fixture's base URL holds `&`: every `&` in HTML or XML must start an entity.
fn assert_base_url_escaped(text: &str) {
    for (i, _) in text.match_indices('&') {
        let entity = &text[i..text.len().min(i + 8)];
        assert!(
            ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"]
                .iter()
                .any(|e| entity.starts_with(e)),
            "bare & at {entity:?} in:\n{text}"
        );
    }
}

fn assert_no_raw_markup(output: &Path) {
    let files = all_files(output);
    assert!(!files.is_empty());
    for (path, text) in files {
        for raw in ["<script>alert", "<img src=x", "\" onmouseover=\""] {
            assert!(!text.contains(raw), "{path} contains raw {raw:?}:\n{text}");
        }
    }
}

/// What an HTML-escaped string must look like (Tera's escaping, spelled out here).
fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

#[test]
fn escapes_titles_and_actor_names_in_html_text() {
    let (_temp, output) = build_fixture();
    let page = read(&output, "hostile/index.html");
    assert_has(
        &page,
        "<h1>&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt; &amp; &quot;double&quot; &#39;single&#39;</h1>",
    );
    assert_has(&page, &format!(">{}</a>", escaped(ACTOR_NAME)));
    let actors = read(&output, "actors/index.html");
    assert_has(&actors, &format!(">{}</a>", escaped(ACTOR_NAME)));
    let home = read(&output, "index.html");
    assert_has(&home, "Site &lt;script&gt;alert(&#39;site&#39;)");
    assert_no_raw_markup(&output);
}

#[test]
fn escapes_quotes_in_attributes() {
    let (_temp, output) = build_fixture();
    let page = read(&output, "hostile/index.html");
    let description = escaped(DESCRIPTION);
    assert_has(
        &page,
        &format!("<meta name=\"description\" content=\"{description}\">"),
    );
    // A single-quoted attribute is safe too: `'` is escaped.
    assert_has(&page, &format!("content='{}'>", escaped(TITLE)));
    assert_has(&page, &format!("title=\"{}\"", escaped(ACTOR_NAME)));
    assert_has(
        &page,
        "href=\"https://example.org/news&amp;views/hostile/\"",
    );
    assert_base_url_escaped(&page);
}

#[test]
fn json_ld_cannot_close_its_script_and_keeps_the_strings() {
    let (_temp, output) = build_fixture();
    let page = read(&output, "hostile/index.html");
    let open = "<script type=\"application/ld+json\">";
    let start = page.find(open).expect("JSON-LD block") + open.len();
    let end = start + page[start..].find("</script>").expect("closing tag");
    let json = &page[start..end];
    for raw in ['<', '>', '&'] {
        assert!(!json.contains(raw), "raw {raw:?} in JSON-LD: {json}");
    }
    let value: serde_json::Value = serde_json::from_str(json).expect("valid JSON");
    assert_eq!(value["headline"], TITLE);
    assert_eq!(value["description"], DESCRIPTION);
    assert_eq!(value["actors"][0]["name"], ACTOR_NAME);
}

#[test]
fn sitemap_and_redirects_escape_urls() {
    let (_temp, output) = build_fixture();
    let sitemap = read(&output, "sitemap.xml");
    assert_has(
        &sitemap,
        "<loc>https://example.org/news&amp;views/hostile/</loc>",
    );
    assert_base_url_escaped(&sitemap);
    assert!(!sitemap.contains("<script"), "{sitemap}");
    let redirect = read(&output, "old-hostile/index.html");
    assert_has(
        &redirect,
        "url=https://example.org/news&amp;views/hostile/\"",
    );
    assert_base_url_escaped(&redirect);
}

#[test]
fn data_exports_keep_hostile_strings_as_json_strings() {
    let (_temp, output) = build_fixture();
    let actors: serde_json::Value = serde_json::from_str(&read(&output, "actors.json")).unwrap();
    let items = actors["items"].as_array().expect("items");
    assert!(
        items.iter().any(|item| item["name"] == ACTOR_NAME),
        "{actors}"
    );
}

/// Hostile pages added to the repository's own site, built with the built-in theme.
#[test]
fn default_theme_never_prints_raw_script() {
    let temp = tempfile::tempdir().unwrap();
    let site = temp.path().join("site");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&repo.join("content"), &site.join("content"));
    fs::copy(repo.join("sources.yaml"), site.join("sources.yaml")).unwrap();
    let config = fs::read_to_string(repo.join("site.toml")).unwrap();
    let config: String = config
        .lines()
        .map(|line| {
            if line.starts_with("title =") {
                "title = \"Talks <script>alert('config')</script> \\\"q\\\"\"".to_string()
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    fs::write(site.join("site.toml"), config + "\n").unwrap();
    let mut sources = fs::read_to_string(site.join("sources.yaml")).unwrap();
    sources.push_str(
        "\n- id: hostile-source\n  publisher: \"<script>alert('publisher')</script>\"\n  author: \"O'Brien \\\"<b>\\\"\"\n  title: \"<script>alert(\\\"source\\\")</script>\"\n  url: \"https://example.org/?a=1&b=<script>\"\n  date: 2025-12-15\n  note: \"</script><script>alert('note')</script>\"\n",
    );
    fs::write(site.join("sources.yaml"), sources).unwrap();
    let hostile = |title: &str| {
        format!(
            "title: \"{title} <script>alert(\\\"x\\\")</script> 'q'\"\ndescription: \"</script><script>alert('d')</script>\\\" onmouseover=\\\"alert(1)\"\nreviewed: 2025-12-15\nsources: [hostile-source]\n"
        )
    };
    let pages = [
        (
            "timeline/hostile-event.md",
            format!(
                "{}date: 2025-12-15\nstatus: reported\nlocation: \"<script>alert('location')</script>\"\nactors: [hostile-actor]\n",
                hostile("Event")
            ),
        ),
        (
            "actors/hostile-actor.md",
            format!(
                "{}name: \"<script>alert(\\\"actor\\\")</script> O'Brien\"\nkind: person\nrole: \"<img src=x onerror=alert('role')>\"\naffiliation: \"<script>alert('aff')</script>\"\nweight: 99\n",
                hostile("Actor")
            ),
        ),
        (
            "explainers/hostile-explainer.md",
            format!("{}weight: 99\n", hostile("Explainer")),
        ),
    ];
    for (path, front) in &pages {
        fs::write(
            site.join("content").join(path),
            format!("---\n{front}---\n\nAs reported [@hostile-source].\n"),
        )
        .unwrap();
    }
    let output = temp.path().join("public");
    build_ok(&site, &["--output-dir", output.to_str().unwrap()]);
    let event = read(&output, "timeline/hostile-event/index.html");
    assert_has(&event, "&lt;script&gt;alert(");
    assert_no_raw_markup(&output);
    for export in ["timeline.json", "actors.json"] {
        let text = read(&output, export);
        let value: serde_json::Value = serde_json::from_str(&text).expect(export);
        assert!(
            text.contains("hostile-"),
            "{export} lacks the hostile pages"
        );
        assert!(value["items"].is_array(), "{export}");
    }
}
