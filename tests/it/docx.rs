//! DOCX checks: every sample and district document printed through LibreOffice
//! and measured by tests/docxcheck.py (a copy of shared/tools/docxcheck.py, which
//! runs tests/pdfcheck.py on the print), the DOCX text against the Markdown text,
//! byte-identical output, and the DOCX through `collect`, the batch cache and bad
//! input (control characters, huge cells, a 200-row schedule) opened by python-docx.
//!
//! Needs python3 with pdfplumber and python-docx, poppler-utils and LibreOffice
//! (`libreoffice-writer-nogui`): `.ci/run` installs them.

use crate::common;

use common::{assert_same_text, docx_text, markdown_text, root, squash, DISTRICT_DOCS, EPOCH};
use std::path::{Path, PathBuf};
use std::process::Command;
use wengao::markdown::Role;

fn wengao(dir: &Path, args: &[&str]) -> std::process::Output {
    let out = Command::new(env!("CARGO_BIN_EXE_wengao"))
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .args(args)
        .output()
        .expect("run wengao");
    assert!(out.status.success(), "wengao {args:?} failed:\n{}", String::from_utf8_lossy(&out.stderr));
    out
}

/// Every sample and district document built as Markdown and DOCX into `dir`;
/// returns the output paths without extension.
fn build_all(dir: &Path) -> Vec<PathBuf> {
    let r = root();
    wengao(&r, &["build", "samples", "-o", dir.to_str().unwrap(), "-f", "md,docx", "--force", "-q"]);
    let district = dir.join("district");
    wengao(
        &r,
        &["build", "samples/district", "-o", district.to_str().unwrap(), "-f", "md,docx", "--force", "-q"],
    );
    let mut stems: Vec<PathBuf> =
        ["union-plans-collection", "school-plan", "school-summary"].iter().map(|s| dir.join(s)).collect();
    stems.extend(DISTRICT_DOCS.iter().map(|d| district.join(d)));
    stems
}

