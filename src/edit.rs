//! Edit: a TOML input file ↔ the form the browser editor shows, and the form's
//! changes saved back into the user's file with its comments, key order and
//! layout kept.
//!
//! In: the text of a `.toml` file, and the form model (JSON) the browser sends
//! back. Out: the model of a text ([`model`]: its tables and values as JSON, dates
//! and times as their TOML text, e.g. `2024-12-26`), the text with the model applied ([`apply`]: only the
//! values that differ are rewritten, through toml_edit, each keeping the comments
//! and spacing around it), the numbers wengao will print beside each heading
//! ([`numbers`]), and the diagnostics of a text by field ([`problems`]).
//!
//! A field is named by its path in the model, `/`-separated:
//! `title`, `section/0/section/2/title`, `part/1/schedule/entry/0/when`.

use crate::diagnostics::Diagnostic;
use crate::numbering::{heading_marker, part_label};
use matching::{take_out, Moves};
use serde_json::{Map, Value as Json};
use std::collections::BTreeMap;
use std::path::Path;
use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, TableLike, Value};

mod matching;

/// The model of `text`: every table as a JSON object in the file's key order,
/// arrays of tables as arrays, dates as their TOML text.
pub fn model(text: &str) -> Result<Json, String> {
    let doc: DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| e.message().to_string())?;
    Ok(table_json(doc.as_table()))
}

fn table_json(table: &dyn TableLike) -> Json {
    let mut map = Map::new();
    for (key, item) in table.iter() {
        if let Some(value) = item_json(item) {
            map.insert(key.to_string(), value);
        }
    }
    Json::Object(map)
}

fn item_json(item: &Item) -> Option<Json> {
    Some(match item {
        Item::None => return None,
        Item::Value(v) => value_json(v),
        Item::Table(t) => table_json(t),
        Item::ArrayOfTables(a) => Json::Array(a.iter().map(|t| table_json(t)).collect()),
    })
}

fn value_json(value: &Value) -> Json {
    match value {
        Value::String(s) => Json::String(s.value().clone()),
        Value::Integer(i) => Json::from(*i.value()),
        Value::Float(f) => Json::from(*f.value()),
        Value::Boolean(b) => Json::Bool(*b.value()),
        Value::Datetime(d) => Json::String(d.value().to_string()),
        Value::Array(a) => Json::Array(a.iter().map(value_json).collect()),
        Value::InlineTable(t) => table_json(t),
    }
}

/// `text` with `model` applied: keys the model lacks are removed, new keys are
/// added after the table's own, and a value is rewritten only where it differs
/// (keeping its comments and spacing). Each table of an array continues the
/// table of the file it matches ([`matching`]), wherever the model put it.
pub fn apply(text: &str, model: &Json) -> Result<String, String> {
    let mut doc: DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| e.message().to_string())?;
    let Json::Object(map) = model else { return Err("the document must be a table".into()) };
    let mut moves = Moves::new(&table_json(doc.as_table()), model);
    // Everything the model has elsewhere or not at all is taken out first, so
    // that a table is there to be put back wherever the model has it.
    take_out(doc.as_table_mut(), map, "", &mut moves);
    apply_table(doc.as_table_mut(), map, "", &mut moves, false);
    Ok(doc.to_string())
}

/// `path/key`, or `key` at the top.
fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}/{key}")
    }
}

/// `table` (at `path` in the model) made to hold `map`. In an inline table
/// (`inline`), what is new is written inline too.
fn apply_table(
    table: &mut dyn TableLike,
    map: &Map<String, Json>,
    path: &str,
    moves: &mut Moves,
    inline: bool,
) {
    let gone: Vec<String> =
        table.iter().map(|(k, _)| k.to_string()).filter(|k| !map.contains_key(k)).collect();
    for key in gone {
        table.remove(&key);
    }
    for (key, json) in map {
        let at = join(path, key);
        match table.get_mut(key) {
            Some(item) => apply_item(item, json, key, &at, moves, inline),
            None => {
                let new = if inline {
                    new_value(json, key).map(Item::Value)
                } else {
                    new_item(json, key, &at, moves)
                };
                if let Some(item) = new {
                    table.insert(key, item);
                }
            }
        }
    }
}

fn apply_item(item: &mut Item, json: &Json, key: &str, path: &str, moves: &mut Moves, inline: bool) {
    if item.is_array_of_tables() && json.as_array().is_some_and(Vec::is_empty) {
        // The last month or 篇 deleted: an empty array, as the model has it.
        *item = Item::Value(Value::Array(toml_edit::Array::new()));
        return;
    }
    match (item.as_array_of_tables_mut(), json) {
        (Some(tables), Json::Array(list)) if list.iter().all(Json::is_object) => {
            return apply_tables(tables, list, path, moves);
        }
        _ => {}
    }
    let in_inline = inline || item.is_inline_table();
    if let (Some(table), Json::Object(map)) = (item.as_table_like_mut(), json) {
        return apply_table(table, map, path, moves, in_inline);
    }
    if let (Some(array), Json::Array(list)) = (item.as_array_mut(), json) {
        return apply_array(array, list, key);
    }
    if let (Some(value), false) = (item.as_value_mut(), json.is_object() || json.is_array()) {
        if !same(value, json) {
            let decor = value.decor().clone();
            if let Some(mut new) = new_value(json, key) {
                *new.decor_mut() = decor;
                *value = new;
            }
        }
        return;
    }
    let new = if inline { new_value(json, key).map(Item::Value) } else { new_item(json, key, path, moves) };
    if let Some(new) = new {
        *item = new;
    }
}

