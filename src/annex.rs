//! Annex: a 印发通知's `[[attachment]] file = …` → the documents it issues.
//!
//! In: a loaded notice and the [`Scope`] of its project (the root the
//! `wengao.toml` chains and `templates/` folders are looked up to, and
//! `--templates`). Out: one [`Issued`] per attachment that names a file, in order:
//! the document read exactly as its own build reads it (a `.toml`, or a `.docx`,
//! `.md`, `.txt` imported; the `wengao.toml` chain and the nearest `templates/` of
//! its own folder, as [`Project`] decides), without a 版头 or 版记 (the notice
//! carries those), with its label — `附件` when the notice has one attachment,
//! else `附件N` by its place in the 附件说明 (GB/T 9704 §7.3.4, §7.3.7 number only
//! several) — and the prefix its anchors get (`fj1-`). Errors: a file that is not
//! there (at the `file =` value, naming the path looked for), a document that
//! cannot be read (its own errors, then the `file =` that issued it), and an
//! issued document that issues documents itself (at its own `file =` value: one
//! level only, so there are no cycles).
//!
//! The text side: [`prefix_anchors`] keeps the issued Markdown's `{#id}` and
//! `(#id)` apart from the notice's (one HTML page, one PDF outline), and
//! [`named_files`] lists the files a notice's source names, for the build cache.

use crate::diagnostics::{Diagnostic, Report};
use crate::input::{Attachment, Loaded};
use crate::markdown::OPTIONS;
use crate::project::{self, lexical, Entry, Project};
use crate::render::Templates;
use pulldown_cmark::{Event, Parser, Tag};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where issued documents find their settings and templates.
#[derive(Clone, Debug)]
pub struct Scope {
    /// The project root (a build's or collect's folder); a file outside it is
    /// looked up from its own folder only.
    pub root: PathBuf,
    /// `--templates`: one template folder for every document.
    pub templates: Option<PathBuf>,
}

impl Scope {
    /// The scope of a document built on its own: its folder is the root.
    pub fn of(path: &Path) -> Scope {
        let root = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        Scope { root: root.to_path_buf(), templates: None }
    }
}

/// One issued document, read and ready to render.
pub struct Issued {
    /// The document, defaults applied, its 版头 and 版记 taken off.
    pub loaded: Loaded,
    pub templates: Arc<Templates>,
    /// Its place in the notice's `[[attachment]]` list (0-based).
    pub index: usize,
    /// `附件` or `附件N`.
    pub label: String,
    /// Put before each of its anchors: `fj1-`.
    pub prefix: String,
}

/// The title an issued document has in the 附件说明: its title on one line.
pub fn title_of(loaded: &Loaded) -> String {
    loaded.document.title.get_ref().lines().map(str::trim).collect::<String>()
}

/// The projects issued files are looked up in: the scope's, or for a file
/// outside it, one opened on the file (its own folder only).
struct Lookup {
    root: PathBuf,
    options: project::Options,
    within: Option<Project>,
}

impl Lookup {
    fn new(scope: &Scope) -> Lookup {
        let options = project::Options { templates: scope.templates.clone(), ..project::Options::default() };
        let within = Project::open(&scope.root, options.clone()).ok();
        Lookup { root: lexical(&scope.root), options, within }
    }

    /// The entry of `path` and its templates, as its own build finds them.
    fn find(&mut self, path: &Path) -> Result<(Entry, Result<Arc<Templates>, Report>), Report> {
        let mut outside;
        let project = match self.within.as_mut().filter(|_| lexical(path).starts_with(&self.root)) {
            Some(p) => p,
            None => {
                outside = Project::open(path, self.options.clone())?;
                &mut outside
            }
        };
        let entry = project.entry(path.to_path_buf());
        let templates = project.templates(entry.templates.as_deref()).map_err(|r| Report::clone(&r));
        Ok((entry, templates))
    }
}

