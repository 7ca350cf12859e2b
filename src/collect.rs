//! Collect: a folder of documents → one collection (汇总N篇).
//!
//! In: a folder, an output file (`.pdf`, `.docx`, `.html` or `.md`) and an
//! optional title. Out: the file, holding every document the folder's
//! [`Project`] lists (in path order, with the defaults of their `wengao.toml`
//! chain) as 篇一 … 篇N with a 目录 — exactly what a `[[part]]` file with the same
//! content gives — rendered with the root's templates. Each document's pictures
//! are found from its own folder (the project names them from the root).

use crate::diagnostics::{Diagnostic, Report};
use crate::format::Format;
use crate::output::{write_atomic, FolderLock};
use crate::pipeline;
use crate::project::{self, Project};
use crate::status::Status;
use std::path::{Path, PathBuf};

/// What `wengao collect` was asked for.
pub struct Request<'a> {
    pub dir: &'a Path,
    pub out: &'a Path,
    pub title: Option<&'a str>,
    pub templates: Option<PathBuf>,
    pub import_text: bool,
    pub font_dir: Option<PathBuf>,
}

/// Runs `wengao collect`.
pub fn run(request: &Request) -> Status {
    match collect(request) {
        Ok(count) => {
            eprintln!("collected {count} documents into {}", request.out.display());
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
    let options = project::Options {
        import_text: request.import_text,
        templates: request.templates.clone(),
        // `collect DIR -o DIR/all.docx` must not take its last output as a document.
        outputs: vec![out.to_path_buf()],
    };
    let mut project = Project::open(request.dir, options).map_err(input)?;
    let loaded = project.collection(request.title).map_err(input)?;
    for w in &loaded.warnings {
        eprint!("{w}");
    }
    let count = loaded.document.part.len();
    let templates = project.root_templates().map_err(|r| input(Report::clone(&r)))?;
    let settings = pipeline::Settings { font_dir: request.font_dir.clone(), ..pipeline::Settings::default() };
    let built = pipeline::build_loaded_with(&loaded, &templates, &[format], &settings).map_err(input)?;
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
