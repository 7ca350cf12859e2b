//! Recognising the structure: [`Line`]s → a [`Doc`] in the input model's shape.
//!
//! In: the lines of a DOCX, Markdown or text file. Out: title, subtitle, parts,
//! the section tree, paragraphs, numbered points, the month schedule, 附件, 落款 and
//! date, with notes on what was guessed and the lines that fit nowhere. Rules only:
//! the typed (or Word-numbered) marker decides a heading's level (`一、` 1, `（一）` 2,
//! `1.` 3, `（1）` 4, see [`crate::markers`]), styles and `#` are hints; a run of
//! numbered points with no text between them is a list of `items`; a line that is
//! a month (`二月`, `4月份`, `七至八月`) starts a schedule entry. Typed numbers are
//! dropped, because wengao numbers again; `一是……二是……` stays text.

use super::closing::{take_closing, Closing, DateValue};
use super::{Line, Role};
use crate::markers::{self, Kind};

/// A section and what it holds, in order.
#[derive(Debug, Default)]
pub struct Section {
    pub title: String,
    pub blocks: Vec<Content>,
    pub children: Vec<Section>,
}

#[derive(Debug)]
pub enum Content {
    /// A Markdown paragraph (or table).
    Para(String),
    /// A numbered point, its number dropped (`\n\n` before a further paragraph of it).
    Item(String),
}

#[derive(Debug, Default)]
pub struct Schedule {
    pub title: Option<String>,
    pub columns: Option<(String, String)>,
    pub entries: Vec<(String, Vec<String>)>,
}

/// A document's body, or a part's.
#[derive(Debug, Default)]
pub struct Body {
    pub preface: Vec<Content>,
    pub sections: Vec<Section>,
    pub schedule: Option<Schedule>,
    pub closing: Closing,
}

#[derive(Debug, Default)]
pub struct Part {
    pub title: String,
    pub body: Body,
}

/// The recognised document.
#[derive(Debug, Default)]
pub struct Doc {
    pub title: Vec<String>,
    pub subtitle: Option<String>,
    pub body: Body,
    pub parts: Vec<Part>,
    pub part_prefix: bool,
    /// (line, note) for what was guessed.
    pub notes: Vec<(usize, String)>,
    pub unplaced: Vec<(usize, String)>,
}

impl Doc {
    pub fn date_is_chinese(&self) -> bool {
        std::iter::once(&self.body)
            .chain(self.parts.iter().map(|p| &p.body))
            .any(|b| matches!(b.closing.date, Some(DateValue::Date { chinese: true, .. })))
    }
}

