//! DOCX: blocks → a Word file in the GB/T 9704-2012 layout, as exact as the PDF.
//!
//! In: the [`Block`]s of the Markdown (the same ones the HTML page and the PDF are
//! made from), their [`Typeset`] — the typesetter's decisions the PDF is drawn
//! from: the page every anchor landed on (the 目录's numbers), each title's line
//! breaks, each table's column widths — the document's [`Metadata`], the Word font
//! names ([`WordFonts`]) and layout switches ([`Layout`]). Out: the bytes of a
//! `.docx` — the same input always gives the same bytes.
//!
//! - `options` — what the writer is asked for: Word's font names, layout switches;
//! - `styles` — `styles.xml` (one style per role, Word's built-in names for the
//!   headings), the font table, settings and the odd/even footers;
//! - `body` — the paragraphs and tables of `document.xml`;
//! - `drawing` — pictures as inline drawings, and their media parts;
//! - `frame` — the 公文 frame: 版头, 附件 label and 版记, as paragraphs;
//! - `notes` — footnotes as Word footnotes (`footnotes.xml`);
//! - `section` — the page of [`crate::page`] in twips: size, margins, the
//!   document grid of 22 lines × 28 characters, the footers' place;
//! - `package` — the zip container, its relationships and properties;
//! - [`xml`] — escaping and runs of text.

pub(crate) mod body;
pub(crate) mod drawing;
pub(crate) mod frame;
pub(crate) mod notes;
pub(crate) mod options;
pub(crate) mod package;
pub(crate) mod section;
pub(crate) mod styles;
pub mod xml;

pub use options::{Layout, WordFonts};

use crate::markdown::Block;
use crate::metadata::Metadata;
use crate::typeset::Typeset;

