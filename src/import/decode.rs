//! Decoding a text file: bytes → UTF-8 text, whatever Windows tool wrote them.
//!
//! In: the bytes of a `.txt` or `.md` file. Out: its text and the encoding that
//! was found, or a message saying the encoding is unknown. Tried in order: a byte
//! order mark (UTF-8, UTF-16 LE/BE), strict UTF-8, then GB18030 (a superset of GBK
//! and GB2312, which Notepad and WPS on Chinese Windows still write) when it
//! decodes without a single error and gives mostly Chinese text.

use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE, UTF_8};

/// Text and the name of the encoding it was in.
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
}

/// Decodes `bytes`; `Err` says why no encoding fits.
pub fn decode(bytes: &[u8]) -> Result<Decoded, String> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_gbk_and_utf16_are_told_apart() {
        let text = "二〇二三年工会工作计划，一、加强学习。";
        assert_eq!(decode(text.as_bytes()).unwrap().encoding, "UTF-8");
        let (gbk, _, _) = GB18030.encode(text);
        let d = decode(&gbk).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (text, "GB18030"));
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(&utf16).unwrap().text, text);
        let mut bom8 = vec![0xEF, 0xBB, 0xBF];
        bom8.extend(text.as_bytes());
        assert_eq!(decode(&bom8).unwrap().text, text);
    }

    #[test]
    fn random_bytes_are_refused() {
        let noise: Vec<u8> = (0..4000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
        assert!(decode(&noise).is_err());
    }
}
