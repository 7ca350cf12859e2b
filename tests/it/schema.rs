//! The JSON Schema in schema/ is the one `wengao schema` prints, and every sample
//! (and the district's documents) validates against it (python3 jsonschema, which
//! .ci/run installs). Bless the file with WENGAO_BLESS=1.

use std::path::PathBuf;
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn schema_file_is_current() {
    let printed = Command::new(env!("CARGO_BIN_EXE_wengao")).arg("schema").output().unwrap();
    assert!(printed.status.success());
    let path = root().join("schema/wengao.schema.json");
    if std::env::var_os("WENGAO_BLESS").is_some() {
        std::fs::write(&path, &printed.stdout).unwrap();
    }
    let stored = std::fs::read(&path).unwrap();
    assert!(
        stored == printed.stdout,
        "schema/wengao.schema.json is stale: run WENGAO_BLESS=1 cargo test --test it schema::"
    );
}

#[test]
fn samples_validate_against_the_schema() {
    let script = r#"
import json, sys, tomllib, datetime, pathlib, jsonschema
schema = json.load(open(sys.argv[1]))
def plain(v):
    if isinstance(v, (datetime.date, datetime.datetime, datetime.time)):
        return v.isoformat()
    if isinstance(v, dict):
        return {k: plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [plain(x) for x in v]
    return v
files = [p for p in pathlib.Path(sys.argv[2]).rglob("*.toml") if p.name != "wengao.toml"]
assert files, "no samples found"
for p in sorted(files):
    jsonschema.validate(plain(tomllib.load(open(p, "rb"))), schema)
bad = {"title": "x", "titel": "y"}
try:
    jsonschema.validate(bad, schema)
    raise SystemExit("an unknown key passed the schema")
except jsonschema.ValidationError:
    pass
print(len(files), "valid")
"#;
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(root().join("schema/wengao.schema.json"))
        .arg(root().join("samples"))
        .output()
        .expect("python3 is needed (see .ci/run)");
    let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("valid"), "{text}");
}
