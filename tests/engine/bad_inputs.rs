//! Broken sites (tests/fixtures/bad/<case>/), one test each. Every case runs
//! the real binary and must exit with code 1, never panic, print exactly the
//! stderr of its `expected.stderr` (file names and `file:line:col`, messages,
//! hints, numbering; `BLESS=1` rewrites them), and leave the previous output
//! folder, and everything else on disk, byte for byte as it was.
//!
//! To add a case: a folder `tests/fixtures/bad/<name>/`, a `bad_case!(name);`
//! line, then `BLESS=1 cargo test --test engine bad_inputs::name` writes its
//! `expected.stderr`; read that file before committing it.

use std::fs;
use std::path::Path;

use crate::common::disk::{differences, plant_previous_output, snapshot};
use crate::common::{assert_matches_file, briefing, copy_dir, fixture};

/// Where the failing build is told to write.
enum Out {
    /// `--output-dir` pointing at a planted previous build.
    Previous,
    /// `--output-dir` with this value, relative to the site.
    Arg(&'static str),
    /// No flag: whatever site.toml says.
    Config,
}

/// What a case's setup decided.
enum Setup {
    Ready,
    Skip(String),
}

fn ready(_: &Path) -> Setup {
    Setup::Ready
}

fn run(name: &str, setup: fn(&Path) -> Setup, out: Out) {
    let temp = tempfile::tempdir().unwrap();
    let site = temp.path().join("site");
    let case = fixture(&format!("bad/{name}"));
    copy_dir(&case, &site);
    fs::remove_file(site.join(EXPECTED)).ok();
    plant_previous_output(&temp.path().join("previous"));
    if let Setup::Skip(reason) = setup(&site) {
        eprintln!("skipped {name}: {reason}");
        return;
    }
    let before = snapshot(temp.path());
    let output = match out {
        Out::Previous => briefing(&["build", "--output-dir", "../previous"], &site),
        Out::Arg(dir) => briefing(&["build", "--output-dir", dir], &site),
        Out::Config => briefing(&["build"], &site),
    };
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(1),
        "{name}: exit code 1 expected\nstderr:\n{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{name} panicked:\n{stderr}");
    assert_matches_file(&case.join(EXPECTED), &normalise(&stderr, temp.path()));
    let changed = differences(&before, &snapshot(temp.path()));
    assert!(
        changed.is_empty(),
        "{name}: a failed build changed files on disk: {changed:#?}"
    );
}

/// Each case's whole stderr, normalised, beside its site (not copied with it).
const EXPECTED: &str = "expected.stderr";

/// The stderr of a case as its `expected.stderr` holds it: paths relative to
/// the site (the temp folder is `..`). Colour is off (`NO_COLOR`) and a
/// failed build prints no timings.
fn normalise(stderr: &str, temp: &Path) -> String {
    let mut text = stderr.to_string();
    let canonical = temp.canonicalize().unwrap_or_else(|_| temp.to_path_buf());
    for temp in [canonical, temp.to_path_buf()] {
        let temp = temp.display().to_string();
        text = text
            .replace(&format!("{temp}/site/"), "")
            .replace(&format!("{temp}/site"), ".")
            .replace(&format!("{temp}/"), "../")
            .replace(&temp, "..");
    }
    text
}

/// One test per case: `bad_case!(name)` builds `tests/fixtures/bad/name/`
/// into a planted previous output; `setup:` prepares the copy first (or skips
/// the case), `output:` picks another output folder.
macro_rules! bad_case {
    ($name:ident) => {
        bad_case!($name, ready, Out::Previous);
    };
    ($name:ident, setup: $setup:expr) => {
        bad_case!($name, $setup, Out::Previous);
    };
    ($name:ident, output: $out:expr) => {
        bad_case!($name, ready, $out);
    };
    ($name:ident, $setup:expr, $out:expr) => {
        #[test]
        fn $name() {
            run(stringify!($name), $setup, $out);
        }
    };
}

// YAML front matter.
bad_case!(malformed_yaml);
bad_case!(yaml_tab_indent);
bad_case!(yaml_alias_bomb);
bad_case!(yaml_deep_nesting);
bad_case!(non_utf8);
bad_case!(unclosed_fence);
bad_case!(no_front_matter);
bad_case!(duplicate_keys);
bad_case!(wrong_type_weight);
bad_case!(wrong_type_actors);
bad_case!(wrong_type_title);
bad_case!(front_matter_is_a_list);
bad_case!(impossible_date);
bad_case!(date_not_a_date);
bad_case!(empty_file);
bad_case!(empty_front_matter);
bad_case!(missing_title);
bad_case!(unknown_field);
bad_case!(bad_status);

