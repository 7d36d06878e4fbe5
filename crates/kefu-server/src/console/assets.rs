//! The console's stylesheet, script and icon, embedded in the binary: nothing is fetched
//! from elsewhere and nothing needs building. Browsers revalidate them by ETag, so a new
//! kefu version is picked up at once.

use std::sync::LazyLock;

use axum::Router;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, ETAG, IF_NONE_MATCH};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::state::AppState;

struct Asset {
    body: &'static str,
    content_type: &'static str,
    etag: String,
}

impl Asset {
    fn new(body: &'static str, content_type: &'static str) -> Self {
        let etag = format!("\"{}\"", &blake3::hash(body.as_bytes()).to_hex()[..16]);
        Asset { body, content_type, etag }
    }

    fn respond(&self, headers: &HeaderMap) -> Response {
        let fresh = headers.get(IF_NONE_MATCH).and_then(|v| v.to_str().ok()).is_some_and(|v| v == self.etag);
        let mut response = if fresh { StatusCode::NOT_MODIFIED.into_response() } else { self.body.into_response() };
        let out = response.headers_mut();
        out.insert(CONTENT_TYPE, HeaderValue::from_static(self.content_type));
        out.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        if let Ok(etag) = HeaderValue::from_str(&self.etag) {
            out.insert(ETAG, etag);
        }
        response
    }
}

static STYLESHEET: LazyLock<Asset> =
    LazyLock::new(|| Asset::new(include_str!("assets/console.css"), "text/css; charset=utf-8"));
static SCRIPT: LazyLock<Asset> =
    LazyLock::new(|| Asset::new(include_str!("assets/console.js"), "text/javascript; charset=utf-8"));
static ICON: LazyLock<Asset> = LazyLock::new(|| Asset::new(include_str!("assets/favicon.svg"), "image/svg+xml"));

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/console/assets/console.css", get(|headers: HeaderMap| async move { STYLESHEET.respond(&headers) }))
        .route("/console/assets/console.js", get(|headers: HeaderMap| async move { SCRIPT.respond(&headers) }))
        .route("/console/assets/favicon.svg", get(|headers: HeaderMap| async move { ICON.respond(&headers) }))
}
