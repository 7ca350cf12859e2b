//! Input model: the TOML a secretary writes, read into typed structs.
//!
//! In: the bytes of one `.toml` file. Out: a [`Document`] (a single plan or summary,
//! or a collection of `[[part]]`s) plus warnings, or a [`Report`] whose errors point
//! at file:line:column. The contract is `docs/input-format.md`: unknown keys are
//! errors with a "did you mean" hint, sections nest at most four levels, `date` is a
//! TOML local date. Titles that already carry a number marker are cleaned here (with
//! a warning) so that later stages never print a doubled marker.

use crate::diagnostics::{Diagnostic, Report};
use crate::numbering::strip_marker;
pub use crate::official::{Imprint, Masthead, Names, TomlDate};
pub use crate::style::{FontChoice, FontFile, Latin, PartHeading, Style, WordFontChoice};
use crate::text::decode_utf8;
use crate::validate::{self, toml_error, Contract};
use schemars::JsonSchema;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use toml::Spanned;

/// Deepest section nesting: 一、 （一） 1. （1）.
pub const MAX_SECTION_DEPTH: usize = 4;

/// One input file: a single document or a collection.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Document {
    #[schemars(with = "String")]
    pub title: Spanned<String>,
    pub subtitle: Option<String>,
    #[schemars(with = "Option<String>")]
    pub kind: Option<Spanned<String>>,
    pub organization: Option<String>,
    #[schemars(with = "Option<TomlDate>")]
    pub date: Option<Spanned<toml::value::Datetime>>,
    /// Printed before the date in the 落款: `"时间："`.
    pub date_label: Option<String>,
    /// 主送机关: `"各中小学工会"` (the ： is added).
    pub addressee: Option<String>,
    /// 附注: printed in （） the line after the date.
    pub remark: Option<String>,
    /// The 落款 leaves room for the seal (日期右空四字, the organ centred over it).
    pub seal: Option<bool>,
    pub preface: Option<String>,
    #[serde(default)]
    pub section: Vec<Section>,
    pub schedule: Option<Schedule>,
    #[serde(default)]
    pub attachment: Vec<Attachment>,
    /// 版头 of a 红头文件 (份号 … 发文字号, 签发人).
    pub masthead: Option<Masthead>,
    /// 版记 at the foot of the last page (抄送, 印发机关, 印发日期).
    pub imprint: Option<Imprint>,
    /// Present in a collection (汇总 N 篇): each part is numbered 篇一, 篇二, …
    #[serde(default)]
    pub part: Vec<Part>,
    #[serde(default)]
    pub style: Style,
}

/// One 篇 of a collection: every key of a document except `kind`, `part`, `style`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Part {
    #[schemars(with = "String")]
    pub title: Spanned<String>,
    pub subtitle: Option<String>,
    pub organization: Option<String>,
    #[schemars(with = "Option<TomlDate>")]
    pub date: Option<Spanned<toml::value::Datetime>>,
    pub date_label: Option<String>,
    pub addressee: Option<String>,
    pub remark: Option<String>,
    pub seal: Option<bool>,
    pub preface: Option<String>,
    #[serde(default)]
    pub section: Vec<Section>,
    pub schedule: Option<Schedule>,
    #[serde(default)]
    pub attachment: Vec<Attachment>,
}

/// A numbered heading with its text, points and subsections.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Section {
    #[schemars(with = "String")]
    pub title: Spanned<String>,
    pub text: Option<String>,
    #[serde(default)]
    pub items: Vec<String>,
    #[serde(default)]
    pub section: Vec<Section>,
}

/// The month-by-month plan (月份工作要点).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Schedule {
    pub title: Option<String>,
    /// Header of the two columns; default 时间 | 工作要点.
    pub columns: Option<[String; 2]>,
    #[serde(default)]
    pub entry: Vec<ScheduleEntry>,
}

/// One row group of the schedule: a period and what happens in it.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScheduleEntry {
    pub when: String,
    #[serde(default)]
    pub items: Vec<String>,
}

