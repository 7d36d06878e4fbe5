//! Health, and the JSON answers for unknown routes and methods.

use axum::Json;
use axum::extract::State;
use axum::http::{Method, Uri};
use kefu_api::ErrorCode;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::routes;

use crate::api::openapi::{ApiRouter, responses};
use crate::http::error::ApiError;
use crate::state::AppState;

pub fn routes() -> ApiRouter {
    ApiRouter::new().routes(routes!(healthz)).routes(routes!(readyz))
}

/// `{"status":"ok"}`.
#[derive(Serialize, ToSchema)]
pub struct Health {
    #[schema(pattern = "^ok$", example = "ok")]
    status: &'static str,
}

fn ok() -> Json<Health> {
    Json(Health { status: "ok" })
}

/// Liveness: the process answers. No authentication, no database.
#[utoipa::path(
    get,
    path = "/healthz",
    tag = "operations",
    security(()),
    responses((status = 200, description = "The process answers", body = Health), responses::Unavailable)
)]
async fn healthz() -> Json<Health> {
    ok()
}

/// Readiness: the database answers too.
#[utoipa::path(
    get,
    path = "/readyz",
    tag = "operations",
    security(()),
    responses(
        (status = 200, description = "The database answers", body = Health),
        (status = 503, description = "The database does not answer, or the server is shutting down", body = kefu_api::ErrorBody),
    )
)]
async fn readyz(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    if state.shutting_down() {
        return Err(ApiError::unavailable("shutting down"));
    }
    state.store().ping().await?;
    Ok(ok())
}

/// An unknown path under the API answers as the hosted service does (`100047`, 404);
/// elsewhere (the console's space, `/favicon.ico`…) kefu's own 404.
pub async fn not_found(method: Method, uri: Uri) -> ApiError {
    if uri.path().starts_with("/api/") {
        return ApiError::new(ErrorCode::InvalidResourceUri, ErrorCode::InvalidResourceUri.default_message());
    }
    ApiError::not_found(format!("no route for {method} {}", uri.path()))
}

pub async fn method_not_allowed(method: Method, uri: Uri) -> ApiError {
    ApiError::new(ErrorCode::MethodNotAllowed, format!("{method} is not allowed on {}", uri.path()))
}
