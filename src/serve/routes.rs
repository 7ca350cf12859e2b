//! Routes: the server's URLs → handlers, on axum.
//!
//! In: requests that passed the [`guard`](super::guard). Out: responses. The
//! read-only part is here: `/` the index; `/doc/KEY.html` a document's preview
//! (`?embedded` inside the editor), `/doc/KEY.pdf|.docx`; `/file/KEY.EXT` a
//! download (pdf, docx, html, md) as an attachment; `/collection.html|.pdf|.docx`
//! all documents as one 汇总; `/fonts/NAME` a bundled font; `/assets/NAME` the
//! pages' scripts and styles; `/__events` the Server-Sent Events stream that
//! tells pages to reload. The editor's URLs (`/edit/…`, `/api/…`) are in
//! [`editor`](super::editor), its picture uploads (`/api/picture/…`) in
//! [`upload`](super::upload). A URL names a document key, never a file: anything
//! not listed is 404. Every response gets the security headers of
//! [`respond`](super::respond); a rendered document gets its looser policy.

use super::respond::{self, no_store, not_found};
use super::state::{with_site, Shared};
use super::{editor, guard, pages, upload};
use crate::fonts;
use crate::format::Format;
use axum::extract::{DefaultBodyLimit, Path, RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

/// Largest request body: a document saved from the form.
pub(crate) const BODY_LIMIT: usize = 2 * 1024 * 1024;
/// Largest upload to import (a Word file with pictures can be large).
pub(crate) const IMPORT_LIMIT: usize = 32 * 1024 * 1024;

/// Every route, behind the guard.
pub(crate) fn router(shared: Arc<Shared>) -> Router {
    let access = shared.access.clone();
    Router::new()
        .route("/", get(index))
        .route("/index.html", get(index))
        .route("/__events", get(events))
        .route("/fonts/{name}", get(font))
        .route("/assets/{name}", get(asset))
        .route("/collection.html", get(collection_page))
        .route("/collection.pdf", get(|s: State<Arc<Shared>>| download(s, None, Format::Pdf, false)))
        .route("/collection.docx", get(|s: State<Arc<Shared>>| download(s, None, Format::Docx, false)))
        .route("/doc/{*rest}", get(document))
        .route("/file/{*rest}", get(file))
        .route("/edit/{*key}", get(editor::page))
        .route("/api/doc/{*key}", get(editor::load).post(editor::save))
        .route("/api/new", post(editor::create))
        .route("/api/import", post(editor::import).layer(DefaultBodyLimit::max(IMPORT_LIMIT)))
        .route(
            "/api/picture/{*key}",
            post(upload::picture).layer(DefaultBodyLimit::max(upload::PICTURE_LIMIT)),
        )
        .fallback(|| async { not_found() })
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(axum::middleware::from_fn_with_state(access, guard::check))
        .layer(axum::middleware::map_response(respond::secure))
        .with_state(shared)
}

async fn index(State(shared): State<Arc<Shared>>) -> Response {
    let editable = !shared.access.read_only;
    let html = with_site(&shared, move |s| pages::index(&s.lock(), editable, &s.access.token)).await;
    no_store(Html(html))
}

async fn collection_page(State(shared): State<Arc<Shared>>) -> Response {
    let html = with_site(&shared, |s| {
        let mut site = s.lock();
        site.collection();
        pages::page(&site.collection.shown, "collection", &site, false, false)
    })
    .await;
    respond::document(no_store(Html(html)))
}

/// `/doc/KEY.html` (the preview), `/doc/KEY.pdf`, `/doc/KEY.docx`.
async fn document(
    State(shared): State<Arc<Shared>>,
    Path(rest): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    if let Some(key) = rest.strip_suffix(".html") {
        let (key, editable) = (key.to_string(), !shared.access.read_only);
        let embedded = query.is_some_and(|q| q.split('&').any(|p| p == "embedded"));
        let html = with_site(&shared, move |s| {
            let site = s.lock();
            site.pages
                .get(&key)
                .map(|page| pages::page(&page.shown, &key, &site, editable && page.editable(), embedded))
        })
        .await;
        return html.map_or_else(not_found, |h| respond::document(no_store(Html(h))));
    }
    match split_format(&rest, &[Format::Pdf, Format::Docx]) {
        Some((key, format)) => download(State(shared), Some(key), format, false).await,
        None => not_found(),
    }
}

/// `KEY.EXT` → the key and the format, for one of `formats`.
fn split_format(rest: &str, formats: &[Format]) -> Option<(String, Format)> {
    formats.iter().find_map(|&format| {
        let key = rest.strip_suffix(format.extension())?.strip_suffix('.')?;
        Some((key.to_string(), format))
    })
}

/// `/file/KEY.EXT`: a download, named after the document.
async fn file(State(shared): State<Arc<Shared>>, Path(rest): Path<String>) -> Response {
    match split_format(&rest, &[Format::Pdf, Format::Docx, Format::Html, Format::Md]) {
        Some((key, format)) => download(State(shared), Some(key), format, true).await,
        None => not_found(),
    }
}

async fn download(
    State(shared): State<Arc<Shared>>,
    key: Option<String>,
    format: Format,
    attach: bool,
) -> Response {
    let name = key.as_deref().map_or("collection", |k| k.rsplit('/').next().unwrap_or(k)).to_string();
    let result = with_site(&shared, move |s| {
        let mut site = s.lock();
        match &key {
            Some(k) if !site.pages.contains_key(k) => None,
            _ => Some(site.download(key.as_deref(), format)),
        }
    })
    .await;
    let mime = match format {
        Format::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        Format::Pdf => "application/pdf",
        Format::Html => "text/html; charset=utf-8",
        Format::Md => "text/markdown; charset=utf-8",
    };
    match result {
        None => not_found(),
        Some(Ok(bytes)) => {
            let mut response = no_store(([(header::CONTENT_TYPE, mime)], bytes));
            if format == Format::Html {
                // The standalone page: its CSS inline, its fonts `data:` URLs.
                response = respond::document(response);
            }
            if attach {
                // RFC 6266: the UTF-8 name for browsers, a plain one for the rest.
                let encoded = pages::url_key(&format!("{name}.{}", format.extension()));
                let value = format!(
                    "attachment; filename=\"document.{}\"; filename*=UTF-8''{encoded}",
                    format.extension()
                );
                if let Ok(v) = value.parse() {
                    response.headers_mut().insert(header::CONTENT_DISPOSITION, v);
                }
            }
            response
        }
        Some(Err(text)) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            Html(format!("<!DOCTYPE html><meta charset=utf-8><pre>{}</pre>", pages::escape(&text))),
        )
            .into_response(),
    }
}

