//! Property tests: random documents and random bytes through the whole pipeline.
//!
//! - Random Markdown-ish text (Chinese, Chinese punctuation, ASCII, emoji, control
//!   characters, very long words, Markdown and HTML syntax, newlines) in every text
//!   field of a random document (sections four levels deep, schedule, attachments,
//!   parts, the 公文 frame: 版头, 主送, 附注, the seal, 版记), written as TOML with the `toml` crate: building Markdown, HTML and PDF
//!   never panics or hangs, errors are proper reports, every PDF passes
//!   `qpdf --check`, and the PDF's text (pdftotext) is the Markdown's text.
//! - Random bytes, TOML-ish token soup and mutated samples through
//!   `wengao::input::parse` (and the Markdown and HTML when they parse): no panic.
//!
//! The runs are deterministic (a fixed seed) so that CI is stable. To explore more:
//! `PROPTEST_RNG_SEED=random WENGAO_FUZZ_SCALE=20 cargo test --test it fuzz::`
//! (`PROPTEST_RNG_SEED=N` replays a seed; the scale multiplies every case count).
//! Longer unguided runs: the cargo-fuzz target in `fuzz/` (README, "Fuzzing").
//!
//! Needs pdftotext (poppler-utils) and qpdf: `.ci/run` installs them.

use crate::common;

use common::{assert_same_text, expected, pdf_text_keeping, sort_tables, Order};
use proptest::prelude::*;
use proptest::test_runner::RngSeed;
use std::collections::BTreeSet;
use std::hash::BuildHasher;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::mpsc;
use std::time::Duration;
use toml::{Table, Value};
use wengao::diagnostics::Report;
use wengao::format::Format;
use wengao::pipeline::{build_loaded, Built};
use wengao::render::Templates;

/// A build that takes longer than this is taken to hang.
const HANG: Duration = Duration::from_secs(90);

fn config(cases: u32) -> ProptestConfig {
    let scale: u32 = std::env::var("WENGAO_FUZZ_SCALE").ok().and_then(|s| s.parse().ok()).unwrap_or(1);
    let rng_seed = match std::env::var("PROPTEST_RNG_SEED").ok().as_deref() {
        Some("random") => {
            // A seed of our own, printed, so that a failure can be replayed.
            let seed = std::collections::hash_map::RandomState::new().hash_one(std::time::SystemTime::now());
            eprintln!("proptest seed: PROPTEST_RNG_SEED={seed}");
            RngSeed::Fixed(seed)
        }
        Some(n) => RngSeed::Fixed(n.parse().expect("PROPTEST_RNG_SEED: a number or `random`")),
        None => RngSeed::Fixed(0x77656e67616f),
    };
    ProptestConfig {
        cases: cases * scale.max(1),
        rng_seed,
        // A failing input is kept as a plain #[test] below, not in a file.
        failure_persistence: None,
        max_shrink_time: 120_000,
        max_shrink_iters: 5_000,
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------
// Text

const PUNCT: &[&str] = &[
    "“", "”", "‘", "’", "（", "）", "《", "》", "——", "……", "。", "，", "、", "；", "：", "？", "！", "【",
    "】", "「", "」", "·", "—", "…", "〔", "〕", "％", "～", "×", "①", "※",
];

const SNIPPETS: &[&str] = &[
    "**",
    "**重点：**",
    "*",
    "_",
    "~~",
    "`",
    "```",
    "\n```\n",
    "#",
    "# ",
    "\n# ",
    "\n###### ",
    " {.title}",
    " {.signature}",
    "{#s-1}",
    "|",
    " | ",
    "\n| 甲 | b |\n| --- | --- |\n| 丙 | d |\n",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<b>",
    "&amp;",
    "&",
    "\\",
    "\\\\",
    "\n",
    "\n",
    "\n\n",
    "\r\n",
    "- ",
    "\n- ",
    "\n1. ",
    "\n  2. ",
    "> ",
    "\n    ",
    "\t",
    "   ",
    "\u{3000}",
    "\u{a0}",
    "[",
    "]",
    "](",
    "[链接](https://example.org)",
    "[x](javascript:alert(1))",
    "![图](a.png)",
    "---",
    "\n---\n",
    "\n===\n",
    "一、",
    "（一）",
    "1.",
    "篇一",
    "目录",
    "{{ title }}",
    "{% if %}",
    "\"\"\"",
    "'''",
    "'",
    "\"",
];

fn han() -> impl Strategy<Value = char> {
    (0x4E00u32..=0x9FA5).prop_map(|c| char::from_u32(c).unwrap())
}

fn emoji() -> impl Strategy<Value = String> {
    prop_oneof![
        (0x1F300u32..=0x1F64F).prop_map(|c| char::from_u32(c).unwrap().to_string()),
        (0x1F680u32..=0x1F6FF).prop_map(|c| char::from_u32(c).unwrap().to_string()),
        Just("👍🏽".to_string()),
        Just("👨‍👩‍👧".to_string()),
        Just("❤️".to_string()),
        Just("\u{2A6D6}".to_string()),
    ]
}

fn control() -> impl Strategy<Value = String> {
    prop_oneof![
        (0u32..0x20).prop_map(|c| char::from_u32(c).unwrap().to_string()),
        (0x7Fu32..0xA0).prop_map(|c| char::from_u32(c).unwrap().to_string()),
    ]
}

fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        12 => han().prop_map(String::from),
        4 => prop::collection::vec(han(), 2..15).prop_map(|v| v.into_iter().collect()),
        5 => prop::sample::select(PUNCT).prop_map(String::from),
        4 => "[ -~]",
        3 => "[a-zA-Z0-9]{1,12}",
        1 => "[a-zA-Z]{40,200}",
        1 => "[0-9]{20,60}",
        1 => "[a-z]{3,10}(-[a-z]{3,10}){3,8}",
        2 => emoji(),
        2 => control(),
        6 => prop::sample::select(SNIPPETS).prop_map(String::from),
    ]
}

