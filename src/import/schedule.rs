//! The month schedule and tables: which lines and tables are a 月份工作安排.
//!
//! In: a line's text or a table's rows. Out: the period a line names (`二月`,
//! `七至八月`), whether a line is a schedule title or column header, a month
//! table as a [`Schedule`], any other table as Markdown.

use crate::markers;

#[derive(Debug, Default)]
pub struct Schedule {
    pub title: Option<String>,
    pub columns: Option<(String, String)>,
    pub entries: Vec<(String, Vec<String>)>,
}

/// A document's body, or a part's.
/// `二月` `4月份` `七至八月` `3月上旬` `9-10月` (with an optional colon): the period.
pub fn month_of(text: &str) -> Option<(&str, &str)> {
    let t = text.trim();
    let (head, rest) = match t.find(['：', ':']) {
        Some(at) => (&t[..at], t[at..].trim_start_matches(['：', ':']).trim()),
        None => (t, ""),
    };
    let head = head.trim();
    let body = head.strip_suffix("份").unwrap_or(head);
    let body =
        ["上旬", "中旬", "下旬", "初", "底", "末"].iter().find_map(|s| body.strip_suffix(s)).unwrap_or(body);
    let body = body.strip_suffix('月')?;
    let ok = !body.is_empty()
        && body.chars().count() <= 6
        && body.chars().all(|c| c.is_ascii_digit() || "一二三四五六七八九十正至到和、-—~～".contains(c))
        && body.chars().next().is_some_and(|c| c.is_ascii_digit() || "一二三四五六七八九十正".contains(c));
    ok.then_some((head, rest))
}

/// A schedule title: `附：……工作要点` or a short line naming a plan by month.
pub(crate) fn schedule_title_like(text: &str) -> bool {
    let t = text.trim();
    cells(t) <= 60
        && (t.starts_with("附：")
            || t.starts_with("附:")
            || ["工作要点", "工作安排", "行事历", "安排表", "工作计划表", "月份安排"]
                .iter()
                .any(|w| t.ends_with(w)))
}

/// A column header line of a month list: `月份工作要点`, `时间 工作内容`.
pub(crate) fn columns_of(text: &str) -> Option<(String, String)> {
    let t: String = text.chars().filter(|c| !c.is_whitespace() && *c != '|').collect();
    let first = ["月份", "时间", "日期", "月"].into_iter().find(|f| t.starts_with(f))?;
    let second = &t[first.len()..];
    ["工作要点", "工作内容", "主要工作", "工作安排", "内容", "要点", "活动内容"]
        .contains(&second)
        .then(|| (first.to_string(), second.to_string()))
}

/// A table whose first column holds months → the schedule; the header row gives
/// the columns.
pub(crate) fn month_table(rows: &[Vec<String>]) -> Option<Schedule> {
    let mut s = Schedule::default();
    let mut rows = rows.iter().filter(|r| r.iter().any(|c| !c.trim().is_empty()));
    let first = rows.next()?;
    let mut body: Vec<&Vec<String>> = Vec::new();
    if first.len() >= 2 && month_of(&first[0]).is_none() {
        s.columns = Some((first[0].trim().to_string(), first[1..].join(" ").trim().to_string()));
    } else {
        body.push(first);
    }
    body.extend(rows);
    let months = body.iter().filter(|r| month_of(r.first().map_or("", |c| c.as_str())).is_some()).count();
    if months == 0 || months * 2 < body.iter().filter(|r| !r[0].trim().is_empty()).count() {
        return None;
    }
    for r in body {
        let when = r.first().map(|c| c.trim().to_string()).unwrap_or_default();
        let points: Vec<String> = r[1..]
            .iter()
            .flat_map(|c| c.split('\n'))
            .map(|p| strip_number(p.trim()))
            .filter(|p| !p.is_empty())
            .collect();
        match s.entries.last_mut() {
            Some(last) if when.is_empty() => last.1.extend(points),
            _ => s.entries.push((super::plain(&when), points)),
        }
    }
    Some(s)
}

/// A table other than the schedule, as Markdown.
pub(crate) fn markdown_table(rows: &[Vec<String>]) -> String {
    let width = rows.iter().map(Vec::len).max().unwrap_or(1).max(1);
    let cell = |r: &Vec<String>, k: usize| {
        r.get(k).map(|c| c.replace('|', "\\|").replace('\n', " ")).unwrap_or_default()
    };
    let line =
        |r: &Vec<String>| format!("| {} |", (0..width).map(|k| cell(r, k)).collect::<Vec<_>>().join(" | "));
    let mut out = Vec::new();
    if let Some(first) = rows.first() {
        out.push(line(first));
        out.push(format!("|{}", "------|".repeat(width)));
        out.extend(rows[1..].iter().map(line));
    }
    out.join("\n")
}

/// The number marker taken off a point's text.
pub(crate) fn strip_number(text: &str) -> String {
    match markers::find(text) {
        Some(m) if !m.rest.is_empty() => m.rest.to_string(),
        _ => text.to_string(),
    }
}

/// Width in cells (a Han character 2, ASCII 1).
pub(crate) fn cells(s: &str) -> usize {
    s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_in_their_shapes() {
        for t in ["二月", "4月份", "七至八月", "3月上旬", "9-10月", "十二月：总结"] {
            assert!(month_of(t).is_some(), "{t}");
        }
        for t in ["月饼", "本月", "二月的计划很多，要做好", "每月"] {
            assert!(month_of(t).is_none(), "{t}");
        }
        assert_eq!(month_of("十月：开会；学习"), Some(("十月", "开会；学习")));
    }
}
