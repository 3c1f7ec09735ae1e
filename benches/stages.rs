//! Criterion micro-benchmarks of the hot stages, over the benchmark corpus:
//! front-matter parse, Markdown render, template render, page write, and
//! incremental rebuilds after body edits (one that changes only the page, one
//! that changes its listing value too).
//!
//! The corpus is `BRIEFING_CORPUS` (a site made by `benches/corpus.sh`), or a
//! 300-page one generated into a temp folder when unset.
//!
//!     benches/corpus.sh 10000 /dev/shm/briefing-10k
//!     BRIEFING_CORPUS=/dev/shm/briefing-10k cargo bench --bench stages

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use briefing::BuildOptions;
use briefing::MarkdownOptions;
use briefing::Session;
use briefing::build_in_memory;
use briefing::frontmatter;
use briefing::markdown::{self, Resolver};
use briefing::output::{self, Plan};
use criterion::{Criterion, criterion_group, criterion_main};

fn corpus() -> (PathBuf, Option<tempfile::TempDir>) {
    if let Some(dir) = std::env::var_os("BRIEFING_CORPUS") {
        return (PathBuf::from(dir), None);
    }
    let temp = tempfile::tempdir().expect("tempdir");
    let dir = temp.path().join("corpus");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/corpus.sh");
    let status = std::process::Command::new("bash")
        .arg(script)
        .arg("300")
        .arg(&dir)
        .status()
        .expect("run benches/corpus.sh");
    assert!(status.success(), "benches/corpus.sh failed");
    (dir, Some(temp))
}

fn sample_page(root: &Path) -> (PathBuf, String) {
    let dir = root.join("content/timeline");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("timeline folder")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.file_name().is_some_and(|n| n != "_index.md"))
        .collect();
    files.sort();
    let path = files[files.len() / 2].clone();
    let text = std::fs::read_to_string(&path).expect("read page");
    (path, text)
}

/// The stage timings of the session's last update, on stderr.
fn print_stages(session: &Session, edit: &str) {
    if let Some(state) = session.built() {
        for (stage, time) in &state.timings.stages {
            eprintln!(
                "incremental stage ({edit}) {stage:<34} {:>8.2} ms",
                time.as_secs_f64() * 1000.0
            );
        }
    }
}

struct AnyPage;

impl Resolver for AnyPage {
    fn page_url(&self, file: &str) -> Option<String> {
        Some(format!("https://example.org/{file}"))
    }
    fn has_source(&self, _: &str) -> bool {
        true
    }
}

fn stages(c: &mut Criterion) {
    let (root, _keep) = corpus();
    let (path, text) = sample_page(&root);
    let source: Arc<str> = Arc::from(text.as_str());

    c.bench_function("front matter: split + parse one page", |b| {
        b.iter(|| {
            let split = frontmatter::split(black_box(&source)).expect("split");
            frontmatter::parse(&path, &source, &split).expect("parse")
        })
    });

    let body = frontmatter::split(&source).expect("split").body.to_string();
    let options = MarkdownOptions::default();
    c.bench_function("markdown: render one page body", |b| {
        b.iter(|| markdown::render(black_box(&body), &options, &AnyPage))
    });
    // The floor: pulldown-cmark alone with the same options, no passes.
    c.bench_function("markdown floor: pulldown-cmark alone", |b| {
        b.iter(|| {
            let parser = pulldown_cmark::Parser::new_ext(
                black_box(&body),
                markdown::parser_options(&options),
            );
            let mut html = String::with_capacity(body.len() * 3 / 2);
            pulldown_cmark::html::push_html(&mut html, parser);
            html
        })
    });

    let options = BuildOptions {
        root: root.clone(),
        ..BuildOptions::default()
    };
    let state = build_in_memory(&options).expect("corpus builds");
    let file = path
        .strip_prefix(root.join("content"))
        .expect("inside content")
        .to_string_lossy()
        .replace('\\', "/");
    c.bench_function("template: render one page", |b| {
        b.iter(|| {
            state
                .render_file(black_box(&file))
                .expect("page")
                .expect("renders")
        })
    });

    let out = tempfile::tempdir().expect("tempdir");
    let mut small = Plan::default();
    for (path, contents) in state.plan.files.iter().take(200) {
        small.add(path.clone(), contents.clone());
    }
    c.bench_function("output: write 200 files and swap", |b| {
        b.iter(|| output::write(black_box(&small), &out.path().join("public")).expect("write"))
    });

    let mut session = Session::new(options);
    session.build().expect("build");
    let edited = text.replacen("\n\n", "\n\nA first edit.\n\n", 1);
    std::fs::write(&path, edited).expect("edit");
    session.update(std::slice::from_ref(&path)).expect("update");
    print_stages(&session, "body edit");
    let mut n = 0u64;
    c.bench_function("incremental: body edit of one page", |b| {
        b.iter(|| {
            n += 1;
            let edited = text.replacen("\n\n", &format!("\n\nEdit {n}.\n\n"), 1);
            std::fs::write(&path, edited).expect("edit");
            session.update(std::slice::from_ref(&path)).expect("update")
        })
    });
    // Changing the word count changes the page's listing value: its section
    // (a 7,000-entry list at 10k) renders again too.
    c.bench_function("incremental: body edit that changes listings", |b| {
        b.iter(|| {
            n += 1;
            let words = " word".repeat(usize::try_from(n % 3).unwrap_or(0));
            let edited = text.replacen("\n\n", &format!("\n\nEdit{words}.\n\n"), 1);
            std::fs::write(&path, edited).expect("edit");
            session.update(std::slice::from_ref(&path)).expect("update")
        })
    });
    // A new title: every list showing the page, and the feeds, sitemap and
    // exports, change too.
    let edited = text.replacen("title: \"", "title: \"A first title edit ", 1);
    std::fs::write(&path, edited).expect("edit");
    session.update(std::slice::from_ref(&path)).expect("update");
    print_stages(&session, "title edit");
    c.bench_function("incremental: front-matter edit (title)", |b| {
        b.iter(|| {
            n += 1;
            let edited = text.replacen("title: \"", &format!("title: \"Edit {n} "), 1);
            std::fs::write(&path, edited).expect("edit");
            session.update(std::slice::from_ref(&path)).expect("update")
        })
    });
    std::fs::write(&path, &text).expect("restore");
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = stages
}
criterion_main!(benches);
