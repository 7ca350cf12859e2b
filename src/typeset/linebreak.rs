//! Break lines: measured glyphs → lines with every glyph's x, following 禁则.
//!
//! In: for each glyph its character, [`Class`] and advance; the width of the first
//! and of the following lines. Out: [`SetLine`]s — which glyphs each line holds and
//! where each one starts. The rules (spec/layout.md, clreq "basic" level):
//!
//! - no line starts with closing punctuation, none ends with opening punctuation;
//! - —— and …… (2 em each) and Latin words and numbers are never split (a URL
//!   breaks after `/ . - _ ? & =`);
//! - a violation is resolved by pushing in first (compressing punctuation on the
//!   line by up to ½ em each, the line-end mark first), else by pushing out (moving
//!   the last breakable unit down and stretching the line);
//! - every line but a paragraph's last is justified to the full width; a
//!   full-width mark ending a justified line is set ½ em (GB/T 15834 §5.1.10);
//! - a paragraph's last line does not hold a lone character when pushing out can help.

use super::kinsoku::{Class, NO_END, NO_START};

/// What the breaker needs to know of one glyph.
#[derive(Clone, Copy, Debug)]
pub struct Metric {
    pub ch: char,
    pub class: Class,
    pub advance: f32,
}

/// One line: the glyphs it holds (indices into the input) and their x offsets
/// from the line's start.
#[derive(Clone, Debug, PartialEq)]
pub struct SetLine {
    pub placed: Vec<(usize, f32)>,
    /// The line's last glyph is set ½ em narrower (its blank half is dropped).
    pub width: f32,
}

const EPS: f32 = 0.01;

/// Whether a Latin run may break after glyph `i`: after `/ - _ ? & =` (not inside
/// `//`), and after `.` when a letter follows (`example.edu`, not `3.5`), so that a
/// URL or an e-mail address breaks at its natural points instead of stretching the
/// line before it.
fn url_break_after(m: &[Metric], i: usize) -> bool {
    let next = m.get(i + 1).map(|g| g.ch);
    match m[i].ch {
        '/' => next.is_some_and(|n| n != '/'),
        '-' | '_' | '?' | '&' | '=' => next.is_some_and(|n| n.is_ascii_alphanumeric()),
        '.' => next.is_some_and(|n| n.is_ascii_alphabetic()) && i > 0 && m[i - 1].ch.is_ascii_alphabetic(),
        _ => false,
    }
}

/// Unbreakable units: a Latin word or number (or a URL's part), a run of dashes,
/// or one glyph.
fn units(m: &[Metric]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < m.len() {
        let mut j = i + 1;
        match m[i].class {
            Class::Word => {
                while j < m.len() && m[j].class == Class::Word && !url_break_after(m, j - 1) {
                    j += 1;
                }
            }
            Class::Dash => {
                while j < m.len() && m[j].class == Class::Dash && m[j].ch == m[i].ch {
                    j += 1;
                }
            }
            _ => {}
        }
        out.push(i..j);
        i = j;
    }
    out
}

/// Cuts every unit wider than `limit` (a word or number longer than a line) into
/// pieces that fit, so that no line runs off the page. Returns the units and, for
/// each, whether it continues the unit before it (a break there is forced, whatever
/// the characters on either side).
fn split_overlong(
    m: &[Metric],
    units: Vec<std::ops::Range<usize>>,
    limit: f32,
) -> (Vec<std::ops::Range<usize>>, Vec<bool>) {
    let mut out = Vec::with_capacity(units.len());
    let mut forced = Vec::with_capacity(units.len());
    for u in units {
        let w: f32 = m[u.clone()].iter().map(|g| g.advance).sum();
        if w <= limit + EPS || u.len() < 2 {
            out.push(u);
            forced.push(false);
            continue;
        }
        let (mut start, mut acc) = (u.start, 0.0);
        for g in u.clone() {
            if g > start && acc + m[g].advance > limit + EPS {
                forced.push(start != u.start);
                out.push(start..g);
                (start, acc) = (g, 0.0);
            }
            acc += m[g].advance;
        }
        forced.push(start != u.start);
        out.push(start..u.end);
    }
    (out, forced)
}

