//! What an operator watches, on a `kefu serve` child process: JSON access-log lines with
//! the request id and client address, failed and throttled sign-ins as warnings without
//! the password, no colour codes in a log file, and Prometheus metrics on their own
//! listener — parsed by a real text-format parser, counters moving with the traffic.

use std::collections::HashMap;
use std::process::Stdio;

use openmetrics_parser::prometheus::parse_prometheus;
use openmetrics_parser::{MetricsExposition, PrometheusType, PrometheusValue};
use reqwest::Method;
use serde_json::Value;

use crate::support::Session;
use crate::support::postgres::TestDatabase;
use crate::support::process::{Server, free_port};

const ADMIN_PASSWORD: &str = "admin-pass-1";
const WRONG_PASSWORD: &str = "Wrong-Password-7Qx";
const METRICS_TOKEN: &str = "scrape-token-123";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_access_log_names_request_and_client_and_warns_of_failed_sign_ins() {
    let dir = tempfile::tempdir().expect("temp dir");
    let database = format!("sqlite://{}", dir.path().join("kefu.db").display());
    let log_path = dir.path().join("kefu.log");
    let log = std::fs::File::create(&log_path).expect("log file");
    let server = Server::start_logging_to(
        &database,
        &["--log-format", "json", "--login-failures-per-account-and-address", "2"],
        &[("KEFU_ADMIN_PASSWORD", ADMIN_PASSWORD)],
        Stdio::from(log),
    )
    .await;
    let anonymous = Session::new(reqwest::Client::new(), server.base.clone(), None);

    // An incoming request id is kept and echoed; an unusable one is replaced.
    let chosen = anonymous.send(Method::GET, "/healthz", None, &[("X-Request-Id", "ops-test-1")]).await;
    assert_eq!(chosen.header("x-request-id"), Some("ops-test-1"));
    let replaced = anonymous.send(Method::GET, "/healthz", None, &[("X-Request-Id", "two words")]).await;
    let generated = replaced.header("x-request-id").unwrap_or_default().to_owned();
    assert!(generated.len() == 32 && generated.bytes().all(|b| b.is_ascii_hexdigit()), "{generated:?}");

    let signed_in = server.session("admin", ADMIN_PASSWORD);
    let own = signed_in.send(Method::GET, "/api/v1/supports/1.json", None, &[("X-Request-Id", "ops-test-own")]).await;
    own.assert_status(200);

    // Two wrong passwords, then the throttle (2 per account and address here) refuses the third.
    let intruder = server.session("admin", WRONG_PASSWORD);
    intruder.get("/api/v1/supports.json").await.assert_status(401);
    intruder.get("/api/v1/supports.json").await.assert_status(401);
    intruder.get("/api/v1/supports.json").await.assert_status(429);
    server.session("nobody-here", WRONG_PASSWORD).get("/api/v1/supports.json").await.assert_status(401);
    signed_in.get("/api/v1/supports/1.json").await.assert_status(429); // the account is still throttled

    assert!(server.terminate().success());
    let text = std::fs::read_to_string(&log_path).expect("read the log");
    assert!(!text.contains(WRONG_PASSWORD) && !text.contains(ADMIN_PASSWORD), "no password in the log:\n{text}");
    let lines: Vec<Value> = text
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("not a JSON line ({e}): {line}")))
        .collect();
    let answered = |id: &str| {
        lines.iter().find(|l| l["message"] == "answered" && l["request_id"] == id).cloned().unwrap_or_default()
    };
    let first = answered("ops-test-1");
    assert_eq!(first["client"], "127.0.0.1", "{first}");
    assert_eq!((first["status"].as_u64(), first["route"].as_str()), (Some(200), Some("/healthz")), "{first}");
    assert_eq!(first["method"], "GET", "{first}");
    assert!(first["latency_us"].is_u64() && first["level"] == "INFO" && first["timestamp"].is_string(), "{first}");
    assert_eq!(answered(&generated)["status"], 200, "the generated id is the one logged");
    // Every request has its line, each with an id and the client's address.
    let requests: Vec<&Value> = lines.iter().filter(|l| l["message"] == "answered").collect();
    assert!(requests.len() >= 7, "{text}");
    assert!(requests.iter().all(|l| l["request_id"].is_string() && l["client"] == "127.0.0.1"));
    // Requests that authenticated name the tenant and agent; the others do not.
    assert!(first.get("tenant").is_none() && first.get("agent").is_none(), "{first}");
    let own = answered("ops-test-own");
    assert_eq!(
        (own["tenant"].as_u64(), own["agent"].as_u64(), own["route"].as_str()),
        (Some(1), Some(1), Some("/api/v1/supports/{id}")),
        "{own}"
    );

    let warnings = |message: &str| -> Vec<&Value> {
        lines.iter().filter(|l| l["message"] == message && l["level"] == "WARN").collect()
    };
    let failed = warnings("sign-in failed");
    let wrong: Vec<_> = failed.iter().filter(|l| l["account"] == "admin" && l["reason"] == "wrong password").collect();
    assert_eq!(wrong.len(), 2, "{failed:?}");
    assert!(wrong.iter().all(|l| l["client"] == "127.0.0.1" && l["credential"] == "password"), "{wrong:?}");
    // Each warning names its request, whose access line says 401.
    for warning in &wrong {
        assert_eq!(answered(warning["request_id"].as_str().unwrap_or("-"))["status"], 401, "{warning}");
    }
    assert!(failed.iter().any(|l| l["account"] == "nobody-here" && l["reason"] == "unknown account"), "{failed:?}");
    let refused = warnings("sign-in refused: too many failures");
    assert_eq!(refused.len(), 2, "{refused:?}");
    assert!(
        refused.iter().all(|l| l["account"] == "admin" && l["client"] == "127.0.0.1" && l["retry_after_s"].is_u64())
    );
}

