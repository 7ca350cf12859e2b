//! HTML: blocks → one standalone HTML page that looks like the printed document.
//!
//! In: the [`Block`]s of the Markdown and the [`Templates`] (for the page shell
//! `page.html.tera`, which holds the CSS; the sheet's lengths come from
//! [`crate::page`] as `page.width`, `page.margin`, `page.line` …). Out: an HTML string: A4 sheets on screen
//! (cover and 目录 on their own sheet, each 篇 on a new sheet), print CSS with
//! `@page`. All text is escaped here; raw HTML from the input is shown as text and
//! links to anything but an in-page anchor or http(s)/mailto are dropped.

use crate::diagnostics::Report;
use crate::markdown::{Block, Inline, Role, Table, SIGNER_LABEL};
use crate::page::{self, css_mm, pt, TYPE_HEIGHT_MM, TYPE_WIDTH_MM};
use crate::picture::{Picture, ROW_GAP};
use crate::render::{Templates, PAGE_TEMPLATE};
use pulldown_cmark_escape::{escape_href, escape_html};
use serde::Serialize;
use std::collections::HashMap;
use std::path::PathBuf;

#[derive(Serialize)]
struct PageContext<'a> {
    title: &'a str,
    lang: &'a str,
    body: String,
    /// `@font-face` rules (see [`crate::webfonts`]).
    fonts_css: &'a str,
    page: PageCss,
    /// The 公文 frame is present: the page carries its CSS (pages without it stay
    /// byte for byte as before).
    frame: bool,
}

/// The sheet of [`crate::page`] as CSS lengths, for the page shell's rules.
#[derive(Serialize)]
struct PageCss {
    /// `210mm`
    width: String,
    /// `297mm`
    height: String,
    /// The margins, top right bottom left: `37mm 26mm 35mm 28mm`.
    margin: String,
    /// One grid line: `28.99pt`.
    line: String,
    /// What makes 16 pt characters 28 to the line: `-0.207pt`.
    letter_spacing: String,
}

impl PageCss {
    fn new() -> PageCss {
        let margin = [page::TOP_MM, page::RIGHT_MM, page::BOTTOM_MM, page::LEFT_MM].map(css_mm).join(" ");
        let line = page::pt(page::TYPE_HEIGHT_MM) / page::LINES as f32;
        let cell = page::pt(page::TYPE_WIDTH_MM) / page::CELLS as f32;
        PageCss {
            width: css_mm(page::WIDTH_MM),
            height: css_mm(page::HEIGHT_MM),
            margin,
            line: format!("{line:.2}pt"),
            letter_spacing: format!("{:.3}pt", cell - page::BODY_SIZE),
        }
    }
}

/// A picture block, embedded as `data:` URIs (the page must open on its own,
/// from an e-mail attachment) or linked ([`Pictures`]) at the size the PDF
/// prints it, centred, its
/// caption under it; a row of pictures side by side (kept on one printed page),
/// each caption under its picture, the row's own caption under the row. A
/// picture that cannot be printed leaves its alt text.
fn picture(out: &mut String, block: &Block, pictures: Pictures<'_>) {
    let files: Option<Vec<&Picture>> = block.images.iter().map(|m| m.file.as_deref()).collect();
    let Some(files) = files.filter(|f| !f.is_empty()) else {
        let alt: Vec<&str> = block.images.iter().map(|m| m.alt.as_str()).collect();
        out.push_str("<p class=\"picture\" style=\"text-indent:0;text-align:center\">");
        out.push_str(&esc(&alt.join(" ")));
        out.push_str("</p>\n");
        return;
    };
    let percent = block.images.iter().find_map(|m| m.width);
    let sizes = Picture::fit_row(&files, percent, pt(TYPE_WIDTH_MM), pt(TYPE_HEIGHT_MM));
    let mm = |points: f32| points / 72.0 * 25.4;
    if let ([image], [file], [(w, _)]) = (&block.images[..], &files[..], &sizes[..]) {
        out.push_str("<p class=\"picture\" style=\"text-indent:0;text-align:center\">");
        img(out, file, &image.alt, mm(*w), pictures);
        out.push_str("</p>\n");
        caption(out, &image.caption);
        return;
    }
    out.push_str(
        "<div class=\"picture-row\" style=\"display:flex;justify-content:center;align-items:flex-start;\
         break-inside:avoid;page-break-inside:avoid\">\n",
    );
    for ((image, file), (w, _)) in block.images.iter().zip(&files).zip(&sizes) {
        out.push_str(&format!("<div style=\"flex:none;width:{:.1}mm\">", mm(w + ROW_GAP)));
        out.push_str("<p class=\"picture\" style=\"text-indent:0;text-align:center\">");
        img(out, file, &image.alt, mm(*w), pictures);
        out.push_str("</p>");
        caption(out, &image.caption);
        out.push_str("</div>\n");
    }
    out.push_str("</div>\n");
    caption(out, &block.inlines);
}

