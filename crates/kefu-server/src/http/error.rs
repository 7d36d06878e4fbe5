//! The one place errors become responses: every failure is an [`ApiError`] carrying a
//! row of the [`ErrorCode`] table, rendered as `{"status":…,"message":…}`.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use kefu_api::{ErrorBody, ErrorCode, FieldProblem};
use kefu_domain::FieldError;
use kefu_store::{StoreError, UniqueConstraint};

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
        let message = match problems.as_slice() {
            [one] => one.to_string(),
            many => format!(
                "{} problems: {}",
                many.len(),
                many.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")
            ),
        };
        ApiError { problems, ..ApiError::new(ErrorCode::InvalidRequest, message) }
    }

    /// A 400 about one field.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        ApiError::invalid(vec![FieldError::new(field, message)])
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
        ApiError::new(ErrorCode::Internal, ErrorCode::Internal.default_message())
    }

    /// Converts a store error; `missing` names what was not found, for NotFound.
    pub fn from_store(error: StoreError, missing: impl FnOnce() -> String) -> Self {
        match error {
            StoreError::NotFound => ApiError::not_found(missing()),
            other => other.into(),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound => ApiError::not_found(ErrorCode::NotFound.default_message()),
            // Logins are unique across companies (Basic Auth names no company), but the
            // answer says no more than that this one cannot be used: not whether another
            // company has it.
            StoreError::Conflict { constraint: UniqueConstraint::AgentLogin, value } => {
                let mut error = ApiError::new(
                    ErrorCode::Conflict,
                    format!("sPassportName: the login {value:?} is not available; choose another"),
                );
                error.problems.push(FieldError::new("sPassportName", format!("{value:?} is not available")));
                error
            }
            StoreError::Conflict { constraint, value } => {
                // The wire field each unique constraint guards.
                let (field, what) = match constraint {
                    UniqueConstraint::AgentLogin | UniqueConstraint::AgentJobNumber => {
                        ("sNum", "another agent of this company already has job number")
                    }
                    UniqueConstraint::GroupName => ("name", "another support group of this company is already named"),
                };
                let mut error = ApiError::new(ErrorCode::Conflict, format!("{field}: {what} {value:?}"));
                error.problems.push(FieldError::new(field, format!("{value:?} is already taken")));
                error
            }
            StoreError::UnknownGroups(ids) => {
                let ids: Vec<String> = ids.iter().map(ToString::to_string).collect();
                ApiError::field("groupId", format!("no support group {} in this company", ids.join(", ")))
            }
            StoreError::LastAdministrator => ApiError::new(
                ErrorCode::Conflict,
                "this agent is the company's last active administrator: make another agent an administrator first",
            ),
            StoreError::Stale(message) => ApiError::new(ErrorCode::Conflict, message),
            StoreError::NoDefaultPassword => ApiError::field(
                "password",
                "required: this company has no default agent password (an administrator sets one with PUT /api/v1/company.json)",
            ),
            StoreError::Unavailable(detail) => {
                tracing::warn!(%detail, "database unavailable");
                ApiError::unavailable(ErrorCode::Unavailable.default_message())
            }
            other => {
                tracing::error!(error = %other, "store error");
                ApiError::internal()
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.code.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
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
