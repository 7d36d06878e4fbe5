//! Prometheus metrics: requests by route template and status, latency histograms, the
//! database pools and write queues, sign-in failures, build information.
//!
//! Served only on a listener of their own (`--metrics-listen`, off by default) and, when
//! `--metrics-token` is set, only to `Authorization: Bearer <token>`: request counts and
//! pool sizes tell an outsider about the load and the deployment, and an unauthenticated
//! path on the public port is one more thing to protect. Each server has its own registry
//! (prometheus-client, no process-wide recorder), so servers in one process — the test
//! suite runs many — never mix their numbers.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use axum::Router;
use axum::extract::State;
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE, WWW_AUTHENTICATE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use kefu_store::Store;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::encoding::prometheus_text;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;
use subtle::ConstantTimeEq;

use crate::http::sign_in_log::SignInLog;

/// Upper bounds of the latency buckets, in seconds: from a cached point read (well under
/// a millisecond) to the request timeout.
const LATENCY_BUCKETS: [f64; 14] =
    [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: &'static str,
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    method: &'static str,
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct PoolLabels {
    pool: &'static str,
    state: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct QueueLabels {
    queue: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct BuildLabels {
    version: &'static str,
    backend: &'static str,
}

fn latency_histogram() -> Histogram {
    Histogram::new(LATENCY_BUCKETS)
}

/// One server's metrics.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram, fn() -> Histogram>,
    in_flight: Gauge,
    connections: Family<PoolLabels, Gauge>,
    max_connections: Gauge,
    queues: Family<QueueLabels, Gauge>,
}

impl Metrics {
    /// A registry with every metric of the server; `sign_ins` are the authenticator's
    /// counters, exported here.
    pub fn new(store: &Store, sign_ins: &SignInLog) -> Self {
        let mut registry = Registry::default();
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "kefu_http_requests",
            "HTTP requests answered, by method, route template and status",
            requests.clone(),
        );
        let latency = Family::<RouteLabels, Histogram, fn() -> Histogram>::new_with_constructor(latency_histogram);
        registry.register(
            "kefu_http_request_duration_seconds",
            "Time from a request's arrival to its answer's headers, by method and route template",
            latency.clone(),
        );
        let in_flight = Gauge::default();
        registry.register("kefu_http_requests_in_flight", "Requests being answered now", in_flight.clone());
        let connections = Family::<PoolLabels, Gauge>::default();
        registry.register(
            "kefu_db_connections",
            "Database connections of each pool (read, write; one shared pool on PostgreSQL), open or idle",
            connections.clone(),
        );
        let max_connections = Gauge::default();
        registry.register(
            "kefu_db_max_connections",
            "The most connections a pool may open (--db-connections)",
            max_connections.clone(),
        );
        let queues = Family::<QueueLabels, Gauge>::default();
        registry.register(
            "kefu_db_write_queue_depth",
            "Writes waiting for SQLite's writer (writer), and sign-ins and audit entries waiting to be committed together",
            queues.clone(),
        );
        sign_ins.register(&mut registry);

        let build = Family::<BuildLabels, Gauge>::default();
        build
            .get_or_create(&BuildLabels { version: env!("CARGO_PKG_VERSION"), backend: store.backend().name() })
            .set(1);
        registry.register("kefu_build_info", "Always 1; the labels say which kefu runs on which database", build);
        let started: Gauge = Gauge::default();
        let since_epoch = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).unwrap_or_default();
        started.set(i64::try_from(since_epoch.as_secs()).unwrap_or(i64::MAX));
        registry.register(
            "process_start_time_seconds",
            "Start time of the process since the Unix epoch, in seconds",
            started,
        );

        Metrics { registry, requests, latency, in_flight, connections, max_connections, queues }
    }

    /// Counts an answered request. `route` is the matched route template, never the
    /// request's own path, so the number of series stays bounded.
    pub fn observe(&self, method: &'static str, route: &str, status: u16, latency: Duration) {
        let route = route.to_owned();
        self.latency.get_or_create(&RouteLabels { method, route: route.clone() }).observe(latency.as_secs_f64());
        self.requests.get_or_create(&RequestLabels { method, route, status }).inc();
    }

    /// Counts a request in flight until the returned guard is dropped.
    pub fn in_flight(&self) -> InFlight {
        self.in_flight.inc();
        InFlight(self.in_flight.clone())
    }

    /// The text exposition format (version 0.0.4), with the pools and queues read now.
    fn render(&self, store: &Store) -> String {
        let stats = store.stats();
        let gauge = |value: usize| i64::try_from(value).unwrap_or(i64::MAX);
        let pool = |pool, state, value: i64| self.connections.get_or_create(&PoolLabels { pool, state }).set(value);
        pool("read", "open", i64::from(stats.read_connections));
        pool("read", "idle", gauge(stats.read_idle));
        pool("write", "open", i64::from(stats.write_connections));
        pool("write", "idle", gauge(stats.write_idle));
        self.max_connections.set(i64::from(stats.max_connections));
        for (queue, depth) in
            [("writer", stats.write_queue), ("signins", stats.signin_queue), ("audit", stats.audit_queue)]
        {
            self.queues.get_or_create(&QueueLabels { queue }).set(gauge(depth));
        }
        let mut text = String::with_capacity(16 * 1024);
        // Writing into a String cannot fail.
        let _ = prometheus_text::encode(&mut text, &self.registry);
        text
    }
}

/// See [`Metrics::in_flight`].
pub struct InFlight(Gauge);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.dec();
    }
}

/// What the metrics listener serves: `GET /metrics`, nothing else.
pub fn router(metrics: Arc<Metrics>, store: Store, token: Option<String>) -> Router {
    let endpoint = Arc::new(Endpoint { metrics, store, token });
    Router::new().route("/metrics", get(scrape)).with_state(endpoint)
}

struct Endpoint {
    metrics: Arc<Metrics>,
    store: Store,
    /// `--metrics-token`: required as a Bearer token when set.
    token: Option<String>,
}

async fn scrape(State(endpoint): State<Arc<Endpoint>>, headers: HeaderMap) -> Response {
    if let Some(expected) = &endpoint.token {
        let presented = headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
            .unwrap_or("");
        if !bool::from(presented.trim().as_bytes().ct_eq(expected.as_bytes())) {
            let mut refused =
                (StatusCode::UNAUTHORIZED, "metrics require the bearer token set by --metrics-token\n").into_response();
            refused.headers_mut().insert(WWW_AUTHENTICATE, HeaderValue::from_static("Bearer realm=\"kefu metrics\""));
            return refused;
        }
    }
    let mut response = endpoint.metrics.render(&endpoint.store).into_response();
    response.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static(prometheus_text::CONTENT_TYPE));
    response
}