/// A text log written to a file carries no terminal colour codes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_text_log_in_a_file_has_no_colour_codes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let database = format!("sqlite://{}", dir.path().join("kefu.db").display());
    let log_path = dir.path().join("kefu.log");
    let log = std::fs::File::create(&log_path).expect("log file");
    let server = Server::start_logging_to(&database, &[], &[], Stdio::from(log)).await;
    Session::new(reqwest::Client::new(), server.base.clone(), None).get("/nowhere").await.assert_status(404);
    assert!(server.terminate().success());
    let text = std::fs::read_to_string(&log_path).expect("read the log");
    assert!(text.contains("answered") && text.contains("route=\"unmatched\""), "{text}");
    assert!(!text.contains('\u{1b}'), "ANSI escape codes in a log file:\n{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_count_traffic_on_their_own_listener_sqlite() {
    let dir = tempfile::tempdir().expect("temp dir");
    let database = format!("sqlite://{}", dir.path().join("kefu.db").display());
    metrics_count_traffic(&database, "SQLite").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_count_traffic_on_their_own_listener_postgres() {
    let Some(db) = TestDatabase::create().await else { return };
    metrics_count_traffic(&db.url, "PostgreSQL").await;
    db.drop_database().await;
}

async fn metrics_count_traffic(database: &str, backend: &str) {
    let metrics_base = format!("127.0.0.1:{}", free_port());
    let server = Server::start(
        database,
        &["--metrics-listen", &metrics_base, "--metrics-token", METRICS_TOKEN],
        &[("KEFU_ADMIN_PASSWORD", ADMIN_PASSWORD)],
    )
    .await;
    let metrics = Session::new(reqwest::Client::new(), format!("http://{metrics_base}"), None);
    let refused = metrics.get("/metrics").await;
    assert_eq!(refused.status, 401, "a scrape without the token is refused");
    assert!(refused.header("www-authenticate").unwrap_or_default().starts_with("Bearer"));
    let anonymous = Session::new(reqwest::Client::new(), server.base.clone(), None);
    anonymous.get("/metrics").await.assert_status(404);

    let before = scrape(&metrics).await;
    for _ in 0..5 {
        anonymous.get("/healthz").await.assert_status(200);
    }
    let admin = server.session("admin", ADMIN_PASSWORD);
    for _ in 0..3 {
        admin.get("/api/v1/supports/1.json").await.assert_status(200);
    }
    let intruder = server.session("admin", WRONG_PASSWORD);
    for _ in 0..2 {
        intruder.get("/api/v1/supports/1.json").await.assert_status(401);
    }
    anonymous.get("/no/such/route").await.assert_status(404);
    // Both spellings of a literal path are one operation: one label, the `.json` one.
    admin.get("/api/v1/supports.json").await.assert_status(200);
    admin.get("/api/v1/supports").await.assert_status(200);
    let after = scrape(&metrics).await;

    let moved = |name: &str, labels: &[(&str, &str)]| after.value(name, labels) - before.value(name, labels);
    let agent = [("method", "GET"), ("route", "/api/v1/supports/{id}")];
    assert_eq!(moved("kefu_http_requests_total", &[("route", "/healthz"), ("status", "200")]), 5.0);
    assert_eq!(moved("kefu_http_requests_total", &[agent[0], agent[1], ("status", "200")]), 3.0);
    assert_eq!(moved("kefu_http_requests_total", &[agent[0], agent[1], ("status", "401")]), 2.0);
    assert_eq!(moved("kefu_http_requests_total", &[("route", "unmatched"), ("status", "404")]), 1.0);
    let list = [("method", "GET"), ("route", "/api/v1/supports.json"), ("status", "200")];
    assert_eq!(moved("kefu_http_requests_total", &list), 2.0);
    assert!(!after.has("kefu_http_requests_total", &[("route", "/api/v1/supports")]));
    assert_eq!(moved("kefu_sign_in_failures_total", &[("credential", "password")]), 2.0);
    let latency = "kefu_http_request_duration_seconds";
    let ((count_before, _), (count_after, seconds)) =
        (before.histogram(latency, &agent), after.histogram(latency, &agent));
    assert_eq!(count_after - count_before, 5.0, "every request of the route observed");
    assert!(seconds > 0.0);
    assert_eq!(after.value("kefu_build_info", &[("backend", backend), ("version", env!("CARGO_PKG_VERSION"))]), 1.0);
    assert!(after.value("kefu_db_connections", &[("pool", "read"), ("state", "open")]) >= 1.0);
    assert!(after.value("kefu_db_max_connections", &[]) >= 1.0);
    for queue in ["writer", "signins", "audit"] {
        assert!(after.has("kefu_db_write_queue_depth", &[("queue", queue)]), "queue {queue}");
    }
    assert!(after.value("process_start_time_seconds", &[]) > 1.7e9);
    // Scrapes are not requests of the API.
    assert!(!after.has("kefu_http_requests_total", &[("route", "/metrics")]));
    assert!(server.terminate().success());
}

/// One scrape, parsed.
struct Scrape(MetricsExposition<PrometheusType, PrometheusValue>);

async fn scrape(metrics: &Session) -> Scrape {
    let bearer = format!("Bearer {METRICS_TOKEN}");
    let reply = metrics.send(Method::GET, "/metrics", None, &[("Authorization", bearer.as_str())]).await;
    reply.assert_status(200);
    assert!(reply.header("content-type").unwrap_or_default().starts_with("text/plain; version=0.0.4"));
    let parsed = parse_prometheus(&reply.text);
    Scrape(parsed.unwrap_or_else(|e| panic!("not the Prometheus text format ({e:?}):\n{}", reply.text)))
}

impl Scrape {
    /// The values of the samples of family `name` whose labels include `labels`.
    fn matching(&self, name: &str, labels: &[(&str, &str)]) -> Vec<PrometheusValue> {
        let Some(family) = self.0.families.get(name) else { return Vec::new() };
        family
            .iter_samples()
            .filter(|sample| {
                let set = sample.get_labelset().expect("labels");
                let found: HashMap<&str, &str> = set.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                labels.iter().all(|(k, v)| found.get(k) == Some(v))
            })
            .map(|sample| sample.value.clone())
            .collect()
    }

    fn has(&self, name: &str, labels: &[(&str, &str)]) -> bool {
        !self.matching(name, labels).is_empty()
    }

    /// The sum of the counters or gauges of that name whose labels include `labels`; 0 if none.
    fn value(&self, name: &str, labels: &[(&str, &str)]) -> f64 {
        self.matching(name, labels)
            .into_iter()
            .map(|value| match value {
                PrometheusValue::Counter(counter) => counter.value.as_f64(),
                PrometheusValue::Gauge(number) | PrometheusValue::Unknown(number) => number.as_f64(),
                other => panic!("{name} is not a single value: {other:?}"),
            })
            .sum()
    }

    /// Observations of a histogram, and the sum of their values.
    fn histogram(&self, name: &str, labels: &[(&str, &str)]) -> (f64, f64) {
        self.matching(name, labels).into_iter().fold((0.0, 0.0), |(count, sum), value| match value {
            PrometheusValue::Histogram(histogram) => {
                let observed =
                    histogram.buckets.iter().filter(|b| b.upper_bound.is_infinite()).map(|b| b.count.as_f64());
                (count + observed.sum::<f64>(), sum + histogram.sum.map_or(0.0, |s| s.as_f64()))
            }
            other => panic!("{name} is not a histogram: {other:?}"),
        })
    }
}
