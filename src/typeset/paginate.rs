//! Paginate: rows → pages of 22 grid lines.
//!
//! In: the [`Row`]s of the layout. Out: [`Pages`]: for each page the rows with
//! their grid line, plus the page every anchor landed on (for the 目录 numbers
//! and the bookmarks). Rules: a page break row starts a new page; a blank row
//! at the top of a page is dropped; a heading (keep-with-next) is never the last
//! line of a page; a table unit (one row of cells) is not split, and a table that
//! continues on a new page repeats its header row there; a picture that does not
//! fit waits for the next page while the text after it fills the gap; a line that
//! cites a footnote goes where the note fits at the foot of the same page.

use super::geometry::Geometry;
use super::notes::Notes;
use super::rows::{Row, RowKind, TableLine};
use std::collections::HashMap;
use std::sync::Arc;

/// One page: rows with their 0-based grid line.
#[derive(Default)]
pub struct Page {
    pub rows: Vec<(usize, Row)>,
    /// Footnote lines at the foot of the page: baseline (from the top of the
    /// sheet) and the line.
    pub foot: Vec<(f32, Row)>,
    /// Where the short rule above the footnotes is (from the top of the sheet).
    pub foot_rule: Option<f32>,
}

/// Where a heading landed.
pub struct Bookmark {
    pub label: String,
    /// 0 for a part or title, 1 for a level-1 heading.
    pub level: u8,
    /// 1-based page.
    pub page: usize,
    /// 0-based grid line.
    pub line: usize,
}

/// How many lines must go on one page together, starting at row `i`: a table
/// unit (a header with the unit after it, so a header never stands alone at the
/// foot of a page), or a run of keep-with-next rows (headings, a schedule title,
/// the lines of a 目录 entry, the 附件说明, the last two body lines or the last
/// table unit, and the 落款) with whatever follows them. A table unit that
/// cannot fit on a page under its repeated header (`header_len` lines by table)
/// flows line by line instead.
fn lines_together(rows: &[Row], i: usize, per_page: usize, header_len: &HashMap<usize, usize>) -> usize {
    let fits = |t: &TableLine| t.unit_len + header_len.get(&t.table).copied().unwrap_or(0) <= per_page;
    let unit_need = |t: &TableLine| if fits(t) { t.unit_len.max(1) } else { 1 };
    let table_need = |k: usize, t: &TableLine| -> usize {
        if t.header && t.unit_len > 0 {
            let next = rows.get(k + t.unit_len).and_then(|r| r.table.as_ref()).filter(|n| n.table == t.table);
            t.unit_len + next.map_or(0, unit_need)
        } else {
            unit_need(t)
        }
    };
    let mut need = 0;
    let mut k = i;
    while let Some(row) = rows.get(k) {
        if need >= per_page || row.kind == RowKind::PageBreak {
            break;
        }
        if let Some(t) = &row.table {
            need += table_need(k, t);
            // A table's last unit kept with what follows (the schedule's last month
            // and the 落款): the chain goes on after it.
            let last = k + t.unit_len.max(1) - 1;
            if t.unit_len > 0
                && !t.header
                && rows.get(last).is_some_and(|r| r.keep_with_next && r.table.is_some())
            {
                k = last + 1;
                continue;
            }
            break;
        }
        need += row.lines();
        if !row.keep_with_next {
            break;
        }
        k += 1;
    }
    need
}

/// The page being filled, the pages finished and not yet taken, and a picture
/// waiting for the next page.
struct Paper<'a> {
    page: Page,
    /// Finished pages, in order, until [`Paginator::drain`] hands them on.
    finished: Vec<Page>,
    /// Pages finished so far, handed on or not.
    count: usize,
    line: usize,
    /// The footnotes cited on the page being filled, and the grid lines they take.
    labels: Vec<Arc<str>>,
    notes: &'a Notes,
    g: &'a Geometry,
    /// A picture (and its caption rows) waiting for the next page.
    waiting: Vec<Row>,
}

