//! The contract of a site-wide file (sitemap, feeds, data exports, 404, …):
//! a small value beside its producer that renders the file from the whole
//! site and says which in-place edits can change it. A full build renders
//! every one; an incremental build only those an edit affects. (mdBook's
//! `Preprocessor::supports_renderer` has the same shape: the component says
//! what it depends on, because it is the one that knows.)

use tera::Value;

use super::edit::Edit;
use super::{PageId, Related, Site};
use crate::diagnostics::Result;
use crate::output::OutputFile;

/// What a site-wide file is rendered from. `B` is a page's rendered body and
/// `T` the loaded templates: the site graph names neither (they live in
/// higher layers), so a producer states the ones it reads.
pub struct Inputs<'a, B, T> {
    /// The site graph.
    pub site: &'a Site,
    /// Each page's rendered body, by page id.
    pub bodies: &'a [B],
    /// Each page's related pages (backlinks, neighbours), by page id.
    pub related: &'a [Related],
    /// The templates.
    pub templates: &'a T,
    /// Each page's template value, by page id.
    pub summaries: &'a [Value],
}

/// One site-wide file, or one family of them (a language's copy, a
/// taxonomy's term pages).
pub trait SiteFile<B, T>: Sync {
    /// Its path below the output root; for a family, the pattern of the
    /// paths (`{lang}/atom.xml`).
    #[cfg_attr(
        not(test),
        expect(
            dead_code,
            reason = "names each entry for tests and readers; builds need only the files"
        )
    )]
    fn path(&self) -> &'static str;
    /// The file (or files) for the site as `inputs` hold it; none when the
    /// site has no such file (no `404.html` template, a `static/robots.txt`).
    fn render(&self, inputs: &Inputs<'_, B, T>) -> Result<Vec<OutputFile>>;
    /// Whether it reads the templates or the pages' template values
    /// ([`Inputs::templates`], [`Inputs::summaries`]). A full build renders
    /// those that do not before the values are made, while less is held in
    /// memory; they then see no summaries.
    fn reads_values(&self) -> bool {
        true
    }
    /// Whether `edit`, an in-place edit of some pages, can change the file.
    /// `relations_moved` are the pages whose related pages the edit changed.
    fn affected_by(&self, site: &Site, edit: &Edit, relations_moved: &[PageId]) -> bool;
}

/// The files of a producer that renders at most one (a template's page,
/// none without the template), as [`SiteFile::render`] returns them.
pub fn at_most_one(
    file: Option<std::result::Result<OutputFile, crate::diagnostics::Diagnostic>>,
) -> Result<Vec<OutputFile>> {
    match file {
        Some(file) => Ok(vec![file?]),
        None => Ok(Vec::new()),
    }
}
