//! The definitions of companies' and contacts' custom fields in the hosted service's
//! field-definition shape (as `ticket_fields.json`): a bare array, `isRequired` inverted.

use axum::Json;
use axum::extract::State;
use kefu_api::{
    CompanyFieldEnvelope, CustomFieldDefinition, FieldDefinitionList, FieldOption, TableColumnDefinition,
    UserFieldEnvelope, is_required_flag,
};
use kefu_app::fields::FieldInput;
use kefu_domain::custom_field::{CustomField, FieldEntity, FieldKind, OptionNode, ReadOnly};
use kefu_domain::ids::join_ids;

use crate::api::fields::{definition_input, field_number};
use crate::api::openapi::{ApiRouter, parameters, responses};
use crate::http::auth::{Admin, Authenticated};
use crate::http::error::ApiError;
use crate::http::extract::{JsonObject, JsonPathId};
use crate::http::links::BaseUrl;
use crate::state::AppState;

pub fn routes() -> ApiRouter {
    ApiRouter::new()
        .routes(utoipa_axum::routes!(company_fields, create_company_field))
        .routes(utoipa_axum::routes!(update_company_field, delete_company_field))
        .routes(utoipa_axum::routes!(user_fields, create_user_field))
        .routes(utoipa_axum::routes!(update_user_field, delete_user_field))
}

const COMPANY_ROOT: &str = "/api/v1/companies/company_fields";
const USER_ROOT: &str = "/api/v1/users/user_fields";

/// The body of a write, read as the agents' definitions are; a change whose wrapper is
/// wrong is answered once the definition is known to exist.
fn input(body: JsonObject, wrapper: &str, creating: bool) -> Result<FieldInput, ApiError> {
    match body.into_wrapped(wrapper) {
        Ok(members) => Ok(definition_input(members, creating)),
        Err(refused) if !creating => Ok(FieldInput { problems: refused.problems, ..FieldInput::default() }),
        Err(refused) => Err(refused),
    }
}

/// Defines a company field (administrators).
#[utoipa::path(post, path = "/api/v1/companies/company_fields.json", tag = "companies", operation_id = "create_company_field",
    request_body = kefu_api::CompanyFieldCreateBody,
    responses((status = 200, description = "The new definition", body = CompanyFieldEnvelope), responses::InvalidBody, responses::Conflict, responses::AdminErrors))]
async fn create_company_field(
    State(state): State<AppState>,
    Admin(caller): Admin,
    base: BaseUrl,
    body: JsonObject,
) -> Result<Json<CompanyFieldEnvelope>, ApiError> {
    let field = state
        .app()
        .customer_fields()
        .create(&caller, FieldEntity::Company, input(body, "company_field", true)?)
        .await?;
    Ok(Json(CompanyFieldEnvelope { company_field: definition(&field, &base, COMPANY_ROOT) }))
}

/// Changes a company field (not its type).
#[utoipa::path(put, path = "/api/v1/companies/company_fields/{key}.json", tag = "companies", operation_id = "update_company_field",
    params(parameters::FieldKey), request_body = kefu_api::CompanyFieldUpdateBody,
    responses((status = 200, description = "The definition as changed", body = CompanyFieldEnvelope), responses::InvalidBody, responses::NotFound, responses::Conflict, responses::AdminErrors))]
async fn update_company_field(
    State(state): State<AppState>,
    Admin(caller): Admin,
    base: BaseUrl,
    path: JsonPathId,
    body: JsonObject,
) -> Result<Json<CompanyFieldEnvelope>, ApiError> {
    let number = field_number(&path)?;
    let input = input(body, "company_field", false)?;
    let field = state.app().customer_fields().update(&caller, FieldEntity::Company, number, input).await?;
    Ok(Json(CompanyFieldEnvelope { company_field: definition(&field, &base, COMPANY_ROOT) }))
}

/// Removes a company field and every company's value of it; answers it as it was.
#[utoipa::path(delete, path = "/api/v1/companies/company_fields/{key}.json", tag = "companies", operation_id = "delete_company_field",
    params(parameters::FieldKey),
    responses((status = 200, description = "The definition, as it was", body = CompanyFieldEnvelope), responses::InvalidQuery, responses::NotFound, responses::AdminErrors))]
async fn delete_company_field(
    State(state): State<AppState>,
    Admin(caller): Admin,
    base: BaseUrl,
    path: JsonPathId,
) -> Result<Json<CompanyFieldEnvelope>, ApiError> {
    let number = field_number(&path)?;
    let field = state.app().customer_fields().delete(&caller, FieldEntity::Company, number).await?;
    Ok(Json(CompanyFieldEnvelope { company_field: definition(&field, &base, COMPANY_ROOT) }))
}

/// Defines a contact field (administrators).
#[utoipa::path(post, path = "/api/v1/users/user_fields.json", tag = "contacts", operation_id = "create_user_field",
    request_body = kefu_api::UserFieldCreateBody,
    responses((status = 200, description = "The new definition", body = UserFieldEnvelope), responses::InvalidBody, responses::Conflict, responses::AdminErrors))]
