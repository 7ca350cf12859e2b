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
use notes::Notes;
use paginate::{Bookmark, Page, Paginator};
use std::collections::HashMap;
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

/// What the typesetter decided that the writers read after the pages are drawn:
/// what the PDF's bookmarks and the DOCX follow.
pub struct Typeset {
    pub(crate) geometry: Geometry,
    /// Anchor id → 1-based page number.
    pub(crate) anchor_pages: HashMap<String, usize>,
    /// Bookmarks in document order.
    pub(crate) outline: Vec<Bookmark>,
    /// The lines of each title, by block index.
    titles: HashMap<usize, TitleLines>,
    /// The column widths of each table in points, by block index.
    columns: HashMap<usize, Vec<f32>>,
    /// The printed size of each picture block, by block index.
    pictures: HashMap<usize, PrintedFigure>,
    /// The sealed 落款 (by block index) that gave up one of their empty lines.
    squeezed: Vec<usize>,
    /// Characters no font has, in the order they were met.
    pub missing: Vec<MissingGlyph>,
}

impl Typeset {
    /// The 1-based page anchor `id` (a heading, a part) landed on.
    pub fn page_of(&self, id: &str) -> Option<usize> {
        self.anchor_pages.get(id).copied()
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

/// Lays out `blocks` and puts them on pages, handing each page to `sink` with its
/// 1-based number as soon as it is full: the pages are not kept. A page may still
/// show 目录 lines whose page numbers are not known yet (those are in the
/// [`Typeset`] returned at the end).
pub fn typeset(
    blocks: &[Block],
    fonts: &FontSet,
    geometry: &Geometry,
    sink: &mut dyn FnMut(usize, Page) -> Result<(), String>,
) -> Result<Typeset, String> {
    // The footnotes first: the paginator sets them at the foot of the pages that
    // cite them. Their missing characters are counted after the body's.
    let mut note_missing = Vec::new();
    let notes = Notes::layout(&mut context::Ctx::new(fonts, geometry, &mut note_missing), blocks)?;
    let mut pages = Paginator::new(&notes, geometry);
    let mut missing = Vec::new();
    let mut laid = layout::layout(blocks, fonts, geometry, &mut missing, &mut |rows| {
        pages.push(rows);
        pages.drain(sink)
    })?;
    pages.finish();
    pages.drain(sink)?;
    for m in note_missing {
        if !missing.contains(&m) {
            laid.missing_context.entry(m.ch).or_insert_with(|| context::under(&laid.section));
            missing.push(m);
        }
    }
    let missing = missing
        .iter()
        .map(|m| MissingGlyph {
            ch: m.ch,
            section: laid.missing_context.get(&m.ch).cloned().unwrap_or_default(),
        })
        .collect();
    Ok(Typeset {
        geometry: *geometry,
        anchor_pages: std::mem::take(&mut pages.anchor_pages),
        outline: std::mem::take(&mut pages.outline),
        titles: laid.titles,
        columns: laid.columns,
        pictures: laid.pictures,
        squeezed: std::mem::take(&mut pages.squeezed),
        missing,
    })
}
