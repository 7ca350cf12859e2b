//! Options: what the DOCX writer is asked for besides the document.
//!
//! In: the document's `[style]` (`word_fonts`, `duplex`, `bold_headings`,
//! `latin`). Out: the Word font names by role ([`WordFonts`]) and the layout
//! switches ([`Layout`]) that `styles.xml`, `settings.xml` and the font table
//! are written with.

/// The font names the DOCX asks for, by role: what Chinese office machines have.
/// `[style.word_fonts]` changes them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WordFonts {
    pub title: String,
    pub body: String,
    pub heading1: String,
    pub heading2: String,
    pub page_number: String,
}

impl Default for WordFonts {
    fn default() -> Self {
        WordFonts {
            title: "方正小标宋简体".into(),
            body: "仿宋_GB2312".into(),
            heading1: "黑体".into(),
            heading2: "楷体_GB2312".into(),
            page_number: "宋体".into(),
        }
    }
}

/// Layout switches shared with the PDF.
#[derive(Clone, Copy, Debug, Default)]
pub struct Layout {
    pub duplex: bool,
    pub bold_headings: bool,
    /// Latin letters and digits in "Times New Roman" (`[style] latin = "times"`).
    pub latin_serif: bool,
}
