//! CLI: the `wengao` command line (clap derive).
//!
//! In: the process arguments. Out: files written through [`crate::output`],
//! diagnostics on stderr, a one-line summary, and a [`Status`] that `main` turns
//! into the exit code — 0 when all went well, 1 when an input had errors, 2 when
//! wengao itself failed (e.g. a disk that refuses the output).

use crate::diagnostics::Diagnostic;
use crate::format::Format;
use crate::output::write_atomic;
use crate::render::BUILTIN;
use crate::starter::StarterKind;
use crate::status::Status;
use crate::{batch, collect};
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};

/// wengao（文稿）：把 TOML 写成的工作计划、工作总结排成 Markdown、HTML 和 PDF。
///
/// Turns TOML into Chinese work plans and summaries: Markdown, HTML and PDF in
/// the GB/T 9704-2012 layout.
#[derive(Parser, Debug)]
#[command(name = "wengao", version = concat!(env!("CARGO_PKG_VERSION"), " (", env!("WENGAO_COMMIT"), ")"))]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// A folder of font files: fonts named in [style.fonts] are also looked up
    /// here, and files here with a bundled font's name replace it.
    #[arg(long, global = true, value_name = "DIR", env = "WENGAO_FONT_DIR")]
    pub font_dir: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// 生成文稿 — build documents: each FILE.toml gives OUT/FILE.md, .html and .pdf.
    ///
    /// A folder builds every *.toml below it (except wengao.toml), mirroring the
    /// folder tree, with the defaults of the wengao.toml files on the way. Documents
    /// whose inputs did not change since the last build are skipped.
    Build {
        /// TOML files or folders to build.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        options: batch::Options,
    },
    /// 检查 — check documents and report every problem and warning, writing nothing.
    Check {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long)]
        templates: Option<PathBuf>,
    },
    /// 汇总 — one collection (汇总N篇) of every document in a folder, in path order.
    ///
    /// With --cover NOTICE.toml: the notice (版头, body, 落款, 版记) issuing every
    /// document of the folder as its annex 附件1 … 附件N instead.
    Collect {
        /// The folder whose documents become 篇一, 篇二, …
        dir: PathBuf,
        /// The output file: .pdf, .docx, .html or .md.
        #[arg(short, long)]
        out: PathBuf,
        /// The collection's title [default: the folder's name].
        #[arg(long, conflicts_with = "cover")]
        title: Option<String>,
        /// A notice (印发通知) that issues the documents: its 版头, body and 落款
        /// first, then each document as 附件1 … 附件N, then its 版记.
        #[arg(long, value_name = "NOTICE.toml")]
        cover: Option<PathBuf>,
        #[arg(long)]
        templates: Option<PathBuf>,
        /// Also import the .md and .txt files of the folder (its .docx files always are).
        #[arg(long)]
        import_text: bool,
    },
    /// 预览 — serve the HTML of a file or folder, rebuilt and reloaded on every save.
    #[cfg(feature = "serve")]
    Serve {
        /// A .toml file or a folder [default: the current folder].
        #[arg(default_value = ".")]
        path: PathBuf,
        #[arg(long, default_value_t = 8000)]
        port: u16,
        /// Address to listen on; 0.0.0.0 lets other computers (a phone) look too.
        #[arg(long, default_value = "127.0.0.1")]
        host: String,
        /// Open the page in the browser.
        #[arg(long)]
        open: bool,
        #[arg(long)]
        templates: Option<PathBuf>,
        /// Preview only: no editor, no 新建/导入, every write refused.
        #[arg(long)]
        read_only: bool,
    },
    /// 导入 — turn a Word file (.docx) or a text (.md, .txt) into wengao TOML.
    ///
    /// Writes FILE.toml beside each input (or into DIR, or OUT.toml for one input),
    /// never over an existing file, and prints what it found and each line it could
    /// not place.
    Import {
        /// The .docx, .md or .txt files to import.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The output: a .toml file (one input) or a folder.
        #[arg(short, long)]
        out: Option<PathBuf>,
        /// Print, for each paragraph of the original, what it became and why.
        #[arg(long)]
        explain: bool,
    },
    /// 模式 — print the JSON Schema of the input format (for editor completion).
    Schema,
    /// 新建 — write a starter TOML, with comments, that builds as it is.
    New {
        /// The file to create (it must not exist yet).
        file: PathBuf,
        #[arg(long, value_enum, default_value = "plan")]
        kind: StarterKind,
    },
    /// 模板 — write the built-in templates into DIR for editing.
    ///
    /// Put the edited files in a `templates/` folder beside your TOML (or pass
    /// `--templates DIR` to build) and wengao uses them instead of the built-in ones.
    Templates {
        /// Folder to write the templates into.
        dir: PathBuf,
    },
}

impl Command {
    /// A process that lives on (the preview server) rather than one build.
    pub fn is_long_running(&self) -> bool {
        #[cfg(feature = "serve")]
        if matches!(self, Command::Serve { .. }) {
            return true;
        }
        false
    }
}

impl clap::ValueEnum for Format {
    fn value_variants<'a>() -> &'a [Self] {
        &[Format::Md, Format::Html, Format::Pdf, Format::Docx]
    }
    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.extension()))
    }
}

/// Runs the command line.
pub fn run(cli: Cli) -> Status {
    let font_dir = cli.font_dir;
    match cli.command {
        Command::Build { paths, options } => {
            batch::run(&paths, &batch::Options { write: true, font_dir, ..options }).status()
        }
        Command::Check { paths, templates } => {
            let opts = batch::Options {
                templates,
                verbose: true,
                write: false,
                font_dir,
                ..batch::Options::default()
            };
            batch::run(&paths, &opts).status()
        }
        Command::Collect { dir, out, title, cover, templates, import_text } => {
            collect::run(&collect::Request {
                dir: &dir,
                out: &out,
                title: title.as_deref(),
                cover: cover.as_deref(),
                templates,
                import_text,
                font_dir,
            })
        }
        #[cfg(feature = "serve")]
        Command::Serve { path, port, host, open, templates, read_only } => crate::serve::run(
            &path,
            &crate::serve::Options { host, port, open, templates, read_only, font_dir },
        ),
        Command::Import { files, out, explain } => {
            crate::import::command::run(&files, out.as_deref(), explain)
        }
        Command::Schema => {
            print!("{}", crate::input::json_schema());
            Status::Ok
        }
        Command::New { file, kind } => new_file(&file, kind),
        Command::Templates { dir } => write_templates(&dir),
    }
}

fn new_file(file: &Path, kind: StarterKind) -> Status {
    let text = kind.starter();
    if file.exists() {
        eprint!(
            "{}",
            Diagnostic::error(format!("{} already exists", file.display()))
                .with_help("choose a new file name; wengao never overwrites your input")
        );
        return Status::InputErrors;
    }
    match write_atomic(file, text.as_bytes()) {
        Ok(()) => {
            println!("wrote {} — edit it, then run: wengao build {}", file.display(), file.display());
            Status::Ok
        }
        Err(e) => {
            eprint!("{}", Diagnostic::error(format!("cannot write {}: {e}", file.display())));
            Status::Internal
        }
    }
}

fn write_templates(dir: &Path) -> Status {
    for (name, text) in BUILTIN {
        let target = dir.join(name);
        if let Err(e) = write_atomic(&target, text.as_bytes()) {
            eprint!("{}", Diagnostic::error(format!("cannot write {}: {e}", target.display())));
            return Status::Internal;
        }
        println!("wrote {}", target.display());
    }
    Status::Ok
}
