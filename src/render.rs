//! Templates: a checked [`Document`] → Markdown, through tera.
//!
//! In: a [`Loaded`] document and a [`Templates`] set (the built-ins from
//! `templates/`, embedded in the binary, overridden by a user's `templates/` folder).
//! Out: the Markdown text that every later stage reads. The numbering module's
//! functions are registered as tera filters (`cn_count`, `heading_marker`,
//! `part_label`, `cn_date`) so a user template can number things the same way.
//!
//! The Markdown carries layout roles in heading attributes (see README, "The
//! Markdown convention"): `# … {.title}`, `# … 篇一 {#pian-1 .part}`, `##`–`#####`
//! for heading levels 1–4, and level-6 headings with a class for the blocks that
//! are not headings: `.subtitle`, `.toc`, `.schedule` (followed by its table),
//! `.attachment`, `.signature`, `.date`.

use crate::diagnostics::{Diagnostic, Report};
use crate::input::{Document, Loaded, Part, PartHeading, Schedule, Section};
use crate::numbering::{self, DateStyle};
use crate::text::{escape_markdown, Escape};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tera::{Kwargs, State, Tera};

/// The template a document is rendered with unless its `kind` names another.
pub const DOCUMENT_TEMPLATE: &str = "document.md.tera";
/// The HTML page shell around the converted Markdown.
pub const PAGE_TEMPLATE: &str = "page.html.tera";

/// The built-in templates, as shipped in `templates/`.
pub const BUILTIN: &[(&str, &str)] = &[
    (DOCUMENT_TEMPLATE, include_str!("../templates/document.md.tera")),
    (PAGE_TEMPLATE, include_str!("../templates/page.html.tera")),
];

/// A ready tera instance and where each template came from (for error messages).
pub struct Templates {
    tera: Tera,
    sources: BTreeMap<String, (PathBuf, String)>,
}

impl Templates {
    /// The built-in templates, overridden by every `*.tera` file in `user_dir`.
    pub fn load(user_dir: Option<&Path>) -> Result<Templates, Report> {
        let mut sources: BTreeMap<String, (PathBuf, String)> = BUILTIN
            .iter()
            .map(|(name, text)| (name.to_string(), (PathBuf::from("templates").join(name), text.to_string())))
            .collect();
        if let Some(dir) = user_dir {
            for (name, path, text) in read_user_templates(dir)? {
                sources.insert(name, (path, text));
            }
        }
        let mut tera = Tera::default();
        tera.autoescape_on([".html.tera"]);
        register_filters(&mut tera);
        tera.add_raw_templates(sources.iter().map(|(n, (_, t))| (n.as_str(), t.as_str())))
            .map_err(|e| template_error(&e, &sources))?;
        Ok(Templates { tera, sources })
    }

    /// A hash of every template's name and text (for the incremental build).
    pub fn fingerprint(&self) -> u128 {
        let mut h = crate::hash::Fnv128::default();
        for (name, (_, text)) in &self.sources {
            h.field(name.as_bytes()).field(text.as_bytes());
        }
        h.finish()
    }

    /// True if a template of this name exists (built in or the user's).
    pub fn has(&self, name: &str) -> bool {
        self.sources.contains_key(name)
    }

    /// Renders `name` with `context`.
    pub fn render(&self, name: &str, context: &impl Serialize) -> Result<String, Report> {
        let ctx = tera::Context::from_serialize(context)
            .map_err(|e| Report { diagnostics: vec![Diagnostic::error(e.to_string())] })?;
        self.tera.render(name, &ctx).map_err(|e| template_error(&e, &self.sources))
    }
}

fn read_user_templates(dir: &Path) -> Result<Vec<(String, PathBuf, String)>, Report> {
    let mut found = Vec::new();
    let entries = std::fs::read_dir(dir).map_err(|e| Report {
        diagnostics: vec![Diagnostic::error(format!(
            "cannot read the template folder {}: {e}",
            dir.display()
        ))],
    })?;
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else { continue };
        if !name.ends_with(".tera") {
            continue;
        }
        let text = crate::files::read_to_string(&path).map_err(|e| Report {
            diagnostics: vec![Diagnostic::error(format!("cannot read {}: {e}", path.display()))
                .with_help("templates must be UTF-8 text files")],
        })?;
        found.push((name.to_string(), path.clone(), text));
    }
    Ok(found)
}

