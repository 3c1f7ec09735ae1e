//! Fuzzes Markdown rendering with citations (`[@id]`, `[“quote”][@id]`) and
//! internal links (`@/file.md#anchor`): it must never panic, and every
//! problem, link and quote offset must point inside the body.
#![no_main]

use briefing::MarkdownOptions;
use briefing::markdown::{self, Resolver};
use libfuzzer_sys::fuzz_target;

struct FuzzResolver;

impl Resolver for FuzzResolver {
    fn page_url(&self, file: &str) -> Option<String> {
        matches!(file, "a.md" | "timeline/b.md" | "_index.md")
            .then(|| format!("https://example.org/{}/", file.trim_end_matches(".md")))
    }
    fn has_source(&self, id: &str) -> bool {
        matches!(id, "wt" | "nato")
    }
}

fuzz_target!(|body: &str| {
    let rendered = markdown::render(body, &MarkdownOptions::default(), &FuzzResolver);
    for problem in &rendered.problems {
        assert!(problem.offset <= body.len());
    }
    for link in &rendered.links {
        assert!(link.offset <= body.len());
    }
    for quote in &rendered.quotes {
        assert!(quote.offset <= body.len());
    }
    if let Some(summary) = &rendered.summary {
        assert!(summary.len() <= rendered.html.len() + 1);
    }
});
