//! Layout: blocks → rows on the grid, each row one grid line.
//!
//! In: [`Block`]s with roles, the fonts and the page geometry. Out: [`Laid`]: a
//! flat list of [`Row`]s (a line of placed glyphs, a blank grid line, or a page
//! break), with anchors for bookmarks and 目录, and table lines that know their
//! rules; and, by block, what the other writers read of it: each title's lines
//! ([`super::title`]) and each table's column widths ([`super::table`]).
//! Positions here are x offsets from the left edge of the type area; the
//! paginator decides which page and grid line each row lands on.

use super::context::Ctx;
use super::figure::{picture_rows, PrintedFigure};
use super::frame;
use super::geometry::Geometry;
use super::measure::{self, Missing};
use super::rows::{centred, natural_run, set_rows, Anchor, Row, RowKind};
use super::table::table_rows;
use super::title::{title_rows, TitleLines};
use crate::fonts::{FontRole, FontSet};
use crate::markdown::{Block, Inline, Role};
use crate::page::{BODY_SIZE, TITLE_SIZE};
use std::collections::HashMap;

/// What the layout decided besides the rows.
pub struct Laid {
    /// For each missing character: where it was first seen (", in section …").
    pub missing_context: HashMap<char, String>,
    /// The lines of each title and part title, by block index.
    pub titles: HashMap<usize, TitleLines>,
    /// The column widths of each table in points, by block index.
    pub columns: HashMap<usize, Vec<f32>>,
    /// The printed size of each picture in points and its grid lines, by block index.
    pub pictures: HashMap<usize, PrintedFigure>,
    /// The heading the last block falls under.
    pub section: String,
}

/// Where rows go once the layout will not change them any more.
pub type Settled<'s> = dyn FnMut(std::vec::Drain<'_, Row>) -> Result<(), String> + 's;

