//! Frame: the 公文 form around the body (GB/T 9704-2012 §7.2–§7.4) → rows.
//!
//! In: the frame's blocks — the 版头 (份号, 密级, 紧急程度, 发文机关标志, 发文字号,
//! 签发人), 主送, 附注, an 附件's label, the 版记 (抄送, 印发机关, 印发日期) — and the
//! layout's [`Ctx`]. Out: [`Row`]s on the 22-line grid; what sits off the grid
//! (the 标志, the red rule, the 版记's rules and its lines centred between them)
//! rides on a row as [`Mark`]s. The 版头's rows start on the first page's first
//! line and end two empty lines above the title, which then sits on the grid as
//! usual; the 版记's rows are flagged for the paginator, which sets them at the
//! foot of the last, even page.
//!
//! Grid lines below are counted from 0 at the top of the type area:
//! - 份号, 密级和保密期限, 紧急程度: lines 0, 1, 2 (those present, in that order),
//!   3号黑体, flush left (§7.2.1–§7.2.3);
//! - 发文机关标志 (§7.2.4): red 小标宋 (the title's face), centred, its em box's
//!   top 35 mm below the type area's top — for a 上行文 too (the 1999 edition
//!   put a 上报 document's 80 mm down; 2012 has one rule). One organ: sized so that its baseline
//!   falls on line 4's (42.9 pt, about 初号 and within the 1999 edition's
//!   22 × 15 mm), condensed when the name is wider than the line (to 60 %, then
//!   smaller too). A joint issue: the names stacked in 小一 (smaller for more than
//!   three, the stack at most four lines high), spread to one width, the suffix
//!   (文件) right of them, vertically centred, at the single 标志's size;
//! - 发文字号 (§7.2.5): on the first line whose em box is two line pitches or more
//!   below the 标志's (空二行: line 7 for one organ), centred; for a 上行文 1 字
//!   in from the left, on the last line of the 签发人 (§7.2.6: "签发人：" 仿宋,
//!   names 楷体, two to a line, wrapped names under the first, 1 字 from the right);
//! - the red rule (§7.2.7): 4 mm under the 发文字号's em box, as wide as the type
//!   area; the title then three lines under the 发文字号 (空二行 under the rule).

use super::context::Ctx;
use super::measure::{self, Glyph};
use super::rows::{centred, natural_run, set_rows, Mark, Placed, Row};
use crate::fonts::FontRole;
use crate::markdown::{Block, Role, SIGNER_LABEL};
use crate::page::{self, pt, BODY_SIZE, EM_ASCENT, IMPRINT_SIZE, JOINT_ISSUER_SIZE};

/// The grid line a single 标志's baseline sits on.
const ISSUER_LINE: usize = 4;
/// A 标志 is condensed to no less than this share of its width.
const MIN_SCALE: f32 = 0.6;

/// An empty grid line that is not dropped at the top of a page.
fn spacer() -> Row {
    Row::text(Vec::new())
}

/// Glyphs condensed (or spread) so that they take `width`: condensed by a
/// horizontal scale when wider, spread evenly between them when `spread`.
fn fit(mut glyphs: Vec<Glyph>, width: f32, spread: bool) -> Vec<Placed> {
    let natural = measure::width(&glyphs);
    if natural > width {
        let scale = width / natural;
        for g in &mut glyphs {
            g.scale = scale;
            g.advance *= scale;
        }
    }
    let gap = if spread && natural < width && glyphs.len() > 1 {
        (width - natural) / (glyphs.len() - 1) as f32
    } else {
        0.0
    };
    let mut placed = natural_run(glyphs, 0.0);
    for (k, p) in placed.iter_mut().enumerate() {
        p.x += gap * k as f32;
    }
    placed
}

fn shifted(placed: Vec<Placed>, dx: f32) -> Vec<Placed> {
    placed.into_iter().map(|p| Placed { x: p.x + dx, ..p }).collect()
}

fn width_of(placed: &[Placed]) -> f32 {
    placed.last().map_or(0.0, |p| p.x + p.glyph.advance) - placed.first().map_or(0.0, |p| p.x)
}

