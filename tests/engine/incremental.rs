//! The build session's fast path must give exactly what a clean build gives:
//! a seeded random sequence of edits (bodies, titles, dates, weights, actor
//! lists, links, broken links that are then fixed, new and removed pages),
//! each followed by `Session::update`, compared file by file with `prepare`.

use std::path::{Path, PathBuf};

use briefing::BuildOptions;
use briefing::Session;
use briefing::build_in_memory;

use crate::common::{copy_fixture, edit};

/// A small deterministic generator (no dependency needed for a test's dice).
struct Dice(u64);

impl Dice {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

fn append(root: &Path, file: &str, text: &str) -> PathBuf {
    let path = root.join(file);
    let mut current = std::fs::read_to_string(&path).expect("read");
    current.push_str(text);
    std::fs::write(&path, current).expect("write");
    path
}

/// A session over the site at `root`, not yet built.
fn session_at(root: &Path) -> Session {
    Session::new(BuildOptions {
        root: root.to_path_buf(),
        ..BuildOptions::default()
    })
}

/// Replaces the line of `file` that starts with `prefix` by `line`.
fn replace_line(root: &Path, file: &str, prefix: &str, line: &str) -> PathBuf {
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).expect("read");
    let lines: Vec<&str> = text
        .lines()
        .map(|l| if l.starts_with(prefix) { line } else { l })
        .collect();
    assert!(
        text.lines().any(|l| l.starts_with(prefix)),
        "{file} lacks {prefix:?}"
    );
    std::fs::write(&path, lines.join("\n") + "\n").expect("write");
    path
}

/// Replaces `a` by `b` in `file` if it holds `a`, else `b` by `a`.
fn swap(root: &Path, file: &str, a: &str, b: &str) -> PathBuf {
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).expect("read");
    let next = if text.contains(a) {
        text.replacen(a, b, 1)
    } else {
        assert!(text.contains(b), "{file} lacks {a:?} and {b:?}");
        text.replacen(b, a, 1)
    };
    std::fs::write(&path, next).expect("write");
    path
}

/// Adds `line` to the end of `file` if it is not there, else removes it.
fn toggle_line(root: &Path, file: &str, line: &str) -> PathBuf {
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).expect("read");
    let next = match text.find(&format!("\n{line}\n")) {
        Some(_) => text.replacen(&format!("\n{line}\n"), "\n", 1),
        None => format!("{text}\n{line}\n"),
    };
    std::fs::write(&path, next).expect("write");
    path
}

/// Every output file, for checking that a failed update changed nothing.
fn served_files(session: &Session) -> Vec<(String, Vec<u8>)> {
    let state = session.built().expect("state");
    state
        .plan
        .files
        .keys()
        .map(|k| (k.clone(), state.plan.read(k).expect("f").expect("r")))
        .collect()
}

/// Updates with a change that must fail, checks the served files stayed, and
/// returns the error text.
fn assert_rejected(session: &mut Session, path: &Path, step: usize) -> String {
    let before = served_files(session);
    let error = match session.update(&[path.to_path_buf()]) {
        Ok(outcome) => panic!("step {step}: bad edit accepted ({outcome:?})"),
        Err(error) => error.to_string(),
    };
    assert!(
        served_files(session) == before,
        "step {step}: failed update changed the files"
    );
    error
}

pub(crate) fn assert_same_as_clean_build(session: &Session, options: &BuildOptions, step: &str) {
    let clean =
        build_in_memory(options).unwrap_or_else(|e| panic!("{step}: clean build failed: {e}"));
    let state = session.built().expect("session has a build");
    let warnings =
        |w: &[briefing::Diagnostic]| w.iter().map(|d| d.render(false)).collect::<Vec<_>>();
    assert_eq!(
        warnings(&state.warnings),
        warnings(&clean.warnings),
        "{step}: warnings differ"
    );
    // A fast-path update leaves the search index to make (serve makes it in
    // the background): make it as serve does.
    let mut plan = state.plan.clone();
    if state.search_pending {
        let index = briefing::index_plan(
            &plan,
            &state.page_files(),
            briefing::index_language(&state.site).as_deref(),
        )
        .expect("index");
        briefing::replace_index(&mut plan, index);
    }
    let served: Vec<&String> = plan.files.keys().collect();
    let expected: Vec<&String> = clean.plan.files.keys().collect();
    assert_eq!(served, expected, "{step}: file lists differ");
    for path in clean.plan.files.keys() {
        let a = plan.read(path).expect("present").expect("readable");
        let b = clean.plan.read(path).expect("present").expect("readable");
        assert!(
            a == b,
            "{step}: {path} differs from a clean build:\n--- incremental\n{}\n--- clean\n{}",
            String::from_utf8_lossy(&a),
            String::from_utf8_lossy(&b)
        );
    }
}