/// Lays out every block, handing rows to `settled` in order as soon as no later
/// block can change them (the 落款 pulls the body's last lines and the 附件说明
/// along: those wait for it), so that the rows of the whole document are never
/// held at once.
pub fn layout(
    blocks: &[Block],
    fonts: &FontSet,
    g: &Geometry,
    missing: &mut Vec<Missing>,
    settled: &mut Settled<'_>,
) -> Result<Laid, String> {
    let mut c = Ctx::new(fonts, g, missing);
    let (mut titles, mut columns, mut pictures) = (HashMap::new(), HashMap::new(), HashMap::new());
    let indent = 2.0 * g.cell;
    let mut i = 0;
    while i < blocks.len() {
        let b = &blocks[i];
        match b.role {
            Role::Title | Role::Part => {
                // Under a 版头 or an 附件 label the title's line is set already.
                let framed = i > 0 && (blocks[i - 1].is_masthead() || blocks[i - 1].role == Role::AnnexLabel);
                let collection_cover =
                    b.role == Role::Title && !framed && blocks.iter().any(|x| x.role == Role::Part);
                if b.role == Role::Part {
                    c.rows.push(Row::page_break());
                }
                if collection_cover {
                    c.rows.extend((0..4).map(|_| Row::blank()));
                }
                c.section = b.plain_text().replace('\u{2028}', "");
                let (rows, lines) = title_rows(&mut c, b)?;
                c.rows.extend(rows);
                titles.insert(i, lines);
                let has_subtitle = blocks.get(i + 1).is_some_and(|n| n.role == Role::Subtitle);
                if has_subtitle {
                    i += 1;
                    let glyphs = c.glyphs(&blocks[i].inlines, FontRole::Heading2, BODY_SIZE)?;
                    c.rows.extend(centred(glyphs, g));
                }
                c.rows.push(Row::blank());
            }
            Role::Subtitle => {
                let glyphs = c.glyphs(&b.inlines, FontRole::Heading2, BODY_SIZE)?;
                c.rows.extend(centred(glyphs, g));
            }
            Role::Heading(level) => {
                let role = match level {
                    1 => FontRole::Heading1,
                    2 => FontRole::Heading2,
                    _ => FontRole::Body,
                };
                let label = b.plain_text();
                if level == 1 {
                    c.section = label.clone();
                }
                let mut glyphs = c.glyphs(&b.inlines, role, BODY_SIZE)?;
                if g.bold_headings {
                    glyphs.iter_mut().for_each(|x| x.bold = true);
                }
                let mut rows = c.paragraph(glyphs, indent, 0.0);
                for r in &mut rows {
                    r.keep_with_next = true;
                }
                if level == 1 {
                    if let Some(first) = rows.first_mut() {
                        first.anchor = Some(Anchor { id: b.id.clone(), label, level: 1 });
                    }
                }
                c.rows.extend(rows);
            }
            Role::Paragraph | Role::ListItem { .. } => {
                let depth = match b.role {
                    Role::ListItem { depth } => depth as f32,
                    _ => 0.0,
                };
                let mut runs = Vec::new();
                if let Some(m) = &b.marker {
                    runs.push(Inline { text: m.clone(), ..Inline::default() });
                }
                runs.extend(b.inlines.iter().cloned());
                let glyphs = c.glyphs(&runs, FontRole::Body, BODY_SIZE)?;
                let rows = c.paragraph(glyphs, indent + depth * indent, 0.0);
                c.rows.extend(rows);
            }
            Role::CodeBlock => {
                for line in b.plain_text().lines() {
                    let glyphs = c.plain(line, FontRole::Body, BODY_SIZE)?;
                    let rows = c.paragraph(glyphs, 0.0, 0.0);
                    c.rows.extend(rows);
                }
            }
            Role::Rule => c.rows.push(Row::blank()),
            // The 公文 frame (`frame`): the 版头 and the 版记 as a whole.
            Role::CopyNumber
            | Role::Secrecy
            | Role::Urgency
            | Role::Issuer
            | Role::IssuerSuffix
            | Role::DocNumber
            | Role::Signer => {
                let end = i + blocks[i..].iter().take_while(|x| x.is_masthead()).count();
                let rows = frame::masthead_rows(&mut c, &blocks[i..end])?;
                c.rows.extend(rows);
                i = end - 1;
            }
            Role::CopyTo | Role::PrintedBy | Role::PrintedOn => {
                let end = i + blocks[i..].iter().take_while(|x| x.is_imprint()).count();
                while c.rows.last().is_some_and(|r| r.kind != RowKind::Text) {
                    c.rows.pop();
                }
                let rows = frame::imprint_rows(&mut c, &blocks[i..end])?;
                c.rows.extend(rows);
                i = end - 1;
            }
            Role::Addressee => {
                let rows = frame::addressee_rows(&mut c, b)?;
                c.rows.extend(rows);
            }
            Role::Remark => {
                let rows = frame::remark_rows(&mut c, b)?;
                c.rows.extend(rows);
            }
            Role::AnnexLabel => {
                let rows = frame::annex_label_rows(&mut c, b)?;
                c.rows.extend(rows);
            }
            // At the foot of the page that cites it (`notes`).
            Role::Note => {}
            Role::Picture => {
                let (rows, size) = picture_rows(&mut c, b)?;
                c.rows.extend(rows);
                if let Some(size) = size {
                    pictures.insert(i, size);
                }
            }
            Role::Toc => {
                c.rows.push(Row::page_break());
                let glyphs = c.glyphs(&b.inlines, FontRole::Heading1, TITLE_SIZE)?;
                c.rows.extend(centred(glyphs, g));
                c.rows.push(Row::blank());
            }
            Role::TocEntry { depth } => {
                let row = toc_row(&mut c, b, depth)?;
                c.rows.extend(row);
            }
            Role::ScheduleTitle => {
                c.rows.push(Row::blank());
                let glyphs = c.glyphs(&b.inlines, FontRole::Body, BODY_SIZE)?;
                let mut rows = c.paragraph(glyphs, indent, 0.0);
                for r in &mut rows {
                    r.keep_with_next = true;
                }
                c.rows.extend(rows);
            }
            Role::Table => {
                if let Some(t) = &b.table {
                    let (rows, widths) = table_rows(&mut c, t)?;
                    c.rows.extend(rows);
                    columns.insert(i, widths);
                }
            }
            Role::Attachment => {
                let first = i == 0 || blocks[i - 1].role != Role::Attachment;
                if first {
                    keep_with_closing(&mut c.rows);
                    c.closing_from = Some(c.handed + c.rows.len());
                    c.rows.push(Row { closes: true, ..Row::blank() });
                }
                let mut rows = attachment_rows(&mut c, b, first)?;
                // The 附件说明 stays together, and with what follows it.
                for r in &mut rows {
                    r.keep_with_next = true;
                }
                c.rows.extend(rows);
            }
            Role::Signature | Role::Date => {
                let (org, date, taken) = crate::markdown::closing_at(blocks, i);
                let first = i;
                i += taken - 1;
                // The 落款 never stands alone on a page: the 附件说明 and at least the
                // last two lines of body (or the schedule's last month) come along.
                match c.closing_from.take() {
                    Some(from) => c.rows[from - c.handed..].iter_mut().for_each(|r| r.keep_with_next = true),
                    None => keep_with_closing(&mut c.rows),
                }
                let rows = closing_rows(&mut c, first, org, date)?;
                c.rows.extend(rows);
            }
        }
        i += 1;
        // Rows a later 落款 could still pull along, and blank rows that may end
        // the document, wait.
        let last_text = c.rows.iter().rposition(|r| r.kind == RowKind::Text).map_or(0, |p| p + 1);
        let mut done = closing_reach(&c.rows).min(last_text);
        if let Some(from) = c.closing_from {
            done = done.min(from - c.handed);
        }
        hand_over(&mut c, done, settled)?;
    }
    // Nothing after the last row needs a blank line.
    while c.rows.last().is_some_and(|r| r.kind != RowKind::Text) {
        c.rows.pop();
    }
    let rest = c.rows.len();
    hand_over(&mut c, rest, settled)?;
    Ok(Laid { missing_context: c.context, titles, columns, pictures, section: c.section })
}

