//! The agent (客服) endpoints of the seed: list, show, show_many, create, update, delete,
//! search, and hide/restore (`servicers`).

pub(crate) mod input;
pub(crate) mod params;

use axum::Json;
use axum::extract::State;
use axum::http::header::LOCATION;
use axum::http::{HeaderMap, HeaderValue};
use kefu_api::{
    Support, SupportEnvelope, SupportList, SupportSearchPage, SupportShowMany, SupportStatus, SupportStatusEnvelope,
};
use kefu_app::Caller;
use kefu_app::agents::AgentInput;
use kefu_domain::AgentId;
use kefu_store::Page;

use crate::api::openapi::{ApiRouter, parameters, responses};
use crate::api::render::{support, support_path};
use crate::http::auth::{Admin, Authenticated};
use crate::http::error::ApiError;
use crate::http::extract::{JsonObject, JsonPathId, QueryParams};
use crate::http::links::BaseUrl;
use crate::state::AppState;

const LIST_PATH: &str = "/api/v1/supports.json";
const SEARCH_PATH: &str = "/api/v1/supportgroups/supports/search.json";

pub fn routes() -> ApiRouter {
    ApiRouter::new()
        .routes(utoipa_axum::routes!(list, create))
        .routes(utoipa_axum::routes!(show_many))
        .routes(utoipa_axum::routes!(show, update, delete))
        .routes(utoipa_axum::routes!(search))
        .routes(utoipa_axum::routes!(set_visibility))
}

fn agent_id(path: &JsonPathId) -> Result<AgentId, ApiError> {
    path.parse("agent", AgentId::parse)
}

/// The company's agents (list 客服), by sId; `isStat=0` lists the recycle bin.
#[utoipa::path(
    get,
    path = LIST_PATH,
    tag = "agents",
    operation_id = "list_supports",
    params(parameters::CreatedRange, parameters::CreatedOrder, parameters::StatusFilter, parameters::Paging),
    responses(
        (status = 200, description = "One page of agents", body = SupportList),
        responses::InvalidQuery,
        responses::AdminErrors,
    )
)]
async fn list(
    State(state): State<AppState>,
    Admin(caller): Admin,
    base: BaseUrl,
    query: QueryParams,
) -> Result<Json<SupportList>, ApiError> {
    let request = params::list_request(&query, &caller.zone)?;
    let page = agent_page(&state, &caller, &base, LIST_PATH, &request).await?;
    Ok(Json(SupportList {
        supports: page.supports,
        count: page.total,
        next_page: page.next_page,
        previous_page: page.previous_page,
    }))
}

/// Searches the company's agents (搜索客服).
#[utoipa::path(
    get,
    path = SEARCH_PATH,
    tag = "agents",
    operation_id = "search_supports",
    params(parameters::Search, parameters::CreatedRange, parameters::StatusFilter, parameters::Paging),
    responses(
        (status = 200, description = "One page of matches; `count` is a string and missing page links are `\"\"`, as the hosted service answers", body = SupportSearchPage),
        responses::InvalidQuery,
        responses::AdminErrors,
    )
)]
async fn search(
    State(state): State<AppState>,
    Admin(caller): Admin,
    base: BaseUrl,
    query: QueryParams,
) -> Result<Json<SupportSearchPage>, ApiError> {
    let request = params::search_request(&query, &caller.zone, state.limits().max_query_chars)?;
    let page = agent_page(&state, &caller, &base, SEARCH_PATH, &request).await?;
    Ok(Json(SupportSearchPage {
        supports: page.supports,
        count: page.total.to_string(),
        previous_page: page.previous_page.unwrap_or_default(),
        next_page: page.next_page.unwrap_or_default(),
    }))
}

/// One page of agents as the list and the search both answer it, before each wraps it
/// in its own envelope.
struct AgentPage {
    supports: Vec<Support>,
    total: u64,
    next_page: Option<String>,
    previous_page: Option<String>,
}

async fn agent_page(
    state: &AppState,
    caller: &Caller,
    base: &BaseUrl,
    path: &str,
    request: &params::ListRequest,
) -> Result<AgentPage, ApiError> {
    let Page { rows, total } = state.app().agents().page(caller, &request.query).await?;
    let (next_page, previous_page) = base.page_links(path, &request.link_filters, request.query.page, total);
    let supports = rows.iter().map(|agent| support(agent, base, &caller.zone)).collect();
    Ok(AgentPage { supports, total, next_page, previous_page })
}

/// One agent of the caller's company (客服详情); any agent may read any colleague.
#[utoipa::path(
    get,
    path = "/api/v1/supports/{id}.json",
    tag = "agents",
    operation_id = "show_support",
    params(parameters::Id),
    responses(
        (status = 200, description = "The agent", body = SupportEnvelope),
        responses::NotFound,
        responses::AgentErrors,
    )
)]
async fn show(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    base: BaseUrl,
    path: JsonPathId,
) -> Result<Json<SupportEnvelope>, ApiError> {
    let agent = state.app().agents().show(&caller, agent_id(&path)?).await?;
    Ok(Json(SupportEnvelope { support: support(&agent, &base, &caller.zone) }))
}

