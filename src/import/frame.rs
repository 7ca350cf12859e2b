//! The 公文 frame as the input format has it: the 版头 → `[masthead]`, the 版记
//! → `[imprint]`.
//!
//! In: the 版头 lines before the title (their kinds found by [`super::gongwen`]),
//! and the lines and tables that stood after a body's date. Out: a [`Masthead`]
//! and an [`Imprint`], each value with the paragraph it came from (the TOML says
//! so in a comment above it and the summary lists it), and the lines that fill no
//! field — they stay text, as before. Only what fills a field leaves the text: the
//! frame prints it.

use super::closing::{parse_date, DateValue};
use super::gongwen::{copy_to, number_and_signers, record_kind, signer_names, HeadKind};
use super::schedule::cells;
use super::Line;

/// A value and the paragraph it was read from.
#[derive(Clone, Debug)]
pub struct Field {
    pub value: String,
    /// The paragraph (from 1).
    pub at: usize,
    /// The paragraph's text, plain.
    pub from: String,
    pub textbox: bool,
    pub table: bool,
}

impl Field {
    fn of(value: String, l: &Line) -> Field {
        Field::read(value, &super::plain(l.text.trim()), l)
    }

    /// `value`, read from the text `from` of the line (or table) `l`.
    fn read(value: String, from: &str, l: &Line) -> Field {
        Field { value, at: l.at, from: from.to_string(), textbox: l.textbox, table: l.table.is_some() }
    }

    /// The comment saying where `what` was read from.
    pub fn guess(&self, what: &str) -> String {
        let words: Vec<&str> = self.from.split_whitespace().collect();
        let from: String = words.join(" ").chars().take(40).collect();
        let boxed = if self.textbox { "，文本框" } else { "" };
        let table = if self.table { "的表格" } else { "" };
        format!("猜测：{what}取自第 {} 段{table}（“{from}”{boxed}）", self.at)
    }
}

/// The 版头 as read.
#[derive(Debug, Default)]
pub struct Masthead {
    pub copy_number: Option<Field>,
    pub secrecy: Option<Field>,
    pub urgency: Option<Field>,
    /// One line a organ (a joint issue stacks them).
    pub issuer: Vec<Field>,
    /// `文件` on a line of its own after a joint issue's names.
    pub issuer_suffix: Option<Field>,
    pub number: Option<Field>,
    pub signers: Vec<Field>,
    /// Marks the input format has no key for (the ★ on a red rule): kept in a comment.
    pub marks: Vec<Field>,
}

impl Masthead {
    pub fn is_empty(&self) -> bool {
        self.copy_number.is_none()
            && self.secrecy.is_none()
            && self.urgency.is_none()
            && self.issuer.is_empty()
            && self.number.is_none()
            && self.signers.is_empty()
            && self.marks.is_empty()
    }

    /// (key, Chinese name, values) of what was read, in the order the TOML writes them.
    pub fn keys(&self) -> Vec<(&'static str, &'static str, Vec<&Field>)> {
        fn one(f: &Option<Field>) -> Vec<&Field> {
            f.iter().collect()
        }
        let keys = [
            ("copy_number", "份号", one(&self.copy_number)),
            ("secrecy", "密级", one(&self.secrecy)),
            ("urgency", "紧急程度", one(&self.urgency)),
            ("issuer", "发文机关标志", self.issuer.iter().collect()),
            ("issuer_suffix", "发文机关标志的“文件”二字", one(&self.issuer_suffix)),
            ("number", "发文字号", one(&self.number)),
            ("signers", "签发人", self.signers.iter().collect()),
        ];
        keys.into_iter().filter(|k| !k.2.is_empty()).collect()
    }
}

