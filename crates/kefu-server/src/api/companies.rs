//! Companies (公司): `/api/v1/companies…`, and a company's contacts. A 2C account answers
//! 403 here.

use axum::Json;
use axum::extract::{Path, State};
use kefu_api::{
    Company, CompanyBatch, CompanyEnvelope, CompanyList, CompanySearchPage, CompanyShowMany, CustomFieldValue,
    RequestShape, UserList,
};
use kefu_app::companies::CompanyInput;
use kefu_app::customer_fields::{EntityFields, ValueDialect};
use kefu_app::{Caller, Members};
use kefu_domain::customer::company::{
    CompanyAddress, CompanyName, CompanyNote, CompanyPatch, CompanyStatus, Region, ServiceAccount, ServiceCharge,
    ServicePeriod, Website, parse_company_group, parse_service_groups,
};
use kefu_domain::customer::search::parse_company_query;
use kefu_domain::ids::join_ids;
use kefu_domain::tags::Tags;
use kefu_domain::time::format_datetime;
use kefu_domain::{AgentId, CompanyId};
use kefu_store::{CompanyRecord, Page};
use serde_json::{Map, Value};

use crate::api::agents::input::custom_values;
use crate::api::contacts::{Twin, UserView, read_batch};
use crate::api::customer_query::{
    CustomerListParams, CustomerSearchParams, list_request, search_request, show_many_ids,
};
use crate::api::input::ObjectReader;
use crate::api::openapi::{ApiRouter, parameters, responses};
use crate::http::auth::{Admin, Authenticated};
use crate::http::error::ApiError;
use crate::http::extract::{JsonObject, JsonPathId, QueryParams};
use crate::http::links::BaseUrl;
use crate::state::AppState;

const LIST_PATH: &str = "/api/v1/companies.json";

pub fn routes() -> ApiRouter {
    ApiRouter::new()
        .routes(utoipa_axum::routes!(list, create))
        .routes(utoipa_axum::routes!(create_many))
        .routes(utoipa_axum::routes!(show_many))
        .routes(utoipa_axum::routes!(search))
        .routes(utoipa_axum::routes!(show, update, delete))
        .routes(utoipa_axum::routes!(company_contacts))
}

fn company_id(path: &JsonPathId) -> Result<CompanyId, ApiError> {
    path.parse("company", CompanyId::parse)
}

pub(crate) fn company(record: &CompanyRecord, base: &BaseUrl, caller: &Caller, fields: &EntityFields) -> Company {
    Company {
        u_id: record.id.to_string(),
        url: base.join(&format!("/api/v1/companies/{}.json", record.id)),
        company_name: record.name.clone(),
        support_id: record.support.map_or_else(|| "0".to_owned(), |s| s.to_string()),
        servicestarttime: ServicePeriod::format(record.service_start),
        serviceendtime: ServicePeriod::format(record.service_end),
        user_url: record.website.clone(),
        serve_note: record.note.clone(),
        service_charge: record.service_charge.clone(),
        serviceaccount: record.service_account.clone(),
        servicepassword: record.service_password.clone(),
        address: record.address.clone(),
        province: record.province.clone(),
        city: record.city.clone(),
        create_dt: format_datetime(record.created_at, &caller.zone),
        update_dt: format_datetime(record.updated_at, &caller.zone),
        custom_fields: fields
            .render(&record.custom_fields, ValueDialect::OptionText)
            .into_iter()
            .map(|(key, value)| CustomFieldValue { key, value })
            .collect(),
        user_group: record.group.map_or_else(|| "0".to_owned(), |g| g.to_string()),
        table_name: record.tags.clone(),
        status: CompanyStatus::of(record.is_deleted).code().to_string(),
        service_groupid: join_ids(&record.service_groups),
    }
}

fn read_company(members: Map<String, Value>) -> CompanyInput {
    let mut r = ObjectReader::new(members);
    let fields = CompanyPatch {
        name: r.parse("companyName", CompanyName::parse),
        support: r.parse("supportId", AgentId::parse),
        service_start: r.parse("servicestarttime", ServicePeriod::parse_end),
        service_end: r.parse("serviceendtime", ServicePeriod::parse_end),
        website: r.parse("userURL", Website::parse),
        note: r.parse("serveNote", CompanyNote::parse),
        service_charge: r.parse("serviceCharge", ServiceCharge::parse),
        service_account: r.parse("serviceaccount", ServiceAccount::parse),
        service_password: r.parse("servicepassword", ServiceAccount::parse),
        address: r.parse("address", CompanyAddress::parse),
        province: r.parse("province", Region::parse),
        city: r.parse("city", Region::parse),
        group: r.parse("userGroup", parse_company_group),
        tags: r.parse("tableName", Tags::parse),
        service_groups: r.parse("service_groupid", parse_service_groups),
        status: r.parse("status", CompanyStatus::parse),
        custom_fields: Vec::new(),
    };
    let custom_fields = custom_values(&mut r);
    for ignored in ["uId", "url", "createDT", "updateDT"] {
        r.take(ignored);
    }
    CompanyInput { fields, custom_fields, problems: r.into_problems(kefu_api::CompanyFields::members()) }
}

