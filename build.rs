//! Rebuild when the embedded default theme or the starter site changes.
//! include_dir embeds each file with include_bytes!, so edits are tracked, but a
//! file added to those folders would otherwise be missed until the next change.
fn main() {
    println!("cargo:rerun-if-changed=themes/default");
    println!("cargo:rerun-if-changed=starter");
}
