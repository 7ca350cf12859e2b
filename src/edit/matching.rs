//! Matching: which table of the file each table of the model continues, so that
//! a table keeps its comments and subtables wherever the page put it.
//!
//! In: the user's file (toml_edit) and the model the page sent (JSON). Out, in
//! [`Moves`]: for each array of tables, which model entries continue a table of
//! the file ([`align`]: the same content, else the same title, else an edit in
//! place, in order) — those tables stay, with their positions; and a pool of the
//! tables taken out ([`take_out`]: deleted, or moved — ↑ ↓, indent, outdent), each
//! with its subtables taken out too, so that [`Moves::table_for`] can put every
//! one back wherever the model has it. A table put back, or new, has no position
//! (toml_edit writes it after the table before it in the tree) — but for one put
//! before the first kept table of its array, which takes that table's position
//! (`super::apply_tables`) — and every other table keeps its place in the file.

use super::table_json;
use serde_json::{Map, Value as Json};
use std::collections::HashMap;
use toml_edit::{ArrayOfTables, Item, Table, TableLike};

/// What one [`super::apply`] carries from taking out to putting back.
#[derive(Default)]
pub(super) struct Moves {
    /// Tables taken out of the file, with the JSON they had there (`None` once
    /// put back).
    taken: Vec<Option<(Json, Table)>>,
    /// The taken table a model entry (by its path) continues: moved in its
    /// array and edited, so neither its content nor its title finds it.
    promised: HashMap<String, usize>,
    /// For each array of tables (by its path in the model), whether each model
    /// entry continues a table kept there (in order) or is put there anew.
    plans: HashMap<String, Vec<bool>>,
    before: Entries,
    after: Entries,
}

impl Moves {
    pub(super) fn new(file: &Json, model: &Json) -> Moves {
        Moves { before: Entries::of(file), after: Entries::of(model), ..Moves::default() }
    }

    /// The plan [`take_out`] made for the array at `path` (none: all new).
    pub(super) fn plan(&mut self, path: &str) -> Vec<bool> {
        self.plans.remove(path).unwrap_or_default()
    }

    /// The table for the model entry `json` at `path`: the one taken out for it
    /// ([`take_out`]), else one taken out whose content was `json`, else one with
    /// its title (moved and edited) whose content the model has less often than
    /// the file; else a new one.
    pub(super) fn table_for(&mut self, json: &Json, path: &str) -> Table {
        let promised = self.promised.remove(path);
        let found = promised.or_else(|| self.find_taken(|j| j == json)).or_else(|| {
            self.find_taken(|j| same_title(j, json) && self.after.count(j) < self.before.count(j))
        });
        match found.and_then(|i| self.taken[i].take()) {
            Some((_, table)) => table,
            None => Table::new(),
        }
    }

    /// The first table still taken out whose JSON in the file passes `test`.
    fn find_taken(&self, test: impl Fn(&Json) -> bool) -> Option<usize> {
        self.taken.iter().position(|t| t.as_ref().is_some_and(|(j, _)| test(j)))
    }

    /// Takes `table` out (its JSON in the file is `json`): it and every table of
    /// an array of tables below it go to the pool on their own, the arrays left
    /// empty in place (so that their keys keep their order when the table is put
    /// back); plain subtables (a part's `[schedule]`) stay in it, without their
    /// positions. Its index in the pool.
    fn detach(&mut self, json: Json, mut table: Table) -> usize {
        table.set_position(None);
        detach_below(&mut table, &json, self);
        self.taken.push(Some((json, table)));
        self.taken.len() - 1
    }
}

fn detach_below(table: &mut Table, json: &Json, moves: &mut Moves) {
    for (key, item) in table.iter_mut() {
        let inner = json.get(key.get());
        match item {
            Item::Table(t) => {
                t.set_position(None);
                detach_below(t, inner.unwrap_or(&Json::Null), moves);
            }
            Item::ArrayOfTables(tables) => {
                let entries = inner.and_then(Json::as_array).map_or(&[][..], Vec::as_slice);
                for (i, t) in std::mem::take(tables).into_iter().enumerate() {
                    let json = entries.get(i).cloned().unwrap_or_else(|| table_json(&t));
                    moves.detach(json, t);
                }
            }
            _ => {}
        }
    }
}

/// Every table of an array of tables in a document: how many have each JSON
/// text, and each title.
#[derive(Default)]
struct Entries {
    json: HashMap<String, usize>,
    titles: HashMap<String, usize>,
}

impl Entries {
    fn of(json: &Json) -> Entries {
        let mut entries = Entries::default();
        entries.add(json);
        entries
    }