/// Markdown-ish text of up to `max` tokens.
fn text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(token(), 0..max).prop_map(|v| v.concat())
}

/// A title: mostly Chinese first, then anything.
fn title() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (prop::collection::vec(han(), 1..6), text(8))
            .prop_map(|(h, t)| h.into_iter().collect::<String>() + &t),
        1 => text(8),
    ]
}

// ---------------------------------------------------------------------------
// Documents

fn strings(v: Vec<String>) -> Value {
    Value::Array(v.into_iter().map(Value::String).collect())
}

fn section(depth: usize) -> BoxedStrategy<Value> {
    let children = if depth < 4 {
        prop::collection::vec(section(depth + 1), 0..(4 - depth).min(3)).boxed()
    } else {
        Just(Vec::new()).boxed()
    };
    (title(), prop::option::of(text(30)), prop::collection::vec(text(12), 0..4), children)
        .prop_map(|(title, text, items, children)| {
            let mut t = Table::new();
            t.insert("title".into(), Value::String(title));
            if let Some(text) = text {
                t.insert("text".into(), Value::String(text));
            }
            if !items.is_empty() {
                t.insert("items".into(), strings(items));
            }
            if !children.is_empty() {
                t.insert("section".into(), Value::Array(children));
            }
            Value::Table(t)
        })
        .boxed()
}

fn schedule() -> impl Strategy<Value = Value> {
    let entry = (text(4), prop::collection::vec(text(10), 0..4)).prop_map(|(when, items)| {
        let mut t = Table::new();
        t.insert("when".into(), Value::String(when));
        t.insert("items".into(), strings(items));
        Value::Table(t)
    });
    (prop::option::of(title()), prop::option::of((text(3), text(3))), prop::collection::vec(entry, 0..6))
        .prop_map(|(title, columns, entries)| {
            let mut t = Table::new();
            if let Some(title) = title {
                t.insert("title".into(), Value::String(title));
            }
            if let Some((a, b)) = columns {
                t.insert("columns".into(), strings(vec![a, b]));
            }
            t.insert("entry".into(), Value::Array(entries));
            Value::Table(t)
        })
}

fn date() -> impl Strategy<Value = Value> {
    prop_oneof![
        8 => (1990u32..2100, 1u32..13, 1u32..29).prop_map(|(y, m, d)| format!("{y}-{m:02}-{d:02}")),
        1 => prop::sample::select(vec!["2024-02-29", "2000-02-29", "0001-01-01", "9999-12-31"])
            .prop_map(String::from),
        1 => prop::sample::select(vec!["2023-02-30", "2023-02-29", "2023-04-31"]).prop_map(String::from),
    ]
    // toml's Datetime refuses impossible days, so the date goes in as a marked
    // string that `unquote_dates` turns into a bare TOML date.
    .prop_map(|d| Value::String(format!("{DATE_MARK}{d}{DATE_MARK}")))
}

