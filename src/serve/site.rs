//! Site: what the preview server shows, kept in memory and rebuilt on change.
//!
//! In: the served root (a folder, or the folder of a single file) and the paths
//! that changed. Out: for every document its last good HTML (with the bundled
//! fonts linked from `/fonts/`), its current error if the input is broken, and its
//! downloads (PDF, DOCX, Markdown, standalone HTML) built on request and cached
//! until the inputs change. Only documents found
//! by the walk are ever built or served: a URL names a document key, never a file.

use crate::batch::discover;
use crate::config::{Configs, FILE_NAME};
use crate::diagnostics::Report;
use crate::format::Format;
use crate::input;
use crate::pipeline;
use crate::render::Templates;
use crate::webfonts::HtmlFonts;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One document of the site.
#[derive(Default)]
pub struct Page {
    pub input: PathBuf,
    /// The last HTML that built without errors.
    pub html: Option<String>,
    /// The error report of the current input, if it is broken.
    pub error: Option<String>,
    /// The PDF, DOCX, Markdown and standalone HTML, each built on request.
    pub downloads: BTreeMap<Format, Vec<u8>>,
    /// A hash of the input's bytes when it was last built: a save that changed
    /// nothing (or the watcher seeing the editor's own save) rebuilds nothing.
    pub source: Option<u128>,
}

/// Everything served.
pub struct Site {
    pub root: PathBuf,
    /// Set when the server was started on one file.
    pub single: Option<PathBuf>,
    pub templates_dir: Option<PathBuf>,
    /// Document key (path below the root, without `.toml`, `/`-separated) → page.
    pub pages: BTreeMap<String, Page>,
    /// The collection of all documents (for a folder), built on request.
    pub collection: Page,
    /// A change since the collection was last built.
    collection_stale: bool,
    /// Bumped after every rebuild; open pages reload when it changes.
    pub generation: u64,
}

