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
use crate::metadata::Metadata;
use crate::picture::{self, Picture, PictureError};
use crate::render::{self, Templates};
use crate::typeset::{self, Typeset};
use crate::webfonts::{self, HtmlFonts};
use crate::{annex, docx, html, input, markdown, pdf};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One finished output.
pub struct Product {
    pub format: Format,
    pub bytes: Vec<u8>,
}

/// Everything one input produced.
pub struct Built {
    pub products: Vec<Product>,
    /// With [`Settings::html_assets`]: the picture files the HTML links, each
    /// to be written at its path (in the assets folder) with these bytes.
    pub assets: Vec<Asset>,
    pub warnings: Vec<Diagnostic>,
    /// A character came from (or was missing in) the machine's own fonts: the
    /// HTML, PDF and DOCX depend on what is installed, so a build record must not
    /// take them as up to date next time.
    pub machine_fonts: bool,
}

/// The typeset of a loaded document, laid out the first time a format asks for
/// it; with `with_pdf`, the PDF is drawn as its pages are filled (they are not
/// kept), and comes with it.
fn typeset_once<'a>(
    typeset: &'a mut Option<(Typeset, Option<Vec<u8>>)>,
    loaded: &input::Loaded,
    blocks: &[markdown::Block],
    fonts: &FontSet,
    with_pdf: bool,
) -> Result<&'a mut (Typeset, Option<Vec<u8>>), Report> {
    if typeset.is_none() {
        let g = geometry(&loaded.document);
        let fail = |e| font_error(e, loaded, fonts);
        *typeset = Some(if with_pdf {
            let meta = metadata(&loaded.document);
            let mut writer = pdf::Writer::new(&meta, fonts, &g);
            let laid =
                typeset::typeset(blocks, fonts, &g, &mut |n, page| writer.page(n, page)).map_err(fail)?;
            let bytes = writer.finish(&laid).map_err(fail)?;
            (laid, Some(bytes))
        } else {
            (typeset::typeset(blocks, fonts, &g, &mut |_, _| Ok(())).map_err(fail)?, None)
        });
    }
    Ok(typeset.as_mut().expect("laid out above"))
}

/// Title, author (the organisation) and date of a document, for its PDF and DOCX.
fn metadata(doc: &input::Document) -> Metadata {
    let author =
        doc.organization.as_deref().or_else(|| doc.part.iter().find_map(|p| p.organization.as_deref()));
    let date = doc.date.as_ref().or_else(|| doc.part.iter().find_map(|p| p.date.as_ref()));
    let ymd = date.and_then(|d| d.get_ref().date).map(|d| (d.year.into(), d.month.into(), d.day.into()));
    Metadata::new(doc.title.get_ref(), author.unwrap_or_default(), ymd)
}

/// The typesetter's geometry for a document.
fn geometry(doc: &input::Document) -> typeset::Geometry {
    typeset::Geometry {
        duplex: doc.style.duplex(),
        bold_headings: doc.style.bold_headings(),
        ..typeset::Geometry::default()
    }
}

