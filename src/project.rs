//! Project: a path given to build, check, collect or serve → its documents.
//!
//! In: a folder (or one file) and [`Options`] (the text kinds to import, an
//! explicit template folder, outputs that lie inside the tree). Out: a [`Project`]
//! that answers, the same way for every command: which files are documents
//! ([`Project::documents`], in path order), the `wengao.toml` [`Chain`] that
//! applies to each (defaults, build settings), the template folder of each (the
//! nearest `templates/` from its folder up to the root, or `--templates`), how each
//! is read ([`Reader`]: TOML, or imported from .docx/.md/.txt), each document
//! loaded with its defaults applied ([`Project::load`]), and all of them as one
//! collection ([`Project::collection`]). Each `wengao.toml` and each template
//! folder is read once per project.
//!
//! Which files are documents: `*.toml` (but `wengao.toml`) and `*.docx` — plus
//! `*.md`/`*.txt` with `import_text` — unless a TOML of the same name stands
//! beside them (then the TOML is the document and the other file its output).
//! Hidden files and folders, Word's `~$…` lock files, the editor's
//! `NAME.conflict-N.toml` copies, `templates/` folders and output folders (`out/`,
//! `[build] out`, `-o`) are not; links are not followed.

use crate::config::{Chain, Configs, FILE_NAME};
use crate::diagnostics::{Diagnostic, Report};
use crate::import::Source;
use crate::input::{Document, Loaded, Part};
use crate::render::Templates;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use toml::Spanned;

/// What a command adds to the rules.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Also take `.md` and `.txt` files as documents (imported).
    pub import_text: bool,
    /// A template folder for every document instead of the nearest `templates/`.
    pub templates: Option<PathBuf>,
    /// Files and folders that hold outputs, never documents (`-o` of build or
    /// collect; the tree's own `out/` and `[build] out` folders are always left out).
    pub outputs: Vec<PathBuf>,
}

/// How a document file is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reader {
    /// A wengao TOML file.
    Toml,
    /// A file imported in memory (`wengao import` without writing the TOML).
    Import(Source),
}

impl Reader {
    /// How the file at `path` is read, by its extension.
    pub fn of(path: &Path) -> Reader {
        Source::of(path).map_or(Reader::Toml, Reader::Import)
    }
}

/// One document of a project and everything that applies to it.
#[derive(Clone, Debug)]
pub struct Entry {
    pub path: PathBuf,
    /// The path below the root without its extension, `/`-separated: the name
    /// that build mirrors into the output tree and serve puts in its URLs.
    pub key: String,
    pub reader: Reader,
    /// The `wengao.toml` files above it, merged (or the error of one of them).
    pub chain: Result<Arc<Chain>, Arc<Report>>,
    /// The template folder it is rendered with (`None`: the built-in templates).
    pub templates: Option<PathBuf>,
}

impl Entry {
    /// The document read from `bytes` (its file's content), defaults applied.
    pub fn read(&self, bytes: &[u8]) -> Result<Loaded, Report> {
        let chain = self.chain.as_ref().map_err(|r| Report::clone(r))?;
        let mut loaded = match self.reader {
            Reader::Toml => crate::input::parse(&self.path, bytes)?,
            Reader::Import(_) => crate::import::parse_any(&self.path, bytes)?,
        };
        loaded.document.apply_defaults(&chain.defaults);
        Ok(loaded)
    }

    /// The document read from its file, defaults applied.
    pub fn load(&self) -> Result<Loaded, Report> {
        self.read(&read_file(&self.path)?)
    }
}

/// The documents under one root, with their settings and templates.
pub struct Project {
    root: PathBuf,
    /// Set when the project was opened on one file.
    single: Option<PathBuf>,
    options: Options,
    configs: Configs,
    templates: HashMap<Option<PathBuf>, Result<Arc<Templates>, Arc<Report>>>,
}

