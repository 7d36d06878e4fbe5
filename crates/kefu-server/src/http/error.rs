//! The one place errors become responses: every failure is an [`ApiError`] carrying a
//! row of the [`ErrorCode`] table, rendered as `{"status":…,"message":…}` — or, at the
//! token endpoint, an [`OAuthRefusal`] rendered as RFC 6749's `{"error":…}`.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use kefu_api::{ErrorBody, ErrorCode, FieldProblem, HostedError, OAuthError, Shape};
use kefu_app::AppError;
use kefu_domain::FieldError;
use kefu_store::StoreError;

#[derive(Debug)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    pub problems: Vec<FieldError>,
    /// Sent with 401s, so clients know to offer Basic credentials.
    pub www_authenticate: Option<&'static str>,
    /// Seconds, sent with 429s and 503s.
    pub retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError { code, message: message.into(), problems: Vec::new(), www_authenticate: None, retry_after: None }
    }

    /// A 400 listing every field problem of a request.
    pub fn invalid(problems: Vec<FieldError>) -> Self {
        AppError::invalid(problems).into()
    }

    /// A 400 about one field.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        AppError::field(field, message).into()
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        ApiError::new(ErrorCode::NotFound, message)
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        ApiError::new(ErrorCode::Forbidden, message)
    }

    pub fn unauthenticated(message: impl Into<String>) -> Self {
        ApiError {
            www_authenticate: Some("Basic realm=\"kefu\", charset=\"UTF-8\""),
            ..ApiError::new(ErrorCode::Unauthenticated, message)
        }
    }

    /// A Bearer token that is not (or no longer) valid: RFC 6750's challenge.
    pub fn invalid_token(message: impl Into<String>) -> Self {
        ApiError {
            www_authenticate: Some("Bearer realm=\"kefu\", error=\"invalid_token\""),
            ..ApiError::new(ErrorCode::Unauthenticated, message)
        }
    }

    /// 429: too many failed sign-ins lately.
    pub fn too_many_attempts(retry_after: u64) -> Self {
        ApiError {
            retry_after: Some(retry_after),
            ..ApiError::new(
                ErrorCode::TooManyRequests,
                format!("too many failed sign-ins for this account or from this address; retry in {retry_after} s"),
            )
        }
    }

    pub fn unavailable(message: impl Into<String>) -> Self {
        ApiError { retry_after: Some(1), ..ApiError::new(ErrorCode::Unavailable, message) }
    }

    pub fn internal() -> Self {
        AppError::internal().into()
    }
}

/// A use case's error, answered over HTTP: a 503 tells the client when to retry.
impl From<AppError> for ApiError {
    fn from(error: AppError) -> Self {
        let retry_after = (error.code == ErrorCode::Unavailable).then_some(1);
        ApiError { problems: error.problems, retry_after, ..ApiError::new(error.code, error.message) }
    }
}

/// The plumbing's own store calls (authentication, tokens) fail as a use case's would.
impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        AppError::from(error).into()
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.code.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        if self.code.shape() == Shape::Hosted {
            // The hosted service's own body: its code and message, nothing else.
            let body = HostedError {
                errcode: self.code.api_code().unwrap_or_default().to_owned(),
                errmsg: self.code.default_message().to_owned(),
            };
            return (status, axum::Json(body)).into_response();
        }
        let body = ErrorBody {
            status: status.as_u16(),
            code: self.code.api_code().map(str::to_owned),
            message: self.message,
            errors: self.problems.into_iter().map(|p| FieldProblem { field: p.field, message: p.message }).collect(),
        };
        let mut response = (status, axum::Json(body)).into_response();
        let headers = response.headers_mut();
        if let Some(challenge) = self.www_authenticate {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static(challenge));
        }
        if let Some(seconds) = self.retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

/// An RFC 6749 §5.2 error of the token endpoint: a row of the [`ErrorCode`] table whose
/// shape is [`kefu_api::Shape::OAuth`].
#[derive(Debug)]
pub struct OAuthRefusal {
    pub code: ErrorCode,
    pub description: String,
    pub uri: Option<&'static str>,
    /// Seconds, sent with 429s.
    pub retry_after: Option<u64>,
}

impl OAuthRefusal {
    /// The row's default description.
    pub fn new(code: ErrorCode) -> Self {
        OAuthRefusal::described(code, code.default_message())
    }

