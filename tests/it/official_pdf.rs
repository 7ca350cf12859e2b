//! The 公文 frame in the PDF, measured (GB/T 9704-2012 §7.2–§7.5): the 版头's
//! positions and its one colour, the seal's 落款 and the 附注, the 附件 pages,
//! the 版记 at the foot of the last even page and the pages without a number.
//!
//! pdfplumber reads every glyph (its baseline from the text matrix, its size and
//! fill colour) and every rule (its y, ends, thickness and stroke colour). A
//! glyph's "top edge" is the top of its ideographic em box, 0.88 em above the
//! baseline (pdfplumber's own `top` comes from the font's hhea descender, which
//! for the CJK faces is not the em box). Needs python3 with pdfplumber.

use crate::common;

use common::{root, tool};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use wengao::format::Format;
use wengao::pipeline::build_loaded;
use wengao::render::Templates;

const MM: f64 = 72.0 / 25.4;
const LEFT: f64 = 28.0 * MM;
const TOP: f64 = 37.0 * MM;
const WIDTH: f64 = 156.0 * MM;
const RIGHT: f64 = LEFT + WIDTH;
const BOTTOM: f64 = TOP + 225.0 * MM;
const PITCH: f64 = 225.0 * MM / 22.0;
const CELL: f64 = WIDTH / 28.0;
/// A grid line's baseline sits this far under its top.
const BASELINE: f64 = 21.0;
const EM_ASCENT: f64 = 0.88;
/// Within 1 mm, as the standard's tolerances.
const TOL: f64 = MM;

/// Every page's text lines (baseline, x0, x1, size, text, font, colours) and
/// rules, as JSON.
const MEASURE: &str = r#"
import json, sys, logging
logging.getLogger("pdfminer").setLevel(logging.ERROR)
import pdfplumber
def colour(c):
    return json.dumps([float(x) for x in c] if isinstance(c, (tuple, list)) else [float(c)])
out = []
with pdfplumber.open(sys.argv[1]) as pdf:
    for p in pdf.pages:
        rows = {}
        for c in p.chars:
            if not c["text"].strip():
                continue
            base = round(float(p.height) - c["matrix"][5], 2)
            key = next((k for k in rows if abs(k - base) < 0.5), base)
            rows.setdefault(key, []).append(c)
        lines = []
        for base in sorted(rows):
            cs = sorted(rows[base], key=lambda c: c["x0"])
            lines.append({
                "baseline": base, "x0": cs[0]["x0"], "x1": cs[-1]["x1"], "size": cs[0]["size"],
                "text": "".join(c["text"] for c in cs), "font": cs[0]["fontname"],
                "colours": sorted({colour(c["non_stroking_color"]) for c in cs}),
                "red": "".join(c["text"] for c in cs if c["non_stroking_color"] == (0, 1, 1, 0)),
            })
        rules = [{"y": l["top"], "x0": l["x0"], "x1": l["x1"], "width": l["linewidth"],
                  "colour": colour(l["stroking_color"])} for l in p.lines]
        out.append({"lines": lines, "rules": rules})
print(json.dumps(out))
"#;

struct Line {
    baseline: f64,
    x0: f64,
    x1: f64,
    size: f64,
    text: String,
    font: String,
    red: String,
    colours: Vec<String>,
}

struct Rule {
    y: f64,
    x0: f64,
    x1: f64,
    width: f64,
    colour: String,
}

struct Page {
    lines: Vec<Line>,
    rules: Vec<Rule>,
}

impl Page {
    fn line(&self, starts: &str) -> &Line {
        self.lines
            .iter()
            .find(|l| l.text.starts_with(starts))
            .unwrap_or_else(|| panic!("no line starting {starts:?} in {:?}", self.texts()))
    }

    fn texts(&self) -> Vec<&str> {
        self.lines.iter().map(|l| l.text.as_str()).collect()
    }

    /// The page number printed under the type area, if any.
    fn number(&self) -> Option<String> {
        self.lines.iter().find(|l| l.baseline > BOTTOM + 5.0).map(|l| l.text.clone())
    }
}

