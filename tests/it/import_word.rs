//! `wengao import` on Word files as other offices write them (issue 19).
//!
//! Each test builds a small DOCX of raw WordprocessingML, zipped here, with the
//! shape that went wrong in real files: a table after the date, separate
//! paragraphs that were glued, a text box inside a paragraph, two documents in
//! one file, decimal and 章/节 heading levels, typed 3．–7．, hard-wrapped text, a
//! picture, an encrypted file. Each imports it, builds the Markdown and runs
//! `tests/importcheck.py` on it: coverage ≥ 0.99 and no duplicated text.
//!
//! Needs python3 with python-docx (importcheck.py).

use crate::common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use wengao::format::Format;
use wengao::import::import;
use wengao::pipeline::build_loaded;
use wengao::render::Templates;

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:v="urn:schemas-microsoft-com:vml""#;

/// A paragraph of `text` with paragraph properties `ppr`.
fn p_with(ppr: &str, text: &str) -> String {
    format!(r#"<w:p><w:pPr>{ppr}</w:pPr><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#)
}

fn p(text: &str) -> String {
    p_with("", text)
}

fn centred(text: &str) -> String {
    p_with(r#"<w:jc w:val="center"/>"#, text)
}

fn table(rows: &[&[&str]]) -> String {
    let rows: String = rows
        .iter()
        .map(|r| {
            format!("<w:tr>{}</w:tr>", r.iter().map(|c| format!("<w:tc>{}</w:tc>", p(c))).collect::<String>())
        })
        .collect();
    format!("<w:tbl>{rows}</w:tbl>")
}

/// A DOCX of `body` (WordprocessingML inside `<w:body>`), with `numbering.xml`
/// and pictures (`word/media/NAME`, referred to as `rIdNAME`) when given.
fn docx(body: &str, numbering: Option<&str>, media: &[(&str, &[u8])]) -> Vec<u8> {
    docx_with(body, numbering, media, &[])
}

/// [`docx`] with further parts: (`word/NAME.xml`, its XML after the declaration).
fn docx_with(
    body: &str,
    numbering: Option<&str>,
    media: &[(&str, &[u8])],
    parts: &[(&str, &str)],
) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    let mut file = |name: &str, bytes: &[u8]| {
        zip.start_file(name, opts).unwrap();
        zip.write_all(bytes).unwrap();
    };
    file("[Content_Types].xml", br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/></Types>"#);
    file("_rels/.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#);
    let mut rels = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    );
    if numbering.is_some() {
        rels.push_str(r#"<Relationship Id="rIdNum" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>"#);
    }
    for (name, _) in media {
        rels.push_str(&format!(r#"<Relationship Id="rId{name}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/{name}"/>"#));
    }
    for (name, _) in parts {
        let kind = name.trim_end_matches(".xml");
        rels.push_str(&format!(r#"<Relationship Id="rId{kind}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}" Target="{name}"/>"#));
    }
    rels.push_str("</Relationships>");
    file("word/_rels/document.xml.rels", rels.as_bytes());
    file(
        "word/document.xml",
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}</w:body></w:document>"#
        )
        .as_bytes(),
    );
    if let Some(n) = numbering {
        file(
            "word/numbering.xml",
            format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:numbering {W}>{n}</w:numbering>"#).as_bytes(),
        );
    }
    for (name, bytes) in media {
        file(&format!("word/media/{name}"), bytes);
    }
    for (name, xml) in parts {
        file(&format!("word/{name}"), format!(r#"<?xml version="1.0" encoding="UTF-8"?>{xml}"#).as_bytes());
    }
    zip.finish().unwrap().into_inner()
}

/// Imports `bytes` as `NAME.docx`, builds the Markdown, runs importcheck on both
/// (coverage ≥ 0.99, no duplicates must pass) and returns (TOML, Markdown, the
/// importcheck report).
fn check(name: &str, bytes: &[u8]) -> (String, String, String) {
    let dir = common::temp_dir("import-word", name);
    let path = dir.join(format!("{name}.docx"));
    std::fs::write(&path, bytes).unwrap();
    let imported = import(&path, bytes).unwrap_or_else(|r| panic!("{r}"));
    let toml_path = dir.join(format!("{name}.toml"));
    std::fs::write(&toml_path, &imported.toml).unwrap();
    // The pictures beside it, as `wengao import` writes them: the build reads them.
    for (rel, bytes) in &imported.pictures {
        std::fs::create_dir_all(dir.join(rel).parent().unwrap()).unwrap();
        std::fs::write(dir.join(rel), bytes).unwrap();
    }
    let loaded = wengao::input::parse(&toml_path, imported.toml.as_bytes())
        .unwrap_or_else(|r| panic!("{r}\n{}", imported.toml));
    let templates = Templates::load(None).unwrap();
    let built = build_loaded(&loaded, &templates, &[Format::Md]).unwrap_or_else(|r| panic!("{r}"));
    let md = String::from_utf8(built.products[0].bytes.clone()).unwrap();
    let md_path = dir.join(format!("{name}.md"));
    std::fs::write(&md_path, &md).unwrap();
    let out = Command::new("python3")
        .arg(common::root().join("tests/importcheck.py"))
        .args([&path, &md_path])
        .arg("--toml")
        .arg(&toml_path)
        .arg("--min-coverage=0.99")
        .output()
        .expect("python3 runs");
    let report = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    for check in ["PASS  text coverage", "PASS  no duplicated text"] {
        assert!(report.contains(check), "{check}:\n{report}\n{}\n{md}", imported.toml);
    }
    std::fs::remove_dir_all(&dir).ok();
    (imported.toml, md, report)
}

const FILLER: [&str; 4] = [
    "全镇各级工会认真组织学习，广泛开展形式多样的活动，取得了明显成效。",
    "各基层工会围绕中心工作，服务大局，维护职工合法权益，推动工作落实。",
    "坚持以职工为中心的工作导向，把服务职工作为工会工作的出发点和落脚点。",
    "加强工会干部队伍建设，提高履职能力，增强工会组织的凝聚力和吸引力。",
];

fn filler(n: usize) -> String {
    (0..n).map(|k| p(FILLER[k % FILLER.len()])).collect()
}

#[test]
fn a_table_after_the_date_is_kept() {
    let body = [
        centred("××街道工会2024年工作计划"),
        p("一、主要工作"),
        filler(6),
        p("××街道工会"),
        p("2024年1月5日"),
        table(&[&["项目", "经费预算（元）"], &["职工运动会", "12000"], &["困难职工帮扶", "30000"]]),
    ]
    .concat();
    let (toml, md, report) = check("table-after-date", &docx(&body, None, &[]));
    assert!(md.contains("| 职工运动会 | 12000 |"), "{md}");
    assert!(
        toml.contains("date = 2024-01-05") && toml.contains("# 正文最后 1 段原在落款和日期之后"),
        "{toml}"
    );
    assert!(report.contains("PASS  tables: original 1"), "{report}");
}

#[test]
fn separate_paragraphs_stay_apart() {
    let numbering = r#"<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl></w:abstractNum><w:num w:numId="5"><w:abstractNumId w:val="1"/></w:num>"#;
    let bullet = |t: &str| p_with(r#"<w:numPr><w:ilvl w:val="0"/><w:numId w:val="5"/></w:numPr>"#, t);
    let body = [
        centred("关于开展项目自评的通知"),
        p("各小组"),
        p("为做好项目总结工作，现将有关事项通知如下"),
        p("1：复盘总结，在复盘过程中总结经验"),
        p("2：扬长避短，弥补弱点"),
        p("3：终身学习，提高业务水平"),
        bullet("提交自评报告"),
        bullet("提交互评表格"),
        p("网址：https://example.com/zipingbiao"),
        p("然后是问题"),
        p("小程序本身刚出来有很多开发坑就不赘述了"),
        p("特此通知。"),
    ]
    .concat();
    let (_, md, report) = check("glued", &docx(&body, Some(numbering), &[]));
    assert!(report.contains("PASS  paragraphs kept apart"), "{report}");
    for line in [
        "1：复盘总结，在复盘过程中总结经验",
        "网址：https://example.com/zipingbiao",
        "然后是问题",
        "特此通知。",
    ] {
        assert!(md.lines().any(|l| l.trim() == line), "`{line}` is not a paragraph of its own:\n{md}");
    }
}

#[test]
fn word_bullets_stay_items() {
    let numbering = r#"<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl></w:abstractNum><w:num w:numId="5"><w:abstractNumId w:val="1"/></w:num>"#;
    let bullet = |t: &str| p_with(r#"<w:numPr><w:ilvl w:val="0"/><w:numId w:val="5"/></w:numPr>"#, t);
    let body =
        [centred("工作计划"), p("本周要做的事"), bullet("提交自评报告"), bullet("提交互评表格"), filler(2)]
            .concat();
    let (toml, md, _) = check("bullets", &docx(&body, Some(numbering), &[]));
    assert!(md.contains("- 提交自评报告\n") && md.contains("- 提交互评表格"), "{md}\n{toml}");
}

/// A paragraph anchoring a text box, in both copies Word writes.
fn boxed(anchor: &str, inside: &str) -> String {
    boxed_xml(anchor, &p(inside))
}

/// [`boxed`] with the box's content as WordprocessingML (paragraphs, a table).
fn boxed_xml(anchor: &str, inside: &str) -> String {
    let content = format!("<w:txbxContent>{inside}</w:txbxContent>");
    format!(
        r#"<w:p><w:r><w:t xml:space="preserve">{anchor}</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><wp:docPr id="1" name="文本框 1"/><a:graphic><a:graphicData><wps:wsp><wps:txbx>{content}</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>{content}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"#
    )
}

#[test]
fn a_text_box_is_read_once_and_its_paragraph_kept() {
    let body = [
        boxed("", "★"),
        boxed("", "××市人民政府文件"),
        centred("××府〔2024〕3号"),
        centred("关于做好春季安全生产工作的通知"),
        p("各区县人民政府："),
        boxed("锚定文本框的这一段也有自己的文字。", "文本框里的一句说明文字。"),
        filler(4),
        p("××市人民政府"),
        p("2024年3月1日"),
    ]
    .concat();
    let (toml, md, _) = check("textbox", &docx(&body, None, &[]));
    assert_eq!(md.matches("文本框里的一句说明文字").count(), 1, "{md}");
    assert!(md.contains("锚定文本框的这一段也有自己的文字"), "{md}");
    assert!(toml.contains("title = \"关于做好春季安全生产工作的通知\""), "{toml}");
    // The 版头 and 主送 fill the 公文 fields (tests/it/import_word_gongwen.rs has more).
    assert!(toml.contains("\n[masthead]\n") && toml.contains("issuer = \"××市人民政府文件\""), "{toml}");
    assert!(toml.contains("# 版头标记“★”（第 1 段）：输入格式没有这一项，不印出"), "{toml}");
    assert!(toml.contains("addressee = \"各区县人民政府\""), "{toml}");
}

#[test]
fn two_documents_in_one_file_become_parts() {
    let body = [
        centred("2018年工作总结"),
        p("一、主要工作"),
        filler(4),
        p("二、存在的不足"),
        filler(3),
        p("总结者：张三"),
        p("时间：2019/1/2"),
        r#"<w:p><w:r><w:br w:type="page"/></w:r></w:p>"#.to_string(),
        centred("2019年工作计划"),
        p("一、指导思想"),
        filler(4),
        p("二、主要措施"),
        filler(3),
        p("张三"),
        p("2019年1月3日"),
    ]
    .concat();
    // Every sentence comes in: the date's label is the part's `date_label`, and the
    // labelled signer is its 落款 as written (both printed).
    let (toml, md, report) = check("two-documents", &docx(&body, None, &[]));
    assert!(report.contains("24/24 sentences"), "{report}");
    assert_eq!(toml.matches("\n[[part]]\n").count(), 2, "{toml}");
    assert!(
        toml.contains("[[part]]\ntitle = \"2018年工作总结\"") && toml.contains("title = \"2019年工作计划\""),
        "{toml}"
    );
    let label = "# 原文日期写作“时间：2019/1/2”：标签作为 date_label";
    assert!(
        toml.contains(&format!(
            "organization = \"总结者：张三\"\n{label}\ndate_label = \"时间：\"\ndate = 2019-01-02"
        )),
        "{toml}"
    );
    assert!(
        md.contains("###### 总结者：张三 {.signature}") && md.contains("###### 时间：2019年1月2日 {.date}"),
        "{md}"
    );
    assert!(toml.contains("date = 2019-01-03"), "{toml}");
    assert!(report.contains("TOML parts 2"), "{report}");
}

#[test]
fn decimal_and_chapter_headings_keep_their_levels() {
    let outline = |lvl: u8, t: &str| p_with(&format!(r#"<w:outlineLvl w:val="{lvl}"/>"#), t);
    let body = [
        outline(0, "工作计划"),
        outline(1, "1. 项目概述"),
        filler(1),
        outline(2, "1.1 背景"),
        filler(1),
        outline(2, "1.2 目标"),
        filler(1),
        outline(1, "2. 实施安排"),
        outline(2, "2.1 需求分析"),
        filler(1),
    ]
    .concat();
    let (toml, _, report) = check("decimal", &docx(&body, None, &[]));
    assert!(report.contains("sections L1/L2/L3/L4 2/3/0/0"), "{report}\n{toml}");
    let body = [
        centred("公文写作教程"),
        p("第一章 公文概述"),
        p("第一节 公文的含义"),
        p("一、公文的定义"),
        p("（一）广义的公文"),
        filler(1),
        p("（二）狭义的公文"),
        filler(1),
        p("二、公文的特点"),
        filler(1),
        p("第二节 公文的种类"),
        filler(1),
        p("第二章 公文的格式"),
        filler(1),
    ]
    .concat();
    let (toml, _, report) = check("chapters", &docx(&body, None, &[]));
    assert!(report.contains("sections L1/L2/L3/L4 2/2/2/2"), "{report}\n{toml}");
}

#[test]
fn typed_numbers_that_start_at_3_are_kept_as_typed() {
    let body = [
        centred("格式要求"),
        p("1．页面：A4纸，上边距3.7cm。"),
        p("2．标题：二号小标宋。"),
        p("二级标题用黑体，三级标题用楷体。"),
        p("3．序号：依次使用一、（一）1．（1）。"),
        p("4．正文：三号仿宋。"),
        p("5．页码：四号宋体。"),
        p("6．表格：小四号仿宋。"),
        p("7．插图：标题在图下方。"),
    ]
    .concat();
    let (toml, md, _) = check("typed-3-7", &docx(&body, None, &[]));
    for n in 3..=7 {
        assert!(md.lines().any(|l| l.starts_with(&format!("{n}．"))), "{n}． renumbered:\n{md}\n{toml}");
    }
}

#[test]
fn hard_wrapped_lines_are_joined_and_short_lines_are_not() {
    let full = "对于一些篇幅比较长而且又十分重要的公文来说就需要拟写出比较详细的写作提";
    let mut body = centred("公文写作");
    for _ in 0..6 {
        body += &p(full);
        body += &p("纲，然后才能起草正文。");
        body += &p("个人想法");
    }
    let (_, md, report) = check("wrapped", &docx(&body, None, &[]));
    assert_eq!(md.matches(&format!("{full}纲，然后才能起草正文。")).count(), 6, "{md}");
    assert_eq!(md.lines().filter(|l| l.trim() == "个人想法").count(), 6, "{md}");
    assert!(report.contains("PASS  paragraphs kept apart"), "{report}");
}

/// A 1 × 1 grey PNG (a build reads the pictures it names).
const PNG: &[u8] = b"\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\x00\x01\x00\x00\x00\x01\x08\x00\x00\x00\x00\x3a\x7e\x9b\x55\x00\x00\x00\x0a\x49\x44\x41\x54\x78\x9c\x63\x68\x00\x00\x00\x82\x00\x81\x77\xcd\x72\xb6\x00\x00\x00\x00\x49\x45\x4e\x44\xae\x42\x60\x82";

#[test]
fn pictures_come_in_as_files_and_references() {
    let pic = r#"<w:p><w:r><w:drawing><wp:inline><wp:docPr id="2" name="图片 2" descr="活动照片"/><a:graphic><a:graphicData><pic:pic><pic:blipFill><a:blip r:embed="rIdimage1.png"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"#;
    let body = [centred("活动总结"), filler(2), pic.to_string(), filler(1)].concat();
    let bytes = docx(&body, None, &[("image1.png", PNG)]);
    let i = import(Path::new("活动.docx"), &bytes).unwrap();
    assert_eq!(i.pictures, vec![("活动/image1.png".to_string(), PNG.to_vec())]);
    assert!(i.toml.contains("![活动照片](活动/image1.png)"), "{}", i.toml);
    let (_, _, report) = check("picture", &bytes);
    assert!(report.contains("PASS  pictures: original 1, Markdown 1"), "{report}");
    // The command writes them beside the TOML, never over a file.
    let dir = common::temp_dir("import-word", "picture-cli");
    std::fs::write(dir.join("F.docx"), &bytes).unwrap();
    std::fs::create_dir_all(dir.join("F")).unwrap();
    std::fs::write(dir.join("F/image1.png"), "mine").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_wengao"))
        .current_dir(&dir)
        .args(["import", "F.docx"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read(dir.join("F/image1.png")).unwrap(), b"mine");
    assert_eq!(std::fs::read(dir.join("F/image1-2.png")).unwrap(), PNG);
    let toml = std::fs::read_to_string(dir.join("F.toml")).unwrap();
    assert!(toml.contains("](F/image1-2.png)"), "{toml}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn encrypted_files_say_to_decrypt_them() {
    let mut tsd = b"%TSD-Header-###%".to_vec();
    tsd.extend([7u8; 200]);
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.extend([0; 64]);
    ole.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    for bytes in [tsd, ole] {
        let err = import(&PathBuf::from("机密.docx"), &bytes).err().expect("refused").to_string();
        assert!(
            err.contains("cannot import 机密.docx")
                && err.contains("encrypted: decrypt it in the software that protects it"),
            "{err}"
        );
    }
}

#[test]
fn ten_thousand_word_paragraphs_import_in_linear_time() {
    let mut body = centred("工作总结");
    for k in 0..10_000 {
        if k % 100 == 0 {
            body += &p(&format!("{}、第{}部分", wengao::numbering::chinese_count(k / 100 + 1), k / 100 + 1));
        }
        body += &p(&format!("第{k}段：{}", FILLER[k as usize % 4]));
    }
    let bytes = docx(&body, None, &[]);
    let t = std::time::Instant::now();
    let i = import(Path::new("big.docx"), &bytes).unwrap();
    eprintln!("10,000 Word paragraphs imported in {:?}", t.elapsed());
    assert_eq!(i.summary.sections[0], 100);
    assert_eq!(i.summary.paragraphs, 10_000);
}

/// A run citing note `id` (`footnote` or `endnote`).
fn note_ref(kind: &str, id: u32) -> String {
    format!(r#"<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:{kind}Reference w:id="{id}"/></w:r>"#)
}

/// The notes part of `kind` (`footnote`, `endnote`): its separators, then the notes (id, text) given.
fn notes_part(kind: &str, notes: &[(u32, &str)]) -> String {
    let mut xml = format!(
        r#"<w:{kind}s {W}><w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}><w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:{kind}>"#
    );
    for (id, text) in notes {
        xml += &format!(
            r#"<w:{kind} w:id="{id}"><w:p><w:r><w:{kind}Ref/></w:r><w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:{kind}>"#
        );
    }
    xml + &format!("</w:{kind}s>")
}

/// (importcheck does not take `[^1]` out of the Markdown: a note cited in
/// mid-sentence would count that sentence missing, so these cite at its end.)
#[test]
fn footnotes_and_endnotes_come_in_where_they_are_cited() {
    let cited = |before: &str, r: String, after: &str| {
        format!(r#"<w:p><w:r><w:t>{before}</w:t></w:r>{r}<w:r><w:t>{after}</w:t></w:r></w:p>"#)
    };
    let body = [
        centred("2024年工会工作总结"),
        p("一、主要工作"),
        cited("全年开展职工培训十二期，参训职工一千余人次", note_ref("footnote", 1), "。"),
        filler(2),
        p("二、经费使用"),
        cited("经费按预算执行", note_ref("endnote", 1), "。"),
        table(&[&["项目", "金额（元）"], &["培训", "12000"]]),
        p("××街道工会"),
        p("2024年12月30日"),
    ]
    .concat();
    let parts = [
        ("footnotes.xml", notes_part("footnote", &[(1, "含线上培训四期，由区总工会组织。")])),
        ("endnotes.xml", notes_part("endnote", &[(1, "经费决算表见街道财务科存档。")])),
    ];
    let parts: Vec<(&str, &str)> = parts.iter().map(|(n, x)| (*n, x.as_str())).collect();
    let (toml, md, report) = check("notes", &docx_with(&body, None, &[], &parts));
    assert!(report.contains("2 note paragraphs"), "{report}");
    assert!(md.contains("全年开展职工培训十二期，参训职工一千余人次[^1]。"), "{md}");
    assert!(md.contains("[^1]: 含线上培训四期，由区总工会组织。"), "{md}");
    assert!(md.contains("经费按预算执行[^2]。") && md.contains("[^2]: 经费决算表见街道财务科存档。"), "{md}");
    // The separators are no notes; each note once.
    assert_eq!(toml.matches("[^1]:").count(), 1, "{toml}");
    assert_eq!(toml.matches("[^").count(), 4, "{toml}");
}

/// A title and a heading cannot cite a note (they are plain values): the
/// reference goes, the note's text comes in as a paragraph `注：…` after them.
#[test]
fn a_note_cited_by_the_title_or_a_heading_keeps_its_text() {
    let cited = |ppr: &str, text: &str, r: String| {
        format!(r#"<w:p><w:pPr>{ppr}</w:pPr><w:r><w:t>{text}</w:t></w:r>{r}</w:p>"#)
    };
    let body = [
        cited(r#"<w:jc w:val="center"/>"#, "2024年工会工作总结", note_ref("footnote", 1)),
        p("（2024年12月30日在职工代表大会上）"),
        filler(1),
        cited("", "一、主要工作", note_ref("footnote", 2)),
        p("全年开展职工培训十二期，参训职工一千余人次。"),
        filler(2),
        p("××街道工会"),
        p("2024年12月30日"),
    ]
    .concat();
    let part = notes_part("footnote", &[(1, "本文由街道工会办公室整理。"), (2, "统计截至11月底。")]);
    let (toml, md, report) = check("title-note", &docx_with(&body, None, &[], &[("footnotes.xml", &part)]));
    assert!(report.contains("2 note paragraphs"), "{report}");
    assert!(!toml.contains("[^"), "{toml}");
    assert!(toml.contains("title = \"2024年工会工作总结\"\n"), "{toml}");
    assert!(toml.contains("subtitle = \"（2024年12月30日在职工代表大会上）\""), "{toml}");
    assert!(
        toml.contains("[[section]]\ntitle = \"主要工作\"\ntext = \"\"\"\n注：统计截至11月底。"),
        "{toml}"
    );
    assert!(md.lines().any(|l| l == "注：本文由街道工会办公室整理。"), "{md}");
}

/// Tests of the second round: indentation, Word's `(1)`, 附件 after a table,
/// decimal headings without a separator, comment placement, labelled dates.
#[path = "import_word_shape.rs"]
mod shape;

/// A 公文 template: its 版头, 主送, 附注 and 版记 fill the input's fields.
#[path = "import_word_gongwen.rs"]
mod gongwen;