const DATE_MARK: &str = "@@date@@";

/// `"@@date@@2023-02-30@@date@@"` → `2023-02-30`.
fn unquote_dates(toml: &str) -> String {
    toml.replace(&format!("\"{DATE_MARK}"), "").replace(&format!("{DATE_MARK}\""), "")
}

/// The body keys shared by a document and a part.
fn body() -> impl Strategy<Value = Table> {
    (
        title(),
        prop::option::of(text(8)),
        prop::option::of(text(6)),
        prop::option::of(date()),
        prop::option::of(text(40)),
        prop::collection::vec(section(1), 0..4),
        prop::option::of(schedule()),
        prop::collection::vec(text(8), 0..3),
        (prop::option::of(text(6)), prop::option::of(text(8)), prop::option::of(any::<bool>())),
    )
        .prop_map(
            |(title, subtitle, organization, date, preface, sections, schedule, attachments, frame)| {
                let mut t = Table::new();
                let (addressee, remark, seal) = frame;
                if let Some(seal) = seal {
                    t.insert("seal".into(), Value::Boolean(seal));
                }
                t.insert("title".into(), Value::String(title));
                let mut put = |k: &str, v: Option<String>| {
                    if let Some(v) = v {
                        t.insert(k.into(), Value::String(v));
                    }
                };
                put("subtitle", subtitle);
                put("organization", organization);
                put("preface", preface);
                put("addressee", addressee);
                put("remark", remark);
                if let Some(d) = date {
                    t.insert("date".into(), d);
                }
                if !sections.is_empty() {
                    t.insert("section".into(), Value::Array(sections));
                }
                if let Some(s) = schedule {
                    t.insert("schedule".into(), s);
                }
                if !attachments.is_empty() {
                    let list = attachments
                        .into_iter()
                        .map(|a| Value::Table(Table::from_iter([("title".to_string(), Value::String(a))])))
                        .collect();
                    t.insert("attachment".into(), Value::Array(list));
                }
                t
            },
        )
}

fn style() -> impl Strategy<Value = Option<Table>> {
    prop::option::of(
        (
            prop::option::of(prop::sample::select(vec!["arabic", "chinese"])),
            prop::option::of(prop::sample::select(vec!["suffix", "prefix"])),
            prop::option::of(any::<bool>()),
            prop::option::of(any::<bool>()),
        )
            .prop_map(|(date_style, part_heading, bold, duplex)| {
                let mut t = Table::new();
                if let Some(s) = date_style {
                    t.insert("date_style".into(), Value::String(s.into()));
                }
                if let Some(s) = part_heading {
                    t.insert("part_heading".into(), Value::String(s.into()));
                }
                if let Some(b) = bold {
                    t.insert("bold_headings".into(), Value::Boolean(b));
                }
                if let Some(b) = duplex {
                    t.insert("duplex".into(), Value::Boolean(b));
                }
                t
            }),
    )
}

/// The 公文 frame's 版头 and 版记 (the forms whose print keeps the Markdown's
/// reading order: one organ, no 签发人).
fn frame() -> impl Strategy<Value = (Option<Table>, Option<Table>)> {
    let masthead = (
        prop::option::of(prop::sample::select(vec!["000001", "12"])),
        prop::option::of(text(4)),
        text(12),
        prop::option::of(prop::sample::select(vec!["×教工〔2025〕3号", "×教工[2025]03号", "号"])),
    )
        .prop_map(|(copy, urgency, issuer, number)| {
            let mut t = Table::new();
            if let Some(c) = copy {
                t.insert("copy_number".into(), Value::String(c.into()));
            }
            if let Some(u) = urgency {
                t.insert("urgency".into(), Value::String(u));
            }
            t.insert("issuer".into(), Value::String(issuer));
            if let Some(n) = number {
                t.insert("number".into(), Value::String(n.into()));
            }
            t
        });
    let imprint = (prop::collection::vec(text(5), 0..4), prop::option::of(text(8)), prop::option::of(date()))
        .prop_map(|(cc, by, on)| {
            let mut t = Table::new();
            if !cc.is_empty() {
                t.insert("cc".into(), strings(cc));
            }
            if let Some(b) = by {
                t.insert("printed_by".into(), Value::String(b));
            }
            if let Some(d) = on {
                t.insert("printed_on".into(), d);
            }
            t
        });
    (prop::option::of(masthead), prop::option::of(imprint))
}

