//! Each page's parent section, by id: the nearest section above it, set
//! once the file index of the site graph is built.

use std::collections::HashSet;

use super::Site;
use crate::content::Kind;

impl Site {
    /// Links each page to the nearest section above it (`_index.md` files; a
    /// translation to the nearest translated section, `_index.uk.md`). A
    /// section's parent is in a shorter folder and a home page has none, so
    /// following parents always ends.
    pub(super) fn assign_parents(&mut self) {
        let sections: HashSet<&str> = self
            .pages
            .iter()
            .filter(|p| p.kind == Kind::Section)
            .map(|p| p.file.as_str())
            .collect();
        let mut parents = Vec::with_capacity(self.pages.len());
        for page in &self.pages {
            let mut dir = folder_of(&page.file);
            let index = if page.lang.is_empty() {
                "_index.md".to_string()
            } else {
                format!("_index.{}.md", page.lang)
            };
            if page.kind == Kind::Section {
                if page.file == index {
                    parents.push(None);
                    continue;
                }
                dir = folder_of(dir.trim_end_matches('/'));
            }
            loop {
                let candidate = format!("{dir}{index}");
                if sections.contains(candidate.as_str()) || dir.is_empty() {
                    parents.push(self.by_file.get(&candidate).copied());
                    break;
                }
                dir = folder_of(dir.trim_end_matches('/'));
            }
        }
        for (page, parent) in self.pages.iter_mut().zip(parents) {
            page.parent = parent;
        }
    }
}

/// `a/b/c.md` → `a/b/`; `c.md` → ``.
fn folder_of(file: &str) -> &str {
    match file.rfind('/') {
        Some(i) => &file[..=i],
        None => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_find_folders() {
        assert_eq!(folder_of("a/b/c.md"), "a/b/");
        assert_eq!(folder_of("c.md"), "");
    }

    #[test]
    fn pages_belong_to_the_nearest_section_above_them() {
        let site = crate::site::test_site(
            "title = \"T\"\nbase_url = \"https://example.org/\"\n",
            &[
                ("_index.md", "---\ntitle: Home\n---\n"),
                ("a/_index.md", "---\ntitle: A\n---\n"),
                ("a/b/c.md", "---\ntitle: C\n---\n"),
                ("a/d/_index.md", "---\ntitle: D\n---\n"),
                ("e.md", "---\ntitle: E\n---\n"),
            ],
        );
        let parent = |file: &str| site.pages[site.by_file[file]].parent;
        let id = |file: &str| Some(site.by_file[file]);
        assert_eq!(parent("_index.md"), None);
        assert_eq!(parent("a/_index.md"), id("_index.md"));
        assert_eq!(parent("a/b/c.md"), id("a/_index.md"));
        assert_eq!(parent("a/d/_index.md"), id("a/_index.md"));
        assert_eq!(parent("e.md"), id("_index.md"));
    }
}