#[test]
fn random_edits_give_the_same_site_as_clean_builds() {
    let site = copy_fixture("basic");
    let root = site.path().to_path_buf();
    let options = BuildOptions {
        root: root.clone(),
        ..BuildOptions::default()
    };
    // A dated page with a summary, which the feed shows.
    append(
        &root,
        "content/timeline/a-event.md",
        "\n<!-- more -->\n\nMore details.\n",
    );
    let mut session = Session::new(options.clone());
    session.build().expect("first build");
    let mut dice = Dice(7);
    let mut fast = 0;
    for step in 0..90 {
        let n = step;
        let changed: Vec<PathBuf> = match dice.next(20) {
            0 => vec![append(
                &root,
                "content/about.md",
                &format!("\nParagraph {n} about [Beta](@/actors/beta.md).\n"),
            )],
            1 => vec![edit(
                &root,
                "content/actors/alpha.md",
                "title: Alpha",
                &format!("title: Alpha {n}"),
            )],
            2 => {
                let (from, to) = if n % 2 == 0 {
                    ("\"2022-02\"", "2026-01-01")
                } else {
                    ("2026-01-01", "\"2022-02\"")
                };
                let path = root.join("content/timeline/a-event.md");
                if std::fs::read_to_string(&path).expect("read").contains(from) {
                    vec![edit(&root, "content/timeline/a-event.md", from, to)]
                } else {
                    vec![edit(&root, "content/timeline/a-event.md", to, from)]
                }
            }
            3 => vec![replace_line(
                &root,
                "content/actors/beta.md",
                "weight:",
                &format!("weight: {}", n % 5),
            )],
            4 => vec![swap(
                &root,
                "content/timeline/b-event.md",
                "actors: [alpha, beta]",
                "actors: [beta]",
            )],
            5 => {
                // A broken link must fail and keep the previous build.
                let path = append(
                    &root,
                    "content/timeline/a-event.md",
                    "\n[gone](@/nowhere.md)\n",
                );
                assert_rejected(&mut session, &path, n);
                vec![edit(
                    &root,
                    "content/timeline/a-event.md",
                    "\n[gone](@/nowhere.md)\n",
                    "\n",
                )]
            }
            6 => {
                let path = root.join(format!("content/timeline/new-{n}.md"));
                std::fs::write(&path, format!("---\ntitle: New {n}\ndate: 2024-0{}-01\nstatus: reported\nactors: [alpha]\n---\nNew.\n", 1 + n % 9)).expect("write");
                vec![path]
            }
            7 => {
                let victims: Vec<PathBuf> = std::fs::read_dir(root.join("content/timeline"))
                    .expect("dir")
                    .flatten()
                    .map(|e| e.path())
                    .filter(|p| {
                        p.file_name()
                            .is_some_and(|f| f.to_string_lossy().starts_with("new-"))
                    })
                    .collect();
                match victims.first() {
                    Some(victim) => {
                        std::fs::remove_file(victim).expect("rm");
                        vec![victim.clone()]
                    }
                    None => vec![append(&root, "content/actors/beta.md", "\nMore on Beta.\n")],
                }
            }
            10 => {
                // about.md links to #background: renaming that heading must
                // fail although only a-event.md changed.
                let path = edit(
                    &root,
                    "content/timeline/a-event.md",
                    "## Background",
                    "## Context",
                );
                let error = assert_rejected(&mut session, &path, n);
                assert!(error.contains("#background"), "step {n}: {error}");
                vec![edit(
                    &root,
                    "content/timeline/a-event.md",
                    "## Context",
                    "## Background",
                )]
            }
            11 => vec![toggle_line(
                &root,
                "content/timeline/b-event.md",
                "See [the start](@/timeline/a-event.md#background) and [Beta](@/actors/beta.md).",
            )],
            12 => vec![replace_line(
                &root,
                "content/timeline/a-event.md",
                "Something happened",
                &if n % 2 == 0 {
                    format!("Something happened ({n}) in [Alpha's](@/actors/alpha.md) country.")
                } else {
                    format!(
                        "Something happened in [Alpha's](@/actors/alpha.md) country [@treaty] ({n})."
                    )
                },
            )],
            13 => {
                // A broken anchor in the edited page itself must fail too.
                let line = format!(
                    "A later paragraph [@report], with a [broken anchor](@/about.md#nowhere-{n})."
                );
                let path = toggle_line(&root, "content/timeline/a-event.md", &line);
                assert_rejected(&mut session, &path, n);
                vec![toggle_line(&root, "content/timeline/a-event.md", &line)]
            }
            14 => vec![replace_line(
                &root,
                "content/timeline/b-event.md",
                "reviewed:",
                if n % 2 == 0 {
                    "reviewed: 2025-12-01"
                } else {
                    // Stale again, and its warning a line further down.
                    "# checked\nreviewed: 2025-10-01"
                },
            )],
            // Front matter text that changes no value: a YAML comment.
            15 => vec![swap(
                &root,
                "content/actors/beta.md",
                "kind: state\n# note\n",
                "kind: state\n",
            )],
            16 => {
                // Front matter that breaks a check must fail, and the
                // relations must come back with the previous front matter.
                let file = "content/timeline/a-event.md";
                let path = root.join(file);
                let original = std::fs::read_to_string(&path).expect("read");
                // A new date moves the page in its section's order.
                let broken: String = original
                    .lines()
                    .map(|line| match line {
                        l if l.starts_with("date:") => {
                            "date: 2030-01-01\nactors: [nobody]\n".to_string()
                        }
                        l => format!("{l}\n"),
                    })
                    .collect();
                std::fs::write(&path, broken).expect("write");
                assert_rejected(&mut session, &path, n);
                std::fs::write(&path, original).expect("write");
                let missing = edit(&root, file, "status: happened\n", "weight: 1\n");
                let error = assert_rejected(&mut session, &missing, n);
                assert!(
                    error.contains("missing required field `status`"),
                    "step {n}: {error}"
                );
                vec![edit(&root, file, "weight: 1\n", "status: happened\n")]
            }
            // A page in the feed gets a new title.
            17 => vec![swap(
                &root,
                "content/timeline/b-event.md",
                "title: Later event, renamed",
                "title: Later event",
            )],
            // A page enters or leaves the feed.
            18 => vec![swap(
                &root,
                "content/about.md",
                "reviewed: 2025-12-10\ndate: 2025-12-01\n",
                "reviewed: 2025-12-10\n",
            )],
            // The pages listing this actor show its name.
            19 => vec![swap(
                &root,
                "content/actors/alpha.md",
                "name: Alpha P. Person",
                "name: Alpha Person",
            )],
            8 => vec![append(
                &root,
                "content/_index.md",
                &format!("\n## Update {n}\n\nSee [the later event](@/timeline/b-event.md).\n"),
            )],
            _ => vec![edit(
                &root,
                "content/timeline/b-event.md",
                "Talks",
                &format!("Talks, round {n},"),
            )],
        };
        let outcome = session
            .update(&changed)
            .unwrap_or_else(|e| panic!("step {n}: update failed: {e}"));
        if !outcome.full {
            fast += 1;
        }
        assert_same_as_clean_build(&session, &options, &format!("step {n} ({changed:?})"));
    }
    assert!(
        fast >= 20,
        "most edits should take the fast path, took {fast}"
    );
}