/// A whole input file: a single document or a collection, as TOML text.
fn document() -> impl Strategy<Value = String> {
    let kind = prop::option::of(prop::sample::select(vec!["plan", "summary", "奇怪的种类"]));
    let single = (body(), kind, style(), frame()).prop_map(|(mut t, kind, style, (masthead, imprint))| {
        if let Some(k) = kind {
            t.insert("kind".into(), Value::String(k.into()));
        }
        if let Some(m) = masthead {
            t.insert("masthead".into(), Value::Table(m));
        }
        if let Some(i) = imprint {
            t.insert("imprint".into(), Value::Table(i));
        }
        if let Some(s) = style {
            t.insert("style".into(), Value::Table(s));
        }
        t
    });
    let collection = (title(), prop::option::of(text(20)), prop::collection::vec(body(), 1..4), style())
        .prop_map(|(title, preface, parts, style)| {
            let mut t = Table::new();
            t.insert("title".into(), Value::String(title));
            if let Some(p) = preface {
                t.insert("preface".into(), Value::String(p));
            }
            t.insert("part".into(), Value::Array(parts.into_iter().map(Value::Table).collect()));
            if let Some(s) = style {
                t.insert("style".into(), Value::Table(s));
            }
            t
        });
    prop_oneof![2 => single, 1 => collection]
        .prop_map(|t| unquote_dates(&toml::to_string(&t).expect("TOML from a table")))
}

// ---------------------------------------------------------------------------
// Running a build

fn input_path() -> PathBuf {
    // No file is read: the path only names the input in messages.
    PathBuf::from("fuzz/document.toml")
}

/// Parses and builds `source` on a thread of its own; a build that does not end
/// within [`HANG`] fails the test. A panic on that thread is a panic here.
fn build(source: Vec<u8>, formats: &'static [Format]) -> Result<Built, Report> {
    let (tx, rx) = mpsc::channel();
    let worker = std::thread::spawn(move || {
        let templates = Templates::load(None).expect("built-in templates");
        let result = wengao::input::parse(&input_path(), &source)
            .and_then(|loaded| build_loaded(&loaded, &templates, formats));
        let _ = tx.send(result);
    });
    match rx.recv_timeout(HANG) {
        Ok(result) => {
            worker.join().unwrap();
            result
        }
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("the build did not end within {HANG:?}"),
        Err(mpsc::RecvTimeoutError::Disconnected) => match worker.join() {
            Err(panic) => std::panic::resume_unwind(panic),
            Ok(()) => unreachable!("the worker ended without a result"),
        },
    }
}

/// An error report must be a real one: errors, each printable with a message.
fn check_report(report: &Report) {
    assert!(report.has_errors(), "a failed build without an error:\n{report}");
    let shown = report.to_string();
    assert!(shown.contains("error: "), "{shown}");
}

/// Characters the build reported as missing from every font (`… (U+1F600) …`).
fn missing_chars(built: &Built) -> BTreeSet<char> {
    built
        .warnings
        .iter()
        .filter_map(|w| {
            let at = w.message.find("(U+")?;
            let hex = w.message[at + 3..].split(')').next()?;
            char::from_u32(u32::from_str_radix(hex, 16).ok()?)
        })
        .collect()
}

fn product(built: &Built, format: Format) -> &[u8] {
    &built.products.iter().find(|p| p.format == format).unwrap().bytes
}

