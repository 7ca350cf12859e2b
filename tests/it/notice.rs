//! The 印发通知: a notice that issues other documents (`[[attachment]] file = …`).
//!
//! Checked: the Markdown of a notice with one and with two issued documents (the
//! labels 附件 / 附件1, 附件2, the issued titles in the 附件说明, anchors unique in
//! the HTML, footnotes apart, pictures found from the notice's folder, a Markdown
//! plan and a Word plan imported), the errors (a missing file,
//! an issued document that issues one back, a broken issued file; the warning
//! for a part that names one: snapshots of
//! `wengao check tests/notice/<name>.toml` in `tests/notice/<name>.stderr`), the
//! build cache (a changed plan or picture rebuilds its notice), `wengao collect
//! --cover` and the `wengao new --kind notice` starter.
//!
//! After an intended change of wording: `WENGAO_BLESS=1 cargo test --test it notice::`.

use crate::common::{root, temp_dir};
use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output};
use wengao::format::Format;
use wengao::pipeline::build_file;
use wengao::render::Templates;

/// A plan with two sections (anchors `s-1`, `s-2`), a note and a picture.
fn plan(title: &str, picture: &str) -> String {
    format!(
        "title = \"{title}\"\norganization = \"××小学工会\"\ndate = 2024-12-26\n\
         [[section]]\ntitle = \"加强思想引领\"\ntext = \"开展学习。\\n\\n![活动照片]({picture})\"\n\
         [[section]]\ntitle = \"关心教职工生活\"\ntext = \"坚持“五必访”制度。\"\n"
    )
}

/// A notice issuing `files` (and naming `titled` by title only, first).
fn notice(titled: &[&str], files: &[&str]) -> String {
    let mut s = String::from(
        "title = \"关于印发工作计划的通知\"\naddressee = \"各中小学工会\"\norganization = \"××区教育工会\"\n\
         date = 2025-01-06\nseal = true\n[[section]]\ntitle = \"总体要求\"\ntext = \"认真落实。\"\n",
    );
    for t in titled {
        s.push_str(&format!("[[attachment]]\ntitle = \"{t}\"\n"));
    }
    for f in files {
        s.push_str(&format!("[[attachment]]\nfile = \"{f}\"\n"));
    }
    s + "[masthead]\nissuer = \"××区教育工会文件\"\nnumber = \"×教工〔2025〕3号\"\n[imprint]\ncc = \"区教育局\"\n"
}

/// Writes `text` to `path`, making its folder.
fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A 2 × 2 PNG of one colour.
fn write_png(path: &Path, shade: u8) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let file = std::fs::File::create(path).unwrap();
    let mut encoder = png::Encoder::new(std::io::BufWriter::new(file), 2, 2);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.write_header().unwrap().write_image_data(&[shade; 12]).unwrap();
}

/// The Markdown and HTML of `path`, which must build without warnings.
fn md_and_html(path: &Path) -> (String, String) {
    let built = build_file(path, &Templates::load(None).unwrap(), &[Format::Md, Format::Html])
        .unwrap_or_else(|r| panic!("{} does not build:\n{r}", path.display()));
    let warnings: String = built.warnings.iter().map(ToString::to_string).collect();
    assert!(warnings.is_empty(), "{warnings}");
    let text = |i: usize| String::from_utf8(built.products[i].bytes.clone()).unwrap();
    (text(0), text(1))
}

/// Every `id="…"` of an HTML page, failing on one given twice.
fn unique_ids(html: &str) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for part in html.split(" id=\"").skip(1) {
        let id = part.split('"').next().unwrap().to_string();
        assert!(ids.insert(id.clone()), "the id {id:?} is given twice");
    }
    ids
}

