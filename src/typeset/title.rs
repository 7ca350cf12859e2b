//! Titles: a document's or a part's title → centred lines of at most 20 characters.
//!
//! In: a title [`Block`] (its plain text, explicit line breaks as U+2028). Out: its
//! [`Row`]s, centred, kept with what follows, the first carrying the bookmark
//! anchor; and the text of each line as set, by explicit line ([`TitleLines`]), which
//! the DOCX reads to break its title at the same places. Each explicit line is
//! balanced ([`balance`]): the break of least cost puts the upper line a little
//! longer than an even share, prefers a space, and never falls inside a Latin word
//! or number, inside —— or ……, before a closing mark or after an opening one.

use super::context::Ctx;
use super::kinsoku::{Class, NO_END, NO_START};
use super::measure::{self, Glyph};
use super::rows::{centred, Anchor, Row};
use crate::fonts::FontRole;
use crate::markdown::Block;
use crate::page::TITLE_SIZE;

/// A title's lines as set: for each line the author wrote (split at U+2028), the
/// text of each line the typesetter made of it — the spaces a break fell on (which
/// the PDF does not print) kept at the end of the line before, so that the lines
/// together are the written line.
pub type TitleLines = Vec<Vec<String>>;

/// Title lines: ≤ 20 characters, centred, balanced with the upper line longer;
/// never broken inside a number or word; explicit line breaks (U+2028) kept.
pub(super) fn title_rows(c: &mut Ctx<'_>, b: &Block) -> Result<(Vec<Row>, TitleLines), String> {
    let text = b.plain_text();
    let mut rows = Vec::new();
    let mut lines = TitleLines::new();
    for chunk in text.split('\u{2028}') {
        let glyphs = c.plain(chunk.trim(), FontRole::Title, TITLE_SIZE)?;
        let from = rows.len();
        for line in balance(&glyphs, c.g.width) {
            rows.extend(centred(line, c.g));
        }
        lines.push(line_texts(&glyphs, &rows[from..]));
    }
    for r in &mut rows {
        r.keep_with_next = true;
    }
    if let Some(first) = rows.first_mut() {
        let level = 0;
        first.anchor = Some(Anchor { id: b.id.clone(), label: text.replace('\u{2028}', ""), level });
    }
    Ok((rows, lines))
}

/// The text of each of `rows`, set from `glyphs`, with the characters between two
/// rows (spaces a break fell on) at the end of the upper one: together, the text
/// of `glyphs`.
fn line_texts(glyphs: &[Glyph], rows: &[Row]) -> Vec<String> {
    let all: String = glyphs.iter().map(|g| g.ch).collect();
    let mut rest = all.as_str();
    let mut out: Vec<String> = Vec::with_capacity(rows.len());
    for row in rows {
        let mut set: String = row.glyphs.iter().map(|p| p.glyph.ch).collect();
        // A row's glyphs follow the row before, after the spaces dropped between.
        if let Some(at) = rest.find(&set) {
            let (gap, after) = (&rest[..at], &rest[at + set.len()..]);
            match out.last_mut() {
                Some(upper) => upper.push_str(gap),
                None => set.insert_str(0, gap),
            }
            rest = after;
        }
        out.push(set);
    }
    if let Some(last) = out.last_mut() {
        last.push_str(rest);
    }
    out
}

