//! Notes: footnote blocks → `word/footnotes.xml`, and the ids references use.
//!
//! In: the [`Role::Note`] blocks (`[^label]: …`). Out: for each label the id of
//! its Word footnote (1, 2, … in the order the notes are defined), and the
//! footnotes part: Word's separator and continuation separator, then one
//! `w:footnote` per note in 小四 (12 pt) of the body's 仿宋. Word numbers them
//! itself, ① ② … restarting on each page (the section's `w:footnotePr`, see
//! [`super::section`]), as the PDF does.

use super::xml::run;
use crate::markdown::{Block, Role};
use std::collections::HashMap;

/// The id of each note's footnote, by label.
pub fn ids(blocks: &[Block]) -> HashMap<String, usize> {
    let labels = blocks.iter().filter(|b| b.role == Role::Note).filter_map(|b| b.id.clone());
    let mut ids = HashMap::new();
    for label in labels {
        let next = ids.len() + 1;
        ids.entry(label).or_insert(next);
    }
    ids
}

/// `word/footnotes.xml`, when the document has notes.
pub fn footnotes(blocks: &[Block]) -> Option<String> {
    let ids = ids(blocks);
    if ids.is_empty() {
        return None;
    }
    let mut out = String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
        "<w:footnotes xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">",
        "<w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:pPr><w:spacing w:line=\"240\" w:lineRule=\"auto\"/></w:pPr>",
        "<w:r><w:separator/></w:r></w:p></w:footnote>",
        "<w:footnote w:type=\"continuationSeparator\" w:id=\"0\"><w:p><w:pPr><w:spacing w:line=\"240\" w:lineRule=\"auto\"/></w:pPr>",
        "<w:r><w:continuationSeparator/></w:r></w:p></w:footnote>",
    ));
    let mut done = Vec::new();
    for note in blocks.iter().filter(|b| b.role == Role::Note) {
        let Some(id) = note.id.as_ref().and_then(|l| ids.get(l)).filter(|id| !done.contains(*id)) else {
            continue;
        };
        done.push(*id);
        out.push_str(&format!(
            "<w:footnote w:id=\"{id}\"><w:p><w:pPr><w:pStyle w:val=\"Normal\"/>\
             <w:snapToGrid w:val=\"0\"/><w:spacing w:line=\"320\" w:lineRule=\"exact\"/>\
             <w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/></w:pPr>\
             <w:r><w:rPr><w:sz w:val=\"24\"/><w:szCs w:val=\"24\"/></w:rPr><w:footnoteRef/></w:r>"
        ));
        run(
            &mut out,
            &format!(" {}", note.plain_text().trim()),
            "<w:sz w:val=\"24\"/><w:szCs w:val=\"24\"/>",
        );
        out.push_str("</w:p></w:footnote>");
    }
    out.push_str("</w:footnotes>");
    Some(out)
}
