//! The command line, run as a user runs it: `wengao new`, `templates`, `build`,
//! `check`, template overrides, exit codes. Every test works in its own folder
//! under the system temp dir, removed at the end.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A fresh folder, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let n = COUNT.fetch_add(1, Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!("wengao-cli-{name}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    fn path(&self) -> &Path {
        &self.0
    }

    fn write(&self, rel: &str, text: &str) -> PathBuf {
        let p = self.0.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
        p
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.0.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs wengao in `dir` with `args`.
fn wengao(dir: &Path, args: &[&str]) -> Output {
    let out =
        Command::new(env!("CARGO_BIN_EXE_wengao")).current_dir(dir).args(args).output().expect("run wengao");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "wengao {args:?} panicked:\n{stderr}");
    out
}

fn code(out: &Output) -> i32 {
    out.status.code().expect("an exit code, not a signal")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Asserts the exit code and shows stderr when it is not the one expected.
#[track_caller]
fn expect_code(out: &Output, want: i32) {
    assert_eq!(code(out), want, "exit code; stderr:\n{}", stderr(out));
}

const SMALL: &str = "title = \"2025年工会工作计划\"\norganization = \"××小学工会\"\ndate = 2024-12-26\n\n[[section]]\ntitle = \"重学习\"\ntext = \"开展专题学习。\"\n";

// ---------------------------------------------------------------- new

#[test]
fn new_writes_starters_that_build_as_they_are() {
    let t = TempDir::new("new");
    for kind in ["plan", "summary", "collection"] {
        let file = format!("{kind}.toml");
        let out = wengao(t.path(), &["new", &file, "--kind", kind]);
        expect_code(&out, 0);
        let text = t.read(&file);
        assert!(text.contains("title"), "{kind} starter has a title:\n{text}");
        assert!(text.lines().any(|l| l.trim_start().starts_with('#')), "{kind} starter is commented");

        let out = wengao(t.path(), &["check", &file]);
        expect_code(&out, 0);
        assert!(!stderr(&out).contains("warning"), "{kind} starter gives warnings:\n{}", stderr(&out));

        let out = wengao(t.path(), &["build", &file, "-o", "out", "-f", "md,html"]);
        expect_code(&out, 0);
        let md = t.read(&format!("out/{kind}.md"));
        assert!(md.starts_with("# "), "{kind}: {md}");
        if kind == "collection" {
            assert!(
                md.contains("篇一") && md.contains("{.toc}"),
                "collection starter has parts and 目录:\n{md}"
            );
        }
    }
}

#[test]
fn new_plan_is_the_default_kind() {
    let t = TempDir::new("new-default");
    expect_code(&wengao(t.path(), &["new", "a.toml"]), 0);
    expect_code(&wengao(t.path(), &["check", "a.toml"]), 0);
}

#[test]
fn new_refuses_to_overwrite_a_file() {
    let t = TempDir::new("new-exists");
    t.write("mine.toml", "title = \"我的计划\"\n");
    let out = wengao(t.path(), &["new", "mine.toml", "--kind", "summary"]);
    expect_code(&out, 1);
    assert!(stderr(&out).contains("already exists"), "{}", stderr(&out));
    assert_eq!(t.read("mine.toml"), "title = \"我的计划\"\n", "the user's file is untouched");
}

// ---------------------------------------------------------------- templates

#[test]
fn templates_writes_the_built_in_ones() {
    let t = TempDir::new("templates");
    let out = wengao(t.path(), &["templates", "tpl"]);
    expect_code(&out, 0);
    let md = t.read("tpl/document.md.tera");
    let page = t.read("tpl/page.html.tera");
    assert!(md.contains("{.title}") && md.contains("component"), "document.md.tera looks wrong");
    assert!(page.contains("<!DOCTYPE html>") && page.contains("@page"), "page.html.tera looks wrong");

    // Written-out templates used as they are give the same output as the built-ins.
    t.write("a.toml", SMALL);
    expect_code(&wengao(t.path(), &["build", "a.toml", "-o", "builtin", "-f", "md,html"]), 0);
    expect_code(
        &wengao(t.path(), &["build", "a.toml", "-o", "custom", "-f", "md,html", "--templates", "tpl"]),
        0,
    );
    assert_eq!(t.read("builtin/a.md"), t.read("custom/a.md"));
    assert_eq!(t.read("builtin/a.html"), t.read("custom/a.html"));
}

#[test]
fn a_templates_folder_beside_the_input_overrides_the_built_in() {
    let t = TempDir::new("override");
    t.write("a.toml", SMALL);
    t.write(
        "templates/document.md.tera",
        "# {{ title | md_title }} {.title}\n\nUSER-TEMPLATE-MARKER {{ doc.sections | length | cn_count }}\n",
    );
    let out = wengao(t.path(), &["build", "a.toml", "-o", "out", "-f", "md,html"]);
    expect_code(&out, 0);
    let md = t.read("out/a.md");
    assert!(md.contains("USER-TEMPLATE-MARKER 一"), "{md}");
    assert!(t.read("out/a.html").contains("USER-TEMPLATE-MARKER 一"));
}

#[test]
fn kind_picks_its_own_template() {
    let t = TempDir::new("kind");
    t.write("a.toml", &format!("kind = \"foo\"\n{SMALL}"));
    t.write("b.toml", SMALL);
    t.write("templates/foo.md.tera", "# {{ title | md_title }} {.title}\n\nFOO-KIND-MARKER\n");
    let out = wengao(t.path(), &["build", "a.toml", "b.toml", "-o", "out", "-f", "md"]);
    expect_code(&out, 0);
    assert!(t.read("out/a.md").contains("FOO-KIND-MARKER"), "kind = \"foo\" uses templates/foo.md.tera");
    let b = t.read("out/b.md");
    assert!(
        !b.contains("FOO-KIND-MARKER") && b.contains("## 一、重学习"),
        "no kind: the built-in template\n{b}"
    );
}

#[test]
fn a_template_syntax_error_points_at_the_template() {
    let t = TempDir::new("tpl-error");
    t.write("a.toml", SMALL);
    t.write("templates/document.md.tera", "# {{ title }} {.title}\n\n{% if %}\n");
    let out = wengao(t.path(), &["build", "a.toml", "-o", "out", "-f", "md"]);
    expect_code(&out, 1);
    let err = stderr(&out);
    assert!(err.contains("template"), "{err}");
    assert!(err.contains("templates/document.md.tera:3:7"), "file:line:col of the template:\n{err}");
    assert!(err.contains("3 | {% if %}") && err.contains("help:"), "{err}");
    assert!(!t.path().join("out/a.md").exists(), "nothing is written for a failed document");
}

// ---------------------------------------------------------------- build

#[test]
fn build_writes_md_and_html_named_after_the_input() {
    let t = TempDir::new("build");
    t.write("docs/plan.toml", SMALL);
    let out = wengao(t.path(), &["build", "docs/plan.toml", "-o", "out", "-f", "md,html"]);
    expect_code(&out, 0);
    let md = t.read("out/plan.md");
    let html = t.read("out/plan.html");
    assert!(
        md.contains("# 2025年工会工作计划 {.title}") && md.contains("###### 2024年12月26日 {.date}"),
        "{md}"
    );
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("2024年12月26日"), "{html}");
    assert!(!t.path().join("out/plan.pdf").exists(), "only the formats asked for");
    let leftovers: Vec<_> = std::fs::read_dir(t.path().join("out"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn build_of_a_folder_mirrors_its_tree() {
    let t = TempDir::new("build-dir");
    t.write("in/a.toml", SMALL);
    t.write("in/sub/b.toml", SMALL);
    let out = wengao(t.path(), &["build", "in", "-o", "out", "-f", "md"]);
    expect_code(&out, 0);
    assert!(t.path().join("out/a.md").is_file());
    assert!(t.path().join("out/sub/b.md").is_file());
}

#[test]
fn bad_input_gives_exit_1_and_good_files_are_still_built() {
    let t = TempDir::new("build-bad");
    t.write("in/good.toml", SMALL);
    t.write("in/bad.toml", "titel = \"计划\"\n");
    let out = wengao(t.path(), &["build", "in", "-o", "out", "-f", "md"]);
    expect_code(&out, 1);
    assert!(stderr(&out).contains("in/bad.toml:1:1"), "{}", stderr(&out));
    assert!(t.path().join("out/good.md").is_file(), "one bad file does not stop the others");
}

#[test]
fn a_missing_input_is_exit_1() {
    let t = TempDir::new("missing");
    let out = wengao(t.path(), &["build", "nope.toml", "-o", "out"]);
    expect_code(&out, 1);
    assert!(stderr(&out).contains("nope.toml"), "{}", stderr(&out));
}

#[test]
fn an_unwritable_output_folder_is_exit_2() {
    let t = TempDir::new("unwritable");
    t.write("a.toml", SMALL);
    t.write("blocker", "a regular file where the output folder should be\n");
    let out = wengao(t.path(), &["build", "a.toml", "-o", "blocker/out", "-f", "md,html"]);
    expect_code(&out, 2);
    let err = stderr(&out);
    assert!(err.contains("cannot write") && err.contains("blocker/out"), "{err}");
}

#[test]
fn asking_for_pdf_does_not_panic() {
    let t = TempDir::new("pdf");
    t.write("a.toml", SMALL);
    let out = wengao(t.path(), &["build", "a.toml", "-o", "out", "-f", "pdf"]);
    assert!(matches!(code(&out), 0 | 1), "exit code {}:\n{}", code(&out), stderr(&out));
}

#[test]
fn an_unknown_format_is_refused_by_the_argument_parser() {
    let t = TempDir::new("format");
    t.write("a.toml", SMALL);
    let out = wengao(t.path(), &["build", "a.toml", "-f", "odt"]);
    // clap's usage errors exit with 2; only "not 0" is promised here.
    assert_ne!(code(&out), 0);
    assert!(!t.path().join("out").exists());
    assert!(stderr(&out).contains("odt"), "{}", stderr(&out));
}

#[test]
fn check_writes_nothing() {
    let t = TempDir::new("check");
    t.write("a.toml", SMALL);
    let out = wengao(t.path(), &["check", "a.toml"]);
    expect_code(&out, 0);
    let entries: Vec<_> =
        std::fs::read_dir(t.path()).unwrap().filter_map(|e| e.ok()).map(|e| e.file_name()).collect();
    assert_eq!(entries, ["a.toml"], "check must not write files");
}

#[test]
fn help_is_plain_words() {
    let t = TempDir::new("help");
    let out = wengao(t.path(), &["--help"]);
    expect_code(&out, 0);
    let text = String::from_utf8_lossy(&out.stdout);
    for cmd in ["build", "check", "new", "templates"] {
        assert!(text.contains(cmd), "--help lists {cmd}:\n{text}");
    }
    assert!(text.contains("生成文稿"), "{text}");
}

#[test]
fn version_names_the_commit_it_was_built_from() {
    let t = TempDir::new("version");
    let out = wengao(t.path(), &["--version"]);
    expect_code(&out, 0);
    let git = Command::new("git")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["rev-parse", "--short=10", "HEAD"])
        .output()
        .expect("git (the tests run in a checkout)");
    let commit = String::from_utf8_lossy(&git.stdout).trim().to_string();
    assert!(!commit.is_empty(), "not a git checkout");
    let want = format!("wengao {} ({commit})\n", env!("CARGO_PKG_VERSION"));
    assert_eq!(String::from_utf8_lossy(&out.stdout), want);
}

/// A picture or an issued document named by a device path (`/dev/zero`) was read
/// until the memory ran out; a device, a pipe or a folder is refused unopened, at
/// the place that names it. (`ulimit -v` keeps a regression from taking the
/// machine with it.)
#[cfg(unix)]
#[test]
fn a_device_named_as_a_picture_or_an_issued_file_is_an_error_not_a_hang() {
    let t = TempDir::new("device");
    t.write("photo.toml", "title = \"计划\"\npreface = \"![现场](/dev/zero)\"\n");
    t.write("notice.toml", "title = \"通知\"\n[[attachment]]\nfile = \"/dev/zero\"\n");
    for (file, want) in [
        ("photo.toml", "cannot read the picture /dev/zero: not a regular file"),
        ("notice.toml", "the issued document /dev/zero is not a file"),
    ] {
        let out = Command::new("bash")
            .current_dir(t.path())
            .arg("-c")
            .arg(format!("ulimit -v 4000000; exec \"$0\" build {file} -o out -f md,pdf"))
            .arg(env!("CARGO_BIN_EXE_wengao"))
            .output()
            .expect("run wengao");
        expect_code(&out, 1);
        assert!(stderr(&out).contains(want), "{}", stderr(&out));
        assert!(stderr(&out).contains(&format!("{file}:")), "located: {}", stderr(&out));
    }
}
