//! Batch builds of a small district (`samples/district`), run as a user runs them:
//! the `wengao.toml` merge rules, outputs mirroring the tree, skip/force, a broken
//! file among good ones, determinism across thread counts, atomic outputs, stale
//! outputs, `wengao collect`, and what discovery leaves out. Every test works on
//! its own copy of the district under the system temp dir, removed at the end.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::SystemTime;

use crate::common;
use common::{copy_tree, DISTRICT_DOCS as DOCS, EPOCH};

/// A fresh copy of `samples/district` at `ROOT/district`, removed when dropped.
/// Commands run in ROOT, so `district` and `district/out` are relative paths.
struct District(PathBuf);

impl District {
    fn new(name: &str) -> District {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let n = COUNT.fetch_add(1, Ordering::SeqCst);
        let root = std::env::temp_dir().join(format!("wengao-batch-{name}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/district");
        copy_tree(&src, &root.join("district"));
        District(root)
    }

    fn root(&self) -> &Path {
        &self.0
    }

    /// A path below the copied district.
    fn at(&self, rel: &str) -> PathBuf {
        self.0.join("district").join(rel)
    }

    fn write(&self, rel: &str, text: &str) {
        let p = self.at(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
    }

    fn append(&self, rel: &str, text: &str) {
        let old = std::fs::read_to_string(self.at(rel)).unwrap();
        self.write(rel, &format!("{old}{text}"));
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.at(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// Runs wengao in ROOT with `args`.
    fn wengao(&self, args: &[&str]) -> Output {
        self.wengao_with(args, &[])
    }

    /// Runs wengao in ROOT with `args` and the environment variables `env`.
    fn wengao_with(&self, args: &[&str], env: &[(&str, &std::ffi::OsStr)]) -> Output {
        let out = Command::new(env!("CARGO_BIN_EXE_wengao"))
            .current_dir(&self.0)
            .env("SOURCE_DATE_EPOCH", EPOCH)
            .env_remove("WENGAO_FONT_DIR")
            .envs(env.iter().copied())
            .args(args)
            .output()
            .expect("run wengao");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "wengao {args:?} panicked:\n{stderr}");
        out
    }

    /// Runs `wengao build district ARGS…` and checks its exit code.
    #[track_caller]
    fn build(&self, args: &[&str], want: i32) -> String {
        let mut all = vec!["build", "district"];
        all.extend_from_slice(args);
        let out = self.wengao(&all);
        expect_code(&out, want);
        stderr(&out)
    }
}

impl Drop for District {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[track_caller]
fn expect_code(out: &Output, want: i32) {
    assert_eq!(out.status.code(), Some(want), "exit code; stderr:\n{}", stderr(out));
}

/// The summary line, e.g. `7 built, 0 skipped, 0 failed` (without the time).
#[track_caller]
fn summary(log: &str) -> String {
    let line =
        log.lines().rev().find(|l| l.contains(" skipped, ")).unwrap_or_else(|| panic!("no summary:\n{log}"));
    line.split(" in ").next().unwrap().to_string()
}

/// The documents the log says were built (`built district/X.toml → …`), as `X`.
fn built(log: &str) -> Vec<String> {
    log.lines()
        .filter_map(|l| l.strip_prefix("built district/"))
        .map(|l| l.split(".toml").next().unwrap().to_string())
        .collect()
}

/// Every file below `dir` (relative path → bytes), hidden files included.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, acc: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let entry = entry.unwrap();
            let path = entry.path();
            if entry.file_type().unwrap().is_dir() {
                walk(base, &path, acc);
            } else {
                acc.insert(path.strip_prefix(base).unwrap().to_path_buf(), std::fs::read(&path).unwrap());
            }
        }
    }
    let mut acc = BTreeMap::new();
    walk(dir, dir, &mut acc);
    acc
}

fn mtime(p: &Path) -> SystemTime {
    std::fs::metadata(p).and_then(|m| m.modified()).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The text of a PDF (pdftotext), without whitespace.
fn pdf_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success(), "pdftotext {}: {}", pdf.display(), stderr(&out));
    String::from_utf8_lossy(&out.stdout).chars().filter(|c| !c.is_whitespace()).collect()
}

