//! Markdown: the Markdown text → a flat list of [`Block`]s with layout roles.
//!
//! In: the Markdown the templates wrote (or any Markdown). Out: blocks in
//! document order — title, part heading, heading levels 1–4, paragraphs, list
//! items, tables, 目录 entries, 附件, 落款, pictures (`images.rs`) — each with its
//! inline runs (plain, bold, italic, code, link). Both the HTML writer and the PDF typesetter read these
//! blocks, so the two outputs cannot disagree about what the document says.
//!
//! Roles come from heading attributes (`{.title}`, `{.part}`, `{.signature}` …; see
//! the README). pulldown-cmark is the parser; this module also repairs `**bold**`
//! next to Chinese punctuation, which CommonMark's flanking rules leave literal
//! (`**重点工作：**一是` would otherwise print its asterisks).

use crate::picture::Picture;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::sync::Arc;

/// What a block is, which decides its font, indent and alignment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// The document (or collection) title; explicit lines are split by U+2028.
    Title,
    Subtitle,
    /// A part heading of a collection: `… 篇一`.
    Part,
    /// Heading level 1–4: 一、 （一） 1. （1）.
    Heading(u8),
    Paragraph,
    /// A numbered or bulleted point; `depth` 0 is the outermost list.
    ListItem {
        depth: u8,
    },
    /// The 目录 marker; the entries follow as [`Role::TocEntry`].
    Toc,
    /// One 目录 line: depth 0 for a part, 1 for its level-1 headings.
    TocEntry {
        depth: u8,
    },
    /// The title line above the month schedule table.
    ScheduleTitle,
    Table,
    Attachment,
    /// 落款: the issuing organisation.
    Signature,
    /// 成文日期 under the organisation.
    Date,
    /// 版头, top-left in 3号黑体, one line each: 份号, 密级和保密期限, 紧急程度.
    CopyNumber,
    Secrecy,
    Urgency,
    /// 发文机关标志: red, centred; one block per organ of a joint issue.
    Issuer,
    /// `文件` right of a joint issue's stacked organ names.
    IssuerSuffix,
    /// 发文字号 (centred, or left beside the 签发人 of a 上行文); the red rule follows it.
    DocNumber,
    /// One 签发人's name (a 上行文).
    Signer,
    /// 主送机关 under the title, flush left, ending in ：.
    Addressee,
    /// 附注 in （）, the line after the date.
    Remark,
    /// `附件1` (or `附件`): an issued document starts on a new page under it.
    AnnexLabel,
    /// 版记: the 抄送 line (`抄送：甲，乙。`).
    CopyTo,
    /// 版记: 印发机关 (left), with [`Role::PrintedOn`] on its line (right).
    PrintedBy,
    /// 版记: `2025年1月6日印发`.
    PrintedOn,
    CodeBlock,
    Rule,
    /// A picture on its own lines, or a row of two or three side by side
    /// ([`Block::images`]).
    Picture,
    /// A footnote's text (`[^1]: …`); its label is the block's `id`. The writers
    /// print it where it is cited ([`Inline::note`]), not where it stands.
    Note,
}

/// Before the first 签发人's name (a [`Role::Signer`] block): GB/T 9704 §7.2.6.
pub const SIGNER_LABEL: &str = "签发人：";

/// An image of a [`Role::Picture`] block: `![alt](src "title")`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Image {
    /// The path as written (relative to the TOML that holds it).
    pub src: String,
    pub alt: String,
    pub title: String,
    /// `{width=60%}` right after the image: its width as a share of the type area's
    /// (in a row: the whole row's, the first such hint in it).
    pub width: Option<u8>,
    /// The caption under it: the paragraph right after it when that starts with
    /// `图1`, `图 2`, `图三` … (not in a row: see [`Block::images`]), else the
    /// image's title.
    pub caption: Vec<Inline>,
    /// The file, once the pipeline has read it ([`crate::picture`]); `None` until
    /// then, and for a picture that cannot be printed.
    pub file: Option<Arc<Picture>>,
}

