//! Pictures: `![alt](path)` in a text field prints in every output.
//!
//! Each test writes a small document with its own pictures under the system temp
//! folder: a JPEG (made by python3 with PIL, which the tests' tools already need)
//! and a PNG with transparency (made with the `png` crate). Checked: the PDF holds
//! one image XObject per file however often it is shown, the JPEG's bytes as they
//! are (`/DCTDecode`), the PNG with an `/SMask`, and pdfcheck still passes; the
//! DOCX has one media part per file and `w:drawing`s of the PDF's size; the HTML
//! embeds the bytes as `data:` URIs; the Markdown's paths resolve from the output
//! folder; a GIF, WebP and BMP print as the PNGs they are converted to; a missing
//! picture is an error at its place in the TOML; the build
//! cache rebuilds a document when its picture changes, and only then.

use crate::common::{self, root, tool};
use lopdf::Object;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use wengao::format::Format;
use wengao::pipeline::build_file;
use wengao::render::Templates;

/// The type area's width, 156 mm, in points.
const TYPE_WIDTH_PT: f32 = 156.0 / 25.4 * 72.0;

/// A 1200 × 800 JPEG (900 × 600 pt at 96 per inch: wider than the type area).
pub(crate) fn write_jpeg(path: &Path) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let script = "import sys\nfrom PIL import Image, ImageDraw\n\
                  im = Image.new('RGB', (1200, 800), (200, 80, 60))\n\
                  ImageDraw.Draw(im).rectangle([100, 100, 600, 500], fill=(30, 120, 200))\n\
                  im.save(sys.argv[1], quality=80)\n";
    let out = Command::new("python3").arg("-c").arg(script).arg(path).output().expect("python3 runs");
    assert!(
        out.status.success(),
        "python3 with PIL makes the JPEG: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A 120 × 80 RGBA PNG, its left half transparent.
pub(crate) fn write_png(path: &Path) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let file = std::fs::File::create(path).unwrap();
    let mut encoder = png::Encoder::new(std::io::BufWriter::new(file), 120, 80);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().unwrap();
    let data: Vec<u8> = (0..80 * 120).flat_map(|k| [0, 160, 0, if k % 120 < 60 { 0 } else { 255 }]).collect();
    writer.write_image_data(&data).unwrap();
}

/// Body text of `n` lines' worth.
pub(crate) fn text(n: usize) -> String {
    "工会组织职工开展各类文体活动，丰富职工业余文化生活，增强了队伍的凝聚力和向心力。".repeat(n)
}

/// `dir/doc.toml`: a JPEG shown twice, a PNG once, text around them.
pub(crate) fn document(dir: &Path) -> PathBuf {
    write_jpeg(&dir.join("照片/a.jpg"));
    write_png(&dir.join("照片/b.png"));
    let toml = format!(
        "title = \"2026年工会工作总结\"\nkind = \"summary\"\norganization = \"某某区总工会\"\ndate = 2026-12-01\n\n\
         [[section]]\ntitle = \"活动开展情况\"\ntext = \"\"\"\n{}\n\n![运动会现场](照片/a.jpg)\n\n{}\n\n![徽标](照片/b.png)\n\n\
         {}\n\n![运动会现场](照片/a.jpg)\n\n{}\n\"\"\"\n",
        text(3),
        text(2),
        text(3),
        text(6)
    );
    let path = dir.join("doc.toml");
    std::fs::write(&path, toml).unwrap();
    path
}

pub(crate) fn build(path: &Path, formats: &[Format]) -> Vec<Vec<u8>> {
    let templates = Templates::load(None).unwrap();
    let built = build_file(path, &templates, formats).unwrap_or_else(|r| panic!("{r}"));
    built.products.into_iter().map(|p| p.bytes).collect()
}

/// The image XObjects of a PDF: (object id, dictionary, content).
fn images(pdf: &[u8]) -> Vec<(u32, lopdf::Dictionary, Vec<u8>)> {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    doc.objects
        .iter()
        .filter_map(|(id, o)| match o {
            Object::Stream(s) if s.dict.get(b"Subtype").and_then(|v| v.as_name()).ok() == Some(b"Image") => {
                Some((id.0, s.dict.clone(), s.content.clone()))
            }
            _ => None,
        })
        .collect()
}

