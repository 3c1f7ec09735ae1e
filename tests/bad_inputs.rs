//! Broken sites (tests/fixtures/bad/<case>/), one test each. Every case runs
//! the real binary and must exit with code 1, name the file (and `file:line:`
//! where there is a line), never panic, and leave the previous output folder,
//! and everything else on disk, byte for byte as it was.

mod hardening_support;

use std::fs;
use std::path::Path;

use hardening_support::{
    briefing, copy_tree, differences, fixture, plant_previous_output, snapshot,
};

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

fn run(name: &str, expected: &[&str], setup: fn(&Path) -> Setup, out: Out) {
    let temp = tempfile::tempdir().unwrap();
    let site = temp.path().join("site");
    copy_tree(&fixture(&format!("bad/{name}")), &site);
    plant_previous_output(&temp.path().join("previous"));
    if let Setup::Skip(reason) = setup(&site) {
        eprintln!("skipped {name}: {reason}");
        return;
    }
    let before = snapshot(temp.path());
    let output = match out {
        Out::Previous => briefing(&site, &["build", "--output-dir", "../previous"]),
        Out::Arg(dir) => briefing(&site, &["build", "--output-dir", dir]),
        Out::Config => briefing(&site, &["build"]),
    };
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(1),
        "{name}: exit code 1 expected\nstderr:\n{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{name} panicked:\n{stderr}");
    for text in expected {
        assert!(
            stderr.contains(text),
            "{name}: stderr lacks {text:?}:\n{stderr}"
        );
    }
    let changed = differences(&before, &snapshot(temp.path()));
    assert!(
        changed.is_empty(),
        "{name}: a failed build changed files on disk: {changed:#?}"
    );
}

macro_rules! bad_case {
    ($name:ident, [$($expected:expr),+ $(,)?]) => {
        bad_case!($name, [$($expected),+], ready, Out::Previous);
    };
    ($name:ident, [$($expected:expr),+ $(,)?], setup: $setup:expr) => {
        bad_case!($name, [$($expected),+], $setup, Out::Previous);
    };
    ($name:ident, [$($expected:expr),+ $(,)?], output: $out:expr) => {
        bad_case!($name, [$($expected),+], ready, $out);
    };
    ($name:ident, [$($expected:expr),+], $setup:expr, $out:expr) => {
        #[test]
        fn $name() {
            run(stringify!($name), &[$($expected),+], $setup, $out);
        }
    };
}

// YAML front matter.
bad_case!(malformed_yaml, ["content/bad.md:2:8", "never closed"]);
bad_case!(
    yaml_tab_indent,
    ["content/bad.md:4:1", "tab is used for indentation"]
);
bad_case!(
    yaml_alias_bomb,
    ["content/bomb.md:2:", "repetition limit exceeded"]
);
bad_case!(
    yaml_deep_nesting,
    ["content/deep.md:4:", "recursion limit exceeded"]
);
bad_case!(non_utf8, ["content/latin1.md:2:", "not valid UTF-8"]);
bad_case!(
    unclosed_fence,
    ["content/open.md:1:", "closing `---` line is missing"]
);
bad_case!(no_front_matter, ["content/plain.md:1:", "no front matter"]);
bad_case!(
    duplicate_keys,
    ["content/dup.md:4:", "duplicate field `title`"]
);
bad_case!(wrong_type_weight, ["content/heavy.md:3:", "expected i64"]);
bad_case!(
    wrong_type_actors,
    [
        "content/timeline/event.md:5:",
        "expected a sequence",
        "write a list"
    ]
);
bad_case!(
    wrong_type_title,
    ["content/list.md:2:", "expected a string"]
);
bad_case!(
    front_matter_is_a_list,
    ["content/list.md:2:", "invalid type: sequence"]
);
bad_case!(
    impossible_date,
    ["content/when.md:3:", "month 13 does not exist"]
);
bad_case!(
    date_not_a_date,
    ["content/when.md:3:", "`yesterday` is not a date"]
);
bad_case!(empty_file, ["content/empty.md:1:", "the file is empty"]);
bad_case!(
    empty_front_matter,
    ["content/blank.md:2:", "front matter is empty"]
);
bad_case!(
    missing_title,
    ["content/untitled.md:2:", "missing field `title`"]
);
bad_case!(
    unknown_field,
    [
        "content/a.md:3:",
        "unknown field `descripton`",
        "did you mean `description`?"
    ]
);
bad_case!(
    bad_status,
    ["content/timeline/event.md:4:", "did you mean `happened`?"]
);

