//! PDF checks on the samples: the layout measured by tests/pdfcheck.py (a copy of
//! shared/tools/pdfcheck.py), the PDF text against the Markdown text (pdftotext),
//! missing-glyph warnings, and byte-identical output for identical input.
//!
//! Needs python3 with pdfplumber and poppler-utils (pdftotext, pdffonts): `.ci/run`
//! installs them. Without them these tests fail with a message saying so.

use crate::common;

use common::{assert_same_text, markdown_text, pdf_text, root, squash, tool};
use std::path::{Path, PathBuf};
use std::process::Command;
use wengao::format::Format;
use wengao::markdown::{self, Role};
use wengao::pipeline::build_file;
use wengao::render::Templates;

fn temp_dir(name: &str) -> PathBuf {
    common::temp_dir("pdf", name)
}

/// Builds a sample's Markdown and PDF in-process; writes the PDF to `dir`.
fn build(sample: &str, dir: &Path) -> (String, PathBuf) {
    let templates = Templates::load(None).unwrap();
    let built = build_file(&root().join("samples").join(sample), &templates, &[Format::Md, Format::Pdf])
        .unwrap_or_else(|r| panic!("{r}"));
    let md = String::from_utf8(built.products[0].bytes.clone()).unwrap();
    let pdf = dir.join(sample.replace(".toml", ".pdf"));
    std::fs::write(&pdf, &built.products[1].bytes).unwrap();
    (md, pdf)
}

fn pdfcheck(pdf: &Path, expect: Option<&Path>) -> String {
    let mut cmd = Command::new("python3");
    cmd.arg(root().join("tests/pdfcheck.py")).arg(pdf);
    if let Some(e) = expect {
        cmd.arg("--expect").arg(e);
    }
    let out = cmd.output().expect("python3 must be installed");
    let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "pdfcheck failed for {}:\n{text}", pdf.display());
    text
}

