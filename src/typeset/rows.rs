//! Rows: the layout's output, one grid line each, and the ways to set glyphs in them.
//!
//! In: measured [`Glyph`]s and x offsets or widths. Out: [`Row`]s — a line of
//! [`Placed`] glyphs (x from the type area's left edge), a blank grid line or a
//! page break, with what the paginator and the drawer need to know of it (keep
//! with the next line, the anchor it carries, the 目录 target whose page number it
//! shows, its table rules). Glyphs become rows justified ([`set_rows`], through
//! [`super::linebreak`]), at their natural spacing ([`natural_run`]) or centred
//! ([`centred`]).

use super::geometry::Geometry;
use super::kinsoku::Class;
use super::linebreak::{break_lines, Metric};
use super::measure::{self, Glyph};
use crate::picture::Picture;
use std::sync::Arc;

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

/// A picture drawn `width` × `height` points at (`x`, `y`) from the type area's
/// left edge and the top of its figure's first grid line.
#[derive(Clone, Debug)]
pub struct PlacedPicture {
    pub file: Arc<Picture>,
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
}

/// The pictures of a picture block set on the grid (one, or a row side by side):
/// they take `lines` whole grid lines from their row's line down.
#[derive(Clone, Debug)]
pub struct Figure {
    pub pictures: Vec<PlacedPicture>,
    pub lines: usize,
    /// The caption rows that follow it (they move with it).
    pub captions: usize,
}

/// A mark of the 公文 frame drawn with a row, off its baseline: positions are
/// from the type area's left edge and from the top of the row's grid line.
#[derive(Clone, Debug)]
pub enum Mark {
    /// Glyphs on a baseline `y` points below the line's top (the 发文机关标志,
    /// the 版记's lines, centred between its rules).
    Text { glyphs: Vec<Placed>, y: f32 },
    /// A horizontal rule from `x0` to `x1`, its middle `y` points below the
    /// line's top, `width` points thick, black or red.
    Rule { x0: f32, x1: f32, y: f32, width: f32, red: bool },
}

/// One grid line of output (a picture row: as many as its picture takes).
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
    pub picture: Option<Figure>,
    /// No picture waiting for the next page may be passed by this row (the
    /// 附件说明 and the 落款 close the document: they never go above a picture).
    pub closes: bool,
    /// The labels of the footnotes cited on this line.
    pub notes: Vec<std::sync::Arc<str>>,
    /// The 公文 frame's text and rules drawn with this line.
    pub marks: Vec<Mark>,
    /// A line of the 版记: set at the foot of the last, even page.
    pub imprint: bool,
    /// An empty line that goes when that keeps the lines it is kept with on the
    /// page (one of the two above a sealed 落款: GB/T 9704-2012 §7.3.5.5 tightens
    /// the spacing rather than let the 落款 move): the block index of that 落款.
    pub squeeze: Option<usize>,
}

impl Row {
    /// A line of placed glyphs.
    pub fn text(glyphs: Vec<Placed>) -> Row {
        Row {
            kind: RowKind::Text,
            glyphs,
            keep_with_next: false,
            anchor: None,
            toc_target: None,
            table: None,
            picture: None,
            closes: false,
            notes: Vec::new(),
            marks: Vec::new(),
            imprint: false,
            squeeze: None,
        }
    }

    /// The grid lines the row takes: 1, or its picture's lines.
    pub fn lines(&self) -> usize {
        self.picture.as_ref().map_or(1, |p| p.lines)
    }

    /// An empty grid line.
    pub fn blank() -> Row {
        Row { kind: RowKind::Blank, ..Row::text(Vec::new()) }
    }

    /// A page break.
    pub fn page_break() -> Row {
        Row { kind: RowKind::PageBreak, ..Row::text(Vec::new()) }
    }
}

impl Default for Row {
    /// An empty grid line.
    fn default() -> Row {
        Row::blank()
    }
}

/// Glyphs broken into justified lines ([`super::linebreak`]): the first line at
/// `first_x`, `first_w` wide, the others at `rest_x`, `rest_w` wide.
pub fn set_rows(glyphs: Vec<Glyph>, first_x: f32, rest_x: f32, first_w: f32, rest_w: f32) -> Vec<Row> {
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

/// Glyphs one after another at their natural advances, from `x0`.
pub fn natural_run(glyphs: Vec<Glyph>, x0: f32) -> Vec<Placed> {
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
pub fn centred(glyphs: Vec<Glyph>, g: &Geometry) -> Vec<Row> {
    centred_in(glyphs, 0.0, g.width)
}

/// Glyphs centred in the column `width` wide at `x0` (a caption under one of
/// the pictures of a row), broken into lines when they do not fit.
pub fn centred_in(glyphs: Vec<Glyph>, x0: f32, width: f32) -> Vec<Row> {
    let area = width;
    let width = measure::width(&glyphs);
    if width > area {
        // Too long for one line (a word no balanced break can take): broken like a
        // paragraph, each line then centred at its natural spacing, not justified.
        return set_rows(glyphs, x0, x0, area, area)
            .into_iter()
            .map(|row| {
                let line: Vec<Glyph> = row.glyphs.iter().map(|p| p.glyph.clone()).collect();
                // A closing mark ending the line may set its blank half outside.
                let hang = line.last().filter(|l| l.class == Class::Close).map_or(0.0, |l| l.advance / 2.0);
                let w = measure::width(&line) - hang;
                if w <= area + 0.01 {
                    Row::text(natural_run(line, x0 + (area - w) / 2.0))
                } else {
                    row // pushed in further: it keeps its compressed spacing
                }
            })
            .collect();
    }
    vec![Row::text(natural_run(glyphs, x0 + (area - width) / 2.0))]
}
