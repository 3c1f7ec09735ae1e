//! briefing: a static site generator for explainer microsites.
//!
//! Data flows one way: `config` → `content` → `site` (the graph and its
//! cross-checks) → `render` (Markdown, then Tera) → `output` (staged, then
//! swapped into place). `pipeline` is the driver: it runs the stages, one
//! line each, into a site built in memory. `build` writes one to the output
//! folder; `session` keeps one up to date as files change (`serve`);
//! `check` verifies quotes, links and freshness; the binary in `main.rs` only
//! parses flags. `layout` names the folders and well-known files;
//! `timings` times the stages.
//!
//! A module imports only from modules in lower layers, so there is no import
//! cycle; `tests/layers.rs` reads this table and fails on any other import
//! (test code aside). Clap is used only by the commands in `cmd`.
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
// The docs are for contributors, who read them with
// `cargo doc --document-private-items`: public items may link private ones.
#![allow(rustdoc::private_intra_doc_links)]

mod assets;
mod build;
mod check;
mod cmd;
mod config;
mod console;
mod content;
mod dates;
mod diagnostics;
mod events;
mod export;
mod feeds;
mod finish;
pub mod frontmatter;
mod html;
mod ignored;
mod images;
mod init;
mod layout;
mod linkcheck;
mod list;
pub mod markdown;
mod minify;
mod new;
pub mod output;
mod pipeline;
mod portable;
mod quotes;
mod render;
mod schedule;
mod search;
mod serve;
mod session;
mod shortcodes;
mod site;
mod sources;
mod strings;
mod suggest;
mod taxonomy;
mod templates;
mod text;
mod theme;
mod timings;
pub mod urls;
mod views;

// The public surface: what the binary, the integration tests, the benchmarks
// and the fuzz targets use. Everything else is private to the crate.
pub use build::{build, build_in_memory};
pub use cmd::Cli;
pub use config::{MarkdownOptions, Overrides};
pub use dates::PartialDate;
pub use diagnostics::{Diagnostic, line_col, offset_of};
pub use init::scaffold;
pub use pipeline::{BuildOptions, Built};
pub use search::{index_language, index_plan, replace_index};
pub use serve::reload::SCRIPT_TAG;
pub use session::Session;