fn measure(pdf: &Path) -> Vec<Page> {
    let out =
        Command::new("python3").arg("-c").arg(MEASURE).arg(pdf).output().expect("python3 must be installed");
    assert!(out.status.success(), "pdfplumber: {}", String::from_utf8_lossy(&out.stderr));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let f = |v: &Value, k: &str| v[k].as_f64().unwrap();
    let s = |v: &Value, k: &str| v[k].as_str().unwrap().to_string();
    json.as_array()
        .unwrap()
        .iter()
        .map(|p| Page {
            lines: p["lines"]
                .as_array()
                .unwrap()
                .iter()
                .map(|l| Line {
                    baseline: f(l, "baseline"),
                    x0: f(l, "x0"),
                    x1: f(l, "x1"),
                    size: f(l, "size"),
                    text: s(l, "text"),
                    font: s(l, "font"),
                    red: s(l, "red"),
                    colours: l["colours"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|c| c.as_str().unwrap().into())
                        .collect(),
                })
                .collect(),
            rules: p["rules"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| Rule {
                    y: f(r, "y"),
                    x0: f(r, "x0"),
                    x1: f(r, "x1"),
                    width: f(r, "width"),
                    colour: s(r, "colour"),
                })
                .collect(),
        })
        .collect()
}

fn near(what: &str, got: f64, want: f64) {
    assert!((got - want).abs() <= TOL, "{what}: {:.2} mm, want {:.2} mm", got / MM, want / MM);
}

/// The baseline of grid line `k` (from 0).
fn grid(k: usize) -> f64 {
    TOP + k as f64 * PITCH + BASELINE
}

fn on_grid(l: &Line) -> bool {
    let k = ((l.baseline - grid(0)) / PITCH).round();
    (l.baseline - grid(0) - k * PITCH).abs() < 0.1
}

fn temp_dir(name: &str) -> PathBuf {
    common::temp_dir("official", name)
}

/// Builds the PDF of `toml` (with the templates in `templates`, if any) into `dir`.
fn build(toml: &str, templates: Option<&Path>, dir: &Path) -> PathBuf {
    let loaded =
        wengao::input::parse(&dir.join("notice.toml"), toml.as_bytes()).unwrap_or_else(|r| panic!("{r}"));
    let templates = Templates::load(templates).unwrap();
    let built = build_loaded(&loaded, &templates, &[Format::Pdf]).unwrap_or_else(|r| panic!("{r}"));
    let pdf = dir.join("notice.pdf");
    std::fs::write(&pdf, &built.products[0].bytes).unwrap();
    pdf
}

/// Builds the PDF of the Markdown `md` (a template that prints it as it is).
fn build_markdown(md: &str, dir: &Path) -> PathBuf {
    let templates = dir.join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(templates.join("document.md.tera"), md).unwrap();
    build("title = \"x\"\n", Some(&templates), dir)
}

/// tests/pdfcheck.py's failures, each line.
fn pdfcheck_failures(pdf: &Path) -> Vec<String> {
    let report = tool(Command::new("python3").arg(root().join("tests/pdfcheck.py")).arg(pdf));
    assert!(report.contains(" passed, "), "{report}");
    report.lines().filter(|l| l.starts_with("FAIL")).map(String::from).collect()
}

const NOTICE: &str = r#"
title = "关于印发《××区教育工会2025年工作计划》的通知"
addressee = "各中小学工会"
preface = """
现将《××区教育工会2025年工作计划》印发给你们，请结合实际认真贯彻落实。各校工会要把计划的各项任务分解到月，明确责任人和完成时限。

执行中遇到的问题，请及时报区教育工会。
"""
organization = "××区教育工会"
date = 2025-01-06
seal = true
remark = "联系人：张三，电话：12345678"

[masthead]
copy_number = "000001"
secrecy = "秘密★1年"
urgency = "特急"
issuer = "××区教育工会文件"
number = "×教工〔2025〕3号"

[imprint]
cc = ["区教育局", "区总工会", "区财政局", "区人力资源和社会保障局", "区卫生健康委员会", "各街道工会联合会", "区教育工会各委员"]
printed_by = "××区教育工会办公室"
printed_on = 2025-01-06
"#;

