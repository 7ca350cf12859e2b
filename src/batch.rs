//! Batch: many inputs → their outputs, in parallel and incrementally.
//!
//! In: the paths on the command line (files or folders) and [`Options`]. Out:
//! every document built into the output tree (which mirrors the input tree), a
//! log, a summary (`N built, M skipped, K failed`) and a [`Status`]. Per folder
//! the `wengao.toml` chain ([`crate::config`]) gives defaults, formats and the
//! output folder; templates are loaded once per template folder and fonts once per
//! process. Documents are built on all cores (rayon); whatever the thread count,
//! the log comes out in path order and the files are the same. A document whose
//! inputs have not changed since the last build (its [`crate::cache`] record in
//! the output folder) is skipped. One bad file never stops the others. Each output
//! folder is locked ([`FolderLock`]) from reading its record to writing it back, so
//! a second wengao writing the same folder waits, with a message, and then sees
//! what the first one built.

use crate::annex;
use crate::cache::{self, Entries as Cache};
use crate::config::Chain;
use crate::diagnostics::{Diagnostic, Report};
use crate::format::Format;
use crate::hash::Fnv128;
use crate::output::{write_atomic, FolderLock};
use crate::pipeline;
use crate::project::{self, read_file, Entry, Project, Reader};
use crate::render::Templates;
use crate::status::Status;
use crate::webfonts::HtmlFonts;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

pub use crate::cache::CACHE_FILE;

/// How a batch runs; also the flags of `wengao build`.
#[derive(Clone, Debug, Default, clap::Args)]
pub struct Options {
    /// Output folder [default: `[build] out` of wengao.toml, else FOLDER/out or ./out].
    #[arg(short, long)]
    pub out: Option<PathBuf>,
    /// Formats to write, separated by commas: md, html, pdf, docx [default: md, html, pdf].
    #[arg(short, long, value_delimiter = ',')]
    pub formats: Option<Vec<Format>>,
    /// A folder of templates to use instead of `templates/` beside each input.
    #[arg(long)]
    pub templates: Option<PathBuf>,
    /// Threads to use [default: all cores].
    #[arg(short, long)]
    pub jobs: Option<usize>,
    /// Rebuild everything, even what is up to date.
    #[arg(long)]
    pub force: bool,
    /// Remove outputs whose input file is gone.
    #[arg(long)]
    pub clean: bool,
    /// Print only errors and the summary.
    #[arg(short, long)]
    pub quiet: bool,
    /// Print a line for every document.
    #[arg(short, long)]
    pub verbose: bool,
    /// False for `wengao check`: build in memory, write nothing.
    #[arg(skip)]
    pub write: bool,
    /// Do not embed font subsets in the HTML (smaller files; the page then uses the
    /// fonts installed on the computer that opens it).
    #[arg(long)]
    pub no_embed_fonts: bool,
    /// Link the HTML's pictures instead of embedding them: each is copied into DIR
    /// (once, named by its content) and the HTML points at it.
    #[arg(long, value_name = "DIR")]
    pub html_assets: Option<PathBuf>,
    /// Also import the .md and .txt files of a folder (its .docx files always are).
    #[arg(long)]
    pub import_text: bool,
    /// `--font-dir` (a global option of the command line).
    #[arg(skip)]
    pub font_dir: Option<PathBuf>,
}

/// How the run went.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub built: usize,
    pub skipped: usize,
    pub failed: usize,
    /// Writing failed (disk full, no permission): wengao's failure, not the input's.
    pub write_failed: bool,
}

impl Summary {
    /// An output that could not be written is wengao's failure; a failed document the input's.
    pub fn status(&self) -> Status {
        if self.write_failed {
            Status::Internal
        } else if self.failed > 0 {
            Status::InputErrors
        } else {
            Status::Ok
        }
    }
}