impl Project {
    /// The project of `path`: a folder, or one document file (its folder is the
    /// root, and it is the only document). A path that does not exist is an error.
    pub fn open(path: &Path, options: Options) -> Result<Project, Report> {
        let (root, single) = if path.is_dir() {
            (path.to_path_buf(), None)
        } else if path.is_file() {
            (path.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf), Some(path.to_path_buf()))
        } else {
            return Err(Diagnostic::error(format!("{} does not exist", path.display()))
                .with_help("give the path of a .toml file or of a folder of them")
                .into());
        };
        let root = if root.as_os_str().is_empty() { PathBuf::from(".") } else { root };
        Ok(Project { configs: Configs::new(&root), root, single, options, templates: HashMap::new() })
    }

    /// The folder the documents' keys are relative to.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The one document, when the project was opened on a file.
    pub fn single(&self) -> Option<&Path> {
        self.single.as_deref()
    }

    /// The key of a document path (its path below the root, without extension).
    pub fn key_of(&self, path: &Path) -> String {
        let rel = path.strip_prefix(&self.root).unwrap_or(path).with_extension("");
        rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
    }

    /// Every document, in path order, with its settings and template folder.
    pub fn documents(&mut self) -> Vec<Entry> {
        let paths = match &self.single {
            Some(file) => vec![file.clone()],
            None => self.discover(),
        };
        let entries: Vec<Entry> = paths.into_iter().map(|p| self.entry(p)).collect();
        if self.single.is_some() {
            return entries;
        }
        // Output folders named by `[build] out` inside the tree hold no documents.
        let root = lexical(&self.root);
        let outs: Vec<PathBuf> = entries
            .iter()
            .filter_map(|e| e.chain.as_ref().ok()?.out.as_ref().map(|(o, _)| lexical(o)))
            .filter(|o| *o != root && o.starts_with(&root))
            .collect();
        if outs.is_empty() {
            return entries;
        }
        entries.into_iter().filter(|e| !outs.iter().any(|o| lexical(&e.path).starts_with(o))).collect()
    }

    /// The entry of one document path (which need not be one [`Self::documents`] lists).
    pub fn entry(&mut self, path: PathBuf) -> Entry {
        let dir = path.parent().map_or_else(|| self.root.clone(), Path::to_path_buf);
        let dir = if dir.as_os_str().is_empty() { PathBuf::from(".") } else { dir };
        Entry {
            key: self.key_of(&path),
            reader: Reader::of(&path),
            chain: self.configs.chain_for(&dir).map_err(Arc::new),
            templates: self.template_dir(&dir),
            path,
        }
    }

    /// The loaded templates of a folder (`None`: the built-in ones), read once.
    pub fn templates(&mut self, dir: Option<&Path>) -> Result<Arc<Templates>, Arc<Report>> {
        self.templates
            .entry(dir.map(Path::to_path_buf))
            .or_insert_with(|| Templates::load(dir).map(Arc::new).map_err(Arc::new))
            .clone()
    }

    /// The templates of the whole project (the collection): `--templates`, else
    /// the root's `templates/`.
    pub fn root_templates(&mut self) -> Result<Arc<Templates>, Arc<Report>> {
        let dir = self.template_dir(&self.root.clone());
        self.templates(dir.as_deref())
    }

    /// Every document as one collection (汇总N篇): the parts in path order, each
    /// with its own defaults (a collection among them gives its parts), titled
    /// `title` or the root folder's name, styled by the root's `wengao.toml`.
    pub fn collection(&mut self, title: Option<&str>) -> Result<Loaded, Report> {
        let mut report = Report::default();
        let mut warnings = Vec::new();
        let mut parts = Vec::new();
        let root = lexical(&self.root);
        for entry in self.documents() {
            match entry.load() {
                Ok(mut loaded) => {
                    warnings.append(&mut loaded.warnings);
                    let mut new = if loaded.document.is_collection() {
                        std::mem::take(&mut loaded.document.part)
                    } else {
                        vec![into_part(loaded.document)]
                    };
                    // Its pictures are named from its own folder; the collection's is the root.
                    let folder = lexical(entry.path.parent().unwrap_or(Path::new("")));
                    if let Ok(below) = folder.strip_prefix(&root).map(Path::to_path_buf) {
                        new.iter_mut().for_each(|part| rebase_pictures(part, &below));
                    }
                    parts.append(&mut new);
                }
                Err(r) => report.diagnostics.extend(r.diagnostics),
            }
        }
        if report.has_errors() {
            return Err(report);
        }
        if parts.is_empty() {
            return Err(Diagnostic::error(format!(
                "no documents (*.toml, *.docx) in {}",
                self.root.display()
            ))
            .with_help("put the documents to collect (one .toml or .docx each) in the folder")
            .into());
        }
        let root = self.root.clone();
        let style = self.configs.chain_for(&root)?.defaults.style.clone();
        let name = lexical(&root)
            .file_name()
            .map_or_else(|| "汇总".to_string(), |n| n.to_string_lossy().into_owned());
        let document = Document {
            title: Spanned::new(0..0, title.map_or(name, str::to_string)),
            subtitle: None,
            kind: None,
            organization: None,
            date: None,
            date_label: None,
            addressee: None,
            remark: None,
            seal: None,
            preface: None,
            section: Vec::new(),
            schedule: None,
            attachment: Vec::new(),
            masthead: None,
            imprint: None,
            part: parts,
            style,
        };
        Ok(Loaded { path: root.join("collection"), source: String::new(), document, warnings })
    }

    /// `--templates`, else the nearest `templates/` folder from `dir` up to the root.
    fn template_dir(&self, dir: &Path) -> Option<PathBuf> {
        if let Some(explicit) = &self.options.templates {
            return Some(explicit.clone());
        }
        let root = lexical(&self.root);
        let mut at = lexical(dir);
        loop {
            let candidate = at.join("templates");
            if candidate.is_dir() {
                // Spelled from the root as given, so that messages show the path the user typed
                // (a folder outside the root, e.g. a cover's, as it is).
                return Some(match at.strip_prefix(&root) {
                    Ok(rel) => self.root.join(rel).join("templates"),
                    Err(_) => candidate,
                });
            }
            if at == root || !at.starts_with(&root) || !at.pop() {
                return None;
            }
        }
    }

    /// The document files below the root, sorted by path.
    fn discover(&self) -> Vec<PathBuf> {
        let extensions = crate::import::folder_kinds(self.options.import_text);
        let root = lexical(&self.root);
        let mut outs: Vec<PathBuf> = self.options.outputs.iter().map(|o| lexical(o)).collect();
        outs.push(root.join("out"));
        // An output folder that is the tree itself (`-o DIR`: outputs beside their inputs) hides nothing.
        outs.retain(|o| *o != root);
        walkdir::WalkDir::new(&self.root)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                let name = e.file_name().to_string_lossy();
                e.depth() == 0
                    || !(name.starts_with('.')
                        || name.starts_with("~$")
                        || (e.file_type().is_dir() && name == "templates")
                        // Output folders, and the collection's own file. Below the root
                        // every component is a plain name: no `absolute` (a getcwd) per entry.
                        || outs.contains(&root.join(e.path().strip_prefix(&self.root).unwrap_or(e.path()))))
            })
            .filter_map(Result::ok)
            .filter(|e| {
                let path = e.path();
                let Some(ext) = path.extension().and_then(|x| x.to_str()).map(str::to_ascii_lowercase) else {
                    return false;
                };
                e.file_type().is_file()
                    && !is_conflict_copy(path)
                    && ((ext == "toml" && e.file_name() != FILE_NAME)
                        || (extensions.contains(&ext.as_str()) && !path.with_extension("toml").exists()))
            })
            .map(walkdir::DirEntry::into_path)
            .collect()
    }
}

