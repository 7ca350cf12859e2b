//! Recognising the structure: [`Line`]s → a [`Doc`] in the input model's shape.
//!
//! In: the lines of a DOCX, Markdown or text file. Out: title, subtitle, the 版头
//! of a 公文 (its `[masthead]`, read by [`super::frame`]), and the parts —
//! labelled (`篇一`, `第一篇：`) or several documents in one file (a centred title
//! after a page break or a dated end) — each body read by [`super::body`] (主送,
//! sections, paragraphs, points, schedule, 附件, 落款, date, 附注, 版记), with notes
//! on what was guessed and the lines that fit nowhere; a note cited by a title or
//! heading kept as a paragraph `注：…`. Rules only.

use super::body::{addressee, ends_sentence, read_body};
pub use super::body::{Body, Content, Doc, Part, Section};
use super::closing::parse_date;
use super::frame::read_masthead;
use super::gongwen::{has_number, head_kind, HeadKind};
use super::schedule::cells;
use super::{Line, Role};
use crate::markers::{self, Kind};
use std::collections::HashSet;

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
    // The notes cited near the top wait while the 版头 and title are read.
    let window = lines.len().min(24);
    let (near, rest): (Vec<Line>, Vec<Line>) = lines.drain(..window).partition(|l| l.note);
    lines.splice(0..0, rest);
    let head = take_title(&mut lines, &mut doc);
    let addressee = lines.first().is_some_and(|l| l.table.is_none() && addressee(l).is_some());
    put_notes_back(&mut lines, near, usize::from(addressee));
    split_parts(lines, &mut doc);
    place_head(head, &mut doc);
    orphan_notes(&mut doc);
    doc
}

/// Each note's definition after the line that cites it (the same `at`); those
/// whose line became the 版头 or the title go first in the body (after the 主送,
/// `first` lines).
fn put_notes_back(lines: &mut Vec<Line>, notes: Vec<Line>, first: usize) {
    for note in notes.into_iter().rev() {
        let at = lines.iter().take(24).rposition(|l| l.at == note.at && !l.note).map_or(first, |k| k + 1);
        lines.insert(at.min(lines.len()), note);
    }
}

fn take_title(lines: &mut Vec<Line>, doc: &mut Doc) -> Vec<(HeadKind, Line)> {
    // A 公文's 版头 before the title: 发文机关标志, 发文字号, 签发人, ★ ….
    let number_follows = |k: usize| lines.iter().skip(k + 1).take(6).any(|l| has_number(&l.text));
    let head_count = (0..lines.len().min(8))
        .take_while(|&k| lines[k].role.is_none() && head_kind(&lines[k], number_follows(k)).is_some())
        .count();
    let kinds: Vec<HeadKind> =
        (0..head_count).filter_map(|k| head_kind(&lines[k], number_follows(k))).collect();
    let head: Vec<(HeadKind, Line)> = kinds.into_iter().zip(lines.drain(..head_count)).collect();
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

/// The 版头 into `[masthead]`, each value noted as a guess; lines that fill no
/// field stay the first paragraphs of the preface, said in a comment.
fn place_head(head: Vec<(HeadKind, Line)>, doc: &mut Doc) {
    let (masthead, rest) = read_masthead(head);
    for (key, name, fields) in masthead.keys() {
        if let Some(f) = fields.first() {
            doc.notes.push((f.at, f.guess(name)));
        }
        for f in fields {
            doc.explain.push((f.at, format!("版头 {name}: [masthead] {key}")));
        }
    }
    for m in &masthead.marks {
        doc.notes.push((m.at, format!("版头标记“{}”没有对应的字段，只留在 [masthead] 的注释里", m.value)));
        doc.explain.push((m.at, "版头标记: a comment in [masthead] (no field prints it)".into()));
    }
    doc.masthead = masthead;
    if rest.is_empty() {
        return;
    }
    let mut comments = vec!["版头里没有对应字段的几段，暂作前言开头几段，请核对：".to_string()];
    let paras: Vec<Content> = rest
        .into_iter()
        .map(|(kind, l)| {
            comments.push(format!("  {}：{}", kind.name(), super::plain(l.text.trim())));
            doc.explain.push((
                l.at,
                format!("版头 {}: the preface's first paragraphs, with a comment", kind.name()),
            ));
            Content::Para(l.text.trim().to_string())
        })
        .collect();
    let body = &mut doc.body;
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
            doc.body = read_body(lines, doc, 0, true);
        } else {
            split_documents(lines, &starts, doc);
        }
        return;
    }
    let mut lines = lines.into_iter();
    let first = labels[0];
    let preface: Vec<Line> = lines.by_ref().take(first).collect();
    let base = preface.iter().filter_map(|l| l.heading).min().unwrap_or(0);
    let preface_body = read_body(preface, doc, base, false);
    doc.body.preface = preface_body.preface;
    doc.body.addressee = preface_body.addressee;
    let mut rest: Vec<Line> = lines.collect();
    let mut starts: Vec<usize> = labels.iter().map(|i| i - first).collect();
    starts.push(rest.len());
    let mut parts_lines = Vec::new();
    for w in starts.windows(2).rev() {
        parts_lines.push(rest.drain(w[0]..w[1]).collect::<Vec<Line>>());
    }
    parts_lines.reverse();
    let count = parts_lines.len();
    for (k, mut part) in parts_lines.into_iter().enumerate() {
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
        // Only the last part's 版记 can be the document's `[imprint]`.
        let body = read_body(part, doc, base, k + 1 == count);
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
    let count = segments.len();
    for (k, mut seg) in segments.into_iter().enumerate() {
        let title = if k == 0 {
            first_title.clone()
        } else {
            let l = seg.remove(0);
            doc.explain.push((l.at, "the title of a further document in the file: a part".into()));
            super::plain(l.text.trim())
        };
        let body = read_body(seg, doc, 0, k + 1 == count);
        doc.parts.push(Part { title, body });
    }
}

/// Notes whose reference was left out (it stood in a title, a heading or another
/// plain value): each definition becomes a paragraph `注：…` where it stood, with
/// a note for the summary.
fn orphan_notes(doc: &mut Doc) {
    fn blocks(body: &mut Body) -> Vec<&mut Vec<Content>> {
        fn walk<'a>(list: &'a mut [Section], out: &mut Vec<&'a mut Vec<Content>>) {
            for s in list {
                out.push(&mut s.blocks);
                walk(&mut s.children, out);
            }
        }
        let mut out = vec![&mut body.preface];
        walk(&mut body.sections, &mut out);
        out
    }
    let mut cited = HashSet::new();
    let mut bodies: Vec<&mut Body> = vec![&mut doc.body];
    bodies.extend(doc.parts.iter_mut().map(|p| &mut p.body));
    for body in bodies.iter_mut() {
        for list in blocks(body) {
            for c in list.iter() {
                let (Content::Para(t) | Content::Item(t)) = c;
                super::notes::labels(t, &mut cited);
            }
        }
    }
    let mut n = 0;
    for body in bodies {
        for list in blocks(body) {
            for c in list.iter_mut() {
                if let Content::Para(t) = c {
                    if let Some((_, text)) = super::notes::definition(t).filter(|(l, _)| !cited.contains(*l))
                    {
                        *t = format!("注：{text}");
                        n += 1;
                    }
                }
            }
        }
    }
    if n > 0 {
        doc.notes.push((
            0,
            format!("{n} note(s) cited in a title or heading (which cannot cite a note) became paragraphs `注：…` after it"),
        ));
    }
}
