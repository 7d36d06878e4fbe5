//! Support groups (客服分组), so that an agent's `groupId` names something real. A kefu
//! extension in the API's conventions; administrators only.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use kefu_api::{SupportGroupEnvelope, SupportGroupList};
use kefu_domain::GroupId;
use kefu_domain::group::GroupName;
use kefu_domain::limits::DEFAULT_PER_PAGE;
use kefu_domain::paging::PageRequest;
use kefu_store::{Page, Window};
use serde_json::{Map, Value};

use crate::auth::Admin;
use crate::error::ApiError;
use crate::extract::{JsonObject, JsonPathId, QueryParams};
use crate::input::ObjectReader;
use crate::links::BaseUrl;
use crate::render::support_group;
use crate::state::AppState;

const LIST_PATH: &str = "/api/v1/supportgroups.json";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(LIST_PATH, get(list).post(create))
        .route("/api/v1/supportgroups/{id}", get(show).put(rename).delete(delete))
}

fn group_id(path: &JsonPathId) -> Result<GroupId, ApiError> {
    path.parse("support group", GroupId::parse)
}

fn no_group(id: GroupId) -> impl FnOnce() -> String {
    move || format!("no support group with groupId {id}")
}

/// `{"supportgroup":{"name":"…"}}`.
fn group_name(members: Map<String, Value>) -> Result<GroupName, ApiError> {
    let mut reader = ObjectReader::new(members);
    let name = reader.require("name", GroupName::parse);
    // The id is the server's; sending it back unchanged is harmless, so it is ignored.
    reader.take("groupId");
    reader.take("createDT");
    reader.finish(&["name"])?;
    name.ok_or_else(ApiError::internal)
}

async fn list(
    State(state): State<AppState>,
    Admin(caller): Admin,
    base: BaseUrl,
    query: QueryParams,
) -> Result<Json<SupportGroupList>, ApiError> {
    let page = PageRequest::parse(query.one("page")?, query.one("per_page")?, DEFAULT_PER_PAGE)
        .map_err(|(field, message)| ApiError::field(field, message))?;
    let window = Window { limit: page.per_page, offset: page.offset() };
    let Page { rows, total } = state.store().list_groups(caller.tenant, window).await?;
    let (next_page, previous_page) = base.page_links(LIST_PATH, &[], page, total);
    Ok(Json(SupportGroupList {
        supportgroups: rows.iter().map(|group| support_group(group, &caller.zone)).collect(),
        count: total,
        next_page,
        previous_page,
    }))
}

async fn show(
    State(state): State<AppState>,
    Admin(caller): Admin,
    path: JsonPathId,
) -> Result<Json<SupportGroupEnvelope>, ApiError> {
    let id = group_id(&path)?;
    let group = state.store().group(caller.tenant, id).await?.ok_or_else(|| ApiError::not_found(no_group(id)()))?;
    Ok(Json(SupportGroupEnvelope { supportgroup: support_group(&group, &caller.zone) }))
}

async fn create(
    State(state): State<AppState>,
    Admin(caller): Admin,
    body: JsonObject,
) -> Result<Json<SupportGroupEnvelope>, ApiError> {
    let name = group_name(body.into_wrapped("supportgroup")?)?;
    let group = state.store().create_group(caller.tenant, &name).await?;
    Ok(Json(SupportGroupEnvelope { supportgroup: support_group(&group, &caller.zone) }))
}

async fn rename(
    State(state): State<AppState>,
    Admin(caller): Admin,
    path: JsonPathId,
    body: JsonObject,
) -> Result<Json<SupportGroupEnvelope>, ApiError> {
    let id = group_id(&path)?;
    let name = group_name(body.into_wrapped("supportgroup")?)?;
    let group = state
        .store()
        .rename_group(caller.tenant, id, &name)
        .await
        .map_err(|e| ApiError::from_store(e, no_group(id)))?;
    Ok(Json(SupportGroupEnvelope { supportgroup: support_group(&group, &caller.zone) }))
}

/// Deletes the group and removes it from its agents' `groupId`; answers the group as it was.
async fn delete(
    State(state): State<AppState>,
    Admin(caller): Admin,
    path: JsonPathId,
) -> Result<Json<SupportGroupEnvelope>, ApiError> {
    let id = group_id(&path)?;
    let group =
        state.store().delete_group(caller.tenant, id).await.map_err(|e| ApiError::from_store(e, no_group(id)))?;
    Ok(Json(SupportGroupEnvelope { supportgroup: support_group(&group, &caller.zone) }))
}
