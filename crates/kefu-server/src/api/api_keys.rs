//! API key pairs (SecretID + secret), which the hosted service makes in its back office's
//! "API接口" section; kefu makes them over the API (extension), administrators only. The
//! secret is shown once, in the answer that creates it, and only its hash is kept.

use axum::Json;
use axum::extract::{Extension, State};
use jiff::tz::TimeZone;
use kefu_api::{ApiKey, ApiKeyEnvelope, ApiKeyList};
use kefu_api::{ApiKeyInput, RequestShape};
use kefu_app::Members;
use kefu_domain::api_key::parse_key_name;
use kefu_domain::limits::DEFAULT_PER_PAGE;
use kefu_domain::time::format_datetime;
use kefu_store::{ApiKeyRecord, Page};

use crate::api::input::ObjectReader;
use crate::api::openapi::{ApiRouter, parameters, responses};
use crate::http::auth::Admin;
use crate::http::error::ApiError;
use crate::http::extract::{JsonObject, JsonPathId, QueryParams};
use crate::http::links::BaseUrl;
use crate::http::request_id::SecretAnswer;
use crate::state::AppState;

const LIST_PATH: &str = "/api/v1/api_keys.json";

pub fn routes() -> ApiRouter {
    ApiRouter::new().routes(utoipa_axum::routes!(list, create)).routes(utoipa_axum::routes!(revoke))
}

fn render(key: &ApiKeyRecord, secret: Option<String>, zone: &TimeZone) -> ApiKey {
    ApiKey {
        id: key.id.to_string(),
        name: key.name.clone(),
        secret_id: key.secret_id.clone(),
        secret,
        create_dt: format_datetime(key.created_at, zone),
    }
}

/// Makes an API key pair for OAuth2 client credentials; the secret is in this answer only.
#[utoipa::path(
    post,
    path = LIST_PATH,
    tag = "api keys",
    operation_id = "create_api_key",
    request_body = kefu_api::ApiKeyBody,
    responses(
        (status = 200, description = "The new key pair, with its secret", body = ApiKeyEnvelope),
        responses::InvalidBody,
        responses::AdminErrors,
    )
)]
async fn create(
    State(state): State<AppState>,
    Admin(caller): Admin,
    body: JsonObject,
) -> Result<(Extension<SecretAnswer>, Json<ApiKeyEnvelope>), ApiError> {
    // Refused before the body is read, as the use case would refuse it after.
    caller.require_password_sign_in("create API keys")?;
    let mut reader = ObjectReader::new(body.into_wrapped("api_key")?);
    let name = reader.require("name", parse_key_name);
    reader.finish(ApiKeyInput::members())?;
    let name = name.ok_or_else(ApiError::internal)?;
    let created = state.app().api_keys().create(&caller, &name).await?;
    // The secret is shown once: never kept for a Requestid repeat.
    let answer = Json(ApiKeyEnvelope { api_key: render(&created.key, Some(created.secret), &caller.zone) });
    Ok((Extension(SecretAnswer), answer))
}

/// The company's live key pairs (never their secrets).
#[utoipa::path(
    get,
    path = LIST_PATH,
    tag = "api keys",
    operation_id = "list_api_keys",
    params(parameters::Paging),
    responses(
        (status = 200, description = "One page of key pairs", body = ApiKeyList),
        responses::InvalidQuery,
        responses::AdminErrors,
    )
)]
async fn list(
    State(state): State<AppState>,
    Admin(caller): Admin,
    base: BaseUrl,
    query: QueryParams,
) -> Result<Json<ApiKeyList>, ApiError> {
    let page = query.page(DEFAULT_PER_PAGE)?;
    let Page { rows, total } = state.app().api_keys().page(&caller, page).await?;
    let (next_page, previous_page) = base.page_links(LIST_PATH, &[], page, total);
    Ok(Json(ApiKeyList {
        api_keys: rows.iter().map(|key| render(key, None, &caller.zone)).collect(),
        count: total,
        next_page,
        previous_page,
    }))
}

/// Revokes a key: every token minted from it stops working on the next request.
#[utoipa::path(
    delete,
    path = "/api/v1/api_keys/{id}.json",
    tag = "api keys",
    operation_id = "revoke_api_key",
    params(parameters::Id),
    responses(
        (status = 200, description = "The key pair, revoked", body = ApiKeyEnvelope),
        responses::NotFound,
        responses::AdminErrors,
    )
)]
async fn revoke(
    State(state): State<AppState>,
    Admin(caller): Admin,
    path: JsonPathId,
) -> Result<Json<ApiKeyEnvelope>, ApiError> {
    let id = path.parse("API key", kefu_domain::ids::parse_positive_id)?;
    let key = state.app().api_keys().revoke(&caller, id).await?;
    Ok(Json(ApiKeyEnvelope { api_key: render(&key, None, &caller.zone) }))
}