/// One entry of the 附件 list.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Attachment {
    /// The name in the 附件说明; for a `file`, its title when not given.
    pub title: Option<String>,
    /// Another document (a `.toml`, or a `.docx` imported) printed after the 落款
    /// on pages of its own under 附件N: what a 印发通知 issues.
    #[schemars(with = "Option<String>")]
    pub file: Option<Spanned<String>>,
}

/// Values a `wengao.toml` `[defaults]` table gives every document below it.
#[derive(Debug, Default, Deserialize, Clone, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Defaults {
    pub subtitle: Option<String>,
    pub kind: Option<String>,
    pub organization: Option<String>,
    #[schemars(with = "Option<TomlDate>")]
    pub date: Option<Spanned<toml::value::Datetime>>,
    pub preface: Option<String>,
    pub seal: Option<bool>,
    pub masthead: Option<Masthead>,
    pub imprint: Option<Imprint>,
    #[serde(default)]
    pub style: Style,
}

impl Defaults {
    /// Fills what `nearer` leaves unset from `self` (a farther file).
    pub fn merge_under(&self, nearer: &mut Defaults) {
        nearer.subtitle = nearer.subtitle.take().or_else(|| self.subtitle.clone());
        nearer.kind = nearer.kind.take().or_else(|| self.kind.clone());
        nearer.organization = nearer.organization.take().or_else(|| self.organization.clone());
        nearer.date = nearer.date.take().or_else(|| self.date.clone());
        nearer.preface = nearer.preface.take().or_else(|| self.preface.clone());
        nearer.seal = nearer.seal.or(self.seal);
        nearer.masthead = nearer.masthead.take().or_else(|| self.masthead.clone());
        nearer.imprint = nearer.imprint.take().or_else(|| self.imprint.clone());
        nearer.style.merge_under(&self.style);
    }
}

impl Document {
    /// Fills every value the document leaves unset from `defaults` (the document wins).
    pub fn apply_defaults(&mut self, d: &Defaults) {
        self.subtitle = self.subtitle.take().or_else(|| d.subtitle.clone());
        if self.kind.is_none() {
            self.kind = d.kind.clone().map(|k| Spanned::new(0..0, k));
        }
        self.organization = self.organization.take().or_else(|| d.organization.clone());
        self.date = self.date.take().or_else(|| d.date.clone());
        self.preface = self.preface.take().or_else(|| d.preface.clone());
        self.seal = self.seal.or(d.seal);
        self.masthead = self.masthead.take().or_else(|| d.masthead.clone());
        self.imprint = self.imprint.take().or_else(|| d.imprint.clone());
        self.style.merge_under(&d.style);
    }
}

/// The JSON Schema of the input format (draft-07), for editors' completion.
pub fn json_schema() -> String {
    let generator = schemars::generate::SchemaSettings::draft07().into_generator();
    let schema = generator.into_root_schema_for::<Document>();
    serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
}

/// A document read from disk with the text it came from (for later diagnostics).
#[derive(Debug)]
pub struct Loaded {
    pub path: PathBuf,
    pub source: String,
    pub document: Document,
    pub warnings: Vec<Diagnostic>,
}

impl Document {
    /// True for a collection (汇总 N 篇).
    pub fn is_collection(&self) -> bool {
        !self.part.is_empty()
    }
}

/// Reads and checks one input file.
pub fn load(path: &Path) -> Result<Loaded, Report> {
    let bytes = crate::files::read(path).map_err(|e| {
        single(
            Diagnostic::error(format!("cannot read {}: {e}", path.display()))
                .with_help("check that the file exists and that you may read it"),
        )
    })?;
    parse(path, &bytes)
}