/// One document to build.
struct Job {
    entry: Entry,
    /// Output path without extension.
    out_stem: PathBuf,
    out_root: PathBuf,
    formats: Vec<Format>,
    chain: Arc<Chain>,
    templates: Result<Arc<Templates>, Arc<String>>,
    /// Where the documents it issues find their settings and templates.
    scope: annex::Scope,
}

/// What became of one document.
enum Outcome {
    Built { warnings: Vec<Diagnostic>, wrote: Vec<PathBuf>, cache: Vec<(PathBuf, u128)> },
    Skipped,
    Failed(String),
    WriteFailed(String),
}

/// Builds (or checks) everything below `paths`.
pub fn run(paths: &[PathBuf], opts: &Options) -> Summary {
    let start = Instant::now();
    let (jobs, mut summary) = plan(paths, opts);
    let _locks = match lock_out_roots(&jobs, opts) {
        Ok(locks) => locks,
        Err(text) => {
            eprint!("{text}");
            summary.failed += jobs.len();
            summary.write_failed = true;
            return summary;
        }
    };
    let caches = load_caches(&jobs);
    let pool = rayon::ThreadPoolBuilder::new().num_threads(opts.jobs.unwrap_or(0)).build();
    let progress = progress_bar(jobs.len(), opts);
    let work = || -> Vec<Outcome> {
        jobs.par_iter()
            .map(|job| {
                if let Some(bar) = &progress {
                    bar.set_message(job.entry.path.display().to_string());
                }
                let outcome = build_job(job, caches.get(&job.out_root), opts);
                if let Some(bar) = &progress {
                    bar.inc(1);
                }
                outcome
            })
            .collect()
    };
    let outcomes = match &pool {
        Ok(pool) => pool.install(work),
        Err(_) => work(),
    };
    if let Some(bar) = &progress {
        bar.finish_and_clear();
    }
    let tty = std::io::stderr().is_terminal();
    let mut new_cache: BTreeMap<PathBuf, Cache> = BTreeMap::new();
    for (job, outcome) in jobs.iter().zip(outcomes) {
        match outcome {
            Outcome::Built { warnings, wrote, cache } => {
                summary.built += 1;
                for w in &warnings {
                    if !opts.quiet {
                        eprint!("{w}");
                    }
                }
                if opts.verbose || (!tty && !opts.quiet) {
                    let verb = if opts.write { "built" } else { "checked" };
                    let list: Vec<String> = wrote.iter().map(|p| p.display().to_string()).collect();
                    let arrow =
                        if list.is_empty() { String::new() } else { format!(" → {}", list.join(", ")) };
                    eprintln!("{verb} {}{arrow}", job.entry.path.display());
                }
                let entries = new_cache.entry(job.out_root.clone()).or_default();
                let input = std::path::absolute(&job.entry.path).unwrap_or_else(|_| job.entry.path.clone());
                for (path, hash) in cache {
                    entries.insert(path, (hash, input.clone()));
                }
            }
            Outcome::Skipped => {
                summary.skipped += 1;
                if opts.verbose || (!tty && !opts.quiet) {
                    eprintln!("skipped {} (up to date)", job.entry.path.display());
                }
            }
            Outcome::Failed(text) => {
                summary.failed += 1;
                eprint!("{text}");
            }
            Outcome::WriteFailed(text) => {
                summary.failed += 1;
                summary.write_failed = true;
                eprint!("{text}");
            }
        }
    }
    if opts.write {
        save_caches(&caches, new_cache, opts);
        // Leftovers of killed writers go even where nothing needed writing.
        let folders: std::collections::BTreeSet<&Path> =
            jobs.iter().filter_map(|j| j.out_stem.parent()).filter(|d| d.is_dir()).collect();
        for folder in folders {
            crate::output::sweep_once(folder);
        }
    }
    let verb = if opts.write { "built" } else { "checked" };
    eprintln!(
        "{} {verb}, {} skipped, {} failed in {:.2} s",
        summary.built,
        summary.skipped,
        summary.failed,
        start.elapsed().as_secs_f64()
    );
    summary
}

