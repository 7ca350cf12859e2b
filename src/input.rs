//! Input model: the TOML a secretary writes, read into typed structs.
//!
//! In: the bytes of one `.toml` file. Out: a [`Document`] (a single plan or summary,
//! or a collection of `[[part]]`s) plus warnings, or a [`Report`] whose errors point
//! at file:line:column. The contract is `docs/input-format.md`: unknown keys are
//! errors with a "did you mean" hint, sections nest at most four levels, `date` is a
//! TOML local date. Titles that already carry a number marker are cleaned here (with
//! a warning) so that later stages never print a doubled marker.

use crate::diagnostics::{did_you_mean, Diagnostic, Report};
use crate::numbering::strip_marker;
pub use crate::style::{FontChoice, Latin, PartHeading, Style, WordFontChoice};
use schemars::JsonSchema;
use serde::Deserialize;
use std::path::{Path, PathBuf};
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
    pub preface: Option<String>,
    #[serde(default)]
    pub section: Vec<Section>,
    pub schedule: Option<Schedule>,
    #[serde(default)]
    pub attachment: Vec<Attachment>,
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
    pub title: String,
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
        self.style.merge_under(&d.style);
    }
}

/// A TOML local date (`2023-12-28`, no quotes) in the JSON Schema.
pub struct TomlDate;

impl JsonSchema for TomlDate {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "TomlDate".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "format": "date",
            "description": "A TOML local date without quotes, e.g. 2023-12-28"
        })
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
    let bytes = std::fs::read(path).map_err(|e| {
        single(
            Diagnostic::error(format!("cannot read {}: {e}", path.display()))
                .with_help("check that the file exists and that you may read it"),
        )
    })?;
    parse(path, &bytes)
}

/// Checks `bytes` as the contents of `path`.
pub fn parse(path: &Path, bytes: &[u8]) -> Result<Loaded, Report> {
    let source = decode(path, bytes)?;
    if source.trim().is_empty() {
        return Err(single(
            Diagnostic::error("the file is empty")
                .at_file(path, &source)
                .with_help("a document needs at least `title = \"…\"`; `wengao new FILE` writes a starter"),
        ));
    }
    // Every problem at once (serde would stop at the first).
    let problems = crate::validate::problems(path, &source);
    if !problems.is_empty() {
        return Err(Report { diagnostics: problems });
    }
    let mut document: Document =
        toml::from_str(&source).map_err(|e| single(toml_error(path, &source, &e)))?;
    document.style.resolve_paths(path.parent().unwrap_or(Path::new(".")));
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

/// UTF-8 text of the file; a byte-order mark is dropped, other bytes are an error.
pub fn decode(path: &Path, bytes: &[u8]) -> Result<String, Report> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let good = e.valid_up_to();
            let lossy = String::from_utf8_lossy(bytes).into_owned();
            let at = String::from_utf8_lossy(&bytes[..good]).len();
            Err(single(
                Diagnostic::error(format!(
                    "the file is not UTF-8 text (byte 0x{:02X} at offset {good})",
                    bytes[good]
                ))
                .at(path, &lossy, at..at + 1)
                .with_help("save the file as UTF-8 (in Notepad: 另存为 → 编码 UTF-8; GBK/ANSI files must be converted)"),
            ))
        }
    }
}

const DOCUMENT_KEYS: &[&str] = &[
    "title",
    "subtitle",
    "kind",
    "organization",
    "date",
    "preface",
    "section",
    "schedule",
    "attachment",
    "part",
    "style",
];

/// Turns a toml/serde error into a diagnostic with a hint.
pub fn toml_error(path: &Path, source: &str, e: &toml::de::Error) -> Diagnostic {
    let raw = e.message().trim().to_string();
    let range = e.span().unwrap_or(0..0);
    let (message, help) = explain(&raw, &source[range.clone()]);
    let d = Diagnostic::error(message).at(path, source, range);
    match help {
        Some(h) => d.with_help(h),
        None => d,
    }
}

