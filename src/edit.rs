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
use matching::{align, deleted, renumber, reorder, take_out, Entries, Moves};
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
/// (keeping its comments and spacing).
pub fn apply(text: &str, model: &Json) -> Result<String, String> {
    let mut doc: DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| e.message().to_string())?;
    let Json::Object(map) = model else { return Err("the document must be a table".into()) };
    let mut moves = Moves { reshaped: reorder(doc.as_table_mut(), map), ..Moves::default() };
    moves.old_entries = Entries::of(&table_json(doc.as_table()));
    moves.new_entries = Entries::of(model);
    // Everything the model has elsewhere or not at all is taken out first, so
    // that a table is there to be put back wherever the model has it.
    take_out(doc.as_table_mut(), map, &mut moves);
    apply_table(doc.as_table_mut(), map, None, &mut moves);
    if moves.reshaped {
        // The file is written in the order of the tables' positions: after a move,
        // that is the order of the model.
        let mut next = doc.as_table().position().unwrap_or(0) + 1;
        renumber(doc.as_table_mut(), &mut next);
    }
    Ok(doc.to_string())
}

fn apply_table(
    table: &mut dyn TableLike,
    map: &Map<String, Json>,
    position: Option<isize>,
    moves: &mut Moves,
) {
    let gone: Vec<String> =
        table.iter().map(|(k, _)| k.to_string()).filter(|k| !map.contains_key(k)).collect();
    for key in gone {
        // A whole array of tables gone (the last subsection outdented): its
        // tables may be put back elsewhere.
        if let Some(Item::ArrayOfTables(tables)) = table.remove(&key) {
            moves.taken.extend(tables.into_iter().map(|t| (table_json(&t), t)));
        }
    }
    for (key, json) in map {
        match table.get_mut(key) {
            Some(item) => apply_item(item, json, key, position, moves),
            None => {
                if let Some(item) = new_item(json, key, position, moves) {
                    table.insert(key, item);
                }
            }
        }
    }
}

fn apply_item(item: &mut Item, json: &Json, key: &str, position: Option<isize>, moves: &mut Moves) {
    match (item.as_array_of_tables_mut(), json) {
        (Some(tables), Json::Array(list)) if list.iter().all(Json::is_object) => {
            return apply_tables(tables, list, moves);
        }
        _ => {}
    }
    // New children of an existing table go after its last subtable.
    let position = item.as_table().map_or(position, last_position);
    if let (Some(table), Json::Object(map)) = (item.as_table_like_mut(), json) {
        return apply_table(table, map, position, moves);
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
    if let Some(new) = new_item(json, key, position, moves) {
        *item = new;
    }
}

/// Tables of an array, each matched to the old table it continues ([`align`]):
/// a table keeps its comments and subtables wherever the page put it, and one
/// added in the middle does not shift the others' values. Tables the model no
/// longer has here are taken out (an indent or outdent puts them back elsewhere).
fn apply_tables(tables: &mut ArrayOfTables, list: &[Json], moves: &mut Moves) {
    let old: Vec<Json> = tables.iter().map(|t| table_json(t)).collect();
    let pairs = align(&old, list, moves);
    let last = tables.iter().last().and_then(last_position);
    // Only edited, or new ones after the last: the tables stay where they are.
    if pairs.len() >= old.len()
        && pairs.iter().enumerate().all(|(j, p)| *p == Some(j) || (p.is_none() && j >= old.len()))
    {
        for (j, json) in list.iter().enumerate() {
            let Json::Object(map) = json else { continue };
            if j >= tables.len() {
                let table = moves.table_for(json, last);
                tables.push(table);
            }
            let table = tables.get_mut(j).expect("pushed above");
            let at = last_position(table);
            apply_table(table, map, at, moves);
        }
        return;
    }
    moves.reshaped = true;
    let mut old_tables: Vec<Option<Table>> = tables.iter().cloned().map(Some).collect();
    tables.clear();
    for (i, json) in old.into_iter().enumerate() {
        if !pairs.contains(&Some(i)) {
            moves.taken.push((json, old_tables[i].take().expect("each old table once")));
        }
    }
    for (json, pair) in list.iter().zip(&pairs) {
        let Json::Object(map) = json else { continue };
        let mut table = match pair {
            Some(i) => old_tables[*i].take().expect("each old table once"),
            None => moves.table_for(json, last),
        };
        let at = last_position(&table);
        apply_table(&mut table, map, at, moves);
        tables.push(table);
    }
}

/// The position of the last table written inside `table` (its subtables come
/// after it in the file), so that a new sibling goes after all of them.
fn last_position(table: &Table) -> Option<isize> {
    let mut last = table.position();
    for (_, item) in table.iter() {
        let inner = match item {
            Item::Table(t) => last_position(t),
            Item::ArrayOfTables(a) => a.iter().filter_map(last_position).max(),
            _ => None,
        };
        last = last.max(inner);
    }
    last
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
                apply_table(table, map, None, &mut Moves::default());
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

fn same(value: &Value, json: &Json) -> bool {
    value_json(value) == *json
}

/// A new TOML item for `json`; objects in arrays become `[[tables]]`.
fn new_item(json: &Json, key: &str, position: Option<isize>, moves: &mut Moves) -> Option<Item> {
    match json {
        Json::Object(map) => {
            let mut table = Table::new();
            table.set_position(position);
            apply_table(&mut table, map, position, moves);
            Some(Item::Table(table))
        }
        Json::Array(list) if !list.is_empty() && list.iter().all(Json::is_object) => {
            let mut tables = ArrayOfTables::new();
            for json in list {
                let Json::Object(map) = json else { continue };
                let mut table = moves.table_for(json, position);
                apply_table(&mut table, map, position, moves);
                tables.push(table);
            }
            Some(Item::ArrayOfTables(tables))
        }
        _ => new_value(json, key).map(Item::Value),
    }
}

/// A TOML value for `json`. A string under a key named `date` that reads as a
/// TOML date is written as one.
fn new_value(json: &Json, key: &str) -> Option<Value> {
    Some(match json {
        Json::Null => return None,
        Json::Bool(b) => Value::from(*b),
        Json::Number(n) => match n.as_i64() {
            Some(i) => Value::from(i),
            None => Value::from(n.as_f64()?),
        },
        Json::String(s) => match (key, s.parse::<toml_edit::Datetime>()) {
            ("date", Ok(date)) => Value::from(date),
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
            apply_table(&mut table, map, None, &mut Moves::default());
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
    diagnostics.iter().map(|d| field_problem(d, text, &spans)).collect()
}

type Document<'a> = toml_edit::Document<&'a str>;

fn field_problem(d: &Diagnostic, text: &str, spans: &[(String, std::ops::Range<usize>)]) -> FieldProblem {
    let (line, column) = d.location.as_ref().map_or((0, 0), |l| (l.line, l.column));
    let offset = offset_of(text, line, column);
    let field = offset
        .and_then(|at| {
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

/// The byte offset of a 1-based line and character column.
fn offset_of(text: &str, line: usize, column: usize) -> Option<usize> {
    let start: usize = text.split_inclusive('\n').take(line.checked_sub(1)?).map(str::len).sum();
    let rest = text.get(start..)?;
    let within = rest.char_indices().nth(column.saturating_sub(1)).map_or(rest.len(), |(i, _)| i);
    Some(start + within)
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
