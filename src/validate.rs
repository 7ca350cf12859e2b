//! Validate: TOML text → every problem in it at once, before typed reading.
//!
//! In: the text of an input file. Out: diagnostics for all syntax errors (toml's
//! recovering parser) and, when the syntax is sound, for every key the input
//! format does not know (with "did you mean"), every value of the wrong type or
//! with a value not in the allowed list, and every missing required key — each
//! pointing at its own line. The input format is the JSON Schema generated from the
//! Rust types ([`crate::input::json_schema`]), so this check and serde can never
//! disagree about which keys exist. serde reports only the first problem; this
//! walk is what lets `wengao check` list them all.

use crate::diagnostics::{did_you_mean, Diagnostic};
use serde_json::Value as Schema;
use std::ops::Range;
use std::path::Path;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// A JSON Schema (draft-07, as schemars writes it) parsed once: the input
/// format's or the settings file's.
pub(crate) struct Contract {
    schema: Schema,
}

impl Contract {
    /// The contract of a JSON Schema text (an unreadable one checks nothing).
    pub(crate) fn new(json: &str) -> Contract {
        Contract { schema: serde_json::from_str(json).unwrap_or(Schema::Null) }
    }
}

/// Every problem of `source` against `contract`; empty when it is well-formed.
pub(crate) fn problems(path: &Path, source: &str, contract: &Contract) -> Vec<Diagnostic> {
    let (table, syntax) = DeTable::parse_recoverable(source);
    if !syntax.is_empty() {
        return syntax.iter().map(|e| toml_error(path, source, e)).collect();
    }
    let mut walk = Walk { path, source, root: &contract.schema, out: Vec::new() };
    let span = table.span();
    walk.table(table.get_ref(), &contract.schema, span, "");
    // In the order of the file (the table's keys come sorted by name).
    walk.out.sort_by_key(|d| d.location.as_ref().map(|l| (l.line, l.column)));
    walk.out
}

struct Walk<'a> {
    path: &'a Path,
    source: &'a str,
    /// The whole schema, where `$ref`s point.
    root: &'a Schema,
    out: Vec<Diagnostic>,
}

/// The schema `node` points at within `root`, following `$ref` and skipping `null` alternatives.
fn resolve<'s>(root: &'s Schema, node: &'s Schema) -> &'s Schema {
    if let Some(r) = node.get("$ref").and_then(Schema::as_str) {
        let name = r.rsplit('/').next().unwrap_or_default();
        return root.get("definitions").and_then(|d| d.get(name)).map_or(node, |n| resolve(root, n));
    }
    if let Some(first) = node.get("allOf").and_then(Schema::as_array).and_then(|a| a.first()) {
        return resolve(root, first);
    }
    if let Some(alts) = node.get("anyOf").and_then(Schema::as_array) {
        if let Some(real) = alts.iter().find(|a| a.get("type").and_then(Schema::as_str) != Some("null")) {
            return resolve(root, real);
        }
    }
    node
}

/// The JSON types a schema node accepts (`null` left out: TOML has no null).
fn types(node: &Schema) -> Vec<&str> {
    match node.get("type") {
        Some(Schema::String(t)) => vec![t.as_str()],
        Some(Schema::Array(list)) => {
            list.iter().filter_map(Schema::as_str).filter(|t| *t != "null").collect()
        }
        _ => Vec::new(),
    }
}

fn value_kind(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a number",
        DeValue::Boolean(_) => "true/false",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}

