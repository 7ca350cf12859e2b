//! The 公文 frame in the DOCX (GB/T 9704-2012 §7.2–§7.4): the 版头 as paragraphs
//! (no text boxes), red only on the 发文机关标志 and its rule, the rule a paragraph
//! border of the 发文字号; and LibreOffice's print of it, measured with pdfplumber
//! (tests/frameprint.py, which prints as docxcheck.py does but keeps the blank
//! page an even-page section break inserts): the 标志 red, its top 72 mm from the
//! page's, the rule 4 mm under the 发文字号 and as wide as the type area, the
//! seal's 落款, 附件1 on a page of its own, and the 版记 at the foot of the last
//! page, an even one without a page number — for a notice written here (with
//! 份号 and 紧急程度) and for samples/notice.toml issuing samples/school-plan.toml.
//!
//! Needs python3 with pdfplumber, LibreOffice and the bundled fonts, as
//! tests/it/docx.rs.

use crate::common;

use common::{root, EPOCH};
use serde_json::Value;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A 印发通知 as the format documents it (docs/input-format.md, 公文格式).
const NOTICE: &str = r#"title = "关于印发《××区教育工会2025年工作计划》的通知"
addressee = "各中小学工会"
preface = """
现将《××区教育工会2025年工作计划》印发给你们，请结合实际认真贯彻落实。

各校工会要把计划的各项任务分解到月，落实到人，年中报送落实情况。"""
organization = "××区教育工会"
date = 2025-01-06
seal = true
remark = "联系人：张三，电话：12345678"

[[attachment]]
title = "××区教育工会2025年工作计划"

[masthead]
copy_number = "000001"
urgency = "特急"
issuer = "××区教育工会文件"
number = "×教工〔2025〕3号"

[imprint]
cc = ["区教育局", "区总工会"]
printed_by = "××区教育工会办公室"
printed_on = 2025-01-06
"#;

/// The notice with the issued plan after it (`附件1` and its title on a new
/// page), as the 印发通知's pipeline writes it: a template of plain Markdown.
const WITH_ANNEX: &str = "###### 000001 {.copy-number}\n###### 特急 {.urgency}\n\
###### ××区教育工会文件 {.issuer}\n###### ×教工〔2025〕3号 {.doc-number}\n\n\
# 关于印发《××区教育工会2025年工作计划》的通知 {.title}\n\n###### 各中小学工会： {.addressee}\n\n\
现将《××区教育工会2025年工作计划》印发给你们，请结合实际认真贯彻落实。\n\n\
###### 附件：××区教育工会2025年工作计划 {.attachment}\n\n###### ××区教育工会 {.signature .seal}\n\n\
###### 2025年1月6日 {.date .seal}\n\n###### （联系人：张三，电话：12345678） {.remark}\n\n\
###### 附件1 {.annex}\n\n# ××区教育工会2025年工作计划 {.title}\n\n\
全年工作坚持以职工为中心，围绕学校中心工作，做好服务、维权、建家各项工作。\n\n\
###### 抄送：区教育局，区总工会。 {.copy-to}\n\n###### ××区教育工会办公室 {.printed-by}\n\n\
###### 2025年1月6日印发 {.printed-on}\n";

fn wengao(dir: &Path, args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_wengao"))
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .args(args)
        .output()
        .expect("run wengao");
    assert!(out.status.success(), "wengao {args:?} failed:\n{}", String::from_utf8_lossy(&out.stderr));
}

/// The DOCX of `toml` (with the templates of `templates`, when given).
fn docx_of(name: &str, toml: &str, templates: Option<&str>) -> PathBuf {
    let dir = common::temp_dir("official-docx", name);
    std::fs::write(dir.join("notice.toml"), toml).unwrap();
    let mut args = vec!["build", "notice.toml", "-o", "out", "-f", "docx", "--force", "-q"];
    if let Some(md) = templates {
        std::fs::create_dir_all(dir.join("t")).unwrap();
        std::fs::write(dir.join("t/document.md.tera"), md).unwrap();
        args.extend(["--templates", "t"]);
    }
    wengao(&dir, &args);
    dir.join("out/notice.docx")
}

