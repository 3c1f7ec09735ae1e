//! `ignored_content` in site.toml: glob patterns of files and folders below
//! `content/` that the build leaves out (Zola's setting of the same name),
//! matched by the `globset` crate against the path relative to `content/`
//! with `/` separators. As in Zola, `*` also matches `/`, so `*.xlsx` leaves
//! out every spreadsheet at any depth; `notes/**` leaves out a folder.

use globset::{Glob, GlobSet, GlobSetBuilder};

/// The compiled patterns; empty by default (nothing left out).
#[derive(Debug, Clone, Default)]
pub struct IgnoredContent {
    patterns: Vec<String>,
    set: GlobSet,
}

impl IgnoredContent {
    /// Compiles `patterns`. Errors: the first pattern `globset` cannot parse,
    /// with its reason (an unclosed `[` or `{`, for example).
    pub fn new(patterns: Vec<String>) -> Result<Self, String> {
        let mut builder = GlobSetBuilder::new();
        for pattern in &patterns {
            let glob = Glob::new(pattern).map_err(|e| {
                format!(
                    "`{pattern}` in ignored_content is not a glob pattern: {}",
                    e.kind()
                )
            })?;
            builder.add(glob);
        }
        let set = builder
            .build()
            .map_err(|e| format!("ignored_content: {e}"))?;
        Ok(IgnoredContent { patterns, set })
    }

    /// True when `relative` (a path below `content/`, `/`-separated, no
    /// leading `/`) is left out. A folder that matches leaves out all it holds.
    pub fn is_ignored(&self, relative: &str) -> bool {
        !self.patterns.is_empty() && self.set.is_match(relative)
    }

    /// [`Self::is_ignored`] for a path below `content/` as the file system
    /// gives it; costs nothing when there are no patterns (the common case,
    /// asked for every file of the site).
    pub fn is_ignored_path(&self, relative: &std::path::Path) -> bool {
        !self.patterns.is_empty() && self.is_ignored(&relative.to_string_lossy().replace('\\', "/"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_files_and_folders_at_any_depth() {
        let ignored = IgnoredContent::new(vec![
            "*.{xlsx,graphml}".into(),
            "notes/**".into(),
            "**/scratch".into(),
        ])
        .unwrap();
        assert!(ignored.is_ignored("data.xlsx"));
        assert!(ignored.is_ignored("explainers/figures/data.xlsx"));
        assert!(ignored.is_ignored("net.graphml"));
        assert!(ignored.is_ignored("notes/todo.md"));
        assert!(ignored.is_ignored("timeline/scratch"));
        assert!(!ignored.is_ignored("notes.md"));
        assert!(!ignored.is_ignored("timeline/berlin.md"));
        assert!(!IgnoredContent::default().is_ignored("anything.md"));
        assert!(ignored.is_ignored_path(std::path::Path::new("notes/todo.md")));
        assert!(!ignored.is_ignored_path(std::path::Path::new("timeline/a.md")));
    }

    #[test]
    fn a_broken_pattern_is_an_error_naming_it() {
        let error = IgnoredContent::new(vec!["ok/*".into(), "bad[".into()]).unwrap_err();
        assert!(error.contains("`bad[`"), "{error}");
    }
}