/// Width in cells (a Han character 2, ASCII 1).
fn cells(s: &str) -> usize {
    s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

fn ends_sentence(s: &str) -> bool {
    s.trim_end().ends_with(['。', '！', '？', '；', '”', '…', '.', '!', '?', ';', '：', ':'])
}

/// Whether `next` continues `prev`, a paragraph or point that stopped in
/// mid-sentence: a short tail, or a long paragraph that ended on a comma or a
/// character.
fn cut_short(prev: &str, next: &str) -> bool {
    if ends_sentence(prev) || prev.contains('|') {
        return false;
    }
    let last = prev.trim_end().chars().last();
    cells(next) <= 12
        || (cells(prev) > 40
            && last.is_some_and(|c| c == '，' || c == '、' || ('\u{4E00}'..='\u{9FFF}').contains(&c)))
}

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
fn schedule_title_like(text: &str) -> bool {
    let t = text.trim();
    cells(t) <= 60
        && (t.starts_with("附：")
            || t.starts_with("附:")
            || ["工作要点", "工作安排", "行事历", "安排表", "工作计划表", "月份安排"]
                .iter()
                .any(|w| t.ends_with(w)))
}

/// A column header line of a month list: `月份工作要点`, `时间 工作内容`.
fn columns_of(text: &str) -> Option<(String, String)> {
    let t: String = text.chars().filter(|c| !c.is_whitespace() && *c != '|').collect();
    let first = ["月份", "时间", "日期", "月"].into_iter().find(|f| t.starts_with(f))?;
    let second = &t[first.len()..];
    ["工作要点", "工作内容", "主要工作", "工作安排", "内容", "要点", "活动内容"]
        .contains(&second)
        .then(|| (first.to_string(), second.to_string()))
}

/// Recognises the document in `lines`.
pub fn recognise(mut lines: Vec<Line>) -> Doc {
    let mut doc = Doc::default();
    lines.retain(|l| {
        let t = l.text.trim();
        let page_number = t.trim_matches(['—', '-', '–', ' ']).chars().all(|c| c.is_ascii_digit())
            && !t.is_empty()
            && t.chars().any(|c| c.is_ascii_digit())
            && cells(t) <= 12
            && t.starts_with(['—', '-', '–']);
        if page_number {
            doc.notes.push((l.at, format!("dropped the page number `{t}`")));
        }
        l.table.is_some() || (!t.is_empty() && !page_number)
    });
    // Word's numbering: the number the reader saw goes before the text.
    for l in &mut lines {
        if let Some(label) = l.label.take() {
            l.text = format!("{label}{}", l.text);
        }
    }
    take_title(&mut lines, &mut doc);
    split_parts(lines, &mut doc);
    doc
}

fn take_title(lines: &mut Vec<Line>, doc: &mut Doc) {
    let titled = lines.iter().take_while(|l| l.role == Some(Role::Title)).count();
    let count = if titled > 0 {
        titled
    } else if lines.first().is_some_and(|l| l.table.is_none()) {
        // A DOCX's centred first lines are the title (a subtitle in brackets aside).
        1 + lines
            .iter()
            .skip(1)
            .take_while(|l| {
                l.centred
                    && l.table.is_none()
                    && !bracketed(&l.text)
                    && cells(&l.text) <= 60
                    && l.role.is_none()
            })
            .count()
    } else {
        0
    };
    for l in lines.drain(..count) {
        doc.title.extend(l.text.split('\n').map(|s| super::plain(s.trim())).filter(|s| !s.is_empty()));
    }
    if lines
        .first()
        .is_some_and(|l| l.role == Some(Role::Subtitle) || (bracketed(&l.text) && cells(&l.text) <= 80))
    {
        doc.subtitle = Some(super::plain(lines.remove(0).text.trim()));
    }
}

fn bracketed(text: &str) -> bool {
    let t = text.trim();
    (t.starts_with('（') && t.ends_with('）')) || (t.starts_with('(') && t.ends_with(')'))
}

/// The title of a part from its label line, and whether the label came first.
fn part_label(l: &Line) -> Option<(String, bool)> {
    let t = l.text.trim();
    if let Some(m) = markers::find(t).filter(|m| m.kind == Kind::Part) {
        return Some((m.rest.trim_start_matches(['：', ':']).to_string(), true));
    }
    if l.role == Some(Role::Part) || cells(t) <= 100 {
        if let Some((head, _)) = markers::trailing_part(t) {
            return Some((head.to_string(), false));
        }
    }
    None
}

/// Splits a collection into its parts (two or more part labels), else reads one body.
fn split_parts(lines: Vec<Line>, doc: &mut Doc) {
    let labels: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.table.is_none() && part_label(l).is_some())
        .map(|(i, _)| i)
        .collect();
    if labels.len() < 2 && !lines.iter().any(|l| l.role == Some(Role::Part)) {
        doc.body = read_body(lines, doc, 0);
        return;
    }
    let mut lines = lines.into_iter();
    let first = labels[0];
    let preface: Vec<Line> = lines.by_ref().take(first).collect();
    let base = preface.iter().filter_map(|l| l.heading).min().unwrap_or(0);
    let preface_body = read_body(preface, doc, base);
    doc.body.preface = preface_body.preface;
    let mut rest: Vec<Line> = lines.collect();
    let mut starts: Vec<usize> = labels.iter().map(|i| i - first).collect();
    starts.push(rest.len());
    let mut parts_lines = Vec::new();
    for w in starts.windows(2).rev() {
        parts_lines.push(rest.drain(w[0]..w[1]).collect::<Vec<Line>>());
    }
    parts_lines.reverse();
    for mut part in parts_lines {
        let label = part.remove(0);
        let (mut title, prefix) = part_label(&label).unwrap_or_default();
        doc.part_prefix |= prefix && !title.is_empty();
        if title.is_empty() {
            // `篇一` alone on its line: the next short line is the part's title.
            if part
                .first()
                .is_some_and(|l| l.table.is_none() && cells(&l.text) <= 80 && !ends_sentence(&l.text))
            {
                title = part.remove(0).text;
            } else {
                doc.notes
                    .push((label.at, "a part label with no title: the part's title is left empty".into()));
            }
        }
        let base = label.heading.unwrap_or(0);
        let body = read_body(part, doc, base);
        let mut title = super::plain(title.trim());
        if title.trim().is_empty() {
            doc.notes.push((label.at, "a part with no title: it takes the collection's title".into()));
            title = if doc.title.is_empty() { "（无标题）".into() } else { doc.title.join("") };
        }
        doc.parts.push(Part { title, body });
    }
}

