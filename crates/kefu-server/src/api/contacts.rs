//! Contacts (联系人): `/api/v1/users…` and the `_v2` twins. The old endpoints answer and
//! read dropdown-like custom values as option text and one `uniqueId`; `_v2` as option ids
//! and every remote id (`uniqueIds`). In a 2C account `companyId` is absent.

use axum::Json;
use axum::extract::State;
use kefu_api::{CustomFieldValue, RequestShape, UniqueId, User, UserEnvelope, UserInput, UserList, UserSearchPage};
use kefu_api::{UserBatch, UserShowMany};
use kefu_app::contacts::ContactInput;
use kefu_app::customer_fields::{EntityFields, ValueDialect};
use kefu_app::{Caller, Members};
use kefu_domain::agent::FixNumber;
use kefu_domain::customer::CustomerMode;
use kefu_domain::customer::contact::{
    ContactEmail, ContactMobile, ContactName, ContactNote, ContactPatch, ContactQq, ContactState, Position, RemoteId,
    check_remote_ids, parse_contact_groups, parse_default_flag,
};
use kefu_domain::customer::search::parse_contact_query;
use kefu_domain::ids::{join_ids, parse_optional_id};
use kefu_domain::tags::Tags;
use kefu_domain::time::format_datetime;
use kefu_domain::{AgentId, CompanyId, ContactId, FieldError};
use kefu_store::{ContactRecord, Page};
use serde_json::{Map, Value};

use crate::api::agents::input::custom_values;
use crate::api::customer_query::{
    CustomerListParams, CustomerSearchParams, list_request, search_request, show_many_ids,
};
use crate::api::input::{ObjectReader, describe};
use crate::api::openapi::{ApiRouter, parameters, responses};
use crate::http::auth::{Admin, Authenticated};
use crate::http::error::ApiError;
use crate::http::extract::{JsonObject, JsonPathId, QueryParams};
use crate::http::links::BaseUrl;
use crate::state::AppState;

pub fn routes() -> ApiRouter {
    ApiRouter::new()
        .routes(utoipa_axum::routes!(list, create))
        .routes(utoipa_axum::routes!(list_v2, create_v2))
        .routes(utoipa_axum::routes!(create_many))
        .routes(utoipa_axum::routes!(create_many_v2))
        .routes(utoipa_axum::routes!(show_many))
        .routes(utoipa_axum::routes!(show_many_v2))
        .routes(utoipa_axum::routes!(search))
        .routes(utoipa_axum::routes!(search_v2))
        .routes(utoipa_axum::routes!(show, update, delete))
        .routes(utoipa_axum::routes!(show_v2, update_v2, delete_v2))
}

/// Which twin a request came through.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Twin {
    Old,
    V2,
}

impl Twin {
    fn dialect(self) -> ValueDialect {
        match self {
            Twin::Old => ValueDialect::OptionText,
            Twin::V2 => ValueDialect::OptionIds,
        }
    }

    fn root(self) -> &'static str {
        match self {
            Twin::Old => "/api/v1/users",
            Twin::V2 => "/api/v1/users_v2",
        }
    }
}

fn contact_id(path: &JsonPathId) -> Result<ContactId, ApiError> {
    path.parse("contact", ContactId::parse)
}

/// What rendering a contact needs besides the record.
pub(crate) struct UserView<'a> {
    pub base: &'a BaseUrl,
    pub caller: &'a Caller,
    pub mode: CustomerMode,
    pub fields: &'a EntityFields,
    pub twin: Twin,
}

