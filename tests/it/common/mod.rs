//! Helpers shared by the integration tests: the PDF text against its Markdown
//! (tests/it/pdf.rs, tests/it/fuzz.rs), and the district sample (tests/it/batch.rs,
//! tests/it/district_pdf.rs, tests/it/serve.rs).

#[cfg(feature = "serve")]
pub mod server;

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::Command;
use wengao::markdown::{self, Role};

/// 2024-12-28 00:00 UTC: fixed timestamps in every PDF.
pub const EPOCH: &str = "1735344000";

/// The documents of `samples/district`, in path order.
pub const DISTRICT_DOCS: [&str; 7] = [
    "kindergarten/sunshine/plan",
    "middle/no1/plan",
    "middle/no1/summary",
    "middle/no2/plan",
    "primary/dongcheng/plan",
    "primary/nanguan/plan",
    "primary/xicheng/summary",
];

/// Copies a folder tree (without any `out` folder a build left in it).
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            if entry.file_name() != "out" {
                copy_tree(&entry.path(), &target);
            }
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh folder under the system temp folder, unique to this process.
pub fn temp_dir(prefix: &str, name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("wengao-{prefix}-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs an external tool and returns its stdout and stderr.
pub fn tool(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap_or_else(|e| {
        panic!("cannot run {cmd:?}: {e} (install poppler-utils, qpdf and python3-pdfplumber; see .ci/run)")
    });
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

/// Whitespace (and the title's U+2028 line joins) removed.
pub fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace() && *c != '\u{2028}').collect()
}

/// The text a reader sees in the Markdown: every block's text, 目录 left out.
pub fn markdown_text(md: &str) -> String {
    expected(md, |_| true).text
}

/// The Markdown's text (squashed, only the characters `keep` accepts) and where
/// in it each table is.
pub struct Expected {
    pub text: String,
    /// Byte ranges of the tables in `text`, with each table's header row.
    pub tables: Vec<(Range<usize>, String)>,
    /// The first part's heading, where the 目录 pages end.
    pub first_part: Option<String>,
    pub has_toc: bool,
}

/// The text of the Markdown's blocks (list markers and table cells included, 目录
/// left out).
pub fn expected(md: &str, keep: impl Fn(char) -> bool) -> Expected {
    let only = |s: &str| squash(s).chars().filter(|c| keep(*c)).collect::<String>();
    let mut e = Expected { text: String::new(), tables: Vec::new(), first_part: None, has_toc: false };
    for b in markdown::parse(md) {
        match b.role {
            Role::Toc => e.has_toc = true,
            Role::TocEntry { .. } => {}
            Role::Table => {
                let t = b.table.as_ref().unwrap();
                let start = e.text.len();
                for row in std::iter::once(&t.header).chain(t.rows.iter()) {
                    for cell in row {
                        e.text.push_str(&only(&cell.iter().map(|i| i.text.as_str()).collect::<String>()));
                    }
                }
                let header = only(&t.header.iter().flatten().map(|i| i.text.as_str()).collect::<String>());
                e.tables.push((start..e.text.len(), header));
            }
            _ => {
                let text = only(&(b.marker.clone().unwrap_or_default() + &b.plain_text()));
                if b.role == Role::Part && e.first_part.is_none() && !text.is_empty() {
                    e.first_part = Some(text.clone());
                }
                e.text.push_str(&text);
            }
        }
    }
    e
}

/// Whether `line` is a page number `— N —`.
fn is_page_number(line: &str) -> bool {
    let t = line.trim();
    let inner = t.strip_prefix('—').and_then(|t| t.strip_suffix('—')).map(str::trim);
    inner.is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

/// How pdftotext orders the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    /// `-layout`: as it sees the page (lines by position).
    Layout,
    /// `-raw`: the order of the content stream, which is wengao's reading order.
    Raw,
}

/// pdftotext's text of each page, its page number line removed.
pub fn pdf_pages(pdf: &Path, order: Order) -> Vec<String> {
    let flag = match order {
        Order::Layout => "-layout",
        Order::Raw => "-raw",
    };
    let raw = tool(Command::new("pdftotext").arg(flag).arg("-enc").arg("UTF-8").arg(pdf).arg("-"));
    let mut pages: Vec<&str> = raw.split('\u{c}').collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
        .into_iter()
        .map(|page| {
            let mut lines: Vec<&str> = page.lines().collect();
            while lines.last().is_some_and(|l| l.trim().is_empty()) {
                lines.pop();
            }
            // The page number is the last line of a page (7 mm below the type area).
            if lines.last().is_some_and(|l| is_page_number(l)) {
                lines.pop();
            }
            lines.join("\n")
        })
        .collect()
}

/// The PDF's text, squashed, as it should equal [`markdown_text`] of `md`: page
/// numbers and the 目录 pages left out (from the page that starts with 目录 to the
/// first part's page), and the header row a table repeats at the top of a
/// continuation page dropped.
pub fn pdf_text(pdf: &Path, md: &str) -> String {
    pdf_text_keeping(pdf, &expected(md, |_| true), |_| true, Order::Layout)
}

/// [`pdf_text`] with only the characters `keep` accepts (`want` made with the same
/// `keep`), in the given order.
pub fn pdf_text_keeping(pdf: &Path, want: &Expected, keep: impl Fn(char) -> bool, order: Order) -> String {
    let mut got = String::new();
    let mut in_toc = false;
    for page in pdf_pages(pdf, order) {
        let page: String = squash(&page).chars().filter(|c| keep(*c)).collect();
        let rest = want.text.get(got.len()..).unwrap_or("");
        if want.has_toc && page.starts_with("目录") && !rest.starts_with(&page) {
            in_toc = true;
        }
        if in_toc {
            match &want.first_part {
                Some(part) if page.starts_with(part.as_str()) => in_toc = false,
                _ => continue,
            }
        }
        // Inside a table that began on an earlier page (or at its end, when rows
        // without text are left): its header row is repeated.
        let inside = |r: &Range<usize>| {
            r.start < got.len() && (got.len() < r.end || got.len() == r.end && !rest.starts_with(&page))
        };
        let continued = want.tables.iter().find(|(r, h)| !h.is_empty() && inside(r));
        match continued.and_then(|(_, h)| strip_header(&page, h)) {
            Some(cut) => got.push_str(cut),
            None => got.push_str(&page),
        }
    }
    got
}

/// `page` without the table header `header` it starts with. A header cell of
/// several lines comes out interleaved with the other cells, so the first
/// characters are compared as a multiset.
fn strip_header<'a>(page: &'a str, header: &str) -> Option<&'a str> {
    let n = header.chars().count();
    let cut = page.char_indices().nth(n).map_or(page.len(), |(i, _)| i);
    let sorted = |s: &str| {
        let mut v: Vec<char> = s.chars().collect();
        v.sort_unstable();
        v
    };
    (page[..cut].chars().count() == n && sorted(&page[..cut]) == sorted(header)).then(|| &page[cut..])
}