/// Points a tera error at the template line it came from.
fn template_error(e: &tera::Error, sources: &BTreeMap<String, (PathBuf, String)>) -> Report {
    let d = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            let kind = if matches!(e.kind(), tera::ErrorKind::SyntaxError(_)) {
                "template syntax error"
            } else {
                "template error"
            };
            let d = Diagnostic::error(format!("{kind}: {}", r.message())).with_help(
                "fix the template (compare with `wengao templates DIR`, which writes the built-in ones)",
            );
            match sources.get(r.filename()) {
                Some((path, text)) => d.at(path, text, r.span().range.clone()),
                None => d,
            }
        }
        _ => Diagnostic::error(format!("template error: {e}")),
    };
    Report { diagnostics: vec![d] }
}

fn register_filters(tera: &mut Tera) {
    tera.register_filter("cn_count", |n: i64, _: Kwargs, _: &State| {
        numbering::chinese_count(n.clamp(0, u32::MAX as i64) as u32)
    });
    tera.register_filter("heading_marker", |n: i64, kw: Kwargs, _: &State| {
        let level = kw.get::<i64>("level")?.unwrap_or(1).clamp(1, 4) as u8;
        Ok::<_, tera::Error>(numbering::heading_marker(n.clamp(0, u32::MAX as i64) as u32, level))
    });
    tera.register_filter("part_label", |n: i64, _: Kwargs, _: &State| {
        numbering::part_label(n.clamp(0, u32::MAX as i64) as u32)
    });
    tera.register_filter("hashes", |n: i64, _: Kwargs, _: &State| "#".repeat(n.clamp(1, 6) as usize));
    tera.register_filter("md", |s: &str, _: Kwargs, _: &State| escape_markdown(s, Escape::Value));
    tera.register_filter("md_title", |s: &str, _: Kwargs, _: &State| {
        let lines: Vec<String> = s
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| escape_markdown(l, Escape::Value))
            .collect();
        lines.join("\u{2028}")
    });
    tera.register_filter("md_cell", |s: &str, _: Kwargs, _: &State| s.replace('|', "\\|").replace('\n', " "));
    tera.register_filter("md_item", |s: &str, _: Kwargs, _: &State| {
        s.trim().lines().map(str::trim).collect::<Vec<_>>().join("\n   ")
    });
    tera.register_filter("cn_date", |s: &str, kw: Kwargs, _: &State| {
        let chinese = kw.get::<&str>("style")?.is_some_and(|v| v == "chinese");
        let style = if chinese { DateStyle::Chinese } else { DateStyle::Arabic };
        Ok::<_, tera::Error>(date_text(s, style).unwrap_or_else(|| s.to_string()))
    });
}

/// `YYYY-MM-DD` → `2023年12月28日` or `二〇二三年十二月二十八日`.
fn date_text(iso: &str, style: DateStyle) -> Option<String> {
    let mut it = iso.split('-');
    let y = it.next()?.parse().ok()?;
    let m = it.next()?.parse().ok()?;
    let d = it.next()?.get(..2)?.parse().ok()?;
    Some(numbering::format_date(y, m, d, style))
}

/// What a template sees: the document with dates written out and titles cleaned.
#[derive(Serialize)]
pub struct DocumentContext {
    pub title: String,
    /// The title's explicit lines (a title with a line break in the TOML).
    pub title_lines: Vec<String>,
    pub kind: Option<String>,
    pub is_collection: bool,
    /// `suffix` or `prefix`: where 篇N goes in a part heading.
    pub part_heading: PartHeading,
    /// The document's own content (for a collection: its preface and 落款).
    pub doc: BodyContext,
    pub parts: Vec<BodyContext>,
    /// 版头 (`[masthead]`), when the document is a 红头文件.
    pub masthead: Option<MastheadContext>,
    /// 版记 (`[imprint]`), printed at the foot of the last page.
    pub imprint: Option<ImprintContext>,
    /// The documents issued as attachments (`[[attachment]] file = …`), in order,
    /// printed after the 落款 under 附件N; filled by the pipeline, which reads them.
    pub annexes: Vec<AnnexContext>,
}

