//! Style: the `[style]` table of a document (or of a `wengao.toml`'s
//! `[defaults.style]`), read with the rest of the input.
//!
//! In: TOML, through serde as part of [`crate::input::Document`]. Out: how the
//! document is printed — date style, part headings, bold headings, duplex margins,
//! the face of Latin letters, the font files by role (PDF, HTML) and the font names
//! by role (DOCX) — with the GB/T 9704 defaults behind accessors, and the deep
//! merge under `wengao.toml` defaults.

use crate::numbering::DateStyle;
use schemars::JsonSchema;
use serde::Deserialize;
use std::path::{Path, PathBuf};

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

    /// Makes relative font paths absolute against `base` (the naming file's folder).
    pub fn resolve_paths(&mut self, base: &Path) {
        let f = &mut self.fonts;
        for p in [&mut f.title, &mut f.body, &mut f.heading1, &mut f.heading2, &mut f.page_number]
            .into_iter()
            .flatten()
        {
            *p = base.join(&*p);
        }
        for p in &mut f.fallback {
            *p = base.join(&*p);
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
    pub title: Option<PathBuf>,
    pub body: Option<PathBuf>,
    pub heading1: Option<PathBuf>,
    pub heading2: Option<PathBuf>,
    pub page_number: Option<PathBuf>,
    #[serde(default)]
    pub fallback: Vec<PathBuf>,
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