/// Hands the first `n` rows of those held to `settled`, each knowing the
/// footnotes it cites.
fn hand_over(c: &mut Ctx<'_>, n: usize, settled: &mut Settled<'_>) -> Result<(), String> {
    if n == 0 {
        return Ok(());
    }
    for row in &mut c.rows[..n] {
        row.notes = row.glyphs.iter().filter_map(|p| p.glyph.note.clone()).collect();
    }
    c.handed += n;
    settled(c.rows.drain(..n))
}

/// Marks the end of the body to go over with the 落款: rows back to the second-last
/// line of text, or the whole last unit of a table (a schedule's last month).
fn keep_with_closing(rows: &mut [Row]) {
    let from = closing_reach(rows);
    rows[from..].iter_mut().for_each(|r| r.keep_with_next = true);
}

/// Where [`keep_with_closing`] would start: the second-last line of text, the
/// first line of the last table unit, or after the last page break, whichever
/// comes last.
fn closing_reach(rows: &[Row]) -> usize {
    let mut lines = 0;
    for (k, r) in rows.iter().enumerate().rev() {
        if r.kind == RowKind::PageBreak {
            return k + 1;
        }
        if let Some(t) = &r.table {
            if t.unit_len > 0 {
                return k; // the first line of the table's last unit
            }
            continue;
        }
        if r.kind == RowKind::Text {
            lines += 1;
            if lines == 2 {
                return k;
            }
        }
    }
    0
}

/// One 目录 line: text, then leaders and the page number drawn later.
fn toc_row(c: &mut Ctx<'_>, b: &Block, depth: u8) -> Result<Vec<Row>, String> {
    let x0 = depth as f32 * 2.0 * c.g.cell;
    // Level-1 entries keep the 黑体 of the headings they name.
    let role = if depth == 0 { FontRole::Body } else { FontRole::Heading1 };
    let glyphs = c.glyphs(&b.inlines, role, BODY_SIZE)?;
    // Leave three cells for leaders and the number.
    let reserve = 3.0 * c.g.cell;
    let w = c.g.width - x0 - reserve;
    let mut rows = set_rows(glyphs, x0, x0 + 2.0 * c.g.cell, w, w - 2.0 * c.g.cell);
    // Lines of a 目录 entry are not stretched: move them back to natural spacing.
    for r in &mut rows {
        if let Some(first) = r.glyphs.first().map(|p| p.x) {
            let glyphs = std::mem::take(&mut r.glyphs).into_iter().map(|p| p.glyph).collect();
            r.glyphs = natural_run(glyphs, first);
        }
    }
    let target = b.inlines.iter().find_map(|i| i.link.clone()).map(|l| l.trim_start_matches('#').to_string());
    // The lines of one entry stay on one page.
    let n = rows.len();
    for r in rows.iter_mut().take(n.saturating_sub(1)) {
        r.keep_with_next = true;
    }
    if let Some(last) = rows.last_mut() {
        last.toc_target = target;
    }
    Ok(rows)
}

