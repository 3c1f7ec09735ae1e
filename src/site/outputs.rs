//! The output files the site graph claims before anything renders: alias
//! redirects, the index of every known output file, and the check that no
//! two of them collide.

use std::collections::HashMap;

use super::Site;
use crate::diagnostics::Diagnostic;
use crate::urls;

impl Site {
    /// Collects each page's `aliases` as output paths into `self.aliases`; an
    /// alias that is the page's own URL or no valid path is an error.
    pub(super) fn collect_aliases(&mut self, errors: &mut Vec<Diagnostic>) {
        let mut aliases = Vec::new();
        for (id, page) in self.pages.iter().enumerate() {
            for alias in &page.front.aliases {
                match urls::alias_path(alias) {
                    Ok(path) if path == page.url_path => errors.push(
                        Diagnostic::error(format!(
                            "alias `{}` is this page's own URL (/{path})",
                            alias.escape_debug()
                        ))
                        .at(page.value_location("aliases", alias))
                        .hint("remove it: an alias is an old URL that redirects to this page"),
                    ),
                    Ok(path) => aliases.push((path, id)),
                    Err(message) => errors.push(
                        Diagnostic::error(message)
                            .at(page.value_location("aliases", alias))
                            .hint("an alias is the old path of this page below the site, such as /old-name/"),
                    ),
                }
            }
        }
        self.aliases = aliases;
    }

    /// Indexes the output files: each page's output file → its id, and every
    /// file a page, alias or asset writes (for link checks).
    pub(super) fn index_outputs(&mut self) {
        self.page_at = self
            .pages
            .iter()
            .enumerate()
            .map(|(id, page)| (page.output_file(), id))
            .collect();
        self.known_files = self
            .page_at
            .keys()
            .cloned()
            .chain(self.aliases.iter().map(|(path, _)| urls::index_file(path)))
            .chain(self.assets.iter().map(|asset| asset.output.clone()))
            .collect();
    }

    /// Two pages, aliases or assets may not produce the same output file,
    /// even if they differ only by case (case-insensitive hosts would mix them up).
    pub(super) fn check_collisions(&self, errors: &mut Vec<Diagnostic>) {
        let mut seen: HashMap<String, (String, String)> = HashMap::new();
        // `at` is called only for a collision: a location may read the
        // page's file again (a one-shot build keeps no page text).
        let mut claim = |output: String,
                         owner: String,
                         at: &dyn Fn() -> Option<crate::diagnostics::Location>,
                         errors: &mut Vec<Diagnostic>| {
            let key = output.to_lowercase();
            if let Some((first, first_output)) = seen.get(&key) {
                let message = if *first_output == output {
                    format!("{owner} and {first} both produce /{output}")
                } else {
                    format!(
                        "{owner} produces /{output} and {first} produces /{first_output}: they differ only in case, so on a case-insensitive file system (macOS, Windows and many hosts) they are one file and one would overwrite the other"
                    )
                };
                let diagnostic = Diagnostic::error(message)
                    .hint("give one of them a different file name or `slug`, or remove the alias");
                errors.push(match at() {
                    Some(at) => diagnostic.at(at),
                    None => diagnostic.in_file(&owner),
                });
            } else {
                seen.insert(key, (owner, output));
            }
        };
        for page in &self.pages {
            claim(
                urls::index_file(&page.url_path),
                page.display_path.display().to_string(),
                &|| Some(page.start_location()),
                errors,
            );
        }
        for (path, id) in &self.aliases {
            let page = &self.pages[*id];
            let written = page
                .front
                .aliases
                .iter()
                .find(|alias| urls::alias_path(alias).is_ok_and(|p| p == *path));
            let owner = match written {
                Some(alias) => format!("the alias `{alias}` of {}", page.display_path.display()),
                None => format!("an alias of {}", page.display_path.display()),
            };
            let at = || {
                Some(match written {
                    Some(alias) => page.value_location("aliases", alias),
                    None => page.key_location("aliases"),
                })
            };
            claim(urls::index_file(path), owner, &at, errors);
        }
        for asset in &self.assets {
            claim(
                asset.output.clone(),
                asset.source.display().to_string(),
                &|| None,
                errors,
            );
        }
    }
}
