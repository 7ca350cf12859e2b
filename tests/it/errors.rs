//! Error-message snapshots: every `tests/bad/<name>.toml` is checked with the real
//! binary (`wengao check tests/bad/<name>.toml`, run from the crate root so the
//! paths in the messages are stable) and its stderr is compared with
//! `tests/bad/<name>.stderr`. Files named `*-valid.toml` must load (exit 0).
//!
//! Besides the snapshot, every message is checked for its shape: `error:` line,
//! `--> file:line:col`, the source line, a caret row whose offset is the display
//! width of the text before the column (Han characters and full-width punctuation
//! are two columns wide), and a `= help:` line.
//!
//! After an intended change of wording:
//!
//! ```text
//! WENGAO_BLESS=1 cargo test --test it errors::
//! git diff tests/bad
//! ```

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn blessing() -> bool {
    std::env::var_os("WENGAO_BLESS").is_some_and(|v| v == "1")
}

/// Runs `wengao check tests/bad/<name>.toml` from the crate root.
fn check(name: &str) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_wengao"))
        .current_dir(root())
        .args(["check", &format!("tests/bad/{name}.toml")])
        .env_remove("WENGAO_FONT_DIR")
        .output()
        .expect("run wengao");
    let stderr = String::from_utf8(out.stderr).expect("stderr is UTF-8");
    assert!(!stderr.contains("panicked"), "{name}: wengao panicked:\n{stderr}");
    (out.status.code().expect("exit code, not a signal"), normalise(&stderr))
}

