//! HTTP: requests → responses for the preview server (std only, one thread a
//! connection, every answer closes its connection).
//!
//! In: a request and the shared [`Shared`] site. Out: the response. Routes:
//! `/` the index of documents by folder with their status; `/doc/KEY.html` a
//! document's page (last good render, an error overlay when the input is broken,
//! a toolbar with its PDF and a print button, and a script that reloads on
//! `/__events`); `/doc/KEY.pdf` its PDF; `/collection.html|.pdf` all documents as
//! one 汇总; `/fonts/NAME` a bundled font; `/__events` the Server-Sent Events
//! stream. Anything else is 404: no URL maps to a file path.
//!
//! The server is a few lines of std on purpose: with a keep-alive HTTP library a
//! browser's idle connections held its worker threads, and under load the event
//! stream's request sat unread (seen with tiny_http and headless Chromium).

use super::site::{Page, Site};
use crate::pdf::fonts;
use crate::pipeline::Format;
use std::io::Write;
use std::io::{BufRead, BufReader, Read};
use std::net::TcpStream;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

/// The site and the signal that it changed.
pub struct Shared {
    pub site: Mutex<Site>,
    pub changed: Condvar,
}

impl Shared {
    pub fn lock(&self) -> std::sync::MutexGuard<'_, Site> {
        self.site.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A complete answer.
pub struct Response {
    status: u16,
    kind: &'static str,
    body: Vec<u8>,
    /// May the browser keep it (the bundled fonts never change while serving)?
    cacheable: bool,
}

fn html(status: u16, body: String) -> Response {
    Response { status, kind: "text/html; charset=utf-8", body: body.into_bytes(), cacheable: false }
}

fn bytes(body: Vec<u8>, kind: &'static str) -> Response {
    Response { status: 200, kind, body, cacheable: false }
}

fn not_found() -> Response {
    html(404, "<!DOCTYPE html><meta charset=utf-8><title>404</title><p>找不到这个页面（404）。<a href=\"/\">回到目录</a>".into())
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Internal Server Error",
    }
}

/// Serves one connection: reads its request, answers it, closes it.
pub fn handle(stream: TcpStream, shared: &Arc<Shared>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let Ok(read_half) = stream.try_clone() else { return };
    let mut reader = BufReader::new(read_half.take(16 * 1024));
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    // Skip the headers; nothing in them changes the answer.
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
        line.clear();
    }
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let path = percent_decode(target.split(['?', '#']).next().unwrap_or("/"));
    if std::env::var_os("WENGAO_SERVE_DEBUG").is_some() {
        eprintln!("request {method} {path}");
    }
    let response = match method {
        "GET" | "HEAD" if path == "/__events" => return events(stream, shared),
        "GET" | "HEAD" => route(&path, shared),
        "" => html(400, "bad request".into()),
        _ => html(405, "only GET".into()),
    };
    write_response(stream, &response, method == "HEAD");
}

fn write_response(mut stream: TcpStream, r: &Response, head_only: bool) {
    let head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: {}\r\n\
         Connection: close\r\n\r\n",
        r.status,
        reason(r.status),
        r.kind,
        r.body.len(),
        if r.cacheable { "max-age=86400" } else { "no-store" }
    );
    let _ = stream.write_all(head.as_bytes());
    if !head_only {
        let _ = stream.write_all(&r.body);
    }
    let _ = stream.flush();
}

