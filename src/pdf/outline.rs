//! Outline: the PDF bookmarks, nested 篇 → 一、 in document order.
//!
//! In: the lopdf document printpdf produced and the anchors the paginator found
//! (label, level, page, y). Out: the same document with an `/Outlines` tree whose
//! entries jump to the heading's own line. printpdf only writes a flat list sorted
//! by page and name, which loses both the order and the nesting.

use lopdf::{dictionary, Document, Object, ObjectId, StringFormat};

/// One bookmark: its text, nesting level (0 = part or title, 1 = 一、), page
/// (1-based) and the y of its line from the page bottom.
pub struct Entry {
    pub label: String,
    pub level: u8,
    pub page: usize,
    pub y: f32,
}

/// A PDF text string: UTF-16BE with a byte-order mark.
fn text(s: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    for unit in s.encode_utf16() {
        bytes.extend(unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// Writes the outline tree into `doc` (nothing when there are no entries).
pub fn write(doc: &mut Document, entries: &[Entry]) {
    if entries.is_empty() {
        return;
    }
    let pages = doc.get_pages();
    let root_id = doc.new_object_id();
    // Parent of each entry: the closest earlier entry of a lower level.
    let ids: Vec<ObjectId> = entries.iter().map(|_| doc.new_object_id()).collect();
    let parent: Vec<Option<usize>> = (0..entries.len())
        .map(|i| (0..i).rev().find(|&j| entries[j].level < entries[i].level))
        .collect();
    let children = |p: Option<usize>| -> Vec<usize> { (0..entries.len()).filter(|&i| parent[i] == p).collect() };
    for (i, e) in entries.iter().enumerate() {
        let Some(&page_id) = pages.get(&(e.page as u32)) else { continue };
        let mut dict = dictionary! {
            "Title" => text(&e.label),
            "Parent" => parent[i].map_or(root_id, |p| ids[p]),
            "Dest" => vec![page_id.into(), "XYZ".into(), Object::Null, Object::Real(e.y), Object::Null],
        };
        let siblings = children(parent[i]);
        let pos = siblings.iter().position(|&s| s == i).unwrap_or(0);
        if pos > 0 {
            dict.set("Prev", ids[siblings[pos - 1]]);
        }
        if let Some(&next) = siblings.get(pos + 1) {
            dict.set("Next", ids[next]);
        }
        let kids = children(Some(i));
        if let (Some(&first), Some(&last)) = (kids.first(), kids.last()) {
            dict.set("First", ids[first]);
            dict.set("Last", ids[last]);
            dict.set("Count", kids.len() as i64);
        }
        doc.objects.insert(ids[i], Object::Dictionary(dict));
    }
    let top = children(None);
    let root = dictionary! {
        "Type" => "Outlines",
        "First" => ids[top[0]],
        "Last" => ids[*top.last().unwrap_or(&top[0])],
        "Count" => top.len() as i64,
    };
    doc.objects.insert(root_id, Object::Dictionary(root));
    if let Ok(catalog) = doc.catalog_mut() {
        catalog.set("Outlines", root_id);
        catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    }
}
