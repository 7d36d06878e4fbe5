//! Custom field definitions (`/api/v1/support_fields…`), a kefu extension in the API's
//! conventions, administrators only.

use axum::Json;
use axum::extract::State;
use jiff::tz::TimeZone;
use kefu_api::{RequestShape, SupportFieldInput, SupportFieldServerSet};
use kefu_api::{SupportField, SupportFieldEnvelope, SupportFieldList};
use kefu_app::Members;
use kefu_app::fields::FieldInput;
use kefu_domain::custom_field::{CascadeNode, FieldKind, FieldType, parse_field_key};
use kefu_domain::time::format_datetime;
use kefu_store::FieldRecord;
use serde_json::{Map, Value};

use crate::api::input::{ObjectReader, describe};
use crate::api::openapi::{ApiRouter, parameters, responses};
use crate::http::auth::Admin;
use crate::http::error::ApiError;
use crate::http::extract::{JsonObject, JsonPathId};
use crate::state::AppState;

pub fn routes() -> ApiRouter {
    ApiRouter::new().routes(utoipa_axum::routes!(list, create)).routes(utoipa_axum::routes!(show, update, delete))
}

pub(crate) fn field_number(path: &JsonPathId) -> Result<i64, ApiError> {
    path.parse("custom field", |raw| parse_field_key(raw).map(i64::from))
}

fn render(record: &FieldRecord, zone: &TimeZone) -> SupportField {
    let definition = &record.definition;
    let settings = &definition.settings;
    let field_type = definition.field_type;
    SupportField {
        key: definition.key(),
        title: definition.title.clone(),
        field_type: field_type.wire_name().to_owned(),
        required: if definition.required { "1" } else { "0" }.to_owned(),
        options: matches!(field_type, FieldType::Dropdown | FieldType::Multiselect).then(|| settings.options.clone()),
        pattern: settings.pattern.clone(),
        decimal_places: (field_type == FieldType::Decimal)
            .then(|| settings.decimal_places.unwrap_or(kefu_domain::custom_field::DEFAULT_DECIMAL_PLACES)),
        cascade: (field_type == FieldType::Cascade)
            .then(|| serde_json::to_value(&settings.cascade).unwrap_or_default()),
        create_dt: format_datetime(record.created_at, zone),
        update_dt: format_datetime(record.updated_at, zone),
    }
}

/// The members of `{"support_field":{…}}`; `creating` when the definition is new. What
/// the body leaves out of a change stays as it is; the use case checks the change against
/// the definition as stored.
pub(crate) fn definition_input(members: Map<String, Value>, creating: bool) -> FieldInput {
    let mut r = ObjectReader::new(members);
    let mut input = read_definition(&mut r, creating, |raw| FieldType::parse(raw).map(FieldKind::Basic));
    input.problems = r.into_problems(SupportFieldInput::members());
    input
}

/// The agents' definition members out of `r` (its problems stay in `r`); `parse_type`
/// reads `type` into the kinds the entity may name.
pub(crate) fn read_definition(
    r: &mut ObjectReader,
    creating: bool,
    parse_type: fn(&str) -> Result<FieldKind, String>,
) -> FieldInput {
    let mut key = None;
    // Server-set members: refused on creation; on a change, the key may be echoed back
    // unchanged and the times are ignored.
    for &member in SupportFieldServerSet::members() {
        match (r.take(member), creating) {
            (None, _) => {}
            (Some(_), true) => r.problem(member, "is set by the server"),
            (Some(Value::String(sent)), false) if member == "key" => key = Some(sent),
            (Some(_), false) => {}
        }
    }
    let kind = if creating { r.require("type", parse_type) } else { r.parse("type", parse_type) };
    let (field_type, kind) = match kind {
        Some(FieldKind::Basic(field_type)) => (Some(field_type), None),
        other => (None, other),
    };
    let title = r.text("title");
    if creating && title.is_none() {
        r.problem("title", "is required");
    }
    let required = r.parse("required", |raw| match raw {
        "0" => Ok(false),
        "1" => Ok(true),
        _ => Err(format!("must be \"0\" or \"1\", got {raw:?}")),
    });
    let options = r.take("options").and_then(|options| match serde_json::from_value::<Vec<String>>(options.clone()) {
        Ok(list) => Some(list),
        Err(_) => {
            r.problem("options", format!("must be a list of strings, got {}", describe(&options)));
            None
        }
    });
    let pattern = r.take("pattern").and_then(|pattern| match pattern {
        Value::String(text) => Some(text),
        other => {
            r.problem("pattern", format!("must be a string, got {}", describe(&other)));
            None
        }
    });
    let decimal_places = r.parse("decimal_places", |raw| {
        raw.parse::<u32>().map_err(|_| format!("must be a whole number of decimal places, got {raw:?}"))
    });
    let cascade = r.take("cascade").and_then(|tree| match serde_json::from_value::<Vec<CascadeNode>>(tree) {
        Ok(nodes) => Some(nodes),
        Err(e) => {
            r.problem("cascade", format!("must be a tree of {{\"name\":…,\"children\":[…]}}: {e}"));
            None
        }
    });
    FieldInput {
        key,
        field_type,
        title,
        required,
        options,
        pattern,
        decimal_places,
        cascade,
        kind,
        ..FieldInput::default()
    }
}

