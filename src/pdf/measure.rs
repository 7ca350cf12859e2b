//! Measure: styled text → glyphs with faces, advances and line-breaking classes.
//!
//! In: inline runs, a font role and a size. Out: [`Glyph`]s. Full-width
//! characters (Han, Chinese punctuation) advance by the grid pitch (15.79 pt at
//! 16 pt: 28 to a 156 mm line); Latin letters and digits keep their natural width.
//! Chinese punctuation always comes from the CJK face of the role, never from a
//! Latin fallback. Characters no face has are collected as [`Missing`].

use super::{Geometry, BODY_SIZE};
use crate::fonts::{Face, FontRole, FontSet};
use crate::markdown::Inline;

/// How a glyph behaves at a line break.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// A Han character or other full-width letter: a break may fall on either side.
    Ideograph,
    /// Opening bracket or quote: never at a line end; its blank half is on the left.
    Open,
    /// Closing bracket, quote or 点号: never at a line start; blank half on the right.
    Close,
    /// Half of —— or ……: the pair is never split.
    Dash,
    /// Part of a Latin word or a number: never split inside.
    Word,
    /// A space: a break opportunity, dropped at a line end.
    Space,
}

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
}

/// A character that no face can draw.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Missing {
    pub ch: char,
}

/// Characters that never start a line (clreq "basic", spec/layout.md).
pub const NO_START: &str = "。，、；：？！”’）〕】》〉」』〗］｝．～·／％‰℃.,;:?!)]}%";
/// Characters that never end a line.
pub const NO_END: &str = "“‘（〔【《〈「『〖［｛";

/// Whether `c` takes a full cell of the grid.
pub fn is_full_width(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x303F | 0x3040..=0x9FFF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F
        | 0xFF01..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFF)
        || matches!(c, '“' | '”' | '‘' | '’' | '—' | '…' | '·' | '●' | '○' | '■' | '□' | '★' | '※' | '×')
        || ('①'..='⒇').contains(&c)
}

fn class_of(c: char) -> Class {
    if c == ' ' || c == '\u{3000}' || c == '\t' {
        Class::Space
    } else if c == '—' || c == '…' || c == '⸺' {
        Class::Dash
    } else if NO_END.contains(c) {
        Class::Open
    } else if NO_START.contains(c) && is_full_width(c) {
        Class::Close
    } else if is_full_width(c) {
        Class::Ideograph
    } else {
        Class::Word
    }
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
    Ok(Glyph { ch, face, gid, size, advance, class, bold })
}

/// Natural width of glyphs.
pub fn width(glyphs: &[Glyph]) -> f32 {
    glyphs.iter().map(|g| g.advance).sum()
}
