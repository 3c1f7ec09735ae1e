//! The site graph: pages and sections keyed by file, the relations between them
//! (section membership, actor references, cited sources) stored as indices, and
//! every cross-check that can run before any HTML exists: URL collisions,
//! section schemas, references to actors and sources, aliases.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::config::{Config, SortBy};
use crate::content::{Content, Kind, Page};
use crate::diagnostics::{Diagnostic, Errors, Result};
use crate::sources::Sources;

pub mod edit;
pub mod files;
mod languages;
mod outputs;
mod parents;
mod references;
pub mod relations;

pub use edit::{Edit, EditedBody};
pub use files::{Inputs, SiteFile};
pub use references::actors_field;
pub use relations::{Related, Relations, related};

pub use crate::content::PageId;

/// A page's reference fields (`actors`, …) resolved to pages, by field name.
pub type References = BTreeMap<&'static str, Vec<PageId>>;

/// The whole site in memory.
#[derive(Debug)]
pub struct Site {
    /// The site's settings (`config.toml` and command-line overrides).
    pub config: Config,
    /// Every page and section, indexed by [`PageId`].
    pub pages: Vec<Page>,
    /// A page's file, relative to `content/` (`guides/setup.md`) → its id.
    pub by_file: HashMap<String, PageId>,
    /// The sources pages cite, by id.
    pub sources: Sources,
    /// Section → its pages, in the section's sort order.
    pub section_pages: HashMap<PageId, Vec<PageId>>,
    /// Section → its subsections, by weight then title.
    pub subsections: HashMap<PageId, Vec<PageId>>,
    /// Resolved reference fields: page → field → target pages (in front-matter order).
    pub references: HashMap<PageId, References>,
    /// Alias output paths and the page each redirects to.
    pub aliases: Vec<(String, PageId)>,
    /// Non-Markdown files of `content/` copied next to their pages.
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
    pub strings: std::sync::Arc<crate::strings::Strings>,
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
        let content_dir = config.root.join(crate::layout::CONTENT_DIR);
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
        self.assign_parents();
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
            if let Some(parent) = self.pages[id].parent {
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
        self.url(&self.pages[id].url_path)
    }

    /// Absolute URL of `path`, a path below the site's base URL
    /// (`404.html`, `tags/atom.xml`): with [`Site::permalink`], the only
    /// place that joins the base URL.
    pub fn url(&self, path: &str) -> String {
        // (`concat` sizes the string once; `format!` grows it: this runs
        // several times for every page.)
        [self.config.base_url.as_str(), path].concat()
    }

    /// Root-relative URL of a page (base path included).
    pub fn path(&self, id: PageId) -> String {
        [self.config.base_path.as_str(), &self.pages[id].url_path].concat()
    }

    /// The home page (`content/_index.md`), if the site has one.
    pub fn home(&self) -> Option<PageId> {
        self.by_file.get("_index.md").copied()
    }

    fn link_sections(&mut self) {
        let mut pages_of: HashMap<PageId, Vec<PageId>> = HashMap::new();
        let mut subsections_of: HashMap<PageId, Vec<PageId>> = HashMap::new();
        for (id, page) in self.pages.iter().enumerate() {
            let Some(parent) = page.parent else {
                continue;
            };
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

/// A site for unit tests, built from `site.toml`'s text (`toml`) and
/// `(path, text)` files below `content/`, in a temporary folder.
#[cfg(test)]
pub(crate) fn test_site(toml: &str, files: &[(&str, &str)]) -> Site {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    for (path, text) in files {
        let file = root.join("content").join(path);
        std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
        std::fs::write(file, text).expect("write");
    }
    let overrides = crate::config::Overrides::default();
    let config = Config::parse(root, &root.join("site.toml"), toml, &overrides).expect("config");
    let content = crate::content::load(root, &root.join("content"), false).expect("content");
    let sources = Sources::parse(&root.join("sources.yaml"), "[]").expect("sources");
    Site::new(config, content, sources).expect("site")
}