/// Lays out one paragraph. `first` and `rest` are the usable widths of the first
/// and of the following lines.
pub fn break_lines(m: &[Metric], first: f32, rest: f32) -> Vec<SetLine> {
    let (units, forced) = split_overlong(m, units(m), first.min(rest));
    let n = units.len();
    let width = |r: &std::ops::Range<usize>| -> f32 { m[r.clone()].iter().map(|g| g.advance).sum() };
    let uw: Vec<f32> = units.iter().map(width).collect();
    // A break before unit u is allowed unless u cannot start a line or u-1 cannot end one.
    let allowed = |u: usize| -> bool {
        if u == 0 || u >= n || forced[u] {
            return true;
        }
        let starts = m[units[u].start].ch;
        let ends = m[units[u - 1].end - 1].ch;
        let space_before = m[units[u].start].class == Class::Space;
        !space_before && !NO_START.contains(starts) && !NO_END.contains(ends)
    };
    let squeezable = |a: usize, b: usize| -> f32 {
        (a..b)
            .flat_map(|u| units[u].clone())
            .filter(|&g| matches!(m[g].class, Class::Open | Class::Close))
            .map(|g| m[g].advance / 2.0)
            .sum()
    };

    let mut ranges: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    while start < n {
        while start < n && m[units[start].start].class == Class::Space {
            start += 1;
        }
        if start >= n {
            break;
        }
        let cap = if ranges.is_empty() { first } else { rest };
        let mut w = 0.0;
        let mut end = start;
        while end < n && w + uw[end] <= cap + EPS {
            w += uw[end];
            end += 1;
        }
        if end >= n {
            ranges.push((start, n));
            break;
        }
        // Trailing spaces do not count against the line.
        if end == start {
            ranges.push((start, start + 1));
            start += 1;
            continue;
        }
        // A word or number that only just misses the line is pushed in when the
        // punctuation on the line can give the room (rather than stretching the line).
        let is_word = m[units[end].start].class == Class::Word;
        let after_ok = end + 1 >= n || allowed(end + 1);
        if is_word && after_ok && w + uw[end] - cap <= squeezable(start, end) + EPS {
            ranges.push((start, end + 1));
            start = end + 1;
            continue;
        }
        if allowed(end) {
            ranges.push((start, end));
            start = end;
            continue;
        }
        // Units that must stay on this line (closing marks after it, or the unit
        // after an opening mark that ends it).
        let mut e = end;
        while e < n && !allowed(e) {
            e += 1;
        }
        let over = w + (end..e).map(|u| uw[u]).sum::<f32>() - cap;
        if e - end <= 2 && over <= squeezable(start, e) + EPS {
            ranges.push((start, e)); // push in
            start = e;
            continue;
        }
        match (start + 1..end).rev().find(|&b| allowed(b)) {
            Some(b) => {
                ranges.push((start, b)); // push out
                start = b;
            }
            // Nothing else helps: compress when the marks on the line can give the
            // room; else break here all the same, as a 禁则 violation is better
            // than glyphs printed over each other.
            None if over <= squeezable(start, e) + EPS => {
                ranges.push((start, e));
                start = e;
            }
            None => {
                ranges.push((start, end));
                start = end;
            }
        }
    }
    avoid_lone_last_character(&mut ranges, &units, m, &allowed);

    let count = ranges.len();
    ranges
        .iter()
        .enumerate()
        .map(|(k, &(a, b))| {
            let cap = if k == 0 { first } else { rest };
            let glyphs: Vec<usize> = (a..b).flat_map(|u| units[u].clone()).collect();
            set_line(m, &glyphs, &units[a..b], cap, k + 1 < count)
        })
        .collect()
}

/// Moves one more unit down when the last line would hold a single character.
fn avoid_lone_last_character(
    ranges: &mut [(usize, usize)],
    units: &[std::ops::Range<usize>],
    m: &[Metric],
    allowed: &dyn Fn(usize) -> bool,
) {
    let len = ranges.len();
    if len < 2 {
        return;
    }
    let (a, b) = ranges[len - 1];
    let glyphs: usize = (a..b).map(|u| units[u].len()).sum();
    let lone = b - a == 1 && glyphs == 1 && m[units[a].start].class == Class::Ideograph;
    if !lone {
        return;
    }
    let (pa, pb) = ranges[len - 2];
    if let Some(cut) = (pa + 2..pb).rev().find(|&u| allowed(u)) {
        ranges[len - 2] = (pa, cut);
        ranges[len - 1] = (cut, b);
    }
}