/// Writes the DOCX of `blocks`, as `typeset` laid them out.
pub fn render(
    blocks: &[Block],
    typeset: &Typeset,
    meta: &Metadata,
    fonts: &WordFonts,
    layout: &Layout,
) -> Vec<u8> {
    let mut document = String::with_capacity(blocks.len() * 500 + 4000);
    document.push_str(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
        "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" ",
        "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" ",
        "xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" ",
        "xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" ",
        "xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><w:body>"
    ));
    let (body, media) = body::body(blocks, typeset);
    document.push_str(&body);
    // With a 版记, the last section is its page's (see `frame`).
    document.push_str(&if blocks.iter().any(Block::is_imprint) {
        section::imprint()
    } else {
        section::section()
    });
    document.push_str("</w:body></w:document>");
    let notes = notes::footnotes(blocks);
    package::zip(&document, &media, notes.as_deref(), meta, fonts, layout)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    /// Child element orders of the WordprocessingML schema (ECMA-376 Part 1, §17):
    /// Word refuses a file whose children come in another order.
    const ORDERS: &[(&str, &[&str])] = &[
        (
            "pPr",
            &[
                "pStyle",
                "keepNext",
                "keepLines",
                "pageBreakBefore",
                "framePr",
                "widowControl",
                "numPr",
                "suppressLineNumbers",
                "pBdr",
                "shd",
                "tabs",
                "suppressAutoHyphens",
                "kinsoku",
                "wordWrap",
                "overflowPunct",
                "topLinePunct",
                "autoSpaceDE",
                "autoSpaceDN",
                "bidi",
                "adjustRightInd",
                "snapToGrid",
                "spacing",
                "ind",
                "contextualSpacing",
                "mirrorIndents",
                "suppressOverlap",
                "jc",
                "textDirection",
                "textAlignment",
                "textboxTightWrap",
                "outlineLvl",
                "divId",
                "cnfStyle",
                "rPr",
                "sectPr",
                "pPrChange",
            ],
        ),
        (
            "rPr",
            &[
                "rStyle",
                "rFonts",
                "b",
                "bCs",
                "i",
                "iCs",
                "caps",
                "smallCaps",
                "strike",
                "dstrike",
                "outline",
                "shadow",
                "emboss",
                "imprint",
                "noProof",
                "snapToGrid",
                "vanish",
                "webHidden",
                "color",
                "spacing",
                "w",
                "kern",
                "position",
                "sz",
                "szCs",
                "highlight",
                "u",
                "effect",
                "bdr",
                "shd",
                "fitText",
                "vertAlign",
                "rtl",
                "cs",
                "em",
                "lang",
                "eastAsianLayout",
                "specVanish",
                "oMath",
            ],
        ),
        (
            "tblPr",
            &[
                "tblStyle",
                "tblpPr",
                "tblOverlap",
                "bidiVisual",
                "tblStyleRowBandSize",
                "tblStyleColBandSize",
                "tblW",
                "jc",
                "tblCellSpacing",
                "tblInd",
                "tblBorders",
                "shd",
                "tblLayout",
                "tblCellMar",
                "tblLook",
            ],
        ),
        (
            "tcPr",
            &[
                "cnfStyle",
                "tcW",
                "gridSpan",
                "hMerge",
                "vMerge",
                "tcBorders",
                "shd",
                "noWrap",
                "tcMar",
                "textDirection",
                "tcFitText",
                "vAlign",
                "hideMark",
            ],
        ),
        (
            "sectPr",
            &[
                "headerReference",
                "footerReference",
                "footnotePr",
                "endnotePr",
                "type",
                "pgSz",
                "pgMar",
                "paperSrc",
                "pgBorders",
                "lnNumType",
                "pgNumType",
                "cols",
                "formProt",
                "vAlign",
                "noEndnote",
                "titlePg",
                "textDirection",
                "bidi",
                "rtlGutter",
                "docGrid",
            ],
        ),
        (
            "style",
            &[
                "name",
                "aliases",
                "basedOn",
                "next",
                "link",
                "autoRedefine",
                "hidden",
                "uiPriority",
                "semiHidden",
                "unhideWhenUsed",
                "qFormat",
                "locked",
                "personal",
                "rsid",
                "pPr",
                "rPr",
                "tblPr",
                "trPr",
                "tcPr",
                "tblStylePr",
            ],
        ),
        (
            "settings",
            &[
                "writeProtection",
                "view",
                "zoom",
                "mirrorMargins",
                "defaultTabStop",
                "evenAndOddHeaders",
                "characterSpacingControl",
                "compat",
                "themeFontLang",
                "decimalSymbol",
                "listSeparator",
            ],
        ),
        ("font", &["altName", "panose1", "charset", "family", "notTrueType", "pitch", "sig"]),
    ];

    /// The local names of the children of every `<w:NAME>` element in `xml`.
    fn children_of(xml: &str, name: &str) -> Vec<Vec<String>> {
        let mut all = Vec::new();
        let open = format!("<w:{name}");
        let mut rest = xml;
        while let Some(at) = rest.find(&open) {
            let after = &rest[at + open.len()..];
            rest = after;
            if !after.starts_with(['>', ' ']) {
                continue; // a longer name (<w:pPrDefault>, <w:fontTable>)
            }
            let head_end = after.find('>').unwrap();
            if after[..head_end].ends_with('/') {
                all.push(Vec::new());
                continue;
            }
            let mut depth = 0;
            let mut kids = Vec::new();
            for tag in after[head_end + 1..].split('<').skip(1) {
                let tag = tag.split('>').next().unwrap();
                if let Some(closing) = tag.strip_prefix('/') {
                    if depth == 0 {
                        assert_eq!(closing, format!("w:{name}"));
                        break;
                    }
                    depth -= 1;
                } else {
                    let local = tag.split([' ', '/']).next().unwrap().trim_start_matches("w:").to_string();
                    if depth == 0 {
                        kids.push(local);
                    }
                    if !tag.ends_with('/') {
                        depth += 1;
                    }
                }
            }
            all.push(kids);
        }
        all
    }

    fn part(docx: &[u8], name: &str) -> String {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
        let mut s = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    }

    #[test]
    fn every_element_lists_its_children_in_the_schema_order() {
        // With the 公文 frame around it: 版头 (a joint 上行文), 落款 with the seal, 版记.
        let head = "###### 000001 {.copy-number}\n###### 甲局 {.issuer}\n###### 乙会 {.issuer}\n\
                    ###### 文件 {.issuer-suffix}\n###### 甲〔2025〕1号 {.doc-number}\n###### 签发人：张三 {.signer}\n\n";
        let md = head.to_string()
            + &std::fs::read_to_string(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/golden/union-plans-collection.md"
            ))
            .unwrap()
            + "\n###### 附件：1. 表 {.attachment}\n\n###### ××工会 {.signature .seal}\n\n\
               ###### 2024年1月1日 {.date .seal}\n\n###### （联系人：甲） {.remark}\n\n\
               ###### 附件1 {.annex}\n\n# 计划 {.title}\n\n正文。\n\n###### 抄送：甲。 {.copy-to}\n\n\
               ###### 乙办公室 {.printed-by}\n\n###### 2025年1月6日印发 {.printed-on}\n";
        let blocks = crate::markdown::parse(&md);
        let layout = Layout { duplex: true, bold_headings: true, latin_serif: true };
        let fonts = crate::fonts::FontSet::new(&crate::fonts::FontOverrides::default());
        let typeset = crate::typeset::typeset(
            &blocks,
            &fonts,
            &crate::typeset::Geometry::default(),
            &mut |_, _| Ok(()),
        )
        .unwrap();
        let docx = render(&blocks, &typeset, &Metadata::default(), &WordFonts::default(), &layout);
        let mut checked = 0;
        for file in [
            "word/document.xml",
            "word/styles.xml",
            "word/settings.xml",
            "word/fontTable.xml",
            "word/footer1.xml",
            "word/footer3.xml",
        ] {
            let xml = part(&docx, file);
            for (name, order) in ORDERS {
                for kids in children_of(&xml, name) {
                    let places: Vec<usize> = kids
                        .iter()
                        .map(|k| {
                            order
                                .iter()
                                .position(|o| o == k)
                                .unwrap_or_else(|| panic!("{file}: <w:{k}> in <w:{name}>"))
                        })
                        .collect();
                    assert!(
                        places.windows(2).all(|w| w[0] <= w[1]),
                        "{file}: <w:{name}> children out of order: {kids:?}"
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 100, "{checked}");
    }
}
