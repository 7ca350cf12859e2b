//! Typeset: blocks → the laid-out document, decided once for every printed format.
//!
//! In: the [`Block`]s the Markdown stage made (the same ones the HTML page is built
//! from), a [`FontSet`] and the page [`Geometry`]. Out: a [`Typeset`]: the pages
//! with every glyph placed, the page every anchor landed on (the 目录's numbers),
//! the bookmarks, each title's line breaks, each table's column widths, and the
//! characters no font has. The PDF writer ([`crate::pdf`]) draws its pages; the
//! DOCX writer ([`crate::docx`]) reads its decisions, so that the Word file breaks
//! its titles, proportions its tables and numbers its 目录 as the PDF does. The
//! stages, one module each:
//!
//! 1. `measure` — inline runs → glyphs with faces, advances and 禁则 classes
//!    (`kinsoku`), on the grid of `geometry`;
//! 2. `linebreak` — glyphs → lines under 禁则 rules, justified to the grid;
//! 3. `layout` — blocks → `rows` on the 22 × 28 grid: titles balanced and
//!    centred (`title`), headings by role font, lists, ruled tables (`table`),
//!    附件说明, 落款, 目录, pictures on whole grid lines (`figure`), the 公文
//!    frame — 版头, 主送, 附注, 附件 labels, 版记 (`frame`); its running state
//!    is a `context`;
//! 4. `paginate` — rows → pages (a 篇 starts a page, headings stay with what
//!    follows, table headers repeat, footnotes at the foot of the page that cites
//!    them: `notes`; the 版记 at the foot of the last, even page, blank pages
//!    unnumbered), which also fixes the 目录 page numbers.
//!
//! printpdf's own HTML layout is not used: it knows nothing of 禁则, indents or
//! justification. Every glyph is placed here.

pub(crate) mod context;
pub(crate) mod figure;
pub use figure::PrintedFigure;
pub(crate) mod frame;
pub(crate) mod geometry;
pub(crate) mod kinsoku;
pub(crate) mod layout;
pub(crate) mod linebreak;
pub(crate) mod measure;
pub(crate) mod notes;
pub(crate) mod paginate;
pub(crate) mod rows;
pub(crate) mod table;
pub(crate) mod title;

pub use geometry::Geometry;

use crate::diagnostics::Diagnostic;
use crate::fonts::FontSet;
use crate::markdown::Block;
use paginate::Pages;
use std::collections::{HashMap, HashSet};
use title::TitleLines;

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

/// A document laid out on pages: what the PDF draws and the DOCX follows.
pub struct Typeset {
    pub(crate) geometry: Geometry,
    pub(crate) pages: Pages,
    /// The lines of each title, by block index.
    titles: HashMap<usize, TitleLines>,
    /// The column widths of each table in points, by block index.
    columns: HashMap<usize, Vec<f32>>,
    /// The printed size of each picture block, by block index.
    pictures: HashMap<usize, PrintedFigure>,
    /// The sealed 落款 that gave up one of their two empty lines to stay on
    /// their page, by the block index of their first block.
    squeezed: HashSet<usize>,
    /// Characters no font has, in the order they were met.
    pub missing: Vec<MissingGlyph>,
}

impl Typeset {
    /// The 1-based page anchor `id` (a heading, a part) landed on.
    pub fn page_of(&self, id: &str) -> Option<usize> {
        self.pages.anchor_pages.get(id).copied()
    }

    /// The lines of the title (or part title) that is block `block`: for each line
    /// its author wrote, the text of every line it was set in.
    pub fn title_lines(&self, block: usize) -> Option<&[Vec<String>]> {
        self.titles.get(&block).map(Vec::as_slice)
    }

    /// The column widths of the table that is block `block`, as shares of the
    /// type area's width (they sum to 1).
    pub fn column_shares(&self, block: usize) -> Option<Vec<f32>> {
        let widths = self.columns.get(&block)?;
        Some(widths.iter().map(|w| w / self.geometry.width).collect())
    }

    /// The printed width and height in points of each picture of the picture
    /// block `block` (one, or a row side by side), and the grid lines they take.
    pub fn picture_size(&self, block: usize) -> Option<&PrintedFigure> {
        self.pictures.get(&block)
    }

    /// Whether the sealed 落款 starting at block `block` has one empty line
    /// above it rather than two: the paginator dropped one to keep it on its
    /// page (GB/T 9704-2012 §7.3.5.5).
    pub fn closing_squeezed(&self, block: usize) -> bool {
        self.squeezed.contains(&block)
    }
}

/// Lays out `blocks` and puts them on pages.
pub fn typeset(blocks: &[Block], fonts: &FontSet, geometry: &Geometry) -> Result<Typeset, String> {
    let mut missing = Vec::new();
    let laid = layout::layout(blocks, fonts, geometry, &mut missing)?;
    let pages = paginate::paginate(laid.rows, &laid.notes, geometry);
    let squeezed = pages.squeezed.iter().filter_map(|&n| laid.sealed.get(n).copied()).collect();
    let missing = missing
        .iter()
        .map(|m| MissingGlyph {
            ch: m.ch,
            section: laid.missing_context.get(&m.ch).cloned().unwrap_or_default(),
        })
        .collect();
    Ok(Typeset {
        geometry: *geometry,
        pages,
        titles: laid.titles,
        columns: laid.columns,
        pictures: laid.pictures,
        squeezed,
        missing,
    })
}
