//! Import: last year's Word file or a pasted text → wengao TOML.
//!
//! In: the bytes of a `.docx`, `.md` or `.txt` file (UTF-8, GB18030/GBK or UTF-16:
//! [`crate::text::decode_any`]). Out: TOML in the input format that builds to the same document,
//! with the numbers recomputed, commented where a rule had to guess, and a
//! [`Summary`] of what was found and of the lines that fit nowhere.
//!
//! The stages: [`docx`] or [`lines`] read the file into [`Line`]s; half-width
//! punctuation between Chinese characters becomes full-width; [`recognize`] finds
//! the structure (with [`closing`] for the 附件, 落款 and date, [`frame`] for a 公文's
//! 版头 and 版记); [`write`] writes the
//! TOML. Rules only — no network, no model. `wengao import` writes the TOML next to
//! the input (never over a file); `wengao build` and `collect` import `.docx` files
//! of a folder in memory ([`load`]).

pub mod body;
pub mod classify;
pub mod closing;
pub mod command;
pub mod docx;
pub mod frame;
pub mod gongwen;
pub mod levels;
pub mod lines;
pub mod notes;
pub mod recognize;
pub mod schedule;
pub mod wordstyles;
pub mod wrap;
pub mod write;

use crate::diagnostics::{Diagnostic, Report};
use crate::text::{escape_line_start, escape_markdown, Escape};
use std::path::Path;

/// The role a paragraph had in a DOCX written by wengao (its style says so).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Title,
    Subtitle,
    Part,
    Schedule,
    Attachment,
    Signature,
    Date,
    /// A further paragraph of the numbered point above it.
    ListContinue,
}

/// One paragraph, heading, list item or table of the input.
#[derive(Clone, Debug, Default)]
pub struct Line {
    /// Markdown inline text (`**bold**`; Markdown's own characters escaped when
    /// the input was not Markdown); `\n` for a soft line break.
    pub text: String,
    /// Line number (text files) or paragraph number (DOCX), from 1.
    pub at: usize,
    pub centred: bool,
    /// Heading level hinted by a style, an outline level or Markdown's `#`.
    pub heading: Option<u8>,
    /// The number Word's auto-numbering showed before the text (`一、`).
    pub label: Option<String>,
    pub role: Option<Role>,
    /// The whole paragraph was bold.
    pub bold: bool,
    /// A list item (Markdown `-`/`1.`).
    pub list: bool,
    pub table: Option<Vec<Vec<String>>>,
    /// Read from a text box (a DOCX's 版头, a ★, a boxed 版记).
    pub textbox: bool,
    /// It begins a new page (a page break before it).
    pub page_break: bool,
    /// A paragraph of a Word list (numbered or bulleted by `numPr`).
    pub numbered: bool,
    /// A bulleted Word list paragraph.
    pub bullet: bool,
    /// The level (`w:ilvl`, 0 the top) of a paragraph Word numbers: a deeper
    /// level of a list is a level below, however it is labelled and indented.
    pub list_level: Option<u8>,
    /// The source kept it a paragraph of its own (a Word paragraph): it is joined
    /// to the one before only by the hard-wrap rule ([`wrap`]).
    pub kept: bool,
    /// A footnote's or endnote's Markdown definition (`[^1]: …`), after the line
    /// that cites it.
    pub note: bool,
    /// How far the paragraph is indented, in hundredths of a character: Word's
    /// left and first-line indent and the spaces and tabs it begins with.
    pub indent: u32,
}

/// What an import found.
#[derive(Debug, Default)]
pub struct Summary {
    pub encoding: Option<&'static str>,
    pub parts: usize,
    /// Sections at levels 1–4.
    pub sections: [usize; 4],
    pub paragraphs: usize,
    pub items: usize,
    pub months: usize,
    pub attachments: usize,
    /// Half-width punctuation marks made full-width.
    pub punctuation: usize,
    /// Pictures found (written beside the TOML by `wengao import`).
    pub pictures: usize,
    /// Word paragraphs joined as the pieces of hard-wrapped ones.
    pub wrapped: usize,
    /// (line, what was guessed or dropped).
    pub notes: Vec<(usize, String)>,
    /// (line, text) that could not be placed.
    pub unplaced: Vec<(usize, String)>,
}

/// An imported document.
pub struct Imported {
    pub toml: String,
    pub summary: Summary,
    /// The DOCX's pictures: (path the text refers to, `DIR/image1.png`; bytes).
    /// Nothing is written: `wengao import` writes them beside the TOML.
    pub pictures: Vec<(String, Vec<u8>)>,
    /// Per paragraph of the original: (paragraph, kind and level given, and why).
    pub explain: Vec<(usize, String)>,
}

