//! Output: writes finished files atomically.
//!
//! In: a path and the bytes that belong there. Out: the file on disk, replaced in
//! one step — the bytes go to a temporary file in the same folder, are flushed to
//! disk, and the temporary file is renamed over the target. A failed or killed
//! build therefore never leaves a truncated file and never destroys the previous
//! good output.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` atomically, creating parent folders as needed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&dir)?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("output");
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_in_one_step_and_leaves_no_temp_file() {
        let dir = std::env::temp_dir().join(format!("wengao-output-{}", std::process::id()));
        let target = dir.join("sub/a.md");
        write_atomic(&target, b"old").unwrap();
        write_atomic(&target, b"new").unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"new");
        let leftovers: Vec<_> = fs::read_dir(dir.join("sub")).unwrap().collect();
        assert_eq!(leftovers.len(), 1);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_failed_write_keeps_the_old_file() {
        let dir = std::env::temp_dir().join(format!("wengao-output-fail-{}", std::process::id()));
        let target = dir.join("a.md");
        write_atomic(&target, b"good").unwrap();
        // A folder where the temp file should go makes the write fail.
        let blocker = dir.join(format!(".a.md.{}.tmp", std::process::id()));
        fs::create_dir_all(&blocker).unwrap();
        assert!(write_atomic(&target, b"bad").is_err());
        assert_eq!(fs::read(&target).unwrap(), b"good");
        fs::remove_dir_all(&dir).unwrap();
    }
}
