//! CFF: the subset of a CID-keyed CFF font without subroutines, written by
//! wengao — the charstrings of the glyphs a document uses copied byte for byte.
//!
//! In: a face's `CFF ` table and the original glyph ids in subset order (0, the
//! `.notdef`, first). Out: a bare CID-keyed CFF font (for `FontFile3
//! /CIDFontType0C`) whose glyph `i` is the `i`-th of the list and has CID `i`, or
//! `None` when the font is not of that kind (name-keyed, with subroutines, CFF2,
//! damaged): then the `subsetter` crate does the work.
//!
//! Why: the bundled Fandol faces carry no subroutines, so a subset needs no
//! charstring to be decoded — subsetter decodes and re-encodes every one (most of
//! a seed PDF's time). The format is Adobe TN #5176 (CFF) and #5177 (Type 2).

use std::ops::Range;

/// `12 n` operators are stored as `1200 + n`.
const UNIQUE_ID: u16 = 13;
const XUID: u16 = 14;
const CHARSET: u16 = 15;
const ENCODING: u16 = 16;
const CHAR_STRINGS: u16 = 17;
const PRIVATE: u16 = 18;
const SUBRS: u16 = 19;
const CHARSTRING_TYPE: u16 = 1206;
const ROS: u16 = 1230;
const CID_COUNT: u16 = 1234;
const UID_BASE: u16 = 1235;
const FD_ARRAY: u16 = 1236;
const FD_SELECT: u16 = 1237;
/// SIDs below this name the standard strings; the String INDEX's come after.
const STANDARD_STRINGS: usize = 391;

/// The subset, or `None` when this font needs the general subsetter.
pub fn subset(cff: &[u8], glyphs: &[u16]) -> Option<Vec<u8>> {
    let font = Font::parse(cff)?;
    font.write(glyphs)
}

/// A CFF INDEX: `count` items addressed through an offset array.
struct Index<'a> {
    data: &'a [u8],
    count: usize,
    off_size: usize,
    /// Where the offset array starts.
    offsets: usize,
    /// The byte before the first item (offsets are 1-based from here).
    base: usize,
    /// The whole INDEX's bytes in `data`.
    span: Range<usize>,
}

impl<'a> Index<'a> {
    fn parse(data: &'a [u8], at: usize) -> Option<Index<'a>> {
        let count = read_u16(data, at)? as usize;
        if count == 0 {
            return Some(Index { data, count, off_size: 1, offsets: at + 2, base: at + 2, span: at..at + 2 });
        }
        let off_size = *data.get(at + 2)? as usize;
        if !(1..=4).contains(&off_size) {
            return None;
        }
        let offsets = at + 3;
        let base = offsets + (count + 1) * off_size - 1;
        let mut index = Index { data, count, off_size, offsets, base, span: at..at };
        let end = base + index.offset(count)?;
        if end > data.len() {
            return None;
        }
        index.span = at..end;
        Some(index)
    }

    fn offset(&self, i: usize) -> Option<usize> {
        let at = self.offsets + i * self.off_size;
        let bytes = self.data.get(at..at + self.off_size)?;
        Some(bytes.iter().fold(0usize, |v, b| v << 8 | *b as usize))
    }

    fn get(&self, i: usize) -> Option<&'a [u8]> {
        if i >= self.count {
            return None;
        }
        let (start, end) = (self.offset(i)?, self.offset(i + 1)?);
        if start == 0 || start > end {
            return None;
        }
        self.data.get(self.base + start..self.base + end)
    }
}

fn read_u16(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*data.get(at)?, *data.get(at + 1)?]))
}

/// One DICT entry: its operator, its integer operands (`None` for a real), and
/// its bytes.
struct Entry<'a> {
    op: u16,
    operands: Vec<Option<i64>>,
    raw: &'a [u8],
}