/// An `<img>` of `file`, `width_mm` wide.
fn img(out: &mut String, file: &Picture, alt: &str, width_mm: f32, pictures: Pictures<'_>) {
    let src = match pictures.linked(file) {
        Some(url) => {
            let mut href = String::new();
            let _ = escape_href(&mut href, url);
            href
        }
        None => format!("data:{};base64,{}", file.mime(), crate::webfonts::base64(&file.bytes)),
    };
    out.push_str(&format!(
        "<img src=\"{src}\" alt=\"{}\" style=\"width:{:.1}mm;max-width:100%;image-orientation:from-image\">",
        esc(alt),
        width_mm
    ));
}

impl Pictures<'_> {
    /// The link to `file`, when pictures are linked.
    fn linked(&self, file: &Picture) -> Option<&str> {
        match self {
            Pictures::Embedded => None,
            Pictures::Linked(urls) => urls.get(&file.path).map(String::as_str),
        }
    }
}

/// A centred caption paragraph, if there is one.
fn caption(out: &mut String, runs: &[Inline]) {
    if !runs.is_empty() {
        out.push_str("<p class=\"caption\" style=\"text-indent:0;text-align:center\">");
        out.push_str(&inlines(runs));
        out.push_str("</p>\n");
    }
}

/// Where the page's `<img>`s find their pictures.
#[derive(Clone, Copy, Debug)]
pub enum Pictures<'a> {
    /// Inside the page, as `data:` URIs: it opens on its own (from an e-mail
    /// attachment).
    Embedded,
    /// Linked: the URL (relative to the page) of each picture, by the path it
    /// was read from (`--html-assets DIR`).
    Linked(&'a HashMap<PathBuf, String>),
}

/// Renders the whole page; `fonts_css` holds the page's `@font-face` rules.
pub fn page(
    blocks: &[Block],
    title: &str,
    fonts_css: &str,
    templates: &Templates,
    pictures: Pictures<'_>,
) -> Result<String, Report> {
    let body = body(blocks, pictures);
    let context =
        PageContext { title, lang: "zh-CN", body, fonts_css, page: PageCss::new(), frame: has_frame(blocks) };
    templates.render(PAGE_TEMPLATE, &context)
}