// ---------------------------------------------------------------- merge rules, tree

#[test]
fn defaults_merge_with_the_nearest_file_winning_and_outputs_mirror_the_tree() {
    let d = District::new("merge");
    // No -f: the formats come from `[build] formats` of district/wengao.toml.
    let log = d.build(&[], 0);
    assert_eq!(summary(&log), "7 built, 0 skipped, 0 failed", "{log}");

    // Outputs mirror the input tree, all three formats, nothing else.
    let mut want: Vec<PathBuf> = DOCS
        .iter()
        .flat_map(|doc| ["md", "html", "pdf"].map(|ext| PathBuf::from(format!("{doc}.{ext}"))))
        .collect();
    want.push(PathBuf::from(".wengao-cache"));
    want.push(PathBuf::from(".wengao-lock"));
    want.sort();
    let got: Vec<PathBuf> = files(&d.at("out")).into_keys().collect();
    assert_eq!(got, want);
    for ext in ["md", "html", "pdf"] {
        assert!(d.at(&format!("out/primary/dongcheng/plan.{ext}")).is_file(), "plan.{ext}");
    }

    let signature = |doc: &str| {
        let md = d.read(&format!("out/{doc}.md"));
        let line = md.lines().find(|l| l.ends_with("{.signature}"));
        line.unwrap_or_else(|| panic!("{doc}.md has no 落款:\n{md}")).to_string()
    };
    // No organization of their own: the district default.
    for doc in ["primary/nanguan/plan", "kindergarten/sunshine/plan"] {
        assert_eq!(signature(doc), "###### ××县教育工会 {.signature}", "{doc}");
    }
    // No organization of their own, below middle/wengao.toml: the nearer file wins.
    assert_eq!(signature("middle/no2/plan"), "###### ××县中学联合工会 {.signature}");
    // Their own organization wins over both files.
    for doc in ["middle/no1/plan", "middle/no1/summary"] {
        assert_eq!(signature(doc), "###### ××县第一中学工会 {.signature}", "{doc}");
    }
    assert_eq!(signature("primary/dongcheng/plan"), "###### ××县东城小学工会 {.signature}");
    assert_eq!(signature("primary/xicheng/summary"), "###### ××县西城小学工会 {.signature}");

    // No document has a date: every one gets the district's, in the district's style.
    for doc in DOCS {
        let md = d.read(&format!("out/{doc}.md"));
        assert!(md.lines().any(|l| l == "###### 2024年12月28日 {.date}"), "{doc}.md:\n{md}");
        let html = d.read(&format!("out/{doc}.html"));
        assert!(html.contains("2024年12月28日"), "{doc}.html has the date");
    }
    // The defaults reach the PDF too.
    let text = pdf_text(&d.at("out/middle/no2/plan.pdf"));
    assert!(text.contains("××县中学联合工会2024年12月28日"), "{text}");
}

#[test]
fn a_document_below_a_nearer_wengao_toml_takes_its_style_and_the_rest_from_farther() {
    let d = District::new("style");
    // The nearer file changes the date style; organization and date still come from above.
    d.write("kindergarten/wengao.toml", "[defaults.style]\ndate_style = \"chinese\"\n");
    let log = d.build(&["-f", "md", "-q"], 0);
    assert_eq!(summary(&log), "7 built, 0 skipped, 0 failed", "{log}");
    let md = d.read("out/kindergarten/sunshine/plan.md");
    assert!(md.contains("###### 二〇二四年十二月二十八日 {.date}"), "{md}");
    assert!(md.contains("###### ××县教育工会 {.signature}"), "{md}");
    // Elsewhere the district's arabic style stays.
    assert!(d.read("out/primary/nanguan/plan.md").contains("###### 2024年12月28日 {.date}"));
}

