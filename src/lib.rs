//! briefing: a static site generator for explainer microsites.
//!
//! Data flows one way: [`config`] → [`content`] → [`site`] (the graph and its
//! cross-checks) → [`render`] (Markdown, then Tera) → [`output`] (staged, then
//! swapped into place). [`pipeline`] is the driver: it runs the stages into a
//! site built in memory. [`build`] writes one to the output folder;
//! [`session`] keeps one up to date as files change (`serve`); [`check`]
//! verifies quotes and freshness; the binary in `main.rs` only parses flags.
//! [`layout`] names the folders and well-known files; [`timings`] times the
//! stages.

// Diagnostics carry a location and hint; they are built only on the cold error
// path, so their size in `Result` does not matter.
#![allow(clippy::result_large_err)]

pub mod assets;
pub mod build;
pub mod check;
pub mod cli;
pub mod config;
pub mod console;
pub mod content;
pub mod dates;
pub mod diagnostics;
pub mod events;
pub mod export;
pub mod feeds;
pub mod finish;
pub mod frontmatter;
pub mod html;
pub mod ignored;
pub mod images;
pub mod init;
pub mod layout;
pub mod linkcheck;
pub mod list;
pub mod markdown;
pub mod minify;
pub mod new;
pub mod output;
pub mod pipeline;
pub mod portable;
pub mod quotes;
pub mod render;
pub mod schedule;
pub mod search;
pub mod serve;
pub mod session;
pub mod shortcodes;
pub mod site;
pub mod sources;
pub mod taxonomy;
pub mod templates;
pub mod text;
pub mod timings;
pub mod urls;
pub mod views;