#[test]
fn one_issued_document_is_the_annex_titled_in_the_attachment_note() {
    let dir = temp_dir("notice", "one");
    write(&dir.join("plan.toml"), &plan("××小学工会2025年工作计划", "照片/a.png"));
    write_png(&dir.join("照片/a.png"), 40);
    write(&dir.join("notice.toml"), &notice(&[], &["plan.toml"]));
    let (md, html) = md_and_html(&dir.join("notice.toml"));
    // One attachment: 附件 without a number, in the note and on the annex.
    assert!(md.contains("###### 附件：××小学工会2025年工作计划 {.attachment}"), "{md}");
    assert!(md.contains("###### 附件 {.annex}\n\n# ××小学工会2025年工作计划 {.title}"), "{md}");
    // After the 落款, before the 版记.
    let (sig, annex, cc) = (
        md.find("{.signature .seal}").unwrap(),
        md.find("{.annex}").unwrap(),
        md.find("{.copy-to}").unwrap(),
    );
    assert!(sig < annex && annex < cc, "{md}");
    // The notice's anchors and the plan's are apart.
    assert!(md.contains("## 一、总体要求 {#s-1}") && md.contains("## 一、加强思想引领 {#fj1-s-1}"), "{md}");
    let ids = unique_ids(&html);
    for id in ["s-1", "fj1-s-1", "fj1-s-2"] {
        assert!(ids.contains(id), "{id} missing in {ids:?}");
    }
    // The plan's picture, found from the notice's folder, is in the page.
    assert!(md.contains("](照片/a.png)") && html.contains("<img"), "{md}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn two_issued_documents_are_numbered_after_the_titled_attachments() {
    let dir = temp_dir("notice", "two");
    write(&dir.join("plans/a.toml"), &plan("甲小学工会2025年工作计划", "a.png"));
    write_png(&dir.join("plans/a.png"), 10);
    write(&dir.join("b.toml"), &plan("乙中学工会2025年工作计划", "pics/b.png"));
    write_png(&dir.join("pics/b.png"), 20);
    write(&dir.join("notice.toml"), &notice(&["经费预算表"], &["plans/a.toml", "b.toml"]));
    let (md, html) = md_and_html(&dir.join("notice.toml"));
    for want in [
        "###### 附件：1. 经费预算表 {.attachment}",
        "###### 2. 甲小学工会2025年工作计划 {.attachment}",
        "###### 3. 乙中学工会2025年工作计划 {.attachment}",
        "###### 附件2 {.annex}\n\n# 甲小学工会2025年工作计划 {.title}",
        "###### 附件3 {.annex}\n\n# 乙中学工会2025年工作计划 {.title}",
        "## 一、加强思想引领 {#fj2-s-1}",
        "## 一、加强思想引领 {#fj3-s-1}",
        // Each plan's picture, its path now from the notice's folder.
        "](plans/a.png)",
        "](pics/b.png)",
    ] {
        assert!(md.contains(want), "missing {want:?} in\n{md}");
    }
    assert!(!md.contains("{.annex}\n\n# 经费预算表"), "a titled attachment prints no annex:\n{md}");
    let ids = unique_ids(&html);
    assert!(ids.is_superset(&["s-1", "fj2-s-1", "fj2-s-2", "fj3-s-1", "fj3-s-2"].map(String::from).into()));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_imported_text_is_issued_and_its_notes_stay_apart_from_the_notice() {
    let dir = temp_dir("notice", "imported");
    // A plan written as Markdown, imported in memory as its own build would.
    write(
        &dir.join("plan.md"),
        "# ××小学工会2025年工作计划\n\n## 一、加强思想引领\n\n开展学习[^1]。\n\n[^1]: 每月一次。\n",
    );
    let text = notice(&[], &["plan.md"])
        .replace("text = \"认真落实。\"", "text = \"认真落实[^1]。\\n\\n[^1]: 见附件。\"");
    write(&dir.join("notice.toml"), &text);
    let (md, html) = md_and_html(&dir.join("notice.toml"));
    assert!(md.contains("###### 附件：××小学工会2025年工作计划 {.attachment}"), "{md}");
    assert!(md.contains("###### 附件 {.annex}\n\n# ××小学工会2025年工作计划 {.title}"), "{md}");
    // The notice's note keeps [^1]; the plan's becomes [^2].
    assert!(
        md.contains("认真落实[^1]") && md.contains("开展学习[^2]") && md.contains("[^2]: 每月一次"),
        "{md}"
    );
    let ids = unique_ids(&html);
    assert!(ids.contains("fn-1") && ids.contains("fn-2"), "{ids:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_issued_document_outside_the_built_folder_uses_its_own_templates() {
    let dir = temp_dir("notice", "outside");
    write(&dir.join("plans/plan.toml"), &plan("××小学工会2025年工作计划", "a.png"));
    write_png(&dir.join("plans/a.png"), 3);
    write(&dir.join("plans/templates/document.md.tera"), "# {{ title }} {.title}\n\n按本校模板排印。\n");
    write(&dir.join("notices/notice.toml"), &notice(&[], &["../plans/plan.toml"]));
    // The notice's folder is the build's root; the plan lies outside it.
    let out = wengao(&dir, &["build", "notices", "-f", "md", "-o", "out"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let md = std::fs::read_to_string(dir.join("out/notice.md")).unwrap();
    assert!(
        md.contains("###### 附件 {.annex}\n\n# ××小学工会2025年工作计划 {.title}\n\n按本校模板排印。"),
        "{md}"
    );
    // The notice itself keeps the built-in template.
    assert!(md.contains("{.signature .seal}"), "{md}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_word_file_is_issued_through_the_importer() {
    let dir = temp_dir("notice", "word");
    // A plan as a Word file: wengao's own DOCX of a plan, read back by the importer
    // (without its picture: an imported picture is a file `wengao import` writes).
    let text = plan("××小学工会2025年工作计划", "a.png").replace("\\n\\n![活动照片](a.png)", "");
    write(&dir.join("src/plan.toml"), &text);
    let out = wengao(&dir, &["build", "src/plan.toml", "-f", "docx", "-o", "."]);
    assert!(out.status.success(), "{}", stderr(&out));
    write(&dir.join("notice.toml"), &notice(&[], &["plan.docx"]));
    let out = wengao(&dir, &["build", "notice.toml", "-f", "md,html", "-o", "out"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let md = std::fs::read_to_string(dir.join("out/notice.md")).unwrap();
    for want in [
        "###### 附件：××小学工会2025年工作计划 {.attachment}",
        "###### 附件 {.annex}\n\n# ××小学工会2025年工作计划 {.title}",
        "## 二、关心教职工生活 {#fj1-s-2}",
    ] {
        assert!(md.contains(want), "missing {want:?} in\n{md}");
    }
    unique_ids(&std::fs::read_to_string(dir.join("out/notice.html")).unwrap());
    std::fs::remove_dir_all(&dir).unwrap();
}

fn wengao(dir: &Path, args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_wengao"))
        .current_dir(dir)
        .env_remove("WENGAO_FONT_DIR")
        .args(args)
        .output()
        .expect("run wengao");
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"), "{out:?}");
    out
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn errors_point_at_the_file_value_or_into_the_issued_file() {
    for (name, code) in [("missing", 1), ("cycle-a", 1), ("bad-issued", 1), ("part-issues", 0)] {
        let out = wengao(&root(), &["check", &format!("tests/notice/{name}.toml")]);
        assert_eq!(out.status.code(), Some(code), "{name}");
        // The summary's time varies.
        let text = stderr(&out);
        let text = text.rsplit_once(" in ").map_or(text.clone(), |(head, _)| format!("{head} in [time]\n"));
        let snapshot = root().join(format!("tests/notice/{name}.stderr"));
        if std::env::var_os("WENGAO_BLESS").is_some_and(|v| v == "1") {
            std::fs::write(&snapshot, &text).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&snapshot)
            .unwrap_or_else(|e| panic!("{}: {e}; bless it with WENGAO_BLESS=1", snapshot.display()));
        assert_eq!(text, want, "{name}: the messages changed (WENGAO_BLESS=1 to accept)");
    }
    // What each snapshot must hold, whatever the wording.
    let text =
        |name: &str| std::fs::read_to_string(root().join(format!("tests/notice/{name}.stderr"))).unwrap();
    let missing = text("missing");
    assert!(
        missing.contains("tests/notice/plans/no-such-plan.toml")
            && missing.contains("--> tests/notice/missing.toml:5:8")
    );
    let cycle = text("cycle-a");
    assert!(cycle.contains("--> tests/notice/cycle-b.toml:6:8") && cycle.contains("cannot issue"), "{cycle}");
    let bad = text("bad-issued");
    for want in [
        "--> tests/notice/broken-plan.toml:3:1",
        "--> tests/notice/broken-plan.toml:4:8",
        "--> tests/notice/bad-issued.toml:8:8",
    ] {
        assert!(bad.contains(want), "missing {want:?} in\n{bad}");
    }
    let part = text("part-issues");
    assert!(
        part.contains("--> tests/notice/part-issues.toml:7:8") && part.contains("part of a collection"),
        "{part}"
    );
}

#[test]
fn a_changed_plan_picture_or_setting_rebuilds_its_notice() {
    let dir = temp_dir("notice", "cache");
    write(&dir.join("plans/plan.toml"), &plan("××小学工会2025年工作计划", "a.png"));
    write_png(&dir.join("plans/a.png"), 40);
    write(&dir.join("plans/wengao.toml"), "[defaults]\nsubtitle = \"（草案）\"\n");
    write(&dir.join("notice.toml"), &notice(&[], &["plans/plan.toml"]));
    let build = || {
        let out = wengao(&dir, &["build", ".", "-f", "md", "-o", "out"]);
        assert!(out.status.success(), "{}", stderr(&out));
        stderr(&out)
    };
    let notice_md = || std::fs::read_to_string(dir.join("out/notice.md")).unwrap();
    assert!(build().contains("2 built, 0 skipped"));
    assert!(notice_md().contains("###### （草案） {.subtitle}"), "the plan's own defaults apply");
    assert!(build().contains("0 built, 2 skipped"));
    // The plan changes: it and the notice that issues it are rebuilt.
    write(&dir.join("plans/plan.toml"), &plan("××小学工会2025年度工作计划", "a.png"));
    let log = build();
    assert!(log.contains("2 built, 0 skipped"), "{log}");
    assert!(notice_md().contains("附件：××小学工会2025年度工作计划"), "{}", notice_md());
    // The plan's picture changes: both again.
    write_png(&dir.join("plans/a.png"), 41);
    assert!(build().contains("2 built, 0 skipped"));
    // The plan's wengao.toml changes: both again.
    write(&dir.join("plans/wengao.toml"), "[defaults]\nsubtitle = \"（试行）\"\n");
    assert!(build().contains("2 built, 0 skipped"));
    assert!(notice_md().contains("###### （试行） {.subtitle}"), "{}", notice_md());
    // The notice alone changes: only it.
    write(&dir.join("notice.toml"), &notice(&["经费预算表"], &["plans/plan.toml"]));
    assert!(build().contains("1 built, 1 skipped"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn collect_with_a_cover_issues_every_document_as_an_annex() {
    let dir = temp_dir("notice", "collect");
    let docs = dir.join("docs");
    write(&docs.join("a.toml"), &plan("甲小学工会2025年工作计划", "a.png"));
    write_png(&docs.join("a.png"), 1);
    write(&docs.join("b.toml"), &plan("乙中学工会2025年工作计划", "a.png"));
    // The cover inside the folder is not one of the collected documents.
    write(&docs.join("notice.toml"), &notice(&[], &[]));
    let out = wengao(&dir, &["collect", "docs", "--cover", "docs/notice.toml", "-o", "all.md"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("collected 2 documents into all.md under the notice docs/notice.toml"));
    let md = std::fs::read_to_string(dir.join("all.md")).unwrap();
    for want in [
        "###### ××区教育工会文件 {.issuer}",
        "###### 附件：1. 甲小学工会2025年工作计划 {.attachment}",
        "###### 2. 乙中学工会2025年工作计划 {.attachment}",
        "###### 附件1 {.annex}\n\n# 甲小学工会2025年工作计划 {.title}",
        "###### 附件2 {.annex}\n\n# 乙中学工会2025年工作计划 {.title}",
        "{#fj2-s-2}",
        "###### 抄送：区教育局。 {.copy-to}",
    ] {
        assert!(md.contains(want), "missing {want:?} in\n{md}");
    }
    assert_eq!(md.matches("{.annex}").count(), 2, "{md}");
    // Without a cover, a notice among the documents is one 篇 like the others; the
    // document it issues is not printed twice (a warning says so).
    write(&docs.join("notice.toml"), &notice(&[], &["a.toml"]));
    let out = wengao(&dir, &["collect", "docs", "-o", "plain.md"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("prints no issued document"), "{}", stderr(&out));
    let md = std::fs::read_to_string(dir.join("plain.md")).unwrap();
    assert!(md.contains("篇三") && !md.contains("{.annex}"), "{md}");
    // A cover that is not a TOML file is refused.
    let out = wengao(&dir, &["collect", "docs", "--cover", "docs/a.png", "-o", "x.md"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("is not a .toml file"), "{}", stderr(&out));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_notice_starter_builds_without_warnings() {
    let dir = temp_dir("notice", "starter");
    let out = wengao(&dir, &["new", "n.toml", "--kind", "notice"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(dir.join("n.toml")).unwrap();
    for field in ["[masthead]", "addressee =", "seal = true", "remark =", "[imprint]", "# file = \""] {
        assert!(text.contains(field), "the starter lacks {field}");
    }
    let out = wengao(&dir, &["build", "n.toml", "-f", "md,html,pdf,docx", "-o", "out"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
    let md = std::fs::read_to_string(dir.join("out/n.md")).unwrap();
    for want in [
        "{.issuer}",
        "{.doc-number}",
        "{.addressee}",
        "{.signature .seal}",
        "{.remark}",
        "{.attachment}",
        "{.printed-on}",
    ] {
        assert!(md.contains(want), "missing {want} in\n{md}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
