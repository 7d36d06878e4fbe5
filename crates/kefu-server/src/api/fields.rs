//! Custom field definitions (`/api/v1/support_fields…`), a kefu extension in the API's
//! conventions, administrators only; and the per-request context that agent writes
//! validate their `custom_fields` against.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use jiff::tz::TimeZone;
use kefu_api::{SupportField, SupportFieldEnvelope, SupportFieldList};
use kefu_domain::custom_field::{
    CascadeNode, FieldDefinition, FieldType, check_definition, compile_pattern, parse_field_key,
};
use kefu_domain::time::format_datetime;
use kefu_domain::{FieldError, TenantId};
use kefu_store::{FieldChanges, FieldRecord};
use regex::Regex;
use serde_json::{Map, Value};

use crate::api::input::{ObjectReader, describe};
use crate::api::openapi::{ApiRouter, bodies, parameters, responses};
use crate::http::auth::Admin;
use crate::http::error::ApiError;
use crate::http::extract::{JsonObject, JsonPathId};
use crate::state::AppState;

pub fn routes() -> ApiRouter {
    ApiRouter::new().routes(utoipa_axum::routes!(list, create)).routes(utoipa_axum::routes!(show, update, delete))
}

/// A tenant's definitions with their patterns compiled, for checking agent writes.
pub struct FieldContext {
    pub definitions: Vec<FieldDefinition>,
    patterns: HashMap<i64, Arc<Regex>>,
}

impl FieldContext {
    pub async fn load(state: &AppState, tenant: TenantId) -> Result<Self, ApiError> {
        let definitions: Vec<FieldDefinition> =
            state.store().field_definitions(tenant).await?.into_iter().map(|r| r.definition).collect();
        let mut patterns = HashMap::new();
        for definition in &definitions {
            if let Some(regex) = definition.settings.pattern.as_deref().and_then(|p| state.pattern(p)) {
                patterns.insert(definition.number, regex);
            }
        }
        Ok(FieldContext { definitions, patterns })
    }

    pub fn definition(&self, number: i64) -> Option<&FieldDefinition> {
        self.definitions.iter().find(|d| d.number == number)
    }

    pub fn pattern(&self, number: i64) -> Option<&Regex> {
        self.patterns.get(&number).map(Arc::as_ref)
    }
}

/// Compiles patterns once per process; a pattern that no longer compiles matches nothing.
pub fn compile_cached(cache: &moka::sync::Cache<String, Arc<Regex>>, pattern: &str) -> Option<Arc<Regex>> {
    if let Some(regex) = cache.get(pattern) {
        return Some(regex);
    }
    let regex = Arc::new(compile_pattern(pattern).ok()?);
    cache.insert(pattern.to_owned(), regex.clone());
    Some(regex)
}

fn field_number(path: &JsonPathId) -> Result<i64, ApiError> {
    path.parse("custom field", |raw| parse_field_key(raw).map(i64::from))
}