// Files and folders.
bad_case!(huge_file, ["content/huge.md: error:", "pages are limited to 8 MB"], setup: write_huge_page);
bad_case!(symlink_loop, ["content/loop: error:", "loops back"], setup: make_symlink_loop);
bad_case!(dangling_symlink, ["content/ghost.md: error:", "No such file"], setup: make_dangling_symlink);
bad_case!(unreadable_file, ["content/secret.md: error:", "Permission denied"], setup: make_unreadable);

// URLs, slugs and aliases.
bad_case!(
    slug_parent_dir,
    ["content/escape.md:3:", "slug `../../escape`"]
);
bad_case!(slug_absolute, ["content/abs.md:3:", "slug `/etc/passwd`"]);
bad_case!(
    index_md_at_root,
    ["content/index.md:1:", "would replace the home page"]
);
bad_case!(
    url_collision,
    [
        "content/b.md:1:",
        "content/a.md",
        "both produce /b/index.html"
    ]
);
bad_case!(
    url_collision_case,
    [
        "content/page.md:1:",
        "content/other.md produces /Page/index.html",
        "they differ only in case"
    ]
);
bad_case!(
    alias_collision,
    ["content/a.md:3:", "both produce /b/index.html"]
);
bad_case!(bad_alias, ["content/moved.md:3:", "alias `../../x`"]);
bad_case!(
    static_file_clashes_with_page,
    ["static/a: error:", "both a file and a folder"]
);

// Templates and themes.
bad_case!(
    template_syntax_error,
    ["templates/page.html:2:", "template syntax error"]
);
bad_case!(
    template_includes_itself,
    ["templates/page.html: error:", "includes itself"]
);
bad_case!(
    template_extends_missing,
    ["templates/page.html: error:", "extends `nope.html`"]
);
bad_case!(
    template_render_error,
    ["templates/page.html:2:", "while rendering content/a.md"]
);
bad_case!(missing_theme, ["site.toml:3:", "theme `nope` not found"]);
bad_case!(
    missing_template,
    ["content/a.md:3:", "template `nope.html` not found"]
);

// References, citations and links.
bad_case!(
    unknown_citation_source,
    ["content/a.md:4:", "unknown source `nope` in citation"]
);
bad_case!(
    unknown_source_in_front_matter,
    ["content/a.md:3:", "unknown source `nope`"]
);
bad_case!(empty_quote, ["content/a.md:4:", "a quote needs words"]);
bad_case!(
    broken_internal_link,
    ["content/a.md:4:", "no page at `content/nope.md`"]
);
bad_case!(
    broken_anchor,
    ["content/a.md:4:", "has no heading `#nope`", "#real-heading"]
);
bad_case!(
    unknown_actor,
    [
        "content/timeline/event.md:5:",
        "unknown actors reference `putn`",
        "did you mean `putin`?"
    ]
);

// Section schemas.
bad_case!(
    missing_required_field,
    [
        "content/timeline/event.md:2:",
        "missing required field `date`"
    ]
);
bad_case!(
    end_date_before_date,
    [
        "content/timeline/event.md:4:",
        "end_date 2025-12-01 is before date 2025-12-15"
    ]
);

// site.toml.
bad_case!(site_toml_syntax, ["site.toml:1:", "invalid site.toml"]);
bad_case!(
    site_toml_unknown_key,
    ["site.toml:3:", "did you mean `description`?"]
);
bad_case!(
    site_toml_bad_base_url,
    ["site.toml:2:", "not an absolute URL"]
);
bad_case!(
    site_toml_bad_as_of,
    ["site.toml:3:", "day 30 does not exist"]
);
bad_case!(
    site_toml_unknown_schema_field,
    ["site.toml:5:1", "did you mean `status`?"]
);
bad_case!(missing_site_toml, ["site.toml: error:", "could not read"]);

// Output folders that would swallow the sources.
bad_case!(output_dir_is_content, ["site.toml: error:", "refusing to use"], output: Out::Arg("content"));
bad_case!(output_dir_is_site_parent, ["site.toml: error:", "refusing to use"], output: Out::Arg(".."));
bad_case!(output_dir_in_config_is_content, ["site.toml: error:", "refusing to use"], output: Out::Config);