/// Where a line goes.
enum LineKind {
    /// Level, title, and the text of a run-in heading (`（一）加强学习。要……`).
    Heading(u8, String, Option<String>),
    Item(String),
    Para(String),
}

/// Reads one body; `base` is the `#` level of its own heading (Markdown levels
/// below it count from there).
fn read_body(mut lines: Vec<Line>, doc: &mut Doc, base: u8) -> Body {
    let mut body = Body { closing: take_closing(&mut lines), ..Body::default() };
    doc.unplaced.append(&mut body.closing.unplaced);
    if let Some(DateValue::Text(t)) = &body.closing.date {
        doc.notes.push((0, format!("the date `{t}` could not be read as a date: it stays text")));
    }
    let mut path: Vec<usize> = Vec::new(); // indices down the section tree
    let mut levels: Vec<u8> = Vec::new(); // the marker level of each open section
    let mut schedule_open = false;
    let mut pending_title: Option<String> = None;
    let n = lines.len();
    for i in 0..n {
        let l = &lines[i];
        let text = l.text.trim().to_string();
        if let Some(rows) = &l.table {
            if let Some(s) = month_table(rows) {
                merge_schedule(&mut body, s, pending_title.take());
                schedule_open = false;
            } else {
                push(&mut body, &path, Content::Para(markdown_table(rows)));
            }
            continue;
        }
        // Schedules: a title, a column header, then months with their points.
        let next_is_month = lines[i + 1..].iter().take(3).any(|n| {
            n.table.as_ref().is_some_and(|r| month_table(r).is_some()) || month_of(&n.text).is_some()
        });
        if pending_title.is_some() || schedule_open || next_is_month {
            if let Some(cols) = columns_of(&text) {
                body.schedule.get_or_insert_with(Default::default).columns = Some(cols);
                continue;
            }
        }
        if (l.role == Some(Role::Schedule) || schedule_title_like(&text)) && next_is_month {
            pending_title = Some(super::plain(&text));
            continue;
        }
        if let Some((when, rest)) = month_of(&text).filter(|_| {
            l.heading.is_some()
                || schedule_open
                || next_is_month
                || pending_title.is_some()
                || cells(&text) <= 16
        }) {
            let s = body.schedule.get_or_insert_with(Default::default);
            if let Some(t) = pending_title.take() {
                s.title = Some(t);
            }
            let items =
                rest.split(['；', ';']).map(|x| strip_number(x.trim())).filter(|x| !x.is_empty()).collect();
            s.entries.push((super::plain(when), items));
            schedule_open = true;
            continue;
        }
        if schedule_open {
            let is_point = l.list
                || markers::find(&text)
                    .is_some_and(|m| matches!(m.kind, Kind::Digit | Kind::DigitParen | Kind::Circled));
            if is_point || (cells(&text) <= 40 && l.heading.is_none() && markers::find(&text).is_none()) {
                if let Some(entry) = body.schedule.as_mut().and_then(|s| s.entries.last_mut()) {
                    entry.1.push(strip_number(&text));
                    continue;
                }
            }
            schedule_open = false;
        }
        match classify(l, &text, lines.get(i + 1), base) {
            LineKind::Heading(_, title, _) if super::plain(&title).trim().is_empty() => {
                if !super::plain(&text).trim().is_empty() {
                    push(&mut body, &path, Content::Para(text));
                }
            }
            LineKind::Heading(level, title, run_in) => {
                // Close the sections at this level or deeper; the new one goes
                // under what stays open (a document may skip levels: `1.` under `一、`).
                while levels.last().is_some_and(|&open| open >= level) || levels.len() >= 4 {
                    levels.pop();
                }
                path.truncate(levels.len());
                levels.push(level);
                let list = children_at(&mut body, &path);
                list.push(Section { title: super::plain(&title), ..Section::default() });
                path.push(list.len() - 1);
                if let Some(text) = run_in {
                    push(&mut body, &path, Content::Para(text));
                }
            }
            LineKind::Item(t) => push(&mut body, &path, Content::Item(t)),
            LineKind::Para(t) if l.role == Some(Role::ListContinue) => {
                match content_at(&mut body, &path).last_mut() {
                    Some(Content::Item(prev)) => {
                        prev.push_str("\n\n");
                        prev.push_str(&t);
                    }
                    _ => push(&mut body, &path, Content::Para(t)),
                }
            }
            LineKind::Para(t) => {
                // A short piece after a point that did not end its sentence continues it.
                // A paragraph cut in two (a blank line in mid-sentence) is joined again.
                let target = content_at(&mut body, &path);
                match target.last_mut() {
                    Some(Content::Item(prev) | Content::Para(prev))
                        if l.heading.is_none() && !l.bold && cut_short(prev, &t) =>
                    {
                        prev.push_str(&t)
                    }
                    _ => target.push(Content::Para(t)),
                }
            }
        }
    }
    if let Some(t) = pending_title {
        push(&mut body, &path, Content::Para(t));
    }
    body
}