// ---------------------------------------------------------------- incremental

#[test]
fn unchanged_documents_are_skipped_and_changes_rebuild_only_what_they_touch() {
    let d = District::new("skip");
    let log = d.build(&[], 0);
    assert_eq!(summary(&log), "7 built, 0 skipped, 0 failed", "{log}");
    assert_eq!(built(&log), DOCS);

    // Nothing changed: all skipped, nothing rewritten.
    let before: Vec<SystemTime> = DOCS.iter().map(|doc| mtime(&d.at(&format!("out/{doc}.pdf")))).collect();
    let log = d.build(&[], 0);
    assert_eq!(summary(&log), "0 built, 7 skipped, 0 failed", "{log}");
    assert!(built(&log).is_empty(), "{log}");

    // Rewriting a file with the same bytes changes nothing (content hashes, not times).
    let same = d.read("primary/xicheng/summary.toml");
    d.write("primary/xicheng/summary.toml", &same);
    let log = d.build(&[], 0);
    assert_eq!(summary(&log), "0 built, 7 skipped, 0 failed", "{log}");

    // Changing one document rebuilds that one only.
    d.append("primary/dongcheng/plan.toml", "\n[[attachment]]\ntitle = \"东城小学工会2025年经费预算表\"\n");
    let log = d.build(&[], 0);
    assert_eq!(summary(&log), "1 built, 6 skipped, 0 failed", "{log}");
    assert_eq!(built(&log), ["primary/dongcheng/plan"]);
    assert!(d.read("out/primary/dongcheng/plan.md").contains("东城小学工会2025年经费预算表"));
    for (doc, t) in DOCS.iter().zip(&before) {
        if *doc != "primary/dongcheng/plan" {
            assert_eq!(mtime(&d.at(&format!("out/{doc}.pdf"))), *t, "{doc}.pdf was not rewritten");
        }
    }

    // A deleted output is written again.
    std::fs::remove_file(d.at("out/primary/nanguan/plan.html")).unwrap();
    let log = d.build(&[], 0);
    assert_eq!(summary(&log), "1 built, 6 skipped, 0 failed", "{log}");
    assert_eq!(built(&log), ["primary/nanguan/plan"]);
    assert!(d.at("out/primary/nanguan/plan.html").is_file());

    // Editing a wengao.toml rebuilds the documents below it, and only those.
    d.write("middle/wengao.toml", "[defaults]\norganization = \"××县中学教育工会\"\n");
    let log = d.build(&[], 0);
    assert_eq!(summary(&log), "3 built, 4 skipped, 0 failed", "{log}");
    assert_eq!(built(&log), ["middle/no1/plan", "middle/no1/summary", "middle/no2/plan"]);
    assert!(d.read("out/middle/no2/plan.md").contains("###### ××县中学教育工会 {.signature}"));

    // Editing the district's wengao.toml rebuilds every document.
    d.append("wengao.toml", "\n# 2025年1月修订\n");
    let log = d.build(&["-f", "md"], 0);
    assert_eq!(summary(&log), "7 built, 0 skipped, 0 failed", "{log}");

    // --force rebuilds everything, changed or not.
    let log = d.build(&["--force"], 0);
    assert_eq!(summary(&log), "7 built, 0 skipped, 0 failed", "{log}");
    assert_eq!(built(&log), DOCS);
    let log = d.build(&[], 0);
    assert_eq!(summary(&log), "0 built, 7 skipped, 0 failed", "{log}");
}

// ---------------------------------------------------------------- failures

const BROKEN: &str = "title = \"××县北关小学工会2025年工作计划\"\n\n[[section]]\ntitle = \"加强思想政治引领\"\ntext = \"组织教职工学习\n";

