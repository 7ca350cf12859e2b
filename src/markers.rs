//! Markers: the one recogniser of number markers typed at the start of a line.
//!
//! In: a title or a line of text. Out: the marker (`一、`, `（二）`, `(3)`, `4.`,
//! `5、`, `⑥`, `第七篇`, `篇八：`, `【篇1】` …), what kind of number it is (which
//! heading level it stands for), its value, and the text after it. The build uses it
//! to warn about numbers typed into titles (and leave them out, since wengao
//! numbers headings itself); `wengao import` uses it to decide heading levels and
//! parts, and drops the typed numbers.
//!
//! A marker counts only when a separator or the end of the text follows it
//! (`、 ． . ： :`, a space, or the closing bracket of `（一）`): `第1篇的第1项工作`
//! starts with no marker, and is left as it is. `3.5万元` and `2024年` are numbers
//! of the text, not markers.

/// What a marker numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `一、` — a level-1 heading.
    Chinese,
    /// `（一）` `(一)` — level 2.
    ChineseParen,
    /// `1.` `1、` `1．` — level 3 (or a numbered point).
    Digit,
    /// `（1）` `(1)` — level 4 (or a numbered point).
    DigitParen,
    /// `①` — a numbered point.
    Circled,
    /// `篇一` `篇1` `【篇1】` `第一篇` `第1篇` — a part of a collection.
    Part,
    /// `第一章` `第一节` `第一条` `第一部分`.
    Chapter,
}

impl Kind {
    /// The heading level a marker of this kind stands for, 1–4.
    pub fn level(self) -> Option<u8> {
        match self {
            Kind::Chinese | Kind::Chapter => Some(1),
            Kind::ChineseParen => Some(2),
            Kind::Digit => Some(3),
            Kind::DigitParen | Kind::Circled => Some(4),
            Kind::Part => None,
        }
    }
}

/// A marker found at the start of a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Marker<'a> {
    /// The marker as typed, with its separator (`一、`, `（二）`, `第一篇：`).
    pub text: &'a str,
    pub kind: Kind,
    pub value: u32,
    /// The text after the marker and its separator, leading spaces removed.
    pub rest: &'a str,
}

const CN_NUMERAL: &str = "〇零一二三四五六七八九十百千两";
const SEPARATORS: &str = "、.．:：";

fn is_cn_numeral(c: char) -> bool {
    CN_NUMERAL.contains(c)
}

fn split_while(s: &str, pred: impl Fn(char) -> bool) -> (&str, &str) {
    let end = s.find(|c: char| !pred(c)).unwrap_or(s.len());
    s.split_at(end)
}

/// The value of a number written in Chinese numerals (`十二` 12, `一百零一` 101,
/// `二〇` 20) or in digits.
pub fn number_value(s: &str) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    if s.chars().all(|c| c.is_ascii_digit()) {
        return s.parse().ok();
    }
    let digit = |c: char| {
        "〇一二三四五六七八九".find(c).map(|i| (i / 3) as u32).or(match c {
            '零' => Some(0),
            '两' => Some(2),
            _ => None,
        })
    };
    // Digit by digit (二〇二三) when there is no unit.
    if !s.contains(['十', '百', '千']) {
        return s.chars().try_fold(0u32, |acc, c| Some(acc.checked_mul(10)? + digit(c)?));
    }
    let (mut total, mut current) = (0u32, None::<u32>);
    for c in s.chars() {
        let unit = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            _ => {
                current = Some(digit(c)?);
                continue;
            }
        };
        total += current.unwrap_or(1) * unit;
        current = None;
    }
    Some(total + current.unwrap_or(0))
}

/// The marker at the start of `text`, if there is one.
pub fn find(text: &str) -> Option<Marker<'_>> {
    let t = text.trim_start_matches([' ', '\u{3000}', '\t']);
    let (len, kind, value) = marker(t)?;
    let after = &t[len..];
    // A separator after the marker ("(一)、", "第一篇：", "1. ") belongs to it; one is
    // required unless the marker closes itself (brackets, circled numbers).
    let mut len = len;
    let self_closing =
        matches!(kind, Kind::ChineseParen | Kind::DigitParen | Kind::Circled) || t.starts_with('【');
    match after.chars().next() {
        Some(sep) if SEPARATORS.contains(sep) => len += sep.len_utf8(),
        Some(' ' | '\u{3000}' | '\t') | None => {}
        Some(_) if self_closing => {}
        Some(_) if kind == Kind::Chinese || kind == Kind::Digit => {} // 一、 1、 carry their separator
        Some(_) => return None,
    }
    let rest = t[len..].trim_start_matches([' ', '\u{3000}', '\t']);
    Some(Marker { text: &t[..len], kind, value, rest })
}