impl UserView<'_> {
    pub(crate) fn user(&self, contact: &ContactRecord) -> User {
        let (unique_id, unique_ids) = match self.twin {
            Twin::Old => (Some(contact.remote_ids.first().map(|r| r.id.clone()).unwrap_or_default()), None),
            Twin::V2 => (
                None,
                Some(
                    contact
                        .remote_ids
                        .iter()
                        .map(|r| UniqueId { unique_id: r.id.clone(), note: r.note.clone() })
                        .collect(),
                ),
            ),
        };
        User {
            c_id: contact.id.to_string(),
            url: self.base.join(&format!("{}/{}.json", self.twin.root(), contact.id)),
            name: contact.name.clone(),
            mobile: contact.mobile.clone(),
            fixnumber: contact.fixnumber.clone(),
            email: contact.email.clone(),
            position: contact.position.clone(),
            state: contact.state.wire_code(contact.is_deleted).to_string(),
            qq: contact.qq.clone(),
            note: contact.note.clone(),
            company_id: (self.mode == CustomerMode::Business)
                .then(|| contact.company.map_or_else(|| "0".to_owned(), |c| c.to_string())),
            unique_id,
            unique_ids,
            support_id: contact.support.map_or_else(|| "0".to_owned(), |s| s.to_string()),
            creater_id: contact.creator.to_string(),
            default: if contact.is_default { "1" } else { "0" }.to_owned(),
            create_dt: format_datetime(contact.created_at, &self.caller.zone),
            update_dt: format_datetime(contact.updated_at, &self.caller.zone),
            custom_fields: self
                .fields
                .render(&contact.custom_fields, self.twin.dialect())
                .into_iter()
                .map(|(key, value)| CustomFieldValue { key, value })
                .collect(),
            user_group: join_ids(&contact.groups),
            table_name: contact.tags.clone(),
        }
    }
}

async fn view<'a>(
    state: &AppState,
    caller: &'a Caller,
    base: &'a BaseUrl,
    fields: &'a EntityFields,
    twin: Twin,
) -> Result<UserView<'a>, ApiError> {
    let mode = state.app().contacts().mode(caller).await?;
    Ok(UserView { base, caller, mode, fields, twin })
}

/// The answer of a request about one contact.
async fn answer_one(
    state: &AppState,
    caller: &Caller,
    base: &BaseUrl,
    twin: Twin,
    contact: &ContactRecord,
) -> Result<Json<UserEnvelope>, ApiError> {
    let fields = state.app().contacts().fields(caller).await?;
    let view = view(state, caller, base, &fields, twin).await?;
    Ok(Json(UserEnvelope { user: view.user(contact) }))
}

/// The contacts as answered.
async fn answer_many(
    state: &AppState,
    caller: &Caller,
    base: &BaseUrl,
    twin: Twin,
    contacts: &[ContactRecord],
) -> Result<Vec<User>, ApiError> {
    let fields = state.app().contacts().fields(caller).await?;
    let view = view(state, caller, base, &fields, twin).await?;
    Ok(contacts.iter().map(|c| view.user(c)).collect())
}

/// `{"user":{…}}` read into the use case's input; every problem named.
fn read_contact(members: Map<String, Value>) -> ContactInput {
    let mut r = ObjectReader::new(members);
    let mut fields = ContactPatch {
        name: r.parse("name", ContactName::parse),
        mobile: r.parse("mobile", ContactMobile::parse),
        fixnumber: r.parse("fixnumber", FixNumber::parse),
        email: r.parse("email", ContactEmail::parse),
        position: r.parse("position", Position::parse),
        state: r.parse("state", ContactState::parse),
        qq: r.parse("QQ", ContactQq::parse),
        note: r.parse("note", ContactNote::parse),
        company: r.parse("companyId", |raw| parse_optional_id(raw, CompanyId::parse)).flatten(),
        remote_ids: None,
        support: r.parse("supportId", AgentId::parse),
        is_default: r.parse("default", parse_default_flag),
        groups: r.parse("userGroup", parse_contact_groups),
        tags: r.parse("tableName", Tags::parse),
        custom_fields: Vec::new(),
    };
    let single =
        r.parse(
            "uniqueId",
            |raw| {
                if raw.is_empty() { Ok(Vec::new()) } else { RemoteId::parse(raw, "").map(|id| vec![id]) }
            },
        );
    let many = r.take("uniqueIds").and_then(|value| remote_ids(&mut r, value));
    if single.is_some() && many.is_some() {
        r.problem("uniqueIds", "send uniqueId or uniqueIds, not both");
    }
    fields.remote_ids = many.or(single);
    let custom_fields = custom_values(&mut r);
    for ignored in ["cId", "url", "createrId", "createDT", "updateDT"] {
        r.take(ignored);
    }
    ContactInput { fields, custom_fields, problems: r.into_problems(UserInput::members()) }
}

