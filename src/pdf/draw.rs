//! Draw: pages → the PDF bytes, through printpdf.
//!
//! In: the [`Page`]s from the paginator, one at a time as they are filled
//! ([`Writer::page`]), then the [`Typeset`]'s anchors and bookmarks
//! ([`Writer::finish`]); metadata, fonts and geometry. Out: a PDF with every
//! glyph at the position the layout chose (absolute text matrix per run, TJ
//! offsets between glyphs), table rules, 目录 leaders and numbers, page numbers
//! `— N —` (odd right, even left, 1 字 in, 7 mm below the type area; none on a
//! page the paginator left unnumbered), the 公文 frame's marks (the red
//! 发文机关标志, condensed by `Tz` when it must be, and the rules), bookmarks,
//! metadata, and the fonts: [`super::embed`] writes their subsets with a
//! ToUnicode map. Output is deterministic: font resource names, bookmark ids and
//! the file /ID are derived from the content, and the dates come from the
//! metadata.

use super::deflate;
use super::embed::{self, GlyphMap};
use super::image::Images;
use super::outline;
use super::serial::Serial;
use crate::fonts::{Face, FontRole, FontSet};
use crate::metadata::Metadata;
use crate::page::{self, BODY_SIZE, PAGE_NUMBER_SIZE};
use crate::typeset::geometry::Geometry;
use crate::typeset::measure;
use crate::typeset::paginate::Page;
use crate::typeset::rows::{Mark, Placed, Row};
use crate::typeset::Typeset;
use printpdf::{
    Cmyk, Codepoint, Color, DictItem, FontId, Greyscale, Line, LineCapStyle, LineDashPattern, LinePoint, Mm,
    Op, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, TextItem, TextMatrix,
    TextRenderingMode,
};
use std::collections::{BTreeMap, HashMap};

/// Pages drawn and turned into content streams at a time. A longer document is
/// written chunk by chunk as its pages come: each chunk's drawing operations are
/// converted by printpdf, its content streams deflated and moved into the first
/// chunk's document, and the operations and glyphs freed — memory holds one
/// chunk's pages and the deflated content streams, not the document's glyphs.
const CHUNK: usize = 64;

/// The PDF being written, a page at a time.
pub struct Writer<'a> {
    meta: &'a Metadata,
    fonts: &'a FontSet,
    g: &'a Geometry,
    font_ids: FontUse,
    images: Images,
    /// Pages not drawn yet, with their numbers.
    waiting: Vec<(usize, Page)>,
    /// Pages with 目录 lines: drawn last, when every anchor's page is known.
    toc: Vec<(usize, Page)>,
    /// The file, once a first chunk is written.
    file: Option<Streamed>,
}

/// A long document being written: the pages of each chunk go into the file as
/// soon as they are converted.
struct Streamed {
    serial: Serial,
    /// The first chunk's document: the catalog, the page tree, the shared
    /// resources, the first chunk's page dictionaries; the fonts, pictures and
    /// bookmarks' root join it at the end.
    base: lopdf::Document,
    /// A page dictionary to copy for the pages of later chunks.
    template: lopdf::Dictionary,
    /// Each page's number and object, in the order written.
    kids: Vec<(usize, lopdf::ObjectId)>,
    /// The hash of every chunk's contents (for the file /ID).
    hash: crate::hash::Fnv128,
}

