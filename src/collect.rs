//! Collect: a folder of documents → one collection (汇总N篇).
//!
//! In: a folder, an output file (`.pdf`, `.html` or `.md`) and an optional title.
//! Out: the file, holding every document of the folder (in path order, with the
//! defaults of their `wengao.toml` chain) as 篇一 … 篇N with a 目录 — exactly what a
//! `[[part]]` file with the same content gives.

use crate::batch::discover;
use crate::config::Configs;
use crate::diagnostics::{Diagnostic, Report};
use crate::format::Format;
use crate::input::{Document, Loaded, Part};
use crate::output::{write_atomic, FolderLock};
use crate::pipeline;
use crate::render::Templates;
use std::path::Path;
use toml::Spanned;

/// Runs `wengao collect`; returns the exit code.
pub fn run(dir: &Path, out: &Path, title: Option<&str>, templates: Option<&Path>, import_text: bool) -> u8 {
    let imported = crate::import::folder_kinds(import_text);
    match collect(dir, out, title, templates, imported) {
        Ok(count) => {
            eprintln!("collected {count} documents into {}", out.display());
            0
        }
        Err((report, code)) => {
            eprint!("{report}");
            code
        }
    }
}

fn fail(d: Diagnostic) -> (Report, u8) {
    (Report { diagnostics: vec![d] }, 1)
}

fn collect(
    dir: &Path,
    out: &Path,
    title: Option<&str>,
    templates: Option<&Path>,
    imported: &[&str],
) -> Result<usize, (Report, u8)> {
    let format: Format =
        out.extension().and_then(|e| e.to_str()).unwrap_or("").parse().map_err(|e: String| {
            fail(Diagnostic::error(e).with_help("name the output FILE.pdf, FILE.docx, FILE.html or FILE.md"))
        })?;
    let loaded = load_collection_of(dir, title, imported, Some(out)).map_err(|r| (r, 1))?;
    for w in &loaded.warnings {
        eprint!("{w}");
    }
    let count = loaded.document.part.len();
    let tdir =
        templates.map(Path::to_path_buf).or_else(|| Some(dir.join("templates")).filter(|d| d.is_dir()));
    let templates = Templates::load(tdir.as_deref()).map_err(|r| (r, 1))?;
    let built = pipeline::build_loaded(&loaded, &templates, &[format]).map_err(|r| (r, 1))?;
    for w in &built.warnings {
        eprint!("{w}");
    }
    let folder = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let _lock = FolderLock::wait_for(folder).map_err(|e| {
        (Report { diagnostics: vec![Diagnostic::error(format!("cannot lock {}: {e}", folder.display()))] }, 2)
    })?;
    write_atomic(out, &built.products[0].bytes).map_err(|e| {
        (Report { diagnostics: vec![Diagnostic::error(format!("cannot write {}: {e}", out.display()))] }, 2)
    })?;
    Ok(count)
}

/// The collection of every document below `dir` (path order, `wengao.toml`
/// defaults applied), titled `title` or the folder's name.
pub fn load_collection(dir: &Path, title: Option<&str>) -> Result<Loaded, Report> {
    load_collection_of(dir, title, crate::import::folder_kinds(false), None)
}

/// [`load_collection`] with the file kinds to import besides TOML (`docx`, `md`, `txt`),
/// leaving out `output` (the collection's own file, when it is written inside `dir`:
/// `collect DIR -o DIR/all.docx` must not take its last output as a document).
pub fn load_collection_of(
    dir: &Path,
    title: Option<&str>,
    imported: &[&str],
    output: Option<&Path>,
) -> Result<Loaded, Report> {
    if !dir.is_dir() {
        return Err(Report {
            diagnostics: vec![Diagnostic::error(format!("{} is not a folder", dir.display()))],
        });
    }
    let mut configs = Configs::new(dir);
    let mut report = Report::default();
    let mut warnings = Vec::new();
    let mut parts = Vec::new();
    let output = output.map(crate::batch::lexical);
    for path in discover(dir, None, imported) {
        if output.as_ref().is_some_and(|o| crate::batch::lexical(&path) == *o) {
            continue;
        }
        let chain = configs.chain_for(path.parent().unwrap_or(dir))?;
        match crate::import::load_any(&path) {
            Ok(mut loaded) => {
                loaded.document.apply_defaults(&chain.defaults);
                warnings.append(&mut loaded.warnings);
                // A collection among the documents gives its own parts.
                if loaded.document.is_collection() {
                    parts.append(&mut loaded.document.part);
                } else {
                    parts.push(into_part(loaded.document));
                }
            }
            Err(r) => report.diagnostics.extend(r.diagnostics),
        }
    }
    if report.has_errors() {
        return Err(report);
    }
    if parts.is_empty() {
        return Err(Report {
            diagnostics: vec![Diagnostic::error(format!(
                "no documents (*.toml, *.docx) in {}",
                dir.display()
            ))],
        });
    }
    let root_defaults = configs.chain_for(dir)?;
    let name = dir.file_name().map_or_else(|| "汇总".to_string(), |n| n.to_string_lossy().into_owned());
    let document = Document {
        title: Spanned::new(0..0, title.map_or(name, str::to_string)),
        subtitle: None,
        kind: None,
        organization: None,
        date: None,
        preface: None,
        section: Vec::new(),
        schedule: None,
        attachment: Vec::new(),
        part: parts,
        style: root_defaults.defaults.style.clone(),
    };
    Ok(Loaded { path: dir.join("collection"), source: String::new(), document, warnings })
}

/// A document as one part of a collection (its `kind` and `style` do not apply).
fn into_part(d: Document) -> Part {
    Part {
        title: d.title,
        subtitle: d.subtitle,
        organization: d.organization,
        date: d.date,
        preface: d.preface,
        section: d.section,
        schedule: d.schedule,
        attachment: d.attachment,
    }
}