/// The DOCX of the blocks, following the typesetter's decisions (the 目录's page
/// numbers, title line breaks, table column widths).
fn docx_bytes(loaded: &input::Loaded, blocks: &[markdown::Block], typeset: &Typeset) -> Vec<u8> {
    let doc = &loaded.document;
    let layout = docx::Layout {
        duplex: doc.style.duplex(),
        bold_headings: doc.style.bold_headings(),
        latin_serif: doc.style.latin_serif(),
    };
    docx::render(blocks, typeset, &metadata(doc), &word_fonts(&doc.style.word_fonts), &layout)
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

/// A missing-glyph warning, pointed at the character's first place in the input.
fn missing_glyph_warning(m: &typeset::MissingGlyph, loaded: &input::Loaded) -> Diagnostic {
    match loaded.source.find(m.ch) {
        Some(at) => m.warning().at(&loaded.path, &loaded.source, at..at + m.ch.len_utf8()),
        None => m.warning(),
    }
}

/// Reads the file of every picture block, once per file, relative to the folder
/// of the document. A missing or unreadable picture is an error pointing at the
/// image in the input (a GIF, WebP or BMP is read as the PNG it converts to).
fn read_pictures(blocks: &mut [markdown::Block], loaded: &input::Loaded) -> Result<(), Report> {
    let folder = loaded.path.parent().unwrap_or(Path::new(""));
    let mut read: HashMap<PathBuf, Option<Arc<Picture>>> = HashMap::new();
    let mut errors = Vec::new();
    for image in blocks.iter_mut().flat_map(|b| b.images.iter_mut()) {
        let path = picture::path_of(folder, &image.src);
        if let Some(known) = read.get(&path) {
            image.file = known.clone();
            continue;
        }
        let result = if image.src.contains("://") {
            Err(PictureError::Unreadable("a picture on the web is not fetched".into()))
        } else {
            Picture::read(&path)
        };
        let file = match result {
            Ok(p) => Some(Arc::new(p)),
            Err(e) => {
                let d = Diagnostic::error(format!("cannot read the picture {}: {e}", path.display()))
                    .with_help("a picture's path is relative to the folder of the file that names it; check the name and that the file is a JPEG, PNG, GIF, WebP or BMP");
                errors.push(at_image(d, loaded, &image.src));
                None
            }
        };
        image.file = file.clone();
        read.insert(path, file);
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Report { diagnostics: errors })
    }
}

/// Points `d` at the image `src` in the input (its first mention), else at the file.
fn at_image(d: Diagnostic, loaded: &input::Loaded, src: &str) -> Diagnostic {
    let at = loaded.source.find(&format!("]({src}")).map(|a| a + 2).or_else(|| loaded.source.find(src));
    match at {
        Some(at) => d.at(&loaded.path, &loaded.source, at..at + src.len()),
        None => d.at_file(&loaded.path, &loaded.source),
    }
}

/// The Markdown of the document at `document`, to be written to `target`: the
/// paths of its pictures rewritten so that they resolve from the target's folder.
pub fn markdown_for(md: &[u8], document: &Path, target: &Path) -> Vec<u8> {
    fn folder(p: &Path) -> &Path {
        p.parent().filter(|f| !f.as_os_str().is_empty()).unwrap_or(Path::new("."))
    }
    let (Ok(text), from, to) = (std::str::from_utf8(md), folder(document), folder(target)) else {
        return md.to_vec();
    };
    let (Ok(from), Ok(to)) = (std::path::absolute(from), std::path::absolute(to)) else { return md.to_vec() };
    if from == to {
        return md.to_vec();
    }
    markdown::rewrite_image_paths(text, |src| {
        picture::is_relative_file(src)
            .then(|| relative(&to, &from.join(src)).to_string_lossy().replace('\\', "/"))
    })
    .into_bytes()
}

/// `path` relative to the folder `base` (both absolute).
fn relative(base: &Path, path: &Path) -> PathBuf {
    let (b, p): (Vec<_>, Vec<_>) = (base.components().collect(), path.components().collect());
    let common = b.iter().zip(&p).take_while(|(x, y)| x == y).count();
    let mut out: PathBuf = b[common..].iter().map(|_| "..").collect();
    out.extend(&p[common..]);
    out
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
    /// `--html-assets DIR`: the HTML links its pictures instead of embedding them.
    pub html_assets: Option<HtmlAssets>,
}

/// A picture file a linked HTML needs: where to write it, and its bytes.
pub type Asset = (PathBuf, Arc<Picture>);

/// Where a linked HTML's pictures go, and where the HTML itself goes (its links
/// are relative to its folder).
#[derive(Clone, Debug)]
pub struct HtmlAssets {
    pub dir: PathBuf,
    pub html: PathBuf,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings { html_fonts: HtmlFonts::Embedded, font_dir: None, html_assets: None }
    }
}

