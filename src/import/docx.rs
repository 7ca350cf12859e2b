//! Reading a DOCX: the zip → the paragraphs and tables a reader sees, as [`Line`]s.
//!
//! In: the bytes of a `.docx`. Out: one [`Line`] a paragraph (its runs joined,
//! bold kept as `**…**`, soft line breaks as `\n`) or a table (its cells' text),
//! with what Word knew about it: the number its auto-numbering showed (resolved
//! from `numbering.xml`: `一、`, `（一）`, `1.` — the reader saw it, so it decides the
//! level), a heading level from the style or outline level, centring, and the
//! role of wengao's own styles (title, 篇名, 落款 …) when the file came from wengao.
//! Deleted revisions, field codes and 目录 paragraphs are left out.
//!
//! A `.doc`, an encrypted file, a zip that is no DOCX, or one whose parts would
//! inflate past [`MAX_INFLATED`] is refused with a message saying what to do.

use super::{Line, Role};
use crate::numbering::chinese_count;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::collections::HashMap;
use std::io::Read;

/// The most the parts of one DOCX may inflate to (50 MB).
pub const MAX_INFLATED: u64 = 50 * 1024 * 1024;

/// Why a file cannot be read as a DOCX, in words for the user.
pub fn refusal(bytes: &[u8]) -> Option<String> {
    const OLE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    if bytes.starts_with(&OLE) {
        let utf16 = |s: &str| s.encode_utf16().flat_map(u16::to_le_bytes).collect::<Vec<u8>>();
        let encrypted = bytes.windows(32).any(|w| w == &utf16("EncryptedPackage")[..]);
        return Some(if encrypted {
            "it is a password-protected Word file: open it in Word or WPS, remove the password (文件 → 信息 → 保护文档), and save it as .docx".into()
        } else {
            "it is an old Word file (.doc, Word 97–2003): open it in Word or WPS and save it as .docx (另存为 → Word 文档)".into()
        });
    }
    if !bytes.starts_with(b"PK") {
        return Some("it is not a Word .docx file (not a zip archive): save the document as .docx".into());
    }
    None
}

/// Reads the parts of a DOCX and returns its lines.
pub fn read(bytes: &[u8]) -> Result<Vec<Line>, String> {
    if let Some(why) = refusal(bytes) {
        return Err(why);
    }
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("it is not a readable .docx ({e}): save the document as .docx again"))?;
    let total: u64 = (0..zip.len()).filter_map(|i| zip.by_index_raw(i).ok().map(|f| f.size())).sum();
    if total > MAX_INFLATED {
        return Err(format!(
            "its parts would inflate to {} MB, more than the {} MB a document can have: it is refused unread",
            total / 1_000_000,
            MAX_INFLATED / 1_000_000
        ));
    }
    let mut part = |name: &str| -> Result<Option<String>, String> {
        let Ok(file) = zip.by_name(name) else { return Ok(None) };
        let mut text = String::new();
        file.take(MAX_INFLATED + 1)
            .read_to_string(&mut text)
            .map_err(|e| format!("its part {name} cannot be read ({e}): save the document as .docx again"))?;
        if text.len() as u64 > MAX_INFLATED {
            return Err(format!(
                "its part {name} inflates past {} MB: it is refused",
                MAX_INFLATED / 1_000_000
            ));
        }
        Ok(Some(text))
    };
    let document = part("word/document.xml")?
        .ok_or("it has no word/document.xml, so it is no Word document: save it as .docx")?;
    let styles = Styles::parse(&part("word/styles.xml")?.unwrap_or_default());
    let numbering = Numbering::parse(&part("word/numbering.xml")?.unwrap_or_default());
    Ok(Body::new(&styles, numbering).read(&document))
}

/// The local name of an element (`w:p` → `p`).
fn local(e: &BytesStart<'_>) -> String {
    e.local_name().as_ref().to_string()
}

/// The value of attribute `w:NAME` (or `NAME`).
fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        let key: &str = a.key.as_ref();
        let key = key.rsplit(':').next().unwrap_or(key);
        (key == name).then(|| a.value.to_string())
    })
}

/// Whether a toggle property (`<w:b/>`, `<w:b w:val="0"/>`) is on.
fn toggle(e: &BytesStart<'_>) -> bool {
    !matches!(attr(e, "val").as_deref(), Some("0" | "false" | "off"))
}

#[derive(Clone, Debug, Default)]
struct Style {
    name: String,
    based_on: Option<String>,
    outline: Option<u8>,
    num: Option<(String, u8)>,
    centred: bool,
}

#[derive(Default)]
struct Styles(HashMap<String, Style>);