fn dict(bytes: &[u8]) -> Option<Vec<Entry<'_>>> {
    let mut out = Vec::new();
    let (mut start, mut at) = (0, 0);
    let mut operands = Vec::new();
    while at < bytes.len() {
        let b0 = bytes[at];
        match b0 {
            0..=21 => {
                let op = if b0 == 12 {
                    at += 1;
                    1200 + *bytes.get(at)? as u16
                } else {
                    b0 as u16
                };
                at += 1;
                out.push(Entry { op, operands: std::mem::take(&mut operands), raw: &bytes[start..at] });
                start = at;
            }
            28 => {
                operands.push(Some(i16::from_be_bytes([*bytes.get(at + 1)?, *bytes.get(at + 2)?]) as i64));
                at += 3;
            }
            29 => {
                let b = bytes.get(at + 1..at + 5)?;
                operands.push(Some(i32::from_be_bytes([b[0], b[1], b[2], b[3]]) as i64));
                at += 5;
            }
            30 => {
                // A real: nibbles up to one that is 0xf.
                at += 1;
                loop {
                    let b = *bytes.get(at)?;
                    at += 1;
                    if b & 0x0f == 0x0f || b >> 4 == 0x0f {
                        break;
                    }
                }
                operands.push(None);
            }
            32..=246 => {
                operands.push(Some(b0 as i64 - 139));
                at += 1;
            }
            247..=250 => {
                operands.push(Some((b0 as i64 - 247) * 256 + *bytes.get(at + 1)? as i64 + 108));
                at += 2;
            }
            251..=254 => {
                operands.push(Some(-(b0 as i64 - 251) * 256 - *bytes.get(at + 1)? as i64 - 108));
                at += 2;
            }
            _ => return None,
        }
    }
    operands.is_empty().then_some(out)
}

/// The single integer operand of `op` in `entries`, as an offset or count.
fn int_of(entries: &[Entry], op: u16) -> Option<usize> {
    let e = entries.iter().find(|e| e.op == op)?;
    usize::try_from((*e.operands.first()?)?).ok()
}

/// An operand of fixed size (5 bytes), so that offsets can be laid out first.
fn int5(v: usize) -> [u8; 5] {
    let b = (v as i32).to_be_bytes();
    [29, b[0], b[1], b[2], b[3]]
}

fn op_bytes(op: u16) -> Vec<u8> {
    if op >= 1200 {
        vec![12, (op - 1200) as u8]
    } else {
        vec![op as u8]
    }
}

/// A parsed CID-keyed CFF without subroutines.
struct Font<'a> {
    data: &'a [u8],
    name_index: Range<usize>,
    /// The String INDEX's items (SID 391 is the first).
    strings: Vec<&'a [u8]>,
    global_subrs: Range<usize>,
    top: Vec<Entry<'a>>,
    char_strings: Index<'a>,
    /// Each Font DICT's entries and its Private DICT's bytes.
    fonts: Vec<(Vec<Entry<'a>>, &'a [u8])>,
    /// The Font DICT of each original glyph.
    fd_select: Vec<u8>,
}

