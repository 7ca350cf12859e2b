//! What a DOCX's styles and numbering say about a paragraph.
//!
//! In: `word/styles.xml` and `word/numbering.xml`. Out: [`Styles`] (a style's name,
//! the style it is based on, its outline level, numbering and centring) and
//! [`Numbering`], which gives the label Word's auto-numbering shows before a
//! paragraph (`一、`, `（一）`, `1.`), counting as Word does; the heading level a
//! style's name gives and the role of wengao's own styles.

use super::Role;
use crate::numbering::chinese_count;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::collections::HashMap;

/// The local name of an element (`w:p` → `p`).
pub(crate) fn local(e: &BytesStart<'_>) -> String {
    e.local_name().as_ref().to_string()
}

/// The value of attribute `w:NAME` (or `NAME`).
pub(crate) fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        let key: &str = a.key.as_ref();
        let key = key.rsplit(':').next().unwrap_or(key);
        (key == name).then(|| a.value.to_string())
    })
}

/// Whether a toggle property (`<w:b/>`, `<w:b w:val="0"/>`) is on.
pub(crate) fn toggle(e: &BytesStart<'_>) -> bool {
    !matches!(attr(e, "val").as_deref(), Some("0" | "false" | "off"))
}

#[derive(Clone, Debug, Default)]
pub(crate) struct Style {
    pub(crate) name: String,
    pub(crate) based_on: Option<String>,
    pub(crate) outline: Option<u8>,
    pub(crate) num: Option<(String, u8)>,
    pub(crate) centred: bool,
}

#[derive(Default)]
pub(crate) struct Styles(HashMap<String, Style>);

impl Styles {
    pub(crate) fn parse(xml: &str) -> Styles {
        let mut styles = HashMap::new();
        let mut reader = Reader::from_str(xml);
        let (mut id, mut current) = (None::<String>, Style::default());
        let mut num_id = None;
        loop {
            match reader.read_event() {
                Ok(Event::Start(e)) | Ok(Event::Empty(e)) => match local(&e).as_str() {
                    "style" => {
                        id = attr(&e, "styleId");
                        current = Style::default();
                    }
                    "name" => current.name = attr(&e, "val").unwrap_or_default(),
                    "basedOn" => current.based_on = attr(&e, "val"),
                    "outlineLvl" => current.outline = attr(&e, "val").and_then(|v| v.parse().ok()),
                    "numId" => num_id = attr(&e, "val"),
                    "ilvl" => {
                        if let Some(n) = &num_id {
                            current.num =
                                Some((n.clone(), attr(&e, "val").and_then(|v| v.parse().ok()).unwrap_or(0)));
                        }
                    }
                    "jc" => current.centred = attr(&e, "val").as_deref() == Some("center"),
                    _ => {}
                },
                Ok(Event::End(e)) if e.local_name().as_ref() == "style" => {
                    if let Some((n, _)) = num_id.take().map(|n| (n, 0)) {
                        current.num.get_or_insert((n, 0));
                    }
                    if let Some(id) = id.take() {
                        styles.insert(id, std::mem::take(&mut current));
                    }
                }
                Ok(Event::Eof) | Err(_) => break,
                _ => {}
            }
        }
        Styles(styles)
    }

    /// The style and its ancestors, nearest first (at most 10 deep).
    pub(crate) fn chain(&self, id: &str) -> Vec<&Style> {
        let mut out = Vec::new();
        let mut next = Some(id.to_string());
        while let Some(s) = next.and_then(|i| self.0.get(&i)) {
            out.push(s);
            if out.len() > 10 {
                break;
            }
            next = s.based_on.clone();
        }
        out
    }
}

/// One numbering level: its format (`decimal`, `chineseCounting` …), its text
/// (`%1、`), its start and its indent (`w:ind` of the level, in hundredths of a
/// character), when it has one.
#[derive(Clone, Debug)]
struct Level {
    format: String,
    text: String,
    start: u32,
    indent: Option<i64>,
}

#[derive(Default)]
pub(crate) struct Numbering {
    /// abstractNumId → levels.
    abstracts: HashMap<String, Vec<Level>>,
    /// numId → abstractNumId.
    nums: HashMap<String, String>,
    /// (abstractNumId) → the counters of its levels.
    counters: HashMap<String, [u32; 9]>,
}

