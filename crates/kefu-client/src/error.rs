//! Typed failures: the API's error body (`status`, `code`, `message`, `errors`), the token
//! endpoint's RFC 6749 error, or something that is neither (a proxy's HTML page, a
//! network failure).

use std::fmt;
use std::time::Duration;

use kefu_api::{ErrorBody, ErrorCode, FieldProblem, HostedError, OAuthError, Shape};
use reqwest::header::RETRY_AFTER;
use reqwest::{Response, Url};
use serde::de::DeserializeOwned;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The server answered with the API's error body.
    #[error("{0}")]
    Api(ApiError),
    /// The token endpoint refused, in RFC 6749's shape.
    #[error("{0}")]
    OAuth(OAuthFailure),
    /// An answer that is not what the API sends: a status without the API's error body, or
    /// a success whose body does not decode as the expected type.
    #[error("unexpected answer from {url}: HTTP {status}: {detail}")]
    Unexpected { url: String, status: u16, detail: String },
    /// The request could not be sent or the answer not read.
    #[error("cannot reach {url}: {source}")]
    Transport {
        url: String,
        #[source]
        source: reqwest::Error,
    },
    /// The base URL given to the client is unusable.
    #[error("{0}")]
    Url(String),
}

impl Error {
    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::OAuth(e) => Some(e.status),
            Error::Unexpected { status, .. } => Some(*status),
            Error::Transport { source, .. } => source.status().map(|s| s.as_u16()),
            Error::Url(_) => None,
        }
    }

    /// The API's numeric code (`"10011"`, `"10012"`, `"10013"`), when it sent one.
    pub fn code(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.code(),
            _ => None,
        }
    }

    /// The API's error, if this is one.
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }
}

/// An error answered in the API's format, e.g.
/// `{"status":404,"code":"10011","message":"该客服不存在"}`.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// The HTTP status of the answer.
    pub status: u16,
    pub body: ErrorBody,
    /// `Retry-After`, sent with 429 and 503.
    pub retry_after: Option<Duration>,
}

impl ApiError {
    pub fn code(&self) -> Option<&str> {
        self.body.code.as_deref()
    }

    pub fn message(&self) -> &str {
        &self.body.message
    }

    /// Each field's problem, when the server named fields.
    pub fn errors(&self) -> &[FieldProblem] {
        &self.body.errors
    }

    /// The row of kefu's error table this answer is: by `code` when there is one, else by
    /// status. None for a status kefu does not send.
    pub fn kind(&self) -> Option<ErrorCode> {
        let mut rows = ErrorCode::ALL.into_iter().filter(|row| matches!(row.shape(), Shape::Api | Shape::Hosted));
        match self.code() {
            Some(code) => rows.find(|row| row.api_code() == Some(code)),
            None => rows.find(|row| row.api_code().is_none() && row.status() == self.status),
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.code() {
            Some(code) => write!(f, "{} (HTTP {}, code {code})", self.body.message, self.status),
            None => write!(f, "{} (HTTP {})", self.body.message, self.status),
        }
    }
}

/// The token endpoint's refusal, e.g. `{"error":"invalid_client","error_description":"…"}`.
#[derive(Debug, Clone, PartialEq)]
pub struct OAuthFailure {
    pub status: u16,
    pub body: OAuthError,
}

impl fmt::Display for OAuthFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} (HTTP {})", self.body.error, self.body.error_description, self.status)
    }
}

/// At most this much of an unexpected body is kept in an error.
const SNIPPET_CHARS: usize = 300;

fn snippet(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut cut: String = text.chars().take(SNIPPET_CHARS).collect();
    if text.chars().count() > SNIPPET_CHARS {
        cut.push('…');
    }
    cut
}

fn retry_after(response: &Response) -> Option<Duration> {
    let value = response.headers().get(RETRY_AFTER)?.to_str().ok()?;
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}

/// A 2xx body as `T`; any other status as the API's error.
pub(crate) async fn decode<T: DeserializeOwned>(url: Url, response: Response) -> Result<T> {
    let status = response.status().as_u16();
    let retry = retry_after(&response);
    let bytes = response.bytes().await.map_err(|source| Error::Transport { url: redacted(&url), source })?.to_vec();
    if (200..300).contains(&status) {
        return serde_json::from_slice(&bytes).map_err(|e| Error::Unexpected {
            url: redacted(&url),
            status,
            detail: format!("the body does not decode: {e}; body: {}", snippet(&bytes)),
        });
    }
    if let Ok(body) = serde_json::from_slice::<OAuthError>(&bytes) {
        return Err(Error::OAuth(OAuthFailure { status, body }));
    }
    // The hosted service's own `{"errcode","errmsg"}` (an unknown path, 100047), read as
    // the API's error with that code.
    if let Ok(hosted) = serde_json::from_slice::<HostedError>(&bytes) {
        let body = ErrorBody { status, code: Some(hosted.errcode), message: hosted.errmsg, errors: Vec::new() };
        return Err(Error::Api(ApiError { status, body, retry_after: retry }));
    }
    match serde_json::from_slice::<ErrorBody>(&bytes) {
        Ok(body) => Err(Error::Api(ApiError { status, body, retry_after: retry })),
        Err(_) => Err(Error::Unexpected { url: redacted(&url), status, detail: snippet(&bytes) }),
    }
}

/// A URL fit for an error message: without a query string, which may hold search terms.
pub(crate) fn redacted(url: &Url) -> String {
    let mut url = url.clone();
    url.set_query(None);
    let _ = url.set_password(None);
    url.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(status: u16, code: Option<&str>) -> ApiError {
        let body = ErrorBody { status, code: code.map(str::to_owned), message: "m".into(), errors: Vec::new() };
        ApiError { status, body, retry_after: None }
    }

    #[test]
    fn kinds_by_code_then_by_status() {
        assert_eq!(error(404, Some("100047")).kind(), Some(ErrorCode::InvalidResourceUri));
        assert_eq!(error(404, Some("10011")).kind(), Some(ErrorCode::AgentNotFound));
        assert_eq!(error(404, None).kind(), Some(ErrorCode::NotFound));
        assert_eq!(error(400, Some("10013")).kind(), Some(ErrorCode::UnknownServiceState));
        assert_eq!(error(418, None).kind(), None);
        assert_eq!(error(404, Some("10011")).to_string(), "m (HTTP 404, code 10011)");
    }

    #[test]
    fn secrets_stay_out_of_debug_output() {
        let basic = crate::Auth::Basic { account: "admin".into(), password: "hunter2".into() };
        assert!(!format!("{basic:?}").contains("hunter2"));
        assert!(!format!("{:?}", crate::Auth::Bearer("abc123".into())).contains("abc123"));
    }
}
