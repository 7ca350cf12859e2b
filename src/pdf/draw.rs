//! Draw: pages → the PDF bytes, through printpdf.
//!
//! In: the [`Pages`] from the paginator, metadata, fonts and geometry. Out: a
//! PDF with every glyph at the position the layout chose (absolute text matrix per
//! run, TJ offsets between glyphs), table rules, 目录 leaders and numbers, page
//! numbers `— N —` (odd right, even left, 1 字 in, 7 mm below the type area;
//! none on a page the paginator left unnumbered), the 公文 frame's marks (the
//! red 发文机关标志, condensed by `Tz` when it must be, and the rules),
//! bookmarks, metadata, and the fonts: [`super::embed`] writes their subsets with
//! a ToUnicode map. Output is
//! deterministic: font resource names, bookmark ids and the file /ID are derived
//! from the content, and the dates come from the metadata.

use super::deflate;
use super::embed::{self, GlyphMap};
use super::image::Images;
use super::outline;
use crate::fonts::{Face, FontRole, FontSet};
use crate::metadata::Metadata;
use crate::page::{self, BODY_SIZE, PAGE_NUMBER_SIZE};
use crate::typeset::geometry::Geometry;
use crate::typeset::measure;
use crate::typeset::paginate::Pages;
use crate::typeset::rows::{Mark, Placed, Row};
use printpdf::{
    Cmyk, Codepoint, Color, DictItem, FontId, Greyscale, Line, LineCapStyle, LineDashPattern, LinePoint, Mm,
    Op, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, TextItem, TextMatrix,
    TextRenderingMode,
};
use std::collections::BTreeMap;

/// Pages drawn and turned into content streams at a time. A longer document is
/// written chunk by chunk: each chunk's drawing operations are converted by
/// printpdf, its content streams deflated and moved into the first chunk's
/// document, and the operations freed — memory holds one chunk's operations and
/// the deflated pages, not every glyph of every page as operations.
const CHUNK: usize = 64;

/// Builds the PDF.
pub fn draw(pages: &Pages, meta: &Metadata, fonts: &FontSet, g: &Geometry) -> Result<Vec<u8>, String> {
    let mut font_ids = FontUse::default();
    let mut images = Images::default();
    let bookmarks: Vec<outline::Entry> = pages
        .outline
        .iter()
        .map(|b| outline::Entry {
            label: b.label.clone(),
            level: b.level,
            page: b.page,
            y: g.page_height - (g.top + b.line as f32 * g.pitch),
        })
        .collect();
    let opts =
        PdfSaveOptions { optimize: false, subset_fonts: false, secure: true, image_optimization: None };
    let mut chunks = pages.pages.chunks(CHUNK).enumerate();
    let mut lo = None;
    if pages.pages.len() <= CHUNK {
        // One chunk: the pages and the font subsets are made side by side.
        let doc = chunk_document(pages, 0, &pages.pages, meta, fonts, g, (&mut font_ids, &mut images))?;
        let (converted, subsets) = rayon::join(|| convert(&doc, &opts), || embed::prepare(&font_ids.maps));
        return finish(converted?, subsets?, &bookmarks, &images);
    }
    for (k, chunk) in &mut chunks {
        let doc = chunk_document(pages, k * CHUNK, chunk, meta, fonts, g, (&mut font_ids, &mut images))?;
        let mut converted = convert(&doc, &opts)?;
        drop(doc);
        deflate::compress_and_hash(&mut converted);
        match &mut lo {
            None => lo = Some(converted),
            Some(base) => append_pages(base, converted),
        }
    }
    let lo = lo.ok_or("PDF writer: no pages")?;
    finish(lo, embed::prepare(&font_ids.maps)?, &bookmarks, &images)
}

/// A printpdf document of the pages `chunk`, the first of which is page `first + 1`.
fn chunk_document(
    pages: &Pages,
    first: usize,
    chunk: &[crate::typeset::paginate::Page],
    meta: &Metadata,
    fonts: &FontSet,
    g: &Geometry,
    (font_ids, images): (&mut FontUse, &mut Images),
) -> Result<PdfDocument, String> {
    let mut doc = PdfDocument::new(&meta.title);
    let mut pdf_pages = Vec::with_capacity(chunk.len());
    for (k, page) in chunk.iter().enumerate() {
        pdf_pages.push(page_ops(pages, first + k, page, fonts, g, (font_ids, images))?);
    }
    doc.with_pages(pdf_pages);
    set_metadata(&mut doc, meta);
    Ok(doc)
}

