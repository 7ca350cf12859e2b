//! Guard: the checks every request passes before a handler sees it — a server
//! that writes the user's files is a security boundary.
//!
//! In: a request and the server's [`Access`] (its port, the host it was asked
//! to bind, its token, read-only or not). Out: the request passed on, or a 403
//! that says why. The rules:
//!
//! - the `Host` header must name this server: `localhost`, an IP address, or the
//!   `--host` name, with its port (a DNS-rebinding page has its own name there);
//! - a request that changes anything (any method but GET/HEAD) needs an `Origin`
//!   equal to `http://` + that Host, and the per-server token in `X-Wengao-Token`
//!   (only the server's own pages have it: another site's page cannot read them);
//! - with `--read-only`, every such request is refused.
//!
//! What a write may touch (listed documents, new files inside the root) is the
//! editor's own check; request bodies are capped by the router.

use axum::extract::{Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::IpAddr;
use std::sync::Arc;

/// What the guard knows of the server.
pub(crate) struct Access {
    pub(crate) port: u16,
    /// The `--host` the server was asked to bind (a name or an address).
    pub(crate) host: String,
    pub(crate) token: String,
    pub(crate) read_only: bool,
}

/// The header that carries the token.
pub(crate) const TOKEN_HEADER: &str = "x-wengao-token";

impl Access {
    /// A fresh random token (32 hex digits) for a server.
    pub(crate) fn new_token() -> String {
        let mut bytes = [0u8; 16];
        if getrandom::fill(&mut bytes).is_err() {
            // No system randomness: a token from the clock and the process is
            // still unguessable for a page on the web.
            let seed = crate::hash::Fnv128::default()
                .write(format!("{:?}{}", std::time::SystemTime::now(), std::process::id()).as_bytes())
                .finish();
            bytes = seed.to_le_bytes();
        }
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Does `host` (a Host header) name this server?
    pub(crate) fn host_allowed(&self, host: &str) -> bool {
        let Some((name, port)) = host.rsplit_once(':') else { return false };
        if port.parse::<u16>().ok() != Some(self.port) {
            return false;
        }
        let name = name.trim_start_matches('[').trim_end_matches(']');
        name.eq_ignore_ascii_case("localhost")
            || name.parse::<IpAddr>().is_ok()
            || name.eq_ignore_ascii_case(&self.host)
    }
}

fn refuse(why: &str) -> Response {
    (StatusCode::FORBIDDEN, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], why.to_string())
        .into_response()
}

/// The middleware: passes a request on or refuses it.
pub(crate) async fn check(State(access): State<Arc<Access>>, request: Request, next: Next) -> Response {
    let headers = request.headers();
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
    if !access.host_allowed(host) {
        return refuse(
            "refused: the Host header does not name this server (open it as http://127.0.0.1:PORT/)",
        );
    }
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        if access.read_only {
            return refuse("refused: editing is off on this server (--read-only, or served to the network)");
        }
        let origin = headers.get(header::ORIGIN).and_then(|h| h.to_str().ok());
        if origin != Some(&format!("http://{host}")) {
            return refuse("refused: a change must come from this server's own pages (Origin)");
        }
        let token = headers.get(TOKEN_HEADER).and_then(|h| h.to_str().ok());
        if token != Some(access.token.as_str()) {
            return refuse("refused: a change needs this server's token (reload the page)");
        }
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_that_name_the_server() {
        let a = Access { port: 4000, host: "127.0.0.1".into(), token: Access::new_token(), read_only: false };
        assert_eq!(a.token.len(), 32);
        for ok in ["127.0.0.1:4000", "localhost:4000", "[::1]:4000", "192.168.1.5:4000"] {
            assert!(a.host_allowed(ok), "{ok}");
        }
        for bad in ["evil.example:4000", "127.0.0.1:4001", "localhost", "", "attacker.localhost.evil:4000"] {
            assert!(!a.host_allowed(bad), "{bad}");
        }
    }
}
