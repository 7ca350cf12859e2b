//! Heading levels as the reader saw them, consistent within a file.
//!
//! In: the form of each heading of a body, in order — a heading style or outline
//! level (`标题 2`), or the kind of its typed or Word-numbered marker. Out: the
//! level (1–4) of each form, or none when it is deeper than four.
//!
//! Forms rank from the highest: heading styles by their level (styles outrank
//! typed numbers), then 第X章/第X部分, 第X节, 第X条, `一、`, `（一）`, `1.`, `1.1`,
//! `1.1.1`, `（1）`, `①`. The levels go to the forms a body uses, in rank order,
//! with one exception: the first form seen stays level 1, and a form ranked above
//! it is level 1 too (a stray `第一条` in a plan of `一、` headings does not push
//! every heading down).

use crate::markers::{self, Kind};

/// The rank of a heading style of level `h` (1–9).
pub fn style_rank(h: u8) -> u8 {
    h.clamp(1, 9)
}

/// A decimal number at the start of `text` (`2.1 需求分析`, `1.1.1、`): (its
/// depth, 1 for `2.1`; the text after it).
pub fn decimal(text: &str) -> Option<(u8, &str)> {
    let t = text.trim_start();
    let mut depth = 0u8;
    let mut at = 0;
    loop {
        let digits = t[at..].chars().take_while(char::is_ascii_digit).count();
        if digits == 0 || digits > 2 {
            return None;
        }
        at += digits;
        match t[at..].chars().next() {
            Some(c @ ('.' | '．')) if t[at + c.len_utf8()..].starts_with(|d: char| d.is_ascii_digit()) => {
                at += c.len_utf8();
                depth += 1;
            }
            _ => break,
        }
    }
    if depth == 0 || depth > 3 {
        return None;
    }
    // `3.5万元` is a number of the text: a separator must follow.
    let rest = &t[at..];
    let sep = rest.chars().next().filter(|c| c.is_whitespace() || matches!(c, '.' | '．' | '、'))?;
    Some((depth, rest[sep.len_utf8()..].trim_start_matches([' ', '\u{3000}', '\t'])))
}

/// The rank of the typed (or Word-numbered) marker at the start of `text`.
pub fn typed_rank(text: &str) -> Option<u8> {
    if let Some((depth, _)) = decimal(text) {
        return Some(15 + depth);
    }
    let m = markers::find(text)?;
    Some(match m.kind {
        Kind::Chapter if m.text.contains('节') => 11,
        Kind::Chapter if m.text.contains('条') => 12,
        Kind::Chapter => 10,
        Kind::Chinese => 13,
        Kind::ChineseParen => 14,
        Kind::Digit => 15,
        Kind::DigitParen => 19,
        Kind::Circled => 20,
        Kind::Part => return None,
    })
}

/// The levels of a body's heading forms.
#[derive(Debug, Default)]
pub struct Outline {
    /// (rank, level), ranks ascending.
    levels: Vec<(u8, u8)>,
}

impl Outline {
    /// The outline of headings whose ranks, in document order, are `ranks`.
    pub fn new(ranks: &[u8]) -> Outline {
        let Some(&first) = ranks.first() else { return Outline::default() };
        let mut distinct: Vec<u8> = ranks.iter().copied().filter(|&r| r > first).collect();
        distinct.sort_unstable();
        distinct.dedup();
        let mut levels = vec![(first, 1)];
        levels.extend(distinct.into_iter().zip(2u8..));
        Outline { levels }
    }

    /// The level of a heading of rank `rank`: 1 for the first form and any above
    /// it; `None` beyond level 4.
    pub fn level(&self, rank: u8) -> Option<u8> {
        let first = self.levels.first().map_or(rank, |l| l.0);
        if rank <= first {
            return Some(1);
        }
        let level = self.levels.iter().find(|l| l.0 == rank).map_or(1, |l| l.1);
        (level <= 4).then_some(level)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_numbers_and_their_depth() {
        assert_eq!(decimal("2.1 需求分析"), Some((1, "需求分析")));
        assert_eq!(decimal("1.1.1、目标"), Some((2, "目标")));
        assert_eq!(decimal("3.5万元"), None);
        assert_eq!(decimal("1. 概述"), None);
        assert_eq!(typed_rank("第一章 总则"), Some(10));
        assert_eq!(typed_rank("第二节 公文"), Some(11));
        assert_eq!(typed_rank("一、概述"), Some(13));
        assert_eq!(typed_rank("2.1 需求分析"), Some(16));
    }

    #[test]
    fn the_first_form_seen_is_level_1_and_the_others_follow_in_rank() {
        // 第一章, 第一节, 一、, （一）, 1.: the fifth is too deep.
        let o = Outline::new(&[10, 11, 13, 14, 13, 15, 11, 10]);
        assert_eq!([10, 11, 13, 14].map(|r| o.level(r)), [Some(1), Some(2), Some(3), Some(4)]);
        assert_eq!(o.level(15), None);
        // 一、 first: a later 第X条 stays level 1, （一） is 2.
        let o = Outline::new(&[13, 14, 12]);
        assert_eq!([13, 12, 14].map(|r| o.level(r)), [Some(1), Some(1), Some(2)]);
        // Heading styles 2 and 3 holding `1.` and `2.1`: levels 1 and 2.
        let o = Outline::new(&[style_rank(2), style_rank(3), style_rank(3), style_rank(2)]);
        assert_eq!([2, 3].map(|r| o.level(style_rank(r))), [Some(1), Some(2)]);
    }
}