// The source list.
bad_case!(bad_sha256, ["sources.yaml:5:", "not 64 hex digits"]);
bad_case!(
    duplicate_source_ids,
    ["sources.yaml:5:", "source id `wt` is declared twice"]
);
bad_case!(
    sources_yaml_malformed,
    ["sources.yaml:3:", "invalid source list"]
);
bad_case!(
    sources_yaml_unknown_field,
    ["sources.yaml:3:", "did you mean `title`?"]
);
bad_case!(
    sources_yaml_bad_id,
    ["sources.yaml:1:", "source id `has space`"]
);

// Issue 12: templates and exports.
bad_case!(
    override_lacks_block,
    [
        "templates/page.html:2:",
        "templates/page.html (your override of the theme's page.html) has no block `facts` that actor.html fills",
        "{% block facts %}{% endblock facts %}",
    ]
);

// Issue 12: Markdown.
bad_case!(
    repeated_explicit_heading_id,
    ["content/a.md:8:", "heading id `context` is set twice"]
);
bad_case!(
    explicit_heading_id_taken_by_template,
    [
        "content/a.md:6:",
        "heading id `main` is already used by the templates"
    ]
);

// Issue 12: whole values (front matter, dates, site.toml).
bad_case!(
    date_trailing_words,
    [
        "content/timeline/talks.md:3:7",
        "`2025-12-14 to 2025-12-15` is not a date",
        "`end_date:`"
    ]
);
bad_case!(
    site_toml_as_of_trailing_words,
    ["site.toml:3:9", "invalid as_of", "`noon` follows the date"]
);
bad_case!(
    source_date_trailing_words,
    ["sources.yaml:4:9", "`2025-12-15 evening` is not a date"]
);
bad_case!(
    empty_title,
    ["content/notes/untitled.md:2:1", "the title is empty"]
);
bad_case!(
    empty_required_schema_field,
    [
        "content/actors/putin.md:4:1",
        "required field `role` is empty"
    ]
);
bad_case!(
    empty_source_title,
    ["sources.yaml:5:3", "the publisher of source `ap` is empty"]
);
bad_case!(
    duplicate_key_in_extra,
    [
        "content/page.md:7:5",
        "duplicate key `label`",
        "already set above (`label: First`)"
    ]
);
bad_case!(
    duplicate_key_in_sources,
    ["sources.yaml:6:3", "duplicate field `url`"]
);
bad_case!(
    toml_front_matter,
    [
        "content/zola.md:1:1",
        "TOML front matter (`+++`) is not supported",
        "title: Zola page"
    ]
);
bad_case!(
    bracket_value,
    [
        "content/draft.md:2:8",
        "quote it: title: \"[Draft] Berlin talks\""
    ]
);
bad_case!(
    unclosed_quote_line,
    [
        "content/a.md:3:14",
        "the quote `\"` opened here is never closed"
    ]
);
bad_case!(missing_colon, ["content/a.md:4:1", "`weight 3` has no `:`"]);
bad_case!(
    non_utf8_template,
    ["templates/page.html:2:7", "not valid UTF-8"]
);
bad_case!(non_utf8_site_toml, ["site.toml:2:19", "not valid UTF-8"]);

// Issue 12: links.
bad_case!(
    link_to_draft,
    [
        "content/a.md:5:",
        "`content/draft.md` is a draft",
        "--drafts"
    ]
);
bad_case!(
    link_leaves_base_path,
    [
        "content/a.md:5:",
        "leaves the site's base path `/talks/`",
        "@/files/figures.csv"
    ]
);
bad_case!(
    link_to_missing_asset,
    [
        "content/a.md:6:",
        "broken internal link: `@/files/figures-2024.csv` names no file below content/ or static/",
        "did you mean @/files/figures.csv?"
    ]
);
bad_case!(
    relative_link_to_nothing,
    [
        "content/a.md:6:",
        "there is no a/ch05-editions.html",
        "did you mean ../ch05-editions/ (content/ch05-editions.md)?"
    ]
);
bad_case!(
    alias_is_own_url,
    [
        "content/moved.md:5:",
        "alias `/moved/` is this page's own URL"
    ]
);
bad_case!(
    raw_html_anchor_missing,
    ["content/a.md:5:", "no heading `#old-name`", "#new-name"]
);

