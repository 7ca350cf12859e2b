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

use super::notes::{NoteKind, Notes};
use super::wordstyles::{
    attr, entity, heading_from_name, indent_of, local, role_of, toggle, Numbering, Styles,
};
use super::Line;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::collections::HashMap;
use std::io::Read as _;

/// The most the parts of one DOCX may inflate to (50 MB).
pub const MAX_INFLATED: u64 = 50 * 1024 * 1024;

/// What a user does with a file that document-security software or Office encrypted.
pub const ENCRYPTED: &str =
    "encrypted: decrypt it in the software that protects it (or remove the password in Word or WPS: 文件 → 信息 → 保护文档), then import";

/// Why a file cannot be read as a DOCX, in words for the user.
pub fn refusal(bytes: &[u8]) -> Option<String> {
    const OLE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    // 绿盾-type document-security tools put `%TSD-Header-###%` before the encrypted bytes.
    if bytes.starts_with(b"%TSD-Header-###%") {
        return Some(format!("it is {ENCRYPTED}"));
    }
    if bytes.starts_with(&OLE) {
        let utf16 = |s: &str| s.encode_utf16().flat_map(u16::to_le_bytes).collect::<Vec<u8>>();
        let encrypted = bytes.windows(32).any(|w| w == &utf16("EncryptedPackage")[..]);
        return Some(if encrypted {
            format!("it is {ENCRYPTED}")
        } else {
            "it is an old Word file (.doc, Word 97–2003): open it in Word or WPS and save it as .docx (另存为 → Word 文档)".into()
        });
    }
    if !bytes.starts_with(b"PK") {
        return Some("it is not a Word .docx file (not a zip archive): save the document as .docx".into());
    }
    None
}

/// A DOCX as read: its lines and its pictures.
#[derive(Debug, Default)]
pub struct Docx {
    pub lines: Vec<Line>,
    /// (path as referenced in the text, `DIR/image1.png`; the picture's bytes), in order.
    pub pictures: Vec<(String, Vec<u8>)>,
}

/// One part of the zip, at most [`MAX_INFLATED`] bytes.
fn part_bytes<R: std::io::Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
) -> Result<Option<Vec<u8>>, String> {
    let Ok(file) = zip.by_name(name) else { return Ok(None) };
    let mut bytes = Vec::new();
    file.take(MAX_INFLATED + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("its part {name} cannot be read ({e}): save the document as .docx again"))?;
    if bytes.len() as u64 > MAX_INFLATED {
        return Err(format!("its part {name} inflates past {} MB: it is refused", MAX_INFLATED / 1_000_000));
    }
    Ok(Some(bytes))
}

/// Reads the parts of a DOCX and returns its lines; pictures are named
/// `pictures_dir/NAME` in the text.
pub fn read(bytes: &[u8], pictures_dir: &str) -> Result<Docx, String> {
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
    let part = |zip: &mut zip::ZipArchive<_>, name: &str| -> Result<Option<String>, String> {
        Ok(part_bytes(zip, name)?.map(|b| String::from_utf8_lossy(&b).into_owned()))
    };
    let document = part(&mut zip, "word/document.xml")?
        .ok_or("it has no word/document.xml, so it is no Word document: save it as .docx")?;
    let styles = Styles::parse(&part(&mut zip, "word/styles.xml")?.unwrap_or_default());
    let numbering = Numbering::parse(&part(&mut zip, "word/numbering.xml")?.unwrap_or_default());
    let rels = relationships(&part(&mut zip, "word/_rels/document.xml.rels")?.unwrap_or_default());
    let notes = Notes::parse(
        &part(&mut zip, "word/footnotes.xml")?.unwrap_or_default(),
        &part(&mut zip, "word/endnotes.xml")?.unwrap_or_default(),
    );
    let mut body = Body::new(&styles, numbering, rels, pictures_dir);
    body.notes = notes;
    body.read(&document);
    let mut pictures = Vec::new();
    for (name, target) in std::mem::take(&mut body.pictures) {
        let path = target.trim_start_matches('/');
        let path = if path.starts_with("word/") { path.to_string() } else { format!("word/{path}") };
        if let Some(bytes) = part_bytes(&mut zip, &path)? {
            pictures.push((name, bytes));
        }
    }
    Ok(Docx { lines: body.lines, pictures })
}