/// `uniqueIds: [{"uniqueId":"wx_…","note":"微信"}]`.
fn remote_ids(r: &mut ObjectReader, value: Value) -> Option<Vec<RemoteId>> {
    let Value::Array(items) = value else {
        r.problem("uniqueIds", format!("must be a list of {{\"uniqueId\":…,\"note\":…}}, got {}", describe(&value)));
        return None;
    };
    let mut ids = Vec::with_capacity(items.len());
    for (index, item) in items.into_iter().enumerate() {
        let path = format!("uniqueIds[{index}]");
        let text = |v: Option<&Value>| match v {
            Some(Value::String(s)) => Some(s.clone()),
            None => Some(String::new()),
            _ => None,
        };
        let Value::Object(entry) = &item else {
            r.problem(&path, format!("must be {{\"uniqueId\":…,\"note\":…}}, got {}", describe(&item)));
            continue;
        };
        if let Some(extra) = entry.keys().find(|k| *k != "uniqueId" && *k != "note") {
            r.problem(&path, format!("{extra:?} is not allowed; the members are uniqueId and note"));
            continue;
        }
        match (text(entry.get("uniqueId")), text(entry.get("note"))) {
            (Some(id), Some(note)) => match RemoteId::parse(&id, &note) {
                Ok(remote) => ids.push(remote),
                Err(message) => r.problem(&path, message),
            },
            _ => r.problem(&path, "uniqueId and note must be strings"),
        }
    }
    match check_remote_ids(ids) {
        Ok(ids) => Some(ids),
        Err(message) => {
            r.problem("uniqueIds", message);
            None
        }
    }
}

async fn list_in(
    state: AppState,
    caller: Caller,
    base: BaseUrl,
    query: QueryParams,
    twin: Twin,
) -> Result<Json<UserList>, ApiError> {
    let request = list_request(&query, &caller.zone)?;
    let contacts = state.app().contacts();
    let Page { rows, total } = contacts.page(&caller, None, &request.filter, request.order, request.page).await?;
    let users = answer_many(&state, &caller, &base, twin, &rows).await?;
    let path = format!("{}.json", twin.root());
    let (next_page, previous_page) = base.page_links(&path, &request.links, request.page, total);
    Ok(Json(UserList { users, count: total, next_page, previous_page }))
}

/// The account's contacts (联系人列表), by cId unless an order is asked.
#[utoipa::path(get, path = "/api/v1/users.json", tag = "contacts", operation_id = "list_users",
    params(CustomerListParams, parameters::Paging),
    responses((status = 200, description = "One page of contacts", body = UserList), responses::InvalidQuery, responses::AgentErrors))]
async fn list(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    base: BaseUrl,
    query: QueryParams,
) -> Result<Json<UserList>, ApiError> {
    list_in(state, caller, base, query, Twin::Old).await
}

/// The same list, custom values as option ids and every remote id (`uniqueIds`).
#[utoipa::path(get, path = "/api/v1/users_v2.json", tag = "contacts", operation_id = "list_users_v2",
    params(CustomerListParams, parameters::Paging),
    responses((status = 200, description = "One page of contacts", body = UserList), responses::InvalidQuery, responses::AgentErrors))]
async fn list_v2(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    base: BaseUrl,
    query: QueryParams,
) -> Result<Json<UserList>, ApiError> {
    list_in(state, caller, base, query, Twin::V2).await
}

async fn show_in(
    state: AppState,
    caller: Caller,
    base: BaseUrl,
    path: JsonPathId,
    twin: Twin,
) -> Result<Json<UserEnvelope>, ApiError> {
    let contact = state.app().contacts().show(&caller, contact_id(&path)?).await?;
    answer_one(&state, &caller, &base, twin, &contact).await
}

/// One contact (联系人详情); a deleted one only for administrators.
#[utoipa::path(get, path = "/api/v1/users/{id}.json", tag = "contacts", operation_id = "show_user",
    params(parameters::Id),
    responses((status = 200, description = "The contact", body = UserEnvelope), responses::InvalidQuery, responses::NotFound, responses::AgentErrors))]
