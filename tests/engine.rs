//! Integration tests of the engine and the command line, one module per
//! feature, all in one binary: they run the real `briefing` executable over
//! fixture sites in temp folders. (The dev server's tests are the `serve`
//! binary; library-level tests are `commonmark` and `properties`.)

mod common;

#[path = "engine/bad_inputs.rs"]
mod bad_inputs;

#[path = "engine/build.rs"]
mod build;
#[path = "engine/check.rs"]
mod check;
#[path = "engine/cli_polish.rs"]
mod cli_polish;
#[path = "engine/corpus.rs"]
mod corpus;
#[path = "engine/crash_safety.rs"]
mod crash_safety;
#[path = "engine/deploy.rs"]
mod deploy;
#[path = "engine/editor.rs"]
mod editor;
#[path = "engine/editorial.rs"]
mod editorial;
#[path = "engine/escaping.rs"]
mod escaping;
#[path = "engine/images.rs"]
mod images;
#[path = "engine/incremental.rs"]
mod incremental;
#[path = "engine/init.rs"]
mod init;
#[path = "engine/languages.rs"]
mod languages;
#[path = "engine/link_followups.rs"]
mod link_followups;
#[path = "engine/links.rs"]
mod links;
#[path = "engine/markdown_pipeline.rs"]
mod markdown_pipeline;
#[path = "engine/output_safety.rs"]
mod output_safety;
#[path = "engine/published_dates.rs"]
mod published_dates;
#[path = "engine/quotes.rs"]
mod quotes;
#[path = "engine/search.rs"]
mod search;
#[path = "engine/shortcodes.rs"]
mod shortcodes;
#[path = "engine/site_files.rs"]
mod site_files;
#[path = "engine/text_files.rs"]
mod text_files;
#[path = "engine/theme.rs"]
mod theme;