/// Places the glyphs of one line: compression first, then justification.
fn set_line(
    m: &[Metric],
    glyphs: &[usize],
    units: &[std::ops::Range<usize>],
    cap: f32,
    justify: bool,
) -> SetLine {
    // Drop spaces at both ends.
    let mut g: Vec<usize> = glyphs.to_vec();
    while g.last().is_some_and(|&i| m[i].class == Class::Space) {
        g.pop();
    }
    while g.first().is_some_and(|&i| m[i].class == Class::Space) {
        g.remove(0);
    }
    if g.is_empty() {
        return SetLine { placed: Vec::new(), width: 0.0 };
    }
    let natural: f32 = g.iter().map(|&i| m[i].advance).sum();
    // trim_before / trim_after per glyph (compression of blank halves).
    let mut before = vec![0.0f32; g.len()];
    let mut after = vec![0.0f32; g.len()];
    let last = g.len() - 1;
    if justify && m[g[last]].class == Class::Close {
        after[last] = m[g[last]].advance / 2.0;
    }
    let mut used = natural - after[last];
    if used > cap + EPS {
        // Push-in: compress the line-end mark, then every other mark equally.
        if m[g[last]].class == Class::Close && after[last] == 0.0 {
            after[last] = m[g[last]].advance / 2.0;
            used -= after[last];
        }
        let marks: Vec<usize> =
            (0..last).filter(|&k| matches!(m[g[k]].class, Class::Open | Class::Close)).collect();
        if used > cap + EPS && !marks.is_empty() {
            let share = ((used - cap) / marks.len() as f32).min(m[g[marks[0]]].advance / 2.0);
            for &k in &marks {
                let amount = share.min(m[g[k]].advance / 2.0);
                if m[g[k]].class == Class::Open {
                    before[k] = amount;
                } else {
                    after[k] = amount;
                }
                used -= amount;
            }
        }
    }
    // Gaps that may stretch: not inside a word or a dash pair.
    let unit_of = |i: usize| units.iter().position(|u| u.contains(&i)).unwrap_or(usize::MAX);
    let stretchable: Vec<bool> = (0..last).map(|k| unit_of(g[k]) != unit_of(g[k + 1])).collect();
    let gaps = stretchable.iter().filter(|s| **s).count();
    let extra = cap - used;
    let per_gap = if (justify || extra < -EPS) && gaps > 0 { extra / gaps as f32 } else { 0.0 };
    let mut x = 0.0;
    let mut placed = Vec::with_capacity(g.len());
    for (k, &i) in g.iter().enumerate() {
        x -= before[k];
        placed.push((i, x));
        x += m[i].advance - after[k];
        if k < last && stretchable[k] {
            x += per_gap;
        }
    }
    SetLine { placed, width: x }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CELL: f32 = 15.79;
    const LINE: f32 = 442.2;

    fn metrics(text: &str) -> Vec<Metric> {
        text.chars()
            .map(|ch| {
                let class = if ch == ' ' {
                    Class::Space
                } else if ch == '—' || ch == '…' {
                    Class::Dash
                } else if NO_END.contains(ch) {
                    Class::Open
                } else if NO_START.contains(ch) && !ch.is_ascii() {
                    Class::Close
                } else if ch.is_ascii() {
                    Class::Word
                } else {
                    Class::Ideograph
                };
                let advance = if ch.is_ascii() { 8.0 } else { CELL };
                Metric { ch, class, advance }
            })
            .collect()
    }

    fn lines(text: &str) -> Vec<String> {
        let m = metrics(text);
        break_lines(&m, LINE - 2.0 * CELL, LINE)
            .iter()
            .map(|l| l.placed.iter().map(|(i, _)| m[*i].ch).collect())
            .collect()
    }

    fn han(n: usize) -> String {
        "字".repeat(n)
    }

    #[test]
    fn full_lines_hold_28_cells_after_the_indent() {
        let l = lines(&han(60));
        assert_eq!(l.iter().map(|s| s.chars().count()).collect::<Vec<_>>(), vec![26, 28, 6]);
    }

    #[test]
    fn closing_mark_is_pushed_in_when_punctuation_can_give_room() {
        // 26 cells fill the first line; the comma after them must not start line 2.
        // Two commas on the line can each give ½ em: push in.
        let l = lines(&format!("{}，{}，{}", han(10), han(15), han(10)));
        assert!(l[0].ends_with('，'), "{l:?}");
        assert_eq!(l[0].chars().count(), 27, "{l:?}");
        assert!(!l[1].starts_with('，'));
    }

    #[test]
    fn closing_mark_pushes_a_character_out_when_it_cannot_be_pushed_in() {
        let l = lines(&format!("{}，{}", han(26), han(10)));
        assert!(l[1].starts_with("字，"), "{l:?}");
        assert_eq!(l[0].chars().count(), 25);
    }

    #[test]
    fn opening_mark_never_ends_a_line() {
        let l = lines(&format!("{}“{}”", han(25), han(10)));
        assert!(!l[0].ends_with('“'), "{l:?}");
        assert!(l[1].starts_with('“'), "{l:?}");
    }

    #[test]
    fn dashes_and_ellipses_stay_whole() {
        for mark in ["——", "……"] {
            let l = lines(&format!("{}{mark}{}", han(25), han(10)));
            assert!(!l[0].ends_with(mark.chars().next().unwrap()) || l[0].ends_with(mark), "{l:?}");
            let split =
                l[0].ends_with('—') && !l[0].ends_with("——") || l[0].ends_with('…') && !l[0].ends_with("……");
            assert!(!split, "{l:?}");
        }
    }

    #[test]
    fn numbers_and_words_are_never_split() {
        let l = lines(&format!("{}2024{}", han(25), han(10)));
        assert!(l[0].ends_with("字") && l[1].starts_with("2024") || l[0].ends_with("2024"), "{l:?}");
        let l = lines(&format!("{}达到30%以上{}", han(22), han(10)));
        assert!(l.iter().any(|s| s.contains("30%")), "{l:?}");
    }

    #[test]
    fn justified_lines_end_at_the_right_edge_and_the_last_does_not() {
        let m = metrics(&format!("{}，{}", han(20), han(30)));
        let set = break_lines(&m, LINE - 2.0 * CELL, LINE);
        for (k, line) in set.iter().enumerate() {
            let cap = if k == 0 { LINE - 2.0 * CELL } else { LINE };
            if k + 1 < set.len() {
                assert!((line.width - cap).abs() < 0.05, "line {k}: {} vs {cap}", line.width);
            } else {
                assert!(line.width < cap - 1.0);
            }
        }
    }

    #[test]
    fn line_end_full_stop_is_half_an_em() {
        // Exactly 26 + 1 cells: the full stop ends line 1 and is set ½ em.
        let m = metrics(&format!("{}。{}", han(25), han(10)));
        let set = break_lines(&m, LINE - 2.0 * CELL, LINE);
        let (last_index, last_x) = *set[0].placed.last().unwrap();
        assert_eq!(m[last_index].ch, '。');
        assert!((set[0].width - last_x - CELL / 2.0).abs() < 0.05);
    }

    #[test]
    fn no_lone_character_on_the_last_line() {
        let l = lines(&han(26 + 28 + 1));
        assert!(l.last().unwrap().chars().count() >= 2, "{l:?}");
    }

    #[test]
    fn a_word_longer_than_a_line_is_cut_to_fit() {
        // 52 letters of 8 pt: wider than any line (fuzz-found: it ran off the page).
        let word = "a".repeat(52);
        let m = metrics(&format!("1.{word}字字"));
        let set = break_lines(&m, LINE - 2.0 * CELL, LINE);
        assert!(set.len() >= 2, "{set:?}");
        for (k, line) in set.iter().enumerate() {
            let cap = if k == 0 { LINE - 2.0 * CELL } else { LINE };
            assert!(line.width <= cap + 0.05, "line {k} is {} wide, more than {cap}", line.width);
        }
        let all: usize = set.iter().map(|l| l.placed.len()).sum();
        assert_eq!(all, m.len(), "every glyph is set once");
        // Words that fit are still never split.
        let l = lines(&format!("{}abcdef{}", han(24), han(10)));
        assert!(l.iter().any(|s| s.contains("abcdef")), "{l:?}");
    }

    #[test]
    fn a_line_that_cannot_be_broken_by_the_rules_is_broken_not_overprinted() {
        // 【word。.word: no break is allowed (after 【, before 。, before .), and the
        // whole is far wider than the line (fuzz-found: it was set on one line,
        // squeezed until the glyphs overlapped).
        let text = format!("【{}。.{}", "a".repeat(23), "A".repeat(43));
        let m = metrics(&text);
        let set = break_lines(&m, LINE - 2.0 * CELL, LINE);
        assert!(set.len() >= 2, "{set:?}");
        for line in &set {
            for pair in line.placed.windows(2) {
                let ((i, x), (_, next)) = (pair[0], pair[1]);
                assert!(next - x >= m[i].advance / 2.0 - 0.05, "glyphs overlap: {line:?}");
            }
        }
    }

    #[test]
    fn spaces_vanish_at_line_edges() {
        let l = lines(&format!("{} {}", han(26), han(5)));
        assert!(!l[1].starts_with(' ') && !l[0].ends_with(' '), "{l:?}");
    }
}
