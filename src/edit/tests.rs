//! Unit tests of the editor's save: models in, TOML text out, compared with what
//! the file held (comments and layout kept, every edit read back as the model).

use super::*;
use std::path::PathBuf;

/// Every input file of the samples (documents, not settings).
fn sample_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(&root)
        .into_iter()
        .flatten()
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml") && !p.ends_with("wengao.toml"))
        .collect();
    files.sort();
    assert!(files.len() >= 3, "{files:?}");
    files
}

/// The text of `file` with a comment of its own (`# 第N行的表`) above every
/// `[[table]]` header.
fn with_a_comment_above_every_table(file: &Path) -> String {
    let mut text = String::new();
    for (i, line) in std::fs::read_to_string(file).unwrap().lines().enumerate() {
        if line.trim_start().starts_with("[[") {
            text += &format!("# 第{i}行的表\n");
        }
        text += line;
        text += "\n";
    }
    text
}

/// Repeatable pseudo-random numbers below `n` (a linear congruential generator).
fn numbers_from(mut seed: u64) -> impl FnMut(usize) -> usize {
    move |n| {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((seed >> 33) as usize) % n.max(1)
    }
}

/// The page's ← on the one subsection of the first section: it follows its parent.
fn outdent_the_only_subsection_of_the_first(m: &mut Json) {
    let sub = m["section"][0].as_object_mut().unwrap().remove("section").unwrap()[0].clone();
    m["section"].as_array_mut().unwrap().insert(1, sub);
}

/// The lines of `after` that differ from `before` (same line count assumed).
fn changed_lines(before: &str, after: &str) -> Vec<(String, String)> {
    let (a, b): (Vec<&str>, Vec<&str>) = (before.lines().collect(), after.lines().collect());
    assert_eq!(a.len(), b.len(), "line count changed:\n{after}");
    a.iter().zip(&b).filter(|(x, y)| x != y).map(|(x, y)| (x.to_string(), y.to_string())).collect()
}

#[test]
fn the_unchanged_model_gives_back_the_same_bytes() {
    for file in sample_files() {
        let text = std::fs::read_to_string(&file).unwrap();
        let model = model(&text).unwrap();
        assert_eq!(apply(&text, &model).unwrap(), text, "{}", file.display());
    }
}

#[test]
fn editing_one_field_changes_that_field_alone() {
    for file in sample_files() {
        let text = std::fs::read_to_string(&file).unwrap();
        let mut m = model(&text).unwrap();
        let old = m["title"].as_str().unwrap().to_string();
        m["title"] = Json::from(format!("{old}（修订稿）"));
        let after = apply(&text, &m).unwrap();
        let diff = changed_lines(&text, &after);
        assert_eq!(diff.len(), 1, "{}: {diff:?}", file.display());
        assert!(diff[0].1.contains("（修订稿）") && diff[0].1.starts_with("title"), "{diff:?}");

        // A deep one: the first item of the first section that has items.
        let mut m = model(&text).unwrap();
        let Some(items) = first_items(&mut m) else { continue };
        let old = items[0].as_str().unwrap().to_string();
        items[0] = Json::from(format!("{old}（已完成）"));
        let after = apply(&text, &m).unwrap();
        let diff = changed_lines(&text, &after);
        assert_eq!(diff.len(), 1, "{}: {diff:?}", file.display());
        assert!(diff[0].1.contains("（已完成）"), "{diff:?}");
        assert_eq!(model(&after).unwrap(), m, "{}", file.display());
    }
}

fn first_items(m: &mut Json) -> Option<&mut Vec<Json>> {
    let list = if m.get("part").is_some() { &mut m["part"][0]["section"] } else { &mut m["section"] };
    list.as_array_mut()?.iter_mut().find_map(|s| s.get_mut("items")?.as_array_mut().filter(|i| !i.is_empty()))
}

#[test]
fn comments_stay_where_they_were() {
    let text = "# 计划\ntitle = \"旧\" # 标题\n\n[[section]] # 第一\ntitle = \"一\"\nitems = [\n  \"甲\",\n  \"乙\",\n]\n";
    let mut m = model(text).unwrap();
    m["title"] = Json::from("新");
    m["section"][0]["items"].as_array_mut().unwrap().push(Json::from("丙"));
    let after = apply(text, &m).unwrap();
    assert_eq!(
        after,
        "# 计划\ntitle = \"新\" # 标题\n\n[[section]] # 第一\ntitle = \"一\"\nitems = [\n  \"甲\",\n  \"乙\",\n  \"丙\",\n]\n"
    );
}

