//! Support groups (客服分组), so that an agent's `groupId` names something real. A kefu
//! extension in the API's conventions; administrators only.

use axum::Json;
use axum::extract::State;
use kefu_api::{RequestShape, SupportGroupInput};
use kefu_api::{SupportGroupEnvelope, SupportGroupList};
use kefu_app::Members;
use kefu_domain::GroupId;
use kefu_domain::group::GroupName;
use kefu_domain::limits::DEFAULT_PER_PAGE;
use kefu_store::Page;
use serde_json::{Map, Value};

use crate::api::input::ObjectReader;
use crate::api::openapi::{ApiRouter, parameters, responses};
use crate::api::render::support_group;
use crate::http::auth::Admin;
use crate::http::error::ApiError;
use crate::http::extract::{JsonObject, JsonPathId, QueryParams};
use crate::http::links::BaseUrl;
use crate::state::AppState;

const LIST_PATH: &str = "/api/v1/supportgroups.json";

pub fn routes() -> ApiRouter {
    ApiRouter::new().routes(utoipa_axum::routes!(list, create)).routes(utoipa_axum::routes!(show, rename, delete))
}

fn group_id(path: &JsonPathId) -> Result<GroupId, ApiError> {
    path.parse("support group", GroupId::parse)
}

/// `{"supportgroup":{"sgName":"…"}}`, the hosted service's name; kefu's old `name` is
/// still accepted in its place (docs/compat.md), and must agree with `sgName` when both
/// are sent.
fn group_name(members: Map<String, Value>) -> Result<GroupName, ApiError> {
    let mut reader = ObjectReader::new(members);
    if !reader.has("sgName") && !reader.has("name") {
        reader.problem("sgName", "is required");
    }
    let sg_name = reader.parse("sgName", GroupName::parse);
    let old_name = reader.parse("name", GroupName::parse);
    if let (Some(sg_name), Some(old_name)) = (&sg_name, &old_name)
        && sg_name != old_name
    {
        reader.problem("name", "differs from sgName: send sgName only (name is its old spelling)");
    }
    let name = sg_name.or(old_name);
    // The id is the server's; sending it back unchanged is harmless, so it is ignored.
    reader.take("groupId");
    reader.take("createDT");
    reader.finish(SupportGroupInput::members())?;
    name.ok_or_else(ApiError::internal)
}

/// The company's support groups, by groupId.
#[utoipa::path(
    get,
    path = LIST_PATH,
    tag = "support groups",
    operation_id = "list_supportgroups",
    params(parameters::Paging),
    responses(
        (status = 200, description = "One page of groups", body = SupportGroupList),
        responses::InvalidQuery,
        responses::AdminErrors,
    )
)]
async fn list(
    State(state): State<AppState>,
    Admin(caller): Admin,
    base: BaseUrl,
    query: QueryParams,
) -> Result<Json<SupportGroupList>, ApiError> {
    let page = query.page(DEFAULT_PER_PAGE)?;
    let Page { rows, total } = state.app().groups().page(&caller, page).await?;
    let (next_page, previous_page) = base.page_links(LIST_PATH, &[], page, total);
    Ok(Json(SupportGroupList {
        supportgroups: rows.iter().map(|group| support_group(group, &caller.zone)).collect(),
        count: total,
        next_page,
        previous_page,
    }))
}

/// One support group.
#[utoipa::path(
    get,
    path = "/api/v1/supportgroups/{id}.json",
    tag = "support groups",
    operation_id = "show_supportgroup",
    params(parameters::Id),
    responses(
        (status = 200, description = "The group", body = SupportGroupEnvelope),
        responses::NotFound,
        responses::AdminErrors,
    )
)]
async fn show(
    State(state): State<AppState>,
    Admin(caller): Admin,
    path: JsonPathId,
) -> Result<Json<SupportGroupEnvelope>, ApiError> {
    let group = state.app().groups().show(&caller, group_id(&path)?).await?;
    Ok(Json(SupportGroupEnvelope { supportgroup: support_group(&group, &caller.zone) }))
}

/// Creates a support group.
#[utoipa::path(
    post,
    path = LIST_PATH,
    tag = "support groups",
    operation_id = "create_supportgroup",
    request_body = kefu_api::SupportGroupBody,
    responses(
        (status = 200, description = "The new group", body = SupportGroupEnvelope),
        responses::InvalidBody,
        responses::Conflict,
        responses::AdminErrors,
    )
)]
async fn create(
    State(state): State<AppState>,
    Admin(caller): Admin,
    body: JsonObject,
) -> Result<Json<SupportGroupEnvelope>, ApiError> {
    let name = group_name(body.into_wrapped("supportgroup")?)?;
    let group = state.app().groups().create(&caller, &name).await?;
    Ok(Json(SupportGroupEnvelope { supportgroup: support_group(&group, &caller.zone) }))
}

/// Renames a support group.
#[utoipa::path(
    put,
    path = "/api/v1/supportgroups/{id}.json",
    tag = "support groups",
    operation_id = "rename_supportgroup",
    params(parameters::Id),
    request_body = kefu_api::SupportGroupBody,
    responses(
        (status = 200, description = "The group as renamed", body = SupportGroupEnvelope),
        responses::InvalidBody,
        responses::NotFound,
        responses::Conflict,
        responses::AdminErrors,
    )
)]
async fn rename(
    State(state): State<AppState>,
    Admin(caller): Admin,
    path: JsonPathId,
    body: JsonObject,
) -> Result<Json<SupportGroupEnvelope>, ApiError> {
    let id = group_id(&path)?;
    let name = group_name(body.into_wrapped("supportgroup")?)?;
    let group = state.app().groups().rename(&caller, id, &name).await?;
    Ok(Json(SupportGroupEnvelope { supportgroup: support_group(&group, &caller.zone) }))
}

/// Deletes the group and removes it from its agents' `groupId`; answers the group as it was.
#[utoipa::path(
    delete,
    path = "/api/v1/supportgroups/{id}.json",
    tag = "support groups",
    operation_id = "delete_supportgroup",
    params(parameters::Id),
    responses(
        (status = 200, description = "The group, as it was", body = SupportGroupEnvelope),
        responses::NotFound,
        responses::AdminErrors,
    )
)]
async fn delete(
    State(state): State<AppState>,
    Admin(caller): Admin,
    path: JsonPathId,
) -> Result<Json<SupportGroupEnvelope>, ApiError> {
    let group = state.app().groups().delete(&caller, group_id(&path)?).await?;
    Ok(Json(SupportGroupEnvelope { supportgroup: support_group(&group, &caller.zone) }))
}
