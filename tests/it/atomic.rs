//! Outputs are never broken, whatever happens to a build:
//!
//! - A build stopped at every step of every write (the `WENGAO_TEST_CRASH_AT` hook
//!   aborts the process there, as abruptly as `kill -9`) leaves, for every output,
//!   the old file or the new one, byte for byte; the next build finishes the job,
//!   removes the stopped build's temporary files and nothing else.
//! - The same with real `kill -9`s at moments spread over a build. Where the kill
//!   lands depends on the machine's speed, so only the property is asserted, never
//!   how many kills landed inside the build: the crash points above are the
//!   deterministic coverage.
//! - Two wengao processes writing one output folder: the second waits for the
//!   first (it says so), and neither loses the other's outputs or record entries.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

const SECTIONS: usize = 300;
const FILES: [&str; 3] = ["doc.md", "doc.html", "doc.pdf"];
/// What a build may leave in its output folder besides the outputs.
const BOOKKEEPING: [&str; 2] = [".wengao-cache", ".wengao-lock"];
/// A file of the user's in the output folder: never touched.
const USER_FILE: &str = ".notes.txt";

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

fn wengao(input: &Path, out: &Path, force: bool) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_wengao"));
    cmd.arg("build").arg(input).arg("-o").arg(out).arg("-f").arg("md,html,pdf").arg("-q");
    if force {
        cmd.arg("--force");
    }
    cmd.env_remove("WENGAO_TEST_CRASH_AT").stdout(Stdio::null()).stderr(Stdio::null());
    cmd
}

fn read_all(dir: &Path) -> Vec<Vec<u8>> {
    FILES.iter().map(|f| std::fs::read(dir.join(f)).unwrap_or_default()).collect()
}

/// Empties `dir` and puts back `files` (the outputs, then the record) and the user's file.
fn put_back(dir: &Path, files: &[Vec<u8>], record: &[u8]) {
    for entry in std::fs::read_dir(dir).unwrap() {
        std::fs::remove_file(entry.unwrap().path()).unwrap();
    }
    for (name, bytes) in FILES.iter().zip(files) {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
    std::fs::write(dir.join(BOOKKEEPING[0]), record).unwrap();
    std::fs::write(dir.join(USER_FILE), "用户的笔记").unwrap();
}

/// `.doc.pdf.wengao-1234-0.tmp`: a temporary file of wengao's atomic writer.
fn is_temp(name: &str) -> bool {
    name.starts_with('.') && name.ends_with(".tmp") && name.contains(".wengao-")
}

/// Names in `dir` that are neither outputs, bookkeeping nor the user's file.
fn strangers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !FILES.contains(&n.as_str()) && !BOOKKEEPING.contains(&n.as_str()) && n != USER_FILE)
        .collect()
}

/// Each output is A or B (a letter each); panics otherwise.
fn old_or_new(dir: &Path, a: &[Vec<u8>], b: &[Vec<u8>], when: &str) -> String {
    let now = read_all(dir);
    FILES
        .iter()
        .enumerate()
        .map(|(k, name)| {
            if now[k] == a[k] {
                'A'
            } else if now[k] == b[k] {
                'B'
            } else {
                panic!(
                    "{when}: {name} is neither the old nor the new file ({} bytes; old {}, new {})",
                    now[k].len(),
                    a[k].len(),
                    b[k].len()
                )
            }
        })
        .collect()
}

/// After an interrupted build, the next one (not forced: the record decides)
/// must bring every output to B, leave no temporary file and keep the user's.
fn next_build_finishes_the_job(input: &Path, out: &Path, b: &[Vec<u8>], when: &str) {
    assert!(wengao(input, out, false).status().unwrap().success(), "{when}: the next build failed");
    assert_eq!(read_all(out), b, "{when}: the next build did not bring every output up to date");
    assert_eq!(strangers(out), Vec::<String>::new(), "{when}: left after the next build");
    assert_eq!(std::fs::read_to_string(out.join(USER_FILE)).unwrap(), "用户的笔记", "{when}");
}

struct Fixture {
    root: PathBuf,
    input: PathBuf,
    out: PathBuf,
    a: Vec<Vec<u8>>,
    a_record: Vec<u8>,
    b: Vec<Vec<u8>>,
}

