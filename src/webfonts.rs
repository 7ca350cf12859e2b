//! Web fonts: the faces of the PDF, for the HTML page.
//!
//! In: the blocks of a document, the [`FontSet`] and how the page should get its
//! fonts ([`HtmlFonts`]). Out: CSS `@font-face` rules for the families
//! `wengao-title`, `wengao-fang`, `wengao-hei`, `wengao-kai` and `wengao-fallback`,
//! which the page's font stacks name first. A standalone page embeds, per role, a
//! subset of the bundled face holding just the characters that role prints
//! (base64 OpenType), so the draft looks the same on any computer; a served page
//! links the whole files from the preview server instead.

use crate::fonts::{Face, FontRole, FontSet};
use crate::markdown::{Block, Role};
use std::collections::{BTreeMap, BTreeSet};

/// How an HTML page gets its fonts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HtmlFonts {
    /// Subsets of the bundled faces inside the page (`wengao build`).
    Embedded,
    /// The whole bundled files, from this URL prefix (`wengao serve`: "/fonts/").
    Linked(String),
    /// The system's fonts only (`--no-embed-fonts`).
    System,
}

/// CSS family name of each role.
const FAMILIES: [(FontRole, &str); 4] = [
    (FontRole::Title, "wengao-title"),
    (FontRole::Body, "wengao-fang"),
    (FontRole::Heading1, "wengao-hei"),
    (FontRole::Heading2, "wengao-kai"),
];

/// The `@font-face` rules for a page.
pub fn css(blocks: &[Block], fonts: &FontSet, how: &HtmlFonts) -> Result<String, String> {
    match how {
        HtmlFonts::System => Ok(String::new()),
        HtmlFonts::Linked(prefix) => {
            let mut out = String::new();
            for (role, family) in FAMILIES {
                let face = fonts.face(role)?;
                out.push_str(&face_rule(family, &format!("{prefix}{}", face.name)));
            }
            if let Some(face) = fonts.fallback_face()? {
                out.push_str(&face_rule("wengao-fallback", &format!("{prefix}{}", face.name)));
            }
            Ok(out)
        }
        HtmlFonts::Embedded => embedded(blocks, fonts),
    }
}

fn face_rule(family: &str, url: &str) -> String {
    format!("@font-face {{ font-family: \"{family}\"; src: url(\"{url}\") format(\"opentype\"); font-display: block; }}\n")
}

/// Which characters each role prints.
fn characters_by_role(blocks: &[Block]) -> BTreeMap<FontRole, BTreeSet<char>> {
    let mut by_role: BTreeMap<FontRole, BTreeSet<char>> = BTreeMap::new();
    let mut add = |role: FontRole, text: &str| by_role.entry(role).or_default().extend(text.chars());
    for b in blocks {
        let role = match b.role {
            Role::Title | Role::Part => FontRole::Title,
            Role::Heading(1) | Role::Toc => FontRole::Heading1,
            Role::Heading(2) | Role::Subtitle => FontRole::Heading2,
            _ => FontRole::Body,
        };
        add(role, &b.plain_text());
        if let Some(m) = &b.marker {
            add(FontRole::Body, m);
        }
        // Pictures' captions, and the alt text of a picture without its file.
        for image in &b.images {
            add(FontRole::Body, &image.caption.iter().map(|i| i.text.as_str()).collect::<String>());
            add(FontRole::Body, &image.alt);
        }
        if let Some(t) = &b.table {
            for cell in t.header.iter() {
                add(FontRole::Heading1, &cell.iter().map(|i| i.text.as_str()).collect::<String>());
            }
            for cell in t.rows.iter().flatten() {
                add(FontRole::Body, &cell.iter().map(|i| i.text.as_str()).collect::<String>());
            }
        }
    }
    // Digits and the page furniture every page may show.
    by_role.entry(FontRole::Body).or_default().extend("0123456789.".chars());
    by_role
}