/// Several agents at once (批量获取客服); unknown sIds are left out.
#[utoipa::path(
    get,
    path = "/api/v1/supports/show_many.json",
    tag = "agents",
    operation_id = "show_many_supports",
    params(parameters::ShowMany),
    responses(
        (status = 200, description = "The agents found", body = SupportShowMany),
        responses::InvalidQuery,
        responses::AdminErrors,
    )
)]
async fn show_many(
    State(state): State<AppState>,
    Admin(caller): Admin,
    base: BaseUrl,
    query: QueryParams,
) -> Result<Json<SupportShowMany>, ApiError> {
    let raw = query.one("ids")?.ok_or_else(|| ApiError::field("ids", "is required, e.g. ids=1,2,3"))?;
    let mut ids: Vec<AgentId> = Vec::new();
    for token in raw.split(',') {
        let id = AgentId::parse(token.trim()).map_err(|_| {
            ApiError::field("ids", format!("must be comma-separated sIds such as 1,2,3; {token:?} is not one"))
        })?;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    let max = state.limits().max_show_many_ids;
    if ids.len() > max {
        return Err(ApiError::field("ids", format!("at most {max} ids per call, got {}", ids.len())));
    }
    let agents = state.app().agents().show_many(&caller, &ids).await?;
    Ok(Json(SupportShowMany { supports: agents.iter().map(|agent| support(agent, &base, &caller.zone)).collect() }))
}

/// Creates an agent (新建客服).
#[utoipa::path(
    post,
    path = LIST_PATH,
    tag = "agents",
    operation_id = "create_support",
    request_body = kefu_api::SupportCreateBody,
    responses(
        (status = 200, description = "The new agent", body = SupportEnvelope,
            headers(("Location" = String, description = "The new agent's URL"))),
        responses::InvalidBody,
        responses::Conflict,
        responses::AdminErrors,
    )
)]
async fn create(
    State(state): State<AppState>,
    Admin(caller): Admin,
    base: BaseUrl,
    body: JsonObject,
) -> Result<(HeaderMap, Json<SupportEnvelope>), ApiError> {
    let input = input::new_agent(body.into_wrapped("support")?);
    let agent = state.app().agents().create(&caller, input).await?;
    let mut headers = HeaderMap::new();
    if let Ok(location) = HeaderValue::from_str(&base.join(&support_path(agent.id))) {
        headers.insert(LOCATION, location);
    }
    Ok((headers, Json(SupportEnvelope { support: support(&agent, &base, &caller.zone) })))
}

/// Changes an agent (更新客服). Administrators change anyone; other agents only their own
/// harmless fields (403 otherwise).
#[utoipa::path(
    put,
    path = "/api/v1/supports/{id}.json",
    tag = "agents",
    operation_id = "update_support",
    params(parameters::Id),
    request_body = kefu_api::SupportUpdateBody,
    responses(
        (status = 200, description = "The agent as changed", body = SupportEnvelope),
        responses::InvalidBody,
        (status = 403, description = "Not an administrator, and not the caller's own harmless fields", body = kefu_api::ErrorBody),
        responses::NotFound,
        responses::Conflict,
        responses::AgentErrors,
    )
)]
async fn update(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    base: BaseUrl,
    path: JsonPathId,
    body: JsonObject,
) -> Result<Json<SupportEnvelope>, ApiError> {
    let id = agent_id(&path)?;
    // A body that is not `{"support":{…}}` is answered once the agent is known to exist.
    let input = match body.into_wrapped("support") {
        Ok(members) => input::agent_changes(members, id),
        Err(refused) => AgentInput::refused(refused.problems),
    };
    let updated = state.app().agents().update(&caller, id, input).await?;
    Ok(Json(SupportEnvelope { support: support(&updated.agent, &base, &caller.zone) }))
}

/// Deletes an agent (删除客服); answers the agent as it was.
#[utoipa::path(
    delete,
    path = "/api/v1/supports/{id}.json",
    tag = "agents",
    operation_id = "delete_support",
    params(parameters::Id),
    responses(
        (status = 200, description = "The agent, as it was", body = SupportEnvelope),
        responses::NotFound,
        responses::Conflict,
        responses::AdminErrors,
    )
)]
async fn delete(
    State(state): State<AppState>,
    Admin(caller): Admin,
    base: BaseUrl,
    path: JsonPathId,
) -> Result<Json<SupportEnvelope>, ApiError> {
    let agent = state.app().agents().delete(&caller, agent_id(&path)?).await?;
    Ok(Json(SupportEnvelope { support: support(&agent, &base, &caller.zone) }))
}

/// Hides an agent in the recycle bin (`isStat` "0") or restores it ("1") (隐藏/恢复客服).
#[utoipa::path(
    put,
    path = "/api/v1/servicers/{id}.json",
    tag = "agents",
    operation_id = "set_support_visibility",
    params(parameters::Id),
    request_body = kefu_api::VisibilityBody,
    responses(
        (status = 200, description = "The agent's sId and isStat", body = SupportStatusEnvelope),
        responses::InvalidBody,
        responses::NotFound,
        responses::Conflict,
        responses::AdminErrors,
    )
)]
async fn set_visibility(
    State(state): State<AppState>,
    Admin(caller): Admin,
    path: JsonPathId,
    body: JsonObject,
) -> Result<Json<SupportStatusEnvelope>, ApiError> {
    let id = agent_id(&path)?;
    let status = input::visibility(body.into_wrapped("support")?)?;
    let agent = state.app().agents().set_visibility(&caller, id, status).await?;
    Ok(Json(SupportStatusEnvelope {
        support: SupportStatus { s_id: agent.id.to_string(), is_stat: agent.status.code().to_string() },
    }))
}
