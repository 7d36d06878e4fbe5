//! Requests as a given agent, and replies that show their whole body when an assertion
//! fails.

use reqwest::Method;
use reqwest::header::HeaderMap;
use serde_json::Value;

#[derive(Clone)]
pub struct Session {
    http: reqwest::Client,
    base: String,
    credentials: Option<(String, String)>,
}

pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Value,
    /// The body as received, for bodies that are not JSON.
    pub text: String,
}

impl Reply {
    #[track_caller]
    pub fn assert_status(&self, expected: u16) -> &Self {
        assert_eq!(self.status, expected, "unexpected status; body: {}", self.text);
        self
    }

    /// Asserts an error in the API's format: the status, `status` in the body equal to
    /// it, and a message containing `fragment`.
    #[track_caller]
    pub fn assert_error(&self, status: u16, fragment: &str) -> &Self {
        self.assert_status(status);
        assert_eq!(self.body["status"], Value::from(status), "body: {}", self.text);
        let message = self.body["message"].as_str().unwrap_or_default();
        assert!(message.contains(fragment), "message {message:?} should contain {fragment:?}");
        self
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

impl Session {
    pub fn new(http: reqwest::Client, base: String, credentials: Option<(String, String)>) -> Self {
        Session { http, base, credentials }
    }

    pub fn account(&self) -> &str {
        self.credentials.as_ref().map_or("", |(account, _)| account.as_str())
    }

    /// The same session with another password.
    pub fn with_password(&self, password: &str) -> Session {
        Session { credentials: Some((self.account().to_owned(), password.to_owned())), ..self.clone() }
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.send(Method::GET, path, None, &[]).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Reply {
        self.send(Method::POST, path, Some(body.to_string()), &[("Content-Type", "application/json")]).await
    }

    pub async fn put(&self, path: &str, body: Value) -> Reply {
        self.send(Method::PUT, path, Some(body.to_string()), &[("Content-Type", "application/json")]).await
    }

    pub async fn delete(&self, path: &str) -> Reply {
        self.send(Method::DELETE, path, None, &[]).await
    }

    /// A POST that may meet a dead server: None when no answer came.
    pub async fn try_post(&self, path: &str, body: Value) -> Option<Reply> {
        self.try_write(Method::POST, path, body).await
    }

    /// A PUT that may meet a dead server: None when no answer came.
    pub async fn try_put(&self, path: &str, body: Value) -> Option<Reply> {
        self.try_write(Method::PUT, path, body).await
    }

    async fn try_write(&self, method: Method, path: &str, body: Value) -> Option<Reply> {
        let url = format!("{}{path}", self.base);
        let mut request =
            self.http.request(method, url).header("Content-Type", "application/json").body(body.to_string());
        if let Some((account, password)) = &self.credentials {
            request = request.basic_auth(account, Some(password));
        }
        let response = request.send().await.ok()?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = response.text().await.ok()?;
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Some(Reply { status, headers, body, text })
    }

    /// Any request: `path` may be absolute (a `next_page` link) or start with `/`.
    pub async fn send(&self, method: Method, path: &str, body: Option<String>, headers: &[(&str, &str)]) -> Reply {
        let url = if path.starts_with("http") { path.to_owned() } else { format!("{}{path}", self.base) };
        let mut request = self.http.request(method, url);
        if let Some((account, password)) = &self.credentials {
            request = request.basic_auth(account, Some(password));
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if let Some(body) = body {
            request = request.body(body);
        }
        let response = request.send().await.expect("the server answers");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = response.text().await.expect("a readable body");
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Reply { status, headers, body, text }
    }
}

/// Sends a request that declares a `declared_length`-byte body but writes only the first
/// `written` bytes (of `x`), then reads the answer. For oversized bodies: a server that
/// refuses them early closes the connection, which makes a normal client fail mid-write.
pub async fn oversized_request(
    base: &str,
    path: &str,
    headers: &[(&str, &str)],
    declared_length: usize,
    written: usize,
) -> Reply {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let address = base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(address).await.expect("connect");
    let mut head = format!(
        "POST {path} HTTP/1.1\r\nHost: {address}\r\nContent-Length: {declared_length}\r\nConnection: close\r\n"
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await.expect("write the head");
    // The server may stop reading at any point: later write errors are expected.
    let _ = stream.write_all(&vec![b'x'; written]).await;
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw).await;
    let text = String::from_utf8_lossy(&raw).to_string();
    let status = text.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut header_map = HeaderMap::new();
    for line in head.lines().skip(1) {
        if let Some((name, value)) = line.split_once(':')
            && let (Ok(name), Ok(value)) = (
                reqwest::header::HeaderName::try_from(name.trim()),
                reqwest::header::HeaderValue::try_from(value.trim()),
            )
        {
            header_map.insert(name, value);
        }
    }
    // A chunked body: take the JSON between the first '{' and the last '}'.
    let json = match (body.find('{'), body.rfind('}')) {
        (Some(start), Some(end)) if start <= end => &body[start..=end],
        _ => body,
    };
    Reply {
        status,
        headers: header_map,
        body: serde_json::from_str(json).unwrap_or(Value::Null),
        text: body.to_owned(),
    }
}
