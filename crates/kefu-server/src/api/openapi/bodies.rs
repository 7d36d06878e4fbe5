//! Request bodies, for the document only: handlers read them with `ObjectReader`, whose
//! rules these describe. Scalars may be sent as strings or whole numbers (the API answers
//! numbers as strings; clients send either). Unknown members are refused (400), so every
//! object here is closed.

#![allow(dead_code)]

use serde::Deserialize;
use serde_json::Value;
use utoipa::ToSchema;
use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Schema, SchemaType, Type};

/// A string or a whole number.
fn text() -> Schema {
    text_builder().into()
}

/// A name of 1 to 64 characters (or a whole number).
fn name() -> Schema {
    text_builder().min_length(Some(1)).max_length(Some(64)).into()
}

fn text_builder() -> ObjectBuilder {
    ObjectBuilder::new().schema_type(SchemaType::from_iter([Type::String, Type::Integer]))
}

/// One of the given codes, as a string or a number.
fn code(values: &[i64]) -> Schema {
    let mut choices: Vec<Value> = values.iter().map(|v| Value::String(v.to_string())).collect();
    choices.extend(values.iter().map(|v| Value::from(*v)));
    ObjectBuilder::new().schema_type(SchemaType::AnyValue).enum_values(Some(choices)).into()
}

fn zero_or_one() -> Schema {
    code(&[0, 1])
}

fn gender() -> Schema {
    code(&[1, 2])
}

fn plate() -> Schema {
    code(&[1, 2, 3])
}

fn module() -> Schema {
    code(&[4])
}

/// Anything: the member is accepted and ignored.
fn ignored() -> Schema {
    ObjectBuilder::new().schema_type(SchemaType::AnyValue).description(Some("Ignored")).into()
}

fn any_value() -> Schema {
    ObjectBuilder::new().schema_type(SchemaType::AnyValue).into()
}

/// A coordinate: a JSON number or a string holding one.
fn coordinate() -> Schema {
    ObjectBuilder::new().schema_type(SchemaType::from_iter([Type::String, Type::Number])).into()
}

fn string_list() -> Schema {
    ArrayBuilder::new().items(ObjectBuilder::new().schema_type(Type::String)).into()
}

/// `{"key":"field_N","value":…}`: `""`, `null` or `[]` clears the field.
#[derive(ToSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomFieldInput {
    #[schema(example = "field_1")]
    key: String,
    #[schema(schema_with = any_value)]
    value: Option<Value>,
}

/// The agent to create. Without `password`, the company's default agent password is set.
#[derive(ToSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SupportCreate {
    #[serde(rename = "sPassportName")]
    #[schema(schema_with = text)]
    passport_name: String,
    #[serde(rename = "sNum")]
    #[schema(schema_with = text)]
    job_number: String,
    /// 6 to 128 characters.
    #[schema(schema_with = text)]
    password: Option<String>,
    /// Comma-separated support-group ids; `""` for none.
    #[serde(rename = "groupId")]
    #[schema(schema_with = text)]
    group_id: Option<String>,
    #[schema(schema_with = text)]
    name: Option<String>,
    /// "1" female (the default), "2" male.
    #[schema(schema_with = gender)]
    gnder: Option<String>,
    #[schema(schema_with = text)]
    email: Option<String>,
    #[schema(schema_with = text)]
    fixnumber: Option<String>,
    #[schema(schema_with = text)]
    mobile: Option<String>,
    #[serde(rename = "QQ")]
    #[schema(schema_with = text)]
    qq: Option<String>,
    /// "1" administrator, "0" agent (the default).
    #[serde(rename = "isAdmin")]
    #[schema(schema_with = zero_or_one)]
    is_admin: Option<String>,
    /// Every required custom field must get a value.
    #[schema(nullable = false)]
    custom_fields: Option<Vec<CustomFieldInput>>,
}

/// `{"support":{…}}`.
#[derive(ToSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SupportCreateBody {
    support: SupportCreate,
}

