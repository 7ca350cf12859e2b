//! Picture rows: two or three images side by side in one paragraph print as a row
//! (a 照片选编 page) in the PDF, the DOCX and the HTML.
//!
//! Checked: in the PDF the pictures of a row share their top and height, stand
//! left to right without overlapping inside the type area, and their captions
//! are on the same page under them (a row that does not fit waits for the next
//! page whole); the DOCX holds them in one borderless table row that cannot split,
//! at the PDF's sizes; the HTML in one flex row.

use crate::common::{self, tool};
use crate::pictures::{build, text, write_jpeg, zip_part};
use std::path::Path;
use std::process::Command;
use wengao::format::Format;

/// A `w` × `h` JPEG of one colour, made by PIL.
pub(crate) fn write_photo(path: &Path, w: u32, h: u32) {
    let script = "import sys\nfrom PIL import Image\n\
                  Image.new('RGB', (int(sys.argv[2]), int(sys.argv[3])), (40, 120, 200)).save(sys.argv[1])\n";
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(path)
        .arg(w.to_string())
        .arg(h.to_string())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// The pictures a PDF draws, by pdfplumber: (page, x0, top, width, height) in points.
pub(crate) fn image_boxes(pdf: &Path) -> Vec<(usize, f32, f32, f32, f32)> {
    let script = "import sys, pdfplumber\n\
                  for n, p in enumerate(pdfplumber.open(sys.argv[1]).pages, 1):\n\
                  \x20   for i in p.images:\n\
                  \x20       print(n, i['x0'], i['top'], i['x1'] - i['x0'], i['bottom'] - i['top'])\n";
    let out = tool(Command::new("python3").args(["-c", script]).arg(pdf));
    out.lines()
        .map(|l| {
            let v: Vec<f32> = l.split_whitespace().map(|x| x.parse().unwrap()).collect();
            (v[0] as usize, v[1], v[2], v[3], v[4])
        })
        .collect()
}

/// The words of a PDF by pdfplumber (characters closer than 2 pt apart in one
/// word): (text, x0, x1, top) in points.
fn words(pdf: &Path) -> Vec<(String, f32, f32, f32)> {
    let script = "import sys, pdfplumber\n\
                  for p in pdfplumber.open(sys.argv[1]).pages:\n\
                  \x20   for w in p.extract_words(x_tolerance=2):\n\
                  \x20       print(w['text'], w['x0'], w['x1'], w['top'])\n";
    let out = tool(Command::new("python3").args(["-c", script]).arg(pdf));
    out.lines()
        .map(|l| {
            let v: Vec<&str> = l.split_whitespace().collect();
            (v[0].to_string(), v[1].parse().unwrap(), v[2].parse().unwrap(), v[3].parse().unwrap())
        })
        .collect()
}

/// A document with a row of three photos (landscape, portrait, wide), each
/// captioned by its title, and the row's own caption after it.
fn row_document(dir: &Path, lines_before: usize) -> std::path::PathBuf {
    write_jpeg(&dir.join("a.jpg"));
    write_photo(&dir.join("b.jpg"), 600, 800);
    write_photo(&dir.join("c.jpg"), 1600, 900);
    let toml = format!(
        "title = \"总结\"\norganization = \"某工会\"\ndate = 2026-12-01\n\n[[section]]\ntitle = \"照片选编\"\n\
         text = \"\"\"\n{}\n\n![开幕](a.jpg \"图1 开幕式\") ![拔河](b.jpg \"图2 拔河\")\n![合影](c.jpg \"图3 合影\")\n\n\
         图4 活动照片选编\n\n之后的文字{}\n\"\"\"\n",
        text(lines_before),
        text(3)
    );
    std::fs::write(dir.join("doc.toml"), toml).unwrap();
    dir.join("doc.toml")
}

#[test]
fn a_row_prints_side_by_side_with_its_captions_in_every_output() {
    let dir = common::temp_dir("picture-rows", "all");
    let doc = row_document(&dir, 2);
    let out = build(&doc, &[Format::Pdf, Format::Docx, Format::Html]);
    let pdf = dir.join("doc.pdf");
    std::fs::write(&pdf, &out[0]).unwrap();
    let boxes = image_boxes(&pdf);
    assert_eq!(boxes.len(), 3, "{boxes:?}");
    let (page, _, top, _, height) = boxes[0];
    for (k, b) in boxes.iter().enumerate() {
        assert_eq!(b.0, page, "one page: {boxes:?}");
        assert!((b.2 - top).abs() < 0.1 && (b.4 - height).abs() < 0.1, "one top, one height: {boxes:?}");
        if k > 0 {
            let gap = b.1 - (boxes[k - 1].1 + boxes[k - 1].3);
            assert!((gap - 16.0).abs() < 0.1, "16 pt apart: {boxes:?}");
        }
    }
    // Landscape 4:3 (the 1200 × 800 JPEG is 3:2), portrait 3:4, wide 16:9: widths in proportion.
    let (a, b, c) = (boxes[0].3 / height, boxes[1].3 / height, boxes[2].3 / height);
    assert!((a - 1.5).abs() < 0.01 && (b - 0.75).abs() < 0.01 && (c - 16.0 / 9.0).abs() < 0.01, "{boxes:?}");
    // The row fills the type area (156 mm), centred between the margins (28 mm, 26 mm).
    let mm = |pt: f32| pt / 72.0 * 25.4;
    let (left, right) = (mm(boxes[0].1), mm(boxes[2].1 + boxes[2].3));
    assert!((left - 28.0).abs() < 0.2 && (right - 184.0).abs() < 0.2, "{left} – {right} mm");
    // Each caption under its own picture, the row's caption under the row.
    let words = words(&pdf);
    let find =
        |t: &str| words.iter().find(|w| w.0.starts_with(t)).unwrap_or_else(|| panic!("{t}: {words:?}"));
    for (k, t) in ["图1", "图2", "图3"].iter().enumerate() {
        let w = find(t);
        let (x0, x1) = (boxes[k].1, boxes[k].1 + boxes[k].3);
        assert!(w.1 >= x0 - 8.5 && w.2 <= x1 + 8.5, "{t} under its picture: {w:?} {boxes:?}");
        assert!(w.3 > top + height, "{t} below the row");
    }
    assert!(find("图4").3 > find("图1").3, "the row's caption under the pictures' captions");
    // DOCX: one borderless table, one row that cannot split, three pictures at the PDF's sizes.
    let xml = String::from_utf8(zip_part(&out[1], "word/document.xml").unwrap()).unwrap();
    let table = &xml[xml.find("<w:tbl>").unwrap()..xml.find("</w:tbl>").unwrap()];
    assert_eq!(table.matches("<w:tr>").count(), 1);
    assert!(table.contains("<w:cantSplit/>") && table.contains("<w:top w:val=\"nil\"/>"), "{table}");
    assert_eq!(table.matches("<w:drawing>").count(), 3);
    for (k, b) in boxes.iter().enumerate() {
        let cx = (b.3 * 12_700.0).round() as i64;
        let at = table.match_indices("<wp:extent cx=\"").nth(k).unwrap().0 + "<wp:extent cx=\"".len();
        let got: i64 = table[at..].split('"').next().unwrap().parse().unwrap();
        assert!((got - cx).abs() < 200, "picture {k}: {got} EMU against the PDF's {cx}");
    }
    for t in ["图1 开幕式", "图2 拔河", "图3 合影"] {
        assert!(table.contains(t), "{t} in its cell");
    }
    assert!(xml[xml.find("</w:tbl>").unwrap()..].contains("图4 活动照片选编"));
    // HTML: one flex row of three pictures.
    let html = String::from_utf8(out[2].clone()).unwrap();
    let row = &html[html.find("<div class=\"picture-row\"").unwrap()..];
    let row = &row[..row.find("</div>\n</div>").unwrap()];
    assert_eq!(row.matches("<img ").count(), 3, "{row}");
    assert!(row.contains("display:flex") && row.contains("break-inside:avoid"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_row_that_does_not_fit_waits_whole_with_its_captions() {
    let dir = common::temp_dir("picture-rows", "wait");
    // 18 lines on page 1 before the row (4 lines and 2 of captions): it does not fit.
    let doc = row_document(&dir, 12);
    let pdf = dir.join("doc.pdf");
    std::fs::write(&pdf, build(&doc, &[Format::Pdf]).remove(0)).unwrap();
    let boxes = image_boxes(&pdf);
    assert!(boxes.iter().all(|b| b.0 == 2), "{boxes:?}");
    let page = |n: &str| tool(Command::new("pdftotext").args(["-f", n, "-l", n]).arg(&pdf).arg("-"));
    let two = page("2");
    for t in ["图1 开幕式", "图2 拔河", "图3 合影", "图4 活动照片选编"] {
        assert!(two.contains(t), "{t} on the row's page:\n{two}");
    }
    assert!(page("1").contains("之后的文字"), "the text after the row fills page 1:\n{}", page("1"));
    std::fs::remove_dir_all(&dir).ok();
}
