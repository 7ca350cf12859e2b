//! Chinese numbering: counting numerals, heading markers, 篇N and dates.
//!
//! In: plain integers and dates. Out: the strings a Chinese official document
//! prints — `一百零一`, `（三）`, `篇十二`, `2023年12月28日`, `二〇二三年十二月二十八日` —
//! plus [`strip_marker`], which finds a number marker a user already typed at the
//! start of a title so that wengao does not print it twice.

const DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// Counting numeral ("TypeA"): 十一, 二十, 一百零一, 一百一十, 二万, 一万零一十.
///
/// 0 gives `〇`; from 100 000 000 (一亿) on the number is written in Arabic
/// digits, which no document reaches.
pub fn chinese_count(n: u32) -> String {
    match n {
        0 => "〇".to_string(),
        1..=9999 => below_ten_thousand(n, true),
        10_000..=99_999_999 => {
            let (high, low) = (n / 10_000, n % 10_000);
            let mut out = below_ten_thousand(high, true);
            out.push('万');
            if low > 0 {
                if low < 1000 {
                    out.push('零');
                }
                out.push_str(&below_ten_thousand(low, false));
            }
            out
        }
        _ => n.to_string(),
    }
}

/// 1..=9999; `leading` drops the 一 of a leading 十 (十一, but 一万零一十一).
fn below_ten_thousand(n: u32, leading: bool) -> String {
    let units = ['\0', '十', '百', '千'];
    let digits = [n / 1000, n / 100 % 10, n / 10 % 10, n % 10];
    let mut out = String::new();
    let mut pending_zero = false;
    for (i, &d) in digits.iter().enumerate() {
        let unit = units[3 - i];
        if d == 0 {
            if !out.is_empty() {
                pending_zero = true;
            }
            continue;
        }
        if pending_zero {
            out.push('零');
            pending_zero = false;
        }
        if !(leading && d == 1 && unit == '十' && out.is_empty()) {
            out.push(DIGITS[d as usize]);
        }
        if unit != '\0' {
            out.push(unit);
        }
    }
    out
}

/// Digit-by-digit numeral ("TypeC") used for years: 2023 → 二〇二三.
pub fn chinese_digits(n: u32) -> String {
    n.to_string().chars().map(|c| DIGITS[c.to_digit(10).unwrap_or(0) as usize]).collect()
}

/// The number marker of a heading at `level` (1–4): 一、 （一） 1. （1）.
pub fn heading_marker(n: u32, level: u8) -> String {
    match level {
        1 => format!("{}、", chinese_count(n)),
        2 => format!("（{}）", chinese_count(n)),
        3 => format!("{n}."),
        _ => format!("（{n}）"),
    }
}

/// The label of the n-th part of a collection: 篇一 … 篇十二.
pub fn part_label(n: u32) -> String {
    format!("篇{}", chinese_count(n))
}

/// How a date is written.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum DateStyle {
    /// `2023年12月28日`, the GB/T 9704-2012 form.
    #[default]
    Arabic,
    /// `二〇二三年十二月二十八日`.
    Chinese,
}

/// A calendar date written out in `style`.
pub fn format_date(year: u16, month: u8, day: u8, style: DateStyle) -> String {
    match style {
        DateStyle::Arabic => format!("{year}年{month}月{day}日"),
        DateStyle::Chinese => format!(
            "{}年{}月{}日",
            chinese_digits(year.into()),
            chinese_count(month.into()),
            chinese_count(day.into())
        ),
    }
}

/// Splits a number marker a user typed at the start of `title` (`一、`, `（二）`,
/// `(三)、`, `3.`, `4、`, `（5）`, `①`, `第五篇`, `篇六`) from the rest: the one
/// recogniser of [`crate::markers`], which `wengao import` uses too.
///
/// Returns `Some((marker, rest))` when there is one and text follows it. A number
/// that is part of the text (`2024年计划`, `第1篇的第1项工作`) is not a marker.
pub fn strip_marker(title: &str) -> Option<(&str, &str)> {
    let m = crate::markers::find(title)?;
    (!m.rest.is_empty()).then_some((m.text, m.rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counting_numerals() {
        let table = [
            (1, "一"),
            (9, "九"),
            (10, "十"),
            (11, "十一"),
            (19, "十九"),
            (20, "二十"),
            (21, "二十一"),
            (99, "九十九"),
            (100, "一百"),
            (101, "一百零一"),
            (110, "一百一十"),
            (111, "一百一十一"),
            (205, "二百零五"),
            (999, "九百九十九"),
            (1000, "一千"),
            (1001, "一千零一"),
            (1010, "一千零一十"),
            (0, "〇"),
            (10_000, "一万"),
            (10_001, "一万零一"),
            (10_011, "一万零一十一"),
            (12_345, "一万二千三百四十五"),
            (20_000, "二万"),
            (100_000, "十万"),
            (110_000, "十一万"),
        ];
        for (n, want) in table {
            assert_eq!(chinese_count(n), want, "n = {n}");
        }
    }

    #[test]
    fn markers_per_level() {
        let table = [
            (1, 1, "一、"),
            (11, 1, "十一、"),
            (3, 2, "（三）"),
            (12, 2, "（十二）"),
            (1, 3, "1."),
            (10, 3, "10."),
            (2, 4, "（2）"),
        ];
        for (n, level, want) in table {
            assert_eq!(heading_marker(n, level), want);
        }
        assert_eq!(part_label(1), "篇一");
        assert_eq!(part_label(12), "篇十二");
    }

    #[test]
    fn dates_in_both_styles() {
        assert_eq!(format_date(2023, 12, 28, DateStyle::Arabic), "2023年12月28日");
        assert_eq!(format_date(2024, 3, 5, DateStyle::Arabic), "2024年3月5日");
        assert_eq!(format_date(2023, 12, 28, DateStyle::Chinese), "二〇二三年十二月二十八日");
        assert_eq!(format_date(2008, 8, 8, DateStyle::Chinese), "二〇〇八年八月八日");
        assert_eq!(format_date(2010, 10, 20, DateStyle::Chinese), "二〇一〇年十月二十日");
    }

    #[test]
    fn markers_found_in_titles() {
        let table = [
            ("一、重学习", Some(("一、", "重学习"))),
            ("十二、总结", Some(("十二、", "总结"))),
            ("（二）深化", Some(("（二）", "深化"))),
            ("(一)、重学习", Some(("(一)、", "重学习"))),
            ("(三)重服务", Some(("(三)", "重服务"))),
            ("3. 开展", Some(("3.", "开展"))),
            ("4、开展", Some(("4、", "开展"))),
            ("（1）细则", Some(("（1）", "细则"))),
            ("(4)细则", Some(("(4)", "细则"))),
            ("①要点", Some(("①", "要点"))),
            ("第五篇 总结", Some(("第五篇", "总结"))),
            ("第1篇的第1项工作：……", None),
            ("篇六：计划", Some(("篇六：", "计划"))),
            ("2024年工作计划", None),
            ("3.5万元的使用", None),
            ("十分重要", None),
            ("第一中学工会", None),
            ("一、", None),
            ("", None),
        ];
        for (title, want) in table {
            assert_eq!(strip_marker(title), want, "title = {title}");
        }
    }
}