/// The drawing of page `index` (from 0).
fn page_ops(
    pages: &Pages,
    index: usize,
    page: &crate::typeset::paginate::Page,
    fonts: &FontSet,
    g: &Geometry,
    (font_ids, images): (&mut FontUse, &mut Images),
) -> Result<PdfPage, String> {
    let number = index + 1;
    let left = g.left_on(number);
    let mut ops = vec![Op::SetFillColor { col: black() }];
    let mut text_ops = Vec::new();
    let mut rule_ops = Vec::new();
    let mut frame_ops = Vec::new();
    for (k, (line, row)) in page.rows.iter().enumerate() {
        let baseline = g.top + *line as f32 * g.pitch + g.baseline;
        let line_top = g.top + *line as f32 * g.pitch;
        for mark in &row.marks {
            match mark {
                Mark::Text { glyphs, y } => {
                    glyph_ops(glyphs, left, g.page_height - (line_top + y), font_ids, &mut text_ops)?
                }
                &Mark::Rule { x0, x1, y, width, red } => {
                    let y = g.page_height - (line_top + y);
                    frame_ops.push(Op::SaveGraphicsState);
                    frame_ops.push(Op::SetOutlineColor { col: if red { spot_red() } else { black() } });
                    frame_ops.push(Op::SetOutlineThickness { pt: Pt(width) });
                    frame_ops.push(rule(left + x0, y, left + x1, y));
                    frame_ops.push(Op::RestoreGraphicsState);
                }
            }
        }
        images.draw(row, left, g.top + *line as f32 * g.pitch, g.page_height, &mut ops);
        glyph_ops(&row.glyphs, left, g.page_height - baseline, font_ids, &mut text_ops)?;
        if let Some(target) = &row.toc_target {
            if let Some(&p) = pages.anchor_pages.get(target) {
                toc_number(row, p, left, baseline, fonts, g, font_ids, &mut text_ops, &mut rule_ops)?;
            }
        }
        if let Some(t) = &row.table {
            let top = g.page_height - (g.top + *line as f32 * g.pitch);
            let bottom = top - g.pitch;
            let right = *t.columns.last().unwrap_or(&g.width);
            // A table's first line on a page, and the line under a repeated
            // header, are ruled across (a period continued from the page before
            // has no rule of its own there).
            let prev = k.checked_sub(1).and_then(|j| page.rows.get(j)).and_then(|(_, r)| r.table.as_ref());
            let starts_here = prev.is_none_or(|p| p.table != t.table);
            let after_header = !t.header && prev.is_some_and(|p| p.table == t.table && p.header);
            let from = if starts_here || after_header { Some(0.0) } else { t.rule_from };
            if let Some(from) = from {
                rule_ops.push(rule(left + from, top, left + right, top));
            }
            for x in &t.columns {
                rule_ops.push(rule(left + x, top, left + x, bottom));
            }
            let next_same =
                page.rows.get(k + 1).and_then(|(_, r)| r.table.as_ref()).is_some_and(|n| n.table == t.table);
            if !next_same {
                rule_ops.push(rule(left, bottom, left + right, bottom));
            }
        }
    }
    // Footnotes under a rule a quarter of the line long.
    for (baseline, row) in &page.foot {
        glyph_ops(&row.glyphs, left, g.page_height - baseline, font_ids, &mut text_ops)?;
    }
    if let Some(y) = page.foot_rule {
        rule_ops.push(rule(left, g.page_height - y, left + g.width / 4.0, g.page_height - y));
    }
    if !page.unnumbered {
        page_number(number, fonts, g, font_ids, &mut text_ops)?;
    }
    ops.push(Op::StartTextSection);
    ops.extend(text_ops);
    ops.push(Op::EndTextSection);
    if !rule_ops.is_empty() {
        ops.push(Op::SaveGraphicsState);
        ops.push(Op::SetOutlineColor { col: black() });
        ops.push(Op::SetOutlineThickness { pt: Pt(0.75) });
        ops.extend(rule_ops);
        ops.push(Op::RestoreGraphicsState);
    }
    ops.extend(frame_ops);
    Ok(PdfPage::new(Mm(page::WIDTH_MM), Mm(page::HEIGHT_MM), ops))
}

