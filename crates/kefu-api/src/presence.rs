//! Presence per plate (`plate_service_state`), the tenant's state lists
//! (`plate_service_states`, a kefu extension), the history of changes (extension) and
//! module permissions (`permission`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One agent's state in one plate. The seed's example shows `"sId":356789`; kefu sends
/// numbers as strings, as everywhere else.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PlateServiceState {
    #[serde(rename = "sId")]
    #[schema(pattern = r"^[1-9][0-9]*$", example = "1")]
    pub s_id: String,
    /// "1" 工单, "2" 在线聊天, "3" 呼叫中心.
    #[schema(pattern = "^[123]$", example = "2")]
    pub plate: String,
    /// The state's name, as the tenant configured it (`在线`, `离线`…).
    #[schema(example = "在线")]
    pub state: String,
}

/// `{"plate_service_state":{…}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PlateServiceStateEnvelope {
    pub plate_service_state: PlateServiceState,
}

/// `{"plate_service_states":{"1":[…],"2":[…],"3":[…]}}`: each plate's state names, in the
/// order configured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PlateServiceStates {
    pub plate_service_states: BTreeMap<String, Vec<String>>,
}

/// One recorded change of an agent's state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PlateServiceStateChange {
    #[schema(pattern = r"^[1-9][0-9]*$", example = "1")]
    pub id: String,
    #[serde(rename = "sId")]
    #[schema(pattern = r"^[1-9][0-9]*$", example = "1")]
    pub s_id: String,
    #[schema(pattern = "^[123]$", example = "2")]
    pub plate: String,
    /// The state before the change (`离线` for an agent never set).
    pub from: String,
    /// The state after it.
    pub to: String,
    /// The sId of the administrator who made the change.
    #[serde(rename = "setBy")]
    #[schema(pattern = r"^[1-9][0-9]*$", example = "1")]
    pub set_by: String,
    /// When, in the tenant's zone.
    #[serde(rename = "createDT")]
    #[schema(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$", example = "2024-01-31 09:30:00")]
    pub create_dt: String,
}

/// `GET /plate_service_state/{sId}/history.json`: the developer guide's list envelope.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PlateServiceStateHistory {
    pub plate_service_state_history: Vec<PlateServiceStateChange>,
    pub count: u64,
    #[schema(required = true)]
    pub next_page: Option<String>,
    #[schema(required = true)]
    pub previous_page: Option<String>,
}

/// One module permission: `mType` "4" (call center), `state` "0" on, "1" off.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Permission {
    #[serde(rename = "sId")]
    #[schema(pattern = r"^[1-9][0-9]*$", example = "1")]
    pub s_id: String,
    /// The module: "4" (呼叫中心, the call center).
    #[serde(rename = "mType")]
    #[schema(pattern = "^4$", example = "4")]
    pub m_type: String,
    /// "0" on, "1" off.
    #[schema(pattern = "^[01]$", example = "0")]
    pub state: String,
}

/// `{"permission":{…}}`, the answer of `PUT /permissions/{sId}.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PermissionEnvelope {
    pub permission: Permission,
}

/// `{"permissions":[…]}`, the answer of `GET /permissions/{sId}.json` (extension): every
/// module permission of the agent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PermissionList {
    pub permissions: Vec<Permission>,
}

// ── Requests ─────────────────────────────────────────────────────────────────────────

/// A plate's new state; `sId` may be sent back if it is the path's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlateServiceStateInput {
    /// 1 (工单), 2 (在线聊天) or 3 (呼叫中心); 10012 otherwise.
    #[schema(schema_with = crate::schema::plate)]
    pub plate: String,
    /// One of the plate's states (`GET /api/v1/plate_service_states.json`); 10013 otherwise.
    #[schema(schema_with = crate::schema::state_name, example = "在线")]
    pub state: String,
    #[serde(rename = "sId", default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::text)]
    pub s_id: Option<String>,
}

/// `{"plate_service_state":{"plate":"2","state":"在线"}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PlateServiceStateBody {
    pub plate_service_state: PlateServiceStateInput,
}

fn state_names() -> utoipa::openapi::schema::Schema {
    utoipa::openapi::schema::ArrayBuilder::new()
        .items(utoipa::openapi::RefOr::T(crate::schema::state_name()))
        .min_items(Some(1))
        .max_items(Some(kefu_limits::MAX_STATES_PER_PLATE))
        .into()
}

/// Each named plate's new list of state names; plates left out keep theirs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlateStateLists {
    #[serde(rename = "1", default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = state_names)]
    pub tickets: Option<Vec<String>>,
    #[serde(rename = "2", default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = state_names)]
    pub chat: Option<Vec<String>>,
    #[serde(rename = "3", default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = state_names)]
    pub call_center: Option<Vec<String>>,
}

/// `{"plate_service_states":{"2":["在线","离线"]}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PlateStateListsBody {
    pub plate_service_states: PlateStateLists,
}

/// A module permission; `sId` may be sent back if it is the path's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PermissionInput {
    /// "4": the call center (呼叫中心), the only module with a permission.
    #[serde(rename = "mType")]
    #[schema(schema_with = crate::schema::module)]
    pub m_type: String,
    /// "0" on, "1" off.
    #[schema(schema_with = crate::schema::zero_or_one)]
    pub state: String,
    #[serde(rename = "sId", default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::text)]
    pub s_id: Option<String>,
}

/// `{"permission":{"mType":"4","state":"0"}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PermissionBody {
    pub permission: PermissionInput,
}

crate::schema::request_shapes!(PlateServiceStateInput, PermissionInput);