#[test]
fn new_sections_and_months_read_back_as_written() {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/school-plan.toml"))
            .unwrap();
    let mut m = model(&text).unwrap();
    let sections = m["section"].as_array_mut().unwrap();
    sections.push(serde_json::json!({"title": "新的一节", "text": "第一段。\n\n第二段。",
        "section": [{"title": "小节", "items": ["一件事"]}]}));
    sections[0]["section"] = serde_json::json!([{"title": "插入的小节"}]);
    if let Some(entries) = m.pointer_mut("/schedule/entry").and_then(Json::as_array_mut) {
        entries.push(serde_json::json!({"when": "十三月", "items": ["补充"]}));
    }
    m["date"] = Json::from("2024-03-01");
    let after = apply(&text, &m).unwrap();
    assert_eq!(model(&after).unwrap(), m, "{after}");
    assert!(after.contains("date = 2024-03-01\n"), "{after}");
    assert!(after.contains("text = \"\"\"\n第一段。\n\n第二段。\"\"\""), "{after}");
    let loaded = crate::input::parse(Path::new("plan.toml"), after.as_bytes()).unwrap();
    assert_eq!(loaded.document.section.last().unwrap().section[0].title.get_ref(), "小节");
}

#[test]
fn removed_keys_and_sections_are_gone() {
    let text =
        "title = \"计划\"\nsubtitle = \"副\"\n\n[[section]]\ntitle = \"一\"\n\n[[section]]\ntitle = \"二\"\n";
    let mut m = model(text).unwrap();
    m.as_object_mut().unwrap().remove("subtitle");
    m["section"].as_array_mut().unwrap().remove(0);
    assert_eq!(apply(text, &m).unwrap(), "title = \"计划\"\n\n[[section]]\ntitle = \"二\"\n");
}

#[test]
fn numbers_are_the_printed_markers() {
    let m = serde_json::json!({"title": "t", "section": [{"title": "a", "section": [{"title": "b"}, {"title": "c",
        "section": [{"title": "d", "section": [{"title": "e"}]}]}]}], "part": [{"title": "p", "section": [{"title": "x"}]}]});
    let n = numbers(&m);
    assert_eq!(n["section/0"], "一、");
    assert_eq!(n["section/0/section/1"], "（二）");
    assert_eq!(n["section/0/section/1/section/0"], "1.");
    assert_eq!(n["section/0/section/1/section/0/section/0"], "（1）");
    assert_eq!(n["part/0"], "篇一");
    assert_eq!(n["part/0/section/0"], "一、");
}

#[test]
fn problems_name_their_field() {
    let fields = |text: &str| -> Vec<(String, String)> {
        problems(Path::new("a.toml"), text).into_iter().map(|p| (p.field, p.message)).collect()
    };
    // What the editor saves for a date that is no calendar day: the CLI's words.
    let mut m = model("title = \"计划\"\ndate = 2024-02-01\n").unwrap();
    m["date"] = Json::from("2024-02-30");
    let saved = apply("title = \"计划\"\ndate = 2024-02-01\n", &m).unwrap();
    assert_eq!(
        fields(&saved),
        [(
            "date".to_string(),
            "`2024-02-30` is not a valid date: expected day between 01 and 29".to_string()
        )]
    );
    let deep = "title = \"\"\n[[section]]\ntitle = \"一\"\n[[section.section]]\ntitle = \"二\"\n\
                [[section.section.section]]\ntitle = \"三\"\n[[section.section.section.section]]\ntitle = \"四\"\n\
                [[section.section.section.section.section]]\ntitle = \"五\"\n";
    let found = fields(deep);
    assert_eq!(found[0], ("title".to_string(), "the title is empty".to_string()), "{found:?}");
    assert_eq!(found[1].0, "section/0/section/0/section/0/section/0/section/0/title", "{found:?}");
}

