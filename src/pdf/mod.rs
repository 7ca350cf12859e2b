//! PDF: the typeset document → a print-ready A4 PDF (GB/T 9704-2012).
//!
//! In: the pages the typesetter lays out ([`crate::typeset`]), one at a time, then
//! its [`crate::typeset::Typeset`]; the document's metadata and the fonts it was
//! set with. Out: the bytes of a PDF. The writer, one module each:
//!
//! - `draw` — the [`Writer`]: pages → printpdf operations, page numbers `— N —`, 目录 leaders
//!   and numbers, table rules, metadata;
//! - `embed` — the font subsets with their ToUnicode maps (`cff` copies the
//!   charstrings of the bundled faces; `deflate` packs the streams);
//! - `outline` — the nested bookmarks;
//! - `serial` — a long document's objects written into the file as they are made;
//! - `image` — the pictures, one image XObject per file (JPEG passed through).

pub(crate) mod cff;
pub(crate) mod deflate;
pub(crate) mod draw;
pub(crate) mod embed;
pub(crate) mod image;
pub(crate) mod outline;
pub(crate) mod serial;

pub use draw::Writer;
