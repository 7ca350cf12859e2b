//! Writing the recognised document as wengao TOML, commented where it guessed.
//!
//! In: a [`Doc`]. Out: TOML text in the input format (`docs/input-format.md`): the
//! keys in the order a person writes them, long text in `"""` strings, a comment
//! above every value that was a guess.

use super::closing::DateValue;
use super::frame::{Imprint, Masthead};
use super::recognize::{Body, Content, Doc, Section};
use super::schedule::Schedule;

/// `s` escaped for a TOML basic string; with `multiline`, line breaks stay.
fn escaped(s: &str, multiline: bool) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' if multiline => out.push('\n'),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// A TOML basic string.
fn quote(s: &str) -> String {
    format!("\"{}\"", escaped(s, false))
}

/// A TOML multi-line basic string for Markdown text (a one-line value stays a
/// basic string).
fn text_value(s: &str) -> String {
    if s.contains('\n') {
        format!("\"\"\"\n{}\"\"\"", escaped(s, true))
    } else {
        quote(s)
    }
}

fn date_value(d: &DateValue) -> String {
    match d {
        DateValue::Date { year, month, day, .. } => format!("{year:04}-{month:02}-{day:02}"),
        DateValue::Text(t) => {
            format!("# date = ?  （原文日期“{}”无法识别，请改写为 2023-12-28 的形式）", t.replace('\n', " "))
        }
    }
}

/// Paragraphs and points → (Markdown text, items): trailing points become `items`,
/// points between paragraphs stay a Markdown list in the text.
fn text_and_items(blocks: &[Content]) -> (String, Vec<String>) {
    let last_para = blocks.iter().rposition(|b| matches!(b, Content::Para(_)));
    let mut split = last_para.map_or(0, |p| p + 1);
    // Points with paragraphs of their own stay in the text, as a Markdown list.
    if blocks[split..].iter().any(|b| matches!(b, Content::Item(i) if i.contains("\n\n"))) {
        split = blocks.len();
    }
    let mut text = String::new();
    let mut n = 0;
    for b in &blocks[..split] {
        match b {
            Content::Para(p) => {
                if !text.is_empty() {
                    text.push_str("\n\n");
                }
                text.push_str(p);
                n = 0;
            }
            Content::Item(i) => {
                n += 1;
                text.push_str(if n == 1 && !text.is_empty() {
                    "\n\n"
                } else if n > 1 {
                    "\n"
                } else {
                    ""
                });
                let item = i.split("\n\n").map(|p| p.replace('\n', " ")).collect::<Vec<_>>().join("\n\n   ");
                text.push_str(&format!("{n}. {item}"));
            }
        }
    }
    let items = blocks[split..]
        .iter()
        .filter_map(|b| match b {
            Content::Item(i) => Some(i.clone()),
            Content::Para(_) => None,
        })
        .collect();
    (text, items)
}

struct Out {
    s: String,
}

impl Out {
    fn key(&mut self, key: &str, value: &str) {
        self.s.push_str(&format!("{key} = {value}\n"));
    }

    fn items(&mut self, key: &str, items: &[String]) {
        if items.is_empty() {
            return;
        }
        self.s.push_str(&format!("{key} = [\n"));
        for i in items {
            self.s.push_str(&format!("  {},\n", quote(i)));
        }
        self.s.push_str("]\n");
    }

    /// `# …` lines, one a comment.
    fn comments(&mut self, comments: &[String]) {
        for c in comments {
            let line: String = c.chars().map(|ch| if ch.is_control() { ' ' } else { ch }).collect();
            self.s.push_str(&format!("# {line}\n"));
        }
    }

    fn sections(&mut self, prefix: &str, list: &[Section]) {
        for s in list {
            let table = format!("{prefix}section");
            self.s.push('\n');
            self.comments(&s.comments);
            self.s.push_str(&format!("[[{table}]]\ntitle = {}\n", quote(&s.title)));
            let (text, items) = text_and_items(&s.blocks);
            if !text.is_empty() {
                self.key("text", &text_value(&text));
            }
            self.items("items", &items);
            self.sections(&format!("{table}."), &s.children);
        }
    }

