//! Layout: blocks → rows on the grid, each row one grid line.
//!
//! In: [`Block`]s with roles, the fonts and the page geometry. Out: [`Laid`]: a
//! flat list of [`Row`]s (a line of placed glyphs, a blank grid line, or a page
//! break), with anchors for bookmarks and 目录, and table lines that know their
//! rules. Positions here are x offsets from the left edge of the type area; the
//! paginator decides which page and grid line each row lands on.

use super::linebreak::{break_lines, Metric};
use super::measure::{self, Class, Glyph, Missing};
use super::{Geometry, BODY_SIZE, TITLE_SIZE};
use crate::fonts::{FontRole, FontSet};
use crate::markdown::{Block, Inline, Role};
use std::collections::HashMap;

/// A glyph and its x offset from the type area's left edge.
#[derive(Clone, Debug)]
pub struct Placed {
    pub glyph: Glyph,
    pub x: f32,
}

/// What a row is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowKind {
    Text,
    /// An empty grid line (空一行); dropped at the top of a page.
    Blank,
    /// Start a new page here (a 篇, the 目录).
    PageBreak,
}

/// A place bookmarks and the 目录 point at.
#[derive(Clone, Debug)]
pub struct Anchor {
    pub id: Option<String>,
    pub label: String,
    /// 0 for a part or title, 1 for a level-1 heading.
    pub level: u8,
}

/// One grid line of a ruled table.
#[derive(Clone, Debug, Default)]
pub struct TableLine {
    pub table: usize,
    /// x where this line's top rule starts (None: no rule above this line).
    pub rule_from: Option<f32>,
    /// x of every vertical rule.
    pub columns: Vec<f32>,
    pub header: bool,
    /// On the first line of a unit that must not be split: its line count.
    pub unit_len: usize,
}

/// One grid line of output.
#[derive(Clone, Debug)]
pub struct Row {
    pub kind: RowKind,
    pub glyphs: Vec<Placed>,
    /// A heading: never the last line of a page.
    pub keep_with_next: bool,
    pub anchor: Option<Anchor>,
    /// A 目录 line: the anchor whose page number it shows.
    pub toc_target: Option<String>,
    pub table: Option<TableLine>,
}

impl Row {
    pub(super) fn text(glyphs: Vec<Placed>) -> Row {
        Row {
            kind: RowKind::Text,
            glyphs,
            keep_with_next: false,
            anchor: None,
            toc_target: None,
            table: None,
        }
    }

    fn blank() -> Row {
        Row { kind: RowKind::Blank, ..Row::text(Vec::new()) }
    }

    fn page_break() -> Row {
        Row { kind: RowKind::PageBreak, ..Row::text(Vec::new()) }
    }
}

/// The laid-out document.
pub struct Laid {
    pub rows: Vec<Row>,
    /// For each missing character: where it was first seen (", in section …").
    pub missing_context: HashMap<char, String>,
}

pub(super) struct Ctx<'a> {
    fonts: &'a FontSet,
    pub(super) g: &'a Geometry,
    missing: &'a mut Vec<Missing>,
    rows: Vec<Row>,
    pub(super) tables: usize,
    section: String,
    context: HashMap<char, String>,
    /// Where the 附件说明 began (its blank line), while the 落款 has not come yet.
    closing_from: Option<usize>,
}

impl Ctx<'_> {
    pub(super) fn glyphs(
        &mut self,
        runs: &[Inline],
        role: FontRole,
        size: f32,
    ) -> Result<Vec<Glyph>, String> {
        let before = self.missing.len();
        let glyphs = measure::glyphs(runs, role, size, self.fonts, self.g, self.missing)?;
        for m in &self.missing[before..] {
            let at =
                if self.section.is_empty() { String::new() } else { format!(", in \"{}\"", self.section) };
            self.context.entry(m.ch).or_insert(at);
        }
        Ok(glyphs)
    }

    pub(super) fn plain(&mut self, text: &str, role: FontRole, size: f32) -> Result<Vec<Glyph>, String> {
        self.glyphs(&[Inline { text: text.to_string(), ..Inline::default() }], role, size)
    }

    /// A paragraph: first line at `first_x`, the rest at `rest_x`, justified.
    fn paragraph(&mut self, glyphs: Vec<Glyph>, first_x: f32, rest_x: f32) -> Vec<Row> {
        let w = self.g.width;
        set_rows(glyphs, first_x, rest_x, w - first_x, w - rest_x)
    }
}