fn part(docx: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(docx).unwrap()).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

/// The paragraphs (`<w:p>…</w:p>`) of `xml`.
fn paragraphs(xml: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(at) = [rest.find("<w:p>"), rest.find("<w:p/>")].into_iter().flatten().min() {
        let tail = &rest[at..];
        let end = if tail.starts_with("<w:p/>") { 6 } else { tail.find("</w:p>").unwrap() + 6 };
        out.push(&tail[..end]);
        rest = &tail[end..];
    }
    out
}

#[test]
fn the_masthead_is_paragraphs_with_red_on_the_issuer_and_its_rule_only() {
    let docx = docx_of("structure", NOTICE, None);
    let xml = part(&docx, "word/document.xml");
    // Paragraphs the next office edits: no text box, frame or drawing anywhere.
    for shape in ["txbxContent", "<wps:", "<v:", "<w:pict", "<w:drawing", "<w:framePr"] {
        assert!(!xml.contains(shape), "{shape} in the frame");
    }
    let paras = paragraphs(&xml);
    let red: Vec<&&str> = paras.iter().filter(|p| p.contains("FF0000")).collect();
    assert_eq!(red.len(), 2, "{red:#?}");
    // The 标志: red runs, 小标宋's style, 35 mm (1984 twips) less the two lines
    // above it (2 × 579), plus what LibreOffice sets a line above its box.
    assert!(
        red[0].contains("<w:pStyle w:val=\"Issuer\"/>") && red[0].contains("××区教育工会文件"),
        "{}",
        red[0]
    );
    assert!(red[0].contains("<w:color w:val=\"FF0000\"/>"), "{}", red[0]);
    assert!(red[0].contains("w:before=\"985\""), "{}", red[0]);
    // The 发文字号: a red bottom border (the rule) and black text.
    assert!(
        red[1].contains("<w:pStyle w:val=\"DocNumber\"/>") && red[1].contains("×教工〔2025〕3号"),
        "{}",
        red[1]
    );
    assert!(red[1].contains("<w:pBdr><w:bottom w:val=\"single\""), "{}", red[1]);
    assert!(!red[1].contains("<w:color "), "{}", red[1]);
    assert_eq!(xml.matches("<w:color w:val=\"FF0000\"/>").count(), 1);
    assert_eq!(xml.matches("<w:pBdr>").count(), 4, "the rule and the 版记's three rules");
    // 份号 and 紧急程度 before it, in their 黑体 style; 主送 flush left after the title.
    let style =
        |s: &str| paras.iter().position(|p| p.contains(&format!("<w:pStyle w:val=\"{s}\"/>"))).unwrap();
    assert!(style("MastheadMark") < style("Issuer") && style("Issuer") < style("DocNumber"));
    assert!(style("DocNumber") < style("Title") && style("Title") < style("Addressee"));
    let styles = part(&docx, "word/styles.xml");
    for (id, name) in [
        ("Issuer", "发文机关标志"),
        ("DocNumber", "发文字号"),
        ("Addressee", "主送机关"),
        ("Imprint", "版记"),
    ] {
        assert!(styles.contains(&format!("w:styleId=\"{id}\"><w:name w:val=\"{name}\"/>")), "{id}");
    }
    // The 版记: its own last section, from an even page, footers without PAGE.
    let last = &xml[xml.rfind("<w:sectPr>").unwrap()..];
    assert!(last.contains("<w:type w:val=\"evenPage\"/>") && last.contains("rIdFooterBlank"), "{last}");
    assert_eq!(xml.matches("<w:sectPr>").count(), 2);
    assert!(!part(&docx, "word/footer3.xml").contains("PAGE"));
    assert!(part(&docx, "word/footer1.xml").contains("PAGE"));
    let _ = std::fs::remove_dir_all(docx.parent().unwrap().parent().unwrap());
}