/// Checks `bytes` as the contents of `path`.
pub fn parse(path: &Path, bytes: &[u8]) -> Result<Loaded, Report> {
    let source = decode_utf8(path, bytes)?;
    if source.trim().is_empty() {
        return Err(single(
            Diagnostic::error("the file is empty")
                .at_file(path, &source)
                .with_help("a document needs at least `title = \"…\"`; `wengao new FILE` writes a starter"),
        ));
    }
    // Every problem at once (serde would stop at the first).
    static CONTRACT: OnceLock<Contract> = OnceLock::new();
    let contract = CONTRACT.get_or_init(|| Contract::new(&json_schema()));
    let problems = validate::problems(path, &source, contract);
    if !problems.is_empty() {
        return Err(Report { diagnostics: problems });
    }
    let mut document: Document =
        toml::from_str(&source).map_err(|e| single(toml_error(path, &source, &e)))?;
    document.style.resolve_paths(path, &source);
    let mut report = Report::default();
    check(&mut document, path, &source, &mut report);
    if report.has_errors() {
        return Err(report);
    }
    Ok(Loaded { path: path.to_path_buf(), source, document, warnings: report.diagnostics })
}

fn single(d: Diagnostic) -> Report {
    Report { diagnostics: vec![d] }
}

/// Checks beyond the grammar: dates, nesting depth, number markers in titles.
fn check(doc: &mut Document, path: &Path, source: &str, report: &mut Report) {
    if doc.title.get_ref().trim().is_empty() {
        report.push(
            Diagnostic::error("the title is empty")
                .at(path, source, doc.title.span())
                .with_help("write the document's title, e.g. \"2024年××小学工会工作计划\""),
        );
    }
    check_date(doc.date.as_ref(), path, source, report);
    check_sections(&mut doc.section, 1, path, source, report);
    check_attachments(&doc.attachment, path, source, report);
    if let Some(m) = &doc.masthead {
        crate::official::check_masthead(m, path, source, report);
    }
    if let Some(printed_on) = doc.imprint.as_ref().and_then(|i| i.printed_on.as_ref()) {
        check_date(Some(printed_on), path, source, report);
    }
    for part in &mut doc.part {
        if part.title.get_ref().trim().is_empty() {
            report.push(
                Diagnostic::error("a part's title is empty")
                    .at(path, source, part.title.span())
                    .with_help("every [[part]] needs a title"),
            );
        }
        strip_title_marker(&mut part.title, path, source, report);
        check_date(part.date.as_ref(), path, source, report);
        check_sections(&mut part.section, 1, path, source, report);
        check_attachments(&part.attachment, path, source, report);
    }
}

/// An attachment names something: a title, a file, or both.
fn check_attachments(list: &[Attachment], path: &Path, source: &str, report: &mut Report) {
    for a in list {
        if let Some(file) = &a.file {
            if file.get_ref().trim().is_empty() {
                report.push(
                    Diagnostic::error("an attachment's `file` is empty")
                        .at(path, source, file.span())
                        .with_help("name the document to issue, relative to this file, e.g. `file = \"school-plan.toml\"`"),
                );
            }
        } else if a.title.is_none() {
            report.push(
                Diagnostic::error("an [[attachment]] has neither a `title` nor a `file`")
                    .at_file(path, source)
                    .with_help("write `title = \"…\"` (the name in the 附件说明), or `file = \"….toml\"` to print that document as the attachment"),
            );
        }
    }
}

pub fn check_date(
    date: Option<&Spanned<toml::value::Datetime>>,
    path: &Path,
    source: &str,
    report: &mut Report,
) {
    let Some(date) = date else { return };
    let help = "write a plain date such as `date = 2023-12-28`";
    let dt = date.get_ref();
    let problem = match (&dt.date, &dt.time, &dt.offset) {
        (Some(d), None, None) if !valid_day(d.year, d.month, d.day) => {
            Some(format!("{}-{:02}-{:02} is not a day of the calendar", d.year, d.month, d.day))
        }
        (Some(_), None, None) => None,
        _ => Some("`date` must be a date only, without a time of day".to_string()),
    };
    if let Some(p) = problem {
        report.push(Diagnostic::error(p).at(path, source, date.span()).with_help(help));
    }
}