/// The folder beside `F.toml` its pictures go to: `F`.
pub fn pictures_dir(toml: &Path) -> String {
    toml.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "images".into())
}

/// Markdown inline text → plain text (for titles and other plain values, which
/// the templates escape themselves). A note's reference (`[^1]`) is left out: a
/// plain value cannot cite a note (the recogniser keeps the note's text).
pub fn plain(s: &str) -> String {
    let s = notes::without_refs(s).replace("**", "");
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(|n| n.is_ascii_punctuation()) {
            out.push(chars.next().unwrap_or('\\'));
        } else {
            out.push(c);
        }
    }
    out
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303F}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{FF00}'..='\u{FFEF}' | '“' | '”' | '‘' | '’' | '…' | '—')
}

/// Half-width `, : ; ( ) ? !` next to Chinese characters → full-width; returns
/// the text and how many marks changed.
pub fn fullwidth_punctuation(s: &str) -> (String, usize) {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut changed = 0;
    for (i, &c) in chars.iter().enumerate() {
        let full = match c {
            ',' => '，',
            ':' => '：',
            ';' => '；',
            '(' => '（',
            ')' => '）',
            '?' => '？',
            '!' => '！',
            _ => {
                out.push(c);
                continue;
            }
        };
        let prev = i.checked_sub(1).map(|k| chars[k]);
        let next = chars.get(i + 1).copied();
        let latin = |x: Option<char>| x.is_some_and(|x| x.is_ascii_alphanumeric() || x == '/' || x == '\\');
        let chinese = prev.is_some_and(is_cjk) || next.is_some_and(is_cjk);
        if chinese && !latin(prev) && !latin(next) {
            out.push(full);
            changed += 1;
        } else {
            out.push(c);
        }
    }
    (out, changed)
}

/// [`fullwidth_punctuation`] outside the picture references (`![alt](F/image1.png)`).
fn outside_pictures(s: &str) -> (String, usize) {
    let mut out = String::with_capacity(s.len());
    let mut changed = 0;
    let mut rest = s;
    while let Some(at) = rest.find("![") {
        let end = rest[at..].find("](").and_then(|k| rest[at + k..].find(')').map(|e| at + k + e + 1));
        let Some(end) = end else { break };
        let (text, n) = fullwidth_punctuation(&rest[..at]);
        out.push_str(&text);
        out.push_str(&rest[at..end]);
        changed += n;
        rest = &rest[end..];
    }
    let (text, n) = fullwidth_punctuation(rest);
    out.push_str(&text);
    (out, changed + n)
}

/// The extensions besides `toml` that a folder build or collection imports: `.docx`
/// always, `.md` and `.txt` only when asked (a folder of documents often holds a
/// README or notes that are no document).
pub fn folder_kinds(with_text: bool) -> &'static [&'static str] {
    if with_text {
        &["docx", "md", "txt"]
    } else {
        &["docx"]
    }
}

/// What kind of file `path` is, by its extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    Docx,
    Markdown,
    Text,
}

impl Source {
    pub fn of(path: &Path) -> Option<Source> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "docx" => Some(Source::Docx),
            "md" | "markdown" => Some(Source::Markdown),
            "txt" | "text" => Some(Source::Text),
            _ => None,
        }
    }
}

/// Imports the bytes of `path`; pictures are referred to in the folder named
/// after it (`F.docx` → `F/image1.png`).
pub fn import(path: &Path, bytes: &[u8]) -> Result<Imported, Report> {
    import_as(path, bytes, &pictures_dir(path))
}

