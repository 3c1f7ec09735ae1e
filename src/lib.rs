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
//! A module imports only from modules in lower layers, so there is no import
//! cycle; `tests/layers.rs` reads this table and fails on any other import
//! (test code aside). Clap is used only by the commands in [`cmd`].
//!
//! | layer | job | modules |
//! |---|---|---|
//! | 0 | leaves: import nothing from the crate | dates, diagnostics, html, ignored, layout, minify, quotes, timings, urls |
//! | 1 | leaf services | text, console, suggest, output |
//! | 2 | front matter | frontmatter |
//! | 3 | site settings and page metadata | config, events, schedule, sources |
//! | 4 | loading pages and images | content, images, portable |
//! | 5 | theme, static files, terms | assets, theme, taxonomy |
//! | 6 | theme resources | shortcodes, strings |
//! | 7 | the site graph; Markdown bodies | site, markdown |
//! | 8 | Tera; site-wide data files | templates, feeds, export |
//! | 9 | template values | views |
//! | 10 | pages | render |
//! | 11 | passes over the output | finish, search, linkcheck |
//! | 12 | the driver | pipeline |
//! | 13 | writing a build; keeping one up to date | build, session |
//! | 14 | what the commands do | check, serve, init, new, list |
//! | 15 | the command line | cmd |

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