impl<'a> Font<'a> {
    fn parse(data: &'a [u8]) -> Option<Font<'a>> {
        if data.first() != Some(&1) {
            return None; // CFF2 or not CFF
        }
        let header_size = *data.get(2)? as usize;
        let names = Index::parse(data, header_size)?;
        let tops = Index::parse(data, names.span.end)?;
        let strings = Index::parse(data, tops.span.end)?;
        let global_subrs = Index::parse(data, strings.span.end)?;
        if names.count != 1 || tops.count != 1 || global_subrs.count != 0 {
            return None;
        }
        let top = dict(tops.get(0)?)?;
        let cid_keyed = top.iter().any(|e| e.op == ROS);
        let type2 = top.iter().find(|e| e.op == CHARSTRING_TYPE).is_none_or(|e| e.operands == [Some(2)]);
        if !cid_keyed || !type2 {
            return None;
        }
        let char_strings = Index::parse(data, int_of(&top, CHAR_STRINGS)?)?;
        let fd_array = Index::parse(data, int_of(&top, FD_ARRAY)?)?;
        let mut fonts = Vec::with_capacity(fd_array.count);
        for i in 0..fd_array.count {
            let entries = dict(fd_array.get(i)?)?;
            let private = entries.iter().find(|e| e.op == PRIVATE)?;
            let (size, offset) = match private.operands[..] {
                [Some(size), Some(offset)] => (usize::try_from(size).ok()?, usize::try_from(offset).ok()?),
                _ => return None,
            };
            let private = data.get(offset..offset.checked_add(size)?)?;
            if dict(private)?.iter().any(|e| e.op == SUBRS) {
                return None;
            }
            fonts.push((entries, private));
        }
        let fd_select = fd_select(data, int_of(&top, FD_SELECT)?, char_strings.count)?;
        if fd_select.iter().any(|fd| *fd as usize >= fonts.len()) {
            return None;
        }
        let strings = (0..strings.count).map(|i| strings.get(i)).collect::<Option<_>>()?;
        Some(Font {
            data,
            name_index: names.span,
            strings,
            global_subrs: global_subrs.span,
            top,
            char_strings,
            fonts,
            fd_select,
        })
    }

    fn write(&self, glyphs: &[u16]) -> Option<Vec<u8>> {
        let n = glyphs.len();
        if n == 0 || glyphs[0] != 0 || n > u16::MAX as usize {
            return None;
        }
        let charstrings: Vec<&[u8]> =
            glyphs.iter().map(|&g| self.char_strings.get(g as usize)).collect::<Option<_>>()?;

        // The Top DICT: its own entries, then the ones whose values change, each
        // at a fixed size so the offsets can be computed before they are known.
        // Dropped too: the identity of the whole font (a subset is another font).
        // The ROS comes first, as CID fonts must have it: Adobe-Identity-0, as in
        // the PDF's CIDSystemInfo — CIDs are subset indexes now, not the original
        // collection's (Adobe-GB1 for the Fandol faces).
        let mut strings = self.strings.clone();
        let mut sid_of = |s: &'static [u8]| {
            let i = strings.iter().position(|t| *t == s).unwrap_or_else(|| {
                strings.push(s);
                strings.len() - 1
            });
            STANDARD_STRINGS + i
        };
        let ros = [sid_of(b"Adobe"), sid_of(b"Identity"), 0];
        let replaced = [
            ROS,
            CHARSET,
            ENCODING,
            CHAR_STRINGS,
            PRIVATE,
            CID_COUNT,
            FD_ARRAY,
            FD_SELECT,
            UNIQUE_ID,
            XUID,
            UID_BASE,
        ];
        let kept: Vec<u8> = self
            .top
            .iter()
            .filter(|e| !replaced.contains(&e.op))
            .flat_map(|e| e.raw.iter().copied())
            .collect();
        // ROS, then CIDCount, FDSelect, FDArray (two-byte operators), charset,
        // CharStrings.
        let top_len = 3 * 5 + 2 + kept.len() + 3 * (5 + 2) + 2 * (5 + 1);
        let font_dicts: Vec<Vec<u8>> = self
            .fonts
            .iter()
            .map(|(entries, _)| {
                entries.iter().filter(|e| e.op != PRIVATE).flat_map(|e| e.raw.iter().copied()).collect()
            })
            .collect();

        // Layout: header, Name, Top DICT, String and Global Subr INDEXes, then
        // charset, FDSelect, CharStrings, FDArray and the Private DICTs.
        let header = [1u8, 0, 4, 4];
        let name = &self.data[self.name_index.clone()];
        let mut string_index = Vec::new();
        write_index(&mut string_index, &strings);
        let global = &self.data[self.global_subrs.clone()];
        let charset_at =
            header.len() + name.len() + index_size(&[top_len]) + string_index.len() + global.len();
        let charset = if n > 1 {
            let left = (n - 2) as u16;
            vec![2, 0, 1, (left >> 8) as u8, left as u8]
        } else {
            vec![0]
        };
        let fd_select_at = charset_at + charset.len();
        let mut select = Vec::with_capacity(n + 1);
        select.push(0u8);
        select.extend(glyphs.iter().map(|&g| self.fd_select[g as usize]));
        let char_strings_at = fd_select_at + select.len();
        let charstring_lens: Vec<usize> = charstrings.iter().map(|c| c.len()).collect();
        let fd_array_at = char_strings_at + index_size(&charstring_lens);
        let font_dict_lens: Vec<usize> = font_dicts.iter().map(|d| d.len() + 11).collect();
        let mut private_at = fd_array_at + index_size(&font_dict_lens);

        let mut top: Vec<u8> = ros.iter().flat_map(|&v| int5(v)).collect();
        top.extend(op_bytes(ROS));
        top.extend(kept);
        for (op, value) in [(CID_COUNT, n), (FD_SELECT, fd_select_at), (FD_ARRAY, fd_array_at)] {
            top.extend(int5(value));
            top.extend(op_bytes(op));
        }
        for (op, value) in [(CHARSET, charset_at), (CHAR_STRINGS, char_strings_at)] {
            top.extend(int5(value));
            top.extend(op_bytes(op));
        }
        debug_assert_eq!(top.len(), top_len);

        let mut out = Vec::with_capacity(private_at + charstring_lens.iter().sum::<usize>());
        out.extend(header);
        out.extend(name);
        write_index(&mut out, &[&top[..]]);
        out.extend(&string_index);
        out.extend(global);
        out.extend(&charset);
        out.extend(&select);
        write_index(&mut out, &charstrings);
        let mut dicts = Vec::with_capacity(font_dicts.len());
        for ((_, private), mut d) in self.fonts.iter().zip(font_dicts) {
            d.extend(int5(private.len()));
            d.extend(int5(private_at));
            d.push(PRIVATE as u8);
            private_at += private.len();
            dicts.push(d);
        }
        write_index(&mut out, &dicts.iter().map(Vec::as_slice).collect::<Vec<_>>());
        for (_, private) in &self.fonts {
            out.extend(*private);
        }
        Some(out)
    }
}