/// The links of the pictures of `blocks` in the HTML going to `to.html`, each
/// picture copied into `to.dir` under a name made of its file's name and a hash
/// of its bytes (two different files never share a name; the same file used
/// twice, or by two documents, is one copy); and the copies to write.
fn linked_pictures(blocks: &[markdown::Block], to: &HtmlAssets) -> (HashMap<PathBuf, String>, Vec<Asset>) {
    let (mut urls, mut copies) = (HashMap::new(), Vec::new());
    let from = std::path::absolute(to.html.parent().unwrap_or(Path::new("")))
        .unwrap_or_else(|_| to.html.parent().unwrap_or(Path::new("")).to_path_buf());
    let dir = std::path::absolute(&to.dir).unwrap_or_else(|_| to.dir.clone());
    for file in blocks.iter().flat_map(|b| &b.images).filter_map(|m| m.file.as_ref()) {
        if urls.contains_key(&file.path) {
            continue;
        }
        let stem: String = file
            .path
            .file_stem()
            .map(|s| s.to_string_lossy())
            .unwrap_or_default()
            .chars()
            .map(|c| if c.is_alphanumeric() || c == '-' || c == '_' { c } else { '_' })
            .collect();
        let hash = crate::hash::Fnv128::default().write(&file.bytes).finish();
        let name = format!("{stem}-{:016x}.{}", hash as u64, file.extension());
        let link = relative(&from, &dir.join(&name));
        urls.insert(file.path.clone(), link.to_string_lossy().replace('\\', "/"));
        let target = to.dir.join(name);
        if !copies.iter().any(|(t, _): &Asset| *t == target) {
            copies.push((target, file.clone()));
        }
    }
    (urls, copies)
}

/// Renders an already loaded document (HTML with embedded font subsets).
pub fn build_loaded(
    loaded: &input::Loaded,
    templates: &Templates,
    formats: &[Format],
) -> Result<Built, Report> {
    build_loaded_with(loaded, templates, formats, &Settings::default())
}

/// Renders an already loaded document with the given [`Settings`]; the documents
/// it issues are looked up as in a project rooted at its folder.
pub fn build_loaded_with(
    loaded: &input::Loaded,
    templates: &Templates,
    formats: &[Format],
    settings: &Settings,
) -> Result<Built, Report> {
    build_in_scope(loaded, templates, formats, settings, &annex::Scope::of(&loaded.path))
}

/// The Markdown of a notice with the documents it issues, its blocks (pictures
/// read) and the warnings of both: each issued document is rendered by its own
/// templates and checked in its own file, its picture paths made to resolve from
/// the notice's folder and its anchors prefixed.
fn notice_markdown(
    loaded: &input::Loaded,
    templates: &Templates,
    scope: &annex::Scope,
) -> Result<(String, Vec<markdown::Block>, Vec<Diagnostic>), Report> {
    let mut warnings = loaded.warnings.clone();
    warnings.extend(render::kind_warning(loaded, templates));
    let mut annexes = Vec::new();
    // Footnote labels, kept apart like anchors (an annex's `[^1]` is not the notice's).
    let mut notes = annex::note_labels(&loaded.source);
    let (issued, read_warnings) = annex::read(loaded, scope)?;
    warnings.extend(read_warnings);
    for issued in issued {
        let (md, _, issued_warnings) = checked_markdown(&issued.loaded, &issued.templates, Vec::new())?;
        warnings.extend(issued.loaded.warnings.iter().cloned());
        warnings.extend(render::kind_warning(&issued.loaded, &issued.templates));
        warnings.extend(issued_warnings);
        let moved = markdown_for(md.as_bytes(), &issued.loaded.path, &loaded.path);
        let markdown = annex::prefix_anchors(&String::from_utf8_lossy(&moved), &issued.prefix);
        let markdown = annex::rename_notes(&markdown, &mut notes);
        let title = annex::title_of(&issued.loaded);
        annexes.push((issued.index, render::AnnexContext { label: issued.label, title, markdown }));
    }
    let (md, blocks, own) = checked_markdown(loaded, templates, annexes)?;
    warnings.extend(own);
    Ok((md, blocks, warnings))
}