// Files and folders.
bad_case!(huge_file, setup: write_huge_page);
bad_case!(symlink_loop, setup: make_symlink_loop);
bad_case!(dangling_symlink, setup: make_dangling_symlink);
bad_case!(unreadable_file, setup: make_unreadable);

// URLs, slugs and aliases.
bad_case!(slug_parent_dir);
bad_case!(slug_absolute);
bad_case!(index_md_at_root);
bad_case!(url_collision);
bad_case!(url_collision_case);
bad_case!(alias_collision);
bad_case!(bad_alias);
bad_case!(static_file_clashes_with_page);

// Templates and themes.
bad_case!(template_syntax_error);
bad_case!(template_includes_itself);
bad_case!(template_extends_missing);
bad_case!(template_render_error);
bad_case!(missing_theme);
bad_case!(missing_template);

// References, citations and links.
bad_case!(unknown_citation_source);
bad_case!(unknown_source_in_front_matter);
bad_case!(empty_quote);
bad_case!(broken_internal_link);
bad_case!(broken_anchor);
bad_case!(unknown_actor);

// Section schemas.
bad_case!(missing_required_field);
bad_case!(end_date_before_date);

// site.toml.
bad_case!(site_toml_syntax);
bad_case!(site_toml_unknown_key);
bad_case!(site_toml_bad_base_url);
bad_case!(site_toml_bad_as_of);
bad_case!(site_toml_unknown_schema_field);
bad_case!(missing_site_toml);

// Output folders that would swallow the sources.
bad_case!(output_dir_is_content, output: Out::Arg("content"));
bad_case!(output_dir_is_site_parent, output: Out::Arg(".."));
bad_case!(output_dir_in_config_is_content, output: Out::Config);

// The source list.
bad_case!(bad_sha256);
bad_case!(duplicate_source_ids);
bad_case!(sources_yaml_malformed);
bad_case!(sources_yaml_unknown_field);
bad_case!(sources_yaml_bad_id);

// Issue 12: templates and exports.
bad_case!(override_lacks_block);

// Issue 12: Markdown.
bad_case!(repeated_explicit_heading_id);
bad_case!(explicit_heading_id_taken_by_template);

// Issue 12: whole values (front matter, dates, site.toml).
bad_case!(date_trailing_words);
bad_case!(site_toml_as_of_trailing_words);
bad_case!(source_date_trailing_words);
bad_case!(empty_title);
bad_case!(empty_required_schema_field);
bad_case!(empty_source_title);
bad_case!(duplicate_key_in_extra);
bad_case!(duplicate_key_in_sources);
bad_case!(toml_front_matter);
bad_case!(bracket_value);
bad_case!(unclosed_quote_line);
bad_case!(missing_colon);
bad_case!(non_utf8_template);
bad_case!(non_utf8_site_toml);

// Issue 12: links.
bad_case!(link_to_draft);
bad_case!(link_leaves_base_path);
bad_case!(link_to_missing_asset);
bad_case!(relative_link_to_nothing);
bad_case!(alias_is_own_url);
bad_case!(raw_html_anchor_missing);

// Issue 16: serve and output.
// A non-empty folder briefing did not write (no marker, no briefing feed) is
// left byte for byte as it was (`run` compares the whole temp folder).
bad_case!(unmarked_output, setup: unmark_previous_output);
bad_case!(output_is_a_file, make_output_a_file, Out::Arg("../a-file"));

/// The planted previous output, without the marker: someone else's folder.
fn unmark_previous_output(site: &Path) -> Setup {
    let previous = site.parent().unwrap().join("previous");
    fs::remove_file(previous.join(briefing::output::MARKER_FILE)).unwrap();
    Setup::Ready
}

fn make_output_a_file(site: &Path) -> Setup {
    fs::write(site.parent().unwrap().join("a-file"), "not a folder\n").unwrap();
    Setup::Ready
}

// Issue 13: corrections and coverage.
bad_case!(correction_without_text);
bad_case!(correction_bad_date);
bad_case!(correction_partial_date);
bad_case!(update_unknown_field);