fn progress_bar(len: usize, opts: &Options) -> Option<indicatif::ProgressBar> {
    if opts.quiet || opts.verbose || len < 2 || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(len as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {wide_msg}") {
        bar.set_style(style);
    }
    Some(bar)
}

/// Finds the documents and settles, for each, its settings, templates and outputs.
fn plan(paths: &[PathBuf], opts: &Options) -> (Vec<Job>, Summary) {
    let mut summary = Summary::default();
    let mut jobs = Vec::new();
    let options = project::Options {
        import_text: opts.import_text,
        templates: opts.templates.clone(),
        outputs: opts.out.iter().cloned().collect(),
    };
    for path in paths {
        let mut project = match Project::open(path, options.clone()) {
            Ok(p) => p,
            Err(report) => {
                eprint!("{report}");
                summary.failed += 1;
                continue;
            }
        };
        let root = project.root().to_path_buf();
        let single = project.single().is_some();
        // A wengao.toml error fails every document below it but is printed once.
        let mut reported = HashSet::new();
        for entry in project.documents() {
            let chain = match &entry.chain {
                Ok(c) => c.clone(),
                Err(report) => {
                    let text = report.to_string();
                    if !reported.contains(&text) {
                        eprint!("{text}");
                        reported.insert(text);
                    }
                    summary.failed += 1;
                    continue;
                }
            };
            let (out_root, base) = match (&opts.out, &chain.out) {
                (Some(o), _) => (o.clone(), root.clone()),
                (None, Some((o, base))) => (o.clone(), base.clone()),
                (None, None) => (if single { PathBuf::from("out") } else { root.join("out") }, root.clone()),
            };
            let rel = entry.path.strip_prefix(&base).unwrap_or(&entry.path).with_extension("");
            let rel = if single { PathBuf::from(rel.file_name().unwrap_or_default()) } else { rel };
            let formats = opts
                .formats
                .clone()
                .or_else(|| chain.formats.clone())
                .unwrap_or_else(|| vec![Format::Md, Format::Html, Format::Pdf]);
            let templates =
                project.templates(entry.templates.as_deref()).map_err(|r| Arc::new(r.to_string()));
            jobs.push(Job {
                out_stem: out_root.join(rel),
                out_root,
                formats: dedup(formats),
                chain,
                templates,
                scope: annex::Scope { root: root.clone(), templates: opts.templates.clone() },
                entry,
            });
        }
    }
    (jobs, summary)
}

fn dedup(mut formats: Vec<Format>) -> Vec<Format> {
    formats.sort();
    formats.dedup();
    formats
}

/// The hash recorded for an output made with the machine's fonts (a character
/// no bundled or configured face has): its inputs' hash mixed with the
/// fingerprint of the machine's font files, so that it stays up to date until a
/// font is installed, removed or changed.
fn with_machine_fonts(hash: u128) -> u128 {
    let fingerprint = crate::fonts::machine_fonts_fingerprint();
    Fnv128::default()
        .field(&hash.to_le_bytes())
        .field(&fingerprint.to_le_bytes())
        .field(b"machine fonts")
        .finish()
}