/// (length, kind, value) of the marker itself at the start of `t`, before any
/// trailing separator.
fn marker(t: &str) -> Option<(usize, Kind, u32)> {
    let first = t.chars().next()?;
    if first == '（' || first == '(' {
        let inner = &t[first.len_utf8()..];
        let (num, after) = split_while(inner, |c| is_cn_numeral(c) || c.is_ascii_digit());
        let close = after.chars().next()?;
        if num.is_empty() || !(close == '）' || close == ')') {
            return None;
        }
        let kind =
            if num.chars().all(|c| c.is_ascii_digit()) { Kind::DigitParen } else { Kind::ChineseParen };
        return Some((first.len_utf8() + num.len() + close.len_utf8(), kind, number_value(num)?));
    }
    if ('①'..='⑳').contains(&first) {
        return Some((first.len_utf8(), Kind::Circled, first as u32 - '①' as u32 + 1));
    }
    if first == '【' {
        // 【篇1】 【篇一】
        let inner = t[first.len_utf8()..].strip_prefix('篇')?;
        let (num, after) = split_while(inner, |c| is_cn_numeral(c) || c.is_ascii_digit());
        let after = after.strip_prefix('】')?;
        let len = t.len() - after.len();
        return Some((len, Kind::Part, number_value(num)?));
    }
    if first == '篇' {
        let (num, _) = split_while(&t[first.len_utf8()..], |c| is_cn_numeral(c) || c.is_ascii_digit());
        return Some((first.len_utf8() + num.len(), Kind::Part, number_value(num)?));
    }
    if first == '第' {
        let (num, after) = split_while(&t[first.len_utf8()..], |c| is_cn_numeral(c) || c.is_ascii_digit());
        let value = number_value(num)?;
        let unit = ["篇", "部分", "章", "节", "条"].into_iter().find(|u| after.starts_with(u))?;
        let kind = if unit == "篇" { Kind::Part } else { Kind::Chapter };
        return Some((first.len_utf8() + num.len() + unit.len(), kind, value));
    }
    let (num, after) = split_while(t, |c| is_cn_numeral(c) || c.is_ascii_digit());
    let numeric = !num.is_empty() && num.chars().all(|c| c.is_ascii_digit());
    let sep = after.chars().next()?;
    let ok = match sep {
        '、' => !num.is_empty(),
        // "3.5万元" is a number of the text.
        '.' | '．' => numeric && !after[sep.len_utf8()..].starts_with(|c: char| c.is_ascii_digit()),
        _ => false,
    };
    if !ok {
        return None;
    }
    let kind = if numeric { Kind::Digit } else { Kind::Chinese };
    Some((num.len() + sep.len_utf8(), kind, number_value(num)?))
}

/// A part label at the end of a line (`街道工会工作计划 篇一`): (the text before
/// it, the part's number). Any `篇` followed by a number at the end counts; the
/// importer asks for two such lines before it reads a document as a collection.
pub fn trailing_part(text: &str) -> Option<(&str, u32)> {
    let t = text.trim_end();
    let digits = t.chars().rev().take_while(|c| is_cn_numeral(*c) || c.is_ascii_digit()).count();
    if digits == 0 {
        return None;
    }
    let cut = t.char_indices().rev().nth(digits - 1).map(|(i, _)| i)?;
    let head = t[..cut].strip_suffix('篇')?;
    let value = number_value(&t[cut..])?;
    Some((head.trim_end(), value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_of_numbers() {
        for (s, v) in [
            ("一", 1),
            ("十", 10),
            ("十二", 12),
            ("二十", 20),
            ("九十九", 99),
            ("一百零一", 101),
            ("12", 12),
            ("二〇二三", 2023),
            ("两", 2),
        ] {
            assert_eq!(number_value(s), Some(v), "{s}");
        }
        assert_eq!(number_value("x"), None);
    }

    #[test]
    fn markers_and_what_is_not_one() {
        fn found(t: &str) -> Option<(&str, Kind, u32, &str)> {
            find(t).map(|m| (m.text, m.kind, m.value, m.rest))
        }
        assert_eq!(found("一、重学习"), Some(("一、", Kind::Chinese, 1, "重学习")));
        assert_eq!(found("十二、总结"), Some(("十二、", Kind::Chinese, 12, "总结")));
        assert_eq!(found("（二）深化"), Some(("（二）", Kind::ChineseParen, 2, "深化")));
        assert_eq!(found("(一)、重学习"), Some(("(一)、", Kind::ChineseParen, 1, "重学习")));
        assert_eq!(found("3. 开展"), Some(("3.", Kind::Digit, 3, "开展")));
        assert_eq!(found("4、开展"), Some(("4、", Kind::Digit, 4, "开展")));
        assert_eq!(found("5．开展"), Some(("5．", Kind::Digit, 5, "开展")));
        assert_eq!(found("（1）细则"), Some(("（1）", Kind::DigitParen, 1, "细则")));
        assert_eq!(found("(4)细则"), Some(("(4)", Kind::DigitParen, 4, "细则")));
        assert_eq!(found("①要点"), Some(("①", Kind::Circled, 1, "要点")));
        assert_eq!(found("第五篇 总结"), Some(("第五篇", Kind::Part, 5, "总结")));
        assert_eq!(found("第1篇：计划"), Some(("第1篇：", Kind::Part, 1, "计划")));
        assert_eq!(found("篇六：计划"), Some(("篇六：", Kind::Part, 6, "计划")));
        assert_eq!(found("篇1"), Some(("篇1", Kind::Part, 1, "")));
        assert_eq!(found("【篇1】工会计划"), Some(("【篇1】", Kind::Part, 1, "工会计划")));
        assert_eq!(found("第一章 总则"), Some(("第一章", Kind::Chapter, 1, "总则")));
        for text in [
            "第1篇的第1项工作：……",
            "2024年工作计划",
            "3.5万元的使用",
            "十分重要",
            "第一中学工会",
            "篇章结构",
            "一是加强学习",
        ] {
            assert_eq!(find(text), None, "{text}");
        }
    }

    #[test]
    fn part_labels_at_the_end() {
        assert_eq!(trailing_part("街道工会工作计划 篇一"), Some(("街道工会工作计划", 1)));
        assert_eq!(trailing_part("工会计划篇12"), Some(("工会计划", 12)));
        assert_eq!(trailing_part("工会计划"), None);
        assert_eq!(trailing_part("计划2024"), None);
    }
}
