//! Output: writes finished files atomically, cleans up after killed builds, and
//! keeps two wengao processes from writing one folder at once.
//!
//! In: a path and the bytes that belong there. Out: the file on disk, replaced in
//! one step — the bytes go to a temporary file in the same folder
//! (`.NAME.wengao-PID-N.tmp`), are flushed to disk, and the temporary file is
//! renamed over the target. A failed or killed build therefore never leaves a
//! truncated file and never destroys the previous good output.
//!
//! A process killed between the two steps leaves its temporary file behind. The
//! first write of a process into a folder — and every build, for each folder it
//! owns, even when nothing needs writing — removes such leftovers: files of
//! wengao's own naming pattern whose writing process is gone — nothing else, ever.
//!
//! [`FolderLock`] is an advisory lock (`.wengao-lock`, `flock`/`LockFileEx` through
//! the standard library) that a build holds on its output folder from reading the
//! build record to writing it back, so that two builds into one folder run one
//! after the other instead of interleaving.

use std::collections::HashSet;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

/// The lock file a build holds in its output folder.
pub const LOCK_FILE: &str = ".wengao-lock";

/// Writes `bytes` to `path` atomically, creating parent folders as needed. A file
/// replaced keeps its permissions (the editor rewrites users' own files).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let temp = write_temp(path, bytes)?;
    if let Ok(old) = fs::metadata(path) {
        let _ = fs::set_permissions(&temp, old.permissions());
    }
    crash_point();
    let result = fs::rename(&temp, path);
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

/// Writes `bytes` to `path` only if no file is there: the bytes are written in
/// full to a temporary file, which is then linked in under the new name — a file
/// that appears meanwhile is never replaced. `ErrorKind::AlreadyExists` when one is
/// there.
pub fn write_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if path.exists() {
        return Err(io::Error::new(io::ErrorKind::AlreadyExists, "the file exists"));
    }
    let temp = write_temp(path, bytes)?;
    let result = match fs::hard_link(&temp, path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(e),
        // A file system without hard links: create the file exclusively.
        Err(_) => {
            OpenOptions::new().write(true).create_new(true).open(path).and_then(|mut f| f.write_all(bytes))
        }
    };
    let _ = fs::remove_file(&temp);
    result
}

/// Writes `bytes` in full to a new temporary file beside `path` (its folder made
/// if needed, leftovers of killed writers swept) and flushes it to disk; returns
/// the temporary file's path. Nothing is left behind when this fails.
fn write_temp(path: &Path, bytes: &[u8]) -> io::Result<PathBuf> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&dir)?;
    sweep_once(&dir);
    static SEQUENCE: AtomicUsize = AtomicUsize::new(0);
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("output");
    let temp = dir.join(temp_name(name, std::process::id(), SEQUENCE.fetch_add(1, Ordering::Relaxed)));
    let result = (|| {
        let mut file = File::create(&temp)?;
        let half = bytes.len() / 2;
        file.write_all(&bytes[..half])?;
        crash_point();
        file.write_all(&bytes[half..])?;
        file.sync_all()
    })();
    match result {
        Ok(()) => Ok(temp),
        Err(e) => {
            let _ = fs::remove_file(&temp);
            Err(e)
        }
    }
}

/// `.doc.pdf.wengao-1234-0.tmp`: the temporary file of `doc.pdf` written by process 1234.
fn temp_name(target: &str, pid: u32, sequence: usize) -> String {
    format!(".{target}.wengao-{pid}-{sequence}.tmp")
}

/// The process that wrote `name`, if `name` is a temporary file of wengao's
/// atomic writer: `.NAME.wengao-PID-N.tmp`, or `.NAME.PID.tmp` as wengao 0.1
/// named them (for its own outputs only, as that pattern is a common one).
pub fn temp_file_writer(name: &str) -> Option<u32> {
    let rest = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (target, tail) = rest.rsplit_once('.')?;
    if target.is_empty() {
        return None;
    }
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if let Some((pid, sequence)) = tail.strip_prefix("wengao-").and_then(|t| t.split_once('-')) {
        return (digits(pid) && digits(sequence)).then(|| pid.parse().ok()).flatten();
    }
    let ours = [".md", ".html", ".pdf", ".docx", ".toml"].iter().any(|x| target.ends_with(x))
        || target == ".wengao-cache";
    (ours && digits(tail)).then(|| tail.parse().ok()).flatten()
}

/// Removes, once per process and folder, the temporary files that killed wengao
/// processes left in `dir`. Returns how many were removed. A build calls it for
/// every folder it owns, also when nothing there needs writing.
pub fn sweep_once(dir: &Path) -> usize {
    static SWEPT: OnceLock<Mutex<HashSet<PathBuf>>> = OnceLock::new();
    let key = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    let first = SWEPT.get_or_init(Default::default).lock().map(|mut s| s.insert(key)).unwrap_or(false);
    if first {
        sweep_leftovers(dir)
    } else {
        0
    }
}

/// Removes the temporary files of wengao's atomic writer in `dir` whose writing
/// process is gone. Any other file stays. Returns how many were removed.
pub fn sweep_leftovers(dir: &Path) -> usize {
    let Ok(entries) = fs::read_dir(dir) else { return 0 };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(temp_file_writer) else { continue };
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        if is_file && !process_is_alive(pid) && fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// Whether process `pid` exists (any owner). Where this cannot be told, it is taken
/// to exist, so its files are kept.
fn process_is_alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else { return false };
        // SAFETY: signal 0 only asks whether the process exists; nothing is sent.
        let answer = unsafe { libc::kill(pid, 0) };
        answer == 0 || io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
    }
    #[cfg(not(unix))]
    {
        true
    }
}