/// A run of text with one style.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Inline {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
    pub strike: bool,
    pub code: bool,
    /// Target of a link (`#pian-1` for 目录 entries).
    pub link: Option<String>,
    /// A footnote reference `[^label]`: the label (also the run's text).
    pub note: Option<String>,
}

/// A table: header row and body rows, each cell a list of runs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    pub header: Vec<Vec<Inline>>,
    pub rows: Vec<Vec<Vec<Inline>>>,
    /// The month schedule (a `.schedule` heading came right before it): a row whose
    /// first cell is empty continues the period of the row above.
    pub schedule: bool,
}

/// One block of the document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    pub role: Role,
    /// Anchor from `{#id}` (parts and level-1 headings).
    pub id: Option<String>,
    pub inlines: Vec<Inline>,
    /// `1.` for an ordered item, `•` for a bullet.
    pub marker: Option<String>,
    pub table: Option<Table>,
    /// The pictures of a [`Role::Picture`] block: one, or a row of two or three
    /// printed side by side (images with nothing but spaces or a line break
    /// between them, in one paragraph). A row's own caption (the `图N …`
    /// paragraph right after it) is the block's [`Block::inlines`].
    pub images: Vec<Image>,
    /// A 落款 (signature or date) with the seal applied (`{.signature .seal}`).
    pub seal: bool,
}

impl Block {
    fn new(role: Role) -> Block {
        Block {
            role,
            id: None,
            inlines: Vec::new(),
            marker: None,
            table: None,
            images: Vec::new(),
            seal: false,
        }
    }

    /// True for the blocks of the 公文 frame's 版头 (above the red rule).
    pub fn is_masthead(&self) -> bool {
        matches!(
            self.role,
            Role::CopyNumber
                | Role::Secrecy
                | Role::Urgency
                | Role::Issuer
                | Role::IssuerSuffix
                | Role::DocNumber
                | Role::Signer
        )
    }

    /// The block's runs without `label` at their start (`签发人：` before the first
    /// 签发人's name, which the Markdown carries and the print sets apart).
    pub fn inlines_after(&self, label: &str) -> Vec<Inline> {
        let mut runs = self.inlines.clone();
        if let Some(first) = runs.first_mut() {
            if let Some(rest) = first.text.strip_prefix(label) {
                first.text = rest.to_string();
            }
        }
        runs.retain(|r| !r.text.is_empty());
        runs
    }

    /// The end (exclusive) of the run of 版头 blocks, or of 版记 blocks, that
    /// block `i` of `blocks` starts (`i` itself when it is neither).
    pub fn frame_end(blocks: &[Block], i: usize) -> usize {
        let head = blocks.get(i).is_some_and(Block::is_masthead);
        let same = |b: &Block| if head { b.is_masthead() } else { b.is_imprint() };
        (i..blocks.len()).find(|&k| !same(&blocks[k])).unwrap_or(blocks.len())
    }

    /// True for the blocks of the 版记 (between the rules at the foot of the last page).
    pub fn is_imprint(&self) -> bool {
        matches!(self.role, Role::CopyTo | Role::PrintedBy | Role::PrintedOn)
    }

    /// The block's text without styling.
    pub fn plain_text(&self) -> String {
        self.inlines.iter().map(|i| i.text.as_str()).collect()
    }
}

/// The 落款 starting at block `i` (a Signature or a Date block): the organisation,
/// the date under it, and how many blocks they take.
pub fn closing_at(blocks: &[Block], i: usize) -> (Option<&Block>, Option<&Block>, usize) {
    let b = &blocks[i];
    if b.role == Role::Signature {
        let date = blocks.get(i + 1).filter(|n| n.role == Role::Date);
        (Some(b), date, 1 + usize::from(date.is_some()))
    } else {
        (None, Some(b), 1)
    }
}

/// Marks a soft line break until the block is finished (it becomes a space
/// between Latin words and nothing between Chinese characters).
const SOFT_BREAK: char = '\u{1F}';

/// The Markdown dialect: CommonMark with tables, heading attributes,
/// strikethrough and footnotes.
pub(crate) const OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_HEADING_ATTRIBUTES)
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_FOOTNOTES);