/// The account's companies, by uId unless an order is asked.
#[utoipa::path(get, path = LIST_PATH, tag = "companies", operation_id = "list_companies",
    params(CustomerListParams, parameters::Paging),
    responses((status = 200, description = "One page of companies", body = CompanyList), responses::InvalidQuery, responses::AgentErrors))]
async fn list(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    base: BaseUrl,
    query: QueryParams,
) -> Result<Json<CompanyList>, ApiError> {
    let request = list_request(&query, &caller.zone)?;
    let companies = state.app().companies();
    let Page { rows, total } = companies.page(&caller, &request.filter, request.order, request.page).await?;
    let fields = companies.fields(&caller).await?;
    let (next_page, previous_page) = base.page_links(LIST_PATH, &request.links, request.page, total);
    Ok(Json(CompanyList {
        companies: rows.iter().map(|c| company(c, &base, &caller, &fields)).collect(),
        count: total,
        next_page,
        previous_page,
    }))
}

/// One company; a deleted one only for administrators.
#[utoipa::path(get, path = "/api/v1/companies/{id}.json", tag = "companies", operation_id = "show_company",
    params(parameters::Id),
    responses((status = 200, description = "The company", body = CompanyEnvelope), responses::InvalidQuery, responses::NotFound, responses::AgentErrors))]
async fn show(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    base: BaseUrl,
    path: JsonPathId,
) -> Result<Json<CompanyEnvelope>, ApiError> {
    let companies = state.app().companies();
    let found = companies.show(&caller, company_id(&path)?).await?;
    let fields = companies.fields(&caller).await?;
    Ok(Json(CompanyEnvelope { company: company(&found, &base, &caller, &fields) }))
}

/// Several companies at once; unknown, foreign and deleted ids are left out.
#[utoipa::path(get, path = "/api/v1/companies/show_many.json", tag = "companies", operation_id = "show_many_companies",
    params(parameters::ShowMany),
    responses((status = 200, description = "The companies found", body = CompanyShowMany), responses::InvalidQuery, responses::AgentErrors))]
async fn show_many(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    base: BaseUrl,
    query: QueryParams,
) -> Result<Json<CompanyShowMany>, ApiError> {
    let ids = show_many_ids(&query, state.limits().max_show_many_ids, "uIds", CompanyId::parse)?;
    let companies = state.app().companies();
    let found = companies.show_many(&caller, &ids).await?;
    let fields = companies.fields(&caller).await?;
    Ok(Json(CompanyShowMany { companies: found.iter().map(|c| company(c, &base, &caller, &fields)).collect() }))
}

/// Searches companies (`companyName:`, `tableName:`, `province:`, `city:`, `address:`,
/// `field_N:`, or a bare name).
#[utoipa::path(get, path = "/api/v1/companies/search.json", tag = "companies", operation_id = "search_companies",
    params(CustomerSearchParams, parameters::Paging),
    responses((status = 200, description = "One page of matches; `count` is a string and missing page links are `\"\"`", body = CompanySearchPage), responses::InvalidQuery, responses::AgentErrors))]
async fn search(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    base: BaseUrl,
    query: QueryParams,
) -> Result<Json<CompanySearchPage>, ApiError> {
    let (raw, page) = search_request(&query)?;
    let term = parse_company_query(&raw, state.limits().max_query_chars).map_err(|e| ApiError::field("query", e))?;
    let companies = state.app().companies();
    let Page { rows, total } = companies.search(&caller, &term, page).await?;
    let fields = companies.fields(&caller).await?;
    let (next_page, previous_page) =
        base.page_links("/api/v1/companies/search.json", &[("query", raw.clone())], page, total);
    Ok(Json(CompanySearchPage {
        companies: rows.iter().map(|c| company(c, &base, &caller, &fields)).collect(),
        count: total.to_string(),
        previous_page: previous_page.unwrap_or_default(),
        next_page: next_page.unwrap_or_default(),
    }))
}

/// Creates a company (新建公司).
#[utoipa::path(post, path = LIST_PATH, tag = "companies", operation_id = "create_company",
    request_body = kefu_api::CompanyFieldsBody,
    responses((status = 200, description = "The new company", body = CompanyEnvelope), responses::InvalidBody, responses::Conflict, responses::AgentErrors))]