#[test]
fn a_broken_file_among_good_ones_fails_alone() {
    let d = District::new("broken");
    d.write("primary/beiguan/plan.toml", BROKEN);
    let log = d.build(&["-f", "md,html"], 1);
    assert_eq!(summary(&log), "7 built, 0 skipped, 1 failed", "{log}");
    assert!(log.contains("district/primary/beiguan/plan.toml:5:"), "file:line:col of the error:\n{log}");
    assert!(log.contains("error:"), "{log}");
    assert_eq!(built(&log), DOCS, "every good document is built");
    for doc in DOCS {
        assert!(d.at(&format!("out/{doc}.md")).is_file(), "{doc}.md");
        assert!(d.at(&format!("out/{doc}.html")).is_file(), "{doc}.html");
    }
    assert!(!d.at("out/primary/beiguan").exists(), "no output for the broken file");

    // Once more: the good ones are skipped, the broken one fails again (exit 1).
    let log = d.build(&["-f", "md,html"], 1);
    assert_eq!(summary(&log), "0 built, 7 skipped, 1 failed", "{log}");
    assert!(log.contains("district/primary/beiguan/plan.toml:5:"), "{log}");

    // Fixed, it is built and the exit code is 0 again.
    d.write("primary/beiguan/plan.toml", &BROKEN.replace("学习\n", "学习。\"\n"));
    let log = d.build(&["-f", "md,html"], 0);
    assert_eq!(summary(&log), "1 built, 7 skipped, 0 failed", "{log}");
}

#[test]
fn a_broken_wengao_toml_fails_the_documents_below_it_and_is_reported_once() {
    let d = District::new("badconfig");
    d.write("middle/wengao.toml", "[defaults]\norganisation = \"××县中学联合工会\"\n");
    let log = d.build(&["-f", "md"], 1);
    assert_eq!(summary(&log), "4 built, 0 skipped, 3 failed", "{log}");
    assert!(log.contains("district/middle/wengao.toml:2:1"), "the error points at the wengao.toml:\n{log}");
    assert!(log.contains("organization"), "did you mean:\n{log}");
    assert_eq!(log.matches("district/middle/wengao.toml:2:1").count(), 1, "reported once:\n{log}");
    assert_eq!(
        built(&log),
        [
            "kindergarten/sunshine/plan",
            "primary/dongcheng/plan",
            "primary/nanguan/plan",
            "primary/xicheng/summary"
        ]
    );
    assert!(!d.at("out/middle").exists());
}

// ---------------------------------------------------------------- determinism

#[test]
fn outputs_are_byte_identical_whatever_the_thread_count() {
    let d = District::new("jobs");
    let one = d.build(&["-o", "out1", "-j", "1", "--force"], 0);
    let four = d.build(&["-o", "out4", "-j", "4", "--force"], 0);
    assert_eq!(summary(&one), "7 built, 0 skipped, 0 failed", "{one}");
    assert_eq!(summary(&four), "7 built, 0 skipped, 0 failed", "{four}");
    let (a, b) = (files(&d.root().join("out1")), files(&d.root().join("out4")));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>(), "the same files");
    assert_eq!(a.len(), 3 * DOCS.len() + 2, "outputs, the build record and the lock file");
    for (path, bytes) in &a {
        assert!(bytes == &b[path], "{} differs between -j 1 and -j 4", path.display());
    }
    // The log is in path order too.
    let lines = |log: &str, out: &str| -> Vec<String> {
        log.lines().filter(|l| l.starts_with("built ")).map(|l| l.replace(out, "OUT")).collect()
    };
    assert_eq!(lines(&one, "out1/"), lines(&four, "out4/"));
}

// ---------------------------------------------------------------- atomicity