#[test]
fn inline_tables_are_edited_in_place() {
    let text = "title = \"计划\"\nsection = [\n  { title = \"一\", items = [\"甲\"] }, # 第一节\n  { title = \"二\" },\n]\n";
    let mut m = model(text).unwrap();
    m["section"][1]["title"] = Json::from("贰");
    m["section"][0]["items"].as_array_mut().unwrap().push(Json::from("乙"));
    let after = apply(text, &m).unwrap();
    assert_eq!(
        after,
        "title = \"计划\"\nsection = [\n  { title = \"一\", items = [\"甲\", \"乙\"] }, # 第一节\n  { title = \"贰\" },\n]\n"
    );
    m["section"].as_array_mut().unwrap().push(serde_json::json!({"title": "三"}));
    assert_eq!(model(&apply(text, &m).unwrap()).unwrap(), m);
}

#[test]
fn a_deleted_section_takes_its_comments_along() {
    let text = "title = \"计划\"\n\n# 第一节的说明\n[[section]]\ntitle = \"一\"\n\n# 第二节的说明\n[[section]]\ntitle = \"二\"\nitems = [\"甲\", \"乙\", \"丙\"] # 三条\n";
    let mut m = model(text).unwrap();
    m["section"].as_array_mut().unwrap().remove(0);
    m["section"][0]["items"].as_array_mut().unwrap().remove(1);
    assert_eq!(
        apply(text, &m).unwrap(),
        "title = \"计划\"\n\n# 第二节的说明\n[[section]]\ntitle = \"二\"\nitems = [\"甲\", \"丙\"] # 三条\n"
    );
    assert_eq!(
        deleted(&[Json::from(1), Json::from(2)], &[Json::from(3)]),
        [1],
        "not a deletion: cut the end"
    );
}

#[test]
fn a_new_schedule_of_a_part_goes_after_its_sections() {
    let text = "title = \"汇总\"\n\n[[part]]\ntitle = \"篇一\"\n\n[[part.section]]\ntitle = \"一\"\n\n[[part]]\ntitle = \"篇二\"\n";
    let mut m = model(text).unwrap();
    m["part"][0]["schedule"] = serde_json::json!({"entry": [{"when": "三月", "items": ["会议"]}]});
    let after = apply(text, &m).unwrap();
    assert_eq!(model(&after).unwrap(), m);
    let (one, schedule, two) =
        (after.find("title = \"一\"").unwrap(), after.find("三月").unwrap(), after.find("篇二").unwrap());
    assert!(one < schedule && schedule < two, "{after}");
}

#[test]
fn a_moved_section_takes_its_comments_and_subsections_along() {
    let text = "title = \"计划\"\n\n# 甲的说明\n[[section]]\ntitle = \"甲\"\n\n[[section.section]]\ntitle = \"甲一\" # 甲的小节\n\n# 乙的说明\n[[section]]\ntitle = \"乙\"\n\n[schedule]\ntitle = \"表\"\n";
    let mut m = model(text).unwrap();
    m["section"].as_array_mut().unwrap().swap(0, 1);
    m["section"][1]["title"] = Json::from("甲（改）");
    let after = apply(text, &m).unwrap();
    assert_eq!(
        after,
        "title = \"计划\"\n\n# 乙的说明\n[[section]]\ntitle = \"乙\"\n\n# 甲的说明\n[[section]]\ntitle = \"甲（改）\"\n\n[[section.section]]\ntitle = \"甲一\" # 甲的小节\n\n[schedule]\ntitle = \"表\"\n"
    );
    assert_eq!(model(&after).unwrap(), m);
}