/// Parses Markdown into blocks.
pub fn parse(markdown: &str) -> Vec<Block> {
    let mut b = Builder::default();
    for event in Parser::new_ext(markdown, OPTIONS) {
        b.event(event);
    }
    images::split_long_rows(b.blocks)
}

#[derive(Default)]
struct Builder {
    blocks: Vec<Block>,
    current: Option<Block>,
    style: Inline,
    /// Open lists: the next number of an ordered list, `None` for bullets.
    lists: Vec<Option<u64>>,
    /// Inside an item whose first paragraph already took the marker.
    item_marker: Option<String>,
    in_toc: bool,
    next_table_is_schedule: bool,
    table: Option<Table>,
    row: Vec<Vec<Inline>>,
    cell: Vec<Inline>,
    in_cell: bool,
    in_head: bool,
    /// Inside `![…](…)`: the image whose alt text is being read.
    image: Option<Image>,
    /// The event before was the end of a picture (its `{width=…}` may follow).
    after_image: bool,
    /// The last block is a picture of the paragraph being read: an image after it
    /// with only white space between joins its row.
    row_open: bool,
    /// Inside a footnote definition: its paragraphs make one [`Role::Note`] block.
    in_note: bool,
}

impl Builder {
    fn event(&mut self, event: Event<'_>) {
        let after_image = std::mem::take(&mut self.after_image);
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) if after_image => {
                let rest = self.take_size(&t);
                if !rest.is_empty() {
                    self.text(rest);
                }
            }
            Event::Text(t) => self.text(&t),
            Event::Code(t) => {
                let saved = self.style.code;
                self.style.code = true;
                self.text(&t);
                self.style.code = saved;
            }
            // Raw HTML is never passed through: it is shown as the text it is.
            Event::Html(t) | Event::InlineHtml(t) => self.text(&t),
            Event::SoftBreak => self.text(&SOFT_BREAK.to_string()),
            Event::HardBreak => self.text("\n"),
            Event::Rule => self.push(Block::new(Role::Rule)),
            Event::FootnoteReference(t) => {
                let saved = self.style.note.replace(t.to_string());
                self.text(&t);
                self.style.note = saved;
            }
            Event::TaskListMarker(done) => self.text(if done { "☑ " } else { "☐ " }),
            Event::InlineMath(t) | Event::DisplayMath(t) => self.text(&t),
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::FootnoteDefinition(label) => {
                self.finish();
                let mut block = Block::new(Role::Note);
                block.id = Some(label.to_string());
                self.current = Some(block);
                self.in_note = true;
            }
            Tag::Heading { level, id, classes, .. } => {
                let class = classes.first().map(|c| c.as_ref()).unwrap_or("");
                let role = heading_role(level, class);
                self.in_toc = role == Role::Toc;
                self.next_table_is_schedule = role == Role::ScheduleTitle;
                let mut block = Block::new(role);
                block.id = id.map(|i| i.to_string());
                block.seal = classes.iter().any(|c| c.as_ref() == "seal");
                self.current = Some(block);
            }
            Tag::Paragraph if self.current.is_none() => self.open_paragraph(),
            Tag::CodeBlock(_) => self.current = Some(Block::new(Role::CodeBlock)),
            Tag::List(start) => self.lists.push(start),
            Tag::Item => {
                self.finish();
                let depth = self.lists.len().saturating_sub(1) as u8;
                let marker = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        *n += 1;
                        format!("{}.", *n - 1)
                    }
                    _ => "•".to_string(),
                };
                self.item_marker = Some(marker);
                let role = if self.in_toc { Role::TocEntry { depth } } else { Role::ListItem { depth } };
                let mut block = Block::new(role);
                if !self.in_toc {
                    block.marker = self.item_marker.take();
                }
                self.current = Some(block);
            }
            Tag::Table(_) => {
                self.finish();
                self.table = Some(Table { schedule: self.next_table_is_schedule, ..Table::default() });
                self.next_table_is_schedule = false;
            }
            Tag::TableHead => self.in_head = true,
            Tag::TableRow => self.row.clear(),
            Tag::TableCell => {
                self.in_cell = true;
                self.cell.clear();
            }
            Tag::Emphasis => self.style.italic = true,
            Tag::Strong => self.style.bold = true,
            Tag::Strikethrough => self.style.strike = true,
            Tag::Link { dest_url, .. } => self.style.link = Some(dest_url.to_string()),
            Tag::Image { dest_url, title, .. } => {
                self.image =
                    Some(Image { src: dest_url.to_string(), title: title.to_string(), ..Image::default() })
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            // A footnote's paragraphs run on in its one block.
            TagEnd::Paragraph if self.in_note => self.text(" "),
            TagEnd::FootnoteDefinition => {
                self.in_note = false;
                self.finish();
            }
            TagEnd::Heading(_) | TagEnd::Paragraph | TagEnd::CodeBlock | TagEnd::HtmlBlock => {
                self.finish();
                self.row_open = false;
            }
            TagEnd::Item => {
                self.finish();
                self.row_open = false;
            }
            TagEnd::List(_) => {
                self.finish();
                self.lists.pop();
            }
            TagEnd::TableCell => {
                self.in_cell = false;
                let mut cell = std::mem::take(&mut self.cell);
                resolve_soft_breaks(&mut cell);
                repair_bold(&mut cell);
                self.row.push(cell);
            }
            TagEnd::TableHead => {
                self.in_head = false;
                if let Some(t) = &mut self.table {
                    t.header = std::mem::take(&mut self.row);
                }
            }
            TagEnd::TableRow => {
                if let Some(t) = &mut self.table {
                    t.rows.push(std::mem::take(&mut self.row));
                }
            }
            TagEnd::Table => {
                let mut block = Block::new(Role::Table);
                block.table = self.table.take();
                self.push(block);
            }
            TagEnd::Emphasis => self.style.italic = false,
            TagEnd::Strong => self.style.bold = false,
            TagEnd::Strikethrough => self.style.strike = false,
            TagEnd::Link => self.style.link = None,
            TagEnd::Image => self.end_image(),
            _ => {}
        }
    }

    fn open_paragraph(&mut self) {
        // A further paragraph of a list item belongs to the item (no marker of its own).
        let role = match self.lists.len() {
            _ if self.in_toc => Role::TocEntry { depth: 0 },
            0 => Role::Paragraph,
            n => Role::ListItem { depth: (n - 1) as u8 },
        };
        self.current = Some(Block::new(role));
    }

    fn text(&mut self, text: &str) {
        if let Some(image) = &mut self.image {
            image.alt.push_str(text);
            return;
        }
        let run = Inline { text: text.to_string(), ..self.style.clone() };
        let target = if self.in_cell {
            &mut self.cell
        } else {
            if self.current.is_none() {
                self.open_paragraph();
            }
            match &mut self.current {
                Some(b) => &mut b.inlines,
                None => return,
            }
        };
        match target.last_mut() {
            Some(last) if same_style(last, &run) => last.text.push_str(&run.text),
            _ => target.push(run),
        }
    }

    fn finish(&mut self) {
        if let Some(mut block) = self.current.take() {
            resolve_soft_breaks(&mut block.inlines);
            if !matches!(block.role, Role::Title | Role::Part | Role::Heading(_) | Role::CodeBlock) {
                repair_bold(&mut block.inlines);
            }
            if block.role == Role::CodeBlock {
                let text = block.plain_text();
                block.inlines =
                    vec![Inline { text: text.trim_end().to_string(), code: true, ..Inline::default() }];
            }
            let Some(block) = self.caption_or(block) else { return };
            if !block.inlines.iter().all(|i| i.text.trim().is_empty()) || block.role == Role::Toc {
                self.push(block);
            }
        }
    }

    fn push(&mut self, block: Block) {
        self.blocks.push(block);
    }
}

