//! The browser editor of `wengao serve`, end to end with real requests: a save
//! changes the one field edited and nothing else of the file; a file changed on
//! disk since the page loaded it is a conflict, resolved either way with the
//! other version kept beside; 新建 and 导入 make new files and never overwrite;
//! downloads; and every guard of a server that writes files — Host (DNS
//! rebinding), Origin, the token, paths and links out of the root, the body cap,
//! `--read-only`. Last, headless Chromium edits a plan through the form
//! (tests/editor.mjs) with no Content-Security-Policy violation.

use crate::common;
use common::server::{request, start, start_with, text, Server};

use serde_json::{json, Value};
use std::path::Path;
use std::process::Command;

fn token(server: &Server) -> String {
    let index = text(&server.addr, "/");
    let at = index.find("name=\"wengao-token\" content=\"").expect("the index carries the token") + 29;
    index[at..at + 32].to_string()
}

/// A POST from the server's own page: right Origin and token.
fn post(server: &Server, path: &str, body: &Value) -> (u16, Value) {
    let origin = format!("http://{}", server.addr);
    let token = token(server);
    let (status, _, body) = request(
        &server.addr,
        "POST",
        path,
        &[("Origin", &origin), ("X-Wengao-Token", &token), ("Content-Type", "application/json")],
        body.to_string().as_bytes(),
    );
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

fn state(server: &Server, key: &str) -> Value {
    serde_json::from_str(&text(&server.addr, &format!("/api/doc/{key}"))).unwrap()
}

fn changed_lines(before: &str, after: &str) -> Vec<String> {
    let (a, b): (Vec<&str>, Vec<&str>) = (before.lines().collect(), after.lines().collect());
    assert_eq!(a.len(), b.len(), "{after}");
    a.iter().zip(&b).filter(|(x, y)| x != y).map(|(_, y)| y.to_string()).collect()
}

#[test]
fn a_save_changes_the_edited_field_alone_and_reports_problems_by_field() {
    let server = start("edit-save");
    let file = server.dir.join("docs/school-summary.toml");
    let before = std::fs::read_to_string(&file).unwrap();
    let mut s = state(&server, "school-summary");
    assert!(s["numbers"]["section/0"] == "一、", "{}", s["numbers"]);
    s["model"]["organization"] = json!("××市实验小学工会委员会");
    let (status, answer) =
        post(&server, "/api/doc/school-summary", &json!({"version": s["version"], "doc": s["model"]}));
    assert_eq!(status, 200, "{answer}");
    let after = std::fs::read_to_string(&file).unwrap();
    assert_eq!(changed_lines(&before, &after), ["organization = \"××市实验小学工会委员会\""]);
    assert!(text(&server.addr, "/doc/school-summary.html").contains("××市实验小学工会委员会"));

    // An impossible date and an empty title: saved as typed, each reported at its
    // field with the CLI's words; the preview keeps the last good render.
    let mut m = answer["model"].clone();
    m["date"] = json!("2024-02-30");
    m["section"][0]["title"] = json!("");
    let (status, answer) =
        post(&server, "/api/doc/school-summary", &json!({"version": answer["version"], "doc": m}));
    assert_eq!(status, 200, "{answer}");
    let problems: Vec<(String, String)> = answer["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["field"].as_str().unwrap().to_string(), p["message"].as_str().unwrap().to_string()))
        .collect();
    assert!(
        problems.contains(&(
            "date".into(),
            "`2024-02-30` is not a valid date: expected day between 01 and 29".into()
        )),
        "{problems:?}"
    );
    let cli = Command::new(env!("CARGO_BIN_EXE_wengao")).arg("check").arg(&file).output().unwrap();
    let cli = String::from_utf8_lossy(&cli.stderr);
    for (_, message) in &problems {
        assert!(cli.contains(message.as_str()), "the CLI says it otherwise:\n{cli}");
    }
    assert!(std::fs::read_to_string(&file).unwrap().contains("date = \"2024-02-30\""));
    let page = text(&server.addr, "/doc/school-summary.html");
    assert!(page.contains("id=\"wengao-error\"") && page.contains("××市实验小学工会委员会"));
}

#[test]
fn a_file_that_is_not_toml_gets_its_errors_and_no_form() {
    let server = start("edit-broken");
    let file = server.dir.join("docs/school-plan.toml");
    std::fs::write(&file, "title = \"坏的\n[[section]]\n").unwrap();
    // The state is read from the file on each request.
    let s = state(&server, "school-plan");
    assert!(s["model"].is_null(), "{s}");
    assert_eq!(s["problems"][0]["message"], "TOML syntax error: this text has no closing quote", "{s}");
    assert_eq!((s["problems"][0]["line"].as_u64(), s["problems"][0]["column"].as_u64()), (Some(1), Some(12)));
    let (status, _) =
        post(&server, "/api/doc/school-plan", &json!({"version": s["version"], "doc": {"title": "x"}}));
    assert_eq!(status, 422, "a file that does not parse is not overwritten from a form");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "title = \"坏的\n[[section]]\n");
}

#[test]
fn a_file_changed_on_disk_is_a_conflict_and_nothing_is_lost() {
    let server = start("edit-conflict");
    let file = server.dir.join("docs/school-plan.toml");
    let s = state(&server, "school-plan");
    let mut mine = s["model"].clone();
    mine["subtitle"] = json!("（网页上改的副标题）");
    // Another program changes the title meanwhile.
    let disk = std::fs::read_to_string(&file).unwrap().replacen(
        "2025年工作计划\"",
        "2025年工作计划（别处改的）\"",
        1,
    );
    std::fs::write(&file, &disk).unwrap();

    let (status, answer) =
        post(&server, "/api/doc/school-plan", &json!({"version": s["version"], "doc": mine}));
    assert_eq!(status, 409, "{answer}");
    assert!(
        answer["model"]["title"].as_str().unwrap().contains("别处改的"),
        "the page is shown the disk's version"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), disk, "a conflict writes nothing");

    // Keep mine: the disk's version goes beside as .conflict-1.toml.
    let (status, answer) = post(
        &server,
        "/api/doc/school-plan",
        &json!({"version": s["version"], "doc": mine, "resolve": "mine"}),
    );
    assert_eq!(status, 200, "{answer}");
    assert_eq!(std::fs::read_to_string(server.dir.join("docs/school-plan.conflict-1.toml")).unwrap(), disk);
    assert!(!text(&server.addr, "/").contains("conflict-1"), "a conflict copy is no document of its own");
    let now = std::fs::read_to_string(&file).unwrap();
    assert!(now.contains("（网页上改的副标题）") && !now.contains("别处改的"));

    // Keep the disk's: mine goes beside as .conflict-2.toml, the file stays.
    let disk = now.replace("网页上改的副标题", "又在别处改的副标题");
    std::fs::write(&file, &disk).unwrap();
    let mut mine = answer["model"].clone();
    mine["organization"] = json!("网页上的落款");
    let (status, answer) = post(
        &server,
        "/api/doc/school-plan",
        &json!({"version": answer["version"], "doc": mine, "resolve": "disk"}),
    );
    assert_eq!(status, 200, "{answer}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), disk);
    assert!(std::fs::read_to_string(server.dir.join("docs/school-plan.conflict-2.toml"))
        .unwrap()
        .contains("网页上的落款"));
    assert_eq!(answer["model"]["subtitle"], "（又在别处改的副标题）");
}

#[test]
fn new_documents_and_imports_never_overwrite() {
    let server = start("edit-new");
    let (status, answer) =
        post(&server, "/api/new", &json!({"kind": "summary", "name": "2025年工会工作总结"}));
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["key"], "2025年工会工作总结");
    let made = server.dir.join("docs/2025年工会工作总结.toml");
    assert!(std::fs::read_to_string(&made).unwrap().contains("title"));
    assert!(text(&server.addr, "/edit/2025年工会工作总结").contains("editor.js"));
    // The index offers every starter kind, the 印发通知 too, and the server makes it.
    assert!(text(&server.addr, "/").contains("<option value=\"notice\">"));
    let (status, answer) = post(&server, "/api/new", &json!({"kind": "notice", "name": "印发通知"}));
    assert_eq!(status, 200, "{answer}");
    assert!(std::fs::read_to_string(server.dir.join("docs/印发通知.toml")).unwrap().contains("[masthead]"));
    std::fs::write(&made, "title = \"我写过的\"\n").unwrap();
    let (status, answer) = post(&server, "/api/new", &json!({"kind": "plan", "name": "2025年工会工作总结"}));
    assert_eq!(status, 409, "{answer}");
    assert_eq!(std::fs::read_to_string(&made).unwrap(), "title = \"我写过的\"\n");
    for bad in ["../outside", "a/b", ".hidden", "wengao", "", "x\\y"] {
        let (status, answer) = post(&server, "/api/new", &json!({"kind": "plan", "name": bad}));
        assert_eq!(status, 400, "{bad:?}: {answer}");
    }
    assert!(!server.dir.join("outside.toml").exists());

    // 导入: a pasted text becomes NAME.toml, then NAME-2.toml.
    let text_file = "2025年读书月活动方案\n\n一、活动目的\n\n营造书香校园。\n\n二、活动安排\n\n1. 启动仪式。\n2. 读书分享会。\n";
    let origin = format!("http://{}", server.addr);
    let token = token(&server);
    for expect in ["读书月", "读书月-2"] {
        let (status, _, body) = request(
            &server.addr,
            "POST",
            "/api/import?name=%E8%AF%BB%E4%B9%A6%E6%9C%88.txt",
            &[("Origin", &origin), ("X-Wengao-Token", &token)],
            text_file.as_bytes(),
        );
        let answer: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!((status, answer["key"].as_str()), (200, Some(expect)), "{answer}");
    }
    let imported = std::fs::read_to_string(server.dir.join("docs/读书月.toml")).unwrap();
    assert!(imported.contains("活动目的") && imported.contains("读书分享会"), "{imported}");
    let (status, _, body) = request(
        &server.addr,
        "POST",
        "/api/import?name=old.doc",
        &[("Origin", &origin), ("X-Wengao-Token", &token)],
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 an old Word file",
    );
    assert_eq!(status, 422, "{}", String::from_utf8_lossy(&body));
}

