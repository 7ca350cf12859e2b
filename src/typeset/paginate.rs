//! Paginate: rows → pages of 22 grid lines.
//!
//! In: the [`Row`]s of the layout. Out: [`Pages`]: for each page the rows with
//! their grid line, plus the page every anchor landed on (for the 目录 numbers
//! and the bookmarks). Rules: a page break row starts a new page; a blank row
//! at the top of a page is dropped; a heading (keep-with-next) is never the last
//! line of a page; a table unit (one row of cells) is not split, and a table that
//! continues on a new page repeats its header row there; a picture that does not
//! fit waits for the next page while the text after it fills the gap; a line that
//! cites a footnote goes where the note fits at the foot of the same page; a
//! sealed 落款 gives up one of its empty lines rather than move (`squeeze`); the
//! 版记 ends the last, even page (`place_imprint`).

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
    /// No page number: a blank page before the 版记, and the 版记's page after
    /// it (GB/T 9704-2012 §7.5).
    pub unnumbered: bool,
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

/// The page being filled, the pages finished and not yet taken, and the
/// pictures waiting for the next page.
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
    /// Pictures (each with its caption rows) waiting for the next page, in order.
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

    /// Starts a new page, the waiting pictures at its top: the first whatever its
    /// size, the next ones while they fit (the rest wait for the page after).
    fn new_page(&mut self) {
        self.finish_page();
        let page = std::mem::take(&mut self.page);
        self.finished.push(page);
        self.count += 1;
        self.line = 0;
        let mut first = true;
        while let Some(figure) = self.waiting.first().and_then(|r| r.picture.as_ref()) {
            let len = (1 + figure.captions).min(self.waiting.len());
            let lines: usize = self.waiting[..len].iter().map(Row::lines).sum();
            if !first && self.line + lines > self.capacity() {
                break;
            }
            let placed: Vec<Row> = self.waiting.drain(..len).collect();
            for row in placed {
                self.push(row);
            }
            first = false;
        }
    }

    /// The footnotes of the page being filled go to its foot.
    fn finish_page(&mut self) {
        let labels = std::mem::take(&mut self.labels);
        let page = &mut self.page;
        (page.foot, page.foot_rule) = self.notes.foot(&mut page.rows, &labels, self.g);
    }

    /// The waiting pictures go on pages of their own now.
    fn flush(&mut self) {
        while !self.waiting.is_empty() {
            self.new_page();
        }
    }
}

/// Whether row `i` is the 附件说明 or 落款, or kept with it (the body's last lines).
fn goes_with_closing(rows: &[Row], i: usize) -> bool {
    rows[i..].iter().find(|r| r.closes || !r.keep_with_next).is_some_and(|r| r.closes)
}

/// Drops a squeezable empty line from the rows kept together from row `i` when
/// that, and only that, keeps them on the page being filled; says whose it was
/// (the block index of the sealed 落款).
fn squeeze(
    rows: &mut Vec<Row>,
    i: usize,
    paper: &Paper<'_>,
    header_len: &HashMap<usize, usize>,
) -> Option<usize> {
    let need = lines_together(rows, i, paper.g.lines, header_len);
    if paper.line == 0 || paper.line + need <= paper.capacity() || paper.line + need > paper.capacity() + 1 {
        return None;
    }
    let mut k = i;
    while let Some(r) = rows.get(k) {
        if let (Some(block), RowKind::Blank) = (r.squeeze, r.kind) {
            rows.remove(k);
            return Some(block);
        }
        if !r.keep_with_next || r.kind == RowKind::PageBreak {
            return None;
        }
        k += 1;
    }
    None
}