impl<'a> Writer<'a> {
    /// A PDF with no pages yet.
    pub fn new(meta: &'a Metadata, fonts: &'a FontSet, g: &'a Geometry) -> Writer<'a> {
        Writer {
            meta,
            fonts,
            g,
            font_ids: FontUse::default(),
            images: Images::default(),
            waiting: Vec::new(),
            toc: Vec::new(),
            file: None,
        }
    }

    /// Takes page `number` (1-based, in order); writes a chunk when one is full.
    pub fn page(&mut self, number: usize, page: Page) -> Result<(), String> {
        if page.rows.iter().any(|(_, r)| r.toc_target.is_some()) {
            self.toc.push((number, page));
        } else {
            self.waiting.push((number, page));
        }
        // One more than a chunk: a document of one chunk is written in one go.
        if self.waiting.len() > CHUNK {
            let rest = self.waiting.split_off(CHUNK);
            let chunk = std::mem::replace(&mut self.waiting, rest);
            self.write_chunk(chunk, &HashMap::new())?;
        }
        Ok(())
    }

    /// Converts `chunk` (drawn with the anchors' pages `anchors`), deflates its
    /// content streams and writes them and its pages into the file.
    fn write_chunk(
        &mut self,
        chunk: Vec<(usize, Page)>,
        anchors: &HashMap<String, usize>,
    ) -> Result<(), String> {
        use lopdf::Object;
        let numbers: Vec<usize> = chunk.iter().map(|(n, _)| *n).collect();
        let doc = self.document(&chunk, anchors)?;
        drop(chunk);
        let mut converted = convert(&doc)?;
        drop(doc);
        let hash = deflate::compress_and_hash(&mut converted);
        // Each page's number, object and content stream (taken out).
        let ids: Vec<lopdf::ObjectId> = converted.page_iter().collect();
        let mut pages = Vec::with_capacity(ids.len());
        for (id, number) in ids.into_iter().zip(numbers) {
            let contents = converted.get_dictionary(id).ok().and_then(|d| d.get(b"Contents").ok());
            let Some(c) = contents.and_then(|o| o.as_reference().ok()) else { continue };
            if let Some(stream) = converted.objects.remove(&c) {
                pages.push((number, id, c, stream));
            }
        }
        let first = self.file.is_none();
        let file = match &mut self.file {
            Some(file) => file,
            None => {
                let template = pages.first().and_then(|p| converted.get_dictionary(p.1).ok()).cloned();
                let template = template.ok_or("PDF writer: a chunk without pages")?;
                let serial = Serial::new(&converted);
                let base = std::mem::take(&mut converted);
                self.file.insert(Streamed {
                    serial,
                    base,
                    template,
                    kids: Vec::new(),
                    hash: Default::default(),
                })
            }
        };
        file.hash.write(&hash.to_le_bytes());
        for (number, id, c, stream) in pages {
            if first {
                // The first chunk's pages stay in the base (the shared resources
                // are found through them); their content streams go.
                file.serial.object(c, &stream);
                file.kids.push((number, id));
                continue;
            }
            let c = file.base.new_object_id();
            file.serial.object(c, &stream);
            let mut page = file.template.clone();
            page.set("Contents", Object::Reference(c));
            let p = file.base.new_object_id();
            file.serial.object(p, &Object::Dictionary(page));
            file.kids.push((number, p));
        }
        Ok(())
    }

    /// A printpdf document of the pages `chunk`.
    fn document(
        &mut self,
        chunk: &[(usize, Page)],
        anchors: &HashMap<String, usize>,
    ) -> Result<PdfDocument, String> {
        let mut doc = PdfDocument::new(&self.meta.title);
        let mut pdf_pages = Vec::with_capacity(chunk.len());
        for (number, page) in chunk {
            let used = (&mut self.font_ids, &mut self.images);
            pdf_pages.push(page_ops(anchors, *number, page, self.fonts, self.g, used)?);
        }
        doc.with_pages(pdf_pages);
        set_metadata(&mut doc, self.meta);
        Ok(doc)
    }

    /// The last page is in: draws what is left (the 目录 pages with their
    /// numbers), adds the fonts and bookmarks and serialises.
    pub fn finish(mut self, typeset: &Typeset) -> Result<Vec<u8>, String> {
        let g = self.g;
        let bookmarks: Vec<outline::Entry> = typeset
            .outline
            .iter()
            .map(|b| outline::Entry {
                label: b.label.clone(),
                level: b.level,
                page: b.page,
                y: g.page_height - (g.top + b.line as f32 * g.pitch),
            })
            .collect();
        let mut rest = std::mem::take(&mut self.waiting);
        rest.append(&mut self.toc);
        rest.sort_by_key(|(n, _)| *n);
        if self.file.is_none() {
            // One chunk: the pages (converted and deflated) and the font subsets
            // are made side by side.
            let doc = self.document(&rest, &typeset.anchor_pages)?;
            let pages = || {
                let mut lo = convert(&doc)?;
                deflate::compress(&mut lo);
                Ok::<_, String>(lo)
            };
            let (converted, subsets) = rayon::join(pages, || embed::prepare(&self.font_ids.maps));
            return finish(converted?, subsets?, &bookmarks, &self.images);
        }
        if !rest.is_empty() {
            self.write_chunk(rest, &typeset.anchor_pages)?;
        }
        let subsets = embed::prepare(&self.font_ids.maps)?;
        let Streamed { mut serial, mut base, mut kids, mut hash, .. } =
            self.file.take().ok_or("PDF writer: no pages")?;
        // The page tree in page order (the 目录 pages were written last).
        kids.sort_by_key(|(n, _)| *n);
        let pages: Vec<lopdf::ObjectId> = kids.into_iter().map(|(_, id)| id).collect();
        let tree = base.catalog().and_then(|c| c.get(b"Pages")).and_then(lopdf::Object::as_reference);
        let tree = tree.map_err(|e| format!("PDF writer: {e}"))?;
        if let Ok(tree) = base.get_dictionary_mut(tree) {
            tree.set("Kids", pages.iter().map(|&id| lopdf::Object::Reference(id)).collect::<Vec<_>>());
            tree.set("Count", pages.len() as i64);
        }
        embed::insert(&mut base, subsets);
        self.images.insert(&mut base)?;
        outline::write(&mut base, &bookmarks, &pages, &mut |id, o| serial.object(id, &o));
        hash.write(&deflate::compress_and_hash(&mut base).to_le_bytes());
        set_id(&mut base, hash.finish());
        Ok(serial.finish(base))
    }
}

/// The drawing of page `number` (1-based); `anchors` gives the pages its 目录
/// lines show.
fn page_ops(
    anchors: &HashMap<String, usize>,
    number: usize,
    page: &Page,
    fonts: &FontSet,
    g: &Geometry,
    (font_ids, images): (&mut FontUse, &mut Images),
) -> Result<PdfPage, String> {
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
            if let Some(&p) = anchors.get(target) {
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
fn convert(doc: &PdfDocument) -> Result<lopdf::Document, String> {
    let opts =
        PdfSaveOptions { optimize: false, subset_fonts: false, secure: true, image_optimization: None };
    let mut warnings = Vec::new();
    let lo = doc.to_lopdf_document(&opts, &mut warnings);
    if let Some(w) = warnings.iter().find(|w| w.severity == printpdf::PdfParseErrorSeverity::Error) {
        return Err(format!("PDF writer: {}", w.msg));
    }
    Ok(lo)
}

/// The file /ID, derived from the content.
fn set_id(lo: &mut lopdf::Document, id: u128) {
    let id_obj = lopdf::Object::String(id.to_be_bytes().to_vec(), lopdf::StringFormat::Hexadecimal);
    lo.trailer.set("ID", lopdf::Object::Array(vec![id_obj.clone(), id_obj]));
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
    let pages: Vec<lopdf::ObjectId> = lo.page_iter().collect();
    let mut marks = Vec::new();
    outline::write(&mut lo, bookmarks, &pages, &mut |id, o| marks.push((id, o)));
    lo.objects.extend(marks);
    let id = deflate::compress_and_hash(&mut lo);
    set_id(&mut lo, id);
    let mut out = Vec::new();
    lo.save_to(&mut out).map_err(|e| format!("PDF writer: {e}"))?;
    Ok(out)
}