/// Every custom field definition of the company, by key.
#[utoipa::path(
    get,
    path = "/api/v1/support_fields.json",
    tag = "custom fields",
    operation_id = "list_support_fields",
    responses(
        (status = 200, description = "The definitions", body = SupportFieldList),
        responses::AdminErrors,
    )
)]
async fn list(State(state): State<AppState>, Admin(caller): Admin) -> Result<Json<SupportFieldList>, ApiError> {
    let records = state.app().fields().list(&caller).await?;
    Ok(Json(SupportFieldList { support_fields: records.iter().map(|r| render(r, &caller.zone)).collect() }))
}

/// One custom field definition.
#[utoipa::path(
    get,
    path = "/api/v1/support_fields/{key}.json",
    tag = "custom fields",
    operation_id = "show_support_field",
    params(parameters::FieldKey),
    responses(
        (status = 200, description = "The definition", body = SupportFieldEnvelope),
        responses::NotFound,
        responses::AdminErrors,
    )
)]
async fn show(
    State(state): State<AppState>,
    Admin(caller): Admin,
    path: JsonPathId,
) -> Result<Json<SupportFieldEnvelope>, ApiError> {
    let record = state.app().fields().show(&caller, field_number(&path)?).await?;
    Ok(Json(SupportFieldEnvelope { support_field: render(&record, &caller.zone) }))
}

/// Defines a custom field; the server assigns its key.
#[utoipa::path(
    post,
    path = "/api/v1/support_fields.json",
    tag = "custom fields",
    operation_id = "create_support_field",
    request_body = kefu_api::SupportFieldCreateBody,
    responses(
        (status = 200, description = "The new definition", body = SupportFieldEnvelope),
        responses::InvalidBody,
        responses::Conflict,
        responses::AdminErrors,
    )
)]
async fn create(
    State(state): State<AppState>,
    Admin(caller): Admin,
    body: JsonObject,
) -> Result<Json<SupportFieldEnvelope>, ApiError> {
    let input = definition_input(body.into_wrapped("support_field")?, true);
    let record = state.app().fields().create(&caller, input).await?;
    Ok(Json(SupportFieldEnvelope { support_field: render(&record, &caller.zone) }))
}

/// Changes a custom field definition (not its type).
#[utoipa::path(
    put,
    path = "/api/v1/support_fields/{key}.json",
    tag = "custom fields",
    operation_id = "update_support_field",
    params(parameters::FieldKey),
    request_body = kefu_api::SupportFieldUpdateBody,
    responses(
        (status = 200, description = "The definition as changed", body = SupportFieldEnvelope),
        responses::InvalidBody,
        responses::NotFound,
        responses::Conflict,
        responses::AdminErrors,
    )
)]
async fn update(
    State(state): State<AppState>,
    Admin(caller): Admin,
    path: JsonPathId,
    body: JsonObject,
) -> Result<Json<SupportFieldEnvelope>, ApiError> {
    let number = field_number(&path)?;
    let input = match body.into_wrapped("support_field") {
        Ok(members) => definition_input(members, false),
        // Answered once the definition is known to exist.
        Err(refused) => FieldInput { problems: refused.problems, ..FieldInput::default() },
    };
    let record = state.app().fields().update(&caller, number, input).await?;
    Ok(Json(SupportFieldEnvelope { support_field: render(&record, &caller.zone) }))
}

/// Removes the definition and every agent's value of it; answers it as it was.
#[utoipa::path(
    delete,
    path = "/api/v1/support_fields/{key}.json",
    tag = "custom fields",
    operation_id = "delete_support_field",
    params(parameters::FieldKey),
    responses(
        (status = 200, description = "The definition, as it was", body = SupportFieldEnvelope),
        responses::NotFound,
        responses::AdminErrors,
    )
)]
async fn delete(
    State(state): State<AppState>,
    Admin(caller): Admin,
    path: JsonPathId,
) -> Result<Json<SupportFieldEnvelope>, ApiError> {
    let record = state.app().fields().delete(&caller, field_number(&path)?).await?;
    Ok(Json(SupportFieldEnvelope { support_field: render(&record, &caller.zone) }))
}