/// Test hook: `WENGAO_TEST_CRASH_AT=N` aborts the process (as abruptly as
/// `kill -9`: no clean-up runs) at the N-th crash point, counting from 0. Each
/// atomic write has two — halfway through the temporary file, and after it is
/// complete but before the rename — so a test can stop a build at every step of
/// every write instead of guessing when to send a signal.
fn crash_point() {
    static AT: OnceLock<Option<usize>> = OnceLock::new();
    static REACHED: AtomicUsize = AtomicUsize::new(0);
    if let Some(at) = *AT.get_or_init(|| std::env::var("WENGAO_TEST_CRASH_AT").ok()?.parse().ok()) {
        if REACHED.fetch_add(1, Ordering::SeqCst) == at {
            std::process::abort();
        }
    }
}

/// An exclusive advisory lock on an output folder, released when dropped.
#[derive(Debug)]
pub struct FolderLock {
    _file: File,
}

impl FolderLock {
    /// Locks `dir` (creating it); if another wengao holds it, says so on standard
    /// error and waits for it.
    pub fn wait_for(dir: &Path) -> io::Result<FolderLock> {
        FolderLock::acquire(dir, || {
            eprintln!("waiting for another wengao that is writing to {} …", dir.display())
        })
    }

    /// Locks `dir` (creating it), waiting for another wengao process that holds
    /// it; `waiting` is called once if it has to wait.
    pub fn acquire(dir: &Path, waiting: impl FnOnce()) -> io::Result<FolderLock> {
        fs::create_dir_all(dir)?;
        let file = OpenOptions::new().create(true).truncate(false).write(true).open(dir.join(LOCK_FILE))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                waiting();
                file.lock()?;
            }
            Err(fs::TryLockError::Error(e)) => return Err(e),
        }
        Ok(FolderLock { _file: file })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("wengao-output-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn replaces_the_file_in_one_step_and_leaves_no_temp_file() {
        let dir = scratch("replace");
        let target = dir.join("sub/a.md");
        write_atomic(&target, b"old").unwrap();
        write_atomic(&target, b"new").unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"new");
        let leftovers: Vec<_> = fs::read_dir(dir.join("sub")).unwrap().collect();
        assert_eq!(leftovers.len(), 1);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_replaced_file_keeps_its_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = scratch("mode");
        let target = dir.join("plan.toml");
        write_atomic(&target, b"old").unwrap();
        fs::set_permissions(&target, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&target, b"new").unwrap();
        assert_eq!(fs::metadata(&target).unwrap().permissions().mode() & 0o777, 0o640);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_failed_write_keeps_the_old_file() {
        let dir = scratch("fail");
        let target = dir.join("a.md");
        write_atomic(&target, b"good").unwrap();
        // Every name the next write could use is a folder: the write fails.
        for n in 0..1000 {
            let _ = fs::create_dir_all(dir.join(temp_name("a.md", std::process::id(), n)));
        }
        assert!(write_atomic(&target, b"bad").is_err());
        assert_eq!(fs::read(&target).unwrap(), b"good");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn temp_names_are_recognised_and_nothing_else() {
        assert_eq!(temp_file_writer(".doc.pdf.wengao-1234-0.tmp"), Some(1234));
        assert_eq!(temp_file_writer(".notes.txt.wengao-77-3.tmp"), Some(77));
        assert_eq!(temp_file_writer(".doc.pdf.1234.tmp"), Some(1234));
        assert_eq!(temp_file_writer("..wengao-cache.22477.tmp"), Some(22477));
        for other in [
            "doc.pdf",
            ".doc.pdf.tmp",
            ".notes.txt",
            ".notes.txt.12.tmp",
            ".doc.pdf.wengao-x-1.tmp",
            ".doc.pdf.wengao-12.tmp",
            "doc.pdf.wengao-12-1.tmp",
            "..wengao-1-1.tmp",
        ] {
            assert_eq!(temp_file_writer(other), None, "{other}");
        }
    }

    #[test]
    fn the_sweep_removes_only_leftovers_of_dead_writers() {
        let dir = scratch("sweep");
        // A process that has exited: its pid is free (or reused, then the file stays).
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        let mine = std::process::id();
        let files = [
            (format!(".doc.pdf.wengao-{dead}-0.tmp"), !process_is_alive(dead)),
            (format!(".doc.md.{dead}.tmp"), !process_is_alive(dead)),
            (format!(".doc.pdf.wengao-{mine}-5.tmp"), false),
            (".notes.txt".to_string(), false),
            (format!(".notes.txt.{dead}.tmp"), false),
            ("doc.pdf".to_string(), false),
        ];
        for (name, _) in &files {
            fs::write(dir.join(name), b"x").unwrap();
        }
        let expected = files.iter().filter(|(_, gone)| *gone).count();
        assert_eq!(sweep_leftovers(&dir), expected);
        for (name, gone) in &files {
            assert_eq!(!dir.join(name).exists(), *gone, "{name}");
        }
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_second_lock_on_a_folder_waits_for_the_first() {
        let dir = scratch("lock");
        let first = FolderLock::acquire(&dir, || panic!("the first lock must not wait")).unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let dir2 = dir.clone();
        let second = std::thread::spawn(move || {
            let waiting = tx.clone();
            let lock = FolderLock::acquire(&dir2, move || waiting.send("waiting").unwrap()).unwrap();
            tx.send("locked").unwrap();
            drop(lock);
        });
        // The second one finds the folder locked and waits until the first lets go.
        assert_eq!(rx.recv().unwrap(), "waiting");
        drop(first);
        assert_eq!(rx.recv().unwrap(), "locked");
        second.join().unwrap();
        fs::remove_dir_all(&dir).unwrap();
    }
}