/// The bytes of a file, or an error that names it.
pub fn read_file(path: &Path) -> Result<Vec<u8>, Report> {
    crate::files::read(path)
        .map_err(|e| Diagnostic::error(format!("cannot read {}: {e}", path.display())).into())
}

/// `NAME.conflict-N.toml`: the version the browser editor set aside in a
/// conflict — kept for the user, not a document of its own.
pub fn is_conflict_copy(path: &Path) -> bool {
    let stem = path.file_stem().map(|s| s.to_string_lossy()).unwrap_or_default();
    stem.rsplit_once(".conflict-")
        .is_some_and(|(_, n)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// `p` as an absolute path with `.` and `..` resolved by name (links are not followed).
pub(crate) fn lexical(p: &Path) -> PathBuf {
    let abs = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

/// A document as one part of a collection (its `kind` and `style` do not apply).
/// The pictures of `part`, a document in the folder `below` the collection's root,
/// named from the root: `![](照片/a.jpg)` in `一小/plan.toml` becomes
/// `![](一小/照片/a.jpg)`. Only the Markdown fields (preface, sections' text and
/// items, the schedule's points) hold pictures; URLs and absolute paths stay.
fn rebase_pictures(part: &mut Part, below: &Path) {
    if below.as_os_str().is_empty() {
        return;
    }
    let rebase = |text: &mut String| {
        *text = crate::markdown::rewrite_image_paths(text, |src| {
            crate::picture::is_relative_file(src)
                .then(|| below.join(src).to_string_lossy().replace('\\', "/"))
        });
    };
    fn sections(list: &mut [crate::input::Section], rebase: &dyn Fn(&mut String)) {
        for s in list {
            s.text.iter_mut().for_each(rebase);
            s.items.iter_mut().for_each(rebase);
            sections(&mut s.section, rebase);
        }
    }
    part.preface.iter_mut().for_each(rebase);
    sections(&mut part.section, &rebase);
    for entry in part.schedule.iter_mut().flat_map(|s| s.entry.iter_mut()) {
        entry.items.iter_mut().for_each(rebase);
    }
}

fn into_part(d: Document) -> Part {
    Part {
        title: d.title,
        subtitle: d.subtitle,
        organization: d.organization,
        date: d.date,
        date_label: d.date_label,
        addressee: d.addressee,
        remark: d.remark,
        seal: d.seal,
        preface: d.preface,
        section: d.section,
        schedule: d.schedule,
        attachment: d.attachment,
    }
}
