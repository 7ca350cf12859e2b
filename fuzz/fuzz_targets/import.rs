//! Bytes → `wengao import` as a .docx, a .md and a .txt file → the TOML it writes.
//!
//! Whatever the bytes: a clear error or a TOML that wengao reads back as a
//! document, never a panic, a hang or a crash. Run (README, "Fuzzing"):
//!
//! ```sh
//! cargo +nightly fuzz run wengao_import fuzz/corpus/wengao_import tests/fixtures -- -max_len=65536
//! ```
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    for name in ["fuzz/input.docx", "fuzz/input.md", "fuzz/input.txt"] {
        let path = Path::new(name);
        match wengao::import::import(path, data) {
            Ok(imported) => {
                let back = wengao::input::parse(&path.with_extension("toml"), imported.toml.as_bytes());
                assert!(back.is_ok(), "the imported TOML does not read back:\n{}", imported.toml);
            }
            Err(report) => assert!(report.has_errors() && !report.to_string().is_empty()),
        }
    }
});
