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
/// text of each line the typesetter made of it.
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
        lines.push(rows[from..].iter().map(|r| r.glyphs.iter().map(|p| p.glyph.ch).collect()).collect());
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

/// The glyphs without the spaces at either end.
fn trim_spaces(g: &[Glyph]) -> Vec<Glyph> {
    let a = g.iter().position(|x| x.class != Class::Space).unwrap_or(g.len());
    let b = g.iter().rposition(|x| x.class != Class::Space).map_or(a, |p| p + 1);
    g[a..b].to_vec()
}
