//! The DOCX's body: blocks → the paragraphs and tables of `word/document.xml`.
//!
//! In: the [`Block`]s of the Markdown (the ones the HTML page and the PDF are made
//! from) and their [`Typeset`]: the page every anchor landed on (for the 目录), each
//! title's line breaks, each table's column widths. Out: the XML inside
//! `<w:body>`, before the section properties. Each block gets the style
//! of its role (see [`super::styles`]); direct formatting is used only where the
//! value belongs to the paragraph (a list item's depth, the 附件说明 hanging
//! indent, the 落款 stagger). Headings carry their numbers as text, never Word
//! auto-numbering (which WPS and copy-paste lose).

use super::drawing::Media;
use super::section::{LINE_PITCH, TEXT_WIDTH};
use super::xml::{cells, run, BALANCE_BREAK};
use crate::markdown::{Block, Inline, Role, Table};
use crate::typeset::Typeset;
use std::collections::HashMap;

/// One character cell of the body grid, in twips (156 mm / 28).
const CELL: f32 = TEXT_WIDTH as f32 / 28.0;

struct Writer<'a> {
    out: String,
    typeset: &'a Typeset,
    bookmarks: usize,
    media: Media,
    /// The footnote id of each note label ([`super::notes`]).
    notes: HashMap<String, usize>,
}

