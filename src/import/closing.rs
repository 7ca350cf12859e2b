//! The end of a document: 附件说明, 落款 (issuing body) and 成文日期.
//!
//! In: a body's lines. Out: what the end holds, taken off the lines: the date (a
//! TOML date when it can be read — `2023年12月28日`, `2023-12-28`, `2023.12.28`,
//! `2023/12/28`, `二〇二三年十二月二十八日` — else its text, kept with a comment),
//! the organisation above it, the 附件 list, a 附注 in （） right after the date, and
//! lines after the date that belong to none of these (the 版记, a table: the body
//! keeps them at its end).

use super::gongwen::{remark, signer, unlabel_date};
use super::{Line, Role};
use crate::markers::{self, number_value};

/// A 成文日期 as read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DateValue {
    /// Year, month, day; `chinese` when it was written in Chinese numerals.
    Date { year: u16, month: u8, day: u8, chinese: bool },
    /// A date that could not be read (`2023年12月`, `二〇二三年冬`).
    Text(String),
}

/// What the end of a body held.
#[derive(Debug, Default)]
pub struct Closing {
    pub organization: Option<String>,
    pub date: Option<DateValue>,
    pub attachments: Vec<String>,
    /// (line, text) of lines after the 落款 that are none of the above.
    pub unplaced: Vec<(usize, String)>,
    /// Lines and tables after the date that are no 附件 (a 版记, a table): the
    /// body keeps them at its end.
    pub trailer: Vec<Line>,
    /// The label the date had (`时间：`): the input's `date_label`.
    pub date_label: Option<String>,
    /// The whole line the date was read from, when it had a label (`时间：2019/1/2`).
    pub date_line: Option<String>,
    /// The 附注 in （） right after the date: (paragraph, its text without the brackets).
    pub remark: Option<(usize, String)>,
}

/// Reads a date written out in full; `None` when `text` is not one.
pub fn parse_date(text: &str) -> Option<DateValue> {
    let t = text.trim().trim_end_matches(['。', '.']);
    let numeric = |y: &str, m: &str, d: &str| -> Option<DateValue> {
        let (year, month, day) = (y.parse::<u16>().ok()?, m.parse::<u8>().ok()?, d.parse::<u8>().ok()?);
        valid(year, month, day).then_some(DateValue::Date { year, month, day, chinese: false })
    };
    for sep in ['-', '.', '/'] {
        let parts: Vec<&str> = t.split(sep).collect();
        if parts.len() == 3
            && parts[0].len() == 4
            && parts.iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        {
            return numeric(parts[0], parts[1], parts[2]);
        }
    }
    let (y, rest) = t.split_once('年')?;
    let (m, rest) = rest.split_once('月')?;
    let (d, rest) = rest.split_once('日')?;
    if !rest.is_empty() || y.chars().count() != 4 {
        return None;
    }
    if y.chars().all(|c| c.is_ascii_digit()) {
        return numeric(y, m, d);
    }
    // 二〇二三年十二月二十八日: the year digit by digit, month and day counted.
    let year = number_value(y)?;
    let (month, day) = (number_value(m)?, number_value(d)?);
    let (year, month, day) = (u16::try_from(year).ok()?, u8::try_from(month).ok()?, u8::try_from(day).ok()?);
    valid(year, month, day).then_some(DateValue::Date { year, month, day, chinese: true })
}

fn valid(year: u16, month: u8, day: u8) -> bool {
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    let days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    (1..=12).contains(&month) && day >= 1 && day <= days[usize::from(month) - 1] && year >= 1
}

/// A line that reads like a date but not a full one (`2023年12月`, `二〇二三年十二月`).
fn date_like(text: &str) -> bool {
    let t = text.trim();
    t.chars().count() <= 16
        && t.contains('年')
        && t.contains('月')
        && t.chars().all(|c| c.is_ascii_digit() || "〇零一二三四五六七八九十年月日 ".contains(c))
}

