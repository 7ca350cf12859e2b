//! `wengao serve`, end to end: a real server on an ephemeral port over a copy of
//! the samples; pages, the reload event after an edit (and how long it takes),
//! the error overlay, PDFs on request, fonts, and refused paths; the editor's API
//! (saves that change one field alone, conflicts, 新建, 导入, downloads) and every
//! guard of a server that writes files (Host, Origin, token, paths, links, body
//! size, --read-only), each with real requests; the security headers of every
//! kind of response (Content-Security-Policy, nosniff). Then a headless Chromium
//! (tests/browser.mjs and tests/editor.mjs, driven over the DevTools protocol by
//! node) loads a page and sees it reload after an edit, and edits a plan through
//! the form.

use crate::common;
use common::server::{events, get, header, next_event, request, start, text};

use std::collections::BTreeMap;
use std::io::{Read, Write};
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
    // It ran under the server's Content-Security-Policy, which blocks inline script.
    assert!(log.contains("no Content-Security-Policy violations"), "{log}");
    assert!(log.contains("an inline script is blocked and reported"), "{log}");
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

/// A Content-Security-Policy header → its directives.
fn policy(head: &str) -> BTreeMap<String, Vec<String>> {
    header(head, "content-security-policy")
        .split(';')
        .filter_map(|d| {
            let mut words = d.split_whitespace().map(str::to_string);
            Some((words.next()?, words.collect()))
        })
        .collect()
}

/// Script in a page that is not a file: `<script>` without `src`, or an `on…=`
/// attribute (an inline event handler) in any tag.
fn inline_script(html: &str) -> Vec<String> {
    html.split('<')
        .skip(1)
        .filter_map(|tag| tag.split_once('>').map(|(inside, _)| inside))
        .filter(|inside| {
            let mut words = inside.split_whitespace();
            let name = words.next().unwrap_or("");
            (name.eq_ignore_ascii_case("script") && !inside.contains(" src="))
                || words.any(|w| w.len() > 2 && w[..2].eq_ignore_ascii_case("on") && w.contains('='))
        })
        .map(|inside| format!("<{inside}>"))
        .collect()
}

/// The security headers of one response: nosniff, and a policy that lets no
/// other site frame it and runs only script files from this server; inline
/// style only in a rendered `document`. An HTML body has no inline script.
fn assert_secure(what: &str, head: &str, body: &[u8], document: bool) {
    assert_eq!(header(head, "x-content-type-options"), "nosniff", "{what}:\n{head}");
    let csp = policy(head);
    let words = |d: &str| csp.get(d).cloned().unwrap_or_default();
    assert_eq!(words("frame-ancestors"), ["'self'"], "{what}: other sites must not frame it:\n{head}");
    assert_eq!(words("default-src"), ["'none'"], "{what}:\n{head}");
    assert_eq!(words("script-src"), ["'self'"], "{what}: scripts are files from this server:\n{head}");
    assert_eq!(words("base-uri"), ["'none'"], "{what}:\n{head}");
    if document {
        // wengao's page: its CSS inline; the standalone one's fonts `data:` URLs.
        assert_eq!(words("style-src"), ["'self'", "'unsafe-inline'"], "{what}:\n{head}");
        assert_eq!(words("font-src"), ["'self'", "data:"], "{what}:\n{head}");
    } else {
        assert_eq!(words("style-src"), ["'self'"], "{what}: no inline style:\n{head}");
    }
    if header(head, "content-type").starts_with("text/html") {
        let html = String::from_utf8_lossy(body);
        assert!(html.contains("</"), "{what}: no HTML");
        assert_eq!(inline_script(&html), Vec::<String>::new(), "{what}: inline script");
    }
}

#[test]
fn every_response_forbids_inline_script_and_framing_by_other_sites() {
    let server = start("headers");
    let addr = server.addr.clone();
    // (what, path, status, a rendered document?)
    for (what, path, status, document) in [
        ("the index", "/", 200, false),
        ("an editor page", "/edit/school-plan", 200, false),
        ("a preview", "/doc/school-plan.html", 200, true),
        ("a preview in the editor", "/doc/primary/dongcheng/plan.html?embedded", 200, true),
        ("the collection", "/collection.html", 200, true),
        ("a script", "/assets/editor.js", 200, false),
        ("a style", "/assets/preview.css", 200, false),
        ("a download", "/file/school-plan.pdf", 200, false),
        ("the standalone HTML download", "/file/school-plan.html", 200, true),
        ("the editor's JSON", "/api/doc/school-plan", 200, false),
        ("a font", "/fonts/FandolHei-Regular.otf", 200, false),
        ("a 404", "/nothing-here", 404, false),
    ] {
        let (got, head, body) = request(&addr, "GET", path, &[], b"");
        assert_eq!(got, status, "{what}");
        assert_secure(what, &head, &body, document);
    }
    let (status, head, body) = request(&addr, "GET", "/", &[("Host", "evil.example")], b"");
    assert_eq!(status, 403);
    assert_secure("the guard's refusal", &head, &body, false);
    // The checker sees what it looks for.
    assert_eq!(inline_script("<p>on=1</p><script>x()</script><script src=\"/a.js\"></script>").len(), 1);
    assert_eq!(inline_script("<button type=button onclick=\"print()\">").len(), 1);

    // The event stream too (it never ends: its head alone).
    let mut s = std::net::TcpStream::connect(&addr).unwrap();
    write!(s, "GET /__events HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
    let mut head = Vec::new();
    let mut byte = [0u8];
    while !head.ends_with(b"\r\n\r\n") && s.read(&mut byte).unwrap() == 1 {
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head);
    assert_eq!(header(&head, "content-type"), "text/event-stream", "{head}");
    assert_eq!(header(&head, "x-content-type-options"), "nosniff", "{head}");
    assert_eq!(policy(&head)["frame-ancestors"], ["'self'"], "{head}");
}