/// The changes: members left out stay as they are. An agent who is not an administrator
/// may change only their own record, and not `isAdmin`, `groupId` or `sNum`. The
/// server-set members may be sent back only unchanged (a GET, edited, PUT back).
#[derive(ToSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SupportUpdate {
    #[schema(schema_with = text)]
    password: Option<String>,
    #[serde(rename = "groupId")]
    #[schema(schema_with = text)]
    group_id: Option<String>,
    #[serde(rename = "sNum")]
    #[schema(schema_with = text)]
    job_number: Option<String>,
    #[schema(schema_with = text)]
    name: Option<String>,
    #[schema(schema_with = gender)]
    gnder: Option<String>,
    #[schema(schema_with = text)]
    email: Option<String>,
    #[schema(schema_with = text)]
    fixnumber: Option<String>,
    #[schema(schema_with = text)]
    mobile: Option<String>,
    #[serde(rename = "QQ")]
    #[schema(schema_with = text)]
    qq: Option<String>,
    #[serde(rename = "isAdmin")]
    #[schema(schema_with = zero_or_one)]
    is_admin: Option<String>,
    /// Merged by key; a required field cannot be cleared.
    #[schema(nullable = false)]
    custom_fields: Option<Vec<CustomFieldInput>>,
    /// Only unchanged: a login is fixed once created.
    #[serde(rename = "sPassportName")]
    #[schema(schema_with = text)]
    passport_name: Option<String>,
    /// Only unchanged.
    #[serde(rename = "sId")]
    #[schema(schema_with = text)]
    s_id: Option<String>,
    /// Only unchanged: hide or restore with `PUT /api/v1/servicers/{sId}.json`.
    #[serde(rename = "isStat")]
    #[schema(schema_with = text)]
    is_stat: Option<String>,
    /// Only unchanged.
    #[serde(rename = "createDT")]
    #[schema(schema_with = text)]
    create_dt: Option<String>,
    /// Ignored.
    #[serde(rename = "updateDT")]
    #[schema(schema_with = ignored)]
    update_dt: Option<Value>,
    /// Only this agent's own URL.
    #[schema(nullable = false)]
    url: Option<String>,
}

/// `{"support":{…}}`.
#[derive(ToSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SupportUpdateBody {
    support: SupportUpdate,
}

/// `isStat`: "0" hides the agent in the recycle bin, "1" restores it.
#[derive(ToSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Visibility {
    #[serde(rename = "isStat")]
    #[schema(schema_with = zero_or_one)]
    is_stat: String,
}

/// `{"support":{"isStat":"0"}}`.
#[derive(ToSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VisibilityBody {
    support: Visibility,
}

/// A support group's name; `groupId` and `createDT` sent back are ignored.
#[derive(ToSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SupportGroupInput {
    /// 1 to 64 characters, unique in the company.
    #[schema(schema_with = name)]
    name: String,
    #[serde(rename = "groupId")]
    #[schema(schema_with = ignored)]
    group_id: Option<Value>,
    #[serde(rename = "createDT")]
    #[schema(schema_with = ignored)]
    create_dt: Option<Value>,
}

/// `{"supportgroup":{"name":"…"}}`.
#[derive(ToSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SupportGroupBody {
    supportgroup: SupportGroupInput,
}

/// A custom field definition to create. The settings of other types are refused.
#[derive(ToSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SupportFieldCreate {
    #[schema(schema_with = text)]
    title: String,
    /// dropdown, text, textarea, integer, decimal, checkbox, date, regexp, attachment,
    /// multiselect or cascade.
    #[serde(rename = "type")]
    #[schema(schema_with = text)]
    field_type: String,
    /// "1" when every new agent must have a value.
    #[schema(schema_with = zero_or_one)]
    required: Option<String>,
    /// The choices of a dropdown or multiselect.
    #[schema(schema_with = string_list)]
    options: Option<Vec<String>>,
    /// A regexp field's pattern.
    #[schema(nullable = false)]
    pattern: Option<String>,
    /// A decimal field's places.
    #[schema(schema_with = text)]
    decimal_places: Option<String>,
    /// A cascade's option tree.
    #[schema(schema_with = kefu_api::schema::cascade_tree)]
    cascade: Option<Value>,
}

/// `{"support_field":{…}}`.
#[derive(ToSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SupportFieldCreateBody {
    support_field: SupportFieldCreate,
}

