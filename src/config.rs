//! Config: the `wengao.toml` files of a folder tree → settings for each document.
//!
//! In: the root folder of a build and a document's folder. Out: a [`Chain`]: the
//! `[defaults]` of every `wengao.toml` from the root down to that folder, merged so
//! that the nearest file wins, the `[build]` settings (`formats`, `out`) likewise,
//! and the files themselves (their text feeds the incremental build's hashes).
//! Errors in a `wengao.toml` point at that file. Each folder is read once.

use crate::diagnostics::{Diagnostic, Report};
use crate::format::Format;
use crate::input::{check_date, Defaults};
use crate::text::decode_utf8;
use crate::validate::{self, toml_error, Contract};
use schemars::JsonSchema;
use serde::Deserialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use toml::Spanned;

/// The name of the settings file.
pub const FILE_NAME: &str = "wengao.toml";

/// A `wengao.toml` file.
#[derive(Deserialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    defaults: Defaults,
    #[serde(default)]
    build: BuildSettings,
}

/// `[build]`: how the documents below this file are built.
#[derive(Deserialize, Default, Clone, Debug, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BuildSettings {
    /// Formats to write: any of "md", "html", "pdf", "docx".
    #[schemars(with = "Option<Vec<Format>>")]
    pub formats: Option<Vec<Spanned<String>>>,
    /// Output folder, relative to this wengao.toml.
    pub out: Option<PathBuf>,
}

/// Everything the wengao.toml files above a document say.
#[derive(Default, Debug)]
pub struct Chain {
    pub defaults: Defaults,
    pub formats: Option<Vec<Format>>,
    /// The output folder and the folder the outputs mirror from (the wengao.toml's).
    pub out: Option<(PathBuf, PathBuf)>,
    /// The files of the chain with their text, farthest first.
    pub files: Vec<(PathBuf, String)>,
}

/// Reads wengao.toml files below a root, once per folder.
pub struct Configs {
    root: PathBuf,
    chains: HashMap<PathBuf, Arc<Chain>>,
}

impl Configs {
    pub fn new(root: &Path) -> Configs {
        Configs { root: root.to_path_buf(), chains: HashMap::new() }
    }

    /// The merged settings for documents in `dir` (a folder at or below the root).
    pub fn chain_for(&mut self, dir: &Path) -> Result<Arc<Chain>, Report> {
        if let Some(c) = self.chains.get(dir) {
            return Ok(c.clone());
        }
        let parent = if dir == self.root || !dir.starts_with(&self.root) {
            Arc::new(Chain::default())
        } else {
            match dir.parent() {
                Some(p) => self.chain_for(p)?,
                None => Arc::new(Chain::default()),
            }
        };
        let file = dir.join(FILE_NAME);
        let chain = if file.is_file() { Arc::new(extend(&parent, &file)?) } else { parent };
        self.chains.insert(dir.to_path_buf(), chain.clone());
        Ok(chain)
    }
}

/// The JSON Schema of `wengao.toml` (draft-07).
pub fn json_schema() -> String {
    let generator = schemars::generate::SchemaSettings::draft07().into_generator();
    let schema = generator.into_root_schema_for::<ConfigFile>();
    serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
}

fn contract() -> &'static Contract {
    static CONTRACT: std::sync::OnceLock<Contract> = std::sync::OnceLock::new();
    CONTRACT.get_or_init(|| Contract::new(&json_schema()))
}

