//! In-process benchmark: one save of the browser editor (`edit::apply`, the model
//! put back into the user's TOML) on a large plan — 2,000 sections, each with two
//! subsections and a comment — for the edits a secretary makes: none, a new title,
//! a section added in the middle, two sections swapped, an indent and an outdent.
//!
//! Run with `cargo bench --bench editor`. Prints the median of 9 runs per edit.

use serde_json::Value as Json;
use std::time::{Duration, Instant};
use wengao::edit::{apply, model};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const SECTIONS: usize = 2000;

fn large_plan() -> String {
    let mut text = String::from("title = \"大文档\"\n");
    for i in 0..SECTIONS {
        text += &format!("\n# 第{i}节的说明\n[[section]]\ntitle = \"第{i}节\"\ntext = \"第{i}节的正文。\"\n");
        for k in 0..2 {
            text += &format!(
                "\n  [[section.section]]\n  title = \"第{i}节第{k}小节\"\n  items = [\"一条\", \"两条\"]\n"
            );
        }
    }
    text
}

fn sections(m: &mut Json) -> &mut Vec<Json> {
    m["section"].as_array_mut().expect("sections")
}

fn main() {
    let text = large_plan();
    let base = model(&text).expect("a model");
    type Edit = fn(&mut Json);
    let edits: [(&str, Edit); 6] = [
        ("unchanged", |_| {}),
        ("new title", |m| m["section"][1000]["title"] = Json::from("改过的标题")),
        ("added in the middle", |m| sections(m).insert(1000, serde_json::json!({"title": "新的一节"}))),
        ("two swapped", |m| sections(m).swap(999, 1000)),
        ("indent", |m| {
            let moved = sections(m).remove(1000);
            sections(m)[999]["section"].as_array_mut().expect("subsections").push(moved);
        }),
        ("outdent", |m| {
            let moved = sections(m)[999]["section"].as_array_mut().expect("subsections").pop().expect("one");
            sections(m).insert(1000, moved);
        }),
    ];
    println!("{} bytes, {SECTIONS} sections × 2 subsections", text.len());
    // What any save costs: toml_edit reading and writing the file, and its model.
    let mut times: Vec<Duration> = (0..9)
        .map(|_| {
            let t = Instant::now();
            let doc: toml_edit::DocumentMut = text.parse().expect("TOML");
            assert_eq!(doc.to_string().len(), text.len());
            assert!(model(&text).is_ok());
            t.elapsed()
        })
        .collect();
    times.sort();
    println!("{:22} median {:7.1} ms", "(read + write + model)", times[4].as_secs_f64() * 1000.0);
    for (name, edit) in edits {
        let mut m = base.clone();
        edit(&mut m);
        let mut times: Vec<Duration> = (0..9)
            .map(|_| {
                let t = Instant::now();
                let written = apply(&text, &m).expect("applies");
                let elapsed = t.elapsed();
                assert!(!written.is_empty());
                elapsed
            })
            .collect();
        times.sort();
        println!("{name:22} median {:7.1} ms", times[4].as_secs_f64() * 1000.0);
    }
}
