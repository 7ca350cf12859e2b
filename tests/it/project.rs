//! One project loader: `build`, `check`, `collect` and `serve` see the same
//! documents, with the same `wengao.toml` defaults and the same templates.
//!
//! The tree: a root `wengao.toml`; folder `a/` with its own `wengao.toml` (its
//! organisation wins) and its own `templates/` (a marker line in the document
//! template); folder `b/` with a plain TOML; folder `c/` with a Word file (a
//! document of its own, imported); `b/deep/` under `a`-less defaults with a
//! `templates/` one level up in `b/`; an old `out/` and an editor conflict copy,
//! which are no documents.

use crate::common::server::serve;
use std::path::{Path, PathBuf};
use std::process::Command;

const ROOT_ORG: &str = "某区教育工会";
const A_ORG: &str = "甲校工会";
const A_MARK: &str = "甲校自用模板";
const B_MARK: &str = "乙校自用模板";

/// The document keys, in path order.
const KEYS: [&str; 4] = ["a/plan", "b/deep/plan", "b/summary", "c/report"];

fn wengao(dir: &Path, args: &[&str]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_wengao"))
        .current_dir(dir)
        .args(args)
        .env("SOURCE_DATE_EPOCH", crate::common::EPOCH)
        .output()
        .expect("run wengao");
    (out.status.success(), String::from_utf8_lossy(&out.stderr).into_owned())
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// The built-in templates with a marker line after the title.
fn marked_templates(dir: &Path, mark: &str) {
    let (ok, err) = wengao(Path::new("."), &["templates", dir.to_str().unwrap()]);
    assert!(ok, "{err}");
    let file = dir.join("document.md.tera");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("{mark}\n\n{text}")).unwrap();
}

fn plan(title: &str) -> String {
    format!("title = \"{title}\"\ndate = 2024-12-28\n[[section]]\ntitle = \"工作要点\"\ntext = \"{title}的正文。\"\n")
}