/// Places rows on pages, as the layout settles them.
///
/// A picture that does not fit the rest of its page (and is not kept with the
/// rows before it) waits for the next page, and the rows after it fill the page
/// it left; it then opens the next page. A picture that comes while one waits
/// waits behind it (so the text after both fills the gap); a new page takes the
/// waiting pictures in order, as many as fit under the first. A page break (篇),
/// the 附件说明 or 落款 with the body lines kept with them, a level-1 heading, or
/// the end of the document put the waiting pictures on their pages first, so
/// pictures keep their order, never leave their section or 篇 and never come
/// after the 落款, which keeps its lines of body. The 版记 and what follows it
/// are set last ([`place_imprint`]).
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
    /// The last rows are in: every finished page may go (else the last one
    /// waits, as the 版记 may still be set on it).
    done: bool,
    /// Whether a row that may give up its line ([`squeeze`]) has come.
    squeezable: bool,
    /// The 版记's rows (from the first on, all that come).
    imprint: Vec<Row>,
    /// Anchor id → 1-based page number.
    pub anchor_pages: HashMap<String, usize>,
    /// Bookmarks in document order.
    pub outline: Vec<Bookmark>,
    /// The sealed 落款 (by block index) that gave up one of their empty lines.
    pub squeezed: Vec<usize>,
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
            done: false,
            squeezable: false,
            imprint: Vec::new(),
            anchor_pages: HashMap::new(),
            outline: Vec::new(),
            squeezed: Vec::new(),
        }
    }

    /// Rows the layout will not change any more, in order; places those it can.
    pub fn push(&mut self, rows: impl IntoIterator<Item = Row>) {
        for row in rows {
            if row.imprint || !self.imprint.is_empty() {
                self.imprint.push(row);
                continue;
            }
            if let Some(t) = row.table.as_ref().filter(|t| t.header && t.unit_len > 0) {
                self.header_len.insert(t.table, t.unit_len);
            }
            self.squeezable |= row.squeeze.is_some();
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
        if self.squeezable {
            if let Some(block) = squeeze(rows, i, &*paper, &self.header_len) {
                self.squeezed.push(block);
            }
        }
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
        // A picture never passes one that waits: it waits behind it.
        if let Some(p) = row.picture.as_ref().filter(|_| !paper.waiting.is_empty()) {
            let end = (i + 1 + p.captions).min(rows.len());
            paper.waiting.extend(rows[i..end].iter_mut().map(std::mem::take));
            self.next = end;
            return;
        }
        if let Some(t) = row.table.as_ref().filter(|t| t.header && t.unit_len > 0) {
            self.headers.insert(t.table, rows[i..i + t.unit_len].to_vec());
        }
        let need = lines_together(rows, i, per_page, &self.header_len);
        if paper.line > 0 && paper.line + need > paper.capacity() && need <= per_page {
            if let Some(p) = &row.picture {
                let end = (i + 1 + p.captions).min(rows.len());
                paper.waiting = rows[i..end].iter_mut().map(std::mem::take).collect();
                self.next = end;
                return;
            }
            paper.new_page();
            // The pictures that waited took the top of the page: no room left under them.
            while paper.line > 0 && paper.line + need > paper.capacity() {
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
            // Waiting pictures may fill the new page.
            while paper.line > 0 && (paper.line >= paper.capacity() || !paper.fits_with_notes(row)) {
                paper.new_page();
            }
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
        if !self.imprint.is_empty() {
            let imprint = std::mem::take(&mut self.imprint);
            place_imprint(self.handed, &mut paper.finished, imprint, paper.g);
        }
        self.done = true;
    }

    /// Hands each finished page to `sink` with its 1-based number, noting where
    /// its anchors are.
    pub fn drain(&mut self, sink: &mut dyn FnMut(usize, Page) -> Result<(), String>) -> Result<(), String> {
        let keep = usize::from(!self.done).min(self.paper.finished.len());
        let ready = self.paper.finished.len() - keep;
        for page in self.paper.finished.drain(..ready).collect::<Vec<_>>() {
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

/// Sets the 版记 at the foot of the last page, its last rule on the type area's
/// bottom edge (GB/T 9704-2012 §7.4.1), on an even page (the back of the last
/// sheet): on the last page when it is even and the 版记 fits under its text
/// with a line to spare (and no footnotes), else on the next even page, the
/// odd page before it (when the text ended on an even page) left blank. When a
/// blank page comes before the 版记's page, neither carries a page number
/// (§7.5: 版记页前有空白页的，空白页和版记页均不编排页码); else the 版记's page
/// is numbered as any other.
///
/// `pages` are the last pages, not handed on yet; `before` pages came before them.
fn place_imprint(before: usize, pages: &mut Vec<Page>, mut imprint: Vec<Row>, g: &Geometry) {
    // A 版记 longer than a page (a very long 抄送): its first lines fill pages of
    // their own before the last one, so that nothing is dropped.
    let overflow: Vec<Row> = imprint.drain(..imprint.len().saturating_sub(g.lines)).collect();
    let extra = overflow.len().div_ceil(g.lines);
    let n = imprint.len();
    let last = before + pages.len();
    let page = pages.last().expect("a page");
    let used = page.rows.iter().map(|(line, r)| line + r.lines()).max().unwrap_or(0);
    let fits = used == 0 || (used + 1 + n <= g.lines && page.foot.is_empty());
    if extra > 0 || !(last.is_multiple_of(2) && fits) {
        // The page the 版记 ends on: the first even one after the text and the overflow.
        let target = last + extra + 1;
        let target = if target.is_multiple_of(2) { target } else { target + 1 };
        let blank = target - extra - 1 > last;
        while before + pages.len() < target - extra - 1 {
            pages.push(Page { unnumbered: true, ..Page::default() });
        }
        let mut overflow = overflow.into_iter();
        for _ in 0..extra {
            let rows = overflow.by_ref().take(g.lines).enumerate().collect();
            pages.push(Page { rows, unnumbered: blank, ..Page::default() });
        }
        pages.push(Page { unnumbered: blank, ..Page::default() });
    }
    let page = pages.last_mut().expect("a page");
    let from = g.lines - n;
    page.rows.extend(imprint.into_iter().enumerate().map(|(k, r)| (from + k, r)));
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
            // The page being filled and the last one finished (the 版记 may go on it) wait.
            assert!(done * g.lines + held + 2 * g.lines >= k, "{done} pages out after {k} rows");
        }
        pages.finish();
        pages.drain(&mut record).unwrap();
        let expected: Vec<(usize, usize)> = (1..=100).map(|n| (n, g.lines)).collect();
        assert_eq!(out.into_inner(), expected);
    }
}
