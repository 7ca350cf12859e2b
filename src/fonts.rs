//! Fonts: the faces the typesetter draws with, by role, loaded once per process.
//!
//! In: the bundled font files (inside the binary with the `embed-fonts` feature,
//! else read from `fonts/`; `--font-dir` replaces them by name) and the user's
//! `[style.fonts]` choices. Out: a [`FontSet`] that answers, for a role and a
//! character, which face draws it and how wide it is. Faces are parsed lazily: a
//! face the document never asks for is never read, so the big fallback face costs
//! nothing until a rare character needs it. Parsed faces live for the whole
//! process (`'static`) and are shared by every document and thread.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};

/// What a piece of text is, which decides its face.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FontRole {
    /// 小标宋 stand-in: document and part titles.
    Title,
    /// 仿宋: body, levels 3–4, 落款, 附件, tables.
    Body,
    /// 黑体: level-1 headings, table headers.
    Heading1,
    /// 楷体: level-2 headings and the subtitle.
    Heading2,
    /// 宋体: page numbers.
    PageNumber,
}

/// One bundled font file.
pub struct BundledFont {
    pub file: &'static str,
    #[cfg(feature = "embed-fonts")]
    pub bytes: &'static [u8],
}

macro_rules! bundled {
    ($file:literal) => {
        BundledFont {
            file: $file,
            #[cfg(feature = "embed-fonts")]
            bytes: include_bytes!(concat!("../fonts/", $file)),
        }
    };
}

/// The bundled faces; see fonts/README.md for sources and licenses.
pub static BUNDLED: &[BundledFont] = &[
    bundled!("NotoSerifCJKsc-Bold-subset.otf"),
    bundled!("FandolFang-Regular.otf"),
    bundled!("FandolHei-Regular.otf"),
    bundled!("FandolKai-Regular.otf"),
    bundled!("FandolSong-Regular.otf"),
    bundled!("NotoSerifCJKsc-Regular-subset.otf"),
    bundled!("LiberationSerif-Regular.ttf"),
    bundled!("LiberationSerif-Bold.ttf"),
];

/// Changes whenever the bundled faces change (part of the incremental build's hash).
pub const FONTS_VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    ":NotoSerifCJKsc-Bold-subset,FandolFang,FandolHei,FandolKai,FandolSong,NotoSerifCJKsc-Regular-subset,LiberationSerif"
);

/// The default face file of each role, then the fallback chain shared by all.
fn default_file(role: FontRole) -> &'static str {
    match role {
        FontRole::Title => "NotoSerifCJKsc-Bold-subset.otf",
        FontRole::Body => "FandolFang-Regular.otf",
        FontRole::Heading1 => "FandolHei-Regular.otf",
        FontRole::Heading2 => "FandolKai-Regular.otf",
        FontRole::PageNumber => "FandolSong-Regular.otf",
    }
}

const FALLBACK_FILES: &[&str] = &["FandolSong-Regular.otf", "NotoSerifCJKsc-Regular-subset.otf"];

/// The Times-compatible serif for Latin letters, digits and ASCII marks
/// (`[style] latin = "times"`): Liberation Serif, metric-compatible with Times
/// New Roman; bold in titles.
fn latin_file(role: FontRole) -> &'static str {
    match role {
        FontRole::Title => "LiberationSerif-Bold.ttf",
        _ => "LiberationSerif-Regular.ttf",
    }
}

/// Whether `c` is set in the Latin serif when `latin = "times"`.
pub fn is_latin(c: char) -> bool {
    c.is_ascii_graphic()
}

/// A parsed face: metrics via ttf-parser over the bytes, which stay where they
/// are (`&'static`: in the binary, or a file read once) and are subset from there.
pub struct Face {
    /// File name, used in messages and as a stable key.
    pub name: String,
    pub bytes: &'static [u8],
    /// The face's index in a collection file (`.ttc`), else 0.
    pub index: u32,
    pub ttf: ttf_parser::Face<'static>,
    pub units_per_em: f32,
    /// The PostScript name stored in the font.
    pub postscript_name: String,
}

impl std::fmt::Debug for Face {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Face").field("name", &self.name).finish()
    }
}

impl Face {
    fn parse(name: String, bytes: &'static [u8]) -> Result<Face, String> {
        Face::parse_at(name, bytes, 0)
    }

