//! Respond: what every response of the server shares.
//!
//! In: a handler's response. Out: the same response with the security headers
//! ([`secure`], a layer over every route, the guard's refusals included):
//! `X-Content-Type-Options: nosniff` on everything, and a
//! `Content-Security-Policy` — [`APP`] unless the handler chose [`DOCUMENT`]
//! ([`document`]) for a rendered document. Neither lets a page run inline script
//! (every script is a file under `/assets/`) or be framed by another site
//! (`frame-ancestors 'self'`: the editor frames its own preview, nobody else may
//! frame a page to trick clicks into it). Also the plain 404 page and
//! `Cache-Control: no-store` for what changes with the files.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};

/// The server's own pages (index, editor), their assets, JSON and errors:
/// scripts, styles, fonts and requests from this server only; frames of this
/// server only (the editor's preview).
pub(crate) const APP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
font-src 'self'; img-src 'self'; connect-src 'self'; frame-src 'self'; \
frame-ancestors 'self'; base-uri 'none'; form-action 'none'";

/// A rendered document (the preview, the standalone HTML download): wengao's
/// page carries its CSS inline and, standalone, its fonts (and a template's
/// pictures) as `data:` URLs; its script is still a file from this server.
pub(crate) const DOCUMENT: &str = "default-src 'none'; script-src 'self'; \
style-src 'self' 'unsafe-inline'; font-src 'self' data:; img-src 'self' data:; \
connect-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'none'";

/// The layer's work: nosniff always; the [`APP`] policy unless one is set.
pub(crate) async fn secure(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(APP));
    }
    response
}

/// `response` under the [`DOCUMENT`] policy.
pub(crate) fn document(response: impl IntoResponse) -> Response {
    ([(header::CONTENT_SECURITY_POLICY, DOCUMENT)], response).into_response()
}

pub(crate) fn no_store(response: impl IntoResponse) -> Response {
    ([(header::CACHE_CONTROL, "no-store")], response).into_response()
}

pub(crate) fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        Html("<!DOCTYPE html><meta charset=utf-8><title>404</title><p>找不到这个页面（404）。<a href=\"/\">回到目录</a>"),
    )
        .into_response()
}