/// A document's Markdown (with `annexes`), its blocks with their pictures read,
/// and the warnings about what the document itself wrote (the annexes' were
/// given in their own files).
fn checked_markdown(
    loaded: &input::Loaded,
    templates: &Templates,
    annexes: Vec<(usize, render::AnnexContext)>,
) -> Result<(String, Vec<markdown::Block>, Vec<Diagnostic>), Report> {
    let first_annex = annexes.first().map(|(_, a)| a.markdown.clone());
    let md = render::to_markdown_with(loaded, templates, annexes)?;
    // Blocks for a Markdown-only build too: its pictures must exist.
    let mut blocks = markdown::parse(&md);
    let split = blocks.iter().position(|b| b.role == markdown::Role::AnnexLabel).unwrap_or(blocks.len());
    let (own, annexed) = blocks.split_at_mut(split);
    read_pictures(own, loaded)?;
    read_pictures(annexed, loaded)?;
    let mut warnings = Vec::new();
    let own_md = first_annex.and_then(|a| md.find(&a)).map_or(&md[..], |at| &md[..at]);
    warnings.extend(crate::unprinted::find(own_md, own).into_iter().map(|u| {
        let d = Diagnostic::warning(u.message).with_help(u.help);
        match loaded.source.find(&u.snippet) {
            Some(at) => d.at(&loaded.path, &loaded.source, at..at + u.snippet.len()),
            None => d.at_file(&loaded.path, &loaded.source),
        }
    }));
    Ok((md, blocks, warnings))
}

/// Renders an already loaded document with the given [`Settings`], the documents
/// it issues looked up in `scope` (the project it is built in).
pub(crate) fn build_in_scope(
    loaded: &input::Loaded,
    templates: &Templates,
    formats: &[Format],
    settings: &Settings,
    scope: &annex::Scope,
) -> Result<Built, Report> {
    let html_fonts = &settings.html_fonts;
    let (md, blocks, mut warnings) = notice_markdown(loaded, templates, scope)?;
    let mut products = Vec::new();
    let mut assets = Vec::new();
    let mut typeset = None;
    let fonts = font_set(&loaded.document, settings.font_dir.clone());
    let with_pdf = formats.contains(&Format::Pdf);
    for (k, &format) in formats.iter().enumerate() {
        let bytes = match format {
            Format::Md => md.clone().into_bytes(),
            Format::Html => {
                let title = loaded.document.title.get_ref().replace('\n', "");
                let css =
                    webfonts::css(&blocks, &fonts, html_fonts).map_err(|e| font_error(e, loaded, &fonts))?;
                match &settings.html_assets {
                    Some(to) => {
                        let (urls, copies) = linked_pictures(&blocks, to);
                        assets = copies;
                        html::page(&blocks, &title, &css, templates, html::Pictures::Linked(&urls))?
                    }
                    None => html::page(&blocks, &title, &css, templates, html::Pictures::Embedded)?,
                }
                .into_bytes()
            }
            Format::Pdf => {
                let (laid, pdf) = typeset_once(&mut typeset, loaded, &blocks, &fonts, with_pdf)?;
                warnings.extend(laid.missing.iter().map(|m| missing_glyph_warning(m, loaded)));
                let again = formats[k + 1..].contains(&Format::Pdf);
                let bytes = if again { pdf.clone() } else { pdf.take() };
                bytes.expect("drawn with the typeset")
            }
            Format::Docx => {
                let (laid, _) = typeset_once(&mut typeset, loaded, &blocks, &fonts, with_pdf)?;
                docx_bytes(loaded, &blocks, laid)
            }
        };
        products.push(Product { format, bytes });
    }
    Ok(Built { products, assets, warnings, machine_fonts: fonts.used_machine_fonts() })
}
