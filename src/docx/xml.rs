//! XML text for the DOCX parts: escaping, and runs of text with their breaks.
//!
//! In: text from the blocks (any Unicode, control characters included). Out: XML
//! that every OOXML reader accepts: `& < > "` escaped, characters XML 1.0 cannot
//! hold dropped, tabs as `<w:tab/>`, line breaks (`\n`, U+2028) as `<w:br/>`, and
//! a title's balancing break as `<w:cr/>` (so `wengao import` can tell it apart).

/// A break that balances a title's lines, as against one the author wrote: the
/// DOCX has `<w:cr/>` for it (and `<w:br/>` for the author's), so that `wengao
/// import` can tell them apart.
pub const BALANCE_BREAK: char = '\u{1E}';

/// Whether XML 1.0 can hold `ch` (§2.2 Char).
pub fn allowed(ch: char) -> bool {
    matches!(ch, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Appends `text` escaped for an XML attribute or element, dropping what XML
/// cannot hold.
pub fn escape_into(out: &mut String, text: &str) {
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if allowed(c) => out.push(c),
            _ => {}
        }
    }
}

/// `text` escaped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

/// Characters whose font Word decides by the run's hint: without
/// `w:hint="eastAsia"` they fall to the Latin font.
fn ambiguous(ch: char) -> bool {
    matches!(ch, '“' | '”' | '‘' | '’' | '—' | '…' | '·' | '–' | '′' | '″' | '§' | '°' | '×' | '÷')
}

/// Appends one run (`<w:r>`) holding `text` with the run properties `rpr` (the
/// inside of `<w:rPr>`, may be empty). Tabs and line breaks become elements.
pub fn run(out: &mut String, text: &str, rpr: &str) {
    if text.is_empty() {
        return;
    }
    out.push_str("<w:r>");
    let hint = text.chars().any(ambiguous);
    if hint || !rpr.is_empty() {
        out.push_str("<w:rPr>");
        if hint {
            out.push_str("<w:rFonts w:hint=\"eastAsia\"/>");
        }
        out.push_str(rpr);
        out.push_str("</w:rPr>");
    }
    let mut pending = String::new();
    let flush = |out: &mut String, pending: &mut String| {
        if !pending.is_empty() {
            out.push_str("<w:t xml:space=\"preserve\">");
            escape_into(out, pending);
            out.push_str("</w:t>");
            pending.clear();
        }
    };
    for ch in text.chars() {
        match ch {
            '\t' => {
                flush(out, &mut pending);
                out.push_str("<w:tab/>");
            }
            '\n' | '\u{2028}' => {
                flush(out, &mut pending);
                out.push_str("<w:br/>");
            }
            BALANCE_BREAK => {
                flush(out, &mut pending);
                out.push_str("<w:cr/>");
            }
            '\r' => {}
            c => pending.push(c),
        }
    }
    flush(out, &mut pending);
    out.push_str("</w:r>");
}

/// The width of `text` in character cells of the body face: a Han character or
/// full-width mark is one, an ASCII character half.
pub fn cells(text: &str) -> f32 {
    text.chars().map(|c| if c.is_ascii() { 0.5 } else { 1.0 }).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_what_xml_cannot_hold_is_dropped() {
        assert_eq!(escape("a<b>&\"c\u{1}\u{b}\u{FFFE}d\u{1F600}"), "a&lt;b&gt;&amp;&quot;cd\u{1F600}");
    }

    #[test]
    fn runs_carry_breaks_tabs_and_the_east_asian_hint() {
        let mut out = String::new();
        run(&mut out, "甲\t乙\u{2028}“丙”", "<w:b/>");
        assert_eq!(
            out,
            "<w:r><w:rPr><w:rFonts w:hint=\"eastAsia\"/><w:b/></w:rPr>\
             <w:t xml:space=\"preserve\">甲</w:t><w:tab/><w:t xml:space=\"preserve\">乙</w:t><w:br/>\
             <w:t xml:space=\"preserve\">“丙”</w:t></w:r>"
        );
        let mut plain = String::new();
        run(&mut plain, "丁", "");
        assert_eq!(plain, "<w:r><w:t xml:space=\"preserve\">丁</w:t></w:r>");
    }
}
