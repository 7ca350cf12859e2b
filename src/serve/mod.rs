//! Serve: `wengao serve`, the live preview and the browser editor.
//!
//! In: a `.toml` file or a folder, a host and port. Out: an HTTP server on axum
//! and tokio (`routes.rs`) showing every document as it will print, rebuilt in
//! memory (`site.rs`) when a watched file changes — the inputs, every
//! `wengao.toml`, the templates and the fonts — and an editor per document
//! (`editor.rs`) that saves a form into the TOML ([`crate::edit`]) and stores the
//! pictures it is given beside the document (`upload.rs`), all sharing
//! the state of `state.rs`. Every request passes the guard (`guard.rs`: Host,
//! Origin and token checks; `--read-only`); every response carries the security
//! headers of `respond.rs` (a Content-Security-Policy with no inline script).
//! Changes are gathered by notify's debouncer (which follows editors'
//! rename-on-save); after a rebuild has completely replaced the pages, open pages
//! are told to reload through Server-Sent Events on a relative URL. It binds
//! 127.0.0.1 by default and tries the next ports when one is busy. The modules are
//! private: `run` and `Options` are the whole interface.

mod editor;
mod guard;
mod pages;
mod respond;
mod routes;
mod site;
mod state;
mod upload;

use crate::status::Status;
use guard::Access;
use notify_debouncer_full::notify::event::ModifyKind;
use notify_debouncer_full::notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult};
use site::Site;
use state::Shared;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How the server runs.
pub struct Options {
    pub host: String,
    pub port: u16,
    pub open: bool,
    pub templates: Option<PathBuf>,
    pub read_only: bool,
    /// `--font-dir`.
    pub font_dir: Option<PathBuf>,
}

/// Runs the server until the process is stopped; returns how it failed.
pub fn run(path: &Path, opts: &Options) -> Status {
    if !path.exists() {
        eprintln!("error: {} does not exist", path.display());
        return Status::InputErrors;
    }
    let started = Instant::now();
    let site = Site::new(path, opts.templates.clone(), opts.font_dir.clone());
    let root = site.root.clone();
    eprintln!("built {} document(s) in {:.0} ms", site.pages.len(), started.elapsed().as_secs_f64() * 1000.0);
    let Some((listener, addr)) = bind(&opts.host, opts.port) else {
        eprintln!("error: cannot listen on {}:{} (or the next 10 ports)", opts.host, opts.port);
        return Status::Internal;
    };
    // Served to the network, the pages (and so the token) reach every machine
    // there: editing stays on this computer.
    let remote = !addr.ip().is_loopback();
    if remote && !opts.read_only {
        eprintln!(
            "note: serving to the network ({}): editing is off; use --host 127.0.0.1 to edit",
            opts.host
        );
    }
    let access = Access {
        port: addr.port(),
        host: opts.host.clone(),
        token: Access::new_token(),
        read_only: opts.read_only || remote,
    };
    let (generation, _) = tokio::sync::watch::channel(site.generation);
    let shared = Arc::new(Shared {
        site: Mutex::new(site),
        generation,
        access: Arc::new(access),
        writes: Mutex::new(()),
    });
    let url = format!("http://{addr}/");
    println!("serving {url}  (Ctrl-C stops){}", if opts.read_only { "  read-only" } else { "" });
    let _ = std::io::stdout().flush();
    let _watcher = match watch(&root, [opts.templates.clone(), opts.font_dir.clone()], shared.clone()) {
        Ok(w) => Some(w),
        Err(e) => {
            eprintln!("warning: cannot watch {} for changes ({e}); reload the page by hand", root.display());
            None
        }
    };
    if opts.open {
        open_browser(&url);
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the server: {e}");
            return Status::Internal;
        }
    };
    let served = runtime.block_on(async move {
        let _ = listener.set_nonblocking(true);
        let listener = tokio::net::TcpListener::from_std(listener)?;
        axum::serve(listener, routes::router(shared)).await
    });
    match served {
        Ok(()) => Status::Ok,
        Err(e) => {
            eprintln!("error: the server stopped: {e}");
            Status::Internal
        }
    }
}

fn bind(host: &str, port: u16) -> Option<(std::net::TcpListener, std::net::SocketAddr)> {
    let ports: Vec<u16> = if port == 0 { vec![0] } else { (port..port.saturating_add(11)).collect() };
    for p in ports {
        if let Ok(server) = std::net::TcpListener::bind((host, p)) {
            let addr = server.local_addr().ok()?;
            return Some((server, addr));
        }
    }
    None
}

/// Editors' temporary and backup files, and our own output, are not changes.
fn ignored(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".bck")
        || name == "4913"
        || path.components().any(|c| c.as_os_str() == "out")
}

type Debouncer = notify_debouncer_full::Debouncer<
    notify_debouncer_full::notify::RecommendedWatcher,
    notify_debouncer_full::RecommendedCache,
>;

/// Watches the root, the templates and the font folder; rebuilds on change.
fn watch(root: &Path, extra: [Option<PathBuf>; 2], shared: Arc<Shared>) -> Result<Debouncer, String> {
    let (tx, rx) = std::sync::mpsc::channel::<DebounceEventResult>();
    let mut debouncer = new_debouncer(Duration::from_millis(40), Some(Duration::from_millis(20)), tx)
        .map_err(|e| e.to_string())?;
    debouncer.watch(root, RecursiveMode::Recursive).map_err(|e| e.to_string())?;
    for dir in extra.into_iter().flatten() {
        if !dir.starts_with(root) {
            let _ = debouncer.watch(&dir, RecursiveMode::Recursive);
        }
    }
    std::thread::spawn(move || {
        for result in rx {
            let Ok(events) = result else { continue };
            // Reading a file is an event too (inotify's open/close): only writes,
            // creations, renames and removals count as changes.
            let mut changed: Vec<PathBuf> = events
                .iter()
                .filter(|e| {
                    matches!(e.kind, EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_))
                })
                .filter(|e| !matches!(e.kind, EventKind::Modify(ModifyKind::Metadata(_))))
                .flat_map(|e| e.paths.iter().cloned())
                .filter(|p| !ignored(p))
                .collect();
            changed.sort();
            changed.dedup();
            if changed.is_empty() {
                continue;
            }
            let started = Instant::now();
            let generation = shared.rebuild(&changed);
            eprintln!(
                "rebuilt after a change to {} in {:.0} ms (generation {generation})",
                changed[0].display(),
                started.elapsed().as_secs_f64() * 1000.0
            );
        }
    });
    Ok(debouncer)
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener).arg(url).spawn().is_err() {
        eprintln!("open {url} in your browser");
    }
}