/// 版头 as printed, top to bottom.
#[derive(Serialize, Default)]
pub struct MastheadContext {
    pub copy_number: Option<String>,
    pub secrecy: Option<String>,
    pub urgency: Option<String>,
    /// 发文机关标志: one line per organ (a joint issue has several).
    pub issuer: Vec<String>,
    pub issuer_suffix: Option<String>,
    pub number: Option<String>,
    /// 签发人 (a 上行文 when not empty).
    pub signers: Vec<String>,
}

/// 版记 as printed.
#[derive(Serialize, Default)]
pub struct ImprintContext {
    /// `抄送：甲，乙。`, or none.
    pub cc: Option<String>,
    pub printed_by: Option<String>,
    /// `2025年1月6日印发`.
    pub printed_on: Option<String>,
}

/// One issued document: its label (`附件1`, or `附件` when it is the only one)
/// and its Markdown, rendered by its own template.
#[derive(Serialize)]
pub struct AnnexContext {
    pub label: String,
    pub title: String,
    pub markdown: String,
}

/// The content shared by a document and each part of a collection.
#[derive(Serialize)]
pub struct BodyContext {
    pub title: String,
    pub subtitle: Option<String>,
    pub organization: Option<String>,
    /// The 成文日期 as printed.
    pub date: Option<String>,
    /// Printed before the date (`时间：`).
    pub date_label: Option<String>,
    /// 主送机关 ending in ：.
    pub addressee: Option<String>,
    /// 附注 in （）.
    pub remark: Option<String>,
    /// The 落款 leaves room for a seal.
    pub seal: bool,
    pub preface: Option<String>,
    pub sections: Vec<SectionContext>,
    pub schedule: Option<ScheduleContext>,
    pub attachments: Vec<String>,
}

#[derive(Serialize)]
pub struct SectionContext {
    pub title: String,
    pub text: Option<String>,
    pub items: Vec<String>,
    pub sections: Vec<SectionContext>,
}

#[derive(Serialize)]
pub struct ScheduleContext {
    /// The line above the table; 月份工作安排 when the input gives none.
    pub title: String,
    pub columns: [String; 2],
    pub entries: Vec<EntryContext>,
}

#[derive(Serialize)]
pub struct EntryContext {
    pub when: String,
    pub items: Vec<String>,
}

impl DocumentContext {
    /// Builds the template context of a checked document.
    pub fn new(doc: &Document) -> DocumentContext {
        let style = doc.style.date_style();
        let title = doc.title.get_ref().trim().to_string();
        let title_lines = title.lines().map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect();
        let body = BodyContext {
            title: title.clone(),
            subtitle: doc.subtitle.clone(),
            organization: doc.organization.clone(),
            date: doc.date.as_ref().and_then(|d| date_text(&d.get_ref().to_string(), style)),
            date_label: doc.date_label.clone(),
            addressee: doc.addressee.as_deref().and_then(addressee),
            remark: doc.remark.as_deref().and_then(remark),
            seal: doc.seal.unwrap_or(false),
            preface: doc.preface.clone(),
            sections: sections(&doc.section),
            schedule: doc.schedule.as_ref().map(schedule),
            attachments: doc.attachment.iter().map(attachment_name).collect(),
        };
        DocumentContext {
            title,
            title_lines,
            kind: doc.kind.as_ref().map(|k| k.get_ref().clone()),
            is_collection: doc.is_collection(),
            part_heading: doc.style.part_heading(),
            doc: body,
            parts: doc.part.iter().map(|p| part(p, style)).collect(),
            masthead: doc.masthead.as_ref().map(masthead),
            imprint: doc.imprint.as_ref().map(|i| imprint(i, style)),
            annexes: Vec::new(),
        }
    }
}

