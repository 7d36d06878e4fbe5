//! The error answers operations share, as `responses(…)` sets. Every error body is an
//! `ErrorBody` (`{"status":…,"message":…}`, with `code` for the seed's coded errors and
//! `errors` listing field problems), except the token endpoint's, which follow RFC 6749.

use std::collections::BTreeMap;

use utoipa::IntoResponses;
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::{ContentBuilder, Ref, RefOr, Response, ResponseBuilder};

const ERROR_BODY: &str = "#/components/schemas/ErrorBody";

fn error(description: &str) -> ResponseBuilder {
    ResponseBuilder::new()
        .description(description)
        .content("application/json", ContentBuilder::new().schema(Some(Ref::new(ERROR_BODY))).build())
}

fn integer_header(description: &str) -> utoipa::openapi::header::Header {
    HeaderBuilder::new()
        .schema(Some(utoipa::openapi::schema::ObjectBuilder::new().schema_type(utoipa::openapi::schema::Type::Integer)))
        .description(Some(description))
        .build()
}

fn text_header(description: &str) -> utoipa::openapi::header::Header {
    HeaderBuilder::new()
        .schema(Some(utoipa::openapi::schema::ObjectBuilder::new().schema_type(utoipa::openapi::schema::Type::String)))
        .description(Some(description))
        .build()
}

type Responses = BTreeMap<String, RefOr<Response>>;

fn set(entries: Vec<(&str, ResponseBuilder)>) -> Responses {
    entries.into_iter().map(|(status, response)| (status.to_owned(), RefOr::T(response.build()))).collect()
}

fn unauthenticated() -> (&'static str, ResponseBuilder) {
    (
        "401",
        error("No credentials, wrong ones, or an invalid Bearer token")
            .header("WWW-Authenticate", text_header("`Basic realm=\"kefu\", charset=\"UTF-8\"` or a Bearer challenge")),
    )
}

fn throttled() -> (&'static str, ResponseBuilder) {
    (
        "429",
        error("Too many failed sign-ins lately for this account or from this address")
            .header("Retry-After", integer_header("Seconds until the next try is accepted")),
    )
}

fn unavailable() -> (&'static str, ResponseBuilder) {
    (
        "503",
        error("The database cannot take the request now, the request took too long, or the server is shutting down")
            .header("Retry-After", integer_header("Seconds")),
    )
}

/// 503 only: every route can time out.
pub struct Unavailable;

impl IntoResponses for Unavailable {
    fn responses() -> Responses {
        set(vec![unavailable()])
    }
}

/// Any authenticated agent: 401, 429, 503.
pub struct AgentErrors;

impl IntoResponses for AgentErrors {
    fn responses() -> Responses {
        set(vec![unauthenticated(), throttled(), unavailable()])
    }
}

/// Administrators only: 401, 403 (an agent who is not one), 429, 503.
pub struct AdminErrors;

impl IntoResponses for AdminErrors {
    fn responses() -> Responses {
        set(vec![
            unauthenticated(),
            (
                "403",
                error(
                    "The caller is not an administrator (refused before the body is read); or, on a write, a browser's \
                     cross-site request (`Origin` not this server's, `Sec-Fetch-Site` cross-site or same-site) whose body \
                     is not declared `application/json`",
                ),
            ),
            throttled(),
            unavailable(),
        ])
    }
}

/// A query string that breaks the rules: 400 naming each field.
pub struct InvalidQuery;

impl IntoResponses for InvalidQuery {
    fn responses() -> Responses {
        set(vec![("400", error("A parameter is malformed, out of range, or given twice; `errors` names each"))])
    }
}

/// A JSON body: 400 (malformed, or field problems), 413, 415.
pub struct InvalidBody;

impl IntoResponses for InvalidBody {
    fn responses() -> Responses {
        set(vec![
            (
                "400",
                error(
                    "The body is not a JSON object of the documented shape, or fields break the rules; `errors` names each",
                ),
            ),
            ("413", error("The body is larger than 1 MiB")),
            (
                "415",
                error(
                    "A Content-Type other than JSON (`application/json`, `+json`, or `application/x-www-form-urlencoded` holding JSON)",
                ),
            ),
        ])
    }
}

/// No such resource in the caller's company (another company's ids answer the same).
pub struct NotFound;

impl IntoResponses for NotFound {
    fn responses() -> Responses {
        set(vec![("404", error("No such resource in the caller's company, or the path's id is not an id"))])
    }
}

/// A unique value is taken, or the change would break a rule.
pub struct Conflict;

impl IntoResponses for Conflict {
    fn responses() -> Responses {
        set(vec![(
            "409",
            error("A unique value is taken, or the change would break a rule (e.g. the last administrator)"),
        )])
    }
}

/// The 400 of a write whose `Requestid` header is malformed (when the operation has no 400
/// of its own).
pub fn invalid_request_id() -> Response {
    error("The `Requestid` header is not 1–128 visible ASCII characters; `errors` names it").build()
}

/// The 409 of a write whose `Requestid` was seen (when the operation has no 409 of its own).
pub fn request_id_conflict() -> Response {
    error(
        "The `Requestid` was used for another request, its first request is still running, or its first answer \
         carried a secret (not kept)",
    )
    .build()
}