/// LibreOffice's print of `docx`: its pages' lines and rules (tests/frameprint.py).
fn print(docx: &Path) -> Vec<Value> {
    let out = Command::new("python3")
        .arg(root().join("tests/frameprint.py"))
        .arg(docx)
        .arg("--fonts")
        .arg(root().join("fonts"))
        .arg("--out")
        .arg(docx.parent().unwrap().join("print"))
        .output()
        .expect("python3 runs tests/frameprint.py");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["pages"].as_array().unwrap().clone()
}

fn f(v: &Value, key: &str) -> f64 {
    v[key].as_f64().unwrap_or_else(|| panic!("{key} of {v}"))
}

fn lines(page: &Value) -> &Vec<Value> {
    page["lines"].as_array().unwrap()
}

fn is_page_number(line: &Value) -> bool {
    let t = line["text"].as_str().unwrap();
    t.starts_with('—') && t.ends_with('—')
}

/// The first line starting with `text` (or, with a trailing `$`, that is
/// `text`), and its page (from 1).
fn find<'a>(pages: &'a [Value], text: &str) -> (usize, &'a Value) {
    let fits = |l: &Value| {
        let t = l["text"].as_str().unwrap();
        text.strip_suffix('$').map_or_else(|| t.starts_with(text), |whole| t == whole)
    };
    pages
        .iter()
        .enumerate()
        .find_map(|(n, p)| lines(p).iter().find(|l| fits(l)).map(|l| (n + 1, l)))
        .unwrap_or_else(|| panic!("no line starts with {text}"))
}

/// The red 标志 (the only red text) with its top 72 mm from the page's, the
/// 发文字号 two lines under it over the red rule 4 mm below, as wide as the type
/// area, and the title starting `title` two lines under the rule (on the grid
/// line three under the 发文字号's).
fn check_masthead(pages: &[Value], issuer: &str, number: &str, title: &str) {
    let red: Vec<&Value> = pages
        .iter()
        .flat_map(lines)
        .filter(|l| l["red"].as_array().unwrap().iter().any(|r| r == true))
        .collect();
    assert_eq!(red.len(), 1, "{red:#?}");
    let (page, issuer) = find(pages, issuer);
    assert_eq!(page, 1);
    assert!(issuer["red"].as_array().unwrap().iter().all(|r| r == true), "{issuer}");
    // Its top edge 35 mm below the type area's top (37 mm from the page's).
    assert!((f(issuer, "top") - 72.0).abs() <= 1.0, "标志 top {}", f(issuer, "top"));
    let centre = (f(issuer, "x0") + f(issuer, "x1")) / 2.0;
    assert!((centre - (28.0 + 78.0)).abs() <= 1.0, "标志 centred: {centre}");
    let (_, number) = find(pages, number);
    let gap = f(number, "top") - f(issuer, "bottom");
    assert!((2.0 * 10.2..=3.0 * 10.2).contains(&gap), "发文字号 {gap} mm under the 标志");
    assert!(((f(number, "x0") + f(number, "x1")) / 2.0 - 106.0).abs() <= 1.0, "{number}");
    let rules = pages[0]["rules"].as_array().unwrap();
    assert!(!rules.is_empty() && rules.iter().all(|r| r["red"] == true), "{rules:?}");
    let rule = &rules[0];
    let below = f(rule, "top") - f(number, "bottom");
    assert!((below - 4.0).abs() <= 0.5, "rule {below} mm under the 发文字号");
    assert!((f(rule, "x0") - 28.0).abs() <= 0.3 && (f(rule, "x1") - 184.0).abs() <= 0.3, "{rule}");
    // The title three grid lines under the 发文字号's (空二行 under the rule, as
    // the PDF has it): its 22 pt characters sit 1 mm higher in their line.
    let (_, title) = find(pages, title);
    let pitch = 225.0 / 22.0;
    let lines_down = f(title, "top") - f(number, "top");
    assert!(
        (3.0 * pitch - 2.0..=3.0 * pitch).contains(&lines_down),
        "title {lines_down} mm under the 发文字号"
    );
    assert!(f(title, "top") - f(rule, "top") >= 2.0 * pitch - 1.0, "空二行 under the rule");
}