/// 附件说明: `附件：1. 名称`, wrapped names aligned under the name.
fn attachment_rows(c: &mut Ctx<'_>, b: &Block, first: bool) -> Result<Vec<Row>, String> {
    let indent = 2.0 * c.g.cell;
    let text = b.plain_text();
    let label_w = 3.0 * c.g.cell; // 附件：
    let (lead, name) = match text.strip_prefix("附件：") {
        Some(rest) => ("附件：", rest.to_string()),
        None => ("", text.clone()),
    };
    let number_len = name
        .find(". ")
        .filter(|&p| p <= 3 && name[..p].chars().all(|ch| ch.is_ascii_digit()))
        .map(|p| p + 2)
        .unwrap_or(0);
    let number = &name[..number_len];
    let number_w = measure::width(&c.plain(number, FontRole::Body, BODY_SIZE)?);
    let first_x = if first || !lead.is_empty() { indent } else { indent + label_w };
    let rest_x = indent + label_w + number_w;
    let glyphs = c.plain(&format!("{lead}{}", name), FontRole::Body, BODY_SIZE)?;
    Ok(c.paragraph(glyphs, first_x, rest_x))
}

/// 落款: organisation 2 characters from the right edge, the date starting 2
/// characters right of the organisation's start (or ending 2 characters from the
/// right edge when it is longer, the organisation moving left to keep the stagger).
/// With the seal (GB/T 9704-2012 §7.3.5.1): two empty lines above, for the seal
/// to come down within a line of the body; the date 4 characters from the right
/// edge and the organisation centred over it.
fn closing_rows(
    c: &mut Ctx<'_>,
    block: usize,
    org: Option<&Block>,
    date: Option<&Block>,
) -> Result<Vec<Row>, String> {
    let two = 2.0 * c.g.cell;
    let right = c.g.width - two;
    let org_g = match org {
        Some(b) => c.glyphs(&b.inlines, FontRole::Body, BODY_SIZE)?,
        None => Vec::new(),
    };
    let date_g = match date {
        Some(b) => c.glyphs(&b.inlines, FontRole::Body, BODY_SIZE)?,
        None => Vec::new(),
    };
    // A line wider than the room left of the 2-character margin is wrapped to it.
    let (ow, dw) = (measure::width(&org_g).min(right), measure::width(&date_g).min(right));
    let seal = org.is_some_and(|b| b.seal) || date.is_some_and(|b| b.seal);
    let four = c.g.width - 4.0 * c.g.cell;
    let (org_x, date_x) = if seal && date_g.is_empty() {
        (four - ow, 0.0)
    } else if seal {
        // A name much longer than the date stays inside the line.
        let date_x = four - dw;
        ((date_x + (dw - ow) / 2.0).min(c.g.width - ow), date_x)
    } else if org_g.is_empty() {
        (0.0, right - dw)
    } else if two + dw > ow {
        (right - dw - two, right - dw)
    } else {
        (right - ow, right - ow + two)
    };
    let blank = Row { keep_with_next: true, closes: true, ..Row::blank() };
    let mut rows =
        if seal { vec![blank.clone(), Row { squeeze: Some(block), ..blank }] } else { vec![blank] };
    for (glyphs, x0) in [(org_g, org_x), (date_g, date_x)] {
        if glyphs.is_empty() {
            continue;
        }
        let lines = if measure::width(&glyphs) > right + 0.01 {
            set_rows(glyphs, 0.0, 0.0, right, right)
        } else {
            vec![Row::text(natural_run(glyphs, x0.max(0.0)))]
        };
        for mut row in lines {
            row.keep_with_next = true;
            rows.push(row);
        }
    }
    if let Some(last) = rows.last_mut() {
        last.keep_with_next = false;
    }
    Ok(rows)
}
