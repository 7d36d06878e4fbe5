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