/// `parent` with the settings of `file` on top.
fn extend(parent: &Chain, file: &Path) -> Result<Chain, Report> {
    let bytes = crate::files::read(file).map_err(|e| Report {
        diagnostics: vec![Diagnostic::error(format!("cannot read {}: {e}", file.display()))],
    })?;
    let source = decode_utf8(file, &bytes)?;
    // Every problem at once, worded as for documents (the same schema walk).
    let problems = validate::problems(file, &source, contract());
    if !problems.is_empty() {
        return Err(Report { diagnostics: problems });
    }
    let parsed: ConfigFile =
        toml::from_str(&source).map_err(|e| Report { diagnostics: vec![toml_error(file, &source, &e)] })?;
    let mut report = Report::default();
    check_date(parsed.defaults.date.as_ref(), file, &source, &mut report);
    let formats = parsed.build.formats.map(|names| {
        let mut formats = Vec::new();
        for name in names {
            match name.get_ref().parse::<Format>() {
                Ok(f) => formats.push(f),
                Err(why) => report.push(Diagnostic::error(why).at(file, &source, name.span()).with_help(
                    "write the formats as a list, e.g. `formats = [\"md\", \"html\", \"pdf\", \"docx\"]`",
                )),
            }
        }
        formats
    });
    if report.has_errors() {
        return Err(report);
    }
    let base = file.parent().unwrap_or(Path::new("."));
    let mut defaults = parsed.defaults;
    defaults.style.resolve_paths(file, &source);
    parent.defaults.merge_under(&mut defaults);
    let mut files = parent.files.clone();
    files.push((file.to_path_buf(), source));
    Ok(Chain {
        defaults,
        formats: formats.or_else(|| parent.formats.clone()),
        out: parsed.build.out.map(|o| (base.join(o), base.to_path_buf())).or_else(|| parent.out.clone()),
        files,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearer_files_win_and_errors_point_at_the_file() {
        let root = std::env::temp_dir().join(format!("wengao-config-{}", std::process::id()));
        let inner = root.join("a/b");
        std::fs::create_dir_all(&inner).unwrap();
        std::fs::write(
            root.join(FILE_NAME),
            "[defaults]\norganization = \"区工会\"\ndate = 2023-12-28\n[build]\nformats = [\"md\"]\n",
        )
        .unwrap();
        std::fs::write(inner.join(FILE_NAME), "[defaults]\norganization = \"某小学工会\"\n").unwrap();
        let mut configs = Configs::new(&root);
        let chain = configs.chain_for(&inner).unwrap();
        assert_eq!(chain.defaults.organization.as_deref(), Some("某小学工会"));
        assert_eq!(chain.defaults.date.as_ref().unwrap().get_ref().to_string(), "2023-12-28");
        assert_eq!(chain.formats, Some(vec![Format::Md]));
        assert_eq!(chain.files.len(), 2);
        std::fs::write(inner.join(FILE_NAME), "[defaults]\norganisation = \"x\"\n").unwrap();
        let err = Configs::new(&root).chain_for(&inner).unwrap_err().to_string();
        assert!(err.contains("b/wengao.toml:2:1"), "{err}");
        assert!(err.contains("did you mean `organization`"), "{err}");
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn a_settings_file_gets_every_problem_at_once_from_the_schema_walk() {
        let root = std::env::temp_dir().join(format!("wengao-config-walk-{}", std::process::id()));
        std::fs::create_dir_all(&root).unwrap();
        std::fs::write(
            root.join(FILE_NAME),
            "[defaults]\norganisation = \"x\"\ndate = \"2024-01-01\"\n[build]\nformats = \"pdf\"\noutput = \"o\"\n",
        )
        .unwrap();
        let err = Configs::new(&root).chain_for(&root).unwrap_err();
        let text = err.to_string();
        assert_eq!(err.diagnostics.len(), 4, "{text}");
        std::fs::write(root.join(FILE_NAME), "[build]\nformats = [\"PDF\", \"rtf\"]\n").unwrap();
        let err = Configs::new(&root).chain_for(&root).unwrap_err().to_string();
        assert!(err.contains("unknown format `rtf`") && err.contains("wengao.toml:2:19"), "{err}");
        assert!(!err.contains("syntax"), "{err}");
        for want in [
            "wengao.toml:2:1",
            "did you mean `organization`",
            "wengao.toml:3:8",
            "expected a date",
            "wengao.toml:5:11",
            "expected a list",
            "wengao.toml:6:1",
            "unknown key `output`",
        ] {
            assert!(text.contains(want), "missing {want:?} in\n{text}");
        }
        std::fs::remove_dir_all(&root).unwrap();
    }
}