/// Hash of everything an output depends on.
fn input_hash(
    job: &Job,
    templates: &Templates,
    doc: &[u8],
    issued: &[annex::Inputs],
    format: Format,
    opts: &Options,
) -> u128 {
    let no_embed_fonts = opts.no_embed_fonts;
    let mut h = Fnv128::default();
    h.field(env!("CARGO_PKG_VERSION").as_bytes()).field(format.extension().as_bytes()).field(doc);
    // An imported file: the importer's rules are part of what the output depends on.
    if job.entry.reader != Reader::Toml {
        h.field(b"import");
    }
    h.write(&[u8::from(no_embed_fonts && format == Format::Html)]);
    // A linked HTML: where its pictures are (a standalone page hashes as before).
    if let Some(dir) = opts.html_assets.as_ref().filter(|_| format == Format::Html) {
        h.field(b"html assets").field(dir.to_string_lossy().as_bytes());
    }
    // The settings' text, not their paths: building `./dir` or `dir`, or from
    // another folder, must not look like a change.
    for (_, text) in &job.chain.files {
        h.field(text.as_bytes());
    }
    h.write(&templates.fingerprint().to_le_bytes());
    if format != Format::Md {
        h.field(crate::fonts::FONTS_VERSION.as_bytes());
    }
    // The pictures the document names: a changed photo rebuilds it.
    hash_pictures(&mut h, &job.entry.path, doc);
    // The documents a notice issues, their pictures, settings and templates: a
    // changed plan rebuilds its notice.
    for issued in issued {
        h.field(b"issued");
        match &issued.bytes {
            Some(bytes) => {
                h.field(bytes);
                hash_pictures(&mut h, &issued.file, bytes);
            }
            None => {
                h.field(b"(missing)");
            }
        }
        for text in &issued.settings {
            h.field(text.as_bytes());
        }
        h.write(&issued.templates.to_le_bytes());
    }
    h.finish()
}

/// Feeds `h` the pictures the file at `path` (its bytes: `text`) names.
fn hash_pictures(h: &mut Fnv128, path: &Path, text: &[u8]) {
    let folder = path.parent().unwrap_or(Path::new(""));
    let text = String::from_utf8_lossy(text);
    for src in crate::picture::mentioned(&text) {
        h.field(src.as_bytes());
        match crate::files::read(&crate::picture::path_of(folder, src)) {
            Ok(bytes) => h.field(&bytes),
            Err(_) => h.field(b"(missing)"),
        };
    }
}

fn build_job(job: &Job, cache: Option<&Cache>, opts: &Options) -> Outcome {
    let templates = match &job.templates {
        Ok(t) => t,
        Err(text) => return Outcome::Failed(text.to_string()),
    };
    let bytes = match read_file(&job.entry.path) {
        Ok(b) => b,
        Err(report) => return Outcome::Failed(report.to_string()),
    };
    let mut wanted = Vec::new();
    // (output, the hash to record, whether it is rebuilt now)
    let mut hashes = Vec::new();
    let issued = annex::inputs(&job.entry.path, &bytes, &job.scope);
    for &format in &job.formats {
        let target = job.out_stem.with_extension(format.extension());
        let hash = input_hash(job, templates, &bytes, &issued, format, opts);
        // A linked HTML is up to date only while its pictures' folder is there.
        let assets_there = format != Format::Html || opts.html_assets.as_ref().is_none_or(|d| d.is_dir());
        let recorded =
            cache.and_then(|c| c.get(&target)).map(|(h, _)| *h).filter(|_| target.exists() && assets_there);
        // The machine's fonts are looked at only for an output that needed them.
        let fresh =
            recorded.filter(|r| *r == hash || (format != Format::Md && *r == with_machine_fonts(hash)));
        let rebuild = opts.force || !opts.write || fresh.is_none();
        hashes.push((target.clone(), fresh.unwrap_or(hash), rebuild));
        if rebuild {
            wanted.push(format);
        }
    }
    if wanted.is_empty() {
        return Outcome::Skipped;
    }
    let loaded = match job.entry.read(&bytes) {
        Ok(l) => l,
        Err(report) => return Outcome::Failed(report.to_string()),
    };
    let html_fonts = if opts.no_embed_fonts { HtmlFonts::System } else { HtmlFonts::Embedded };
    let html_assets = opts.html_assets.as_ref().map(|dir| pipeline::HtmlAssets {
        dir: dir.clone(),
        html: job.out_stem.with_extension(Format::Html.extension()),
    });
    let settings = pipeline::Settings { html_fonts, font_dir: opts.font_dir.clone(), html_assets };
    let built = match pipeline::build_in_scope(&loaded, templates, &wanted, &settings, &job.scope) {
        Ok(b) => b,
        Err(report) => return Outcome::Failed(report.to_string()),
    };
    let mut wrote = Vec::new();
    if opts.write {
        for product in &built.products {
            let target = job.out_stem.with_extension(product.format.extension());
            let relocated;
            let bytes = if product.format == Format::Md {
                relocated = pipeline::markdown_for(&product.bytes, &job.entry.path, &target);
                &relocated
            } else {
                &product.bytes
            };
            if let Err(e) = write_atomic(&target, bytes) {
                let d = Diagnostic::error(format!("cannot write {}: {e}", target.display()))
                    .with_help("check that the output folder is writable, or choose another with -o");
                return Outcome::WriteFailed(Report { diagnostics: vec![d] }.to_string());
            }
            wrote.push(target);
        }
        // The linked HTML's pictures: named by their content, so one already there is the same.
        for (target, picture) in &built.assets {
            if target.exists() {
                continue;
            }
            if let Err(e) = write_atomic(target, &picture.bytes) {
                let d = Diagnostic::error(format!("cannot write {}: {e}", target.display()))
                    .with_help("check that the --html-assets folder is writable, or choose another");
                return Outcome::WriteFailed(Report { diagnostics: vec![d] }.to_string());
            }
            wrote.push(target.clone());
        }
    }
    let cache = hashes
        .into_iter()
        .map(|(path, hash, rebuilt)| {
            let fonts = rebuilt && built.machine_fonts && path.extension().is_some_and(|e| e != "md");
            (path, if fonts { with_machine_fonts(hash) } else { hash })
        })
        .collect();
    Outcome::Built { warnings: built.warnings, wrote, cache }
}