/// Reads the documents a notice issues (none when no attachment names a file),
/// with the warnings met: a part of a collection prints no issued document (a
/// collected notice's 附件说明 still names it).
pub fn read(notice: &Loaded, scope: &Scope) -> Result<(Vec<Issued>, Vec<Diagnostic>), Report> {
    let doc = &notice.document;
    let mut report = Report::default();
    let mut warnings = Vec::new();
    for file in doc.part.iter().flat_map(|p| &p.attachment).filter_map(|a| a.file.as_ref()) {
        let d = Diagnostic::warning(format!(
            "a part of a collection prints no issued document: {} is named in its 附件说明, not printed",
            file.get_ref()
        ))
        .with_help("build the notice on its own (or as `wengao collect DIR --cover NOTICE.toml`) to print the document it issues; in a collection, give the attachment a `title`");
        // A collected document's spans are in its own file, not in the collection.
        warnings.push(if notice.source.is_empty() {
            d
        } else {
            d.at(&notice.path, &notice.source, file.span())
        });
    }
    let wanted: Vec<(usize, &Attachment)> =
        doc.attachment.iter().enumerate().filter(|(_, a)| a.file.is_some()).collect();
    if wanted.is_empty() {
        return Ok((Vec::new(), warnings));
    }
    let folder = notice.path.parent().unwrap_or(Path::new(""));
    let mut lookup = Lookup::new(scope);
    let mut out = Vec::new();
    for (index, attachment) in wanted {
        let Some(file) = &attachment.file else { continue };
        let path = folder.join(file.get_ref());
        let here = |d: Diagnostic| d.at(&notice.path, &notice.source, file.span());
        if !path.is_file() {
            report.push(here(Diagnostic::error(format!(
                "the issued document {} {}",
                path.display(),
                if path.exists() { "is not a file" } else { "does not exist" }
            )))
            .with_help("`file` is relative to the folder of this file; name a .toml (or a .docx, .md or .txt to import) that exists"));
            continue;
        }
        if lexical(&path) == lexical(&notice.path) {
            report.push(
                here(Diagnostic::error("a notice cannot issue itself")).with_help(
                    "name the document the notice issues (a plan, a 方案) in `file`, not the notice",
                ),
            );
            continue;
        }
        let loaded = lookup.find(&path).and_then(|(entry, templates)| Ok((entry.load()?, templates?)));
        let (mut loaded, templates) = match loaded {
            Ok(pair) => pair,
            Err(r) => {
                report.diagnostics.extend(r.diagnostics);
                report.push(
                    here(Diagnostic::error(format!(
                        "the issued document {} has errors (above)",
                        path.display()
                    )))
                    .with_help("fix them in that file: it is read here as its own build reads it"),
                );
                continue;
            }
        };
        let nested =
            loaded.document.attachment.iter().chain(loaded.document.part.iter().flat_map(|p| &p.attachment));
        let nested: Vec<_> = nested.filter_map(|a| a.file.as_ref()).collect();
        if let Some(inner) = nested.first() {
            report.push(
                Diagnostic::error(format!(
                    "{} is issued by {} and cannot issue a document itself",
                    path.display(),
                    notice.path.display()
                ))
                .at(&loaded.path, &loaded.source, inner.span())
                .with_help("a notice issues documents one level deep: name this file in the notice's own [[attachment]] list, or give this attachment a `title` only"),
            );
            continue;
        }
        loaded.document.masthead = None;
        loaded.document.imprint = None;
        let n = index + 1;
        let label = if doc.attachment.len() == 1 { "附件".to_string() } else { format!("附件{n}") };
        out.push(Issued { loaded, templates, index, label, prefix: format!("fj{n}-") });
    }
    if report.has_errors() {
        Err(report)
    } else {
        Ok((out, warnings))
    }
}

/// `markdown` with `prefix` put before every anchor it defines (`{#id}` →
/// `{#fj1-id}`) and every in-page link it makes (`(#id)` → `(#fj1-id)`); the
/// rest byte for byte.
pub fn prefix_anchors(markdown: &str, prefix: &str) -> String {
    let mut inserts = Vec::new();
    for (event, range) in Parser::new_ext(markdown, OPTIONS).into_offset_iter() {
        let written = &markdown[range.clone()];
        let at = match event {
            Event::Start(Tag::Heading { id: Some(id), .. }) => {
                let mark = format!("#{id}");
                let close = written.rfind('{').unwrap_or(0);
                written[close..].find(&mark).map(|a| close + a + 1)
            }
            Event::Start(Tag::Link { dest_url, .. }) if dest_url.starts_with('#') => {
                written.rfind(&format!("]({dest_url}")).map(|a| a + 3)
            }
            _ => None,
        };
        if let Some(at) = at {
            inserts.push(range.start + at);
        }
    }
    let mut out = markdown.to_string();
    for at in inserts.into_iter().rev() {
        out.insert_str(at, prefix);
    }
    out
}

/// The footnote labels written in `text` (`[^label]`, cited or defined).
pub fn note_labels(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for part in text.split("[^").skip(1) {
        if let Some((label, _)) = part.split_once(']') {
            if !label.is_empty() && !label.contains(char::is_whitespace) {
                out.insert(label.to_string());
            }
        }
    }
    out
}

/// `markdown` with each footnote label that `taken` holds renamed (a number to
/// the next free number, any other label `label-2`, `-3` …), so that the notice's
/// notes and an annex's stay apart; the labels it ends with are added to `taken`.
pub fn rename_notes(markdown: &str, taken: &mut BTreeSet<String>) -> String {
    let mut found: Vec<(usize, String)> = Vec::new();
    for (event, range) in Parser::new_ext(markdown, OPTIONS).into_offset_iter() {
        let label = match event {
            Event::FootnoteReference(l) | Event::Start(Tag::FootnoteDefinition(l)) => l.to_string(),
            _ => continue,
        };
        if markdown[range.clone()].starts_with(&format!("[^{label}]")) {
            found.push((range.start + 2, label));
        }
    }
    let mine: BTreeSet<&String> = found.iter().map(|(_, l)| l).collect();
    let mut renamed: BTreeMap<String, String> = BTreeMap::new();
    let clashing: Vec<&String> = mine.iter().copied().filter(|l| taken.contains(*l)).collect();
    for label in clashing {
        let free = |n: u64, taken: &BTreeSet<String>| {
            let name = match label.parse::<u64>() {
                Ok(_) => n.to_string(),
                Err(_) => format!("{label}-{n}"),
            };
            (!taken.contains(&name) && !mine.contains(&name)).then_some(name)
        };
        let name = (2..).find_map(|n| free(n, taken)).expect("a free label");
        taken.insert(name.clone());
        renamed.insert(label.clone(), name);
    }
    taken.extend(mine.into_iter().filter(|l| !renamed.contains_key(*l)).cloned());
    let mut out = markdown.to_string();
    for (at, label) in found.iter().rev() {
        if let Some(new) = renamed.get(label) {
            out.replace_range(*at..at + label.len(), new);
        }
    }
    out
}

