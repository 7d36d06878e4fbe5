//! Absolute URLs in answers (`url`, `Location`, `next_page`, `previous_page`): built on
//! `--public-url`, or else on the request's Host header.

use axum::extract::FromRequestParts;
use axum::http::header::HOST;
use axum::http::request::Parts;
use kefu_domain::paging::PageRequest;

use crate::http::error::ApiError;
use crate::state::AppState;

/// The base URL of this request, e.g. `https://kefu.example.com`.
#[derive(Debug, Clone)]
pub struct BaseUrl(pub String);

impl FromRequestParts<AppState> for BaseUrl {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        if let Some(public) = state.public_url() {
            return Ok(BaseUrl(public.to_owned()));
        }
        let host =
            parts.headers.get(HOST).and_then(|h| h.to_str().ok()).or_else(|| parts.uri.authority().map(|a| a.as_str()));
        match host {
            Some(host) if is_plausible_host(host) => Ok(BaseUrl(format!("http://{host}"))),
            _ => Err(ApiError::field("Host", "a valid Host header is required (or start kefu with --public-url)")),
        }
    }
}

/// Host names, IPv4/IPv6 literals and ports only: nothing that could break out of a URL.
fn is_plausible_host(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 255
        && host.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']' | '_'))
}

impl BaseUrl {
    pub fn join(&self, path: &str) -> String {
        format!("{}{path}", self.0)
    }

    /// The neighbouring pages of a list, keeping its filters: `(next, previous)`.
    pub fn page_links(
        &self,
        path: &str,
        filters: &[(&'static str, String)],
        page: PageRequest,
        total: u64,
    ) -> (Option<String>, Option<String>) {
        let link = |number: u64| {
            let mut query = form_urlencoded::Serializer::new(String::new());
            for (key, value) in filters {
                query.append_pair(key, value);
            }
            query.append_pair("per_page", &page.per_page.to_string());
            query.append_pair("page", &number.to_string());
            format!("{}{path}?{}", self.0, query.finish())
        };
        let next = page.has_next(total).then(|| link(page.page + 1));
        let previous = page.has_previous().then(|| link(page.page - 1));
        (next, previous)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_keep_filters_and_encode_them() {
        let base = BaseUrl("https://kefu.example.com".into());
        let (next, previous) = base.page_links(
            "/api/v1/supports.json",
            &[("created_start", "2024-01-01 00:00:00".to_owned())],
            PageRequest::new(2, 40),
            100,
        );
        assert_eq!(
            next.as_deref(),
            Some(
                "https://kefu.example.com/api/v1/supports.json?created_start=2024-01-01+00%3A00%3A00&per_page=40&page=3"
            )
        );
        assert!(previous.unwrap().ends_with("per_page=40&page=1"));
        let (next, previous) = base.page_links("/x.json", &[], PageRequest::new(1, 100), 100);
        assert_eq!((next, previous), (None, None));
    }

    #[test]
    fn hosts() {
        assert!(is_plausible_host("127.0.0.1:8080"));
        assert!(is_plausible_host("[::1]:8080"));
        assert!(is_plausible_host("kefu.example.com"));
        assert!(!is_plausible_host("evil.com/path?"));
        assert!(!is_plausible_host("a b"));
        assert!(!is_plausible_host(""));
    }
}
