//! Diagnostics: errors and warnings that point into a source file.
//!
//! In: a file name, its text, a byte range and a message (plus an optional hint).
//! Out: a rustc-style report with `file:line:column`, the source line and a caret
//! row placed by display width, so it sits right under Chinese text (a Han
//! character is two terminal columns wide):
//!
//! ```text
//! error: unknown key `titel`
//!   --> plan.toml:3:1
//!    |
//!  3 | titel = "工作计划"
//!    | ^^^^^
//!    = help: did you mean `title`?
//! ```

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use unicode_width::UnicodeWidthChar;

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// Where in which file a diagnostic points, resolved to line and column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub file: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// Byte offset of the start in the source (where the editor finds the field).
    pub offset: usize,
    /// The whole source line (without its line break).
    pub source_line: String,
    /// Display-width offset and width of the marked part of `source_line`.
    pub caret_offset: usize,
    pub caret_width: usize,
}

/// One error or warning.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    pub location: Option<Location>,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error without a position (e.g. a file that cannot be read).
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Error, message: message.into(), location: None, help: None }
    }

    /// A warning without a position.
    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(message) }
    }

    /// Points this diagnostic at `range` (byte offsets) of `source`.
    pub fn at(mut self, file: &Path, source: &str, range: Range<usize>) -> Self {
        self.location = Some(locate(file, source, range));
        self
    }

    /// Points at a place found earlier.
    pub fn located(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    /// Points at the start of a file (used when the problem is the whole file).
    pub fn at_file(self, file: &Path, source: &str) -> Self {
        self.at(file, source, 0..0)
    }

    /// Adds the "how to fix it" line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Resolves a byte range of `source` to line, column and caret geometry.
pub fn locate(file: &Path, source: &str, range: Range<usize>) -> Location {
    let start = floor_char_boundary(source, range.start.min(source.len()));
    let end = floor_char_boundary(source, range.end.clamp(start, source.len()));
    let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = source[start..].find('\n').map_or(source.len(), |i| start + i);
    let raw_line = &source[line_start..line_end];
    // Control characters (an escape sequence in a broken file) are shown as �, never
    // sent to the terminal.
    let source_line: String = raw_line
        .trim_end_matches('\r')
        .chars()
        .map(|c| {
            if c == '\t' {
                ' '
            } else if c.is_control() {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect();
    let line = source[..start].matches('\n').count() + 1;
    let before = &source[line_start..start];
    let column = before.chars().count() + 1;
    let marked_end = end.min(line_start + raw_line.trim_end_matches('\r').len()).max(start);
    let caret_offset = display_width(before);
    let caret_width = display_width(&source[start..marked_end]).max(1);
    Location { file: file.to_path_buf(), line, column, offset: start, source_line, caret_offset, caret_width }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Terminal columns `s` takes: 2 for Han characters and full-width punctuation.
pub fn display_width(s: &str) -> usize {
    s.chars().map(|c| if c == '\t' { 1 } else { c.width().unwrap_or(0) }).sum()
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{label}: {}", self.message)?;
        let gutter = self.location.as_ref().map_or(1, |l| l.line.to_string().len());
        let pad = " ".repeat(gutter);
        if let Some(loc) = &self.location {
            writeln!(f, "{pad}--> {}:{}:{}", loc.file.display(), loc.line, loc.column)?;
            if !loc.source_line.is_empty() || loc.caret_offset > 0 {
                writeln!(f, "{pad} |")?;
                writeln!(f, "{} | {}", loc.line, loc.source_line)?;
                writeln!(f, "{pad} | {}{}", " ".repeat(loc.caret_offset), "^".repeat(loc.caret_width))?;
            }
        }
        if let Some(help) = &self.help {
            writeln!(f, "{pad} = help: {help}")?;
        }
        Ok(())
    }
}

/// Every diagnostic of a failed step, errors and warnings together.
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
}

impl From<Diagnostic> for Report {
    fn from(d: Diagnostic) -> Report {
        Report { diagnostics: vec![d] }
    }
}

impl Report {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

/// The closest candidate to `word`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(word, c), *c))
        .filter(|(score, _)| *score > 0.75)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caret_sits_under_chinese_text() {
        let src = "title = \"工作计划\"\ndate = 2023-13-01\n";
        let start = src.find("2023").unwrap();
        let d = Diagnostic::error("bad date").at(Path::new("a.toml"), src, start..start + 10);
        let text = d.to_string();
        assert!(text.contains("--> a.toml:2:8"), "{text}");
        assert!(text.contains("2 | date = 2023-13-01\n  |        ^^^^^^^^^^"), "{text}");

        let src = "title = \"工作计划\" x\n";
        let start = src.find('x').unwrap();
        let loc = locate(Path::new("a.toml"), src, start..start + 1);
        // `title = "` is 9 columns, 工作计划 8, the quote and space 2.
        assert_eq!(loc.caret_offset, 19);
        assert_eq!(loc.column, 16);
    }

    #[test]
    fn suggestions_only_for_near_misses() {
        let keys = ["title", "subtitle", "section", "schedule"];
        assert_eq!(did_you_mean("titel", &keys), Some("title"));
        assert_eq!(did_you_mean("sections", &keys), Some("section"));
        assert_eq!(did_you_mean("zzz", &keys), None);
    }
}
