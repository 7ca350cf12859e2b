//! wengao（文稿）turns structured TOML into print-ready Chinese work plans and
//! work summaries (工作计划 / 工作总结): Markdown, HTML, PDF and DOCX.
//!
//! The pipeline, stage by stage (one module each):
//!
//! 1. [`input`] — TOML bytes → a checked [`input::Document`] (serde + toml), or
//!    errors that point at file:line:column ([`diagnostics`] renders them;
//!    [`validate`] finds every problem of a file in one pass; [`official`] has the
//!    公文 frame's fields — 版头 `[masthead]`, 版记 `[imprint]`).
//! 2. [`render`] — the document → Markdown through tera templates (built in, or the
//!    user's `templates/`). [`numbering`] supplies 一、 （一） 篇N and dates, also as
//!    tera filters. Layout roles travel in heading attributes.
//! 3. [`markdown`] — Markdown → [`markdown::Block`]s with roles, via pulldown-cmark.
//!    This is the one source of every later output.
//! 4. [`html`] — blocks → a standalone HTML page with inline CSS; [`webfonts`]
//!    gives it the PDF's faces (embedded subsets or links).
//! 5. [`typeset`] — blocks → a [`typeset::Typeset`]: wengao's own Chinese
//!    typesetter lays the document out on the GB/T 9704-2012 page (measure →
//!    break lines → lay out → paginate) once, for the two printed formats: the
//!    pages, the page of every anchor, each title's line breaks, each table's
//!    column widths.
//! 6. [`pdf`] — the typeset → a PDF: every glyph drawn where the typesetter put
//!    it, page numbers, bookmarks, embedded font subsets.
//! 7. [`docx`] — blocks and their typeset → a Word file in the same layout (styles
//!    per role, the document grid, odd/even page-number footers; titles broken,
//!    tables proportioned and the 目录 numbered as in the PDF).
//! 8. [`output`] — finished bytes → files, written atomically; a killed build's
//!    leftovers are swept, and an output folder is locked while a build writes it.
//!
//! The page itself — A4, the margins, the 22 × 28 grid, the type sizes — is
//! defined once in [`page`] (millimetres), and converted to points, twips and CSS
//! where each writer needs them; what the PDF and the DOCX say about themselves
//! (title, author, creation time) is [`metadata`].
//!
//! [`pipeline`] runs stages 1–7 for one file (the typeset only when a PDF or a
//! DOCX is asked for; the documents a 印发通知 issues are read by [`annex`]); [`batch`] runs it for many files in
//! parallel and incrementally (its record of what is up to date: [`cache`]), with the `wengao.toml` settings of [`config`];
//! [`collect`] makes one collection of a folder; `serve` (feature `serve`) is the
//! live preview and the browser editor, which saves the form back into the TOML
//! through [`edit`] (stage 1 in reverse, keeping the file's comments and layout);
//! [`import`] reads .docx/.md/.txt into TOML; [`cli`] is the command line.

pub(crate) mod annex;
pub mod batch;
pub(crate) mod cache;
pub mod cli;
pub(crate) mod collect;
pub mod config;
pub mod diagnostics;
pub mod docx;
pub mod edit;
pub(crate) mod files;
pub mod fonts;
pub mod format;
pub(crate) mod hash;
pub(crate) mod html;
pub mod import;
pub mod input;
pub mod markdown;
pub(crate) mod markers;
pub(crate) mod metadata;
pub mod numbering;
pub mod official;
pub(crate) mod output;
pub(crate) mod page;
pub(crate) mod pdf;
pub mod picture;
pub mod pipeline;
pub mod project;
pub mod render;
#[cfg(feature = "serve")]
pub(crate) mod serve;
pub mod starter;
pub mod status;
pub(crate) mod style;
pub(crate) mod text;
pub(crate) mod typeset;
pub(crate) mod unprinted;
pub(crate) mod validate;
pub mod webfonts;
