//! The crate's layering, checked: the layer table in the crate doc of
//! `src/lib.rs` lists every top-level module of `src/` by layer, and a module
//! may import (`crate::…`) only from modules in lower layers, so there can be
//! no import cycle between top-level modules. Test code (after a file's first
//! `#[cfg(test)]`) and comments are not counted. Also: clap is used only by
//! the commands layer (`src/main.rs`, `src/cmd/`), and `src/` has no `unsafe`.
//!
//! No parser crate: Rust paths are simple enough to scan by hand here.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// `module → layer` from the table rows `//! | N | job | name, name, … |`.
fn layer_table() -> BTreeMap<String, u32> {
    let lib = fs::read_to_string("src/lib.rs").expect("src/lib.rs");
    let mut table = BTreeMap::new();
    for line in lib.lines().filter_map(|l| l.strip_prefix("//! |")) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let Some(Ok(layer)) = cells.first().map(|c| c.parse::<u32>()) else {
            continue;
        };
        for name in cells[2].split(',').map(|n| n.trim().trim_matches('`')) {
            let old = table.insert(name.to_string(), layer);
            assert!(old.is_none(), "`{name}` is listed twice in the layer table");
        }
    }
    assert!(
        !table.is_empty(),
        "no layer table in the crate doc of src/lib.rs"
    );
    table
}

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.expect("walk src/");
        if entry.path().extension().is_some_and(|e| e == "rs") {
            files.push(entry.into_path());
        }
    }
    files
}

/// The non-test, non-comment code of a file.
fn code_of(text: &str) -> String {
    let end = text.find("#[cfg(test)]").unwrap_or(text.len());
    text[..end]
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level modules named after each `crate::` in `code`, including
/// those of a group `crate::{a::X, b}`.
fn imported_modules(code: &str) -> Vec<String> {
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let mut found = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let (mut depth, mut start) = (0usize, true);
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => start = true,
                    c if start && !c.is_whitespace() => {
                        start = false;
                        found.push(ident(&group[i..]));
                    }
                    _ => {}
                }
            }
        } else {
            found.push(ident(rest));
        }
    }
    found.retain(|m| !m.is_empty() && m != "self");
    found
}

/// Test modules kept in files of their own (`#[cfg(test)] mod tests;`).
fn is_test_file(file: &Path) -> bool {
    file.file_stem().is_some_and(|s| s == "tests")
        || file.components().any(|c| c.as_os_str() == "tests")
}

fn top_module(file: &Path) -> String {
    let rel = file.strip_prefix("src").expect("under src/");
    let first = rel.components().next().expect("a path");
    let name = first.as_os_str().to_string_lossy();
    name.trim_end_matches(".rs").to_string()
}

/// Each import of `files` (`(path, module, code)`) that is not downward in
/// `table`, as a line naming the file, both modules and their layers.
fn upward_imports(
    table: &BTreeMap<String, u32>,
    files: &[(String, String, String)],
) -> Vec<String> {
    let mut found = Vec::new();
    for (path, module, code) in files {
        let Some(&layer) = table.get(module) else {
            found.push(format!(
                "{path}: `{module}` is not in the layer table of src/lib.rs"
            ));
            continue;
        };
        for target in imported_modules(code) {
            if &target == module {
                continue;
            }
            match table.get(&target) {
                None => found.push(format!(
                    "{path} imports `crate::{target}`, not in the layer table"
                )),
                Some(&to) if to >= layer => found.push(format!(
                    "{path} (`{module}`, layer {layer}) imports `{target}` (layer {to})"
                )),
                Some(_) => {}
            }
        }
    }
    found
}

#[test]
fn modules_import_only_from_lower_layers() {
    let table = layer_table();
    let mut files = Vec::new();
    for file in rust_files(Path::new("src")) {
        let module = top_module(&file);
        if module == "main" || module == "lib" || is_test_file(&file) {
            continue;
        }
        let code = code_of(&fs::read_to_string(&file).expect("read"));
        files.push((file.display().to_string(), module, code));
    }
    let missing: Vec<_> = table
        .keys()
        .filter(|m| !files.iter().any(|(_, module, _)| module == *m))
        .collect();
    assert!(
        missing.is_empty(),
        "the layer table lists modules that do not exist: {missing:?}"
    );
    let upward = upward_imports(&table, &files);
    assert!(
        upward.is_empty(),
        "imports that are not downward:\n{}",
        upward.join("\n")
    );
}

#[test]
fn same_layer_upward_and_unknown_imports_are_reported() {
    let table: BTreeMap<String, u32> = [("low", 0), ("mid", 1), ("peer", 1)]
        .map(|(m, l)| (m.to_string(), l))
        .into();
    let file = |module: &str, code: &str| {
        (
            format!("src/{module}.rs"),
            module.to_string(),
            code.to_string(),
        )
    };
    let files = [
        file("low", "use crate::mid::X;"),
        file("mid", "use crate::{low, peer::Y, mid::Z};"),
        file("peer", "fn f() { crate::low::g(); crate::gone::h(); }"),
        file("stray", ""),
    ];
    assert_eq!(
        upward_imports(&table, &files),
        [
            "src/low.rs (`low`, layer 0) imports `mid` (layer 1)",
            "src/mid.rs (`mid`, layer 1) imports `peer` (layer 1)",
            "src/peer.rs imports `crate::gone`, not in the layer table",
            "src/stray.rs: `stray` is not in the layer table of src/lib.rs",
        ]
    );
}

#[test]
fn clap_only_in_the_commands_layer_and_no_unsafe() {
    for file in rust_files(Path::new("src")) {
        let text = fs::read_to_string(&file).expect("read");
        let code = code_of(&text);
        let in_commands = file == Path::new("src/main.rs") || file.starts_with("src/cmd");
        assert!(
            in_commands || !code.contains("clap::") && !code.contains("use clap"),
            "{} uses clap outside src/main.rs and src/cmd/",
            file.display()
        );
        assert!(
            !text.contains("unsafe"),
            "{} contains `unsafe`",
            file.display()
        );
    }
}

#[test]
fn the_import_scanner_reads_groups_and_skips_tests_and_comments() {
    let code = code_of(
        "use crate::{a::X, b, c::{d, e}};\n// crate::f\nfn g() { crate::h::i(); }\n#[cfg(test)]\nuse crate::j;",
    );
    assert_eq!(imported_modules(&code), ["a", "b", "c", "h"]);
}
