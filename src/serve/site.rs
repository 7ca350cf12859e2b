//! Site: what the preview server shows, kept in memory and rebuilt on change.
//!
//! In: the served path (a folder, or one file) and the paths that changed. Out:
//! for every document of its [`Project`] — the same documents, settings and
//! templates `wengao build` uses — its last good HTML (with the bundled fonts
//! linked from `/fonts/`), its current error if the input is broken, and its
//! downloads (PDF, DOCX, Markdown, standalone HTML) built on request and cached
//! until the inputs change. Only documents the project lists are ever built or
//! served: a URL names a document key, never a file.

use crate::config::FILE_NAME;
use crate::format::Format;
use crate::pipeline::{self, Built, Settings};
use crate::project::{self, Entry, Project, Reader};
use crate::webfonts::HtmlFonts;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What the preview shows of a document or of the collection.
#[derive(Default)]
pub struct Shown {
    /// The last HTML that built without errors.
    pub html: Option<String>,
    /// The error report of the current input, if it is broken.
    pub error: Option<String>,
}

/// One document of the site.
pub struct Page {
    /// The document as the project lists it (path, settings, templates, reader).
    pub entry: Entry,
    pub shown: Shown,
    /// The PDF, DOCX, Markdown and standalone HTML, each built on request.
    pub downloads: BTreeMap<Format, Vec<u8>>,
    /// A hash of the input's bytes when it was last built: a save that changed
    /// nothing (or the watcher seeing the editor's own save) rebuilds nothing.
    pub source: Option<u128>,
}

impl Page {
    fn new(entry: Entry) -> Page {
        Page { entry, shown: Shown::default(), downloads: BTreeMap::new(), source: None }
    }

    /// The document's file.
    pub fn input(&self) -> &Path {
        &self.entry.path
    }

    /// Whether the editor may write it: a TOML file (an imported .docx is shown, never written).
    pub fn editable(&self) -> bool {
        self.entry.reader == Reader::Toml
    }
}

/// The collection of every document, built on request.
#[derive(Default)]
pub struct Collection {
    pub shown: Shown,
    pub downloads: BTreeMap<Format, Vec<u8>>,
}

/// Everything served.
pub struct Site {
    pub root: PathBuf,
    /// Set when the server was started on one file.
    pub single: Option<PathBuf>,
    path: PathBuf,
    options: project::Options,
    /// `--font-dir`, for the pages and the `/fonts/` route.
    pub font_dir: Option<PathBuf>,
    /// Document key (path below the root, without extension, `/`-separated) → page.
    pub pages: BTreeMap<String, Page>,
    /// The collection of all documents (for a folder), built on request.
    pub collection: Collection,
    /// A change since the collection was last built.
    collection_stale: bool,
    /// Bumped after every rebuild; open pages reload when it changes.
    pub generation: u64,
}

