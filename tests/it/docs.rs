//! `docs/input-format.md`, the input contract users read, against what wengao
//! accepts, so the two cannot drift apart.
//!
//! The truth for a document's keys is the JSON Schema `wengao schema` prints (made
//! from `src/input.rs` by schemars); for a `wengao.toml` it is the schema of
//! `input::Defaults` and the keys the reader itself names when it refuses one
//! (`[build]` has no schema). The doc is machine-readable by convention (its
//! "For maintainers" section): a key table is a Markdown table whose first header
//! cell starts with `键 Key`, one key in a code span per row, and it documents the
//! TOML table named by the nearest heading above it (`### \`[style.fonts]\` …`; no
//! such name: the top level). Checked both ways: every key of every table of the
//! schema is a row of that table's key table, and every row is a key wengao takes
//! there. Every ```toml example must be a whole file wengao reads cleanly, and every
//! mention of the contract in README.md and src/ must name `docs/input-format.md`.

use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use wengao::config::Configs;

const DOC: &str = "docs/input-format.md";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn doc_text() -> String {
    std::fs::read_to_string(root().join(DOC)).expect("docs/input-format.md exists")
}

/// A fresh folder of its own for one probe (tests run as threads of one process).
fn scratch(name: &str) -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("wengao-docs-{}-{n}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Reads `text` as a `wengao.toml` the way a build does.
fn read_config(name: &str, text: &str) -> Result<(), wengao::diagnostics::Report> {
    let dir = scratch(name);
    std::fs::write(dir.join("wengao.toml"), text).unwrap();
    let result = Configs::new(&dir).chain_for(&dir).map(|_| ());
    std::fs::remove_dir_all(&dir).unwrap();
    result
}

// ------------------------------------------------------------ the doc's key tables

/// The code spans of one line of Markdown.
fn code_spans(line: &str) -> Vec<&str> {
    line.split('`').skip(1).step_by(2).collect()
}

/// One key table of the doc: the TOML table it documents (dotted, "" for the top
/// level), its keys and the line it starts on.
struct KeyTable {
    table: String,
    keys: Vec<String>,
    line: usize,
}

/// The key tables of `md`, or what breaks the convention.
fn key_tables(md: &str) -> (Vec<KeyTable>, Vec<String>) {
    let (mut tables, mut problems) = (Vec::new(), Vec::new());
    let mut current = String::new();
    let mut fenced = false;
    let lines: Vec<&str> = md.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        } else if !fenced && line.starts_with('#') {
            current = code_spans(line)
                .into_iter()
                .find(|s| s.starts_with('['))
                .map(|s| s.trim_matches(|c| c == '[' || c == ']').to_string())
                .unwrap_or_default();
        } else if !fenced
            && line.starts_with('|')
            && cells(line).first().is_some_and(|c| c.starts_with("键 Key"))
        {
            let start = i + 1;
            let mut keys = Vec::new();
            i += 2; // the header and the `| --- |` row
            while i < lines.len() && lines[i].starts_with('|') {
                let first = cells(lines[i]).first().copied().unwrap_or_default();
                match code_spans(first).as_slice() {
                    [key] => keys.push(key.to_string()),
                    _ => problems.push(format!(
                        "{DOC}:{}: a key table row needs exactly one `key` in its first cell: {}",
                        i + 1,
                        lines[i]
                    )),
                }
                i += 1;
            }
            tables.push(KeyTable { table: current.clone(), keys, line: start });
            continue;
        }
        i += 1;
    }
    (tables, problems)
}

fn cells(row: &str) -> Vec<&str> {
    row.trim().trim_matches('|').split('|').map(str::trim).collect()
}

// ------------------------------------------------------------ the schema's tables

/// The two files' schemas with one table of definitions: a document's (from
/// `wengao schema`) and a `wengao.toml`'s (`[defaults]` from schemars, `[build]`
/// from the reader's own list of keys).
struct Model {
    document: Value,
    config: Value,
    defs: Map<String, Value>,
}