impl Walk<'_> {
    fn push(&mut self, message: String, span: Range<usize>, help: String) {
        self.out.push(Diagnostic::error(message).at(self.path, self.source, span).with_help(help));
    }

    fn table(&mut self, table: &DeTable<'_>, node: &Schema, span: Range<usize>, name: &str) {
        let node = resolve(self.root, node);
        let Some(props) = node.get("properties").and_then(Schema::as_object) else { return };
        let allowed: Vec<&str> = props.keys().map(String::as_str).collect();
        for (key, value) in table.iter() {
            match props.get(key.get_ref().as_ref()) {
                Some(child) => self.value(value, child, key.get_ref()),
                None => {
                    let help = match did_you_mean(key.get_ref(), &allowed) {
                        Some(s) => format!("did you mean `{s}`? (keys here: {})", allowed.join(", ")),
                        None => format!("the keys allowed here are: {}", allowed.join(", ")),
                    };
                    self.push(format!("unknown key `{}`", key.get_ref()), key.span(), help);
                }
            }
        }
        for required in node.get("required").and_then(Schema::as_array).into_iter().flatten() {
            let Some(required) = required.as_str() else { continue };
            if !table.iter().any(|(k, _)| k.get_ref() == required) {
                let help = if required == "title" && name.is_empty() {
                    "add a line such as `title = \"2024年××小学工会工作计划\"`".to_string()
                } else if required == "title" {
                    format!(
                        "add `title = \"…\"` under this [[{name}]] (a heading is written without its number)"
                    )
                } else {
                    format!("add `{required} = …` to this table")
                };
                let at = if name.is_empty() { 0..0 } else { span.clone() };
                let within = if name.is_empty() { String::new() } else { format!(" in [{name}]") };
                self.push(format!("the required key `{required}` is missing{within}"), at, help);
            }
        }
    }

    fn value(&mut self, value: &Spanned<DeValue<'_>>, node: &Schema, key: &str) {
        let node = resolve(self.root, node);
        let span = value.span();
        let v = value.get_ref();
        if let Some(choices) = node.get("oneOf").and_then(Schema::as_array) {
            let allowed: Vec<&str> = choices.iter().filter_map(|c| c.get("const")?.as_str()).collect();
            match v {
                DeValue::String(s) if allowed.contains(&s.as_ref()) => {}
                _ => self.push(
                    format!("`{key}` cannot be {}", self.source.get(span.clone()).unwrap_or("this")),
                    span,
                    format!(
                        "use one of: {}",
                        allowed.iter().map(|a| format!("\"{a}\"")).collect::<Vec<_>>().join(", ")
                    ),
                ),
            }
            return;
        }
        let wants = types(node);
        let is_date = node.get("format").and_then(Schema::as_str) == Some("date");
        let ok = match v {
            DeValue::String(_) => wants.contains(&"string") && !is_date,
            DeValue::Integer(_) => wants.contains(&"integer") || wants.contains(&"number"),
            DeValue::Float(_) => wants.contains(&"number"),
            DeValue::Boolean(_) => wants.contains(&"boolean"),
            DeValue::Datetime(_) => is_date,
            DeValue::Array(_) => wants.contains(&"array"),
            DeValue::Table(_) => wants.contains(&"object"),
        };
        if let (false, true, DeValue::String(text)) = (ok, is_date, v) {
            // A date in quotes that is no calendar day (what the editor saves when
            // a date cannot be written as one) gets the bare date's wording.
            if let Err(e) = text.parse::<toml::value::Datetime>() {
                if text.len() == 10 && text.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
                    let why = e.to_string();
                    let why = why.split_once(", ").map_or(why.as_str(), |(_, w)| w).to_string();
                    let help = "write a real calendar day as YYYY-MM-DD, e.g. `date = 2023-12-28`";
                    self.push(format!("`{text}` is not a valid date: {why}"), span, help.to_string());
                    return;
                }
            }
        }
        if !ok {
            let (expected, help) = if is_date {
                ("a date", "write the date without quotes, e.g. `date = 2023-12-28`".to_string())
            } else if wants.contains(&"array")
                && node.get("items").is_some_and(|i| types(resolve(self.root, i)).contains(&"object"))
            {
                let first = node
                    .get("items")
                    .map(|i| resolve(self.root, i))
                    .and_then(|i| i.get("required")?.get(0)?.as_str())
                    .unwrap_or("title");
                (
                    "a list of tables",
                    format!(
                        "write each entry as a table: a line `[[{key}]]`, then `{first} = \"…\"` under it"
                    ),
                )
            } else if wants.contains(&"array") {
                (
                    "a list [ … ]",
                    format!("write a list in square brackets, e.g. `{key} = [\"第一点\", \"第二点\"]`"),
                )
            } else if wants.contains(&"object") {
                ("a table", format!("write it as a table: a line `[{key}]` followed by its keys"))
            } else if wants.contains(&"boolean") {
                ("true or false", format!("write `{key} = true` or `{key} = false`"))
            } else {
                let snippet =
                    self.source.get(span.clone()).unwrap_or_default().trim().trim_matches('"').to_string();
                ("a string", format!("put the value in double quotes, e.g. \"{snippet}\""))
            };
            self.push(format!("wrong type: `{key}` is {}, expected {expected}", value_kind(v)), span, help);
            return;
        }
        match v {
            DeValue::Table(t) => self.table(t, node, span, key),
            DeValue::Array(items) => {
                let count = items.len() as u64;
                let min = node.get("minItems").and_then(Schema::as_u64);
                let max = node.get("maxItems").and_then(Schema::as_u64);
                if min.is_some_and(|m| count < m) || max.is_some_and(|m| count > m) {
                    let n = min.or(max).unwrap_or(0);
                    self.push(
                        format!("`{key}` has {count} entries; it takes exactly {n}"),
                        span.clone(),
                        format!("write {n} values, e.g. `{key} = [\"月份\", \"工作要点\"]`"),
                    );
                }
                if let Some(item) = node.get("items") {
                    for element in items.iter() {
                        self.value(element, item, key);
                    }
                }
            }
            _ => {}
        }
    }
}

