//! Editor: the browser editor's page and its API.
//!
//! In: requests from the editor page (`/edit/KEY`, the form beside the printed
//! preview; its scripts are `assets/editor.js` and `assets/editor-settings.js`).
//! Out: a document's state as JSON
//! (`GET /api/doc/KEY`: the form model, the file's version, the heading numbers
//! and every diagnostic by field), saves (`POST /api/doc/KEY`: the model applied
//! to the file through [`crate::edit`], written atomically; a file that changed
//! on disk since the page loaded it is a conflict, never overwritten: the page
//! chooses, and the version not kept is saved beside as `NAME.conflict-N.toml`),
//! new documents from the `wengao new` starters (`POST /api/new`) and imports
//! (`POST /api/import`: a .docx, .md or .txt → a new TOML beside the others).
//! Pictures the page sends are stored by [`super::upload`].
//!
//! Writes go only to documents the site lists (by key, never by path), each a
//! regular file inside the root (no link out), and to new files in the root,
//! which are never overwritten.

use super::pages;
use super::respond::not_found;
use super::state::{with_site, Shared};
use crate::edit;
use crate::output::{write_atomic, write_new};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};
use std::path::{Path as FsPath, PathBuf};
use std::sync::Arc;

/// A request the editor refuses: its status and the reason shown on the page.
pub(crate) struct Refusal {
    status: StatusCode,
    message: String,
}

impl Refusal {
    pub(crate) fn new(status: StatusCode, message: impl Into<String>) -> Refusal {
        Refusal { status, message: message.into() }
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        (self.status, Json(json!({ "error": self.message }))).into_response()
    }
}

fn refusal(status: StatusCode, message: impl Into<String>) -> Refusal {
    Refusal::new(status, message)
}

fn error(status: StatusCode, message: impl Into<String>) -> Response {
    refusal(status, message).into_response()
}

fn version_of(text: &str) -> String {
    format!("{:032x}", crate::hash::hash_bytes(text.as_bytes()))
}

/// The editor page of a listed document.
pub(crate) async fn page(State(shared): State<Arc<Shared>>, Path(key): Path<String>) -> Response {
    if shared.access.read_only {
        return error(StatusCode::FORBIDDEN, "editing is off on this server (--read-only, or served to the network); start `wengao serve` on 127.0.0.1 to edit");
    }
    let known = {
        let (shared, key) = (shared.clone(), key.clone());
        with_site(&shared, move |s| s.lock().pages.get(&key).is_some_and(|p| p.editable())).await
    };
    if !known {
        return not_found();
    }
    let (url, key) = (pages::url_key(&key), pages::escape(&key));
    let name = key.rsplit('/').next().unwrap_or(&key).to_string();
    let downloads = pages::downloads(&format!("/file/{url}"));
    Html(format!(
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width\"><title>编辑 {name}</title>\
         <meta name=\"wengao-token\" content=\"{}\"><meta name=\"wengao-key\" content=\"{key}\">\
         <link rel=\"stylesheet\" href=\"/assets/editor.css\"></head><body>\
         <header><a href=\"/\">目录</a><strong>{name}</strong><span id=\"status\">载入中…</span>\
         <button id=\"undo\" title=\"撤销 Ctrl+Z\">撤销</button><button id=\"redo\" title=\"重做 Ctrl+Y\">重做</button>\
         <span class=\"downloads\">下载 {downloads}</span></header>\
         <div id=\"conflict\" hidden></div><main><form id=\"form\" autocomplete=\"off\"></form>\
         <iframe id=\"preview\" title=\"打印预览\" src=\"/doc/{url}.html?embedded\"></iframe></main>\
         <script src=\"/assets/editor-settings.js\"></script><script src=\"/assets/editor-pictures.js\"></script>\
         <script src=\"/assets/editor.js\"></script></body></html>",
        shared.access.token
    ))
    .into_response()
}

