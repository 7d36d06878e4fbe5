//! Every error kefu answers with is one row of one table, [`ErrorCode::row`]: its name,
//! its HTTP status, its code (the seed's numeric codes where it documents one, the
//! token endpoint's RFC 6749 `error` there), its default message, and which of the two
//! bodies carries it. Adding an error is adding a row; `kefu-server`'s test
//! `every_row_has_its_pinned_body` pins the whole body each row is answered with.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The body an error is answered with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// `{"status":…,"code":…,"message":…,"errors":[…]}` ([`ErrorBody`]): every endpoint but
    /// the token endpoint.
    Api,
    /// RFC 6749 §5.2's `{"error":…,"error_description":…}` ([`crate::OAuthError`]): the
    /// token endpoint (`POST /api/token.php`), as the developer guide shows it.
    OAuth,
    /// The hosted service's `{"errcode":…,"errmsg":…}` ([`HostedError`]): an unknown path
    /// under the API, as seen on a live deployment (`100047`).
    Hosted,
}

/// One row of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    /// The HTTP status this error is answered with.
    pub status: u16,
    /// The seed's code (`"10011"`, in `code`) or the OAuth error (`"invalid_client"`, in
    /// `error`); None for the API's plain errors, which carry only a status.
    pub code: Option<&'static str>,
    /// The message when nothing more specific is known.
    pub message: &'static str,
    pub shape: Shape,
}

impl Row {
    const fn api(status: u16, code: Option<&'static str>, message: &'static str) -> Row {
        Row { status, code, message, shape: Shape::Api }
    }

    const fn oauth(status: u16, error: &'static str, message: &'static str) -> Row {
        Row { status, code: Some(error), message, shape: Shape::OAuth }
    }

    const fn hosted(status: u16, errcode: &'static str, message: &'static str) -> Row {
        Row { status, code: Some(errcode), message, shape: Shape::Hosted }
    }
}

