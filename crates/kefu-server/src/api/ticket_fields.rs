//! Ticket field definitions: `ticket_fields.json` (a bare array, spec), `ticket_fields2.json`
//! (the system fields too), and defining them (administrators, a kefu extension by analogy
//! with the companies' and contacts' fields): `POST /tickets/ticket_fields.json`, `PUT` and
//! `DELETE /tickets/ticket_fields/{key}.json`, wrapped in `{"ticket_field":{…}}`.

use axum::Json;
use axum::extract::State;
use kefu_api::{RequestShape, SupportFieldInput, TicketFieldColumn, TicketFieldEnvelope, TicketFieldExtras};
use kefu_app::Members;
use kefu_app::fields::FieldInput;
use kefu_domain::custom_field::parse_field_key;
use kefu_domain::custom_field::{FieldEntity, FieldKind, FieldSettings, FieldType, ReadOnly, TableColumn};
use serde_json::{Map, Value};

use crate::api::customer_fields::definition;
use crate::api::fields::{field_number, read_definition};
use crate::api::input::{ObjectReader, describe};
use crate::api::openapi::{ApiRouter, parameters, responses};
use crate::http::auth::{Admin, Authenticated};
use crate::http::error::ApiError;
use crate::http::extract::{JsonObject, JsonPathId};
use crate::http::links::BaseUrl;
use crate::state::AppState;

pub fn routes() -> ApiRouter {
    ApiRouter::new()
        .routes(utoipa_axum::routes!(ticket_fields, create_ticket_field))
        .routes(utoipa_axum::routes!(ticket_fields2))
        .routes(utoipa_axum::routes!(update_ticket_field, delete_ticket_field))
}

const FIELDS_ROOT: &str = "/api/v1/tickets/ticket_fields";

/// A ticket field's `type`: kefu's name (`table`) or the hosted service's code (`"11"`).
fn parse_kind(raw: &str) -> Result<FieldKind, String> {
    if raw.bytes().all(|b| b.is_ascii_digit()) { FieldKind::from_code(raw) } else { FieldKind::parse(raw) }
}

/// The members of `{"ticket_field":{…}}`: the agents' definition members, the read-only
/// range and a table's columns.
fn ticket_field_input(members: Map<String, Value>, creating: bool) -> FieldInput {
    let mut r = ObjectReader::new(members);
    let mut input = read_definition(&mut r, creating, parse_kind);
    input.readonly = read_readonly(&mut r);
    input.columns = r.take("columns").and_then(|columns| read_columns(&mut r, columns));
    let known: Vec<&str> = SupportFieldInput::members().iter().chain(TicketFieldExtras::members()).copied().collect();
    input.problems = r.into_problems(&known);
    input
}

/// `isReadonly`, `readonly_range`, `readonly_support`; None when none is sent. A range
/// sent without `isReadonly` means read-only.
fn read_readonly(r: &mut ObjectReader) -> Option<ReadOnly> {
    let flag = r.text("isReadonly");
    let range = r.text("readonly_range");
    let support = r.text("readonly_support");
    if flag.is_none() && range.is_none() && support.is_none() {
        return None;
    }
    let range = range.unwrap_or_default();
    let flag = flag.unwrap_or_else(|| if range.is_empty() { "0" } else { "1" }.to_owned());
    match ReadOnly::parse(&flag, &range, &support.unwrap_or_default()) {
        Ok(readonly) => Some(readonly),
        Err((member, message)) => {
            r.problem(member, message);
            None
        }
    }
}

/// A table's columns, each problem named `columns[i].member`.
fn read_columns(r: &mut ObjectReader, sent: Value) -> Option<Vec<TableColumn>> {
    let Value::Array(items) = sent else {
        r.problem("columns", format!("must be a list of columns, got {}", describe(&sent)));
        return None;
    };
    let mut columns = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        let at = |member: &str| format!("columns[{i}].{member}");
        let column = match serde_json::from_value::<TicketFieldColumn>(item) {
            Ok(column) => column,
            Err(e) => {
                let known = TicketFieldColumn::members().join(", ");
                r.problem(&format!("columns[{i}]"), format!("must be a column {{{known}}}: {e}"));
                continue;
            }
        };
        let number = match column.key.as_deref().map(parse_field_key) {
            None => Some(0),
            Some(Ok(number)) => Some(number),
            Some(Err(message)) => {
                r.problem(&at("key"), message);
                None
            }
        };
        let field_type = FieldType::parse(&column.field_type).map_err(|message| r.problem(&at("type"), message)).ok();
        let required = match column.required.as_deref() {
            None | Some("0") => Some(false),
            Some("1") => Some(true),
            Some(other) => {
                r.problem(&at("required"), format!("must be \"0\" or \"1\", got {other:?}"));
                None
            }
        };
        if let (Some(number), Some(field_type), Some(required)) = (number, field_type, required) {
            let settings = FieldSettings {
                options: column.options.unwrap_or_default(),
                decimal_places: column.decimal_places,
                ..FieldSettings::default()
            };
            columns.push(TableColumn { number, title: column.title, field_type, required, settings });
        }
    }
    Some(columns)
}

/// The body of a write; a change whose wrapper is wrong is answered once the definition is
/// known to exist.
fn input(body: JsonObject, creating: bool) -> Result<FieldInput, ApiError> {
    match body.into_wrapped("ticket_field") {
        Ok(members) => Ok(ticket_field_input(members, creating)),
        Err(refused) if !creating => Ok(FieldInput { problems: refused.problems, ..FieldInput::default() }),
        Err(refused) => Err(refused),
    }
}