/// A short line that can be an issuing body: no sentence punctuation, no number.
fn organization_like(text: &str) -> bool {
    let t = text.trim();
    let cells: usize = t.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
    (4..=60).contains(&cells)
        && !t.contains(['。', '，', '；', '：', ':', '！', '？'])
        && markers::find(t).is_none()
        && !t.starts_with("附")
}

/// The number of an attachment in a 附件说明 and the name after it: `2.名称`,
/// `2．名称`, `2、名称` — also `2.2024年预算表`, where a number of the text
/// follows at once (in a list of attachments the number comes first).
fn attachment_number(text: &str) -> Option<(u32, &str)> {
    let t = text.trim_start();
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    let rest = t[digits..].strip_prefix(['.', '．', '、'])?;
    let n = t[..digits].parse().ok().filter(|_| (1..=2).contains(&digits))?;
    Some((n, rest.trim_start_matches([' ', '\u{3000}', '\t'])))
}

/// The attachment's name: `附件：1. 名称` → `名称`, `2.名称` → `名称`.
fn attachment_name(text: &str) -> String {
    let t = &super::plain(text.trim());
    let t = t.strip_prefix("附件").map(|r| r.trim_start_matches([':', '：', ' ', '\u{3000}'])).unwrap_or(t);
    if let Some((_, rest)) = attachment_number(t).filter(|(_, r)| !r.is_empty()) {
        return rest.to_string();
    }
    match markers::find(t) {
        Some(m) if !m.rest.is_empty() => m.rest.to_string(),
        _ => t.to_string(),
    }
}