/// The keys the `wengao.toml` reader allows where `probe` puts an unknown one: the
/// list its "unknown key" help names (serde's own list of the struct's fields).
fn allowed_keys(name: &str, probe: &str) -> BTreeSet<String> {
    let err = read_config(name, probe).expect_err("the reader refuses an unknown key");
    let help = err.diagnostics[0].help.clone().unwrap_or_default();
    let list = help
        .split_once("keys here: ")
        .map(|(_, l)| l.trim_end_matches(')'))
        .or_else(|| help.strip_prefix("the keys allowed here are: "))
        .unwrap_or_else(|| panic!("no list of keys in the help for {probe:?}: {help}"));
    list.split(", ").map(str::to_string).collect()
}

impl Model {
    fn new() -> Model {
        let document: Value = serde_json::from_str(&wengao::input::json_schema()).unwrap();
        let mut defs = document["definitions"].as_object().expect("schema definitions").clone();

        let generator = schemars::generate::SchemaSettings::draft07().into_generator();
        let mut defaults =
            serde_json::to_value(generator.into_root_schema_for::<wengao::input::Defaults>()).unwrap();
        let obj = defaults.as_object_mut().unwrap();
        for (name, def) in obj.remove("definitions").and_then(|d| d.as_object().cloned()).unwrap_or_default()
        {
            // `[defaults.style]` is documented by `[style]`'s table: one definition.
            if let Some(same) = defs.get(&name) {
                assert_eq!(same, &def, "definition {name} differs between a document and [defaults]");
            }
            defs.insert(name, def);
        }
        obj.remove("$schema");
        defs.insert("Defaults".into(), defaults);

        let top = allowed_keys("top", "wengao_docs_probe = 1\n");
        assert_eq!(
            top,
            BTreeSet::from(["build".to_string(), "defaults".to_string()]),
            "wengao.toml has tables this test does not know; model them here"
        );
        let defaults_keys = allowed_keys("defaults", "[defaults]\nwengao_docs_probe = 1\n");
        let schema_keys: BTreeSet<String> =
            defs["Defaults"]["properties"].as_object().unwrap().keys().cloned().collect();
        assert_eq!(defaults_keys, schema_keys, "the reader and the schema of [defaults] disagree");
        let build: Map<String, Value> = allowed_keys("build", "[build]\nwengao_docs_probe = 1\n")
            .into_iter()
            .map(|k| (k, json!({})))
            .collect();
        let config = json!({
            "properties": { "defaults": { "$ref": "#/definitions/Defaults" }, "build": { "properties": build } }
        });
        for key in ["defaults", "build"] {
            assert!(document["properties"].get(key).is_none(), "a document has a key `{key}` now");
        }
        Model { document, config, defs }
    }