/// The sheets of the document: `<section class="sheet">` elements.
pub fn body(blocks: &[Block], pictures: Pictures<'_>) -> String {
    let mut out = String::with_capacity(blocks.len() * 200);
    out.push_str("<section class=\"sheet\">\n");
    let mut imprint: &[Block] = &[];
    let mut i = 0;
    while i < blocks.len() {
        let block = &blocks[i];
        match block.role {
            Role::Part => {
                out.push_str("</section>\n<section class=\"sheet\">\n");
                heading(&mut out, "h1", "part", block);
            }
            Role::Title => {
                out.push_str("<h1 class=\"title\">");
                let text = inlines(&block.inlines);
                out.push_str(&text.replace('\u{2028}', "<br>"));
                out.push_str("</h1>\n");
            }
            Role::Heading(level) => {
                let tag = format!("h{}", level + 1);
                heading(&mut out, &tag, &format!("h{level}"), block);
            }
            Role::Toc => {
                out.push_str("<nav class=\"toc\">\n<h2 class=\"toc-title\">");
                out.push_str(&inlines(&block.inlines));
                out.push_str("</h2>\n");
                i += 1;
                while i < blocks.len() && matches!(blocks[i].role, Role::TocEntry { .. }) {
                    toc_entry(&mut out, &blocks[i]);
                    i += 1;
                }
                out.push_str("</nav>\n");
                continue;
            }
            Role::TocEntry { .. } => toc_entry(&mut out, block),
            Role::Signature => {
                // 落款: organisation and date share a right-aligned box so the date
                // can start 2 characters right of the organisation (GB/T 9704 §7.3.5);
                // with the seal, the date 4 characters in and the organisation
                // centred over it.
                out.push_str(closing_open(block));
                paragraph(&mut out, "signature", block);
                if let Some(date) = blocks.get(i + 1).filter(|b| b.role == Role::Date) {
                    paragraph(&mut out, "date", date);
                    i += 1;
                }
                out.push_str("</div></div>\n");
            }
            Role::Date => {
                out.push_str(closing_open(block));
                paragraph(&mut out, "date", block);
                out.push_str("</div></div>\n");
            }
            Role::Table => {
                if let Some(t) = &block.table {
                    table(&mut out, t);
                }
            }
            Role::ListItem { depth } => {
                let class = format!("item depth-{depth}");
                out.push_str(&format!("<p class=\"{class}\">"));
                if let Some(m) = &block.marker {
                    out.push_str(&format!("<span class=\"marker\">{}</span>", esc(m)));
                }
                out.push_str(&inlines(&block.inlines));
                out.push_str("</p>\n");
            }
            Role::Subtitle => paragraph(&mut out, "subtitle", block),
            Role::ScheduleTitle => paragraph(&mut out, "schedule-title", block),
            Role::Attachment => paragraph(&mut out, "attachment", block),
            Role::Paragraph => paragraph(&mut out, "", block),
            Role::CodeBlock => {
                out.push_str("<pre><code>");
                out.push_str(&esc(&block.plain_text()));
                out.push_str("</code></pre>\n");
            }
            Role::Rule => out.push_str("<hr>\n"),
            // The 公文 frame: the 版头 before the title, the 版记 after everything,
            // each taken whole from its first block.
            Role::CopyNumber
            | Role::Secrecy
            | Role::Urgency
            | Role::Issuer
            | Role::IssuerSuffix
            | Role::DocNumber
            | Role::Signer => {
                let end = Block::frame_end(blocks, i);
                masthead(&mut out, &blocks[i..end]);
                i = end;
                continue;
            }
            Role::CopyTo | Role::PrintedBy | Role::PrintedOn => {
                let end = Block::frame_end(blocks, i);
                imprint = &blocks[i..end];
                i = end;
                continue;
            }
            Role::Addressee => paragraph(&mut out, "addressee", block),
            Role::Remark => paragraph(&mut out, "remark", block),
            // An issued document starts a new sheet under its label.
            Role::AnnexLabel => {
                out.push_str("</section>\n<section class=\"sheet\">\n");
                paragraph(&mut out, "annex", block);
            }
            Role::Picture => picture(&mut out, block, pictures),
            // Printed at the end (below), linked from where they are cited.
            Role::Note => {}
        }
        i += 1;
    }
    notes(&mut out, blocks);
    imprint_html(&mut out, imprint);
    out.push_str("</section>\n");
    out
}

/// Whether the blocks carry the 公文 frame (the page then has its CSS).
fn has_frame(blocks: &[Block]) -> bool {
    blocks.iter().any(|b| {
        b.is_masthead()
            || b.is_imprint()
            || b.seal
            || matches!(b.role, Role::Addressee | Role::Remark | Role::AnnexLabel)
    })
}

