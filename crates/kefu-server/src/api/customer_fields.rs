//! The definitions of companies' and contacts' custom fields in the hosted service's
//! field-definition shape (as `ticket_fields.json`): a bare array, `isRequired` inverted.

use axum::Json;
use axum::extract::State;
use kefu_api::{CustomFieldDefinition, FieldDefinitionList, FieldOption, TableColumnDefinition, is_required_flag};
use kefu_domain::custom_field::{CustomField, FieldKind, OptionNode, ReadOnly};
use kefu_domain::ids::join_ids;

use crate::api::openapi::{ApiRouter, responses};
use crate::http::auth::Authenticated;
use crate::http::error::ApiError;
use crate::http::links::BaseUrl;
use crate::state::AppState;

pub fn routes() -> ApiRouter {
    ApiRouter::new().routes(utoipa_axum::routes!(company_fields)).routes(utoipa_axum::routes!(user_fields))
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
        url: base.join(&format!("{root}/{}.json", field.number)),
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
    Ok(Json(fields.fields.iter().map(|f| definition(f, &base, "/api/v1/companies/company_fields")).collect()))
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
    Ok(Json(fields.fields.iter().map(|f| definition(f, &base, "/api/v1/users/user_fields")).collect()))
}
