//! Page: the GB/T 9704-2012 sheet, defined once, in millimetres.
//!
//! In: nothing — the standard's numbers: an A4 sheet, margins 37 mm (top),
//! 35 mm (bottom), 28 mm (left, the binding side) and 26 mm (right), which leave a
//! 156 × 225 mm type area of 22 lines × 28 characters, and the type sizes (2号
//! titles, 3号 body, 4号 page numbers). Out: those numbers, and the conversions each
//! writer needs: [`pt`] for the typesetter and the PDF, [`twips`] for the DOCX,
//! [`css_mm`] for the HTML page.

/// Sheet width (A4).
pub const WIDTH_MM: f32 = 210.0;
/// Sheet height (A4).
pub const HEIGHT_MM: f32 = 297.0;
/// Top margin: from the sheet's top edge to the first line's top.
pub const TOP_MM: f32 = 37.0;
/// Bottom margin.
pub const BOTTOM_MM: f32 = 35.0;
/// Left margin (the inner one, mirrored on even pages when printing both sides).
pub const LEFT_MM: f32 = 28.0;
/// Right margin.
pub const RIGHT_MM: f32 = 26.0;
/// Type area width: 156 mm.
pub const TYPE_WIDTH_MM: f32 = WIDTH_MM - LEFT_MM - RIGHT_MM;
/// Type area height: 225 mm.
pub const TYPE_HEIGHT_MM: f32 = HEIGHT_MM - TOP_MM - BOTTOM_MM;
/// Lines of body text on a page.
pub const LINES: usize = 22;
/// Body characters on a line.
pub const CELLS: usize = 28;
/// The page number's baseline sits this far below the type area.
pub const PAGE_NUMBER_BELOW_MM: f32 = 7.0;

/// The 公文 frame (GB/T 9704-2012 §7.2, §7.4). The 发文机关标志's top edge sits
/// this far below the type area's top (§7.2.4), for a 上行文 too (GB/T 9704-1999
/// had 80 mm for those).
pub const ISSUER_BELOW_TOP_MM: f32 = 35.0;
/// The red rule of the 版头 sits this far below the 发文字号 (§7.2.7).
pub const RED_RULE_BELOW_MM: f32 = 4.0;
/// The red rule's thickness: the standard names none; practice is 0.35–0.5 mm.
pub const RED_RULE_MM: f32 = 0.5;
/// The 版记's first and last rules (§7.4.1: 推荐高度 0.35 mm).
pub const IMPRINT_THICK_MM: f32 = 0.35;
/// The 版记's rules between its elements (§7.4.1: 0.25 mm).
pub const IMPRINT_THIN_MM: f32 = 0.25;
/// The one spot colour, red, as CMYK (0, 100 %, 100 %, 0): process magenta and
/// yellow, the 公文 red of the print shops.
pub const RED_CMYK: [f32; 4] = [0.0, 1.0, 1.0, 0.0];
/// The ideographic em box of the bundled CJK faces: this share of the size above
/// the baseline (the rest below). A glyph's "top edge" in the 版头 is the top of
/// this box (the ink of the tallest Han glyphs reaches just under it; pdfplumber's
/// `top`, taken from the hhea descender, is lower).
pub const EM_ASCENT: f32 = 0.88;

/// Body text size: 3号.
pub const BODY_SIZE: f32 = 16.0;
/// Title size: 2号.
pub const TITLE_SIZE: f32 = 22.0;
/// Page number size: 4号.
pub const PAGE_NUMBER_SIZE: f32 = 14.0;
/// The 版记's size (抄送, 印发机关, 印发日期): 4号.
pub const IMPRINT_SIZE: f32 = 14.0;
/// A joint issue's stacked organ names: 小一.
pub const JOINT_ISSUER_SIZE: f32 = 24.0;

/// Millimetres → points (1/72 inch).
pub fn pt(mm: f32) -> f32 {
    mm * (72.0 / 25.4)
}

/// Millimetres → twips (1/20 point, 1/1440 inch), rounded to the nearest (a
/// `const fn`: the DOCX's page constants are made with it).
pub const fn twips(mm: f32) -> u32 {
    (mm as f64 * 1440.0 / 25.4 + 0.5) as u32
}

/// Millimetres as a CSS length (`37mm`).
pub fn css_mm(mm: f32) -> String {
    format!("{mm}mm")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_type_area_is_156_by_225_mm_of_22_lines_of_28_characters() {
        assert_eq!((TYPE_WIDTH_MM, TYPE_HEIGHT_MM), (156.0, 225.0));
        // A body character is one 28th of the line: 15.79 pt, a line 28.99 pt.
        assert!((pt(TYPE_WIDTH_MM) / CELLS as f32 - 15.79).abs() < 0.01);
        assert!((pt(TYPE_HEIGHT_MM) / LINES as f32 - 28.99).abs() < 0.01);
        assert_eq!((twips(WIDTH_MM), twips(HEIGHT_MM), twips(TOP_MM)), (11906, 16838, 2098));
        assert_eq!(css_mm(LEFT_MM), "28mm");
    }
}
