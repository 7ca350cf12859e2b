//! Embed: the faces a PDF draws with → font subsets, written into the PDF by
//! wengao itself.
//!
//! In: for every face used, the glyphs drawn (in the order they were first drawn)
//! and the character each stands for. Out: the PDF objects of a composite font per
//! face — `Type0` with `Identity-H`, its `CIDFontType0` (CFF outlines, `FontFile3
//! /OpenType`) or `CIDFontType2` (TrueType outlines, `FontFile2`), the font
//! descriptor, the `/W` widths and a `ToUnicode` CMap — inserted into the font
//! resource dictionary printpdf left for them.
//!
//! The subset of a CID-keyed CFF face without subroutines (the bundled Fandol
//! faces) is written by [`super::cff`], which copies the used charstrings as they
//! are; any other face goes to the `subsetter` crate, which reads only the glyphs
//! the document uses (and the subroutines they call). Both read straight from the
//! face's `&'static` bytes: no copy of the font file, no decoding of unused glyphs. The
//! subset's glyph ids are consecutive, in first-use order ([`GlyphMap`]); the page
//! content is written with those ids, which the subset uses as CIDs. The subsets
//! are made ([`prepare`]) while printpdf serialises the pages.

use crate::fonts::Face;
use lopdf::{dictionary, Document, Object, ObjectId, Stream, StringFormat};
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::{Arc, Mutex, OnceLock};
use subsetter::GlyphRemapper;

/// The glyphs of one face that a PDF draws: old id → id in the subset, and the
/// character each old id stands for in the text.
pub struct GlyphMap {
    pub face: &'static Face,
    remapper: GlyphRemapper,
    text: BTreeMap<u16, char>,
}

impl GlyphMap {
    pub fn new(face: &'static Face) -> GlyphMap {
        GlyphMap { face, remapper: GlyphRemapper::new(), text: BTreeMap::new() }
    }

    /// The subset's id for glyph `gid`, standing for `ch`; returns the character
    /// the ToUnicode map gives the glyph (the first one drawn with it).
    pub fn use_glyph(&mut self, gid: u16, ch: char) -> (u16, char) {
        let new = self.remapper.remap(gid);
        (new, *self.text.entry(gid).or_insert(ch))
    }
}

/// A subset font file, deflated when that was worth it.
#[derive(Debug)]
struct SubsetFile {
    bytes: Vec<u8>,
    deflated: bool,
    /// A bare CFF font from [`super::cff`] (`FontFile3 /CIDFontType0C`), not an
    /// OpenType file from subsetter.
    bare_cff: bool,
}

/// A face's subset, ready to go into the PDF.
pub struct Subset<'a> {
    tag: &'a str,
    map: &'a GlyphMap,
    file: Arc<SubsetFile>,
}

/// The subsets made in this process, by face and glyph list (in subset order,
/// which fixes the subset's bytes): a batch, `serve` or a bench that prints the
/// same glyphs of a face again — an unchanged document, an edit that uses no new
/// character, schools of one template — copies the finished file instead of
/// subsetting (and deflating) anew. At most [`CACHE_BYTES`], the oldest first out.
#[derive(Default)]
struct SubsetCache {
    files: HashMap<(usize, Vec<u16>), Arc<SubsetFile>>,
    order: VecDeque<(usize, Vec<u16>)>,
    bytes: usize,
    hits: u64,
}

/// The most bytes of subsets kept: a few dozen bodies' worth.
const CACHE_BYTES: usize = 64 << 20;

fn cache() -> &'static Mutex<SubsetCache> {
    static CACHE: OnceLock<Mutex<SubsetCache>> = OnceLock::new();
    CACHE.get_or_init(Mutex::default)
}

/// How many subsets this process took from the cache so far.
#[cfg(test)]
fn cache_hits() -> u64 {
    cache().lock().map_or(0, |c| c.hits)
}

/// The subset of `map`, from the cache or made (and kept).
fn cached_subset(map: &GlyphMap) -> Result<Arc<SubsetFile>, String> {
    // A face is loaded once per process and never freed: its address names it.
    let key = (map.face as *const Face as usize, map.remapper.remapped_gids().collect::<Vec<u16>>());
    if let Ok(mut c) = cache().lock() {
        if let Some(file) = c.files.get(&key).cloned() {
            c.hits += 1;
            return Ok(file);
        }
    }
    let file = Arc::new(subset_file(map, &key.1)?);
    if let Ok(mut c) = cache().lock() {
        let size = file.bytes.len() + 2 * key.1.len();
        while c.bytes + size > CACHE_BYTES {
            let Some(old) = c.order.pop_front() else { break };
            if let Some(gone) = c.files.remove(&old) {
                c.bytes -= gone.bytes.len() + 2 * old.1.len();
            }
        }
        if size <= CACHE_BYTES && !c.files.contains_key(&key) {
            c.bytes += size;
            c.order.push_back(key.clone());
            c.files.insert(key, Arc::clone(&file));
        }
    }
    Ok(file)
}

