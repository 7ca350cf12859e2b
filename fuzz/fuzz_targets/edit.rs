//! Bytes → one save of the browser editor: a sample's model changed as the bytes
//! say (tables of an array deleted, swapped, added, indented, outdented, renamed,
//! moved to another array; values of every JSON kind but null) → `edit::apply`.
//!
//! Whatever the changes: the written text is TOML that reads back as exactly the
//! model, never a panic or a hang. Run (README, "Fuzzing"):
//!
//! ```sh
//! cargo +nightly fuzz run wengao_edit -- -max_len=256
//! ```
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::{json, Value};
use wengao::edit::{apply, model};

const SAMPLES: [&str; 3] = [
    include_str!("../../samples/school-plan.toml"),
    include_str!("../../samples/school-summary.toml"),
    include_str!("../../samples/union-plans-collection.toml"),
];

/// The JSON pointers of every non-empty array of objects (an array of tables).
fn arrays(value: &Value, at: &str, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                arrays(v, &format!("{at}/{}", key.replace('~', "~0").replace('/', "~1")), out);
            }
        }
        Value::Array(list) if !list.is_empty() && list.iter().all(Value::is_object) => {
            out.push(at.to_string());
            for (i, v) in list.iter().enumerate() {
                arrays(v, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

fn junk(kind: u8) -> Value {
    match kind % 7 {
        0 => json!(""),
        1 => json!(-7),
        2 => json!(true),
        3 => json!({"a": {"b": [1, 2]}}),
        4 => json!([{"title": "表里的表"}]),
        5 => json!([]),
        _ => json!([{"x": 1}, 2]),
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, ops)) = data.split_first() else { return };
    let text = SAMPLES[pick as usize % SAMPLES.len()];
    let mut m = model(text).expect("a sample is TOML");
    for op in ops.chunks_exact(3) {
        let mut found = Vec::new();
        arrays(&m, "", &mut found);
        if found.is_empty() {
            break;
        }
        let at = found[op[1] as usize % found.len()].clone();
        let Some(list) = m.pointer_mut(&at).and_then(Value::as_array_mut) else { continue };
        let (n, i) = (list.len(), op[2] as usize % list.len().max(1));
        match op[0] % 8 {
            0 => {
                list.remove(i);
            }
            1 if i + 1 < n => list.swap(i, i + 1),
            2 => list.insert(i, json!({"title": "新"})),
            3 if i > 0 => {
                let moved = list.remove(i);
                if let Some(parent) = list[i - 1].as_object_mut() {
                    let subs = parent.entry("section").or_insert_with(|| json!([]));
                    if let Some(subs) = subs.as_array_mut() {
                        subs.push(moved);
                    }
                }
            }
            4 => {
                let last = list[i].get_mut("section").and_then(Value::as_array_mut).and_then(Vec::pop);
                if let Some(moved) = last {
                    list.insert(i + 1, moved);
                }
            }
            5 => list[i]["title"] = json!(format!("改{}", op[2])),
            6 => list[i]["title"] = junk(op[2]),
            _ => {
                // To the first array of tables elsewhere.
                let moved = list.remove(i);
                if let Some(other) = found.iter().find(|p| **p != at && !p.starts_with(&format!("{at}/"))) {
                    if let Some(target) = m.pointer_mut(other).and_then(Value::as_array_mut) {
                        target.push(moved);
                    }
                }
            }
        }
    }
    let written = apply(text, &m).expect("a model of tables and values applies");
    let back = model(&written).unwrap_or_else(|e| panic!("not TOML ({e}):\n{written}"));
    assert!(back == m, "reads back otherwise:\n{written}");
});