/// `text` with the characters of each table sorted. pdftotext reads a table line
/// by line across its columns, so a cell of several lines comes out interleaved
/// with its neighbours; what is compared then is which characters the table holds.
pub fn sort_tables(text: &str, want: &Expected) -> String {
    let mut out = String::new();
    let mut at = 0;
    for (r, _) in &want.tables {
        let (Some(before), Some(table)) = (text.get(at..r.start), text.get(r.clone())) else { break };
        out.push_str(before);
        let mut chars: Vec<char> = table.chars().collect();
        chars.sort_unstable();
        out.extend(chars);
        at = r.end;
    }
    out.push_str(text.get(at..).unwrap_or(""));
    out
}

/// Panics with the place where two texts part, when they differ.
pub fn assert_same_text(what: &str, want: &str, got: &str) {
    if want != got {
        let at = want.chars().zip(got.chars()).take_while(|(a, b)| a == b).count();
        let show = |s: &str| s.chars().skip(at.saturating_sub(20)).take(60).collect::<String>();
        panic!(
            "{what}: PDF text differs from the Markdown at char {at} (lengths {} and {}):\n  md:  {:?}\n  pdf: {:?}",
            want.chars().count(),
            got.chars().count(),
            show(want),
            show(got)
        );
    }
}

/// One word of `pdftotext -bbox`: its box in points from the top-left corner.
#[derive(Debug)]
pub struct Word {
    pub x_min: f32,
    pub y_min: f32,
    pub x_max: f32,
    pub y_max: f32,
}

/// Every word pdftotext finds, with its box.
pub fn pdf_words(pdf: &Path) -> Vec<Word> {
    let xml = tool(Command::new("pdftotext").arg("-bbox").arg("-enc").arg("UTF-8").arg(pdf).arg("-"));
    let attr = |line: &str, name: &str| -> f32 {
        let at = line.find(&format!("{name}=\"")).expect("a bbox attribute") + name.len() + 2;
        line[at..].split('"').next().unwrap().parse().unwrap()
    };
    let mut out = Vec::new();
    for line in xml.lines().map(str::trim) {
        if line.starts_with("<word ") {
            out.push(Word {
                x_min: attr(line, "xMin"),
                y_min: attr(line, "yMin"),
                x_max: attr(line, "xMax"),
                y_max: attr(line, "yMax"),
            });
        }
    }
    out
}

/// The text of a DOCX as a reader sees it, paragraph by paragraph (tabs and
/// line breaks as nothing), the 目录 (its heading and its entries) left out.
pub fn docx_text(docx: &[u8]) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("a DOCX is a zip");
    let mut xml = String::new();
    zip.by_name("word/document.xml").expect("word/document.xml").read_to_string(&mut xml).unwrap();
    let mut out = String::new();
    for para in xml.split("<w:p>").skip(1) {
        let para = para.split("</w:p>").next().unwrap_or("");
        if ["TOC1", "TOC2", "TOCHeading"].iter().any(|s| para.contains(&format!("<w:pStyle w:val=\"{s}\"/>")))
        {
            continue;
        }
        // Each `<w:t>` or `<w:t …>` element's text, in order.
        for piece in para.split("<w:t").skip(1) {
            let Some(rest) = piece
                .strip_prefix('>')
                .or_else(|| piece.strip_prefix(' ').and_then(|p| p.split_once('>').map(|x| x.1)))
            else {
                continue; // <w:tab/>, <w:tbl>…
            };
            let text = rest.split("</w:t>").next().unwrap_or("");
            out.push_str(
                &text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&"),
            );
        }
    }
    out
}

/// Runs `check` on every item, two at a time (the machine has two cores; an
/// external checker is most of the time), and returns the failures' reports.
pub fn failures_on_two_threads<T: Sync>(
    items: &[T],
    check: impl Fn(&T) -> Option<String> + Sync,
) -> Vec<String> {
    if items.is_empty() {
        return Vec::new();
    }
    std::thread::scope(|s| {
        let check = &check;
        let handles: Vec<_> = items
            .chunks(items.len().div_ceil(2))
            .map(|chunk| s.spawn(move || chunk.iter().filter_map(check).collect::<Vec<_>>()))
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap()).collect()
    })
}
