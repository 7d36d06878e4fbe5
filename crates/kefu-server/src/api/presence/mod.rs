//! Presence per plate: `GET|PUT /plate_service_state/{sId}.json` (the seed), the history
//! of changes and the tenant's state lists (kefu extensions). Administrators only.

pub(crate) mod input;
mod states;

use axum::Json;
use axum::extract::{Path, State};
use kefu_api::{PlateServiceState, PlateServiceStateChange, PlateServiceStateEnvelope, PlateServiceStateHistory};
use kefu_app::AppError;
use kefu_domain::AgentId;
use kefu_domain::limits::DEFAULT_PER_PAGE;
use kefu_domain::presence::Plate;
use kefu_domain::time::format_datetime;
use kefu_store::Page;

use crate::api::openapi::{ApiRouter, parameters, responses};
use crate::http::auth::Admin;
use crate::http::error::ApiError;
use crate::http::extract::{JsonObject, JsonPathId, QueryParams};
use crate::http::links::BaseUrl;
use crate::state::AppState;

use input::{plate_param, plate_query, set_command};

pub fn routes() -> ApiRouter {
    ApiRouter::new()
        .routes(utoipa_axum::routes!(show, set))
        .routes(utoipa_axum::routes!(history))
        .routes(utoipa_axum::routes!(states::show, states::replace))
}

/// The agent a path names. Anything that is not an id names no agent: 10011, exactly as
/// an unknown id.
fn agent_id(raw: &str) -> Result<AgentId, ApiError> {
    AgentId::parse(raw).map_err(|message| {
        crate::http::extract::refuse_alias(&message).unwrap_or_else(|| AppError::agent_not_found().into())
    })
}

fn envelope(agent: AgentId, plate: Plate, state: String) -> Json<PlateServiceStateEnvelope> {
    Json(PlateServiceStateEnvelope {
        plate_service_state: PlateServiceState { s_id: agent.to_string(), plate: plate.code().to_string(), state },
    })
}

/// `GET /plate_service_state/{sId}.json?plate=N`: one indexed query.
#[utoipa::path(
    get,
    path = "/api/v1/plate_service_state/{id}.json",
    tag = "presence",
    operation_id = "show_plate_service_state",
    params(parameters::Id, parameters::Plate),
    responses(
        (status = 200, description = "The agent's state in the plate", body = PlateServiceStateEnvelope),
        (status = 400, description = "10012 (功能模块输入不正确): no plate, or not 1, 2 or 3", body = kefu_api::ErrorBody),
        (status = 404, description = "10011 (该客服不存在): no such agent in the company; anything that is not an id answers the same", body = kefu_api::ErrorBody),
        responses::AdminErrors,
    )
)]
async fn show(
    State(state): State<AppState>,
    Admin(caller): Admin,
    path: JsonPathId,
    query: QueryParams,
) -> Result<Json<PlateServiceStateEnvelope>, ApiError> {
    let agent = agent_id(&path.0)?;
    let plate = plate_query(&query).and_then(plate_param);
    let current = state.app().presence().show(&caller, agent, plate.clone()).await?;
    // The use case answered the plate's problem, if it had one.
    Ok(envelope(agent, plate?, current))
}

/// `PUT /plate_service_state/{sId}.json` with `{"plate_service_state":{"plate":"1","state":"在线"}}`.
#[utoipa::path(
    put,
    path = "/api/v1/plate_service_state/{id}.json",
    tag = "presence",
    operation_id = "set_plate_service_state",
    params(parameters::Id),
    request_body = kefu_api::PlateServiceStateBody,
    responses(
        (status = 200, description = "The agent's new state", body = PlateServiceStateEnvelope),
        (status = 400, description = "A malformed body; 10012 for the plate, 10013 (输入的客服状态在后台无匹配值) for a state the plate does not have", body = kefu_api::ErrorBody),
        (status = 404, description = "10011 (该客服不存在), checked first", body = kefu_api::ErrorBody),
        (status = 409, description = "The agent is in the recycle bin, or lacks the call-center permission", body = kefu_api::ErrorBody),
        (status = 413, description = "The body is larger than 1 MiB", body = kefu_api::ErrorBody),
        (status = 415, description = "Not JSON", body = kefu_api::ErrorBody),
        responses::AdminErrors,
    )
)]
async fn set(
    State(state): State<AppState>,
    Admin(caller): Admin,
    path: JsonPathId,
    body: JsonObject,
) -> Result<Json<PlateServiceStateEnvelope>, ApiError> {
    let agent = agent_id(&path.0)?;
    let command = match body.into_wrapped("plate_service_state") {
        Ok(members) => set_command(members, agent),
        Err(refused) => Err(AppError::invalid(refused.problems)),
    };
    let plate = command.as_ref().map(|command| command.plate).map_err(Clone::clone);
    let to = state.app().presence().set(&caller, agent, command).await?;
    // The use case answered the command's problem, if it had one.
    Ok(envelope(agent, plate?, to))
}

/// `GET /plate_service_state/{sId}/history.json[?plate=N]`: the agent's changes, oldest
/// first, paginated like every list.
#[utoipa::path(
    get,
    path = "/api/v1/plate_service_state/{id}/history.json",
    tag = "presence",
    operation_id = "plate_service_state_history",
    params(parameters::Id, parameters::PlateFilter, parameters::Paging),
    responses(
        (status = 200, description = "One page of the agent's changes, oldest first", body = PlateServiceStateHistory),
        (status = 400, description = "10012 for a bad plate; a bad page", body = kefu_api::ErrorBody),
        (status = 404, description = "10011 (该客服不存在)", body = kefu_api::ErrorBody),
        responses::AdminErrors,
    )
)]
async fn history(
    State(state): State<AppState>,
    Admin(caller): Admin,
    base: BaseUrl,
    Path(raw_id): Path<String>,
    query: QueryParams,
) -> Result<Json<PlateServiceStateHistory>, ApiError> {
    let agent = agent_id(&raw_id)?;
    let request = plate_query(&query).and_then(|raw| {
        let plate = raw.map(|raw| plate_param(Some(raw))).transpose()?;
        let page = query.page(DEFAULT_PER_PAGE).map_err(|e| AppError::invalid(e.problems))?;
        Ok((raw, plate, page))
    });
    let Page { rows, total } =
        state.app().presence().history(&caller, agent, request.clone().map(|(_, plate, page)| (plate, page))).await?;
    // The use case answered the request's problem, if it had one.
    let (plate_filter, _, page) = request?;
    let path = format!("/api/v1/plate_service_state/{agent}/history.json");
    let filters: Vec<_> = plate_filter.map(|p| ("plate", p.to_owned())).into_iter().collect();
    let (next_page, previous_page) = base.page_links(&path, &filters, page, total);
    Ok(Json(PlateServiceStateHistory {
        plate_service_state_history: rows
            .into_iter()
            .map(|change| PlateServiceStateChange {
                id: change.id.to_string(),
                s_id: change.agent.to_string(),
                plate: change.plate.code().to_string(),
                from: change.from,
                to: change.to,
                set_by: change.set_by.to_string(),
                create_dt: format_datetime(change.created_at, &caller.zone),
            })
            .collect(),
        count: total,
        next_page,
        previous_page,
    }))
}
