//! `briefing init DIR`, then `briefing build`, `check` and `check --strict`
//! inside DIR, from a copy of the binary in an empty folder with no repository
//! around it.

use crate::common::*;

#[test]
fn can_init_build_and_check_with_the_embedded_theme_anywhere() {
    let empty = tempfile::tempdir().expect("tempdir");
    let bin = empty.path().join("briefing");
    std::fs::copy(env!("CARGO_BIN_EXE_briefing"), &bin).expect("copy binary");
    let run = |args: &[&str], cwd: &std::path::Path| {
        std::process::Command::new(&bin)
            .args(args)
            .current_dir(cwd)
            .output()
            .expect("run")
    };
    let init = run(&["init", "mysite"], empty.path());
    assert!(init.status.success(), "{}", stderr(&init));
    let site = empty.path().join("mysite");
    let build = run(&["build"], &site);
    assert!(
        build.status.success(),
        "{}{}",
        stdout(&build),
        stderr(&build)
    );
    for file in [
        "index.html",
        "timeline/index.html",
        "actors/nato/index.html",
        "sources/index.html",
        "404.html",
    ] {
        assert!(site.join("public").join(file).is_file(), "{file} missing");
    }
    // The starter passes its own checks, strict ones included.
    for args in [&["check"][..], &["check", "--strict"][..]] {
        let check = run(args, &site);
        assert!(
            check.status.success(),
            "{args:?}: {}{}",
            stdout(&check),
            stderr(&check)
        );
    }
    // Its example source is a public document with a real public URL, not a
    // placeholder that looks internal.
    let sources = std::fs::read_to_string(site.join("sources.yaml")).expect("sources.yaml");
    let urls: Vec<&str> = sources
        .lines()
        .filter_map(|line| line.trim().strip_prefix("url: "))
        .collect();
    assert!(!urls.is_empty(), "{sources}");
    for url in urls {
        assert!(url.starts_with("https://"), "{url}");
        for placeholder in ["example.", "localhost", "internal", "intranet"] {
            assert!(!url.contains(placeholder), "{url}");
        }
    }
    let lower = sources.to_lowercase();
    for word in ["internal", "memo", "example"] {
        assert!(
            !lower.contains(word),
            "`{word}` in the starter's sources:\n{sources}"
        );
    }
    let again = run(&["init", "mysite"], empty.path());
    assert_eq!(again.status.code(), Some(1), "init never overwrites");
}