    fn parse_at(name: String, bytes: &'static [u8], index: u32) -> Result<Face, String> {
        let ttf =
            ttf_parser::Face::parse(bytes, index).map_err(|e| format!("{name}: not a usable font ({e})"))?;
        let units_per_em = ttf.units_per_em() as f32;
        let postscript_name = ttf
            .names()
            .into_iter()
            .find(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
            .and_then(|n| n.to_string().or_else(|| String::from_utf8(n.name.to_vec()).ok()))
            .unwrap_or_else(|| name.trim_end_matches(".otf").trim_end_matches(".ttf").to_string());
        Ok(Face { name, bytes, index, ttf, units_per_em, postscript_name })
    }

    /// Advance of `gid` as a PDF viewer computes it from the /W array, where
    /// [`super::embed`] writes widths truncated to 1/1000 em.
    pub fn pdf_advance(&self, gid: u16, size: f32) -> f32 {
        let units = self.ttf.glyph_hor_advance(ttf_parser::GlyphId(gid)).unwrap_or(0) as f32;
        (units * 1000.0 / self.units_per_em).trunc() / 1000.0 * size
    }

    /// The glyph of `c`, if the face has one.
    pub fn glyph(&self, c: char) -> Option<u16> {
        self.ttf.glyph_index(c).map(|g| g.0).filter(|g| *g != 0)
    }

    /// Advance of glyph `gid` at `size` points.
    pub fn advance(&self, gid: u16, size: f32) -> f32 {
        let units = self.ttf.glyph_hor_advance(ttf_parser::GlyphId(gid)).unwrap_or(0) as f32;
        units / self.units_per_em * size
    }
}

/// Where a font's bytes come from.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Source {
    /// A bundled file, and the `--font-dir` that may hold a replacement of it.
    Bundled(&'static str, Option<PathBuf>),
    File(PathBuf),
}

/// Faces by role with a fallback chain, parsed on first use.
pub struct FontSet {
    roles: HashMap<FontRole, Source>,
    fallback: Vec<Source>,
    font_dir: Option<PathBuf>,
    /// Latin letters, digits and ASCII marks in the Times-compatible serif.
    latin_serif: bool,
    /// Whether a character was looked for among the machine's own fonts: what was
    /// made then depends on what is installed, not only on the inputs.
    asked_machine: AtomicBool,
    /// The user's font file that could not be read or parsed, if one failed.
    failed: Mutex<Option<PathBuf>>,
}

/// Faces parsed so far, for the whole process: each file is read and parsed once.
fn cache() -> &'static Mutex<HashMap<Source, &'static Result<Face, String>>> {
    static CACHE: OnceLock<Mutex<HashMap<Source, &'static Result<Face, String>>>> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

/// User choices for the faces (from `[style.fonts]` and `--font-dir`).
#[derive(Clone, Debug, Default)]
pub struct FontOverrides {
    pub title: Option<PathBuf>,
    pub body: Option<PathBuf>,
    pub heading1: Option<PathBuf>,
    pub heading2: Option<PathBuf>,
    pub page_number: Option<PathBuf>,
    pub fallback: Vec<PathBuf>,
    /// Where the bundled files are read from when they are not in the binary.
    pub font_dir: Option<PathBuf>,
    /// `[style] latin = "times"`.
    pub latin_serif: bool,
}

impl FontSet {
    /// The default faces with the user's overrides applied.
    pub fn new(o: &FontOverrides) -> FontSet {
        let bundled = |file| Source::Bundled(file, o.font_dir.clone());
        let pick = |p: &Option<PathBuf>, role| match p {
            Some(path) => Source::File(path.clone()),
            None => bundled(default_file(role)),
        };
        let roles = [
            (FontRole::Title, pick(&o.title, FontRole::Title)),
            (FontRole::Body, pick(&o.body, FontRole::Body)),
            (FontRole::Heading1, pick(&o.heading1, FontRole::Heading1)),
            (FontRole::Heading2, pick(&o.heading2, FontRole::Heading2)),
            (FontRole::PageNumber, pick(&o.page_number, FontRole::PageNumber)),
        ]
        .into_iter()
        .collect();
        let mut fallback: Vec<Source> = o.fallback.iter().cloned().map(Source::File).collect();
        fallback.extend(FALLBACK_FILES.iter().map(|f| bundled(f)));
        FontSet {
            roles,
            fallback,
            font_dir: o.font_dir.clone(),
            latin_serif: o.latin_serif,
            asked_machine: AtomicBool::new(false),
            failed: Mutex::new(None),
        }
    }

    /// The face of a role, parsed on first use; an unreadable file is an error.
    pub fn face(&self, role: FontRole) -> Result<&'static Face, String> {
        self.load(&self.roles[&role])
    }

    /// The face that draws `c` in `role`: the role's face, else the first face of
    /// the fallback chain that has the glyph. `None` when no face has it.
    pub fn face_for(&self, role: FontRole, c: char) -> Result<Option<(&'static Face, u16)>, String> {
        if let Some(latin) = self.latin_face(role, c)? {
            return Ok(Some(latin));
        }
        let primary = self.face(role)?;
        if let Some(g) = primary.glyph(c) {
            return Ok(Some((primary, g)));
        }
        for source in &self.fallback {
            let face = match self.load(source) {
                Ok(f) => f,
                Err(_) if matches!(source, Source::Bundled(..)) => continue,
                Err(e) => return Err(e),
            };
            if let Some(g) = face.glyph(c) {
                return Ok(Some((face, g)));
            }
        }
        Ok(self.machine_face_for(c))
    }

    /// The first of the machine's fonts that has `c` ([`system_face_for`]),
    /// remembering that this set's output depends on the machine.
    pub fn machine_face_for(&self, c: char) -> Option<(&'static Face, u16)> {
        self.asked_machine.store(true, Ordering::Relaxed);
        system_face_for(c)
    }

    /// Whether some character needed the machine's fonts (found there or not).
    pub fn used_machine_fonts(&self) -> bool {
        self.asked_machine.load(Ordering::Relaxed)
    }

    /// The Latin serif's glyph for `c` in `role`, when `latin = "times"` and `c` is
    /// an ASCII letter, digit or mark.
    pub fn latin_face(&self, role: FontRole, c: char) -> Result<Option<(&'static Face, u16)>, String> {
        if !self.latin_serif || !is_latin(c) {
            return Ok(None);
        }
        let face = self.load(&Source::Bundled(latin_file(role), self.font_dir.clone()))?;
        Ok(face.glyph(c).map(|g| (face, g)))
    }

    /// The last face of the fallback chain (the one that covers every CJK
    /// ideograph), if it can be loaded.
    pub fn fallback_face(&self) -> Result<Option<&'static Face>, String> {
        match self.fallback.last() {
            Some(source) => self.load(source).map(Some),
            None => Ok(None),
        }
    }