/// `qpdf --check` passes (exit 0: no errors, no warnings).
fn qpdf_check(pdf: &Path) {
    let out = Command::new("qpdf")
        .arg("--check")
        .arg(pdf)
        .output()
        .unwrap_or_else(|e| panic!("cannot run qpdf: {e} (apt-get install qpdf; see .ci/run)"));
    assert!(
        out.status.success(),
        "qpdf --check failed ({}):\n{}{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Builds `source` to all three formats and checks the outputs: HTML without
/// script, a PDF that qpdf accepts, the PDF text equal to the Markdown text.
/// False when the input has errors (and the report was checked instead).
fn check_document(source: &str, dir: &Path) -> bool {
    let built =
        match build(source.as_bytes().to_vec(), &[Format::Md, Format::Html, Format::Pdf, Format::Docx]) {
            Ok(built) => built,
            Err(report) => {
                check_report(&report);
                std::fs::remove_dir_all(dir).ok();
                return false;
            }
        };
    let md = std::str::from_utf8(product(&built, Format::Md)).expect("UTF-8 Markdown");
    let html = std::str::from_utf8(product(&built, Format::Html)).expect("UTF-8 HTML");
    assert!(!html.to_ascii_lowercase().contains("<script"), "script in the HTML");
    let pdf = dir.join("document.pdf");
    std::fs::write(&pdf, product(&built, Format::Pdf)).unwrap();
    qpdf_check(&pdf);
    inside_the_type_area(&pdf);
    let missing = missing_chars(&built);
    let keep = |c: char| !c.is_control() && !missing.contains(&c);
    let want = expected(md, keep);
    let want_text = sort_tables(&want.text, &want);
    let got = sort_tables(&pdf_text_keeping(&pdf, &want, keep, Order::Layout), &want);
    if got != want_text {
        // pdftotext -layout guesses lines from glyph boxes, and a line that mixes a
        // fallback face (other ascent) with compressed punctuation (overlapping
        // boxes) can come out in two pieces, in the wrong order. The page is right
        // then, and so must be the order of the content stream.
        let raw = sort_tables(&pdf_text_keeping(&pdf, &want, keep, Order::Raw), &want);
        assert_same_text("random document (pdftotext -raw)", &want_text, &raw);
    }
    check_docx(md, product(&built, Format::Docx), dir);
    std::fs::remove_dir_all(dir).ok(); // kept when a check fails, to look at
    true
}

/// The DOCX holds the Markdown's text (less what XML cannot hold), python-docx
/// opens it, and docxcheck's structure half passes (`--no-render`), but for the
/// checks a document without (short) 一、 headings or without a title cannot pass.
fn check_docx(md: &str, docx: &[u8], dir: &Path) {
    let keep = |c: char| !c.is_control() && wengao::docx::xml::allowed(c);
    let want = expected(md, keep).text;
    let got: String = common::squash(&common::docx_text(docx)).chars().filter(|c| keep(*c)).collect();
    assert_same_text("random document (DOCX)", &want, &got);
    let path = dir.join("document.docx");
    std::fs::write(&path, docx).unwrap();
    let script = "import docx,sys\ndocx.Document(sys.argv[1])";
    let out = Command::new("python3").args(["-c", script]).arg(&path).output().expect("python3");
    assert!(out.status.success(), "python-docx cannot open it:\n{}", String::from_utf8_lossy(&out.stderr));
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new("python3")
        .arg(root.join("tests/docxcheck.py"))
        .arg(&path)
        .arg("--no-render")
        .output()
        .expect("python3 runs tests/docxcheck.py");
    let report = String::from_utf8_lossy(&out.stdout);
    let blocks = wengao::markdown::parse(md);
    let has_title = blocks
        .iter()
        .any(|b| b.role == wengao::markdown::Role::Title && !common::squash(&b.plain_text()).is_empty());
    // A 版记 is a last section of its own whose footer has no page number (GB/T 9704
    // §7.5); docxcheck reads only the last section's footers. The numbered footers
    // of the sections before it are checked in tests/it/official_docx.rs.
    let has_imprint = blocks.iter().any(|b| b.is_imprint());
    for line in report.lines().filter(|l| l.starts_with("FAIL")) {
        // docxcheck counts only short 一、 headings; with none counted, none was wrong.
        let excused = (line.contains("headings carry outline levels")
            && line.contains(": 0 一、 and")
            && line.ends_with("wrong: []"))
            || (line.contains("document title in the properties") && !has_title)
            || (line.contains("page numbers: odd and even footers") && has_imprint);
        assert!(excused, "docxcheck --no-render:\n{report}");
    }
}

/// A kept input: it builds, and its outputs pass every check.
fn check_good_document(source: &str, name: &str) {
    assert!(check_document(source, &fuzz_dir(name)), "{name}: the input does not build");
}

/// Every word lies in the type area (156 × 225 mm; the left margin 28 mm, 26 mm
/// on even pages with `duplex`), give or take the blank ½ em of a mark set
/// half-width at a line's end (or of an opening mark pushed in at its start; 11 pt
/// in a 22 pt title) and the glyph boxes above and below the lines; the page
/// number sits 7 mm below.
fn inside_the_type_area(pdf: &Path) {
    const MM: f32 = 72.0 / 25.4;
    let (left, right) = (26.0 * MM - 12.0, (28.0 + 156.0) * MM + 12.0);
    let (top, bottom) = (37.0 * MM - 15.0, (297.0 - 35.0 + 7.0) * MM + 15.0);
    for w in common::pdf_words(pdf) {
        assert!(
            w.x_min >= left && w.x_max <= right && w.y_min >= top && w.y_max <= bottom,
            "outside the type area ({left:.0}–{right:.0} × {top:.0}–{bottom:.0} pt): {w:?}"
        );
    }
}

fn fuzz_dir(name: &str) -> PathBuf {
    common::temp_dir("fuzz", name)
}

// ---------------------------------------------------------------------------
// Properties

proptest! {
    #![proptest_config(config(24))]

    /// Random documents → Markdown, HTML, PDF and DOCX: no panic, qpdf-clean, same text.
    #[test]
    fn random_documents_build_to_all_three_formats(source in document()) {
        check_document(&source, &fuzz_dir("pdf"));
    }
}

proptest! {
    #![proptest_config(config(200))]

    /// Random documents → Markdown and HTML (cheap, so many more of them).
    #[test]
    fn random_documents_build_to_markdown_and_html(source in document()) {
        match build(source.into_bytes(), &[Format::Md, Format::Html]) {
            Ok(built) => {
                let html = std::str::from_utf8(product(&built, Format::Html)).expect("UTF-8 HTML");
                prop_assert!(!html.to_ascii_lowercase().contains("<script"), "script in the HTML");
            }
            Err(report) => check_report(&report),
        }
    }
}

/// TOML-ish tokens that get a random soup past the syntax check now and then.
const TOML_TOKENS: &[&str] = &[
    "title",
    "section",
    "part",
    "schedule",
    "entry",
    "attachment",
    "style",
    "fonts",
    "items",
    "text",
    "preface",
    "date",
    "when",
    "columns",
    "kind",
    "organization",
    "subtitle",
    "masthead",
    "imprint",
    "issuer",
    "addressee",
    "seal",
    "titel",
    "date_style",
    "\"计划\"",
    "\"\"",
    "\"\"\"",
    "'''",
    "'",
    "\"",
    " = ",
    "=",
    "[",
    "]",
    "[[",
    "]]",
    "{",
    "}",
    ",",
    ".",
    "\n",
    "\r\n",
    "\n",
    "#",
    " ",
    "\t",
    "2023-12-28",
    "2023-02-30",
    "2023-12-28T10:00:00",
    "1",
    "-1",
    "1e400",
    "nan",
    "true",
    "\\u0000",
    "\\",
    "\u{feff}",
    "一、",
    "✓",
    "\u{0}",
    "\u{1b}[31m",
    "\u{7f}",
];

fn toml_soup() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(prop::sample::select(TOML_TOKENS), 0..60).prop_map(|v| v.concat().into_bytes())
}

/// A sample with a few bytes replaced, inserted or removed.
fn mutated_sample() -> impl Strategy<Value = Vec<u8>> {
    let samples = ["school-plan.toml", "school-summary.toml", "union-plans-collection.toml"];
    let sources: Vec<Vec<u8>> =
        samples.iter().map(|s| std::fs::read(common::root().join("samples").join(s)).unwrap()).collect();
    let edits = prop::collection::vec((any::<prop::sample::Index>(), 0u8..3, any::<u8>()), 1..8);
    (prop::sample::select(sources), edits).prop_map(|(mut bytes, edits)| {
        for (at, op, byte) in edits {
            let i = at.index(bytes.len() + 1);
            match op {
                0 if i < bytes.len() => bytes[i] = byte,
                1 => bytes.insert(i, byte),
                _ if i < bytes.len() => {
                    bytes.remove(i);
                }
                _ => bytes.push(byte),
            }
        }
        bytes
    })
}

/// Junk must give a report or a document, never a panic; when it parses, the
/// Markdown and HTML are made too.
fn check_junk(bytes: Vec<u8>) {
    if let Err(report) = build(bytes, &[Format::Md, Format::Html]) {
        check_report(&report);
    }
}

proptest! {
    #![proptest_config(config(300))]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        check_junk(bytes);
    }

    #[test]
    fn toml_soup_never_panics(bytes in toml_soup()) {
        check_junk(bytes);
    }

    #[test]
    fn mutated_samples_never_panic(bytes in mutated_sample()) {
        check_junk(bytes);
    }
}