/// The 发文机关标志: its marks (baselines from the type area's top) and the
/// bottom of its em box (from the type area's top).
fn issuer_marks(
    c: &mut Ctx<'_>,
    names: &[&Block],
    suffix: Option<&Block>,
) -> Result<(Vec<Mark>, f32), String> {
    let g = c.g;
    let top = pt(page::ISSUER_BELOW_TOP_MM);
    // One organ: the baseline on line 4's, the em box's top 35 mm down.
    let base4 = ISSUER_LINE as f32 * g.pitch + g.baseline;
    let size = (base4 - top) / EM_ASCENT;
    let red = |mut glyphs: Vec<Glyph>| {
        glyphs.iter_mut().for_each(|x| x.red = true);
        glyphs
    };
    if names.len() == 1 && suffix.is_none() {
        let mut glyphs = red(c.glyphs(&names[0].inlines, FontRole::Title, size)?);
        // Condensed to at most MIN_SCALE; a longer name is set smaller as well
        // (its top stays at 35 mm).
        let natural = measure::width(&glyphs);
        let mut base = base4;
        if natural * MIN_SCALE > g.width {
            let smaller = size * g.width / (natural * MIN_SCALE);
            glyphs = red(c.glyphs(&names[0].inlines, FontRole::Title, smaller)?);
            base = top + EM_ASCENT * smaller;
        }
        let size = glyphs.first().map_or(size, |x| x.size);
        let placed = fit(glyphs, g.width, false);
        let x = (g.width - width_of(&placed)) / 2.0;
        let mark = Mark::Text { glyphs: shifted(placed, x), y: base };
        return Ok((vec![mark], base + (1.0 - EM_ASCENT) * size));
    }
    let suffix_glyphs = match suffix {
        Some(b) => red(c.glyphs(&b.inlines, FontRole::Title, size)?),
        None => Vec::new(),
    };
    let suffix_w = measure::width(&suffix_glyphs);
    let gap = if suffix_glyphs.is_empty() { 0.0 } else { JOINT_ISSUER_SIZE / 2.0 };
    // Many organs are set smaller and closer, the stack at most four lines high:
    // the first page must still show the text (practice: 挤发文机关，不挤正文).
    let n = names.len().max(1) as f32;
    let name_size = JOINT_ISSUER_SIZE.min(4.0 * g.pitch / (1.1 * (n - 1.0) + 1.0));
    let mut lines = Vec::new();
    for b in names {
        lines.push(red(c.glyphs(&b.inlines, FontRole::Title, name_size)?));
    }
    let column = lines.iter().map(|l| measure::width(l)).fold(0.0, f32::max).min(g.width - suffix_w - gap);
    let x0 = (g.width - column - gap - suffix_w) / 2.0;
    let pitch = name_size * 1.1;
    let first = top + EM_ASCENT * name_size;
    let mut marks = Vec::new();
    for (k, line) in lines.into_iter().enumerate() {
        let glyphs = shifted(fit(line, column, true), x0);
        marks.push(Mark::Text { glyphs, y: first + k as f32 * pitch });
    }
    let bottom = first + (n - 1.0) * pitch + (1.0 - EM_ASCENT) * name_size;
    if !suffix_glyphs.is_empty() {
        let middle = (top + bottom) / 2.0;
        let y = middle + (EM_ASCENT - 0.5) * size;
        marks.push(Mark::Text { glyphs: natural_run(suffix_glyphs, x0 + column + gap), y });
    }
    Ok((marks, bottom))
}

