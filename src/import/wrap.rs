//! Hard-wrapped text in a Word file: which paragraph boundaries are line ends.
//!
//! In: the [`Line`]s of a DOCX. Out: the same lines with the pieces of each
//! hard-wrapped paragraph joined, and (line, why) for every join. A Word paragraph
//! boundary is kept unless the lines are evidently one sentence cut where the line
//! ended. The rule, all of it must hold:
//!
//! 1. the file has a wrap width: at least [`MIN_FULL_LINES`] paragraphs that stop
//!    in mid-sentence have the same width (±2 cells, a Han character 2 cells) of at
//!    least 40 cells — text pasted from a PDF or typed with Enter at each line end;
//! 2. the paragraph before stops in mid-sentence (not after 。！？；：… or a closing
//!    quote) and is as wide as the wrap width (±4 cells): the line was full;
//! 3. neither is a heading, a Word list paragraph, centred, a table, a picture or
//!    in a text box, and the next one does not begin with a number or marker
//!    (`1：`, `一、`, `①`, `【`).
//!
//! Short lines without a full stop (`然后是问题`) or numbered lines stay paragraphs.

use super::Line;
use std::collections::HashMap;

/// How many full lines of one width make a file hard-wrapped.
pub const MIN_FULL_LINES: usize = 5;

fn cells(s: &str) -> usize {
    s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

fn ends_sentence(s: &str) -> bool {
    s.trim_end().ends_with(['。', '！', '？', '；', '：', '”', '’', '…', '.', '!', '?', ';', ':', '）', ')'])
}

/// Whether `text` begins with a number or marker of a point (`1：`, `2.1`, `一、`, `①`, `【注意】`).
pub fn starts_with_marker(text: &str) -> bool {
    let t = text.trim_start();
    if crate::markers::find(t).is_some()
        || t.starts_with([
            '【', '①', '②', '③', '④', '⑤', '⑥', '⑦', '⑧', '⑨', '●', '■', '◆', '★', '-', '*', '•',
        ])
    {
        return true;
    }
    let digits = t.chars().take_while(|c| c.is_ascii_digit()).count();
    let rest = &t[digits..];
    let letter = t.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && t[1..].starts_with(['.', '．', '、', ')', '）']);
    (digits > 0 && digits <= 3 && rest.starts_with(['：', ':', '．', '.', '、', ')', '）', '，'])) || letter
}

/// A line that can be a piece of a wrapped paragraph.
fn plain(l: &Line) -> bool {
    l.table.is_none()
        && l.heading.is_none()
        && l.label.is_none()
        && !l.numbered
        && !l.centred
        && !l.textbox
        && !l.note
        && l.role.is_none()
        && !l.text.contains("![")
        && !l.text.trim().is_empty()
}

/// The width most lines that stop in mid-sentence have, if enough do.
pub fn wrap_width(lines: &[Line]) -> Option<usize> {
    let mut by_width: HashMap<usize, usize> = HashMap::new();
    for l in lines.iter().filter(|l| plain(l) && !ends_sentence(&l.text)) {
        let w = cells(l.text.trim());
        if w >= 40 {
            *by_width.entry(w).or_default() += 1;
        }
    }
    let around = |w: usize| {
        (w.saturating_sub(2)..=w + 2).map(|k| by_width.get(&k).copied().unwrap_or(0)).sum::<usize>()
    };
    let best = by_width.keys().map(|&w| (around(w), w)).max()?;
    (best.0 >= MIN_FULL_LINES).then_some(best.1)
}

/// Joins the pieces of hard-wrapped paragraphs; returns (line, why) of each join.
pub fn join_hard_wraps(lines: &mut Vec<Line>) -> Vec<(usize, String)> {
    let Some(width) = wrap_width(lines) else { return Vec::new() };
    let mut joined = Vec::new();
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    // The width of the last piece of the paragraph being built.
    let mut last_piece = 0usize;
    for l in lines.drain(..) {
        let piece = cells(l.text.trim());
        if let Some(prev) = out.last_mut() {
            let full = last_piece + 4 >= width && last_piece <= width + 4;
            if full
                && plain(prev)
                && plain(&l)
                && !l.page_break
                && !ends_sentence(&prev.text)
                && !starts_with_marker(&l.text)
            {
                joined.push((
                    l.at,
                    format!(
                        "joined to paragraph {}: a full line ({width} cells) cut in mid-sentence",
                        prev.at
                    ),
                ));
                let latin = prev.text.trim_end().ends_with(|c: char| c.is_ascii_alphanumeric())
                    && l.text.trim_start().starts_with(|c: char| c.is_ascii_alphanumeric());
                let mut text = prev.text.trim_end().to_string();
                if latin {
                    text.push(' ');
                }
                text.push_str(l.text.trim_start());
                prev.text = text;
                last_piece = piece;
                continue;
            }
        }
        last_piece = piece;
        out.push(l);
    }
    *lines = out;
    joined
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(at: usize, text: &str) -> Line {
        Line { text: text.into(), at, kept: true, ..Line::default() }
    }

    #[test]
    fn full_lines_cut_in_mid_sentence_are_joined_and_nothing_else() {
        let full = "对于一些篇幅比较长而且又十分重要的公文来说就需要拟写出比较详细的写作提";
        let mut lines = Vec::new();
        for k in 0..6 {
            lines.push(line(3 * k + 1, full));
            lines.push(line(3 * k + 2, "纲，然后才能起草。"));
            lines.push(line(3 * k + 3, "1：复盘总结"));
        }
        lines.push(line(100, full));
        lines.push(line(101, "（1）真实；"));
        let joins = join_hard_wraps(&mut lines);
        assert_eq!(joins.len(), 6);
        assert_eq!(lines[0].text, format!("{full}纲，然后才能起草。"));
        assert_eq!(lines[1].text, "1：复盘总结");
        assert_eq!(lines.last().unwrap().text, "（1）真实；");
    }

    #[test]
    fn short_lines_without_a_full_stop_stay_paragraphs() {
        let mut lines: Vec<Line> =
            ["然后是问题", "小程序本身刚出来有很多开发坑就不赘述了", "个人想法", "这次开发对我有很大提升"]
                .iter()
                .enumerate()
                .map(|(i, t)| line(i + 1, t))
                .collect();
        assert!(join_hard_wraps(&mut lines).is_empty());
        assert_eq!(lines.len(), 4);
    }
}
