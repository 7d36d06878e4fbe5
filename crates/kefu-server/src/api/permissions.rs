//! Module permissions: `PUT /api/v1/permissions/{sId}.json` (the seed) and
//! `GET /api/v1/permissions/{sId}.json` (kefu extension). Administrators only.
//!
//! An sId the caller's tenant does not have answers exactly as the seed shows:
//! HTTP 403 with `{"status":403,"message":"The sId does not exist"}`.

use axum::Json;
use axum::extract::State;
use kefu_api::{Permission as WirePermission, PermissionEnvelope, PermissionList};
use kefu_api::{PermissionInput, RequestShape};
use kefu_app::{AppError, Members};
use kefu_domain::AgentId;
use kefu_domain::presence::{Module, Permission};
use serde_json::{Map, Value};

use crate::api::input::ObjectReader;
use crate::api::openapi::{ApiRouter, parameters, responses};
use crate::http::auth::Admin;
use crate::http::error::ApiError;
use crate::http::extract::{JsonObject, JsonPathId};
use crate::state::AppState;

pub fn routes() -> ApiRouter {
    ApiRouter::new().routes(utoipa_axum::routes!(show, set))
}

/// The path's agent: anything that is not an id names no agent (the seed's 403), except
/// another spelling of an id (400, as everywhere).
fn agent_id(path: &JsonPathId) -> Result<AgentId, ApiError> {
    AgentId::parse(&path.0).map_err(|message| {
        crate::http::extract::refuse_alias(&message).unwrap_or_else(|| AppError::sid_does_not_exist().into())
    })
}

fn wire(agent: AgentId, module: Module, permission: Permission) -> WirePermission {
    WirePermission { s_id: agent.to_string(), m_type: module.code().to_string(), state: permission.code().to_string() }
}

/// `{"permission":{"mType":"4","state":"0"}}`; `sId` may be sent back if it is the path's.
fn command(members: Map<String, Value>, agent: AgentId) -> Result<(Module, Permission), AppError> {
    let mut reader = ObjectReader::new(members);
    if let Some(s_id) = reader.text("sId")
        && s_id != agent.to_string()
    {
        reader.problem("sId", format!("is {s_id:?} but the path names sId {agent}; leave it out"));
    }
    let module = reader.require("mType", Module::parse);
    let permission = reader.require("state", Permission::parse);
    AppError::check(reader.into_problems(PermissionInput::members()))?;
    match (module, permission) {
        (Some(module), Some(permission)) => Ok((module, permission)),
        // No problem, so both parsed.
        _ => Err(AppError::internal()),
    }
}

/// Turns an agent's module permission on or off (the call center, `mType` 4).
#[utoipa::path(
    put,
    path = "/api/v1/permissions/{id}.json",
    tag = "presence",
    operation_id = "set_permission",
    params(parameters::Id),
    request_body = kefu_api::PermissionBody,
    responses(
        (status = 200, description = "The permission as set", body = PermissionEnvelope),
        responses::InvalidBody,
        (status = 403, description = "Not an administrator; or, as the seed shows, `The sId does not exist` for an agent the company does not have (checked first)", body = kefu_api::ErrorBody),
        responses::AgentErrors,
    )
)]
async fn set(
    State(state): State<AppState>,
    Admin(caller): Admin,
    path: JsonPathId,
    body: JsonObject,
) -> Result<Json<PermissionEnvelope>, ApiError> {
    let agent = agent_id(&path)?;
    let command = match body.into_wrapped("permission") {
        Ok(members) => command(members, agent),
        Err(refused) => Err(AppError::invalid(refused.problems)),
    };
    let (module, permission) = state.app().permissions().set(&caller, agent, command).await?;
    Ok(Json(PermissionEnvelope { permission: wire(agent, module, permission) }))
}

/// Every module permission of an agent (kefu extension).
#[utoipa::path(
    get,
    path = "/api/v1/permissions/{id}.json",
    tag = "presence",
    operation_id = "show_permissions",
    params(parameters::Id),
    responses(
        (status = 200, description = "The agent's permissions", body = PermissionList),
        (status = 403, description = "Not an administrator; or `The sId does not exist`", body = kefu_api::ErrorBody),
        responses::AgentErrors,
    )
)]
async fn show(
    State(state): State<AppState>,
    Admin(caller): Admin,
    path: JsonPathId,
) -> Result<Json<PermissionList>, ApiError> {
    let agent = agent_id(&path)?;
    let permissions = state.app().permissions().show(&caller, agent).await?;
    Ok(Json(PermissionList {
        permissions: permissions.into_iter().map(|(module, permission)| wire(agent, module, permission)).collect(),
    }))
}
