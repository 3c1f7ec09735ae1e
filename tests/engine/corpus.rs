//! The byte-identity guard of the performance work: a 100-page corpus made by
//! `benches/corpus.sh` (its content committed, so it does not depend on the
//! generator; site.toml and templates taken from `benches/corpus-site/`, as
//! the script does) must build to exactly the files recorded in
//! `expected/output.sha256`, which were written by the build before any
//! optimisation. A speed-up that changes one byte of output fails here; an
//! intended change of output is recorded with
//! `BLESS=1 cargo test --test engine corpus`.

use sha2::{Digest, Sha256};

use crate::common::*;

#[test]
fn corpus_builds_to_the_recorded_bytes() {
    let site = copy_fixture("corpus");
    copy_dir(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/corpus-site"),
        site.path(),
    );
    build_ok(site.path(), &[]);
    let manifest: String = tree(&site.path().join("public"))
        .iter()
        .map(|(path, bytes)| format!("{:x}  {path}\n", Sha256::digest(bytes)))
        .collect();
    let expected_file = fixture("corpus").join("expected/output.sha256");
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&expected_file, &manifest).expect("write manifest");
        return;
    }
    let expected = std::fs::read_to_string(&expected_file).expect("read manifest");
    if manifest != expected {
        let differing: Vec<&str> = manifest
            .lines()
            .zip(expected.lines())
            .filter(|(a, b)| a != b)
            .map(|(a, _)| a)
            .take(10)
            .collect();
        panic!(
            "the corpus output changed ({} files now, {} recorded); first differences:\n{}",
            manifest.lines().count(),
            expected.lines().count(),
            differing.join("\n")
        );
    }
}