impl Site {
    /// A site for `path` (a `.toml` file or a folder), built once.
    pub fn new(path: &Path, templates_dir: Option<PathBuf>) -> Site {
        let (root, single) = if path.is_file() {
            (path.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf), Some(path.to_path_buf()))
        } else {
            (path.to_path_buf(), None)
        };
        let mut site = Site {
            root,
            single,
            templates_dir,
            pages: BTreeMap::new(),
            collection: Page::default(),
            collection_stale: true,
            generation: 0,
        };
        site.rebuild(&[]);
        site
    }

    /// The key of a document input.
    pub fn key_of(&self, input: &Path) -> String {
        let rel = input.strip_prefix(&self.root).unwrap_or(input).with_extension("");
        rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
    }

    /// Rebuilds what `changed` affects (everything when `changed` is empty or
    /// names a template, font or settings file) and bumps the generation when a
    /// page changed.
    pub fn rebuild(&mut self, changed: &[PathBuf]) {
        let inputs = match &self.single {
            Some(file) => vec![file.clone()],
            None => discover(&self.root, None, &[]),
        };
        let keys: BTreeMap<String, PathBuf> = inputs.iter().map(|p| (self.key_of(p), p.clone())).collect();
        // A document gone or come is a change of the index and the collection.
        let mut rebuilt = self.pages.len() != keys.len() || self.pages.keys().any(|k| !keys.contains_key(k));
        self.pages.retain(|k, _| keys.contains_key(k));
        let everything = changed.is_empty()
            || changed.iter().any(|p| {
                p.file_name().is_some_and(|n| n == FILE_NAME)
                    || p.extension().is_some_and(|e| e == "tera" || e == "otf" || e == "ttf")
            });
        let templates =
            Templates::load(self.templates_dir.as_deref().or(self.default_templates().as_deref()));
        let mut configs = Configs::new(&self.root);
        for (key, input) in keys {
            let is_new = !self.pages.contains_key(&key);
            let touched = changed.iter().any(|c| same_file(c, &input));
            if !(everything || is_new || touched) {
                continue;
            }
            let source = std::fs::read(&input).ok().map(|b| crate::hash::hash_bytes(&b));
            let page = self.pages.entry(key).or_default();
            if !(everything || is_new) && source.is_some() && page.source == source {
                continue;
            }
            rebuilt = true;
            page.source = source;
            page.input = input.clone();
            page.downloads.clear();
            let result = match &templates {
                Ok(t) => build_html(&input, &mut configs, t),
                Err(report) => Err(report.to_string()),
            };
            match result {
                Ok(html) => {
                    page.html = Some(html);
                    page.error = None;
                }
                Err(text) => page.error = Some(text),
            }
        }
        if rebuilt || everything {
            // The collection reads every document: it is rebuilt only when asked for.
            self.collection_stale = true;
            self.generation += 1;
        }
    }

    fn default_templates(&self) -> Option<PathBuf> {
        Some(self.root.join("templates")).filter(|d| d.is_dir())
    }

    /// The collection page, rebuilt first when something changed since.
    pub fn collection(&mut self) -> &Page {
        if self.collection_stale {
            self.collection_stale = false;
            self.collection.downloads.clear();
            let templates =
                Templates::load(self.templates_dir.as_deref().or(self.default_templates().as_deref()));
            let result = templates.and_then(|t| {
                let loaded = crate::collect::load_collection(&self.root, None)?;
                pipeline::build_loaded_with(&loaded, &t, &[Format::Html], &linked())
            });
            match result {
                Ok(built) => {
                    self.collection.html = Some(String::from_utf8_lossy(&built.products[0].bytes).into());
                    self.collection.error = None;
                }
                Err(r) => self.collection.error = Some(r.to_string()),
            }
        }
        &self.collection
    }

    /// A download of a page (or of the collection for `None`), built now if needed.
    pub fn download(&mut self, key: Option<&str>, format: Format) -> Result<Vec<u8>, String> {
        let templates =
            Templates::load(self.templates_dir.as_deref().or(self.default_templates().as_deref()))
                .map_err(|r| r.to_string())?;
        let root = self.root.clone();
        let page = match key {
            Some(k) => self.pages.get_mut(k).ok_or("no such document")?,
            None => {
                self.collection();
                &mut self.collection
            }
        };
        if let Some(bytes) = page.downloads.get(&format) {
            return Ok(bytes.clone());
        }
        let loaded = match key {
            Some(_) => {
                load_with_defaults(&page.input, &mut Configs::new(&root)).map_err(|r| r.to_string())?
            }
            None => crate::collect::load_collection(&root, None).map_err(|r| r.to_string())?,
        };
        // The HTML download is the standalone page (fonts embedded), not the preview.
        let built = pipeline::build_loaded(&loaded, &templates, &[format]).map_err(|r| r.to_string())?;
        let bytes = built.products.into_iter().next().map(|p| p.bytes).unwrap_or_default();
        page.downloads.insert(format, bytes.clone());
        Ok(bytes)
    }
}

fn linked() -> HtmlFonts {
    HtmlFonts::Linked("/fonts/".to_string())
}

fn same_file(a: &Path, b: &Path) -> bool {
    a == b || std::path::absolute(a).ok() == std::path::absolute(b).ok()
}

fn load_with_defaults(input: &Path, configs: &mut Configs) -> Result<input::Loaded, Report> {
    let chain = configs.chain_for(input.parent().unwrap_or(Path::new(".")))?;
    let mut loaded = input::load(input)?;
    loaded.document.apply_defaults(&chain.defaults);
    Ok(loaded)
}

fn build_html(input: &Path, configs: &mut Configs, templates: &Templates) -> Result<String, String> {
    let loaded = load_with_defaults(input, configs).map_err(|r| r.to_string())?;
    let built = pipeline::build_loaded_with(&loaded, templates, &[Format::Html], &linked())
        .map_err(|r| r.to_string())?;
    Ok(String::from_utf8_lossy(&built.products[0].bytes).into_owned())
}