#[test]
fn a_failing_rebuild_keeps_the_previous_good_outputs_and_leaves_no_temp_files() {
    let d = District::new("atomic");
    d.build(&[], 0);
    let before = files(&d.at("out"));
    let old: Vec<(PathBuf, Vec<u8>)> = ["md", "html", "pdf"]
        .iter()
        .map(|ext| {
            let p = PathBuf::from(format!("primary/dongcheng/plan.{ext}"));
            let bytes = before[&p].clone();
            (p, bytes)
        })
        .collect();

    // A TOML syntax error, then a document error (an unknown key).
    for bad in [
        "title = \"××县东城小学工会2025年工作计划\n",
        "title = \"××县东城小学工会2025年工作计划\"\norganisation = \"××县东城小学工会\"\n",
    ] {
        d.write("primary/dongcheng/plan.toml", bad);
        let log = d.build(&[], 1);
        assert_eq!(summary(&log), "0 built, 6 skipped, 1 failed", "{log}");
        assert!(log.contains("district/primary/dongcheng/plan.toml:"), "{log}");
        let now = files(&d.at("out"));
        for (p, bytes) in &old {
            assert!(now[p] == *bytes, "{} kept its previous good bytes", p.display());
        }
        let temps: Vec<&PathBuf> = now.keys().filter(|p| p.to_string_lossy().ends_with(".tmp")).collect();
        assert!(temps.is_empty(), "temp files left: {temps:?}");
        // Every output of the district is unchanged.
        for (p, bytes) in &before {
            if p != Path::new(".wengao-cache") {
                assert!(now.get(p) == Some(bytes), "{} unchanged", p.display());
            }
        }
    }
}

// ---------------------------------------------------------------- stale outputs

#[test]
fn outputs_of_deleted_inputs_are_reported_as_stale_and_removed_with_clean() {
    let d = District::new("stale");
    d.build(&["-f", "md,html"], 0);
    std::fs::remove_file(d.at("primary/xicheng/summary.toml")).unwrap();

    let log = d.build(&["-f", "md,html"], 0);
    assert_eq!(summary(&log), "0 built, 6 skipped, 0 failed", "{log}");
    assert!(log.contains("stale"), "{log}");
    assert!(log.contains("primary/xicheng/summary.md"), "names the stale output:\n{log}");
    assert!(d.at("out/primary/xicheng/summary.md").is_file(), "kept without --clean");

    let log = d.build(&["-f", "md,html", "--clean"], 0);
    for ext in ["md", "html"] {
        assert!(
            !d.at(&format!("out/primary/xicheng/summary.{ext}")).exists(),
            "summary.{ext} removed:\n{log}"
        );
    }
    assert!(d.at("out/primary/dongcheng/plan.md").is_file(), "the others stay");
    // Nothing stale is left to report.
    let log = d.build(&["-f", "md,html"], 0);
    assert!(!log.contains("stale"), "{log}");
    assert_eq!(summary(&log), "0 built, 6 skipped, 0 failed", "{log}");
}

// ---------------------------------------------------------------- collect

#[test]
fn collect_makes_one_collection_of_the_district_in_path_order() {
    let d = District::new("collect");
    let title = "××县学校工会工作计划汇编";
    let out = d.wengao(&["collect", "district", "-o", "all.pdf", "--title", title]);
    expect_code(&out, 0);
    let text = pdf_text(&d.root().join("all.pdf"));
    assert!(text.contains(title), "{text}");
    assert!(text.contains("目录"), "a table of contents");
    let numbers = ["篇一", "篇二", "篇三", "篇四", "篇五", "篇六", "篇七"];
    for n in numbers {
        assert!(text.contains(n), "{n} in the PDF");
    }
    assert!(!text.contains("篇八"), "no more parts than documents");

    // Written inside the folder it collects, the collection is not taken as a
    // document by the next run.
    for _ in 0..2 {
        let out = d.wengao(&["collect", "district", "-o", "district/all.docx"]);
        expect_code(&out, 0);
        let said = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(said.contains(&format!("collected {} documents", DOCS.len())), "{said}");
    }
    std::fs::remove_file(d.root().join("district/all.docx")).unwrap();

    let out = d.wengao(&["collect", "district", "-o", "all.md", "--title", title]);
    expect_code(&out, 0);
    let md = std::fs::read_to_string(d.root().join("all.md")).unwrap();
    assert!(md.lines().next().unwrap().contains(title), "{md}");
    let parts: Vec<&str> = md.lines().filter(|l| l.contains(".part}")).collect();
    assert_eq!(parts.len(), DOCS.len(), "{parts:#?}");
    for ((line, doc), n) in parts.iter().zip(DOCS).zip(numbers) {
        let src = d.read(&format!("{doc}.toml"));
        let title = src.lines().find_map(|l| l.strip_prefix("title = \"")).unwrap().trim_end_matches('"');
        assert!(line.starts_with("# ") && line.contains(title) && line.contains(n), "{line} is {doc}, {n}");
    }
    // The parts keep the wengao.toml defaults they have as documents.
    assert_eq!(md.matches("###### ××县教育工会 {.signature}").count(), 2, "{md}");
    assert_eq!(md.matches("###### ××县中学联合工会 {.signature}").count(), 1, "{md}");
    assert_eq!(md.matches("###### 2024年12月28日 {.date}").count(), DOCS.len(), "{md}");
}