// Issue 16: editor's workflow.
bad_case!(bad_publish_date);
bad_case!(bad_expiry_date);
bad_case!(link_to_future_page);
bad_case!(unknown_topic);
bad_case!(tags_without_taxonomy);

// Issue 13: quotations.
bad_case!(quote_space_before_citation);
bad_case!(quote_without_citation);
bad_case!(quote_unknown_speaker);
bad_case!(quote_unknown_option);
bad_case!(quote_options_on_a_citation);

// Issue 12 follow-ups: values and messages.
bad_case!(invisible_title);
bad_case!(site_title_blank);
bad_case!(ignored_content_bad_glob);
bad_case!(updated_before_date);
bad_case!(utf16_page);
bad_case!(leap_second);
bad_case!(as_of_time);
bad_case!(actor_listed_twice);
bad_case!(source_listed_twice);
bad_case!(empty_source_id);
bad_case!(actor_file_with_slug);
bad_case!(alias_differs_in_case);
bad_case!(indented_after_number);
bad_case!(override_without_component);
bad_case!(repeated_complex_key);

// Issue 12 follow-ups: links and ids.
bad_case!(citation_inside_link_text);
bad_case!(plain_link_to_draft);
bad_case!(heading_id_written_by_template);
bad_case!(raw_html_id_twice);

// Issue 15: shortcodes.
bad_case!(unknown_shortcode);
bad_case!(bad_shortcode_argument);
bad_case!(shortcode_wrong_type);
bad_case!(hugo_shortcode);
bad_case!(unclosed_shortcode);
bad_case!(block_shortcode_inline);
bad_case!(embed_bad_url);
// Issue 15: images. The decorative one (`![""](…)`) is fine.
bad_case!(image_without_alt);
bad_case!(svg_not_svg);
bad_case!(images_duplicate_widths);
bad_case!(images_blank_sizes);
bad_case!(missing_internal_image);
bad_case!(stray_shortcode_open);

/// A 50 MB page, generated here rather than committed.
fn write_huge_page(site: &Path) -> Setup {
    let line = "All work and no play makes a very long page. ".repeat(20) + "\n";
    let mut text = String::from("---\ntitle: Huge\n---\n");
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(&line);
    }
    fs::write(site.join("content/huge.md"), text).unwrap();
    Setup::Ready
}

fn make_symlink_loop(site: &Path) -> Setup {
    std::os::unix::fs::symlink("..", site.join("content/loop")).unwrap();
    Setup::Ready
}

fn make_dangling_symlink(site: &Path) -> Setup {
    std::os::unix::fs::symlink("nowhere.md", site.join("content/ghost.md")).unwrap();
    Setup::Ready
}

/// chmod 000 does not stop root (CI runs as root); `dangling_symlink` covers
/// an unreadable page there.
fn make_unreadable(site: &Path) -> Setup {
    use std::os::unix::fs::PermissionsExt;
    let path = site.join("content/secret.md");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::read(&path).is_ok() {
        return Setup::Skip("running as root: chmod 000 does not stop reads".into());
    }
    Setup::Ready
}

// Issue 17, multilingual sites: a file name's language code must be one of
// the site's, and a translation is held to its section's schema like any page.
bad_case!(unknown_language_code);
bad_case!(translation_missing_required_field);

// Issue 17, quotes in translation: a translated page's quote gives the
// source's exact words (`original “…”`), which the archive check verifies;
// without them it cannot be checked (paraphrase instead).
bad_case!(translated_quote_without_original);
bad_case!(original_in_default_language);

// Theme strings: every language of the site has every key of the theme's
// English strings (all missing keys in one error), and a site sets no key the
// theme does not know.
bad_case!(strings_language_without_file);
bad_case!(strings_partial_file);
bad_case!(strings_unknown_key);
bad_case!(strings_unknown_key_in_site_toml);

// A translation needs its original, and each language its home page.
bad_case!(orphan_translation);
bad_case!(language_without_home);

// site.toml: errors about a language point at its `[languages.X]` header, an
// error about a key inside a table at the key's own line.
bad_case!(language_bad_code);
bad_case!(language_default_with_title);
bad_case!(language_case_clash);
bad_case!(language_without_title);
bad_case!(language_clashes_with_section);
bad_case!(images_quality_zero);
bad_case!(language_clashes_with_folder);
bad_case!(taxonomy_bad_term);
bad_case!(section_bad_reference_field);
bad_case!(orphan_translation_of_ignored);
