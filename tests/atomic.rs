//! No output is ever half-written: `kill -9` during a build leaves, for every
//! output (md, html, pdf), either the old file or the new one, byte for byte.
//!
//! A document of a few thousand sections takes seconds to build in a debug binary.
//! It is built once (the old outputs A); then the document changes, and its full,
//! uninterrupted build into another folder gives the new outputs B and the build's
//! duration T. Then, again and again, the old outputs are put back, `wengao build`
//! of the changed document starts, and gets SIGKILL after a delay spread over T
//! (most near its end, where the files are written). After every kill each output
//! must be A or B, and nothing but `.NAME.PID.tmp` leftovers may lie beside them.

#![cfg(unix)]

use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const SECTIONS: usize = 4000;
const FILES: [&str; 3] = ["doc.md", "doc.html", "doc.pdf"];

fn document(version: &str) -> String {
    let mut s = format!("title = \"2024年××小学工会工作计划（{version}）\"\norganization = \"××小学工会\"\ndate = 2023-12-28\n");
    for i in 1..=SECTIONS {
        s.push_str(&format!(
            "\n[[section]]\ntitle = \"第{i}项工作（{version}）\"\n\
             text = \"以新时代思想为指导，深入学习贯彻会议精神，开展第{i}项专题学习教育和交流，稿本{version}。\"\n"
        ));
    }
    s
}

fn wengao(input: &Path, out: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_wengao"));
    cmd.arg("build").arg(input).arg("-o").arg(out).arg("-f").arg("md,html,pdf").arg("--force").arg("-q");
    cmd.stdout(Stdio::null()).stderr(Stdio::null());
    cmd
}

fn read_all(dir: &Path) -> Vec<Vec<u8>> {
    FILES.iter().map(|f| std::fs::read(dir.join(f)).unwrap_or_default()).collect()
}

fn put_back(dir: &Path, files: &[Vec<u8>]) {
    for entry in std::fs::read_dir(dir).unwrap() {
        std::fs::remove_file(entry.unwrap().path()).unwrap();
    }
    for (name, bytes) in FILES.iter().zip(files) {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
}

/// When to send SIGKILL.
#[derive(Clone, Copy, Debug)]
enum Kill {
    /// After this fraction of a whole build's duration.
    At(f64),
    /// This many milliseconds after the first temporary output file appears.
    Writing(u64),
}

/// `.doc.pdf.1234.tmp`: the temporary file of an interrupted atomic write.
fn is_temp_of_a_target(name: &str) -> bool {
    let Some(rest) = name.strip_prefix('.').and_then(|n| n.strip_suffix(".tmp")) else { return false };
    let Some((target, pid)) = rest.rsplit_once('.') else { return false };
    FILES.contains(&target) && !pid.is_empty() && pid.chars().all(|c| c.is_ascii_digit())
}

#[test]
fn kill_9_during_a_build_leaves_the_old_or_the_new_file() {
    let root = std::env::temp_dir().join(format!("wengao-atomic-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let (work, out, fresh) = (root.join("work"), root.join("out"), root.join("fresh"));
    for d in [&work, &out, &fresh] {
        std::fs::create_dir_all(d).unwrap();
    }
    let input: PathBuf = work.join("doc.toml");

    // A: the old outputs.
    std::fs::write(&input, document("甲")).unwrap();
    assert!(wengao(&input, &out).status().unwrap().success());
    let a = read_all(&out);
    assert!(a.iter().all(|f| !f.is_empty()));

    // B: the changed document, built whole into another folder (the same file
    // name, so the outputs are byte-identical to what `out` gets); its duration T.
    std::fs::write(&input, document("乙")).unwrap();
    let fresh_input = fresh.join("doc.toml");
    std::fs::copy(&input, &fresh_input).unwrap();
    let started = Instant::now();
    assert!(wengao(&fresh_input, &fresh).status().unwrap().success());
    let t = started.elapsed();
    let b = read_all(&fresh);
    for (k, name) in FILES.iter().enumerate() {
        assert_ne!(a[k], b[k], "{name}: the change must change every output");
    }
    eprintln!("a whole build of {SECTIONS} sections takes {t:?}");

    // Kills spread over the build, and kills a little after the first temporary
    // file appears (the writes, a few milliseconds at the end).
    let mut when: Vec<Kill> = [0.2, 0.5, 0.8, 0.95].into_iter().map(Kill::At).collect();
    when.extend([0, 1, 2, 3, 4, 6, 10].into_iter().map(Kill::Writing));
    let (mut killed, mut old, mut new, mut mixed) = (0, 0, 0, 0);
    for w in &when {
        put_back(&out, &a);
        let mut child = wengao(&input, &out).spawn().unwrap();
        match *w {
            Kill::At(f) => std::thread::sleep(t.mul_f64(f)),
            Kill::Writing(ms) => {
                let deadline = Instant::now() + t * 3;
                while child.try_wait().unwrap().is_none() && Instant::now() < deadline {
                    if std::fs::read_dir(&out)
                        .unwrap()
                        .any(|e| is_temp_of_a_target(&e.unwrap().file_name().to_string_lossy()))
                    {
                        std::thread::sleep(Duration::from_millis(ms));
                        break;
                    }
                    std::thread::sleep(Duration::from_micros(200));
                }
            }
        }
        let _ = child.kill(); // SIGKILL
        let status = child.wait().unwrap();
        if status.signal() == Some(9) {
            killed += 1;
        }
        let now = read_all(&out);
        let mut which = Vec::new();
        for (k, name) in FILES.iter().enumerate() {
            if now[k] == a[k] {
                which.push('A');
            } else if now[k] == b[k] {
                which.push('B');
            } else {
                panic!(
                    "after kill -9 {w:?}, {name} is neither the old nor the new file ({} bytes; old {}, new {})",
                    now[k].len(),
                    a[k].len(),
                    b[k].len()
                );
            }
        }
        match (which.iter().all(|w| *w == 'A'), which.iter().all(|w| *w == 'B')) {
            (true, _) => old += 1,
            (_, true) => new += 1,
            _ => mixed += 1,
        }
        for entry in std::fs::read_dir(&out).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            assert!(
                FILES.contains(&name.as_str()) || name == ".wengao-cache" || is_temp_of_a_target(&name),
                "unexpected file {name} after kill -9 {w:?}"
            );
        }
        eprintln!("kill {w:?}: {} ({status})", which.iter().collect::<String>());
    }
    eprintln!("{killed} of {} runs killed; all old {old}, all new {new}, mixed {mixed}", when.len());
    assert!(killed >= 2, "too few builds were still running when killed: {killed}");
    std::fs::remove_dir_all(&root).ok();
}

#[test]
fn leftover_names_are_recognised() {
    assert!(is_temp_of_a_target(".doc.pdf.1234.tmp"));
    assert!(!is_temp_of_a_target("doc.pdf"));
    assert!(!is_temp_of_a_target(".doc.pdf.tmp"));
    assert!(!is_temp_of_a_target(".other.pdf.12.tmp"));
}