const DOCUMENT_KEYS: &[&str] = &[
    "title",
    "subtitle",
    "kind",
    "organization",
    "date",
    "preface",
    "section",
    "schedule",
    "attachment",
    "part",
    "style",
];

/// Turns a toml/serde error into a diagnostic with a hint.
pub(crate) fn toml_error(path: &Path, source: &str, e: &toml::de::Error) -> Diagnostic {
    let raw = e.message().trim().to_string();
    let range = e.span().unwrap_or(0..0);
    let (message, help) = explain(&raw, &source[range.clone()]);
    let d = Diagnostic::error(message).at(path, source, range);
    match help {
        Some(h) => d.with_help(h),
        None => d,
    }
}

/// Rewrites serde's wording into what a user can act on.
fn explain(raw: &str, snippet: &str) -> (String, Option<String>) {
    if let Some(rest) = raw.strip_prefix("unknown field `") {
        let key = rest.split('`').next().unwrap_or_default();
        let expected: Vec<&str> = rest
            .split_once("expected")
            .map(|(_, list)| list.split('`').skip(1).step_by(2).collect())
            .unwrap_or_default();
        let expected = if expected.is_empty() { DOCUMENT_KEYS.to_vec() } else { expected };
        let help = match did_you_mean(key, &expected) {
            Some(s) => format!("did you mean `{s}`? (keys here: {})", expected.join(", ")),
            None => format!("the keys allowed here are: {}", expected.join(", ")),
        };
        return (format!("unknown key `{key}`"), Some(help));
    }
    if let Some(rest) = raw.strip_prefix("missing field `") {
        let key = rest.split('`').next().unwrap_or_default();
        let help = match key {
            "title" => "add a line such as `title = \"2024年××小学工会工作计划\"`".to_string(),
            _ => format!("add `{key} = …` to this table"),
        };
        return (format!("the required key `{key}` is missing"), Some(help));
    }
    if raw.starts_with("invalid type") {
        let help = if raw.contains("datetime") {
            "write the date without quotes, e.g. `date = 2023-12-28`".to_string()
        } else if raw.contains("expected a sequence") {
            "write a list in square brackets, e.g. `items = [\"第一点\", \"第二点\"]`".to_string()
        } else if raw.contains("expected a string") {
            format!("put the value in double quotes, e.g. \"{}\"", snippet.trim().trim_matches('"'))
        } else {
            "check the value's type: docs/input-format.md lists every key with its type (`wengao schema` prints them too)".to_string()
        };
        let message = raw
            .replace("invalid type: ", "wrong type: ")
            .replace("expected a sequence", "expected a list [ … ]")
            .replace("expected a TOML datetime", "expected a date");
        return (message, Some(help));
    }
    if raw.contains("invalid date") || raw.contains("invalid datetime") {
        let value = snippet.trim();
        let why = raw.split_once(", ").map_or(raw, |(_, why)| why);
        let message = if value.is_empty() || value.contains('\n') {
            raw.to_string()
        } else {
            format!("`{value}` is not a valid date: {why}")
        };
        return (message, Some("write a real calendar day as YYYY-MM-DD, e.g. `date = 2023-12-28`".into()));
    }
    if raw.starts_with("unknown variant") {
        return (raw.to_string(), Some("use one of the values listed".into()));
    }
    if raw.contains("duplicate key") {
        let key = snippet.trim();
        let message = if key.is_empty() || key.contains('\n') {
            raw.to_string()
        } else {
            format!("the key `{key}` is set a second time here")
        };
        return (message, Some("each key may appear once per table; remove or rename one".into()));
    }
    if raw.contains("invalid basic string") || raw.contains("invalid literal string") {
        return (
            "TOML syntax error: this text has no closing quote".to_string(),
            Some("end the text with a quote on the same line; text over several lines goes in triple quotes \"\"\" … \"\"\"".into()),
        );
    }
    if raw.contains("expected newline") {
        return (
            "TOML syntax error: more text follows the value on the same line".to_string(),
            Some("put each `key = value` on a line of its own (or start a comment with `#`)".into()),
        );
    }
    let help = if raw.contains("string") || raw.contains("quote") {
        "text values go in double quotes; long text in triple quotes \"\"\" … \"\"\""
    } else {
        "this is not valid TOML here; compare with the starter `wengao new FILE` writes, or with docs/input-format.md (`wengao schema` prints every key)"
    };
    (format!("TOML syntax error: {raw}"), Some(help.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(src: &str) -> Vec<String> {
        let contract = Contract::new(&crate::input::json_schema());
        problems(Path::new("t.toml"), src, &contract).iter().map(|d| d.to_string()).collect()
    }

    #[test]
    fn every_problem_is_reported_with_its_own_line() {
        let src = "titel = \"计划\"\nsubtitle = 5\n[[section]]\ntitle = \"甲\"\ntexts = \"x\"\nitems = \"一\"\n[style]\ndate_style = \"roman\"\n";
        let all = messages(src);
        assert_eq!(all.len(), 6, "{all:#?}");
        let joined = all.join("\n");
        for want in [
            "unknown key `titel`",
            "t.toml:1:1",
            "wrong type: `subtitle` is an integer, expected a string",
            "t.toml:2:12",
            "unknown key `texts`",
            "did you mean `text`?",
            "t.toml:5:1",
            "`items` is a string, expected a list",
            "`date_style` cannot be \"roman\"",
            "the required key `title` is missing",
        ] {
            assert!(joined.contains(want), "missing {want:?} in\n{joined}");
        }
    }

    #[test]
    fn a_good_document_has_no_problems() {
        let src = "title = \"计划\"\ndate = 2023-12-28\n[[section]]\ntitle = \"甲\"\nitems = [\"一\"]\n[schedule]\ncolumns = [\"月份\", \"工作要点\"]\n[[schedule.entry]]\nwhen = \"二月\"\n";
        assert!(messages(src).is_empty(), "{:?}", messages(src));
    }

    #[test]
    fn several_syntax_errors_are_all_reported() {
        let all = messages("title = \"a\nx = = 1\ny = [1,\n");
        assert!(all.len() >= 2, "{all:#?}");
    }
}
