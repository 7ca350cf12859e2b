//! Pipeline: one input file → the bytes of every output format asked for.
//!
//! In: the path of a `.toml` file, the [`Templates`] to use and the formats.
//! Out: a [`Built`] with one [`Product`] per format (nothing is written here; the
//! CLI writes through [`crate::output`]) and the warnings met on the way, or a
//! [`Report`] of errors. Markdown is made once and is the single source of the
//! HTML (and of the PDF).

use crate::diagnostics::{Diagnostic, Report};
use crate::fonts::{FontOverrides, FontSet};
use crate::format::Format;
use crate::render::{self, Templates};
use crate::webfonts::{self, HtmlFonts};
use crate::{docx, html, input, markdown, pdf};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// One finished output.
pub struct Product {
    pub format: Format,
    pub bytes: Vec<u8>,
}

/// Everything one input produced.
pub struct Built {
    pub products: Vec<Product>,
    pub warnings: Vec<Diagnostic>,
    /// A character came from (or was missing in) the machine's own fonts: the
    /// HTML, PDF and DOCX depend on what is installed, so a build record must not
    /// take them as up to date next time.
    pub machine_fonts: bool,
}

/// Typesets the blocks of a loaded document.
fn pdf_bytes(
    loaded: &input::Loaded,
    blocks: &[markdown::Block],
    fonts: &FontSet,
) -> Result<pdf::Rendered, Report> {
    let doc = &loaded.document;
    let geometry = geometry(doc);
    let (title, author, created) = metadata(doc);
    let meta = pdf::Metadata { title, author, created };
    pdf::render(blocks, &meta, fonts, &geometry).map_err(|e| font_error(e, loaded, fonts))
}

/// The PDF's layout geometry for a document.
fn geometry(doc: &input::Document) -> pdf::Geometry {
    pdf::Geometry {
        duplex: doc.style.duplex(),
        bold_headings: doc.style.bold_headings(),
        ..pdf::Geometry::default()
    }
}

/// Title, author (the organisation) and creation time of a document.
fn metadata(doc: &input::Document) -> (String, String, i64) {
    let author = doc
        .organization
        .clone()
        .or_else(|| doc.part.iter().find_map(|p| p.organization.clone()))
        .unwrap_or_default();
    (doc.title.get_ref().replace('\n', ""), author, creation_time(doc))
}

/// The DOCX of the blocks; `anchor_pages` are the PDF's page numbers when the PDF
/// was made in the same run (else the layout runs again for a 目录).
fn docx_bytes(
    loaded: &input::Loaded,
    blocks: &[markdown::Block],
    fonts: &FontSet,
    anchor_pages: Option<HashMap<String, usize>>,
) -> Result<Vec<u8>, Report> {
    let doc = &loaded.document;
    let has_toc = blocks.iter().any(|b| b.role == markdown::Role::Toc);
    let pages = match anchor_pages {
        Some(p) => p,
        None if has_toc => {
            pdf::anchor_pages(blocks, fonts, &geometry(doc)).map_err(|e| font_error(e, loaded, fonts))?
        }
        None => HashMap::new(),
    };
    let (title, author, created) = metadata(doc);
    let layout = docx::Layout {
        duplex: doc.style.duplex(),
        bold_headings: doc.style.bold_headings(),
        latin_serif: doc.style.latin_serif(),
    };
    Ok(docx::render(
        blocks,
        &docx::Metadata { title, author, created },
        &word_fonts(&doc.style.word_fonts),
        &layout,
        &pages,
    ))
}

/// The Word font names of `[style.word_fonts]`, the defaults where none is chosen.
fn word_fonts(choice: &input::WordFontChoice) -> docx::WordFonts {
    let d = docx::WordFonts::default();
    let pick = |mine: &Option<String>, default: String| {
        mine.clone().filter(|s| !s.trim().is_empty()).unwrap_or(default)
    };
    docx::WordFonts {
        title: pick(&choice.title, d.title),
        body: pick(&choice.body, d.body),
        heading1: pick(&choice.heading1, d.heading1),
        heading2: pick(&choice.heading2, d.heading2),
        page_number: pick(&choice.page_number, d.page_number),
    }
}

/// The faces a document asks for (its `[style.fonts]`, `--font-dir`).
fn font_set(doc: &input::Document, font_dir: Option<PathBuf>) -> FontSet {
    let f = &doc.style.fonts;
    let path = |file: &Option<input::FontFile>| file.as_ref().map(|f| f.path.clone());
    FontSet::new(&FontOverrides {
        title: path(&f.title),
        body: path(&f.body),
        heading1: path(&f.heading1),
        heading2: path(&f.heading2),
        page_number: path(&f.page_number),
        fallback: f.fallback.iter().map(|f| f.path.clone()).collect(),
        font_dir,
        latin_serif: doc.style.latin_serif(),
    })
}

