//! PDF: the typeset document → a print-ready A4 PDF (GB/T 9704-2012).
//!
//! In: a [`Typeset`] (the pages the typesetter laid out, [`crate::typeset`]), the
//! document's [`Metadata`] and the [`FontSet`] it was set with. Out: the bytes of a
//! PDF. The writer, one module each:
//!
//! - `draw` — pages → printpdf operations, page numbers `— N —`, 目录 leaders
//!   and numbers, table rules, metadata;
//! - `embed` — the font subsets with their ToUnicode maps (`cff` copies the
//!   charstrings of the bundled faces; `deflate` packs the streams);
//! - `outline` — the nested bookmarks;
//! - `image` — the pictures, one image XObject per file (JPEG passed through).

pub(crate) mod cff;
pub(crate) mod deflate;
pub(crate) mod draw;
pub(crate) mod embed;
pub(crate) mod image;
pub(crate) mod outline;

use crate::fonts::FontSet;
use crate::metadata::Metadata;
use crate::typeset::Typeset;

/// Draws the pages of `typeset` into a PDF.
pub fn render(typeset: &Typeset, meta: &Metadata, fonts: &FontSet) -> Result<Vec<u8>, String> {
    draw::draw(&typeset.pages, meta, fonts, &typeset.geometry)
}