/// A (the old outputs and record) built into `out`; B built whole, from the
/// changed document, into another folder (the same file name, so the outputs are
/// byte-identical to what `out` gets).
fn fixture(name: &str) -> Fixture {
    let root = std::env::temp_dir().join(format!("wengao-atomic-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let (work, out, fresh) = (root.join("work"), root.join("out"), root.join("fresh"));
    for d in [&work, &out, &fresh] {
        std::fs::create_dir_all(d).unwrap();
    }
    let input = work.join("doc.toml");
    std::fs::write(&input, document("甲")).unwrap();
    assert!(wengao(&input, &out, true).status().unwrap().success());
    let a = read_all(&out);
    let a_record = std::fs::read(out.join(BOOKKEEPING[0])).unwrap();
    std::fs::write(&input, document("乙")).unwrap();
    let fresh_input = fresh.join("doc.toml");
    std::fs::copy(&input, &fresh_input).unwrap();
    assert!(wengao(&fresh_input, &fresh, true).status().unwrap().success());
    let b = read_all(&fresh);
    for (k, name) in FILES.iter().enumerate() {
        assert_ne!(a[k], b[k], "{name}: the change must change every output");
    }
    Fixture { root, input, out, a, a_record, b }
}

#[test]
fn a_build_stopped_at_any_step_of_any_write_leaves_the_old_or_the_new_file() {
    let f = fixture("crash");
    // Three outputs and the record, two crash points each: eight stops, then a
    // build that runs to its end.
    let mut stops = Vec::new();
    for at in 0.. {
        assert!(at <= 8, "more crash points than the three outputs and the record have");
        put_back(&f.out, &f.a, &f.a_record);
        let status =
            wengao(&f.input, &f.out, true).env("WENGAO_TEST_CRASH_AT", at.to_string()).status().unwrap();
        let when = format!("stopped at crash point {at}");
        let which = old_or_new(&f.out, &f.a, &f.b, &when);
        if status.success() {
            assert_eq!(which, "BBB");
            break;
        }
        // A stop halfway through a temporary file leaves that file behind.
        let temps: Vec<String> = strangers(&f.out).into_iter().filter(|n| is_temp(n)).collect();
        assert_eq!(temps.len(), strangers(&f.out).len(), "{when}: only temporary files may be extra");
        stops.push(format!("{at}:{which}:{}", temps.len()));
        next_build_finishes_the_job(&f.input, &f.out, &f.b, &when);
    }
    eprintln!("stops (point:outputs:temporary files): {stops:?}");
    // The outputs are replaced one by one (md, html, pdf), then the record.
    assert_eq!(
        stops,
        ["0:AAA:1", "1:AAA:1", "2:BAA:1", "3:BAA:1", "4:BBA:1", "5:BBA:1", "6:BBB:1", "7:BBB:1"]
    );
    std::fs::remove_dir_all(&f.root).ok();
}

#[test]
fn kill_9_at_any_moment_leaves_the_old_or_the_new_file() {
    let f = fixture("kill");
    // One whole build's duration T, to spread the kills over.
    put_back(&f.out, &f.a, &f.a_record);
    let started = Instant::now();
    assert!(wengao(&f.input, &f.out, true).status().unwrap().success());
    let t = started.elapsed();
    let mut seen = Vec::new();
    for fraction in [0.1, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 1.0] {
        put_back(&f.out, &f.a, &f.a_record);
        let mut child = wengao(&f.input, &f.out, true).spawn().unwrap();
        std::thread::sleep(t.mul_f64(fraction));
        let _ = child.kill(); // SIGKILL; the build may have finished already
        let status = child.wait().unwrap();
        let when = format!("kill -9 after {fraction} T ({status})");
        let which = old_or_new(&f.out, &f.a, &f.b, &when);
        assert!(strangers(&f.out).iter().all(|n| is_temp(n)), "{when}: {:?}", strangers(&f.out));
        seen.push(format!("{fraction}:{which}"));
        next_build_finishes_the_job(&f.input, &f.out, &f.b, &when);
    }
    eprintln!("a build takes {t:?}; kills: {seen:?}");
    std::fs::remove_dir_all(&f.root).ok();
}

/// Spawns `wengao build` with its standard error piped.
fn spawn_logged(input: &Path, out: &Path) -> std::process::Child {
    let mut cmd = wengao(input, out, false);
    cmd.arg("-v").stderr(Stdio::piped());
    cmd.spawn().unwrap()
}

#[test]
fn a_second_build_into_a_locked_folder_waits_and_then_sees_the_first_ones_work() {
    let f = fixture("lock");
    // Another wengao holds the folder (this test, through the same lock file).
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(f.out.join(BOOKKEEPING[1]))
        .unwrap();
    lock.lock().unwrap();
    let mut child = spawn_logged(&f.input, &f.out);
    let mut log = BufReader::new(child.stderr.take().unwrap());
    let mut first = String::new();
    log.read_line(&mut first).unwrap();
    assert!(first.starts_with("waiting for another wengao that is writing to "), "{first}");
    // It is waiting: nothing of the old outputs has changed.
    assert_eq!(old_or_new(&f.out, &f.a, &f.b, "while waiting"), "AAA");
    assert!(child.try_wait().unwrap().is_none(), "it must wait while the folder is locked");
    lock.unlock().unwrap();
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut log, &mut rest).unwrap();
    assert!(child.wait().unwrap().success(), "{rest}");
    assert!(rest.contains("1 built, 0 skipped, 0 failed"), "{rest}");
    assert_eq!(read_all(&f.out), f.b);
    std::fs::remove_dir_all(&f.root).ok();
}

#[test]
fn two_builds_at_once_into_one_folder_lose_nothing() {
    let root = std::env::temp_dir().join(format!("wengao-atomic-two-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let (one, two, out) = (root.join("one"), root.join("two"), root.join("out"));
    let docs = ["a", "b", "c"];
    for (dir, version) in [(&one, "一"), (&two, "二")] {
        for doc in docs {
            std::fs::create_dir_all(dir).unwrap();
            std::fs::write(dir.join(format!("{version}{doc}.toml")), document(&format!("{version}{doc}")))
                .unwrap();
        }
    }
    let outputs = |dir: &Path| -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    // Both trees build into one folder at the same time, twice (the second time
    // one document of each changed).
    for round in 0..2 {
        if round == 1 {
            for (dir, version) in [(&one, "一"), (&two, "二")] {
                std::fs::write(dir.join(format!("{version}b.toml")), document(&format!("{version}b改")))
                    .unwrap();
            }
        }
        let children: Vec<_> = [&one, &two].iter().map(|dir| spawn_logged(dir, &out)).collect();
        for child in children {
            let done = child.wait_with_output().unwrap();
            assert!(done.status.success(), "{}", String::from_utf8_lossy(&done.stderr));
        }
        // Every output of both trees is there, and the record knows all of them:
        // a third build skips everything.
        let names = outputs(&out);
        assert_eq!(names.len(), 2 * 3 * 3 + 2, "{names:?}");
        for dir in [&one, &two] {
            let again = wengao(dir, &out, false).stderr(Stdio::piped()).output().unwrap();
            let log = String::from_utf8_lossy(&again.stderr);
            assert!(log.contains("0 built, 3 skipped, 0 failed"), "round {round}: {log}");
        }
    }
    // And they are what a build of each document alone gives.
    let alone = root.join("alone");
    for dir in [&one, &two] {
        assert!(wengao(dir, &alone, true).status().unwrap().success());
    }
    for name in outputs(&alone).iter().filter(|n| !n.starts_with('.')) {
        assert!(std::fs::read(out.join(name)).unwrap() == std::fs::read(alone.join(name)).unwrap(), "{name}");
    }
    std::fs::remove_dir_all(&root).ok();
}

#[test]
fn a_build_with_nothing_to_write_still_sweeps_a_dead_writers_leftovers() {
    let root = std::env::temp_dir().join(format!("wengao-atomic-noop-sweep-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let (work, out) = (root.join("work"), root.join("out"));
    std::fs::create_dir_all(work.join("school")).unwrap();
    std::fs::write(work.join("school/doc.toml"), document("甲")).unwrap();
    assert!(wengao(&work, &out, false).status().unwrap().success());
    let built = std::fs::read(out.join("school/doc.md")).unwrap();
    // Up to date now. A killed writer's leftover (its process gone) lies beside the
    // outputs in the document's folder (not the record's), with a user's file.
    let mut child = Command::new("true").spawn().unwrap();
    let dead = child.id();
    child.wait().unwrap();
    let leftover = out.join(format!("school/.doc.pdf.wengao-{dead}-0.tmp"));
    std::fs::write(&leftover, b"half a PDF").unwrap();
    std::fs::write(out.join("school").join(USER_FILE), "用户的笔记").unwrap();
    let run = wengao(&work, &out, false).stderr(Stdio::piped()).output().unwrap();
    assert!(run.status.success());
    assert!(String::from_utf8_lossy(&run.stderr).contains("0 built, 1 skipped"), "nothing needed writing");
    assert_eq!(std::fs::read(out.join("school/doc.md")).unwrap(), built);
    assert!(!leftover.exists(), "the dead writer's leftover is swept");
    assert_eq!(std::fs::read_to_string(out.join("school").join(USER_FILE)).unwrap(), "用户的笔记");
    let _ = std::fs::remove_dir_all(&root);
}