/// The body XML of `blocks`, as `typeset` laid them out, and the pictures it shows.
pub fn body(blocks: &[Block], typeset: &Typeset) -> (String, Media) {
    let mut w = Writer {
        out: String::with_capacity(blocks.len() * 400 + 1000),
        typeset,
        bookmarks: 0,
        media: Media::default(),
        notes: super::notes::ids(blocks),
    };
    let collection = blocks.iter().any(|b| b.role == Role::Part);
    let mut i = 0;
    while i < blocks.len() {
        let b = &blocks[i];
        // The 落款 never stands alone: the body before it goes over with it.
        let keep = if closing_follows(blocks, i) { keep_with_closing(blocks, i) } else { "" };
        match b.role {
            Role::Title | Role::Part => {
                // Under the 版头's rule, or on an issued document's first page
                // under 附件N, the title has its place already.
                let framed = i > 0 && (blocks[i - 1].is_masthead() || blocks[i - 1].role == Role::AnnexLabel);
                // Under a 版头 with the 发文字号's rule (super::frame::under_title).
                let ruled = blocks[..i]
                    .iter()
                    .rev()
                    .take_while(|b| b.is_masthead())
                    .any(|b| matches!(b.role, Role::DocNumber | Role::Signer));
                let (style, before) = match b.role {
                    Role::Part => ("PartTitle", 0),
                    _ if collection && !framed => ("Title", 4 * LINE_PITCH),
                    _ => ("Title", 0),
                };
                let ppr =
                    if before > 0 { format!("<w:spacing w:before=\"{before}\"/>") } else { String::new() };
                let text = match w.typeset.title_lines(i) {
                    Some(lines) => title_text(lines),
                    None => b.plain_text(),
                };
                let lines = [Inline { text, ..Inline::default() }];
                w.paragraph(style, &ppr, b.id.as_deref(), &lines, "");
                if let Some(sub) = blocks.get(i + 1).filter(|n| n.role == Role::Subtitle) {
                    w.paragraph("Subtitle", "", None, &sub.inlines, "");
                    i += 1;
                }
                if ruled {
                    w.out.push_str(&super::frame::under_title());
                } else {
                    w.blank("");
                }
            }
            Role::Subtitle => w.paragraph("Subtitle", "", None, &b.inlines, ""),
            Role::Heading(level) => {
                let style = format!("Heading{}", level.clamp(1, 4));
                w.paragraph(&style, "", b.id.as_deref(), &b.inlines, "");
            }
            Role::Paragraph | Role::ListItem { .. } => {
                let mut ppr = String::from(keep);
                if let Role::ListItem { depth } = b.role {
                    if depth > 0 {
                        let chars = 200 * (u32::from(depth) + 1);
                        ppr.push_str(&format!(
                            "<w:ind w:firstLineChars=\"{chars}\" w:firstLine=\"{}\"/>",
                            chars * 16 / 5
                        ));
                    }
                }
                let mut runs = Vec::with_capacity(b.inlines.len() + 1);
                if let Some(m) = &b.marker {
                    runs.push(Inline { text: m.clone(), ..Inline::default() });
                }
                runs.extend(b.inlines.iter().cloned());
                // A list item's second paragraph: Word's "List Continue".
                let continued = matches!(b.role, Role::ListItem { .. }) && b.marker.is_none();
                w.paragraph(if continued { "ListContinue" } else { "Normal" }, &ppr, None, &runs, "");
            }
            Role::CodeBlock => {
                for line in b.plain_text().lines() {
                    let text = [Inline { text: line.to_string(), ..Inline::default() }];
                    w.paragraph(
                        "Normal",
                        "<w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/>",
                        None,
                        &text,
                        "",
                    );
                }
            }
            Role::Rule => w.blank(keep),
            // The 公文 frame (super::frame): the 版头 before the title, the 版记 last,
            // each written whole from its first block.
            Role::CopyNumber
            | Role::Secrecy
            | Role::Urgency
            | Role::Issuer
            | Role::IssuerSuffix
            | Role::DocNumber
            | Role::Signer => {
                let end = Block::frame_end(blocks, i);
                w.out.push_str(&super::frame::masthead(&blocks[i..end]));
                i = end;
                continue;
            }
            Role::CopyTo | Role::PrintedBy | Role::PrintedOn => {
                let end = Block::frame_end(blocks, i);
                close_section(&mut w.out);
                w.out.push_str(&super::frame::imprint(&blocks[i..end]));
                i = end;
                continue;
            }
            Role::Addressee => w.paragraph("Addressee", "", None, &b.inlines, ""),
            Role::Remark => w.paragraph("Remark", "", None, &b.inlines, ""),
            Role::AnnexLabel => w.out.push_str(&super::frame::annex_label(b)),
            // In word/footnotes.xml, where Word prints them: at the foot of the page.
            Role::Note => {}
            Role::Picture => w.figure(b, i),
            Role::Toc => {
                w.paragraph("TOCHeading", "", None, &b.inlines, "");
                w.blank("");
                let start = i + 1;
                let mut end = start;
                while blocks.get(end).is_some_and(|n| matches!(n.role, Role::TocEntry { .. })) {
                    end += 1;
                }
                w.toc(&blocks[start..end]);
                i = end;
                continue;
            }
            Role::TocEntry { .. } => w.toc(std::slice::from_ref(b)),
            Role::ScheduleTitle => {
                w.blank("<w:keepNext/>");
                w.paragraph("ScheduleTitle", "", None, &b.inlines, "");
            }
            Role::Table => {
                if let Some(t) = &b.table {
                    // A table right before the 附件说明 or the 落款 keeps its last
                    // rows (the last period of a schedule) with them.
                    w.table(t, w.typeset.column_shares(i), closing_follows(blocks, i));
                }
            }
            Role::Attachment => {
                let first = i == 0 || blocks[i - 1].role != Role::Attachment;
                if first {
                    w.blank("<w:keepNext/>");
                }
                w.attachment(b, first);
            }
            Role::Signature | Role::Date => {
                let (org, date, taken) = crate::markdown::closing_at(blocks, i);
                i += taken - 1;
                // With the seal: room for it above the 落款 (its top within a line
                // of the text, GB/T 9704 §7.3.5.1) — one line less where the PDF
                // gave it up to keep the 落款 on its page (§7.3.5.5).
                let seal = org.or(date).is_some_and(|b| b.seal);
                let squeezed = w.typeset.closing_squeezed(i + 1 - taken);
                for _ in 0..1 + usize::from(seal && !squeezed) {
                    w.blank("<w:keepNext/>");
                }
                w.closing(org, date, seal);
            }
        }
        i += 1;
    }
    (w.out, w.media)
}

