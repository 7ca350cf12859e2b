//! The DOCX's section: the page of [`crate::page`] in twips, footers and grid.
//!
//! In: the sheet, margins and grid of [`crate::page`] (millimetres). Out: their
//! twips — the page size, the margins, the type area's width and the body's line
//! pitch that `styles.xml` and the body use — and the `<w:sectPr>` of
//! `document.xml`: A4, margins 37/35/28/26 mm (mirrored with `duplex`, which
//! `settings.xml` switches on), body 16 pt at an exact 28.95 pt pitch (579 twips:
//! 22 lines fill the 225 mm type area; 29 pt would leave room for 21), and a
//! document grid of 22 lines × 28 characters, so that Word's 页面设置 shows what
//! the standard asks.

use crate::page::{self, twips};

const PAGE_WIDTH: u32 = twips(page::WIDTH_MM);
const PAGE_HEIGHT: u32 = twips(page::HEIGHT_MM);
const MARGIN_TOP: u32 = twips(page::TOP_MM);
const MARGIN_BOTTOM: u32 = twips(page::BOTTOM_MM);
const MARGIN_LEFT: u32 = twips(page::LEFT_MM);
const MARGIN_RIGHT: u32 = twips(page::RIGHT_MM);
/// The type area's width in twips (156 mm, what the margins leave).
pub const TEXT_WIDTH: u32 = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT;
/// The body's line pitch in twips (28.95 pt): the most that lets 22 lines fill
/// the type area.
pub const LINE_PITCH: u32 = (PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM) / page::LINES as u32;
/// From the page's bottom edge to the foot of the page-number line: its baseline
/// sits 7 mm ([`page::PAGE_NUMBER_BELOW_MM`]) below the type area, as in the PDF.
const FOOTER_DISTANCE: u32 = 1440;

/// The section: page, margins, footers, document grid.
pub fn section() -> String {
    sect_pr(
        "<w:footerReference w:type=\"default\" r:id=\"rIdFooterOdd\"/>\
         <w:footerReference w:type=\"even\" r:id=\"rIdFooterEven\"/>",
        "",
        true,
    )
}

/// The 版记's section (the last): it starts on an even page (§7.4: the 版记 is
/// on the last page, an even one) and its footers are empty (no page number on
/// the 版记 page, §7.5). Its paragraphs are set off the grid (they are 4号),
/// and the section has no line grid: with one, LibreOffice sets the page's
/// first paragraph 2.6 mm lower even off the grid, and the 版记's last rule,
/// placed by the heights of the paragraphs above it, would leave the bottom edge.
pub fn imprint() -> String {
    sect_pr(
        "<w:footerReference w:type=\"default\" r:id=\"rIdFooterBlank\"/>\
         <w:footerReference w:type=\"even\" r:id=\"rIdFooterBlank\"/>",
        "<w:type w:val=\"evenPage\"/>",
        false,
    )
}

fn sect_pr(footers: &str, kind: &str, grid: bool) -> String {
    // charSpace: how much narrower than the 16 pt face a grid cell is, in 1/4096 pt,
    // so that 28 cells fill the line (442.2 pt / 28 = 15.79 pt).
    let cell_pt = TEXT_WIDTH as f64 / 20.0 / page::CELLS as f64;
    let char_space = ((cell_pt - f64::from(page::BODY_SIZE)) * 4096.0).floor() as i64;
    let grid = if grid {
        format!("<w:docGrid w:type=\"lines\" w:linePitch=\"{LINE_PITCH}\" w:charSpace=\"{char_space}\"/>")
    } else {
        format!("<w:docGrid w:linePitch=\"{LINE_PITCH}\"/>")
    };
    format!(
        "<w:sectPr>{footers}\
         <w:footnotePr><w:numFmt w:val=\"decimalEnclosedCircleChinese\"/><w:numRestart w:val=\"eachPage\"/></w:footnotePr>\
         {kind}<w:pgSz w:w=\"{PAGE_WIDTH}\" w:h=\"{PAGE_HEIGHT}\"/>\
         <w:pgMar w:top=\"{MARGIN_TOP}\" w:right=\"{MARGIN_RIGHT}\" w:bottom=\"{MARGIN_BOTTOM}\" w:left=\"{MARGIN_LEFT}\" \
         w:header=\"851\" w:footer=\"{FOOTER_DISTANCE}\" w:gutter=\"0\"/>\
         <w:cols w:space=\"425\"/>{grid}\
         </w:sectPr>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_in_twips_is_what_word_writes_for_a4_with_these_margins() {
        assert_eq!((PAGE_WIDTH, PAGE_HEIGHT), (11906, 16838));
        assert_eq!((MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT), (2098, 1984, 1587, 1474));
        assert_eq!((TEXT_WIDTH, LINE_PITCH), (8845, 579));
    }
}