    /// The object a schema node stands for (through `$ref`, `allOf`/`anyOf`/`oneOf`
    /// and array items) with its id: the definition's name, else `fallback`.
    fn object<'a>(&'a self, node: &'a Value, fallback: &str) -> Option<(String, &'a Map<String, Value>)> {
        if let Some(r) = node.get("$ref").and_then(Value::as_str) {
            let name = r.rsplit('/').next().unwrap_or_default();
            let def = self.defs.get(name).unwrap_or_else(|| panic!("no definition {name}"));
            return self.object(def, name);
        }
        for key in ["allOf", "anyOf", "oneOf"] {
            for alt in node.get(key).and_then(Value::as_array).into_iter().flatten() {
                if let Some(found) = self.object(alt, fallback) {
                    return Some(found);
                }
            }
        }
        if let Some(items) = node.get("items") {
            return self.object(items, fallback);
        }
        node.get("properties").and_then(Value::as_object).map(|p| (fallback.to_string(), p))
    }

    /// The file a dotted table path is in: `[defaults…]` and `[build]` are a `wengao.toml`'s.
    fn file_root(&self, path: &str) -> (&Value, &'static str) {
        match path.split('.').next() {
            Some("defaults" | "build") => (&self.config, "wengao.toml"),
            _ => (&self.document, "document"),
        }
    }

    /// The table a dotted path names (`""` is a document's top level).
    fn resolve(&self, path: &str) -> Result<(String, &Map<String, Value>), String> {
        let (root, id) = self.file_root(path);
        let (mut id, mut props) = self.object(root, id).unwrap();
        for seg in path.split('.').filter(|s| !s.is_empty()) {
            let child = props.get(seg).ok_or_else(|| format!("`{seg}` is not a key of {id}"))?;
            (id, props) = self
                .object(child, &format!("{id}.{seg}"))
                .ok_or_else(|| format!("`{seg}` of {id} is not a table"))?;
        }
        Ok((id, props))
    }

    /// Every table of both files by id: a path that reaches it and its keys. The
    /// `wengao.toml` top level is left out: its keys are the `[defaults]` and
    /// `[build]` tables themselves.
    fn tables(&self) -> BTreeMap<String, (String, BTreeSet<String>)> {
        let mut out = BTreeMap::new();
        self.walk(&self.document, "document", "", &mut out);
        let (_, config_props) = self.object(&self.config, "wengao.toml").unwrap();
        for (key, child) in config_props {
            self.walk(child, &format!("wengao.toml.{key}"), key, &mut out);
        }
        out
    }

    fn walk(
        &self,
        node: &Value,
        id: &str,
        path: &str,
        out: &mut BTreeMap<String, (String, BTreeSet<String>)>,
    ) {
        let Some((id, props)) = self.object(node, id) else { return };
        if out.contains_key(&id) {
            return;
        }
        out.insert(id.clone(), (path.to_string(), props.keys().cloned().collect()));
        for (key, child) in props {
            let child_path = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
            self.walk(child, &format!("{id}.{key}"), &child_path, out);
        }
    }

    /// Every value of a choice (`const` or `enum`) in the definitions.
    fn choices(&self) -> BTreeSet<String> {
        fn collect(v: &Value, out: &mut BTreeSet<String>) {
            match v {
                Value::Object(map) => {
                    if let Some(c) = map.get("const").and_then(Value::as_str) {
                        out.insert(c.to_string());
                    }
                    for e in map.get("enum").and_then(Value::as_array).into_iter().flatten() {
                        out.extend(e.as_str().map(str::to_string));
                    }
                    map.values().for_each(|x| collect(x, out));
                }
                Value::Array(list) => list.iter().for_each(|x| collect(x, out)),
                _ => {}
            }
        }
        let mut out = BTreeSet::new();
        collect(&Value::Object(self.defs.clone()), &mut out);
        out
    }
}

fn shown(path: &str) -> String {
    if path.is_empty() {
        "the top level".to_string()
    } else {
        format!("[{path}]")
    }
}

/// Everything in which `md` and the input format disagree.
fn disagreements(md: &str, model: &Model) -> Vec<String> {
    let (tables, mut problems) = key_tables(md);
    let mut documented: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for t in &tables {
        match model.resolve(&t.table) {
            Err(e) => problems.push(format!(
                "{DOC}:{}: a key table for {}, which wengao does not have: {e}",
                t.line,
                shown(&t.table)
            )),
            Ok((id, props)) => {
                for key in &t.keys {
                    if !props.contains_key(key) {
                        let allowed: Vec<&str> = props.keys().map(String::as_str).collect();
                        problems.push(format!(
                            "{DOC}:{}: {} documents `{key}`, which wengao does not accept there (keys: {})",
                            t.line,
                            shown(&t.table),
                            allowed.join(", ")
                        ));
                    }
                }
                documented.entry(id).or_default().extend(t.keys.iter().cloned());
            }
        }
    }
    for (id, (path, keys)) in model.tables() {
        let have = documented.get(&id).cloned().unwrap_or_default();
        let missing: Vec<&str> = keys.iter().filter(|k| !have.contains(*k)).map(String::as_str).collect();
        if !missing.is_empty() {
            problems.push(format!(
                "{DOC}: no key table row for `{}` of {} (schema {id}); add a row to its table",
                missing.join("`, `"),
                shown(&path)
            ));
        }
    }
    for value in model.choices() {
        if !md.contains(&format!("\"{value}\"")) {
            problems.push(format!("{DOC}: the value \"{value}\" is not mentioned"));
        }
    }
    problems
}

// ------------------------------------------------------------ tests

#[test]
fn the_doc_documents_every_key_and_no_other() {
    let md = doc_text();
    let (tables, _) = key_tables(&md);
    // Top level, section, schedule, entry, attachment, part, style, fonts, word_fonts, defaults, build.
    assert!(tables.len() >= 11, "only {} key tables found in {DOC}", tables.len());
    let problems = disagreements(&md, &Model::new());
    assert!(problems.is_empty(), "{DOC} and the input format disagree:\n{}", problems.join("\n"));
}

