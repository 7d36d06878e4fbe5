//! Slow and idle clients cannot hold connections forever; readiness during shutdown.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::support::TestApp;

fn config(max_connections: usize) -> kefu_server::Config {
    let connections = kefu_server::ConnectionLimits {
        max_connections,
        max_connections_per_address: None,
        header_read_timeout: Duration::from_millis(800),
    };
    kefu_server::Config { connections, ..kefu_server::Config::default() }
}

/// A client that starts a request and never finishes its headers is disconnected.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_client_is_disconnected() {
    let Some(app) = TestApp::spawn_with(kefu_store::Backend::Sqlite, config(100)).await else { return };
    let mut slow = TcpStream::connect(app.base.trim_start_matches("http://")).await.expect("connect");
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: kefu\r\n").await.expect("write part of the head");
    let mut buffer = [0_u8; 512];
    let read = tokio::time::timeout(Duration::from_secs(10), slow.read(&mut buffer)).await;
    assert!(matches!(read, Ok(Ok(_)) | Ok(Err(_))), "the server closed the connection instead of waiting forever");
    app.anonymous().get("/healthz").await.assert_status(200);
    app.finish().await;
}

/// With every connection slot taken by idle clients, a new client is served as soon as
/// the idle ones are timed out.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_connections_free_their_slots() {
    let Some(app) = TestApp::spawn_with(kefu_store::Backend::Sqlite, config(2)).await else { return };
    let address = app.base.trim_start_matches("http://").to_owned();
    // One silent connection, and one kept alive after a request.
    let silent = TcpStream::connect(&address).await.expect("first");
    let mut kept_alive = TcpStream::connect(&address).await.expect("second");
    kept_alive.write_all(b"GET /healthz HTTP/1.1\r\nHost: kefu\r\n\r\n").await.expect("a request");
    let mut buffer = [0_u8; 1024];
    let read = kept_alive.read(&mut buffer).await.expect("an answer");
    assert!(String::from_utf8_lossy(&buffer[..read]).starts_with("HTTP/1.1 200"));
    let _idle = (silent, kept_alive);
    let reply = tokio::time::timeout(Duration::from_secs(15), app.anonymous().get("/healthz")).await;
    assert!(reply.is_ok_and(|r| r.status == 200), "served once the idle connections were closed");
    app.finish().await;
}

/// Each request-size limit is the operator's to set, and the answer states the limit set.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn request_limits_are_configurable() {
    let limits = kefu_server::RequestLimits {
        max_body_bytes: 2048,
        max_show_many_ids: 2,
        max_query_chars: 5,
        max_schedules_per_batch: 2,
    };
    let config = kefu_server::Config { limits, ..kefu_server::Config::default() };
    let Some(app) = TestApp::spawn_with(kefu_store::Backend::Sqlite, config).await else { return };
    let tenant = app.tenant().await;
    let agent = tenant.agent(serde_json::json!({})).await;

    let big = serde_json::json!({"support": {"name": "x".repeat(3000)}});
    tenant.admin.put(&format!("/api/v1/supports/{}.json", agent.id), big).await.assert_error(413, "exceeds 2048 bytes");
    tenant
        .admin
        .get(&format!("/api/v1/supports/show_many.json?ids={},{},999999", agent.id, tenant.admin_id))
        .await
        .assert_error(400, "at most 2 ids per call, got 3");
    tenant
        .admin
        .get("/api/v1/supportgroups/supports/search.json?query=abcdef")
        .await
        .assert_error(400, "at most 5 characters");
    let shift = serde_json::json!({"start_time": "09:00", "end_time": "10:00"});
    let batch =
        serde_json::json!({"duty": [{"sid": agent.id, "date": "2031-01-01", "schedules": [shift, shift, shift]}]});
    tenant.admin.post("/api/v1/schedules.json", batch).await.assert_error(400, "at most 2 schedules");
    app.finish().await;
}
