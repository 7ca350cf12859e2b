//! Unprinted: Markdown → a warning for everything written that will not print as
//! written.
//!
//! In: the Markdown of a document and its [`Block`]s. Out: one [`Unprinted`] per
//! construct that some output cannot show, with the text to point at in the input,
//! what happens to it and what to write instead: raw HTML (printed as the text it
//! is), a picture in a heading or a table cell (its alt text stands in), a note
//! that is never cited (no page to print it at the foot of), a link's address
//! (only its text prints in the PDF and the DOCX), italic and struck-through text
//! (the PDF has no italic Chinese face and draws no strike line). Everything else
//! CommonMark and GFM define prints in every output (see the README's "Nothing is
//! dropped in silence").

use crate::markdown::{Block, Inline, Role, OPTIONS};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use std::collections::HashSet;

/// Something written that will not print as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unprinted {
    /// The text to look for in the input, to point the warning at.
    pub snippet: String,
    pub message: String,
    pub help: String,
}

fn note(snippet: &str, message: String, help: &str) -> Unprinted {
    Unprinted { snippet: snippet.to_string(), message, help: help.to_string() }
}

/// What in `markdown` (parsed into `blocks`) will not print as written.
pub fn find(markdown: &str, blocks: &[Block]) -> Vec<Unprinted> {
    let mut out = syntax(markdown);
    let cited: HashSet<&str> = blocks.iter().flat_map(all_runs).filter_map(|r| r.note.as_deref()).collect();
    for b in blocks.iter().filter(|b| b.role == Role::Note) {
        let label = b.id.as_deref().unwrap_or_default();
        if !cited.contains(label) {
            out.push(note(
                &format!("[^{label}]:"),
                format!("the note [^{label}] is never cited, so it has no page to print on"),
                &format!("cite it with [^{label}] right after the words it explains, or remove it"),
            ));
        }
    }
    let runs: Vec<&Inline> = blocks.iter().flat_map(all_runs).collect();
    let mut links = HashSet::new();
    for r in &runs {
        // An in-page anchor, or an address written as its own text (<https://…>).
        let shown = |l: &str| l.starts_with('#') || l.trim_start_matches("mailto:") == r.text.trim();
        if let Some(link) = r.link.as_deref().filter(|l| !shown(l)) {
            if links.insert(link) {
                out.push(note(
                    link,
                    format!("the address of the link \"{}\" ({link}) prints only in the HTML", r.text.trim()),
                    "the PDF and the DOCX print the link's text; write the address as text if readers of the print need it",
                ));
            }
        }
    }
    if let Some(r) = runs.iter().find(|r| r.italic && r.note.is_none() && !r.text.trim().is_empty()) {
        out.push(note(
            r.text.trim(),
            format!("*{}* prints upright in the PDF: Chinese type has no italic", r.text.trim()),
            "use **bold** for emphasis, or remove the asterisks",
        ));
    }
    if let Some(r) = runs.iter().find(|r| r.strike && !r.text.trim().is_empty()) {
        out.push(note(
            r.text.trim(),
            format!("~~{}~~ prints without its strike line in the PDF", r.text.trim()),
            "delete the text, or say in words that it is withdrawn",
        ));
    }
    out
}

/// Every run of a block: its text and its table cells.
fn all_runs(b: &Block) -> impl Iterator<Item = &Inline> {
    let cells = b.table.iter().flat_map(|t| t.header.iter().chain(t.rows.iter().flatten()).flatten());
    let caption = b.images.iter().flat_map(|m| m.caption.iter());
    b.inlines.iter().chain(cells).chain(caption)
}

/// Raw HTML, and pictures where they cannot print.
fn syntax(markdown: &str) -> Vec<Unprinted> {
    let mut out = Vec::new();
    let (mut in_heading, mut in_cell) = (false, false);
    for (event, range) in Parser::new_ext(markdown, OPTIONS).into_offset_iter() {
        match event {
            Event::Html(html) | Event::InlineHtml(html) => {
                let first = html.lines().next().unwrap_or_default().trim();
                if !first.is_empty() && !out.iter().any(|u: &Unprinted| u.snippet == first) {
                    out.push(note(
                        first,
                        format!("raw HTML is not passed through: {first} prints as the text it is"),
                        "write Markdown instead (**bold**, a list, a table), or remove the tags",
                    ));
                }
            }
            Event::Start(Tag::Heading { .. }) => in_heading = true,
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Start(Tag::TableCell) => in_cell = true,
            Event::End(TagEnd::TableCell) => in_cell = false,
            Event::Start(Tag::Image { .. }) if in_heading || in_cell => {
                let place = if in_cell { "a table cell" } else { "a heading" };
                out.push(note(
                    &markdown[range],
                    format!("a picture in {place} does not print; its alt text stands in its place"),
                    "put the picture on a line of its own, before or after the table or heading",
                ));
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::parse;

    #[test]
    fn what_cannot_print_is_named() {
        let md = "## 标题 ![图](a.png)\n\n<div>块</div>\n\n文字<b>粗</b>[^x] *斜* ~~删~~ [网站](https://example.org)\n\n\
                  [^x]: 引用的注。\n[^y]: 没有引用的注。\n\n| a |\n|---|\n| ![格](b.png) |\n";
        let found = find(md, &parse(md));
        let snippets: Vec<&str> = found.iter().map(|u| u.snippet.as_str()).collect();
        assert_eq!(
            snippets,
            vec![
                "![图](a.png)",
                "<div>块</div>",
                "<b>",
                "</b>",
                "![格](b.png)",
                "[^y]:",
                "https://example.org",
                "斜",
                "删"
            ]
        );
    }
}