/// printpdf's conversion of a document into lopdf objects.
fn convert(doc: &PdfDocument, opts: &PdfSaveOptions) -> Result<lopdf::Document, String> {
    let mut warnings = Vec::new();
    let lo = doc.to_lopdf_document(opts, &mut warnings);
    if let Some(w) = warnings.iter().find(|w| w.severity == printpdf::PdfParseErrorSeverity::Error) {
        return Err(format!("PDF writer: {}", w.msg));
    }
    Ok(lo)
}

/// Moves the pages of `chunk` (their content streams) to the end of `base`'s
/// page tree, sharing `base`'s resources.
fn append_pages(base: &mut lopdf::Document, mut chunk: lopdf::Document) {
    use lopdf::Object;
    let Some(first) = base.page_iter().next() else { return };
    let Ok(template) = base.get_dictionary(first).cloned() else { return };
    let Ok(Object::Reference(parent)) = template.get(b"Parent").cloned() else { return };
    let ids: Vec<lopdf::ObjectId> = chunk.page_iter().collect();
    let mut kids = Vec::with_capacity(ids.len());
    for id in ids {
        let contents = chunk.get_dictionary(id).ok().and_then(|d| d.get(b"Contents").ok().cloned());
        let stream = match contents {
            Some(Object::Reference(c)) => chunk.objects.remove(&c),
            _ => None,
        };
        let mut page = template.clone();
        match stream {
            Some(stream) => page.set("Contents", Object::Reference(base.add_object(stream))),
            None => page.remove(b"Contents").map_or((), |_| ()),
        }
        kids.push(Object::Reference(base.add_object(page)));
    }
    if let Ok(tree) = base.get_dictionary_mut(parent) {
        let count = tree.get(b"Count").and_then(Object::as_i64).unwrap_or(0) + kids.len() as i64;
        if let Ok(Object::Array(list)) = tree.get_mut(b"Kids") {
            list.extend(kids);
        }
        tree.set("Count", count);
    }
}

fn black() -> Color {
    Color::Greyscale(Greyscale { percent: 0.0, icc_profile: None })
}

/// The 公文 frame's one spot colour ([`page::RED_CMYK`]).
fn spot_red() -> Color {
    let [c, m, y, k] = page::RED_CMYK;
    Color::Cmyk(Cmyk { c, m, y, k, icc_profile: None })
}

fn rule(x0: f32, y0: f32, x1: f32, y1: f32) -> Op {
    let p = |x: f32, y: f32| LinePoint { p: Point { x: Pt(x), y: Pt(y) }, bezier: false };
    Op::DrawLine { line: Line { points: vec![p(x0, y0), p(x1, y1)], is_closed: false } }
}

/// A stable PDF resource name for a face: 6 capital letters (also the subset tag)
/// derived from the file name.
fn font_tag(face: &Face) -> String {
    let mut h: u32 = 2166136261;
    for b in face.name.bytes() {
        h = (h ^ b as u32).wrapping_mul(16777619);
    }
    (0..6).map(|k| (b'A' + ((h >> (k * 5)) % 26) as u8) as char).collect()
}

/// The faces a PDF uses, by resource name, with the glyphs drawn from each.
#[derive(Default)]
struct FontUse {
    maps: BTreeMap<String, GlyphMap>,
}

impl FontUse {
    /// The resource name of `face`, and its glyph map.
    fn face(&mut self, face: &'static Face) -> (String, &mut GlyphMap) {
        let tag = font_tag(face);
        let map = self.maps.entry(tag.clone()).or_insert_with(|| GlyphMap::new(face));
        (tag, map)
    }
}

/// `/Span << /ActualText <FEFF…> >> BDC`: text extraction reads `text` for the
/// glyphs up to the matching `EMC`.
fn actual_text(text: &str) -> Op {
    let mut data = vec![0xFE, 0xFF];
    data.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    let map = BTreeMap::from([("ActualText".to_string(), DictItem::String { data, literal: false })]);
    Op::BeginMarkedContentWithProperties { tag: "Span".to_string(), properties: DictItem::Dict { map } }
}

