//! Quotation marks in a page's text. Every passage in quotation marks is a
//! quotation, and must be a checked quote (`[“words”][@id]`, which never
//! reaches this scanner: the citation pass takes it whole). What is left is:
//!
//! - a near miss of the quote syntax, a build error: `[“words”] [@id]` (a space
//!   before the citation) or `[“words”]` with no citation;
//! - a passage marked as no quotation, `{“scare quotes”}` or `{“A Title”}`:
//!   the braces are dropped, the marks stay;
//! - any other quotation: a finding (a warning in `build`, an error in
//!   `check --archive` and `check --strict`).
//!
//! The scanner reads the text events of one block at a time (paragraph, list
//! item, heading, table cell): code spans, link URLs, raw HTML and code blocks
//! are no text events, so their quotation marks never count. Double marks
//! (“…”, „…” and „…“, guillemets «…» as Ukrainian, Russian and French write
//! them, and straight "…" when smart punctuation is off) always count;
//! single marks (‘…’) count only as a pair whose opening mark starts a word
//! that is not a digit, so apostrophes (don’t, O’Neill, ’90s, the officials’
//! view) never do. With smart punctuation on, a straight mark left in the text
//! was escaped (`\"`): it is no quotation mark.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

/// Stands for a citation in the joined text of a block.
const CITATION: char = '\u{E000}';
/// Stands for a code span, a checked quote or other inline content.
const OPAQUE: char = '\u{E001}';