async fn show(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    base: BaseUrl,
    path: JsonPathId,
) -> Result<Json<UserEnvelope>, ApiError> {
    show_in(state, caller, base, path, Twin::Old).await
}

/// One contact, `_v2`.
#[utoipa::path(get, path = "/api/v1/users_v2/{id}.json", tag = "contacts", operation_id = "show_user_v2",
    params(parameters::Id),
    responses((status = 200, description = "The contact", body = UserEnvelope), responses::InvalidQuery, responses::NotFound, responses::AgentErrors))]
async fn show_v2(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    base: BaseUrl,
    path: JsonPathId,
) -> Result<Json<UserEnvelope>, ApiError> {
    show_in(state, caller, base, path, Twin::V2).await
}

async fn show_many_in(
    state: AppState,
    caller: Caller,
    base: BaseUrl,
    query: QueryParams,
    twin: Twin,
) -> Result<Json<UserShowMany>, ApiError> {
    let ids = show_many_ids(&query, state.limits().max_show_many_ids, "cIds", ContactId::parse)?;
    let found = state.app().contacts().show_many(&caller, &ids).await?;
    Ok(Json(UserShowMany { users: answer_many(&state, &caller, &base, twin, &found).await? }))
}

/// Several contacts at once; unknown, foreign and deleted ids are left out.
#[utoipa::path(get, path = "/api/v1/users/show_many.json", tag = "contacts", operation_id = "show_many_users",
    params(parameters::ShowMany),
    responses((status = 200, description = "The contacts found", body = UserShowMany), responses::InvalidQuery, responses::AgentErrors))]
async fn show_many(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    base: BaseUrl,
    query: QueryParams,
) -> Result<Json<UserShowMany>, ApiError> {
    show_many_in(state, caller, base, query, Twin::Old).await
}

/// Several contacts at once, `_v2`.
#[utoipa::path(get, path = "/api/v1/users_v2/show_many.json", tag = "contacts", operation_id = "show_many_users_v2",
    params(parameters::ShowMany),
    responses((status = 200, description = "The contacts found", body = UserShowMany), responses::InvalidQuery, responses::AgentErrors))]
async fn show_many_v2(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    base: BaseUrl,
    query: QueryParams,
) -> Result<Json<UserShowMany>, ApiError> {
    show_many_in(state, caller, base, query, Twin::V2).await
}

async fn search_in(
    state: AppState,
    caller: Caller,
    base: BaseUrl,
    query: QueryParams,
    twin: Twin,
) -> Result<Json<UserSearchPage>, ApiError> {
    let (raw, page) = search_request(&query)?;
    let term = parse_contact_query(&raw, state.limits().max_query_chars).map_err(|e| ApiError::field("query", e))?;
    let Page { rows, total } = state.app().contacts().search(&caller, &term, page).await?;
    let users = answer_many(&state, &caller, &base, twin, &rows).await?;
    let path = format!("{}/search.json", twin.root());
    let (next_page, previous_page) = base.page_links(&path, &[("query", raw.clone())], page, total);
    Ok(Json(UserSearchPage {
        users,
        count: total.to_string(),
        previous_page: previous_page.unwrap_or_default(),
        next_page: next_page.unwrap_or_default(),
    }))
}

/// Searches contacts (`query=FIELD:VALUE`, or a bare name, phone number or e-mail).
#[utoipa::path(get, path = "/api/v1/users/search.json", tag = "contacts", operation_id = "search_users",
    params(CustomerSearchParams, parameters::Paging),
    responses((status = 200, description = "One page of matches; `count` is a string and missing page links are `\"\"`", body = UserSearchPage), responses::InvalidQuery, responses::AgentErrors))]
async fn search(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    base: BaseUrl,
    query: QueryParams,
) -> Result<Json<UserSearchPage>, ApiError> {
    search_in(state, caller, base, query, Twin::Old).await
}

/// Searches contacts, `_v2`.
#[utoipa::path(get, path = "/api/v1/users_v2/search.json", tag = "contacts", operation_id = "search_users_v2",
    params(CustomerSearchParams, parameters::Paging),
    responses((status = 200, description = "One page of matches; `count` is a string and missing page links are `\"\"`", body = UserSearchPage), responses::InvalidQuery, responses::AgentErrors))]
