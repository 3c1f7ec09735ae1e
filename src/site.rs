//! The site graph: pages and sections keyed by file, the relations between them
//! (section membership, actor references, cited sources) stored as indices, and
//! every cross-check that can run before any HTML exists: URL collisions,
//! section schemas, references to actors and sources, aliases.

use std::collections::{BTreeMap, HashMap, HashSet};

use rayon::prelude::*;

use crate::config::{Config, REFERENCE_FIELDS, SortBy};
use crate::content::{Content, Kind, Page};
use crate::diagnostics::{Diagnostic, Errors, Result, did_you_mean};
use crate::sources::Sources;
use crate::urls;

pub type PageId = usize;

/// A page's reference fields (`actors`, …) resolved to pages, by field name.
pub type References = BTreeMap<&'static str, Vec<PageId>>;

/// The whole site in memory.
#[derive(Debug)]
pub struct Site {
    pub config: Config,
    pub pages: Vec<Page>,
    pub by_file: HashMap<String, PageId>,
    pub sources: Sources,
    /// Section → its pages, in the section's sort order.
    pub section_pages: HashMap<PageId, Vec<PageId>>,
    /// Section → its subsections, by weight then title.
    pub subsections: HashMap<PageId, Vec<PageId>>,
    /// Resolved reference fields: page → field → target pages (in front-matter order).
    pub references: HashMap<PageId, References>,
    /// Alias output paths and the page each redirects to.
    pub aliases: Vec<(String, PageId)>,
    pub assets: Vec<crate::content::Asset>,
    /// Ids the templates write themselves, which heading ids must avoid
    /// (set once the templates are loaded).
    pub reserved_ids: std::collections::HashSet<String>,
    /// Non-Markdown files of `content/` (`files/figures.csv`) → their output path.
    pub asset_files: HashMap<String, String>,
    /// The other way: output path → file of `content/`.
    pub asset_sources: HashMap<String, String>,
    /// Drafts left out of this build (files below `content/`).
    pub drafts: HashSet<String>,
    /// Pages left out for their publication window → why (see [`crate::schedule`]).
    pub scheduled: HashMap<String, String>,
    /// The configured taxonomies and their used terms (see [`crate::taxonomy`]).
    pub taxonomies: Vec<crate::taxonomy::Taxonomy>,
    /// The output file a draft left out would have (`drafty/index.html`) → its file.
    pub draft_at: HashMap<String, String>,
    /// Output file of each page (`a/b/index.html`) → the page.
    /// (FxHash: looked up for every link of every page, where SipHash showed.)
    pub page_at: rustc_hash::FxHashMap<String, PageId>,
    /// Every output file known before the output is assembled: pages, alias
    /// redirects and the files of `content/`.
    pub known_files: rustc_hash::FxHashSet<String>,
    /// The shortcode templates (set once the templates are loaded).
    pub shortcodes: std::sync::Arc<crate::shortcodes::Shortcodes>,
    /// Issue 17: the default-language file (`about.md`) → every version of
    /// it (the page and its translations), in the site's language order.
    /// Empty for a site in one language.
    pub translations: HashMap<String, Vec<PageId>>,
    /// The theme strings, for what page bodies write in their language (a
    /// translated quote's label); loaded with the templates, multilingual sites only.
    pub strings: std::sync::Arc<crate::templates::Strings>,
    /// The image processor and its cache (see [`crate::images`]).
    pub images: std::sync::Arc<crate::images::Images>,
}

impl Site {
    /// Builds the graph and runs every cross-check; all errors are reported together.
    pub fn new(config: Config, content: Content, sources: Sources) -> Result<Site> {
        let Content {
            mut pages,
            assets,
            drafts,
            scheduled,
            draft_outputs,
        } = content;
        pages.sort_by(|a, b| a.file.cmp(&b.file));
        let content_dir = config.root.join("content");
        let asset_files = assets
            .iter()
            .filter_map(|asset| {
                let file = asset.source.strip_prefix(&content_dir).ok()?.to_str()?;
                Some((file.replace('\\', "/"), asset.output.clone()))
            })
            .collect::<HashMap<String, String>>();
        let asset_sources = asset_files
            .iter()
            .map(|(file, output)| (output.clone(), file.clone()))
            .collect();
        let images = std::sync::Arc::new(crate::images::Images::new(
            config.images.clone(),
            config.image_cache.clone(),
            false,
        ));
        let mut site = Site {
            config,
            pages,
            by_file: HashMap::new(),
            sources,
            section_pages: HashMap::new(),
            subsections: HashMap::new(),
            references: HashMap::new(),
            aliases: Vec::new(),
            assets,
            reserved_ids: Default::default(),
            shortcodes: Default::default(),
            images,
            asset_files,
            asset_sources,
            draft_at: draft_outputs
                .into_iter()
                .zip(drafts.iter().cloned())
                .collect(),
            drafts: drafts.into_iter().collect(),
            scheduled: scheduled.into_iter().collect(),
            taxonomies: Vec::new(),
            page_at: Default::default(),
            known_files: Default::default(),
            translations: HashMap::new(),
            strings: Default::default(),
        };
        site.refresh()?;
        Ok(site)
    }