/// Random edits of the kinds the page makes (delete, move, rename, add, indent;
/// a few at a time), on every sample: the file written always reads back as the
/// model, and stays valid wengao input.
#[test]
fn random_edits_always_read_back_as_the_model() {
    let mut next = numbers_from(0x5eed);
    for file in sample_files() {
        // A comment of its own above every table, to see where each one goes.
        let text = with_a_comment_above_every_table(&file);
        for round in 0..40 {
            let mut m = model(&text).unwrap();
            let (mut removed, mut renamed) = (false, false);
            for _ in 0..1 + next(3) {
                // A collection: sometimes its parts (deleted, moved, renamed, added).
                let parts = m.get("part").is_some() && next(4) == 0;
                let list = if parts {
                    m.get_mut("part")
                } else if m.get("part").is_some() {
                    let p = next(m["part"].as_array().unwrap().len());
                    m["part"][p].get_mut("section")
                } else {
                    m.get_mut("section")
                };
                let Some(list) = list.and_then(Json::as_array_mut) else { continue };
                let n = list.len();
                match next(if parts { 4 } else { 6 }) {
                    0 if n > 1 => {
                        list.remove(next(n));
                        removed = true;
                    }
                    1 if n > 1 => {
                        let i = next(n - 1);
                        list.swap(i, i + 1);
                    }
                    2 if n > 0 => {
                        list[next(n)]["title"] = Json::from(format!("改过的标题{round}"));
                        renamed = true;
                    }
                    3 if parts => list.insert(next(n + 1), serde_json::json!({"title": "新的一篇"})),
                    3 => {
                        list.insert(next(n + 1), serde_json::json!({"title": "新的一节", "items": ["一条"]}))
                    }
                    4 if n > 1 => {
                        let i = 1 + next(n - 1);
                        let moved = list.remove(i);
                        let parent = list[i - 1].as_object_mut().unwrap();
                        parent.entry("section").or_insert_with(|| Json::Array(Vec::new()));
                        parent["section"].as_array_mut().unwrap().push(moved);
                    }
                    5 if n > 0 => {
                        // Outdent the last subsection of a section.
                        let i = next(n);
                        let Some(subs) = list[i].get_mut("section").and_then(Json::as_array_mut) else {
                            continue;
                        };
                        let moved = subs.pop().unwrap();
                        if subs.is_empty() {
                            list[i].as_object_mut().unwrap().remove("section");
                        }
                        list.insert(i + 1, moved);
                    }
                    _ => {}
                }
            }
            let after = apply(&text, &m).unwrap();
            assert!(model(&after).unwrap() == m, "{} round {round}:\n{after}", file.display());
            // Moves and additions lose no comment, and each stays with the table it
            // was written above (known by its header and first key).
            fn comments(t: &str) -> Vec<(&str, &str)> {
                let lines: Vec<&str> = t.lines().map(str::trim).collect();
                let table_at =
                    |i: usize| lines[i..].iter().skip_while(|l| l.starts_with('#')).nth(1).copied();
                let mut c: Vec<(&str, &str)> = (0..lines.len())
                    .filter(|&i| lines[i].starts_with('#'))
                    .map(|i| (lines[i], table_at(i).unwrap_or("")))
                    .collect();
                c.sort();
                c
            }
            if !removed && !renamed {
                assert_eq!(comments(&after), comments(&text), "{} round {round}:\n{after}", file.display());
            }
            let checked = crate::input::parse(&file, after.as_bytes());
            assert!(
                checked.is_ok()
                    || checked.as_ref().err().is_some_and(|r| r.to_string().contains("levels deep")),
                "{} round {round}: {}",
                file.display(),
                checked.err().map(|r| r.to_string()).unwrap_or_default()
            );
        }
    }
}

#[test]
fn settings_added_in_the_page_are_written_and_taken_back_to_the_same_bytes() {
    for file in sample_files() {
        let text = std::fs::read_to_string(&file).unwrap();
        let original = model(&text).unwrap();
        let mut m = original.clone();
        let had_style = m.get("style").is_some();
        let style = m.as_object_mut().unwrap().entry("style").or_insert_with(|| Json::Object(Map::new()));
        style["date_style"] = Json::from("chinese");
        style["duplex"] = Json::from(true);
        if m.get("schedule").is_some() {
            m["schedule"]["columns"] = serde_json::json!(["月份", "工作要点"]);
        }
        let written = apply(&text, &m).unwrap();
        assert_eq!(model(&written).unwrap(), m, "{}:\n{written}", file.display());
        let doc: crate::input::Document =
            toml::from_str(&written).unwrap_or_else(|e| panic!("{}: {e}\n{written}", file.display()));
        assert_eq!(doc.style.date_style, Some(crate::numbering::DateStyle::Chinese), "{}", file.display());
        if !had_style {
            // A new table goes at the end, after every table of the file.
            assert!(written.trim_end().ends_with("duplex = true"), "{}:\n{written}", file.display());
        }
        // Choosing 默认 again removes what the page added: the file is as before.
        assert_eq!(apply(&written, &original).unwrap().trim_end(), text.trim_end(), "{}", file.display());
    }
}

