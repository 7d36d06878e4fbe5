//! Cross-site writes through the API. The seed's own curl examples send JSON bodies as
//! `application/x-www-form-urlencoded` (or with no type), so kefu reads those as JSON —
//! but a web page on another site can make a browser send exactly such a request, with
//! the Basic credentials the browser holds for kefu, and no preflight. So a state-changing
//! request (anything but GET, HEAD, OPTIONS) that carries a browser's cross-origin signals
//! is refused (403) unless its body is declared JSON, which no browser sends to another
//! origin without a CORS preflight that kefu never grants:
//!
//! - an `Origin` header that is not this server's own (`--public-url`'s origin, or the
//!   request's `Host`), `null` included;
//! - `Sec-Fetch-Site: cross-site` or `same-site` (another port or subdomain of the site).
//!
//! Clients that are not browsers (curl, SDKs, kefu's own) send neither, and keep working
//! with any accepted Content-Type. The console has its own CSRF tokens and is not under
//! this layer.

use axum::extract::{Request, State};
use axum::http::header::{CONTENT_TYPE, HOST, ORIGIN};
use axum::http::{HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::http::error::ApiError;
use crate::state::AppState;

/// Refuses state-changing requests with cross-origin browser signals and a body that
/// is not declared JSON.
pub async fn guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if let Some(reason) = cross_site_signal(request.method(), request.headers(), state.public_url()) {
        return ApiError::forbidden(format!(
            "cross-site request refused: {reason}. A browser page of another site may not write through the API \
             unless it sends Content-Type: application/json"
        ))
        .into_response();
    }
    next.run(request).await
}

/// Why a request looks like a browser's cross-site write, or None.
fn cross_site_signal(method: &Method, headers: &HeaderMap, public_url: Option<&str>) -> Option<String> {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) || declares_json(headers) {
        return None;
    }
    let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()).map(str::trim);
    if let Some(site @ ("cross-site" | "same-site")) = fetch_site {
        return Some(format!("Sec-Fetch-Site is {site}"));
    }
    let origin = headers.get(ORIGIN)?;
    let host = headers.get(HOST).and_then(|v| v.to_str().ok());
    match origin.to_str() {
        Ok(origin) if is_own_origin(origin, public_url, host) => None,
        Ok(origin) => Some(format!("Origin {origin:?} is not this server's")),
        Err(_) => Some("the Origin header is not readable".to_owned()),
    }
}

/// `application/json` or `application/…+json`: types a browser preflights.
fn declares_json(headers: &HeaderMap) -> bool {
    let Some(content_type) = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let essence = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// Whether `origin` (`scheme://host[:port]`) is the server's: `--public-url`'s origin, or
/// the authority the request was sent to (`Host`), default ports aside.
fn is_own_origin(origin: &str, public_url: Option<&str>, host: Option<&str>) -> bool {
    let Some((scheme, authority)) = origin.trim().split_once("://") else {
        return false;
    };
    let scheme = scheme.to_ascii_lowercase();
    let authority = without_default_port(&authority.to_ascii_lowercase(), &scheme);
    if let Some((public_scheme, public_authority)) = public_url.and_then(|url| url.split_once("://")) {
        let public_scheme = public_scheme.to_ascii_lowercase();
        let public_authority = public_authority.split('/').next().unwrap_or("").to_ascii_lowercase();
        if scheme == public_scheme && authority == without_default_port(&public_authority, &public_scheme) {
            return true;
        }
    }
    host.is_some_and(|host| authority == without_default_port(&host.trim().to_ascii_lowercase(), &scheme))
}

fn without_default_port(authority: &str, scheme: &str) -> String {
    let default = match scheme {
        "http" => ":80",
        "https" => ":443",
        _ => return authority.to_owned(),
    };
    authority.strip_suffix(default).unwrap_or(authority).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn browsers_cross_site_form_writes_are_refused() {
        let host = ("host", "kefu.example:8080");
        let form = ("content-type", "application/x-www-form-urlencoded");
        for signals in [
            vec![host, form, ("origin", "http://kefu.example:9090")],
            vec![host, ("origin", "null")],
            vec![host, form, ("sec-fetch-site", "same-site")],
            vec![host, ("content-type", "text/plain"), ("sec-fetch-site", "cross-site")],
        ] {
            assert!(cross_site_signal(&Method::POST, &headers(&signals), None).is_some(), "{signals:?}");
        }
    }

    #[test]
    fn same_origin_json_and_non_browser_requests_pass() {
        let host = ("host", "kefu.example:8080");
        let form = ("content-type", "application/x-www-form-urlencoded");
        let pass = [
            vec![host, form],
            vec![host, form, ("origin", "http://kefu.example:8080"), ("sec-fetch-site", "same-origin")],
            vec![host, ("origin", "http://evil.example"), ("content-type", "application/json; charset=utf-8")],
            vec![("host", "kefu.example"), ("origin", "http://KEFU.example:80")],
        ];
        for signals in pass {
            assert_eq!(cross_site_signal(&Method::PUT, &headers(&signals), None), None, "{signals:?}");
        }
        let evil = headers(&[host, ("origin", "http://evil.example")]);
        assert_eq!(cross_site_signal(&Method::GET, &evil, None), None, "reads are not writes");
        let public = headers(&[("host", "127.0.0.1:8080"), ("origin", "https://kefu.example.com")]);
        assert_eq!(cross_site_signal(&Method::DELETE, &public, Some("https://kefu.example.com/")), None);
        assert!(cross_site_signal(&Method::DELETE, &public, None).is_some());
    }
}
