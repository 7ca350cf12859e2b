//! Reading one body — a document's, or one part's — into sections.
//!
//! In: the lines of a body (after the title), and the `#` level of its own
//! heading. Out: a [`Body`]: the 主送, the preface, the section tree with
//! paragraphs and numbered points, the month schedule and the end (附件, 落款,
//! date, 附注; the 版记 as the `[imprint]` of the file's last body); what was
//! guessed goes into the [`Doc`]'s notes and `--explain` lines. A heading's level
//! comes from the forms the body uses ([`levels`]): its typed or Word-numbered
//! marker or style, its Word list level and how far it is indented; typed
//! numbers are dropped.

use super::classify::{classify, numbered_as_typed, LineKind};
use super::closing::{take_closing, Closing, DateValue};
use super::frame::{Imprint, Masthead};
use super::schedule::{
    cells, columns_of, markdown_table, month_of, month_table, schedule_title_like, strip_number, Schedule,
};
use super::{levels, Line, Role};
use crate::markers::{self, Kind};

/// A section and what it holds, in order.
#[derive(Debug, Default)]
pub struct Section {
    /// Comments written right above its `[[section]]` (guesses about it).
    pub comments: Vec<String>,
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
    /// The 主送 (paragraph, names without the colon).
    pub addressee: Option<(usize, String)>,
    /// The 版记 after the date (the last body's only: the input has one `[imprint]`).
    pub imprint: Option<Imprint>,
    /// Comments written above the preface (公文 parts, moved lines).
    pub comments: Vec<String>,
    /// Comments written above the date (a label dropped).
    pub date_comments: Vec<String>,
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
    /// The 版头 before the title.
    pub masthead: Masthead,
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
    /// The 版记: the last body's (a collection's last part's).
    pub fn imprint(&self) -> Option<&Imprint> {
        std::iter::once(&self.body).chain(self.parts.iter().map(|p| &p.body)).find_map(|b| b.imprint.as_ref())
    }

    pub fn date_is_chinese(&self) -> bool {
        std::iter::once(&self.body)
            .chain(self.parts.iter().map(|p| &p.body))
            .any(|b| matches!(b.closing.date, Some(DateValue::Date { chinese: true, .. })))
    }
}