#[test]
fn the_pdf_holds_each_picture_once_the_jpeg_as_it_is() {
    let dir = common::temp_dir("pictures", "pdf");
    let doc = document(&dir);
    let pdf = build(&doc, &[Format::Pdf]).remove(0);
    let images = images(&pdf);
    let name = |d: &lopdf::Dictionary, k: &[u8]| d.get(k).and_then(|v| v.as_name()).map(|n| n.to_vec()).ok();
    let jpegs: Vec<_> =
        images.iter().filter(|(_, d, _)| name(d, b"Filter") == Some(b"DCTDecode".to_vec())).collect();
    assert_eq!(jpegs.len(), 1, "the JPEG shown twice is one object");
    assert_eq!(jpegs[0].2, std::fs::read(dir.join("照片/a.jpg")).unwrap(), "the JPEG's own bytes");
    // The PNG: its colours deflated, its alpha as a soft mask; three images in all.
    let png = images.iter().find(|(_, d, _)| d.get(b"SMask").is_ok()).expect("the PNG has an SMask");
    assert_eq!(name(&png.1, b"Filter"), Some(b"FlateDecode".to_vec()));
    assert_eq!(images.len(), 3, "JPEG, PNG and the PNG's mask");
    // Drawn three times: the JPEG twice (one object), the PNG once.
    let file = dir.join("doc.pdf");
    std::fs::write(&file, &pdf).unwrap();
    let list = tool(Command::new("pdfimages").arg("-list").arg(&file));
    let drawn: Vec<&str> = list.lines().skip(2).filter(|l| !l.contains("smask")).collect();
    assert_eq!(drawn.len(), 3, "{list}");
    assert_eq!(drawn.iter().filter(|l| l.contains(" jpeg ")).count(), 2, "{list}");
    // Text still on the grid, fonts and page numbers as ever.
    let out = Command::new("python3").arg(root().join("tests/pdfcheck.py")).arg(&file).output().unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success() && report.contains(" 0 failed"), "pdfcheck:\n{report}");
    std::fs::remove_dir_all(&dir).ok();
}

pub(crate) fn zip_part(docx: &[u8], name: &str) -> Option<Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut part = zip.by_name(name).ok()?;
    let mut out = Vec::new();
    part.read_to_end(&mut out).unwrap();
    Some(out)
}