#[test]
fn downloads_are_named_attachments() {
    let server = start("edit-downloads");
    for (ext, starts) in
        [("pdf", &b"%PDF"[..]), ("docx", b"PK\x03\x04"), ("html", b"<!DOCTYPE html>"), ("md", b"# ")]
    {
        let (status, head, body) =
            request(&server.addr, "GET", &format!("/file/school-plan.{ext}"), &[], b"");
        assert_eq!(status, 200, "{ext}");
        assert!(body.starts_with(starts), "{ext}: {:?}", &body[..body.len().min(20)]);
        let disposition = common::server::header(&head, "content-disposition");
        assert!(
            disposition.starts_with("attachment") && disposition.contains(&format!("school-plan.{ext}")),
            "{disposition}"
        );
    }
    assert_eq!(request(&server.addr, "GET", "/file/nothing.pdf", &[], b"").0, 404);
}

#[test]
fn the_guards_of_a_server_that_writes_files() {
    let server = start("edit-guards");
    let addr = server.addr.clone();
    let file = server.dir.join("docs/school-plan.toml");
    let before = std::fs::read_to_string(&file).unwrap();
    let s = state(&server, "school-plan");
    let mut m = s["model"].clone();
    m["title"] = json!("被别的网页改掉的标题");
    let body = json!({"version": s["version"], "doc": m}).to_string();
    let origin = format!("http://{addr}");
    let token = token(&server);
    let port = addr.rsplit(':').next().unwrap();
    let evil_host = format!("evil.example:{port}");
    let cases: [(&str, Vec<(&str, &str)>); 6] = [
        (
            "DNS rebinding: another host name",
            vec![("Host", &evil_host), ("Origin", "http://evil.example"), ("X-Wengao-Token", &token)],
        ),
        ("no Origin", vec![("X-Wengao-Token", &token)]),
        ("another site's Origin", vec![("Origin", "http://evil.example"), ("X-Wengao-Token", &token)]),
        ("no token", vec![("Origin", &origin)]),
        ("a wrong token", vec![("Origin", &origin), ("X-Wengao-Token", "0123456789abcdef0123456789abcdef")]),
        ("a form post", vec![("Origin", "null"), ("Content-Type", "text/plain")]),
    ];
    for (what, headers) in &cases {
        let (status, _, answer) = request(&addr, "POST", "/api/doc/school-plan", headers, body.as_bytes());
        assert_eq!(status, 403, "{what}: {}", String::from_utf8_lossy(&answer));
    }
    assert_eq!(std::fs::read_to_string(&file).unwrap(), before, "a refused request wrote");
    // Even reading refuses a foreign Host (a rebinding page would read the token).
    assert_eq!(request(&addr, "GET", "/", &[("Host", &evil_host)], b"").0, 403);

    // Only listed documents, inside the root, not through a link.
    let outside = server.dir.join("outside.toml");
    std::fs::write(&outside, "title = \"外面的文件\"\n").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&outside, server.dir.join("docs/link.toml")).unwrap();
    for key in ["../outside", "link", "nothing", "primary/../../outside", "%2e%2e/outside"] {
        let (status, _) =
            post(&server, &format!("/api/doc/{key}"), &json!({"version": "", "doc": {"title": "改"}}));
        assert!(status == 404 || status == 403, "{key}: {status}");
    }
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), "title = \"外面的文件\"\n");

    // The body cap.
    let huge = format!("{{\"version\":\"\",\"doc\":{{\"title\":\"{}\"}}}}", "长".repeat(1_000_000));
    let (status, _, _) = request(
        &addr,
        "POST",
        "/api/doc/school-plan",
        &[("Origin", &origin), ("X-Wengao-Token", &token), ("Content-Type", "application/json")],
        huge.as_bytes(),
    );
    assert_eq!(status, 413);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), before);
}

