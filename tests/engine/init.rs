//! `briefing init DIR`, then `briefing build` inside DIR, from a copy of the
//! binary in an empty folder with no repository around it.

use crate::support::*;

#[test]
fn can_init_and_build_with_the_embedded_theme_anywhere() {
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
        "actors/example-person/index.html",
        "sources/index.html",
        "404.html",
    ] {
        assert!(site.join("public").join(file).is_file(), "{file} missing");
    }
    let again = run(&["init", "mysite"], empty.path());
    assert_eq!(again.status.code(), Some(1), "init never overwrites");
}
