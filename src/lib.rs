//! briefing: a static site generator for explainer microsites.
//!
//! Data flows one way: [`config`] → [`content`] → [`site`] (the graph and its
//! cross-checks) → [`render`] (Markdown, then Tera) → [`output`] (staged, then
//! swapped into place). [`pipeline`] is the driver: it runs the stages, one
//! line each, into a site built in memory. [`build`] writes one to the output
//! folder; [`session`] keeps one up to date as files change (`serve`);
//! [`check`] verifies quotes and freshness; the binary in `main.rs` only
//! parses flags. [`layout`] names the folders and well-known files;
//! [`timings`] times the stages.
//!
//! A module imports only from lower layers:
//!
//! | layer | modules |
//! |---|---|
//! | 0 leaves | diagnostics, console, dates, text, urls, html, layout, timings, ignored, suggest |
//! | 1 load | config, schedule, frontmatter, events, sources, content, assets, output, shortcodes |
//! | 2 graph | site, taxonomy (terms) |
//! | 3 bodies | markdown, images |
//! | 4 values & pages | views, templates, render |
//! | 5 site-wide files, finishing | feeds, export, finish, portable, minify, search |
//! | 6 drivers | pipeline, build, session |
//! | 7 commands | check, linkcheck, quotes, serve, init, new, list, cmd |

// Diagnostics carry a location and hint; they are built only on the cold error
// path, so their size in `Result` does not matter.
#![allow(clippy::result_large_err)]

pub mod assets;
pub mod build;
pub mod check;
pub mod cmd;
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
pub mod strings;
pub mod suggest;
pub mod taxonomy;
pub mod templates;
pub mod text;
pub mod theme;
pub mod timings;
pub mod urls;
pub mod views;
