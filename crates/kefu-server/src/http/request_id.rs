//! `Requestid`: a write (POST, PUT, PATCH, DELETE) carrying the header is applied once per
//! company. The first request of an id reserves it (a unique insert, so concurrent repeats on
//! any instance cannot both run), runs, and its successful answer is stored; a repeat of
//! the same request gets that answer again, a repeat while it runs or with another request
//! a 409. A failed first request (any non-2xx) changed nothing and is forgotten, so its
//! retry runs anew. Rules of the decision: `kefu_domain::request_id`; docs/compat.md.
//!
//! This is a layer over every API route, not code in handlers: it authenticates the caller
//! itself (the id is remembered per company) and hands the identity on, so the handler's
//! extractor does not verify the credentials a second time.

use axum::body::{Body, Bytes, to_bytes};
use axum::extract::{Request, State};
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE, LOCATION};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use kefu_api::ErrorCode;
use kefu_domain::TenantId;
use kefu_domain::request_id::{Replay, RequestId, replay};
use kefu_domain::time::now_micros;
use kefu_store::{RequestAnswer, RequestIdRecord, RequestKey, Reservation};

use crate::http::auth::Identity;
use crate::http::client_address::ClientAddress;
use crate::http::error::ApiError;
use crate::state::AppState;

/// The header, as the hosted API's newer pages name it (header names are case-insensitive).
pub const HEADER: &str = "Requestid";

/// The identity the layer authenticated, for the handler's extractor.
#[derive(Clone)]
pub struct PreAuthenticated(pub Identity);

/// Set on an answer that carries a secret (a new API key's): it is never stored, so a
/// repeat of its request is a 409 rather than the secret again or a second key.
#[derive(Clone, Copy)]
pub struct SecretAnswer;

/// The layer: see the module's description.
pub async fn apply_once(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let writes = matches!(*request.method(), Method::POST | Method::PUT | Method::PATCH | Method::DELETE)
        && applies_to(request.uri().path());
    let Some(raw) = request.headers().get(HEADER).filter(|_| writes) else {
        return next.run(request).await;
    };
    let id = match raw.to_str().map_err(|_| "must be visible ASCII characters".to_owned()).and_then(RequestId::parse) {
        Ok(id) => id,
        Err(message) => return ApiError::field(HEADER, message).into_response(),
    };
    match run_once(&state, id, request, next).await {
        Ok(response) | Err(response) => response,
    }
}

/// The agents' API only. The token endpoints (`/api/token.php`, `/api/v1/getToken…`)
/// authenticate a key pair, not an agent, and answer a secret anyway.
pub fn applies_to(path: &str) -> bool {
    path.starts_with("/api/v1/") && !path.starts_with("/api/v1/getToken")
}

async fn run_once(state: &AppState, id: RequestId, request: Request, next: Next) -> Result<Response, Response> {
    let header = request.headers().get(AUTHORIZATION).map(|v| v.to_str().unwrap_or(""));
    let address = ClientAddress::of(request.extensions());
    let identity =
        state.auth().authenticate(state.store(), header, address).await.map_err(IntoResponse::into_response)?;
    crate::http::access_log::record_caller(identity.tenant, identity.agent);
    let (mut parts, body) = request.into_parts();
    let body = to_bytes(body, state.limits().max_body_bytes).await.map_err(|_| too_large(state))?;
    let path = parts.uri.path_and_query().map_or_else(|| parts.uri.path().to_owned(), |p| p.to_string());
    let key = RequestKey {
        tenant_id: identity.tenant,
        request_id: id.as_str().to_owned(),
        agent_id: identity.agent,
        method: parts.method.to_string(),
        request_hash: request_hash(&identity, parts.method.as_str(), &path, &body),
        path,
    };
    reserve(state, &key).await?;
    parts.extensions.insert(PreAuthenticated(identity));
    let response = next.run(Request::from_parts(parts, Body::from(body))).await;
    Ok(finish(state, key.tenant_id, &key.request_id, response).await)
}