/// Replaces the timing of the summary line (`… failed in 0.01 s`) with `[time]`.
fn normalise(stderr: &str) -> String {
    let mut out = String::with_capacity(stderr.len());
    for line in stderr.lines() {
        match line.rfind(" in ") {
            Some(at) if line.contains("failed") && line.ends_with(" s") => {
                out.push_str(&line[..at]);
                out.push_str(" in [time]");
            }
            _ => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

/// Every `tests/bad/*.toml`, by stem, sorted.
fn cases() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root().join("tests/bad"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| p.file_stem().unwrap().to_str().unwrap().to_string())
        .collect();
    names.sort();
    names
}

/// Terminal columns of a character: 2 for East Asian wide and full-width ones.
fn columns(c: char) -> usize {
    let wide = matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD);
    if wide {
        2
    } else {
        1
    }
}

fn width(s: &str) -> usize {
    s.chars().map(columns).sum()
}

/// The shape every error message must have; returns what is wrong with it.
fn shape_problems(name: &str, text: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let lines: Vec<&str> = text.lines().collect();
    let Some(first) = lines.iter().position(|l| l.starts_with("error: ")) else {
        return vec![format!("no `error: …` line")];
    };
    let Some(arrow) = lines.get(first + 1).filter(|l| l.trim_start().starts_with("--> ")) else {
        return vec![format!("no `--> file:line:col` line after the error")];
    };
    let location = arrow.trim_start().trim_start_matches("--> ");
    let mut parts = location.rsplitn(3, ':');
    let (col, line, file) = (parts.next(), parts.next(), parts.next());
    let (Some(col), Some(line), Some(file)) = (col, line, file) else {
        return vec![format!("`{location}` is not file:line:col")];
    };
    if file != format!("tests/bad/{name}.toml") {
        problems.push(format!("the file is named `{file}`, not by its relative path"));
    }
    let (Ok(line_no), Ok(col)) = (line.parse::<usize>(), col.parse::<usize>()) else {
        return vec![format!("`{location}` has no numeric line and column")];
    };
    if !text.contains("= help: ") {
        problems.push("no `= help:` line saying how to fix it".to_string());
    }
    // Source line and caret row (absent only when the file is empty).
    let source_row = lines.iter().find(|l| l.starts_with(&format!("{line_no} | ")));
    match source_row {
        None => {
            let empty = std::fs::read(root().join(format!("tests/bad/{name}.toml"))).unwrap().is_empty();
            if !empty {
                problems.push(format!("the source line {line_no} is not shown"));
            }
        }
        Some(row) => {
            let shown = &row[format!("{line_no} | ").len()..];
            let gutter = " ".repeat(line_no.to_string().len());
            let caret_prefix = format!("{gutter} | ");
            let caret_row = lines
                .iter()
                .skip_while(|l| *l != row)
                .nth(1)
                .and_then(|l| l.strip_prefix(&caret_prefix))
                .unwrap_or("");
            let offset = caret_row.chars().take_while(|&c| c == ' ').count();
            let carets = caret_row[offset..].chars().take_while(|&c| c == '^').count();
            let before: String = shown.chars().take(col - 1).collect();
            if carets == 0 {
                problems.push("no caret row under the source line".to_string());
            } else if offset != width(&before) {
                problems.push(format!(
                    "the caret is at display column {offset}, but column {col} starts at display column {} (after {before:?})",
                    width(&before)
                ));
            }
        }
    }
    problems
}

// ---------------------------------------------------------------- tests

/// Each kind the issue asks for, with what its message must say and where.
const REQUIRED: &[(&str, &[&str], &str)] = &[
    ("syntax-error", &["syntax error", "closing quote", "triple quotes"], "1:21"),
    ("unknown-key", &["unknown key `organisation`", "did you mean `organization`?"], "2:1"),
    ("unknown-section-key", &["unknown key `texts`", "did you mean `text`?"], "5:1"),
    ("wrong-type", &["wrong type", "expected a list", "square brackets"], "5:9"),
    ("bad-date", &["`2023-02-30` is not a valid date", "YYYY-MM-DD"], "3:8"),
    ("date-with-time", &["date only", "without a time"], "2:8"),
    ("missing-title", &["`title` is missing", "title = "], "1:1"),
    ("too-deep", &["5 levels deep", "the limit is 4"], "16:17"),
    ("empty", &["empty", "wengao new"], "1:1"),
    ("not-utf8", &["not UTF-8", "GBK"], "1:14"),
    ("chinese-before-error", &["syntax error", "line of its own"], "1:29"),
    ("bom-crlf-error", &["unknown key `txet`", "did you mean `text`?"], "5:1"),
];

#[test]
fn every_required_kind_has_a_case() {
    let have = cases();
    for (name, _, _) in REQUIRED {
        assert!(have.contains(&name.to_string()), "tests/bad/{name}.toml is missing");
    }
    assert!(have.contains(&"bom-crlf-valid".to_string()), "tests/bad/bom-crlf-valid.toml is missing");
    let errors = have.iter().filter(|n| !n.ends_with("-valid")).count();
    assert!(errors >= 10, "at least 10 kinds of bad input, found {errors}");
}

#[test]
fn messages_match_their_snapshots() {
    let mut failures = Vec::new();
    for name in cases().iter().filter(|n| !n.ends_with("-valid")) {
        let (code, stderr) = check(name);
        if code != 1 {
            failures.push(format!("{name}: exit code {code}, expected 1\n{stderr}"));
        }
        let snapshot = root().join(format!("tests/bad/{name}.stderr"));
        if blessing() {
            std::fs::write(&snapshot, &stderr).unwrap();
            continue;
        }
        match std::fs::read_to_string(&snapshot) {
            Ok(expected) if expected == stderr => {}
            Ok(expected) => failures.push(format!(
                "{name}: stderr differs from {}\n--- expected\n{expected}--- actual\n{stderr}",
                display(&snapshot)
            )),
            Err(_) => failures
                .push(format!("{name}: no snapshot {}; bless with WENGAO_BLESS=1", display(&snapshot))),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn display(p: &Path) -> String {
    p.strip_prefix(root()).unwrap_or(p).display().to_string()
}

#[test]
fn messages_name_the_place_show_the_line_and_say_how_to_fix_it() {
    let mut failures = Vec::new();
    for name in cases().iter().filter(|n| !n.ends_with("-valid")) {
        let (_, stderr) = check(name);
        for p in shape_problems(name, &stderr) {
            failures.push(format!("{name}: {p}\n{stderr}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn required_kinds_say_what_is_wrong_where() {
    for (name, needles, at) in REQUIRED {
        let (code, stderr) = check(name);
        assert_eq!(code, 1, "{name}:\n{stderr}");
        assert!(
            stderr.contains(&format!("tests/bad/{name}.toml:{at}\n")),
            "{name} should point at {at}:\n{stderr}"
        );
        for needle in *needles {
            assert!(stderr.contains(needle), "{name} should say {needle:?}:\n{stderr}");
        }
    }
}

#[test]
fn caret_sits_under_the_text_after_chinese_characters() {
    let (_, stderr) = check("chinese-before-error");
    // `title = "` (9) + 2024 (4) + 年 (2) + 小学工会工作计划 (16) + （草案） (8) + `" ` (2)
    // = 41 columns before `subtitle`.
    let caret_row = stderr.lines().find(|l| l.contains('^')).unwrap();
    assert_eq!(caret_row, format!("  | {}^", " ".repeat(41)), "\n{stderr}");
    let (_, stderr) = check("wrong-type");
    // The whole quoted value: 2 quotes + 12 full-width characters.
    assert!(stderr.contains(&format!("  |         {}\n", "^".repeat(26))), "\n{stderr}");
}

#[test]
fn a_bom_and_crlf_file_is_valid() {
    let bytes = std::fs::read(root().join("tests/bad/bom-crlf-valid.toml")).unwrap();
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF") && bytes.windows(2).any(|w| w == b"\r\n"),
        "the fixture lost its BOM or CRLF"
    );
    let (code, stderr) = check("bom-crlf-valid");
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("error") && !stderr.contains("warning"), "{stderr}");
}

#[test]
fn the_width_helper_counts_chinese_as_two() {
    assert_eq!(width("title = \"计划\""), 14);
    assert_eq!(width("（草案）"), 8);
    assert_eq!(width("××"), 2);
    assert_eq!(
        normalise("x\n0 checked, 0 skipped, 1 failed in 0.01 s\n"),
        "x\n0 checked, 0 skipped, 1 failed in [time]\n"
    );
}
