//! The console under a sub-path: with `--public-url https://example.com/kefu`, a proxy
//! hands kefu `/console/…` for the browser's `/kefu/console/…`, so every address the
//! console gives the browser — links, form actions, scripts, the live board's and the
//! pickers' URLs, redirects, and its cookies' `Path` — must carry `/kefu`. The pages name
//! their addresses from the server's root (`/console/…`, as the routes do); this layer adds
//! the public prefix to those on their way out, in one place, rather than in every page.
//!
//! Only attributes that are addresses the browser follows are rewritten: form values that
//! name a console address (`back`, `view`, `next`) stay server-relative, since the server
//! checks and follows them itself.

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::HeaderValue;
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE, LOCATION, SET_COOKIE};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::state::AppState;

/// Pages are small; anything larger is passed on untouched rather than buffered.
const MAX_REWRITTEN_BYTES: usize = 4 * 1024 * 1024;

/// The path part of the public URL (`/kefu`), if it has one.
pub fn prefix(public_url: Option<&str>) -> Option<String> {
    let url = public_url?;
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("", |i| &after_scheme[i..]);
    let path = path.split(['?', '#']).next().unwrap_or("").trim_end_matches('/');
    (!path.is_empty()).then(|| path.to_owned())
}

/// The attributes whose value is an address the browser follows.
const ADDRESS_ATTRIBUTES: [&str; 5] = ["href", "action", "src", "data-live-url", "data-agent-picker"];

/// `html` with every address attribute that starts at `/console` (or is `/`) moved under
/// `prefix`.
pub fn rewrite_html(html: &str, prefix: &str) -> String {
    let mut out = html.to_owned();
    for attribute in ADDRESS_ATTRIBUTES {
        out = out.replace(&format!(" {attribute}=\"/console"), &format!(" {attribute}=\"{prefix}/console"));
    }
    out
}

pub async fn rewrite(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let Some(prefix) = prefix(state.public_url()) else { return next.run(request).await };
    let response = next.run(request).await;
    let (mut parts, body) = response.into_parts();
    if let Some(location) = parts.headers.get(LOCATION).and_then(|v| v.to_str().ok())
        && location.starts_with('/')
        && !location.starts_with("//")
        && let Ok(value) = HeaderValue::from_str(&format!("{prefix}{location}"))
    {
        parts.headers.insert(LOCATION, value);
    }
    let cookies: Vec<HeaderValue> = parts
        .headers
        .get_all(SET_COOKIE)
        .iter()
        .map(|value| {
            value
                .to_str()
                .ok()
                .map(|text| text.replace("; Path=/console", &format!("; Path={prefix}/console")))
                .and_then(|text| HeaderValue::from_str(&text).ok())
                .unwrap_or_else(|| value.clone())
        })
        .collect();
    if !cookies.is_empty() {
        parts.headers.remove(SET_COOKIE);
        for cookie in cookies {
            parts.headers.append(SET_COOKIE, cookie);
        }
    }
    let is_html =
        parts.headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|t| t.starts_with("text/html"));
    if !is_html {
        return Response::from_parts(parts, body);
    }
    match to_bytes(body, MAX_REWRITTEN_BYTES).await {
        Ok(bytes) => {
            let text = rewrite_html(&String::from_utf8_lossy(&bytes), &prefix);
            parts.headers.remove(CONTENT_LENGTH);
            Response::from_parts(parts, Body::from(text))
        }
        Err(_) => axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_prefix_is_the_public_urls_path() {
        assert_eq!(prefix(Some("https://example.com/kefu")).as_deref(), Some("/kefu"));
        assert_eq!(prefix(Some("https://example.com/a/b/")).as_deref(), Some("/a/b"));
        assert_eq!(prefix(Some("https://example.com")), None);
        assert_eq!(prefix(Some("https://example.com/")), None);
        assert_eq!(prefix(None), None);
    }

    #[test]
    fn only_addresses_move() {
        let page = r#"<a href="/console/agents">x</a><form action="/console/login"><input name="back" value="/console/presence?"></form><a href="https://x/console">y</a>"#;
        assert_eq!(
            rewrite_html(page, "/kefu"),
            r#"<a href="/kefu/console/agents">x</a><form action="/kefu/console/login"><input name="back" value="/console/presence?"></form><a href="https://x/console">y</a>"#
        );
    }
}