    /// The user's font file (a `[style.fonts]` path) whose loading failed, if one did.
    pub fn failed_file(&self) -> Option<PathBuf> {
        self.failed.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn load(&self, source: &Source) -> Result<&'static Face, String> {
        let result = {
            let mut cache = cache().lock().unwrap_or_else(|e| e.into_inner());
            match cache.get(source) {
                Some(done) => *done,
                None => {
                    let result: &'static Result<Face, String> = Box::leak(Box::new(self.read(source)));
                    cache.insert(source.clone(), result);
                    result
                }
            }
        };
        if let (Err(_), Source::File(path)) = (result, source) {
            *self.failed.lock().unwrap_or_else(|e| e.into_inner()) = Some(path.clone());
        }
        result.as_ref().map_err(Clone::clone)
    }

    fn read(&self, source: &Source) -> Result<Face, String> {
        match source {
            Source::Bundled(file, font_dir) => {
                let bytes = bundled_bytes(file, font_dir.as_deref())?;
                Face::parse(file.to_string(), bytes)
            }
            Source::File(path) => {
                // A name not found beside the input is looked up in the font folder.
                let in_font_dir = self.font_dir.as_ref().zip(path.file_name()).map(|(d, n)| d.join(n));
                let path = match in_font_dir {
                    Some(p) if !path.exists() && p.exists() => p,
                    _ => path.clone(),
                };
                let path = &path;
                let bytes = crate::files::read(path)
                    .map_err(|e| format!("cannot read the font file {}: {e}", path.display()))?;
                let name = path
                    .file_name()
                    .map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
                Face::parse(name, Box::leak(bytes.into_boxed_slice()))
            }
        }
    }
}

/// The machine's fonts (fontdb: the system folders and fontconfig's), in a fixed
/// order (regular weight first, serif before sans, then by file and index, so a
/// machine always picks the same face), found once
/// per process.
fn system_fonts() -> &'static (fontdb::Database, Vec<fontdb::ID>) {
    static DB: OnceLock<(fontdb::Database, Vec<fontdb::ID>)> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = fontdb::Database::new();
        if std::env::var_os("WENGAO_NO_SYSTEM_FONTS").is_none() {
            db.load_system_fonts();
        }
        // Regular upright faces first, serif (宋/明) before sans: the character most
        // often sits in a 仿宋 body line (a name); then by file.
        let mut faces: Vec<(u16, bool, bool, String, u32, fontdb::ID)> = db
            .faces()
            .filter_map(|f| match &f.source {
                fontdb::Source::File(p) | fontdb::Source::SharedFile(p, _) => Some((
                    f.weight.0.abs_diff(400),
                    f.style != fontdb::Style::Normal,
                    !f.families.iter().any(|(name, _)| {
                        let n = name.to_lowercase();
                        n.contains("serif") && !n.contains("sans")
                            || ["song", "ming", "宋", "明"].iter().any(|w| n.contains(w))
                    }),
                    p.display().to_string(),
                    f.index,
                    f.id,
                )),
                fontdb::Source::Binary(_) => None,
            })
            .collect();
        faces.sort();
        let order = faces.into_iter().map(|f| f.5).collect();
        (db, order)
    })
}