/// Takes the 附件说明, 落款 and date off the end of `lines`.
pub fn take_closing(lines: &mut Vec<Line>) -> Closing {
    let mut c = Closing::default();
    // The date: the last line that is one (lines after it are reported).
    let date_at = lines.iter().rposition(|l| {
        l.table.is_none()
            && (l.role == Some(Role::Date)
                || parse_date(unlabel_date(&l.text)).is_some()
                || date_like(unlabel_date(&l.text)))
    });
    let mut end = lines.len();
    if let Some(at) = date_at.filter(|&at| lines.len() - at <= 12) {
        let after: Vec<Line> = lines.drain(at + 1..).collect();
        let line = lines.pop().unwrap_or_default();
        // "××工会　2023年12月28日" on one line: the body, then the date.
        let (org, date) = match line.text.trim().rsplit_once([' ', '\u{3000}']) {
            Some((o, d)) if parse_date(d).is_some() && organization_like(o) => {
                (Some(super::plain(o.trim())), d.to_string())
            }
            _ => (None, unlabel_date(&line.text).to_string()),
        };
        let whole = line.text.trim();
        if date != whole && org.is_none() {
            // The label is what stands before the date: `时间：`, `日期:` (its colon made full-width).
            let label = whole[..whole.len() - date.len()].trim_end();
            let label = label.strip_suffix(':').map_or(label.to_string(), |l| format!("{}：", l.trim_end()));
            c.date_label = Some(super::plain(&label));
            c.date_line = Some(whole.to_string());
        }
        c.date = Some(parse_date(&date).unwrap_or(DateValue::Text(date)));
        c.organization = org;
        // 附件 after the 落款, else lines that belong nowhere.
        let mut in_attachments = false;
        for l in after {
            let first = !in_attachments && c.trailer.is_empty() && c.remark.is_none();
            if let Some(text) = remark(&super::plain(&l.text)).filter(|_| first && l.table.is_none()) {
                c.remark = Some((l.at, text.to_string()));
            } else if l.text.trim_start().starts_with("附件")
                || (in_attachments && markers::find(&l.text).is_some())
            {
                in_attachments = true;
                c.attachments.push(attachment_name(&l.text));
            } else if !l.text.trim().is_empty() || l.table.is_some() {
                c.trailer.push(l);
            }
        }
        end = lines.len();
        if c.organization.is_none() {
            if let Some(last) = lines.last().filter(|l| {
                l.table.is_none()
                    && (l.role == Some(Role::Signature)
                        || organization_like(&l.text)
                        || signer(&l.text).is_some())
            }) {
                c.organization = Some(super::plain(last.text.trim()));
                lines.pop();
                end = lines.len();
            }
        }
    } else if let Some(last) = lines.last().filter(|l| l.role == Some(Role::Signature)) {
        c.organization = Some(super::plain(last.text.trim()));
        lines.pop();
        end = lines.len();
    }
    // The 附件说明 above the 落款: `附件：1. …` and the numbered lines after it.
    if let Some(start) = lines[..end].iter().rposition(|l| {
        l.table.is_none()
            && (l.role == Some(Role::Attachment) && l.text.starts_with("附件")
                || l.text.trim_start().starts_with("附件：")
                || l.text.trim_start().starts_with("附件:"))
    }) {
        // The lines after `附件：1. …` number the next attachments: 2, 3 ….
        let tail_ok = lines[start + 1..end].iter().zip(2..).all(|(l, k)| {
            l.role == Some(Role::Attachment)
                || markers::find(&l.text).is_some_and(|m| m.kind == markers::Kind::Digit)
                || attachment_number(&l.text).is_some_and(|(n, _)| n == k)
        });
        if tail_ok && end - start <= 30 {
            let names: Vec<String> = lines.drain(start..end).map(|l| attachment_name(&l.text)).collect();
            let mut all = names;
            all.append(&mut c.attachments);
            c.attachments = all;
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str) -> Line {
        Line { text: text.into(), ..Line::default() }
    }

    #[test]
    fn dates_in_the_shapes_offices_write() {
        let d = |y, m, dd, c| Some(DateValue::Date { year: y, month: m, day: dd, chinese: c });
        assert_eq!(parse_date("2023年12月28日"), d(2023, 12, 28, false));
        assert_eq!(parse_date("2023-12-28"), d(2023, 12, 28, false));
        assert_eq!(parse_date("2023.12.28"), d(2023, 12, 28, false));
        assert_eq!(parse_date("2024/2/29"), d(2024, 2, 29, false));
        assert_eq!(parse_date("二〇二三年十二月二十八日"), d(2023, 12, 28, true));
        assert_eq!(parse_date("2023年2月30日"), None);
        assert_eq!(parse_date("2023年12月"), None);
        assert!(date_like("2023年12月"));
    }

    #[test]
    fn attachments_organization_and_date_come_off_the_end() {
        let mut lines: Vec<Line> =
            ["正文。", "附件：1. 经费预算表", "2. 活动安排表", "××小学工会", "2023年12月28日"]
                .into_iter()
                .map(line)
                .collect();
        let c = take_closing(&mut lines);
        assert_eq!(c.organization.as_deref(), Some("××小学工会"));
        assert_eq!(c.attachments, ["经费预算表", "活动安排表"]);
        assert!(matches!(c.date, Some(DateValue::Date { year: 2023, .. })));
        assert_eq!(lines.len(), 1);
        // Numbers of the text right after the attachment's number.
        let mut lines: Vec<Line> =
            ["正文。", "附件：1.2024年预算表", "2.2024年安排表", "××工会", "2024年1月8日"]
                .into_iter()
                .map(line)
                .collect();
        assert_eq!(take_closing(&mut lines).attachments, ["2024年预算表", "2024年安排表"]);
        // A labelled date: the label is kept for `date_label`, its colon full-width.
        let mut lines = vec![line("正文。"), line("总结者：张三"), line("日期: 2019/1/2")];
        let c = take_closing(&mut lines);
        assert_eq!(
            (c.date_label.as_deref(), c.organization.as_deref()),
            (Some("日期："), Some("总结者：张三"))
        );
        assert!(matches!(c.date, Some(DateValue::Date { year: 2019, month: 1, day: 2, .. })));
        let mut odd = vec![line("正文。"), line("××工会"), line("2023年冬月")];
        let c = take_closing(&mut odd);
        assert_eq!(c.date, None);
        assert_eq!(odd.len(), 3);
    }
}