    fn add(&mut self, json: &Json) {
        match json {
            Json::Object(map) => map.values().for_each(|v| self.add(v)),
            Json::Array(list) if !list.is_empty() && list.iter().all(Json::is_object) => {
                for entry in list {
                    *self.json.entry(entry.to_string()).or_default() += 1;
                    if let Some(title) = title(entry) {
                        *self.titles.entry(title.to_string()).or_default() += 1;
                    }
                    self.add(entry);
                }
            }
            _ => {}
        }
    }

    fn count(&self, entry: &Json) -> usize {
        self.json.get(&entry.to_string()).copied().unwrap_or(0)
    }

    fn title_count(&self, entry: &Json) -> usize {
        title(entry).and_then(|t| self.titles.get(t)).copied().unwrap_or(0)
    }
}

fn title(entry: &Json) -> Option<&str> {
    entry.get("title").and_then(Json::as_str)
}

fn same_title(a: &Json, b: &Json) -> bool {
    a.get("title").is_some_and(|t| b.get("title") == Some(t))
}

/// Whether `entry`, found on the side `here`, moved rather than was edited: the
/// side `there` has its content at least as often, or its title, which names
/// one table on each side (a title shared by several tells nothing).
fn moved(entry: &Json, here: &Entries, there: &Entries) -> bool {
    let count = here.count(entry);
    (count > 0 && there.count(entry) >= count)
        || (here.title_count(entry) == 1 && there.title_count(entry) == 1)
}

/// Pairs, in order, the entries of a gap: first an old entry whose content the
/// model has less often with a new one of the same title whose content the file
/// has less often (a section that lost or gained a subsection, among others
/// called alike); then what is left and did not move, when both sides have as
/// many. Pushes (old, new) index pairs.
fn pair_gap(old: &[(usize, &Json)], new: &[(usize, &Json)], moves: &Moves, out: &mut Vec<(usize, usize)>) {
    let (before, after) = (&moves.before, &moves.after);
    let mut old_used = vec![false; old.len()];
    let mut new_used = vec![false; new.len()];
    for (a, (o, entry)) in old.iter().enumerate() {
        if after.count(entry) >= before.count(entry) {
            continue;
        }
        let found = new
            .iter()
            .enumerate()
            .position(|(b, (_, e))| !new_used[b] && same_title(entry, e) && before.count(e) < after.count(e));
        if let Some(b) = found {
            (old_used[a], new_used[b]) = (true, true);
            out.push((*o, new[b].0));
        }
    }
    let gone: Vec<usize> =
        (0..old.len()).filter(|&a| !old_used[a] && !moved(old[a].1, before, after)).collect();
    let added: Vec<usize> =
        (0..new.len()).filter(|&b| !new_used[b] && !moved(new[b].1, after, before)).collect();
    if gone.len() == added.len() {
        out.extend(gone.into_iter().zip(added).map(|(a, b)| (old[a].0, new[b].0)));
    }
}

/// Takes out of every array of tables below `table` the tables the model does
/// not keep there ([`align`]), into the pool, and records for each array which
/// model entries continue a kept table. `path` is the table's path in the model.
pub(super) fn take_out(table: &mut dyn TableLike, map: &Map<String, Json>, path: &str, moves: &mut Moves) {
    for (key, item) in table.iter_mut() {
        let at = super::join(path, key.get());
        match (item, map.get(key.get())) {
            (Item::Table(t), Some(Json::Object(m))) => take_out(t, m, &at, moves),
            // A table the model has no more here (a part's schedule, say) may be
            // put back elsewhere.
            (item @ Item::Table(_), None) => {
                if let Item::Table(t) = std::mem::take(item) {
                    moves.detach(table_json(&t), t);
                }
            }
            (Item::ArrayOfTables(tables), json) => {
                let list = match json {
                    Some(Json::Array(list)) if list.iter().all(Json::is_object) => list.as_slice(),
                    _ => &[],
                };
                let plan = take_out_of_array(tables, list, &at, moves);
                moves.plans.insert(at, plan);
            }
            _ => {}
        }
    }
}