/// The tables of an array (at `path`): each model entry continues the table
/// [`matching::take_out`] kept for it, or one put back from elsewhere, or a new one.
fn apply_tables(tables: &mut ArrayOfTables, list: &[Json], path: &str, moves: &mut Moves) {
    let plan = moves.plan(path);
    let kept: Vec<Table> = std::mem::take(tables).into_iter().collect();
    // Tables put before the first kept one are written just before it (toml_edit
    // would put a table without a position after the one visited before it,
    // which can be another array's, elsewhere in the file).
    let mut leading = kept.first().and_then(Table::position);
    let mut kept = kept.into_iter();
    for (j, json) in list.iter().enumerate() {
        let Json::Object(map) = json else { continue };
        let at = format!("{path}/{j}");
        let continued = if plan.get(j).copied().unwrap_or(false) { kept.next() } else { None };
        let mut table = match continued {
            Some(table) => {
                leading = None;
                table
            }
            None => {
                let mut table = moves.table_for(json, &at);
                if leading.is_some() {
                    table.set_position(leading);
                }
                table
            }
        };
        apply_table(&mut table, map, &at, moves, false);
        tables.push(table);
    }
}

/// Values of an array matched by index (inline tables key by key); a new value
/// takes the spacing of the last.
fn apply_array(array: &mut toml_edit::Array, list: &[Json], key: &str) {
    let old: Vec<Json> = array.iter().map(value_json).collect();
    for i in deleted(&old, list).into_iter().rev() {
        array.remove(i);
    }
    for (i, json) in list.iter().enumerate() {
        if let Some(value) = array.get_mut(i) {
            if let (Value::InlineTable(table), Json::Object(map)) = (&mut *value, json) {
                apply_table(table, map, "", &mut Moves::default(), true);
            } else if !same(value, json) {
                let decor = value.decor().clone();
                if let Some(mut new) = new_value(json, key) {
                    *new.decor_mut() = decor;
                    *value = new;
                }
            }
        } else if let Some(mut new) = new_value(json, key) {
            // The first value of a one-line array has no space before it.
            let multiline =
                |d: &toml_edit::Decor| d.prefix().and_then(|p| p.as_str()).is_some_and(|p| p.contains('\n'));
            let decor = match array.iter().last() {
                Some(last) if array.len() > 1 || multiline(last.decor()) => last.decor().clone(),
                _ => toml_edit::Decor::new(if array.is_empty() { "" } else { " " }, ""),
            };
            *new.decor_mut() = decor;
            array.push_formatted(new);
        }
    }
}

/// The indices of `old` to remove before matching by index: when `new` is `old`
/// with some values taken out (a deleted item), those; else the ones past the
/// end of `new`.
fn deleted(old: &[Json], new: &[Json]) -> Vec<usize> {
    if old.len() <= new.len() {
        return Vec::new();
    }
    let mut gone = Vec::with_capacity(old.len() - new.len());
    let mut next = new.iter().peekable();
    for (i, entry) in old.iter().enumerate() {
        if next.peek().is_some_and(|n| *n == entry) {
            next.next();
        } else {
            gone.push(i);
        }
    }
    if next.peek().is_none() && gone.len() == old.len() - new.len() {
        gone
    } else {
        (new.len()..old.len()).collect()
    }
}

fn same(value: &Value, json: &Json) -> bool {
    value_json(value) == *json
}

/// A new TOML item for `json` (at `path`); objects in arrays become
/// `[[tables]]`, each one put back from elsewhere when it was moved.
fn new_item(json: &Json, key: &str, path: &str, moves: &mut Moves) -> Option<Item> {
    match json {
        Json::Object(map) => {
            let mut table = moves.table_for(json, path);
            apply_table(&mut table, map, path, moves, false);
            Some(Item::Table(table))
        }
        Json::Array(list) if !list.is_empty() && list.iter().all(Json::is_object) => {
            let mut tables = ArrayOfTables::new();
            apply_tables(&mut tables, list, path, moves);
            Some(Item::ArrayOfTables(tables))
        }
        _ => new_value(json, key).map(Item::Value),
    }
}