pub(super) fn set_rows(glyphs: Vec<Glyph>, first_x: f32, rest_x: f32, first_w: f32, rest_w: f32) -> Vec<Row> {
    let metrics: Vec<Metric> =
        glyphs.iter().map(|g| Metric { ch: g.ch, class: g.class, advance: g.advance }).collect();
    break_lines(&metrics, first_w, rest_w)
        .into_iter()
        .enumerate()
        .map(|(k, line)| {
            let x0 = if k == 0 { first_x } else { rest_x };
            Row::text(
                line.placed.iter().map(|&(i, x)| Placed { glyph: glyphs[i].clone(), x: x0 + x }).collect(),
            )
        })
        .collect()
}

/// Lays out every block.
pub fn layout(
    blocks: &[Block],
    fonts: &FontSet,
    g: &Geometry,
    missing: &mut Vec<Missing>,
) -> Result<Laid, String> {
    let mut c = Ctx {
        fonts,
        g,
        missing,
        rows: Vec::new(),
        tables: 0,
        section: String::new(),
        context: HashMap::new(),
        closing_from: None,
    };
    let indent = 2.0 * g.cell;
    let mut i = 0;
    while i < blocks.len() {
        let b = &blocks[i];
        match b.role {
            Role::Title | Role::Part => {
                let collection_cover = b.role == Role::Title && blocks.iter().any(|x| x.role == Role::Part);
                if b.role == Role::Part {
                    c.rows.push(Row::page_break());
                }
                if collection_cover {
                    c.rows.extend((0..4).map(|_| Row::blank()));
                }
                c.section = b.plain_text().replace('\u{2028}', "");
                let rows = title_rows(&mut c, b)?;
                c.rows.extend(rows);
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
                    let rows = super::table::table_rows(&mut c, t)?;
                    c.rows.extend(rows);
                }
            }
            Role::Attachment => {
                let first = i == 0 || blocks[i - 1].role != Role::Attachment;
                if first {
                    keep_with_closing(&mut c.rows);
                    c.closing_from = Some(c.rows.len());
                    c.rows.push(Row::blank());
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
                i += taken - 1;
                // The 落款 never stands alone on a page: the 附件说明 and at least the
                // last two lines of body (or the schedule's last month) come along.
                match c.closing_from.take() {
                    Some(from) => c.rows[from..].iter_mut().for_each(|r| r.keep_with_next = true),
                    None => keep_with_closing(&mut c.rows),
                }
                let rows = closing_rows(&mut c, org, date)?;
                c.rows.extend(rows);
            }
        }
        i += 1;
    }
    // Nothing after the last row needs a blank line.
    while c.rows.last().is_some_and(|r| r.kind != RowKind::Text) {
        c.rows.pop();
    }
    Ok(Laid { rows: c.rows, missing_context: c.context })
}

/// Marks the end of the body to go over with the 落款: rows back to the second-last
/// line of text, or the whole last unit of a table (a schedule's last month).
fn keep_with_closing(rows: &mut [Row]) {
    let mut lines = 0;
    for r in rows.iter_mut().rev() {
        if r.kind == RowKind::PageBreak {
            break;
        }
        r.keep_with_next = true;
        if let Some(t) = &r.table {
            if t.unit_len > 0 {
                break; // the first line of the table's last unit
            }
            continue;
        }
        if r.kind == RowKind::Text {
            lines += 1;
            if lines == 2 {
                break;
            }
        }
    }
}

/// Glyphs one after another at their natural advances, from `x0`.
fn natural_run(glyphs: Vec<Glyph>, x0: f32) -> Vec<Placed> {
    let mut x = x0;
    glyphs
        .into_iter()
        .map(|glyph| {
            let p = Placed { x, glyph };
            x += p.glyph.advance;
            p
        })
        .collect()
}

