//! One typeset for PDF and DOCX: the DOCX follows the typesetter's decisions —
//! its 目录 has the PDF's page numbers whatever formats are asked for and in
//! whatever order, its titles break where the PDF's do, its table columns have the
//! PDF's measured proportions.
//!
//! Needs poppler-utils (pdftotext) and python3 with pdfplumber: `.ci/run` installs them.

use crate::common;

use common::{root, squash, tool};
use std::path::Path;
use std::process::Command;
use wengao::format::Format;
use wengao::pipeline::build_loaded;
use wengao::render::Templates;

/// Builds `loaded` in `formats` and returns the bytes of each, in that order.
fn build(loaded: &wengao::input::Loaded, formats: &[Format]) -> Vec<Vec<u8>> {
    let templates = Templates::load(None).unwrap();
    let built = build_loaded(loaded, &templates, formats).unwrap_or_else(|r| panic!("{r}"));
    assert_eq!(built.products.iter().map(|p| p.format).collect::<Vec<_>>(), formats);
    built.products.into_iter().map(|p| p.bytes).collect()
}

/// A document from TOML text.
fn parse(toml: &str) -> wengao::input::Loaded {
    wengao::input::parse(Path::new("typeset-test.toml"), toml.as_bytes()).unwrap_or_else(|r| panic!("{r}"))
}

/// `word/document.xml` of a DOCX.
fn document_xml(docx: &[u8]) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut s = String::new();
    zip.by_name("word/document.xml").unwrap().read_to_string(&mut s).unwrap();
    s
}

/// The text of the `<w:t>` elements of an XML fragment.
fn text_of(xml: &str) -> String {
    xml.split("<w:t")
        .skip(1)
        .filter_map(|p| p.split_once('>'))
        .map(|(_, rest)| rest.split("</w:t>").next().unwrap())
        .collect()
}

/// The page numbers at the ends of the DOCX's 目录 lines (the TOC field's result).
fn docx_toc_numbers(xml: &str) -> Vec<String> {
    xml.split("<w:pStyle w:val=\"TOC")
        .skip(1)
        .filter(|p| p.starts_with(['1', '2']))
        .map(|p| text_of(p.split("</w:p>").next().unwrap().rsplit("<w:tab/>").next().unwrap()))
        .collect()
}

/// The page numbers at the ends of the lines of the PDF's 目录 page (page 2).
fn pdf_toc_numbers(pdf: &Path) -> Vec<String> {
    common::pdf_pages(pdf, common::Order::Layout)[1]
        .lines()
        .filter_map(|l| {
            l.trim_end()
                .rsplit(|c: char| !c.is_ascii_digit())
                .next()
                .filter(|n| !n.is_empty())
                .map(String::from)
        })
        .collect()
}

#[test]
fn the_docx_toc_has_the_pdf_page_numbers_whatever_formats_are_asked_for() {
    let dir = common::temp_dir("typeset", "toc");
    let loaded = wengao::input::load(&root().join("samples/union-plans-collection.toml")).unwrap();
    let pdf_first = build(&loaded, &[Format::Pdf, Format::Docx]);
    let docx_first = build(&loaded, &[Format::Docx, Format::Pdf]);
    let docx_alone = build(&loaded, &[Format::Docx]);
    let pdf = dir.join("collection.pdf");
    std::fs::write(&pdf, &pdf_first[0]).unwrap();
    let pdf_numbers = pdf_toc_numbers(&pdf);
    // The 目录 lists six 篇 and their headings, over more than one page.
    assert!(pdf_numbers.len() > 6, "{pdf_numbers:?}");
    assert!(pdf_numbers.iter().any(|n| n != "3"), "{pdf_numbers:?}");
    assert_eq!(docx_first[1], pdf_first[0], "the PDF depends on the order of the formats");
    for (what, docx) in [("pdf,docx", &pdf_first[1]), ("docx,pdf", &docx_first[0]), ("docx", &docx_alone[0])]
    {
        assert_eq!(docx_toc_numbers(&document_xml(docx)), pdf_numbers, "-f {what}");
    }
    std::fs::remove_dir_all(&dir).ok();
}

/// A title in two written lines; the second is longer than a line of 2号 type.
const LONG_TITLE: &str = r#"
title = """
××街道
街道工会工作总结及明年工作计划 工会的工作计划
"""
organization = "××街道工会"
date = 2024-01-02

[[section]]
title = "总体要求"
text = "认真做好各项工作。"
"#;