/// Splits title glyphs into balanced lines that each fit `width`.
fn balance(glyphs: &[Glyph], width: f32) -> Vec<Vec<Glyph>> {
    let total = measure::width(glyphs);
    if total <= width || glyphs.len() < 2 {
        return vec![glyphs.to_vec()];
    }
    let can_break = |k: usize| -> bool {
        let (a, b) = (&glyphs[k - 1], &glyphs[k]);
        let inside_word = a.class == Class::Word && b.class == Class::Word;
        let inside_dash = a.class == Class::Dash && b.class == Class::Dash;
        !inside_word && !inside_dash && !NO_START.contains(b.ch) && !NO_END.contains(a.ch)
    };
    let lines = (total / width).ceil() as usize;
    let em = glyphs[0].size;
    let mut out = Vec::new();
    let mut start = 0;
    for line in 0..lines - 1 {
        let remaining = measure::width(&glyphs[start..]);
        let target = remaining / (lines - line) as f32;
        let mut best: Option<(f32, usize)> = None;
        for k in start + 1..glyphs.len() {
            let upper = measure::width(&glyphs[start..k]);
            if upper > width {
                break;
            }
            if !can_break(k) || measure::width(&glyphs[k..]) > width * (lines - line - 1) as f32 {
                continue;
            }
            // Upper line a little longer than the target; a space is the best break.
            let mut cost = (upper - target - em * 0.5).abs();
            if upper < target {
                cost += em * 2.0;
            }
            if glyphs[k].class == Class::Space || glyphs[k - 1].class == Class::Space {
                cost -= em * 3.0;
            } else if at_phrase_edge(&glyphs[k - 1], &glyphs[k]) {
                cost -= em * 2.0;
            }
            if best.is_none_or(|(c, _)| cost < c) {
                best = Some((cost, k));
            }
        }
        let Some((_, k)) = best else { break };
        out.push(trim_spaces(&glyphs[start..k]));
        start = k;
    }
    out.push(trim_spaces(&glyphs[start..]));
    out
}

/// A break that keeps words whole where wengao can tell without a dictionary
/// (GB/T 9704 §7.3.1: 回行时词意完整): after a closing mark (`》` `”` `）`), before
/// an opening one, or before a number that follows Chinese (`…工会 | 2025年…`).
fn at_phrase_edge(before: &Glyph, after: &Glyph) -> bool {
    "》」』”）〕】".contains(before.ch)
        || "《「『“（〔【".contains(after.ch)
        || (after.ch.is_ascii_digit() && !before.ch.is_ascii() && before.class != Class::Space)
}

/// The glyphs without the spaces at either end.
fn trim_spaces(g: &[Glyph]) -> Vec<Glyph> {
    let a = g.iter().position(|x| x.class != Class::Space).unwrap_or(g.len());
    let b = g.iter().rposition(|x| x.class != Class::Space).map_or(a, |p| p + 1);
    g[a..b].to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::{FontOverrides, FontSet};
    use crate::markdown::parse;
    use crate::typeset::geometry::Geometry;

    fn lines_of(title: &str) -> TitleLines {
        let fonts = FontSet::new(&FontOverrides::default());
        let g = Geometry::default();
        let mut missing = Vec::new();
        let mut c = Ctx::new(&fonts, &g, &mut missing);
        let blocks = parse(&format!("# {title} {{.title}}\n"));
        title_rows(&mut c, &blocks[0]).unwrap().1
    }

    #[test]
    fn a_break_on_a_space_keeps_the_space_at_the_end_of_the_upper_line() {
        let lines = lines_of("街道工会工作总结及明年工作计划 工会的工作计划\u{2028}篇一");
        assert_eq!(lines, [vec!["街道工会工作总结及明年工作计划 ", "工会的工作计划"], vec!["篇一"]]);
    }

    #[test]
    fn a_title_breaks_before_its_year_rather_than_inside_a_word() {
        let lines = lines_of("关于印发《××市实验小学工会2025年工作计划》的通知");
        assert_eq!(
            lines[0],
            vec!["关于印发《××市实验小学工会".to_string(), "2025年工作计划》的通知".to_string()]
        );
    }

    #[test]
    fn the_lines_of_a_written_line_are_its_text() {
        let long =
            "关于进一步加强新时代学校工会工作推动教职工队伍建设和学校高质量发展的 Work Plan 2024 实施意见";
        let lines = lines_of(long);
        assert_eq!(lines.len(), 1);
        assert!(lines[0].len() >= 3, "{lines:?}");
        assert_eq!(lines[0].concat(), long);
    }
}