/// [`import`], the pictures referred to in the folder `pictures_dir`.
pub fn import_as(path: &Path, bytes: &[u8], pictures_dir: &str) -> Result<Imported, Report> {
    let fail = |why: String, help: &str| Report {
        diagnostics: vec![
            Diagnostic::error(format!("cannot import {}: {why}", path.display())).with_help(help.to_string())
        ],
    };
    let source =
        Source::of(path).unwrap_or(if bytes.starts_with(b"PK") { Source::Docx } else { Source::Text });
    let mut summary = Summary::default();
    let mut pictures = Vec::new();
    let mut explain = Vec::new();
    let mut lines = match source {
        Source::Docx => {
            let read = docx::read(bytes, pictures_dir)
                .map_err(|why| fail(why, "wengao imports .docx, .md and .txt files"))?;
            pictures = read.pictures;
            let mut lines = read.lines;
            explain = wrap::join_hard_wraps(&mut lines);
            summary.wrapped = explain.len();
            lines
        }
        Source::Markdown | Source::Text => {
            let decoded = crate::text::decode_any(bytes).map_err(|why| {
                fail(why, "save the file as UTF-8 (记事本: 另存为 → 编码 UTF-8) and import it again")
            })?;
            summary.encoding = Some(decoded.encoding);
            if source == Source::Markdown {
                lines::from_markdown(&decoded.text)
            } else {
                let mut l = lines::from_text(&decoded.text);
                l.iter_mut()
                    .for_each(|l| l.text = escape_line_start(&escape_markdown(&l.text, Escape::Inline)));
                l
            }
        }
    };
    if lines.iter().all(|l| l.text.trim().is_empty() && l.table.is_none()) {
        return Err(fail(
            "it holds no text (an empty document)".into(),
            "import a document with text; a scanned page must be typed or recognised (OCR) first",
        ));
    }
    for l in &mut lines {
        let (text, n) = outside_pictures(&l.text);
        l.text = text;
        summary.punctuation += n;
        if let Some(rows) = &mut l.table {
            for cell in rows.iter_mut().flatten() {
                let (text, n) = fullwidth_punctuation(cell);
                *cell = text;
                summary.punctuation += n;
            }
        }
    }
    let mut doc = recognize::recognise(lines);
    count(&doc, &mut summary);
    summary.notes.append(&mut doc.notes);
    // In the order of the file (notes on the whole file first).
    summary.notes.sort_by_key(|n| n.0);
    summary.unplaced.append(&mut doc.unplaced);
    summary.pictures = pictures.len();
    explain.append(&mut doc.explain);
    explain.sort_by_key(|e| e.0);
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    Ok(Imported { toml: write::toml(&doc, &name), summary, pictures, explain })
}

fn count(doc: &recognize::Doc, s: &mut Summary) {
    fn walk(list: &[recognize::Section], depth: usize, s: &mut Summary) {
        for sec in list {
            s.sections[depth.min(3)] += 1;
            blocks(&sec.blocks, s);
            walk(&sec.children, depth + 1, s);
        }
    }
    fn blocks(list: &[recognize::Content], s: &mut Summary) {
        for b in list {
            match b {
                recognize::Content::Para(_) => s.paragraphs += 1,
                recognize::Content::Item(_) => s.items += 1,
            }
        }
    }
    s.parts = doc.parts.len();
    for body in std::iter::once(&doc.body).chain(doc.parts.iter().map(|p| &p.body)) {
        blocks(&body.preface, s);
        walk(&body.sections, 0, s);
        s.months += body.schedule.as_ref().map_or(0, |x| x.entries.len());
        s.attachments += body.closing.attachments.len();
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let [l1, l2, l3, l4] = self.sections;
        write!(
            f,
            "{} parts, sections {l1}/{l2}/{l3}/{l4} (levels 1–4), {} paragraphs, {} items, {} schedule months, {} attachments",
            self.parts, self.paragraphs, self.items, self.months, self.attachments
        )?;
        if self.pictures > 0 {
            write!(f, ", {} pictures", self.pictures)?;
        }
        if self.wrapped > 0 {
            write!(f, "; {} hard-wrapped lines joined to the paragraph before", self.wrapped)?;
        }
        if self.punctuation > 0 {
            write!(f, "; {} half-width punctuation marks made full-width", self.punctuation)?;
        }
        if let Some(e) = self.encoding.filter(|e| *e != "UTF-8") {
            write!(f, "; read as {e}")?;
        }
        Ok(())
    }
}

/// Reads a document for a build: a `.toml` as it is, a `.docx`, `.md` or `.txt`
/// imported in memory (errors name the imported file).
pub fn parse_any(path: &Path, bytes: &[u8]) -> Result<crate::input::Loaded, Report> {
    if Source::of(path).is_none() {
        return crate::input::parse(path, bytes);
    }
    let imported = import(path, bytes)?;
    crate::input::parse(path, imported.toml.as_bytes())
}

/// [`parse_any`] of the file at `path`.
pub fn load_any(path: &Path) -> Result<crate::input::Loaded, Report> {
    let bytes = crate::files::read(path).map_err(|e| Report {
        diagnostics: vec![Diagnostic::error(format!("cannot read {}: {e}", path.display()))],
    })?;
    parse_any(path, &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_width_punctuation_between_chinese_becomes_full_width() {
        assert_eq!(
            fullwidth_punctuation("组织(人事)部门,然后:好;吗?是!"),
            ("组织（人事）部门，然后：好；吗？是！".into(), 7)
        );
        assert_eq!(fullwidth_punctuation("见 http://a.cn/x?y=1 和 (1)、a,b").1, 0);
    }

    #[test]
    fn escaping_and_plain_text() {
        assert_eq!(plain("**党的\\_\\_大**"), "党的__大");
    }
}
