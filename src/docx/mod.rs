//! DOCX: blocks → a Word file in the GB/T 9704-2012 layout, as exact as the PDF.
//!
//! In: the [`Block`]s of the Markdown (the same ones the HTML page and the PDF are
//! made from), the document's metadata, the Word font names ([`WordFonts`]) and
//! the page every anchor landed on in the PDF (the 目录's numbers). Out: the bytes
//! of a `.docx` — the same input always gives the same bytes.
//!
//! - [`styles`] — `styles.xml` (one style per role, Word's built-in names for the
//!   headings), the font table, settings and the odd/even footers;
//! - [`body`] — the paragraphs and tables of `document.xml`;
//! - [`package`] — the zip container, its relationships and properties;
//! - [`xml`] — escaping and runs of text.
//!
//! The page: A4, margins 37/35/28/26 mm (mirrored with `duplex`), body 16 pt at an
//! exact 28.95 pt pitch (579 twips: 22 lines fill the 225 mm type area; 29 pt would
//! leave room for 21), and a document grid of 22 lines × 28 characters, so that
//! Word's 页面设置 shows what the standard asks.

pub mod body;
pub mod package;
pub mod styles;
pub mod xml;

use crate::markdown::Block;
use std::collections::HashMap;

/// The body's line pitch in twips (28.95 pt).
pub const LINE_PITCH: u32 = 579;
/// The type area's width in twips (156 mm).
pub const TEXT_WIDTH: u32 = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT;
const PAGE_WIDTH: u32 = 11906;
const PAGE_HEIGHT: u32 = 16838;
const MARGIN_TOP: u32 = 2098;
const MARGIN_BOTTOM: u32 = 1984;
const MARGIN_LEFT: u32 = 1587;
const MARGIN_RIGHT: u32 = 1474;
/// From the page's bottom edge to the foot of the page-number line: its baseline
/// sits 7 mm below the type area, as in the PDF.
const FOOTER_DISTANCE: u32 = 1440;

/// The font names the DOCX asks for, by role: what Chinese office machines have.
/// `[style.word_fonts]` changes them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WordFonts {
    pub title: String,
    pub body: String,
    pub heading1: String,
    pub heading2: String,
    pub page_number: String,
}

impl Default for WordFonts {
    fn default() -> Self {
        WordFonts {
            title: "方正小标宋简体".into(),
            body: "仿宋_GB2312".into(),
            heading1: "黑体".into(),
            heading2: "楷体_GB2312".into(),
            page_number: "宋体".into(),
        }
    }
}

/// Layout switches shared with the PDF.
#[derive(Clone, Copy, Debug, Default)]
pub struct Layout {
    pub duplex: bool,
    pub bold_headings: bool,
}

/// What the DOCX says about itself (document properties).
#[derive(Clone, Debug, Default)]
pub struct Metadata {
    pub title: String,
    pub author: String,
    /// Seconds since 1970: the properties' dates and the zip entries' times.
    pub created: i64,
}

/// Writes the DOCX of `blocks`; `anchor_pages` maps anchor ids to the PDF's page
/// numbers (empty when the document has no 目录).
pub fn render(
    blocks: &[Block],
    meta: &Metadata,
    fonts: &WordFonts,
    layout: &Layout,
    anchor_pages: &HashMap<String, usize>,
) -> Vec<u8> {
    let mut document = String::with_capacity(blocks.len() * 500 + 4000);
    document.push_str(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
        "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" ",
        "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><w:body>"
    ));
    document.push_str(&body::body(blocks, anchor_pages));
    document.push_str(&section());
    document.push_str("</w:body></w:document>");
    package::zip(&document, meta, fonts, layout)
}

/// The section: page, margins, footers, document grid.
fn section() -> String {
    // charSpace: how much narrower than the 16 pt face a grid cell is, in 1/4096 pt,
    // so that 28 cells fill the line (442.2 pt / 28 = 15.79 pt).
    let cell_pt = TEXT_WIDTH as f64 / 20.0 / 28.0;
    let char_space = ((cell_pt - 16.0) * 4096.0).floor() as i64;
    format!(
        "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rIdFooterOdd\"/>\
         <w:footerReference w:type=\"even\" r:id=\"rIdFooterEven\"/>\
         <w:pgSz w:w=\"{PAGE_WIDTH}\" w:h=\"{PAGE_HEIGHT}\"/>\
         <w:pgMar w:top=\"{MARGIN_TOP}\" w:right=\"{MARGIN_RIGHT}\" w:bottom=\"{MARGIN_BOTTOM}\" w:left=\"{MARGIN_LEFT}\" \
         w:header=\"851\" w:footer=\"{FOOTER_DISTANCE}\" w:gutter=\"0\"/>\
         <w:cols w:space=\"425\"/><w:docGrid w:type=\"lines\" w:linePitch=\"{LINE_PITCH}\" w:charSpace=\"{char_space}\"/>\
         </w:sectPr>"
    )
}
