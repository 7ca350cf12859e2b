//! Heading levels as the reader saw them, consistent within a file.
//!
//! In: the form of each heading of a body, in order — a heading style or outline
//! level (`标题 2`), or the kind of its typed or Word-numbered marker, with its
//! Word list level and indent. Out: the level (1–4) of each form, or none when it
//! is deeper than four.
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

/// A decimal number with no separator after it (`2.1需求分析`): (its depth, the
/// text after it), when a Han character that is no unit follows (`2.5倍`,
/// `1.5万元`, `3.2%` are numbers of the text). Whether the line is a heading
/// its shape decides ([`super::classify`]).
pub fn decimal_tight(text: &str) -> Option<(u8, &str)> {
    const UNITS: &str = "倍万亿千百十元角年月日号次米吨分秒时度岁天周期级层亩斤公升克";
    let t = text.trim_start();
    let number = t.chars().take_while(|c| c.is_ascii_digit() || matches!(c, '.' | '．')).collect::<String>();
    let rest = &t[number.len()..];
    let first = rest.chars().next()?;
    let han = ('\u{4E00}'..='\u{9FFF}').contains(&first) && !UNITS.contains(first);
    let (depth, _) = decimal(&format!("{number} "))?;
    han.then_some((depth, rest))
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

/// The indent the spaces and tabs at the start of `text` make, in hundredths of
/// a character: a full-width space 100, a space 50, a tab 200.
pub fn leading_indent(text: &str) -> u32 {
    text.chars()
        .map_while(|c| match c {
            '\u{3000}' => Some(100),
            ' ' | '\u{a0}' => Some(50),
            '\t' => Some(200),
            _ => None,
        })
        .sum()
}

/// Indents closer than this (hundredths of a character) are one indent.
pub const SAME_INDENT: u32 = 80;

/// A heading's form and place.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Form {
    /// The rank of its marker or style.
    pub rank: u8,
    /// Its number, when it has one (typed or Word's).
    pub value: Option<u32>,
    /// How far it is indented, hundredths of a character.
    pub indent: u32,
    /// Its Word list level (`w:ilvl`), 0 for a heading Word does not number.
    pub list_level: u8,
}

/// How many steps deeper than the least indented heading of its form each
/// heading is. A deeper place counts only when it makes a level of its own:
/// some heading there counts from 1 again right after a heading of the same form
/// less deep (`1、` under `1、`). Otherwise (an indent here and there) it is 0.
/// A place is a Word list level first (a deeper `w:ilvl` of the same label form
/// is deeper, whatever the indents), then the indent.
pub fn indent_steps(headings: &[Form]) -> Vec<u8> {
    let mut steps = vec![0u8; headings.len()];
    let mut ranks: Vec<u8> = headings.iter().map(|h| h.rank).collect();
    ranks.sort_unstable();
    ranks.dedup();
    let place = |h: &Form| (h.list_level, h.indent);
    for rank in ranks {
        let of_form: Vec<usize> = (0..headings.len()).filter(|&i| headings[i].rank == rank).collect();
        let mut places: Vec<(u8, u32)> = of_form.iter().map(|&i| place(&headings[i])).collect();
        places.sort_unstable();
        // The places of the form, near indents of one list level counted as one.
        let mut clusters: Vec<(u8, u32)> = Vec::new();
        for (level, x) in places {
            if clusters.last().is_none_or(|&(l, c)| level != l || x >= c + SAME_INDENT) {
                clusters.push((level, x));
            }
        }
        let step = |h: &Form| {
            let (level, x) = place(h);
            clusters.iter().rposition(|&(l, c)| l == level && x >= c).unwrap_or(0)
        };
        let restarts = |s: usize| {
            of_form.windows(2).any(|w| {
                let (before, at) = (&headings[w[0]], &headings[w[1]]);
                step(at) == s && step(before) < s && at.value == Some(1)
            })
        };
        let real: Vec<bool> = (0..clusters.len()).map(|s| s == 0 || restarts(s)).collect();
        for &i in &of_form {
            let s = step(&headings[i]);
            // Only the steps that make levels count, and they count from the top.
            steps[i] = u8::try_from(real[..=s].iter().skip(1).filter(|r| **r).count()).unwrap_or(7).min(7)
                * u8::from(real[s]);
        }
    }
    steps
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
        assert_eq!(decimal_tight("2.1需求分析"), Some((1, "需求分析")));
        assert_eq!(decimal_tight("1.1.2测试"), Some((2, "测试")));
        for text in ["2.5倍于去年", "1.5万元", "3.2%", "2024.1起实行", "2.1 需求", "1.概述"] {
            assert_eq!(decimal_tight(text), None, "{text}");
        }
        assert_eq!(typed_rank("第一章 总则"), Some(10));
        assert_eq!(typed_rank("第二节 公文"), Some(11));
        assert_eq!(typed_rank("一、概述"), Some(13));
        assert_eq!(typed_rank("2.1 需求分析"), Some(16));
    }

    #[test]
    fn a_deeper_indent_is_a_level_when_it_counts_from_1_again() {
        let f = |rank, value, indent| Form { rank, value: Some(value), indent, list_level: 0 };
        // 1、 / 　　1、 2、 / 2、 / 　　1、: the indented ones are a level below.
        let h = [f(15, 1, 0), f(15, 1, 200), f(15, 2, 200), f(15, 2, 0), f(15, 1, 210)];
        assert_eq!(indent_steps(&h), [0, 1, 1, 0, 1]);
        // 一、 and a tab-indented 二、: one level.
        assert_eq!(indent_steps(&[f(13, 1, 0), f(13, 2, 200), f(13, 3, 0)]), [0, 0, 0]);
        // Indents a few twips apart are one indent.
        assert_eq!(indent_steps(&[f(15, 1, 0), f(15, 2, 30)]), [0, 0]);
        // Word list levels 0 and 1 both labelled `1.`, not indented: level 1 is below.
        let w = |value, list_level| Form { list_level, ..f(15, value, 0) };
        assert_eq!(indent_steps(&[w(1, 0), w(1, 1), w(2, 1), w(2, 0), w(1, 1)]), [0, 1, 1, 0, 1]);
        assert_eq!(leading_indent("\u{3000}\u{3000}1、"), 200);
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
