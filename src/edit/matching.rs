//! Matching: which table of the file each table of the model continues, so that
//! a table keeps its comments and subtables wherever the page put it.
//!
//! In: the arrays of tables of the user's file (toml_edit) and of the model the
//! page sent (JSON). Out: for each model entry the old table it continues
//! ([`align`]: the same entry, the same title, or an edit in place), the tables
//! taken out of one array to be put back in another (an indent or outdent:
//! [`Moves`]), the arrays put in the model's order (the page's ↑ ↓: [`reorder`]),
//! and positions renumbered in document order after a move ([`renumber`]).

use super::table_json;
use serde_json::{Map, Value as Json};
use std::collections::{HashMap, HashSet};
use toml_edit::{Item, Table, TableLike};

/// Puts the tables of every array in the model's order when the model moved them
/// (the page's ↑ ↓): each table goes with its comments. True when any moved.
pub(super) fn reorder(table: &mut Table, map: &Map<String, Json>) -> bool {
    let mut moved = false;
    for (key, item) in table.iter_mut() {
        let Some(json) = map.get(key.get()) else { continue };
        match (item, json) {
            (Item::Table(t), Json::Object(m)) => moved |= reorder(t, m),
            (Item::ArrayOfTables(tables), Json::Array(list)) => {
                let old: Vec<Json> = tables.iter().map(|t| table_json(t)).collect();
                if let Some(order) = permutation(&old, list) {
                    let taken: Vec<Table> = tables.iter().cloned().collect();
                    tables.clear();
                    for i in order {
                        tables.push(taken[i].clone());
                    }
                    moved = true;
                }
                for (t, json) in tables.iter_mut().zip(list) {
                    if let Json::Object(m) = json {
                        moved |= reorder(t, m);
                    }
                }
            }
            _ => {}
        }
    }
    moved
}

/// For each entry of `new`, the index in `old` of the same entry (equal, or the
/// same title), when `new` is `old` in another order; `None` when it is not, or
/// when nothing moved.
fn permutation(old: &[Json], new: &[Json]) -> Option<Vec<usize>> {
    if old.len() != new.len() || old == new {
        return None;
    }
    let mut used = vec![false; old.len()];
    let mut order: Vec<Option<usize>> = Vec::with_capacity(new.len());
    for entry in new {
        let find = |same: &dyn Fn(&Json) -> bool| (0..old.len()).find(|&i| !used[i] && same(&old[i]));
        let i = find(&|o| o == entry).or_else(|| find(&|o| same_title(o, entry)));
        if let Some(i) = i {
            used[i] = true;
        }
        order.push(i);
    }
    // What is left over (edited as well as moved) pairs up in order.
    let mut left = (0..old.len()).filter(|&i| !used[i]);
    let order: Vec<usize> = order.into_iter().map(|i| i.or_else(|| left.next())).collect::<Option<_>>()?;
    (order.iter().enumerate().any(|(j, &i)| i != j)).then_some(order)
}

fn same_title(a: &Json, b: &Json) -> bool {
    a.get("title").is_some_and(|t| b.get("title") == Some(t))
}

/// Gives every table a position in document order (a table before its own).
pub(super) fn renumber(table: &mut Table, next: &mut isize) {
    for (_, item) in table.iter_mut() {
        let tables: Vec<&mut Table> = match item {
            Item::Table(t) => vec![t],
            Item::ArrayOfTables(a) => a.iter_mut().collect(),
            _ => continue,
        };
        for t in tables {
            t.set_position(Some(*next));
            *next += 1;
            renumber(t, next);
        }
    }
}

/// What one [`super::apply`] carries through the tree: the tables taken out of an array
/// (a deletion, or the first half of an indent or outdent: a table the model has
/// elsewhere is put back there, comments and subtables along), and whether an
/// array of tables changed shape (then every table's position is renumbered).
#[derive(Default)]
pub(super) struct Moves {
    pub(super) taken: Vec<(Json, Table)>,
    pub(super) reshaped: bool,
    /// The tables of arrays in the file and in the model.
    pub(super) old_entries: Entries,
    pub(super) new_entries: Entries,
}

/// Every table of an array of tables in a document: as JSON text, and how many
/// have each title. An entry the other side has unchanged, or whose title it has
/// at least as often, was moved (not edited into another).
#[derive(Default)]
pub(super) struct Entries {
    json: HashSet<String>,
    titles: HashMap<String, usize>,
}

impl Entries {
    pub(super) fn of(json: &Json) -> Entries {
        let mut entries = Entries::default();
        entries.add(json);
        entries
    }

    fn add(&mut self, json: &Json) {
        match json {
            Json::Object(map) => map.values().for_each(|v| self.add(v)),
            Json::Array(list) if list.iter().all(Json::is_object) => {
                for entry in list {
                    self.json.insert(entry.to_string());
                    if let Some(Json::String(title)) = entry.get("title") {
                        *self.titles.entry(title.clone()).or_default() += 1;
                    }
                    self.add(entry);
                }
            }
            _ => {}
        }
    }

