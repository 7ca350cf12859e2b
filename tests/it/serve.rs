//! `wengao serve`, end to end: a real server on an ephemeral port over a copy of
//! the samples; pages, the reload event after an edit (and how long it takes),
//! the error overlay, PDFs on request, fonts, and refused paths; the editor's API
//! (saves that change one field alone, conflicts, 新建, 导入, downloads) and every
//! guard of a server that writes files (Host, Origin, token, paths, links, body
//! size, --read-only), each with real requests. Then a headless Chromium
//! (tests/browser.mjs and tests/editor.mjs, driven over the DevTools protocol by
//! node) loads a page and sees it reload after an edit, and edits a plan through
//! the form.

use crate::common;
use common::server::{events, get, next_event, start, text};

use std::path::Path;
use std::time::Instant;

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from));
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn pages_reload_after_an_edit_and_errors_show_over_the_last_good_render() {
    let server = start("reload");
    let addr = server.addr.clone();
    let index = text(&addr, "/");
    assert!(index.contains("/doc/school-plan.html") && index.contains("/doc/primary/"), "{index}");
    assert!(index.contains("/collection.html"));
    let page = text(&addr, "/doc/school-plan.html");
    assert!(page.contains("指导思想和工作目标"));
    // The reload script is a file (no inline script), first in <head>, told the generation.
    assert!(page.contains("<head><script src=\"/assets/preview.js\" data-generation=\""), "{}", &page[..300]);
    assert!(text(&addr, "/assets/preview.js").contains("new EventSource(\"/__events\")"));
    assert!(page.contains("/fonts/FandolFang-Regular.otf"), "served pages link the bundled fonts");

    // Edit → a reload event, and the new text is served.
    let mut stream = events(&addr);
    let input = server.dir.join("docs/school-plan.toml");
    let saved = Instant::now();
    edit(&input, "指导思想和工作目标", "指导思想和年度目标");
    next_event(&mut stream);
    let latency = saved.elapsed();
    // A figure for the log, not an assertion: a busy machine may be slow.
    eprintln!("save-to-reload-event: {} ms", latency.as_millis());
    assert!(text(&addr, "/doc/school-plan.html").contains("指导思想和年度目标"));

    // Break it → overlay with file:line:col, last good render kept underneath.
    let good = std::fs::read_to_string(&input).unwrap();
    std::fs::write(&input, format!("titel = \"坏\"\n{good}")).unwrap();
    next_event(&mut stream);
    let broken = text(&addr, "/doc/school-plan.html");
    assert!(broken.contains("id=\"wengao-error\""), "no overlay");
    let overlay = &broken[broken.find("id=\"wengao-error\"").unwrap()..];
    assert!(
        overlay.contains("unknown key `titel`") && overlay.contains("school-plan.toml:1:1"),
        "overlay lacks the diagnostic: {}",
        &overlay[..overlay.len().min(600)]
    );
    assert!(broken.contains("指导思想和年度目标"), "last good render is gone");
    assert!(text(&addr, "/").contains("有错误"));

    // Fix it → the overlay clears.
    std::fs::write(&input, good).unwrap();
    next_event(&mut stream);
    assert!(!text(&addr, "/doc/school-plan.html").contains("id=\"wengao-error\""));
}

#[test]
fn pdfs_docx_fonts_and_refused_paths() {
    let server = start("paths");
    let addr = server.addr.clone();
    let (status, kind, body) = get(&addr, "/doc/primary/dongcheng/plan.pdf");
    assert_eq!(status, 200);
    assert_eq!(kind, "application/pdf");
    assert!(body.starts_with(b"%PDF"));
    let (status, kind, body) = get(&addr, "/doc/primary/dongcheng/plan.docx");
    assert_eq!(status, 200);
    assert_eq!(kind, "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    assert!(body.starts_with(b"PK\x03\x04"), "a DOCX is a zip");
    let (status, _, body) = get(&addr, "/collection.docx");
    assert_eq!(status, 200);
    assert!(body.starts_with(b"PK\x03\x04"));
    assert!(
        text(&addr, "/doc/school-plan.html").contains("/doc/school-plan.docx"),
        "the toolbar links the DOCX"
    );
    let (status, kind, body) = get(&addr, "/fonts/FandolFang-Regular.otf");
    assert_eq!((status, kind.as_str()), (200, "font/otf"));
    assert!(body.starts_with(b"OTTO"));
    assert_eq!(get(&addr, "/collection.html").0, 200);
    for path in [
        "/doc/../Cargo.toml",
        "/doc/..%2F..%2Fetc%2Fpasswd.html",
        "/doc/%2e%2e/school-plan.toml",
        "/fonts/../Cargo.toml",
        "/fonts/%2Fetc%2Fpasswd",
        "//etc/passwd",
        "/doc/school-plan.toml",
        "/nothing-here",
    ] {
        assert_eq!(get(&addr, path).0, 404, "{path} must be refused");
    }
}

#[test]
fn headless_chromium_shows_the_page_and_reloads_it() {
    let server = start("browser");
    let shot = server.dir.join("page.png");
    let url = format!("http://{}/doc/school-plan.html", server.addr);
    let input = server.dir.join("docs/school-plan.toml");
    let (ok, log) = server.browser("browser.mjs", &[&url, &input, &shot]);
    assert!(ok && log.contains("reloaded with the new text"), "{log}");
    let png = std::fs::read(&shot).unwrap();
    assert!(png.starts_with(b"\x89PNG") && png.len() > 20_000, "screenshot too small: {} bytes", png.len());
}

#[test]
fn a_deleted_document_leaves_the_index_and_the_collection() {
    let server = start("delete");
    let addr = server.addr.clone();
    assert!(text(&addr, "/").contains("school-summary"));
    let mut stream = events(&addr);
    std::fs::remove_file(server.dir.join("docs/school-summary.toml")).unwrap();
    next_event(&mut stream);
    assert!(!text(&addr, "/").contains("school-summary"), "the index still lists a deleted file");
    assert!(!text(&addr, "/collection.html").contains("××县第一中学工会2024年度工作总结"));
    assert_eq!(get(&addr, "/doc/school-summary.html").0, 404);
}