// ---------------------------------------------------------------- discovery

#[test]
fn hidden_folders_and_output_folders_are_not_built() {
    let d = District::new("discover");
    let stray = d.read("primary/nanguan/plan.toml");
    d.write(".drafts/plan.toml", &stray);
    d.write("primary/.git/x.toml", &stray);
    d.write("out/old/plan.toml", &stray);
    d.write("build/old/plan.toml", &stray);
    d.write("public/old/plan.toml", &stray);
    d.write("templates/x.toml", &stray);

    // The default output folder (district/out) and one given with -o.
    let log = d.build(&["-f", "md"], 0);
    assert_eq!(
        summary(&log),
        "9 built, 0 skipped, 0 failed",
        "build/ and public/ are ordinary folders:\n{log}"
    );
    let log = d.build(&["-f", "md", "-o", "district/build"], 0);
    assert_eq!(summary(&log), "8 built, 0 skipped, 0 failed", "{log}");
    assert!(!d.at("build/build").exists(), "{log}");
    assert!(d.at("build/public/old/plan.md").is_file(), "{log}");
    // The same folder spelled differently is the same folder (and its cache).
    let log = d.build(&["-f", "md", "-o", "./district/../district/build"], 0);
    assert_eq!(summary(&log), "0 built, 8 skipped, 0 failed", "{log}");

    // The output folder named by `[build] out` in a wengao.toml.
    d.append("wengao.toml", "out = \"public\"\n");
    let log = d.build(&["-f", "md"], 0);
    assert_eq!(summary(&log), "8 built, 0 skipped, 0 failed", "{log}");
    assert!(d.at("public/build/old/plan.md").is_file(), "{log}");
    assert!(!d.at("public/public").exists(), "{log}");
    for doc in DOCS {
        assert!(d.at(&format!("public/{doc}.md")).is_file(), "{doc}.md in public/");
    }
    for hidden in [".drafts", "primary/.git", "templates"] {
        assert!(!log.contains(&format!("district/{hidden}/")), "{hidden} skipped:\n{log}");
    }
}

#[test]
fn an_output_folder_that_is_the_tree_itself_puts_outputs_beside_their_inputs() {
    let d = District::new("beside");
    let log = d.build(&["-f", "md", "-o", "district"], 0);
    assert_eq!(summary(&log), "7 built, 0 skipped, 0 failed", "{log}");
    for doc in DOCS {
        assert!(d.at(&format!("{doc}.md")).is_file(), "{doc}.md beside {doc}.toml");
    }
    let log = d.build(&["-f", "md", "-o", "district"], 0);
    assert_eq!(summary(&log), "0 built, 7 skipped, 0 failed", "{log}");
}

// ---------------------------------------------------------------- the build record

