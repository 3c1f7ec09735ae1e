//! Output safety. A build killed with SIGKILL at any moment leaves the
//! previous output complete: the output folder is always exactly one whole
//! reference build, and the next normal build succeeds and clears the staging
//! folders the killed builds left behind. And whatever file names, slugs and
//! aliases say, a build writes nothing outside its output folder.

use std::fs;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::common::disk::{Tree, differences, snapshot};
use crate::common::{Rng, briefing, build_ok, command};

const PAGES: usize = 300;
const KILLS: usize = 40;

/// The site title is the revision, and every page prints it, so the two
/// revisions differ in every page.
fn write_config(site: &Path, revision: &str) {
    fs::write(
        site.join("site.toml"),
        format!("title = \"Revision {revision}\"\nbase_url = \"https://example.org/\"\ntheme = \"plain\"\n"),
    )
    .unwrap();
}

/// A site of a few hundred pages with its own small theme.
fn generate_site(site: &Path) {
    let templates = site.join("themes/plain/templates");
    fs::create_dir_all(&templates).unwrap();
    let layout =
        |body: &str| format!("<!doctype html>\n<title>{{{{ config.title }}}}</title>\n{body}\n");
    fs::write(
        templates.join("index.html"),
        layout("{% for p in section.subsections %}<a href=\"{{ p.permalink }}\">{{ p.title }}</a>{% endfor %}"),
    )
    .unwrap();
    fs::write(
        templates.join("section.html"),
        layout("<h1>{{ section.title }}</h1>{% for p in section.pages %}<a href=\"{{ p.permalink }}\">{{ p.title }}</a>{% endfor %}"),
    )
    .unwrap();
    fs::write(
        templates.join("page.html"),
        layout("<h1>{{ page.title }}</h1>{{ page.content | safe }}"),
    )
    .unwrap();
    fs::write(templates.join("404.html"), layout("<p>Not found</p>")).unwrap();
    let content = site.join("content");
    fs::create_dir_all(&content).unwrap();
    fs::write(content.join("_index.md"), "---\ntitle: Home\n---\n").unwrap();
    for section in 0..10 {
        let dir = content.join(format!("part-{section}"));
        fs::create_dir_all(&dir).unwrap();
        fs::write(
            dir.join("_index.md"),
            format!("---\ntitle: Part {section}\n---\n"),
        )
        .unwrap();
        for page in 0..PAGES / 10 {
            let mut body = format!("---\ntitle: Page {section}.{page}\nweight: {page}\n---\n");
            for paragraph in 0..20 {
                body.push_str(&format!(
                    "## Heading {paragraph}\n\nParagraph {paragraph} of page {page} with *emphasis*, `code` and [a link](@/part-{section}/_index.md).\n\n"
                ));
            }
            fs::write(dir.join(format!("page-{page}.md")), body).unwrap();
        }
    }
}

fn build_into(site: &Path, output: &Path) {
    build_ok(site, &["--output-dir", output.to_str().unwrap()]);
}

fn leftovers(parent: &Path) -> Vec<String> {
    fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("briefing-staging"))
        .collect()
}

#[test]
fn killed_builds_leave_a_complete_output() {
    let temp = tempfile::tempdir().unwrap();
    let site = temp.path().join("site");
    generate_site(&site);

    write_config(&site, "B");
    build_into(&site, &temp.path().join("reference-b"));
    write_config(&site, "A");
    let started = Instant::now();
    build_into(&site, &temp.path().join("reference-a"));
    let build_time = started.elapsed();
    let references: [(&str, Tree); 2] = [
        ("A", snapshot(&temp.path().join("reference-a"))),
        ("B", snapshot(&temp.path().join("reference-b"))),
    ];
    assert_ne!(references[0].1, references[1].1);
    assert!(references[0].1.len() > PAGES);

    let parent = temp.path().join("deploy");
    fs::create_dir_all(&parent).unwrap();
    let output = parent.join("public");
    build_into(&site, &output);

    let mut rng = Rng(0x5eed_b41e_f1e6_0001);
    let window = build_time.as_millis() as u64 * 5 / 4 + 1;
    let mut seen = [0usize; 2];
    for round in 0..KILLS {
        let revision = if round % 2 == 0 { "B" } else { "A" };
        write_config(&site, revision);
        let delay = Duration::from_millis(rng.next_u64() % window.max(1));
        let mut child = command()
            .args(["build", "--output-dir", output.to_str().unwrap()])
            .current_dir(&site)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        child.kill().unwrap(); // SIGKILL on Unix; a no-op error-free call if it already exited
        child.wait().unwrap();
        let now = snapshot(&output);
        let matched = references.iter().position(|(_, tree)| *tree == now);
        match matched {
            Some(i) => seen[i] += 1,
            None => panic!(
                "round {round} (killed after {delay:?}): output is neither complete build; differs from A: {:?}",
                differences(&references[0].1, &now)
                    .into_iter()
                    .take(10)
                    .collect::<Vec<_>>()
            ),
        }
    }
    eprintln!(
        "{KILLS} killed builds (window {window} ms): output was revision A {} times, B {} times",
        seen[0], seen[1]
    );

    write_config(&site, "B");
    build_into(&site, &output);
    assert_eq!(snapshot(&output), references[1].1);
    assert_eq!(leftovers(&parent), Vec::<String>::new());
    let names: Vec<_> = fs::read_dir(&parent)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["public"], "only the output folder is left");
}

/// Legal but unusual names: spaces, Unicode, dots, nested assets, aliases
/// with `.html`, and an output folder that is a symlink to `content/`.
#[test]
fn writes_only_inside_the_output_folder() {
    let temp = tempfile::tempdir().unwrap();
    let site = temp.path().join("site");
    generate_site(&site);
    write_config(&site, "A");
    let content = site.join("content");
    fs::create_dir_all(content.join("Über uns/Sub Folder")).unwrap();
    fs::write(
        content.join("Über uns/_index.md"),
        "---\ntitle: Über\naliases: [\"/old/page.html\", \"a/b/c/\"]\n---\n",
    )
    .unwrap();
    fs::write(
        content.join("Über uns/Sub Folder/My Page.md"),
        "---\ntitle: Mine\nslug: v1.2..3\n---\n",
    )
    .unwrap();
    fs::write(content.join("Über uns/Sub Folder/chart data.csv"), "a,b\n").unwrap();
    std::os::unix::fs::symlink("content", site.join("public")).unwrap();
    let before = snapshot(temp.path());

    // `public` leads to a folder briefing did not write: refused untouched,
    // then with --force the link (not its target) is replaced.
    let refused = briefing(&["build"], &site);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--force"));
    assert!(differences(&before, &snapshot(temp.path())).is_empty());
    let result = briefing(&["build", "--force"], &site);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let after = snapshot(temp.path());
    let public = Path::new("site/public");
    let outside: Vec<String> = differences(&before, &after)
        .into_iter()
        .filter(|change| !change.contains(public.to_str().unwrap()))
        .collect();
    assert_eq!(
        outside,
        Vec::<String>::new(),
        "changes outside the output folder"
    );
    let output = site.join("public");
    assert!(
        !fs::symlink_metadata(&output)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    for expected in [
        "uber-uns/index.html",
        "uber-uns/sub-folder/v1.2..3/index.html",
        "uber-uns/sub-folder/chart data.csv",
        "old/page.html/index.html",
        "a/b/c/index.html",
    ] {
        assert!(output.join(expected).is_file(), "missing {expected}");
    }
}
