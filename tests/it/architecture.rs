//! The shape of the source tree, checked so that it stays as the README draws it:
//! no two files import each other, the input model and the settings know no
//! backend, `serve` knows no command line, every module opens with a doc comment
//! saying what goes in and what comes out, and files stay small.
//!
//! A file's imports are the `crate::…` and `super::…` paths in its code (comments
//! and its `#[cfg(test)] mod tests` left out), each taken to the file module it
//! names.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Module = Vec<String>;

/// Every `.rs` file below `src/` by its module path (`pdf/mod.rs` → `["pdf"]`).
fn modules() -> BTreeMap<Module, PathBuf> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&src) {
        let path = entry.unwrap().into_path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = path.strip_prefix(&src).unwrap().with_extension("");
        let mut parts: Module = rel.iter().map(|c| c.to_string_lossy().into_owned()).collect();
        if parts.last().is_some_and(|l| l == "mod") {
            parts.pop();
        }
        if parts == ["lib"] || parts == ["main"] {
            parts.clear();
        }
        out.insert(parts, path);
    }
    out
}

/// The code of a file without comments and without its unit tests.
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text.split("#[cfg(test)]\nmod tests").next().unwrap_or("");
    text.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n")
}

/// The module paths a piece of code names after `prefix` (`crate::` or `super::`),
/// braces expanded one level: `crate::{a, b::c}` gives `a` and `b::c`.
fn named_after(code: &str, prefix: &str) -> Vec<Module> {
    let word = |s: &str| s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    let mut out = Vec::new();
    for (at, _) in code.match_indices(prefix) {
        if code[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        let rest = &code[at + prefix.len()..];
        let paths: Vec<&str> = match rest.strip_prefix('{') {
            Some(inner) => inner.split('}').next().unwrap_or("").split(',').collect(),
            None => {
                vec![rest.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')).next().unwrap()]
            }
        };
        for p in paths {
            let parts: Module =
                p.trim().split("::").take_while(|s| word(s) && !s.is_empty()).map(String::from).collect();
            if !parts.is_empty() {
                out.push(parts);
            }
        }
    }
    out
}

/// Which file modules each file module imports.
fn imports() -> BTreeMap<Module, BTreeSet<Module>> {
    let modules = modules();
    let resolve = |path: &Module| -> Option<Module> {
        (1..=path.len()).rev().map(|n| path[..n].to_vec()).find(|m| modules.contains_key(m))
    };
    let mut out = BTreeMap::new();
    for (module, path) in &modules {
        let code = code(path);
        let parent: Module = module.iter().take(module.len().saturating_sub(1)).cloned().collect();
        let mut named = named_after(&code, "crate::");
        named.extend(named_after(&code, "super::").into_iter().map(|p| [parent.clone(), p].concat()));
        let targets = named.iter().filter_map(resolve).filter(|t| t != module && !t.is_empty()).collect();
        out.insert(module.clone(), targets);
    }
    out
}

fn show(m: &Module) -> String {
    if m.is_empty() {
        "lib".into()
    } else {
        m.join("/")
    }
}

#[test]
fn no_two_files_import_each_other() {
    let imports = imports();
    let mut circles = Vec::new();
    for (a, targets) in &imports {
        for b in targets {
            if a < b && imports.get(b).is_some_and(|t| t.contains(a)) {
                circles.push(format!("{} <-> {}", show(a), show(b)));
            }
        }
    }
    assert!(circles.is_empty(), "files that import each other:\n{}", circles.join("\n"));
}

#[test]
fn dependencies_point_down() {
    let imports = imports();
    let rules: [(&str, &[&str]); 6] = [
        // The input model and the settings know no backend and no command.
        ("input", &["pdf", "docx", "html", "serve", "cli", "pipeline", "batch"]),
        ("style", &["pdf", "docx", "html", "serve", "cli", "pipeline", "batch"]),
        ("validate", &["input", "pdf", "docx", "html", "serve", "cli", "pipeline"]),
        ("config", &["pipeline", "pdf", "docx", "html", "serve", "cli", "batch"]),
        ("serve", &["cli"]),
        ("fonts", &["pdf", "docx", "html", "webfonts", "pipeline"]),
    ];
    let mut wrong = Vec::new();
    for (module, targets) in &imports {
        for (low, forbidden) in rules {
            if module.first().is_some_and(|m| m == low) {
                for t in targets {
                    if forbidden.contains(&t[0].as_str()) {
                        wrong.push(format!("{} imports {}", show(module), show(t)));
                    }
                }
            }
        }
    }
    assert!(wrong.is_empty(), "dependencies that point up:\n{}", wrong.join("\n"));
}

#[test]
fn every_module_says_what_goes_in_and_what_comes_out_and_stays_small() {
    let mut problems = Vec::new();
    for (module, path) in modules() {
        let text = std::fs::read_to_string(&path).unwrap();
        let name = show(&module);
        if !text.starts_with("//!") {
            problems.push(format!("{name}: no doc comment at the top"));
        }
        let lines = text.split("#[cfg(test)]\nmod tests").next().unwrap_or("").lines().count();
        if lines > 650 {
            problems.push(format!("{name}: {lines} lines before its tests (keep files < ~600)"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