/// The 版头: rows from the first line of the page to the two empty lines under
/// the red rule (the title comes next).
pub(super) fn masthead_rows(c: &mut Ctx<'_>, blocks: &[Block]) -> Result<Vec<Row>, String> {
    let g = c.g;
    let mut rows = Vec::new();
    let of = |role: Role| blocks.iter().filter(move |b| b.role == role);
    for role in [Role::CopyNumber, Role::Secrecy, Role::Urgency] {
        for b in of(role) {
            let glyphs = c.glyphs(&b.inlines, FontRole::Heading1, BODY_SIZE)?;
            rows.extend(
                set_rows(glyphs, 0.0, 0.0, g.width, g.width).into_iter().map(|r| Row::text(r.glyphs)),
            );
        }
    }
    let names: Vec<&Block> = of(Role::Issuer).collect();
    let mut number_line = rows.len();
    if !names.is_empty() {
        let (marks, bottom) = issuer_marks(c, &names, of(Role::IssuerSuffix).next())?;
        let line = rows.len().max(ISSUER_LINE);
        while rows.len() < line {
            rows.push(spacer());
        }
        // Mark baselines are from the type area's top; the row's line is `line`.
        let at = line as f32 * g.pitch;
        let marks = marks
            .into_iter()
            .map(|m| match m {
                Mark::Text { glyphs, y } => Mark::Text { glyphs, y: y - at },
                rule => rule,
            })
            .collect();
        rows.push(Row { marks, ..spacer() });
        // 空二行: the first line whose em box is two pitches under the 标志's.
        let em_top = g.baseline - EM_ASCENT * BODY_SIZE;
        number_line = ((bottom + 2.0 * g.pitch - em_top) / g.pitch - 0.01).ceil().max(0.0) as usize;
    }
    while rows.len() < number_line {
        rows.push(spacer());
    }
    let number = match of(Role::DocNumber).next() {
        Some(b) => c.glyphs(&b.inlines, FontRole::Body, BODY_SIZE)?,
        None => Vec::new(),
    };
    let signers: Vec<&Block> = of(Role::Signer).collect();
    if signers.is_empty() {
        rows.extend(if number.is_empty() { vec![spacer()] } else { centred(number, g) });
    } else {
        rows.extend(signer_rows(c, &signers, number)?);
    }
    if !names.is_empty() || of(Role::DocNumber).next().is_some() {
        let y = g.baseline + (1.0 - EM_ASCENT) * BODY_SIZE + pt(page::RED_RULE_BELOW_MM);
        let rule = Mark::Rule { x0: 0.0, x1: g.width, y, width: pt(page::RED_RULE_MM), red: true };
        rows.last_mut().expect("the 发文字号's line").marks.push(rule);
        // 空二行 under the rule: the title on the third line under the 发文字号.
        rows.extend([spacer(), spacer()]);
    }
    // Not kept with what follows: the 版头 stands where it is, at the top of the
    // first page; a title that does not fit under it goes over alone.
    Ok(rows)
}

/// A 上行文's 签发人 lines, the 发文字号 1 字 in on the last of them.
fn signer_rows(c: &mut Ctx<'_>, signers: &[&Block], number: Vec<Glyph>) -> Result<Vec<Row>, String> {
    let cell = c.g.cell;
    let label = c.plain(SIGNER_LABEL, FontRole::Body, BODY_SIZE)?;
    let label_w = measure::width(&label);
    let mut names = Vec::new();
    for b in signers {
        names.push(c.glyphs(&b.inlines_after(SIGNER_LABEL), FontRole::Heading2, BODY_SIZE)?);
    }
    // Two names to a line, in two columns.
    let col = |k: usize| names.iter().skip(k).step_by(2).map(|n| measure::width(n)).fold(0.0, f32::max);
    let (w1, w2) = (col(0), col(1));
    let block = label_w + w1 + if names.len() > 1 { cell + w2 } else { 0.0 };
    let x = c.g.width - cell - block;
    let lines = names.len().div_ceil(2);
    let mut rows = Vec::new();
    let mut names = names.into_iter();
    for k in 0..lines {
        let mut placed = Vec::new();
        if k == 0 {
            placed.extend(natural_run(label.clone(), x));
        }
        if let Some(n) = names.next() {
            placed.extend(natural_run(n, x + label_w));
        }
        if let Some(n) = names.next() {
            placed.extend(natural_run(n, x + label_w + w1 + cell));
        }
        // The 发文字号 on the last names line, when the names leave it room (a
        // long name would overprint it: it goes on a line of its own below).
        let room = x + label_w >= cell + measure::width(&number) + cell;
        if k + 1 == lines && room {
            let mut line = natural_run(number.clone(), cell);
            line.extend(placed);
            placed = line;
        }
        rows.push(Row::text(placed));
        if k + 1 == lines && !room {
            rows.push(Row::text(natural_run(number.clone(), cell)));
        }
    }
    Ok(rows)
}

/// 主送机关: one line under the title, flush left, wrapping flush left (§7.3.2;
/// the title's blank line is the title's own).
pub(super) fn addressee_rows(c: &mut Ctx<'_>, b: &Block) -> Result<Vec<Row>, String> {
    let glyphs = c.glyphs(&b.inlines, FontRole::Body, BODY_SIZE)?;
    let mut rows = c.paragraph(glyphs, 0.0, 0.0);
    // Never the last line of a page: the text it addresses follows it.
    rows.iter_mut().for_each(|r| r.keep_with_next = true);
    Ok(rows)
}