fn embedded(blocks: &[Block], fonts: &FontSet) -> Result<String, String> {
    let mut out = String::new();
    let mut missing_everywhere: BTreeSet<char> = BTreeSet::new();
    for (role, chars) in characters_by_role(blocks) {
        let Some(family) = FAMILIES.iter().find(|(r, _)| *r == role).map(|(_, f)| *f) else { continue };
        let face = fonts.face(role)?;
        let (present, absent): (Vec<char>, Vec<char>) = chars.iter().partition(|c| face.glyph(**c).is_some());
        missing_everywhere.extend(absent.into_iter().filter(|c| !c.is_control()));
        out.push_str(&subset_rule(family, face, &present)?);
        // `latin = "times"`: ASCII in the Latin serif, as in the PDF.
        let latin: Vec<char> =
            chars.iter().copied().filter(|c| matches!(fonts.latin_face(role, *c), Ok(Some(_)))).collect();
        if let Some(Ok(Some((serif, _)))) = latin.first().map(|c| fonts.latin_face(role, *c)) {
            let rule = subset_rule(family, serif, &latin)?;
            out.push_str(&rule.replacen(" }", " unicode-range: U+21-7E; }", 1));
        }
    }
    if !missing_everywhere.is_empty() {
        let bundled = fonts.fallback_face()?;
        let (mut from_bundled, mut rest): (Vec<char>, Vec<char>) =
            missing_everywhere.into_iter().partition(|c| bundled.is_some_and(|f| f.glyph(*c).is_some()));
        if let (Some(face), false) = (bundled, from_bundled.is_empty()) {
            out.push_str(&subset_rule("wengao-fallback", face, &from_bundled)?);
        }
        // What no bundled face has comes from the machine's own fonts, as in the PDF:
        // more faces of the same family, each for the characters it has.
        from_bundled.clear();
        let mut by_face: BTreeMap<String, (&Face, Vec<char>)> = BTreeMap::new();
        for c in rest.drain(..) {
            if let Some((face, _)) = fonts.machine_face_for(c) {
                by_face.entry(face.name.clone()).or_insert((face, Vec::new())).1.push(c);
            }
        }
        for (face, chars) in by_face.into_values() {
            let range: Vec<String> = chars.iter().map(|c| format!("U+{:X}", *c as u32)).collect();
            let rule = subset_rule("wengao-fallback", face, &chars)?;
            out.push_str(&rule.replacen(" }", &format!(" unicode-range: {}; }}", range.join(",")), 1));
        }
    }
    Ok(out)
}

/// One `@font-face` with a subset of `face` holding `chars`, as a data URL.
fn subset_rule(family: &str, face: &Face, chars: &[char]) -> Result<String, String> {
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::subset::{subset, CmapTarget, SubsetProfile};
    let mut ids: BTreeSet<u16> = chars.iter().filter_map(|c| face.glyph(*c)).collect();
    ids.remove(&0);
    let ids: Vec<u16> = std::iter::once(0).chain(ids).collect();
    let scope = ReadScope::new(face.bytes);
    let data = scope.read::<FontData<'_>>().map_err(|e| format!("{}: {e}", face.name))?;
    let provider = data.table_provider(face.index as usize).map_err(|e| format!("{}: {e}", face.name))?;
    let bytes = subset(&provider, &ids, &SubsetProfile::Minimal, CmapTarget::Unicode)
        .map_err(|e| format!("{}: cannot subset ({e})", face.name))?;
    Ok(face_rule(family, &format!("data:font/otf;base64,{}", base64(&bytes))))
}

/// Standard base64 with padding.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = (chunk[0] as u32) << 16
            | (*chunk.get(1).unwrap_or(&0) as u32) << 8
            | *chunk.get(2).unwrap_or(&0) as u32;
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * k) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_rfc_examples() {
        let table = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, coded) in table {
            assert_eq!(base64(plain.as_bytes()), coded);
        }
    }
}
