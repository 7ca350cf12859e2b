//! The integration tests: one binary (ripgrep's layout), a module per area.
//!
//! Shared helpers live in [`common`] (PDF text against Markdown, the district
//! sample, a `wengao serve` process). Tools the tests drive — pdfcheck.py,
//! docxcheck.py, importcheck.py, Chromium scripts — sit beside this folder in `tests/`.

mod common;

mod architecture;
#[cfg(unix)]
mod atomic;
mod batch;
mod cli;
mod constructs;
mod district_pdf;
mod docs;
mod docx;
#[cfg(feature = "serve")]
mod editor;
#[cfg(feature = "serve")]
mod editor_frame;
#[cfg(feature = "serve")]
mod editor_pictures;
mod errors;
mod fuzz;
mod fuzz_import;
mod golden;
mod import;
mod import_word;
mod notes;
mod notice;
mod official_docx;
mod official_pdf;
mod pages;
mod pdf;
mod picture_print;
mod picture_rows;
mod pictures;
#[cfg(feature = "serve")]
mod project;
mod projects;
mod schema;
mod seed;
#[cfg(feature = "serve")]
mod serve;
mod typeset;
