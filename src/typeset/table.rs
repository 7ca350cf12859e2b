//! Table: a Markdown table → ruled grid lines (part of the layout stage).
//!
//! In: a [`Table`] of inline runs. Out: [`Row`]s, one per grid line, each holding
//! the glyphs of every cell on that line and a [`TableLine`] that tells the drawer
//! where the rules go. Cells wrap inside their column at 16 pt on the 28.99 pt
//! grid; the header is 黑体 and centred; the schedule's period column is centred
//! and fits its longest entry, and a period with all its points is one unit that is
//! not split over two pages. Column widths of other tables follow their measured
//! content; they are returned too (in points), for the DOCX's table grid.

use super::context::Ctx;
use super::measure;
use super::rows::{set_rows, Placed, Row, TableLine};
use crate::fonts::FontRole;
use crate::markdown::{Inline, Table};
use crate::page::BODY_SIZE;

/// A ruled table: each cell's text wrapped in its column, one grid line a line;
/// and the width of each column.
pub(super) fn table_rows(c: &mut Ctx<'_>, t: &Table) -> Result<(Vec<Row>, Vec<f32>), String> {
    let id = c.tables;
    c.tables += 1;
    let pad = c.g.cell / 2.0;
    let ncols = t.header.len().max(t.rows.iter().map(Vec::len).max().unwrap_or(0)).max(1);
    // Column widths: the schedule's period column fits its longest entry; other
    // tables share the width by their widest content.
    let mut natural = vec![2.0 * c.g.cell; ncols];
    for row in std::iter::once(&t.header).chain(t.rows.iter()) {
        for (k, cell) in row.iter().enumerate().take(ncols) {
            let text: String = cell.iter().map(|i| i.text.as_str()).collect();
            let w = measure::width(&c.plain(&text, FontRole::Body, BODY_SIZE)?) + 2.0 * pad;
            natural[k] = natural[k].max(w);
        }
    }
    let widths = share_widths(&natural, c.g.width, t.schedule);
    let mut columns = vec![0.0];
    for w in &widths {
        columns.push(columns.last().copied().unwrap_or(0.0) + w);
    }
    let grid = TableGrid { id, pad, widths, columns, centre_first: t.schedule };
    let mut rows = grid.row_lines(c, &t.header, true, Some(0.0))?;
    let mut group_start = rows.len();
    for row in &t.rows {
        let continues =
            t.schedule && row.first().is_none_or(|cell| cell.iter().all(|i| i.text.trim().is_empty()));
        if !continues {
            keep_together(&mut rows[group_start..]);
            group_start = rows.len();
        }
        let rule_from = if continues { grid.columns[1] } else { 0.0 };
        rows.extend(grid.row_lines(c, row, false, Some(rule_from))?);
    }
    keep_together(&mut rows[group_start..]);
    Ok((rows, grid.widths))
}

/// Column widths from each column's natural width, filling `total`: the
/// schedule's period column fits its longest entry (at most a third); other tables
/// share the width by their widest content, a column wider than an even share
/// giving up what the others need.
fn share_widths(natural: &[f32], total: f32, schedule: bool) -> Vec<f32> {
    let ncols = natural.len().max(1);
    if schedule && natural.len() == 2 {
        let first = natural[0].min(total / 3.0);
        return vec![first, total - first];
    }
    let sum: f32 = natural.iter().sum();
    if sum <= total {
        let extra = (total - sum) / ncols as f32;
        return natural.iter().map(|w| w + extra).collect();
    }
    let even = total / ncols as f32;
    let capped: Vec<f32> = natural.iter().map(|w| w.min(even)).collect();
    let spare = total - capped.iter().sum::<f32>();
    let wants: f32 = natural.iter().zip(&capped).map(|(n, k)| n - k).sum();
    natural
        .iter()
        .zip(&capped)
        .map(|(n, k)| k + if wants > 0.0 { (n - k) / wants * spare } else { 0.0 })
        .collect()
}

/// Makes the lines of one schedule period a single unit, so that a period and its
/// points are not split over two pages (when it fits on one).
fn keep_together(lines: &mut [Row]) {
    let len = lines.len();
    for (k, row) in lines.iter_mut().enumerate() {
        if let Some(t) = &mut row.table {
            t.unit_len = if k == 0 { len } else { 0 };
        }
    }
}

/// Column geometry of one table.
struct TableGrid {
    id: usize,
    pad: f32,
    widths: Vec<f32>,
    /// x of every vertical rule, from 0 to the table's width.
    columns: Vec<f32>,
    /// Centre the first column (the schedule's period).
    centre_first: bool,
}

impl TableGrid {
    /// The grid lines of one table row: each cell wrapped in its column.
    fn row_lines(
        &self,
        c: &mut Ctx<'_>,
        cells: &[Vec<Inline>],
        header: bool,
        rule_from: Option<f32>,
    ) -> Result<Vec<Row>, String> {
        let role = if header { FontRole::Heading1 } else { FontRole::Body };
        let mut per_cell: Vec<Vec<Row>> = Vec::new();
        for (k, cell) in cells.iter().enumerate().take(self.widths.len()) {
            let glyphs = c.glyphs(cell, role, BODY_SIZE)?;
            let inner = self.widths[k] - 2.0 * self.pad;
            let centre = header || (self.centre_first && k == 0);
            let mut lines = set_rows(glyphs, 0.0, 0.0, inner, inner);
            for line in &mut lines {
                let used = line.glyphs.last().map_or(0.0, |p| p.x + p.glyph.advance);
                let shift =
                    self.columns[k] + self.pad + if centre { (inner - used).max(0.0) / 2.0 } else { 0.0 };
                for p in &mut line.glyphs {
                    p.x += shift;
                }
            }
            per_cell.push(lines);
        }
        let height = per_cell.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let mut rows = Vec::with_capacity(height);
        for line in 0..height {
            let glyphs: Vec<Placed> = per_cell
                .iter_mut()
                .flat_map(|cell| {
                    cell.get_mut(line).map(|r| std::mem::take(&mut r.glyphs)).unwrap_or_default()
                })
                .collect();
            let mut row = Row::text(glyphs);
            row.table = Some(TableLine {
                table: self.id,
                rule_from: if line == 0 { rule_from } else { None },
                columns: self.columns.clone(),
                header,
                unit_len: if line == 0 { height } else { 0 },
            });
            rows.push(row);
        }
        Ok(rows)
    }
}