/// 主送 flush left; the seal's 落款: the date 4 字 from the right edge, the organ
/// centred over it; the 附注 2 字 in on the line after the date.
fn check_closing(pages: &[Value], addressee: &str, organ: &str, date: &str, remark: &str) {
    let cell = 156.0 / 28.0;
    let (_, addressee) = find(pages, addressee);
    assert!((f(addressee, "x0") - 28.0).abs() <= 0.3, "{addressee}");
    let (_, date) = find(pages, date);
    assert!((f(date, "x1") - (184.0 - 4.0 * cell)).abs() <= 1.0, "date ends at {}", f(date, "x1"));
    let (_, organ) = find(pages, organ);
    let mid = |l: &Value| (f(l, "x0") + f(l, "x1")) / 2.0;
    // Centred on the date's width with half-width digits (the 仿宋 of office
    // machines); LibreOffice adds about ⅕ 字 between Han characters and digits,
    // five times in a date, which moves the date's centre 3 mm left of it.
    assert!((mid(organ) - mid(date)).abs() <= 3.5, "organ over the date: {} vs {}", mid(organ), mid(date));
    let (_, remark) = find(pages, remark);
    assert!((f(remark, "x0") - (28.0 + 2.0 * cell)).abs() <= 0.5, "{remark}");
    assert!((f(remark, "top") - f(date, "top") - 225.0 / 22.0).abs() <= 0.5, "附注 the line after the date");
}

/// `label` first on a page of its own, flush left in 黑体; the issued document's
/// title (starting `title`) on line 3.
fn check_annex(pages: &[Value], label: &str, title: &str) {
    let (annex_page, found) = find(pages, &format!("{label}$"));
    assert_eq!(lines(&pages[annex_page - 1])[0]["text"], label);
    assert!((f(found, "top") - 39.3).abs() <= 1.0 && (f(found, "x0") - 28.0).abs() <= 0.3, "{found}");
    assert!(found["font"].as_str().unwrap().contains("Hei"), "{found}");
    let annex_title = &lines(&pages[annex_page - 1])[1];
    assert!(annex_title["text"].as_str().unwrap().starts_with(title), "{annex_title}");
    // Line 3 of the grid: 37 mm + two lines of 225 mm / 22 down, and within it.
    let line3 = 37.0 + 2.0 * 225.0 / 22.0;
    let top = f(annex_title, "top");
    assert!((line3..line3 + 225.0 / 22.0).contains(&top), "title at {top} mm, line 3 from {line3}");
}