/// A centred line (subtitle, 目录 heading).
fn centred(glyphs: Vec<Glyph>, g: &Geometry) -> Vec<Row> {
    let width = measure::width(&glyphs);
    if width > g.width {
        // Too long for one line (a word no balanced break can take): broken like a
        // paragraph, each line then centred at its natural spacing, not justified.
        return set_rows(glyphs, 0.0, 0.0, g.width, g.width)
            .into_iter()
            .map(|row| {
                let line: Vec<Glyph> = row.glyphs.iter().map(|p| p.glyph.clone()).collect();
                // A closing mark ending the line may set its blank half outside.
                let hang = line.last().filter(|l| l.class == Class::Close).map_or(0.0, |l| l.advance / 2.0);
                let w = measure::width(&line) - hang;
                if w <= g.width + 0.01 {
                    Row::text(natural_run(line, (g.width - w) / 2.0))
                } else {
                    row // pushed in further: it keeps its compressed spacing
                }
            })
            .collect();
    }
    vec![Row::text(natural_run(glyphs, (g.width - width) / 2.0))]
}

/// Title lines: ≤ 20 characters, centred, balanced with the upper line longer;
/// never broken inside a number or word; explicit line breaks (U+2028) kept.
fn title_rows(c: &mut Ctx<'_>, b: &Block) -> Result<Vec<Row>, String> {
    let text = b.plain_text();
    let mut rows = Vec::new();
    for chunk in text.split('\u{2028}') {
        let glyphs = c.plain(chunk.trim(), FontRole::Title, TITLE_SIZE)?;
        for line in balance(&glyphs, c.g.width) {
            rows.extend(centred(line, c.g));
        }
    }
    for r in &mut rows {
        r.keep_with_next = true;
    }
    if let Some(first) = rows.first_mut() {
        let level = 0;
        first.anchor = Some(Anchor { id: b.id.clone(), label: text.replace('\u{2028}', ""), level });
    }
    Ok(rows)
}

/// Splits title glyphs into balanced lines that each fit `width`.
pub fn balance(glyphs: &[Glyph], width: f32) -> Vec<Vec<Glyph>> {
    let total = measure::width(glyphs);
    if total <= width || glyphs.len() < 2 {
        return vec![glyphs.to_vec()];
    }
    let can_break = |k: usize| -> bool {
        let (a, b) = (&glyphs[k - 1], &glyphs[k]);
        let inside_word = a.class == Class::Word && b.class == Class::Word;
        let inside_dash = a.class == Class::Dash && b.class == Class::Dash;
        !inside_word && !inside_dash && !measure::NO_START.contains(b.ch) && !measure::NO_END.contains(a.ch)
    };
    let lines = (total / width).ceil() as usize;
    let em = glyphs[0].size;
    let mut out = Vec::new();
    let mut start = 0;
    for line in 0..lines - 1 {
        let remaining = measure::width(&glyphs[start..]);
        let target = remaining / (lines - line) as f32;
        let mut best: Option<(f32, usize)> = None;
        for k in start + 1..glyphs.len() {
            let upper = measure::width(&glyphs[start..k]);
            if upper > width {
                break;
            }
            if !can_break(k) || measure::width(&glyphs[k..]) > width * (lines - line - 1) as f32 {
                continue;
            }
            // Upper line a little longer than the target; a space is the best break.
            let mut cost = (upper - target - em * 0.5).abs();
            if upper < target {
                cost += em * 2.0;
            }
            if glyphs[k].class == Class::Space || glyphs[k - 1].class == Class::Space {
                cost -= em * 3.0;
            }
            if best.is_none_or(|(c, _)| cost < c) {
                best = Some((cost, k));
            }
        }
        let Some((_, k)) = best else { break };
        out.push(trim_spaces(&glyphs[start..k]));
        start = k;
    }
    out.push(trim_spaces(&glyphs[start..]));
    out
}

fn trim_spaces(g: &[Glyph]) -> Vec<Glyph> {
    let a = g.iter().position(|x| x.class != Class::Space).unwrap_or(g.len());
    let b = g.iter().rposition(|x| x.class != Class::Space).map_or(a, |p| p + 1);
    g[a..b].to_vec()
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
fn closing_rows(c: &mut Ctx<'_>, org: Option<&Block>, date: Option<&Block>) -> Result<Vec<Row>, String> {
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
    let (org_x, date_x) = if org_g.is_empty() {
        (0.0, right - dw)
    } else if two + dw > ow {
        (right - dw - two, right - dw)
    } else {
        (right - ow, right - ow + two)
    };
    let mut rows = vec![Row { keep_with_next: true, ..Row::blank() }];
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
