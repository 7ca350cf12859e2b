//! The DOCX container: the parts of a WordprocessingML package in a zip.
//!
//! In: the finished `document.xml`, the metadata, fonts and layout switches. Out:
//! the `.docx` bytes. Entries are written in a fixed order with a fixed time (the
//! document's creation time, from `SOURCE_DATE_EPOCH` when set), so the same
//! input always gives the same bytes.

use super::drawing::Media;
use super::options::{Layout, WordFonts};
use super::styles;
use super::xml::escape;
use crate::metadata::{civil, Metadata};
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;

const CONTENT_TYPES: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">",
    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>",
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>",
    "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>",
    "<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>",
    "<Override PartName=\"/word/settings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/>",
    "<Override PartName=\"/word/fontTable.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml\"/>",
    "<Override PartName=\"/word/footer1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>",
    "<Override PartName=\"/word/footer2.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>",
    "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>",
    "<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>",
    "</Types>"
);

const PACKAGE_RELS: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>",
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>",
    "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>",
    "</Relationships>"
);

const DOCUMENT_RELS: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
    "<Relationship Id=\"rIdStyles\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>",
    "<Relationship Id=\"rIdSettings\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings\" Target=\"settings.xml\"/>",
    "<Relationship Id=\"rIdFonts\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable\" Target=\"fontTable.xml\"/>",
    "<Relationship Id=\"rIdFooterOdd\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer1.xml\"/>",
    "<Relationship Id=\"rIdFooterEven\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer2.xml\"/>",
    "</Relationships>"
);

/// The package's bytes.
pub fn zip(
    document: &str,
    media: &Media,
    notes: Option<&str>,
    meta: &Metadata,
    fonts: &WordFonts,
    layout: &Layout,
) -> Vec<u8> {
    let (note_type, note_rel) = match notes {
        Some(_) => (
            "<Override PartName=\"/word/footnotes.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml\"/>",
            "<Relationship Id=\"rIdFootnotes\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes\" Target=\"footnotes.xml\"/>",
        ),
        None => ("", ""),
    };
    // The 版记's section has a footer without the page number.
    let blank = document.contains("rIdFooterBlank");
    let (blank_type, blank_rel) = if blank {
        (
            "<Override PartName=\"/word/footer3.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>",
            "<Relationship Id=\"rIdFooterBlank\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer3.xml\"/>",
        )
    } else {
        ("", "")
    };
    let types = CONTENT_TYPES
        .replacen("<Override", &format!("{}<Override", media.content_types()), 1)
        .replace("</Types>", &format!("{note_type}{blank_type}</Types>"));
    let rels = DOCUMENT_RELS.replace(
        "</Relationships>",
        &format!("{}{note_rel}{blank_rel}</Relationships>", media.relationships()),
    );
    let parts: [(&str, std::borrow::Cow<'_, str>); 10] = [
        ("[Content_Types].xml", types.into()),
        ("_rels/.rels", PACKAGE_RELS.into()),
        ("word/document.xml", document.into()),
        ("word/_rels/document.xml.rels", rels.into()),
        ("word/styles.xml", styles::styles(fonts, layout).into()),
        ("word/settings.xml", styles::settings(layout).into()),
        ("word/fontTable.xml", styles::font_table(fonts, layout).into()),
        ("word/footer1.xml", styles::footer(true).into()),
        ("word/footer2.xml", styles::footer(false).into()),
        ("docProps/core.xml", core_properties(meta).into()),
    ];
    let time = zip_time(meta.created);
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(6))
        .last_modified_time(time)
        .unix_permissions(0o644);
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(document.len() / 3 + 16_384)));
    let app = app_properties();
    let all = parts
        .iter()
        .map(|(n, t)| (n.to_string(), t.as_bytes()))
        .chain(std::iter::once(("docProps/app.xml".to_string(), app.as_bytes())));
    // Pictures are compressed already: stored as they are.
    let stored = options.compression_method(zip::CompressionMethod::Stored).compression_level(None);
    let media = media.parts().map(|(n, b)| (n, b, stored));
    let notes = notes.map(|n| ("word/footnotes.xml".to_string(), n.as_bytes(), options));
    let footer = blank.then(styles::blank_footer);
    let notes = notes
        .into_iter()
        .chain(footer.as_ref().map(|f| ("word/footer3.xml".to_string(), f.as_bytes(), options)));
    let media = notes.into_iter().chain(media);
    for (name, bytes, options) in all.map(|(n, b)| (n, b, options)).chain(media) {
        // Writing into memory cannot fail but for a bug; the container stays valid.
        if writer.start_file(name, options).is_ok() {
            let _ = writer.write_all(bytes);
        }
    }
    writer.finish().map(Cursor::into_inner).unwrap_or_default()
}

/// `docProps/core.xml`: title, author (the organisation) and dates.
fn core_properties(meta: &Metadata) -> String {
    let when = w3c_time(meta.created);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
         <dc:title>{}</dc:title><dc:creator>{}</dc:creator><cp:lastModifiedBy>{}</cp:lastModifiedBy>\
         <dc:language>zh-CN</dc:language>\
         <dcterms:created xsi:type=\"dcterms:W3CDTF\">{when}</dcterms:created>\
         <dcterms:modified xsi:type=\"dcterms:W3CDTF\">{when}</dcterms:modified></cp:coreProperties>",
        escape(&meta.title),
        escape(&meta.author),
        escape(&meta.author),
    )
}

fn app_properties() -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">\
         <Application>wengao {}</Application></Properties>",
        env!("CARGO_PKG_VERSION")
    )
}

fn w3c_time(seconds: i64) -> String {
    let (y, mo, d, h, mi, s) = civil(seconds);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
}

/// A zip entry time (1980–2107, two-second steps).
fn zip_time(seconds: i64) -> zip::DateTime {
    let (y, mo, d, h, mi, s) = civil(seconds);
    let y = y.clamp(1980, 2107) as u16;
    zip::DateTime::from_date_and_time(y, mo, d, h, mi, s - s % 2).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_utc_calendar_times() {
        assert_eq!(w3c_time(0), "1970-01-01T00:00:00Z");
        assert_eq!(w3c_time(1_735_344_000), "2024-12-28T00:00:00Z");
        assert_eq!(w3c_time(951_825_599), "2000-02-29T11:59:59Z");
        let t = zip_time(0);
        assert_eq!((t.year(), t.month(), t.day()), (1980, 1, 1));
    }
}