/// The 版头: 份号/密级/紧急程度 top-left, the red 标志 centred 35 mm below the
/// type area's top (a joint issue: the names stacked, `文件` beside them), the
/// 发文字号 (with the 签发人 of a 上行文) over the red rule.
fn masthead(out: &mut String, blocks: &[Block]) {
    let of = |role: Role| blocks.iter().filter(move |b| b.role == role);
    out.push_str("<header class=\"masthead\">\n");
    let mut marks = 0;
    for b in blocks.iter().filter(|b| matches!(b.role, Role::CopyNumber | Role::Secrecy | Role::Urgency)) {
        paragraph(out, "mark", b);
        marks += 1;
    }
    let issuers: Vec<&Block> = of(Role::Issuer).collect();
    let suffix = of(Role::IssuerSuffix).next();
    if !issuers.is_empty() || suffix.is_some() {
        // The 标志 at 42 pt, smaller when a long name needs it (the PDF and the
        // DOCX condense it instead); a joint issue's names in 小一 (24 pt).
        let widest = issuers.iter().map(|b| width(&b.plain_text())).fold(0.0, f32::max);
        let suffix_w = suffix.map_or(0.0, |b| width(&b.plain_text()));
        let across =
            if issuers.len() > 1 { widest * 24.0 / 42.0 + suffix_w + 0.5 } else { widest + suffix_w };
        let size = (page::pt(TYPE_WIDTH_MM) / across.max(1.0)).min(42.0).floor();
        let line = page::pt(TYPE_HEIGHT_MM) / page::LINES as f32;
        let above = match marks {
            0 => "35mm".to_string(),
            n => format!("calc(35mm - {}pt)", (line * n as f32 * 100.0).round() / 100.0),
        };
        out.push_str(&format!("<div class=\"issuer\" style=\"font-size:{size}pt;margin-top:{above}\">"));
        if issuers.len() > 1 {
            out.push_str(&format!(
                "<div class=\"names\" style=\"font-size:{}pt\">",
                (size * 24.0 / 42.0).floor()
            ));
            for b in &issuers {
                out.push_str(&format!("<p>{}</p>", inlines(&b.inlines)));
            }
            out.push_str("</div>");
        } else if let Some(b) = issuers.first() {
            out.push_str(&format!("<p>{}</p>", inlines(&b.inlines)));
        }
        if let Some(s) = suffix {
            out.push_str(&format!("<p class=\"issuer-suffix\">{}</p>", inlines(&s.inlines)));
        }
        out.push_str("</div>\n");
    }
    let number = of(Role::DocNumber).next();
    let signers: Vec<&Block> = of(Role::Signer).collect();
    if number.is_some() || !signers.is_empty() {
        let class = if signers.is_empty() { "doc-number" } else { "doc-number upward" };
        out.push_str(&format!("<div class=\"{class}\"><p class=\"number\">"));
        if let Some(n) = number {
            out.push_str(&inlines(&n.inlines));
        }
        out.push_str("</p>");
        if !signers.is_empty() {
            out.push_str(&format!("<p class=\"signers\"><span>{SIGNER_LABEL}</span><span>"));
            for (k, s) in signers.iter().enumerate() {
                // Two names a line, the next line under the first name.
                let sep = if k == 0 {
                    ""
                } else if k % 2 == 0 {
                    "<br>"
                } else {
                    "\u{3000}"
                };
                // The Markdown carries the label before the first name.
                let name = inlines(&s.inlines_after(SIGNER_LABEL));
                out.push_str(&format!("{sep}<span class=\"signer\">{name}</span>"));
            }
            out.push_str("</span></p>");
        }
        out.push_str("</div>\n");
    }
    out.push_str("</header>\n");
}

/// The 版记 at the foot of the last sheet: 抄送, then 印发机关 and 印发日期 on one
/// line, between rules.
fn imprint_html(out: &mut String, blocks: &[Block]) {
    if blocks.is_empty() {
        return;
    }
    out.push_str("<footer class=\"imprint\">\n");
    if let Some(cc) = blocks.iter().find(|b| b.role == Role::CopyTo) {
        paragraph(out, "copy-to", cc);
    }
    let by = blocks.iter().find(|b| b.role == Role::PrintedBy);
    let on = blocks.iter().find(|b| b.role == Role::PrintedOn);
    if by.is_some() || on.is_some() {
        out.push_str("<p class=\"printed\">");
        for (class, b) in [("printed-by", by), ("printed-on", on)] {
            let text = b.map(|b| inlines(&b.inlines)).unwrap_or_default();
            out.push_str(&format!("<span class=\"{class}\">{text}</span>"));
        }
        out.push_str("</p>\n");
    }
    out.push_str("</footer>\n");
}

