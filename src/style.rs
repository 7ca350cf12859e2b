//! Style: the `[style]` table of a document (or of a `wengao.toml`'s
//! `[defaults.style]`), read with the rest of the input.
//!
//! In: TOML, through serde as part of [`crate::input::Document`]. Out: how the
//! document is printed — date style, part headings, bold headings, duplex margins,
//! the face of Latin letters, the font files by role (PDF, HTML) and the font names
//! by role (DOCX) — with the GB/T 9704 defaults behind accessors, and the deep
//! merge under `wengao.toml` defaults.

use crate::diagnostics::{locate, Location};
use crate::numbering::DateStyle;
use schemars::JsonSchema;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// How the document is printed. Unset fields take the value of the nearest
/// `wengao.toml` `[defaults.style]`, else the GB/T 9704 default (see the accessors).
#[derive(Debug, Default, Deserialize, Clone, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Style {
    /// `arabic` (2023年12月28日, default) or `chinese` (二〇二三年十二月二十八日).
    pub date_style: Option<DateStyle>,
    /// How a part heading reads: `suffix` (标题 篇一, default) or `prefix` (篇一：标题).
    pub part_heading: Option<PartHeading>,
    /// Draw headings bold (a stroked fake bold on faces without a bold weight).
    pub bold_headings: Option<bool>,
    /// Mirror left/right margins on even pages.
    pub duplex: Option<bool>,
    /// Latin letters, digits and ASCII marks: `cjk` (the role's Chinese face,
    /// default) or `times` (Liberation Serif, metric-compatible with Times New
    /// Roman; "Times New Roman" in the DOCX).
    pub latin: Option<Latin>,
    /// Font files by role, relative to the file that names them (or absolute).
    #[serde(default)]
    pub fonts: FontChoice,
    /// Font names the DOCX asks for by role (Word looks them up on the machine
    /// that opens the file): defaults 方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312, 宋体.
    #[serde(default)]
    pub word_fonts: WordFontChoice,
}

impl Style {
    pub fn date_style(&self) -> DateStyle {
        self.date_style.unwrap_or_default()
    }
    pub fn part_heading(&self) -> PartHeading {
        self.part_heading.unwrap_or_default()
    }
    pub fn bold_headings(&self) -> bool {
        self.bold_headings.unwrap_or(false)
    }
    pub fn duplex(&self) -> bool {
        self.duplex.unwrap_or(false)
    }
    pub fn latin_serif(&self) -> bool {
        self.latin == Some(Latin::Times)
    }

    /// Fills every unset field from `defaults` (a deep merge: this style wins).
    pub fn merge_under(&mut self, defaults: &Style) {
        self.date_style = self.date_style.or(defaults.date_style);
        self.part_heading = self.part_heading.or(defaults.part_heading);
        self.bold_headings = self.bold_headings.or(defaults.bold_headings);
        self.duplex = self.duplex.or(defaults.duplex);
        self.latin = self.latin.or(defaults.latin);
        let (f, d) = (&mut self.fonts, &defaults.fonts);
        for (mine, theirs) in [
            (&mut f.title, &d.title),
            (&mut f.body, &d.body),
            (&mut f.heading1, &d.heading1),
            (&mut f.heading2, &d.heading2),
            (&mut f.page_number, &d.page_number),
        ] {
            if mine.is_none() {
                mine.clone_from(theirs);
            }
        }
        if f.fallback.is_empty() {
            f.fallback.clone_from(&d.fallback);
        }
        let (w, d) = (&mut self.word_fonts, &defaults.word_fonts);
        for (mine, theirs) in [
            (&mut w.title, &d.title),
            (&mut w.body, &d.body),
            (&mut w.heading1, &d.heading1),
            (&mut w.heading2, &d.heading2),
            (&mut w.page_number, &d.page_number),
        ] {
            if mine.is_none() {
                mine.clone_from(theirs);
            }
        }
    }

    /// Makes relative font paths absolute against the folder of `file` (the
    /// file that names them, whose text is `source`) and records where each is named.
    pub fn resolve_paths(&mut self, file: &Path, source: &str) {
        let base = file.parent().unwrap_or(Path::new("."));
        for f in self.fonts.files_mut() {
            f.path = base.join(&f.path);
            // The path itself, inside its quotes.
            let quoted = source.get(f.span.clone()).unwrap_or_default();
            let span = match quoted.chars().next() {
                Some(q @ ('"' | '\'')) if quoted.len() >= 2 && quoted.ends_with(q) => {
                    f.span.start + 1..f.span.end - 1
                }
                _ => f.span.clone(),
            };
            f.named_at = Some(locate(file, source, span));
        }
    }
}

/// The face of Latin letters and digits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, serde::Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Latin {
    /// The role's own Chinese face.
    #[default]
    Cjk,
    /// A Times-compatible serif.
    Times,
}

/// Where a part's 篇N label goes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, serde::Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum PartHeading {
    #[default]
    Suffix,
    Prefix,
}

/// User-chosen font files per role (e.g. real 仿宋_GB2312 or 方正小标宋 files).
#[derive(Debug, Default, Deserialize, Clone, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FontChoice {
    pub title: Option<FontFile>,
    pub body: Option<FontFile>,
    pub heading1: Option<FontFile>,
    pub heading2: Option<FontFile>,
    pub page_number: Option<FontFile>,
    #[serde(default)]
    pub fallback: Vec<FontFile>,
}

impl FontChoice {
    /// Every file named, the roles' first.
    pub fn files(&self) -> impl Iterator<Item = &FontFile> {
        [&self.title, &self.body, &self.heading1, &self.heading2, &self.page_number]
            .into_iter()
            .flatten()
            .chain(&self.fallback)
    }

    fn files_mut(&mut self) -> impl Iterator<Item = &mut FontFile> {
        [&mut self.title, &mut self.body, &mut self.heading1, &mut self.heading2, &mut self.page_number]
            .into_iter()
            .flatten()
            .chain(&mut self.fallback)
    }
}

/// A font file named in `[style.fonts]`, with the place that names it (the
/// document or a `wengao.toml`): a font error points there.
#[derive(Debug, Clone, Deserialize)]
#[serde(from = "Spanned<PathBuf>")]
pub struct FontFile {
    pub path: PathBuf,
    /// The value's place in the text it was read from.
    span: std::ops::Range<usize>,
    /// Where it is named, once [`Style::resolve_paths`] knows the file.
    pub named_at: Option<Location>,
}

impl From<Spanned<PathBuf>> for FontFile {
    fn from(s: Spanned<PathBuf>) -> FontFile {
        FontFile { span: s.span(), path: s.into_inner(), named_at: None }
    }
}

impl serde::Serialize for FontFile {
    /// As the path it names (what the schema's defaults show).
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.path.serialize(s)
    }
}

impl JsonSchema for FontFile {
    fn inline_schema() -> bool {
        PathBuf::inline_schema()
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        PathBuf::schema_name()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        PathBuf::json_schema(generator)
    }
}

/// Font names for the DOCX by role, e.g. `body = "仿宋"` where the machines
/// that open the file have 仿宋 but not 仿宋_GB2312.
#[derive(Debug, Default, Deserialize, Clone, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WordFontChoice {
    pub title: Option<String>,
    pub body: Option<String>,
    pub heading1: Option<String>,
    pub heading2: Option<String>,
    pub page_number: Option<String>,
}
