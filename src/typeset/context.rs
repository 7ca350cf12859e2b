//! Context: the layout's running state, and measuring that keeps track of it.
//!
//! In: the fonts and geometry of a layout run. Out: a [`Ctx`] that measures text
//! ([`super::measure`]) while noting, for each character no font has, the section
//! it was first met in (for the warning), sets paragraphs ([`super::rows`]), and
//! holds the rows laid so far, the tables counted and the 附件说明's start.

use super::geometry::Geometry;
use super::measure::{self, Glyph, Missing};
use super::rows::{set_rows, Row};
use crate::fonts::{FontRole, FontSet};
use crate::markdown::Inline;
use std::collections::HashMap;

/// The state of one layout run.
pub(super) struct Ctx<'a> {
    fonts: &'a FontSet,
    pub(super) g: &'a Geometry,
    missing: &'a mut Vec<Missing>,
    /// The rows laid and not yet handed on.
    pub(super) rows: Vec<Row>,
    /// The rows handed on so far (an index into all rows is `handed` + one into `rows`).
    pub(super) handed: usize,
    /// Tables laid so far (a table's id in its [`super::rows::TableLine`]s).
    pub(super) tables: usize,
    /// The heading (or title) the text being measured falls under.
    pub(super) section: String,
    /// For each missing character: where it was first seen (", in section …").
    pub(super) context: HashMap<char, String>,
    /// Where the 附件说明 began (its blank line, counted over all rows), while the
    /// 落款 has not come yet.
    pub(super) closing_from: Option<usize>,
}

/// `, in "一、…"`: where a missing character was met, or empty outside any section.
pub(super) fn under(section: &str) -> String {
    if section.is_empty() {
        String::new()
    } else {
        format!(", in \"{section}\"")
    }
}

impl<'a> Ctx<'a> {
    /// A fresh run; characters no font has go to `missing`.
    pub(super) fn new(fonts: &'a FontSet, g: &'a Geometry, missing: &'a mut Vec<Missing>) -> Ctx<'a> {
        Ctx {
            fonts,
            g,
            missing,
            rows: Vec::new(),
            handed: 0,
            tables: 0,
            section: String::new(),
            context: HashMap::new(),
            closing_from: None,
        }
    }
}

impl Ctx<'_> {
    /// The glyphs of `runs` in `role` at `size`.
    pub(super) fn glyphs(
        &mut self,
        runs: &[Inline],
        role: FontRole,
        size: f32,
    ) -> Result<Vec<Glyph>, String> {
        let before = self.missing.len();
        let glyphs = measure::glyphs(runs, role, size, self.fonts, self.g, self.missing)?;
        for m in &self.missing[before..] {
            self.context.entry(m.ch).or_insert_with(|| under(&self.section));
        }
        Ok(glyphs)
    }

    /// The glyphs of plain `text`.
    pub(super) fn plain(&mut self, text: &str, role: FontRole, size: f32) -> Result<Vec<Glyph>, String> {
        self.glyphs(&[Inline { text: text.to_string(), ..Inline::default() }], role, size)
    }

    /// A paragraph: first line at `first_x`, the rest at `rest_x`, justified.
    pub(super) fn paragraph(&mut self, glyphs: Vec<Glyph>, first_x: f32, rest_x: f32) -> Vec<Row> {
        let w = self.g.width;
        set_rows(glyphs, first_x, rest_x, w - first_x, w - rest_x)
    }
}