/// The 版记 (`cc`, then `printed_by` with the date) on the last page, an even one,
/// without a page number; its rules thick, thin, thick and as wide as the type
/// area (§7.4.1), the last on its bottom edge (262 mm); no page number on a page
/// without text either.
fn check_imprint(pages: &[Value], cc: Option<&str>, printed_by: &str) {
    let last = pages.last().unwrap();
    assert_eq!(pages.len() % 2, 0, "{} pages", pages.len());
    let one = 14.0 / 72.0 * 25.4;
    let (printed_page, printed) = find(pages, printed_by);
    assert_eq!(printed_page, pages.len());
    assert!(!lines(last).iter().any(is_page_number), "{last}");
    let rules = last["rules"].as_array().unwrap();
    for r in rules {
        let (x0, x1) = (f(r, "x0"), f(r, "x1"));
        assert!((x0 - 28.0).abs() <= 0.5 && (x1 - 184.0).abs() <= 0.5, "版记 rule {x0}–{x1} mm, not 28–184");
    }
    let mut tops: Vec<(f64, f64)> = rules.iter().map(|r| (f(r, "top"), f(r, "width"))).collect();
    tops.sort_by(|a, b| a.0.total_cmp(&b.0));
    tops.dedup_by(|a, b| (a.0 - b.0).abs() < 0.2);
    let widths: Vec<f64> = tops.iter().map(|t| t.1).collect();
    let want: &[f64] = if cc.is_some() { &[0.35, 0.25, 0.35] } else { &[0.35, 0.35] };
    assert_eq!(widths.len(), want.len(), "{tops:?}");
    assert!(widths.iter().zip(want).all(|(w, x)| (w - x).abs() < 0.05), "{tops:?}");
    let foot = tops.last().unwrap().0;
    assert!((foot - 262.0).abs() <= 1.0, "last rule at {foot} mm");
    if let Some(cc) = cc {
        let (cc_page, cc) = find(pages, cc);
        assert_eq!(cc_page, pages.len());
        assert!((f(cc, "x0") - (28.0 + one)).abs() <= 0.5, "抄送 1 字 in: {cc}");
        assert!(f(printed, "top") > f(cc, "top"));
    }
    assert!(f(printed, "top") > tops[0].0 && f(printed, "bottom") < foot);
    assert!((f(printed, "x0") - (28.0 + one)).abs() <= 0.5, "印发机关 1 字 in");
    assert!((f(printed, "x1") - (184.0 - one)).abs() <= 0.5, "印发日期 1 字 from the right");
    for (n, page) in pages.iter().enumerate() {
        let numbered = lines(page).iter().any(is_page_number);
        let text = lines(page).iter().any(|l| !is_page_number(l));
        assert_eq!(numbered, text && n + 1 < pages.len(), "page {}", n + 1);
    }
}

#[test]
fn libreoffice_prints_the_frame_where_the_standard_puts_it() {
    let docx = docx_of("print", NOTICE, Some(WITH_ANNEX));
    let pages = print(&docx);
    // The folder goes (LibreOffice's profile is large); the pages are in memory.
    let _ = std::fs::remove_dir_all(docx.parent().unwrap().parent().unwrap());
    let (_, copy) = find(&pages, "000001$");
    assert!((f(copy, "top") - 39.3).abs() <= 1.0 && copy["font"].as_str().unwrap().contains("Hei"), "{copy}");
    check_masthead(&pages, "××区教育工会文件", "×教工〔2025〕3号", "关于印发");
    check_closing(&pages, "各中小学工会：", "××区教育工会$", "2025年1月6日$", "（联系人");
    check_annex(&pages, "附件1", "××区教育工会2025年工作计划");
    check_imprint(&pages, Some("抄送：区教育局，区总工会。"), "××区教育工会办公室");
}

#[test]
fn the_notice_sample_issuing_the_school_plan_prints_to_the_standard() {
    let dir = common::temp_dir("official-docx", "sample");
    for file in ["notice.toml", "school-plan.toml"] {
        std::fs::copy(root().join("samples").join(file), dir.join(file)).unwrap();
    }
    wengao(&dir, &["build", "notice.toml", "-o", "out", "-f", "docx", "--force", "-q"]);
    // The PDF keeps the sealed 落款 on page 1 with one empty line above it
    // rather than two (§7.3.5.5): the DOCX takes the same gap.
    let xml = part(&dir.join("out/notice.docx"), "word/document.xml");
    let paras = paragraphs(&xml);
    let organ = paras.iter().position(|p| p.contains("<w:pStyle w:val=\"Signature\"/>")).unwrap();
    let blank = |p: &&&str| !p.contains("<w:t") && !p.contains("<w:pStyle");
    let gap = paras[..organ].iter().rev().take_while(blank).count();
    assert_eq!(gap, 1, "{:#?}", &paras[organ - 3..=organ]);
    let pages = print(&dir.join("out/notice.docx"));
    let _ = std::fs::remove_dir_all(&dir);
    // As in the PDF, page 1 holds the 主送, the body, the 附件说明 and the 落款.
    for text in ["各中小学工会：", "附件：", "××区教育工会$", "2025年1月6日$"] {
        assert_eq!(find(&pages, text).0, 1, "{text} on page 1");
    }
    check_masthead(&pages, "××区教育工会文件", "×教工〔2025〕3号", "关于印发");
    check_closing(&pages, "各中小学工会：", "××区教育工会$", "2025年1月6日$", "（联系人");
    check_annex(&pages, "附件", "××市实验小学工会2025年工作计划");
    check_imprint(&pages, Some("抄送：区教育局，区总工会。"), "××区教育工会办公室");
}

