//! Nothing written is dropped in silence: a document using every CommonMark and
//! GFM construct builds to Markdown, HTML, PDF and DOCX, and every piece of its
//! text is in every output, or a warning names it.
//!
//! Each piece carries a word found nowhere else (甲, 乙, …) so that its presence
//! can be checked by search, whitespace ignored (the PDF breaks lines anywhere).

use crate::common::{self, squash, tool};
use std::io::Read;
use std::process::Command;
use wengao::format::Format;
use wengao::pipeline::build_file;
use wengao::render::Templates;

/// One of every construct: (the Markdown, the text that must print or be warned about).
const PIECES: &[(&str, &str)] = &[
    ("### 三级标题甲", "三级标题甲"),
    ("Setext标题乙\n-----------", "Setext标题乙"),
    ("段落丙，**粗体丁**，*斜体戊*，`代码己`，~~删除庚~~。", "段落丙，粗体丁，斜体戊，代码己，删除庚。"),
    ("[链接辛](https://example.org/xin) 与 <https://example.org/auto>", "链接辛"),
    ("<https://example.org/auto>", "https://example.org/auto"),
    ("硬换行壬  \n续行癸。", "续行癸。"),
    ("> 引用子丑", "引用子丑"),
    ("- 列表寅卯\n  1. 有序辰巳", "列表寅卯"),
    ("- 列表午\n  1. 有序未申", "有序未申"),
    ("- [ ] 任务酉戌", "任务酉戌"),
    ("    缩进代码亥一", "缩进代码亥一"),
    ("```text\n围栏代码二三\n```", "围栏代码二三"),
    ("***", ""),
    ("| 表头四五 | 表头六七 |\n|:--|--:|\n| 单元八九 | 单元十百 |", "单元八九"),
    ("<div>原始块千万</div>", "原始块千万"),
    ("行内<span>原始亿兆</span>。", "原始亿兆"),
    ("注释京[^n]。\n\n[^n]: 脚注垓秭。", "脚注垓秭"),
    ("实体穰&amp;沟&copy;", "实体穰&沟©"),
    ("\\*转义涧\\*", "*转义涧*"),
    ("数学正$x^2$载", "数学正$x^2$载"),
    // A picture prints as itself (tests/it/pictures.rs checks it in every output).
    ("![图片](b.png)", ""),
];

#[test]
fn every_construct_prints_or_is_warned_about() {
    let dir = common::temp_dir("constructs", "all");
    let text: Vec<&str> = PIECES.iter().map(|(md, _)| *md).collect();
    let toml = format!(
        "title = \"构造总表\"\norganization = \"某工会\"\ndate = 2026-12-01\n\n[[section]]\ntitle = \"全部构造\"\ntext = '''\n{}\n'''\n",
        text.join("\n\n")
    );
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\0\0\0\0:~\x9bU\0\0\0\nIDATx\x9cch\0\0\0\x82\0\x81w\xcdr\xb6\0\0\0\0IEND\xaeB`\x82";
    std::fs::write(dir.join("b.png"), png).unwrap();
    let path = dir.join("all.toml");
    std::fs::write(&path, toml).unwrap();
    let templates = Templates::load(None).unwrap();
    let formats = [Format::Md, Format::Html, Format::Pdf, Format::Docx];
    let built = build_file(&path, &templates, &formats).unwrap_or_else(|r| panic!("{r}"));
    let warnings = squash(&built.warnings.iter().map(|w| w.to_string()).collect::<String>());
    let md = squash(&common::markdown_text(&String::from_utf8(built.products[0].bytes.clone()).unwrap()));
    let html = squash(&html_text(&String::from_utf8(built.products[1].bytes.clone()).unwrap()));
    std::fs::write(dir.join("all.pdf"), &built.products[2].bytes).unwrap();
    let pdf = squash(&tool(Command::new("pdftotext").arg(dir.join("all.pdf")).arg("-")));
    let docx = squash(&docx_all_text(&built.products[3].bytes));
    let images = tool(Command::new("pdfimages").arg("-list").arg(dir.join("all.pdf")));
    assert_eq!(images.lines().count(), 3, "one picture:\n{images}");
    let mut missing = Vec::new();
    for (_, want) in PIECES.iter().filter(|(_, w)| !w.is_empty()) {
        let want = squash(want);
        for (name, out) in [("Markdown", &md), ("HTML", &html), ("PDF", &pdf), ("DOCX", &docx)] {
            if !out.contains(&want) && !warnings.contains(&want) {
                missing.push(format!("{name}: {want}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "neither printed nor warned about:\n{}\nwarnings:\n{warnings}",
        missing.join("\n")
    );
    // What does not print as written is warned about, at its place.
    for expected in ["rawHTML", "https://example.org/xin", "斜体戊", "删除庚"] {
        assert!(warnings.contains(expected), "no warning about {expected}:\n{warnings}");
    }
    assert!(warnings.contains("all.toml:"), "{warnings}");
    std::fs::remove_dir_all(&dir).ok();
}

/// The text of an HTML page: tags removed, the few entities the writer uses decoded.
fn html_text(html: &str) -> String {
    let body = html.split("<body").nth(1).unwrap_or(html);
    let mut out = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The text of the DOCX's body and its footnotes.
fn docx_all_text(docx: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut notes = String::new();
    if let Ok(mut part) = zip.by_name("word/footnotes.xml") {
        part.read_to_string(&mut notes).unwrap();
    }
    let notes: String = notes
        .split("<w:t")
        .skip(1)
        .filter_map(|p| p.split_once('>').map(|x| x.1.split("</w:t>").next().unwrap_or("").to_string()))
        .collect();
    common::docx_text(docx) + &notes
}
