//! Every PDF of the district (`samples/district`) passes the layout checker
//! `tests/pdfcheck.py` (GB/T 9704-2012: type area, 28 × 22 grid, fonts, page
//! numbers …). Each document is long enough (four pages or more) for the checker's
//! "full pages hold 22 lines" to see full pages. Needs python3 with pdfplumber and
//! poppler-utils, as `.ci/run` installs them.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common;
use common::{DISTRICT_DOCS as DOCS, EPOCH};

/// A temporary output folder, removed when dropped (also when an assertion fails).
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn every_district_pdf_passes_the_layout_checker() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = TempDir(std::env::temp_dir().join(format!("wengao-district-pdf-{}", std::process::id())));
    let _ = std::fs::remove_dir_all(&out.0);

    let build = Command::new(env!("CARGO_BIN_EXE_wengao"))
        .current_dir(root)
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .env_remove("WENGAO_FONT_DIR")
        .args(["build", "samples/district", "-f", "pdf", "--force", "-q", "-o"])
        .arg(&out.0)
        .output()
        .expect("run wengao");
    assert_eq!(
        build.status.code(),
        Some(0),
        "wengao build samples/district:\n{}",
        String::from_utf8_lossy(&build.stderr)
    );

    let mut failures = String::new();
    for doc in DOCS {
        let pdf = out.0.join(format!("{doc}.pdf"));
        assert!(pdf.is_file(), "{} was not written", pdf.display());
        let check = Command::new("python3")
            .arg(root.join("tests/pdfcheck.py"))
            .arg(&pdf)
            .output()
            .expect("python3 runs tests/pdfcheck.py");
        if !check.status.success() {
            failures += &format!(
                "\n==== pdfcheck {doc}.pdf exited {:?}\n{}{}",
                check.status.code(),
                String::from_utf8_lossy(&check.stdout),
                String::from_utf8_lossy(&check.stderr)
            );
        }
    }
    assert!(failures.is_empty(), "pdfcheck failed:{failures}");
}
