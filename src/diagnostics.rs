//! The one error type users see: what went wrong, where (file:line:col with a
//! source snippet) and how to fix it. Every stage reports through [`Diagnostic`],
//! so a YAML typo, a broken link and a template error all render the same way.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label, Severity as ReportSeverity};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, Config as TermConfig};

/// How bad a diagnostic is. Warnings never stop a build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Reported; the build goes on.
    Warning,
    /// The build (or check) fails.
    Error,
}

/// A place in a user's file. Lines and columns are 1-based and count in the
/// original file (front-matter offsets already added).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file, as messages name it.
    pub path: PathBuf,
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1, in characters.
    pub column: usize,
    /// The file's text, kept so the report can show the offending line.
    pub source: Option<Arc<str>>,
}

impl Location {
    /// The location `line`:`column` of `path` (0 is taken as 1), without the
    /// file's text.
    pub fn new(path: impl Into<PathBuf>, line: usize, column: usize) -> Self {
        Location {
            path: path.into(),
            line: line.max(1),
            column: column.max(1),
            source: None,
        }
    }

    /// The location of byte `offset` inside `source`.
    pub fn at_offset(path: impl Into<PathBuf>, source: &Arc<str>, offset: usize) -> Self {
        let (line, column) = line_col(source, offset);
        Location::new(path, line, column).with_source(source.clone())
    }

    /// The same location, with the file's text to show the line from.
    pub fn with_source(mut self, source: Arc<str>) -> Self {
        self.source = Some(source);
        self
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.path.display(), self.line, self.column)
    }
}

/// One message for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// Where, down to the line and column, when known.
    pub location: Option<Location>,
    /// A path without a line (a whole file is wrong, or no line is known).
    pub path: Option<PathBuf>,
    /// How to fix it.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error with `message`, nowhere yet.
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            location: None,
            path: None,
            hint: None,
        }
    }

    /// A warning with `message`, nowhere yet.
    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    /// Places it at `location` (and in its file).
    pub fn at(mut self, location: Location) -> Self {
        self.path = Some(location.path.clone());
        self.location = Some(location);
        self
    }

    /// Places it in the file `path`, with no line.
    pub fn in_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// Adds a hint: how to fix it.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Adds `hint` if there is one, else keeps the hint it has.
    pub fn maybe_hint(mut self, hint: Option<String>) -> Self {
        self.hint = hint.or(self.hint);
        self
    }

    /// The short one-line form: `path:line:col: error: message`.
    pub fn headline(&self) -> String {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match (&self.location, &self.path) {
            (Some(loc), _) => format!("{loc}: {level}: {}", self.message),
            (None, Some(path)) => format!("{}: {level}: {}", path.display(), self.message),
            (None, None) => format!("{level}: {}", self.message),
        }
    }

    /// The full report with a source snippet, optionally in ANSI colour.
    pub fn render(&self, colour: bool) -> String {
        let Some(location) = &self.location else {
            return self.render_without_snippet();
        };
        let Some(source) = &location.source else {
            return self.render_without_snippet();
        };
        let name = location.path.display().to_string();
        let file = SimpleFile::new(name, source.as_ref());
        let offset = offset_of(source, location.line, location.column);
        let end = source[offset..]
            .char_indices()
            .nth(1)
            .map_or(source.len(), |(i, _)| offset + i);
        let severity = match self.severity {
            Severity::Error => ReportSeverity::Error,
            Severity::Warning => ReportSeverity::Warning,
        };
        let mut report = Report::new(severity)
            .with_message(&self.message)
            .with_labels(vec![Label::primary((), offset..end)]);
        if let Some(hint) = &self.hint {
            report = report.with_notes(vec![format!("hint: {hint}")]);
        }
        let config = TermConfig::default();
        let rendered = if colour {
            let mut buffer = term::termcolor::Buffer::ansi();
            let styles = term::Styles::default();
            let mut writer = term::StylesWriter::new(&mut buffer, &styles);
            term::emit_to_write_style(&mut writer, &config, &file, &report)
                .ok()
                .map(|_| String::from_utf8_lossy(buffer.as_slice()).into_owned())
        } else {
            term::emit_into_string(&config, &file, &report).ok()
        };
        rendered.unwrap_or_else(|| self.render_without_snippet())
    }

    fn render_without_snippet(&self) -> String {
        let mut out = self.headline();
        out.push('\n');
        if let Some(hint) = &self.hint {
            out.push_str(&format!("  = hint: {hint}\n"));
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

/// A failed build: one or more errors, reported together, numbered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Errors(pub Vec<Diagnostic>);

impl Errors {
    /// A failure of one diagnostic.
    pub fn one(diagnostic: Diagnostic) -> Self {
        Errors(vec![diagnostic])
    }

    /// `Ok(())` when nothing was collected, else the collected diagnostics
    /// as one error: the end of every stage that gathers all its problems.
    pub fn check(diagnostics: Vec<Diagnostic>) -> std::result::Result<(), Errors> {
        if diagnostics.is_empty() {
            Ok(())
        } else {
            Err(Errors(diagnostics))
        }
    }

    /// The report as the terminal shows it (with ANSI colours when `colour`),
    /// each diagnostic with its source line, then the count when more than one
    /// error.
    pub fn render(&self, colour: bool) -> String {
        let mut out = String::new();
        for diagnostic in &self.0 {
            out.push_str(&diagnostic.render(colour));
            if !out.ends_with('\n') {
                out.push('\n');
            }
        }
        let errors = self
            .0
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        if errors > 1 {
            out.push_str(&format!("{errors} errors\n"));
        }
        out
    }
}

impl fmt::Display for Errors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

impl std::error::Error for Errors {}

impl From<Diagnostic> for Errors {
    fn from(diagnostic: Diagnostic) -> Self {
        Errors::one(diagnostic)
    }
}

/// A result whose error is [`Errors`] unless said otherwise.
pub type Result<T, E = Errors> = std::result::Result<T, E>;

/// An I/O failure, naming the path it happened on.
pub fn io_error(action: &str, path: &Path, error: &std::io::Error) -> Diagnostic {
    Diagnostic::error(format!("could not {action} {}: {error}", path.display())).in_file(path)
}

/// 1-based line and column (in characters) of byte `offset` in `source`.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(source, offset.min(source.len()));
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = source[line_start..offset].chars().count() + 1;
    (line, column)
}

/// Byte offset of a 1-based line and character column, clamped to the text.
pub fn offset_of(source: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match source[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return source.len(),
        }
    }
    let line_text = source[start..].split('\n').next().unwrap_or("");
    let within = line_text
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(line_text.len(), |(i, _)| i);
    start + within
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while index > 0 && !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// The closest candidate to `name`, if one is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|candidate| (strsim::jaro_winkler(name, candidate), candidate))
        .filter(|(score, _)| *score > 0.75)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, candidate)| candidate)
}

