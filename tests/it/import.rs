//! `wengao import`: round trips and files made by other programs.
//!
//! - Every sample and district document: build → DOCX → import → build gives the
//!   same Markdown (but for half-width punctuation between Chinese characters,
//!   which the importer makes full-width, and says so).
//! - A DOCX made by pandoc from the seed imports to the structure the seed's
//!   Markdown imports to; a python-docx file whose headings use Word's
//!   auto-numbering imports like the same text with typed numbers.
//! - Bad input: empty and image-only DOCX, a zip that would inflate past 50 MB,
//!   random bytes named .docx, a .doc, text in an unknown encoding, 10,000
//!   paragraphs; the command never overwrites a file.
//!
//! Needs pandoc and python3 with python-docx (`.ci/run` installs them).

use crate::common;

use common::{root, DISTRICT_DOCS};
use std::path::{Path, PathBuf};
use std::process::Command;
use wengao::format::Format;
use wengao::import::{fullwidth_punctuation, import};
use wengao::pipeline::{build_file, build_loaded};
use wengao::project::Project;
use wengao::render::Templates;

fn md_of(loaded: &wengao::input::Loaded) -> String {
    let templates = Templates::load(None).unwrap();
    let built = build_loaded(loaded, &templates, &[Format::Md]).unwrap_or_else(|r| panic!("{r}"));
    String::from_utf8(built.products[0].bytes.clone()).unwrap()
}

/// The TOML `import` makes of `bytes` named `name`, parsed.
fn imported(name: &str, bytes: &[u8]) -> (String, wengao::input::Loaded) {
    let path = PathBuf::from(name);
    let i = import(&path, bytes).unwrap_or_else(|r| panic!("{r}"));
    let loaded = wengao::input::parse(&path.with_extension("toml"), i.toml.as_bytes())
        .unwrap_or_else(|r| panic!("{r}\n{}", i.toml));
    (i.toml, loaded)
}

#[test]
fn every_sample_and_district_document_survives_build_docx_import_build() {
    let templates = Templates::load(None).unwrap();
    let mut inputs: Vec<PathBuf> = ["union-plans-collection", "school-plan", "school-summary"]
        .iter()
        .map(|s| root().join(format!("samples/{s}.toml")))
        .collect();
    inputs.extend(DISTRICT_DOCS.iter().map(|d| root().join(format!("samples/district/{d}.toml"))));
    for input in inputs {
        // District documents take their defaults from wengao.toml: build with them.
        let loaded = {
            let mut project = Project::open(&root().join("samples"), Default::default()).unwrap();
            project.entry(input.clone()).load().unwrap_or_else(|r| panic!("{r}"))
        };
        let built = build_loaded(&loaded, &templates, &[Format::Md, Format::Docx]).unwrap();
        let md = String::from_utf8(built.products[0].bytes.clone()).unwrap();
        let (toml, again) = imported("document.docx", &built.products[1].bytes);
        let want = fullwidth_punctuation(&md).0;
        let got = md_of(&again);
        if got != want {
            let first = want.lines().zip(got.lines()).position(|(a, b)| a != b).unwrap_or(0);
            panic!(
                "{}: the Markdown differs after DOCX → import, first at line {}:\n  was: {}\n  now: {}\n--- TOML ---\n{toml}",
                input.display(),
                first + 1,
                want.lines().nth(first).unwrap_or(""),
                got.lines().nth(first).unwrap_or("")
            );
        }
    }
    let _ = build_file; // (the same pipeline the CLI uses)
}

/// Parts; sections a level; schedule months; the first part's section titles.
fn shape(l: &wengao::input::Loaded) -> (usize, Vec<usize>, usize, Vec<String>) {
    let d = &l.document;
    let mut levels = vec![0; 4];
    fn walk(list: &[wengao::input::Section], depth: usize, levels: &mut Vec<usize>) {
        for s in list {
            levels[depth.min(3)] += 1;
            walk(&s.section, depth + 1, levels);
        }
    }
    let mut months = d.schedule.as_ref().map_or(0, |s| s.entry.len());
    walk(&d.section, 0, &mut levels);
    for p in &d.part {
        walk(&p.section, 0, &mut levels);
        months += p.schedule.as_ref().map_or(0, |s| s.entry.len());
    }
    let first = d.part.first().map(|p| &p.section).unwrap_or(&d.section);
    (d.part.len(), levels, months, first.iter().map(|s| s.title.get_ref().clone()).collect())
}

