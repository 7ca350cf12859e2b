//! Golden files: the Markdown and HTML of every sample, byte for byte.
//!
//! Each `samples/<stem>.toml` is built in-process (built-in templates) and compared
//! with `tests/golden/<stem>.md` and `tests/golden/<stem>.html`. After an intended
//! change, bless the new output and review the diff:
//!
//! ```text
//! WENGAO_BLESS=1 cargo test --test it golden::
//! git diff tests/golden
//! ```

use std::path::{Path, PathBuf};
use wengao::format::Format;
use wengao::input;
use wengao::pipeline::{build_loaded_with, Settings};
use wengao::render::Templates;
use wengao::webfonts::HtmlFonts;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn blessing() -> bool {
    std::env::var_os("WENGAO_BLESS").is_some_and(|v| v == "1")
}

/// The sample inputs, sorted by name.
fn samples() -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(root().join("samples"))
        .expect("samples/ exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    found.sort();
    assert!(found.len() >= 3, "expected at least three samples, found {found:?}");
    found
}

/// `None` when equal; else where the texts first part, with both lines.
fn first_difference(expected: &str, actual: &str) -> Option<String> {
    if expected == actual {
        return None;
    }
    let (mut e, mut a) = (expected.lines(), actual.lines());
    let mut n = 0;
    loop {
        n += 1;
        match (e.next(), a.next()) {
            (Some(x), Some(y)) if x == y => continue,
            (None, None) => {
                return Some("the texts differ only in their line endings or final newline".to_string())
            }
            (x, y) => {
                let show = |l: Option<&str>| l.map_or("<end of file>".to_string(), |l| format!("{l:?}"));
                return Some(format!(
                    "first difference at line {n}:\n  expected: {}\n  actual:   {}",
                    show(x),
                    show(y)
                ));
            }
        }
    }
}

/// Compares (or, when blessing, writes) one golden file; returns a failure text.
fn check(golden: &Path, actual: &str) -> Option<String> {
    if blessing() {
        std::fs::create_dir_all(golden.parent().unwrap()).unwrap();
        std::fs::write(golden, actual).unwrap();
        eprintln!("blessed {}", golden.display());
        return None;
    }
    let expected = match std::fs::read_to_string(golden) {
        Ok(t) => t,
        Err(e) => {
            return Some(format!(
                "{}: cannot read ({e}); run with WENGAO_BLESS=1 to create it",
                golden.display()
            ))
        }
    };
    let name = golden.strip_prefix(root()).unwrap_or(golden).display().to_string();
    first_difference(&expected, actual).map(|d| format!("{name} differs from the output: {d}"))
}

#[test]
fn samples_match_their_golden_markdown_and_html() {
    let templates = Templates::load(None).unwrap_or_else(|r| panic!("{r}"));
    let mut failures = Vec::new();
    let system_fonts = Settings { html_fonts: HtmlFonts::System, ..Settings::default() };
    for sample in samples() {
        let stem = sample.file_stem().unwrap().to_str().unwrap().to_string();
        // System fonts only: the embedded font subsets are tested in tests/it/pdf.rs.
        let loaded = input::load(&sample).unwrap_or_else(|r| panic!("{r}"));
        let built = build_loaded_with(&loaded, &templates, &[Format::Md, Format::Html], &system_fonts)
            .unwrap_or_else(|r| panic!("{} does not build:\n{r}", sample.display()));
        assert!(
            built.warnings.is_empty(),
            "{} gives warnings:\n{}",
            sample.display(),
            built.warnings.iter().map(ToString::to_string).collect::<String>()
        );
        for product in &built.products {
            let text = String::from_utf8(product.bytes.clone()).expect("output is UTF-8");
            let golden = root().join("tests/golden").join(format!("{stem}.{}", product.format.extension()));
            failures.extend(check(&golden, &text));
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n\nIf the change is intended: WENGAO_BLESS=1 cargo test --test it golden::, then review `git diff tests/golden`.",
        failures.join("\n\n")
    );
}

#[test]
fn golden_html_is_one_self_contained_page() {
    for sample in samples() {
        let stem = sample.file_stem().unwrap().to_str().unwrap().to_string();
        let Ok(html) = std::fs::read_to_string(root().join("tests/golden").join(format!("{stem}.html")))
        else {
            continue; // the test above reports the missing golden file
        };
        assert!(html.starts_with("<!DOCTYPE html>"), "{stem}.html");
        assert!(html.contains("<style>") && html.contains("@page"), "{stem}.html: CSS must be inline");
        for external in ["<link ", "<script", "src=\"http", "@import"] {
            assert!(!html.contains(external), "{stem}.html must not load anything: found {external}");
        }
    }
}

#[test]
fn difference_report_names_the_line() {
    assert_eq!(first_difference("a\nb\n", "a\nb\n"), None);
    let d = first_difference("a\nb\nc\n", "a\nx\nc\n").unwrap();
    assert!(d.contains("line 2") && d.contains("\"b\"") && d.contains("\"x\""), "{d}");
    let d = first_difference("a\n", "a\nmore\n").unwrap();
    assert!(d.contains("line 2") && d.contains("<end of file>"), "{d}");
    assert!(first_difference("a\n", "a").unwrap().contains("final newline"));
}
