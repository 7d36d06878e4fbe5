//! The agent (客服) endpoints of the seed: list, show, show_many, create, update, delete,
//! search, and hide/restore (`servicers`).

pub(crate) mod input;
pub(crate) mod params;

use axum::extract::State;
use axum::http::header::LOCATION;
use axum::http::{HeaderMap, HeaderValue};
use axum::routing::{get, put};
use axum::{Json, Router};
use kefu_api::{
    SupportEnvelope, SupportList, SupportSearchPage, SupportShowMany, SupportStatus, SupportStatusEnvelope,
};
use kefu_domain::AgentId;
use kefu_domain::agent::{CurrentPrivileges, authorize_patch};
use kefu_domain::limits::MAX_SHOW_MANY_IDS;
use kefu_domain::search::SearchField;
use kefu_store::{AgentRecord, Page, Window};

use crate::auth::{Admin, Caller};
use crate::error::ApiError;
use crate::extract::{JsonObject, JsonPathId, QueryParams};
use crate::fields::FieldContext;
use crate::links::BaseUrl;
use crate::render::{support, support_path};
use crate::state::AppState;

const LIST_PATH: &str = "/api/v1/supports.json";
const SEARCH_PATH: &str = "/api/v1/supportgroups/supports/search.json";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(LIST_PATH, get(list).post(create))
        .route("/api/v1/supports/show_many.json", get(show_many))
        .route("/api/v1/supports/{id}", get(show).put(update).delete(delete))
        .route(SEARCH_PATH, get(search))
        .route("/api/v1/servicers/{id}", put(set_visibility))
}

fn agent_id(path: &JsonPathId) -> Result<AgentId, ApiError> {
    path.parse("agent", AgentId::parse)
}

fn no_agent(id: AgentId) -> impl FnOnce() -> String {
    move || format!("no agent with sId {id}")
}

fn window(page: kefu_domain::paging::PageRequest) -> Window {
    Window { limit: page.per_page, offset: page.offset() }
}

async fn list(
    State(state): State<AppState>,
    Admin(caller): Admin,
    base: BaseUrl,
    query: QueryParams,
) -> Result<Json<SupportList>, ApiError> {
    let request = params::list_request(&query, &caller.zone)?;
    let Page { rows, total } =
        state.store().list_agents(caller.tenant, &request.filter, request.order, window(request.page)).await?;
    let filters: Vec<(&str, &str)> = request.link_filters.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (next_page, previous_page) = base.page_links(LIST_PATH, &filters, request.page, total);
    Ok(Json(SupportList {
        supports: rows.iter().map(|agent| support(agent, &base, &caller.zone)).collect(),
        count: total,
        next_page,
        previous_page,
    }))
}

async fn search(
    State(state): State<AppState>,
    Admin(caller): Admin,
    base: BaseUrl,
    query: QueryParams,
) -> Result<Json<SupportSearchPage>, ApiError> {
    let request = params::search_request(&query, &caller.zone)?;
    if let Some(SearchField::Custom(number)) = request.filter.search.as_ref().and_then(|s| s.field)
        && state.store().field_definition(caller.tenant, number).await?.is_none()
    {
        return Err(ApiError::field("query", format!("no custom field field_{number} is defined for this company")));
    }
    let Page { rows, total } =
        state.store().list_agents(caller.tenant, &request.filter, request.order, window(request.page)).await?;
    let filters: Vec<(&str, &str)> = request.link_filters.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (next_page, previous_page) = base.page_links(SEARCH_PATH, &filters, request.page, total);
    Ok(Json(SupportSearchPage {
        supports: rows.iter().map(|agent| support(agent, &base, &caller.zone)).collect(),
        count: total.to_string(),
        previous_page: previous_page.unwrap_or_default(),
        next_page: next_page.unwrap_or_default(),
    }))
}