async fn search_v2(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    base: BaseUrl,
    query: QueryParams,
) -> Result<Json<UserSearchPage>, ApiError> {
    search_in(state, caller, base, query, Twin::V2).await
}

async fn create_in(
    state: AppState,
    caller: Caller,
    base: BaseUrl,
    body: JsonObject,
    twin: Twin,
) -> Result<Json<UserEnvelope>, ApiError> {
    let input = read_contact(body.into_wrapped("user")?);
    let contact = state.app().contacts().create(&caller, input, twin.dialect()).await?;
    answer_one(&state, &caller, &base, twin, &contact).await
}

/// Creates a contact (新建联系人): a mobile or a landline, and in a 2B account its company.
#[utoipa::path(post, path = "/api/v1/users.json", tag = "contacts", operation_id = "create_user",
    request_body = kefu_api::UserBody,
    responses((status = 200, description = "The new contact", body = UserEnvelope), responses::InvalidBody, responses::Conflict, responses::AgentErrors))]
async fn create(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    base: BaseUrl,
    body: JsonObject,
) -> Result<Json<UserEnvelope>, ApiError> {
    create_in(state, caller, base, body, Twin::Old).await
}

/// Creates a contact, `_v2` (option ids, `uniqueIds`).
#[utoipa::path(post, path = "/api/v1/users_v2.json", tag = "contacts", operation_id = "create_user_v2",
    request_body = kefu_api::UserBody,
    responses((status = 200, description = "The new contact", body = UserEnvelope), responses::InvalidBody, responses::Conflict, responses::AgentErrors))]
async fn create_v2(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    base: BaseUrl,
    body: JsonObject,
) -> Result<Json<UserEnvelope>, ApiError> {
    create_in(state, caller, base, body, Twin::V2).await
}

async fn create_many_in(
    state: AppState,
    caller: Caller,
    base: BaseUrl,
    body: JsonObject,
    twin: Twin,
) -> Result<Json<UserBatch>, ApiError> {
    let inputs = read_batch(body, "users", "contacts", read_contact)?;
    let created = state.app().contacts().create_many(&caller, inputs, twin.dialect(), "users").await?;
    Ok(Json(UserBatch { users: answer_many(&state, &caller, &base, twin, &created).await? }))
}

/// `{"<list>":[{…},…]}` read into the use case's inputs, each item by `read`; an item that
/// is not an object is refused here, the members' problems by the use case
/// (`<list>[index].field`). `what` names the items ("contacts").
pub(crate) fn read_batch<T>(
    body: JsonObject,
    list: &str,
    what: &str,
    read: impl Fn(Map<String, Value>) -> T,
) -> Result<Vec<T>, ApiError> {
    let mut outer = body.0;
    let items = outer.remove(list);
    let shape = format!("the body is {{\"{list}\":[{{…}},…]}}");
    if let Some(extra) = outer.keys().next() {
        return Err(ApiError::field(extra, format!("unknown member; {shape}")));
    }
    let Some(Value::Array(items)) = items else {
        return Err(ApiError::field(list, format!("must be a list of {what}: {shape}")));
    };
    let mut inputs = Vec::with_capacity(items.len());
    let mut problems = Vec::new();
    for (index, item) in items.into_iter().enumerate() {
        match item {
            Value::Object(members) => inputs.push(read(members)),
            other => problems.push(FieldError::new(
                format!("{list}[{index}]"),
                format!("must be a JSON object, got {}", describe(&other)),
            )),
        }
    }
    if problems.is_empty() { Ok(inputs) } else { Err(ApiError::invalid(problems)) }
}

/// Creates up to 500 contacts at once, all or none (an extension, for imports): each as
/// `POST /users.json` would; a problem names `users[index].field`.
#[utoipa::path(post, path = "/api/v1/users/batch.json", tag = "contacts", operation_id = "create_users_batch",
    request_body = kefu_api::UserBatchBody,
    responses((status = 200, description = "The new contacts, in the order sent", body = UserBatch), responses::InvalidBody, responses::Conflict, responses::AgentErrors))]