fn masthead(m: &crate::input::Masthead) -> MastheadContext {
    let text = |s: &Option<String>| s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
    MastheadContext {
        copy_number: text(&m.copy_number.as_ref().map(|c| c.get_ref().clone())),
        secrecy: text(&m.secrecy),
        urgency: text(&m.urgency),
        issuer: m.issuer.as_ref().map(|n| n.list()).unwrap_or_default(),
        issuer_suffix: text(&m.issuer_suffix),
        number: text(&m.number.as_ref().map(|n| n.get_ref().clone())),
        signers: m.signers.as_ref().map(|n| n.list()).unwrap_or_default(),
    }
}

fn imprint(i: &crate::input::Imprint, style: DateStyle) -> ImprintContext {
    let cc = i.cc.as_ref().map(|n| n.list()).filter(|l| !l.is_empty()).map(|l| {
        let names = l.join("，");
        let names = names.trim_end_matches(['。', '.', '，', ',']);
        format!("抄送：{names}。")
    });
    ImprintContext {
        cc,
        printed_by: i.printed_by.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string),
        printed_on: i
            .printed_on
            .as_ref()
            .and_then(|d| date_text(&d.get_ref().to_string(), style))
            .map(|d| format!("{d}印发")),
    }
}

/// `各中小学工会` → `各中小学工会：` (the full-width colon GB/T 9704 §7.3.2 ends it with).
fn addressee(s: &str) -> Option<String> {
    let s = s.trim().trim_end_matches([':', '：']);
    (!s.is_empty()).then(|| format!("{s}："))
}

/// `联系人：张三` → `（联系人：张三）`; already in （）: as it is.
fn remark(s: &str) -> Option<String> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if s.starts_with('（') && s.ends_with('）') {
        return Some(s.to_string());
    }
    let inner = s.trim_start_matches(['（', '(']).trim_end_matches(['）', ')']);
    Some(format!("（{inner}）"))
}

/// The name an attachment has in the 附件说明: its title, else its file's name
/// (until [`to_markdown_with`] puts the issued document's own title in).
fn attachment_name(a: &crate::input::Attachment) -> String {
    match (&a.title, &a.file) {
        (Some(t), _) if !t.trim().is_empty() => t.trim().to_string(),
        (_, Some(f)) => Path::new(f.get_ref())
            .file_stem()
            .map_or_else(|| f.get_ref().clone(), |s| s.to_string_lossy().into_owned()),
        _ => String::new(),
    }
}

fn part(p: &Part, style: DateStyle) -> BodyContext {
    BodyContext {
        title: p.title.get_ref().trim().to_string(),
        subtitle: p.subtitle.clone(),
        organization: p.organization.clone(),
        date: p.date.as_ref().and_then(|d| date_text(&d.get_ref().to_string(), style)),
        date_label: p.date_label.clone(),
        addressee: p.addressee.as_deref().and_then(addressee),
        remark: p.remark.as_deref().and_then(remark),
        seal: p.seal.unwrap_or(false),
        preface: p.preface.clone(),
        sections: sections(&p.section),
        schedule: p.schedule.as_ref().map(schedule),
        attachments: p.attachment.iter().map(attachment_name).collect(),
    }
}

fn sections(list: &[Section]) -> Vec<SectionContext> {
    list.iter()
        .map(|s| SectionContext {
            title: s.title.get_ref().trim().to_string(),
            text: s.text.clone(),
            items: s.items.clone(),
            sections: sections(&s.section),
        })
        .collect()
}

fn schedule(s: &Schedule) -> ScheduleContext {
    ScheduleContext {
        title: s.title.clone().unwrap_or_else(|| "月份工作安排".to_string()),
        columns: s.columns.clone().unwrap_or_else(|| ["时间".to_string(), "工作要点".to_string()]),
        entries: s
            .entry
            .iter()
            .map(|e| EntryContext { when: e.when.clone(), items: e.items.clone() })
            .collect(),
    }
}