// ---------------------------------------------------------------------------
// Inputs the properties found, kept as plain tests

/// A Latin word longer than a line ran off the right edge of the page (and out of
/// pdftotext's text): it is now cut to fit.
#[test]
fn a_word_longer_than_the_line_stays_on_the_page() {
    let source = "title = \"一\"\n[[section]]\ntitle = \"一\"\n[[section.section]]\n\
                  items = [\"amaaAaaAaAaAaaaAaaAAAaaaAAaAaAaAaaAaAAAaAaaaAaAAAAaa\"]\ntitle = \"一\"\n";
    check_good_document(source, "long-word");
}

/// An organization (落款) longer than the line ran off the right edge: it is now
/// wrapped within the 落款's margin.
#[test]
fn a_long_organization_stays_on_the_page() {
    let source = "organization = \"AWaAJaawaakAAMAAaAaAAAAawAAaaAAuajAAAMAaaaAAAAaaAaaA\"\ntitle = \"一\"\n";
    check_good_document(source, "long-organization");
    let long = format!("title = \"一\"\norganization = \"{}\"\ndate = 2023-12-28\n", "工会".repeat(30));
    check_good_document(&long, "long-organization-han");
}

/// A schedule period longer than its column: the cell wraps (it used to run into
/// the next column), and pdftotext reads the cell's lines interleaved with the
/// other column's, which the text comparison allows.
#[test]
fn a_long_schedule_period_wraps_in_its_column() {
    let source = "title = \"一\"\n[[schedule.entry]]\nitems = [\"\"]\nwhen = \"AaAAAAaaaaaaAaaaAAAAaAaaaAAAaAAaaAaaAaaa\"\n";
    check_good_document(source, "long-period");
}

