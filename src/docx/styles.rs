//! The DOCX's look: `styles.xml`, `fontTable.xml`, `settings.xml` and the footers.
//!
//! In: the font names ([`WordFonts`]) and the layout switches. Out: the XML of
//! those parts. Every role is a style — Word's built-in `Normal`, `Title`,
//! `Subtitle`, `heading 1`–`heading 4` (outline levels 0–3, so the navigation pane
//! and a TOC see them), `toc 1`/`toc 2`, `footer`, and named styles for 篇名, 附表标题,
//! 表格文字, 附件说明, 落款 and 成文日期 — so that one change in Word's style pane
//! restyles every paragraph of that role. No theme fonts anywhere: every `rFonts`
//! names real faces, East Asian ones with `w:hint="eastAsia"`.

use super::options::{Layout, WordFonts};
use super::section::{LINE_PITCH, TEXT_WIDTH};
use super::xml::escape;

/// `<w:rFonts>` naming `face` for every script, or "Times New Roman" for Latin
/// text (`latin`).
fn fonts_with(face: &str, latin: bool) -> String {
    let f = escape(face);
    let l = if latin { "Times New Roman".to_string() } else { f.clone() };
    format!("<w:rFonts w:ascii=\"{l}\" w:hAnsi=\"{l}\" w:eastAsia=\"{f}\" w:cs=\"{l}\" w:hint=\"eastAsia\"/>")
}

/// Run properties: the face, the size in points and bold.
fn rpr_with(face: &str, points: u32, bold: bool, latin: bool) -> String {
    let b = if bold { "<w:b/><w:bCs/>" } else { "<w:b w:val=\"0\"/><w:bCs w:val=\"0\"/>" };
    let spacing = if points == 16 { CONDENSE } else { 0 };
    format!(
        "<w:rPr>{}{b}<w:spacing w:val=\"{spacing}\"/><w:sz w:val=\"{}\"/><w:szCs w:val=\"{}\"/></w:rPr>",
        fonts_with(face, latin),
        points * 2,
        points * 2
    )
}

/// Character spacing of 16 pt text, in twips: the 16 pt face condensed to 15.7 pt,
/// so that each character takes one cell of the 28-character grid (a wider glyph
/// takes two cells in LibreOffice, 27 would fit a line in Word without the grid).
const CONDENSE: i32 = -6;

/// Lines larger than the body are set at their natural width, not snapped to
/// the 16 pt character grid (a 22 pt character would take two cells).
const OFF_GRID: &str = "<w:snapToGrid w:val=\"0\"/>";

/// No first-line indent (centred and right-placed paragraphs, table cells).
const NO_INDENT: &str = "<w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/>";

struct Style<'a> {
    id: &'a str,
    name: &'a str,
    based_on: Option<&'a str>,
    ppr: String,
    rpr: String,
}

impl Style<'_> {
    fn xml(&self, out: &mut String) {
        let default = if self.id == "Normal" { " w:default=\"1\"" } else { "" };
        out.push_str(&format!(
            "<w:style w:type=\"paragraph\"{default} w:styleId=\"{}\"><w:name w:val=\"{}\"/>",
            self.id, self.name
        ));
        if let Some(b) = self.based_on {
            out.push_str(&format!("<w:basedOn w:val=\"{b}\"/>"));
        }
        out.push_str("<w:next w:val=\"Normal\"/><w:qFormat/>");
        out.push_str(&format!("<w:pPr>{}</w:pPr>{}</w:style>", self.ppr, self.rpr));
    }
}

