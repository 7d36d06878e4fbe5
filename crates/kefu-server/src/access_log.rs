//! The access log and request metrics: one middleware around every request.
//!
//! Each request gets a span carrying its method, route template, request id and client
//! address — so every line logged while it is answered (a failed sign-in, a store error)
//! names them too — and, once authenticated, the tenant and agent. When the answer's
//! headers are ready, one `answered` line with status and latency, the request counted in
//! the metrics, and the request id echoed in `X-Request-Id`. Never the query string,
//! headers or body, which may carry credentials.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::Response;
use kefu_api::ErrorCode;
use tracing::Instrument;
use tracing::field::Empty;

use crate::metrics::Metrics;

/// The header a request id arrives in (from a proxy or client) and is echoed in.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");
/// The longest incoming request id kept; longer ones are replaced by a generated id.
const MAX_REQUEST_ID_CHARS: usize = 64;
/// Logged and counted as the route of requests that matched none.
const UNMATCHED: &str = "unmatched";

pub async fn observe(State(metrics): State<Arc<Metrics>>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let id = request_id(request.headers());
    let method = method_label(request.method());
    let route = request.extensions().get::<MatchedPath>().map_or(UNMATCHED, MatchedPath::as_str).to_owned();
    let client = client_address(&request);
    let span = tracing::info_span!(
        "request",
        method,
        route = route.as_str(),
        request_id = id.as_str(),
        client = client.map(display),
        tenant = Empty,
        agent = Empty,
    );
    let in_flight = metrics.in_flight();
    let mut response = next.run(request).instrument(span.clone()).await;
    drop(in_flight);
    let latency = started.elapsed();
    let status = response.status().as_u16();
    metrics.observe(method, &route, status, latency);
    span.in_scope(|| log_answer(status, latency));
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    response
}

/// The client's address. The one place the access log reads it: for now the connection's
/// peer.
fn client_address(request: &Request) -> Option<IpAddr> {
    request.extensions().get::<ConnectInfo<SocketAddr>>().map(|info| info.0.ip())
}

fn log_answer(status: u16, latency: Duration) {
    let latency_ms = latency.as_secs_f64() * 1000.0;
    if status >= ErrorCode::Internal.status() {
        tracing::warn!(status, latency_ms, "answered");
    } else {
        tracing::info!(status, latency_ms, "answered");
    }
}

/// The incoming `X-Request-Id` when it is sane — short, and only characters that cannot
/// break a log line or a header — otherwise a new random one (128 bits, hexadecimal).
fn request_id(headers: &HeaderMap) -> String {
    let incoming = headers.get(REQUEST_ID).and_then(|value| value.to_str().ok()).filter(|id| is_sane_request_id(id));
    match incoming {
        Some(id) => id.to_owned(),
        None => format!("{:032x}", rand::random::<u128>()),
    }
}

fn is_sane_request_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_REQUEST_ID_CHARS
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':' | b'=' | b'+' | b'/'))
}

/// The method as a label: the standard ones by name, anything else as `OTHER`, so that
/// clients cannot create series without bound.
fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::PATCH => "PATCH",
        Method::HEAD => "HEAD",
        Method::OPTIONS => "OPTIONS",
        _ => "OTHER",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sane_request_ids_are_kept_and_others_replaced() {
        for kept in ["abc", "3f2a-19c0_ab.cd:1", "Root=1-5759e988+bd862e3f/x", &"a".repeat(64)] {
            let mut headers = HeaderMap::new();
            headers.insert(REQUEST_ID, HeaderValue::from_str(kept).expect("header"));
            assert_eq!(request_id(&headers), kept);
        }
        for replaced in ["", "has space", "quote\"d", "new\u{7f}line", &"a".repeat(65), "中文"] {
            let mut headers = HeaderMap::new();
            if let Ok(value) = HeaderValue::from_bytes(replaced.as_bytes()) {
                headers.insert(REQUEST_ID, value);
            }
            let id = request_id(&headers);
            assert!(
                id != replaced && id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()),
                "{replaced:?} → {id}"
            );
        }
        assert_ne!(request_id(&HeaderMap::new()), request_id(&HeaderMap::new()), "generated ids differ");
    }

    #[test]
    fn unusual_methods_share_one_label() {
        assert_eq!(method_label(&Method::GET), "GET");
        assert_eq!(method_label(&Method::from_bytes(b"BREW").expect("method")), "OTHER");
    }
}