    fn schedule(&mut self, prefix: &str, s: &Schedule) {
        self.s.push_str(&format!("\n[{prefix}schedule]\n"));
        if let Some(t) = &s.title {
            self.key("title", &quote(t));
        }
        if let Some((a, b)) = &s.columns {
            self.key("columns", &format!("[{}, {}]", quote(a), quote(b)));
        }
        for (when, items) in &s.entries {
            self.s.push_str(&format!("\n[[{prefix}schedule.entry]]\nwhen = {}\n", quote(when)));
            self.items("items", items);
        }
    }

    /// `key = "value"` or, for several, `key = ["a", "b"]`.
    fn names(&mut self, key: &str, names: &[&str], list: bool) {
        if names.len() == 1 && !list {
            self.key(key, &quote(names[0]));
        } else {
            let quoted: Vec<String> = names.iter().map(|n| quote(n)).collect();
            self.key(key, &format!("[{}]", quoted.join(", ")));
        }
    }

    /// `[masthead]`, each key with the comment saying where it came from.
    fn masthead(&mut self, m: &Masthead) {
        if m.is_empty() {
            return;
        }
        self.s.push_str("\n[masthead]\n");
        let mut said = Vec::new();
        let signed_at = m.signers.first().map(|f| f.at);
        for (key, name, fields) in m.keys() {
            let both = key == "number" && signed_at == Some(fields[0].at);
            let comment = fields[0].guess(if both { "发文字号和签发人" } else { name });
            // 发文字号 and 签发人 of one line: one comment.
            if !said.contains(&fields[0].at) || key != "signers" {
                self.comments(&[comment]);
            }
            said.push(fields[0].at);
            let values: Vec<&str> = fields.iter().map(|f| f.value.as_str()).collect();
            match key {
                "issuer" | "signers" => self.names(key, &values, key == "signers"),
                _ => self.key(key, &quote(values[0])),
            }
        }
        for mark in &m.marks {
            self.comments(&[format!(
                "版头标记“{}”（第 {} 段）：输入格式没有这一项，不印出",
                mark.value, mark.at
            )]);
        }
    }

    /// `[imprint]`, each key with the comment saying where it came from.
    fn imprint(&mut self, i: &Imprint) {
        self.s.push_str("\n[imprint]\n");
        if let Some(f) = &i.cc_from {
            self.comments(&[f.guess("抄送")]);
            let names: Vec<&str> = i.cc.iter().map(String::as_str).collect();
            self.names("cc", &names, true);
        }
        if let (Some(f), Some(d)) = (&i.printed_from, &i.printed_on) {
            self.comments(&[f.guess("印发机关和印发日期")]);
            if let Some(by) = &i.printed_by {
                self.key("printed_by", &quote(by));
            }
            self.key("printed_on", &date_value(d));
        }
    }

    /// The keys of a body (`prefix` is `part.` inside a part).
    fn body(&mut self, prefix: &str, b: &Body, top_keys: bool) {
        if top_keys {
            if let Some((at, a)) = &b.addressee {
                self.comments(&[format!("猜测：主送机关取自第 {at} 段（标题后以冒号结尾的一行）")]);
                self.key("addressee", &quote(a));
            }
            if let Some(o) = &b.closing.organization {
                self.key("organization", &quote(o));
            }
            self.comments(&b.date_comments);
            if let Some(label) = b
                .closing
                .date_label
                .as_ref()
                .filter(|_| matches!(b.closing.date, Some(DateValue::Date { .. })))
            {
                self.key("date_label", &quote(label));
            }
            if let Some(d) = &b.closing.date {
                match d {
                    DateValue::Date { .. } => self.key("date", &date_value(d)),
                    DateValue::Text(_) => self.s.push_str(&format!("{}\n", date_value(d))),
                }
            }
            if let Some((at, r)) = &b.closing.remark {
                self.comments(&[format!("猜测：附注取自日期后的第 {at} 段（圆括号里的一行）")]);
                self.key("remark", &quote(r));
            }
            let (preface, items) = text_and_items(&b.preface);
            let preface = join_list(preface, &items);
            self.comments(&b.comments);
            if !preface.is_empty() {
                self.key("preface", &text_value(&preface));
            }
        }
        self.sections(prefix, &b.sections);
        if let Some(s) = &b.schedule {
            self.schedule(prefix, s);
        }
        for a in &b.closing.attachments {
            self.s.push_str(&format!("\n[[{prefix}attachment]]\ntitle = {}\n", quote(a)));
        }
    }
}

