//! Upload: a picture the editor sends → a file beside the document.
//!
//! In: `POST /api/picture/KEY?name=FILE` with the picture's bytes (the editor's
//! file picker, or files dropped on a text field; the guard has checked Origin
//! and token, the router capped the size at [`PICTURE_LIMIT`]). Out: the bytes
//! written into the folder named after the document (`plan.toml` → `plan/`),
//! under the uploaded file's name made plain and given the extension of what
//! the bytes are, never over a file that is there (`photo-2.jpg`, `photo-3.jpg`
//! …), and as JSON the path relative to the TOML's folder and the Markdown that
//! shows it (`![](plan/photo.jpg)`), which the page inserts at the cursor. Bytes
//! that are no JPEG, PNG, GIF, WebP or BMP wengao can read are refused (415),
//! and so is a document the editor may not write.

use super::editor::{writable, Refusal};
use super::state::{with_site, Shared};
use crate::output::write_new;
use crate::picture::{self, Picture};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::json;
use std::path::{Path as FsPath, PathBuf};
use std::sync::Arc;

/// Largest picture upload (a phone's photo is 3–10 MB).
pub(crate) const PICTURE_LIMIT: usize = 32 * 1024 * 1024;

#[derive(Deserialize)]
pub(crate) struct Upload {
    /// The name of the file the user chose (only its plain stem is kept).
    name: String,
}

pub(crate) async fn picture(
    State(shared): State<Arc<Shared>>,
    Path(key): Path<String>,
    Query(upload): Query<Upload>,
    body: Bytes,
) -> Response {
    with_site(&shared, move |s| match store(s, &key, &upload.name, &body) {
        Ok((relative, markdown)) => Json(json!({ "path": relative, "markdown": markdown })).into_response(),
        Err(refusal) => refusal.into_response(),
    })
    .await
}

/// Writes the picture beside the document `key`; returns its path relative to
/// the document's folder and the Markdown that shows it.
fn store(s: &Shared, key: &str, name: &str, bytes: &[u8]) -> Result<(String, String), Refusal> {
    let extension = picture::sniff_extension(bytes)
        .filter(|_| Picture::from_bytes(PathBuf::from(name), bytes.to_vec()).is_ok())
        .ok_or_else(|| {
            Refusal::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "this file is not a picture wengao can print (JPEG, PNG, GIF, WebP or BMP)",
            )
        })?;
    let _writing = s.writes.lock().unwrap_or_else(|e| e.into_inner());
    let document = writable(s, key)?;
    let folder = document.with_extension("");
    let folder_name = folder.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    match std::fs::symlink_metadata(&folder) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => {
            return Err(Refusal::new(
                StatusCode::CONFLICT,
                format!("{} is there but is not a folder; move it to add pictures", folder.display()),
            ))
        }
        Err(_) => std::fs::create_dir(&folder).map_err(|e| cannot_write(&folder, &e))?,
    }
    let stem = plain_stem(name);
    for n in 1..1000 {
        let file = if n == 1 { format!("{stem}.{extension}") } else { format!("{stem}-{n}.{extension}") };
        let path = folder.join(&file);
        match write_new(&path, bytes) {
            Ok(()) => {
                let relative = format!("{folder_name}/{file}");
                let markdown = format!("![]({relative})");
                return Ok((relative, markdown));
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(cannot_write(&path, &e)),
        }
    }
    Err(Refusal::new(StatusCode::CONFLICT, format!("no free file name for {stem} in {}", folder.display())))
}

fn cannot_write(path: &FsPath, e: &std::io::Error) -> Refusal {
    Refusal::new(StatusCode::INTERNAL_SERVER_ERROR, format!("cannot write {}: {e}", path.display()))
}

/// The stem of an uploaded file's name with only letters, digits, `-` and `_`
/// (anything else becomes `-`, so the Markdown path needs no escaping): `运动会
/// 现场(1).JPG` → `运动会-现场-1`; `photo` when nothing is left.
fn plain_stem(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let stem = FsPath::new(base).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let mut out = String::new();
    for c in stem.chars().take(60) {
        let c = if c.is_alphanumeric() || c == '_' { c } else { '-' };
        if !(c == '-' && (out.is_empty() || out.ends_with('-'))) {
            out.push(c);
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "photo".to_string()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::plain_stem;

    #[test]
    fn uploaded_names_become_plain_stems() {
        assert_eq!(plain_stem("运动会 现场(1).JPG"), "运动会-现场-1");
        assert_eq!(plain_stem("../../etc/passwd"), "passwd");
        assert_eq!(plain_stem("C:\\fakepath\\IMG_0001.jpeg"), "IMG_0001");
        assert_eq!(plain_stem("().png"), "photo");
        assert_eq!(plain_stem(""), "photo");
    }
}