/// Whether `tag` starts a block: a block ends the text being scanned.
pub(super) fn is_block(tag: &Tag<'_>) -> bool {
    !matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

/// Whether `tag` ends a block.
pub(super) fn is_block_end(tag: TagEnd) -> bool {
    !matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

/// Whether a heading's attributes hold a quotation mark: `## The {“deal”}`
/// reads as attributes (pulldown-cmark takes braces ending a heading for
/// them), which would drop the words and write a broken attribute.
pub(super) fn attributes_hold_marks(
    classes: &[CowStr<'_>],
    attrs: &[(CowStr<'_>, Option<CowStr<'_>>)],
) -> bool {
    let marked = |text: &str| text.contains(['“', '”', '‘', '’', '„', '«', '»', '"', '\'']);
    classes.iter().any(|c| marked(c))
        || attrs
            .iter()
            .any(|(key, value)| marked(key) || value.as_deref().is_some_and(marked))
}

/// A finding of the scanner, at a byte offset of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Finding {
    /// A near miss of the quote syntax: a build error.
    Error {
        offset: usize,
        message: String,
        hint: String,
    },
    /// A quotation that is not checked: a warning (an error in `check`).
    Unchecked { offset: usize, text: String },
}

/// A block quote being read. One that carries a citation (`> “…” [@id]`,
/// options allowed: `[@id, by trump]`) is a quote of that source: its text,
/// paragraph by paragraph, is checked by `check --archive`, and its own
/// quotation marks are the quoted text's.
#[derive(Debug)]
pub(super) struct BlockQuote {
    /// Index of its start event in the output.
    pub event: usize,
    /// Byte offset of its start in the body.
    pub offset: usize,
    /// How many unchecked quotations the page had when it started.
    pub findings: usize,
    /// Its text so far.
    pub text: String,
    /// The last citation in it: source, options, offset.
    pub cite: Option<(String, super::citations::QuoteOptions, usize)>,
}

impl BlockQuote {
    /// A block quote starting at output event `event` and body offset `offset`,
    /// when the page had `findings` unchecked quotations.
    pub fn new(event: usize, offset: usize, findings: usize) -> BlockQuote {
        BlockQuote {
            event,
            offset,
            findings,
            text: String::new(),
            cite: None,
        }
    }
}

#[derive(Debug)]
struct Segment {
    /// Index of the text event in the output, or the character that stands
    /// for what is not text.
    event: Result<usize, char>,
    /// Where the segment starts in the joined text (set when it is joined).
    joined: usize,
    /// Where it is in the body, and whether its text is the body's verbatim.
    range: Range<usize>,
    verbatim: bool,
}

/// Collects where the text of the block being read is; [`Scanner::finish`]
/// joins and scans it only when some of it may hold a quotation mark.
#[derive(Debug, Default)]
pub(super) struct Scanner {
    /// Smart punctuation is on: a straight mark left in the text was escaped,
    /// and is no quotation mark.
    pub smart: bool,
    /// The block's text, joined when it is scanned (a buffer kept for reuse).
    joined: String,
    segments: Vec<Segment>,
    /// Whether any text of the block holds a byte of a quotation mark.
    marks: bool,
}

/// Whether `text` may hold a quotation mark: `"`, `'`, the lead byte of
/// ‘ ’ “ ” „ (U+2018…U+201E, all E2 80 xx) or of « » (U+00AB, U+00BB: C2 xx).
/// Cheap passes over the bytes.
fn may_hold_marks(text: &str) -> bool {
    // memchr3 scans 16 or 32 bytes a step: this runs over every text byte.
    let bytes = text.as_bytes();
    memchr::memchr3(b'"', b'\'', 0xE2, bytes).is_some() || memchr::memchr(0xC2, bytes).is_some()
}

impl Scanner {
    /// A text event, about to be pushed at `event` of the output.
    pub fn text(&mut self, event: usize, text: &str, range: Range<usize>) {
        self.marks |= may_hold_marks(text);
        self.segments.push(Segment {
            event: Ok(event),
            joined: 0,
            verbatim: range.len() == text.len(),
            range,
        });
    }

    /// Inline content that is not text: `citation` for a citation marker.
    pub fn inline(&mut self, range: Range<usize>, citation: bool) {
        self.stand_in(if citation { CITATION } else { OPAQUE }, range);
    }

    /// A line break inside the block.
    pub fn space(&mut self) {
        self.stand_in(' ', 0..0);
    }

    fn stand_in(&mut self, c: char, range: Range<usize>) {
        self.segments.push(Segment {
            event: Err(c),
            joined: 0,
            verbatim: false,
            range,
        });
    }

    /// Scans the block read so far, drops the braces of `{“…”}` from the
    /// output's text events, and starts a new block.
    pub fn finish(&mut self, out: &mut [Event<'_>], findings: &mut Vec<Finding>) {
        if self.marks {
            self.joined.clear();
            for segment in &mut self.segments {
                segment.joined = self.joined.len();
                match segment.event {
                    Ok(i) => {
                        if let Some(Event::Text(text)) = out.get(i) {
                            self.joined.push_str(text);
                        }
                    }
                    Err(c) => self.joined.push(c),
                }
            }
            let quotations = pairs(&self.joined, self.smart);
            let mut braces = Vec::new();
            for q in quotations {
                self.judge(q, &mut braces, findings);
            }
            for at in braces.into_iter().rev() {
                self.drop_char(at, out);
            }
        }
        self.joined.clear();
        self.segments.clear();
        self.marks = false;
    }

    fn judge(&self, q: Range<usize>, braces: &mut Vec<usize>, findings: &mut Vec<Finding>) {
        let text = &self.joined;
        let before = text[..q.start].chars().next_back();
        let after = text[q.end..].chars().next();
        match (before, after) {
            (Some('{'), Some('}')) => {
                braces.push(q.start - 1);
                braces.push(q.end);
            }
            (Some('['), Some(']')) => {
                let words = &text[q.clone()];
                let rest = text[q.end + 1..].trim_start();
                let offset = self.offset(q.start - 1);
                if rest.starts_with(CITATION) {
                    findings.push(Finding::Error {
                        offset,
                        message: format!("a space before the citation leaves the quote {words} unchecked"),
                        hint: "write the citation right after the closing bracket: [“words”][@source-id]".into(),
                    });
                } else {
                    findings.push(Finding::Error {
                        offset,
                        message: format!("quote {words} has no citation"),
                        hint:
                            "cite its source right after the closing bracket: [“words”][@source-id]"
                                .into(),
                    });
                }
            }
            _ => findings.push(Finding::Unchecked {
                offset: self.offset(q.start),
                text: shorten(&text[q].replace([CITATION, OPAQUE], "…")),
            }),
        }
    }

    /// The segment holding byte `at` of the joined text.
    fn segment(&self, at: usize) -> Option<&Segment> {
        let i = self.segments.partition_point(|s| s.joined <= at);
        i.checked_sub(1).map(|i| &self.segments[i])
    }

    /// The body offset of byte `at` of the joined text.
    fn offset(&self, at: usize) -> usize {
        match self.segment(at) {
            Some(s) if s.verbatim => s.range.start + (at - s.joined),
            Some(s) => s.range.start,
            None => 0,
        }
    }

    /// Removes the one-byte character at `at` of the joined text from its event.
    fn drop_char(&self, at: usize, out: &mut [Event<'_>]) {
        let Some(segment) = self.segment(at) else {
            return;
        };
        let Some(Event::Text(text)) = segment.event.ok().and_then(|i| out.get_mut(i)) else {
            return;
        };
        let local = at - segment.joined;
        if text.get(local..local + 1).is_some() {
            let mut owned = text.to_string();
            owned.remove(local);
            *text = CowStr::from(owned);
        }
    }
}

/// A long quotation as a message shows it: its first 60 characters, “…”,
/// and its closing mark.
fn shorten(text: &str) -> String {
    const KEEP: usize = 60;
    match text.char_indices().nth(KEEP + 10) {
        None => text.to_string(),
        Some(_) => {
            let cut = text.char_indices().nth(KEEP).map_or(text.len(), |(i, _)| i);
            let close = text
                .chars()
                .next_back()
                .filter(|c| matches!(c, '”' | '“' | '»' | '"' | '’' | '\''));
            format!(
                "{}…{}",
                text[..cut].trim_end(),
                close.map(String::from).unwrap_or_default()
            )
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mark {
    Double,
    Single,
    /// « … »
    Guillemet,
}

/// The outermost quotations of `text`: byte ranges from an opening mark to
/// the end of its closing mark. A double mark left open runs to the end.
fn pairs(text: &str, smart: bool) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let mut stack: Vec<(Mark, usize)> = Vec::new();
    // How many marks of each kind the stack holds: every step stays O(1)
    // (amortised), however many marks a block has.
    let mut open = [0usize; 3];
    let mut prev: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let opens_word = prev.is_none_or(opens_before) && next.is_some_and(|n| !n.is_whitespace());
        let ends_word =
            prev.is_some_and(|p| !p.is_whitespace()) && next.is_none_or(|n| !n.is_alphanumeric());
        let open_double = open[Mark::Double as usize] > 0;
        // „…“ (German and others): “ closes a quotation that „ opened.
        let closes_low_nine = c == '“'
            && open_double
            && stack
                .iter()
                .rev()
                .find(|&&(m, _)| m == Mark::Double)
                .is_some_and(|&(_, at)| text[at..].starts_with('„'));
        let action = match c {
            '“' if closes_low_nine => Some((Mark::Double, false)),
            '“' | '„' => Some((Mark::Double, true)),
            '«' => Some((Mark::Guillemet, true)),
            '»' => Some((Mark::Guillemet, false)),
            '”' => Some((Mark::Double, false)),
            '"' if !smart => Some((Mark::Double, !open_double)),
            '‘' if opens_word && !next.is_some_and(|n| n.is_ascii_digit()) => {
                Some((Mark::Single, true))
            }
            '\'' if !smart && opens_word && next.is_some_and(char::is_alphabetic) => {
                Some((Mark::Single, true))
            }
            '’' | '\'' if (c == '’' || !smart) && ends_word => Some((Mark::Single, false)),
            _ => None,
        };
        match action {
            Some((mark, true)) => {
                open[mark as usize] += 1;
                stack.push((mark, i));
            }
            Some((mark, false)) if open[mark as usize] > 0 => {
                if let Some(at) = stack.iter().rposition(|&(m, _)| m == mark) {
                    let start = stack[at].1;
                    for &(m, _) in &stack[at..] {
                        open[m as usize] -= 1;
                    }
                    stack.truncate(at);
                    if stack.is_empty() {
                        found.push(start..i + c.len_utf8());
                    }
                }
            }
            _ => {}
        }
        prev = Some(c);
    }
    // A double mark or guillemet never closed: the quotation runs to the end
    // of the block.
    if let Some(&(_, start)) = stack.iter().find(|&&(m, _)| m != Mark::Single) {
        found.push(start..text.len());
    }
    found
}

/// Whether a quotation mark after `c` opens a quotation.
fn opens_before(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '(' | '[' | '{' | '—' | '–' | '-' | '/' | '“' | '‘' | '«' | '"' | CITATION
        )
}

#[cfg(test)]
mod tests;