/// The Font DICT index of every glyph (FDSelect format 0 or 3).
fn fd_select(data: &[u8], at: usize, glyphs: usize) -> Option<Vec<u8>> {
    match *data.get(at)? {
        0 => Some(data.get(at + 1..at + 1 + glyphs)?.to_vec()),
        3 => {
            let ranges = read_u16(data, at + 1)? as usize;
            let mut out = vec![0u8; glyphs];
            for r in 0..ranges {
                let at = at + 3 + r * 3;
                let first = read_u16(data, at)? as usize;
                let fd = *data.get(at + 2)?;
                let next = read_u16(data, at + 3)? as usize;
                out.get_mut(first..next.min(glyphs))?.fill(fd);
            }
            Some(out)
        }
        _ => None,
    }
}

/// The size of an INDEX of items of these lengths.
fn index_size(lens: &[usize]) -> usize {
    if lens.is_empty() {
        return 2;
    }
    let total: usize = lens.iter().sum();
    3 + (lens.len() + 1) * off_size(total + 1) + total
}

fn off_size(max: usize) -> usize {
    match max {
        0..=0xff => 1,
        0x100..=0xffff => 2,
        0x1_0000..=0xff_ffff => 3,
        _ => 4,
    }
}

fn write_index(out: &mut Vec<u8>, items: &[&[u8]]) {
    out.extend((items.len() as u16).to_be_bytes());
    if items.is_empty() {
        return;
    }
    let total: usize = items.iter().map(|i| i.len()).sum();
    let size = off_size(total + 1);
    out.push(size as u8);
    let mut offset = 1usize;
    for len in std::iter::once(0).chain(items.iter().map(|i| i.len())) {
        offset += len;
        let bytes = offset.to_be_bytes();
        out.extend(&bytes[bytes.len() - size..]);
    }
    for item in items {
        out.extend(*item);
    }
}

#[cfg(test)]
mod tests;