/// What one issued document's build depends on, for the notice's build record.
pub struct Inputs {
    pub file: PathBuf,
    /// Its bytes (`None`: missing or unreadable).
    pub bytes: Option<Vec<u8>>,
    /// The text of each `wengao.toml` of its chain.
    pub settings: Vec<String>,
    /// [`Templates::fingerprint`] of its templates (0 when they cannot be read).
    pub templates: u128,
}

/// The [`Inputs`] of every document a notice's TOML source issues, found as
/// [`read`] finds them (its pictures are the caller's: see `picture::mentioned`).
pub fn inputs(notice: &Path, source: &[u8], scope: &Scope) -> Vec<Inputs> {
    let files = named_files(notice, source);
    if files.is_empty() {
        return Vec::new();
    }
    let mut lookup = Lookup::new(scope);
    let mut out = Vec::new();
    for file in files {
        let bytes = crate::files::read(&file).ok();
        let (mut settings, mut templates) = (Vec::new(), 0);
        if let (Some(_), Ok((entry, t))) = (&bytes, lookup.find(&file)) {
            if let Ok(chain) = &entry.chain {
                settings = chain.files.iter().map(|(_, text)| text.clone()).collect();
            }
            templates = t.map_or(0, |t| t.fingerprint());
        }
        out.push(Inputs { file, bytes, settings, templates });
    }
    out
}

/// The files the `[[attachment]] file = …` values of a notice's TOML source name,
/// resolved from the notice's folder (nothing when the source is not TOML).
pub fn named_files(notice: &Path, source: &[u8]) -> Vec<PathBuf> {
    let Ok(text) = std::str::from_utf8(source) else { return Vec::new() };
    let Ok(table) = text.parse::<toml::Table>() else { return Vec::new() };
    let folder = notice.parent().unwrap_or(Path::new(""));
    let Some(list) = table.get("attachment").and_then(|a| a.as_array()) else { return Vec::new() };
    list.iter().filter_map(|a| a.get("file")?.as_str()).map(|f| folder.join(f)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_and_in_page_links_get_the_prefix_and_nothing_else_changes() {
        let md = "# 标题 {.title}\n\n- [一、目标](#s-1)\n- [网站](https://a.b/#x)\n\n## 一、目标 {#s-1}\n\n# 篇 {#pian-1 .part}\n\n正文 \\{#not-an-id\\}\n";
        let want = "# 标题 {.title}\n\n- [一、目标](#fj2-s-1)\n- [网站](https://a.b/#x)\n\n## 一、目标 {#fj2-s-1}\n\n# 篇 {#fj2-pian-1 .part}\n\n正文 \\{#not-an-id\\}\n";
        assert_eq!(prefix_anchors(md, "fj2-"), want);
    }

    #[test]
    fn notes_that_the_notice_has_already_are_renamed() {
        let mut taken = note_labels("正文[^1]，又[^甲]。\n\n[^1]: 注一\n[^甲]: 注甲\n");
        let md = "计划[^1][^2]、[^甲]和[^乙]。\n\n[^1]: 一\n\n[^2]: 二\n\n[^甲]: 甲\n\n[^乙]: 乙\n";
        let want = "计划[^3][^2]、[^甲-2]和[^乙]。\n\n[^3]: 一\n\n[^2]: 二\n\n[^甲-2]: 甲\n\n[^乙]: 乙\n";
        assert_eq!(rename_notes(md, &mut taken), want);
        let all: Vec<&str> = taken.iter().map(String::as_str).collect();
        assert_eq!(all, ["1", "2", "3", "乙", "甲", "甲-2"]);
        // A second annex with the same notes continues from there.
        assert!(rename_notes("再[^1]\n\n[^1]: x\n", &mut taken).contains("[^4]"));
    }

    #[test]
    fn the_files_a_notice_names_come_from_its_attachments() {
        let src =
            "title = \"通知\"\n[[attachment]]\nfile = \"a/plan.toml\"\n[[attachment]]\ntitle = \"表\"\n";
        assert_eq!(named_files(Path::new("d/n.toml"), src.as_bytes()), vec![PathBuf::from("d/a/plan.toml")]);
        assert!(named_files(Path::new("n.toml"), b"title = ").is_empty());
    }
}