fn heading_role(level: HeadingLevel, class: &str) -> Role {
    match (level, class) {
        (_, "title") => Role::Title,
        (_, "part") => Role::Part,
        (_, "subtitle") => Role::Subtitle,
        (_, "toc") => Role::Toc,
        (_, "schedule") => Role::ScheduleTitle,
        (_, "attachment") => Role::Attachment,
        (_, "signature") => Role::Signature,
        (_, "date") => Role::Date,
        (_, "copy-number") => Role::CopyNumber,
        (_, "secrecy") => Role::Secrecy,
        (_, "urgency") => Role::Urgency,
        (_, "issuer") => Role::Issuer,
        (_, "issuer-suffix") => Role::IssuerSuffix,
        (_, "doc-number") => Role::DocNumber,
        (_, "signer") => Role::Signer,
        (_, "addressee") => Role::Addressee,
        (_, "remark") => Role::Remark,
        (_, "annex") => Role::AnnexLabel,
        (_, "copy-to") => Role::CopyTo,
        (_, "printed-by") => Role::PrintedBy,
        (_, "printed-on") => Role::PrintedOn,
        (HeadingLevel::H1 | HeadingLevel::H2, _) => Role::Heading(1),
        (HeadingLevel::H3, _) => Role::Heading(2),
        (HeadingLevel::H4, _) => Role::Heading(3),
        (HeadingLevel::H5, _) => Role::Heading(4),
        (HeadingLevel::H6, _) => Role::Paragraph,
    }
}