#[test]
fn the_masthead_stands_where_the_standard_puts_it_in_red_only_there() {
    let dir = temp_dir("masthead");
    let pdf = build(NOTICE, None, &dir);
    let pages = measure(&pdf);
    let first = &pages[0];
    // 份号, 密级, 紧急程度: lines 1–3, flush left, 3号黑体.
    for (k, text) in ["000001", "秘密★1年", "特急"].iter().enumerate() {
        let l = first.line(text);
        near(text, l.baseline, grid(k));
        near(text, l.x0, LEFT);
        assert!(l.font.contains("Hei") && (l.size - 16.0).abs() < 0.1, "{text}: {} {}", l.font, l.size);
    }
    // The 发文机关标志: red 小标宋, its em box's top 35 mm under the type area's top
    // (72 mm from the sheet's top), centred.
    let issuer = first.line("××区教育工会文件");
    assert_eq!(issuer.red, issuer.text, "the 标志 is red");
    assert!(issuer.font.contains("NotoSerifCJKsc-Bold"), "{}", issuer.font);
    near("标志 top edge", issuer.baseline - EM_ASCENT * issuer.size, 72.0 * MM);
    near("标志 centred", issuer.x0 - LEFT, RIGHT - issuer.x1);
    // Red: the 标志's glyphs and nothing else, on every page.
    for (n, page) in pages.iter().enumerate() {
        for l in &page.lines {
            if l.text != issuer.text || n > 0 {
                assert!(
                    l.red.is_empty() && l.colours == ["[0.0]"],
                    "p{} {:?} is {:?}",
                    n + 1,
                    l.text,
                    l.colours
                );
            }
        }
    }
    // The 发文字号: centred on the third line under the 标志's (空二行), both on the grid.
    let number = first.line("×教工〔2025〕3号");
    assert!(on_grid(issuer) && on_grid(number));
    near("发文字号 under the 标志", number.baseline - issuer.baseline, 3.0 * PITCH);
    near("发文字号 centred", number.x0 - LEFT, RIGHT - number.x1);
    // The red rule: 4 mm under the 发文字号's em box, as wide as the type area;
    // the one red rule, the only rule of the page.
    assert_eq!(first.rules.len(), 1, "one rule on page 1");
    let rule = &first.rules[0];
    assert_eq!(rule.colour, "[0.0, 1.0, 1.0, 0.0]");
    near("red rule", rule.y, number.baseline + (1.0 - EM_ASCENT) * 16.0 + 4.0 * MM);
    near("red rule from", rule.x0, LEFT);
    near("red rule to", rule.x1, RIGHT);
    // The title: two empty lines under the rule (the third grid line under the
    // 发文字号), 2号, centred; the 主送 one line under it, flush left.
    let title = first.line("关于印发");
    near("title", title.baseline, number.baseline + 3.0 * PITCH);
    assert!((title.size - 22.0).abs() < 0.1 && on_grid(title));
    let title_end = first.line("2025年工作计划》的通知");
    let addressee = first.line("各中小学工会：");
    near("主送", addressee.baseline, title_end.baseline + 2.0 * PITCH);
    near("主送 flush left", addressee.x0, LEFT);
    // Back on the grid: every line after the 版头, on every page but the 版记's.
    for page in &pages {
        for l in page.lines.iter().filter(|l| l.baseline > number.baseline && l.baseline < BOTTOM) {
            assert!(on_grid(l) || (l.size - 14.0).abs() < 0.1, "{:?} off the grid", l.text);
        }
    }
    // pdfcheck: everything passes but its justification check, which takes the
    // 版头's short flush-left lines (份号 above 密级) for a wrapped paragraph.
    for fail in pdfcheck_failures(&pdf) {
        let head = fail.contains("'000001'") || fail.contains("'秘密★1年'");
        assert!(fail.contains("wrapped lines are justified") && head, "{fail}");
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_sealed_closing_the_remark_and_the_imprint_are_placed_to_the_standard() {
    let dir = temp_dir("closing");
    let pdf = build(NOTICE, None, &dir);
    let pages = measure(&pdf);
    let last = pages.last().unwrap();
    // 落款 with the seal: the date 4 字 from the right edge, the organ centred over it.
    let page = pages.iter().find(|p| p.lines.iter().any(|l| l.text == "2025年1月6日")).unwrap();
    let date = page.line("2025年1月6日");
    let organ = page.lines.iter().find(|l| l.text == "××区教育工会").unwrap();
    near("date right 4 字", date.x1, RIGHT - 4.0 * CELL);
    near("organ centred over the date", (organ.x0 + organ.x1) / 2.0, (date.x0 + date.x1) / 2.0);
    near("organ over the date", date.baseline - organ.baseline, PITCH);
    // 附注: in （）, 2 字 in, the line after the date.
    let remark = page.line("（联系人：张三");
    near("附注 2 字 in", remark.x0, LEFT + 2.0 * CELL);
    near("附注 under the date", remark.baseline - date.baseline, PITCH);
    // The sealed 落款 has two empty lines above it, but this notice is a line too
    // long for its first page with both: one goes (§7.3.5.5; see the next test).
    let text_end = page.line("执行中遇到的问题");
    near("one empty line above the 署名", organ.baseline - text_end.baseline, 2.0 * PITCH);
    // The text ends on page 1 (odd): the 版记 at the foot of page 2, alone there;
    // no blank page before it, so it keeps its number (§7.5 leaves out only a blank
    // page and the 版记 page after it; see the next test). Its last rule on the
    // type area's bottom edge.
    assert_eq!(pages.len(), 2);
    assert!(last.lines.iter().all(|l| l.size < 15.0), "{:?}", last.texts());
    assert_eq!(last.number().as_deref(), Some("—2—"));
    assert_eq!(last.rules.len(), 3, "thick, thin, thick");
    let ys: Vec<f64> = last.rules.iter().map(|r| r.y).collect();
    near("last rule on the bottom edge", ys.iter().cloned().fold(0.0, f64::max), BOTTOM);
    for r in &last.rules {
        assert_eq!(r.colour, "[0.0]", "版记 rules are black");
        near("版记 rule from", r.x0, LEFT);
        near("版记 rule to", r.x1, RIGHT);
        let thick = r.y < ys[1] - 1.0 || r.y > BOTTOM - 1.0;
        let want = if thick { 0.35 } else { 0.25 };
        assert!((r.width - want * MM).abs() < 0.01, "rule at {:.1}: {} pt", r.y / MM, r.width);
    }
    // 抄送 in 4号, 1 字 in, wrapped lines under the first name; 印发机关 1 字 in,
    // 印发日期 1 字 from the right, on one line under the thin rule.
    let one = CELL * 14.0 / 16.0;
    let cc = last.line("抄送：");
    assert!((cc.size - 14.0).abs() < 0.1 && cc.font.contains("Fang"));
    near("抄送 1 字 in", cc.x0, LEFT + one);
    let wrapped = last.lines.iter().find(|l| (l.baseline - cc.baseline - PITCH).abs() < 1.0).unwrap();
    assert!((wrapped.size - 14.0).abs() < 0.1 && wrapped.text.ends_with("。"), "{}", wrapped.text);
    near("抄送 wrapped after the colon", wrapped.x0, LEFT + 4.0 * one);
    // (Its last mark, set half width at the line's end, keeps its full box in pdfplumber.)
    let half = if cc.text.ends_with(['，', '、']) { 7.0 } else { 0.0 };
    near("抄送 right 1 字", cc.x1 - half, RIGHT - one);
    let printed = last.line("××区教育工会办公室");
    near("印发机关 1 字 in", printed.x0, LEFT + one);
    near("印发日期 1 字 from the right", printed.x1, RIGHT - one);
    assert!(printed.text.ends_with("2025年1月6日印发"), "{}", printed.text);
    let thin = last.rules.iter().find(|r| (r.width - 0.25 * MM).abs() < 0.01).unwrap();
    assert!(wrapped.baseline < thin.y && thin.y < printed.baseline);
    std::fs::remove_dir_all(&dir).ok();
}

/// A document of `paragraphs` one-line paragraphs after its title, and a 版记.
fn imprinted(paragraphs: usize) -> String {
    let body: Vec<String> = (1..=paragraphs).map(|k| format!("第{k}段，本段说明工作安排。")).collect();
    format!(
        "title = \"通知\"\npreface = \"\"\"\n{}\n\"\"\"\n[imprint]\ncc = \"区教育局\"\nprinted_by = \"区教育工会办公室\"\nprinted_on = 2025-01-06\n",
        body.join("\n\n")
    )
}

#[test]
fn the_imprint_ends_an_even_page_and_blank_pages_carry_no_number() {
    let dir = temp_dir("even");
    // Page 1 holds 20 one-line paragraphs (the title and a blank line above).
    // (paragraphs, pages numbered — 1 to N —, unnumbered pages after them)
    for (paragraphs, numbered, unnumbered) in [
        // Text ends on page 1: the 版记 alone on page 2, numbered (no blank page
        // comes before it).
        (5, 2, 0),
        // Text ends on page 2 with room: the 版记 under it; page 2 keeps its number.
        (30, 2, 0),
        // Text fills page 2: page 3 is blank, the 版记 on page 4, neither numbered.
        (42, 2, 2),
        // The same past the PDF writer's first chunks (64 pages), the pages
        // written as they are filled: text fills page 66, the 版记 on page 68.
        (20 + 22 * 65, 66, 2),
    ] {
        let pdf = build(&imprinted(paragraphs), None, &dir);
        let pages = measure(&pdf);
        let got: Vec<Option<String>> = pages.iter().map(Page::number).collect();
        let want: Vec<Option<String>> = (1..=numbered)
            .map(|n| Some(format!("—{n}—")))
            .chain(std::iter::repeat_n(None, unnumbered))
            .collect();
        assert_eq!(got, want, "{paragraphs} paragraphs");
        let last = pages.last().unwrap();
        assert!(last.lines.iter().any(|l| l.text.starts_with("抄送：")), "{paragraphs}: {:?}", last.texts());
        near("last rule", last.rules.iter().map(|r| r.y).fold(0.0, f64::max), BOTTOM);
        if unnumbered > 0 {
            let blank = &pages[pages.len() - 2];
            assert!(blank.lines.is_empty() && blank.rules.is_empty(), "the page before the 版记's is blank");
        }
        // pdfcheck does not know the 版记: it takes the page before a 版记 page
        // of its own for a short one, and expects a number on 80 % of the pages
        // (a short document with pages unnumbered as the standard has it falls
        // under); the numbers it finds must still be well placed.
        for fail in pdfcheck_failures(&pdf) {
            let short = fail.contains("pages are filled") && fail.contains("1 short pages: p1 ends");
            let numbered = got.iter().flatten().count();
            let numbers = fail.contains(&format!(": {numbered} numbers on {} pages", pages.len()))
                && numbered < pages.len()
                && !fail.contains("misplaced");
            assert!((short && paragraphs == 5) || numbers, "{paragraphs}: {fail}");
        }
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn an_annex_starts_a_page_with_its_label_and_its_title_on_line_three() {
    let dir = temp_dir("annex");
    let md = "# 关于印发工作计划的通知 {.title}\n\n###### 各中小学工会： {.addressee}\n\n\
              现将工作计划印发给你们。\n\n###### 附件：××区教育工会2025年工作计划 {.attachment}\n\n\
              ###### ××区教育工会 {.signature .seal}\n\n###### 2025年1月6日 {.date .seal}\n\n\
              ###### 附件1 {.annex}\n\n# ××区教育工会2025年工作计划 {.title}\n\n\
              ## 一、加强组织建设\n\n健全工会组织。\n\n###### 附件2 {.annex}\n\n# 经费预算表 {.title}\n\n预算如下。\n\n\
              ###### 抄送：区教育局。 {.copy-to}\n\n###### 区教育工会办公室 {.printed-by}\n\n\
              ###### 2025年1月6日印发 {.printed-on}\n";
    let pdf = build_markdown(md, &dir);
    let pages = measure(&pdf);
    for (label, title) in [("附件1", "××区教育工会2025年工作计划"), ("附件2", "经费预算表")]
    {
        let (n, page) =
            pages.iter().enumerate().find(|(_, p)| p.lines.iter().any(|l| l.text == label)).unwrap();
        // The label on line 1 at the left, 3号黑体; the title centred on line 3.
        let l = &page.lines[0];
        assert_eq!(l.text, label);
        near("label on line 1", l.baseline, grid(0));
        near("label at the left", l.x0, LEFT);
        assert!(l.font.contains("Hei") && (l.size - 16.0).abs() < 0.1);
        let t = page.line(title);
        near("title on line 3", t.baseline, grid(2));
        near("title centred", t.x0 - LEFT, RIGHT - t.x1);
        assert!((t.size - 22.0).abs() < 0.1);
        // Page numbers continue.
        let want = format!("—{}—", n + 1);
        assert_eq!(page.number().as_deref(), Some(want.as_str()));
    }
    // The 版记 after the last annex, at the foot of the last (even) page.
    assert_eq!(pages.len() % 2, 0);
    let last = pages.last().unwrap();
    assert!(last.lines.iter().any(|l| l.text.starts_with("抄送：")));
    assert!(!pages[..pages.len() - 1].iter().any(|p| p.lines.iter().any(|l| l.text.starts_with("抄送"))));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_joint_issue_stacks_its_organs_and_a_report_puts_the_signers_right() {
    let dir = temp_dir("joint");
    let toml = r#"
title = "关于2025年教职工疗休养工作的请示"
addressee = "区总工会"
preface = "为落实教职工疗休养制度，现将有关事项请示如下。"
organization = "××区教育局"
date = 2025-01-06

[masthead]
issuer = ["××区教育局", "××区教育工会"]
issuer_suffix = "文件"
number = "×教〔2025〕12号"
signers = ["张三", "李四", "王五"]
"#;
    let pdf = build(toml, None, &dir);
    let pages = measure(&pdf);
    let first = &pages[0];
    // The organs stacked, red, the first's em box top 72 mm from the sheet's
    // top; 文件 red, right of them, vertically centred on them.
    let a = first.lines.iter().find(|l| l.red.contains("××区教育局")).unwrap();
    let b = first.lines.iter().find(|l| l.red.contains("××区教育工会")).unwrap();
    near("first organ top", a.baseline - EM_ASCENT * a.size, 72.0 * MM);
    assert!(b.baseline > a.baseline + a.size * 0.9);
    let red: String = first.lines.iter().map(|l| l.red.as_str()).collect();
    assert_eq!(red.chars().filter(|c| *c == '文' || *c == '件').count(), 2, "{red}");
    assert!(red.chars().all(|c| "××区教育局工会文件".contains(c)), "{red}");
    // 签发人: 仿宋 label, 楷体 names, two to a line, 1 字 from the right;
    // the 发文字号 1 字 in on the last line of names; the rule 4 mm under it.
    let signers = first.line("签发人：");
    near("签发人 right 1 字", signers.x1, RIGHT - CELL);
    assert!(signers.text.contains("张三") && signers.text.contains("李四"), "{}", signers.text);
    let number = first.line("×教〔2025〕12号");
    near("发文字号 1 字 in", number.x0, LEFT + CELL);
    near("on the next line", number.baseline - signers.baseline, PITCH);
    assert!(number.text.ends_with("王五"), "{}", number.text);
    let rule = &first.rules[0];
    near("red rule", rule.y, number.baseline + (1.0 - EM_ASCENT) * 16.0 + 4.0 * MM);
    let title = first.line("关于2025年");
    near("title", title.baseline, number.baseline + 3.0 * PITCH);
    std::fs::remove_dir_all(&dir).ok();
}

/// Long 签发人 names leave the 发文字号 no room on their last line: it went under
/// the names there and overprinted them; it now takes a line of its own below.
#[test]
fn long_signer_names_never_overprint_the_number() {
    let dir = temp_dir("long-signers");
    let toml = r#"
title = "关于请求拨付经费的请示"
preface = "正文。"

[masthead]
issuer = "××区教育工会文件"
number = "×教工〔2025〕3号"
signers = ["欧阳长长长长长长长长长长长长名字", "张三", "司马相如相如相如相如相如相如", "李四", "王五"]
"#;
    let pdf = build(toml, None, &dir);
    let first = &measure(&pdf)[0];
    let number = first.line("×教工〔2025〕3号");
    assert_eq!(number.text, "×教工〔2025〕3号", "the 发文字号 shares its line: {:?}", first.texts());
    let last_names = first.lines.iter().find(|l| l.text.ends_with("王五")).expect("the last 签发人");
    near("the 发文字号 a line under the names", number.baseline - last_names.baseline, PITCH);
    near("1 字 in", number.x0, LEFT + CELL);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn an_extreme_frame_keeps_its_places_and_drops_nothing() {
    let dir = temp_dir("extreme");
    // A 标志 too long to condense to 60 %: set smaller, its top still at 72 mm,
    // inside the type area.
    let long = "××市××区教育局××区教育工会××区总工会××区妇女联合会××区共青团委员会联合文件";
    let pdf = build(&format!("title = \"通知\"\n[masthead]\nissuer = \"{long}\"\n"), None, &dir);
    let pages = measure(&pdf);
    let issuer = pages[0].line("××市");
    assert_eq!(issuer.red, long);
    assert!(issuer.size < 42.0, "{}", issuer.size);
    near("long 标志 top", issuer.baseline - EM_ASCENT * issuer.size, 72.0 * MM);
    assert!(issuer.x0 >= LEFT - 0.5 && issuer.x1 <= RIGHT + 0.5, "{} {}", issuer.x0, issuer.x1);
    // Twelve organs: set smaller so that the 版头 keeps to the first page, the
    // first organ's top at 72 mm.
    let organs: Vec<String> = (1..=12).map(|k| format!("\"第{k}机关\"")).collect();
    let toml = format!(
        "title = \"通知\"\npreface = \"正文。\"\n[masthead]\nissuer = [{}]\nissuer_suffix = \"文件\"\nnumber = \"×教〔2025〕1号\"\n",
        organs.join(", ")
    );
    let pages = measure(&build(&toml, None, &dir));
    let first = pages[0].line("第1机关");
    near("first organ top", first.baseline - EM_ASCENT * first.size, 72.0 * MM);
    assert!(pages[0].lines.iter().any(|l| l.text == "第12机关"), "{:?}", pages[0].texts());
    let number = pages[0].line("×教〔2025〕1号");
    assert!(number.baseline < grid(12), "{}", number.baseline / MM);
    assert!(pages[0].lines.iter().any(|l| l.text == "通知"));
    // A 抄送 longer than a page: every name printed, the 版记 ending on an even page.
    let names: Vec<String> = (1..=60).map(|k| format!("\"区第{k}个很长很长的机关单位名称\"")).collect();
    let toml = format!("title = \"通知\"\n[imprint]\ncc = [{}]\nprinted_by = \"办公室\"\n", names.join(", "));
    let pdf = build(&toml, None, &dir);
    let pages = measure(&pdf);
    assert_eq!(pages.len() % 2, 0);
    let text = common::squash(&tool(Command::new("pdftotext").arg(&pdf).arg("-")));
    for k in 1..=60 {
        assert!(text.contains(&format!("区第{k}个很长很长的机关单位名称")), "{k} missing");
    }
    assert!(text.contains("办公室"));
    near("last rule", pages.last().unwrap().rules.iter().map(|r| r.y).fold(0.0, f64::max), BOTTOM);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_sealed_closing_gives_up_an_empty_line_rather_than_leave_the_first_page() {
    // Two lines of text, the 附件说明, the sealed 落款 and the 附注 under a 版头 and a
    // two-line title: one line too many for the first page with two empty lines
    // above the 署名. §7.3.5.5: tighten rather than move — one empty line goes, and
    // the whole notice stays on the first page, the 主送 with its text.
    let dir = temp_dir("squeeze");
    let toml = r#"
title = "关于印发《××区教育工会2025年工作计划》的通知"
addressee = "各中小学工会"
preface = "现将《××区教育工会2025年工作计划》印发给你们，请结合实际认真贯彻落实。"
organization = "××区教育工会"
date = 2025-01-06
seal = true
remark = "联系人：张三，电话：12345678"

[[attachment]]
title = "××区教育工会2025年工作计划"

[masthead]
issuer = "××区教育工会文件"
number = "×教工〔2025〕3号"
"#;
    let pages = measure(&build(toml, None, &dir));
    assert_eq!(pages.len(), 1, "{:?}", pages.iter().map(Page::texts).collect::<Vec<_>>());
    let first = &pages[0];
    let annex = first.line("附件：");
    let organ = first.lines.iter().find(|l| l.text == "××区教育工会").expect("the 署名 on page 1");
    let remark = first.line("（联系人");
    near("one empty line above the 署名", organ.baseline - annex.baseline, 2.0 * PITCH);
    near("附注 on the last line", remark.baseline, grid(21));
    near("主送 with its text", first.line("现将").baseline - first.line("各中小学工会：").baseline, PITCH);
    // Without the 附注 there is room: two empty lines above the 署名, for the seal
    // to come down within a line of the text with the 署名 and date in its lower half.
    let pages = measure(&build(&toml.replace("remark = ", "# remark = "), None, &dir));
    let annex = pages[0].line("附件：");
    let organ = pages[0].lines.iter().find(|l| l.text == "××区教育工会").unwrap();
    near("two empty lines above the 署名", organ.baseline - annex.baseline, 3.0 * PITCH);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_notice_sample_is_a_red_headed_document_with_its_plan_annexed() {
    let dir = temp_dir("sample");
    let templates = Templates::load(None).unwrap();
    let built = wengao::pipeline::build_file(
        &root().join("samples/notice.toml"),
        &templates,
        &[Format::Md, Format::Pdf],
    )
    .unwrap_or_else(|r| panic!("{r}"));
    let md = String::from_utf8(built.products[0].bytes.clone()).unwrap();
    let pdf = dir.join("notice.pdf");
    std::fs::write(&pdf, &built.products[1].bytes).unwrap();
    let pages = measure(&pdf);
    // The 版头, red in the 标志 and the rule only.
    let issuer = pages[0].line("××区教育工会文件");
    near("标志 top edge", issuer.baseline - EM_ASCENT * issuer.size, 72.0 * MM);
    let red: String = pages.iter().flat_map(|p| &p.lines).map(|l| l.red.as_str()).collect();
    assert_eq!(red, "××区教育工会文件");
    let red_rules =
        pages.iter().flat_map(|p| &p.rules).filter(|r| r.colour == "[0.0, 1.0, 1.0, 0.0]").count();
    assert_eq!(red_rules, 1);
    let number = pages[0].line("×教工〔2025〕3号");
    near("red rule", pages[0].rules[0].y, number.baseline + (1.0 - EM_ASCENT) * 16.0 + 4.0 * MM);
    near("title", pages[0].line("关于印发").baseline, number.baseline + 3.0 * PITCH);
    // The whole notice on page 1; the plan from page 2: 附件 on line 1, its title on line 3.
    assert!(pages[0].lines.iter().any(|l| l.text.starts_with("（联系人")), "{:?}", pages[0].texts());
    let label = &pages[1].lines[0];
    assert_eq!(label.text, "附件");
    near("附件 on line 1", label.baseline, grid(0));
    near("附件 at the left", label.x0, LEFT);
    near("its title on line 3", pages[1].line("××市实验小学工会2025年工作计划").baseline, grid(2));
    assert_eq!(pages[1].number().as_deref(), Some("—2—"));
    // The 版记 at the foot of the last page, an even one.
    let last = pages.last().unwrap();
    assert_eq!(pages.len() % 2, 0);
    assert!(last.line("抄送：").text.ends_with("。"));
    near("last rule", last.rules.iter().map(|r| r.y).fold(0.0, f64::max), BOTTOM);
    let blank_before = pages[pages.len() - 2].lines.is_empty();
    assert_eq!(last.number().is_none(), blank_before);
    // Nothing lost: the PDF's text is the Markdown's.
    common::assert_same_text("notice.toml", &common::markdown_text(&md), &common::pdf_text(&pdf, &md));
    // pdfcheck: all passes but, when the 版记 has a page of its own, the page
    // before it, which it takes for a page ended early.
    for fail in pdfcheck_failures(&pdf) {
        let before = format!("1 short pages: p{} ends", pages.len() - 1);
        assert!(fail.contains("pages are filled") && fail.contains(&before), "{fail}");
    }
    std::fs::remove_dir_all(&dir).ok();
}
