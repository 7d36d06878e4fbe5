//! kefu's HTTP server: the Bangwo8 (帮我吧) agent API on axum.
//!
//! [`router`] builds the application for a [`Store`]; [`serve`] runs it on a listener
//! until a shutdown signal, letting requests in flight finish. Tests call `serve` on port
//! 0 and talk to it over HTTP, as any client would.

mod api;
mod auto_close;
mod console;
mod http;
pub mod provision;
mod state;

pub use api::openapi;
pub use http::client_address;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use kefu_store::Store;
use tokio::net::TcpListener;

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
    /// How often the auto-close task looks for solved tickets to close.
    pub auto_close_interval: Duration,
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
            auto_close_interval: Duration::from_secs(60),
        }
    }
}

/// The whole application.
pub fn router(store: Store, config: &Config) -> Router {
    let state = state_for(store, config);
    let metrics = Arc::new(http::metrics::Metrics::new(state.store(), state.auth().sign_ins()));
    application(state, config, metrics)
}

/// The OpenAPI 3.1 document of every route the server answers, as served at
/// `GET /api/v1/openapi.json`.
pub fn openapi_document() -> utoipa::openapi::OpenApi {
    api::routes().into_parts().1
}

fn application(state: AppState, config: &Config, metrics: Arc<http::metrics::Metrics>) -> Router {
    let timeout = config.request_timeout;
    let trusted_proxies = config.trusted_proxies.clone();
    let (routes, document) = api::routes().into_parts();
    routes
        .layer(axum::Extension(api::openapi::Document::new(&document)))
        // A write with a Requestid header is applied once per company (inside the audit
        // layer, so a replayed answer is not audited as a second write).
        .layer(middleware::from_fn_with_state(state.clone(), http::request_id::apply_once))
        // Browsers' cross-site writes; the console has CSRF tokens of its own.
        .layer(middleware::from_fn_with_state(state.clone(), http::cross_site::guard))
        // The browser console: HTML pages, not part of the API or its document.
        .merge(console::routes(&state))
        .fallback(api::system::not_found)
        .method_not_allowed_fallback(api::system::method_not_allowed)
        .layer(middleware::from_fn_with_state(state.clone(), http::audit::record_writes))
        .with_state(state)
        .layer(DefaultBodyLimit::max(config.limits.max_body_bytes))
        .layer(middleware::from_fn(move |req: Request, next: Next| time_limit(timeout, req, next)))
        .layer(middleware::from_fn(http::headers::add))
        .layer(middleware::from_fn_with_state(metrics, http::access_log::observe))
        // Outermost: every layer and handler inside (the access log too) sees the client's
        // address.
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
    serve_with_metrics(store, config, listener, None, shutdown).await
}

/// Where Prometheus metrics are served: a listener of their own, and optionally a Bearer
/// token a scrape must present.
pub struct MetricsEndpoint {
    pub listener: TcpListener,
    pub token: Option<String>,
}

/// [`serve`], and `GET /metrics` on the metrics endpoint when there is one.
pub async fn serve_with_metrics(
    store: Store,
    config: Config,
    listener: TcpListener,
    metrics_endpoint: Option<MetricsEndpoint>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let state = state_for(store, &config);
    let metrics = Arc::new(http::metrics::Metrics::new(state.store(), state.auth().sign_ins()));
    let app = application(state.clone(), &config, metrics.clone());
    let (stop, stopped) = tokio::sync::watch::channel(());
    let scrapes = metrics_endpoint.map(|endpoint| {
        let app = http::metrics::router(metrics, state.store().clone(), endpoint.token);
        let mut stopped = stopped.clone();
        let limits = ConnectionLimits { max_connections: 64, ..config.connections };
        // The scraper is an operator's, not a client behind the proxy: no forwarded addresses.
        let no_proxies = TrustedProxies::default();
        tokio::spawn(http::listener::run(app, endpoint.listener, limits, no_proxies, async move {
            let _ = stopped.changed().await;
        }))
    });
    let auto_close = tokio::spawn(auto_close::run(state.app().clone(), config.auto_close_interval, stopped.clone()));
    // From the signal on, /readyz answers 503 on connections still open, so balancers
    // stop sending work while requests in flight finish.
    let shutdown = async move {
        shutdown.await;
        state.begin_shutdown();
        let _ = stop.send(());
    };
    let served = http::listener::run(app, listener, config.connections, config.trusted_proxies.clone(), shutdown).await;
    if let Some(scrapes) = scrapes {
        let _ = scrapes.await;
    }
    let _ = auto_close.await;
    served
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