fn same_style(a: &Inline, b: &Inline) -> bool {
    a.note.is_none()
        && b.note.is_none()
        && a.bold == b.bold
        && a.italic == b.italic
        && a.strike == b.strike
        && a.code == b.code
        && a.link == b.link
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

/// A soft break is a space between Latin words and nothing next to Chinese.
fn resolve_soft_breaks(runs: &mut [Inline]) {
    let flat: Vec<char> = runs.iter().flat_map(|r| r.text.chars()).collect();
    let mut index = 0;
    for run in runs.iter_mut() {
        if !run.text.contains(SOFT_BREAK) {
            index += run.text.chars().count();
            continue;
        }
        let mut out = String::with_capacity(run.text.len());
        for c in run.text.chars() {
            if c == SOFT_BREAK {
                let before = flat[..index].iter().rev().find(|c| **c != SOFT_BREAK);
                let after = flat[index + 1..].iter().find(|c| **c != SOFT_BREAK);
                let joins_latin = matches!((before, after), (Some(b), Some(a)) if !is_cjk(*b) && !is_cjk(*a));
                if joins_latin {
                    out.push(' ');
                }
            } else {
                out.push(c);
            }
            index += 1;
        }
        run.text = out;
    }
}

/// Turns pairs of literal `**` that CommonMark left in the text into bold runs.
fn repair_bold(runs: &mut Vec<Inline>) {
    let count: usize = runs.iter().filter(|r| !r.code).map(|r| r.text.matches("**").count()).sum();
    let mut toggles = count / 2 * 2;
    if toggles == 0 {
        return;
    }
    let mut bold_on = false;
    let mut out: Vec<Inline> = Vec::with_capacity(runs.len() + toggles);
    for run in runs.drain(..) {
        if run.code || !run.text.contains("**") {
            out.push(Inline { bold: run.bold || bold_on, ..run });
            continue;
        }
        let mut rest = run.text.as_str();
        loop {
            match rest.find("**") {
                Some(at) if toggles > 0 => {
                    if at > 0 {
                        out.push(Inline {
                            text: rest[..at].to_string(),
                            bold: run.bold || bold_on,
                            ..run.clone()
                        });
                    }
                    bold_on = !bold_on;
                    toggles -= 1;
                    rest = &rest[at + 2..];
                }
                _ => {
                    if !rest.is_empty() {
                        out.push(Inline { text: rest.to_string(), bold: run.bold || bold_on, ..run.clone() });
                    }
                    break;
                }
            }
        }
    }
    *runs = out;
}

mod images;
pub use images::{rewrite_image_paths, ROW_MAX};

#[cfg(test)]
mod tests;
