//! Integration tests of the engine, one module per feature, all in one binary:
//! they run the real `briefing` executable over fixture sites in temp folders.

#[path = "engine/support.rs"]
mod support;

#[path = "engine/build.rs"]
mod build;
#[path = "engine/check.rs"]
mod check;
#[path = "engine/corpus.rs"]
mod corpus;
#[path = "engine/editor.rs"]
mod editor;
#[path = "engine/editorial.rs"]
mod editorial;
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
