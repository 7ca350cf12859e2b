//! A DOCX's footnotes and endnotes: `word/footnotes.xml` and `word/endnotes.xml`.
//!
//! In: the XML of the two parts. Out: [`Notes`], the text of each note by its
//! kind and id (its paragraphs joined by a space, Markdown's characters escaped,
//! deleted revisions and field codes left out; the separator and
//! continuation-separator notes skipped). [`super::docx`] puts each note where it
//! is cited, as a Markdown footnote: `正文[^1]` and, after the paragraph,
//! `[^1]: 注释文字。`. A note cited by what became a plain value (a title, a
//! heading) is cited nowhere in the Markdown: the recogniser makes its definition a
//! paragraph `注：注释文字。` where it stood
//! ([`super::recognize`]).

use super::wordstyles::{attr, entity, local};
use quick_xml::events::Event;
use quick_xml::Reader;
use std::collections::{HashMap, HashSet};

/// Footnote or endnote.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NoteKind {
    Foot,
    End,
}

impl NoteKind {
    /// The kind a reference element names (`footnoteReference`, `endnoteReference`).
    pub fn of_reference(name: &str) -> Option<NoteKind> {
        match name {
            "footnoteReference" => Some(NoteKind::Foot),
            "endnoteReference" => Some(NoteKind::End),
            _ => None,
        }
    }
}

/// The notes of a DOCX, by kind and id.
#[derive(Debug, Default)]
pub struct Notes {
    text: HashMap<(NoteKind, String), String>,
}

impl Notes {
    /// Reads the notes of `footnotes` and `endnotes` (either may be empty).
    pub fn parse(footnotes: &str, endnotes: &str) -> Notes {
        let mut notes = Notes::default();
        notes.read(footnotes, NoteKind::Foot);
        notes.read(endnotes, NoteKind::End);
        notes
    }

    /// The text of a note, if it has any.
    pub fn get(&self, kind: NoteKind, id: &str) -> Option<&str> {
        self.text.get(&(kind, id.to_string())).map(String::as_str)
    }

    fn read(&mut self, xml: &str, kind: NoteKind) {
        let element = match kind {
            NoteKind::Foot => "footnote",
            NoteKind::End => "endnote",
        };
        let mut reader = Reader::from_str(xml);
        // The note being read: its id and paragraphs.
        let mut note: Option<(String, Vec<String>)> = None;
        let (mut in_text, mut skip) = (false, 0usize);
        // A malformed part ends the reading where it breaks: what came before is kept.
        while let Ok(event) = reader.read_event() {
            match event {
                Event::Start(e) => match local(&e).as_str() {
                    n if n == element => {
                        let normal = attr(&e, "type").is_none_or(|t| t == "normal");
                        note = attr(&e, "id").filter(|_| normal).map(|id| (id, Vec::new()));
                    }
                    "p" => {
                        if let Some((_, paras)) = &mut note {
                            paras.push(String::new());
                        }
                    }
                    "del" | "instrText" | "delText" => skip += 1,
                    "t" => in_text = true,
                    _ => {}
                },
                Event::Empty(e) if skip == 0 => {
                    if let (Some((_, paras)), "tab" | "br") = (&mut note, local(&e).as_str()) {
                        if let Some(p) = paras.last_mut() {
                            p.push(' ');
                        }
                    }
                }
                Event::Text(t) if in_text && skip == 0 => {
                    if let Some(p) = note.as_mut().and_then(|(_, paras)| paras.last_mut()) {
                        p.push_str(&t.xml10_content());
                    }
                }
                Event::GeneralRef(r) if in_text && skip == 0 => {
                    let ch = entity(&r);
                    if let (Some(p), Some(c)) = (note.as_mut().and_then(|(_, paras)| paras.last_mut()), ch) {
                        p.push(c);
                    }
                }
                Event::End(e) => match e.local_name().as_ref() {
                    n if n == element => {
                        if let Some((id, paras)) = note.take() {
                            let text: Vec<&str> =
                                paras.iter().map(|p| p.trim()).filter(|p| !p.is_empty()).collect();
                            if !text.is_empty() {
                                let text = text.join(" ");
                                let text = crate::text::escape_markdown(&text, crate::text::Escape::Inline);
                                self.text.insert((kind, id), text);
                            }
                        }
                    }
                    "del" | "instrText" | "delText" => skip = skip.saturating_sub(1),
                    "t" => in_text = false,
                    _ => {}
                },
                Event::Eof => break,
                _ => {}
            }
        }
    }
}

/// A note's reference at `s[at..]` (`[^label]` not followed by `:`): its length.
fn reference_at(s: &str, at: usize) -> Option<usize> {
    let rest = s[at..].strip_prefix("[^")?;
    let end = rest.find(']')?;
    let label = &rest[..end];
    let ok = !label.is_empty() && !label.contains(|c: char| c.is_whitespace() || c == '[' || c == '^');
    let definition = rest[end + 1..].starts_with(':');
    // `\[^1]` is text, not a reference.
    let escaped = s[..at].ends_with('\\');
    (ok && !definition && !escaped).then_some(2 + end + 1)
}

/// `s` without its notes' references.
pub fn without_refs(s: &str) -> String {
    if !s.contains("[^") {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut at = 0;
    while let Some(k) = s[at..].find("[^") {
        let start = at + k;
        out.push_str(&s[at..start]);
        match reference_at(s, start) {
            Some(len) => at = start + len,
            None => {
                out.push_str("[^");
                at = start + 2;
            }
        }
    }
    out.push_str(&s[at..]);
    out
}

/// The labels `s` cites.
pub(crate) fn labels(s: &str, out: &mut HashSet<String>) {
    let mut at = 0;
    while let Some(k) = s[at..].find("[^") {
        let start = at + k;
        if let Some(len) = reference_at(s, start) {
            out.insert(s[start + 2..start + len - 1].to_string());
        }
        at = start + 2;
    }
}

/// The definition `[^label]: text` → (label, text).
pub(crate) fn definition(s: &str) -> Option<(&str, &str)> {
    let rest = s.strip_prefix("[^")?;
    let (label, text) = rest.split_once("]:")?;
    Some((label, text.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_by_kind_and_id_without_separators() {
        let foot = r#"<w:footnotes xmlns:w="w"><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:t>x</w:t></w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> 见《条例》第*3*条。</w:t></w:r></w:p><w:p><w:r><w:t>第二段。</w:t></w:r></w:p></w:footnote></w:footnotes>"#;
        let end = r#"<w:endnotes xmlns:w="w"><w:endnote w:id="1"><w:p><w:r><w:t>尾注&amp;文字</w:t></w:r></w:p></w:endnote></w:endnotes>"#;
        let n = Notes::parse(foot, end);
        assert_eq!(n.get(NoteKind::Foot, "1"), Some("见《条例》第\\*3\\*条。 第二段。"));
        assert_eq!(n.get(NoteKind::End, "1"), Some("尾注&文字"));
        assert_eq!(n.get(NoteKind::Foot, "0"), None);
        assert_eq!(n.get(NoteKind::Foot, "-1"), None);
    }

    #[test]
    fn references_are_taken_out_of_plain_values() {
        assert_eq!(without_refs("2024年工作总结[^1]"), "2024年工作总结");
        assert_eq!(without_refs("甲[^a]乙[^12]丙"), "甲乙丙");
        // A definition, an escaped bracket and a lone `[^` stay.
        assert_eq!(without_refs("[^1]: 注。"), "[^1]: 注。");
        assert_eq!(without_refs("见\\[^1]与[^ x]和[^"), "见\\[^1]与[^ x]和[^");
    }
}