/// Ends the section at the last paragraph of `out` (the body before the 版记):
/// its `<w:sectPr>` goes into that paragraph's properties, or into an empty
/// paragraph after a table.
fn close_section(out: &mut String) {
    let sect = super::section::section();
    if out.ends_with("</w:p>") {
        if let Some(p) = out.rfind("<w:p>") {
            if out[p..].starts_with("<w:p><w:pPr>") {
                if let Some(end) = out[p..].find("</w:pPr>") {
                    out.insert_str(p + end, &sect);
                    return;
                }
            }
        }
    }
    out.push_str(&format!("<w:p><w:pPr>{sect}</w:pPr></w:p>"));
}

/// Whether the 附件说明 or the 落款 comes right after block `i`.
fn closing_follows(blocks: &[Block], i: usize) -> bool {
    let is_closing = |b: &Block| matches!(b.role, Role::Attachment | Role::Signature | Role::Date);
    let next_closes = blocks.get(i + 1).is_some_and(is_closing);
    // A one-line paragraph between: this block is the second-last line of body.
    let closes_after_a_short_one =
        blocks.get(i + 1).is_some_and(short_body) && blocks.get(i + 2).is_some_and(is_closing);
    !is_closing(&blocks[i]) && (next_closes || closes_after_a_short_one)
}

/// A body block of at most one line (it cannot give the 落款 two lines alone).
fn short_body(b: &Block) -> bool {
    matches!(b.role, Role::Paragraph | Role::ListItem { .. }) && cells(&b.plain_text()) + 2.0 <= 28.0
}

/// The paragraph properties that keep block `i` on the page of the 落款 after it.
fn keep_with_closing(blocks: &[Block], i: usize) -> &'static str {
    match blocks[i].role {
        Role::Paragraph | Role::ListItem { .. } | Role::Rule => "<w:keepNext/><w:keepLines/>",
        _ => "",
    }
}

