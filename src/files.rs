//! Reading a file a user named: only a regular file, and not beyond a size.
//!
//! In: a path from the user's input (a document, a picture, an issued document, a
//! template, a settings or font file). Out: its bytes, or an `io::Error` that says
//! why not. A path to a device (`/dev/zero`), a pipe or a folder is refused before
//! it is opened — reading one would never end or would fill the memory — and so is
//! a file larger than [`MAX_BYTES`].

use std::io::{Error, ErrorKind, Read};
use std::path::Path;

/// The largest file wengao reads: far above any document, photo or font.
pub const MAX_BYTES: u64 = 1 << 30;

/// The bytes of the regular file at `path` (links followed).
pub fn read(path: &Path) -> std::io::Result<Vec<u8>> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        let what = if meta.is_dir() { "a folder" } else { "not a regular file (a device or a pipe)" };
        return Err(Error::new(ErrorKind::InvalidInput, what));
    }
    if meta.len() > MAX_BYTES {
        return Err(Error::new(ErrorKind::InvalidInput, format!("larger than {} MiB", MAX_BYTES >> 20)));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path)?.take(MAX_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(Error::new(ErrorKind::InvalidInput, format!("larger than {} MiB", MAX_BYTES >> 20)));
    }
    Ok(bytes)
}

/// [`read`] as UTF-8 text.
pub fn read_to_string(path: &Path) -> std::io::Result<String> {
    String::from_utf8(read(path)?).map_err(|e| Error::new(ErrorKind::InvalidData, e.utf8_error()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_and_folders_are_refused_without_reading() {
        #[cfg(unix)]
        {
            let e = read(Path::new("/dev/zero")).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::InvalidInput);
            assert!(e.to_string().contains("not a regular file"), "{e}");
        }
        let e = read(&std::env::temp_dir()).unwrap_err();
        assert!(e.to_string().contains("a folder"), "{e}");
        let file = std::env::temp_dir().join(format!("wengao-files-{}.txt", std::process::id()));
        std::fs::write(&file, "计划").unwrap();
        assert_eq!(read_to_string(&file).unwrap(), "计划");
        std::fs::remove_file(&file).ok();
    }
}
