//! Extractors whose every rejection is an [`ApiError`] in the API's own format: the
//! JSON body (Content-Type, size, syntax), the query string, and `{id}.json` path ids.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::request::Parts;
use kefu_api::ErrorCode;
use kefu_domain::paging::PageRequest;
use kefu_domain::text::is_storable;
use serde_json::{Map, Value};

use crate::http::error::ApiError;
use crate::state::AppState;

/// A request body that is a JSON object.
///
/// The developer guide asks for `Content-Type: application/json`; the seed's own example
/// for `PUT /servicers/{sId}.json` is a `curl -d` without it, which sends
/// `application/x-www-form-urlencoded`. So that copied examples work, a JSON body under
/// that type (or none) is read as JSON too; any other type is a 415.
pub struct JsonObject(pub Map<String, Value>);

impl FromRequest<AppState> for JsonObject {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let max = state.limits().max_body_bytes;
        check_content_type(req.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()))?;
        let declared = req.headers().get(CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
        if declared.is_some_and(|len| len > max) {
            return Err(too_large(max));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                too_large(max)
            } else {
                ApiError::new(ErrorCode::InvalidRequest, format!("could not read the request body: {rejection}"))
            }
        })?;
        if bytes.len() > max {
            return Err(too_large(max));
        }
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(ApiError::new(
                ErrorCode::InvalidRequest,
                "the request body is empty; a JSON object is expected",
            ));
        }
        match crate::http::strict_json::from_slice(&bytes) {
            Ok(Value::Object(map)) => Ok(JsonObject(map)),
            Ok(_) => Err(ApiError::new(ErrorCode::InvalidRequest, "the request body must be a JSON object")),
            Err(e) => Err(ApiError::new(
                ErrorCode::InvalidRequest,
                format!("malformed JSON at line {} column {}: {e}", e.line(), e.column()),
            )),
        }
    }
}

fn too_large(max: usize) -> ApiError {
    ApiError::new(ErrorCode::PayloadTooLarge, format!("the request body exceeds {max} bytes"))
}

fn check_content_type(content_type: Option<&str>) -> Result<(), ApiError> {
    let Some(content_type) = content_type else {
        return Ok(());
    };
    let essence = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    let json = essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"));
    if json || essence == "application/x-www-form-urlencoded" {
        Ok(())
    } else {
        Err(ApiError::new(
            ErrorCode::UnsupportedMediaType,
            format!("Content-Type {essence:?} is not supported: send JSON with Content-Type: application/json"),
        ))
    }
}

impl JsonObject {
    /// Unwraps `{"<wrapper>":{…}}`, refusing other top-level members.
    pub fn into_wrapped(self, wrapper: &str) -> Result<Map<String, Value>, ApiError> {
        let mut outer = self.0;
        let inner = outer.remove(wrapper);
        if let Some(extra) = outer.keys().next() {
            return Err(ApiError::field(extra, format!("unknown member; the body is {{\"{wrapper}\":{{…}}}}")));
        }
        match inner {
            Some(Value::Object(map)) => Ok(map),
            Some(_) => Err(ApiError::field(wrapper, "must be a JSON object")),
            None => Err(ApiError::field(wrapper, format!("missing: the body is {{\"{wrapper}\":{{…}}}}"))),
        }
    }
}

/// The decoded query string, in order.
pub struct QueryParams(Vec<(String, String)>);

impl<S: Send + Sync> FromRequestParts<S> for QueryParams {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or("");
        Ok(QueryParams(form_urlencoded::parse(query.as_bytes()).into_owned().collect()))
    }
}

impl QueryParams {
    /// The value of a parameter given at most once. Unknown parameters are ignored, as
    /// the hosted service does — whatever they hold, repeats and `%00` included, since
    /// only the parameters a route reads are ever looked at; a repeated known one is
    /// refused since its meaning is unclear.
    pub fn one(&self, key: &str) -> Result<Option<&str>, ApiError> {
        let mut values = self.0.iter().filter(|(k, _)| k == key).map(|(_, v)| v.as_str());
        let first = values.next();
        if values.next().is_some() {
            return Err(ApiError::field(key, "given more than once"));
        }
        // `%00` decodes to a NUL, which PostgreSQL cannot take: refused here, in every
        // parameter a route reads, so that no backend sees one.
        if first.is_some_and(|value| !is_storable(value)) {
            return Err(ApiError::field(key, "must not contain NUL characters (%00)"));
        }
        Ok(first)
    }
}

#[cfg(test)]
impl QueryParams {
    /// Parameters a unit test builds.
    pub fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        QueryParams(pairs)
    }
}

impl QueryParams {
    /// `page` and `per_page` (`default_per_page` when absent), or a 400 naming the bad one.
    pub fn page(&self, default_per_page: u64) -> Result<PageRequest, ApiError> {
        PageRequest::parse(self.one("page")?, self.one("per_page")?, default_per_page)
            .map_err(|(field, message)| ApiError::field(field, message))
    }
}

/// The id in a `/{id}.json` path segment, or a `/{id}` one: the suffix is optional, as
/// on the hosted service. Only one `.json` is taken off (`5.json.json` is no id).
pub struct JsonPathId(pub String);

impl<S: Send + Sync> FromRequestParts<S> for JsonPathId {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Path(segment) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|_| ApiError::not_found(format!("no route for {}", parts.uri.path())))?;
        Ok(JsonPathId(segment.strip_suffix(".json").unwrap_or(&segment).to_owned()))
    }
}

impl JsonPathId {
    /// Parses the id, answering 404 for anything that cannot be an id (no resource has
    /// such a name) and 400 for another spelling of an id (`01`), see [`refuse_alias`].
    pub fn parse<T>(&self, what: &str, parse: impl FnOnce(&str) -> Result<T, String>) -> Result<T, ApiError> {
        parse(&self.0).map_err(|message| {
            refuse_alias(&message).unwrap_or_else(|| {
                ApiError::not_found(format!("no {what} with id {:?}: ids are positive integers", self.0))
            })
        })
    }
}

/// A 400 when an id's parse error says it was written in a non-canonical form (`01`,
/// `+1`, `field_01`): one rule for ids in paths, queries and bodies alike, so that no id
/// has two names. None for other errors, which keep each edge's documented answer.
pub fn refuse_alias(message: &str) -> Option<ApiError> {
    kefu_domain::ids::is_not_canonical(message).then(|| ApiError::field("id", message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types() {
        assert!(check_content_type(None).is_ok());
        assert!(check_content_type(Some("application/json")).is_ok());
        assert!(check_content_type(Some("application/json; charset=utf-8")).is_ok());
        assert!(check_content_type(Some("Application/JSON")).is_ok());
        assert!(check_content_type(Some("application/vnd.api+json")).is_ok());
        assert!(check_content_type(Some("application/x-www-form-urlencoded")).is_ok());
        for bad in ["text/plain", "multipart/form-data; boundary=x", "application/xml", ""] {
            assert_eq!(check_content_type(Some(bad)).unwrap_err().code, ErrorCode::UnsupportedMediaType, "{bad}");
        }
    }
}