/// Subsets (and deflates, [`subset_file`]) every face of `maps` (resource name → glyphs), in
/// parallel. Needs nothing of the PDF document, so it runs while the pages are
/// serialised.
pub fn prepare(maps: &BTreeMap<String, GlyphMap>) -> Result<Vec<Subset<'_>>, String> {
    use rayon::prelude::*;
    // The face with the most glyphs (the body's, most of the work) first, the
    // others taken by whichever thread is free; then back in resource-name order.
    let mut work: Vec<(&String, &GlyphMap)> = maps.iter().collect();
    work.sort_by_key(|(_, map)| std::cmp::Reverse(map.text.len()));
    let mut done: Vec<Subset<'_>> = work
        .into_par_iter()
        .with_max_len(1)
        .map(|(tag, map)| Ok(Subset { tag, map, file: cached_subset(map)? }))
        .collect::<Result<_, String>>()?;
    done.sort_by(|a, b| a.tag.cmp(b.tag));
    Ok(done)
}

/// The subset of one face: a CID-keyed CFF without subroutines (the Fandol
/// faces) by [`super::cff`], copying charstrings; any other by subsetter.
///
/// CFF outlines are stored as they are: Type 2 charstrings are already compact
/// (the seed's 500 KB subset of FandolFang deflates to 0.82 at level 1 and 0.80
/// at level 6), and deflating them took 2.5 ms, a sixth of the whole run, for
/// 90 KB. TrueType outlines (`glyf`) are deflated.
fn subset_file(map: &GlyphMap, glyphs: &[u16]) -> Result<SubsetFile, String> {
    let cff = map.face.ttf.raw_face().table(ttf_parser::Tag::from_bytes(b"CFF "));
    let (bytes, bare_cff) = match cff.and_then(|table| super::cff::subset(table, glyphs)) {
        Some(bytes) => (bytes, true),
        None => {
            let bytes = subsetter::subset(map.face.bytes, map.face.index, &map.remapper)
                .map_err(|e| format!("{}: cannot subset this font ({e:?})", map.face.name))?;
            (bytes, false)
        }
    };
    if cff.is_some() {
        return Ok(SubsetFile { bytes, deflated: false, bare_cff });
    }
    Ok(match super::deflate::deflate(&bytes) {
        Some(packed) => SubsetFile { bytes: packed, deflated: true, bare_cff },
        None => SubsetFile { bytes, deflated: false, bare_cff },
    })
}

/// Adds the font objects of `subsets` to `doc` and registers them in the pages'
/// font resource dictionary.
pub fn insert(doc: &mut Document, subsets: Vec<Subset<'_>>) {
    let resources = font_resources(doc);
    for subset in subsets {
        let name = subset.tag.as_bytes().to_vec();
        let font = font_objects(doc, subset);
        if let Some(Object::Dictionary(dict)) = resources.and_then(|id| doc.objects.get_mut(&id)) {
            dict.set(name, Object::Reference(font));
        }
    }
}

/// The font resource dictionary the pages share (printpdf writes one for all).
fn font_resources(doc: &Document) -> Option<ObjectId> {
    shared_resources(doc, b"Font")
}

/// The resource dictionary of `kind` (`Font`, `XObject`) the pages share
/// (printpdf writes one for all).
pub(crate) fn shared_resources(doc: &Document, kind: &[u8]) -> Option<ObjectId> {
    doc.page_iter().find_map(|page| {
        let page = doc.get_dictionary(page).ok()?;
        let resources = match page.get(b"Resources").ok()? {
            Object::Reference(id) => doc.get_dictionary(*id).ok()?,
            Object::Dictionary(d) => d,
            _ => return None,
        };
        resources.get(kind).ok()?.as_reference().ok()
    })
}

/// A name for PDF: letters and digits only.
fn pdf_name(s: &str) -> String {
    s.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect()
}

