//! Serial: PDF objects → the bytes of the file, written as they are made.
//!
//! In: lopdf objects with their ids, one at a time ([`Serial::object`]), then
//! the document that holds the rest and its trailer ([`Serial::finish`]). Out:
//! the PDF: header, the objects, a cross-reference table and the trailer, in
//! lopdf's own syntax. lopdf saves only a whole document held in memory; a long
//! document's content streams, page dictionaries and bookmarks are written here
//! as soon as they are made and then dropped, so memory holds the file being
//! written, not the objects too.

use lopdf::{Dictionary, Document, Object, ObjectId, StringFormat};
use std::io::Write as _;

/// A PDF file being written.
pub struct Serial {
    out: Vec<u8>,
    /// Where each object written so far starts.
    offsets: Vec<(u32, usize)>,
}

impl Serial {
    /// The header of a file like `doc` (its version and binary mark).
    pub fn new(doc: &Document) -> Serial {
        let mut out = format!("%PDF-{}\n%", doc.version).into_bytes();
        out.extend(&doc.binary_mark);
        out.push(b'\n');
        Serial { out, offsets: Vec::new() }
    }

    /// Writes object `id`.
    pub fn object(&mut self, id: ObjectId, object: &Object) {
        self.offsets.push((id.0, self.out.len()));
        let lead = if separated(object) { " " } else { "" };
        let _ = write!(self.out, "{} {} obj\n{lead}", id.0, id.1);
        self.write(object);
        let end =
            if separated(object) || matches!(object, Object::Name(_) | Object::Stream(_)) { " " } else { "" };
        let _ = write!(self.out, "{end}\nendobj\n");
    }

    /// Writes the objects left in `doc`, the cross-reference table of every
    /// object written and `doc`'s trailer, and returns the file.
    pub fn finish(mut self, mut doc: Document) -> Vec<u8> {
        for (&id, object) in &doc.objects {
            self.object(id, object);
        }
        let start = self.out.len();
        self.offsets.sort_unstable();
        self.out.extend_from_slice(b"xref\n");
        // Sections of consecutive ids, the first from the free entry 0.
        let entries: Vec<(u32, Option<usize>)> =
            std::iter::once((0, None)).chain(self.offsets.iter().map(|&(id, at)| (id, Some(at)))).collect();
        for run in entries.chunk_by(|a, b| b.0 == a.0 + 1) {
            let _ = writeln!(self.out, "{} {}", run[0].0, run.len());
            for (_, at) in run {
                match at {
                    Some(at) => _ = writeln!(self.out, "{at:>010} 00000 n "),
                    None => self.out.extend_from_slice(b"0000000000 65535 f \n"),
                }
            }
        }
        doc.trailer.set("Size", i64::from(doc.max_id + 1));
        self.out.extend_from_slice(b"trailer\n");
        self.dictionary(&doc.trailer);
        let _ = write!(self.out, "\nstartxref\n{start}\n%%EOF");
        self.out
    }

    fn write(&mut self, object: &Object) {
        match object {
            Object::Null => self.out.extend_from_slice(b"null"),
            Object::Boolean(b) => self.out.extend_from_slice(if *b { b"true" } else { b"false" }),
            Object::Integer(n) => {
                let _ = write!(self.out, "{n}");
            }
            Object::Real(r) => {
                let _ = write!(self.out, "{r}");
            }
            Object::Name(name) => self.name(name),
            Object::String(bytes, format) => self.string(bytes, *format),
            Object::Array(items) => {
                self.out.push(b'[');
                for (k, item) in items.iter().enumerate() {
                    if k > 0 && separated(item) {
                        self.out.push(b' ');
                    }
                    self.write(item);
                }
                self.out.push(b']');
            }
            Object::Dictionary(dict) => self.dictionary(dict),
            Object::Stream(stream) => {
                self.dictionary(&stream.dict);
                self.out.extend_from_slice(b"stream\n");
                self.out.extend_from_slice(&stream.content);
                self.out.extend_from_slice(b"\nendstream");
            }
            Object::Reference(id) => {
                let _ = write!(self.out, "{} {} R", id.0, id.1);
            }
        }
    }

