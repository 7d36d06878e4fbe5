//! Every error kefu answers with is one row of [`ErrorCode`]: its HTTP status, its code
//! (the seed's numeric codes where it documents one) and its default message. Adding an
//! error is adding a row.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// A malformed body or query, or field values that break the rules.
    InvalidRequest,
    /// Missing or wrong credentials.
    Unauthenticated,
    /// Authenticated, but the caller's role does not allow this.
    Forbidden,
    /// No such resource in the caller's tenant.
    NotFound,
    MethodNotAllowed,
    /// A unique value is taken, or the change would break an invariant (the last
    /// administrator).
    Conflict,
    PayloadTooLarge,
    UnsupportedMediaType,
    TooManyRequests,
    /// A bug: the details are logged, never sent.
    Internal,
    /// The database cannot take the request now, or the server is shutting down.
    Unavailable,
    /// The seed's 10011: 该客服不存在.
    AgentNotFound,
    /// The seed's 10012: 功能模块输入不正确.
    InvalidPlate,
    /// The seed's 10013: 输入的客服状态在后台无匹配值.
    UnknownServiceState,
}

impl ErrorCode {
    pub const ALL: [ErrorCode; 14] = [
        ErrorCode::InvalidRequest,
        ErrorCode::Unauthenticated,
        ErrorCode::Forbidden,
        ErrorCode::NotFound,
        ErrorCode::MethodNotAllowed,
        ErrorCode::Conflict,
        ErrorCode::PayloadTooLarge,
        ErrorCode::UnsupportedMediaType,
        ErrorCode::TooManyRequests,
        ErrorCode::Internal,
        ErrorCode::Unavailable,
        ErrorCode::AgentNotFound,
        ErrorCode::InvalidPlate,
        ErrorCode::UnknownServiceState,
    ];

    /// The HTTP status this error is answered with.
    pub const fn status(self) -> u16 {
        match self {
            ErrorCode::InvalidRequest => 400,
            ErrorCode::Unauthenticated => 401,
            ErrorCode::Forbidden => 403,
            ErrorCode::NotFound => 404,
            ErrorCode::MethodNotAllowed => 405,
            ErrorCode::Conflict => 409,
            ErrorCode::PayloadTooLarge => 413,
            ErrorCode::UnsupportedMediaType => 415,
            ErrorCode::TooManyRequests => 429,
            ErrorCode::Internal => 500,
            ErrorCode::Unavailable => 503,
            ErrorCode::AgentNotFound => 404,
            ErrorCode::InvalidPlate => 400,
            ErrorCode::UnknownServiceState => 400,
        }
    }

    /// The seed's numeric code, for the errors it documents one for.
    pub const fn api_code(self) -> Option<&'static str> {
        match self {
            ErrorCode::AgentNotFound => Some("10011"),
            ErrorCode::InvalidPlate => Some("10012"),
            ErrorCode::UnknownServiceState => Some("10013"),
            _ => None,
        }
    }

    /// The message used when nothing more specific is known.
    pub const fn default_message(self) -> &'static str {
        match self {
            ErrorCode::InvalidRequest => "The request is invalid",
            ErrorCode::Unauthenticated => "Authentication required: send HTTP Basic credentials (account:password)",
            ErrorCode::Forbidden => "This operation requires an administrator",
            ErrorCode::NotFound => "Not found",
            ErrorCode::MethodNotAllowed => "Method not allowed",
            ErrorCode::Conflict => "Conflict",
            ErrorCode::PayloadTooLarge => "The request body is too large",
            ErrorCode::UnsupportedMediaType => "The request body must be JSON (Content-Type: application/json)",
            ErrorCode::TooManyRequests => "Too many requests; retry later",
            ErrorCode::Internal => "Internal server error",
            ErrorCode::Unavailable => "The service is temporarily unavailable; retry later",
            ErrorCode::AgentNotFound => "该客服不存在",
            ErrorCode::InvalidPlate => "功能模块输入不正确",
            ErrorCode::UnknownServiceState => "输入的客服状态在后台无匹配值",
        }
    }
}

/// The body of every error: `{"status":<http status>,"message":"…"}` as the seed shows,
/// plus `code` for the seed's coded errors and `errors` listing each field's problem
/// when there are several.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ErrorBody {
    /// The HTTP status again.
    #[schema(minimum = 400, maximum = 599, example = 404)]
    pub status: u16,
    /// The seed's numeric code, as a string: "10011", "10012" or "10013".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(pattern = "^100(11|12|13)$", example = "10011")]
    pub code: Option<String>,
    pub message: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldProblem>,
}

/// One field's problem: `{"field":"gnder","message":"must be \"1\" …"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FieldProblem {
    pub field: String,
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_is_a_client_or_server_error() {
        for code in ErrorCode::ALL {
            assert!((400..600).contains(&code.status()), "{code:?}");
            assert!(!code.default_message().is_empty());
        }
    }

    #[test]
    fn the_seeds_codes() {
        assert_eq!(ErrorCode::AgentNotFound.api_code(), Some("10011"));
        assert_eq!(ErrorCode::InvalidPlate.api_code(), Some("10012"));
        assert_eq!(ErrorCode::UnknownServiceState.api_code(), Some("10013"));
        assert_eq!(ErrorCode::NotFound.api_code(), None);
    }
}