/// Defines a ticket field (administrators); it can then be attached to templates.
#[utoipa::path(post, path = "/api/v1/tickets/ticket_fields.json", tag = "tickets", operation_id = "create_ticket_field",
    request_body = kefu_api::TicketFieldCreateBody,
    responses((status = 200, description = "The new definition", body = TicketFieldEnvelope), responses::InvalidBody, responses::Conflict, responses::AdminErrors))]
async fn create_ticket_field(
    State(state): State<AppState>,
    Admin(caller): Admin,
    base: BaseUrl,
    body: JsonObject,
) -> Result<Json<TicketFieldEnvelope>, ApiError> {
    let field = state.app().customer_fields().create(&caller, FieldEntity::Ticket, input(body, true)?).await?;
    Ok(Json(TicketFieldEnvelope { ticket_field: definition(&field, &base, FIELDS_ROOT) }))
}

/// Changes a ticket field (not its type).
#[utoipa::path(put, path = "/api/v1/tickets/ticket_fields/{key}.json", tag = "tickets", operation_id = "update_ticket_field",
    params(parameters::FieldKey), request_body = kefu_api::TicketFieldUpdateBody,
    responses((status = 200, description = "The definition as changed", body = TicketFieldEnvelope), responses::InvalidBody, responses::NotFound, responses::Conflict, responses::AdminErrors))]
async fn update_ticket_field(
    State(state): State<AppState>,
    Admin(caller): Admin,
    base: BaseUrl,
    path: JsonPathId,
    body: JsonObject,
) -> Result<Json<TicketFieldEnvelope>, ApiError> {
    let number = field_number(&path)?;
    let input = input(body, false)?;
    let field = state.app().customer_fields().update(&caller, FieldEntity::Ticket, number, input).await?;
    Ok(Json(TicketFieldEnvelope { ticket_field: definition(&field, &base, FIELDS_ROOT) }))
}

/// Removes a ticket field, every ticket's value of it, and detaches it from the templates
/// that have it; answers it as it was.
#[utoipa::path(delete, path = "/api/v1/tickets/ticket_fields/{key}.json", tag = "tickets", operation_id = "delete_ticket_field",
    params(parameters::FieldKey),
    responses((status = 200, description = "The definition, as it was", body = TicketFieldEnvelope), responses::InvalidQuery, responses::NotFound, responses::AdminErrors))]
async fn delete_ticket_field(
    State(state): State<AppState>,
    Admin(caller): Admin,
    base: BaseUrl,
    path: JsonPathId,
) -> Result<Json<TicketFieldEnvelope>, ApiError> {
    let number = field_number(&path)?;
    let field = state.app().customer_fields().delete(&caller, FieldEntity::Ticket, number).await?;
    Ok(Json(TicketFieldEnvelope { ticket_field: definition(&field, &base, FIELDS_ROOT) }))
}

/// The ticket's system fields in the definitions' shape (`system` "1", `id` and `key` their
/// member names; dropdowns list their codes).
fn system_fields(base: &BaseUrl) -> Vec<kefu_api::CustomFieldDefinition> {
    use kefu_api::field_definitions::is_required_flag;
    kefu_domain::ticket::system_fields::SYSTEM_FIELDS
        .iter()
        .map(|field| kefu_api::CustomFieldDefinition {
            id: field.key.to_owned(),
            url: base.join(&format!("{FIELDS_ROOT}/{}.json", field.key)),
            name: field.title.to_owned(),
            key: field.key.to_owned(),
            system: "1".to_owned(),
            field_type: field.kind.code().to_string(),
            is_required: is_required_flag(field.required).to_owned(),
            is_readonly: if field.read_only { "1" } else { "0" }.to_owned(),
            readonly_range: if field.read_only { "1" } else { "" }.to_owned(),
            readonly_support: String::new(),
            custom_field_options: field
                .choices()
                .into_iter()
                .map(|(code, label)| kefu_api::FieldOption {
                    key: code.to_string(),
                    value: label.to_owned(),
                    children: vec![],
                })
                .collect(),
            custom_field_table: vec![],
            pattern: None,
            decimal_places: None,
        })
        .collect()
}

/// The ticket custom fields: a bare array (spec), `isRequired` "1" optional, "0" required.
#[utoipa::path(
    get,
    path = "/api/v1/tickets/ticket_fields.json",
    tag = "tickets",
    operation_id = "ticket_fields",
    responses(
        (status = 200, description = "The definitions, in key order (a bare array)", body = kefu_api::FieldDefinitionList),
        responses::AgentErrors,
    )
)]
async fn ticket_fields(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    base: BaseUrl,
) -> Result<Json<kefu_api::FieldDefinitionList>, ApiError> {
    let fields = state.app().tickets().fields(&caller).await?;
    Ok(Json(fields.iter().map(|f| definition(f, &base, FIELDS_ROOT)).collect()))
}

/// Every ticket field: the system fields (`system` "1"), then the custom ones.
#[utoipa::path(
    get,
    path = "/api/v1/tickets/ticket_fields2.json",
    tag = "tickets",
    operation_id = "ticket_fields2",
    responses(
        (status = 200, description = "The system fields, then the custom ones (a bare array)", body = kefu_api::FieldDefinitionList),
        responses::AgentErrors,
    )
)]
async fn ticket_fields2(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    base: BaseUrl,
) -> Result<Json<kefu_api::FieldDefinitionList>, ApiError> {
    let fields = state.app().tickets().fields(&caller).await?;
    let mut all = system_fields(&base);
    all.extend(fields.iter().map(|f| definition(f, &base, FIELDS_ROOT)));
    Ok(Json(all))
}