fn tool_ok(cmd: &mut Command) {
    let out = cmd.output().unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e} (see .ci/run)"));
    assert!(out.status.success(), "{cmd:?}: {}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_docx_made_by_pandoc_from_the_seed_imports_like_the_seed() {
    let dir = common::temp_dir("import", "pandoc");
    let seed = root().join("tests/fixtures/seed.md");
    let docx = dir.join("seed.docx");
    tool_ok(Command::new("pandoc").arg(&seed).arg("-o").arg(&docx));
    let (_, from_md) = imported("seed.md", &std::fs::read(&seed).unwrap());
    let (toml, from_docx) = imported("seed.docx", &std::fs::read(&docx).unwrap());
    let (a, b) = (shape(&from_md), shape(&from_docx));
    assert_eq!(a.0, 6, "six parts");
    assert_eq!(a.2, 10, "ten schedule months");
    assert_eq!(a, b, "pandoc's DOCX imports to another structure:\n{toml}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn word_auto_numbering_decides_the_levels_like_typed_numbers() {
    let dir = common::temp_dir("import", "numbered");
    let docx = dir.join("numbered.docx");
    tool_ok(Command::new("python3").arg(root().join("tests/fixtures/numbered_docx.py")).arg(&docx));
    let typed = "××中学工会2024年工作计划\n为做好本年度工会工作，特制定本计划。\n一、指导思想\n坚持全心全意依靠教职工办学的方针。\n二、主要工作\n（一）加强学习\n组织教职工学习工会法，提高认识。\n（二）关心教职工\n开展送温暖活动，做好困难教职工帮扶。\n三、加强自身建设\n规范工会经费管理。\n××中学工会\n2024年1月8日\n";
    let (_, from_text) = imported("typed.txt", typed.as_bytes());
    let (toml, from_word) = imported("numbered.docx", &std::fs::read(&docx).unwrap());
    assert_eq!(shape(&from_text), shape(&from_word), "{toml}");
    assert_eq!(shape(&from_word).1, [3, 2, 0, 0], "{toml}");
    assert!(toml.contains("title = \"指导思想\"") && !toml.contains("一、"), "numbers are dropped:\n{toml}");
    assert!(toml.contains("**工会法**"), "bold is kept:\n{toml}");
    let d = &from_word.document;
    assert_eq!(d.organization.as_deref(), Some("××中学工会"));
    assert!(toml.contains("date = 2024-01-08"), "{toml}");
    std::fs::remove_dir_all(&dir).ok();
}

fn wengao(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_wengao")).current_dir(dir).args(args).output().expect("run wengao")
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn the_command_writes_beside_the_input_reports_and_never_overwrites() {
    let dir = common::temp_dir("import", "cli");
    std::fs::write(dir.join("plan.txt"), "××小学工会工作计划\n一、指导思想\n坚持党的领导(全面).\n二、主要工作\n1、召开会议\n2、开展活动\n附件：1. 预算表\n××小学工会\n2023年12月28日\n这一行放不下\n").unwrap();
    let out = wengao(&dir, &["import", "plan.txt"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let log = stderr(&out);
    assert!(
        log.contains("sections 2/0/0/0") && log.contains("2 items") && log.contains("1 attachments"),
        "{log}"
    );
    assert!(log.contains("made full-width"), "{log}");
    // A line after the date is kept (at the end of the body) and reported.
    assert!(log.contains("line 10: after the date: kept at the end of the body: `这一行放不下`"), "{log}");
    let toml = std::fs::read_to_string(dir.join("plan.toml")).unwrap();
    assert!(toml.contains("坚持党的领导（全面）."), "{toml}");
    assert!(toml.contains("这一行放不下") && toml.contains("# 正文最后 1 段原在落款和日期之后"), "{toml}");
    // A second import does not replace the file.
    std::fs::write(dir.join("plan.toml"), "# mine\n").unwrap();
    let again = wengao(&dir, &["import", "plan.txt"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("already exists"), "{}", stderr(&again));
    assert_eq!(std::fs::read_to_string(dir.join("plan.toml")).unwrap(), "# mine\n");
    // -o DIR
    std::fs::create_dir_all(dir.join("out")).unwrap();
    assert!(wengao(&dir, &["import", "plan.txt", "-o", "out"]).status.success());
    let built = wengao(&dir, &["build", "out/plan.toml", "-o", "out", "-f", "md"]);
    assert!(built.status.success(), "{}", stderr(&built));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn bad_files_get_a_clear_error_and_never_a_panic() {
    let dir = common::temp_dir("import", "bad");
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "old.docx",
            [&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1][..], &[0; 600]].concat(),
            "save it as .docx",
        ),
        (
            "random.docx",
            (0..5000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8).collect(),
            "not a Word .docx",
        ),
        (
            "noise.txt",
            (0..5000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8 | 0x80).collect(),
            "encoding",
        ),
        ("empty.txt", b"\n\n  \n".to_vec(), "holds no text"),
        ("plan.doc", b"whatever".to_vec(), "save it as .docx"),
    ];
    for (name, bytes, says) in cases {
        std::fs::write(dir.join(name), &bytes).unwrap();
        let out = wengao(&dir, &["import", name]);
        assert_eq!(out.status.code(), Some(1), "{name}: {}", stderr(&out));
        assert!(stderr(&out).contains(says), "{name}: {}", stderr(&out));
        assert!(!stderr(&out).contains("panicked"));
    }
    // An empty DOCX and one with only a picture-like empty paragraph.
    tool_ok(Command::new("python3").args(["-c", "import docx,sys; d=docx.Document(); d.save(sys.argv[1]); d.add_paragraph(''); d.save(sys.argv[2])"]).arg(dir.join("empty.docx")).arg(dir.join("blank.docx")));
    for name in ["empty.docx", "blank.docx"] {
        let out = wengao(&dir, &["import", name]);
        assert_eq!(out.status.code(), Some(1), "{name}");
        assert!(stderr(&out).contains("holds no text"), "{name}: {}", stderr(&out));
    }
    // A zip whose one entry inflates to 60 MB is refused unread.
    let bomb = {
        use std::io::Write;
        let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        z.start_file("word/document.xml", zip::write::SimpleFileOptions::default()).unwrap();
        let zeros = vec![b' '; 1 << 20];
        for _ in 0..60 {
            z.write_all(&zeros).unwrap();
        }
        z.finish().unwrap().into_inner()
    };
    std::fs::write(dir.join("bomb.docx"), &bomb).unwrap();
    let out = wengao(&dir, &["import", "bomb.docx"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("inflate"), "{}", stderr(&out));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn ten_thousand_paragraphs_import_in_linear_time() {
    let mut text = String::from("××工会工作计划\n");
    for i in 0..10_000 {
        if i % 100 == 0 {
            text.push_str(&format!(
                "{}、第{}部分\n",
                wengao::numbering::chinese_count(i / 100 + 1),
                i / 100 + 1
            ));
        }
        text.push_str(&format!("第{i}段：开展学习，提高认识，做好各项工作。\n"));
    }
    let t = std::time::Instant::now();
    let (toml, loaded) = imported("big.txt", text.as_bytes());
    eprintln!("10,000 paragraphs imported in {:?} ({} bytes of TOML)", t.elapsed(), toml.len());
    assert_eq!(loaded.document.section.len(), 100);
}

#[test]
fn headings_of_one_kind_are_siblings_whatever_level_they_start_at() {
    // Only `1、` headings (level 3 markers) and `（1）` under them: a flat list of
    // sections, each with its points, not a staircase.
    let text = "工作计划\n1、学习\n（1）读书\n内容。\n（2）交流\n内容。\n2、活动\n内容。\n3、宣传\n内容。\n";
    let (toml, loaded) = imported("steps.txt", text.as_bytes());
    let d = &loaded.document;
    assert_eq!(d.section.len(), 3, "{toml}");
    assert_eq!(d.section[0].section.len(), 2, "{toml}");
}

#[test]
fn a_gbk_text_file_imports() {
    let (gbk, _, _) = encoding_rs::GB18030.encode(
        "二〇二三年工会工作总结\n一、主要成绩\n工会工作取得新进展。\n××工会\n二〇二三年十二月二十八日\n",
    );
    let i = import(Path::new("gbk.txt"), &gbk).unwrap();
    assert!(i.toml.contains("title = \"二〇二三年工会工作总结\""), "{}", i.toml);
    assert!(
        i.toml.contains("date = 2023-12-28") && i.toml.contains("date_style = \"chinese\""),
        "{}",
        i.toml
    );
    assert_eq!(i.summary.encoding, Some("GB18030"));
}

#[test]
fn a_folder_of_word_files_builds_and_collects_into_one_document() {
    let dir = common::temp_dir("import", "folder");
    let district = dir.join("district");
    common::copy_tree(&root().join("samples/district"), &district);
    // Two schools send Word files instead of TOML.
    for doc in ["primary/nanguan/plan", "middle/no2/plan"] {
        let toml = district.join(format!("{doc}.toml"));
        let out = wengao(
            &dir,
            &["build", toml.to_str().unwrap(), "-f", "docx", "-o", toml.parent().unwrap().to_str().unwrap()],
        );
        assert!(out.status.success(), "{}", stderr(&out));
        std::fs::remove_file(&toml).unwrap();
    }
    let out = wengao(&dir, &["build", "district", "-f", "md"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("7 built"), "{}", stderr(&out));
    let md = std::fs::read_to_string(district.join("out/primary/nanguan/plan.md")).unwrap();
    assert!(md.contains("{.signature}"), "{md}");
    let again = wengao(&dir, &["build", "district", "-f", "md"]);
    assert!(
        stderr(&again).contains("0 built, 7 skipped"),
        "imported documents join the cache: {}",
        stderr(&again)
    );
    let out = wengao(&dir, &["collect", "district", "-o", "all.md"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("collected 7 documents"), "{}", stderr(&out));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_number_inside_a_title_is_text_not_a_marker() {
    let dir = common::temp_dir("import", "marker");
    std::fs::write(dir.join("a.toml"), "title = \"计划\"\n[[section]]\ntitle = \"第1篇的第1项工作：总结\"\ntext = \"内容。\"\n[[section]]\ntitle = \"二、已编号\"\ntext = \"内容。\"\n").unwrap();
    let out = wengao(&dir, &["build", "a.toml", "-f", "md", "-o", "."]);
    assert!(out.status.success());
    let md = std::fs::read_to_string(dir.join("a.md")).unwrap();
    assert!(md.contains("## 一、第1篇的第1项工作：总结"), "{md}");
    assert!(md.contains("## 二、已编号"), "{md}");
    assert_eq!(stderr(&out).matches("warning").count(), 1, "{}", stderr(&out));
    std::fs::remove_dir_all(&dir).ok();
}
