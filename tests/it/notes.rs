//! Footnotes: `[^1]` and `[^1]: …` print in the PDF, the DOCX and the HTML.
//!
//! A document cites two notes on its first page and one far down, on its second:
//! the PDF prints each at the foot of the page that cites it, numbered ① ② and
//! from ① again on the next page, under a short rule, with the body still on the
//! grid (pdfcheck); the DOCX has real Word footnotes numbered per page; the HTML
//! links each mark to its note at the end.

use crate::common::{self, root, tool};
use std::io::Read;
use std::process::Command;
use wengao::format::Format;
use wengao::pipeline::build_file;
use wengao::render::Templates;

fn document(dir: &std::path::Path) -> std::path::PathBuf {
    let body = "工会组织职工开展各类文体活动，丰富职工业余文化生活，增强了队伍的凝聚力和向心力。";
    let toml = format!(
        "title = \"2026年工会工作总结\"\nkind = \"summary\"\norganization = \"某某区总工会\"\ndate = 2026-12-01\n\n\
         [[section]]\ntitle = \"基本情况\"\ntext = \"\"\"\n全年发展会员一百二十人[^a]，会员总数达到一千三百人[^b]。\n\n{}\n\n\
         年末完成职工之家验收[^c]。\n\n{}\n\n\
         [^a]: 数据来自工会统计年报。\n[^b]: 含离退休会员。\n[^c]: 验收由区总工会组织。\n\"\"\"\n",
        body.repeat(14),
        body.repeat(3)
    );
    let path = dir.join("notes.toml");
    std::fs::write(&path, toml).unwrap();
    path
}

#[test]
fn notes_print_at_the_foot_of_the_page_that_cites_them() {
    let dir = common::temp_dir("notes", "all");
    let path = document(&dir);
    let templates = Templates::load(None).unwrap();
    let built = build_file(&path, &templates, &[Format::Pdf, Format::Docx, Format::Html])
        .unwrap_or_else(|r| panic!("{r}"));
    let pdf = dir.join("notes.pdf");
    std::fs::write(&pdf, &built.products[0].bytes).unwrap();
    let page =
        |n: &str| tool(Command::new("pdftotext").args(["-f", n, "-l", n, "-layout"]).arg(&pdf).arg("-"));
    let (one, two) = (page("1"), page("2"));
    assert!(one.contains("一百二十人①") && one.contains("一千三百人②"), "{one}");
    assert!(one.contains("① 数据来自工会统计年报。") && one.contains("② 含离退休会员。"), "{one}");
    assert!(two.contains("验收①") && two.contains("① 验收由区总工会组织。"), "numbering restarts:\n{two}");
    assert!(!one.contains("验收由区总工会组织") && !two.contains("含离退休会员"), "each note on its page");
    let out = Command::new("python3").arg(root().join("tests/pdfcheck.py")).arg(&pdf).output().unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success() && report.contains(" 0 failed"), "pdfcheck:\n{report}");
    // DOCX: Word footnotes, numbered ① ② per page by Word.
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&built.products[1].bytes)).unwrap();
    let mut part = |name: &str| {
        let mut s = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    };
    let (notes, document) = (part("word/footnotes.xml"), part("word/document.xml"));
    assert_eq!(notes.matches("<w:footnoteRef/>").count(), 3);
    assert!(notes.contains("数据来自工会统计年报。"));
    for id in 1..=3 {
        assert!(document.contains(&format!("<w:footnoteReference w:id=\"{id}\"/>")), "reference {id}");
    }
    assert!(document
        .contains("<w:numFmt w:val=\"decimalEnclosedCircleChinese\"/><w:numRestart w:val=\"eachPage\"/>"));
    assert!(part("word/_rels/document.xml.rels").contains("Target=\"footnotes.xml\""));
    // HTML: linked both ways.
    let html = String::from_utf8(built.products[2].bytes.clone()).unwrap();
    assert!(html.contains("<a href=\"#fn-a\" id=\"fnref-a\">[a]</a>"));
    assert!(
        html.contains("id=\"fn-a\"") && html.contains("<a href=\"#fnref-a\">[a]</a> 数据来自工会统计年报。")
    );
    std::fs::remove_dir_all(&dir).ok();
}
