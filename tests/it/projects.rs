//! Error snapshots for problems outside a document's own text: a broken
//! `wengao.toml`, a template with a syntax error, a template that names a missing
//! variable, a font file that is not there. Each `tests/bad-projects/<name>/` is
//! checked with `wengao check` from the crate root; the message must match
//! `tests/bad-projects/<name>.stderr` (bless with WENGAO_BLESS=1), name the file
//! at fault with line and column, and exit 1. Also: a document of 20,000 sections
//! checks without error.

use std::path::PathBuf;
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn check(target: &str) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_wengao"))
        .current_dir(root())
        .args(["check", target])
        .env_remove("WENGAO_FONT_DIR")
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    let normal: String = stderr
        .lines()
        .map(|l| match l.rfind(" in ") {
            Some(at) if l.contains("failed") && l.ends_with(" s") => format!("{} in [time]\n", &l[..at]),
            _ => format!("{l}\n"),
        })
        .collect();
    (out.status.code().unwrap(), normal)
}

#[test]
fn project_problems_point_at_the_file_at_fault() {
    let cases = [
        ("bad-wengao-toml", "bad-wengao-toml/wengao.toml:2:1"),
        ("template-syntax", "template-syntax/templates/document.md.tera:4:"),
        ("template-missing-variable", "template-missing-variable/templates/document.md.tera:3:"),
        ("missing-font-file", "missing-font-file/plan.toml:4:9"),
        // Named in the settings, not the document: the message points there.
        ("missing-font-in-settings", "missing-font-in-settings/wengao.toml:3:10"),
    ];
    for (name, place) in cases {
        let (code, stderr) = check(&format!("tests/bad-projects/{name}"));
        assert_eq!(code, 1, "{name}:\n{stderr}");
        assert!(stderr.contains(&format!("--> tests/bad-projects/{place}")), "{name}:\n{stderr}");
        assert!(stderr.contains("= help: "), "{name}: no help line\n{stderr}");
        let snapshot = root().join(format!("tests/bad-projects/{name}.stderr"));
        if std::env::var_os("WENGAO_BLESS").is_some() {
            std::fs::write(&snapshot, &stderr).unwrap();
        }
        let want = std::fs::read_to_string(&snapshot).unwrap_or_default();
        assert_eq!(stderr, want, "{name}: message differs from its snapshot (WENGAO_BLESS=1 to update)");
    }
}

#[test]
fn twenty_thousand_sections_check_cleanly() {
    let dir = std::env::temp_dir().join(format!("wengao-big-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut text = String::from("title = \"大型文档\"\n");
    for i in 0..20_000 {
        text.push_str(&format!("[[section]]\ntitle = \"第{i}项工作\"\ntext = \"认真组织，抓好落实。\"\n"));
    }
    let file = dir.join("big.toml");
    std::fs::write(&file, text).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_wengao"))
        .args(["build", "-f", "md,html", "-q", "-o"])
        .arg(dir.join("out"))
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let md = std::fs::read_to_string(dir.join("out/big.md")).unwrap();
    assert!(md.contains("## 二万、第19999项工作"), "numbering of the 20,000th section");
    std::fs::remove_dir_all(&dir).ok();
}