/// A font problem, pointed at the `[style.fonts]` value (in the document or a
/// `wengao.toml`) that names the file that failed, else at the document.
fn font_error(e: String, loaded: &input::Loaded, fonts: &FontSet) -> Report {
    let failed = fonts.failed_file();
    let named = loaded.document.style.fonts.files().find(|f| Some(&f.path) == failed.as_ref());
    let d = Diagnostic::error(e).with_help(
        "check the font files named in [style.fonts] (paths are relative to the file that names them; \
         --font-dir is searched too); they must be OpenType or TrueType fonts",
    );
    let d = match named.and_then(|f| f.named_at.clone()) {
        Some(location) => d.located(location),
        None => d.at_file(&loaded.path, &loaded.source),
    };
    Report { diagnostics: vec![d] }
}

/// `SOURCE_DATE_EPOCH` when set, else the document's date, else 1970-01-01:
/// the same input always gives the same PDF.
fn creation_time(doc: &input::Document) -> i64 {
    if let Some(epoch) = std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|v| v.trim().parse().ok()) {
        return epoch;
    }
    let date = doc.date.as_ref().or_else(|| doc.part.iter().find_map(|p| p.date.as_ref()));
    date.and_then(|d| d.get_ref().date)
        .map(|d| days_from_civil(d.year.into(), d.month.into(), d.day.into()) * 86_400)
        .unwrap_or(0)
}

/// Days since 1970-01-01 of a Gregorian date.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// A missing-glyph warning, pointed at the character's first place in the input.
fn missing_glyph_warning(m: &pdf::MissingGlyph, loaded: &input::Loaded) -> Diagnostic {
    match loaded.source.find(m.ch) {
        Some(at) => m.warning().at(&loaded.path, &loaded.source, at..at + m.ch.len_utf8()),
        None => m.warning(),
    }
}

/// Reads, checks and renders one input into every format in `formats`.
pub fn build_file(path: &Path, templates: &Templates, formats: &[Format]) -> Result<Built, Report> {
    let loaded = input::load(path)?;
    build_loaded(&loaded, templates, formats)
}

/// What a build depends on besides the document and its templates.
#[derive(Clone, Debug)]
pub struct Settings {
    /// How the HTML page gets its fonts.
    pub html_fonts: HtmlFonts,
    /// `--font-dir`: a folder of font files (see [`FontOverrides::font_dir`]).
    pub font_dir: Option<PathBuf>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings { html_fonts: HtmlFonts::Embedded, font_dir: None }
    }
}

/// Renders an already loaded document (HTML with embedded font subsets).
pub fn build_loaded(
    loaded: &input::Loaded,
    templates: &Templates,
    formats: &[Format],
) -> Result<Built, Report> {
    build_loaded_with(loaded, templates, formats, &Settings::default())
}

/// Renders an already loaded document with the given [`Settings`].
pub fn build_loaded_with(
    loaded: &input::Loaded,
    templates: &Templates,
    formats: &[Format],
    settings: &Settings,
) -> Result<Built, Report> {
    let html_fonts = &settings.html_fonts;
    let mut warnings = loaded.warnings.clone();
    warnings.extend(render::kind_warning(loaded, templates));
    let md = render::to_markdown(loaded, templates)?;
    let mut products = Vec::new();
    let mut anchor_pages = None;
    let needs_blocks = formats.iter().any(|f| *f != Format::Md);
    let blocks = if needs_blocks { markdown::parse(&md) } else { Vec::new() };
    let fonts = font_set(&loaded.document, settings.font_dir.clone());
    for &format in formats {
        let bytes = match format {
            Format::Md => md.clone().into_bytes(),
            Format::Html => {
                let title = loaded.document.title.get_ref().replace('\n', "");
                let css =
                    webfonts::css(&blocks, &fonts, html_fonts).map_err(|e| font_error(e, loaded, &fonts))?;
                html::page(&blocks, &title, &css, templates)?.into_bytes()
            }
            Format::Pdf => {
                let rendered = pdf_bytes(loaded, &blocks, &fonts)?;
                warnings.extend(rendered.missing.iter().map(|m| missing_glyph_warning(m, loaded)));
                anchor_pages = Some(rendered.anchor_pages);
                rendered.bytes
            }
            Format::Docx => docx_bytes(loaded, &blocks, &fonts, anchor_pages.take())?,
        };
        products.push(Product { format, bytes });
    }
    Ok(Built { products, warnings, machine_fonts: fonts.used_machine_fonts() })
}