impl Styles {
    fn parse(xml: &str) -> Styles {
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
    fn chain(&self, id: &str) -> Vec<&Style> {
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
/// (`%1、`) and its start.
#[derive(Clone, Debug)]
struct Level {
    format: String,
    text: String,
    start: u32,
}

#[derive(Default)]
struct Numbering {
    /// abstractNumId → levels.
    abstracts: HashMap<String, Vec<Level>>,
    /// numId → abstractNumId.
    nums: HashMap<String, String>,
    /// (abstractNumId) → the counters of its levels.
    counters: HashMap<String, [u32; 9]>,
}

impl Numbering {
    fn parse(xml: &str) -> Numbering {
        let mut n = Numbering::default();
        let mut reader = Reader::from_str(xml);
        let (mut abstract_id, mut num_id) = (None::<String>, None::<String>);
        let mut levels: Vec<Level> = Vec::new();
        let mut level = None::<usize>;
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
                            levels.push(Level { format: "decimal".into(), text: String::new(), start: 1 });
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
        n
    }

    /// The label Word shows for the next paragraph numbered (numId, ilvl): the
    /// counters advance as Word's do, deeper levels restarting.
    fn next_label(&mut self, num_id: &str, ilvl: u8) -> Option<String> {
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

/// What a paragraph's properties say.
#[derive(Default)]
struct Para {
    style: Option<String>,
    centred: Option<bool>,
    outline: Option<u8>,
    num: Option<(String, u8)>,
    text: String,
    bold_open: bool,
    all_bold: bool,
    any_text: bool,
}

struct Body<'a> {
    styles: &'a Styles,
    numbering: Numbering,
    lines: Vec<Line>,
    paragraphs: usize,
}

impl<'a> Body<'a> {
    fn new(styles: &'a Styles, numbering: Numbering) -> Body<'a> {
        Body { styles, numbering, lines: Vec::new(), paragraphs: 0 }
    }

    fn read(mut self, xml: &str) -> Vec<Line> {
        let mut reader = Reader::from_str(xml);
        let mut para: Option<Para> = None;
        // Tables: rows of cells of text, nested tables flattened into their cell.
        let mut tables: Vec<Vec<Vec<String>>> = Vec::new();
        let mut cell_merged = false;
        let (mut in_text, mut bold, mut skip) = (false, false, 0usize);
        // A malformed part ends the reading where it breaks: what came before is kept.
        while let Ok(event) = reader.read_event() {
            match event {
                Event::Start(e) => {
                    let name = local(&e);
                    match name.as_str() {
                        "del" | "instrText" | "delText" => skip += 1,
                        "p" => {
                            para = Some(Para { all_bold: true, ..Para::default() });
                        }
                        "tbl" => tables.push(Vec::new()),
                        "tr" => {
                            if let Some(t) = tables.last_mut() {
                                t.push(Vec::new());
                            }
                        }
                        "tc" => {
                            cell_merged = false;
                            if let Some(row) = tables.last_mut().and_then(|t| t.last_mut()) {
                                row.push(String::new());
                            }
                        }
                        "r" => bold = false,
                        "t" => in_text = true,
                        _ => self.property(&e, para.as_mut(), &mut bold, &mut cell_merged),
                    }
                }
                Event::Empty(e) => {
                    let name = local(&e);
                    match (name.as_str(), para.as_mut()) {
                        ("tab", Some(p)) if skip == 0 => push_text(p, "\t", bold),
                        // `<w:cr/>` balances a title's lines in wengao's DOCX: not the author's break.
                        ("br", Some(p)) if skip == 0 => {
                            if attr(&e, "type").as_deref() != Some("page") {
                                push_text(p, "\n", bold);
                            }
                        }
                        ("p", _) if tables.is_empty() => self.finish(Para::default()),
                        _ => self.property(&e, para.as_mut(), &mut bold, &mut cell_merged),
                    }
                }
                Event::Text(t) if in_text && skip == 0 => {
                    if let Some(p) = para.as_mut() {
                        push_text(p, &t.xml10_content(), bold);
                    }
                }
                Event::GeneralRef(r) if in_text && skip == 0 => {
                    let ch = match &*r {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => r.resolve_char_ref().ok().flatten(),
                    };
                    if let (Some(p), Some(c)) = (para.as_mut(), ch) {
                        push_text(p, c.encode_utf8(&mut [0; 4]), bold);
                    }
                }
                Event::End(e) => match e.local_name().as_ref() {
                    "del" | "instrText" | "delText" => skip = skip.saturating_sub(1),
                    "t" => in_text = false,
                    "p" => {
                        if let Some(p) = para.take() {
                            if let Some(cell) =
                                tables.last_mut().and_then(|t| t.last_mut()).and_then(|r| r.last_mut())
                            {
                                // A paragraph inside a table cell: the cell's text.
                                let text = close_bold(p).text;
                                if !cell_merged {
                                    if !cell.is_empty() && !text.is_empty() {
                                        cell.push('\n');
                                    }
                                    cell.push_str(text.trim());
                                }
                            } else {
                                self.finish(p);
                            }
                        }
                    }
                    "tbl" => {
                        if let Some(rows) = tables.pop() {
                            if let Some(outer) =
                                tables.last_mut().and_then(|t| t.last_mut()).and_then(|r| r.last_mut())
                            {
                                let flat: Vec<String> = rows.iter().map(|r| r.join(" ")).collect();
                                outer.push_str(&flat.join("\n"));
                            } else {
                                self.paragraphs += 1;
                                self.lines.push(Line {
                                    at: self.paragraphs,
                                    table: Some(rows),
                                    ..Line::default()
                                });
                            }
                        }
                    }
                    _ => {}
                },
                Event::Eof => break,
                _ => {}
            }
        }
        self.lines
    }

    /// A property element inside a paragraph or run.
    fn property(&mut self, e: &BytesStart<'_>, para: Option<&mut Para>, bold: &mut bool, merged: &mut bool) {
        let name = local(e);
        if name == "vMerge" {
            // A continued vertically merged cell repeats nothing.
            *merged = attr(e, "val").as_deref() != Some("restart");
            return;
        }
        let Some(p) = para else { return };
        match name.as_str() {
            "pStyle" => p.style = attr(e, "val"),
            "jc" => p.centred = Some(attr(e, "val").as_deref() == Some("center")),
            "outlineLvl" => p.outline = attr(e, "val").and_then(|v| v.parse().ok()),
            "numId" => p.num = attr(e, "val").map(|id| (id, p.num.as_ref().map_or(0, |n| n.1))),
            "ilvl" => {
                let level = attr(e, "val").and_then(|v| v.parse().ok()).unwrap_or(0);
                p.num = Some((p.num.take().map(|n| n.0).unwrap_or_default(), level));
            }
            "b" => *bold = toggle(e),
            _ => {}
        }
    }

    /// A finished paragraph (outside tables) → a line.
    fn finish(&mut self, p: Para) {
        self.paragraphs += 1;
        let at = self.paragraphs;
        let chain = p.style.as_deref().map(|s| self.styles.chain(s)).unwrap_or_default();
        let style_name = chain.first().map(|s| s.name.to_lowercase()).unwrap_or_default();
        let style_id = p.style.clone().unwrap_or_default();
        if style_name.starts_with("toc") || style_id.to_lowercase().starts_with("toc") {
            return; // the 目录 is made again from the headings
        }
        let num = p.num.clone().or_else(|| chain.iter().find_map(|s| s.num.clone()));
        let label = num.filter(|(id, _)| id != "0").and_then(|(id, lvl)| self.numbering.next_label(&id, lvl));
        let outline = p.outline.or_else(|| chain.iter().find_map(|s| s.outline)).filter(|l| *l < 9);
        let heading = outline.map(|l| l + 1).or_else(|| heading_from_name(&style_name));
        let centred = p.centred.unwrap_or_else(|| chain.iter().any(|s| s.centred));
        let all_bold = p.all_bold && p.any_text;
        let p = close_bold(p);
        let text = crate::text::escape_line_start(&if all_bold { p.text.replace("**", "") } else { p.text });
        self.lines.push(Line {
            text,
            at,
            centred,
            heading,
            label,
            role: role_of(&style_id, &style_name),
            bold: all_bold,
            ..Line::default()
        });
    }
}

/// Appends run text, opening or closing `**` where the bold changes.
fn push_text(p: &mut Para, s: &str, bold: bool) {
    if s.trim().is_empty() && s != "\n" && s != "\t" {
        p.text.push_str(s);
        return;
    }
    if s != "\n" && s != "\t" {
        p.any_text = true;
        p.all_bold &= bold;
    }
    if bold != p.bold_open {
        p.text.push_str("**");
        p.bold_open = bold;
    }
    p.text.push_str(&crate::text::escape_markdown(s, crate::text::Escape::Inline));
}

fn close_bold(mut p: Para) -> Para {
    if p.bold_open {
        p.text.push_str("**");
        p.bold_open = false;
    }
    p.text = p.text.replace("****", "");
    p
}

/// `heading 2`, `标题 2`, `Heading2` → 2.
fn heading_from_name(name: &str) -> Option<u8> {
    let rest = name.strip_prefix("heading").or_else(|| name.strip_prefix("标题"))?;
    rest.trim().parse().ok().filter(|l| (1..=9).contains(l))
}

/// The role a style of wengao's own DOCX (or Word's built-in title styles) gives.
fn role_of(id: &str, name: &str) -> Option<Role> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_encrypted_and_foreign_files_are_refused_with_what_to_do() {
        let mut doc = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        doc.extend([0; 100]);
        assert!(read(&doc).unwrap_err().contains("save it as .docx"));
        doc.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
        assert!(read(&doc).unwrap_err().contains("password"));
        assert!(read(b"hello").unwrap_err().contains("not a zip"));
        assert!(read(b"PK\x03\x04garbage").unwrap_err().contains("not a readable .docx"));
    }

    #[test]
    fn numbers_in_word_formats() {
        assert_eq!(format_number(12, "chineseCounting"), "十二");
        assert_eq!(format_number(3, "decimal"), "3");
        assert_eq!(format_number(2, "decimalEnclosedCircle"), "②");
    }
}