fn route(path: &str, shared: &Arc<Shared>) -> Response {
    if path == "/" || path == "/index.html" {
        return html(200, index(&shared.lock()));
    }
    if let Some(name) = path.strip_prefix("/fonts/") {
        return match fonts::bundled_font(name) {
            Some(data) => Response { cacheable: true, ..bytes(data.to_vec(), "font/otf") },
            None => not_found(),
        };
    }
    if path == "/collection.html" {
        let mut site = shared.lock();
        let page = site.collection();
        let (html, error) = (page.html.clone(), page.error.clone());
        let page = Page { html, error, ..Page::default() };
        return page_response(&page, "collection", &site);
    }
    for format in [Format::Pdf, Format::Docx] {
        if path.strip_prefix("/collection.") == Some(format.extension()) {
            return download_response(shared.lock().download(None, format), format);
        }
    }
    let Some(doc) = path.strip_prefix("/doc/") else { return not_found() };
    if let Some(key) = doc.strip_suffix(".html") {
        let site = shared.lock();
        return match site.pages.get(key) {
            Some(page) => page_response(page, key, &site),
            None => not_found(),
        };
    }
    for format in [Format::Pdf, Format::Docx] {
        if let Some(key) = doc.strip_suffix(format.extension()).and_then(|k| k.strip_suffix('.')) {
            let mut site = shared.lock();
            if !site.pages.contains_key(key) {
                return not_found();
            }
            return download_response(site.download(Some(key), format), format);
        }
    }
    not_found()
}

