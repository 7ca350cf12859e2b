//! Measure: styled text → glyphs with faces, advances and line-breaking classes.
//!
//! In: inline runs, a font role and a size. Out: [`Glyph`]s. Full-width
//! characters (Han, Chinese punctuation) advance by the grid pitch (15.79 pt at
//! 16 pt: 28 to a 156 mm line); Latin letters and digits keep their natural width.
//! Chinese punctuation always comes from the CJK face of the role, never from a
//! Latin fallback. Characters no face has are collected as [`Missing`]. Each
//! glyph carries its 禁则 class ([`super::kinsoku`]).

use super::geometry::Geometry;
use super::kinsoku::{class_of, is_full_width, Class};
use crate::fonts::{Face, FontRole, FontSet};
use crate::markdown::Inline;
use crate::page::BODY_SIZE;

/// One glyph to be placed.
#[derive(Clone, Debug)]
pub struct Glyph {
    pub ch: char,
    pub face: &'static Face,
    pub gid: u16,
    pub size: f32,
    /// Advance on the line before any compression.
    pub advance: f32,
    pub class: Class,
    pub bold: bool,
    /// Printed in the one spot colour, red (the 发文机关标志 of the 公文 frame).
    pub red: bool,
    /// Horizontal scale of the glyph (1.0; less for a 发文机关标志 condensed to
    /// fit the line, as Word's 字符缩放 does); `advance` is already scaled.
    pub scale: f32,
    /// A footnote mark: the note's label. Drawn as ① ② … in the order the notes
    /// come on its page ([`super::notes`]); measured as ①.
    pub note: Option<std::sync::Arc<str>>,
}

/// A character that no face can draw.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Missing {
    pub ch: char,
}

/// Turns runs into glyphs in `role` at `size`; missing characters go to `missing`.
pub fn glyphs(
    runs: &[Inline],
    role: FontRole,
    size: f32,
    fonts: &FontSet,
    geometry: &Geometry,
    missing: &mut Vec<Missing>,
) -> Result<Vec<Glyph>, String> {
    let mut out = Vec::new();
    for run in runs {
        if let Some(label) = &run.note {
            let mark = glyph('①', false, role, size, fonts, geometry, missing)?;
            out.push(Glyph { note: Some(label.as_str().into()), ..mark });
            continue;
        }
        for ch in run.text.chars() {
            if ch == '\n' || ch == '\r' || ch == '\u{2028}' || ch.is_control() {
                continue;
            }
            out.push(glyph(ch, run.bold, role, size, fonts, geometry, missing)?);
        }
    }
    Ok(out)
}

/// One character as a glyph.
pub fn glyph(
    ch: char,
    bold: bool,
    role: FontRole,
    size: f32,
    fonts: &FontSet,
    geometry: &Geometry,
    missing: &mut Vec<Missing>,
) -> Result<Glyph, String> {
    let class = class_of(ch);
    let (face, gid) = match fonts.face_for(role, ch)? {
        Some(found) => found,
        None => {
            if !missing.iter().any(|m| m.ch == ch) {
                missing.push(Missing { ch });
            }
            (fonts.face(role)?, 0)
        }
    };
    let advance = if is_full_width(ch) {
        geometry.cell * size / BODY_SIZE
    } else if class == Class::Space {
        size / 4.0
    } else {
        face.advance(gid, size)
    };
    Ok(Glyph { ch, face, gid, size, advance, class, bold, red: false, scale: 1.0, note: None })
}

/// Natural width of glyphs.
pub fn width(glyphs: &[Glyph]) -> f32 {
    glyphs.iter().map(|g| g.advance).sum()
}
