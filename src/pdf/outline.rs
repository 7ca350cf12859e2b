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

/// Writes the outline tree into `doc` (nothing when there are no entries):
/// the root and the catalog's entry there, the bookmarks through `put` (into
/// `doc`, or straight into the file). `pages` are the page objects in order.
pub fn write(
    doc: &mut Document,
    entries: &[Entry],
    pages: &[ObjectId],
    put: &mut dyn FnMut(ObjectId, Object),
) {
    if entries.is_empty() {
        return;
    }
    let root_id = doc.new_object_id();
    // Parent of each entry: the closest earlier entry of a lower level.
    let ids: Vec<ObjectId> = entries.iter().map(|_| doc.new_object_id()).collect();
    let mut open: Vec<usize> = Vec::new(); // the chain of entries that can still take children
    let parent: Vec<Option<usize>> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| {
            while open.last().is_some_and(|&j| entries[j].level >= e.level) {
                open.pop();
            }
            let p = open.last().copied();
            open.push(i);
            p
        })
        .collect();
    // Children of each entry (index entries.len() stands for the root), and each
    // entry's place among its siblings.
    let mut kids_of: Vec<Vec<usize>> = vec![Vec::new(); entries.len() + 1];
    let mut place = vec![0; entries.len()];
    for (i, p) in parent.iter().enumerate() {
        let list = &mut kids_of[p.unwrap_or(entries.len())];
        place[i] = list.len();
        list.push(i);
    }
    for (i, e) in entries.iter().enumerate() {
        let Some(&page_id) = e.page.checked_sub(1).and_then(|k| pages.get(k)) else { continue };
        let mut dict = dictionary! {
            "Title" => text(&e.label),
            "Parent" => parent[i].map_or(root_id, |p| ids[p]),
            "Dest" => vec![page_id.into(), "XYZ".into(), Object::Null, Object::Real(e.y), Object::Null],
        };
        let siblings = &kids_of[parent[i].unwrap_or(entries.len())];
        let pos = place[i];
        if pos > 0 {
            dict.set("Prev", ids[siblings[pos - 1]]);
        }
        if let Some(&next) = siblings.get(pos + 1) {
            dict.set("Next", ids[next]);
        }
        let kids = &kids_of[i];
        if let (Some(&first), Some(&last)) = (kids.first(), kids.last()) {
            dict.set("First", ids[first]);
            dict.set("Last", ids[last]);
            dict.set("Count", kids.len() as i64);
        }
        put(ids[i], Object::Dictionary(dict));
    }
    let top = &kids_of[entries.len()];
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