#[test]
fn read_only_turns_editing_off() {
    let server = start_with("edit-read-only", &["--read-only"]);
    let index = text(&server.addr, "/");
    assert!(!index.contains("wengao-token") && !index.contains("/edit/"), "no editor links when read-only");
    assert_eq!(request(&server.addr, "GET", "/edit/school-plan", &[], b"").0, 403);
    let origin = format!("http://{}", server.addr);
    let (status, _, _) = request(
        &server.addr,
        "POST",
        "/api/new",
        &[("Origin", &origin), ("Content-Type", "application/json")],
        br#"{"kind":"plan","name":"x"}"#,
    );
    assert_eq!(status, 403);
    assert!(!server.dir.join("docs/x.toml").exists());
    assert!(text(&server.addr, "/doc/school-plan.html").contains("指导思想"), "the preview still works");
}

#[test]
fn headless_chromium_edits_a_plan_through_the_form() {
    let server = start("edit-browser");
    let shots = server.dir.join("shots");
    std::fs::create_dir_all(&shots).unwrap();
    let (ok, log) =
        server.browser("editor.mjs", &[&format!("http://{}", server.addr), &server.dir.join("docs"), &shots]);
    assert!(ok && log.contains("editor test passed"), "{log}");
    // The editor and its preview ran under the server's Content-Security-Policy.
    assert!(log.contains("no Content-Security-Policy violations"), "{log}");
    for shot in ["editor-plan.png", "editor-school-summary.png", "editor-union-plans-collection.png"] {
        let png = std::fs::read(shots.join(shot)).unwrap();
        assert!(png.starts_with(b"\x89PNG") && png.len() > 20_000, "{shot}: {} bytes", png.len());
    }
    if let Some(dir) = std::env::var_os("WENGAO_KEEP_SHOTS") {
        for entry in std::fs::read_dir(&shots).unwrap().flatten() {
            std::fs::copy(entry.path(), Path::new(&dir).join(entry.file_name())).unwrap();
        }
    }
}