/// • (a bullet) and · (a schedule item) are one glyph in the body face, and the
/// ToUnicode map gave that glyph one text, so the bullet read back as ·. The
/// second character drawn with a glyph is now marked with /ActualText.
#[test]
fn two_characters_with_one_glyph_keep_their_text() {
    let source =
        "title = \"一\"\n[[part]]\ntitle = \"一\"\n[[part.schedule.entry]]\nitems = [\"·\"]\nwhen = \"\"\n\
                  [[part.section]]\ntitle = \"一\"\n[[part.section.section]]\ntitle = \"一\"\n\
                  [[part.section.section.section]]\nitems = [\"- 一\"]\ntitle = \"一\"\n";
    check_good_document(source, "shared-glyph");
}

/// A schedule whose column header wraps (a long word) and which continues on a
/// second page, where the header is repeated.
#[test]
fn a_wrapped_table_header_repeats_on_the_next_page() {
    let mut source =
        "title = \"一\"\n[schedule]\ncolumns = [\"aaaaAaAaAaaAaaAaaaAAaaAaaaaaaaAAaaaAAAAa\", \"一\"]\n"
            .to_string();
    for k in 0..30 {
        source.push_str(&format!("[[schedule.entry]]\nwhen = \"{k}月\"\nitems = [\"召开工会委员会议\", \"继续做好校务公开工作\"]\n"));
    }
    check_good_document(&source, "wrapped-header");
}

/// An opening bracket before a word longer than the line: the line is pushed in,
/// the bracket's blank left half hanging into the margin (allowed), the word cut.
#[test]
fn an_opening_bracket_before_an_overlong_word() {
    let source =
        "preface = \"\"\"\n\n```\n【KaamAKkaaaaAaaKkaAanaaaAaAAAAiAaAinAcaAjaWDmfA\"\"\"\ntitle = \"一\"\n";
    check_good_document(source, "bracket-word");
}

/// A part title with a word too long for a balanced break: its first line "一”"
/// was justified across the whole line, the ” hanging out of the type area. Lines
/// of a title are now centred at their natural spacing.
#[test]
fn a_title_with_an_overlong_word_is_centred_not_justified() {
    let source = "title = \"一\"\n[[part]]\ntitle = \"一”aAaAaAAAAAaaAAaAAAaaaaaaaaAaaaAAAAaaaaAA\"\n";
    check_good_document(source, "title-word");
}

/// pdftotext -layout reads this line in two pieces, the wrong way round: it mixes
/// 剫 (only the fallback face has it: a taller box) with punctuation compressed by
/// ½ em (overlapping boxes). The page is right, and so is the content stream's
/// order (pdftotext -raw), which is what the check falls back to.
#[test]
fn a_fallback_character_among_compressed_punctuation() {
    let source = "title = \"一\"\n[[section]]\ntitle = \"一\"\n[[section.section]]\n\
                  text = \"“一一一一一一一）剫一一一一一一一一一一一一一一一（一）一一\"\ntitle = \"一\"\n";
    check_good_document(source, "fallback-line");
}