pub(crate) fn ends_sentence(s: &str) -> bool {
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

/// The 主送 a line is, if it is one (`各街道工会：` → `各街道工会`).
pub(crate) fn addressee(l: &Line) -> Option<String> {
    l.table.is_none().then(|| super::gongwen::addressee(&super::plain(l.text.trim()))).flatten()
}

/// Reads one body; `base` is the `#` level of its own heading (Markdown levels
/// below it count from there); `last`: the last body of the file, whose 版记 is
/// the document's `[imprint]`.
pub(crate) fn read_body(mut lines: Vec<Line>, doc: &mut Doc, base: u8, last: bool) -> Body {
    let mut body = Body { closing: take_closing(&mut lines), ..Body::default() };
    doc.unplaced.append(&mut body.closing.unplaced);
    if let Some(names) = lines.first().and_then(addressee) {
        let l = lines.remove(0);
        doc.notes.push((l.at, format!("猜测：主送机关取自第 {} 段“{}”", l.at, super::plain(l.text.trim()))));
        doc.explain.push((l.at, "主送: the addressee (a short line naming organs, ending in ：)".into()));
        body.addressee = Some((l.at, names));
    }
    if let Some((at, text)) = &body.closing.remark {
        doc.notes.push((*at, format!("猜测：附注取自日期后的第 {at} 段“（{text}）”")));
        doc.explain.push((*at, "附注: the remark (in （） right after the date)".into()));
    }
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
    // Each heading's form: the rank of its marker or style, then how far it is
    // indented among the headings of that form.
    let headings: Vec<(usize, levels::Form)> = (0..n)
        .filter_map(|i| match &kinds[i] {
            Some(LineKind::Heading(rank, title, _)) if !super::plain(title).trim().is_empty() => {
                let l = &lines[i];
                let value = markers::find(l.text.trim()).map(|m| m.value);
                let list_level = l.list_level.unwrap_or(0);
                Some((i, levels::Form { rank: *rank, value, indent: l.indent, list_level }))
            }
            _ => None,
        })
        .collect();
    let forms: Vec<levels::Form> = headings.iter().map(|h| h.1).collect();
    let mut form_of = vec![0u8; n];
    for (&(i, form), step) in headings.iter().zip(levels::indent_steps(&forms)) {
        form_of[i] = form.rank.saturating_mul(8).saturating_add(step);
    }
    let ranks: Vec<u8> = headings.iter().map(|&(i, _)| form_of[i]).collect();
    let outline = levels::Outline::new(&ranks);
    let as_typed = numbered_as_typed(&lines, &kinds);
    // A run of Word bullets: (the list level of its first, the depth of the last).
    let mut bullets: Option<(u8, usize)> = None;
    for i in 0..n {
        let l = &lines[i];
        let text = l.text.trim().to_string();
        if !l.bullet {
            bullets = None;
        }
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
        // Word's `(1)` labels: wengao's points print `1.`, so the point keeps the
        // label the reader saw, as text.
        let paren = markers::find(&text).filter(|m| m.kind == Kind::DigitParen);
        if let Some(m) = paren.filter(|_| l.numbered && !l.bullet && matches!(kind, LineKind::Item(_))) {
            doc.notes.push((l.at, format!("Word's `(1)` numbering is kept as text: `{}`", short(&text))));
            kind = LineKind::Para(format!("{}{}", m.text.trim(), m.rest));
        }
        if l.bullet {
            // A deeper list level is a nested item, one step at most below the one before.
            let level = l.list_level.unwrap_or(0);
            let (base, before) = bullets.unwrap_or((level, 0));
            let depth = usize::from(level.saturating_sub(base)).min(before + 1);
            bullets = Some((base.min(level), depth));
            kind = LineKind::Para(format!("{}- {text}", "  ".repeat(depth)));
        }
        if let LineKind::Heading(rank, title, run_in) = kind {
            let form = if form_of[i] > 0 { form_of[i] } else { rank.saturating_mul(8) };
            kind = match outline.level(form) {
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
                let mut guesses = Vec::new();
                let plain = super::plain(&short(&text));
                if levels::decimal(&text).is_none() && levels::decimal_tight(&text).is_some() {
                    guesses.push(format!(
                        "猜测：“{plain}”读作第 {level} 级标题（编号后无空格，但段落短、无句号，且加粗或用标题样式）"
                    ));
                }
                if !form_of[i].is_multiple_of(8) {
                    guesses.push(match l.list_level.filter(|&k| k > 0) {
                        Some(k) => format!(
                            "猜测：“{plain}”在 Word 编号列表的第 {} 层（比同样编号的标题深），读作第 {level} 级标题",
                            k + 1
                        ),
                        None => format!("猜测：“{plain}”比同样编号的标题缩进更深，读作第 {level} 级标题"),
                    });
                }
                doc.notes.extend(guesses.iter().map(|g| (l.at, g.clone())));
                // Close the sections at this level or deeper; the new one goes
                // under what stays open (a document may skip levels: `1.` under `一、`).
                while levels.last().is_some_and(|&open| open >= level) || levels.len() >= 4 {
                    levels.pop();
                }
                path.truncate(levels.len());
                levels.push(level);
                let list = children_at(&mut body, &path);
                list.push(Section { title: super::plain(&title), comments: guesses, ..Section::default() });
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
    place_trailer(&mut body, &path, doc, last);
    body
}

/// The 版记 after the date becomes the `[imprint]` (of the last body); other lines
/// and tables that stood after the date (a budget table) go to the end of the
/// body, with a comment saying so.
fn place_trailer(body: &mut Body, path: &[usize], doc: &mut Doc, last: bool) {
    if let Some(line) = &body.closing.date_line {
        body.date_comments.push(format!("原文日期写作“{}”：标签作为 date_label", super::plain(line)));
    }
    let mut trailer = std::mem::take(&mut body.closing.trailer);
    if last {
        body.imprint = super::frame::take_imprint(&mut trailer);
    }
    for (what, from) in
        body.imprint.iter().flat_map(|i| [("抄送", &i.cc_from), ("印发机关和印发日期", &i.printed_from)])
    {
        if let Some(f) = from {
            doc.notes.push((f.at, f.guess(what)));
            doc.explain.push((f.at, format!("版记 {what}: [imprint]")));
        }
    }
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
    let comment =
        format!("正文最后 {} 段原在落款和日期之后，暂放在正文末尾：{}", what.len(), what.join("；"));
    // Above the section whose text ends with them, else above the preface.
    match path.split_last() {
        Some((&last, up)) => children_at(body, up)[last].comments.push(comment),
        None => body.comments.push(comment),
    }
}

/// The first characters of `text`, for a note.
fn short(text: &str) -> String {
    text.chars().take(24).collect()
}

/// Records for `--explain` what a line became and why.
fn explain_kind(doc: &mut Doc, l: &Line, kind: &LineKind) {
    let why = if l.heading.is_some() {
        "its heading style or outline level"
    } else if l.bullet {
        "a bullet"
    } else if l.numbered {
        "its Word numbering"
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