/// The Type0 font of one face; returns its object id.
fn font_objects(doc: &mut Document, subset: Subset<'_>) -> ObjectId {
    let Subset { tag, map, file } = subset;
    let face = map.face;
    let ttf = &face.ttf;
    let base = format!("{tag}+{}", pdf_name(&face.postscript_name));
    let scale = 1000.0 / face.units_per_em;
    let cff = ttf.tables().cff.is_some();
    let SubsetFile { bytes, deflated, bare_cff } = &*file;
    // Not deflated here: left so (the document-wide pass would try again).
    let mut file = Stream::new(dictionary! {}, bytes.clone()).with_compression(false);
    if *deflated {
        file.dict.set("Filter", "FlateDecode");
    }
    if *bare_cff {
        file.dict.set("Subtype", "CIDFontType0C");
    } else if cff {
        file.dict.set("Subtype", "OpenType");
    }
    let file_id = doc.add_object(file);
    let bbox = ttf.global_bounding_box();
    let units = |v: f32| Object::Integer((v * scale).round() as i64);
    let mut descriptor = dictionary! {
        "Type" => "FontDescriptor",
        "FontName" => Object::Name(base.clone().into_bytes()),
        "Flags" => 4,
        "FontBBox" => vec![units(bbox.x_min.into()), units(bbox.y_min.into()), units(bbox.x_max.into()), units(bbox.y_max.into())],
        "ItalicAngle" => 0,
        "Ascent" => units(ttf.ascender().into()),
        "Descent" => units(ttf.descender().into()),
        "CapHeight" => units(ttf.capital_height().unwrap_or(ttf.ascender()).into()),
        "StemV" => 80,
    };
    descriptor.set(if cff { "FontFile3" } else { "FontFile2" }, Object::Reference(file_id));
    let descriptor_id = doc.add_object(descriptor);
    // /W: the subset's ids in order, each at its width truncated to 1/1000 em
    // (the layout measures with the same truncation: Face::pdf_advance).
    let old_ids: Vec<u16> = map.remapper.remapped_gids().collect();
    let widths: Vec<Object> = old_ids
        .iter()
        .map(|&old| {
            let adv = ttf.glyph_hor_advance(ttf_parser::GlyphId(old)).unwrap_or(0) as f32;
            Object::Integer((adv * scale).trunc() as i64)
        })
        .collect();
    let mut cid_font = dictionary! {
        "Type" => "Font",
        "Subtype" => if cff { "CIDFontType0" } else { "CIDFontType2" },
        "BaseFont" => Object::Name(base.clone().into_bytes()),
        "CIDSystemInfo" => dictionary! {
            "Registry" => Object::String(b"Adobe".to_vec(), StringFormat::Literal),
            "Ordering" => Object::String(b"Identity".to_vec(), StringFormat::Literal),
            "Supplement" => 0,
        },
        "FontDescriptor" => Object::Reference(descriptor_id),
        "W" => vec![Object::Integer(0), Object::Array(widths)],
    };
    if !cff {
        cid_font.set("CIDToGIDMap", "Identity");
    }
    let cid_id = doc.add_object(cid_font);
    let to_unicode = doc.add_object(Stream::new(dictionary! {}, to_unicode(map).into_bytes()));
    doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type0",
        "BaseFont" => Object::Name(base.into_bytes()),
        "Encoding" => "Identity-H",
        "DescendantFonts" => vec![Object::Reference(cid_id)],
        "ToUnicode" => Object::Reference(to_unicode),
    })
}

/// The ToUnicode CMap: each subset id → the character it stands for.
fn to_unicode(map: &GlyphMap) -> String {
    let mut pairs: Vec<(u16, char)> =
        map.text.iter().filter_map(|(old, ch)| Some((map.remapper.get(*old)?, *ch))).collect();
    pairs.sort_unstable();
    let mut out = String::from(concat!(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n",
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n",
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
    ));
    for chunk in pairs.chunks(100) {
        out.push_str(&format!("{} beginbfchar\n", chunk.len()));
        for (cid, ch) in chunk {
            let utf16: String = ch.encode_utf16(&mut [0; 2]).iter().map(|u| format!("{u:04X}")).collect();
            out.push_str(&format!("<{cid:04X}> <{utf16}>\n"));
        }
        out.push_str("endbfchar\n");
    }
    out.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::{FontOverrides, FontRole, FontSet};

    fn map_of(text: &str) -> BTreeMap<String, GlyphMap> {
        let fonts = FontSet::new(&FontOverrides::default());
        let face = fonts.face(FontRole::Body).unwrap();
        let mut map = GlyphMap::new(face);
        for c in text.chars() {
            map.use_glyph(face.glyph(c).unwrap(), c);
        }
        BTreeMap::from([("F1".to_string(), map)])
    }

    #[test]
    fn the_same_glyphs_of_a_face_are_subset_once_per_process() {
        let first = map_of("工会工作计划缓存测试甲");
        let again = map_of("工会工作计划缓存测试甲");
        let other_order = map_of("甲工会工作计划缓存测试");
        let a = prepare(&first).unwrap();
        let hits = cache_hits();
        let b = prepare(&again).unwrap();
        assert!(Arc::ptr_eq(&a[0].file, &b[0].file), "the second document takes the first's subset");
        assert!(cache_hits() > hits);
        // Another first-use order gives other subset ids: another subset.
        let c = prepare(&other_order).unwrap();
        assert!(!Arc::ptr_eq(&a[0].file, &c[0].file));
        assert_ne!(a[0].file.bytes, c[0].file.bytes);
    }
}
