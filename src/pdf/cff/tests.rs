use super::*;
use ttf_parser::{Face, GlyphId, OutlineBuilder, Tag};

/// An outline as text, to compare two glyphs.
#[derive(Default)]
struct Path(String);

impl OutlineBuilder for Path {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0 += &format!("M{x} {y}");
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.0 += &format!("L{x} {y}");
    }
    fn quad_to(&mut self, a: f32, b: f32, x: f32, y: f32) {
        self.0 += &format!("Q{a} {b} {x} {y}");
    }
    fn curve_to(&mut self, a: f32, b: f32, c: f32, d: f32, x: f32, y: f32) {
        self.0 += &format!("C{a} {b} {c} {d} {x} {y}");
    }
    fn close(&mut self) {
        self.0 += "Z";
    }
}

fn outline(table: &ttf_parser::cff::Table, gid: u16) -> String {
    let mut path = Path::default();
    let _ = table.outline(GlyphId(gid), &mut path);
    path.0
}

fn font(name: &str) -> &'static [u8] {
    crate::fonts::bundled_font(name, None).expect("a bundled font")
}

#[test]
fn a_subset_draws_every_glyph_as_the_font_does() {
    for name in
        ["FandolFang-Regular.otf", "FandolHei-Regular.otf", "FandolKai-Regular.otf", "FandolSong-Regular.otf"]
    {
        let face = Face::parse(font(name), 0).unwrap();
        let cff = face.raw_face().table(Tag::from_bytes(b"CFF ")).unwrap();
        let original = ttf_parser::cff::Table::parse(cff).unwrap();
        // .notdef, the characters of a plan in an order of first use, and the last glyph.
        let mut glyphs = vec![0u16];
        for c in "工作计划总结一、（）：。0123456789abcXYZ，；“”《》年月日".chars() {
            let gid = face.glyph_index(c).unwrap().0;
            if !glyphs.contains(&gid) {
                glyphs.push(gid);
            }
        }
        glyphs.push(face.number_of_glyphs() - 1);
        let bytes = subset(cff, &glyphs).unwrap_or_else(|| panic!("{name}: the fast path refused"));
        let sub = ttf_parser::cff::Table::parse(&bytes).unwrap_or_else(|| panic!("{name}: not a CFF"));
        assert_eq!(sub.number_of_glyphs() as usize, glyphs.len(), "{name}");
        for (new, &old) in glyphs.iter().enumerate() {
            assert_eq!(sub.glyph_cid(GlyphId(new as u16)), Some(new as u16), "{name}: CID of {new}");
            let want = outline(&original, old);
            assert!(old == 0 || !want.is_empty(), "{name}: glyph {old} has no outline");
            assert_eq!(outline(&sub, new as u16), want, "{name}: glyph {old} → {new}");
        }
        assert!(bytes.len() < cff.len() / 50, "{name}: {} bytes", bytes.len());
        assert_eq!(registry_ordering_supplement(&bytes), (&b"Adobe"[..], &b"Identity"[..], 0), "{name}");
        assert_eq!(registry_ordering_supplement(cff).1, b"GB1", "{name}: the original's ROS");
    }
}

/// The ROS of a CID-keyed CFF: registry and ordering strings, supplement.
fn registry_ordering_supplement(cff: &[u8]) -> (&[u8], &[u8], i64) {
    let font = Font::parse(cff).expect("a CID-keyed CFF");
    let ros = &font.top[0];
    assert_eq!(ros.op, ROS, "the ROS is the Top DICT's first operator");
    let string = |sid: Option<i64>| font.strings[sid.unwrap() as usize - STANDARD_STRINGS];
    (string(ros.operands[0]), string(ros.operands[1]), ros.operands[2].unwrap())
}

#[test]
fn fonts_with_subroutines_go_to_the_general_subsetter() {
    let face = Face::parse(font("NotoSerifCJKsc-Regular-subset.otf"), 0).unwrap();
    let cff = face.raw_face().table(Tag::from_bytes(b"CFF ")).unwrap();
    assert!(subset(cff, &[0, 1, 2]).is_none());
}

#[test]
fn damaged_tables_are_refused_not_panicked_on() {
    let cff = ttf_parser::Face::parse(font("FandolHei-Regular.otf"), 0)
        .unwrap()
        .raw_face()
        .table(Tag::from_bytes(b"CFF "))
        .unwrap();
    assert!(subset(cff, &[5]).is_none(), ".notdef must come first");
    assert!(subset(cff, &[0, 60000]).is_none(), "a glyph the font lacks");
    for cut in [0, 1, 3, 10, 100, 1000, cff.len() / 2] {
        let _ = subset(&cff[..cut], &[0, 1, 2]);
    }
    let mut bytes = cff[..4000.min(cff.len())].to_vec();
    for i in (0..bytes.len()).step_by(7) {
        bytes[i] = bytes[i].wrapping_mul(31).wrapping_add(i as u8);
        let _ = subset(&bytes, &[0, 1, 2]);
    }
}