    fn dictionary(&mut self, dict: &Dictionary) {
        self.out.extend_from_slice(b"<<");
        for (key, value) in dict {
            self.name(key);
            if separated(value) {
                self.out.push(b' ');
            }
            self.write(value);
        }
        self.out.extend_from_slice(b">>");
    }

    fn name(&mut self, name: &[u8]) {
        self.out.push(b'/');
        for &byte in name {
            if b" \t\n\r\x0C()<>[]{}/%#".contains(&byte) || !(33..=126).contains(&byte) {
                let _ = write!(self.out, "#{byte:02X}");
            } else {
                self.out.push(byte);
            }
        }
    }

    fn string(&mut self, bytes: &[u8], format: StringFormat) {
        match format {
            StringFormat::Hexadecimal => {
                self.out.push(b'<');
                for &byte in bytes {
                    let _ = write!(self.out, "{byte:02X}");
                }
                self.out.push(b'>');
            }
            StringFormat::Literal => {
                // lopdf's escaping: backslashes, carriage returns and the
                // parentheses that are not balanced.
                let mut escape = Vec::new();
                let mut open = Vec::new();
                for (k, &byte) in bytes.iter().enumerate() {
                    match byte {
                        b'(' => open.push(k),
                        b')' if open.pop().is_none() => escape.push(k),
                        b'\\' | b'\r' => escape.push(k),
                        _ => {}
                    }
                }
                escape.append(&mut open);
                self.out.push(b'(');
                for (k, &byte) in bytes.iter().enumerate() {
                    if escape.contains(&k) {
                        self.out.push(b'\\');
                        self.out.push(if byte == b'\r' { b'r' } else { byte });
                    } else {
                        self.out.push(byte);
                    }
                }
                self.out.push(b')');
            }
        }
    }
}

/// Whether a space must separate `object` from a name or number before it.
fn separated(object: &Object) -> bool {
    matches!(
        object,
        Object::Null | Object::Boolean(_) | Object::Integer(_) | Object::Real(_) | Object::Reference(_)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::dictionary;

    #[test]
    fn a_document_written_here_reads_as_lopdf_wrote_it() {
        let mut doc = Document::with_version("1.7");
        doc.reference_table.cross_reference_type = lopdf::xref::XrefType::CrossReferenceTable;
        let pages = doc.new_object_id();
        let content = lopdf::Stream::new(Dictionary::new(), b"BT /F1 12 Tf (a\\(b) Tj ET".to_vec());
        let content = doc.add_object(content);
        let page = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages,
            "Contents" => content,
            "MediaBox" => vec![0.into(), 0.into(), 595.2756.into(), 841.89.into()],
            "Note" => Object::String(b"(x) \\ y\r)(".to_vec(), StringFormat::Literal),
            "Name" => Object::Name(b"A B#".to_vec()),
        });
        doc.objects.insert(
            pages,
            Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 }),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages });
        doc.trailer.set("Root", catalog);
        // The content stream written first, the rest at the end.
        let mut serial = Serial::new(&doc);
        let stream = doc.objects.remove(&content).unwrap();
        serial.object(content, &stream);
        let bytes = serial.finish(doc.clone());
        let mut whole = doc.clone();
        whole.objects.insert(content, stream);
        let read = Document::load_mem(&bytes).unwrap();
        assert_eq!(read.get_pages().len(), 1);
        let page = read.get_dictionary(page).unwrap();
        assert_eq!(page.get(b"Note").unwrap().as_str().unwrap(), b"(x) \\ y\r)(");
        assert_eq!(page.get(b"Name").unwrap().as_name().unwrap(), b"A B#");
        let got = read.get_object(content).unwrap().as_stream().unwrap();
        assert_eq!(got.content, b"BT /F1 12 Tf (a\\(b) Tj ET");
        // Nothing written early: the very bytes lopdf writes.
        let mut saved = Vec::new();
        whole.clone().save_to(&mut saved).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&Serial::new(&whole).finish(whole)),
            String::from_utf8_lossy(&saved)
        );
    }
}