    fn title_count(&self, entry: &Json) -> Option<usize> {
        let Some(Json::String(title)) = entry.get("title") else { return None };
        Some(self.titles.get(title).copied().unwrap_or(0))
    }

    /// Whether `entry`, from the other side, is here as it is or by its title
    /// (which the other side has no more often).
    fn has_moved(&self, entry: &Json, other: &Entries) -> bool {
        self.json.contains(&entry.to_string())
            || other
                .title_count(entry)
                .zip(self.title_count(entry))
                .is_some_and(|(there, here)| here >= there)
    }
}

impl Moves {
    /// A table taken out elsewhere whose content is `json` (else one with its
    /// title: moved and edited), or a new one.
    pub(super) fn table_for(&mut self, json: &Json, position: Option<isize>) -> Table {
        let found = self.taken.iter().position(|(j, _)| j == json);
        match found.or_else(|| self.taken.iter().position(|(j, _)| same_title(j, json))) {
            Some(i) => {
                self.reshaped = true;
                self.taken.swap_remove(i).1
            }
            None => {
                let mut table = Table::new();
                table.set_position(position);
                table
            }
        }
    }
}

/// Takes out of every array of tables the tables the model does not keep there
/// ([`align`]), with their comments and subtables, into `moves.taken`.
pub(super) fn take_out(table: &mut dyn TableLike, map: &Map<String, Json>, moves: &mut Moves) {
    for (key, item) in table.iter_mut() {
        match (item, map.get(key.get())) {
            (Item::Table(t), Some(Json::Object(m))) => take_out(t, m, moves),
            (Item::ArrayOfTables(tables), json) => {
                let empty = Vec::new();
                let list = match json {
                    Some(Json::Array(list)) if list.iter().all(Json::is_object) => list,
                    _ => &empty,
                };
                let old: Vec<Json> = tables.iter().map(|t| table_json(t)).collect();
                let pairs = align(&old, list, moves);
                let taken: Vec<Table> = tables.iter().cloned().collect();
                tables.clear();
                for (i, (mut t, json)) in taken.into_iter().zip(old).enumerate() {
                    match pairs.iter().position(|p| *p == Some(i)) {
                        Some(j) => {
                            if let Json::Object(m) = &list[j] {
                                take_out(&mut t, m, moves);
                            }
                            tables.push(t);
                        }
                        None => moves.taken.push((json, t)),
                    }
                }
            }
            _ => {}
        }
    }
}

/// For each entry of `new`, the entry of `old` it continues: the same entry,
/// else one with the same title, wherever it stands (a move); what is left over
/// pairs up in order when both sides have as many (titles edited in the page).
/// `None` for an entry the page added or brought from elsewhere.
pub(super) fn align(old: &[Json], new: &[Json], moves: &Moves) -> Vec<Option<usize>> {
    let mut used = vec![false; old.len()];
    let mut pairs = vec![None; new.len()];
    let equal = |a: &Json, b: &Json| a == b;
    for same in [&equal as &dyn Fn(&Json, &Json) -> bool, &same_title] {
        for (pair, entry) in pairs.iter_mut().zip(new) {
            if pair.is_none() {
                *pair = (0..old.len()).find(|&i| !used[i] && same(&old[i], entry));
                if let Some(i) = *pair {
                    used[i] = true;
                }
            }
        }
    }
    // Left over: an entry the other side has elsewhere was moved (an indent or
    // outdent: its table is taken out and put back there); the others are edits.
    let (before, after) = (&moves.old_entries, &moves.new_entries);
    let left: Vec<usize> =
        (0..old.len()).filter(|&i| !used[i] && !after.has_moved(&old[i], before)).collect();
    let mut added: Vec<&mut Option<usize>> = pairs
        .iter_mut()
        .zip(new)
        .filter(|(p, entry)| p.is_none() && !before.has_moved(entry, after))
        .map(|(p, _)| p)
        .collect();
    if left.len() == added.len() {
        for (pair, i) in added.iter_mut().zip(left) {
            **pair = Some(i);
        }
    }
    pairs
}

/// The indices of `old` to remove before matching by index: when `new` is `old`
/// with some entries taken out (a deletion in the page; an entry counts as the
/// same when it is equal or keeps its title), those entries; else the ones past
/// the end of `new`.
pub(super) fn deleted(old: &[Json], new: &[Json]) -> Vec<usize> {
    if old.len() <= new.len() {
        return Vec::new();
    }
    let kept = |a: &Json, b: &Json| a == b || same_title(a, b);
    let mut gone = Vec::with_capacity(old.len() - new.len());
    let mut next = new.iter().peekable();
    for (i, entry) in old.iter().enumerate() {
        if next.peek().is_some_and(|n| kept(entry, n)) {
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