impl Paper<'_> {
    /// The grid lines the body may fill on this page.
    fn capacity(&self) -> usize {
        self.g.lines - self.notes.reserve(&self.labels, self.g).min(self.g.lines - 1)
    }

    /// Whether `row` fits under what is on the page, with its notes at the foot.
    fn fits_with_notes(&self, row: &Row) -> bool {
        let mut labels = self.labels.clone();
        labels.extend(row.notes.iter().filter(|l| !self.labels.contains(l)).cloned());
        let reserve = self.notes.reserve(&labels, self.g).min(self.g.lines - 1);
        self.line + row.lines() <= self.g.lines - reserve
    }

    fn push(&mut self, row: Row) {
        for label in &row.notes {
            if !self.labels.contains(label) {
                self.labels.push(label.clone());
            }
        }
        let lines = row.lines();
        self.page.rows.push((self.line, row));
        self.line += lines;
    }

    /// Starts a new page, the waiting picture (if any) at its top.
    fn new_page(&mut self) {
        self.finish_page();
        let page = std::mem::take(&mut self.page);
        self.finished.push(page);
        self.count += 1;
        self.line = 0;
        for row in std::mem::take(&mut self.waiting) {
            self.push(row);
        }
    }

    /// The footnotes of the page being filled go to its foot.
    fn finish_page(&mut self) {
        let labels = std::mem::take(&mut self.labels);
        let page = &mut self.page;
        (page.foot, page.foot_rule) = self.notes.foot(&mut page.rows, &labels, self.g);
    }

    /// The waiting picture goes on a page of its own now.
    fn flush(&mut self) {
        if !self.waiting.is_empty() {
            self.new_page();
        }
    }
}

/// Whether row `i` is the 附件说明 or 落款, or kept with it (the body's last lines).
fn goes_with_closing(rows: &[Row], i: usize) -> bool {
    rows[i..].iter().find(|r| r.closes || !r.keep_with_next).is_some_and(|r| r.closes)
}

/// Places rows on pages, as the layout settles them.
///
/// A picture that does not fit the rest of its page (and is not kept with the
/// rows before it) waits for the next page, and the rows after it fill the page
/// it left; it then opens the next page. A second picture, a page break (篇), the
/// 附件说明 or 落款 with the body lines kept with them, a level-1 heading, or the
/// end of the document put a waiting picture on its page first, so pictures keep
/// their order, never leave their section or 篇 and never come after the 落款,
/// which keeps its lines of body.
///
/// Rows come in with [`Paginator::push`]; a row is placed once enough rows after
/// it are known for every look ahead its placing makes (a keep-with-next chain,
/// a table unit, a picture's captions), and finished pages go out with
/// [`Paginator::drain`]: memory holds the rows ahead and the page being filled,
/// not the document.
pub struct Paginator<'a> {
    paper: Paper<'a>,
    /// Rows not yet placed from `next` on (those before it were moved out).
    rows: Vec<Row>,
    next: usize,
    /// Each table's header rows, repeated on the pages it continues on.
    headers: HashMap<usize, Vec<Row>>,
    /// Each table's header length in lines.
    header_len: HashMap<usize, usize>,
    /// Pages handed on so far.
    handed: usize,
    /// Anchor id → 1-based page number.
    pub anchor_pages: HashMap<String, usize>,
    /// Bookmarks in document order.
    pub outline: Vec<Bookmark>,
}

