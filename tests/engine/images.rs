//! Issue 15, item 4: responsive images. Local raster images of a page
//! (Markdown images and the `figure` shortcode) are resized, written as
//! WebP beside their format and cached; templates get `resize_image`.
//! The test images are made here with the `image` crate (no binary fixture).

use std::path::Path;
use std::time::SystemTime;

use crate::common::*;

/// A `width` × `height` gradient, saved in the format its extension names.
fn write_image(path: &Path, width: u32, height: u32) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    let image = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([
            (255 * x / width.max(1)) as u8,
            (255 * y / height.max(1)) as u8,
            (255 - 255 * x / width.max(1)) as u8,
        ])
    });
    image.save(path).expect("save test image");
}

/// The fixture with its images: a 2000 × 1000 JPEG in content/ and a
/// 300 × 200 PNG in static/.
fn site() -> tempfile::TempDir {
    let site = copy_fixture("images");
    write_image(&site.path().join("content/images/wide.jpg"), 2000, 1000);
    write_image(&site.path().join("static/small.png"), 300, 200);
    site
}

fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("<main>");
    let end = html.find("</main>").expect("</main>") + "</main>".len();
    &html[start..end]
}

fn processed_files(site: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(site.join("public/processed-images"))
        .expect("processed-images/")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

fn cache_times(site: &Path) -> Vec<(String, SystemTime)> {
    let mut times: Vec<(String, SystemTime)> = walkdir::WalkDir::new(site.join(".briefing-cache"))
        .into_iter()
        .map(|e| e.expect("entry"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let modified = e.metadata().expect("metadata").modified().expect("mtime");
            (e.path().display().to_string(), modified)
        })
        .collect();
    times.sort();
    times
}

#[test]
fn pages_get_responsive_markup() {
    let site = site();
    let output = build_ok(site.path(), &[]);
    let html = read(site.path(), "public/gallery/index.html");
    assert_snapshot("images", "gallery.html", main_of(&html));
    // Never upscaled: the 2000-px JPEG up to the largest width, the 300-px
    // PNG at its own width only.
    let files = processed_files(site.path());
    for width in ["480", "800", "1200"] {
        assert!(
            files
                .iter()
                .any(|f| f.starts_with("wide-") && f.ends_with(&format!("-{width}.jpg"))),
            "{files:?}"
        );
        assert!(
            files
                .iter()
                .any(|f| f.starts_with("wide-") && f.ends_with(&format!("-{width}.webp"))),
            "{files:?}"
        );
    }
    let small: Vec<&String> = files.iter().filter(|f| f.starts_with("small-")).collect();
    assert_eq!(small.len(), 2, "{files:?}");
    assert!(small.iter().all(|f| f.contains("-300.")), "{small:?}");
    assert!(
        !files
            .iter()
            .any(|f| f.contains("-1600.") || f.contains("-2000.")),
        "{files:?}"
    );
    // Each file is what its name says, at its width.
    let dims = image::image_dimensions(
        site.path().join("public/processed-images").join(
            files
                .iter()
                .find(|f| f.starts_with("wide-") && f.ends_with("-800.webp"))
                .expect("800 webp"),
        ),
    )
    .expect("decode");
    assert_eq!(dims, (800, 400));
    // The first image is neither lazy nor async; the others are both.
    let first = html.find("<img").expect("an image");
    let first_tag = &html[first..first + html[first..].find('>').expect("end")];
    assert!(!first_tag.contains("loading="), "{first_tag}");
    assert!(!first_tag.contains("decoding="), "{first_tag}");
    let later = html.matches("loading=\"lazy\" decoding=\"async\"").count();
    assert_eq!(later, html.matches("<img").count() - 1, "{html}");
    let summary = format!("{}{}", stdout(&output), stderr(&output));
    assert!(
        summary.contains(" images (4 processed, 0 from the cache)"),
        "{summary}"
    );
}

#[test]
fn a_second_build_takes_every_image_from_the_cache() {
    let site = site();
    build_ok(site.path(), &[]);
    let first_output = tree(&site.path().join("public"));
    let first_cache = cache_times(site.path());
    assert!(!first_cache.is_empty());
    let output = build_ok(site.path(), &[]);
    let message = format!("{}{}", stdout(&output), stderr(&output));
    assert!(
        message.contains("(0 processed, 4 from the cache)"),
        "{message}"
    );
    assert_eq!(
        cache_times(site.path()),
        first_cache,
        "the cache was written again"
    );
    assert_eq!(tree(&site.path().join("public")), first_output);
    // Another setting is another entry: the images are processed again.
    let toml = read(site.path(), "site.toml").replace("[480, 800, 1200]", "[640]");
    std::fs::write(site.path().join("site.toml"), toml).expect("write");
    let output = build_ok(site.path(), &[]);
    let message = format!("{}{}", stdout(&output), stderr(&output));
    assert!(
        message.contains("(2 processed, 2 from the cache)"),
        "{message}"
    );
}

#[test]
fn an_image_that_cannot_be_decoded_names_the_file_and_the_page_line() {
    let site = site();
    std::fs::write(
        site.path().join("content/images/broken.jpg"),
        b"not a JPEG at all",
    )
    .expect("write");
    std::fs::write(
        site.path().join("content/broken.md"),
        "---\ntitle: Broken\n---\n\nText.\n\n![A photo that is not one](@/images/broken.jpg)\n",
    )
    .expect("write");
    let output = briefing(&["build"], site.path());
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{message}");
    assert!(
        message.contains("cannot decode image content/images/broken.jpg"),
        "{message}"
    );
    assert!(message.contains("content/broken.md:7:1"), "{message}");
}

#[test]
fn a_missing_image_is_an_error_at_its_line() {
    let site = site();
    std::fs::write(
        site.path().join("content/missing.md"),
        "---\ntitle: Missing\n---\n\n![A photo nobody saved](/photos/gone.jpg)\n",
    )
    .expect("write");
    let output = briefing(&["build"], site.path());
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{message}");
    assert!(message.contains("content/missing.md:5:1"), "{message}");
    assert!(message.contains("/photos/gone.jpg"), "{message}");
}

#[test]
fn templates_resize_images_like_zola() {
    let site = site();
    build_ok(site.path(), &[]);
    let html = read(site.path(), "public/resized/index.html");
    assert!(html.contains("width=\"200\" height=\"200\""), "{html}");
    assert!(
        html.contains("100×50 of 2000×1000, at processed-images/wide-"),
        "{html}"
    );
    let start = html.find("src=\"").expect("src") + 5;
    let url = &html[start..start + html[start..].find('"').expect("end")];
    let path = url.strip_prefix("https://example.org/").expect("site URL");
    assert!(path.ends_with(".webp"), "{path}");
    let dims = image::image_dimensions(site.path().join("public").join(path)).expect("decode");
    assert_eq!(dims, (200, 200));
}

#[test]
fn serve_re_renders_the_pages_of_an_edited_image() {
    use briefing::BuildOptions;
    use briefing::Session;
    let site = site();
    let mut session = Session::new(BuildOptions {
        root: site.path().to_path_buf(),
        ..BuildOptions::default()
    });
    session.build().expect("build");
    let before = session
        .built()
        .expect("state")
        .plan
        .files
        .keys()
        .filter(|k| k.starts_with("processed-images/small-"))
        .count();
    assert_eq!(before, 2);
    let path = site.path().join("static/small.png");
    write_image(&path, 600, 300);
    let outcome = session.update(&[path]).expect("update");
    assert!(!outcome.full, "an edited image needs no full build");
    assert!(outcome.rendered >= 1, "the gallery shows it");
    let state = session.built().expect("state");
    let page = state
        .render_file("gallery.md")
        .expect("page")
        .expect("renders");
    let html = String::from_utf8(page.bytes).expect("utf-8");
    assert!(html.contains("-480.png 480w"), "{html}");
    assert!(html.contains("width=\"600\" height=\"300\""), "{html}");
    // An image a template resized: a full build (templates' reads of files
    // are not tracked).
    let path = site.path().join("content/images/wide.jpg");
    write_image(&path, 1000, 1000);
    assert!(session.update(&[path]).expect("update").full);
}

#[test]
fn the_cache_may_lie_outside_the_site_root() {
    // A CI system keeps a folder between runs: an absolute cache_dir (or
    // `../`) outside the site is allowed.
    let site = site();
    let cache = tempfile::tempdir().expect("tempdir");
    let folder = cache.path().join("images");
    let toml = read(site.path(), "site.toml").replace(
        "[images]\n",
        &format!("[images]\ncache_dir = {:?}\n", folder.display().to_string()),
    );
    std::fs::write(site.path().join("site.toml"), toml).expect("write");
    build_ok(site.path(), &[]);
    assert!(!site.path().join(".briefing-cache").exists());
    assert!(std::fs::read_dir(&folder).expect("cache folder").count() > 0);
    let output = build_ok(site.path(), &[]);
    let message = format!("{}{}", stdout(&output), stderr(&output));
    assert!(message.contains("0 processed"), "{message}");
}
