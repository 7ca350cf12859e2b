//! A `wengao serve` process for the tests: started on an ephemeral port over a
//! copy of the samples (the school plan and summary, the collection, and the
//! district's primary schools), with raw HTTP requests against it.

use super::copy_tree;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub struct Server {
    child: Child,
    pub addr: String,
    pub dir: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

pub fn start(name: &str) -> Server {
    start_with(name, &[])
}

pub fn start_with(name: &str, flags: &[&str]) -> Server {
    let dir = std::env::temp_dir().join(format!("wengao-serve-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for sample in ["school-plan.toml", "school-summary.toml", "union-plans-collection.toml"] {
        std::fs::create_dir_all(dir.join("docs")).unwrap();
        std::fs::copy(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("samples").join(sample),
            dir.join("docs").join(sample),
        )
        .unwrap();
    }
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/district/primary"),
        &dir.join("docs/primary"),
    );
    serve(&dir, &dir.join("docs"), flags)
}

/// A server of `served` (a folder or a file), its log in `dir`.
pub fn serve(dir: &Path, served: &Path, flags: &[&str]) -> Server {
    let log = std::fs::File::create(dir.join("server.log")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_wengao"))
        .args(["serve", "--port", "0"])
        .args(flags)
        .arg(served)
        .stdout(Stdio::piped())
        .stderr(log)
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let addr =
        line.split("http://").nth(1).and_then(|s| s.split('/').next()).expect("serving URL").to_string();
    assert!(addr.starts_with("127.0.0.1:"), "binds to loopback by default: {line}");
    Server { child, addr, dir: dir.to_path_buf() }
}

/// A request with `headers` (besides Host) and `body`; returns (status, head, body).
pub fn request(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> (u16, String, Vec<u8>) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let mut head = format!("{method} {path} HTTP/1.0\r\nContent-Length: {}\r\n", body.len());
    if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
        head.push_str(&format!("Host: {addr}\r\n"));
    }
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).unwrap();
    // A refused request may be answered before its body is read.
    let _ = s.write_all(body);
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a response");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    (status, head, raw[split + 4..].to_vec())
}

pub fn header(head: &str, name: &str) -> String {
    head.lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
        .unwrap_or_default()
}

/// A GET request; returns (status, content type, body).
pub fn get(addr: &str, path: &str) -> (u16, String, Vec<u8>) {
    let (status, head, body) = request(addr, "GET", path, &[], b"");
    (status, header(&head, "content-type"), body)
}

pub fn text(addr: &str, path: &str) -> String {
    let (status, _, body) = get(addr, path);
    assert_eq!(status, 200, "{path}");
    String::from_utf8(body).unwrap()
}

/// Opens /__events and returns a reader positioned after the first event.
pub fn events(addr: &str) -> BufReader<TcpStream> {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(s, "GET /__events HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
    let mut r = BufReader::new(s);
    next_event(&mut r);
    r
}

pub fn next_event(r: &mut BufReader<TcpStream>) -> String {
    let mut line = String::new();
    loop {
        line.clear();
        assert!(r.read_line(&mut line).unwrap() > 0, "event stream closed");
        if let Some(data) = line.strip_prefix("data: ") {
            return data.trim().to_string();
        }
    }
}

impl Server {
    /// Runs `tests/SCRIPT` in node against headless Chromium, with the Chromium
    /// binary as its first argument; returns whether it succeeded and its output
    /// followed by the server's log.
    pub fn browser(&self, script: &str, args: &[&dyn AsRef<std::ffi::OsStr>]) -> (bool, String) {
        let chromium = ["chromium", "chromium-browser", "google-chrome"]
            .iter()
            .find(|c| Command::new(c).arg("--version").output().is_ok_and(|o| o.status.success()))
            .expect("chromium is needed for this test (.ci/run installs it)");
        let mut cmd = Command::new("node");
        cmd.arg("--experimental-websocket")
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join(script))
            .arg(chromium);
        for a in args {
            cmd.arg(a);
        }
        let out = cmd.output().expect("node is needed for this test");
        let log = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
        let server_log = std::fs::read_to_string(self.dir.join("server.log")).unwrap_or_default();
        (out.status.success(), format!("{log}\nserver:\n{server_log}"))
    }
}
