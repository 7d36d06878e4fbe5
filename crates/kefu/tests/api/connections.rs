//! Connections as an attacker opens them, over raw TCP: silent ones are closed, one
//! address cannot take every slot, refusals reach the client whole, and what hyper
//! refuses by itself is answered in the API's JSON.

use std::io::{Read, Write};
use std::net::SocketAddr;
use std::time::Duration;

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

use crate::backend_tests;
use crate::support::{ADMIN_PASSWORD, TestApp, configs};

fn server_address(app: &TestApp) -> SocketAddr {
    app.base.trim_start_matches("http://").parse().expect("a socket address")
}

/// A connection from `local` (any 127.x.y.z address: all of 127/8 is loopback).
async fn connect_from(local: [u8; 4], server: SocketAddr) -> TcpStream {
    let socket = TcpSocket::new_v4().expect("a socket");
    socket.bind(SocketAddr::from((local, 0))).expect("bind a loopback address");
    socket.connect(server).await.expect("connect")
}

/// Whether the server closes `stream` within `within` (end of stream or a reset).
async fn closed_within(stream: &mut TcpStream, within: Duration) -> bool {
    let mut buffer = [0_u8; 256];
    matches!(tokio::time::timeout(within, stream.read(&mut buffer)).await, Ok(Ok(0) | Err(_)))
}

/// `GET /healthz` on a fresh connection from `local`; the status line, if any came.
async fn health_from(local: [u8; 4], server: SocketAddr) -> Option<String> {
    let mut stream = connect_from(local, server).await;
    stream.write_all(b"GET /healthz HTTP/1.1\r\nHost: kefu\r\nConnection: close\r\n\r\n").await.ok()?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.ok()?;
    String::from_utf8_lossy(&answer).lines().next().map(str::to_owned)
}

backend_tests! {
    config = configs::connections(100, None, Duration::from_secs(1));

    /// A connection that never sends a byte is closed once the header deadline passes —
    /// the deadline runs from the connection, not from a first byte.
    async fn silent_connections_are_closed(app) {
        let server = server_address(app);
        let mut silent = Vec::new();
        for _ in 0..5 {
            silent.push(TcpStream::connect(server).await.expect("connect"));
        }
        for stream in &mut silent {
            assert!(closed_within(stream, Duration::from_secs(6)).await, "a silent connection stayed open");
        }
        app.anonymous().get("/healthz").await.assert_status(200);
    }

    /// A keep-alive connection left idle after an answer is closed too.
    async fn idle_keep_alive_connections_are_closed(app) {
        let mut stream = TcpStream::connect(server_address(app)).await.expect("connect");
        stream.write_all(b"GET /healthz HTTP/1.1\r\nHost: kefu\r\n\r\n").await.expect("a request");
        let mut buffer = [0_u8; 1024];
        let read = stream.read(&mut buffer).await.expect("an answer");
        assert!(String::from_utf8_lossy(&buffer[..read]).starts_with("HTTP/1.1 200"));
        assert!(closed_within(&mut stream, Duration::from_secs(6)).await, "the idle connection stayed open");
    }
}

backend_tests! {
    config = configs::connections(8, Some(4), Duration::from_secs(30));

    /// One address opening every slot gets its share; another address is still served at
    /// once (long before any header deadline).
    async fn one_address_cannot_take_every_connection(app) {
        let server = server_address(app);
        let mut greedy = Vec::new();
        for _ in 0..8 {
            greedy.push(connect_from([127, 0, 0, 1], server).await);
        }
        let mut refused = 0;
        for stream in &mut greedy {
            if closed_within(stream, Duration::from_millis(300)).await {
                refused += 1;
            }
        }
        assert_eq!(refused, 4, "connections beyond the address's share of 4 are closed at once");
        let answer = tokio::time::timeout(Duration::from_secs(5), health_from([127, 0, 0, 2], server)).await;
        let status = answer.ok().flatten();
        assert_eq!(status.as_deref(), Some("HTTP/1.1 200 OK"), "another address is served");
        drop(greedy);
    }
}

/// Writes a whole request (head and `body_bytes` of body) like a simple client does —
/// all of it, then read the answer — and returns the answer; an error if writing or
/// reading failed (a reset, a broken pipe).
fn send_whole(server: SocketAddr, head: &str, body_bytes: usize) -> std::io::Result<String> {
    let mut stream = std::net::TcpStream::connect(server)?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    stream.write_all(head.as_bytes())?;
    stream.write_all(&vec![b'{'; body_bytes])?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer)?;
    Ok(String::from_utf8_lossy(&answer).into_owned())
}

fn status_and_body(answer: &str) -> (u16, Value) {
    let status = answer.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = answer.split_once("\r\n\r\n").map_or("", |(_, body)| body);
    (status, serde_json::from_str(body).unwrap_or(Value::Null))
}

backend_tests! {
    /// A body refused before it was read (413 by its declared length, 401 before the
    /// body is looked at) reaches a client that writes its whole request first as the
    /// answer, not as a broken pipe or a reset.
    async fn early_refusals_reach_the_client(app) {
        let tenant = app.tenant().await;
        let server = server_address(app);
        let basic = |password: &str| {
            use base64::Engine;
            base64::engine::general_purpose::STANDARD.encode(format!("{}:{password}", tenant.admin.account()))
        };
        let cases = [
            (ADMIN_PASSWORD, 4 * 1024 * 1024, 413),
            ("wrong-password", 900 * 1024, 401),
        ];
        for (password, length, expected) in cases {
            for attempt in 0..5 {
                let head = format!(
                    "POST /api/v1/supports.json HTTP/1.1\r\nHost: kefu\r\nAuthorization: Basic {}\r\n\
                     Content-Type: application/json\r\nContent-Length: {length}\r\n\r\n",
                    basic(password)
                );
                let answer = tokio::task::spawn_blocking(move || send_whole(server, &head, length))
                    .await
                    .expect("the client thread");
                let answer = answer.unwrap_or_else(|e| panic!("attempt {attempt} for {expected}: {e}"));
                let (status, body) = status_and_body(&answer);
                assert_eq!(status, expected, "{answer:.300}");
                assert_eq!(body["status"], expected);
            }
        }
    }

    /// Requests hyper cannot read are refused in the API's format, not with empty bodies.
    async fn unreadable_requests_get_json_errors(app) {
        let server = server_address(app);
        let long_header = format!("X-Big: {}\r\n", "a".repeat(500 * 1024));
        let long_uri = format!("/healthz?x={}", "a".repeat(70 * 1024));
        let cases = [
            ("GET /healthz HTTP/1.1\r\nHost: kefu\r\nno colon here\r\n\r\n".to_owned(), 400),
            (format!("GET /healthz HTTP/1.1\r\nHost: kefu\r\n{long_header}\r\n"), 431),
            (format!("GET {long_uri} HTTP/1.1\r\nHost: kefu\r\n\r\n"), 414),
        ];
        for (request, expected) in cases {
            let answer = tokio::task::spawn_blocking(move || send_whole(server, &request, 0))
                .await
                .expect("the client thread")
                .expect("an answer");
            let (status, body) = status_and_body(&answer);
            assert_eq!(status, expected, "{answer:.300}");
            assert_eq!(body["status"], expected, "{answer:.300}");
            assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()), "{answer:.300}");
            assert!(answer.to_ascii_lowercase().contains("content-type: application/json"), "{answer:.300}");
        }
    }
}