fn docxcheck(docx: &Path, extra: &[&str]) -> (bool, String) {
    let out = Command::new("python3")
        .arg(root().join("tests/docxcheck.py"))
        .arg(docx)
        .arg("--fonts")
        .arg(root().join("fonts"))
        .args(extra)
        .output()
        .expect("python3 runs tests/docxcheck.py");
    let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

/// The text of every block of `md` (a line a table cell), 目录 left out.
fn expected_lines(md: &str) -> String {
    let mut lines = Vec::new();
    for b in wengao::markdown::parse(md) {
        match (&b.role, &b.table) {
            (Role::Toc | Role::TocEntry { .. }, _) => {}
            (_, Some(t)) => {
                for row in std::iter::once(&t.header).chain(&t.rows) {
                    lines.extend(
                        row.iter().map(|cell| cell.iter().map(|i| i.text.as_str()).collect::<String>()),
                    );
                }
            }
            _ => lines.push(b.marker.clone().unwrap_or_default() + &b.plain_text()),
        }
    }
    lines.join("\n")
}

#[test]
fn every_sample_and_district_document_passes_docxcheck_printed_by_libreoffice() {
    let dir = common::temp_dir("docx", "check");
    let stems = build_all(&dir);
    // Two LibreOffice prints at a time (each has a profile of its own).
    let failures = common::failures_on_two_threads(&stems, |stem| {
        let expect = stem.with_extension("expect.txt");
        // Every block of the Markdown (every cell of a table), in order.
        let md = std::fs::read_to_string(stem.with_extension("md")).unwrap();
        std::fs::write(&expect, expected_lines(&md)).unwrap();
        let docx = stem.with_extension("docx");
        let (ok, report) = docxcheck(&docx, &["--expect", expect.to_str().unwrap()]);
        eprintln!("==== {}\n{report}", docx.display());
        let passed = ok && report.contains(" 0 failed") && report.contains("PASS  rendered: 28 characters");
        (!passed).then(|| format!("{}:\n{report}", docx.display()))
    });
    assert!(failures.is_empty(), "docxcheck failed:\n{}", failures.join("\n"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_docx_text_is_the_markdown_text() {
    let dir = common::temp_dir("docx", "text");
    for stem in build_all(&dir) {
        let md = std::fs::read_to_string(stem.with_extension("md")).unwrap();
        let docx = std::fs::read(stem.with_extension("docx")).unwrap();
        assert_same_text(&stem.display().to_string(), &markdown_text(&md), &squash(&docx_text(&docx)));
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_same_input_gives_the_same_bytes_and_source_date_epoch_sets_the_dates() {
    let dir = common::temp_dir("docx", "same");
    let r = root();
    let build = |out: &str, epoch: &str| -> Vec<u8> {
        let target = dir.join(out);
        let status = Command::new(env!("CARGO_BIN_EXE_wengao"))
            .current_dir(&r)
            .env("SOURCE_DATE_EPOCH", epoch)
            .args(["build", "samples/union-plans-collection.toml", "-f", "docx", "--force", "-q", "-o"])
            .arg(&target)
            .status()
            .unwrap();
        assert!(status.success());
        std::fs::read(target.join("union-plans-collection.docx")).unwrap()
    };
    let (a, b) = (build("a", EPOCH), build("b", EPOCH));
    assert!(a == b, "two builds of the same input differ");
    let c = build("c", "1700000000");
    assert!(a != c, "SOURCE_DATE_EPOCH must reach the document properties");
    let core = |bytes: &[u8]| {
        use std::io::Read;
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut s = String::new();
        zip.by_name("docProps/core.xml").unwrap().read_to_string(&mut s).unwrap();
        s
    };
    assert!(core(&a).contains("2024-12-28T00:00:00Z"), "{}", core(&a));
    assert!(core(&c).contains("2023-11-14T22:13:20Z"), "{}", core(&c));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn collect_and_batch_write_docx_and_the_cache_skips_it_when_nothing_changed() {
    let dir = common::temp_dir("docx", "batch");
    let district = dir.join("district");
    common::copy_tree(&root().join("samples/district"), &district);
    let out = wengao(&dir, &["build", "district", "-f", "docx"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("7 built, 0 skipped"));
    let again = wengao(&dir, &["build", "district", "-f", "docx"]);
    assert!(String::from_utf8_lossy(&again.stderr).contains("0 built, 7 skipped"));
    for doc in DISTRICT_DOCS {
        assert!(district.join("out").join(format!("{doc}.docx")).is_file(), "{doc}.docx");
    }
    wengao(&dir, &["collect", "district", "-o", "all.docx"]);
    let all = std::fs::read(dir.join("all.docx")).unwrap();
    let text = docx_text(&all);
    assert!(text.contains("东城小学") && text.contains("阳光幼儿园"), "{}", &text[..300.min(text.len())]);
    let (ok, report) = docxcheck(&dir.join("all.docx"), &["--no-render"]);
    assert!(ok, "{report}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn bad_input_still_makes_a_docx_that_python_docx_and_libreoffice_open() {
    let dir = common::temp_dir("docx", "bad");
    let mut s = String::from("title = \"控制字符\\u0001与\\u000b换页\\u000c测试\"\norganization = \"××小学<工会>&\"\ndate = 2024-01-02\n");
    s.push_str(&format!(
        "\n[[section]]\ntitle = \"长表格\"\ntext = \"\"\"\n| 甲 | 乙 |\n| --- | --- |\n| {} | 短 |\n\"\"\"\n",
        "长".repeat(5000)
    ));
    s.push_str("\n[schedule]\n");
    for i in 0..200 {
        s.push_str(&format!(
            "\n[[schedule.entry]]\nwhen = \"第{i}周\"\nitems = [\"活动{i}\\u0007\", \"]]>&<\"]\n"
        ));
    }
    std::fs::write(dir.join("bad.toml"), s).unwrap();
    wengao(&dir, &["build", "bad.toml", "-f", "md,docx", "-o", "."]);
    let docx = dir.join("bad.docx");
    let script = "import docx,sys\nd=docx.Document(sys.argv[1])\nprint(len(d.paragraphs), len(d.tables))";
    let out = Command::new("python3").args(["-c", script]).arg(&docx).output().expect("python3");
    assert!(out.status.success(), "python-docx cannot open it:\n{}", String::from_utf8_lossy(&out.stderr));
    let (ok, report) = docxcheck(&docx, &[]);
    assert!(report.contains("PASS  render with LibreOffice"), "{report}");
    assert!(report.contains("PASS  rendered: page size A4"), "{report}");
    let _ = ok; // a 200-row schedule and a 5,000-character cell need not fill the grid
    std::fs::remove_dir_all(&dir).ok();
}

/// The paragraphs' properties of each row of the last table in `document.xml`.
fn last_table_rows(docx: &[u8]) -> Vec<String> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml").unwrap().read_to_string(&mut xml).unwrap();
    let table = xml.rsplit("<w:tbl>").next().unwrap().split("</w:tbl>").next().unwrap().to_string();
    table.split("<w:tr>").skip(1).map(str::to_string).collect()
}

#[test]
fn a_closing_schedule_keeps_its_last_month_with_the_signature() {
    let toml = "title = \"2024年××小学工会工作总结\"\norganization = \"××小学工会\"\ndate = 2024-12-28\n\
                [schedule]\ntitle = \"附：工作回顾\"\n\
                [[schedule.entry]]\nwhen = \"十一月\"\nitems = [\"召开委员会议\", \"组织文体活动\"]\n\
                [[schedule.entry]]\nwhen = \"十二月\"\nitems = [\"总结全年工作\", \"慰问退休教师\"]\n";
    let loaded = wengao::input::parse(Path::new("t.toml"), toml.as_bytes()).unwrap();
    let templates = wengao::render::Templates::load(None).unwrap();
    let built = wengao::pipeline::build_loaded(&loaded, &templates, &[wengao::format::Format::Docx]).unwrap();
    let rows = last_table_rows(&built.products[0].bytes);
    // The header, 十一月's two points, 十二月's two points.
    assert_eq!(rows.len(), 5, "{rows:#?}");
    let keeps = |row: &str| row.contains("<w:keepNext/>");
    // 十一月 stays together, but need not go with the 落款; 十二月 goes with it.
    assert!(keeps(&rows[1]) && !keeps(&rows[2]), "十一月: {:?} / {:?}", rows[1], rows[2]);
    assert!(keeps(&rows[3]) && keeps(&rows[4]), "十二月 keeps with the 落款: {:?}", &rows[3..]);
}
