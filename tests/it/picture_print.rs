//! Pictures checked like the rest of the document: a DOCX with photos (one shown
//! twice, a PNG with transparency, a row of two side by side) printed by
//! LibreOffice through tests/docxcheck.py passes its checks and shows every
//! picture on the page, at the place across it and at the size wengao's PDF
//! prints it (pdfplumber's image boxes: within 1 pt and 1 %), the row side by
//! side, the text after them on the same lines; and pdfcheck passes on wengao's
//! own PDF. (Down the page LibreOffice sets a picture at the top of the grid
//! lines it takes, where the PDF centres it in them.)

use crate::common::{self, root};
use crate::picture_rows::{image_boxes, write_photo};
use crate::pictures::{build, document};
use std::process::Command;
use wengao::format::Format;

#[test]
fn libreoffice_prints_the_pictures_at_the_pdfs_size() {
    let dir = common::temp_dir("picture-print", "lo");
    let doc = document(&dir);
    write_photo(&dir.join("照片/c.jpg"), 800, 600);
    write_photo(&dir.join("照片/d.jpg"), 600, 800);
    let mut toml = std::fs::read_to_string(&doc).unwrap();
    let row = "\n![丙](照片/c.jpg \"图3 丙\") ![丁](照片/d.jpg \"图4 丁\")\n\n最后一段文字。\n\"\"\"\n";
    toml = toml.trim_end().strip_suffix("\"\"\"").unwrap().to_string() + row;
    std::fs::write(&doc, toml).unwrap();
    let out = build(&doc, &[Format::Pdf, Format::Docx]);
    let (pdf, docx) = (dir.join("doc.pdf"), dir.join("doc.docx"));
    std::fs::write(&pdf, &out[0]).unwrap();
    std::fs::write(&docx, &out[1]).unwrap();
    // wengao's PDF: pdfcheck's checks all pass.
    let check = Command::new("python3").arg(root().join("tests/pdfcheck.py")).arg(&pdf).output().unwrap();
    let report = String::from_utf8_lossy(&check.stdout);
    assert!(check.status.success() && report.contains(" 0 failed"), "pdfcheck:\n{report}");
    // LibreOffice's print of the DOCX: docxcheck passes, the pictures are the PDF's size.
    let keep = dir.join("lo");
    let run = Command::new("python3")
        .arg(root().join("tests/docxcheck.py"))
        .arg(&docx)
        .arg("--fonts")
        .arg(root().join("fonts"))
        .arg("--keep")
        .arg(&keep)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&run.stdout).into_owned() + &String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success() && report.contains(" 0 failed"), "docxcheck:\n{report}");
    let ours = image_boxes(&pdf);
    let theirs = image_boxes(&keep.join("doc.pdf"));
    assert_eq!(ours.len(), 5, "{ours:?}");
    assert_eq!(theirs.len(), ours.len(), "LibreOffice prints every picture: {theirs:?}");
    for (a, b) in ours.iter().zip(&theirs) {
        let close = |x: f32, y: f32| (x - y).abs() <= 0.01 * x.max(y);
        assert!(close(a.3, b.3) && close(a.4, b.4), "wengao {a:?} against LibreOffice {b:?}");
        assert!(a.0 == b.0 && (a.1 - b.1).abs() < 1.0, "same page, same place across: {a:?} {b:?}");
    }
    // The text after the pictures on the same grid lines in both.
    let line_of = |pdf: &std::path::Path, text: &str| -> (usize, f32) {
        let script = "import sys, pdfplumber\n\
                      for n, p in enumerate(pdfplumber.open(sys.argv[1]).pages, 1):\n\
                      \x20   for l in p.extract_text_lines():\n\
                      \x20       if sys.argv[2] in l['text'].replace(' ', ''):\n\
                      \x20           print(n, l['bottom'])\n";
        let out = common::tool(Command::new("python3").args(["-c", script]).arg(pdf).arg(text));
        let v: Vec<&str> = out.split_whitespace().collect();
        assert!(v.len() >= 2, "no line with {text} in {}", pdf.display());
        (v[0].parse().unwrap(), v[1].parse().unwrap())
    };
    for text in ["图3丙", "最后一段文字"] {
        let (a, b) = (line_of(&pdf, text), line_of(&keep.join("doc.pdf"), text));
        assert!(a.0 == b.0 && (a.1 - b.1).abs() < 3.0, "{text}: wengao {a:?}, LibreOffice {b:?}");
    }
    // The row: side by side in LibreOffice's print too (one top, left to right).
    let (c, d) = (theirs[3], theirs[4]);
    assert!(c.0 == d.0 && (c.2 + c.4 - d.2 - d.4).abs() < 1.0 && c.1 + c.3 < d.1, "{theirs:?}");
    std::fs::remove_dir_all(&dir).ok();
}
