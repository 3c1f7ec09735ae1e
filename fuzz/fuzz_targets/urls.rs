//! Fuzzes slug, URL and path handling: whatever a file path, slug or alias
//! says, every path `place` or `alias_path` accepts must stay inside the
//! output folder (`is_contained`), and the containment check itself must
//! reject anything with `..`, a leading `/`, a backslash or a NUL.
#![no_main]

use briefing::urls;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (&str, Option<&str>, &str)| {
    let (relative, slug, alias) = input;
    if let Ok(placed) = urls::place(relative, slug) {
        let file = urls::index_file(&placed.url_path);
        assert!(urls::is_contained(&file), "place escaped: {file:?}");
    }
    if let Ok(path) = urls::alias_path(alias) {
        let file = urls::index_file(&path);
        assert!(urls::is_contained(&file), "alias escaped: {file:?}");
    }
    if let Ok(output) = urls::output_path_for_asset(relative) {
        assert!(urls::is_contained(&output), "asset escaped: {output:?}");
    }
    if urls::is_contained(alias) {
        assert!(!alias.starts_with('/'));
        assert!(!alias.split('/').any(|s| s == ".."));
        assert!(!alias.contains('\\') && !alias.contains('\0'));
    }
});
