//! Text: bytes → text, and text → Markdown that prints it as it is.
//!
//! In: the bytes of an input file, or plain text headed for Markdown. Out:
//! [`decode_utf8`] — a TOML file's text (UTF-8, a byte-order mark dropped; other
//! bytes are an error at their place); [`decode_any`] — an imported text's text
//! and encoding, whatever Windows tool wrote it (tried in order: a byte order mark
//! (UTF-8, UTF-16 LE/BE), strict UTF-8, then GB18030 — a superset of GBK and
//! GB2312, which Notepad and WPS on Chinese Windows still write — when it decodes
//! without a single error and gives mostly Chinese text, then UTF-16 without a
//! mark); [`escape_markdown`] — the one Markdown escaper, used by the templates'
//! `md` filter for plain values and by the importer for text that was not
//! Markdown (with [`escape_line_start`] for whole lines).

use crate::diagnostics::{Diagnostic, Report};
use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE, UTF_8};
use std::path::Path;

/// Text and the name of the encoding it was in.
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
}

/// Decodes `bytes` in whatever encoding they are; `Err` says why no encoding fits.
pub fn decode_any(bytes: &[u8]) -> Result<Decoded, String> {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom..]);
        if !had_errors {
            return Ok(Decoded { text: text.into_owned(), encoding: encoding.name() });
        }
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Decoded { text: text.to_string(), encoding: UTF_8.name() });
    }
    let (text, had_errors) = GB18030.decode_without_bom_handling(bytes);
    if !had_errors && mostly_text(&text) {
        return Ok(Decoded { text: text.into_owned(), encoding: "GB18030" });
    }
    // UTF-16 without a mark: every other byte zero in ASCII-heavy text.
    for encoding in [UTF_16LE, UTF_16BE] {
        let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
        if !had_errors && mostly_text(&text) && bytes.len().is_multiple_of(2) {
            return Ok(Decoded { text: text.into_owned(), encoding: encoding.name() });
        }
    }
    Err("its encoding is neither UTF-8 nor GB18030/GBK (nor UTF-16)".to_string())
}

/// Whether decoded text looks like text: few control characters and private-use
/// or unassigned-looking characters.
fn mostly_text(text: &str) -> bool {
    let total = text.chars().count().max(1);
    let odd = text
        .chars()
        .filter(|c| {
            (c.is_control() && !matches!(c, '\n' | '\r' | '\t')) || ('\u{E000}'..='\u{F8FF}').contains(c)
        })
        .count();
    odd * 50 < total
}

/// UTF-8 text of the file; a byte-order mark is dropped, other bytes are an error.
pub fn decode_utf8(path: &Path, bytes: &[u8]) -> Result<String, Report> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let good = e.valid_up_to();
            let lossy = String::from_utf8_lossy(bytes).into_owned();
            let at = String::from_utf8_lossy(&bytes[..good]).len();
            Err(Report::from(
                Diagnostic::error(format!(
                    "the file is not UTF-8 text (byte 0x{:02X} at offset {good})",
                    bytes[good]
                ))
                .at(path, &lossy, at..at + 1)
                .with_help("save the file as UTF-8 (in Notepad: 另存为 → 编码 UTF-8; GBK/ANSI files must be converted)"),
            ))
        }
    }
}

/// What the escaped text is headed for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Escape {
    /// A one-line value put into a heading, a table cell or a paragraph by a
    /// template: every mark escaped, line breaks become spaces.
    Value,
    /// A piece of prose (a run of imported text): the marks that start markup
    /// anywhere in a line; line breaks stay. A whole line also needs
    /// [`escape_line_start`].
    Inline,
}

/// Characters that start markup anywhere in a line.
const INLINE_MARKS: &[char] = &['\\', '`', '*', '_', '[', ']', '<'];
/// Characters that start markup in a heading's attributes, a table, an entity,
/// a picture or a strike-through: escaped in template values too.
const VALUE_MARKS: &[char] = &['>', '#', '|', '{', '}', '~', '&', '!'];

/// `s` as Markdown that prints exactly `s` (see [`Escape`]).
pub fn escape_markdown(s: &str, to: Escape) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' | '\r' if to == Escape::Value => out.push(' '),
            c if INLINE_MARKS.contains(&c) || (to == Escape::Value && VALUE_MARKS.contains(&c)) => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// A line that would start a heading, quote or list gets its first mark escaped.
pub fn escape_line_start(s: &str) -> String {
    let t = s.trim_start();
    let mut out = s.to_string();
    if t.starts_with(['#', '>']) || t.starts_with("- ") || t.starts_with("+ ") {
        out.insert(s.len() - t.len(), '\\');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_gbk_and_utf16_are_told_apart() {
        let text = "二〇二三年工会工作计划，一、加强学习。";
        assert_eq!(decode_any(text.as_bytes()).unwrap().encoding, "UTF-8");
        let (gbk, _, _) = GB18030.encode(text);
        let d = decode_any(&gbk).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (text, "GB18030"));
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode_any(&utf16).unwrap().text, text);
        let mut bom8 = vec![0xEF, 0xBB, 0xBF];
        bom8.extend(text.as_bytes());
        assert_eq!(decode_any(&bom8).unwrap().text, text);
    }

    #[test]
    fn random_bytes_are_refused() {
        let noise: Vec<u8> = (0..4000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
        assert!(decode_any(&noise).is_err());
    }

    #[test]
    fn values_escape_every_mark_and_prose_its_inline_marks_and_line_starts() {
        assert_eq!(escape_markdown("附：__小学20__年", Escape::Value), "附：\\_\\_小学20\\_\\_年");
        assert_eq!(escape_markdown("a*b* {x}\n#1", Escape::Value), "a\\*b\\* \\{x\\} \\#1");
        assert_eq!(escape_markdown("党的__大精神*重点*", Escape::Inline), "党的\\_\\_大精神\\*重点\\*");
        assert_eq!(escape_line_start(&escape_markdown("# 不是标题", Escape::Inline)), "\\# 不是标题");
        assert_eq!(escape_line_start("  - 不是列表 {x}"), "  \\- 不是列表 {x}");
    }
}