/// `styles.xml`.
pub fn styles(f: &WordFonts, layout: &Layout) -> String {
    let bold = layout.bold_headings;
    let fonts = |face: &str| fonts_with(face, layout.latin_serif);
    let rpr = |face: &str, points: u32, bold: bool| rpr_with(face, points, bold, layout.latin_serif);
    let heading = |level: usize, face: &str| Style {
        id: ["Heading1", "Heading2", "Heading3", "Heading4"][level - 1],
        name: ["heading 1", "heading 2", "heading 3", "heading 4"][level - 1],
        based_on: Some("Normal"),
        ppr: format!("<w:keepNext/><w:keepLines/><w:outlineLvl w:val=\"{}\"/>", level - 1),
        rpr: rpr(face, 16, bold),
    };
    // Child elements in the schema's order (CT_PPrBase): Word refuses others.
    let centred =
        |before: &str| format!("<w:keepNext/>{before}{OFF_GRID}{NO_INDENT}<w:jc w:val=\"center\"/>");
    // 目录 levels: dot leaders to the page number at the right edge; wrapped lines
    // hang 2 characters further in than the entry's first line.
    let toc = |level: usize, rpr: String| Style {
        id: ["TOC1", "TOC2"][level - 1],
        name: ["toc 1", "toc 2"][level - 1],
        based_on: Some("Normal"),
        ppr: format!(
            "<w:tabs><w:tab w:val=\"right\" w:leader=\"dot\" w:pos=\"{TEXT_WIDTH}\"/></w:tabs>\
             <w:ind w:left=\"{}\" w:leftChars=\"{}\" w:hanging=\"640\" w:hangingChars=\"200\" w:right=\"0\"/>\
             <w:jc w:val=\"left\"/>",
            640 * level,
            200 * level
        ),
        rpr,
    };
    let list = [
        Style {
            id: "Normal",
            name: "Normal",
            based_on: None,
            ppr: format!(
                "<w:widowControl w:val=\"0\"/><w:autoSpaceDE w:val=\"0\"/><w:autoSpaceDN w:val=\"0\"/>\
                 <w:spacing w:before=\"0\" w:after=\"0\" w:line=\"{LINE_PITCH}\" w:lineRule=\"exact\"/>\
                 <w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/><w:jc w:val=\"both\"/>"
            ),
            rpr: format!(
                "<w:rPr>{}<w:spacing w:val=\"{CONDENSE}\"/><w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/>\
                 <w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\"/></w:rPr>",
                fonts(&f.body)
            ),
        },
        Style {
            id: "Title",
            name: "Title",
            based_on: Some("Normal"),
            ppr: centred(""),
            rpr: rpr(&f.title, 22, false),
        },
        Style {
            id: "Subtitle",
            name: "Subtitle",
            based_on: Some("Normal"),
            ppr: format!("<w:keepNext/>{NO_INDENT}<w:jc w:val=\"center\"/>"),
            rpr: rpr(&f.heading2, 16, false),
        },
        heading(1, &f.heading1),
        heading(2, &f.heading2),
        heading(3, &f.body),
        heading(4, &f.body),
        Style {
            id: "PartTitle",
            name: "篇名",
            based_on: Some("Title"),
            ppr: "<w:pageBreakBefore/>".into(),
            rpr: String::new(),
        },
        Style {
            id: "TOCHeading",
            name: "TOC Heading",
            based_on: Some("Normal"),
            ppr: centred("<w:pageBreakBefore/>"),
            rpr: rpr(&f.heading1, 22, false),
        },
        toc(1, String::new()),
        toc(2, rpr(&f.heading1, 16, false)),
        Style {
            id: "ListContinue",
            name: "List Continue",
            based_on: Some("Normal"),
            ppr: String::new(),
            rpr: String::new(),
        },
        Style {
            id: "ScheduleTitle",
            name: "附表标题",
            based_on: Some("Normal"),
            ppr: "<w:keepNext/>".into(),
            rpr: String::new(),
        },
        Style {
            id: "TableText",
            name: "表格文字",
            based_on: Some("Normal"),
            ppr: format!("{NO_INDENT}<w:jc w:val=\"left\"/>"),
            rpr: String::new(),
        },
        Style {
            id: "TableHeader",
            name: "表头",
            based_on: Some("TableText"),
            ppr: "<w:keepNext/><w:jc w:val=\"center\"/>".into(),
            rpr: rpr(&f.heading1, 16, false),
        },
        Style {
            id: "Attachment",
            name: "附件说明",
            based_on: Some("Normal"),
            ppr: "<w:keepNext/><w:jc w:val=\"left\"/>".into(),
            rpr: String::new(),
        },
        Style {
            id: "Signature",
            name: "落款",
            based_on: Some("Normal"),
            ppr: format!("<w:keepNext/><w:keepLines/>{NO_INDENT}<w:jc w:val=\"left\"/>"),
            rpr: String::new(),
        },
        Style {
            id: "SignatureDate",
            name: "成文日期",
            based_on: Some("Signature"),
            ppr: String::new(),
            rpr: String::new(),
        },
        // The 公文 frame (super::frame).
        Style {
            id: "MastheadMark",
            name: "份号密级",
            based_on: Some("Normal"),
            ppr: format!("<w:keepNext/>{NO_INDENT}<w:jc w:val=\"left\"/>"),
            rpr: rpr(&f.heading1, 16, false),
        },
        Style {
            id: "Issuer",
            name: "发文机关标志",
            based_on: Some("Normal"),
            ppr: centred(""),
            rpr: rpr(&f.title, 22, false),
        },
        Style {
            id: "DocNumber",
            name: "发文字号",
            based_on: Some("Normal"),
            ppr: format!("<w:keepNext/>{NO_INDENT}<w:jc w:val=\"center\"/>"),
            rpr: String::new(),
        },
        Style {
            id: "Addressee",
            name: "主送机关",
            based_on: Some("Normal"),
            ppr: format!("<w:keepNext/>{NO_INDENT}<w:jc w:val=\"left\"/>"),
            rpr: String::new(),
        },
        Style { id: "Remark", name: "附注", based_on: Some("Normal"), ppr: String::new(), rpr: String::new() },
        Style {
            id: "AnnexLabel",
            name: "附件标签",
            based_on: Some("Normal"),
            ppr: format!("<w:keepNext/><w:pageBreakBefore/>{NO_INDENT}<w:jc w:val=\"left\"/>"),
            rpr: rpr(&f.heading1, 16, false),
        },
        Style {
            id: "Imprint",
            name: "版记",
            based_on: Some("Normal"),
            ppr: format!(
                "<w:keepNext/><w:keepLines/>{OFF_GRID}<w:spacing w:line=\"560\" w:lineRule=\"exact\"/>{NO_INDENT}<w:jc w:val=\"left\"/>"
            ),
            rpr: rpr(&f.body, 14, false),
        },
        Style {
            id: "Footer",
            name: "footer",
            based_on: Some("Normal"),
            ppr: format!(
                "<w:snapToGrid w:val=\"0\"/><w:spacing w:line=\"280\" w:lineRule=\"exact\"/>{NO_INDENT}"
            ),
            rpr: rpr(&f.page_number, 14, false),
        },
    ];
    let mut out = String::with_capacity(12_000);
    out.push_str(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
        "<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
    ));
    out.push_str(&format!(
        "<w:docDefaults><w:rPrDefault><w:rPr>{}<w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/>\
         <w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\" w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault>\
         <w:pPrDefault><w:pPr><w:spacing w:before=\"0\" w:after=\"0\" w:line=\"{LINE_PITCH}\" w:lineRule=\"exact\"/>\
         </w:pPr></w:pPrDefault></w:docDefaults>",
        fonts(&f.body)
    ));
    for style in &list {
        style.xml(&mut out);
    }
    // 签发人's names in 楷体 (GB/T 9704 §7.2.6).
    out.push_str(&format!(
        "<w:style w:type=\"character\" w:styleId=\"SignerName\"><w:name w:val=\"签发人姓名\"/>\
         <w:basedOn w:val=\"DefaultParagraphFont\"/><w:qFormat/><w:rPr>{}</w:rPr></w:style>",
        fonts(&f.heading2)
    ));
    out.push_str(concat!(
        "<w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\">",
        "<w:name w:val=\"Default Paragraph Font\"/><w:uiPriority w:val=\"1\"/><w:semiHidden/></w:style>",
        "<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/>",
        "<w:semiHidden/><w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar>",
        "<w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/>",
        "<w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>",
        "<w:style w:type=\"table\" w:styleId=\"TableGrid\"><w:name w:val=\"Table Grid\"/>",
        "<w:basedOn w:val=\"TableNormal\"/><w:tblPr><w:tblBorders>",
        "<w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>",
        "<w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>",
        "<w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>",
        "<w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>",
        "<w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>",
        "<w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>",
        "</w:tblBorders></w:tblPr></w:style></w:styles>"
    ));
    out
}

