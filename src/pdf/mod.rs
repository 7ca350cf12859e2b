//! PDF: the Chinese typesetter, blocks → a print-ready A4 PDF (GB/T 9704-2012).
//!
//! In: the [`Block`]s the Markdown stage made (the same ones the HTML page is built
//! from), document metadata and a [`FontSet`]. Out: the bytes of a PDF and the
//! warnings met (characters no font has). The stages, one module each:
//!
//! 1. [`measure`] — inline runs → glyphs with faces, advances and break classes;
//! 2. [`linebreak`] — glyphs → lines under 禁则 rules, justified to the grid;
//! 3. [`layout`] — blocks → rows on the 22 × 28 grid: titles balanced and centred,
//!    headings by role font, lists, ruled tables ([`table`]), 附件说明, 落款, 目录;
//! 4. [`paginate`] — rows → pages (a 篇 starts a page, headings stay with what
//!    follows, table headers repeat), which also fixes the 目录 page numbers;
//! 5. [`draw`] — pages → printpdf operations, page numbers `— N —`, bookmarks,
//!    metadata; [`embed`] writes the font subsets and [`outline`] the nested bookmarks.
//!
//! printpdf's own HTML layout is not used: it knows nothing of 禁则, indents or
//! justification. Every glyph is placed here.

pub mod cff;
pub mod draw;
pub mod embed;
pub mod layout;
pub mod linebreak;
pub mod measure;
pub mod outline;
pub mod paginate;
pub mod table;

use crate::diagnostics::Diagnostic;
use crate::fonts::FontSet;
use crate::markdown::Block;
use crate::metadata::Metadata;
use crate::page::{self, pt};
use std::collections::HashMap;

pub use crate::page::{BODY_SIZE, PAGE_NUMBER_SIZE, TITLE_SIZE};

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

/// A character no font has, and where it was first met.
pub struct MissingGlyph {
    pub ch: char,
    /// `, in "一、…"`: the heading it falls under, or empty.
    pub section: String,
}

impl MissingGlyph {
    /// The warning, without a position (the caller knows the input file).
    pub fn warning(&self) -> Diagnostic {
        Diagnostic::warning(format!(
            "no font has the character {} (U+{:04X}){}; it prints as an empty box",
            self.ch, self.ch as u32, self.section
        ))
        .with_help(
            "name a font that has it with [style.fonts] fallback = [\"FILE\"], or use another character",
        )
    }
}

/// A finished PDF and what was noticed on the way.
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub pages: usize,
    /// Anchor id → the 1-based page it landed on (the 目录's numbers).
    pub anchor_pages: HashMap<String, usize>,
    pub missing: Vec<MissingGlyph>,
}

/// Typesets `blocks` into a PDF.
pub fn render(
    blocks: &[Block],
    meta: &Metadata,
    fonts: &FontSet,
    geometry: &Geometry,
) -> Result<Rendered, String> {
    let mut missing = Vec::new();
    let laid = layout::layout(blocks, fonts, geometry, &mut missing)?;
    let pages = paginate::paginate(laid.rows, geometry);
    let page_count = pages.pages.len();
    let bytes = draw::draw(&pages, meta, fonts, geometry)?;
    let anchor_pages = pages.anchor_pages;
    let missing = missing
        .iter()
        .map(|m| MissingGlyph {
            ch: m.ch,
            section: laid.missing_context.get(&m.ch).cloned().unwrap_or_default(),
        })
        .collect();
    Ok(Rendered { bytes, pages: page_count, anchor_pages, missing })
}

/// The page every anchor lands on, without drawing the PDF (for the DOCX's 目录).
pub fn anchor_pages(
    blocks: &[Block],
    fonts: &FontSet,
    geometry: &Geometry,
) -> Result<HashMap<String, usize>, String> {
    let laid = layout::layout(blocks, fonts, geometry, &mut Vec::new())?;
    Ok(paginate::paginate(laid.rows, geometry).anchor_pages)
}