async fn create_many(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    base: BaseUrl,
    body: JsonObject,
) -> Result<Json<UserBatch>, ApiError> {
    create_many_in(state, caller, base, body, Twin::Old).await
}

/// Creates up to 500 contacts at once, `_v2`.
#[utoipa::path(post, path = "/api/v1/users_v2/batch.json", tag = "contacts", operation_id = "create_users_batch_v2",
    request_body = kefu_api::UserBatchBody,
    responses((status = 200, description = "The new contacts, in the order sent", body = UserBatch), responses::InvalidBody, responses::Conflict, responses::AgentErrors))]
async fn create_many_v2(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    base: BaseUrl,
    body: JsonObject,
) -> Result<Json<UserBatch>, ApiError> {
    create_many_in(state, caller, base, body, Twin::V2).await
}

async fn update_in(
    state: AppState,
    caller: Caller,
    base: BaseUrl,
    path: JsonPathId,
    body: JsonObject,
    twin: Twin,
) -> Result<Json<UserEnvelope>, ApiError> {
    let id = contact_id(&path)?;
    let input = read_contact(body.into_wrapped("user")?);
    let contact = state.app().contacts().update(&caller, id, input, twin.dialect()).await?;
    answer_one(&state, &caller, &base, twin, &contact).await
}

/// Changes a contact; on a deleted one (administrators) `state` restores it.
#[utoipa::path(put, path = "/api/v1/users/{id}.json", tag = "contacts", operation_id = "update_user",
    params(parameters::Id), request_body = kefu_api::UserBody,
    responses((status = 200, description = "The contact as changed", body = UserEnvelope), responses::InvalidBody, responses::NotFound, responses::Conflict, responses::AdminErrors))]
async fn update(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    base: BaseUrl,
    path: JsonPathId,
    body: JsonObject,
) -> Result<Json<UserEnvelope>, ApiError> {
    update_in(state, caller, base, path, body, Twin::Old).await
}

/// Changes a contact, `_v2`.
#[utoipa::path(put, path = "/api/v1/users_v2/{id}.json", tag = "contacts", operation_id = "update_user_v2",
    params(parameters::Id), request_body = kefu_api::UserBody,
    responses((status = 200, description = "The contact as changed", body = UserEnvelope), responses::InvalidBody, responses::NotFound, responses::Conflict, responses::AdminErrors))]
async fn update_v2(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    base: BaseUrl,
    path: JsonPathId,
    body: JsonObject,
) -> Result<Json<UserEnvelope>, ApiError> {
    update_in(state, caller, base, path, body, Twin::V2).await
}

async fn delete_in(
    state: AppState,
    caller: Caller,
    base: BaseUrl,
    path: JsonPathId,
    twin: Twin,
) -> Result<Json<UserEnvelope>, ApiError> {
    let contact = state.app().contacts().delete(&caller, contact_id(&path)?).await?;
    answer_one(&state, &caller, &base, twin, &contact).await
}

/// Deletes a contact softly (administrators); answers it as it was. It is listed with
/// `deStat=1` and can be restored.
#[utoipa::path(delete, path = "/api/v1/users/{id}.json", tag = "contacts", operation_id = "delete_user",
    params(parameters::Id),
    responses((status = 200, description = "The contact, as it was", body = UserEnvelope), responses::InvalidQuery, responses::NotFound, responses::AdminErrors))]
async fn delete(
    State(state): State<AppState>,
    Admin(caller): Admin,
    base: BaseUrl,
    path: JsonPathId,
) -> Result<Json<UserEnvelope>, ApiError> {
    delete_in(state, caller, base, path, Twin::Old).await
}

/// Deletes a contact softly, `_v2`.
#[utoipa::path(delete, path = "/api/v1/users_v2/{id}.json", tag = "contacts", operation_id = "delete_user_v2",
    params(parameters::Id),
    responses((status = 200, description = "The contact, as it was", body = UserEnvelope), responses::InvalidQuery, responses::NotFound, responses::AdminErrors))]
async fn delete_v2(
    State(state): State<AppState>,
    Admin(caller): Admin,
    base: BaseUrl,
    path: JsonPathId,
) -> Result<Json<UserEnvelope>, ApiError> {
    delete_in(state, caller, base, path, Twin::V2).await
}