#[test]
fn a_build_record_that_cannot_be_trusted_means_rebuild_everything_with_a_note() {
    let d = District::new("record");
    d.build(&["-f", "md"], 0);
    let record = d.at("out/.wengao-cache");
    let good = std::fs::read_to_string(&record).unwrap();
    let old_format: String =
        good.lines().skip(1).filter(|l| !l.starts_with("end ")).map(|l| format!("{l}\n")).collect();
    for (bad, why) in [
        (String::new(), "is empty"),
        (good[..good.len() / 2].to_string(), "is cut short"),
        (old_format, "is of an older format"),
        ("\u{0}\u{1}binary junk".to_string(), "is not a wengao build record"),
    ] {
        std::fs::write(&record, &bad).unwrap();
        let log = d.build(&["-f", "md"], 0);
        assert_eq!(summary(&log), "7 built, 0 skipped, 0 failed", "{log}");
        let note: Vec<&str> = log.lines().filter(|l| l.starts_with("note: the build record")).collect();
        assert_eq!(note.len(), 1, "{log}");
        assert!(note[0].contains(why) && note[0].ends_with("; rebuilding everything"), "{log}");
        // The rebuilt record is good again: the next build skips everything, silently.
        let log = d.build(&["-f", "md"], 0);
        assert_eq!(summary(&log), "0 built, 7 skipped, 0 failed", "{log}");
        assert!(!log.contains("note:"), "{log}");
    }
}

#[test]
fn a_document_that_needed_the_machines_fonts_is_up_to_date_until_a_font_changes() {
    let d = District::new("machine");
    // 𠮷 (CJK Ext-B, a name) is in no bundled face: it comes from the machine's
    // fonts — here a font folder of the test's own, named by a fontconfig file.
    let noto = Path::new("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc");
    assert!(noto.exists(), "apt-get install fonts-noto-cjk (see .ci/run)");
    let fonts = d.root().join("machine-fonts");
    std::fs::create_dir_all(&fonts).unwrap();
    std::os::unix::fs::symlink(noto, fonts.join("NotoSerifCJK-Regular.ttc")).unwrap();
    let conf = d.root().join("fonts.conf");
    std::fs::write(
        &conf,
        format!("<?xml version=\"1.0\"?>\n<fontconfig><dir>{}</dir></fontconfig>\n", fonts.display()),
    )
    .unwrap();
    let plan = d.read("primary/dongcheng/plan.toml").replacen("title = \"", "title = \"𠮷", 1);
    d.write("primary/dongcheng/plan.toml", &plan);
    let build = |want: &str| {
        let out =
            d.wengao_with(&["build", "district", "-f", "md,pdf"], &[("FONTCONFIG_FILE", conf.as_os_str())]);
        expect_code(&out, 0);
        let log = stderr(&out);
        assert_eq!(summary(&log), want, "{log}");
        assert!(!log.contains("warning"), "𠮷 comes from the machine's font: {log}");
        log
    };
    build("7 built, 0 skipped, 0 failed");
    build("0 built, 7 skipped, 0 failed");
    // A font installed: what the machine's fonts give may change.
    let kai = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts/FandolKai-Regular.otf");
    std::fs::copy(&kai, fonts.join("FandolKai-Regular.otf")).unwrap();
    let log = build("1 built, 6 skipped, 0 failed");
    assert_eq!(built(&log), ["primary/dongcheng/plan"]);
    build("0 built, 7 skipped, 0 failed");
    // …and removed again.
    std::fs::remove_file(fonts.join("FandolKai-Regular.otf")).unwrap();
    let log = build("1 built, 6 skipped, 0 failed");
    assert_eq!(built(&log), ["primary/dongcheng/plan"]);
    // Its outputs are in the record: once the input is gone, `--clean` knows them as stale.
    std::fs::remove_file(d.at("primary/dongcheng/plan.toml")).unwrap();
    let log = d.build(&["-f", "md,pdf", "--clean"], 0);
    assert!(log.contains("primary/dongcheng/plan.pdf"), "{log}");
    assert!(!d.at("out/primary/dongcheng/plan.pdf").exists(), "{log}");
}
