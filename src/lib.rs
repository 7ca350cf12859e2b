//! wengao（文稿）turns structured TOML into print-ready Chinese work plans and
//! work summaries (工作计划 / 工作总结): Markdown, HTML, PDF and DOCX.
//!
//! The pipeline, stage by stage (one module each):
//!
//! 1. [`input`] — TOML bytes → a checked [`input::Document`] (serde + toml), or
//!    errors that point at file:line:column ([`diagnostics`] renders them;
//!    [`validate`] finds every problem of a file in one pass).
//! 2. [`render`] — the document → Markdown through tera templates (built in, or the
//!    user's `templates/`). [`numbering`] supplies 一、 （一） 篇N and dates, also as
//!    tera filters. Layout roles travel in heading attributes.
//! 3. [`markdown`] — Markdown → [`markdown::Block`]s with roles, via pulldown-cmark.
//!    This is the one source of every later output.
//! 4. [`html`] — blocks → a standalone HTML page with inline CSS; [`webfonts`]
//!    gives it the PDF's faces (embedded subsets or links).
//! 5. [`pdf`] — blocks → a PDF in the GB/T 9704-2012 layout, by wengao's own
//!    Chinese typesetter (measure → break lines → lay out → paginate → draw).
//! 6. [`docx`] — blocks → a Word file in the same layout (styles per role, the
//!    document grid, odd/even page-number footers, the 目录 with the PDF's numbers).
//! 7. [`output`] — finished bytes → files, written atomically; a killed build's
//!    leftovers are swept, and an output folder is locked while a build writes it.
//!
//! [`pipeline`] runs stages 1–6 for one file; [`batch`] runs it for many files in
//! parallel and incrementally (its record of what is up to date: [`cache`]), with the `wengao.toml` settings of [`config`];
//! [`collect`] makes one collection of a folder; `serve` (feature `serve`) is the
//! live preview and the browser editor, which saves the form back into the TOML
//! through [`edit`] (stage 1 in reverse, keeping the file's comments and layout);
//! [`import`] reads .docx/.md/.txt into TOML; [`cli`] is the command line.

pub mod batch;
pub mod cache;
pub mod cli;
pub mod collect;
pub mod config;
pub mod diagnostics;
pub mod docx;
pub mod edit;
pub mod fonts;
pub mod format;
pub mod hash;
pub mod html;
pub mod import;
pub mod input;
pub mod markdown;
pub mod markers;
pub mod metadata;
pub mod numbering;
pub mod output;
pub mod page;
pub mod pdf;
pub mod pipeline;
pub mod render;
#[cfg(feature = "serve")]
pub mod serve;
pub mod starter;
pub mod style;
pub mod typeset;
pub mod validate;
pub mod webfonts;