impl Writer<'_> {
    /// A paragraph of `style` with extra properties `ppr`, a bookmark for `anchor`
    /// and the runs of `inlines`; `tail` is XML appended after the runs.
    fn paragraph(&mut self, style: &str, ppr: &str, anchor: Option<&str>, inlines: &[Inline], tail: &str) {
        self.out.push_str(&format!("<w:p><w:pPr><w:pStyle w:val=\"{style}\"/>{ppr}</w:pPr>"));
        let bookmark = anchor.map(|id| {
            self.bookmarks += 1;
            let n = self.bookmarks;
            self.out.push_str(&format!("<w:bookmarkStart w:id=\"{n}\" w:name=\"{}\"/>", bookmark_name(id)));
            n
        });
        inline_runs(&mut self.out, inlines, &self.notes);
        if let Some(n) = bookmark {
            self.out.push_str(&format!("<w:bookmarkEnd w:id=\"{n}\"/>"));
        }
        self.out.push_str(tail);
        self.out.push_str("</w:p>");
    }

    /// The picture block `b` (block `i`): one picture in a paragraph of its own,
    /// or a row of them side by side in a borderless table ([`Media::row`]), the
    /// PDF's sizes; the captions under them (a row's own caption after the table),
    /// kept with the pictures. Without a file (never in a build that succeeds),
    /// the alt text.
    fn figure(&mut self, b: &Block, i: usize) {
        const CENTRED: &str = "<w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/><w:jc w:val=\"center\"/>";
        let files: Option<Vec<_>> = b.images.iter().map(|m| m.file.as_ref()).collect();
        let (Some(files), Some(printed)) = (files, self.typeset.picture_size(i)) else {
            let alt: Vec<&str> = b.images.iter().map(|m| m.alt.as_str()).collect();
            let alt = [Inline { text: alt.join(" "), ..Inline::default() }];
            self.paragraph("Normal", "<w:jc w:val=\"center\"/>", None, &alt, "");
            return;
        };
        if let ([image], [file], [(width, height)]) = (&b.images[..], &files[..], &printed.sizes[..]) {
            let caption = &image.caption;
            let xml =
                self.media.paragraph(file, &image.alt, (*width, *height, printed.lines), !caption.is_empty());
            self.out.push_str(&xml);
            if !caption.is_empty() {
                self.paragraph("Normal", CENTRED, None, caption, "");
            }
            return;
        }
        // Each picture's caption, made apart and put in its cell.
        let mut captions = Vec::new();
        for image in &b.images {
            let body = std::mem::take(&mut self.out);
            if !image.caption.is_empty() {
                self.paragraph("Normal", CENTRED, None, &image.caption, "");
            }
            captions.push(std::mem::replace(&mut self.out, body));
        }
        let pictures: Vec<_> = b
            .images
            .iter()
            .zip(&files)
            .zip(&printed.sizes)
            .map(|((m, f), s)| (*f, m.alt.as_str(), *s))
            .collect();
        let keep = !b.inlines.is_empty();
        let xml = self.media.row(&pictures, &printed.columns, printed.lines, &captions, keep);
        self.out.push_str(&xml);
        if keep {
            self.paragraph("Normal", CENTRED, None, &b.inlines, "");
        }
    }

    /// An empty grid line.
    fn blank(&mut self, ppr: &str) {
        self.out.push_str(&format!("<w:p><w:pPr>{ppr}</w:pPr></w:p>"));
    }

    /// 目录 entries as a TOC field whose result is already filled in with the
    /// PDF's page numbers, so the file reads right before anyone updates it.
    fn toc(&mut self, entries: &[Block]) {
        let count = entries.len();
        for (k, e) in entries.iter().enumerate() {
            let depth = match e.role {
                Role::TocEntry { depth } => depth,
                _ => 0,
            };
            let style = if depth == 0 { "TOC1" } else { "TOC2" };
            self.out.push_str(&format!("<w:p><w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr>"));
            if k == 0 {
                self.out.push_str(concat!(
                    "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>",
                    "<w:r><w:instrText xml:space=\"preserve\"> TOC \\h \\z \\t \"篇名,1,heading 1,2\" </w:instrText></w:r>",
                    "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>"
                ));
            }
            let plain: Vec<Inline> = e
                .inlines
                .iter()
                .map(|i| Inline { text: i.text.clone(), bold: i.bold, ..Inline::default() })
                .collect();
            inline_runs(&mut self.out, &plain, &self.notes);
            let target = e.inlines.iter().find_map(|i| i.link.as_deref()).map(|l| l.trim_start_matches('#'));
            let page =
                target.and_then(|t| self.typeset.page_of(t)).map(|p| p.to_string()).unwrap_or_default();
            run(&mut self.out, &format!("\t{page}"), "");
            if k + 1 == count {
                self.out.push_str("<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>");
            }
            self.out.push_str("</w:p>");
        }
    }

    /// 附件说明: `附件：1. 名称`, a wrapped name aligned under its first character.
    fn attachment(&mut self, b: &Block, first: bool) {
        let text = b.plain_text();
        let (lead, name) = match text.strip_prefix("附件：") {
            Some(rest) => (3.0, rest),
            None => (0.0, text.as_str()),
        };
        let number = name.find(". ").filter(|&p| p <= 3 && name[..p].bytes().all(|c| c.is_ascii_digit()));
        let number_cells = number.map_or(0.0, |p| cells(&name[..p + 2]));
        let first_at = if first || lead > 0.0 { 2.0 } else { 5.0 };
        let rest_at = 2.0 + 3.0 + number_cells;
        let hanging = rest_at - first_at;
        let ppr = format!(
            "<w:ind w:left=\"{}\" w:hanging=\"{}\" w:firstLineChars=\"0\"/>",
            twips(rest_at),
            twips(hanging)
        );
        self.paragraph("Attachment", &ppr, None, &b.inlines, "");
    }

    /// 落款: the organisation 2 characters from the right edge, the date starting 2
    /// characters right of it (or ending 2 characters from the edge when it is
    /// longer, the organisation moving left to keep the stagger). With the seal
    /// (§7.3.5.1): the date 4 characters from the right edge, the organisation
    /// centred over it.
    fn closing(&mut self, org: Option<&Block>, date: Option<&Block>, seal: bool) {
        let right = 28.0 - 2.0;
        let org_len = org.map_or(0.0, |b| cells(&b.plain_text()));
        let date_len = date.map_or(0.0, |b| cells(&b.plain_text()));
        if seal {
            // Set from the right edge: the date's end is exact whatever the
            // width of its digits in the reader's font; the organisation's
            // centre follows the date's estimated width.
            let from_right = |cells: f32| {
                format!(
                    "<w:ind w:right=\"{}\" w:firstLineChars=\"0\" w:firstLine=\"0\"/><w:jc w:val=\"right\"/>",
                    twips(cells)
                )
            };
            let org_right = if date.is_some() { 4.0 + (date_len - org_len) / 2.0 } else { 4.0 };
            let org_right = org_right.min(28.0 - org_len).max(0.0);
            if let Some(o) = org {
                self.paragraph("Signature", &from_right(org_right), None, &o.inlines, "");
            }
            if let Some(d) = date {
                self.paragraph("SignatureDate", &from_right(4.0), None, &d.inlines, "");
            }
            return;
        }
        let org_at = match (org, date) {
            (Some(_), Some(_)) => (right - org_len).min(right - date_len - 2.0),
            (Some(_), None) => right - org_len,
            _ => right - date_len,
        }
        .max(0.0);
        let at = |cells: f32| {
            format!("<w:ind w:left=\"{}\" w:firstLineChars=\"0\" w:firstLine=\"0\"/>", twips(cells))
        };
        if let Some(o) = org {
            self.paragraph("Signature", &at(org_at), None, &o.inlines, "");
        }
        if let Some(d) = date {
            let date_at = if org.is_some() { org_at + 2.0 } else { org_at };
            self.paragraph("SignatureDate", &at(date_at.min(28.0 - date_len).max(0.0)), None, &d.inlines, "");
        }
    }

    /// A ruled table; the schedule's period cell is merged down over its points.
    /// The header row repeats on every page and no row is split; `keep` keeps the
    /// last rows — the last period of a schedule, else the last row — with the
    /// 附件说明 and the 落款 after the table (Word and WPS keep table rows whose
    /// paragraphs say keepNext with what follows; LibreOffice keeps only whole
    /// tables, so its print may still break there).
    fn table(&mut self, t: &Table, shares: Option<Vec<f32>>, keep: bool) {
        let ncols = t.header.len().max(t.rows.iter().map(Vec::len).max().unwrap_or(0)).max(1);
        let widths = column_widths(&shares.unwrap_or_else(|| vec![1.0 / ncols as f32; ncols]));
        self.out.push_str(&format!(
            "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"{TEXT_WIDTH}\" w:type=\"dxa\"/>\
             <w:tblLayout w:type=\"fixed\"/><w:tblLook w:val=\"0000\"/></w:tblPr><w:tblGrid>"
        ));
        for w in &widths {
            self.out.push_str(&format!("<w:gridCol w:w=\"{w}\"/>"));
        }
        self.out.push_str("</w:tblGrid>");
        self.row(&t.header, &widths, RowKind::Header, false);
        let continues = |r: &Vec<Vec<Inline>>| {
            t.schedule && r.first().is_none_or(|cell| cell.iter().all(|i| i.text.trim().is_empty()))
        };
        let last_period = t.rows.iter().rposition(|r| !continues(r)).unwrap_or(0);
        for (k, row) in t.rows.iter().enumerate() {
            let next_continues = t.rows.get(k + 1).is_some_and(continues);
            let kind = if continues(row) { RowKind::Continued } else { RowKind::Body };
            self.row(row, &widths, kind, next_continues || (keep && k >= last_period));
        }
        self.out.push_str("</w:tbl>");
    }

    fn row(&mut self, cells_: &[Vec<Inline>], widths: &[u32], kind: RowKind, keep_next: bool) {
        let header = kind == RowKind::Header;
        self.out.push_str("<w:tr><w:trPr><w:cantSplit/>");
        if header {
            self.out.push_str("<w:tblHeader/>");
        }
        self.out.push_str("</w:trPr>");
        let empty = Vec::new();
        for (k, w) in widths.iter().enumerate() {
            let cell = cells_.get(k).unwrap_or(&empty);
            self.out.push_str(&format!("<w:tc><w:tcPr><w:tcW w:w=\"{w}\" w:type=\"dxa\"/>"));
            let period = k == 0 && kind != RowKind::Header && widths.len() == 2;
            if period {
                let merge =
                    if kind == RowKind::Continued { "<w:vMerge/>" } else { "<w:vMerge w:val=\"restart\"/>" };
                self.out.push_str(merge);
                self.out.push_str("<w:vAlign w:val=\"center\"/>");
            }
            self.out.push_str("</w:tcPr>");
            let style = if header { "TableHeader" } else { "TableText" };
            let mut ppr = String::new();
            if keep_next {
                ppr.push_str("<w:keepNext/>");
            }
            if period {
                ppr.push_str("<w:jc w:val=\"center\"/>");
            }
            let cell = if kind == RowKind::Continued && k == 0 { &empty } else { cell };
            self.paragraph(style, &ppr, None, cell, "");
            self.out.push_str("</w:tc>");
        }
        self.out.push_str("</w:tr>");
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum RowKind {
    Header,
    Body,
    /// A schedule row that continues the period above (its first cell merged).
    Continued,
}

/// Column widths in twips from their shares of the line, summing to the type
/// area's width: the typesetter's measured widths ([`Typeset::column_shares`]).
fn column_widths(shares: &[f32]) -> Vec<u32> {
    let mut widths: Vec<u32> =
        shares.iter().map(|s| (s * TEXT_WIDTH as f32).round().max(1.0) as u32).collect();
    let sum: u32 = widths.iter().sum();
    if let Some(last) = widths.last_mut() {
        *last = (*last + TEXT_WIDTH).saturating_sub(sum).max(1);
    }
    widths
}

/// A title's text broken where the typesetter broke it: its own lines (U+2028, a
/// `<w:br/>`) and the lines each was set in ([`BALANCE_BREAK`], a `<w:cr/>`).
fn title_text(lines: &[Vec<String>]) -> String {
    let balance = BALANCE_BREAK.to_string();
    lines.iter().map(|set| set.join(&balance)).collect::<Vec<_>>().join("\u{2028}")
}

/// Character cells → twips.
fn twips(cells: f32) -> u32 {
    (cells * CELL).round().max(0.0) as u32
}

/// A Word bookmark name for an anchor id (`pian-1-2` → `_Toc_pian_1_2`).
fn bookmark_name(id: &str) -> String {
    let safe: String = id.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).take(34).collect();
    format!("_Toc_{safe}")
}

/// The runs of `inlines`: bold, italic and struck text as run properties.
fn inline_runs(out: &mut String, inlines: &[Inline], notes: &HashMap<String, usize>) {
    for i in inlines {
        if let Some(id) = i.note.as_ref().and_then(|l| notes.get(l)) {
            out.push_str(&format!(
                "<w:r><w:rPr><w:vertAlign w:val=\"superscript\"/></w:rPr><w:footnoteReference w:id=\"{id}\"/></w:r>"
            ));
            continue;
        }
        let mut rpr = String::new();
        if i.bold {
            rpr.push_str("<w:b/><w:bCs/>");
        }
        if i.italic {
            rpr.push_str("<w:i/><w:iCs/>");
        }
        if i.strike {
            rpr.push_str("<w:strike/>");
        }
        run(out, &i.text, &rpr);
    }
}
