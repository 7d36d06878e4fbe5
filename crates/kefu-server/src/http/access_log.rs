//! The access log and request metrics: one middleware around every request.
//!
//! When the answer's headers are ready: one `answered` line with method, route template,
//! status, latency, request id, client address and — once authenticated — tenant and agent;
//! the request counted in the metrics; the request id echoed in `X-Request-Id`. Never the
//! query string, headers or body, which may carry credentials.
//!
//! The request's id and address live in a task-local [`RequestContext`] rather than in a
//! tracing span: a span per request (formatted at creation, entered and left at every
//! poll) cost three times what the line itself costs. Lines logged while a request is
//! answered name it through [`current_request_id`].

use std::net::IpAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::Response;
use kefu_api::ErrorCode;
use kefu_domain::{AgentId, TenantId};

use crate::api::openapi::route_label;
use crate::http::metrics::Metrics;

/// The header a request id arrives in (from a proxy or client) and is echoed in.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");
/// The longest incoming request id kept; longer ones are replaced by a generated id.
const MAX_REQUEST_ID_CHARS: usize = 64;
/// Logged and counted as the route of requests that matched none.
const UNMATCHED: &str = "unmatched";

tokio::task_local! {
    static REQUEST: Arc<RequestContext>;
}

/// What the log knows of the request being answered.
struct RequestContext {
    id: String,
    /// Who it acts as, once authenticated (0: not yet).
    tenant: AtomicI64,
    agent: AtomicI64,
}

/// The id of the request this task is answering, for lines logged on the way.
pub fn current_request_id() -> Option<String> {
    REQUEST.try_with(|request| request.id.clone()).ok()
}

/// Names the authenticated caller in the request's access-log line.
pub fn record_caller(tenant: TenantId, agent: AgentId) {
    let _ = REQUEST.try_with(|request| {
        request.tenant.store(tenant.0, Ordering::Relaxed);
        request.agent.store(agent.0, Ordering::Relaxed);
    });
}

pub async fn observe(State(metrics): State<Arc<Metrics>>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = method_label(request.method());
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| UNMATCHED.to_owned(), |matched| route_label(matched.as_str()));
    let client = client_address(&request);
    let context = Arc::new(RequestContext {
        id: request_id(request.headers()),
        tenant: AtomicI64::new(0),
        agent: AtomicI64::new(0),
    });
    let in_flight = metrics.in_flight();
    let answer = kefu_app::request_log::scope(context.id.clone(), next.run(request));
    let mut response = REQUEST.scope(context.clone(), answer).await;
    drop(in_flight);
    let latency = started.elapsed();
    let status = response.status().as_u16();
    metrics.observe(method, &route, status, latency);
    log_answer(&context, method, &route, client, status, latency);
    if let Ok(value) = HeaderValue::from_str(&context.id) {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    response
}

/// The client's address, as the client-address layer (outside this one) resolved it:
/// the peer, or behind a trusted proxy the forwarded client.
fn client_address(request: &Request) -> Option<IpAddr> {
    crate::http::client_address::ClientAddress::of(request.extensions())
}

fn log_answer(
    request: &RequestContext,
    method: &'static str,
    route: &str,
    client: Option<IpAddr>,
    status: u16,
    latency: Duration,
) {
    let latency_us = u64::try_from(latency.as_micros()).unwrap_or(u64::MAX);
    let known = |id: &AtomicI64| Some(id.load(Ordering::Relaxed)).filter(|id| *id != 0);
    let (tenant, agent) = (known(&request.tenant), known(&request.agent));
    let request_id = request.id.as_str();
    if status >= ErrorCode::Internal.status() {
        tracing::warn!(
            method,
            route,
            status,
            latency_us,
            request_id,
            client = client.map(display),
            tenant,
            agent,
            "answered"
        );
    } else {
        tracing::info!(
            method,
            route,
            status,
            latency_us,
            request_id,
            client = client.map(display),
            tenant,
            agent,
            "answered"
        );
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
