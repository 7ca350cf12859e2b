//! Build record: which outputs of an output folder are up to date.
//!
//! In: an output folder. Out: its record (`.wengao-cache`): for every output the
//! hash of everything it was made from and the input it came from; and back, the
//! record's text. The file is written atomically, under the folder's
//! [`crate::output::FolderLock`]. A record that cannot be trusted — empty, cut
//! short, of an older format, or not wengao's — is read as no record at all (every
//! document is rebuilt) with a one-line note: it can cost time, never a skipped
//! change.
//!
//! ```text
//! wengao-cache 2
//! <hash, 32 hex digits>\t<output, relative to the folder>\t<input, absolute>
//! end <number of entries>
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The name of the record in each output folder.
pub const CACHE_FILE: &str = ".wengao-cache";

/// The record's first line; the number changes with the format.
const HEADER: &str = "wengao-cache 2";

/// Output path → (hash of its inputs, input path).
pub type Entries = BTreeMap<PathBuf, (u128, PathBuf)>;

/// The record of `out_root`; empty when there is none or it cannot be trusted, in
/// which case a note says so on standard error.
pub fn read(out_root: &Path) -> Entries {
    let path = out_root.join(CACHE_FILE);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Entries::new(),
        Err(e) => {
            eprintln!("note: cannot read the build record {} ({e}); rebuilding everything", path.display());
            return Entries::new();
        }
    };
    match parse(&bytes, out_root) {
        Ok(entries) => entries,
        Err(why) => {
            eprintln!("note: the build record {} is {why}; rebuilding everything", path.display());
            Entries::new()
        }
    }
}

/// Reads a record's bytes; `Err` says what is wrong with it.
pub fn parse(bytes: &[u8], out_root: &Path) -> Result<Entries, &'static str> {
    let text = std::str::from_utf8(bytes).map_err(|_| "not a wengao build record")?;
    let mut lines = text.lines();
    match lines.next() {
        None => return Err("empty"),
        Some(HEADER) => {}
        Some(first) if first.starts_with("wengao-cache ") => return Err("of another wengao version"),
        Some(first) if first.split('\t').count() == 3 => return Err("of an older format"),
        Some(_) => return Err("not a wengao build record"),
    }
    let mut entries = Entries::new();
    for line in lines {
        if let Some(count) = line.strip_prefix("end ") {
            return match count.parse::<usize>() {
                Ok(n) if n == entries.len() => Ok(entries),
                _ => Err("damaged (its entry count does not match)"),
            };
        }
        let mut fields = line.split('\t');
        let (Some(hash), Some(output), Some(input), None) =
            (fields.next(), fields.next(), fields.next(), fields.next())
        else {
            return Err("damaged (a line is not hash, output, input)");
        };
        let hash = u128::from_str_radix(hash, 16).map_err(|_| "damaged (a hash is not a number)")?;
        entries.insert(out_root.join(output), (hash, PathBuf::from(input)));
    }
    Err("cut short (its last line is missing)")
}

/// The text of a record for `out_root`.
pub fn render(entries: &Entries, out_root: &Path) -> String {
    let mut text = format!("{HEADER}\n");
    for (output, (hash, input)) in entries {
        let rel = output.strip_prefix(out_root).unwrap_or(output);
        text.push_str(&format!("{hash:032x}\t{}\t{}\n", rel.display(), input.display()));
    }
    text.push_str(&format!("end {}\n", entries.len()));
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_reads_back_as_written() {
        let root = Path::new("/o");
        let mut entries = Entries::new();
        entries.insert(root.join("a/b.pdf"), (0xabc, PathBuf::from("/in/a/b.toml")));
        entries.insert(root.join("c.md"), (u128::MAX, PathBuf::from("/in/c.toml")));
        let text = render(&entries, root);
        assert_eq!(parse(text.as_bytes(), root), Ok(entries));
    }

    #[test]
    fn an_untrustworthy_record_is_refused_with_the_reason() {
        let root = Path::new("/o");
        let good = format!("{HEADER}\n{:032x}\ta.pdf\t/in/a.toml\nend 1\n", 7);
        let cut = &good[..good.len() - 6];
        let miscounted = good.replace("end 1", "end 2");
        let short_line = good.replace("\ta.pdf", "");
        let cases: [(&[u8], &str); 8] = [
            (b"", "empty"),
            (b"\xff\xfe", "not a wengao build record"),
            (b"<html>", "not a wengao build record"),
            (b"0000\ta.pdf\t/in/a.toml\n", "of an older format"),
            (b"wengao-cache 9\nend 0\n", "of another wengao version"),
            (cut.as_bytes(), "cut short (its last line is missing)"),
            (miscounted.as_bytes(), "damaged (its entry count does not match)"),
            (short_line.as_bytes(), "damaged (a line is not hash, output, input)"),
        ];
        for (bytes, why) in cases {
            assert_eq!(parse(bytes, root), Err(why), "{}", String::from_utf8_lossy(bytes));
        }
    }
}
