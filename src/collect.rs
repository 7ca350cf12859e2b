//! Collect: a folder of documents → one collection (汇总N篇), or one 印发通知.
//!
//! In: a folder, an output file (`.pdf`, `.docx`, `.html` or `.md`), an optional
//! title and an optional cover (a notice's TOML). Out: the file, holding every
//! document the folder's [`Project`] lists (in path order, with the defaults of
//! their `wengao.toml` chain) as 篇一 … 篇N with a 目录 — exactly what a `[[part]]`
//! file with the same content gives — rendered with the root's templates; with a
//! cover, the notice (版头, body, 落款, 版记) issuing each document as its annex
//! 附件1 … 附件N after its own attachments — exactly what the notice with one
//! `[[attachment]] file = …` per document gives — rendered with its templates.
//! Each document's pictures are found from its own folder (the project names
//! them from the root).

use crate::annex;
use crate::diagnostics::{Diagnostic, Report};
use crate::format::Format;
use crate::input::{Attachment, Loaded};
use crate::output::{write_atomic, FolderLock};
use crate::pipeline;
use crate::project::{self, Project};
use crate::render::Templates;
use crate::status::Status;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use toml::Spanned;

/// What `wengao collect` was asked for.
pub struct Request<'a> {
    pub dir: &'a Path,
    pub out: &'a Path,
    pub title: Option<&'a str>,
    /// A notice that issues the documents (`--cover`).
    pub cover: Option<&'a Path>,
    pub templates: Option<PathBuf>,
    pub import_text: bool,
    pub font_dir: Option<PathBuf>,
}

/// Runs `wengao collect`.
pub fn run(request: &Request) -> Status {
    match collect(request) {
        Ok(count) => {
            let under =
                request.cover.map(|c| format!(" under the notice {}", c.display())).unwrap_or_default();
            eprintln!("collected {count} documents into {}{under}", request.out.display());
            Status::Ok
        }
        Err((report, status)) => {
            eprint!("{report}");
            status
        }
    }
}

fn collect(request: &Request) -> Result<usize, (Report, Status)> {
    let input = |r: Report| (r, Status::InputErrors);
    let out = request.out;
    let format: Format =
        out.extension().and_then(|e| e.to_str()).unwrap_or("").parse().map_err(|e: String| {
            input(
                Diagnostic::error(e)
                    .with_help("name the output FILE.pdf, FILE.docx, FILE.html or FILE.md")
                    .into(),
            )
        })?;
    if !request.dir.is_dir() {
        return Err(input(Diagnostic::error(format!("{} is not a folder", request.dir.display())).into()));
    }
    let mut outputs = vec![out.to_path_buf()];
    // `collect DIR --cover DIR/notice.toml`: the notice is not one of the documents.
    outputs.extend(request.cover.map(Path::to_path_buf));
    let options = project::Options {
        import_text: request.import_text,
        templates: request.templates.clone(),
        // `collect DIR -o DIR/all.docx` must not take its last output as a document.
        outputs,
    };
    let mut project = Project::open(request.dir, options).map_err(input)?;
    let (loaded, templates, count) = match request.cover {
        Some(cover) => covered(&mut project, cover).map_err(input)?,
        None => {
            let loaded = project.collection(request.title).map_err(input)?;
            let templates = project.root_templates().map_err(|r| input(Report::clone(&r)))?;
            let count = loaded.document.part.len();
            (loaded, templates, count)
        }
    };
    for w in &loaded.warnings {
        eprint!("{w}");
    }
    let settings = pipeline::Settings { font_dir: request.font_dir.clone(), ..pipeline::Settings::default() };
    let scope = annex::Scope { root: request.dir.to_path_buf(), templates: request.templates.clone() };
    let built = pipeline::build_in_scope(&loaded, &templates, &[format], &settings, &scope).map_err(input)?;
    for w in &built.warnings {
        eprint!("{w}");
    }
    let folder = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let internal = |what: String| (Report::from(Diagnostic::error(what)), Status::Internal);
    let _lock = FolderLock::wait_for(folder)
        .map_err(|e| internal(format!("cannot lock {}: {e}", folder.display())))?;
    // The Markdown's pictures, named from the root, must resolve from the output's folder.
    let bytes = match format {
        Format::Md => pipeline::markdown_for(&built.products[0].bytes, &loaded.path, out),
        _ => built.products[0].bytes.clone(),
    };
    write_atomic(out, &bytes).map_err(|e| internal(format!("cannot write {}: {e}", out.display())))?;
    Ok(count)
}

/// The notice at `cover` with every document of the project appended to its
/// `[[attachment]]` list as an issued file, its templates, and how many.
fn covered(project: &mut Project, cover: &Path) -> Result<(Loaded, Arc<Templates>, usize), Report> {
    if cover.extension().is_none_or(|e| !e.eq_ignore_ascii_case("toml")) || !cover.is_file() {
        return Err(Diagnostic::error(format!("the cover {} is not a .toml file", cover.display()))
            .with_help("give --cover the TOML of a notice (e.g. one `wengao new --kind notice` wrote)")
            .into());
    }
    let documents = project.documents();
    if documents.is_empty() {
        return Err(Diagnostic::error(format!(
            "no documents (*.toml, *.docx) in {}",
            project.root().display()
        ))
        .with_help("put the documents to collect (one .toml or .docx each) in the folder")
        .into());
    }
    let entry = project.entry(cover.to_path_buf());
    let mut loaded = entry.load()?;
    let templates = project.templates(entry.templates.as_deref()).map_err(|r| Report::clone(&r))?;
    for d in &documents {
        // Absolute, so that it resolves from the notice's folder wherever that is.
        let path = std::path::absolute(&d.path).unwrap_or_else(|_| d.path.clone());
        let file = Spanned::new(0..0, path.to_string_lossy().into_owned());
        loaded.document.attachment.push(Attachment { title: None, file: Some(file) });
    }
    Ok((loaded, templates, documents.len()))
}
