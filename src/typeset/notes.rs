//! Notes: footnotes → text at the foot of the page that cites them.
//!
//! In: the [`Role::Note`] blocks (laid out here at 小四, 12 pt, in the body's
//! 仿宋, the width of the type area) and the pages the paginator fills. Out: for
//! each page, the room its notes take (whole grid lines at the bottom of the type
//! area, so the body above stays on the grid), a short rule, the notes' lines at
//! their own 16 pt pitch, and the marks in the body and before each note
//! numbered ① ② … from the first note of each page.
//!
//! [`Role::Note`]: crate::markdown::Role::Note

use super::context::Ctx;
use super::geometry::Geometry;
use super::measure::Glyph;
use super::rows::Row;
use crate::fonts::FontRole;
use crate::markdown::{Block, Inline};
use std::collections::HashMap;
use std::sync::Arc;

/// 小四.
pub const NOTE_SIZE: f32 = 12.0;
/// The distance between the baselines of note lines.
const NOTE_PITCH: f32 = 16.0;
/// From the top of the notes' room to the first note's line box (the rule sits
/// in the middle).
const NOTE_GAP: f32 = 8.0;
/// The marks ① … ⑳; a page's 21st note and after repeat ⑳.
const MARKS: &str = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳";

/// A document's footnotes, laid out.
#[derive(Default)]
pub struct Notes {
    /// Each note's lines (the first starting with its mark), by label.
    lines: HashMap<Arc<str>, Vec<Row>>,
    /// ① … ⑳ at body size (the marks in the text) and at note size.
    body_marks: Vec<Glyph>,
    note_marks: Vec<Glyph>,
}

impl Notes {
    /// Lays out the note blocks of `blocks`.
    pub(super) fn layout(c: &mut Ctx<'_>, blocks: &[Block]) -> Result<Notes, String> {
        let mut notes = Notes::default();
        for b in blocks.iter().filter(|b| b.role == crate::markdown::Role::Note) {
            let Some(label) = b.id.as_deref() else { continue };
            let mut runs = vec![Inline { note: Some(label.to_string()), ..Inline::default() }];
            runs.push(Inline { text: " ".into(), ..Inline::default() });
            runs.extend(b.inlines.iter().cloned());
            let glyphs = c.glyphs(&runs, FontRole::Body, NOTE_SIZE)?;
            let w = c.g.width;
            notes.lines.entry(label.into()).or_insert_with(|| super::rows::set_rows(glyphs, 0.0, 0.0, w, w));
        }
        if !notes.lines.is_empty() {
            notes.body_marks = c.plain(MARKS, FontRole::Body, crate::page::BODY_SIZE)?;
            notes.note_marks = c.plain(MARKS, FontRole::Body, NOTE_SIZE)?;
        }
        Ok(notes)
    }

    /// The grid lines the notes `labels` take at the foot of a page.
    pub fn reserve(&self, labels: &[Arc<str>], g: &Geometry) -> usize {
        let lines: usize = labels.iter().filter_map(|l| self.lines.get(l)).map(Vec::len).sum();
        if lines == 0 {
            return 0;
        }
        ((NOTE_GAP + lines as f32 * NOTE_PITCH) / g.pitch).ceil() as usize
    }

    /// Numbers the marks of the notes `labels` in a page's `rows`, and returns the
    /// notes' lines for its foot (baseline from the top of the sheet, line) and
    /// where the rule above them goes.
    pub fn foot(
        &self,
        rows: &mut [(usize, Row)],
        labels: &[Arc<str>],
        g: &Geometry,
    ) -> (Vec<(f32, Row)>, Option<f32>) {
        let mut foot = Vec::new();
        if labels.is_empty() || self.body_marks.is_empty() {
            return (foot, None);
        }
        let number = |label: &Arc<str>| {
            labels.iter().position(|l| l == label).unwrap_or(0).min(MARKS.chars().count() - 1)
        };
        for (_, row) in rows {
            for p in &mut row.glyphs {
                if let Some(label) = p.glyph.note.clone() {
                    p.glyph = Glyph { note: Some(label.clone()), ..self.body_marks[number(&label)].clone() };
                }
            }
        }
        let top = g.top + (g.lines - self.reserve(labels, g)) as f32 * g.pitch;

        let mut baseline = top + NOTE_GAP + NOTE_PITCH - 3.5;
        for label in labels {
            for row in self.lines.get(label).into_iter().flatten() {
                let mut row = row.clone();
                for p in &mut row.glyphs {
                    if let Some(l) = p.glyph.note.clone() {
                        p.glyph = Glyph { note: Some(l.clone()), ..self.note_marks[number(&l)].clone() };
                    }
                }
                foot.push((baseline, row));
                baseline += NOTE_PITCH;
            }
        }
        (foot, Some(top + NOTE_GAP / 2.0))
    }
}