/// Declares the codes and [`ErrorCode::ALL`] from one list of names.
macro_rules! error_codes {
    ($($(#[$meta:meta])* $name:ident,)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ErrorCode {
            $($(#[$meta])* $name,)*
        }

        impl ErrorCode {
            /// Every row, in the table's order.
            pub const ALL: [ErrorCode; [$(stringify!($name)),*].len()] = [$(ErrorCode::$name),*];
        }
    };
}

error_codes! {
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
    /// A URI hyper refused to read (the listener answers it in the API's format).
    UriTooLong,
    UnsupportedMediaType,
    TooManyRequests,
    /// Headers hyper refused to read (the listener answers it in the API's format).
    HeadersTooLarge,
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
    /// The token endpoint: no grant type, a wrong method, a malformed form.
    OAuthInvalidRequest,
    /// The token endpoint: a form over its size limit.
    OAuthBodyTooLarge,
    /// The token endpoint: a grant type other than `client_credentials`.
    OAuthUnsupportedGrantType,
    /// The token endpoint: no client credentials at all (RFC 6749 answers 400 here).
    OAuthNoClientCredentials,
    /// The token endpoint: an unknown or revoked SecretID, or a wrong secret.
    OAuthInvalidClient,
    /// The token endpoint: too many failed attempts lately.
    OAuthThrottled,
    /// The token endpoint: the database cannot take the request now.
    OAuthUnavailable,
    /// The hosted service's 100047: a path under `/api/` that names no resource.
    InvalidResourceUri,
}

impl ErrorCode {
    /// This code's row: the one place its status, code, message and body are written.
    pub const fn row(self) -> Row {
        use ErrorCode::*;
        match self {
            //                                 status  code                        default message
            InvalidRequest => Row::api(400, None, "The request is invalid"),
            Unauthenticated => {
                Row::api(401, None, "Authentication required: send HTTP Basic credentials (account:password)")
            }
            Forbidden => Row::api(403, None, "This operation requires an administrator"),
            NotFound => Row::api(404, None, "Not found"),
            MethodNotAllowed => Row::api(405, None, "Method not allowed"),
            Conflict => Row::api(409, None, "Conflict"),
            PayloadTooLarge => Row::api(413, None, "The request body is too large"),
            UriTooLong => Row::api(414, None, "the request's URI is too long"),
            UnsupportedMediaType => {
                Row::api(415, None, "The request body must be JSON (Content-Type: application/json)")
            }
            TooManyRequests => Row::api(429, None, "Too many requests; retry later"),
            HeadersTooLarge => Row::api(431, None, "the request's headers are too large"),
            Internal => Row::api(500, None, "Internal server error"),
            Unavailable => Row::api(503, None, "The service is temporarily unavailable; retry later"),
            AgentNotFound => Row::api(404, Some("10011"), "该客服不存在"),
            InvalidPlate => Row::api(400, Some("10012"), "功能模块输入不正确"),
            UnknownServiceState => Row::api(400, Some("10013"), "输入的客服状态在后台无匹配值"),
            OAuthInvalidRequest => {
                Row::oauth(400, "invalid_request", "The grant type was not specified in the request")
            }
            OAuthBodyTooLarge => Row::oauth(413, "invalid_request", "The request body is too large"),
            OAuthUnsupportedGrantType => Row::oauth(400, "unsupported_grant_type", "Grant type not supported"),
            OAuthNoClientCredentials => {
                Row::oauth(400, "invalid_client", "Client credentials were not found in the headers or body")
            }
            OAuthInvalidClient => Row::oauth(401, "invalid_client", "The client credentials are invalid"),
            OAuthThrottled => Row::oauth(429, "temporarily_unavailable", "Too many failed attempts; retry later"),
            OAuthUnavailable => Row::oauth(503, "temporarily_unavailable", "The service is temporarily unavailable"),
            InvalidResourceUri => Row::hosted(404, "100047", "Invalid resource URI"),
        }
    }

    /// The HTTP status this error is answered with.
    pub const fn status(self) -> u16 {
        self.row().status
    }

    /// The hosted service's numeric code, for the API errors it documents one for
    /// (`"10011"` in an [`ErrorBody`], `"100047"` in a [`HostedError`]).
    pub const fn api_code(self) -> Option<&'static str> {
        match self.row() {
            Row { shape: Shape::Api | Shape::Hosted, code, .. } => code,
            Row { shape: Shape::OAuth, .. } => None,
        }
    }

    /// The message used when nothing more specific is known.
    pub const fn default_message(self) -> &'static str {
        self.row().message
    }

    pub const fn shape(self) -> Shape {
        self.row().shape
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

/// The hosted service's own error body, `{"errcode":"100047","errmsg":"Invalid resource URI"}`:
/// what an unknown path under the API answers (with a 404).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct HostedError {
    #[schema(example = "100047")]
    pub errcode: String,
    #[schema(example = "Invalid resource URI")]
    pub errmsg: String,
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
        assert_eq!(ErrorCode::OAuthInvalidClient.api_code(), None, "an OAuth error is no API code");
        assert_eq!(ErrorCode::InvalidResourceUri.api_code(), Some("100047"));
    }

    /// A client recognises an API error by its code, or else by its status: within the
    /// API's shape, no two uncoded rows may share a status, nor two rows a code.
    #[test]
    fn api_rows_are_told_apart_by_code_or_status() {
        let api: Vec<Row> = ErrorCode::ALL.iter().map(|c| c.row()).filter(|r| r.shape == Shape::Api).collect();
        for (i, a) in api.iter().enumerate() {
            for b in &api[i + 1..] {
                match (a.code, b.code) {
                    (None, None) => assert_ne!(a.status, b.status, "{a:?} {b:?}"),
                    (Some(x), Some(y)) => assert_ne!(x, y),
                    _ => {}
                }
            }
        }
    }
}
