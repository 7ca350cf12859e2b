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

use super::classify::{classify, numbered_as_typed, LineKind};
use super::closing::{parse_date, take_closing, Closing, DateValue};
use super::schedule::{
    cells, columns_of, markdown_table, month_of, month_table, schedule_title_like, strip_number, Schedule,
};
use super::{levels, Line, Role};
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
pub struct Body {
    /// Comments written above the body's keys (公文 parts, moved lines).
    pub comments: Vec<String>,
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
    /// (line, what it became and why), for `--explain`.
    pub explain: Vec<(usize, String)>,
    /// Why the title is the title, when it was a guess.
    pub title_note: Option<String>,
    pub unplaced: Vec<(usize, String)>,
}

impl Doc {
    pub fn date_is_chinese(&self) -> bool {
        std::iter::once(&self.body)
            .chain(self.parts.iter().map(|p| &p.body))
            .any(|b| matches!(b.closing.date, Some(DateValue::Date { chinese: true, .. })))
    }
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
    let head = take_title(&mut lines, &mut doc);
    let addressee = lines
        .first()
        .filter(|l| l.table.is_none() && super::gongwen::addressee(&l.text))
        .map(|l| super::plain(l.text.trim()));
    split_parts(lines, &mut doc);
    place_head(head, addressee, &mut doc);
    doc
}