/// The name Windows gives a face that Chinese office machines know by another
/// (`仿宋_GB2312` is `FangSong` on a machine without the GB2312 fonts).
fn alternate(name: &str) -> Option<&'static str> {
    let known = [
        ("仿宋", "FangSong"),
        ("黑体", "SimHei"),
        ("楷体", "KaiTi"),
        ("小标宋", "SimSun"),
        ("宋体", "SimSun"),
    ];
    known.iter().find(|(k, _)| name.contains(k)).map(|(_, alt)| *alt)
}

/// `fontTable.xml`: every face the styles name, with its Windows alternate.
pub fn font_table(f: &WordFonts, layout: &Layout) -> String {
    let mut names: Vec<&str> = vec![&f.body, &f.title, &f.heading1, &f.heading2, &f.page_number];
    if layout.latin_serif {
        names.push("Times New Roman");
    }
    names.dedup();
    let mut seen = std::collections::BTreeSet::new();
    let mut out = String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
        "<w:fonts xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
    ));
    for name in names {
        if !seen.insert(name) {
            continue;
        }
        out.push_str(&format!("<w:font w:name=\"{}\">", escape(name)));
        if let Some(alt) = alternate(name) {
            out.push_str(&format!("<w:altName w:val=\"{alt}\"/>"));
        }
        out.push_str(
            "<w:charset w:val=\"86\"/><w:family w:val=\"auto\"/><w:pitch w:val=\"variable\"/></w:font>",
        );
    }
    out.push_str("</w:fonts>");
    out
}