// Issue 16: serve and output.
// A non-empty folder briefing did not write (no marker, no briefing feed) is
// left byte for byte as it was (`run` compares the whole temp folder).
bad_case!(
    unmarked_output,
    ["refusing to replace", "not written by briefing", "--force"],
    setup: unmark_previous_output
);
bad_case!(
    output_is_a_file,
    ["refusing to use", "it is a file"],
    make_output_a_file,
    Out::Arg("../a-file")
);

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
bad_case!(
    correction_without_text,
    [
        "content/a.md:8:5",
        "the text of correction 2 is empty",
        "text:"
    ]
);
bad_case!(
    correction_bad_date,
    ["content/a.md:5:11", "`2025-12-32` is not a date", "day 32"]
);
bad_case!(
    correction_partial_date,
    [
        "content/a.md:6:5",
        "a correction needs a whole day",
        "date: 2025-12-16"
    ]
);
bad_case!(
    update_unknown_field,
    [
        "content/a.md:6:5",
        "unknown field `txt`",
        "did you mean `text`?"
    ]
);

// Issue 16: editor's workflow.
bad_case!(
    bad_publish_date,
    [
        "content/when.md:3:15",
        "publish_date: `2026-02` is not a whole day"
    ]
);
bad_case!(
    bad_expiry_date,
    ["content/when.md:3:14", "`at noon` follows the date"]
);
bad_case!(
    link_to_future_page,
    [
        "content/a.md:5:5",
        "`content/later.md` is scheduled for 2999-01-01, left out without --future",
        "build with --future"
    ]
);
bad_case!(
    unknown_topic,
    [
        "content/a.md:5:5",
        "unknown term `nato-membersip` in `topics`",
        "did you mean `nato-membership`?"
    ]
);
bad_case!(
    tags_without_taxonomy,
    [
        "content/a.md:4:1",
        "`tags` is not a field",
        "[taxonomies.tags]"
    ]
);

// Issue 13: quotations.
bad_case!(
    quote_space_before_citation,
    [
        "content/a.md:7:21",
        "a space before the citation leaves the quote “a good day” unchecked",
        "[“words”][@source-id]"
    ]
);
bad_case!(
    quote_without_citation,
    [
        "content/a.md:6:1",
        "quote “a good day” has no citation",
        "[“words”][@source-id]"
    ]
);
bad_case!(
    quote_unknown_speaker,
    [
        "content/a.md:6:1",
        "unknown actor `trumpp` as a quote's speaker",
        "did you mean `trump`?"
    ]
);
bad_case!(
    quote_unknown_option,
    [
        "content/a.md:5:16",
        "unknown quote option `own words`",
        "`wording`"
    ]
);
bad_case!(
    quote_options_on_a_citation,
    ["content/a.md:5:19", "belong to a quote's citation"]
);

// Issue 12 follow-ups: values and messages.
bad_case!(
    invisible_title,
    [
        "content/a.md:3:",
        "the title is empty: it holds only invisible characters"
    ]
);
bad_case!(
    site_title_blank,
    ["site.toml:2:9", "`title` in site.toml is empty"]
);
bad_case!(
    ignored_content_bad_glob,
    [
        "site.toml:3:",
        "`notes/[draft` in ignored_content is not a glob pattern",
        "hint: write glob patterns"
    ]
);
bad_case!(
    updated_before_date,
    [
        "content/a.md:4:",
        "updated 2025-11 is before date 2025-12-14"
    ]
);
bad_case!(
    utf16_page,
    ["content/a.md", "the file is UTF-16; save it as UTF-8"]
);
bad_case!(
    leap_second,
    [
        "content/a.md:3:",
        "second 60 (a leap second) is not accepted"
    ]
);
bad_case!(
    as_of_time,
    [
        "site.toml:3:9",
        "invalid as_of",
        "write a full day, YYYY-MM-DD"
    ]
);
bad_case!(
    actor_listed_twice,
    [
        "content/a.md:5:5",
        "`North Atlantic Treaty Organization` and `nato` are the same (nato): it is listed twice in actors"
    ]
);
bad_case!(
    source_listed_twice,
    ["content/a.md:3:15", "`r1` is listed twice in sources"]
);
bad_case!(
    empty_source_id,
    ["sources.yaml:4:3", "the id of source 2 is empty"]
);
bad_case!(
    actor_file_with_slug,
    [
        "content/a.md:3:10",
        "`zz` is the file name of content/actors/zz.md; that page's id is its slug `zed-custom`"
    ]
);
bad_case!(
    alias_differs_in_case,
    [
        "content/about.md:3:12",
        "the alias `/About/` of content/about.md produces /About/index.html and content/about.md produces /about/index.html: they differ only in case"
    ]
);
bad_case!(
    indented_after_number,
    [
        "content/a.md:4:3",
        "`extra: x` is indented under `weight: 1`, so YAML reads it as more of that value"
    ]
);
bad_case!(
    override_without_component,
    [
        "templates/components.html:1:1",
        "templates/components.html (your override of the theme's components.html) has no component `pager` that page.html uses"
    ]
);
bad_case!(
    repeated_complex_key,
    [
        "content/a.md:6:3",
        "duplicate key `a`",
        "already set above (`? a`)"
    ]
);

