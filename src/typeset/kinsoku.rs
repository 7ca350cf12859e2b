//! 禁则 (kinsoku): how each character behaves at a line break.
//!
//! In: a character. Out: its break [`Class`], and the two sets of the rules
//! (clreq "basic" level, spec/layout.md): characters that never start a line
//! ([`NO_START`]) and that never end one ([`NO_END`]); and whether it takes a full
//! cell of the grid ([`is_full_width`]). Format-neutral: the measurer, the line
//! breaker and the title balancer read them, whatever the output format.

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

/// The break class of `c`.
pub fn class_of(c: char) -> Class {
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