/// Reads the 版头 lines; returns the masthead and the lines that fill no field
/// (a second 发文字号, a 签发人 line with no name): they stay text.
pub fn read_masthead(head: Vec<(HeadKind, Line)>) -> (Masthead, Vec<(HeadKind, Line)>) {
    let mut m = Masthead::default();
    let mut rest = Vec::new();
    for (kind, l) in head {
        let text = super::plain(l.text.trim());
        let set = |slot: &mut Option<Field>, value: String| {
            let free = slot.is_none() && !value.is_empty();
            if free {
                *slot = Some(Field::of(value, &l));
            }
            free
        };
        let taken = match kind {
            HeadKind::CopyNumber => set(&mut m.copy_number, text),
            HeadKind::Secrecy => set(&mut m.secrecy, text),
            HeadKind::Urgency => set(&mut m.urgency, text),
            HeadKind::Number => set(&mut m.number, text),
            HeadKind::Issuer if text == "文件" && !m.issuer.is_empty() => set(&mut m.issuer_suffix, text),
            HeadKind::Issuer => {
                m.issuer.push(Field::of(text, &l));
                true
            }
            HeadKind::Mark => {
                m.marks.push(Field::of(text, &l));
                true
            }
            HeadKind::NumberAndSigners | HeadKind::Signers => {
                let (number, names) = match kind {
                    HeadKind::Signers => (String::new(), signer_names(&text)),
                    _ => number_and_signers(&text),
                };
                let fits =
                    !names.is_empty() && m.signers.is_empty() && (number.is_empty() || m.number.is_none());
                if fits {
                    if !number.is_empty() {
                        m.number = Some(Field::of(number, &l));
                    }
                    m.signers = names.into_iter().map(|n| Field::of(n, &l)).collect();
                }
                fits
            }
        };
        if !taken {
            rest.push((kind, l));
        }
    }
    (m, rest)
}

/// The 版记 as read.
#[derive(Debug, Default)]
pub struct Imprint {
    /// 抄送机关.
    pub cc: Vec<String>,
    pub printed_by: Option<String>,
    /// 印发日期: always a date.
    pub printed_on: Option<DateValue>,
    /// Where the 抄送 and the 印发 line were read from.
    pub cc_from: Option<Field>,
    pub printed_from: Option<Field>,
}

impl Imprint {
    pub fn is_empty(&self) -> bool {
        self.cc.is_empty() && self.printed_by.is_none() && self.printed_on.is_none()
    }

    /// Fills the fields from one unit's pieces, all or none: every piece must be a
    /// 版记 line whose field is still free.
    fn fill(&mut self, pieces: &[String], l: &Line) -> bool {
        let mut next = Imprint::default();
        for p in pieces {
            if let Some(names) = copy_to(p).filter(|_| next.cc.is_empty() && self.cc.is_empty()) {
                next.cc = names;
                next.cc_from = Some(Field::read(String::new(), p, l));
            } else if let Some((by, date)) = printed(p).filter(|_| next.printed_on.is_none()) {
                if self.printed_on.is_some() {
                    return false;
                }
                next.printed_by = (!by.is_empty()).then(|| by.to_string());
                next.printed_on = parse_date(date);
                next.printed_from = Some(Field::read(String::new(), p, l));
            } else {
                return false;
            }
        }
        if next.is_empty() {
            return false;
        }
        if !next.cc.is_empty() {
            self.cc = next.cc;
            self.cc_from = next.cc_from;
        }
        if next.printed_on.is_some() {
            self.printed_by = next.printed_by;
            self.printed_on = next.printed_on;
            self.printed_from = next.printed_from;
        }
        true
    }
}

/// `××办公室　　2025年1月6日印发` → (`××办公室`, `2025年1月6日`): the organ (may be
/// empty) and the date's text, when the line ends in 印发 after a date.
pub fn printed(text: &str) -> Option<(&str, &str)> {
    let t = text.trim();
    if cells(t) > 80 {
        return None;
    }
    let t = t.strip_suffix("印发")?.trim_end();
    // The date is the line's tail from where a run of digits begins.
    let digit = |c: char| c.is_ascii_digit() || "〇零一二三四五六七八九".contains(c);
    let start = t
        .char_indices()
        .rev()
        .filter(|&(i, c)| digit(c) && !t[..i].ends_with(|p: char| p.is_ascii_digit()))
        .map(|(i, _)| i)
        .find(|&i| matches!(parse_date(&t[i..]), Some(DateValue::Date { .. })))?;
    Some((t[..start].trim(), &t[start..]))
}

/// A unit's texts as 版记 pieces: a 抄送 wrapped over lines joined again, an organ
/// on the line before `2025年1月6日印发` joined to it.
fn pieces(texts: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in texts.iter().flat_map(|t| t.split('\n')).map(str::trim).filter(|t| !t.is_empty()) {
        if let Some(last) = out.last_mut() {
            let cc_open =
                last.starts_with("抄送") && !last.ends_with(['。', '.']) && record_kind(t).is_none();
            let organ_before = record_kind(last).is_none()
                && cells(last) <= 40
                && printed(t).is_some_and(|(organ, _)| organ.is_empty());
            if cc_open {
                last.push_str(t);
                continue;
            }
            if organ_before {
                *last = format!("{last} {t}");
                continue;
            }
        }
        out.push(t.to_string());
    }
    out
}