impl<'a> Paginator<'a> {
    /// An empty document, its footnotes laid out.
    pub fn new(notes: &'a Notes, g: &'a Geometry) -> Paginator<'a> {
        Paginator {
            paper: Paper {
                page: Page::default(),
                finished: Vec::new(),
                count: 0,
                line: 0,
                labels: Vec::new(),
                notes,
                g,
                waiting: Vec::new(),
            },
            rows: Vec::new(),
            next: 0,
            headers: HashMap::new(),
            header_len: HashMap::new(),
            handed: 0,
            anchor_pages: HashMap::new(),
            outline: Vec::new(),
        }
    }

    /// Rows the layout will not change any more, in order; places those it can.
    pub fn push(&mut self, rows: impl IntoIterator<Item = Row>) {
        for row in rows {
            if let Some(t) = row.table.as_ref().filter(|t| t.header && t.unit_len > 0) {
                self.header_len.insert(t.table, t.unit_len);
            }
            self.rows.push(row);
        }
        while self.next < self.rows.len() && self.known_ahead(self.next) {
            self.place();
        }
        // The rows placed are empty husks: drop them now and then.
        if self.next > 256 {
            self.rows.drain(..self.next);
            self.next = 0;
        }
    }

    /// Whether the rows after row `i` that placing it looks at are all known.
    fn known_ahead(&self, i: usize) -> bool {
        let per_page = self.paper.g.lines;
        let rows = &self.rows;
        let near = &rows[i..(i + per_page + 2).min(rows.len())];
        let extent = near
            .iter()
            .map(|r| {
                r.table.as_ref().map_or(0, |t| t.unit_len) + r.picture.as_ref().map_or(0, |p| p.captions)
            })
            .max()
            .unwrap_or(0);
        rows.len() > i + 2 * (per_page + 2 + extent)
            && rows[i..].iter().any(|r| r.closes || !r.keep_with_next)
    }

    /// Places row `next`.
    fn place(&mut self) {
        let per_page = self.paper.g.lines;
        let i = self.next;
        let rows = &mut self.rows;
        let paper = &mut self.paper;
        self.next += 1;
        let row = &rows[i];
        // A picture stays in its section (一、…) and before the 落款.
        if !paper.waiting.is_empty() && (row.anchor.is_some() || goes_with_closing(rows, i)) {
            paper.flush();
        }
        match row.kind {
            RowKind::PageBreak => {
                paper.flush();
                if paper.line > 0 {
                    paper.new_page();
                }
                return;
            }
            RowKind::Blank if paper.line == 0 => return,
            _ => {}
        }
        if row.picture.is_some() && !paper.waiting.is_empty() {
            paper.new_page();
        }
        if let Some(t) = row.table.as_ref().filter(|t| t.header && t.unit_len > 0) {
            self.headers.insert(t.table, rows[i..i + t.unit_len].to_vec());
        }
        let need = lines_together(rows, i, per_page, &self.header_len);
        if paper.line > 0 && paper.line + need > paper.capacity() && need <= per_page {
            if let Some(p) = row.picture.as_ref().filter(|_| paper.waiting.is_empty()) {
                let end = (i + 1 + p.captions).min(rows.len());
                paper.waiting = rows[i..end].iter_mut().map(std::mem::take).collect();
                self.next = end;
                return;
            }
            paper.new_page();
            // The picture that waited took the top of the page: no room left under it.
            if paper.line > 0 && paper.line + need > paper.capacity() {
                paper.new_page();
            }
            if row.kind == RowKind::Blank && paper.line == 0 {
                return;
            }
            // A table continuing here repeats its header.
            if let Some(t) = &row.table {
                if !t.header {
                    if let Some(header) = self.headers.get(&t.table) {
                        for h in header {
                            paper.push(h.clone());
                        }
                    }
                }
            }
        }
        // A line citing a note moves to the next page when the note does not fit here.
        if paper.line >= paper.capacity() || (paper.line > 0 && !paper.fits_with_notes(row)) {
            paper.new_page();
            if row.kind == RowKind::Blank && paper.line == 0 {
                return;
            }
        }
        paper.push(std::mem::take(&mut rows[i]));
    }

    /// The last rows are in: places them and finishes the last page (dropped when
    /// it is empty and not the only one).
    pub fn finish(&mut self) {
        while self.next < self.rows.len() {
            self.place();
        }
        let paper = &mut self.paper;
        paper.flush();
        paper.finish_page();
        if paper.count == 0 || !paper.page.rows.is_empty() {
            let page = std::mem::take(&mut paper.page);
            paper.finished.push(page);
            paper.count += 1;
        }
    }

    /// Hands each finished page to `sink` with its 1-based number, noting where
    /// its anchors are.
    pub fn drain(&mut self, sink: &mut dyn FnMut(usize, Page) -> Result<(), String>) -> Result<(), String> {
        for page in std::mem::take(&mut self.paper.finished) {
            self.handed += 1;
            let n = self.handed;
            for (line, row) in &page.rows {
                if let Some(a) = &row.anchor {
                    if let Some(id) = &a.id {
                        self.anchor_pages.entry(id.clone()).or_insert(n);
                    }
                    self.outline.push(Bookmark {
                        label: a.label.clone(),
                        level: a.level,
                        page: n,
                        line: *line,
                    });
                }
            }
            sink(n, page)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_go_out_while_rows_come_in_and_few_rows_are_held() {
        let (notes, g) = (Notes::default(), Geometry::default());
        let mut pages = Paginator::new(&notes, &g);
        let out = std::cell::RefCell::new(Vec::new());
        let mut record = |n: usize, page: Page| {
            out.borrow_mut().push((n, page.rows.len()));
            Ok(())
        };
        for k in 1..=2200 {
            pages.push([Row::text(Vec::new())]);
            pages.drain(&mut record).unwrap();
            let held = pages.rows.len() - pages.next;
            assert!(held <= 2 * (g.lines + 2) + 1, "{held} rows held after {k}");
            let done = out.borrow().len();
            assert!(done * g.lines + held + g.lines >= k, "{done} pages out after {k} rows");
        }
        pages.finish();
        pages.drain(&mut record).unwrap();
        let expected: Vec<(usize, usize)> = (1..=100).map(|n| (n, g.lines)).collect();
        assert_eq!(out.into_inner(), expected);
    }
}