/// Changes to a definition; what is left out stays. The type cannot change.
#[derive(ToSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SupportFieldUpdate {
    #[schema(schema_with = text)]
    title: Option<String>,
    /// Only unchanged.
    #[serde(rename = "type")]
    #[schema(schema_with = text)]
    field_type: Option<String>,
    #[schema(schema_with = zero_or_one)]
    required: Option<String>,
    #[schema(schema_with = string_list)]
    options: Option<Vec<String>>,
    #[schema(nullable = false)]
    pattern: Option<String>,
    #[schema(schema_with = text)]
    decimal_places: Option<String>,
    #[schema(schema_with = kefu_api::schema::cascade_tree)]
    cascade: Option<Value>,
    /// Only unchanged.
    #[schema(schema_with = ignored)]
    key: Option<Value>,
    #[serde(rename = "createDT")]
    #[schema(schema_with = ignored)]
    create_dt: Option<Value>,
    #[serde(rename = "updateDT")]
    #[schema(schema_with = ignored)]
    update_dt: Option<Value>,
}

/// `{"support_field":{…}}`.
#[derive(ToSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SupportFieldUpdateBody {
    support_field: SupportFieldUpdate,
}

/// An API key pair's label.
#[derive(ToSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiKeyInput {
    /// 1 to 64 characters.
    #[schema(schema_with = name, example = "CRM sync")]
    name: String,
}

/// `{"api_key":{"name":"…"}}`.
#[derive(ToSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiKeyBody {
    api_key: ApiKeyInput,
}

/// The company's settings to change; members left out stay.
#[derive(ToSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompanyInput {
    /// Read-only: may be sent back unchanged.
    #[schema(schema_with = text)]
    name: Option<String>,
    /// An IANA time zone.
    #[serde(rename = "timeZone")]
    #[schema(schema_with = text, example = "Asia/Shanghai")]
    time_zone: Option<String>,
    /// The password agents created without one receive: 6 to 128 characters. Never shown.
    #[serde(rename = "defaultPassword")]
    #[schema(schema_with = text, example = "welcome-123")]
    default_password: Option<String>,
    /// Read-only: may be sent back unchanged.
    #[serde(rename = "hasDefaultPassword")]
    #[schema(schema_with = zero_or_one)]
    has_default_password: Option<String>,
}

/// `{"company":{…}}`.
#[derive(ToSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompanyBody {
    company: CompanyInput,
}

/// The token request: `grant_type=client_credentials`, with the client's credentials in a
/// Basic `Authorization` header (`SecretID:secret`) or as `client_id` / `client_secret`.
#[derive(ToSchema, Deserialize)]
pub struct TokenRequest {
    #[schema(example = "client_credentials")]
    grant_type: String,
    client_id: Option<String>,
    client_secret: Option<String>,
}

/// A plate's new state; `sId` may be sent back if it is the path's.
#[derive(ToSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlateServiceStateInput {
    /// 1 (工单), 2 (在线聊天) or 3 (呼叫中心); 10012 otherwise.
    #[schema(schema_with = plate)]
    plate: String,
    /// One of the plate's states (`GET /api/v1/plate_service_states.json`); 10013 otherwise.
    #[schema(schema_with = text, example = "在线")]
    state: String,
    #[serde(rename = "sId")]
    #[schema(schema_with = text)]
    s_id: Option<String>,
}

/// `{"plate_service_state":{"plate":"2","state":"在线"}}`.
#[derive(ToSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlateServiceStateBody {
    plate_service_state: PlateServiceStateInput,
}

/// Each named plate's new list of state names (1 to 20 characters, at most 20 a plate);
/// plates left out keep theirs.
#[derive(ToSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlateStateLists {
    #[serde(rename = "1")]
    #[schema(schema_with = string_list)]
    tickets: Option<Vec<String>>,
    #[serde(rename = "2")]
    #[schema(schema_with = string_list)]
    chat: Option<Vec<String>>,
    #[serde(rename = "3")]
    #[schema(schema_with = string_list)]
    call_center: Option<Vec<String>>,
}

/// `{"plate_service_states":{"2":["在线","离线"]}}`.
#[derive(ToSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlateStateListsBody {
    plate_service_states: PlateStateLists,
}