async fn create(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    base: BaseUrl,
    body: JsonObject,
) -> Result<Json<CompanyEnvelope>, ApiError> {
    let input = read_company(body.into_wrapped("company")?);
    let companies = state.app().companies();
    let created = companies.create(&caller, input, ValueDialect::OptionText).await?;
    let fields = companies.fields(&caller).await?;
    Ok(Json(CompanyEnvelope { company: company(&created, &base, &caller, &fields) }))
}

/// Creates up to 500 companies at once, all or none (an extension, for imports): each as
/// `POST /companies.json` would, no two with one name; a problem names
/// `companies[index].field`.
#[utoipa::path(post, path = "/api/v1/companies/batch.json", tag = "companies", operation_id = "create_companies_batch",
    request_body = kefu_api::CompanyBatchBody,
    responses((status = 200, description = "The new companies, in the order sent", body = CompanyBatch), responses::InvalidBody, responses::Conflict, responses::AgentErrors))]
async fn create_many(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    base: BaseUrl,
    body: JsonObject,
) -> Result<Json<CompanyBatch>, ApiError> {
    let inputs = read_batch(body, "companies", "companies", read_company)?;
    let companies = state.app().companies();
    let created = companies.create_many(&caller, inputs, ValueDialect::OptionText, "companies").await?;
    let fields = companies.fields(&caller).await?;
    Ok(Json(CompanyBatch { companies: created.iter().map(|c| company(c, &base, &caller, &fields)).collect() }))
}

/// Changes a company; `"status":"2"` deletes it, `"1"` restores it (administrators).
#[utoipa::path(put, path = "/api/v1/companies/{id}.json", tag = "companies", operation_id = "update_company",
    params(parameters::Id), request_body = kefu_api::CompanyFieldsBody,
    responses((status = 200, description = "The company as changed", body = CompanyEnvelope), responses::InvalidBody, responses::NotFound, responses::Conflict, responses::AdminErrors))]
async fn update(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    base: BaseUrl,
    path: JsonPathId,
    body: JsonObject,
) -> Result<Json<CompanyEnvelope>, ApiError> {
    let id = company_id(&path)?;
    let input = read_company(body.into_wrapped("company")?);
    let companies = state.app().companies();
    let changed = companies.update(&caller, id, input, ValueDialect::OptionText).await?;
    let fields = companies.fields(&caller).await?;
    Ok(Json(CompanyEnvelope { company: company(&changed, &base, &caller, &fields) }))
}

/// Deletes a company softly (administrators); its contacts keep it. Answers it as it was.
#[utoipa::path(delete, path = "/api/v1/companies/{id}.json", tag = "companies", operation_id = "delete_company",
    params(parameters::Id),
    responses((status = 200, description = "The company, as it was", body = CompanyEnvelope), responses::InvalidQuery, responses::NotFound, responses::AdminErrors))]
async fn delete(
    State(state): State<AppState>,
    Admin(caller): Admin,
    base: BaseUrl,
    path: JsonPathId,
) -> Result<Json<CompanyEnvelope>, ApiError> {
    let companies = state.app().companies();
    let deleted = companies.delete(&caller, company_id(&path)?).await?;
    let fields = companies.fields(&caller).await?;
    Ok(Json(CompanyEnvelope { company: company(&deleted, &base, &caller, &fields) }))
}

/// A company's contacts, as the contact list answers them.
#[utoipa::path(get, path = "/api/v1/companies/{id}/users.json", tag = "companies", operation_id = "list_company_users",
    params(parameters::Id, CustomerListParams, parameters::Paging),
    responses((status = 200, description = "One page of the company's contacts", body = UserList), responses::InvalidQuery, responses::NotFound, responses::AgentErrors))]
async fn company_contacts(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    base: BaseUrl,
    Path(id): Path<String>,
    query: QueryParams,
) -> Result<Json<UserList>, ApiError> {
    let id = JsonPathId(id);
    let company = company_id(&id)?;
    let request = list_request(&query, &caller.zone)?;
    let contacts = state.app().contacts();
    let Page { rows, total } =
        contacts.page(&caller, Some(company), &request.filter, request.order, request.page).await?;
    let fields = contacts.fields(&caller).await?;
    let mode = contacts.mode(&caller).await?;
    let view = UserView { base: &base, caller: &caller, mode, fields: &fields, twin: Twin::Old };
    let path = format!("/api/v1/companies/{company}/users.json");
    let (next_page, previous_page) = base.page_links(&path, &request.links, request.page, total);
    Ok(Json(UserList { users: rows.iter().map(|c| view.user(c)).collect(), count: total, next_page, previous_page }))
}