/// A fingerprint of the machine's font files (each file's path, size and
/// modification time), taken once per process: a build that drew from them is up
/// to date only while it is the same.
pub fn machine_fonts_fingerprint() -> u128 {
    static FINGERPRINT: OnceLock<u128> = OnceLock::new();
    *FINGERPRINT.get_or_init(|| {
        let mut files: Vec<&Path> = system_fonts()
            .0
            .faces()
            .filter_map(|f| match &f.source {
                fontdb::Source::File(p) | fontdb::Source::SharedFile(p, _) => Some(p.as_path()),
                fontdb::Source::Binary(_) => None,
            })
            .collect();
        files.sort();
        files.dedup();
        let mut h = crate::hash::Fnv128::default();
        for file in files {
            let meta = std::fs::metadata(file).ok();
            let modified = meta
                .as_ref()
                .and_then(|m| m.modified().ok())
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
            h.field(file.as_os_str().as_encoded_bytes())
                .field(&meta.map_or(0, |m| m.len()).to_le_bytes())
                .field(&modified.map_or(0, |d| d.as_nanos()).to_le_bytes());
        }
        h.finish()
    })
}

/// The last fallback: the first of the machine's fonts that has `c` (a CJK
/// Ext-B character in a name, say), loaded once per process and embedded like the
/// rest. `None` when no font on the machine has it.
pub fn system_face_for(c: char) -> Option<(&'static Face, u16)> {
    type Found = HashMap<char, Option<(&'static Face, u16)>>;
    static FOUND: OnceLock<Mutex<Found>> = OnceLock::new();
    let found = FOUND.get_or_init(Default::default);
    if let Some(hit) = found.lock().unwrap_or_else(|e| e.into_inner()).get(&c) {
        return *hit;
    }
    let (db, order) = system_fonts();
    let hit = order.iter().find_map(|&id| {
        let has = db.with_face_data(id, |data, index| {
            ttf_parser::Face::parse(data, index).ok().and_then(|f| f.glyph_index(c)).is_some_and(|g| g.0 != 0)
        })?;
        if !has {
            return None;
        }
        let info = db.face(id)?;
        let path = match &info.source {
            fontdb::Source::File(p) | fontdb::Source::SharedFile(p, _) => p.clone(),
            fontdb::Source::Binary(_) => return None,
        };
        let face = system_face(&path, info.index)?;
        Some((face, face.glyph(c)?))
    });
    found.lock().unwrap_or_else(|e| e.into_inner()).insert(c, hit);
    hit
}

/// A system font file's face, read and parsed once per process.
fn system_face(path: &Path, index: u32) -> Option<&'static Face> {
    type Faces = HashMap<(PathBuf, u32), Option<&'static Face>>;
    static FACES: OnceLock<Mutex<Faces>> = OnceLock::new();
    let mut faces = FACES.get_or_init(Default::default).lock().unwrap_or_else(|e| e.into_inner());
    *faces.entry((path.to_path_buf(), index)).or_insert_with(|| {
        let bytes: &'static [u8] = Box::leak(std::fs::read(path).ok()?.into_boxed_slice());
        let file =
            path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
        let name = if index > 0 { format!("{file}#{index}") } else { file };
        Face::parse_at(name, bytes, index).ok().map(|f| &*Box::leak(Box::new(f)))
    })
}

/// A bundled font file by its name (for the preview server's `/fonts/`), read
/// from `font_dir` when it holds a file of that name.
pub fn bundled_font(name: &str, font_dir: Option<&Path>) -> Option<&'static [u8]> {
    let known = BUNDLED.iter().find(|f| f.file == name)?;
    bundled_bytes(known.file, font_dir).ok()
}

/// The bytes of a bundled file: from the binary, else from the font folder.
fn bundled_bytes(file: &str, font_dir: Option<&Path>) -> Result<&'static [u8], String> {
    if let Some(dir) = font_dir {
        let path = dir.join(file);
        if path.is_file() {
            let bytes =
                crate::files::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            return Ok(Box::leak(bytes.into_boxed_slice()));
        }
    }
    #[cfg(feature = "embed-fonts")]
    if let Some(f) = BUNDLED.iter().find(|f| f.file == file) {
        return Ok(f.bytes);
    }
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts").join(file);
    if path.is_file() {
        let bytes = std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        return Ok(Box::leak(bytes.into_boxed_slice()));
    }
    Err(format!(
        "the font {file} is not built in and was not found; pass --font-dir DIR or set WENGAO_FONT_DIR"
    ))
}