fn valid_day(year: u16, month: u8, day: u8) -> bool {
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

fn check_sections(sections: &mut [Section], depth: usize, path: &Path, source: &str, report: &mut Report) {
    for s in sections {
        if depth > MAX_SECTION_DEPTH {
            report.push(
                Diagnostic::error(format!(
                    "sections nest {depth} levels deep here; the limit is {MAX_SECTION_DEPTH} (一、 （一） 1. （1）)"
                ))
                .at(path, source, s.title.span())
                .with_help("move this section up a level, or write its content as `items` or text of its parent"),
            );
            continue;
        }
        if s.title.get_ref().trim().is_empty() {
            report.push(
                Diagnostic::error("a section's title is empty")
                    .at(path, source, s.title.span())
                    .with_help("write the heading text without its number; wengao numbers headings"),
            );
        }
        strip_title_marker(&mut s.title, path, source, report);
        let empty = s.text.as_deref().is_none_or(|t| t.trim().is_empty())
            && s.items.is_empty()
            && s.section.is_empty();
        if empty {
            report.push(
                Diagnostic::warning(format!(
                    "the section \"{}\" has no text, items or subsections",
                    s.title.get_ref()
                ))
                .at(path, source, s.title.span())
                .with_help("write its `text` or `items`, or remove the section; it prints as a lone heading"),
            );
        }
        check_sections(&mut s.section, depth + 1, path, source, report);
    }
}

/// Removes a number marker the user typed (wengao numbers headings itself).
fn strip_title_marker(title: &mut Spanned<String>, path: &Path, source: &str, report: &mut Report) {
    let Some((marker, rest)) = strip_marker(title.get_ref()) else { return };
    report.push(
        Diagnostic::warning(format!(
            "the title starts with the number `{marker}`; wengao numbers headings itself, so it was left out"
        ))
        .at(path, source, title.span())
        .with_help(format!("write the title without its number: \"{rest}\"")),
    );
    let rest = rest.to_string();
    let span = title.span();
    *title = Spanned::new(span, rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(src: &str) -> String {
        parse(Path::new("t.toml"), src.as_bytes()).unwrap_err().to_string()
    }

    #[test]
    fn a_small_document_loads() {
        let src = "title = \"计划\"\ndate = 2023-12-28\n[[section]]\ntitle = \"一、学习\"\ntext = \"正文\"\n";
        let loaded = parse(Path::new("t.toml"), src.as_bytes()).unwrap();
        assert_eq!(loaded.document.section[0].title.get_ref(), "学习");
        assert_eq!(loaded.warnings.len(), 1);
        assert!(loaded.warnings[0].to_string().contains("t.toml:4:9"));
    }

    #[test]
    fn unknown_key_suggests_the_right_one() {
        let e = errors("titel = \"计划\"\n");
        assert!(e.contains("unknown key `titel`"), "{e}");
        assert!(e.contains("did you mean `title`?"), "{e}");
    }

    #[test]
    fn fifth_level_is_refused() {
        let src = "title = \"计划\"\n[[section]]\ntitle=\"a\"\n[[section.section]]\ntitle=\"b\"\n[[section.section.section]]\ntitle=\"c\"\n[[section.section.section.section]]\ntitle=\"d\"\n[[section.section.section.section.section]]\ntitle=\"e\"\n";
        let e = errors(src);
        assert!(e.contains("the limit is 4"), "{e}");
        assert!(e.contains("t.toml:11:7"), "{e}");
    }

    #[test]
    fn impossible_dates_are_refused() {
        assert!(errors("title = \"计划\"\ndate = 2023-02-30\n").contains("`2023-02-30` is not a valid date"));
        assert!(errors("title = \"计划\"\ndate = 2023-02-03T10:00:00\n").contains("date only"));
        assert!(valid_day(2024, 2, 29) && !valid_day(2023, 2, 29));
    }
}