/// Text operations for placed glyphs on one baseline (`y` from the page bottom).
fn glyph_ops(
    glyphs: &[Placed],
    left: f32,
    y: f32,
    used: &mut FontUse,
    ops: &mut Vec<Op>,
) -> Result<(), String> {
    let mut k = 0;
    while k < glyphs.len() {
        let first = &glyphs[k].glyph;
        let mut end = k + 1;
        while end < glyphs.len() {
            let n = &glyphs[end].glyph;
            if !std::ptr::eq(n.face, first.face)
                || n.size != first.size
                || n.bold != first.bold
                || n.red != first.red
                || n.scale != first.scale
            {
                break;
            }
            end += 1;
        }
        let run = &glyphs[k..end];
        let size = first.size;
        let (tag, map) = used.face(first.face);
        let mut codes = Vec::with_capacity(run.len());
        let mut shared = false;
        for (j, p) in run.iter().enumerate() {
            let offset = match run.get(j + 1) {
                // Condensed (Tz): the advance and the offset are scaled in the PDF.
                Some(next) if first.scale != 1.0 => {
                    let pen = p.glyph.face.pdf_advance(p.glyph.gid, size);
                    -((next.x - p.x) / first.scale - pen) * 1000.0 / size
                }
                Some(next) => {
                    let pen = p.x + p.glyph.face.pdf_advance(p.glyph.gid, size);
                    -(next.x - pen) * 1000.0 / size
                }
                None => 0.0,
            };
            let offset = (offset * 100.0).round() / 100.0;
            // The ToUnicode map gives each glyph one text: the first character drawn
            // with it. Another character drawn with the same glyph (• and · in one
            // face, or two characters no font has, both the empty box) is marked
            // with /ActualText, so the PDF's text stays the document's text.
            let (gid, text_of) = map.use_glyph(p.glyph.gid, p.glyph.ch);
            shared |= text_of != p.glyph.ch;
            codes.push(Codepoint { gid, offset, cid: None });
        }
        if first.bold {
            ops.push(Op::SetTextRenderingMode { mode: TextRenderingMode::FillStroke });
            ops.push(Op::SetOutlineColor { col: black() });
            ops.push(Op::SetOutlineThickness { pt: Pt(0.4) });
        }
        if first.red {
            ops.push(Op::SetFillColor { col: spot_red() });
        }
        if first.scale != 1.0 {
            ops.push(Op::SetHorizontalScaling { percent: first.scale * 100.0 });
        }
        ops.push(Op::SetFont { font: PdfFontHandle::External(FontId(tag)), size: Pt(size) });
        ops.push(Op::SetTextMatrix { matrix: TextMatrix::Translate(Pt(left + run[0].x), Pt(y)) });
        if shared {
            ops.push(actual_text(&run.iter().map(|p| p.glyph.ch).collect::<String>()));
        }
        ops.push(Op::ShowText { items: vec![TextItem::GlyphIds(codes)] });
        if shared {
            ops.push(Op::EndMarkedContent);
        }
        if first.bold {
            ops.push(Op::SetTextRenderingMode { mode: TextRenderingMode::Fill });
        }
        if first.scale != 1.0 {
            ops.push(Op::SetHorizontalScaling { percent: 100.0 });
        }
        if first.red {
            ops.push(Op::SetFillColor { col: black() });
        }
        k = end;
    }
    Ok(())
}

/// `— N —`: odd pages right, even pages left, 1 字 (14 pt) in from the type area.
fn page_number(
    number: usize,
    fonts: &FontSet,
    g: &Geometry,
    used: &mut FontUse,
    ops: &mut Vec<Op>,
) -> Result<(), String> {
    let text = format!("— {number} —");
    let glyphs = placed_natural(&text, FontRole::PageNumber, PAGE_NUMBER_SIZE, fonts, g)?;
    let width = glyphs.last().map_or(0.0, |p| p.x + p.glyph.advance);
    let left = g.left_on(number);
    let x = if number % 2 == 1 { g.width - PAGE_NUMBER_SIZE - width } else { PAGE_NUMBER_SIZE };
    // The dash's middle sits about 0.3 em above the baseline; put it 7 mm below the area.
    let baseline = g.bottom() + page::pt(page::PAGE_NUMBER_BELOW_MM) + 0.3 * PAGE_NUMBER_SIZE;
    let shifted: Vec<Placed> = glyphs.into_iter().map(|p| Placed { x: p.x + x, ..p }).collect();
    glyph_ops(&shifted, left, g.page_height - baseline, used, ops)
}