#[test]
fn a_long_title_breaks_in_the_docx_where_it_breaks_in_the_pdf() {
    let dir = common::temp_dir("typeset", "title");
    let products = build(&parse(LONG_TITLE), &[Format::Pdf, Format::Docx]);
    let pdf = dir.join("title.pdf");
    std::fs::write(&pdf, &products[0]).unwrap();
    // The PDF's first page: the title's lines, a blank line, the body.
    let first_page = &common::pdf_pages(&pdf, common::Order::Layout)[0];
    let pdf_lines: Vec<String> = first_page.lines().map(squash).take_while(|l| !l.is_empty()).collect();
    // The DOCX's title paragraph: the author's break is <w:br/>, the typesetter's <w:cr/>.
    let xml = document_xml(&products[1]);
    let title = xml.split("<w:pStyle w:val=\"Title\"/>").nth(1).unwrap().split("</w:p>").next().unwrap();
    let mut breaks: Vec<(usize, &str)> =
        title.match_indices("<w:br/>").chain(title.match_indices("<w:cr/>")).collect();
    breaks.sort();
    let breaks: Vec<&str> = breaks.into_iter().map(|(_, b)| b).collect();
    assert_eq!(breaks, ["<w:br/>", "<w:cr/>"], "{title}");
    let docx_lines: Vec<String> = title
        .replace("<w:br/>", "\n")
        .replace("<w:cr/>", "\n")
        .lines()
        .map(|l| squash(&text_of(l)))
        .collect();
    assert_eq!(pdf_lines.len(), 3, "{first_page}");
    assert_eq!(docx_lines, pdf_lines);
    // The space the break fell on stays in the DOCX (at the end of the upper line):
    // its text is still the title's.
    assert_eq!(text_of(title), "××街道街道工会工作总结及明年工作计划 工会的工作计划");
    std::fs::remove_dir_all(&dir).ok();
}

/// A table whose columns hold the same number of characters: Latin digits,
/// Latin capitals (wider than half a character each) and Chinese.
const TABLE: &str = r#"
title = "表格测试"
organization = "××小学工会"
date = 2024-01-02

[[section]]
title = "登记表"
text = """
| 编号 | 代码 | 名称 |
| --- | --- | --- |
| 20240101 | MWMWMWMW | 全体教职工代表大 |
| 20240102 | WMWMWMWM | 工会经费审查委员 |
"""
"#;

#[test]
fn the_docx_table_columns_have_the_pdf_measured_proportions() {
    let dir = common::temp_dir("typeset", "table");
    let products = build(&parse(TABLE), &[Format::Pdf, Format::Docx]);
    let pdf = dir.join("table.pdf");
    std::fs::write(&pdf, &products[0]).unwrap();
    // The x of every vertical rule on the page (pdfplumber's lines).
    let script = "import pdfplumber,sys\np=pdfplumber.open(sys.argv[1]).pages[0]\n\
                  print(' '.join(str(x) for x in sorted({round(l['x0'],3) for l in p.lines if abs(l['x0']-l['x1'])<0.01})))";
    let out = tool(Command::new("python3").args(["-c", script]).arg(&pdf));
    let rules: Vec<f64> =
        out.split_whitespace().map(|x| x.parse().unwrap_or_else(|_| panic!("{out}"))).collect();
    assert_eq!(rules.len(), 4, "three columns: {out}");
    let total = rules[3] - rules[0];
    let pdf_shares: Vec<f64> = rules.windows(2).map(|w| (w[1] - w[0]) / total).collect();
    let xml = document_xml(&products[1]);
    let grid: Vec<f64> = xml
        .split("<w:gridCol w:w=\"")
        .skip(1)
        .map(|g| g.split('"').next().unwrap().parse().unwrap())
        .collect();
    let sum: f64 = grid.iter().sum();
    let docx_shares: Vec<f64> = grid.iter().map(|w| w / sum).collect();
    // Measured, the capitals' column is wider than the digits' (a count of
    // characters makes them equal) and narrower than the Chinese one.
    assert!(pdf_shares[1] > pdf_shares[0] + 0.03 && pdf_shares[2] > pdf_shares[1], "{pdf_shares:?}");
    for (k, (d, p)) in docx_shares.iter().zip(&pdf_shares).enumerate() {
        assert!((d - p).abs() < 0.001, "column {k}: DOCX {docx_shares:?}, PDF {pdf_shares:?}");
    }
    std::fs::remove_dir_all(&dir).ok();
}
