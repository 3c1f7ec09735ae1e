//! A page's versions in the site's languages, and what a translated section
//! lists.

use std::collections::HashMap;

use super::{PageId, Site};
use crate::content::Page;

impl Site {
    /// Groups each page with its translations (multilingual sites only).
    pub(super) fn link_translations(&mut self) {
        self.translations.clear();
        if !self.config.is_multilingual() {
            return;
        }
        let order: Vec<&str> = self.config.language_codes().collect();
        let rank = |page: &Page| {
            if page.lang.is_empty() {
                0
            } else {
                order
                    .iter()
                    .position(|c| *c == page.lang)
                    .unwrap_or(order.len())
            }
        };
        let mut groups: HashMap<String, Vec<PageId>> = HashMap::new();
        for (id, page) in self.pages.iter().enumerate() {
            groups
                .entry(page.original_file().into_owned())
                .or_default()
                .push(id);
        }
        for list in groups.values_mut() {
            list.sort_by_key(|&id| rank(&self.pages[id]));
        }
        self.translations = groups;
    }

    /// The versions of page `id` in every language (itself included), in
    /// the site's language order; empty for a site in one language.
    pub fn versions(&self, id: PageId) -> &[PageId] {
        if self.translations.is_empty() {
            return &[];
        }
        self.translations
            .get(self.pages[id].original_file().as_ref())
            .map_or(&[], Vec::as_slice)
    }

    /// The version of page `id` in language `lang` (empty: the default), if any.
    pub fn version_in(&self, id: PageId, lang: &str) -> Option<PageId> {
        if self.pages[id].lang == lang {
            return Some(id);
        }
        self.versions(id)
            .iter()
            .copied()
            .find(|&v| self.pages[v].lang == lang)
    }

    /// The language code of page `id` (the site's default for an original).
    pub fn lang_of(&self, id: PageId) -> &str {
        let lang = &self.pages[id].lang;
        if lang.is_empty() {
            &self.config.language
        } else {
            lang
        }
    }

    /// The pages (or, with `subsections`, the subsections) a section lists.
    /// A translated section (issue 17) lists its original's, each in the
    /// section's language where it is translated and in the default
    /// language where it is not, then translations with no original.
    pub fn listing(&self, id: PageId, subsections: bool) -> std::borrow::Cow<'_, [PageId]> {
        use std::borrow::Cow;
        let of = |section: PageId| {
            if subsections {
                self.subsections.get(&section)
            } else {
                self.section_pages.get(&section)
            }
        };
        let own = of(id).map_or(&[][..], Vec::as_slice);
        let lang = &self.pages[id].lang;
        if lang.is_empty() {
            return Cow::Borrowed(own);
        }
        let Some(original) = self.version_in(id, "") else {
            return Cow::Borrowed(own);
        };
        let originals = of(original).map_or(&[][..], Vec::as_slice);
        let mut list: Vec<PageId> = originals
            .iter()
            .map(|&p| self.version_in(p, lang).unwrap_or(p))
            .collect();
        for &p in own {
            if !list.contains(&p) {
                list.push(p);
            }
        }
        Cow::Owned(list)
    }

    /// The home page in language `lang` (empty: the default).
    pub fn home_in(&self, lang: &str) -> Option<PageId> {
        if lang.is_empty() {
            return self.home();
        }
        self.by_file.get(&format!("_index.{lang}.md")).copied()
    }
}