/// Reserves the id, or answers the repeat (Err: the answer to send instead of running).
async fn reserve(state: &AppState, key: &RequestKey) -> Result<(), Response> {
    let mut replacing = None;
    loop {
        let now = now_micros();
        let reservation = state.store().reserve_request_id(key, now, replacing).await.map_err(store_failure)?;
        let Reservation::Seen(seen) = reservation else { return Ok(()) };
        let finished = seen.status.is_some();
        match replay(seen.created_at, now, finished, seen.request_hash == key.request_hash) {
            Replay::Answer => return Err(replayed(seen)),
            Replay::InProgress => {
                return Err(conflict("the first request with this Requestid is still running; retry in a moment"));
            }
            Replay::Mismatch => {
                return Err(conflict("this Requestid was already used for another request; send a new id"));
            }
            // Take the old row over once; a second round finding it again lost a race.
            Replay::Expired if replacing.is_none() => replacing = Some(seen.created_at),
            Replay::Expired => return Err(conflict("another request is taking over this Requestid; retry")),
        }
    }
}

/// Stores a successful answer (or, for a secret, that there was one) and hands it on;
/// forgets the id of a failed request.
async fn finish(state: &AppState, tenant: TenantId, request_id: &str, response: Response) -> Response {
    if !response.status().is_success() {
        if let Err(error) = state.store().release_request_id(tenant, request_id).await {
            tracing::error!(%error, "could not release a Requestid");
        }
        return response;
    }
    let secret = response.extensions().get::<SecretAnswer>().is_some();
    let (parts, body) = response.into_parts();
    // An answer this server rendered; its size is bounded by the request's limits.
    let body = match to_bytes(body, usize::MAX).await {
        Ok(body) => body,
        Err(_) => return ApiError::internal().into_response(),
    };
    let answer = RequestAnswer {
        status: parts.status.as_u16(),
        location: parts.headers.get(LOCATION).and_then(|v| v.to_str().ok()).map(str::to_owned),
        body: (!secret).then(|| String::from_utf8_lossy(&body).into_owned()),
    };
    if let Err(error) = state.store().finish_request_id(tenant, request_id, &answer).await {
        // The write is done: the client gets its answer; a repeat will see "in progress"
        // until the reservation is abandoned (docs/compat.md).
        tracing::error!(%error, "could not store the answer of a Requestid");
    }
    Response::from_parts(parts, Body::from(body))
}

/// The first answer again.
fn replayed(seen: RequestIdRecord) -> Response {
    let Some(body) = seen.answer else {
        return conflict("the first answer to this Requestid carried a secret, which is not kept; send a new id");
    };
    let status = seen.status.and_then(|s| StatusCode::from_u16(s).ok()).unwrap_or(StatusCode::OK);
    let mut response = (status, [(CONTENT_TYPE, HeaderValue::from_static("application/json"))], body).into_response();
    if let Some(location) = seen.location.and_then(|l| HeaderValue::from_str(&l).ok()) {
        response.headers_mut().insert(LOCATION, location);
    }
    response
}

/// Method, path with query, body and the agent: a repeat from another agent of the company
/// is another request (it must not read an answer meant for someone else).
fn request_hash(identity: &Identity, method: &str, path: &str, body: &Bytes) -> String {
    let mut hasher = blake3::Hasher::new();
    for part in [identity.agent.0.to_string().as_bytes(), method.as_bytes(), path.as_bytes()] {
        hasher.update(part);
        hasher.update(&[0]);
    }
    hasher.update(body);
    hasher.finalize().to_hex().to_string()
}

fn conflict(message: &str) -> Response {
    ApiError::new(ErrorCode::Conflict, message).into_response()
}

fn too_large(state: &AppState) -> Response {
    let limit = state.limits().max_body_bytes;
    ApiError::new(ErrorCode::PayloadTooLarge, format!("the request body is larger than {limit} bytes")).into_response()
}

fn store_failure(error: kefu_store::StoreError) -> Response {
    ApiError::from(error).into_response()
}