impl Site {
    /// A site for `path` (a document file or a folder), built once.
    pub fn new(path: &Path, templates: Option<PathBuf>, font_dir: Option<PathBuf>) -> Site {
        let (root, single) = if path.is_file() {
            (path.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf), Some(path.to_path_buf()))
        } else {
            (path.to_path_buf(), None)
        };
        let mut site = Site {
            root,
            single,
            path: path.to_path_buf(),
            options: project::Options { templates, ..project::Options::default() },
            font_dir,
            pages: BTreeMap::new(),
            collection: Collection::default(),
            collection_stale: true,
            generation: 0,
        };
        site.rebuild(&[]);
        site
    }

    /// The project as it is on disk now (read anew: settings and templates may have changed).
    fn project(&self) -> Result<Project, String> {
        Project::open(&self.path, self.options.clone()).map_err(|r| r.to_string())
    }

    /// The key of a document input.
    pub fn key_of(&self, input: &Path) -> String {
        match self.project() {
            Ok(p) => p.key_of(input),
            Err(_) => input.display().to_string(),
        }
    }

    /// Rebuilds what `changed` affects (everything when `changed` is empty or
    /// names a template, font or settings file) and bumps the generation when a
    /// page changed.
    pub fn rebuild(&mut self, changed: &[PathBuf]) {
        let mut project = match self.project() {
            Ok(p) => p,
            Err(_) => {
                // The served path is gone: nothing to list.
                let rebuilt = !self.pages.is_empty();
                self.pages.clear();
                if rebuilt {
                    self.collection_stale = true;
                    self.generation += 1;
                }
                return;
            }
        };
        let entries: BTreeMap<String, Entry> =
            project.documents().into_iter().map(|e| (e.key.clone(), e)).collect();
        // A document gone or come is a change of the index and the collection.
        let mut rebuilt =
            self.pages.len() != entries.len() || self.pages.keys().any(|k| !entries.contains_key(k));
        self.pages.retain(|k, _| entries.contains_key(k));
        let everything = changed.is_empty()
            || changed.iter().any(|p| {
                p.file_name().is_some_and(|n| n == FILE_NAME)
                    || p.extension().is_some_and(|e| e == "tera" || e == "otf" || e == "ttf")
            });
        let settings = self.preview_settings();
        for (key, entry) in entries {
            let is_new = !self.pages.contains_key(&key);
            let touched = changed.iter().any(|c| same_file(c, &entry.path));
            if !(everything || is_new || touched) {
                continue;
            }
            let source = std::fs::read(&entry.path).ok().map(|b| crate::hash::hash_bytes(&b));
            let page = self.pages.entry(key).or_insert_with(|| Page::new(entry.clone()));
            if !(everything || is_new) && source.is_some() && page.source == source {
                continue;
            }
            rebuilt = true;
            page.source = source;
            page.entry = entry;
            page.downloads.clear();
            match build(&mut project, &page.entry, Format::Html, &settings) {
                Ok(built) => page.shown = Shown { html: Some(html_of(built)), error: None },
                Err(text) => page.shown.error = Some(text),
            }
        }
        if rebuilt || everything {
            // The collection reads every document: it is rebuilt only when asked for.
            self.collection_stale = true;
            self.generation += 1;
        }
    }

    /// The preview's settings: the bundled fonts linked from `/fonts/`.
    fn preview_settings(&self) -> Settings {
        Settings {
            html_fonts: HtmlFonts::Linked("/fonts/".to_string()),
            font_dir: self.font_dir.clone(),
            ..Settings::default()
        }
    }

    /// The downloads' settings: the standalone page, fonts embedded.
    fn download_settings(&self) -> Settings {
        Settings { font_dir: self.font_dir.clone(), ..Settings::default() }
    }

    /// The collection page, rebuilt first when something changed since.
    pub fn collection(&mut self) -> &Collection {
        if self.collection_stale {
            self.collection_stale = false;
            self.collection.downloads.clear();
            match self.build_collection(Format::Html, &self.preview_settings()) {
                Ok(built) => self.collection.shown = Shown { html: Some(html_of(built)), error: None },
                Err(text) => self.collection.shown.error = Some(text),
            }
        }
        &self.collection
    }

    fn build_collection(&self, format: Format, settings: &Settings) -> Result<Built, String> {
        let mut project = self.project()?;
        let loaded = project.collection(None).map_err(|r| r.to_string())?;
        let templates = project.root_templates().map_err(|r| r.to_string())?;
        pipeline::build_loaded_with(&loaded, &templates, &[format], settings).map_err(|r| r.to_string())
    }

    /// A download of a page (or of the collection for `None`), built now if needed.
    pub fn download(&mut self, key: Option<&str>, format: Format) -> Result<Vec<u8>, String> {
        let settings = self.download_settings();
        let built = match key {
            Some(k) => {
                let page = self.pages.get(k).ok_or("no such document")?;
                if let Some(bytes) = page.downloads.get(&format) {
                    return Ok(bytes.clone());
                }
                let entry = page.entry.clone();
                build(&mut self.project()?, &entry, format, &settings)?
            }
            None => {
                self.collection();
                if let Some(bytes) = self.collection.downloads.get(&format) {
                    return Ok(bytes.clone());
                }
                self.build_collection(format, &settings)?
            }
        };
        let bytes = built.products.into_iter().next().map(|p| p.bytes).unwrap_or_default();
        let downloads = match key.and_then(|k| self.pages.get_mut(k)) {
            Some(page) => &mut page.downloads,
            None => &mut self.collection.downloads,
        };
        downloads.insert(format, bytes.clone());
        Ok(bytes)
    }
}

/// One document of the project built into `format`.
fn build(project: &mut Project, entry: &Entry, format: Format, settings: &Settings) -> Result<Built, String> {
    let templates = project.templates(entry.templates.as_deref()).map_err(|r| r.to_string())?;
    let loaded = entry.load().map_err(|r| r.to_string())?;
    pipeline::build_loaded_with(&loaded, &templates, &[format], settings).map_err(|r| r.to_string())
}

fn html_of(built: Built) -> String {
    let bytes = built.products.into_iter().next().map(|p| p.bytes).unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

fn same_file(a: &Path, b: &Path) -> bool {
    a == b || std::path::absolute(a).ok() == std::path::absolute(b).ok()
}