impl Numbering {
    pub(crate) fn parse(xml: &str) -> Numbering {
        let mut n = Numbering::default();
        let mut reader = Reader::from_str(xml);
        let (mut abstract_id, mut num_id) = (None::<String>, None::<String>);
        let mut levels: Vec<Level> = Vec::new();
        let mut level = None::<usize>;
        // (abstractNum, numbering style it uses); numbering style → abstractNum defining it.
        let (mut uses, mut defines) = (Vec::<(String, String)>::new(), HashMap::<String, String>::new());
        loop {
            match reader.read_event() {
                Ok(Event::Start(e)) | Ok(Event::Empty(e)) => match local(&e).as_str() {
                    "abstractNum" => {
                        abstract_id = attr(&e, "abstractNumId");
                        levels = Vec::new();
                    }
                    "lvl" => {
                        let i: usize = attr(&e, "ilvl").and_then(|v| v.parse().ok()).unwrap_or(0).min(8);
                        while levels.len() <= i {
                            levels.push(Level {
                                format: "decimal".into(),
                                text: String::new(),
                                start: 1,
                                indent: None,
                            });
                        }
                        level = Some(i);
                    }
                    "numFmt" => {
                        if let (Some(i), Some(v)) = (level, attr(&e, "val")) {
                            levels[i].format = v;
                        }
                    }
                    "lvlText" => {
                        if let (Some(i), Some(v)) = (level, attr(&e, "val")) {
                            levels[i].text = v;
                        }
                    }
                    "start" => {
                        if let (Some(i), Some(v)) = (level, attr(&e, "val").and_then(|v| v.parse().ok())) {
                            levels[i].start = v;
                        }
                    }
                    "ind" => {
                        if let Some(i) = level {
                            levels[i].indent = Some(indent_of(&e));
                        }
                    }
                    // A list defined by a numbering style: its levels are those of
                    // the abstractNum that style links (`w:styleLink`).
                    "numStyleLink" => {
                        if let (Some(id), Some(v)) = (&abstract_id, attr(&e, "val")) {
                            uses.push((id.clone(), v));
                        }
                    }
                    "styleLink" => {
                        if let (Some(id), Some(v)) = (&abstract_id, attr(&e, "val")) {
                            defines.insert(v, id.clone());
                        }
                    }
                    "num" => num_id = attr(&e, "numId"),
                    "abstractNumId" => {
                        if let (Some(id), Some(v)) = (num_id.clone(), attr(&e, "val")) {
                            n.nums.insert(id, v);
                        }
                    }
                    _ => {}
                },
                Ok(Event::End(e)) => match e.local_name().as_ref() {
                    "abstractNum" => {
                        if let Some(id) = abstract_id.take() {
                            n.abstracts.insert(id, std::mem::take(&mut levels));
                        }
                    }
                    "lvl" => level = None,
                    _ => {}
                },
                Ok(Event::Eof) | Err(_) => break,
                _ => {}
            }
        }
        for (id, style) in uses {
            let linked = defines.get(&style).and_then(|d| n.abstracts.get(d)).cloned();
            if let Some(levels) = linked.filter(|_| n.abstracts.get(&id).is_none_or(Vec::is_empty)) {
                n.abstracts.insert(id, levels);
            }
        }
        n
    }

    fn level(&self, num_id: &str, ilvl: u8) -> Option<&Level> {
        self.nums.get(num_id).and_then(|a| self.abstracts.get(a)).and_then(|l| l.get(usize::from(ilvl)))
    }

    /// Whether (numId, ilvl) shows a bullet (`•`, `■`) rather than a number.
    pub(crate) fn is_bullet(&self, num_id: &str, ilvl: u8) -> bool {
        self.level(num_id, ilvl).is_some_and(|l| l.format == "bullet")
    }

    /// The indent of level `ilvl` of list `num_id` (hundredths of a character):
    /// a paragraph of the list without its own `w:ind` stands there.
    pub(crate) fn indent(&self, num_id: &str, ilvl: u8) -> Option<i64> {
        self.level(num_id, ilvl).and_then(|l| l.indent)
    }

