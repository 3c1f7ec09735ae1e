//! Follow-ups of issue 12 (links and ids): raw HTML is read by one rule in
//! `build` and `check` (attribute names in any case, comments ignored, every
//! URL attribute), …

use crate::links::{page, run, site};

#[test]
fn build_and_check_read_raw_html_alike() {
    // Anchors: `ID=` counts, an id inside a comment does not.
    let body = "<DIV ID=\"anch4\">x</DIV>\n\n<!-- <a id=\"incomment\"></a> -->\n\n\
                [a](#anch4) [b](@/about.md#anch4)";
    let dir = site(
        "https://example.org/talks/",
        &[("content/about.md", &page("About", body))],
    );
    let (code, err) = run(dir.path(), &["build", "-q"]);
    assert_eq!(code, Some(0), "{err}");
    let (code, err) = run(dir.path(), &["check"]);
    assert_eq!(code, Some(0), "{err}");
    let body = "<!-- <a id=\"incomment\"></a> -->\n\n[b](@/about.md#incomment)";
    let dir = site(
        "https://example.org/talks/",
        &[("content/about.md", &page("About", body))],
    );
    let (code, err) = run(dir.path(), &["build", "-q"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("has no heading `#incomment`"), "{err}");
    assert!(err.contains("content/about.md:7:1"), "{err}");

    // Every URL attribute `check` reads is checked by the build too.
    for (html, url) in [
        (
            "<object data=\"/talks/img/nope2.svg\"></object>",
            "nope2.svg",
        ),
        ("<form action=\"/talks/nope3/\"></form>", "nope3"),
        ("<blockquote cite=\"/talks/nope4/\">q</blockquote>", "nope4"),
        (
            "<link rel=\"preload\" as=\"image\" imagesrcset=\"/talks/img/nope5.png 2x\">",
            "nope5.png",
        ),
    ] {
        let dir = site(
            "https://example.org/talks/",
            &[(
                "content/about.md",
                &page("About", &format!("Text.\n\n{html}")),
            )],
        );
        let (code, err) = run(dir.path(), &["build", "-q"]);
        assert_eq!(code, Some(1), "{html}: {err}");
        assert!(
            err.contains(url) && err.contains("content/about.md:7:"),
            "{html}: {err}"
        );
    }
}