async fn show(
    State(state): State<AppState>,
    caller: Caller,
    base: BaseUrl,
    path: JsonPathId,
) -> Result<Json<SupportEnvelope>, ApiError> {
    let id = agent_id(&path)?;
    let agent = state.store().agent(caller.tenant, id).await?.ok_or_else(|| ApiError::not_found(no_agent(id)()))?;
    Ok(Json(SupportEnvelope { support: support(&agent, &base, &caller.zone) }))
}

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
    if ids.len() > MAX_SHOW_MANY_IDS {
        return Err(ApiError::field("ids", format!("at most {MAX_SHOW_MANY_IDS} ids per call, got {}", ids.len())));
    }
    let agents = state.store().agents_by_ids(caller.tenant, &ids).await?;
    Ok(Json(SupportShowMany { supports: agents.iter().map(|agent| support(agent, &base, &caller.zone)).collect() }))
}

async fn create(
    State(state): State<AppState>,
    Admin(caller): Admin,
    base: BaseUrl,
    body: JsonObject,
) -> Result<(HeaderMap, Json<SupportEnvelope>), ApiError> {
    let fields = FieldContext::load(&state, caller.tenant).await?;
    let mut new = input::new_agent(body.into_wrapped("support")?, &fields)?;
    let password_hash = match new.password.take() {
        Some(password) => Some(state.auth().hash(password).await?),
        None => None,
    };
    let agent = state.store().create_agent(caller.tenant, &new, password_hash).await?;
    let mut headers = HeaderMap::new();
    if let Ok(location) = HeaderValue::from_str(&base.join(&support_path(agent.id))) {
        headers.insert(LOCATION, location);
    }
    Ok((headers, Json(SupportEnvelope { support: support(&agent, &base, &caller.zone) })))
}

async fn update(
    State(state): State<AppState>,
    caller: Caller,
    base: BaseUrl,
    path: JsonPathId,
    body: JsonObject,
) -> Result<Json<SupportEnvelope>, ApiError> {
    let id = agent_id(&path)?;
    let current: AgentRecord =
        state.store().agent(caller.tenant, id).await?.ok_or_else(|| ApiError::not_found(no_agent(id)()))?;
    let fields = FieldContext::load(&state, caller.tenant).await?;
    let mut patch =
        input::agent_patch(body.into_wrapped("support")?, &support(&current, &base, &caller.zone), &fields)?;
    let privileges = CurrentPrivileges {
        is_admin: current.is_admin,
        groups: current.groups.clone(),
        job_number: current.job_number.clone(),
    };
    authorize_patch(caller.actor(), id, &patch, &privileges).map_err(ApiError::forbidden)?;
    let password_hash = match patch.password.take() {
        Some(password) => Some(state.auth().hash(password).await?),
        None => None,
    };
    let agent = state
        .store()
        .update_agent(caller.tenant, id, &patch, password_hash)
        .await
        .map_err(|e| ApiError::from_store(e, no_agent(id)))?;
    Ok(Json(SupportEnvelope { support: support(&agent, &base, &caller.zone) }))
}

async fn delete(
    State(state): State<AppState>,
    Admin(caller): Admin,
    base: BaseUrl,
    path: JsonPathId,
) -> Result<Json<SupportEnvelope>, ApiError> {
    let id = agent_id(&path)?;
    let agent =
        state.store().delete_agent(caller.tenant, id).await.map_err(|e| ApiError::from_store(e, no_agent(id)))?;
    Ok(Json(SupportEnvelope { support: support(&agent, &base, &caller.zone) }))
}

async fn set_visibility(
    State(state): State<AppState>,
    Admin(caller): Admin,
    path: JsonPathId,
    body: JsonObject,
) -> Result<Json<SupportStatusEnvelope>, ApiError> {
    let id = agent_id(&path)?;
    let status = input::visibility(body.into_wrapped("support")?)?;
    let agent = state
        .store()
        .set_agent_status(caller.tenant, id, status)
        .await
        .map_err(|e| ApiError::from_store(e, no_agent(id)))?;
    Ok(Json(SupportStatusEnvelope {
        support: SupportStatus { s_id: agent.id.to_string(), is_stat: agent.status.code().to_string() },
    }))
}