fn no_field(number: i64) -> impl FnOnce() -> String {
    move || format!("no custom field field_{number} is defined for this company")
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

/// The members of `{"support_field":{…}}`. `current` is the definition being changed
/// (PUT), whose values fill in what the body leaves out.
fn definition_input(
    members: Map<String, Value>,
    current: Option<&FieldDefinition>,
) -> Result<(FieldType, FieldChanges), ApiError> {
    let mut r = ObjectReader::new(members);
    // Server-set members: refused on creation; on a change, the key may be echoed back
    // unchanged and the times are ignored.
    for key in ["key", "createDT", "updateDT"] {
        match (r.take(key), current) {
            (None, _) => {}
            (Some(_), None) => r.problem(key, "is set by the server"),
            (Some(Value::String(sent)), Some(def)) if key == "key" && sent != def.key() => {
                r.problem(key, "cannot be changed")
            }
            (Some(_), Some(_)) => {}
        }
    }
    let field_type = match current {
        None => r.require("type", FieldType::parse),
        Some(def) => match r.parse("type", FieldType::parse) {
            Some(sent) if sent != def.field_type => {
                r.problem("type", "cannot be changed: remove the field and define a new one");
                None
            }
            _ => Some(def.field_type),
        },
    };
    let title = match r.text("title") {
        Some(title) => Some(title),
        None if current.is_some() => current.map(|d| d.title.clone()),
        None => {
            r.problem("title", "is required");
            None
        }
    };
    let required = r
        .parse("required", |raw| match raw {
            "0" => Ok(false),
            "1" => Ok(true),
            _ => Err(format!("must be \"0\" or \"1\", got {raw:?}")),
        })
        .or(current.map(|d| d.required))
        .unwrap_or(false);
    let mut settings = current.map(|d| d.settings.clone()).unwrap_or_default();
    if let Some(options) = r.take("options") {
        match serde_json::from_value::<Vec<String>>(options.clone()) {
            Ok(list) => settings.options = list,
            Err(_) => r.problem("options", format!("must be a list of strings, got {}", describe(&options))),
        }
    }
    if let Some(pattern) = r.take("pattern") {
        match pattern {
            Value::String(text) => settings.pattern = Some(text),
            other => r.problem("pattern", format!("must be a string, got {}", describe(&other))),
        }
    }
    if let Some(places) = r.parse("decimal_places", |raw| {
        raw.parse::<u32>().map_err(|_| format!("must be a whole number of decimal places, got {raw:?}"))
    }) {
        settings.decimal_places = Some(places);
    }
    if let Some(tree) = r.take("cascade") {
        match serde_json::from_value::<Vec<CascadeNode>>(tree.clone()) {
            Ok(nodes) => settings.cascade = nodes,
            Err(e) => r.problem("cascade", format!("must be a tree of {{\"name\":…,\"children\":[…]}}: {e}")),
        }
    }
    let known = ["title", "type", "required", "options", "pattern", "decimal_places", "cascade"];
    r.finish(&known)?;
    let (Some(field_type), Some(title)) = (field_type, title) else { return Err(ApiError::internal()) };
    if field_type == FieldType::Decimal && settings.decimal_places.is_none() {
        settings.decimal_places = Some(kefu_domain::custom_field::DEFAULT_DECIMAL_PLACES);
    }
    check_definition(&title, field_type, &settings).map_err(ApiError::invalid)?;
    Ok((field_type, FieldChanges { title, required, settings }))
}

/// Every custom field definition of the company, by key.
#[utoipa::path(
    get,
    path = "/api/v1/support_fields.json",
    tag = "custom fields",
    operation_id = "list_support_fields",
    security(("basic" = []), ("bearer" = [])),
    responses(
        (status = 200, description = "The definitions", body = SupportFieldList),
        responses::AdminErrors,
    )
)]
async fn list(State(state): State<AppState>, Admin(caller): Admin) -> Result<Json<SupportFieldList>, ApiError> {
    let records = state.store().field_definitions(caller.tenant).await?;
    Ok(Json(SupportFieldList { support_fields: records.iter().map(|r| render(r, &caller.zone)).collect() }))
}

/// One custom field definition.
#[utoipa::path(
    get,
    path = "/api/v1/support_fields/{key}.json",
    tag = "custom fields",
    operation_id = "show_support_field",
    security(("basic" = []), ("bearer" = [])),
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
    let number = field_number(&path)?;
    let record = state
        .store()
        .field_definition(caller.tenant, number)
        .await?
        .ok_or_else(|| ApiError::not_found(no_field(number)()))?;
    Ok(Json(SupportFieldEnvelope { support_field: render(&record, &caller.zone) }))
}

/// Defines a custom field; the server assigns its key.
#[utoipa::path(
    post,
    path = "/api/v1/support_fields.json",
    tag = "custom fields",
    operation_id = "create_support_field",
    security(("basic" = []), ("bearer" = [])),
    request_body = bodies::SupportFieldCreateBody,
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
    let (field_type, changes) = definition_input(body.into_wrapped("support_field")?, None)?;
    let record = state.store().create_field(caller.tenant, field_type, &changes).await?;
    Ok(Json(SupportFieldEnvelope { support_field: render(&record, &caller.zone) }))
}

/// Changes a custom field definition (not its type).
#[utoipa::path(
    put,
    path = "/api/v1/support_fields/{key}.json",
    tag = "custom fields",
    operation_id = "update_support_field",
    security(("basic" = []), ("bearer" = [])),
    params(parameters::FieldKey),
    request_body = bodies::SupportFieldUpdateBody,
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
    let current = state
        .store()
        .field_definition(caller.tenant, number)
        .await?
        .ok_or_else(|| ApiError::not_found(no_field(number)()))?;
    let (_, changes) = definition_input(body.into_wrapped("support_field")?, Some(&current.definition))?;
    let record = state
        .store()
        .update_field(caller.tenant, number, &changes)
        .await
        .map_err(|e| ApiError::from_store(e, no_field(number)))?;
    Ok(Json(SupportFieldEnvelope { support_field: render(&record, &caller.zone) }))
}

/// Removes the definition and every agent's value of it; answers it as it was.
#[utoipa::path(
    delete,
    path = "/api/v1/support_fields/{key}.json",
    tag = "custom fields",
    operation_id = "delete_support_field",
    security(("basic" = []), ("bearer" = [])),
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
    let number = field_number(&path)?;
    let record = state
        .store()
        .delete_field(caller.tenant, number)
        .await
        .map_err(|e| ApiError::from_store(e, no_field(number)))?;
    Ok(Json(SupportFieldEnvelope { support_field: render(&record, &caller.zone) }))
}

/// A problem with one custom field value, named `custom_fields.field_N`.
pub fn value_problem(number: i64, message: impl Into<String>) -> FieldError {
    FieldError::new(format!("custom_fields.field_{number}"), message)
}
