//! Fuzzes front-matter splitting and typed parsing: any text must split or
//! fail with an in-bounds offset, and parsing must return Ok or a located
//! diagnostic, never panic.
#![no_main]

use std::path::Path;
use std::sync::Arc;

use briefing::frontmatter;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let source: Arc<str> = Arc::from(text);
    match frontmatter::split(&source) {
        Ok(split) => {
            assert!(split.front_offset <= source.len());
            assert!(split.body_offset <= source.len());
            assert_eq!(&source[split.body_offset..], split.body);
            if let Err(diagnostic) = frontmatter::parse(Path::new("fuzz.md"), &source, &split) {
                let location = diagnostic.location.as_ref().expect("located");
                assert!(location.line >= 1 && location.column >= 1);
                let _ = diagnostic.render(false);
            }
        }
        Err((_, offset)) => assert!(offset <= source.len()),
    }
});