#[test]
fn fast_path_renders_only_what_an_edit_affects() {
    let site = copy_fixture("basic");
    let root = site.path().to_path_buf();
    let mut session = session_at(&root);
    let full = session.build().expect("build");
    let path = edit(&root, "content/timeline/b-event.md", "Talks", "Meetings");
    let outcome = session.update(&[path]).expect("update");
    assert!(!outcome.full);
    assert!(outcome.rendered < full.rendered, "{outcome:?} vs {full:?}");
    assert_eq!(
        outcome.rendered, 1,
        "a body edit that changes no listing re-renders one page"
    );
}

#[test]
fn a_later_good_edit_does_not_hide_a_file_that_is_still_broken() {
    let site = copy_fixture("basic");
    let root = site.path().to_path_buf();
    let mut session = session_at(&root);
    session.build().expect("build");
    let broken = append(&root, "content/about.md", "\n[gone](@/nowhere.md)\n");
    assert!(session.update(&[broken]).is_err());
    let fine = append(&root, "content/actors/beta.md", "\nMore.\n");
    let error = session
        .update(&[fine])
        .expect_err("about.md is still broken");
    assert!(error.to_string().contains("content/about.md"), "{error}");
    let fixed = edit(&root, "content/about.md", "\n[gone](@/nowhere.md)\n", "\n");
    session.update(&[fixed]).expect("fixed");
}