async fn create_user_field(
    State(state): State<AppState>,
    Admin(caller): Admin,
    base: BaseUrl,
    body: JsonObject,
) -> Result<Json<UserFieldEnvelope>, ApiError> {
    let field =
        state.app().customer_fields().create(&caller, FieldEntity::Contact, input(body, "user_field", true)?).await?;
    Ok(Json(UserFieldEnvelope { user_field: definition(&field, &base, USER_ROOT) }))
}

/// Changes a contact field (not its type).
#[utoipa::path(put, path = "/api/v1/users/user_fields/{key}.json", tag = "contacts", operation_id = "update_user_field",
    params(parameters::FieldKey), request_body = kefu_api::UserFieldUpdateBody,
    responses((status = 200, description = "The definition as changed", body = UserFieldEnvelope), responses::InvalidBody, responses::NotFound, responses::Conflict, responses::AdminErrors))]
async fn update_user_field(
    State(state): State<AppState>,
    Admin(caller): Admin,
    base: BaseUrl,
    path: JsonPathId,
    body: JsonObject,
) -> Result<Json<UserFieldEnvelope>, ApiError> {
    let number = field_number(&path)?;
    let input = input(body, "user_field", false)?;
    let field = state.app().customer_fields().update(&caller, FieldEntity::Contact, number, input).await?;
    Ok(Json(UserFieldEnvelope { user_field: definition(&field, &base, USER_ROOT) }))
}

/// Removes a contact field and every contact's value of it; answers it as it was.
#[utoipa::path(delete, path = "/api/v1/users/user_fields/{key}.json", tag = "contacts", operation_id = "delete_user_field",
    params(parameters::FieldKey),
    responses((status = 200, description = "The definition, as it was", body = UserFieldEnvelope), responses::InvalidQuery, responses::NotFound, responses::AdminErrors))]
async fn delete_user_field(
    State(state): State<AppState>,
    Admin(caller): Admin,
    base: BaseUrl,
    path: JsonPathId,
) -> Result<Json<UserFieldEnvelope>, ApiError> {
    let number = field_number(&path)?;
    let field = state.app().customer_fields().delete(&caller, FieldEntity::Contact, number).await?;
    Ok(Json(UserFieldEnvelope { user_field: definition(&field, &base, USER_ROOT) }))
}

fn options(nodes: &[OptionNode]) -> Vec<FieldOption> {
    nodes
        .iter()
        .map(|node| FieldOption {
            key: node.id.to_string(),
            value: node.text.clone(),
            children: options(&node.children),
        })
        .collect()
}

/// One definition; `root` is the path its `url` hangs under.
pub(crate) fn definition(field: &CustomField, base: &BaseUrl, root: &str) -> CustomFieldDefinition {
    let (is_readonly, range, support) = match &field.settings.readonly {
        ReadOnly::Editable => ("0", "", String::new()),
        ReadOnly::Everyone => ("1", "1", String::new()),
        ReadOnly::Groups(groups) => ("1", "2", join_ids(groups)),
        ReadOnly::Agents(agents) => ("1", "3", join_ids(agents)),
    };
    let table = field.settings.table.as_ref().map_or_else(Vec::new, |table| {
        table
            .columns
            .iter()
            .map(|column| TableColumnDefinition {
                key: column.key(),
                name: column.title.clone(),
                field_type: FieldKind::Basic(column.field_type).code().to_string(),
                is_required: is_required_flag(column.required).to_owned(),
                custom_field_options: column
                    .settings
                    .options
                    .iter()
                    .enumerate()
                    .map(|(i, text)| FieldOption { key: (i + 1).to_string(), value: text.clone(), children: vec![] })
                    .collect(),
            })
            .collect()
    });
    CustomFieldDefinition {
        id: field.number.to_string(),
        url: base.join(&format!("{root}/{}.json", field.key())),
        name: field.title.clone(),
        key: field.key(),
        system: "0".to_owned(),
        field_type: field.kind.code().to_string(),
        is_required: is_required_flag(field.required).to_owned(),
        is_readonly: is_readonly.to_owned(),
        readonly_range: range.to_owned(),
        readonly_support: support,
        custom_field_options: options(&field.option_tree()),
        custom_field_table: table,
        pattern: field.settings.base.pattern.clone(),
        decimal_places: field.settings.base.decimal_places,
    }
}

/// The companies' custom fields (a bare array, `isRequired` "1" optional, "0" required).
#[utoipa::path(get, path = "/api/v1/companies/company_fields.json", tag = "companies", operation_id = "company_fields",
    responses((status = 200, description = "The definitions, in key order", body = FieldDefinitionList), responses::AgentErrors))]
async fn company_fields(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    base: BaseUrl,
) -> Result<Json<FieldDefinitionList>, ApiError> {
    let fields = state.app().companies().fields(&caller).await?;
    Ok(Json(fields.fields.iter().map(|f| definition(f, &base, COMPANY_ROOT)).collect()))
}

/// The contacts' custom fields, in the same shape.
#[utoipa::path(get, path = "/api/v1/users/user_fields.json", tag = "contacts", operation_id = "user_fields",
    responses((status = 200, description = "The definitions, in key order", body = FieldDefinitionList), responses::AgentErrors))]
async fn user_fields(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    base: BaseUrl,
) -> Result<Json<FieldDefinitionList>, ApiError> {
    let fields = state.app().contacts().fields(&caller).await?;
    Ok(Json(fields.fields.iter().map(|f| definition(f, &base, USER_ROOT)).collect()))
}