/// The text of a line or table of the trailer: a table row by row, its cells
/// joined by a space.
fn texts(l: &Line) -> Vec<String> {
    match &l.table {
        Some(rows) => rows
            .iter()
            .map(|r| {
                let cells: Vec<String> =
                    r.iter().map(|c| super::plain(c.trim())).filter(|c| !c.is_empty()).collect();
                cells.join(" ")
            })
            .collect(),
        None => vec![super::plain(l.text.trim())],
    }
}

/// Takes the 版记 off the lines and tables that stood after the date: a table
/// all of 版记 lines (抄送, 印发), or such lines (an organ on the line before
/// `…印发` with it). What is no 版记 stays in `trailer`.
pub fn take_imprint(trailer: &mut Vec<Line>) -> Option<Imprint> {
    let mut imprint = Imprint::default();
    let lines = std::mem::take(trailer);
    let mut i = 0;
    while i < lines.len() {
        // A line, with the next one when together they make `organ 日期印发`.
        let pair = lines.get(i + 1).filter(|n| {
            lines[i].table.is_none()
                && n.table.is_none()
                && record_kind(&lines[i].text).is_none()
                && printed(&super::plain(n.text.trim())).is_some_and(|(organ, _)| organ.is_empty())
        });
        let unit = if pair.is_some() { 2 } else { 1 };
        let all: Vec<String> = lines[i..i + unit].iter().flat_map(texts).collect();
        if !imprint.fill(&pieces(all), &lines[i]) {
            trailer.extend(lines[i..i + unit].iter().cloned());
        }
        i += unit;
    }
    (!imprint.is_empty()).then_some(imprint)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str) -> Line {
        Line { text: text.into(), at: 9, ..Line::default() }
    }

    #[test]
    fn printed_lines_split_into_organ_and_date() {
        assert_eq!(printed("××办公室　　2025年1月6日印发"), Some(("××办公室", "2025年1月6日")));
        assert_eq!(printed("××办公室2025年1月6日印发"), Some(("××办公室", "2025年1月6日")));
        assert_eq!(printed("2025年1月6日印发"), Some(("", "2025年1月6日")));
        assert_eq!(printed("二〇二五年一月六日印发"), Some(("", "二〇二五年一月六日")));
        assert_eq!(printed("××办公室 2025年1月印发"), None);
        assert_eq!(printed("\u{feff}1印发"), None);
    }

    #[test]
    fn a_masthead_and_an_imprint_are_read_and_the_rest_stays() {
        let head = vec![
            (HeadKind::Mark, line("★")),
            (HeadKind::Issuer, line("××市人民政府文件")),
            (HeadKind::NumberAndSigners, line("×府〔2024〕3号　　签发人：张三")),
            (HeadKind::Number, line("×府〔2024〕4号")),
        ];
        let (m, rest) = read_masthead(head);
        assert_eq!(m.issuer[0].value, "××市人民政府文件");
        assert_eq!(m.number.as_ref().unwrap().value, "×府〔2024〕3号");
        assert_eq!(m.signers[0].value, "张三");
        assert_eq!(m.marks[0].value, "★");
        assert_eq!(rest.len(), 1);
        let mut table = line("");
        table.table = Some(vec![
            vec!["抄送：市委办公室，".into()],
            vec!["市政协办公室。".into()],
            vec!["××市人民政府办公室".into(), "2024年3月1日印发".into()],
        ]);
        let mut trailer = vec![line("（共印50份）"), table];
        let i = take_imprint(&mut trailer).unwrap();
        assert_eq!(i.cc, ["市委办公室", "市政协办公室"]);
        assert_eq!(i.printed_by.as_deref(), Some("××市人民政府办公室"));
        assert!(matches!(i.printed_on, Some(DateValue::Date { year: 2024, month: 3, day: 1, .. })));
        assert_eq!(trailer.len(), 1);
        // An organ line, then the date: one 印发 line.
        let mut trailer = vec![line("××办公室"), line("2024年3月1日印发"), line("附记。")];
        let i = take_imprint(&mut trailer).unwrap();
        assert_eq!(i.printed_by.as_deref(), Some("××办公室"));
        assert_eq!(trailer.iter().map(|l| l.text.as_str()).collect::<Vec<_>>(), ["附记。"]);
        // A table with other rows is no 版记.
        let mut other = line("");
        other.table = Some(vec![vec!["项目".into(), "金额".into()], vec!["抄送：甲。".into()]]);
        let mut trailer = vec![other];
        assert!(take_imprint(&mut trailer).is_none());
        assert_eq!(trailer.len(), 1);
    }
}