/// The repository's own site with the built-in theme, whose base template reads
/// other pages through get_page and get_section (the nav).
fn repository_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    crate::common::copy_dir(&repo.join("content"), &dir.path().join("content"));
    for file in ["site.toml", "sources.yaml"] {
        std::fs::copy(repo.join(file), dir.path().join(file)).expect("copy");
    }
    dir
}

#[test]
fn edits_to_the_repository_site_match_clean_builds() {
    let site = repository_site();
    let root = site.path().to_path_buf();
    let options = BuildOptions {
        root: root.clone(),
        ..BuildOptions::default()
    };
    let mut session = Session::new(options.clone());
    session.build().expect("first build");
    let mut dice = Dice(11);
    for n in 0..16 {
        let changed = match dice.next(4) {
            0 => append(
                &root,
                "content/explainers/territory.md",
                &format!("\nA note, number {n}.\n"),
            ),
            1 => edit(
                &root,
                "content/actors/witkoff.md",
                "title: ",
                &format!("title: {n} "),
            ),
            2 => edit(
                &root,
                "content/explainers/article-5.md",
                "weight: ",
                &format!("weight: {n}"),
            ),
            _ => append(
                &root,
                "content/timeline/miami-working-groups.md",
                &format!("\nSee [Kushner](@/actors/kushner.md) ({n}).\n"),
            ),
        };
        let outcome = session
            .update(std::slice::from_ref(&changed))
            .unwrap_or_else(|e| panic!("step {n}: {e}"));
        assert!(!outcome.full, "step {n}: in-place edits take the fast path");
        assert_same_as_clean_build(&session, &options, &format!("step {n} ({changed:?})"));
    }
}

#[test]
fn a_rejected_front_matter_edit_leaves_the_section_order_as_it_was() {
    let site = copy_fixture("basic");
    let root = site.path().to_path_buf();
    let options = BuildOptions {
        root: root.clone(),
        ..BuildOptions::default()
    };
    let mut session = Session::new(options.clone());
    session.build().expect("build");
    // A later date would sort the earlier event last; the unknown actor fails.
    let broken = edit(
        &root,
        "content/timeline/a-event.md",
        "date: \"2022-02\"",
        "date: 2030-01-01\nactors: [nobody]",
    );
    assert_rejected(&mut session, &broken, 0);
    let restored = edit(
        &root,
        "content/timeline/a-event.md",
        "date: 2030-01-01\nactors: [nobody]",
        "date: \"2022-02\"",
    );
    session.update(&[restored]).expect("restored");
    // A new word count re-renders the timeline listing and its neighbours.
    let more = append(&root, "content/timeline/b-event.md", "\nMore words here.\n");
    session.update(&[more]).expect("body edit");
    assert_same_as_clean_build(&session, &options, "after a rejected edit");
}