/// A joint 上行文: two organs and 文件, three 签发人.
const JOINT: &str = r#"title = "关于开展2025年教职工体育活动的请示"
addressee = "区教育局"
preface = "为丰富教职工业余生活，拟于2025年春季开展教职工体育活动。妥否，请批示。"
organization = "××区教育工会"
date = 2025-01-06
seal = true

[masthead]
issuer = ["××区教育局", "××区教育工会"]
issuer_suffix = "文件"
number = "×教工〔2025〕4号"
signers = ["张三", "李四", "王五"]

[imprint]
printed_by = "××区教育工会办公室"
printed_on = 2025-01-06
"#;

#[test]
fn a_joint_upward_masthead_stacks_the_organs_and_sets_the_signers_right() {
    let docx = docx_of("joint", JOINT, None);
    let xml = part(&docx, "word/document.xml");
    assert!(!xml.contains("<w:drawing") && !xml.contains("txbxContent"));
    assert_eq!(xml.matches("签发人：").count(), 1, "the Markdown's label set apart once");
    let pages = print(&docx);
    let _ = std::fs::remove_dir_all(docx.parent().unwrap().parent().unwrap());
    let cell = 156.0 / 28.0;
    // The names red, stacked from 72 mm, spread to one width; 文件 red beside
    // them, centred on the stack.
    let (_, first) = find(&pages, "××区教育局$");
    let (_, second) = find(&pages, "××区教育工会$");
    let (_, suffix) = find(&pages, "文件$");
    for l in [first, second, suffix] {
        assert!(l["red"].as_array().unwrap().iter().all(|r| r == true), "{l}");
    }
    assert!((f(first, "top") - 72.0).abs() <= 1.0, "{first}");
    assert!(f(second, "top") > f(first, "bottom") - 0.5, "stacked: {first} {second}");
    assert!(
        (f(first, "x0") - f(second, "x0")).abs() <= 0.5 && (f(first, "x1") - f(second, "x1")).abs() <= 0.5
    );
    let stack_mid = (f(first, "top") + f(second, "bottom")) / 2.0;
    let suffix_mid = (f(suffix, "top") + f(suffix, "bottom")) / 2.0;
    assert!((stack_mid - suffix_mid).abs() <= 1.0, "文件 centred: {suffix_mid} vs {stack_mid}");
    assert!(f(suffix, "x0") > f(first, "x1"));
    // 签发人 1 字 from the right, two names a line; the 发文字号 1 字 in on the
    // last line, the red rule 4 mm under it.
    let (_, signers) = find(&pages, "签发人：张三");
    assert!((f(signers, "x1") - (184.0 - cell)).abs() <= 0.5, "{signers}");
    let (_, number) = find(&pages, "×教工〔2025〕4号");
    assert!((f(number, "x0") - (28.0 + cell)).abs() <= 0.5, "{number}");
    assert!(number["text"].as_str().unwrap().ends_with("王五"), "{number}");
    assert!(f(number, "top") > f(signers, "top"));
    let rule = &pages[0]["rules"].as_array().unwrap()[0];
    assert!(rule["red"] == true && (f(rule, "top") - f(number, "bottom") - 4.0).abs() <= 0.5, "{rule}");
    check_imprint(&pages, None, "××区教育工会办公室");
}