#[test]
fn docx_html_and_markdown_show_the_pictures() {
    let dir = common::temp_dir("pictures", "all");
    let doc = document(&dir);
    let out = build(&doc, &[Format::Docx, Format::Html, Format::Md]);
    let (docx, html, md) = (&out[0], String::from_utf8(out[1].clone()).unwrap(), &out[2]);
    let jpeg = std::fs::read(dir.join("照片/a.jpg")).unwrap();
    // DOCX: one media part per file, the JPEG shown twice from it.
    assert_eq!(zip_part(docx, "word/media/image1.jpeg").as_deref(), Some(&jpeg[..]));
    assert!(zip_part(docx, "word/media/image2.png").is_some());
    assert!(zip_part(docx, "word/media/image3.jpeg").is_none());
    let xml = String::from_utf8(zip_part(docx, "word/document.xml").unwrap()).unwrap();
    assert_eq!(xml.matches("<w:drawing>").count(), 3);
    assert_eq!(xml.matches("r:embed=\"rIdImage1\"").count(), 2);
    let rels = String::from_utf8(zip_part(docx, "word/_rels/document.xml.rels").unwrap()).unwrap();
    assert!(rels.contains("Id=\"rIdImage1\"") && rels.contains("Target=\"media/image1.jpeg\""), "{rels}");
    let types = String::from_utf8(zip_part(docx, "[Content_Types].xml").unwrap()).unwrap();
    assert!(types.contains("Extension=\"jpeg\"") && types.contains("Extension=\"png\""), "{types}");
    // The size the PDF prints: the photo as wide as the type area, 3:2.
    let cx = (TYPE_WIDTH_PT * 12_700.0).round() as i64;
    let cy = (TYPE_WIDTH_PT * 2.0 / 3.0 * 12_700.0).round() as i64;
    assert!(xml.contains(&format!("<wp:extent cx=\"{cx}\" cy=\"{cy}\"/>")), "no extent {cx} × {cy}");
    // The PNG keeps its own size (120 px = 90 pt).
    assert!(xml.contains(&format!("<wp:extent cx=\"{}\" cy=\"{}\"/>", 90 * 12_700, 60 * 12_700)));
    // HTML: embedded, so the page opens on its own.
    let uri = format!("src=\"data:image/jpeg;base64,{}\"", wengao::webfonts::base64(&jpeg));
    assert_eq!(html.matches(&uri).count(), 2);
    assert!(html.contains("src=\"data:image/png;base64,"));
    // Markdown: as written, and relative to an output folder elsewhere.
    let md = String::from_utf8(md.clone()).unwrap();
    assert!(md.contains("![运动会现场](照片/a.jpg)"), "{md}");
    let moved = wengao::pipeline::markdown_for(md.as_bytes(), &doc, &dir.join("out/doc.md"));
    let moved = String::from_utf8(moved).unwrap();
    assert!(
        moved.contains("![运动会现场](../照片/a.jpg)") && moved.contains("![徽标](../照片/b.png)"),
        "{moved}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn captions_print_under_their_pictures_and_widths_are_kept() {
    let dir = common::temp_dir("pictures", "captions");
    write_jpeg(&dir.join("a.jpg"));
    let toml = format!(
        "title = \"总结\"\n\n[[section]]\ntitle = \"活动\"\ntext = \"\"\"\n{}\n\n![现场](a.jpg){{width=60%}}\n\n\
         图1 职工运动会现场\n\n![现场](a.jpg \"图2 再看一次\")\n\n{}\n\"\"\"\n",
        text(2),
        text(4)
    );
    std::fs::write(dir.join("doc.toml"), toml).unwrap();
    let out = build(&dir.join("doc.toml"), &[Format::Pdf, Format::Docx, Format::Html]);
    std::fs::write(dir.join("doc.pdf"), &out[0]).unwrap();
    let pdf = tool(Command::new("pdftotext").args(["-layout"]).arg(dir.join("doc.pdf")).arg("-"));
    assert!(pdf.contains("图1 职工运动会现场") && pdf.contains("图2 再看一次"), "{pdf}");
    let xml = String::from_utf8(zip_part(&out[1], "word/document.xml").unwrap()).unwrap();
    let cx = (TYPE_WIDTH_PT * 0.6 * 12_700.0).round() as i64;
    assert!(xml.contains(&format!("<wp:extent cx=\"{cx}\"")), "60 % of the type area: {cx}");
    // Each caption is the paragraph after its picture, which is kept with it.
    let at = xml.find("图1 职工运动会现场").unwrap();
    let drawing = xml[..at].rfind("<w:drawing>").unwrap();
    let picture_paragraph = &xml[xml[..drawing].rfind("<w:p>").unwrap()..drawing];
    assert!(picture_paragraph.contains("<w:keepNext/>"), "{picture_paragraph}");
    assert_eq!(xml[..at].matches("<w:p>").count(), xml[..drawing].matches("<w:p>").count() + 1);
    let html = String::from_utf8(out[2].clone()).unwrap();
    assert!(html.contains("<p class=\"caption\" style=\"text-indent:0;text-align:center\">图2 再看一次</p>"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_missing_picture_is_an_error_at_its_place() {
    let dir = common::temp_dir("pictures", "missing");
    let path = dir.join("doc.toml");
    std::fs::write(
        &path,
        "title = \"总结\"\n\n[[section]]\ntitle = \"活动\"\ntext = \"见图 ![现场](照片/无.jpg)\"\n",
    )
    .unwrap();
    let templates = Templates::load(None).unwrap();
    for format in [Format::Md, Format::Pdf] {
        let report =
            build_file(&path, &templates, &[format]).err().expect("a missing picture fails").to_string();
        assert!(report.contains("doc.toml:5:18"), "{report}");
        assert!(report.contains(&dir.join("照片/无.jpg").display().to_string()), "{report}");
    }
    // A file that is no picture at all is an error too, saying which formats are read.
    std::fs::create_dir_all(dir.join("照片")).unwrap();
    std::fs::write(dir.join("照片/无.jpg"), b"not a picture").unwrap();
    let report = build_file(&path, &templates, &[Format::Html]).err().expect("not a picture").to_string();
    assert!(report.contains("doc.toml:5:18") && report.contains("GIF, WebP or BMP"), "{report}");
    std::fs::remove_dir_all(&dir).ok();
}

/// A 90 × 60 picture in `format` (GIF, WEBP, BMP), made by PIL: red on its left
/// half, blue on its right; the GIF's right half transparent.
fn write_other(path: &Path, format: &str) {
    let script = "import sys\nfrom PIL import Image\n\
                  im = Image.new('RGB', (90, 60), (220, 30, 30))\n\
                  im.paste((30, 30, 220), (45, 0, 90, 60))\n\
                  if sys.argv[2] == 'GIF':\n    im = im.convert('P', palette=Image.ADAPTIVE); im.info['transparency'] = im.getpixel((80, 30))\n\
                  im.save(sys.argv[1], sys.argv[2], **({'lossless': True} if sys.argv[2] == 'WEBP' else {}))\n";
    let out = Command::new("python3").arg("-c").arg(script).arg(path).arg(format).output().unwrap();
    assert!(out.status.success(), "PIL makes the {format}: {}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn gif_webp_and_bmp_are_converted_to_png_and_print_everywhere() {
    let dir = common::temp_dir("pictures", "convert");
    for (name, format) in [("a.gif", "GIF"), ("b.webp", "WEBP"), ("c.bmp", "BMP")] {
        write_other(&dir.join(name), format);
    }
    let toml = format!(
        "title = \"总结\"\n\n[[section]]\ntitle = \"活动\"\ntext = \"\"\"\n{}\n\n![动图](a.gif)\n\n\
         ![网图](b.webp)\n\n![位图](c.bmp)\n\n{}\n\"\"\"\n",
        text(2),
        text(2)
    );
    std::fs::write(dir.join("doc.toml"), toml).unwrap();
    let templates = Templates::load(None).unwrap();
    let built = build_file(&dir.join("doc.toml"), &templates, &[Format::Pdf, Format::Docx, Format::Html])
        .unwrap_or_else(|r| panic!("{r}"));
    assert!(built.warnings.is_empty(), "{:?}", built.warnings);
    let (pdf, docx) = (&built.products[0].bytes, &built.products[1].bytes);
    let html = String::from_utf8(built.products[2].bytes.clone()).unwrap();
    // PDF: three images drawn at 90 × 60 px, the GIF's transparency as a soft mask.
    let file = dir.join("doc.pdf");
    std::fs::write(&file, pdf).unwrap();
    let list = tool(Command::new("pdfimages").arg("-list").arg(&file));
    let drawn: Vec<Vec<&str>> = list.lines().skip(2).map(|l| l.split_whitespace().collect()).collect();
    let kinds: Vec<&str> = drawn.iter().map(|l| l[2]).collect();
    assert_eq!(kinds, vec!["image", "smask", "image", "image"], "{list}");
    assert!(drawn.iter().all(|l| l[3] == "90" && l[4] == "60"), "{list}");
    // The colours survive: the left half red, the right half blue (as pdfimages takes them out).
    let png = tool(Command::new("pdfimages").args(["-png", "-f", "1"]).arg(&file).arg(dir.join("img")));
    assert!(png.is_empty(), "{png}");
    let px = |n: &str, x: u32| -> [u8; 3] {
        let mut d = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(dir.join(n)).unwrap()));
        d.set_transformations(png::Transformations::EXPAND);
        let mut r = d.read_info().unwrap();
        let mut buf = vec![0; r.output_buffer_size().unwrap()];
        let info = r.next_frame(&mut buf).unwrap();
        let at = (30 * info.width + x) as usize * info.color_type.samples();
        [buf[at], buf[at + 1], buf[at + 2]]
    };
    for image in ["img-000.png", "img-002.png", "img-003.png"] {
        assert_eq!(px(image, 10), [220, 30, 30], "{image} left");
        assert_eq!(px(image, 80), [30, 30, 220], "{image} right");
    }
    assert_eq!(px("img-001.png", 10), [255, 255, 255], "the GIF's left half is opaque");
    assert_eq!(px("img-001.png", 80), [0, 0, 0], "the GIF's right half is transparent");
    // DOCX: three PNG media parts, each shown.
    for n in 1..=3 {
        let part =
            zip_part(docx, &format!("word/media/image{n}.png")).unwrap_or_else(|| panic!("image{n}.png"));
        assert!(part.starts_with(b"\x89PNG"), "image{n}");
    }
    let xml = String::from_utf8(zip_part(docx, "word/document.xml").unwrap()).unwrap();
    assert_eq!(xml.matches("<w:drawing>").count(), 3);
    // HTML: three PNG data URIs, no alt text in their stead.
    assert_eq!(html.matches("src=\"data:image/png;base64,").count(), 3, "{html}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_changed_picture_rebuilds_its_document_and_nothing_else() {
    let dir = common::temp_dir("pictures", "cache");
    document(&dir);
    std::fs::write(
        dir.join("other.toml"),
        "title = \"计划\"\n\n[[section]]\ntitle = \"学习\"\ntext = \"学习。\"\n",
    )
    .unwrap();
    let run = || {
        let out = Command::new(env!("CARGO_BIN_EXE_wengao"))
            .current_dir(&dir)
            .args(["build", ".", "-o", "out", "-f", "md,pdf"])
            .output()
            .unwrap();
        let log = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "{log}");
        log.lines()
            .rev()
            .find(|l| l.contains(" skipped, "))
            .unwrap()
            .split(" in ")
            .next()
            .unwrap()
            .to_string()
    };
    assert_eq!(run(), "2 built, 0 skipped, 0 failed");
    assert_eq!(run(), "0 built, 2 skipped, 0 failed");
    write_png(&dir.join("照片/b.png"));
    assert_eq!(run(), "0 built, 2 skipped, 0 failed", "the same bytes again");
    let mut png = std::fs::read(dir.join("照片/b.png")).unwrap();
    png.extend_from_slice(b"\0\0\0\0tEXt\0\0\0\0"); // bytes after IEND: another file
    std::fs::write(dir.join("照片/b.png"), png).unwrap();
    assert_eq!(run(), "1 built, 1 skipped, 0 failed");
    // The Markdown written into out/ finds the pictures from there.
    let md = std::fs::read_to_string(dir.join("out/doc.md")).unwrap();
    assert!(md.contains("](../照片/a.jpg)"), "{md}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_picture_that_does_not_fit_waits_and_the_text_after_it_fills_the_page() {
    let dir = common::temp_dir("pictures", "float");
    write_jpeg(&dir.join("a.jpg"));
    // 16 lines of text leave 6 for the 16-line photo: it waits for page 2, and the
    // paragraph after it (2 lines) moves up onto page 1.
    let toml = format!(
        "title = \"总结\"\norganization = \"某工会\"\ndate = 2026-12-01\n\n[[section]]\ntitle = \"活动\"\ntext = \"\"\"\n{}\n\n\
         ![现场](a.jpg)\n\n图1 现场\n\n之后的文字甲{}\n\n{}\n\"\"\"\n",
        text(6),
        text(1),
        text(5)
    );
    std::fs::write(dir.join("doc.toml"), toml).unwrap();
    let pdf = build(&dir.join("doc.toml"), &[Format::Pdf]).remove(0);
    let file = dir.join("doc.pdf");
    std::fs::write(&file, &pdf).unwrap();
    let page = |n: &str| tool(Command::new("pdftotext").args(["-f", n, "-l", n]).arg(&file).arg("-"));
    assert!(page("1").contains("之后的文字甲"), "the text after the picture fills page 1:\n{}", page("1"));
    assert!(page("2").contains("图1 现场"), "the picture and its caption open page 2:\n{}", page("2"));
    let list = tool(Command::new("pdfimages").arg("-list").arg(&file));
    let pages: Vec<&str> = list.lines().skip(2).filter_map(|l| l.split_whitespace().next()).collect();
    assert_eq!(pages, vec!["2"], "{list}");
    // The 落款 still comes last, after the picture, with body lines above it.
    let last = page("2");
    assert!(last.find("图1 现场").unwrap() < last.find("某工会").unwrap(), "{last}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn html_assets_link_the_pictures_copied_once_without_collisions() {
    let dir = common::temp_dir("pictures", "assets");
    document(&dir);
    // Another document in a sub-folder: a different picture of the same name, and
    // the first document's JPEG again.
    std::fs::create_dir_all(dir.join("sub/照片")).unwrap();
    write_png(&dir.join("sub/照片/a.jpg"));
    std::fs::write(
        dir.join("sub/other.toml"),
        "title = \"计划\"\n\n[[section]]\ntitle = \"图\"\ntext = \"\"\"\n![同名](照片/a.jpg)\n\n![同一张](../照片/a.jpg)\n\"\"\"\n",
    )
    .unwrap();
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_wengao")).current_dir(&dir).args(args).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    };
    run(&["build", ".", "-o", "out", "-f", "html", "--html-assets", "out/图片"]);
    let mut copies: Vec<String> = std::fs::read_dir(dir.join("out/图片"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    copies.sort();
    // Three different files (two named a.jpg): three copies, each once.
    assert_eq!(copies.len(), 3, "{copies:?}");
    let jpeg = std::fs::read(dir.join("照片/a.jpg")).unwrap();
    let srcs = |html: &str| -> Vec<String> {
        let text = std::fs::read_to_string(dir.join(html)).unwrap();
        text.split("<img src=\"").skip(1).map(|s| s[..s.find('"').unwrap()].to_string()).collect()
    };
    let top = srcs("out/doc.html");
    assert_eq!(top.len(), 3, "{top:?}");
    assert!(top.iter().all(|s| s.starts_with("%E5%9B%BE%E7%89%87/")), "relative to out/: {top:?}");
    assert_eq!(top[0], top[2], "the JPEG shown twice is one file");
    let sub = srcs("out/sub/other.html");
    assert!(sub.iter().all(|s| s.starts_with("../%E5%9B%BE%E7%89%87/")), "relative to out/sub/: {sub:?}");
    assert_eq!(sub[1], format!("../{}", top[0]), "the same JPEG from both documents");
    assert_ne!(sub[0], sub[1], "two files named a.jpg do not collide");
    // Each link finds the right bytes from the HTML's own folder.
    let decode = |s: &str| s.replace("%E5%9B%BE%E7%89%87", "图片");
    assert_eq!(std::fs::read(dir.join("out").join(decode(&top[0]))).unwrap(), jpeg);
    let png = std::fs::read(dir.join("out/sub").join(decode(&sub[0]))).unwrap();
    assert_eq!(png, std::fs::read(dir.join("sub/照片/a.jpg")).unwrap());
    assert!(!std::fs::read_to_string(dir.join("out/doc.html")).unwrap().contains("data:image/"));
    // The same build after the pictures' folder was removed: the pages are rebuilt
    // and the folder comes back.
    std::fs::remove_dir_all(dir.join("out/图片")).unwrap();
    run(&["build", ".", "-o", "out", "-f", "html", "--html-assets", "out/图片"]);
    assert_eq!(std::fs::read_dir(dir.join("out/图片")).unwrap().count(), 3);
    // Without the option the page embeds them again.
    run(&["build", ".", "-o", "out", "-f", "html"]);
    assert!(std::fs::read_to_string(dir.join("out/doc.html")).unwrap().contains("src=\"data:image/jpeg"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn collected_documents_find_their_pictures_from_their_own_folders() {
    let dir = common::temp_dir("pictures", "collect");
    // Two schools, each with its own 照片/a.jpg (different pictures, one path), and
    // a [[part]] file one folder further down.
    write_jpeg(&dir.join("schools/一小/照片/a.jpg"));
    write_png(&dir.join("schools/二小/照片/a.jpg"));
    write_png(&dir.join("schools/区/三小 分校/照片/c.png"));
    for school in ["一小", "二小"] {
        let toml = format!(
            "title = \"{school}工会工作总结\"\n\n[[section]]\ntitle = \"活动\"\ntext = \"\"\"\n开展活动。\n\n![{school}](照片/a.jpg)\n\"\"\"\n"
        );
        std::fs::write(dir.join(format!("schools/{school}/总结.toml")), toml).unwrap();
    }
    std::fs::write(
        dir.join("schools/区/三小 分校/汇编.toml"),
        "title = \"汇编\"\n\n[[part]]\ntitle = \"三小总结\"\npreface = \"见图。\\n\\n![三小](照片/c.png)\"\n",
    )
    .unwrap();
    let collect = |out: &str| {
        let run = Command::new(env!("CARGO_BIN_EXE_wengao"))
            .current_dir(&dir)
            .args(["collect", "schools", "-o", out])
            .output()
            .unwrap();
        assert!(run.status.success(), "{out}: {}", String::from_utf8_lossy(&run.stderr));
        std::fs::read(dir.join(out)).unwrap()
    };
    // PDF: three pictures drawn, three objects (the two a.jpg are different files).
    collect("all.pdf");
    let list = tool(Command::new("pdfimages").arg("-list").arg(dir.join("all.pdf")));
    let drawn: Vec<&str> = list.lines().skip(2).filter(|l| !l.contains("smask")).collect();
    assert_eq!(drawn.len(), 3, "{list}");
    assert_eq!(drawn.iter().filter(|l| l.contains(" jpeg ")).count(), 1, "{list}");
    // DOCX: three media parts; HTML: three pictures.
    let docx = collect("all.docx");
    assert!(zip_part(&docx, "word/media/image3.png").is_some());
    let html = String::from_utf8(collect("all.html")).unwrap();
    assert_eq!(html.matches("<img src=\"data:image/").count(), 3);
    // Markdown in another folder: paths that resolve from there.
    let md = String::from_utf8(collect("out/all.md")).unwrap();
    for path in
        ["../schools/一小/照片/a.jpg", "../schools/二小/照片/a.jpg", "<../schools/区/三小 分校/照片/c.png>"]
    {
        assert!(md.contains(&format!("]({path})")), "{path}: {md}");
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_picture_that_comes_while_one_waits_waits_behind_it_and_the_text_fills_the_page() {
    let dir = common::temp_dir("pictures", "queue");
    write_jpeg(&dir.join("a.jpg"));
    crate::picture_rows::write_photo(&dir.join("b.jpg"), 600, 800);
    // 16 lines of text leave 6: the landscape photo (12 lines and its caption)
    // waits; the portrait one (a whole page) comes right after and waits behind
    // it; the text after both fills page 1.
    let toml = format!(
        "title = \"总结\"\n\n[[section]]\ntitle = \"活动\"\ntext = \"\"\"\n{}\n\n\
         ![甲](a.jpg \"图1 甲\")\n\n![乙](b.jpg \"图2 乙\")\n\n之后的文字丙{}\n\"\"\"\n",
        text(10),
        text(4)
    );
    std::fs::write(dir.join("doc.toml"), toml).unwrap();
    let file = dir.join("doc.pdf");
    std::fs::write(&file, build(&dir.join("doc.toml"), &[Format::Pdf]).remove(0)).unwrap();
    let page = |n: &str| tool(Command::new("pdftotext").args(["-f", n, "-l", n]).arg(&file).arg("-"));
    assert!(page("1").contains("之后的文字丙"), "the text after both pictures fills page 1:\n{}", page("1"));
    // In order, each on the next free page, never over the foot of the type area.
    let boxes = crate::picture_rows::image_boxes(&file);
    let pages: Vec<usize> = boxes.iter().map(|b| b.0).collect();
    assert_eq!(pages, vec![2, 3], "{boxes:?}");
    let bottom = (297.0 - 35.0) / 25.4 * 72.0;
    assert!(boxes.iter().all(|b| b.2 + b.4 <= bottom + 0.5), "{boxes:?}");
    assert!(page("2").contains("图1 甲") && page("3").contains("图2 乙"));
    let out = Command::new("python3").arg(root().join("tests/pdfcheck.py")).arg(&file).output().unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(report.contains("PASS  text inside the type area"), "{report}");
    std::fs::remove_dir_all(&dir).ok();
}