// Issue 12 follow-ups: links and ids.
bad_case!(
    citation_inside_link_text,
    [
        "content/a.md:5:18",
        "a citation inside link text: move [@wt] after the link"
    ]
);
bad_case!(
    plain_link_to_draft,
    [
        "content/a.md:5:5",
        "broken link `../draft/`: `content/draft.md` is a draft",
        "--drafts"
    ]
);
bad_case!(
    heading_id_written_by_template,
    [
        "content/a.md:7:1",
        "heading id `cite-1` is also written by the template page.html on a/index.html",
        "{#id}"
    ]
);
bad_case!(
    raw_html_id_twice,
    [
        "content/a.md:9:10",
        "id `x` is written twice in this page's HTML"
    ]
);

// Issue 15: shortcodes.
bad_case!(
    unknown_shortcode,
    [
        "content/page.md:7:1",
        "unknown shortcode `calout`",
        "did you mean `callout`?"
    ]
);
bad_case!(
    bad_shortcode_argument,
    [
        "content/page.md:5:32",
        "unknown argument `titel` of shortcode `embed`",
        "did you mean `title`?",
        "content/page.md:5:1",
        "shortcode `embed` needs argument `title`"
    ]
);
bad_case!(
    shortcode_wrong_type,
    [
        "content/page.md:5:12",
        "argument `kind` of shortcode `callout` must be one of",
        "did you mean \"known\"?",
        "content/page.md:9:34",
        "argument `width` of shortcode `figure` must be an integer, not \"10\""
    ]
);
bad_case!(
    hugo_shortcode,
    [
        "content/page.md:7:1",
        "Hugo's shortcode syntax",
        "{{ figure(key=value) }}"
    ]
);
bad_case!(
    unclosed_shortcode,
    [
        "content/page.md:5:1",
        "shortcode `callout` is never closed",
        "{% end %}"
    ]
);
bad_case!(
    block_shortcode_inline,
    [
        "content/page.md:5:8",
        "shortcode `embed` makes a block (`<div>`) and cannot stand inside a paragraph's line of text",
        "on a line of its own"
    ]
);
bad_case!(
    embed_bad_url,
    [
        "content/page.md:5:10",
        "argument `url` of shortcode `embed` must be an absolute http:// or https:// URL, not \"javascript:alert(1)\"",
        "https://",
        "content/page.md:7:38",
        "argument `title` of shortcode `embed` is blank"
    ]
);
// Issue 15: images. The decorative one (`![""](…)`) is fine.
bad_case!(
    image_without_alt,
    [
        "content/page.md:8:1",
        "image `/rule.svg` has no alt text",
        "![\"\"](/rule.svg)",
        "content/page.md:12:15",
        "the alt text of image `/rule.svg` is only quotation marks"
    ]
);
bad_case!(
    svg_not_svg,
    [
        "content/page.md:7:1",
        "cannot read image static/chart.svg as SVG: its first element is not <svg>",
        "save it again"
    ]
);
bad_case!(
    images_duplicate_widths,
    ["site.toml", "[images] widths: 800 is listed twice"]
);
bad_case!(images_blank_sizes, ["site.toml", "[images] sizes is blank"]);
bad_case!(
    missing_internal_image,
    [
        "content/page.md:5:8",
        "broken internal link: `@/img/missing.png` names no file below content/ or static/",
        "static/img/map.png"
    ]
);
bad_case!(
    stray_shortcode_open,
    [
        "content/page.md:5:6",
        "`{%` starts a shortcode but nothing follows it on its line",
        "{%/* … */%}"
    ]
);

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
bad_case!(
    unknown_language_code,
    [
        "content/notes.v2.md",
        "`v2` in `notes.v2.md` is not a language of this site (its languages are en, uk)",
        "notes-v2.md"
    ]
);
bad_case!(
    translation_missing_required_field,
    [
        "content/timeline/event.uk.md:2:1",
        "missing required field `status`"
    ]
);