/// A module permission; `sId` may be sent back if it is the path's.
#[derive(ToSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PermissionInput {
    /// "4": the call center (呼叫中心), the only module with a permission.
    #[serde(rename = "mType")]
    #[schema(schema_with = module)]
    m_type: String,
    /// "0" on, "1" off.
    #[schema(schema_with = zero_or_one)]
    state: String,
    #[serde(rename = "sId")]
    #[schema(schema_with = text)]
    s_id: Option<String>,
}

/// `{"permission":{"mType":"4","state":"0"}}`.
#[derive(ToSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PermissionBody {
    permission: PermissionInput,
}

/// One attachment of a sign-in.
#[derive(ToSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttachmentInput {
    #[serde(rename = "fileName")]
    #[schema(schema_with = text)]
    file_name: String,
    #[serde(rename = "fileUrl")]
    #[schema(schema_with = text)]
    file_url: String,
}

/// Where the agent signs in.
#[derive(ToSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlaceInput {
    #[schema(schema_with = text)]
    address: String,
    #[schema(schema_with = text)]
    landmark: String,
    #[schema(schema_with = coordinate, example = "39.827126")]
    latitude: String,
    #[schema(schema_with = coordinate, example = "116.329879")]
    longitude: String,
}

/// A sign-in of the caller (the body names no agent).
#[derive(ToSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignInInput {
    #[schema(schema_with = text)]
    remark: Option<String>,
    #[schema(max_items = 9, nullable = false)]
    attachments: Option<Vec<AttachmentInput>>,
    #[schema(schema_with = tags)]
    tags: Option<Vec<String>>,
    /// `YYYY-MM-DD HH:MM:SS` in the company's zone, or with an explicit UTC offset
    /// (`2017-09-12 10:12:22+08:00`, `2017-09-12T02:12:22Z`); at most a day ahead.
    #[serde(rename = "checkinTime")]
    #[schema(schema_with = text, example = "2017-09-12 10:12:22")]
    checkin_time: String,
    current: PlaceInput,
}

fn tags() -> Schema {
    ArrayBuilder::new().items(text_builder()).max_items(Some(20)).into()
}

/// `{"signIn":{…}}`.
#[derive(ToSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignInBody {
    #[serde(rename = "signIn")]
    sign_in: SignInInput,
}

/// One schedule to create.
#[derive(ToSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduleInput {
    /// At most 30 characters; `""` is none.
    #[schema(schema_with = text)]
    name: Option<String>,
    #[schema(schema_with = text)]
    remark: Option<String>,
    /// `HH:MM`, `00:00` to `23:59`.
    #[schema(schema_with = text, example = "09:00")]
    start_time: String,
    /// `HH:MM`, after `start_time`; `24:00` for midnight.
    #[schema(schema_with = text, example = "18:00")]
    end_time: String,
    #[schema(schema_with = text)]
    url: Option<String>,
}

/// One agent-day of a batch.
#[derive(ToSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DutyInput {
    /// The agent's sId.
    #[schema(schema_with = text)]
    sid: String,
    /// `YYYY-MM-DD`.
    #[schema(schema_with = text, example = "2023-11-07")]
    date: String,
    #[schema(min_items = 1, max_items = 500)]
    schedules: Vec<ScheduleInput>,
}

/// `{"duty":[…]}`: at most 500 schedules in all; all are created, or none.
#[derive(ToSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DutyBatchBody {
    #[schema(min_items = 1, max_items = 500)]
    duty: Vec<DutyInput>,
}

/// The schedule's new times and texts; its agent and day are fixed (`sid`, `date`,
/// `dutyId` and `status` may be sent back only unchanged).
#[derive(ToSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DutyUpdate {
    #[schema(schema_with = text)]
    name: Option<String>,
    #[schema(schema_with = text)]
    remark: Option<String>,
    #[schema(schema_with = text)]
    start_time: String,
    #[schema(schema_with = text)]
    end_time: String,
    #[schema(schema_with = text)]
    url: Option<String>,
    #[schema(schema_with = text)]
    sid: Option<String>,
    #[schema(schema_with = text)]
    date: Option<String>,
    #[serde(rename = "dutyId")]
    #[schema(nullable = false)]
    duty_id: Option<String>,
    #[schema(schema_with = text)]
    status: Option<String>,
}

/// `{"duty":{…}}`.
#[derive(ToSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DutyUpdateBody {
    duty: DutyUpdate,
}