/// `word/_rels/document.xml.rels`: relationship id → target (internal ones only).
fn relationships(xml: &str) -> HashMap<String, String> {
    let mut out = HashMap::new();
    let mut reader = Reader::from_str(xml);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) if local(&e) == "Relationship" => {
                if attr(&e, "TargetMode").as_deref() == Some("External") {
                    continue;
                }
                if let (Some(id), Some(target)) = (attr(&e, "Id"), attr(&e, "Target")) {
                    out.insert(id, target);
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

/// A picture's file name: the last part of its target, letters, digits, `.-_` only.
fn picture_name(target: &str, n: usize) -> String {
    let last = target.rsplit('/').next().unwrap_or_default();
    let ok = !last.is_empty()
        && !last.starts_with('.')
        && last.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
    if ok {
        last.to_string()
    } else {
        let ext =
            last.rsplit_once('.').map(|(_, e)| e).filter(|e| e.chars().all(|c| c.is_ascii_alphanumeric()));
        format!("image{n}.{}", ext.unwrap_or("png"))
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
    /// How many tables were open when it began (a cell's paragraph when > 0 and still open).
    tables: usize,
    textbox: bool,
    break_before: bool,
    break_after: bool,
    /// The Markdown footnote definitions of the notes it cites (`[^1]: …`).
    notes: Vec<String>,
    /// Its left plus first-line indent (`w:ind`), hundredths of a character.
    indent: Option<i64>,
}

struct Body<'a> {
    styles: &'a Styles,
    numbering: Numbering,
    rels: HashMap<String, String>,
    pictures_dir: &'a str,
    /// (name in the text, target in the zip) of each picture referenced.
    pictures: Vec<(String, String)>,
    /// The description of the drawing being read (`wp:docPr descr`).
    descr: Option<String>,
    lines: Vec<Line>,
    paragraphs: usize,
    /// A page break ended the paragraph before.
    pending_break: bool,
    notes: Notes,
    /// Notes cited so far (they are numbered in the order cited).
    cited: usize,
    /// The definitions of the notes cited in the table being read.
    table_notes: Vec<String>,
}

impl<'a> Body<'a> {
    fn new(
        styles: &'a Styles,
        numbering: Numbering,
        rels: HashMap<String, String>,
        pictures_dir: &'a str,
    ) -> Body<'a> {
        Body {
            styles,
            numbering,
            rels,
            pictures_dir,
            pictures: Vec::new(),
            descr: None,
            lines: Vec::new(),
            paragraphs: 0,
            pending_break: false,
            notes: Notes::default(),
            cited: 0,
            table_notes: Vec::new(),
        }
    }

    fn read(&mut self, xml: &str) {
        let mut reader = Reader::from_str(xml);
        // Paragraphs open: a text box's paragraphs inside the paragraph that anchors it.
        let mut paras: Vec<Para> = Vec::new();
        // Tables: rows of cells of text, nested tables flattened into their cell.
        let mut tables: Vec<Vec<Vec<String>>> = Vec::new();
        let mut cell_merged = false;
        let (mut in_text, mut bold, mut skip) = (false, false, 0usize);
        // Inside `mc:Fallback` (a second copy of what `mc:Choice` holds) and text boxes.
        let (mut fallback, mut textbox) = (0usize, 0usize);
        // A malformed part ends the reading where it breaks: what came before is kept.
        while let Ok(event) = reader.read_event() {
            if fallback > 0 {
                match &event {
                    Event::Start(e) if e.local_name().as_ref() == "Fallback" => fallback += 1,
                    Event::End(e) if e.local_name().as_ref() == "Fallback" => fallback -= 1,
                    Event::Eof => break,
                    _ => {}
                }
                continue;
            }
            match event {
                Event::Start(e) => {
                    let name = local(&e);
                    match name.as_str() {
                        "del" | "instrText" | "delText" => skip += 1,
                        "Fallback" => fallback += 1,
                        "txbxContent" => textbox += 1,
                        "p" => paras.push(Para {
                            all_bold: true,
                            tables: tables.len(),
                            textbox: textbox > 0,
                            ..Para::default()
                        }),
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
                        _ => self.property(&e, paras.last_mut(), &mut bold, &mut cell_merged, skip),
                    }
                }
                Event::Empty(e) => {
                    let name = local(&e);
                    match (name.as_str(), paras.last_mut()) {
                        ("tab", Some(p)) if skip == 0 => push_text(p, "\t", bold),
                        // `<w:cr/>` balances a title's lines in wengao's DOCX: not the author's break.
                        ("br", Some(p)) if skip == 0 => {
                            if attr(&e, "type").as_deref() == Some("page") {
                                if p.text.trim().is_empty() {
                                    p.break_before = true;
                                } else {
                                    p.break_after = true;
                                }
                            } else {
                                push_text(p, "\n", bold);
                            }
                        }
                        (name, Some(p)) if skip == 0 && NoteKind::of_reference(name).is_some() => {
                            self.cite(p, NoteKind::of_reference(name), attr(&e, "id"))
                        }
                        ("p", _) if tables.is_empty() => {
                            self.finish(Para { textbox: textbox > 0, ..Para::default() })
                        }
                        _ => self.property(&e, paras.last_mut(), &mut bold, &mut cell_merged, skip),
                    }
                }
                Event::Text(t) if in_text && skip == 0 => {
                    if let Some(p) = paras.last_mut() {
                        push_text(p, &t.xml10_content(), bold);
                    }
                }
                Event::GeneralRef(r) if in_text && skip == 0 => {
                    let ch = entity(&r);
                    if let (Some(p), Some(c)) = (paras.last_mut(), ch) {
                        push_text(p, c.encode_utf8(&mut [0; 4]), bold);
                    }
                }
                Event::End(e) => match e.local_name().as_ref() {
                    "del" | "instrText" | "delText" => skip = skip.saturating_sub(1),
                    "t" => in_text = false,
                    "txbxContent" => textbox = textbox.saturating_sub(1),
                    "p" => {
                        let Some(p) = paras.pop() else { continue };
                        let depth = tables.len();
                        let cell = tables.last_mut().and_then(|t| t.last_mut()).and_then(|r| r.last_mut());
                        match cell {
                            Some(cell) if p.tables > 0 && p.tables == depth => {
                                // A paragraph inside a table cell: the cell's text.
                                let mut p = close_bold(p);
                                self.table_notes.append(&mut p.notes);
                                let text = p.text;
                                if !cell_merged {
                                    if !cell.is_empty() && !text.is_empty() {
                                        cell.push('\n');
                                    }
                                    cell.push_str(text.trim());
                                }
                            }
                            _ => self.finish(p),
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
                                    textbox: textbox > 0,
                                    page_break: std::mem::take(&mut self.pending_break),
                                    ..Line::default()
                                });
                                let notes = std::mem::take(&mut self.table_notes);
                                self.push_notes(notes);
                            }
                        }
                    }
                    _ => {}
                },
                Event::Eof => break,
                _ => {}
            }
        }
    }

    /// A property element inside a paragraph or run, or a picture.
    fn property(
        &mut self,
        e: &BytesStart<'_>,
        para: Option<&mut Para>,
        bold: &mut bool,
        merged: &mut bool,
        skip: usize,
    ) {
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
            "pageBreakBefore" => p.break_before |= toggle(e),
            "ind" if p.text.is_empty() && !p.any_text => p.indent = Some(indent_of(e)),
            "b" => *bold = toggle(e),
            "docPr" => self.descr = attr(e, "descr").filter(|d| !d.trim().is_empty()),
            "blip" | "imagedata" if skip == 0 => {
                let id = if name == "blip" { attr(e, "embed") } else { attr(e, "id") };
                let Some(target) = id.and_then(|id| self.rels.get(&id)).cloned() else { return };
                let known = self.pictures.iter().find(|(_, t)| *t == target).map(|(n, _)| n.clone());
                let path = known.unwrap_or_else(|| {
                    let mut file = picture_name(&target, self.pictures.len() + 1);
                    if self.pictures.iter().any(|(n, _)| n.rsplit('/').next() == Some(file.as_str())) {
                        file = format!("{}-{file}", self.pictures.len() + 1);
                    }
                    let path = format!("{}/{file}", self.pictures_dir);
                    self.pictures.push((path.clone(), target));
                    path
                });
                let alt = self.descr.take().unwrap_or_default();
                let alt = crate::text::escape_markdown(alt.trim(), crate::text::Escape::Inline);
                let dest = if path.contains([' ', '(', ')', '<', '>']) { format!("<{path}>") } else { path };
                if p.bold_open {
                    p.text.push_str("**");
                    p.bold_open = false;
                }
                p.text.push_str(&format!("![{alt}]({dest})"));
                p.any_text = true;
            }
            _ => {}
        }
    }

    /// A reference to a note: `[^N]` in the text, its definition kept for after
    /// the paragraph. A reference to no note with text is left out.
    fn cite(&mut self, p: &mut Para, kind: Option<NoteKind>, id: Option<String>) {
        let Some(text) = kind.zip(id).and_then(|(k, id)| self.notes.get(k, &id)) else { return };
        self.cited += 1;
        let n = self.cited;
        p.notes.push(format!("[^{n}]: {text}"));
        p.text.push_str(&format!("[^{n}]"));
        p.any_text = true;
    }

    /// The definitions of the notes the line just pushed cites, one line each after it.
    fn push_notes(&mut self, notes: Vec<String>) {
        let at = self.paragraphs;
        for text in notes {
            self.lines.push(Line { text, at, note: true, kept: true, ..Line::default() });
        }
    }

    /// A finished paragraph (outside tables) → a line.
    fn finish(&mut self, p: Para) {
        self.paragraphs += 1;
        let at = self.paragraphs;
        let chain = p.style.as_deref().map(|s| self.styles.chain(s)).unwrap_or_default();
        let style_name = chain.first().map(|s| s.name.to_lowercase()).unwrap_or_default();
        let style_id = p.style.clone().unwrap_or_default();
        let page_break = p.break_before || std::mem::replace(&mut self.pending_break, p.break_after);
        if style_name.starts_with("toc") || style_id.to_lowercase().starts_with("toc") {
            self.pending_break |= page_break;
            return; // the 目录 is made again from the headings
        }
        let num =
            p.num.clone().or_else(|| chain.iter().find_map(|s| s.num.clone())).filter(|(id, _)| id != "0");
        let bullet = num.as_ref().is_some_and(|(id, lvl)| self.numbering.is_bullet(id, *lvl));
        let label = num.as_ref().and_then(|(id, lvl)| self.numbering.next_label(id, *lvl));
        // A list paragraph without its own indent stands where its level's indent puts it.
        let list_indent = num.as_ref().and_then(|(id, lvl)| self.numbering.indent(id, *lvl));
        let list_level = num.as_ref().filter(|_| label.is_some() || bullet).map(|n| n.1);
        let outline = p.outline.or_else(|| chain.iter().find_map(|s| s.outline)).filter(|l| *l < 9);
        let heading = outline.map(|l| l + 1).or_else(|| heading_from_name(&style_name));
        let centred = p.centred.unwrap_or_else(|| chain.iter().any(|s| s.centred));
        let all_bold = p.all_bold && p.any_text && !p.text.contains("![");
        let (textbox, numbered) = (p.textbox, label.is_some() || bullet);
        let mut p = close_bold(p);
        let notes = std::mem::take(&mut p.notes);
        let own = p.indent.or(list_indent).unwrap_or(0);
        let indent = u32::try_from(own.max(0)).unwrap_or(0) + super::levels::leading_indent(&p.text);
        let text = crate::text::escape_line_start(&if all_bold { p.text.replace("**", "") } else { p.text });
        self.lines.push(Line {
            text,
            at,
            centred,
            heading,
            label,
            role: role_of(&style_id, &style_name),
            bold: all_bold,
            textbox,
            page_break,
            numbered,
            bullet,
            kept: true,
            indent,
            list_level,
            ..Line::default()
        });
        self.push_notes(notes);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_encrypted_and_foreign_files_are_refused_with_what_to_do() {
        let mut doc = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        doc.extend([0; 100]);
        assert!(read(&doc, "d").unwrap_err().contains("save it as .docx"));
        doc.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
        assert!(read(&doc, "d").unwrap_err().contains("encrypted: decrypt it"));
        let tsd = b"%TSD-Header-###%\x01\x02garbage";
        assert!(read(tsd, "d").unwrap_err().contains("encrypted: decrypt it"));
        assert!(read(b"hello", "d").unwrap_err().contains("not a zip"));
        assert!(read(b"PK\x03\x04garbage", "d").unwrap_err().contains("not a readable .docx"));
    }
}