/// Width in characters: a Han character one, an ASCII one half.
fn width(text: &str) -> f32 {
    text.chars().map(|c| if c.is_ascii() { 0.5 } else { 1.0 }).sum()
}

/// The 落款's box, with the seal's layout when the seal is applied.
fn closing_open(block: &Block) -> &'static str {
    if block.seal {
        "<div class=\"closing seal\"><div class=\"closing-box\">"
    } else {
        "<div class=\"closing\"><div class=\"closing-box\">"
    }
}

/// The footnotes, at the end of the page under a short rule, each linked back to
/// the place that cites it.
fn notes(out: &mut String, blocks: &[Block]) {
    let mut notes = blocks.iter().filter(|b| b.role == Role::Note).peekable();
    if notes.peek().is_none() {
        return;
    }
    out.push_str("<aside class=\"notes\"><hr style=\"width:25%;margin-left:0\">\n");
    for note in notes {
        let label = esc(note.id.as_deref().unwrap_or_default());
        out.push_str(&format!(
            "<p class=\"note\" id=\"fn-{label}\" style=\"text-indent:0;font-size:12pt\">\
             <a href=\"#fnref-{label}\">[{label}]</a> {}</p>\n",
            inlines(&note.inlines).trim()
        ));
    }
    out.push_str("</aside>\n");
}

fn heading(out: &mut String, tag: &str, class: &str, block: &Block) {
    out.push_str(&format!("<{tag} class=\"{class}\""));
    if let Some(id) = &block.id {
        out.push_str(&format!(" id=\"{}\"", esc(id)));
    }
    out.push('>');
    out.push_str(&inlines(&block.inlines));
    out.push_str(&format!("</{tag}>\n"));
}

fn paragraph(out: &mut String, class: &str, block: &Block) {
    if class.is_empty() {
        out.push_str("<p>");
    } else {
        out.push_str(&format!("<p class=\"{class}\">"));
    }
    out.push_str(&inlines(&block.inlines));
    out.push_str("</p>\n");
}

fn toc_entry(out: &mut String, block: &Block) {
    let depth = match block.role {
        Role::TocEntry { depth } => depth,
        _ => 0,
    };
    out.push_str(&format!("<p class=\"toc-entry depth-{depth}\">"));
    out.push_str(&inlines(&block.inlines));
    out.push_str("</p>\n");
}