async fn font(State(shared): State<Arc<Shared>>, Path(name): Path<String>) -> Response {
    let font_dir = shared.lock().font_dir.clone();
    match fonts::bundled_font(&name, font_dir.as_deref()) {
        Some(data) => ([(header::CONTENT_TYPE, "font/otf"), (header::CACHE_CONTROL, "max-age=86400")], data)
            .into_response(),
        None => not_found(),
    }
}

/// The pages' scripts and styles, compiled into the binary (it works with no
/// network; no page has inline script).
async fn asset(Path(name): Path<String>) -> Response {
    let (kind, body) = match name.as_str() {
        "editor.js" => ("text/javascript; charset=utf-8", include_str!("assets/editor.js")),
        "editor-settings.js" => ("text/javascript; charset=utf-8", include_str!("assets/editor-settings.js")),
        "editor-pictures.js" => ("text/javascript; charset=utf-8", include_str!("assets/editor-pictures.js")),
        "editor.css" => ("text/css; charset=utf-8", include_str!("assets/editor.css")),
        "index.js" => ("text/javascript; charset=utf-8", include_str!("assets/index.js")),
        "index.css" => ("text/css; charset=utf-8", include_str!("assets/index.css")),
        "preview.js" => ("text/javascript; charset=utf-8", include_str!("assets/preview.js")),
        "preview.css" => ("text/css; charset=utf-8", include_str!("assets/preview.css")),
        _ => return not_found(),
    };
    no_store(([(header::CONTENT_TYPE, kind)], body))
}

/// `/__events`: first the current generation, then a `reload` event each time
/// it changes, and a comment every 15 s to keep the connection open.
async fn events(
    State(shared): State<Arc<Shared>>,
) -> Sse<impl futures_util::Stream<Item = Result<Event, Infallible>>> {
    let mut rx = shared.generation.subscribe();
    let first = *rx.borrow_and_update();
    let stream = futures_util::stream::unfold((rx, Some(first)), |(mut rx, pending)| async move {
        let generation = match pending {
            Some(g) => g,
            None => {
                rx.changed().await.ok()?;
                *rx.borrow_and_update()
            }
        };
        Some((Ok(Event::default().event("reload").data(generation.to_string())), (rx, None)))
    });
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}