/// A title line that just fits when its closing mark is set half-width: it was
/// justified (a gap before the mark); it is now centred, the mark's blank half
/// outside.
#[test]
fn a_title_line_ending_in_a_closing_mark() {
    let source = "title = \"一\"\n[[part]]\ntitle = \"一bmaaa-bbkakm-aamaa-aac-aaa-kama”\"\n";
    check_good_document(source, "title-mark");
}

/// 【word。.word: no break the rules allow, and far wider than the line. It was set
/// on one line squeezed until the glyphs were printed over each other; it is now
/// broken against the rules (a line starts with `.`) instead.
#[test]
fn an_unbreakable_line_is_broken_not_overprinted() {
    let source = "preface = \"【aaa-akuaaka-aaaaaa-aaaa。.AAaAAaaaAaaAAaaAAaaAaaaAAaaAaAAAaAaaaaaaaA\"\ntitle = \"一\"\n";
    check_good_document(source, "overprint");
}

/// A schedule period taller than a page under its header: the header was left
/// alone at the foot of page 1 (the period could not be kept on one page with it,
/// so nothing kept them together). Such a period now flows line by line under the
/// header, and the line under a repeated header is ruled. The period's last,
/// empty row comes after the text of the table ends, under a repeated header.
#[test]
fn a_period_taller_than_a_page_flows_under_its_header() {
    let when = "kaMmaAaAaAaMbAAaAAAAAAaADaKOkMmAaaAaAaaAAAaaAAaaAmmaaAAaAAaAaaAAAaAAAAaaaaaAAaaaaAaaaaAAAAJ\
                CmaAAAAaAaAaAaDbKAAaAAakkaAAAAAaACkkmamaaAAaAAaaaaAAAExdycuMGOOJJMDAeUPKtO荓狣颏険諩覦嗾瘮鳻顛臸恙渧鬵";
    let source = format!(
        "title = \"一\"\n[[attachment]]\ntitle = \"XRgoLB従簪寏莐瘰鹕\"\n[[attachment]]\ntitle = \"\"\n\
         [[schedule.entry]]\nitems = [\"znb8S5\", \"\"\"\nP3H7V7nixkvmidn-vdchtsr-teynyt-rmeaiug-qnblel-hdbov-cme-gvsarbyi-obb\n---\n\"\"\", \
         \"\"\"\n\n###### 8bS4403mQ4顛帼”{{#s-1}}”蚮薜\"\"\"]\nwhen = \"{when}\"\n[[schedule.entry]]\nitems = []\nwhen = \"\"\n"
    );
    check_good_document(&source, "tall-period");
    // Page 1 holds the header and the start of the period, not the header alone.
    let built = build(source.into_bytes(), &[Format::Pdf]).unwrap_or_else(|r| panic!("{r}"));
    let pdf = fuzz_dir("tall-period-pages").join("document.pdf");
    std::fs::write(&pdf, product(&built, Format::Pdf)).unwrap();
    let first_page = &common::pdf_pages(&pdf, Order::Raw)[0];
    assert!(first_page.contains("znb8S5"), "{first_page}");
    std::fs::remove_dir_all(pdf.parent().unwrap()).ok();
}

/// The cargo-fuzz package is never built by `cargo test`: its manifest is read
/// here, so that a broken one (it once was) is seen.
#[test]
fn the_cargo_fuzz_package_lists_every_target_it_has() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let text = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
    let manifest: Table = toml::from_str(&text).unwrap_or_else(|e| panic!("fuzz/Cargo.toml: {e}"));
    assert!(manifest.get("workspace").is_some_and(Value::is_table), "an empty [workspace] keeps it apart");
    let listed: BTreeSet<String> = manifest["bin"]
        .as_array()
        .expect("[[bin]] targets")
        .iter()
        .map(|bin| bin["path"].as_str().expect("a path").to_string())
        .collect();
    let present: BTreeSet<String> = std::fs::read_dir(dir.join("fuzz_targets"))
        .unwrap()
        .map(|e| format!("fuzz_targets/{}", e.unwrap().file_name().to_string_lossy()))
        .collect();
    assert_eq!(listed, present);
}