/// The template a document uses: `<kind>.md.tera` when there is one.
pub fn template_for(doc: &Document, templates: &Templates) -> String {
    if let Some(kind) = &doc.kind {
        let name = format!("{}.md.tera", kind.get_ref());
        if templates.has(&name) {
            return name;
        }
    }
    DOCUMENT_TEMPLATE.to_string()
}

/// A warning when `kind` names no template (the default one is used).
pub fn kind_warning(loaded: &Loaded, templates: &Templates) -> Option<Diagnostic> {
    let kind = loaded.document.kind.as_ref()?;
    let known = ["plan", "summary", "collection"];
    let name = format!("{}.md.tera", kind.get_ref());
    if templates.has(&name) || known.contains(&kind.get_ref().as_str()) {
        return None;
    }
    Some(
        Diagnostic::warning(format!(
            "no template `{name}` for kind \"{}\"; the default template is used",
            kind.get_ref()
        ))
        .at(&loaded.path, &loaded.source, kind.span())
        .with_help(
            "put a `templates/<kind>.md.tera` next to the input, or use kind = \"plan\" or \"summary\"",
        ),
    )
}

/// Renders a loaded document to Markdown.
pub fn to_markdown(loaded: &Loaded, templates: &Templates) -> Result<String, Report> {
    to_markdown_with(loaded, templates, Vec::new())
}

/// Renders a loaded notice to Markdown with the documents it issues: each
/// `(i, annex)` is the document of its `i`-th `[[attachment]]`, whose title, when
/// the attachment gives none, is the one the 附件说明 prints.
pub(crate) fn to_markdown_with(
    loaded: &Loaded,
    templates: &Templates,
    annexes: Vec<(usize, AnnexContext)>,
) -> Result<String, Report> {
    let mut context = DocumentContext::new(&loaded.document);
    for (i, annex) in annexes {
        let untitled = loaded
            .document
            .attachment
            .get(i)
            .is_some_and(|a| a.title.as_deref().is_none_or(|t| t.trim().is_empty()));
        if let (true, Some(name)) = (untitled, context.doc.attachments.get_mut(i)) {
            name.clone_from(&annex.title);
        }
        context.annexes.push(annex);
    }
    let raw = templates.render(&template_for(&loaded.document, templates), &context)?;
    Ok(tidy_markdown(&raw))
}

/// Collapses runs of blank lines the template left and ends with one newline.
fn tidy_markdown(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut blank = 0;
    for line in raw.lines() {
        if line.trim().is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() && blank > 0 {
            out.push('\n');
        }
        blank = 0;
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_keeps_chinese_and_guards_markup() {
        assert_eq!(escape_markdown("附：__小学20__年", Escape::Value), "附：\\_\\_小学20\\_\\_年");
        assert_eq!(escape_markdown("a*b* {x}", Escape::Value), "a\\*b\\* \\{x\\}");
        assert_eq!(escape_markdown("工会（二）", Escape::Value), "工会（二）");
    }

    #[test]
    fn dates_from_toml_text() {
        assert_eq!(date_text("2023-12-28", DateStyle::Arabic).as_deref(), Some("2023年12月28日"));
        assert_eq!(date_text("2024-03-05", DateStyle::Chinese).as_deref(), Some("二〇二四年三月五日"));
    }

    #[test]
    fn a_schedule_without_title_gets_the_default_heading() {
        let src = "title = \"计划\"\n[schedule]\n[[schedule.entry]]\nwhen = \"二月\"\nitems = [\"开会\"]\n";
        let loaded = crate::input::parse(std::path::Path::new("t.toml"), src.as_bytes()).unwrap();
        let md = to_markdown(&loaded, &Templates::load(None).unwrap()).unwrap();
        assert!(md.contains("###### 月份工作安排 {.schedule}"), "{md}");
        assert!(md.contains("| 二月 | 1. 开会 |"), "{md}");
    }

    #[test]
    fn blank_runs_collapse() {
        assert_eq!(tidy_markdown("a\n\n\n\nb\n  \n"), "a\n\nb\n");
    }
}
