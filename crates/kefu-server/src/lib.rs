//! kefu's HTTP server: the Bangwo8 (帮我吧) agent API on axum.
//!
//! [`router`] builds the application for a [`Store`]; [`serve`] runs it on a listener
//! until a shutdown signal, letting requests in flight finish. Tests call `serve` on port
//! 0 and talk to it over HTTP, as any client would.

mod api;
mod console;
mod http;
pub mod provision;
mod state;

pub use api::openapi;
pub use http::client_address;

use std::future::Future;
use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use kefu_api::ErrorCode;
use kefu_store::Store;
use tokio::net::TcpListener;
use tower_http::trace::TraceLayer;

pub use http::client_address::TrustedProxies;
pub use http::error::ApiError;
pub use http::listener::ConnectionLimits;
pub use http::throttle::ThrottleConfig;
pub use state::AppState;

/// Server settings beyond the database.
#[derive(Debug, Clone)]
pub struct Config {
    /// The base of absolute URLs in answers; without it, the request's Host header.
    pub public_url: Option<String>,
    /// A request taking longer is answered 503.
    pub request_timeout: Duration,
    /// How long an OAuth2 access token lives.
    pub token_ttl: Duration,
    /// Brute-force throttling of failed sign-ins.
    pub throttle: ThrottleConfig,
    /// Open connections and slow clients.
    pub connections: ConnectionLimits,
    /// Sizes of what one request may ask for.
    pub limits: RequestLimits,
    /// Reverse proxies whose forwarded client addresses are believed.
    pub trusted_proxies: TrustedProxies,
}

/// What one request may carry or ask for; each a flag of `kefu serve`.
#[derive(Debug, Clone, Copy)]
pub struct RequestLimits {
    /// Request body bytes (413 beyond).
    pub max_body_bytes: usize,
    /// Ids in one `show_many`.
    pub max_show_many_ids: usize,
    /// Characters of a search `query`.
    pub max_query_chars: usize,
    /// Schedules created by one `POST /schedules.json`.
    pub max_schedules_per_batch: usize,
}

impl Default for RequestLimits {
    fn default() -> Self {
        use kefu_domain::limits::*;
        RequestLimits {
            max_body_bytes: MAX_BODY_BYTES,
            max_show_many_ids: MAX_SHOW_MANY_IDS,
            max_query_chars: MAX_SEARCH_QUERY_CHARS,
            max_schedules_per_batch: MAX_SCHEDULES_PER_BATCH,
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            public_url: None,
            request_timeout: Duration::from_secs(30),
            token_ttl: Duration::from_secs(kefu_domain::limits::DEFAULT_TOKEN_TTL_SECONDS),
            throttle: ThrottleConfig::default(),
            connections: ConnectionLimits::default(),
            limits: RequestLimits::default(),
            trusted_proxies: TrustedProxies::default(),
        }
    }
}

/// The whole application.
pub fn router(store: Store, config: &Config) -> Router {
    application(state_for(store, config), config)
}

/// The OpenAPI 3.1 document of every route the server answers, as served at
/// `GET /api/v1/openapi.json`.
pub fn openapi_document() -> utoipa::openapi::OpenApi {
    api::routes().into_parts().1
}

fn application(state: AppState, config: &Config) -> Router {
    let timeout = config.request_timeout;
    let trusted_proxies = config.trusted_proxies.clone();
    let (routes, document) = api::routes().into_parts();
    routes
        .layer(axum::Extension(api::openapi::Document::new(&document)))
        // Browsers' cross-site writes; the console has CSRF tokens of its own.
        .layer(middleware::from_fn_with_state(state.clone(), http::cross_site::guard))
        // The browser console: HTML pages, not part of the API or its document.
        .merge(console::routes())
        .fallback(api::system::not_found)
        .method_not_allowed_fallback(api::system::method_not_allowed)
        .layer(middleware::from_fn_with_state(state.clone(), http::audit::record_writes))
        .with_state(state)
        .layer(DefaultBodyLimit::max(config.limits.max_body_bytes))
        .layer(middleware::from_fn(move |req: Request, next: Next| time_limit(timeout, req, next)))
        .layer(middleware::from_fn(http::headers::add))
        .layer(TraceLayer::new_for_http().make_span_with(request_span).on_response(log_response))
        // Outermost: every layer and handler inside sees the client's address.
        .layer(middleware::from_fn(move |req: Request, next: Next| {
            http::client_address::layer(trusted_proxies.clone(), req, next)
        }))
}

/// Serves until `shutdown` resolves, then stops accepting and lets requests in flight
/// finish.
pub async fn serve(
    store: Store,
    config: Config,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let state = state_for(store, &config);
    let app = application(state.clone(), &config);
    // From the signal on, /readyz answers 503 on connections still open, so balancers
    // stop sending work while requests in flight finish.
    let shutdown = async move {
        shutdown.await;
        state.begin_shutdown();
    };
    http::listener::run(app, listener, config.connections, config.trusted_proxies.clone(), shutdown).await
}

fn state_for(store: Store, config: &Config) -> AppState {
    AppState::new(store, config.public_url.clone(), config.token_ttl, config.throttle, config.limits)
}

async fn time_limit(limit: Duration, req: Request, next: Next) -> Response {
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(response) => response,
        Err(_) => ApiError::unavailable(format!("the request took longer than {} s", limit.as_secs())).into_response(),
    }
}

/// One span per request: method, route, client address, and (once authenticated) tenant
/// and agent. Never the query string, headers or body, which may carry credentials.
fn request_span(req: &Request) -> tracing::Span {
    let route = req.extensions().get::<MatchedPath>().map_or("unmatched", MatchedPath::as_str);
    tracing::info_span!(
        "request",
        method = %req.method(),
        route,
        client = %http::client_address::ClientAddress::text(req.extensions()),
        tenant = tracing::field::Empty,
        agent = tracing::field::Empty,
    )
}

fn log_response(response: &Response, latency: Duration, _span: &tracing::Span) {
    let status = response.status().as_u16();
    let latency_ms = latency.as_secs_f64() * 1000.0;
    if status >= ErrorCode::Internal.status() {
        tracing::warn!(status, latency_ms, "answered");
    } else {
        tracing::info!(status, latency_ms, "answered");
    }
}
