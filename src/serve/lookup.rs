//! Where a request path leads in the served plan: a file, a redirect to
//! the folder's `/`, nothing, or a path refused because it would leave the
//! site. The path is percent-decoded once and checked with
//! [`urls::is_contained`], so nothing outside the built site can be read.

use crate::output::Plan;
use crate::urls;

/// Where a request path leads in the plan.
#[derive(Debug, PartialEq, Eq)]
pub enum Lookup {
    /// This file of the plan (path below the output root).
    File(String),
    /// `/x` when `/x/index.html` exists: send the browser to `/x/`.
    Redirect(String),
    /// No such file: a 404 (with the site's 404 page, if it has one).
    NotFound,
    /// Not a path below the root (bad percent-encoding, `..`): a 400.
    BadPath,
}

/// Resolves a raw (still percent-encoded) request path against the plan.
pub fn resolve(plan: &Plan, raw_path: &str) -> Lookup {
    let Some(decoded) = urls::percent_decode_exact(raw_path) else {
        return Lookup::BadPath;
    };
    let Some(relative) = decoded.strip_prefix('/') else {
        return Lookup::BadPath;
    };
    if relative.is_empty() {
        return lookup(plan, urls::index_file(""));
    }
    if !urls::is_contained(relative) {
        return Lookup::BadPath;
    }
    if relative.ends_with('/') {
        return lookup(plan, urls::index_file(relative));
    }
    if plan.files.contains_key(relative) {
        return Lookup::File(relative.to_string());
    }
    if plan
        .files
        .contains_key(&urls::index_file(&format!("{relative}/")))
    {
        return Lookup::Redirect(format!("{raw_path}/"));
    }
    Lookup::NotFound
}

fn lookup(plan: &Plan, key: String) -> Lookup {
    if plan.files.contains_key(&key) {
        Lookup::File(key)
    } else {
        Lookup::NotFound
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Contents;

    fn plan() -> Plan {
        let mut plan = Plan::default();
        for path in ["index.html", "a/index.html", "style.css", "a b/index.html"] {
            plan.add(path.into(), Contents::bytes(Vec::new()));
        }
        plan
    }

    #[test]
    fn can_resolve_files_directories_and_redirects() {
        let plan = plan();
        assert_eq!(resolve(&plan, "/"), Lookup::File("index.html".into()));
        assert_eq!(resolve(&plan, "/a/"), Lookup::File("a/index.html".into()));
        assert_eq!(resolve(&plan, "/a"), Lookup::Redirect("/a/".into()));
        assert_eq!(
            resolve(&plan, "/style.css"),
            Lookup::File("style.css".into())
        );
        assert_eq!(
            resolve(&plan, "/a%20b/"),
            Lookup::File("a b/index.html".into())
        );
        assert_eq!(resolve(&plan, "/missing"), Lookup::NotFound);
    }

    #[test]
    fn rejects_paths_that_leave_the_site() {
        let plan = plan();
        for bad in [
            "/../etc/passwd",
            "/a/../index.html",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/",
            "/a%2f..%2findex.html",
            "/..%5cindex.html",
            "/a%00",
            "//etc/passwd",
            "/%ff",
            "relative",
        ] {
            assert_eq!(resolve(&plan, bad), Lookup::BadPath, "{bad}");
        }
        // Decoded once only: a double-encoded dot-dot is a plain (missing) name.
        assert_eq!(resolve(&plan, "/%252e%252e/index.html"), Lookup::NotFound);
    }
}