/// A TOML value for `json`. A string under a key named `date` (or the 版记's
/// `printed_on`) that reads as a TOML date is written as one.
fn new_value(json: &Json, key: &str) -> Option<Value> {
    Some(match json {
        Json::Null => return None,
        Json::Bool(b) => Value::from(*b),
        Json::Number(n) => match n.as_i64() {
            Some(i) => Value::from(i),
            None => Value::from(n.as_f64()?),
        },
        Json::String(s) => match (key, s.parse::<toml_edit::Datetime>()) {
            ("date" | "printed_on", Ok(date)) => Value::from(date),
            _ => Value::from(s.as_str()),
        },
        Json::Array(list) => {
            let mut array = toml_edit::Array::new();
            for json in list {
                array.push_formatted(new_value(json, key)?.decorated(" ", ""));
            }
            if let Some(first) = array.get_mut(0) {
                first.decor_mut().set_prefix("");
            }
            Value::Array(array)
        }
        Json::Object(map) => {
            let mut table = toml_edit::InlineTable::new();
            apply_table(&mut table, map, "", &mut Moves::default(), true);
            Value::InlineTable(table)
        }
    })
}

/// The heading numbers wengao prints, by the path of the heading's table:
/// `section/0` → `一、`, `section/0/section/1` → `（二）`, `part/2` → `篇三`.
pub fn numbers(model: &Json) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    sections(model, "", 1, &mut out);
    if let Some(parts) = model.get("part").and_then(Json::as_array) {
        for (i, part) in parts.iter().enumerate() {
            let path = format!("part/{i}");
            out.insert(path.clone(), part_label(i as u32 + 1));
            sections(part, &format!("{path}/"), 1, &mut out);
        }
    }
    out
}

fn sections(table: &Json, prefix: &str, level: u8, out: &mut BTreeMap<String, String>) {
    let Some(list) = table.get("section").and_then(Json::as_array) else { return };
    for (i, section) in list.iter().enumerate() {
        let path = format!("{prefix}section/{i}");
        out.insert(path.clone(), heading_marker(i as u32 + 1, level));
        sections(section, &format!("{path}/"), level + 1, out);
    }
}

/// A diagnostic of the file, with the field it points into (empty when it
/// points at no field, or at none).
#[derive(Debug, serde::Serialize)]
pub struct FieldProblem {
    pub field: String,
    pub error: bool,
    /// The CLI's message and its help, as `wengao check` prints them.
    pub message: String,
    pub help: Option<String>,
    pub line: usize,
    pub column: usize,
}

/// Every error and warning of `text` (as `path`), each with its field.
pub fn problems(path: &Path, text: &str) -> Vec<FieldProblem> {
    let diagnostics = match crate::input::parse(path, text.as_bytes()) {
        Ok(loaded) => loaded.warnings,
        Err(report) => report.diagnostics,
    };
    let spans = Document::parse(text).map(|doc| field_spans(doc.as_table(), "")).unwrap_or_default();
    diagnostics.iter().map(|d| field_problem(d, &spans)).collect()
}

type Document<'a> = toml_edit::Document<&'a str>;

fn field_problem(d: &Diagnostic, spans: &[(String, std::ops::Range<usize>)]) -> FieldProblem {
    let (line, column) = d.location.as_ref().map_or((0, 0), |l| (l.line, l.column));
    let field = d
        .location
        .as_ref()
        .and_then(|l| {
            let at = l.offset;
            spans.iter().filter(|(_, r)| r.contains(&at)).min_by_key(|(_, r)| r.len()).map(|(f, _)| f.clone())
        })
        .unwrap_or_default();
    FieldProblem {
        field,
        error: d.is_error(),
        message: d.message.clone(),
        help: d.help.clone(),
        line,
        column,
    }
}

/// Every key–value pair and table of `table` with the byte range it covers.
fn field_spans(table: &dyn TableLike, prefix: &str) -> Vec<(String, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    for (key, item) in table.iter() {
        let path = format!("{prefix}{key}");
        let key_span = table.key(key).and_then(|k| k.span());
        let span = match (key_span, item.span()) {
            (Some(k), Some(v)) => Some(k.start.min(v.start)..k.end.max(v.end)),
            (k, v) => k.or(v),
        };
        if let Some(span) = span {
            out.push((path.clone(), span));
        }
        match item {
            Item::Table(t) => out.extend(field_spans(t, &format!("{path}/"))),
            Item::Value(Value::InlineTable(t)) => out.extend(field_spans(t, &format!("{path}/"))),
            Item::Value(Value::Array(a)) => {
                for (i, v) in a.iter().enumerate() {
                    if let Some(span) = v.span() {
                        out.push((format!("{path}/{i}"), span));
                    }
                }
            }
            Item::ArrayOfTables(a) => {
                for (i, t) in a.iter().enumerate() {
                    if let Some(span) = t.span() {
                        out.push((format!("{path}/{i}"), span));
                    }
                    out.extend(field_spans(t, &format!("{path}/{i}/")));
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests;