/// Rewrites serde's wording into what a user can act on.
fn explain(raw: &str, snippet: &str) -> (String, Option<String>) {
    if let Some(rest) = raw.strip_prefix("unknown field `") {
        let key = rest.split('`').next().unwrap_or_default();
        let expected: Vec<&str> = rest
            .split_once("expected")
            .map(|(_, list)| list.split('`').skip(1).step_by(2).collect())
            .unwrap_or_default();
        let expected = if expected.is_empty() { DOCUMENT_KEYS.to_vec() } else { expected };
        let help = match did_you_mean(key, &expected) {
            Some(s) => format!("did you mean `{s}`? (keys here: {})", expected.join(", ")),
            None => format!("the keys allowed here are: {}", expected.join(", ")),
        };
        return (format!("unknown key `{key}`"), Some(help));
    }
    if let Some(rest) = raw.strip_prefix("missing field `") {
        let key = rest.split('`').next().unwrap_or_default();
        let help = match key {
            "title" => "add a line such as `title = \"2024年××小学工会工作计划\"`".to_string(),
            _ => format!("add `{key} = …` to this table"),
        };
        return (format!("the required key `{key}` is missing"), Some(help));
    }
    if raw.starts_with("invalid type") {
        let help = if raw.contains("datetime") {
            "write the date without quotes, e.g. `date = 2023-12-28`".to_string()
        } else if raw.contains("expected a sequence") {
            "write a list in square brackets, e.g. `items = [\"第一点\", \"第二点\"]`".to_string()
        } else if raw.contains("expected a string") {
            format!("put the value in double quotes, e.g. \"{}\"", snippet.trim().trim_matches('"'))
        } else {
            "check the value's type: docs/input-format.md lists every key with its type (`wengao schema` prints them too)".to_string()
        };
        let message = raw
            .replace("invalid type: ", "wrong type: ")
            .replace("expected a sequence", "expected a list [ … ]")
            .replace("expected a TOML datetime", "expected a date");
        return (message, Some(help));
    }
    if raw.contains("invalid date") || raw.contains("invalid datetime") {
        let value = snippet.trim();
        let why = raw.split_once(", ").map_or(raw, |(_, why)| why);
        let message = if value.is_empty() || value.contains('\n') {
            raw.to_string()
        } else {
            format!("`{value}` is not a valid date: {why}")
        };
        return (message, Some("write a real calendar day as YYYY-MM-DD, e.g. `date = 2023-12-28`".into()));
    }
    if raw.starts_with("unknown variant") {
        return (raw.to_string(), Some("use one of the values listed".into()));
    }
    if raw.contains("duplicate key") {
        let key = snippet.trim();
        let message = if key.is_empty() || key.contains('\n') {
            raw.to_string()
        } else {
            format!("the key `{key}` is set a second time here")
        };
        return (message, Some("each key may appear once per table; remove or rename one".into()));
    }
    if raw.contains("invalid basic string") || raw.contains("invalid literal string") {
        return (
            "TOML syntax error: this text has no closing quote".to_string(),
            Some("end the text with a quote on the same line; text over several lines goes in triple quotes \"\"\" … \"\"\"".into()),
        );
    }
    if raw.contains("expected newline") {
        return (
            "TOML syntax error: more text follows the value on the same line".to_string(),
            Some("put each `key = value` on a line of its own (or start a comment with `#`)".into()),
        );
    }
    let help = if raw.contains("string") || raw.contains("quote") {
        "text values go in double quotes; long text in triple quotes \"\"\" … \"\"\""
    } else {
        "this is not valid TOML here; compare with the starter `wengao new FILE` writes, or with docs/input-format.md (`wengao schema` prints every key)"
    };
    (format!("TOML syntax error: {raw}"), Some(help.to_string()))
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