fn tree(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("wengao-project-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let root = dir.join("docs");
    write(&root.join("wengao.toml"), &format!("[defaults]\norganization = \"{ROOT_ORG}\"\n"));
    write(&root.join("a/wengao.toml"), &format!("[defaults]\norganization = \"{A_ORG}\"\n"));
    marked_templates(&root.join("a/templates"), A_MARK);
    write(&root.join("a/plan.toml"), &plan("甲校工会工作计划"));
    marked_templates(&root.join("b/templates"), B_MARK);
    write(&root.join("b/summary.toml"), &plan("乙校工会工作总结"));
    write(&root.join("b/deep/plan.toml"), &plan("乙校分部工作计划"));
    // A Word file another office sent: wengao's own DOCX of a plan, its TOML gone.
    let word = dir.join("word");
    write(&word.join("report.toml"), &plan("丙校工会工作报告"));
    let (ok, err) = wengao(&word, &["build", "report.toml", "-o", "built", "-f", "docx"]);
    assert!(ok, "{err}");
    std::fs::create_dir_all(root.join("c")).unwrap();
    std::fs::copy(word.join("built/report.docx"), root.join("c/report.docx")).unwrap();
    // No documents: an old output folder and an editor's conflict copy.
    write(&root.join("out/old.toml"), &plan("旧输出"));
    write(&root.join("a/plan.conflict-1.toml"), &plan("冲突副本"));
    dir
}

#[test]
fn build_check_collect_and_serve_agree_document_by_document() {
    let dir = tree("agree");
    let root = dir.join("docs");

    // build: every document, with its folder's defaults and templates.
    let (ok, err) = wengao(&dir, &["build", "docs", "-o", "built", "-f", "md,html"]);
    assert!(ok, "{err}");
    let built_md = |key: &str| std::fs::read_to_string(dir.join(format!("built/{key}.md"))).unwrap();
    let mut listed: Vec<String> = walk(&dir.join("built"), "md");
    listed.sort();
    assert_eq!(listed, KEYS, "build's documents");
    assert!(
        built_md("a/plan").contains(A_MARK) && built_md("a/plan").contains(A_ORG),
        "{}",
        built_md("a/plan")
    );
    // The nearest templates/ folder above a document applies (b/ for b/deep).
    for key in ["b/summary", "b/deep/plan"] {
        let md = built_md(key);
        assert!(md.contains(B_MARK) && md.contains(ROOT_ORG) && !md.contains(A_MARK), "{key}: {md}");
    }
    assert!(built_md("c/report").contains("丙校工会工作报告的正文"), "{}", built_md("c/report"));

    // check: the same documents.
    let (ok, err) = wengao(&dir, &["check", "docs"]);
    assert!(ok, "{err}");
    let checked: Vec<String> = err
        .lines()
        .filter_map(|l| l.strip_prefix("checked docs/"))
        .map(|l| l.rsplit_once('.').map_or(l, |(k, _)| k).to_string())
        .collect();
    assert_eq!(checked, KEYS, "check's documents:\n{err}");

    // collect: the same documents, in the same order, with the same defaults.
    let (ok, err) = wengao(&dir, &["collect", "docs", "-o", "all.md"]);
    assert!(ok, "{err}");
    let all = std::fs::read_to_string(dir.join("all.md")).unwrap();
    let at = |needle: &str| all.find(needle).unwrap_or_else(|| panic!("{needle} missing from:\n{all}"));
    assert!(at("甲校工会工作计划") < at("乙校分部工作计划"));
    assert!(at("乙校分部工作计划") < at("乙校工会工作总结"));
    assert!(at("乙校工会工作总结") < at("丙校工会工作报告"));
    assert!(
        all.contains(A_ORG) && all.contains(ROOT_ORG) && !all.contains("旧输出") && !all.contains("冲突副本")
    );

    // serve: its index lists the same documents, and each preview and download
    // is what build wrote.
    let server = serve(&dir, &root, &[]);
    let index = crate::common::server::text(&server.addr, "/");
    for key in KEYS {
        assert!(index.contains(&format!("/doc/{key}.html")), "{key} is not in the index:\n{index}");
        let md = crate::common::server::text(&server.addr, &format!("/file/{key}.md"));
        assert_eq!(md, built_md(key), "{key}: serve's Markdown is not build's");
        let preview = crate::common::server::text(&server.addr, &format!("/doc/{key}.html"));
        let want_mark = [(A_MARK, key.starts_with("a/")), (B_MARK, key.starts_with("b/"))];
        for (mark, want) in want_mark {
            assert_eq!(preview.contains(mark), want, "{key}: the preview's templates ({mark})");
        }
    }
    assert!(!index.contains("/doc/out/") && !index.contains("conflict"), "{index}");
    // The Word file is shown and downloadable, not offered to the editor.
    assert!(index.contains("/edit/a/plan") && !index.contains("/edit/c/report"), "{index}");
    let (status, _, _) = crate::common::server::get(&server.addr, "/edit/c/report");
    assert_eq!(status, 404, "no editor page for an imported document");
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_imported_document_is_shown_but_never_written_by_the_editor() {
    let dir = tree("readonly");
    let server = serve(&dir, &dir.join("docs"), &[]);
    let token = server_token(&server.addr);
    let origin = format!("http://{}", server.addr);
    let (status, _, body) = crate::common::server::request(
        &server.addr,
        "POST",
        "/api/doc/c/report",
        &[("Origin", &origin), ("X-Wengao-Token", &token), ("Content-Type", "application/json")],
        b"{\"doc\":{\"title\":\"x\"},\"version\":\"\"}",
    );
    assert_eq!(status, 403, "{}", String::from_utf8_lossy(&body));
    let before = std::fs::read(dir.join("word/built/report.docx")).unwrap();
    assert_eq!(std::fs::read(dir.join("docs/c/report.docx")).unwrap(), before, "the Word file is untouched");
}

/// The write token the index page carries.
fn server_token(addr: &str) -> String {
    let index = crate::common::server::text(addr, "/");
    let at = index.find("name=\"wengao-token\" content=\"").expect("a token in the index") + 29;
    index[at..].split('"').next().unwrap().to_string()
}

/// The keys of the files with extension `ext` below `dir`.
fn walk(dir: &Path, ext: &str) -> Vec<String> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir) {
        let path = entry.unwrap().into_path();
        if path.extension().is_some_and(|e| e == ext) {
            let rel = path.strip_prefix(dir).unwrap().with_extension("");
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
    out
}
