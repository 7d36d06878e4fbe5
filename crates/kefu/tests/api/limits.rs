//! Slow and idle clients cannot hold connections forever; readiness during shutdown.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::support::TestApp;

fn config(max_connections: usize) -> kefu_server::Config {
    let connections =
        kefu_server::ConnectionLimits { max_connections, header_read_timeout: Duration::from_millis(800) };
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