/// The number marker taken off a point's text.
fn strip_number(text: &str) -> String {
    match markers::find(text) {
        Some(m) if !m.rest.is_empty() => m.rest.to_string(),
        _ => text.to_string(),
    }
}

/// What a line is: heading (level, title), numbered point, or paragraph.
fn classify(l: &Line, text: &str, next: Option<&Line>, base: u8) -> LineKind {
    let marker = markers::find(text).filter(|m| !m.rest.is_empty() && m.kind != Kind::Part);
    let hinted = l.heading.map(|h| h.saturating_sub(base).max(1));
    let Some(m) = marker else {
        return match hinted {
            Some(level) if cells(text) <= 100 => LineKind::Heading(level.min(4), text.to_string(), None),
            _ => LineKind::Para(text.to_string()),
        };
    };
    let level = m.kind.level().unwrap_or(1);
    let rest = m.rest.to_string();
    let sentence_inside = rest.trim_end_matches(['。', '；', '！', '？']).contains(['。', '！', '？']);
    match m.kind {
        Kind::Chinese | Kind::ChineseParen | Kind::Chapter => {
            if l.list {
                LineKind::Item(rest)
            } else if hinted.is_some() || (!sentence_inside && cells(&rest) <= 120) {
                LineKind::Heading(level, rest, None)
            } else {
                // A run-in heading: `（一）加强学习。要……` — the heading, then its text.
                let cut = rest.find('。').map_or(rest.len(), |at| at + '。'.len_utf8());
                let (head, tail) = rest.split_at(cut);
                if tail.trim().is_empty() || cells(head) > 80 {
                    LineKind::Para(text.to_string())
                } else {
                    LineKind::Heading(level, head.to_string(), Some(tail.trim().to_string()))
                }
            }
        }
        _ => {
            // A heading has text under it: a plain paragraph, or points of a deeper
            // level; a point is followed by its sibling or by nothing.
            let next_plain = next.is_some_and(|n| {
                n.table.is_none()
                    && !n.list
                    && markers::find(&n.text).is_none_or(|nm| nm.kind.level() != m.kind.level())
            });
            let short = cells(&rest) <= 60 && !rest.contains(['。', '；', '！', '？', '，']);
            if !l.list && (hinted.is_some() || (short && next_plain)) {
                LineKind::Heading(level, rest, None)
            } else {
                LineKind::Item(rest)
            }
        }
    }
}

/// The sections at `path` (the top list for an empty path).
fn children_at<'a>(body: &'a mut Body, path: &[usize]) -> &'a mut Vec<Section> {
    let mut list = &mut body.sections;
    for &i in path {
        list = &mut list[i].children;
    }
    list
}

/// Where content goes: the innermost open section, or the preface.
fn content_at<'a>(body: &'a mut Body, path: &[usize]) -> &'a mut Vec<Content> {
    let Some((&last, up)) = path.split_last() else { return &mut body.preface };
    &mut children_at(body, up)[last].blocks
}

fn push(body: &mut Body, path: &[usize], c: Content) {
    content_at(body, path).push(c);
}

/// A table whose first column holds months → the schedule; the header row gives
/// the columns.
fn month_table(rows: &[Vec<String>]) -> Option<Schedule> {
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

fn merge_schedule(body: &mut Body, mut s: Schedule, title: Option<String>) {
    let target = body.schedule.get_or_insert_with(Default::default);
    target.title = title.or(target.title.take()).or(s.title.take());
    target.columns = s.columns.take().or(target.columns.take());
    target.entries.append(&mut s.entries);
}

/// A table other than the schedule, as Markdown.
fn markdown_table(rows: &[Vec<String>]) -> String {
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