/// Glyphs at their natural advances from x = 0.
fn placed_natural(
    text: &str,
    role: FontRole,
    size: f32,
    fonts: &FontSet,
    g: &Geometry,
) -> Result<Vec<Placed>, String> {
    let mut missing = Vec::new();
    let mut x = 0.0;
    let mut out = Vec::new();
    for ch in text.chars() {
        let glyph = measure::glyph(ch, false, role, size, fonts, g, &mut missing)?;
        let advance = if ch == ' ' { size / 4.0 } else { glyph.face.advance(glyph.gid, size) };
        out.push(Placed { glyph, x });
        x += advance;
    }
    Ok(out)
}

/// The page number of a 目录 line, right-aligned, with dot leaders before it.
#[allow(clippy::too_many_arguments)]
fn toc_number(
    row: &Row,
    page: usize,
    left: f32,
    baseline: f32,
    fonts: &FontSet,
    g: &Geometry,
    used: &mut FontUse,
    text_ops: &mut Vec<Op>,
    rule_ops: &mut Vec<Op>,
) -> Result<(), String> {
    let digits = placed_natural(&page.to_string(), FontRole::Body, BODY_SIZE, fonts, g)?;
    let width = digits.last().map_or(0.0, |p| p.x + p.glyph.face.advance(p.glyph.gid, BODY_SIZE));
    let start = g.width - width;
    let shifted: Vec<Placed> = digits.into_iter().map(|p| Placed { x: p.x + start, ..p }).collect();
    let y = g.page_height - baseline;
    glyph_ops(&shifted, left, y, used, text_ops)?;
    let text_end = row.glyphs.last().map_or(0.0, |p| p.x + p.glyph.advance);
    let (from, to) = (left + text_end + 4.0, left + start - 4.0);
    if to > from {
        rule_ops.push(Op::SetLineCapStyle { cap: LineCapStyle::Round });
        rule_ops.push(Op::SetLineDashPattern { dash: LineDashPattern::new(0.0, &[0.0, 4.0]) });
        rule_ops.push(Op::SetOutlineThickness { pt: Pt(1.2) });
        rule_ops.push(rule(from, y + 1.0, to, y + 1.0));
        rule_ops.push(Op::SetLineDashPattern { dash: LineDashPattern::solid() });
        rule_ops.push(Op::SetLineCapStyle { cap: LineCapStyle::Butt });
        rule_ops.push(Op::SetOutlineThickness { pt: Pt(0.75) });
    }
    Ok(())
}

fn set_metadata(doc: &mut PdfDocument, meta: &Metadata) {
    let date = printpdf::date::OffsetDateTime::from_unix_timestamp(meta.created)
        .unwrap_or_else(|_| printpdf::date::OffsetDateTime::epoch());
    let info = &mut doc.metadata.info;
    info.document_title = meta.title.clone();
    info.author = meta.author.clone();
    info.creator = "wengao".to_string();
    info.producer = format!("wengao {}", env!("CARGO_PKG_VERSION"));
    info.subject = meta.title.clone();
    info.creation_date = date;
    info.modification_date = date;
    info.metadata_date = date;
}

/// Adds the fonts and the bookmarks and serialises, with a file /ID derived from
/// the content, so equal input gives equal bytes.
fn finish(
    mut lo: lopdf::Document,
    subsets: Vec<embed::Subset<'_>>,
    bookmarks: &[outline::Entry],
    images: &Images,
) -> Result<Vec<u8>, String> {
    embed::insert(&mut lo, subsets);
    images.insert(&mut lo)?;
    outline::write(&mut lo, bookmarks);
    let id = deflate::compress_and_hash(&mut lo);
    let id_obj = lopdf::Object::String(id.to_be_bytes().to_vec(), lopdf::StringFormat::Hexadecimal);
    lo.trailer.set("ID", lopdf::Object::Array(vec![id_obj.clone(), id_obj]));
    let mut out = Vec::new();
    lo.save_to(&mut out).map_err(|e| format!("PDF writer: {e}"))?;
    Ok(out)
}
