//! CLI: the `wengao` command line (clap derive).
//!
//! In: the process arguments. Out: files written through [`crate::output`],
//! diagnostics on stderr, a one-line summary, and the exit code — 0 when all went
//! well, 1 when an input had errors, 2 when wengao itself failed (e.g. a disk
//! that refuses the output).

use crate::diagnostics::{Diagnostic, Report};
use crate::output::write_atomic;
use crate::pipeline::{self, Format};
use crate::render::{Templates, BUILTIN};
use clap::{Parser, Subcommand, ValueEnum};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// wengao（文稿）：把 TOML 写成的工作计划、工作总结排成 Markdown、HTML 和 PDF。
///
/// Turns TOML into Chinese work plans and summaries: Markdown, HTML and PDF in
/// the GB/T 9704-2012 layout.
#[derive(Parser, Debug)]
#[command(name = "wengao", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// 生成文稿 — build documents: each FILE.toml gives OUT/FILE.md, .html (and .pdf).
    ///
    /// A folder builds every *.toml in it (except wengao.toml), mirroring the folder tree.
    Build {
        /// TOML files or folders to build.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output folder.
        #[arg(short, long, default_value = "out")]
        out: PathBuf,
        /// Formats to write, separated by commas: md, html, pdf.
        #[arg(short, long, value_delimiter = ',', default_value = "md,html,pdf")]
        formats: Vec<Format>,
        /// A folder of templates to use instead of `templates/` beside each input.
        #[arg(long)]
        templates: Option<PathBuf>,
    },
    /// 检查 — check documents and report every problem, writing nothing.
    Check {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long)]
        templates: Option<PathBuf>,
    },
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

/// Which starter `wengao new` writes.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum StarterKind {
    Plan,
    Summary,
    Collection,
}

impl clap::ValueEnum for Format {
    fn value_variants<'a>() -> &'a [Self] {
        &[Format::Md, Format::Html, Format::Pdf]
    }
    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.extension()))
    }
}

/// How a run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Outcome {
    Ok = 0,
    InputErrors = 1,
    Internal = 2,
}

/// Runs the command line and returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    let outcome = match cli.command {
        Command::Build { paths, out, formats, templates } => {
            build(&paths, &out, &dedup(formats), templates.as_deref(), true)
        }
        Command::Check { paths, templates } => build(&paths, Path::new(""), &[Format::Md, Format::Html, Format::Pdf], templates.as_deref(), false),
        Command::New { file, kind } => new_file(&file, kind),
        Command::Templates { dir } => write_templates(&dir),
    };
    ExitCode::from(outcome as u8)
}

fn dedup(mut formats: Vec<Format>) -> Vec<Format> {
    formats.sort();
    formats.dedup();
    formats
}

/// One input and where its outputs go (without extension).
struct Job {
    input: PathBuf,
    out_stem: PathBuf,
}

fn jobs(paths: &[PathBuf], out: &Path) -> Result<Vec<Job>, Report> {
    let mut jobs = Vec::new();
    for path in paths {
        if path.is_dir() {
            let walker = walkdir::WalkDir::new(path).sort_by_file_name().into_iter().filter_entry(|e| {
                e.depth() == 0 || !e.file_name().to_str().is_some_and(|n| n.starts_with('.'))
            });
            for entry in walker.filter_map(Result::ok) {
                let p = entry.path();
                let is_doc = entry.file_type().is_file()
                    && p.extension().is_some_and(|e| e == "toml")
                    && p.file_name().is_some_and(|n| n != "wengao.toml");
                let inside_out = p.starts_with(out) && !out.as_os_str().is_empty();
                if is_doc && !inside_out {
                    let rel = p.strip_prefix(path).unwrap_or(p).with_extension("");
                    jobs.push(Job { input: p.to_path_buf(), out_stem: out.join(rel) });
                }
            }
        } else if path.exists() {
            let stem = path.file_stem().map(PathBuf::from).unwrap_or_else(|| PathBuf::from("output"));
            jobs.push(Job { input: path.clone(), out_stem: out.join(stem) });
        } else {
            return Err(Report {
                diagnostics: vec![Diagnostic::error(format!("{} does not exist", path.display()))
                    .with_help("give the path of a .toml file or of a folder of them")],
            });
        }
    }
    Ok(jobs)
}

fn build(paths: &[PathBuf], out: &Path, formats: &[Format], explicit_templates: Option<&Path>, write: bool) -> Outcome {
    let jobs = match jobs(paths, out) {
        Ok(j) => j,
        Err(report) => {
            eprint!("{report}");
            return Outcome::InputErrors;
        }
    };
    let mut template_sets: BTreeMap<Option<PathBuf>, Result<Templates, String>> = BTreeMap::new();
    let (mut done, mut failed) = (0, 0);
    let mut worst = Outcome::Ok;
    for job in &jobs {
        let dir = pipeline::template_dir_for(&job.input, explicit_templates);
        let first_use = !template_sets.contains_key(&dir);
        let templates = template_sets
            .entry(dir.clone())
            .or_insert_with(|| Templates::load(dir.as_deref()).map_err(|r| r.to_string()));
        let templates = match templates {
            Ok(t) => t,
            Err(text) => {
                if first_use {
                    eprint!("{text}");
                }
                failed += 1;
                worst = worst.max(Outcome::InputErrors);
                continue;
            }
        };
        match pipeline::build_file(&job.input, templates, formats) {
            Ok(built) => {
                for w in &built.warnings {
                    eprint!("{w}");
                }
                if write {
                    for product in &built.products {
                        let target = job.out_stem.with_extension(product.format.extension());
                        if let Err(e) = write_atomic(&target, &product.bytes) {
                            eprint!("{}", Diagnostic::error(format!("cannot write {}: {e}", target.display()))
                                .with_help("check that the output folder exists and is writable, or choose another with -o"));
                            worst = Outcome::Internal;
                        } else {
                            println!("wrote {}", target.display());
                        }
                    }
                }
                done += 1;
            }
            Err(report) => {
                eprint!("{report}");
                failed += 1;
                worst = worst.max(if report.has_errors() { Outcome::InputErrors } else { Outcome::Internal });
            }
        }
    }
    let verb = if write { "built" } else { "checked" };
    eprintln!("{verb} {done} document(s), {failed} failed");
    worst
}

fn new_file(file: &Path, kind: StarterKind) -> Outcome {
    let text = match kind {
        StarterKind::Plan => include_str!("../templates/starters/plan.toml"),
        StarterKind::Summary => include_str!("../templates/starters/summary.toml"),
        StarterKind::Collection => include_str!("../templates/starters/collection.toml"),
    };
    if file.exists() {
        eprint!("{}", Diagnostic::error(format!("{} already exists", file.display()))
            .with_help("choose a new file name; wengao never overwrites your input"));
        return Outcome::InputErrors;
    }
    match write_atomic(file, text.as_bytes()) {
        Ok(()) => {
            println!("wrote {} — edit it, then run: wengao build {}", file.display(), file.display());
            Outcome::Ok
        }
        Err(e) => {
            eprint!("{}", Diagnostic::error(format!("cannot write {}: {e}", file.display())));
            Outcome::Internal
        }
    }
}

fn write_templates(dir: &Path) -> Outcome {
    for (name, text) in BUILTIN {
        let target = dir.join(name);
        if let Err(e) = write_atomic(&target, text.as_bytes()) {
            eprint!("{}", Diagnostic::error(format!("cannot write {}: {e}", target.display())));
            return Outcome::Internal;
        }
        println!("wrote {}", target.display());
    }
    Outcome::Ok
}
