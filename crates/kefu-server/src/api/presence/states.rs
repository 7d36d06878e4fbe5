//! `GET|PUT /api/v1/plate_service_states.json` (kefu extension): each plate's state
//! names, `{"plate_service_states":{"1":[…],"2":[…],"3":[…]}}`. A PUT replaces the lists
//! of the plates it names and leaves the others alone.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use kefu_api::PlateServiceStates;
use kefu_app::AppError;
use kefu_domain::FieldError;
use kefu_domain::presence::{Plate, StateList};
use serde_json::Value;

use crate::api::input::describe;
use crate::api::openapi::responses;
use crate::http::auth::Admin;
use crate::http::error::ApiError;
use crate::http::extract::JsonObject;
use crate::state::AppState;

pub const PATH: &str = "/api/v1/plate_service_states.json";

const WRAPPER: &str = "plate_service_states";

fn answer(lists: BTreeMap<Plate, StateList>) -> Json<PlateServiceStates> {
    Json(PlateServiceStates {
        plate_service_states: lists
            .into_iter()
            .map(|(plate, list)| (plate.code().to_string(), list.into_names()))
            .collect(),
    })
}

/// Each plate's state names, in the order configured.
#[utoipa::path(
    get,
    path = PATH,
    tag = "presence",
    operation_id = "list_plate_service_states",
    responses(
        (status = 200, description = "`{\"plate_service_states\":{\"1\":[…],\"2\":[…],\"3\":[…]}}`", body = PlateServiceStates),
        responses::AdminErrors,
    )
)]
pub async fn show(State(state): State<AppState>, Admin(caller): Admin) -> Result<Json<PlateServiceStates>, ApiError> {
    Ok(answer(state.app().presence().states(&caller).await?))
}

/// Replaces the state lists of the plates named; the others stay. A state an agent holds
/// cannot be removed (409).
#[utoipa::path(
    put,
    path = PATH,
    tag = "presence",
    operation_id = "replace_plate_service_states",
    request_body = kefu_api::PlateStateListsBody,
    responses(
        (status = 200, description = "Every plate's lists, as they are now", body = PlateServiceStates),
        responses::InvalidBody,
        responses::Conflict,
        responses::AdminErrors,
    )
)]
pub async fn replace(
    State(state): State<AppState>,
    Admin(caller): Admin,
    body: JsonObject,
) -> Result<Json<PlateServiceStates>, ApiError> {
    let lists = parse_lists(body)?;
    Ok(answer(state.app().presence().replace_states(&caller, &lists).await?))
}

/// `{"plate_service_states":{"2":["在线","离线"],…}}` → checked lists, by plate.
fn parse_lists(body: JsonObject) -> Result<BTreeMap<Plate, StateList>, ApiError> {
    let members = body.into_wrapped(WRAPPER)?;
    if members.is_empty() {
        return Err(ApiError::field(
            WRAPPER,
            "names no plate; e.g. {\"plate_service_states\":{\"2\":[\"在线\",\"离线\"]}}",
        ));
    }
    let bad_keys: Vec<&str> = members.keys().map(String::as_str).filter(|key| Plate::parse(key).is_err()).collect();
    if !bad_keys.is_empty() {
        return Err(ApiError::from(AppError::invalid_plate(
            WRAPPER,
            format!(
                "the keys are plates, 1 (工单), 2 (在线聊天) or 3 (呼叫中心); got {}",
                bad_keys.iter().map(|k| format!("{k:?}")).collect::<Vec<_>>().join(", ")
            ),
        )));
    }

    let mut problems: Vec<FieldError> = Vec::new();
    let mut lists = BTreeMap::new();
    for (key, value) in &members {
        let Ok(plate) = Plate::parse(key) else {
            continue;
        };
        let field = format!("{WRAPPER}.{key}");
        let Value::Array(items) = value else {
            problems.push(FieldError::new(field, format!("must be an array of state names, got {}", describe(value))));
            continue;
        };
        let mut names = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            match item {
                Value::String(name) => names.push(name.clone()),
                other => problems.push(FieldError::new(
                    format!("{field}[{i}]"),
                    format!("must be a string, got {}", describe(other)),
                )),
            }
        }
        if names.len() < items.len() {
            continue;
        }
        match StateList::parse(&field, &names) {
            Ok(list) => {
                lists.insert(plate, list);
            }
            Err(errors) => problems.extend(errors),
        }
    }
    if problems.is_empty() { Ok(lists) } else { Err(ApiError::invalid(problems)) }
}
