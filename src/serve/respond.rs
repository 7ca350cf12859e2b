//! Respond: what every response of the server shares.
//!
//! In: a handler's response. Out: the plain 404 page, and `Cache-Control:
//! no-store` for what changes with the files.

use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};

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
