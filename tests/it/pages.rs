//! Page rules on documents written to hit them (issue: the 落款 never alone,
//! nothing dangling at a page foot, no letter-spaced lines):
//!
//! - a summary with 附件 and 落款, built at 22 consecutive lengths, so that the end
//!   of its body falls on every line of a page once: every PDF passes every check
//!   of tests/pdfcheck.py (the 落款 shares its page with two lines of body, pages
//!   are full but where lines were carried to keep the 落款 company, …);
//! - the same with a month schedule as the last thing before the 落款;
//! - a 12-part collection whose 目录 entries take two lines: no entry is split
//!   over two pages;
//! - a paragraph with a URL and an e-mail address: no letter-spaced line.

use crate::common;

use common::root;
use std::path::{Path, PathBuf};
use wengao::format::Format;
use wengao::pipeline::build_loaded;
use wengao::render::Templates;

fn pdf_of(toml: &str, path: &Path) -> PathBuf {
    let loaded =
        wengao::input::parse(&path.with_extension("toml"), toml.as_bytes()).unwrap_or_else(|r| panic!("{r}"));
    let templates = Templates::load(None).unwrap();
    let built = build_loaded(&loaded, &templates, &[Format::Pdf]).unwrap_or_else(|r| panic!("{r}"));
    std::fs::write(path, &built.products[0].bytes).unwrap();
    path.to_path_buf()
}

/// pdfcheck's report; `Err` when a check failed.
fn pdfcheck(pdf: &Path) -> Result<String, String> {
    let out = std::process::Command::new("python3")
        .arg(root().join("tests/pdfcheck.py"))
        .arg(pdf)
        .output()
        .expect("python3 runs tests/pdfcheck.py");
    let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    if out.status.success() && text.contains(" 0 failed") {
        Ok(text)
    } else {
        Err(text)
    }
}

/// A summary with `n` body paragraphs of two lines each (and one of one line when
/// `short`), then 附件 and 落款; with `schedule`, a month table before them.
fn summary(n: usize, short: bool, schedule: bool) -> String {
    let mut s = String::from(
        "title = \"××小学工会2024年工作总结\"\norganization = \"××小学工会\"\ndate = 2024-12-28\n",
    );
    s.push_str("\n[[section]]\ntitle = \"主要工作\"\ntext = \"\"\"\n");
    for i in 0..n {
        s.push_str(&format!("第{i}项：围绕学校中心工作，组织教职工开展学习交流活动，推动各项工作落实见效，取得了良好的效果。\n\n"));
    }
    if short {
        s.push_str("全年工作圆满完成。\n");
    }
    s.push_str("\"\"\"\n");
    if schedule {
        s.push_str("\n[schedule]\ntitle = \"附：2025年工作要点\"\n");
        for m in ["二月", "三月", "四月"] {
            s.push_str(&format!(
                "\n[[schedule.entry]]\nwhen = \"{m}\"\nitems = [\"召开工会委员会议\", \"开展{m}主题活动\"]\n"
            ));
        }
    }
    s.push_str("\n[[attachment]]\ntitle = \"2024年工会经费收支情况表\"\n\n[[attachment]]\ntitle = \"2024年教职工活动统计表\"\n");
    s
}

/// Builds the documents and checks each with pdfcheck, two at a time.
fn check_all(name: &str, docs: Vec<(String, String)>) {
    let dir = common::temp_dir("pages", name);
    let failures = common::failures_on_two_threads(&docs, |(label, toml)| {
        let pdf = pdf_of(toml, &dir.join(format!("{label}.pdf")));
        pdfcheck(&pdf).err().map(|report| format!("==== {label}\n{report}"))
    });
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_closing_never_stands_alone_wherever_the_body_ends() {
    // Two-line paragraphs move the end by two lines; the one-line paragraph fills the
    // odd positions: 22 documents, every line of a page once.
    let docs = (0..22).map(|k| (format!("summary-{k}"), summary(12 + k / 2, k % 2 == 1, false))).collect();
    check_all("closing", docs);
}

#[test]
fn the_schedules_last_month_goes_over_with_the_closing() {
    let docs = (0..22).map(|k| (format!("schedule-{k}"), summary(8 + k / 2, k % 2 == 1, true))).collect();
    check_all("schedule", docs);
}

#[test]
fn a_url_breaks_at_its_natural_points() {
    let mut s = String::from("title = \"××小学工会网上学习平台使用说明\"\norganization = \"××小学工会\"\ndate = 2024-12-28\n\n[[section]]\ntitle = \"登录方式\"\ntext = \"\"\"\n");
    for _ in 0..14 {
        s.push_str("教职工可登录学习平台（网址：https://union.example.edu.cn/study/index.html?term=2024&class=all）参加学习，也可发邮件至union-office@example.edu.cn咨询。\n\n");
    }
    s.push_str("\"\"\"\n");
    check_all("url", vec![("url".into(), s)]);
}

#[test]
fn a_toc_entry_is_never_split_over_two_pages() {
    let dir = common::temp_dir("pages", "toc");
    // 1 to 5 headings a part put the two-line part entries on every other line.
    for headings in 1..=5 {
        let mut s = String::from("title = \"××区教育工会2024年工作计划汇编\"\n");
        for p in 1..=12 {
            s.push_str(&format!("\n[[part]]\ntitle = \"××区第{p}中心学校工会围绕立德树人根本任务推进职工之家建设的年度工作计划\"\n"));
            for h in 1..=headings {
                s.push_str(&format!("\n[[part.section]]\ntitle = \"第{h}方面的重点工作和保障措施\"\ntext = \"做好各项工作。\"\n"));
            }
        }
        let pdf = pdf_of(&s, &dir.join(format!("toc-{headings}.pdf")));
        let pages = common::pdf_pages(&pdf, common::Order::Layout);
        let toc: Vec<String> = pages
            .iter()
            .skip(1)
            .take_while(|p| !p.contains("做好各项工作"))
            .map(|p| common::squash(p))
            .collect();
        assert!(toc.len() >= 2, "a 目录 of several pages: {}", toc.len());
        // Each part's entry, its whole title and its 篇 label, on one 目录 page.
        for p in 1..=12 {
            let entry = format!(
                "××区第{p}中心学校工会围绕立德树人根本任务推进职工之家建设的年度工作计划{}",
                wengao::numbering::part_label(p)
            );
            assert!(
                toc.iter().any(|page| page.contains(&entry)),
                "{headings} headings a part: the entry of part {p} is split over two pages"
            );
        }
    }
    std::fs::remove_dir_all(&dir).ok();
}
