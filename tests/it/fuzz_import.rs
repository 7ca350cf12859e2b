//! Property tests of `wengao import`: random texts shaped like plans and
//! summaries (titles, typed numbers of every kind, month lines, 附件, 落款, dates,
//! half-width punctuation, Markdown, control characters), random bytes and
//! mutated DOCX files. Whatever comes in: a clear error, or a TOML that wengao
//! reads back as a document and builds to Markdown — never a panic or a hang.
//! A fixed seed keeps CI repeatable (`PROPTEST_RNG_SEED=random` explores).

use proptest::prelude::*;
use proptest::test_runner::RngSeed;
use std::path::Path;
use wengao::format::Format;
use wengao::pipeline::build_loaded;
use wengao::render::Templates;

fn config(cases: u32) -> ProptestConfig {
    let rng_seed = match std::env::var("PROPTEST_RNG_SEED").ok().as_deref() {
        Some("random") => RngSeed::Random,
        Some(n) => RngSeed::Fixed(n.parse().expect("PROPTEST_RNG_SEED: a number or `random`")),
        None => RngSeed::Fixed(0x696d706f7274),
    };
    ProptestConfig { cases, rng_seed, failure_persistence: None, ..ProptestConfig::default() }
}

const PIECES: &[&str] = &[
    "一、",
    "二、",
    "十二、",
    "（一）",
    "(二)",
    "（三）、",
    "1.",
    "2、",
    "3．",
    "（1）",
    "(2)",
    "①",
    "篇一",
    "第二篇：",
    "【篇3】",
    "二月",
    "4月份",
    "七至八月",
    "十二月：",
    "附：工作要点",
    "月份工作要点",
    "附件：",
    "附件：1. ",
    "××小学工会",
    "2023年12月28日",
    "二〇二三年十二月二十八日",
    "2024-02-30",
    "2023.12.28",
    "一是",
    "二是",
    "。",
    "，",
    "：",
    "；",
    ",",
    ":",
    "(",
    ")",
    "?",
    "!",
    "**",
    "*",
    "_",
    "#",
    "## ",
    "- ",
    "| 甲 | 乙 |",
    "|---|---|",
    "\\",
    "\"",
    "\"\"\"",
    "'''",
    "\t",
    "\u{3000}",
    "\u{1}",
    "\u{b}",
    "\u{feff}",
    "—— ",
    "……",
    "— 3 —",
    "工会",
    "工作",
    "计划",
    "总结",
    "学习",
    "教职工",
    "开展活动",
    "加强建设",
    "abc",
    "2024",
    "x",
];

/// One line: a few pieces and Chinese characters.
fn line() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            3 => prop::sample::select(PIECES).prop_map(String::from),
            2 => (0x4E00u32..=0x9FA5).prop_map(|c| char::from_u32(c).unwrap().to_string()),
        ],
        0..12,
    )
    .prop_map(|v| v.concat())
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop_oneof![8 => line(), 1 => Just(String::new())], 0..40)
        .prop_map(|v| v.join("\n"))
}

/// Imports `bytes` named `name`; an imported TOML must read back and build.
fn check(name: &str, bytes: &[u8]) {
    let path = Path::new(name);
    match wengao::import::import(path, bytes) {
        Ok(imported) => {
            let loaded = wengao::input::parse(&path.with_extension("toml"), imported.toml.as_bytes())
                .unwrap_or_else(|r| panic!("the imported TOML does not read back:\n{r}\n{}", imported.toml));
            let templates = Templates::load(None).unwrap();
            if let Err(r) = build_loaded(&loaded, &templates, &[Format::Md]) {
                panic!("the imported TOML does not build:\n{r}\n{}", imported.toml);
            }
        }
        Err(report) => {
            assert!(report.has_errors() && report.to_string().contains("cannot import"), "{report}")
        }
    }
}

proptest! {
    #![proptest_config(config(300))]

    #[test]
    fn random_plan_shaped_texts_import_to_documents_that_build(t in text()) {
        check("random.txt", t.as_bytes());
        check("random.md", t.as_bytes());
    }

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        check("random.docx", &bytes);
        check("random.txt", &bytes);
    }
}

proptest! {
    #![proptest_config(config(60))]

    /// A real DOCX with bytes changed (in the zip and, after a re-zip, in its XML).
    #[test]
    fn mutated_docx_files_never_panic(at in 0usize..100_000, byte in any::<u8>(), xml_at in 0usize..100_000, xml_byte in any::<u8>()) {
        let templates = Templates::load(None).unwrap();
        let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/school-plan.toml");
        let built = wengao::pipeline::build_file(&sample, &templates, &[Format::Docx]).unwrap();
        let docx = &built.products[0].bytes;
        let mut raw = docx.clone();
        let k = at % raw.len();
        raw[k] = byte;
        check("mutated.docx", &raw);
        // The same, but the damage inside document.xml (a valid zip around broken XML).
        use std::io::{Read, Write};
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&docx[..])).unwrap();
        let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for i in 0..zip.len() {
            let mut f = zip.by_index(i).unwrap();
            let name = f.name().unwrap().to_string();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            if name == "word/document.xml" {
                let k = xml_at % data.len();
                data[k] = xml_byte;
            }
            out.start_file(name.as_str(), zip::write::SimpleFileOptions::default()).unwrap();
            out.write_all(&data).unwrap();
        }
        check("mutated-xml.docx", &out.finish().unwrap().into_inner());
    }
}