/// The path of a listed document, if it may be written: a regular file (not a
/// link) inside the served root.
pub(crate) fn writable(shared: &Shared, key: &str) -> Result<PathBuf, Refusal> {
    let site = shared.lock();
    let page = site.pages.get(key).ok_or_else(|| refusal(StatusCode::NOT_FOUND, "no such document"))?;
    if !page.editable() {
        return Err(refusal(
            StatusCode::FORBIDDEN,
            "this document is imported from a Word or text file: import it to TOML (新建/导入) to edit it",
        ));
    }
    let path = page.input().to_path_buf();
    let inside = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_file())
        && matches!((path.canonicalize(), site.root.canonicalize()), (Ok(p), Ok(r)) if p.starts_with(&r));
    if !inside {
        return Err(refusal(
            StatusCode::FORBIDDEN,
            "this document is a link or lies outside the served folder",
        ));
    }
    Ok(path)
}

/// The state the page shows: model, version, numbers, problems.
fn state(path: &FsPath, text: &str) -> Value {
    let model = edit::model(text).ok();
    let numbers = model.as_ref().map(edit::numbers).unwrap_or_default();
    json!({
        "version": version_of(text),
        "model": model,
        "numbers": numbers,
        "problems": edit::problems(path, text),
    })
}

pub(crate) async fn load(State(shared): State<Arc<Shared>>, Path(key): Path<String>) -> Response {
    with_site(&shared, move |s| {
        let path = match writable(s, &key) {
            Ok(p) => p,
            Err(r) => return r.into_response(),
        };
        match std::fs::read_to_string(&path) {
            Ok(text) => Json(state(&path, &text)).into_response(),
            Err(e) => {
                error(StatusCode::INTERNAL_SERVER_ERROR, format!("cannot read {}: {e}", path.display()))
            }
        }
    })
    .await
}

#[derive(Deserialize)]
pub(crate) struct Save {
    /// The version the page's model was made from.
    version: String,
    doc: Value,
    /// After a conflict: keep `mine` (the disk's version is saved beside) or the
    /// `disk`'s (mine is saved beside).
    resolve: Option<String>,
}

pub(crate) async fn save(
    State(shared): State<Arc<Shared>>,
    Path(key): Path<String>,
    Json(save): Json<Save>,
) -> Response {
    with_site(&shared, move |s| save_document(s, &key, &save).unwrap_or_else(IntoResponse::into_response))
        .await
}

/// Reads, compares and writes under the server's write lock, so two saves (two
/// tabs) cannot both pass the version check and overwrite each other.
fn save_document(s: &Shared, key: &str, save: &Save) -> Result<Response, Refusal> {
    let _writing = s.writes.lock().unwrap_or_else(|e| e.into_inner());
    let path = writable(s, key)?;
    let disk = std::fs::read_to_string(&path).map_err(|e| {
        refusal(StatusCode::INTERNAL_SERVER_ERROR, format!("cannot read {}: {e}", path.display()))
    })?;
    let mine = edit::apply(&disk, &save.doc).map_err(|e| {
        refusal(StatusCode::UNPROCESSABLE_ENTITY, format!("the file cannot be edited here: {e}"))
    })?;
    let conflict = save.version != version_of(&disk) && mine != disk;
    // After a conflict the version not kept goes beside the file.
    let (kept, aside) = match (conflict, save.resolve.as_deref()) {
        (false, _) => (&mine, None),
        (true, Some("mine")) => (&mine, Some(&disk)),
        (true, Some("disk")) => (&disk, Some(&mine)),
        (true, _) => {
            let mut body = state(&path, &disk);
            body["conflict"] = json!(true);
            return Ok((StatusCode::CONFLICT, Json(body)).into_response());
        }
    };
    let beside = aside.map(|text| save_beside(&path, text)).transpose()?;
    if *kept != disk {
        write_atomic(&path, kept.as_bytes()).map_err(|e| {
            refusal(StatusCode::INTERNAL_SERVER_ERROR, format!("cannot write {}: {e}", path.display()))
        })?;
        s.rebuild(std::slice::from_ref(&path));
    }
    let mut body = state(&path, kept);
    body["beside"] = json!(beside.map(|p| p.display().to_string()));
    Ok(Json(body).into_response())
}

/// Writes `text` as `NAME.conflict-N.toml` beside `path`, N the first free number.
fn save_beside(path: &FsPath, text: &str) -> Result<PathBuf, Refusal> {
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    for n in 1..1000 {
        let candidate = path.with_file_name(format!("{stem}.conflict-{n}.toml"));
        match write_new(&candidate, text.as_bytes()) {
            Ok(()) => return Ok(candidate),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => {
                return Err(refusal(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    format!("cannot write {}: {e}", candidate.display()),
                ))
            }
        }
    }
    Err(refusal(StatusCode::CONFLICT, "too many conflict copies beside this document; tidy them up first"))
}