/// A "did you mean" hint for serde's `unknown field `x`, expected one of ...`
/// and `unknown variant` messages, shared by site.toml and front matter.
pub fn hint_for_serde_message(message: &str) -> Option<String> {
    let kind = if message.contains("unknown field") {
        "field"
    } else if message.contains("unknown variant") {
        "value"
    } else {
        return None;
    };
    let mut ticks = message.split('`').skip(1).step_by(2);
    let unknown = ticks.next()?;
    let known: Vec<&str> = ticks.collect();
    if known.is_empty() {
        return Some(format!("`{unknown}` is not a known {kind} here"));
    }
    match did_you_mean(unknown, known.iter().copied()) {
        Some(best) => Some(format!("did you mean `{best}`?")),
        None => Some(format!("known {kind}s: {}", known.join(", "))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_map_offsets_to_lines_and_columns() {
        let text = "ab\ncdé\nf";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 4), (2, 2));
        assert_eq!(line_col(text, text.len()), (3, 2));
        assert_eq!(offset_of(text, 2, 3), 5);
        assert_eq!(offset_of(text, 9, 1), text.len());
    }

    #[test]
    fn can_suggest_close_names_only() {
        let known = ["title", "description", "date"];
        assert_eq!(did_you_mean("titel", known), Some("title"));
        assert_eq!(did_you_mean("zzz", known), None);
    }

    #[test]
    fn renders_location_snippet_and_hint() {
        let source: Arc<str> = Arc::from("---\ntitel: x\n---\n");
        let diagnostic = Diagnostic::error("unknown field `titel`")
            .at(Location::new("content/a.md", 2, 1).with_source(source))
            .hint("did you mean `title`?");
        let text = diagnostic.render(false);
        assert!(text.contains("content/a.md:2:1"), "{text}");
        assert!(text.contains("titel: x"), "{text}");
        assert!(text.contains("hint: did you mean `title`?"), "{text}");
    }

    #[test]
    fn can_hint_from_serde_unknown_field_messages() {
        let message = "unknown field `titel`, expected one of `title`, `date`";
        assert_eq!(
            hint_for_serde_message(message).unwrap(),
            "did you mean `title`?"
        );
        let message = "unknown variant `happend`, expected one of `happened`, `reported`";
        assert_eq!(
            hint_for_serde_message(message).unwrap(),
            "did you mean `happened`?"
        );
        assert_eq!(hint_for_serde_message("invalid type: integer"), None);
    }
}