/// `settings.xml`: odd and even footers, mirrored margins for duplex printing, no
/// punctuation compression (the PDF sets full-width marks on the grid too).
pub fn settings(layout: &Layout) -> String {
    let mirror = if layout.duplex { "<w:mirrorMargins/>" } else { "" };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <w:settings xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
         <w:zoom w:percent=\"100\"/>{mirror}<w:defaultTabStop w:val=\"420\"/><w:evenAndOddHeaders/>\
         <w:characterSpacingControl w:val=\"doNotCompress\"/>\
         <w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>\
         <w:themeFontLang w:val=\"en-US\" w:eastAsia=\"zh-CN\"/><w:decimalSymbol w:val=\".\"/><w:listSeparator w:val=\",\"/>\
         </w:settings>"
    )
}

/// The footer of the 版记's section: no page number (GB/T 9704 §7.5).
pub fn blank_footer() -> String {
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
     <w:ftr xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
     <w:p><w:pPr><w:pStyle w:val=\"Footer\"/></w:pPr></w:p></w:ftr>"
        .to_string()
}

/// A footer with the page number `— N —` as a PAGE field: odd pages right-aligned,
/// even pages left-aligned, one 14 pt character in from the type area's edge.
pub fn footer(odd: bool) -> String {
    let (jc, ind) = if odd { ("right", "w:right=\"280\"") } else { ("left", "w:left=\"280\"") };
    let text = |t: &str| {
        format!(
            "<w:r><w:rPr><w:rFonts w:hint=\"eastAsia\"/></w:rPr><w:t xml:space=\"preserve\">{t}</w:t></w:r>"
        )
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <w:ftr xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
         <w:p><w:pPr><w:pStyle w:val=\"Footer\"/><w:ind {ind} w:firstLine=\"0\" w:firstLineChars=\"0\"/><w:jc w:val=\"{jc}\"/></w:pPr>\
         {}<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r>\
         <w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>{}</w:p></w:ftr>",
        text("— "),
        text(" —"),
    )
}