fn take_out_of_array(tables: &mut ArrayOfTables, list: &[Json], at: &str, moves: &mut Moves) -> Vec<bool> {
    let old: Vec<Json> = tables.iter().map(|t| table_json(t)).collect();
    let pairs = align(&old, list, moves);
    let mut kept_for: Vec<Option<usize>> = vec![None; old.len()];
    for (j, pair) in pairs.iter().enumerate() {
        if let Some(i) = pair {
            kept_for[*i] = Some(j);
        }
    }
    // Left over on both sides, paired as in a gap: moved within this array and
    // edited (↑ then a new title) — each taken out for its entry.
    let gone: Vec<(usize, &Json)> =
        (0..old.len()).filter(|&i| kept_for[i].is_none()).map(|i| (i, &old[i])).collect();
    let added: Vec<(usize, &Json)> =
        (0..list.len()).filter(|&j| pairs[j].is_none()).map(|j| (j, &list[j])).collect();
    let mut promised = Vec::new();
    pair_gap(&gone, &added, moves, &mut promised);
    let promise: HashMap<usize, usize> = promised.into_iter().collect();
    let mut plan = vec![false; list.len()];
    for (i, ((mut table, json), kept)) in
        std::mem::take(tables).into_iter().zip(old).zip(kept_for).enumerate()
    {
        match kept {
            Some(j) => {
                if let Json::Object(m) = &list[j] {
                    take_out(&mut table, m, &format!("{at}/{j}"), moves);
                }
                plan[j] = true;
                tables.push(table);
            }
            None => {
                let id = moves.detach(json, table);
                if let Some(j) = promise.get(&i) {
                    moves.promised.insert(format!("{at}/{j}"), id);
                }
            }
        }
    }
    plan
}

/// Above this many (old × new) entries, [`align`] keeps to the unchanged start
/// and end and leaves the rest to [`pair_gap`] as one gap.
const ALIGN_LIMIT: usize = 4_000_000;

/// For each entry of `new`, the entry of `old` it continues, in order: the
/// unchanged start and end, then the best run of entries with the same content
/// (worth most) or the same title, nearer indexes first; between two of those,
/// what is left on both sides pairs up in order (edited in the page) when both
/// sides have as many — leaving out an entry the other side has elsewhere (it
/// moved). `None` for an entry the page added or brought from elsewhere.
fn align(old: &[Json], new: &[Json], moves: &Moves) -> Vec<Option<usize>> {
    let start = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let room = old.len().min(new.len()) - start;
    let end = old.iter().rev().zip(new.iter().rev()).take(room).take_while(|(a, b)| a == b).count();
    let (old_mid, new_mid) = (&old[start..old.len() - end], &new[start..new.len() - end]);

    let mut pairs: Vec<Option<usize>> = (0..start).map(Some).collect();
    pairs.resize(new.len(), None);
    for k in 0..end {
        pairs[new.len() - 1 - k] = Some(old.len() - 1 - k);
    }
    let anchors =
        if old_mid.len() * new_mid.len() <= ALIGN_LIMIT { best_run(old_mid, new_mid) } else { Vec::new() };

    // The gaps between anchors (and after the last): edits in place.
    let (mut i, mut j) = (0, 0);
    let mut edited = Vec::new();
    for (ai, aj) in anchors.into_iter().chain(std::iter::once((old_mid.len(), new_mid.len()))) {
        let gone: Vec<(usize, &Json)> = (i..ai).map(|o| (start + o, &old_mid[o])).collect();
        let added: Vec<(usize, &Json)> = (j..aj).map(|n| (start + n, &new_mid[n])).collect();
        pair_gap(&gone, &added, moves, &mut edited);
        if ai < old_mid.len() {
            pairs[start + aj] = Some(start + ai);
        }
        (i, j) = (ai + 1, aj + 1);
    }
    for (o, n) in edited {
        pairs[n] = Some(o);
    }
    pairs
}

/// The pairs (old, new) of the best ordered run of kept entries: same content
/// scores 3, the same title 2 (only a title that names one entry on each side:
/// six parts called alike tell nothing), less a little for each index apart.
fn best_run(old: &[Json], new: &[Json]) -> Vec<(usize, usize)> {
    let (n, m) = (old.len(), new.len());
    let unit = (n + m + 1) as u64;
    let once = |list: &[Json], entry: &Json| list.iter().filter(|e| same_title(e, entry)).count() == 1;
    let unique_old: Vec<bool> = old.iter().map(|e| once(old, e) && once(new, e)).collect();
    let score = |i: usize, j: usize| -> u64 {
        let worth = if old[i] == new[j] {
            3
        } else if unique_old[i] && same_title(&old[i], &new[j]) {
            2
        } else {
            return 0;
        };
        worth * unit - i.abs_diff(j) as u64
    };
    // best[i][j]: the best run of old[i..] and new[j..], flattened.
    let at = |i: usize, j: usize| i * (m + 1) + j;
    let mut best = vec![0u64; (n + 1) * (m + 1)];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            let s = score(i, j);
            let take = if s > 0 { s + best[at(i + 1, j + 1)] } else { 0 };
            best[at(i, j)] = take.max(best[at(i + 1, j)]).max(best[at(i, j + 1)]);
        }
    }
    let mut run = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        let s = score(i, j);
        if s > 0 && best[at(i, j)] == s + best[at(i + 1, j + 1)] {
            run.push((i, j));
            (i, j) = (i + 1, j + 1);
        } else if best[at(i + 1, j)] >= best[at(i, j + 1)] {
            i += 1;
        } else {
            j += 1;
        }
    }
    run
}