#[test]
fn samples_pass_the_layout_checks_and_keep_their_text() {
    let dir = temp_dir("samples");
    for sample in ["union-plans-collection.toml", "school-plan.toml", "school-summary.toml"] {
        let (md, pdf) = build(sample, &dir);
        // Every block of the Markdown must start in the PDF, in order (its first ten
        // characters: they sit on one line, so no page number can come between).
        let expect = dir.join(sample.replace(".toml", ".expect.txt"));
        let lines: Vec<String> = markdown::parse(&md)
            .iter()
            .filter(|b| !matches!(b.role, Role::Toc | Role::TocEntry { .. } | Role::Table))
            .map(|b| squash(&b.plain_text()).chars().take(10).collect())
            .collect();
        std::fs::write(&expect, lines.join("\n")).unwrap();
        let report = pdfcheck(&pdf, Some(&expect));
        assert!(report.contains(" 0 failed"), "{report}");
        assert!(report.contains("PASS  expected text present, in order"), "{report}");
        // The whole text, character for character (page numbers, the 目录 and the
        // header row a table repeats on a new page left out).
        assert_same_text(sample, &markdown_text(&md), &pdf_text(&pdf, &md));
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn fonts_are_embedded_as_subsets_and_the_file_stays_small() {
    let dir = temp_dir("fonts");
    let (_, pdf) = build("union-plans-collection.toml", &dir);
    let fonts = tool(Command::new("pdffonts").arg(&pdf));
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "{fonts}");
    for row in &rows {
        let name = row.split_whitespace().next().unwrap();
        assert!(name.len() > 7 && name.as_bytes()[6] == b'+', "not a subset: {row}");
    }
    let size = std::fs::metadata(&pdf).unwrap().len();
    assert!(size < 1_000_000, "PDF is {size} bytes");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let dir = temp_dir("determinism");
    let (_, a) = build("school-plan.toml", &dir);
    let first = std::fs::read(&a).unwrap();
    let (_, b) = build("school-plan.toml", &dir);
    assert_eq!(first, std::fs::read(&b).unwrap());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_character_no_font_has_is_reported_not_dropped() {
    let dir = temp_dir("missing");
    let input = dir.join("rare.toml");
    // U+10FFFD (private use, plane 16) is in no font, bundled or on the machine.
    std::fs::write(&input, "title = \"计划\"\npreface = \"张\u{10FFFD}同志负责。\"\n").unwrap();
    let templates = Templates::load(None).unwrap();
    let built = build_file(&input, &templates, &[Format::Pdf]).unwrap_or_else(|r| panic!("{r}"));
    let text: Vec<String> = built.warnings.iter().map(|w| w.to_string()).collect();
    let joined = text.join("\n");
    assert!(joined.contains("U+10FFFD"), "{joined}");
    assert!(joined.contains("rare.toml:2:"), "{joined}");
    std::fs::remove_dir_all(&dir).ok();
}

/// 𠮷 (U+20BB7, CJK Ext-B, in many a name) is in no bundled face: it comes from
/// the machine's fonts (`.ci/run` installs fonts-noto-cjk), embedded like the rest,
/// in the PDF and in the HTML's embedded faces, and it is no warning.
#[test]
fn a_rare_character_comes_from_the_machines_fonts() {
    let dir = temp_dir("system");
    let input = dir.join("name.toml");
    std::fs::write(&input, "title = \"计划\"\npreface = \"由吉老师（\u{20BB7}田）负责。\"\n").unwrap();
    let (face, _) = wengao::fonts::system_face_for('\u{20BB7}')
        .expect("no font on this machine has 𠮷 (U+20BB7): apt-get install fonts-noto-cjk (see .ci/run)");
    let templates = Templates::load(None).unwrap();
    let built =
        build_file(&input, &templates, &[Format::Html, Format::Pdf]).unwrap_or_else(|r| panic!("{r}"));
    assert!(
        built.warnings.is_empty(),
        "{:?}",
        built.warnings.iter().map(|w| w.to_string()).collect::<Vec<_>>()
    );
    let pdf = dir.join("name.pdf");
    std::fs::write(&pdf, &built.products[1].bytes).unwrap();
    assert!(squash(&pdf_text(&pdf, "")).contains("\u{20BB7}田"), "the PDF's text has 𠮷");
    let fonts = tool(Command::new("pdffonts").arg(&pdf));
    let ps = face.postscript_name.replace(' ', "");
    assert!(fonts.contains(&ps), "{ps} embedded:\n{fonts}");
    let html = String::from_utf8(built.products[0].bytes.clone()).unwrap();
    assert!(html.contains("unicode-range: U+20BB7"), "the HTML embeds a subset with 𠮷");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn bookmarks_and_metadata_are_filled() {
    let dir = temp_dir("meta");
    let (_, pdf) = build("school-plan.toml", &dir);
    let info = tool(Command::new("pdfinfo").arg(&pdf));
    assert!(info.contains("Title:"), "{info}");
    assert!(info.contains("××市实验小学工会"), "author missing:\n{info}");
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.windows(9).any(|w| w == b"/Outlines"), "no bookmarks");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn standalone_html_embeds_subsets_of_the_pdf_faces() {
    let templates = Templates::load(None).unwrap();
    let built = build_file(&root().join("samples/school-plan.toml"), &templates, &[Format::Md, Format::Html])
        .unwrap_or_else(|r| panic!("{r}"));
    let md = String::from_utf8(built.products[0].bytes.clone()).unwrap();
    let html = String::from_utf8(built.products[1].bytes.clone()).unwrap();
    for family in ["wengao-title", "wengao-fang", "wengao-hei", "wengao-kai"] {
        let rule = format!("font-family: \"{family}\"; src: url(\"data:font/otf;base64,");
        assert!(html.contains(&rule), "no embedded {family}");
    }
    // The body subset draws every character of the body text, and is a small font.
    let start = html.find("font-family: \"wengao-fang\"; src: url(\"data:font/otf;base64,").unwrap();
    let data = &html[start..];
    let data = &data[data.find("base64,").unwrap() + 7..];
    let data = &data[..data.find('"').unwrap()];
    let bytes = decode_base64(data);
    assert!(bytes.len() < 1_500_000, "body subset is {} bytes", bytes.len());
    let face = ttf_parser::Face::parse(&bytes, 0).expect("the subset is a font");
    let body: String = markdown::parse(&md)
        .iter()
        .filter(|b| matches!(b.role, Role::Paragraph | Role::ListItem { .. }))
        .map(|b| b.plain_text())
        .collect();
    let missing: Vec<char> =
        body.chars().filter(|c| !c.is_whitespace() && face.glyph_index(*c).is_none()).collect();
    assert!(missing.is_empty(), "the body subset lacks {missing:?}");
}

fn decode_base64(s: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let clean: Vec<u8> = s.bytes().filter(|&c| c != b'=').collect();
    let mut out = Vec::new();
    for chunk in clean.chunks(4) {
        let mut n = 0u32;
        for (k, c) in chunk.iter().enumerate() {
            n |= (value(*c) as u32) << (18 - 6 * k);
        }
        for k in 0..chunk.len().saturating_sub(1) {
            out.push((n >> (16 - 8 * k)) as u8);
        }
    }
    out
}

#[test]
fn a_long_document_is_written_chunk_by_chunk_and_reads_whole() {
    // Over 64 pages: the PDF writer converts and deflates the pages in chunks
    // and writes each chunk's pages into the file before the next is drawn.
    let dir = temp_dir("long");
    let mut toml =
        String::from("title = \"长文档工作计划\"\norganization = \"××小学工会\"\ndate = 2024-12-28\n");
    for i in 1..=1000 {
        toml.push_str(&format!(
            "[[section]]\ntitle = \"第{i}项工作\"\ntext = \"以新时代思想为指导，深入学习贯彻会议精神，开展第{i}项专题学习教育和交流研讨。\"\n"
        ));
    }
    let input = dir.join("long.toml");
    std::fs::write(&input, toml).unwrap();
    let templates = Templates::load(None).unwrap();
    let built = build_file(&input, &templates, &[Format::Md, Format::Pdf]).unwrap_or_else(|r| panic!("{r}"));
    let md = String::from_utf8(built.products[0].bytes.clone()).unwrap();
    let pdf = dir.join("long.pdf");
    std::fs::write(&pdf, &built.products[1].bytes).unwrap();
    let info = tool(Command::new("pdfinfo").arg(&pdf));
    let pages: usize = info.lines().find_map(|l| l.strip_prefix("Pages:")).unwrap().trim().parse().unwrap();
    assert!(pages > 2 * 64, "{pages} pages: the test must span several chunks");
    let check = tool(Command::new("qpdf").arg("--check").arg(&pdf));
    assert!(check.contains("No syntax or stream encoding errors"), "{check}");
    // Every page in order (the page numbers are read from each page), every word.
    for n in [1, 64, 65, 129, pages] {
        let text = tool(
            Command::new("pdftotext").args(["-f", &n.to_string(), "-l", &n.to_string()]).arg(&pdf).arg("-"),
        );
        assert!(squash(&text).contains(&format!("—{n}—")), "page {n} does not carry its number:\n{text}");
    }
    assert_same_text("long", &markdown_text(&md), &pdf_text(&pdf, &md));
    let outline = tool(Command::new("qpdf").arg("--json").arg("--json-key=outlines").arg(&pdf));
    assert_eq!(outline.matches("\"title\":").count(), 1 + 1000, "a bookmark for the title and each section");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_long_collection_gets_its_toc_numbers_though_its_pages_are_not_kept() {
    // Over 128 pages with a 目录: the pages are drawn as they are filled, the
    // 目录 pages (whose numbers are known only at the end) last, and put back in
    // their place in the page tree.
    let dir = temp_dir("long-toc");
    let mut toml = String::from("title = \"长汇编工作计划\"\n");
    for p in 1..=30 {
        toml.push_str(&format!("\n[[part]]\ntitle = \"第{p}所学校工作计划\"\n"));
        for i in 1..=30 {
            toml.push_str(&format!(
                "[[part.section]]\ntitle = \"第{i}项工作\"\ntext = \"以新时代思想为指导，深入学习贯彻会议精神，开展第{i}项专题学习教育和交流研讨。\"\n"
            ));
        }
    }
    let input = dir.join("long.toml");
    std::fs::write(&input, toml).unwrap();
    let templates = Templates::load(None).unwrap();
    let built = build_file(&input, &templates, &[Format::Pdf]).unwrap_or_else(|r| panic!("{r}"));
    let pdf = dir.join("long.pdf");
    std::fs::write(&pdf, &built.products[0].bytes).unwrap();
    let check = tool(Command::new("qpdf").arg("--check").arg(&pdf));
    assert!(check.contains("No syntax or stream encoding errors"), "{check}");
    let pages = common::pdf_pages(&pdf, common::Order::Raw);
    assert!(pages.len() > 2 * 64, "{} pages: the test must span several chunks", pages.len());
    let toc: String = pages.iter().take_while(|p| !p.contains("以新时代")).map(|p| squash(p)).collect();
    assert!(toc.contains("目录"), "the 目录 comes before the parts");
    // Each part's entry shows the page its title opens.
    for p in [1, 2, 15, 30] {
        let title = format!("第{p}所学校工作计划");
        let at = pages
            .iter()
            .position(|page| squash(page).starts_with(&title))
            .unwrap_or_else(|| panic!("{title}"));
        let entry = format!("{title}{}", wengao::numbering::part_label(p));
        let number = toc.split(&entry).nth(1).unwrap_or_else(|| panic!("{entry} in the 目录:\n{toc}"));
        assert!(
            number.starts_with(&(at + 1).to_string()),
            "{entry}: page {} expected, 目录 says {number:.20}",
            at + 1
        );
    }
    // Every page in order: each carries its own number.
    let numbered = tool(Command::new("pdftotext").arg("-raw").arg(&pdf).arg("-"));
    for (n, page) in numbered.split('\u{c}').filter(|p| !p.trim().is_empty()).enumerate() {
        assert!(squash(page).contains(&format!("—{}—", n + 1)), "page {} is out of place:\n{page}", n + 1);
    }
    std::fs::remove_dir_all(&dir).ok();
}
