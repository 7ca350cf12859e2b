//! What one line of a body is: a heading (the rank of its form), a numbered
//! point or a paragraph.
//!
//! In: a line, its text and the line after it. Out: a [`LineKind`]; for a body's
//! lines, which runs of typed points keep their numbers as typed (they do not
//! count 1, 2, 3 …). The rank of a heading's form becomes a level in
//! [`super::levels::Outline`].

use super::schedule::cells;
use super::{levels, Line, Role};
use crate::markers::{self, Kind};

/// Where a line goes.
pub(crate) enum LineKind {
    /// The rank of its form (its level, once the outline has mapped it), title,
    /// and the text of a run-in heading (`（一）加强学习。要……`).
    Heading(u8, String, Option<String>),
    Item(String),
    Para(String),
}

/// What a line is: heading (the rank of its form, see [`levels`], and title),
/// numbered point, or paragraph.
pub(crate) fn classify(l: &Line, text: &str, next: Option<&Line>, base: u8) -> LineKind {
    let marker = markers::find(text).filter(|m| !m.rest.is_empty() && m.kind != Kind::Part);
    let hinted = l.heading.map(|h| h.saturating_sub(base).max(1));
    let rank = |typed: u8| hinted.map_or(typed, levels::style_rank);
    // A heading has text under it: a plain paragraph, or points of a deeper
    // level (a deeper marker, or the same one further indented); a point is
    // followed by its sibling or by nothing.
    let next_plain = |level: Option<u8>| {
        next.is_some_and(|n| {
            n.table.is_none()
                && !n.list
                && (markers::find(&n.text).is_none_or(|nm| nm.kind.level() != level)
                    || n.indent >= l.indent + levels::SAME_INDENT
                    || n.list_level.unwrap_or(0) > l.list_level.unwrap_or(0))
        })
    };
    let short = |rest: &str| cells(rest) <= 60 && !rest.contains(['。', '；', '！', '？', '，']);
    let Some(m) = marker else {
        // `2.1需求分析` with no space: a heading by its shape only — a heading
        // style or bold, short, no sentence in it.
        let tight = || {
            levels::decimal_tight(text).filter(|(_, r)| {
                (hinted.is_some() || l.bold) && short(r) && !r.ends_with(['。', '！', '？', '；'])
            })
        };
        if let Some((depth, rest)) = levels::decimal(text).filter(|(_, r)| !r.is_empty()).or_else(tight) {
            let next_plain = next
                .is_some_and(|n| n.table.is_none() && levels::decimal(&n.text).is_none_or(|d| d.0 != depth));
            if !l.list && (hinted.is_some() || (short(rest) && next_plain)) {
                return LineKind::Heading(rank(15 + depth), rest.to_string(), None);
            }
            return LineKind::Para(text.to_string());
        }
        return match hinted {
            Some(level) if cells(text) <= 100 => {
                LineKind::Heading(levels::style_rank(level), text.to_string(), None)
            }
            _ => LineKind::Para(text.to_string()),
        };
    };
    let typed = levels::typed_rank(text).unwrap_or(13);
    let rest = m.rest.to_string();
    let sentence_inside = rest.trim_end_matches(['。', '；', '！', '？']).contains(['。', '！', '？']);
    match m.kind {
        Kind::Chinese | Kind::ChineseParen | Kind::Chapter => {
            if l.list {
                LineKind::Item(rest)
            } else if hinted.is_some() || (!sentence_inside && cells(&rest) <= 120) {
                LineKind::Heading(rank(typed), rest, None)
            } else {
                // A run-in heading: `（一）加强学习。要……` — the heading, then its text.
                let cut = rest.find('。').map_or(rest.len(), |at| at + '。'.len_utf8());
                let (head, tail) = rest.split_at(cut);
                if tail.trim().is_empty() || cells(head) > 80 {
                    LineKind::Para(text.to_string())
                } else {
                    LineKind::Heading(rank(typed), head.to_string(), Some(tail.trim().to_string()))
                }
            }
        }
        _ => {
            if !l.list && (hinted.is_some() || (short(&rest) && next_plain(m.kind.level()))) {
                LineKind::Heading(rank(typed), rest, None)
            } else {
                LineKind::Item(rest)
            }
        }
    }
}

/// The lines of a run of typed points that does not count 1, 2, 3 … (`3．` to
/// `7．`): they keep their numbers as typed, as text.
pub(crate) fn numbered_as_typed(lines: &[Line], kinds: &[Option<LineKind>]) -> Vec<bool> {
    let mut keep = vec![false; lines.len()];
    let mut i = 0;
    while i < lines.len() {
        let value = |k: usize| {
            matches!(kinds.get(k), Some(Some(LineKind::Item(_))))
                .then(|| markers::find(&lines[k].text))
                .flatten()
                .filter(|m| matches!(m.kind, Kind::Digit | Kind::DigitParen | Kind::Circled))
                .map(|m| (m.kind, m.value))
        };
        let Some((kind, first)) = value(i) else {
            i += 1;
            continue;
        };
        let (mut end, mut expected) = (i + 1, first + 1);
        let mut counts = first == 1;
        loop {
            // A further paragraph of a point (wengao's own DOCX) does not end the run.
            if lines.get(end).is_some_and(|l| l.role == Some(Role::ListContinue)) {
                end += 1;
                continue;
            }
            let Some((_, v)) = value(end).filter(|(k, _)| *k == kind) else { break };
            counts &= v == expected;
            expected += 1;
            end += 1;
        }
        if !counts {
            keep[i..end].iter_mut().for_each(|k| *k = true);
        }
        i = end;
    }
    keep
}