    /// Recomputes every relation and re-runs every cross-check, after pages
    /// were replaced. Errors leave the relations of the failed state.
    pub fn refresh(&mut self) -> Result<()> {
        self.by_file = self
            .pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.file.clone(), i))
            .collect();
        self.link_translations();
        let mut errors = self.relink_checked();
        self.classify(&mut errors);
        self.collect_aliases(&mut errors);
        self.check_collisions(&mut errors);
        self.index_outputs();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Errors(errors))
        }
    }

    /// Recomputes the relations and re-runs the checks that front matter can
    /// break, after the front matter of `changed` pages changed in place (same
    /// files, kinds, URLs, parents and aliases, so the file index, aliases and
    /// URL collisions still hold): re-sorts the sections holding them and
    /// checks them. The rest of the site passed its checks before, and
    /// nothing it is checked against changed.
    pub fn relink_pages(&mut self, changed: &[PageId]) -> Result<()> {
        if changed.is_empty() {
            return Ok(());
        }
        let mut sections = std::collections::BTreeSet::new();
        for &id in changed {
            if let Some(&parent) = self.by_file.get(&self.pages[id].parent)
                && parent != id
            {
                sections.insert(parent);
            }
        }
        for section in sections {
            let sort_by = self
                .config
                .section_schema(&self.pages[section].section_name_for_children())
                .sort_by;
            if let Some(list) = self.section_pages.get_mut(&section) {
                sort_pages(&self.pages, list, sort_by);
            }
            if let Some(list) = self.subsections.get_mut(&section) {
                sort_pages(&self.pages, list, SortBy::Weight);
            }
        }
        let mut errors = Vec::new();
        self.classify(&mut errors);
        let slugs = self.slug_index();
        let resolved: Vec<_> = changed
            .iter()
            .map(|&id| {
                self.check_schema(id, &mut errors);
                let resolved = self.resolve_page_references(id, &slugs, &mut errors);
                self.check_page_sources(id, &mut errors);
                (id, resolved)
            })
            .collect();
        drop(slugs);
        for (id, resolved) in resolved {
            if resolved.is_empty() {
                self.references.remove(&id);
            } else {
                self.references.insert(id, resolved);
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Errors(errors))
        }
    }

    /// Groups each page with its translations (multilingual sites only).
    fn link_translations(&mut self) {
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

    /// Recomputes the taxonomies: one pass over the pages' terms.
    fn classify(&mut self, errors: &mut Vec<Diagnostic>) {
        let (taxonomies, found) = crate::taxonomy::build(&self.config, &self.pages);
        self.taxonomies = taxonomies;
        errors.extend(found);
    }

    fn relink_checked(&mut self) -> Vec<Diagnostic> {
        let mut errors = Vec::new();
        self.link_sections();
        self.check_schemas(&mut errors);
        self.resolve_references(&mut errors);
        self.check_sources(&mut errors);
        errors
    }

    /// Absolute URL of a page.
    pub fn permalink(&self, id: PageId) -> String {
        format!("{}{}", self.config.base_url, self.pages[id].url_path)
    }

    /// Root-relative URL of a page (base path included).
    pub fn path(&self, id: PageId) -> String {
        format!("{}{}", self.config.base_path, self.pages[id].url_path)
    }

    pub fn home(&self) -> Option<PageId> {
        self.by_file.get("_index.md").copied()
    }

    fn link_sections(&mut self) {
        let mut pages_of: HashMap<PageId, Vec<PageId>> = HashMap::new();
        let mut subsections_of: HashMap<PageId, Vec<PageId>> = HashMap::new();
        for (id, page) in self.pages.iter().enumerate() {
            let Some(&parent) = self.by_file.get(&page.parent) else {
                continue;
            };
            if id == parent {
                continue;
            }
            match page.kind {
                Kind::Page => pages_of.entry(parent).or_default().push(id),
                Kind::Section => subsections_of.entry(parent).or_default().push(id),
            }
        }
        for (section, list) in pages_of.iter_mut() {
            let sort_by = self
                .config
                .section_schema(&self.pages[*section].section_name_for_children())
                .sort_by;
            sort_pages(&self.pages, list, sort_by);
        }
        for list in subsections_of.values_mut() {
            sort_pages(&self.pages, list, SortBy::Weight);
        }
        self.section_pages = pages_of;
        self.subsections = subsections_of;
    }

    fn check_schemas(&self, errors: &mut Vec<Diagnostic>) {
        for id in 0..self.pages.len() {
            self.check_schema(id, errors);
        }
    }

    fn check_schema(&self, id: PageId, errors: &mut Vec<Diagnostic>) {
        let page = &self.pages[id];
        if page.kind != Kind::Page {
            return;
        }
        let schema = self.config.section_schema(&page.section_name);
        for field in &schema.required {
            if !page.front.has(field) {
                // Written but empty (`name: ""`, `name: ~`, `actors: []`): at its line.
                let (what, at) = match page.written_key_location(field) {
                    Some(at) => (format!("required field `{field}` is empty"), at),
                    None => (
                        format!("missing required field `{field}`"),
                        page.key_location("title"),
                    ),
                };
                errors.push(
                    Diagnostic::error(format!(
                        "{what} (pages in `{}/` must have it)",
                        page.section_name
                    ))
                    .at(at)
                    .hint(format!(
                        "add `{field}: ...` to the front matter; see [sections.{}] in site.toml",
                        page.section_name
                    )),
                );
            }
        }
        // A date as written, with its time of day when it has one.
        let show = |d: crate::dates::PartialDate| match d.time {
            Some(time) => format!("{d} {time}"),
            None => d.to_string(),
        };
        if let (Some(start), Some(end)) = (page.front.date, page.front.end_date)
            && end.is_before(&start)
        {
            errors.push(
                Diagnostic::error(format!("end_date {} is before date {}", show(end), show(start)))
                    .at(page.key_location("end_date"))
                    .hint("a period runs from `date` to `end_date`; each is compared at its precision (end_date 2025 covers the whole year)"),
            );
        }
        // An article is updated after it is published; an event's `date` is
        // the event's, which says nothing about when its page changed.
        if let (Some(published), Some(updated)) = (page.front.date, page.front.updated)
            && !crate::events::is_event(&page.front)
            && updated.is_before(&published)
        {
            errors.push(
                Diagnostic::error(format!(
                    "updated {} is before date {}: a page is updated after it is published",
                    show(updated),
                    show(published)
                ))
                .at(page.key_location("updated"))
                .hint("`date` is when the page was published and `updated` when it last changed; fix whichever is wrong"),
            );
        }
    }

    /// (language, section, slug) → page, for resolving references.
    fn slug_index(&self) -> HashMap<(&str, &str, &str), PageId> {
        self.pages
            .iter()
            .enumerate()
            .filter(|(_, page)| page.kind == Kind::Page)
            .map(|(id, page)| {
                (
                    (
                        page.lang.as_str(),
                        page.section_name.as_str(),
                        page.slug.as_str(),
                    ),
                    id,
                )
            })
            .collect()
    }

    fn resolve_references(&mut self, errors: &mut Vec<Diagnostic>) {
        let slugs = self.slug_index();
        // In parallel (display names are slugified); errors stay in page order.
        let resolved: Vec<(PageId, References, Vec<Diagnostic>)> = (0..self.pages.len())
            .into_par_iter()
            .map(|id| {
                let mut page_errors = Vec::new();
                let fields = self.resolve_page_references(id, &slugs, &mut page_errors);
                (id, fields, page_errors)
            })
            .collect();
        let mut references: HashMap<PageId, References> = HashMap::new();
        for (id, fields, page_errors) in resolved {
            errors.extend(page_errors);
            if !fields.is_empty() {
                references.insert(id, fields);
            }
        }
        self.references = references;
    }

    /// Page `id`'s reference fields that list anything, resolved to pages.
    fn resolve_page_references(
        &self,
        id: PageId,
        slugs: &HashMap<(&str, &str, &str), PageId>,
        errors: &mut Vec<Diagnostic>,
    ) -> References {
        let page = &self.pages[id];
        let mut fields = BTreeMap::new();
        for &field in REFERENCE_FIELDS {
            let ids = match field {
                "actors" => &page.front.actors,
                _ => continue,
            };
            if ids.is_empty() {
                continue;
            }
            let target = self.config.reference_target(&page.section_name, field);
            // The target in the page's language, else in the default one
            // (issue 17: the page then says the profile is not translated).
            let lang = page.lang.as_str();
            let lookup = |slug: &str| {
                slugs
                    .get(&(lang, target.as_str(), slug))
                    .or_else(|| {
                        (!lang.is_empty())
                            .then(|| slugs.get(&("", target.as_str(), slug)))
                            .flatten()
                    })
                    .copied()
            };
            let mut resolved = Vec::new();
            let mut written: Vec<&str> = Vec::new();
            for reference in ids {
                written.push(reference);
                // An id, or a display name whose slug is the id ("Bela Novak" → bela-novak).
                // Or the display name (`name`, else `title`) of a page of the target section.
                let by_name = || {
                    self.page_named(&target, reference, lang).or_else(|| {
                        (!lang.is_empty())
                            .then(|| self.page_named(&target, reference, ""))
                            .flatten()
                    })
                };
                match lookup(reference)
                    .or_else(|| lookup(&slug::slugify(reference)))
                    .or_else(by_name)
                {
                    Some(target_id) => {
                        if let Some(first) = resolved.iter().position(|&r| r == target_id) {
                            errors.push(listed_twice(
                                page,
                                field,
                                &written,
                                first,
                                &self.pages[target_id].slug,
                            ));
                            continue;
                        }
                        resolved.push(target_id);
                    }
                    None => {
                        if let Some((file, slug)) = self.page_with_stem(&target, reference) {
                            errors.push(
                                Diagnostic::error(format!("unknown {field} reference `{reference}`: `{reference}` is the file name of content/{file}; that page's id is its slug `{slug}`"))
                                    .at(page.value_location(field, reference))
                                    .hint(format!("write `{slug}`: a reference names a page by its slug (its file name unless `slug:` sets one)")),
                            );
                            continue;
                        }
                        let known = slugs
                            .keys()
                            .filter(|(l, section, _)| *section == target && l.is_empty())
                            .map(|(_, _, slug)| *slug);
                        let hint = match did_you_mean(reference, known) {
                            Some(best) => format!("did you mean `{best}`?"),
                            None => {
                                format!("create content/{target}/{reference}.md or fix the id")
                            }
                        };
                        errors.push(
                            Diagnostic::error(format!("unknown {field} reference `{reference}`: no page `content/{target}/{reference}.md`"))
                                .at(page.value_location(field, reference))
                                .hint(hint),
                        );
                    }
                }
            }
            fields.insert(field, resolved);
        }
        fields
    }

    /// The file and slug of the page of `section` whose file name (without
    /// `.md`) is `stem` but whose `slug:` differs, for the error that names it.
    fn page_with_stem(&self, section: &str, stem: &str) -> Option<(&str, &str)> {
        self.pages
            .iter()
            .find(|page| {
                page.kind == Kind::Page
                    && page.section_name == section
                    && page.lang.is_empty()
                    && page.file.rsplit('/').next() == Some(&format!("{stem}.md"))
            })
            .map(|page| (page.file.as_str(), page.slug.as_str()))
    }

    /// The page of `section` whose display name (`name`, else `title`) is
    /// `name`, ignoring case; a linear scan, only for references no slug matches.
    fn page_named(&self, section: &str, name: &str, lang: &str) -> Option<PageId> {
        self.pages.iter().position(|page| {
            page.kind == Kind::Page
                && page.section_name == section
                && page.lang == lang
                && page.display_name().eq_ignore_ascii_case(name.trim())
        })
    }

    /// Whether any page's reference field names one of `names` (display names,
    /// ignoring case): then changing a page's display name can change what
    /// other pages' references resolve to, which only a full build re-checks.
    pub fn referenced_by_name(&self, names: &[&str]) -> bool {
        self.pages.iter().any(|page| {
            page.front.actors.iter().any(|reference| {
                names
                    .iter()
                    .any(|name| reference.trim().eq_ignore_ascii_case(name.trim()))
            })
        })
    }

    fn check_sources(&self, errors: &mut Vec<Diagnostic>) {
        for id in 0..self.pages.len() {
            self.check_page_sources(id, errors);
        }
    }

    fn check_page_sources(&self, id: PageId, errors: &mut Vec<Diagnostic>) {
        let page = &self.pages[id];
        let written: Vec<&str> = page.front.sources.iter().map(String::as_str).collect();
        for (n, source) in page.front.sources.iter().enumerate() {
            if let Some(first) = written[..n].iter().position(|s| s == source) {
                errors.push(listed_twice(page, "sources", &written[..=n], first, source));
                continue;
            }
            if self.sources.get(source).is_none() {
                let hint = match did_you_mean(source, self.sources.ids()) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => format!(
                        "add an entry with `id: {source}` to {}",
                        self.config.sources_file.display()
                    ),
                };
                errors.push(
                    Diagnostic::error(format!("unknown source `{source}`"))
                        .at(page.value_location("sources", source))
                        .hint(hint),
                );
            }
        }
    }

    fn collect_aliases(&mut self, errors: &mut Vec<Diagnostic>) {
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

    fn index_outputs(&mut self) {
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
    fn check_collisions(&self, errors: &mut Vec<Diagnostic>) {
        let mut seen: HashMap<String, (String, String)> = HashMap::new();
        let mut claim = |output: String,
                         owner: String,
                         at: Option<crate::diagnostics::Location>,
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
                errors.push(match at {
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
                Some(page.start_location()),
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
            let (owner, at) = match written {
                Some(alias) => (
                    format!("the alias `{alias}` of {}", page.display_path.display()),
                    page.value_location("aliases", alias),
                ),
                None => (
                    format!("an alias of {}", page.display_path.display()),
                    page.key_location("aliases"),
                ),
            };
            claim(urls::index_file(path), owner, Some(at), errors);
        }
        for asset in &self.assets {
            claim(
                asset.output.clone(),
                asset.source.display().to_string(),
                None,
                errors,
            );
        }
    }
}

impl Page {
    /// The name a reference may use for this page: `name`, else `title`.
    pub fn display_name(&self) -> &str {
        self.front
            .name
            .as_deref()
            .unwrap_or(&self.front.title)
            .trim()
    }

    /// The schema name that applies to this section's own pages.
    pub fn section_name_for_children(&self) -> String {
        match self.file.rsplit_once('/') {
            Some((dir, _)) => dir.split('/').next().unwrap_or("").to_string(),
            None => String::new(),
        }
    }
}

/// The error for the last of `written` (references in `field`), which names
/// the same target (`id`) as `written[first]`: at its own place in the list.
fn listed_twice(page: &Page, field: &str, written: &[&str], first: usize, id: &str) -> Diagnostic {
    let Some((&again, earlier)) = written.split_last() else {
        return Diagnostic::error(format!("`{id}` is listed twice in {field}"));
    };
    let nth = earlier.iter().filter(|&&w| w == again).count();
    let at = crate::frontmatter::nth_value_location(
        &page.display_path,
        &page.source,
        &page.split(),
        field,
        again,
        nth,
    );
    let message = if earlier[first] == again {
        format!("`{again}` is listed twice in {field}")
    } else {
        format!(
            "`{again}` and `{}` are the same ({id}): it is listed twice in {field}",
            earlier[first]
        )
    };
    Diagnostic::error(message)
        .at(at)
        .hint("remove one of them: each is listed once")
}

/// Sorts page ids by a section's order; ties break on title, then file, so the
/// order never depends on the file system.
pub fn sort_pages(pages: &[Page], list: &mut [PageId], sort_by: SortBy) {
    list.sort_by(|&a, &b| {
        let (pa, pb) = (&pages[a], &pages[b]);
        let primary = match sort_by {
            SortBy::Date => pa
                .front
                .date
                .map(|d| d.date)
                .cmp(&pb.front.date.map(|d| d.date)),
            SortBy::DateDesc => pb
                .front
                .date
                .map(|d| d.date)
                .cmp(&pa.front.date.map(|d| d.date)),
            SortBy::Weight => crate::events::weight_order(pa.front.weight, pb.front.weight),
            SortBy::Title => std::cmp::Ordering::Equal,
        };
        let same_date = || match sort_by {
            SortBy::Date | SortBy::DateDesc => crate::events::same_day_order(&pa.front, &pb.front),
            _ => crate::events::title_order(&pa.front.title, &pb.front.title),
        };
        primary
            .then_with(same_date)
            .then_with(|| pa.file.cmp(&pb.file))
    });
}
