//! Customer groups (客户分组): `/api/v1/customergroups…`. Type 1 groups companies, type 2
//! contacts.

use axum::Json;
use axum::extract::State;
use kefu_api::RequestShape;
use kefu_api::{CustomerGroup, CustomerGroupEnvelope, CustomerGroupInput, CustomerGroupList, CustomerGroupShowMany};
use kefu_app::Members;
use kefu_domain::CustomerGroupId;
use kefu_domain::customer::group::{CustomerGroupName, CustomerGroupType};
use kefu_domain::limits::DEFAULT_PER_PAGE;
use kefu_store::{CustomerGroupRecord, Page};
use serde_json::{Map, Value};

use crate::api::customer_query::show_many_ids;
use crate::api::input::ObjectReader;
use crate::api::openapi::{ApiRouter, parameters, responses};
use crate::http::auth::{Admin, Authenticated};
use crate::http::error::ApiError;
use crate::http::extract::{JsonObject, JsonPathId, QueryParams};
use crate::http::links::BaseUrl;
use crate::state::AppState;

const LIST_PATH: &str = "/api/v1/customergroups.json";

pub fn routes() -> ApiRouter {
    ApiRouter::new()
        .routes(utoipa_axum::routes!(list, create))
        .routes(utoipa_axum::routes!(show_many))
        .routes(utoipa_axum::routes!(show, rename, delete))
}

fn group_id(path: &JsonPathId) -> Result<CustomerGroupId, ApiError> {
    path.parse("customer group", CustomerGroupId::parse)
}

fn group(record: &CustomerGroupRecord, base: &BaseUrl) -> CustomerGroup {
    CustomerGroup {
        group_id: record.id.to_string(),
        url: base.join(&format!("/api/v1/customergroups/{}.json", record.id)),
        group_name: record.name.clone(),
        group_type: record.group_type.code().to_string(),
    }
}

/// `groupName` (required when `creating`, with `type`), checked.
fn read_group(
    members: Map<String, Value>,
    creating: bool,
) -> Result<(CustomerGroupName, Option<CustomerGroupType>), ApiError> {
    let mut reader = ObjectReader::new(members);
    let name = reader.require("groupName", CustomerGroupName::parse);
    let group_type = if creating {
        reader.require("type", CustomerGroupType::parse)
    } else {
        reader.parse("type", CustomerGroupType::parse)
    };
    reader.take("groupId");
    reader.take("url");
    reader.finish(CustomerGroupInput::members())?;
    Ok((name.ok_or_else(ApiError::internal)?, group_type))
}

/// The account's customer groups, by groupId.
#[utoipa::path(get, path = LIST_PATH, tag = "customer groups", operation_id = "list_customergroups",
    params(parameters::Paging),
    responses((status = 200, description = "One page of groups", body = CustomerGroupList), responses::InvalidQuery, responses::AgentErrors))]
async fn list(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    base: BaseUrl,
    query: QueryParams,
) -> Result<Json<CustomerGroupList>, ApiError> {
    let page = query.page(DEFAULT_PER_PAGE)?;
    let Page { rows, total } = state.app().customer_groups().page(&caller, page).await?;
    let (next_page, previous_page) = base.page_links(LIST_PATH, &[], page, total);
    Ok(Json(CustomerGroupList {
        customergroups: rows.iter().map(|g| group(g, &base)).collect(),
        count: total,
        next_page,
        previous_page,
    }))
}

/// One customer group.
#[utoipa::path(get, path = "/api/v1/customergroups/{id}.json", tag = "customer groups", operation_id = "show_customergroup",
    params(parameters::Id),
    responses((status = 200, description = "The group", body = CustomerGroupEnvelope), responses::InvalidQuery, responses::NotFound, responses::AgentErrors))]
async fn show(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    base: BaseUrl,
    path: JsonPathId,
) -> Result<Json<CustomerGroupEnvelope>, ApiError> {
    let found = state.app().customer_groups().show(&caller, group_id(&path)?).await?;
    Ok(Json(CustomerGroupEnvelope { customergroup: group(&found, &base) }))
}

/// Several groups at once; unknown ids are left out.
#[utoipa::path(get, path = "/api/v1/customergroups/show_many.json", tag = "customer groups", operation_id = "show_many_customergroups",
    params(parameters::ShowMany),
    responses((status = 200, description = "The groups found", body = CustomerGroupShowMany), responses::InvalidQuery, responses::AgentErrors))]
async fn show_many(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    base: BaseUrl,
    query: QueryParams,
) -> Result<Json<CustomerGroupShowMany>, ApiError> {
    let ids = show_many_ids(&query, state.limits().max_show_many_ids, "groupIds", CustomerGroupId::parse)?;
    let found = state.app().customer_groups().show_many(&caller, &ids).await?;
    Ok(Json(CustomerGroupShowMany { customergroups: found.iter().map(|g| group(g, &base)).collect() }))
}

/// Creates a customer group (administrators).
#[utoipa::path(post, path = LIST_PATH, tag = "customer groups", operation_id = "create_customergroup",
    request_body = kefu_api::CustomerGroupBody,
    responses((status = 200, description = "The new group", body = CustomerGroupEnvelope), responses::InvalidBody, responses::Conflict, responses::AdminErrors))]
async fn create(
    State(state): State<AppState>,
    Admin(caller): Admin,
    base: BaseUrl,
    body: JsonObject,
) -> Result<Json<CustomerGroupEnvelope>, ApiError> {
    let (name, group_type) = read_group(body.into_wrapped("customergroup")?, true)?;
    let group_type = group_type.ok_or_else(ApiError::internal)?;
    let created = state.app().customer_groups().create(&caller, &name, group_type).await?;
    Ok(Json(CustomerGroupEnvelope { customergroup: group(&created, &base) }))
}

/// Renames a customer group (administrators); its type is fixed.
#[utoipa::path(put, path = "/api/v1/customergroups/{id}.json", tag = "customer groups", operation_id = "rename_customergroup",
    params(parameters::Id), request_body = kefu_api::CustomerGroupBody,
    responses((status = 200, description = "The group as renamed", body = CustomerGroupEnvelope), responses::InvalidBody, responses::NotFound, responses::Conflict, responses::AdminErrors))]
async fn rename(
    State(state): State<AppState>,
    Admin(caller): Admin,
    base: BaseUrl,
    path: JsonPathId,
    body: JsonObject,
) -> Result<Json<CustomerGroupEnvelope>, ApiError> {
    let id = group_id(&path)?;
    let (name, group_type) = read_group(body.into_wrapped("customergroup")?, false)?;
    let renamed = state.app().customer_groups().rename(&caller, id, &name, group_type).await?;
    Ok(Json(CustomerGroupEnvelope { customergroup: group(&renamed, &base) }))
}

/// Deletes a customer group (administrators): its companies and contacts leave it.
/// Answers it as it was.
#[utoipa::path(delete, path = "/api/v1/customergroups/{id}.json", tag = "customer groups", operation_id = "delete_customergroup",
    params(parameters::Id),
    responses((status = 200, description = "The group, as it was", body = CustomerGroupEnvelope), responses::InvalidQuery, responses::NotFound, responses::AdminErrors))]
async fn delete(
    State(state): State<AppState>,
    Admin(caller): Admin,
    base: BaseUrl,
    path: JsonPathId,
) -> Result<Json<CustomerGroupEnvelope>, ApiError> {
    let deleted = state.app().customer_groups().delete(&caller, group_id(&path)?).await?;
    Ok(Json(CustomerGroupEnvelope { customergroup: group(&deleted, &base) }))
}