fn download_response(result: Result<Vec<u8>, String>, format: Format) -> Response {
    let mime = match format {
        Format::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _ => "application/pdf",
    };
    match result {
        Ok(file) => bytes(file, mime),
        Err(text) => html(500, format!("<!DOCTYPE html><meta charset=utf-8><pre>{}</pre>", escape(&text))),
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Percent-decodes a URL path; invalid sequences stay as they are.
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%' {
            if let (Some(h), Some(l)) =
                (b.get(i + 1).and_then(|c| hex(*c)), b.get(i + 2).and_then(|c| hex(*c)))
            {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

const TOOLBAR_CSS: &str = "@font-face{font-family:wengao-ui;src:url(/fonts/FandolHei-Regular.otf)}\
@font-face{font-family:wengao-ui-fallback;src:url(/fonts/NotoSerifCJKsc-Regular-subset.otf)}#wengao-bar{position:fixed;top:0;right:0;z-index:10;background:#333;color:#fff;\
font:14px wengao-ui,wengao-ui-fallback,sans-serif;padding:6px 10px;border-bottom-left-radius:6px}#wengao-bar a,#wengao-bar button{color:#fff;\
margin-left:10px;background:none;border:1px solid #888;border-radius:4px;padding:2px 8px;cursor:pointer;\
text-decoration:none;font:inherit}#wengao-error{position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;\
z-index:20;background:#fff5f5;border-top:4px solid #c00;box-shadow:0 -2px 10px rgba(0,0,0,.3);padding:12px 20px}\
#wengao-error pre{font:14px/1.5 monospace,wengao-ui,wengao-ui-fallback;white-space:pre-wrap;margin:0}#wengao-error h2{color:#c00;font:bold 16px wengao-ui,sans-serif;\
margin:0 0 8px}@media print{#wengao-bar,#wengao-error{display:none}}";

/// A page with the preview furniture: toolbar, error overlay, reload script.
fn page_response(page: &Page, key: &str, site: &Site) -> Response {
    let base = if key == "collection" { "/collection".to_string() } else { format!("/doc/{key}") };
    let mut extra = format!(
        "<style>{TOOLBAR_CSS}</style><div id=\"wengao-bar\">wengao 预览 <a href=\"/\">目录</a>\
         <a href=\"{base}.pdf\">PDF</a><a href=\"{base}.docx\" download>Word</a>\
         <button onclick=\"print()\">打印</button></div>"
    );
    if let Some(error) = &page.error {
        extra.push_str(&format!(
            "<div id=\"wengao-error\"><h2>{}</h2><pre>{}</pre></div>",
            if page.html.is_some() {
                "输入有错误，下面显示的是上一次正确的版本"
            } else {
                "输入有错误，改正后这里会自动显示文稿"
            },
            escape(error)
        ));
    }
    // The event stream is opened from <head>, before the page asks for its fonts:
    // a browser's few connections to the server are then not all taken when it does.
    let script = format!(
        "<script>(function(){{var s=new EventSource(\"/__events\"),d=document.documentElement.dataset;\
         d.wengaoEvents=\"\";s.onopen=function(){{d.wengaoEvents+=\"open \";}};\
         s.addEventListener(\"reload\",function(e){{d.wengaoEvents+=e.data+\" \";\
         if(e.data!==\"{}\"){{location.reload();}}}});}})();</script>",
        site.generation
    );
    let body = match &page.html {
        Some(h) => h.replacen("<head>", &format!("<head>{script}"), 1).replacen("</body>", &format!("{extra}</body>"), 1),
        None => format!(
            "<!DOCTYPE html><html lang=\"zh-CN\"><head>{script}<meta charset=\"utf-8\"><title>{}</title></head><body>{extra}</body></html>",
            escape(key)
        ),
    };
    html(200, body)
}

/// The index: every document by folder, with its status.
fn index(site: &Site) -> String {
    let mut out = String::from(
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>wengao 预览</title>\
         <style>@font-face{font-family:wengao-hei;src:url(/fonts/FandolHei-Regular.otf)}\
         body{font:16px wengao-hei,sans-serif;max-width:60em;margin:2em auto;padding:0 1em}h2{font-size:1.1em;\
         border-bottom:1px solid #ccc}li{margin:.3em 0}.ok{color:#080}.err{color:#c00}</style></head><body>\
         <h1>wengao 预览</h1>",
    );
    if site.single.is_none() {
        out.push_str("<p><a href=\"/collection.html\">全部文档汇总（汇总 N 篇）</a></p>");
    }
    let mut folder: Option<String> = None;
    for (key, page) in &site.pages {
        let dir = key.rsplit_once('/').map_or("", |(d, _)| d).to_string();
        if folder.as_deref() != Some(dir.as_str()) {
            if folder.is_some() {
                out.push_str("</ul>");
            }
            out.push_str(&format!("<h2>{}</h2><ul>", escape(if dir.is_empty() { "." } else { &dir })));
            folder = Some(dir);
        }
        let status = if page.error.is_some() {
            "<span class=\"err\">有错误</span>"
        } else {
            "<span class=\"ok\">正常</span>"
        };
        let name = key.rsplit('/').next().unwrap_or(key);
        out.push_str(&format!(
            "<li><a href=\"/doc/{}.html\">{}</a> {status} <a href=\"/doc/{}.pdf\">PDF</a> \
             <a href=\"/doc/{}.docx\" download>Word</a></li>",
            escape(key),
            escape(name),
            escape(key),
            escape(key)
        ));
    }
    if folder.is_some() {
        out.push_str("</ul>");
    }
    out.push_str(&format!(
        "<script>new EventSource(\"/__events\").addEventListener(\"reload\",function(e){{if(e.data!==\"{}\")location.reload();}});</script></body></html>",
        site.generation
    ));
    out
}

/// Streams `/__events`: first the current generation, then a `reload` event each
/// time it changes, and a comment every 15 s to keep the connection open. The
/// stream is flushed per event.
fn events(mut writer: TcpStream, shared: &Arc<Shared>) {
    let _ = writer.set_write_timeout(Some(Duration::from_secs(30)));
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\
                Connection: keep-alive\r\nX-Accel-Buffering: no\r\n\r\n";
    let mut seen = shared.lock().generation;
    if writer.write_all(head.as_bytes()).is_err() {
        return;
    }
    let mut message = format!("event: reload\ndata: {seen}\n\n");
    loop {
        if writer.write_all(message.as_bytes()).and_then(|_| writer.flush()).is_err() {
            return; // the page went away
        }
        let site = shared.lock();
        let (site, wait) = shared
            .changed
            .wait_timeout_while(site, Duration::from_secs(15), |s| s.generation == seen)
            .unwrap_or_else(|e| e.into_inner());
        message = if wait.timed_out() {
            ": keep-alive\n\n".to_string()
        } else {
            seen = site.generation;
            format!("event: reload\ndata: {seen}\n\n")
        };
    }
}