/// `s` without what stands in 《》.
fn outside_book_title(s: &str) -> String {
    let mut depth = 0usize;
    s.chars()
        .filter(|&c| {
            match c {
                '《' => depth += 1,
                '》' => depth = depth.saturating_sub(1),
                _ => return depth == 0,
            }
            false
        })
        .collect()
}

/// Text and trailing points as one Markdown text (a preface has no `items`).
fn join_list(mut text: String, items: &[String]) -> String {
    for (k, i) in items.iter().enumerate() {
        text.push_str(if k == 0 && !text.is_empty() {
            "\n\n"
        } else if k > 0 {
            "\n"
        } else {
            ""
        });
        text.push_str(&format!("{}. {i}", k + 1));
    }
    text
}

/// The TOML of `doc`; `source` names the file it came from (for the header).
pub fn toml(doc: &Doc, source: &str) -> String {
    let mut o = Out {
        s: format!("# 由 wengao import 从 {source} 生成。请核对标有“猜测”的注释，然后 wengao build。\n"),
    };
    let stem = source.rsplit_once('.').map_or(source, |(s, _)| s);
    let title = if !doc.title.is_empty() {
        doc.title.join("\n")
    } else if !doc.parts.is_empty() && !stem.is_empty() {
        o.s.push_str(&format!("# 猜测：文件里有 {} 篇文稿，汇总的标题取自文件名，请改写\n", doc.parts.len()));
        stem.to_string()
    } else {
        o.s.push_str("# 猜测：文件开头没有可作标题的一行，请填写标题\n");
        "（无标题）".to_string()
    };
    if let Some(note) = &doc.title_note {
        let line: String = note.chars().map(|ch| if ch.is_control() { ' ' } else { ch }).collect();
        o.s.push_str(&format!("# {line}\n"));
    }
    o.key("title", &quote(&title));
    if let Some(s) = &doc.subtitle {
        o.key("subtitle", &quote(s));
    }
    // A plan named in 《》 by a 通知 that issues it does not make the 通知 a plan.
    let joined = outside_book_title(&doc.title.join(""));
    if doc.parts.is_empty() {
        let kind = if joined.contains("总结") {
            Some("summary")
        } else if joined.contains("计划") || joined.contains("要点") {
            Some("plan")
        } else {
            None
        };
        if let Some(k) = kind {
            o.s.push_str("# 猜测：由标题判断的文种\n");
            o.key("kind", &quote(k));
        }
    }
    o.body("", &doc.body, true);
    o.masthead(&doc.masthead);
    if let Some(i) = doc.imprint() {
        o.imprint(i);
    }
    if doc.date_is_chinese() || doc.part_prefix {
        o.s.push_str("\n[style]\n");
        if doc.date_is_chinese() {
            o.s.push_str("# 猜测：原文日期用汉字书写\n");
            o.key("date_style", &quote("chinese"));
        }
        if doc.part_prefix {
            o.s.push_str("# 猜测：原文篇名写作“篇一：标题”\n");
            o.key("part_heading", &quote("prefix"));
        }
    }
    for p in &doc.parts {
        o.s.push_str(&format!("\n[[part]]\ntitle = {}\n", quote(&p.title)));
        o.body("part.", &p.body, true);
    }
    // Parts' own keys must come before their sub-tables: body() writes them first.
    o.s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn book_titles_are_left_out_of_the_kind_guess() {
        assert_eq!(outside_book_title("关于印发《××工作计划》的通知"), "关于印发的通知");
        assert_eq!(outside_book_title("2024年工作总结"), "2024年工作总结");
    }

    #[test]
    fn strings_are_valid_toml() {
        let nasty = "引号\"反斜杠\\换行\n制表\t控制\u{1}结束\"\"\"";
        for v in [quote(nasty), text_value(nasty)] {
            let doc: toml::Table = toml::from_str(&format!("k = {v}")).unwrap();
            assert_eq!(doc["k"].as_str().unwrap(), nasty);
        }
    }

    #[test]
    fn trailing_points_are_items_and_points_between_paragraphs_a_list() {
        let blocks = vec![
            Content::Para("甲。".into()),
            Content::Item("一".into()),
            Content::Para("乙。".into()),
            Content::Item("二".into()),
            Content::Item("三".into()),
        ];
        let (text, items) = text_and_items(&blocks);
        assert_eq!(text, "甲。\n\n1. 一\n\n乙。");
        assert_eq!(items, ["二", "三"]);
    }
}