/// 附注: in （）, 2 字 in, on the line after the 成文日期 (§7.3.6), kept with it.
pub(super) fn remark_rows(c: &mut Ctx<'_>, b: &Block) -> Result<Vec<Row>, String> {
    let text = b.plain_text();
    let text = if text.starts_with('（') { text } else { format!("（{text}）") };
    let glyphs = c.plain(&text, FontRole::Body, BODY_SIZE)?;
    if let Some(last) = c.rows.last_mut() {
        last.keep_with_next = true;
    }
    Ok(c.paragraph(glyphs, 2.0 * c.g.cell, 0.0))
}

/// An 附件's first lines: a new page, the label (附件1) on line 1 at the left in
/// 3号黑体, an empty line, then the annexed document's title on line 3 (§7.3.7).
pub(super) fn annex_label_rows(c: &mut Ctx<'_>, b: &Block) -> Result<Vec<Row>, String> {
    let glyphs = c.glyphs(&b.inlines, FontRole::Heading1, BODY_SIZE)?;
    let label = Row { keep_with_next: true, ..Row::text(natural_run(glyphs, 0.0)) };
    Ok(vec![Row::page_break(), label, Row { keep_with_next: true, ..spacer() }])
}

/// The 版记 (§7.4): 抄送 (§7.4.2) and the 印发 line (§7.4.3) in 4号仿宋, 1 字
/// being one 4号 character, between a thick first and last rule and a thin rule
/// between the elements (§7.4.1), each line centred between its rules.
pub(super) fn imprint_rows(c: &mut Ctx<'_>, blocks: &[Block]) -> Result<Vec<Row>, String> {
    let g = c.g;
    let one = g.cell * IMPRINT_SIZE / BODY_SIZE;
    let mut groups: Vec<Vec<Vec<Placed>>> = Vec::new();
    for b in blocks.iter().filter(|b| b.role == Role::CopyTo) {
        // 抄送： 1 字 in on both sides; wrapped lines under the first name.
        let glyphs = c.glyphs(&b.inlines, FontRole::Body, IMPRINT_SIZE)?;
        let lead = glyphs.iter().position(|x| x.ch == '：').map_or(0, |p| p + 1);
        let lead_w = measure::width(&glyphs[..lead]);
        let w = g.width - 2.0 * one;
        let rows = set_rows(glyphs, one, one + lead_w, w, w - lead_w);
        groups.push(rows.into_iter().map(|r| r.glyphs).collect());
    }
    let by = blocks.iter().find(|b| b.role == Role::PrintedBy);
    let on = blocks.iter().find(|b| b.role == Role::PrintedOn);
    if by.is_some() || on.is_some() {
        let date = match on {
            Some(b) => c.glyphs(&b.inlines, FontRole::Body, IMPRINT_SIZE)?,
            None => Vec::new(),
        };
        let date_w = measure::width(&date);
        // The organ wraps in the room left of the date (and a 字 between them);
        // the date stands on its last line.
        let mut lines: Vec<Vec<Placed>> = match by {
            Some(b) => {
                let glyphs = c.glyphs(&b.inlines, FontRole::Body, IMPRINT_SIZE)?;
                let room = (g.width - 3.0 * one - date_w).max(one);
                set_rows(glyphs, one, one, room, room).into_iter().map(|r| r.glyphs).collect()
            }
            None => Vec::new(),
        };
        if lines.is_empty() {
            lines.push(Vec::new());
        }
        if !date.is_empty() {
            let x = (g.width - one - date_w).max(one);
            lines.last_mut().expect("a line").extend(natural_run(date, x));
        }
        groups.push(lines);
    }
    // Each line's em box centred between the rules above and below it.
    let y = (g.pitch - IMPRINT_SIZE) / 2.0 + EM_ASCENT * IMPRINT_SIZE;
    let rule = |y: f32, mm: f32| Mark::Rule { x0: 0.0, x1: g.width, y, width: pt(mm), red: false };
    let mut rows = Vec::new();
    for (k, group) in groups.into_iter().enumerate() {
        for (j, glyphs) in group.into_iter().enumerate() {
            let mut row = Row { imprint: true, ..spacer() };
            row.marks.push(Mark::Text { glyphs, y });
            if j == 0 {
                let mm = if k == 0 { page::IMPRINT_THICK_MM } else { page::IMPRINT_THIN_MM };
                row.marks.push(rule(0.0, mm));
            }
            rows.push(row);
        }
    }
    if let Some(last) = rows.last_mut() {
        last.marks.push(rule(g.pitch, page::IMPRINT_THICK_MM));
    }
    Ok(rows)
}