#[test]
fn the_check_sees_a_missing_key_an_unknown_key_and_an_unknown_table() {
    let model = Model::new();
    let md = doc_text();
    let columns_row = md.lines().find(|l| l.starts_with("| `columns` |")).expect("a row for `columns`");
    let without = md.replace(&format!("{columns_row}\n"), "");
    let problems = disagreements(&without, &model).join("\n");
    assert!(problems.contains("no key table row for `columns` of [schedule]"), "{problems}");

    let word_fonts_row =
        md.lines().find(|l| l.starts_with("| `page_number` | 页码字体名")).expect("a word_fonts row");
    let extra = md.replace(word_fonts_row, &format!("{word_fonts_row}\n| `colour` | 颜色 | 文本 | 否 | … |"));
    let problems = disagreements(&extra, &model).join("\n");
    assert!(
        problems.contains("[style.word_fonts] documents `colour`, which wengao does not accept"),
        "{problems}"
    );

    let renamed = md.replace("### `[build]`", "### `[publish]`");
    let problems = disagreements(&renamed, &model).join("\n");
    assert!(problems.contains("a key table for [publish], which wengao does not have"), "{problems}");
    assert!(problems.contains("no key table row for `formats`, `out` of [build]"), "{problems}");
}

#[test]
fn every_toml_example_is_a_file_wengao_reads_cleanly() {
    let md = doc_text();
    let mut blocks = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (n, line) in md.lines().enumerate() {
        match (&mut current, line.trim_start()) {
            (None, "```toml") => current = Some((n + 2, String::new())),
            (Some(_), "```") => blocks.push(current.take().unwrap()),
            (Some((_, text)), _) => {
                text.push_str(line);
                text.push('\n');
            }
            _ => {}
        }
    }
    assert!(blocks.len() >= 10, "only {} TOML examples in {DOC}", blocks.len());
    let mut failures = Vec::new();
    for (i, (line, text)) in blocks.iter().enumerate() {
        let table: toml::Table = match toml::from_str(text) {
            Ok(t) => t,
            Err(e) => {
                failures.push(format!("{DOC}:{line}: not TOML: {e}"));
                continue;
            }
        };
        if table.contains_key("defaults") || table.contains_key("build") {
            if let Err(report) = read_config(&format!("example-{i}"), text) {
                failures.push(format!("{DOC}:{line}: a wengao.toml wengao refuses:\n{report}"));
            }
            continue;
        }
        match wengao::input::parse(Path::new(DOC), text.as_bytes()) {
            Err(report) => failures.push(format!("{DOC}:{line}: a document wengao refuses:\n{report}")),
            Ok(loaded) if !loaded.warnings.is_empty() => {
                let warnings: Vec<String> = loaded.warnings.iter().map(ToString::to_string).collect();
                failures.push(format!("{DOC}:{line}: warnings:\n{}", warnings.join("\n")));
            }
            Ok(_) => {}
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_citation_of_the_contract_names_the_shipped_file() {
    let mut files = vec![root().join("README.md")];
    rust_files(&root().join("src"), &mut files);
    let mut cited_in = BTreeSet::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for (at, _) in text.match_indices("input-format.md") {
            let name = file.strip_prefix(root()).unwrap().display().to_string();
            assert!(text[..at].ends_with("docs/"), "{name} cites a contract other than {DOC}");
            cited_in.insert(name);
        }
    }
    for must in ["README.md", "src/input.rs"] {
        assert!(cited_in.contains(must), "{must} no longer cites {DOC}: {cited_in:?}");
    }
}

#[test]
fn help_that_cites_the_contract_also_names_wengao_schema() {
    // A TOML syntax error with no more specific help, in a document…
    let err = wengao::input::parse(
        Path::new("t.toml"),
        "title = \"计划\"\n[[section]\ntitle = \"学习\"\n".as_bytes(),
    )
    .expect_err("an unclosed table header");
    // …and in a wengao.toml (a wrong type there gets the schema walk's own help).
    let config = read_config("help", "[build\nout = \"x\"\n").expect_err("an unclosed table header");
    for report in [err, config] {
        let help = report.diagnostics[0].help.clone().unwrap_or_default();
        assert!(help.contains(DOC) && help.contains("`wengao schema`"), "{report}");
    }
}