#[test]
fn a_section_added_in_the_middle_is_the_only_change() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/school-plan.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    let mut m = model(&text).unwrap();
    m["section"].as_array_mut().unwrap().insert(1, serde_json::json!({"title": "新插入的一节"}));
    let after = apply(&text, &m).unwrap();
    // Before: every later section was rewritten one place down.
    let second = text.match_indices("\n[[section]]\n").nth(1).unwrap().0 + 1;
    let want = format!("{}[[section]]\ntitle = \"新插入的一节\"\n\n{}", &text[..second], &text[second..]);
    assert_eq!(after, want);
}

const INDENTED: &str = "title = \"计划\"\n\n# 甲的说明\n[[section]]\ntitle = \"甲\"\n\n# 乙：要降一级\n[[section]]\ntitle = \"乙\"\ntext = \"乙的正文\"  # 行尾注释\n\n# 乙的小节\n[[section.section]]\ntitle = \"乙一\"\n\n[[section]]\ntitle = \"丙\"\n";

#[test]
fn indent_and_outdent_take_comments_and_subsections_along() {
    let mut m = model(INDENTED).unwrap();
    let sections = m["section"].as_array_mut().unwrap();
    let moved = sections.remove(1);
    sections[0]["section"] = Json::Array(vec![moved]);
    let indented = apply(INDENTED, &m).unwrap();
    assert_eq!(model(&indented).unwrap(), m, "{indented}");
    for kept in [
        "# 乙：要降一级\n[[section.section]]\ntitle = \"乙\"\ntext = \"乙的正文\"  # 行尾注释\n",
        "# 乙的小节\n[[section.section.section]]\ntitle = \"乙一\"\n",
    ] {
        assert!(indented.contains(kept), "{indented}");
    }
    // Outdented again: the file is what it was.
    let mut m = model(&indented).unwrap();
    let moved = m["section"][0].as_object_mut().unwrap().remove("section").unwrap()[0].clone();
    m["section"].as_array_mut().unwrap().insert(1, moved);
    assert_eq!(apply(&indented, &m).unwrap(), INDENTED);
}

#[test]
fn parts_of_one_title_keep_their_comments_when_one_is_renamed_or_added() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/union-plans-collection.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    // The six parts have one title: renaming the second changes that line alone.
    let mut m = model(&text).unwrap();
    m["part"][1]["title"] = Json::from("改过名的第二篇");
    let renamed = apply(&text, &m).unwrap();
    let changed = changed_lines(&text, &renamed);
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert!(renamed.contains("# ---------------------------------------------------------------- 篇二\n[[part]]\ntitle = \"改过名的第二篇\""));
    // A new part before the third: the comments stay above their parts.
    let mut m = model(&text).unwrap();
    m["part"].as_array_mut().unwrap().insert(2, serde_json::json!({"title": "新的一篇"}));
    let added = apply(&text, &m).unwrap();
    assert_eq!(model(&added).unwrap(), m);
    let at = |s: &str| added.find(s).unwrap_or_else(|| panic!("{s}:\n{added}"));
    assert!(
        at("篇二\n[[part]]") < at("title = \"新的一篇\"")
            && at("title = \"新的一篇\"") < at("篇三\n[[part]]")
    );
    assert_eq!(added.len(), text.len() + "[[part]]\ntitle = \"新的一篇\"\n\n".len(), "{added}");
}

#[test]
fn a_blank_title_is_an_edit_in_place_not_a_move() {
    let text =
        "title = \"计划\"\n\n# 附件说明\n[[attachment]]\ntitle = \"甲\"\n\n[[attachment]]\ntitle = \"\"\n";
    let mut m = model(text).unwrap();
    m["attachment"][0]["title"] = Json::from("");
    let after = apply(text, &m).unwrap();
    assert_eq!(after, text.replace("title = \"甲\"", "title = \"\""));
}