fn take_title(lines: &mut Vec<Line>, doc: &mut Doc) -> Vec<(&'static str, Line)> {
    // A 公文's 版头 before the title: 发文机关标志, 发文字号, 签发人, ★ ….
    let head_count = lines
        .iter()
        .take(8)
        .take_while(|l| l.role.is_none() && super::gongwen::head_kind(l).is_some())
        .count();
    let head: Vec<(&'static str, Line)> =
        lines.drain(..head_count).map(|l| (super::gongwen::head_kind(&l).unwrap_or("版头"), l)).collect();
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
    if let Some(first) = lines.first().filter(|_| count > 0) {
        let why = if titled > 0 {
            "样式“标题”"
        } else if first.heading.is_some() {
            "标题样式或 # 标题"
        } else if first.centred {
            "居中"
        } else {
            "文件开头的一段"
        };
        let note = format!("猜测：标题取自第 {} 段（{why}）", first.at);
        doc.explain.push((first.at, format!("title ({why})")));
        if titled == 0 {
            doc.notes.push((first.at, note.clone()));
            doc.title_note = Some(note);
        }
    }
    for l in lines.drain(..count) {
        doc.title.extend(l.text.split('\n').map(|s| super::plain(s.trim())).filter(|s| !s.is_empty()));
    }
    if lines
        .first()
        .is_some_and(|l| l.role == Some(Role::Subtitle) || (bracketed(&l.text) && cells(&l.text) <= 80))
    {
        doc.subtitle = Some(super::plain(lines.remove(0).text.trim()));
    }
    head
}

/// The 版头 lines as the first paragraphs of the preface, and the 主送 after them,
/// each said in a comment.
fn place_head(head: Vec<(&'static str, Line)>, addressee: Option<String>, doc: &mut Doc) {
    let body = &mut doc.body;
    if let Some(a) = addressee {
        body.comments.insert(0, format!("主送：{a}（前言第一段；公文字段尚未支持）"));
    }
    if head.is_empty() {
        return;
    }
    let mut comments = vec!["版头（公文字段尚未支持，暂作前言开头几段，请核对）：".to_string()];
    let paras: Vec<Content> = head
        .into_iter()
        .map(|(kind, l)| {
            comments.push(format!("  {kind}：{}", super::plain(l.text.trim())));
            doc.explain.push((l.at, format!("版头 {kind}: the preface's first paragraphs, with a comment")));
            Content::Para(l.text.trim().to_string())
        })
        .collect();
    body.preface.splice(0..0, paras);
    body.comments.splice(0..0, comments);
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
        let starts = document_starts(&lines);
        if starts.is_empty() {
            doc.body = read_body(lines, doc, 0);
        } else {
            split_documents(lines, &starts, doc);
        }
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

/// Where a second (third …) document of the file begins: a centred title-like
/// line after a page break, or right after a date (the one before has its own
/// 落款).
fn document_starts(lines: &[Line]) -> Vec<usize> {
    let dated = |l: &Line| l.table.is_none() && parse_date(super::gongwen::unlabel_date(&l.text)).is_some();
    (1..lines.len())
        .filter(|&i| {
            let l = &lines[i];
            let t = l.text.trim();
            l.centred
                && l.table.is_none()
                && !l.textbox
                && (4..=60).contains(&cells(t))
                && !ends_sentence(t)
                && markers::find(t).is_none()
                && i + 1 < lines.len()
                && (l.page_break || lines[i.saturating_sub(2)..i].iter().any(dated))
                && lines[..i].iter().rev().take(12).any(dated)
        })
        .collect()
}

/// Several documents in one file → a collection, one part each.
fn split_documents(mut lines: Vec<Line>, starts: &[usize], doc: &mut Doc) {
    doc.notes.push((
        lines[starts[0]].at,
        format!("猜测：文件里有 {} 篇文稿（分页符或落款之后的居中标题），作为汇总的各篇", starts.len() + 1),
    ));
    let mut segments = Vec::new();
    for &s in starts.iter().rev() {
        segments.push(lines.split_off(s));
    }
    segments.push(lines);
    segments.reverse();
    let first_title = doc.title.join("");
    doc.title.clear();
    for (k, mut seg) in segments.into_iter().enumerate() {
        let title = if k == 0 {
            first_title.clone()
        } else {
            let l = seg.remove(0);
            doc.explain.push((l.at, "the title of a further document in the file: a part".into()));
            super::plain(l.text.trim())
        };
        let body = read_body(seg, doc, 0);
        doc.parts.push(Part { title, body });
    }
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
    // What each line is, and the levels of the heading forms the body uses.
    let mut kinds: Vec<Option<LineKind>> = (0..n)
        .map(|i| {
            (lines[i].table.is_none() && !lines[i].note)
                .then(|| classify(&lines[i], lines[i].text.trim(), lines.get(i + 1), base))
        })
        .collect();
    let ranks: Vec<u8> = kinds
        .iter()
        .filter_map(|k| match k {
            Some(LineKind::Heading(rank, title, _)) if !super::plain(title).trim().is_empty() => Some(*rank),
            _ => None,
        })
        .collect();
    let outline = levels::Outline::new(&ranks);
    let as_typed = numbered_as_typed(&lines, &kinds);
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
        if l.note {
            // A note's definition (`[^1]: …`) after the line that cites it.
            doc.explain.push((l.at, "a note's text: a Markdown footnote after the paragraph".into()));
            push(&mut body, &path, Content::Para(text));
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
        let mut kind = kinds[i].take().unwrap_or(LineKind::Para(text.clone()));
        if as_typed[i] {
            doc.notes.push((
                l.at,
                format!("typed numbers that do not count from 1 are kept as typed: `{}`", short(&text)),
            ));
            doc.explain.push((
                l.at,
                "paragraph: a numbered point kept with its typed number (the run does not count 1, 2, 3 …)"
                    .into(),
            ));
            kind = LineKind::Para(text.clone());
        }
        if l.bullet {
            kind = LineKind::Para(format!("- {text}"));
        }
        if let LineKind::Heading(rank, title, run_in) = kind {
            kind = match outline.level(rank) {
                Some(level) => LineKind::Heading(level, title, run_in),
                None => {
                    doc.notes.push((
                        l.at,
                        format!("a heading deeper than level 4 became a point or text: `{}`", short(&text)),
                    ));
                    if levels::typed_rank(&text).is_some_and(|r| r >= 15) {
                        LineKind::Item(title)
                    } else {
                        LineKind::Para(text.clone())
                    }
                }
            };
        }
        explain_kind(doc, l, &kind);
        match kind {
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
                        if l.heading.is_none() && !l.bold && !l.kept && cut_short(prev, &t) =>
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
    place_trailer(&mut body, &path, doc);
    body
}

/// Lines and tables that stood after the date (a 版记, a budget table) go to the
/// end of the body, with a comment saying so.
fn place_trailer(body: &mut Body, path: &[usize], doc: &mut Doc) {
    if let Some(label) = &body.closing.date_label {
        body.comments.push(format!("原文日期写作“{label}”，标签已去掉"));
    }
    let trailer = std::mem::take(&mut body.closing.trailer);
    if trailer.is_empty() {
        return;
    }
    let mut what = Vec::new();
    for l in trailer {
        let text = l.text.trim().to_string();
        doc.notes.push((l.at, format!("after the date: kept at the end of the body: `{}`", short(&text))));
        doc.explain.push((l.at, "paragraph at the end of the body: it stood after the 落款 and date".into()));
        match &l.table {
            Some(rows) => {
                what.push("表格".to_string());
                push(body, path, Content::Para(markdown_table(rows)));
            }
            None => {
                if let Some(kind) = super::gongwen::record_kind(&text) {
                    what.push(format!("版记·{kind}：{}", super::plain(&text)));
                } else {
                    what.push(format!("“{}”", super::plain(&short(&text))));
                }
                push(body, path, Content::Para(text));
            }
        }
    }
    body.comments.push(format!(
        "正文最后 {} 段原在落款和日期之后（公文版记等字段尚未支持，暂放在正文末尾）：{}",
        what.len(),
        what.join("；")
    ));
}

/// The first characters of `text`, for a note.
fn short(text: &str) -> String {
    text.chars().take(24).collect()
}

/// Records for `--explain` what a line became and why.
fn explain_kind(doc: &mut Doc, l: &Line, kind: &LineKind) {
    let why = if l.heading.is_some() {
        "its heading style or outline level"
    } else if l.numbered {
        "its Word numbering"
    } else if l.bullet {
        "a bulleted Word list paragraph"
    } else if markers::find(&l.text).is_some() || levels::decimal(&l.text).is_some() {
        "its typed number"
    } else {
        "plain text"
    };
    let what = match kind {
        LineKind::Heading(level, ..) => format!("heading level {level}"),
        LineKind::Item(_) => "numbered point".into(),
        LineKind::Para(_) => "paragraph".into(),
    };
    doc.explain.push((l.at, format!("{what} ({why}): {}", short(l.text.trim()))));
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

fn merge_schedule(body: &mut Body, mut s: Schedule, title: Option<String>) {
    let target = body.schedule.get_or_insert_with(Default::default);
    target.title = title.or(target.title.take()).or(s.title.take());
    target.columns = s.columns.take().or(target.columns.take());
    target.entries.append(&mut s.entries);
}
