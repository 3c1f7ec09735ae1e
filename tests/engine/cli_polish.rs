//! Issue 16, item 8: shell completions, the manual page, `--version`, and one
//! flag name (`-o/--output-dir`) for the output folder across commands.

use std::process::Output;

use crate::common::{briefing, repo};

/// `briefing ARGS` from the repository's folder, as `cargo test` runs it.
fn run(args: &[&str]) -> Output {
    briefing(args, &repo())
}

fn stdout_of(args: &[&str]) -> String {
    let output = run(args);
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn prints_completions_for_each_shell() {
    for (shell, sign) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef briefing"),
        ("fish", "complete -c briefing"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let script = stdout_of(&["completions", shell]);
        assert!(script.contains(sign), "{shell} lacks {sign:?}");
        for word in ["serve", "output-dir", "allowed-host", "force"] {
            assert!(script.contains(word), "{shell} lacks {word}");
        }
    }
    let unknown = run(&["completions", "tcsh"]);
    assert_eq!(unknown.status.code(), Some(2), "a usage error");
}

#[test]
fn prints_a_manual_page() {
    let page = stdout_of(&["man"]);
    assert!(page.contains(".TH briefing 1"), "{page}");
    assert!(page.contains(env!("CARGO_PKG_VERSION")));
    for command in ["build", "check", "serve", "completions"] {
        assert!(page.contains(command), "lacks {command}");
    }
}

#[test]
fn prints_its_version() {
    for flag in ["--version", "-V"] {
        assert_eq!(
            stdout_of(&[flag]),
            format!("briefing {}\n", env!("CARGO_PKG_VERSION"))
        );
    }
}

#[test]
fn names_the_output_folder_output_dir_everywhere() {
    for command in ["build", "check"] {
        let help = stdout_of(&[command, "--help"]);
        assert!(
            help.contains("-o, --output-dir <DIR>"),
            "{command}:\n{help}"
        );
        assert!(
            !help.contains("--output <"),
            "the old name is hidden:\n{help}"
        );
    }
}