#[test]
fn outdenting_among_blank_titles_keeps_each_comment_over_its_section() {
    let text = "title = \"计划\"\n\n# 一\n[[section]]\ntitle = \"\"\n\n[[section.section]]\ntitle = \"X\"\n\n# 二\n[[section]]\ntitle = \"\"\n";
    let mut m = model(text).unwrap();
    outdent_the_only_subsection_of_the_first(&mut m);
    let after = apply(text, &m).unwrap();
    assert_eq!(model(&after).unwrap(), m, "{after}");
    assert_eq!(
        after,
        "title = \"计划\"\n\n# 一\n[[section]]\ntitle = \"\"\n\n[[section]]\ntitle = \"X\"\n\n# 二\n[[section]]\ntitle = \"\"\n"
    );
}

#[test]
fn tables_the_edit_does_not_touch_keep_their_place_in_the_file() {
    // An attachment written between two sections stays there when a section is
    // added, moved or indented.
    let text = "title = \"计划\"\n\n[[section]]\ntitle = \"一\"\n\n[[attachment]]\ntitle = \"附\"\n\n[[section]]\ntitle = \"二\"\n\n[[section]]\ntitle = \"三\"\n";
    type Edit = dyn Fn(&mut Vec<Json>);
    let add: &Edit = &|s| s.insert(1, serde_json::json!({"title": "新"}));
    let swap: &Edit = &|s| s.swap(1, 2);
    let indent: &Edit = &|s| {
        let three = s.remove(2);
        s[1]["section"] = Json::Array(vec![three]);
    };
    for edit in [add, swap, indent] {
        let mut m = model(text).unwrap();
        edit(m["section"].as_array_mut().unwrap());
        let after = apply(text, &m).unwrap();
        assert_eq!(model(&after).unwrap(), m, "{after}");
        let at = |s: &str| after.find(s).unwrap_or_else(|| panic!("{s}:\n{after}"));
        assert!(
            at("title = \"一\"") < at("[[attachment]]") && at("[[attachment]]") < at("title = \"二\""),
            "{after}"
        );
    }
}

#[test]
fn parts_of_one_title_swapped_and_back_give_the_file_back() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/union-plans-collection.toml");
    // A comment above every table, its schedule's months too.
    let text = with_a_comment_above_every_table(&file);
    let mut m = model(&text).unwrap();
    m["part"].as_array_mut().unwrap().swap(0, 1);
    let swapped = apply(&text, &m).unwrap();
    assert_eq!(model(&swapped).unwrap(), m);
    assert_eq!(swapped.len(), text.len(), "every comment is still there:\n{swapped}");
    let first =
        swapped.find("# ---------------------------------------------------------------- 篇二").unwrap();
    assert!(first < swapped.find("篇一").unwrap(), "the 篇二 comment went with its part:\n{swapped}");
    m["part"].as_array_mut().unwrap().swap(0, 1);
    assert_eq!(apply(&swapped, &m).unwrap(), text);
}

#[test]
fn sections_alike_in_content_keep_their_comments_through_indent_and_outdent() {
    // Outdent: the subsection has the same (blank) title and content as what its
    // parent is left with.
    let text = "title = \"计划\"\n\n# 甲\n[[section]]\ntitle = \"\"\n\n# 甲的小节\n[[section.section]]\ntitle = \"\"\n\n# 乙\n[[section]]\ntitle = \"乙\"\n";
    let mut m = model(text).unwrap();
    outdent_the_only_subsection_of_the_first(&mut m);
    let after = apply(text, &m).unwrap();
    assert_eq!(
        after,
        "title = \"计划\"\n\n# 甲\n[[section]]\ntitle = \"\"\n\n# 甲的小节\n[[section]]\ntitle = \"\"\n\n# 乙\n[[section]]\ntitle = \"乙\"\n"
    );
    // Indent: two blank sections, the second goes under the first.
    let text = "title = \"计划\"\n\n# 甲\n[[section]]\ntitle = \"甲\"\n\n# 乙\n[[section]]\ntitle = \"\"\n\n# 丙\n[[section]]\ntitle = \"\"\n";
    let mut m = model(text).unwrap();
    let third = m["section"].as_array_mut().unwrap().remove(2);
    m["section"][1]["section"] = Json::Array(vec![third]);
    let after = apply(text, &m).unwrap();
    assert_eq!(model(&after).unwrap(), m, "{after}");
    assert!(
        after.ends_with("# 乙\n[[section]]\ntitle = \"\"\n\n# 丙\n[[section.section]]\ntitle = \"\"\n"),
        "{after}"
    );
}