// Issue 17, quotes in translation: a translated page's quote gives the
// source's exact words (`original “…”`), which the archive check verifies;
// without them it cannot be checked (paraphrase instead).
bad_case!(
    translated_quote_without_original,
    [
        "content/_index.uk.md:5:32",
        "a quote in a translated page needs the source's exact words",
        "paraphrase instead"
    ]
);
bad_case!(
    original_in_default_language,
    [
        "content/about.md:5:18",
        "`original “…”` belongs to a quote in a translated page"
    ]
);

// Theme strings: every language of the site has every key of the theme's
// English strings (all missing keys in one error), and a site sets no key the
// theme does not know.
bad_case!(
    strings_language_without_file,
    [
        "i18n/pt-BR.toml",
        "the theme strings of language `pt-BR` lack",
        "no strings file for it exists",
        "`skip_to_content`",
        "copy themes/default/i18n/en.toml of briefing's built-in theme to i18n/pt-BR.toml and translate it"
    ]
);
bad_case!(
    strings_partial_file,
    [
        "the theme strings of language `de` lack",
        "read i18n/de.toml",
        "`previous`",
        "to i18n/de.toml and translate it"
    ]
);
bad_case!(
    strings_unknown_key,
    [
        "i18n/uk.toml:2:1",
        "unknown theme string `skip_to_contnet` in i18n/uk.toml",
        "did you mean `skip_to_content`?"
    ]
);
bad_case!(
    strings_unknown_key_in_site_toml,
    [
        "site.toml:8:1",
        "unknown theme string `sourses` in [languages.uk.strings] in site.toml",
        "did you mean `sources`?"
    ]
);

// A translation needs its original, and each language its home page.
bad_case!(
    orphan_translation,
    [
        "content/orphan.uk.md:1:1",
        "`orphan.uk.md` translates `orphan.md`, which does not exist",
        "create content/orphan.md in the default language, or fix this file's name"
    ]
);
bad_case!(
    language_without_home,
    [
        "content/_index.uk.md",
        "language `uk` has no home page: content/_index.uk.md does not exist",
        "create content/_index.uk.md"
    ]
);

// site.toml: errors about a language point at its `[languages.X]` header, an
// error about a key inside a table at the key's own line.
bad_case!(
    language_bad_code,
    [
        "site.toml:4:1",
        "`english` is not a language code",
        "2- or 3-letter language code"
    ]
);
bad_case!(
    language_default_with_title,
    ["site.toml:4:1", "`[languages.en]` is the default language"]
);
bad_case!(
    language_case_clash,
    ["site.toml:4:1", "differ only by case"]
);
bad_case!(
    language_without_title,
    [
        "site.toml:4:1",
        "`[languages.uk]` has no `title`",
        "add title = "
    ]
);
bad_case!(
    language_clashes_with_section,
    [
        "site.toml:7:1",
        "clashes with section `uk`: both would be at /uk/"
    ]
);
bad_case!(
    images_quality_zero,
    ["site.toml:6:1", "[images] quality must be 1 to 100, not 0"]
);
bad_case!(
    language_clashes_with_folder,
    [
        "content/uk/page.md:1:1",
        "in a folder named like the language `uk`",
        "rename the folder content/uk/"
    ]
);
bad_case!(
    taxonomy_bad_term,
    [
        "site.toml:9:1",
        "taxonomy `topics` has term `NATO Membership`, which is not a URL segment"
    ]
);
bad_case!(
    section_bad_reference_field,
    ["site.toml:6:1", "declares `author` as a reference field"]
);
bad_case!(
    orphan_translation_of_ignored,
    [
        "content/notes.uk.md:1:1",
        "`notes.uk.md` translates `notes.md`, which ignored_content in site.toml leaves out",
        "add it to ignored_content"
    ]
);