    /// The label Word shows for the next paragraph numbered (numId, ilvl): the
    /// counters advance as Word's do, deeper levels restarting.
    pub(crate) fn next_label(&mut self, num_id: &str, ilvl: u8) -> Option<String> {
        let abstract_id = self.nums.get(num_id)?.clone();
        let levels = self.abstracts.get(&abstract_id)?;
        let i = usize::from(ilvl).min(8);
        let level = levels.get(i)?.clone();
        if level.format == "none" || level.format == "bullet" {
            return None;
        }
        let counters = self.counters.entry(abstract_id).or_insert([0; 9]);
        counters[i] = if counters[i] == 0 { level.start } else { counters[i] + 1 };
        for deeper in counters.iter_mut().skip(i + 1) {
            *deeper = 0;
        }
        let mut label = level.text.clone();
        for (k, lv) in levels.iter().enumerate().take(i + 1) {
            let value = if counters[k] == 0 { lv.start } else { counters[k] };
            label = label.replace(&format!("%{}", k + 1), &format_number(value, &lv.format));
        }
        Some(label)
    }
}

/// A counter in a Word number format.
fn format_number(n: u32, format: &str) -> String {
    match format {
        "chineseCounting"
        | "chineseCountingThousand"
        | "chineseLegalSimplified"
        | "ideographTraditional"
        | "japaneseCounting"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand" => chinese_count(n),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            char::from_u32('①' as u32 + n - 1).map(String::from).unwrap_or_default()
        }
        "decimalFullWidth" => {
            n.to_string().chars().map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap_or(c)).collect()
        }
        "lowerLetter" => {
            char::from_u32('a' as u32 + (n.max(1) - 1) % 26).map(String::from).unwrap_or_default()
        }
        "upperLetter" => {
            char::from_u32('A' as u32 + (n.max(1) - 1) % 26).map(String::from).unwrap_or_default()
        }
        _ => n.to_string(),
    }
}

/// A `w:ind` (of a paragraph or a numbering level) → its left plus first-line
/// indent in hundredths of a character (`leftChars`, `firstLineChars`; else
/// twips at 10.5 pt a character).
pub(crate) fn indent_of(e: &BytesStart<'_>) -> i64 {
    let num = |name: &str| attr(e, name).and_then(|v| v.parse::<i64>().ok());
    let side = |chars: [&str; 2], twips: [&str; 2]| {
        chars
            .iter()
            .find_map(|n| num(n))
            .or_else(|| twips.iter().find_map(|n| num(n)).map(|t| t * 100 / 210))
            .unwrap_or(0)
    };
    side(["leftChars", "startChars"], ["left", "start"]) + side(["firstLineChars", ""], ["firstLine", ""])
        - side(["hangingChars", ""], ["hanging", ""])
}

/// `heading 2`, `标题 2`, `Heading2` → 2.
pub(crate) fn heading_from_name(name: &str) -> Option<u8> {
    let rest = name.strip_prefix("heading").or_else(|| name.strip_prefix("标题"))?;
    rest.trim().parse().ok().filter(|l| (1..=9).contains(l))
}

/// The role a style of wengao's own DOCX (or Word's built-in title styles) gives.
pub(crate) fn role_of(id: &str, name: &str) -> Option<Role> {
    Some(match (id, name) {
        ("Title", _) | (_, "title") => Role::Title,
        ("Subtitle", _) | (_, "subtitle") => Role::Subtitle,
        ("PartTitle", _) | (_, "篇名") => Role::Part,
        ("ScheduleTitle", _) | (_, "附表标题") => Role::Schedule,
        ("Attachment", _) | (_, "附件说明") => Role::Attachment,
        ("Signature", _) | (_, "落款") => Role::Signature,
        ("SignatureDate", _) | (_, "成文日期") => Role::Date,
        ("ListContinue", _) | (_, "list continue") => Role::ListContinue,
        _ => return None,
    })
}

/// The character an XML entity reference in a part's text stands for.
pub(crate) fn entity(r: &quick_xml::events::BytesRef<'_>) -> Option<char> {
    match &**r {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => r.resolve_char_ref().ok().flatten(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_word_formats() {
        assert_eq!(format_number(12, "chineseCounting"), "十二");
        assert_eq!(format_number(3, "decimal"), "3");
        assert_eq!(format_number(2, "decimalEnclosedCircle"), "②");
    }
}