    pub fn described(code: ErrorCode, description: impl Into<String>) -> Self {
        OAuthRefusal { code, description: description.into(), uri: None, retry_after: None }
    }
}

impl IntoResponse for OAuthRefusal {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.code.status()).unwrap_or(StatusCode::BAD_REQUEST);
        let body = OAuthError {
            error: self.code.row().code.unwrap_or("invalid_request").to_owned(),
            error_description: self.description,
            error_uri: self.uri.map(str::to_owned),
        };
        let mut response = (status, axum::Json(body)).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        if status == StatusCode::UNAUTHORIZED {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Basic realm=\"kefu\""));
        }
        if let Some(seconds) = self.retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    /// The whole body each row of the error table is answered with, by default. The match
    /// is exhaustive: a new row does not compile until its body is pinned here.
    fn pinned(code: ErrorCode) -> Value {
        use ErrorCode::*;
        match code {
            InvalidRequest => json!({"status": 400, "message": "The request is invalid"}),
            Unauthenticated => {
                json!({"status": 401, "message": "Authentication required: send HTTP Basic credentials (account:password)"})
            }
            Forbidden => json!({"status": 403, "message": "This operation requires an administrator"}),
            NotFound => json!({"status": 404, "message": "Not found"}),
            MethodNotAllowed => json!({"status": 405, "message": "Method not allowed"}),
            Conflict => json!({"status": 409, "message": "Conflict"}),
            PayloadTooLarge => json!({"status": 413, "message": "The request body is too large"}),
            UriTooLong => json!({"status": 414, "message": "the request's URI is too long"}),
            UnsupportedMediaType => {
                json!({"status": 415, "message": "The request body must be JSON (Content-Type: application/json)"})
            }
            TooManyRequests => json!({"status": 429, "message": "Too many requests; retry later"}),
            HeadersTooLarge => json!({"status": 431, "message": "the request's headers are too large"}),
            Internal => json!({"status": 500, "message": "Internal server error"}),
            Unavailable => json!({"status": 503, "message": "The service is temporarily unavailable; retry later"}),
            AgentNotFound => json!({"status": 404, "code": "10011", "message": "该客服不存在"}),
            InvalidPlate => json!({"status": 400, "code": "10012", "message": "功能模块输入不正确"}),
            UnknownServiceState => json!({"status": 400, "code": "10013", "message": "输入的客服状态在后台无匹配值"}),
            OAuthInvalidRequest => {
                json!({"error": "invalid_request", "error_description": "The grant type was not specified in the request"})
            }
            OAuthBodyTooLarge => {
                json!({"error": "invalid_request", "error_description": "The request body is too large"})
            }
            OAuthUnsupportedGrantType => {
                json!({"error": "unsupported_grant_type", "error_description": "Grant type not supported"})
            }
            OAuthNoClientCredentials => json!({
                "error": "invalid_client",
                "error_description": "Client credentials were not found in the headers or body"
            }),
            OAuthInvalidClient => {
                json!({"error": "invalid_client", "error_description": "The client credentials are invalid"})
            }
            OAuthThrottled => {
                json!({"error": "temporarily_unavailable", "error_description": "Too many failed attempts; retry later"})
            }
            OAuthUnavailable => {
                json!({"error": "temporarily_unavailable", "error_description": "The service is temporarily unavailable"})
            }
            InvalidResourceUri => json!({"errcode": "100047", "errmsg": "Invalid resource URI"}),
        }
    }

    async fn rendered(code: ErrorCode) -> (u16, Value) {
        let response = match code.shape() {
            kefu_api::Shape::Api | kefu_api::Shape::Hosted => {
                ApiError::new(code, code.default_message()).into_response()
            }
            kefu_api::Shape::OAuth => OAuthRefusal::new(code).into_response(),
        };
        let status = response.status().as_u16();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.expect("a body");
        (status, serde_json::from_slice(&bytes).expect("a JSON body"))
    }

    #[tokio::test]
    async fn every_row_has_its_pinned_body() {
        for code in ErrorCode::ALL {
            let (status, body) = rendered(code).await;
            assert_eq!(status, code.status(), "{code:?}");
            assert_eq!(body, pinned(code), "{code:?}");
        }
    }
}