/// The folder new documents go to; a server started on one file has none (it
/// would not list them).
fn new_folder(shared: &Shared) -> Result<PathBuf, Refusal> {
    let site = shared.lock();
    match site.single {
        Some(_) => Err(refusal(
            StatusCode::FORBIDDEN,
            "this server shows one file; start `wengao serve FOLDER` to make new documents",
        )),
        None => Ok(site.root.clone()),
    }
}

/// A file name a user typed → `NAME.toml` in the root, if it is a plain name.
fn new_path(root: &FsPath, name: &str) -> Result<PathBuf, Refusal> {
    let name = name.trim();
    let name = name.strip_suffix(".toml").unwrap_or(name);
    let plain = !name.is_empty()
        && name.chars().count() <= 100
        && !name.starts_with('.')
        && !name.contains("..")
        && !name.chars().any(|c| c.is_control() || "/\\:*?\"<>|".contains(c));
    if !plain {
        return Err(refusal(
            StatusCode::BAD_REQUEST,
            format!("“{name}” cannot be a file name here: use a plain name without / \\ : * ? \" < > | or a leading dot"),
        ));
    }
    if name == "wengao" {
        return Err(refusal(
            StatusCode::BAD_REQUEST,
            "wengao.toml is the settings file; choose another name",
        ));
    }
    Ok(root.join(format!("{name}.toml")))
}

/// Writes a new document into the root; returns its key, or a 409 if the name is taken.
fn create_file(shared: &Shared, path: &FsPath, text: &str) -> Response {
    let _writing = shared.writes.lock().unwrap_or_else(|e| e.into_inner());
    if let Err(e) = write_new(path, text.as_bytes()) {
        return match e.kind() {
            std::io::ErrorKind::AlreadyExists => error(
                StatusCode::CONFLICT,
                format!(
                    "{} already exists; wengao never overwrites a document — choose another name",
                    path.display()
                ),
            ),
            _ => error(StatusCode::INTERNAL_SERVER_ERROR, format!("cannot write {}: {e}", path.display())),
        };
    }
    shared.rebuild(&[path.to_path_buf()]);
    let key = shared.lock().key_of(path);
    Json(json!({ "key": key })).into_response()
}

#[derive(Deserialize)]
pub(crate) struct New {
    kind: String,
    name: String,
}

pub(crate) async fn create(State(shared): State<Arc<Shared>>, Json(new): Json<New>) -> Response {
    let Some(kind) = crate::starter::StarterKind::from_name(&new.kind) else {
        return error(StatusCode::BAD_REQUEST, "kind must be plan, summary or collection");
    };
    with_site(&shared, move |s| match new_folder(s).and_then(|root| new_path(&root, &new.name)) {
        Ok(path) => create_file(s, &path, kind.starter()),
        Err(r) => r.into_response(),
    })
    .await
}

#[derive(Deserialize)]
pub(crate) struct Upload {
    name: String,
}

pub(crate) async fn import(
    State(shared): State<Arc<Shared>>,
    Query(upload): Query<Upload>,
    body: Bytes,
) -> Response {
    with_site(&shared, move |s| {
        let source = FsPath::new(&upload.name);
        let stem = source.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let root = match new_folder(s) {
            Ok(root) => root,
            Err(r) => return r.into_response(),
        };
        let imported = match crate::import::import(source, &body) {
            Ok(i) => i,
            Err(report) => return error(StatusCode::UNPROCESSABLE_ENTITY, report.to_string()),
        };
        // The first free name: NAME.toml, NAME-2.toml, …
        for n in 1..1000 {
            let name = if n == 1 { stem.clone() } else { format!("{stem}-{n}") };
            let path = match new_path(&root, &name) {
                Ok(p) => p,
                Err(r) => return r.into_response(),
            };
            if path.exists() {
                continue;
            }
            let response = create_file(s, &path, &imported.toml);
            if response.status() != StatusCode::CONFLICT {
                return response;
            }
        }
        error(StatusCode::CONFLICT, "no free file name for this import")
    })
    .await
}