#[test]
fn a_table_added_before_the_first_of_its_array_stays_before_it() {
    // The attachments are written around the first section.
    let text = "title = \"计划\"\n\n[[attachment]]\ntitle = \"附一\"\n\n[[section]]\ntitle = \"一\"\n\n[[attachment]]\ntitle = \"附二\"\n";
    let mut m = model(text).unwrap();
    m["section"].as_array_mut().unwrap().insert(0, serde_json::json!({"title": "零"}));
    let after = apply(text, &m).unwrap();
    assert_eq!(model(&after).unwrap(), m, "{after}");
    assert!(after.find("零").unwrap() < after.find("title = \"一\"").unwrap(), "{after}");
}

#[test]
fn tables_in_inline_tables_and_emptied_arrays_read_back_as_the_model() {
    for (text, json) in [
        ("x = { a = 1 }\n", serde_json::json!({"x": {"a": {}}})),
        ("x = { a = 1 }\n", serde_json::json!({"x": {"a": [{"b": 1}]}})),
        ("x = { a = 1 }\n", serde_json::json!({"x": {"b": {"c": [{"d": 2}]}}})),
        ("[[entry]]\nwhen = \"二月\"\n", serde_json::json!({"entry": []})),
    ] {
        let after = apply(text, &json).unwrap();
        assert_eq!(model(&after).unwrap(), json, "{after}");
    }
}

#[test]
fn single_edits_of_look_alike_sections_keep_every_comment_with_its_table() {
    let mut next = numbers_from(0xa11ce);
    let titles = ["", "", "甲", "乙"];
    for round in 0..300 {
        // Sections titled alike, some with subsections, attachments among them,
        // and a comment of its own above every table.
        let mut text = String::from("title = \"计划\"\n");
        let mut tag = 0;
        let mut comment = || {
            tag += 1;
            format!("\n# 表{tag}\n")
        };
        for _ in 0..2 + next(4) {
            text += &format!("{}[[section]]\ntitle = \"{}\"\n", comment(), titles[next(4)]);
            for _ in 0..next(3) {
                text += &format!("{}[[section.section]]\ntitle = \"{}\"\n", comment(), titles[next(4)]);
            }
            if next(3) == 0 {
                text += &format!("{}[[attachment]]\ntitle = \"附\"\n", comment());
            }
        }
        let mut m = model(&text).unwrap();
        let list = m["section"].as_array_mut().unwrap();
        let n = list.len();
        let i = next(n);
        let what = match next(5) {
            0 => {
                list.insert(i, serde_json::json!({"title": ""}));
                "insert"
            }
            1 if i + 1 < n => {
                list.swap(i, i + 1);
                "swap"
            }
            2 if i > 0 => {
                let moved = list.remove(i);
                let parent = list[i - 1].as_object_mut().unwrap();
                parent.entry("section").or_insert_with(|| Json::Array(Vec::new()));
                parent["section"].as_array_mut().unwrap().push(moved);
                "indent"
            }
            3 => {
                let Some(subs) = list[i].get_mut("section").and_then(Json::as_array_mut) else { continue };
                let moved = subs.remove(0);
                let rest = std::mem::take(subs);
                if rest.is_empty() {
                    list[i].as_object_mut().unwrap().remove("section");
                } else {
                    list[i]["section"] = Json::Array(rest);
                }
                // The UI outdents the last subsection; the first exercises more.
                list.insert(i + 1, moved);
                "outdent"
            }
            _ => continue,
        };
        let after = apply(&text, &m).unwrap();
        assert_eq!(model(&after).unwrap(), m, "round {round} ({what}):\n{text}\n----\n{after}");
        let comments = |t: &str| {
            let lines: Vec<&str> = t.lines().collect();
            let mut c: Vec<(String, String)> = (0..lines.len())
                .filter(|&i| lines[i].starts_with('#'))
                .map(|i| (lines[i].to_string(), lines.get(i + 2).unwrap_or(&"").to_string()))
                .collect();
            c.sort();
            c
        };
        assert_eq!(comments(&after), comments(&text), "round {round} ({what}):\n{text}\n----\n{after}");
    }
}
