//! `wengao import FILE... [-o OUT.toml | -o DIR]`: the command around [`super::import`].
//!
//! In: the files and the output. Out: one TOML per input (beside it, in DIR, or
//! OUT.toml for a single input), never over an existing file; for each, a summary
//! line, the guesses and the lines that could not be placed (with `--explain`,
//! what each paragraph became and why); a DOCX's pictures in a folder beside the
//! TOML named after it (`F.toml` → `F/image1.png`, a free name when one exists);
//! the exit code (0, 1 for a file that cannot be imported or an output that
//! exists, 2 when writing failed).

use super::{import_as, pictures_dir, Source};
use crate::diagnostics::{Diagnostic, Report};
use crate::output::write_new;
use crate::status::Status;
use std::path::{Path, PathBuf};

/// Where the TOML of `input` goes.
fn target(input: &Path, out: Option<&Path>, many: bool) -> Result<PathBuf, Box<Diagnostic>> {
    let name = input.with_extension("toml");
    let name = name.file_name().unwrap_or_default();
    match out {
        None => Ok(input.with_extension("toml")),
        Some(o) if o.is_dir() || o.to_string_lossy().ends_with(['/', '\\']) => Ok(o.join(name)),
        Some(o) if many => Err(Box::new(
            Diagnostic::error(format!("-o {} names one file, but several inputs were given", o.display()))
                .with_help("give a folder with -o when importing several files"),
        )),
        Some(o) => Ok(o.to_path_buf()),
    }
}

/// Runs the command.
pub fn run(inputs: &[PathBuf], out: Option<&Path>, explain: bool) -> Status {
    let mut code = Status::Ok;
    for input in inputs {
        let fail = |d: Diagnostic, code: &mut Status, level: Status| {
            eprint!("{}", Report::from(d));
            *code = code.and(level);
        };
        if Source::of(input).is_none() {
            let d = Diagnostic::error(format!(
                "cannot import {}: wengao imports .docx, .md and .txt files",
                input.display()
            ))
            .with_help("a .doc or .wps file: open it in Word or WPS and save it as .docx first");
            fail(d, &mut code, Status::InputErrors);
            continue;
        }
        let bytes = match crate::files::read(input) {
            Ok(b) => b,
            Err(e) => {
                fail(
                    Diagnostic::error(format!("cannot read {}: {e}", input.display())),
                    &mut code,
                    Status::InputErrors,
                );
                continue;
            }
        };
        let toml = match target(input, out, inputs.len() > 1) {
            Ok(t) => t,
            Err(d) => {
                fail(*d, &mut code, Status::InputErrors);
                return code;
            }
        };
        let mut imported = match import_as(input, &bytes, &pictures_dir(&toml)) {
            Ok(i) => i,
            Err(report) => {
                eprint!("{report}");
                code = code.and(Status::InputErrors);
                continue;
            }
        };
        let pictures = free_names(&toml, &mut imported);
        match write_new(&toml, imported.toml.as_bytes()) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                let d = Diagnostic::error(format!("{} already exists", toml.display())).with_help(
                    "wengao never overwrites a file: move it away, or name another output with -o",
                );
                fail(d, &mut code, Status::InputErrors);
                continue;
            }
            Err(e) => {
                fail(
                    Diagnostic::error(format!("cannot write {}: {e}", toml.display())),
                    &mut code,
                    Status::Internal,
                );
                continue;
            }
        }
        for (path, bytes) in &pictures {
            let written =
                path.parent().map_or(Ok(()), std::fs::create_dir_all).and_then(|()| write_new(path, bytes));
            if let Err(e) = written {
                fail(
                    Diagnostic::error(format!("cannot write {}: {e}", path.display())),
                    &mut code,
                    Status::Internal,
                );
            }
        }
        let s = &imported.summary;
        eprintln!("imported {} → {}: {s}", input.display(), toml.display());
        if let Some((first, _)) = pictures.first() {
            let dir = first.parent().unwrap_or(first);
            eprintln!("  {} pictures written to {}", pictures.len(), dir.display());
        }
        if explain {
            for (at, what) in &imported.explain {
                eprintln!("  paragraph {at}: {what}");
            }
        }
        for (at, note) in &s.notes {
            if *at > 0 {
                eprintln!("  {}: line {at}: {note}", if note.starts_with("猜测") { "guess" } else { "note" });
            } else {
                eprintln!("  note: {note}");
            }
        }
        for (at, text) in &s.unplaced {
            let short: String = text.chars().take(40).collect();
            eprintln!("  not placed: line {at}: {short}");
        }
    }
    code
}

/// Where each picture of `imported` goes beside `toml`: its own name, or the
/// first free `NAME-2.png`, `NAME-3.png` … (the TOML's references follow).
fn free_names(toml: &Path, imported: &mut super::Imported) -> Vec<(PathBuf, Vec<u8>)> {
    let base = toml.parent().unwrap_or(Path::new(""));
    let mut out = Vec::new();
    for (rel, bytes) in std::mem::take(&mut imported.pictures) {
        let mut path = base.join(&rel);
        let mut name = rel.clone();
        let mut n = 1;
        while path.exists() || out.iter().any(|(p, _)| *p == path) {
            n += 1;
            let (stem, ext) = rel.rsplit_once('.').unwrap_or((&rel, ""));
            name = if ext.is_empty() { format!("{stem}-{n}") } else { format!("{stem}-{n}.{ext}") };
            path = base.join(&name);
        }
        if name != rel {
            for (open, close) in [("](", ")"), ("](<", ">)")] {
                imported.toml =
                    imported.toml.replace(&format!("{open}{rel}{close}"), &format!("{open}{name}{close}"));
            }
        }
        out.push((path, bytes));
    }
    out
}
