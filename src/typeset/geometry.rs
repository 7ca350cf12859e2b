//! Geometry: the page of [`crate::page`] in points, as the typesetter uses it.
//!
//! In: the sheet and grid in millimetres ([`crate::page`]) and the document's
//! layout switches (two-sided printing, bold headings). Out: a [`Geometry`] in
//! points from the top-left corner of the sheet: the type area, the line pitch
//! and the character cell of the 22 × 28 grid.

use crate::page::{self, pt};

/// Page and grid, in points from the top-left corner of the sheet.
#[derive(Clone, Copy, Debug)]
pub struct Geometry {
    pub page_width: f32,
    pub page_height: f32,
    /// Left edge of the type area (28 mm).
    pub left: f32,
    /// Top edge of the type area (37 mm).
    pub top: f32,
    /// Type area width (156 mm).
    pub width: f32,
    /// Lines per page (22).
    pub lines: usize,
    /// Line pitch: 637.80 / 22 = 28.99 pt.
    pub pitch: f32,
    /// Han character pitch: 442.20 / 28 = 15.79 pt.
    pub cell: f32,
    /// Baseline below the top of its grid line.
    pub baseline: f32,
    /// Mirror the margins on even pages.
    pub duplex: bool,
    /// Draw headings (levels 1–4) bold.
    pub bold_headings: bool,
}

impl Default for Geometry {
    fn default() -> Self {
        let width = pt(page::TYPE_WIDTH_MM);
        let height = pt(page::TYPE_HEIGHT_MM);
        Geometry {
            page_width: pt(page::WIDTH_MM),
            page_height: pt(page::HEIGHT_MM),
            left: pt(page::LEFT_MM),
            top: pt(page::TOP_MM),
            width,
            lines: page::LINES,
            pitch: height / page::LINES as f32,
            cell: width / page::CELLS as f32,
            baseline: 21.0,
            duplex: false,
            bold_headings: false,
        }
    }
}

impl Geometry {
    /// Bottom edge of the type area.
    pub fn bottom(&self) -> f32 {
        self.top + self.pitch * self.lines as f32
    }

    /// Left edge of the type area on page `number` (1-based).
    pub fn left_on(&self, number: usize) -> f32 {
        if self.duplex && number.is_multiple_of(2) {
            self.page_width - self.left - self.width
        } else {
            self.left
        }
    }
}