/// Locks every output folder of this run (in path order, so that two runs that
/// share several folders cannot wait for each other), unless nothing is written.
fn lock_out_roots(jobs: &[Job], opts: &Options) -> Result<Vec<FolderLock>, String> {
    if !opts.write {
        return Ok(Vec::new());
    }
    let roots: std::collections::BTreeSet<&PathBuf> = jobs.iter().map(|j| &j.out_root).collect();
    roots
        .into_iter()
        .map(|root| {
            FolderLock::wait_for(root).map_err(|e| {
                let d = Diagnostic::error(format!(
                    "cannot write to the output folder {} (taking its lock failed: {e})",
                    root.display()
                ))
                .with_help("check that the output folder is writable, or choose another with -o");
                Report { diagnostics: vec![d] }.to_string()
            })
        })
        .collect()
}

/// The record of every output folder of this run: output path → (hash, input).
fn load_caches(jobs: &[Job]) -> HashMap<PathBuf, Cache> {
    let mut caches = HashMap::new();
    for job in jobs {
        caches.entry(job.out_root.clone()).or_insert_with(|| cache::read(&job.out_root));
    }
    caches
}

/// Writes the updated caches, reports outputs whose input is gone (and removes
/// them with `--clean`).
fn save_caches(old: &HashMap<PathBuf, Cache>, new: BTreeMap<PathBuf, Cache>, opts: &Options) {
    let mut roots: Vec<&PathBuf> = old.keys().collect();
    roots.sort();
    for root in roots {
        let mut merged = old[root].clone();
        if let Some(fresh) = new.get(root) {
            merged.extend(fresh.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        merged.retain(|output, (_, input)| {
            if input.exists() {
                return true;
            }
            if opts.clean {
                let _ = std::fs::remove_file(output);
                eprintln!("removed {} (its input {} is gone)", output.display(), input.display());
                false
            } else {
                eprintln!(
                    "stale: {} (its input {} is gone; --clean removes it)",
                    output.display(),
                    input.display()
                );
                true
            }
        });
        let text = cache::render(&merged, root);
        if let Err(e) = write_atomic(&root.join(CACHE_FILE), text.as_bytes()) {
            eprintln!(
                "note: cannot write the build record {} ({e}); the next build rebuilds everything",
                root.join(CACHE_FILE).display()
            );
        }
    }
}