fn table(out: &mut String, t: &Table) {
    let class = if t.schedule { " class=\"schedule\"" } else { "" };
    out.push_str(&format!("<table{class}>\n<thead><tr>"));
    for cell in &t.header {
        out.push_str(&format!("<th>{}</th>", inlines(cell)));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for (r, row) in t.rows.iter().enumerate() {
        out.push_str("<tr>");
        for (c, cell) in row.iter().enumerate() {
            if t.schedule && c == 0 {
                if cell.is_empty() && r > 0 {
                    continue; // covered by the rowspan of the period above
                }
                let span = 1 + t.rows[r + 1..]
                    .iter()
                    .take_while(|next| next.first().is_none_or(|f| f.is_empty()))
                    .count();
                if span > 1 {
                    out.push_str(&format!("<td rowspan=\"{span}\" class=\"when\">{}</td>", inlines(cell)));
                } else {
                    out.push_str(&format!("<td class=\"when\">{}</td>", inlines(cell)));
                }
                continue;
            }
            out.push_str(&format!("<td>{}</td>", inlines(cell)));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

/// Runs → escaped inline HTML.
pub fn inlines(runs: &[Inline]) -> String {
    let mut out = String::new();
    for run in runs {
        if let Some(label) = &run.note {
            let label = esc(label);
            out.push_str(&format!("<sup><a href=\"#fn-{label}\" id=\"fnref-{label}\">[{label}]</a></sup>"));
            continue;
        }
        let mut text = esc(&run.text).replace('\n', "<br>");
        if run.code {
            text = format!("<code>{text}</code>");
        }
        if run.strike {
            text = format!("<del>{text}</del>");
        }
        if run.italic {
            text = format!("<em>{text}</em>");
        }
        if run.bold {
            text = format!("<strong>{text}</strong>");
        }
        match run.link.as_deref().filter(|l| safe_link(l)) {
            Some(link) => {
                let mut href = String::new();
                let _ = escape_href(&mut href, link);
                out.push_str(&format!("<a href=\"{href}\">{text}</a>"));
            }
            None => out.push_str(&text),
        }
    }
    out
}

/// Links kept in the page: in-page anchors and web or mail addresses.
fn safe_link(link: &str) -> bool {
    let lower = link.trim().to_ascii_lowercase();
    lower.starts_with('#')
        || lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("mailto:")
}

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let _ = escape_html(&mut out, s);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::parse;

    #[test]
    fn user_markup_is_escaped() {
        let html = body(&parse(
            "<script>alert(1)</script> <img src=x onerror=alert(1)>\n\n[x](javascript:alert(1)) [ok](#s-1)",
        ), Pictures::Embedded);
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("href=\"javascript"), "{html}");
        assert!(html.contains("<a href=\"#s-1\">ok</a>"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn the_frame_has_its_masthead_annex_sheet_and_imprint_last() {
        let md = "###### 000001 {.copy-number}\n###### 甲局 {.issuer}\n###### 乙会 {.issuer}\n\
                  ###### 文件 {.issuer-suffix}\n###### 甲〔2025〕1号 {.doc-number}\n###### 签发人：张三 {.signer}\n\n\
                  # 通知 {.title}\n\n###### 各校： {.addressee}\n\n正文。\n\n\
                  ###### 甲局 {.signature .seal}\n\n###### 2025年1月6日 {.date .seal}\n\n\
                  ###### （联系人：乙） {.remark}\n\n###### 附件1 {.annex}\n\n# 计划 {.title}\n\n\
                  ###### 抄送：丙。 {.copy-to}\n\n###### 甲局办公室 {.printed-by}\n\n\
                  ###### 2025年1月6日印发 {.printed-on}\n";
        let blocks = parse(md);
        assert!(has_frame(&blocks));
        let html = body(&blocks, Pictures::Embedded);
        let at = |needle: &str| html.find(needle).unwrap_or_else(|| panic!("{needle} in {html}"));
        assert!(at("<header class=\"masthead\">") < at("<h1 class=\"title\">通知"));
        assert!(
            at("<p>甲局</p><p>乙会</p></div><p class=\"issuer-suffix\">文件</p>")
                > at("<div class=\"names\" style=\"font-size:24pt\">")
        );
        assert!(at("<div class=\"doc-number upward\">") < at("签发人："));
        assert_eq!(html.matches("签发人：").count(), 1, "the Markdown's label set apart once");
        assert!(at("<div class=\"closing seal\">") < at("<p class=\"remark\">"));
        // The issued document on a sheet of its own, the 版记 at the end of the last.
        assert!(at("</section>\n<section class=\"sheet\">\n<p class=\"annex\">附件1</p>") < at("计划"));
        assert!(
            html.ends_with("<span class=\"printed-on\">2025年1月6日印发</span></p>\n</footer>\n</section>\n")
        );
        assert!(!has_frame(&parse("# 计划 {.title}\n\n正文。\n")));
    }

    #[test]
    fn schedule_rows_span_their_period() {
        let md = "###### 附 {.schedule}\n\n| 月份 | 工作要点 |\n| --- | --- |\n| 二月 | 1. 开会 |\n|  | 2. 公开 |\n| 三月 | 1. 活动 |\n";
        let html = body(&parse(md), Pictures::Embedded);
        assert!(html.contains("<td rowspan=\"2\" class=\"when\">二月</td>"), "{html}");
        assert!(html.contains("<td class=\"when\">三月</td>"), "{html}");
    }
}
