//! Bytes → `wengao::input::parse`; when they parse, Markdown, HTML and PDF.
//!
//! Whatever the bytes, wengao must answer with a document or a report, never a
//! panic, a hang or a crash. Run (README, "Fuzzing"):
//!
//! ```sh
//! cargo +nightly fuzz run wengao_build fuzz/corpus/wengao_build samples tests/bad -- -dict=fuzz/build.dict -max_len=4096
//! ```
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::OnceLock;
use wengao::format::Format;
use wengao::pipeline::build_loaded;
use wengao::render::Templates;

fn templates() -> &'static Templates {
    static TEMPLATES: OnceLock<Templates> = OnceLock::new();
    TEMPLATES.get_or_init(|| Templates::load(None).expect("the built-in templates load"))
}

fuzz_target!(|data: &[u8]| {
    // No file is read: the path only names the input in messages.
    let path = Path::new("fuzz/input.toml");
    match wengao::input::parse(path, data) {
        Ok(loaded) => match build_loaded(&loaded, templates(), &[Format::Md, Format::Html, Format::Pdf]) {
            Ok(built) => {
                for w in &built.warnings {
                    let _ = w.to_string();
                }
            }
            Err(report) => assert!(report.has_errors() && !report.to_string().is_empty()),
        },
        // Rendering the report (line, caret under the column) is part of the answer.
        Err(report) => assert!(report.has_errors() && !report.to_string().is_empty()),
    }
});
