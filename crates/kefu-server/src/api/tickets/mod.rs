//! Tickets (工单): list, a company's and a contact's tickets, show (`{id}.json` an array of
//! one, `{id}_v2.json` an object), create, update (the tolerant reader, a reply, the
//! restore switch), soft delete, and the replies and history of a ticket (extensions).

mod input;
mod render;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::header::LOCATION;
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use jiff::tz::TimeZone;
use kefu_api::{
    TicketEnvelope, TicketHistory, TicketList, TicketReplyList, TicketSearch, TicketSearchResults, TicketShow,
};
use kefu_app::Caller;
use kefu_app::customer_fields::EntityFields;
use kefu_app::tickets::TicketListRequest;
use kefu_domain::custom_field::ValueDialect;
use kefu_domain::limits::{DEFAULT_PER_PAGE, MAX_TICKET_SEARCH_PER_PAGE};
use kefu_domain::paging::PageRequest;
use kefu_domain::ticket::search::{parse_search_order, parse_ticket_query};
use kefu_domain::time::{RangeEnd, parse_range_bound};
use kefu_domain::{CompanyId, ContactId, FieldError, TicketId};
use kefu_store::{Page, TicketOrder, TicketRecord};
use utoipa::IntoParams;

use crate::api::list_query::ListQuery;
use crate::api::openapi::{ApiRouter, parameters, responses};
use crate::http::auth::{Admin, Authenticated};
use crate::http::error::ApiError;
use crate::http::extract::{JsonObject, JsonPathId, QueryParams};
use crate::http::links::BaseUrl;
use crate::state::AppState;

const LIST_PATH: &str = "/api/v1/tickets.json";

pub fn routes() -> ApiRouter {
    ApiRouter::new()
        .routes(utoipa_axum::routes!(list, create))
        .routes(utoipa_axum::routes!(search))
        .routes(utoipa_axum::routes!(show, update, delete))
        .routes(utoipa_axum::routes!(replies))
        .routes(utoipa_axum::routes!(history))
        .routes(utoipa_axum::routes!(company_tickets))
        .routes(utoipa_axum::routes!(contact_tickets))
}

/// `{id}` or `{id}_v2` of a ticket's path: the id, and whether the `_v2` shape is asked.
fn ticket_path_id(path: &JsonPathId) -> Result<(TicketId, bool), ApiError> {
    let (raw, v2) = match path.0.strip_suffix("_v2") {
        Some(raw) => (raw, true),
        None => (path.0.as_str(), false),
    };
    Ok((JsonPathId(raw.to_owned()).parse("ticket", TicketId::parse)?, v2))
}

/// A path segment `{id}` (no `.json`) of the nested routes.
fn nested_id<T>(raw: &str, what: &str, parse: impl FnOnce(&str) -> Result<T, String>) -> Result<T, ApiError> {
    JsonPathId(raw.to_owned()).parse(what, parse)
}

/// The filters and orders of `GET /tickets.json` (and a company's or contact's tickets).
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
struct TicketListParams {
    /// `2024-01-01 00:00:00` or `2024-01-01`, the company's time zone, inclusive.
    created_start: Option<String>,
    created_end: Option<String>,
    updated_start: Option<String>,
    updated_end: Option<String>,
    /// `asc` or `desc`; at most one of the three orders (default: ticketId ascending).
    #[param(pattern = "^(asc|desc)$")]
    created_order: Option<String>,
    #[param(pattern = "^(asc|desc)$")]
    updated_order: Option<String>,
    /// Orders by status code, then id.
    #[param(pattern = "^(asc|desc)$")]
    status_order: Option<String>,
    /// `1`: the deleted tickets (administrators), an extension.
    #[param(rename = "isDeleted", pattern = "^[01]$")]
    is_deleted: Option<String>,
}

/// A list's request, its page, and the filters its page links keep.
type ListParts = (TicketListRequest, PageRequest, crate::api::list_query::LinkFilters);

/// Reads the list's query: the request, the page and the filters for the page links.
fn list_request(query: &QueryParams, zone: &TimeZone) -> Result<ListParts, ApiError> {
    let mut reader = ListQuery::new(query);
    let mut request = TicketListRequest::default();
    request.filter.created = reader.created_range(zone)?;
    let updated_start = reader.parse("updated_start", |raw| parse_range_bound(raw, zone, RangeEnd::Start))?;
    let updated_end = reader.parse("updated_end", |raw| parse_range_bound(raw, zone, RangeEnd::End))?;
    request.filter.updated = (updated_start, updated_end);
    let mut orders = Vec::new();
    for (key, order) in [
        ("created_order", TicketOrder::Created),
        ("updated_order", TicketOrder::Updated),
        ("status_order", TicketOrder::Status),
    ] {
        let direction = reader.parse(key, |raw| match raw {
            "asc" => Ok(false),
            "desc" => Ok(true),
            other => Err(format!("must be asc or desc, got {other:?}")),
        })?;
        if let Some(descending) = direction {
            orders.push((key, order, descending));
        }
    }
    match orders.as_slice() {
        [] => {}
        [(_, order, descending)] => {
            request.order = *order;
            request.descending = *descending;
        }
        [_, (second, ..), ..] => reader.problem(FieldError::new(
            *second,
            "give one of created_order, updated_order and status_order, not several",
        )),
    }
    request.filter.deleted = reader
        .parse("isDeleted", |raw| match raw {
            "0" => Ok(false),
            "1" => Ok(true),
            other => Err(format!("must be 0 or 1, got {other:?}")),
        })?
        .unwrap_or(false);
    let page = reader.page(DEFAULT_PER_PAGE)?;
    let links = reader.finish()?;
    Ok((request, page, links))
}

fn list_answer(
    Page { rows, total }: Page<TicketRecord>,
    values: &render::Values,
    base: &BaseUrl,
    caller: &Caller,
    path: &str,
    links: &[(&'static str, String)],
    page: PageRequest,
) -> TicketList {
    let (next_page, previous_page) = base.page_links(path, links, page, total);
    TicketList {
        tickets: rows.iter().map(|t| render::ticket(t, base, &caller.zone, values)).collect(),
        count: total,
        next_page,
        previous_page,
    }
}

/// The company's tickets (administrators, as the spec), by ticketId unless an order is
/// given; `isDeleted=1` lists the deleted ones.
#[utoipa::path(
    get,
    path = LIST_PATH,
    tag = "tickets",
    operation_id = "list_tickets",
    params(TicketListParams, parameters::Paging),
    responses(
        (status = 200, description = "One page of tickets", body = TicketList),
        responses::InvalidQuery,
        responses::AdminErrors,
    )
)]
async fn list(
    State(state): State<AppState>,
    Admin(caller): Admin,
    base: BaseUrl,
    query: QueryParams,
) -> Result<Json<TicketList>, ApiError> {
    let (request, page, links) = list_request(&query, &caller.zone)?;
    let rows = state.app().tickets().page(&caller, request, page).await?;
    let values = values(&state, &caller, false, &rows.rows).await?;
    Ok(Json(list_answer(rows, &values, &base, &caller, LIST_PATH, &links, page)))
}

/// A company's tickets (administrators).
#[utoipa::path(
    get,
    path = "/api/v1/companies/{id}/tickets.json",
    tag = "tickets",
    operation_id = "list_company_tickets",
    params(parameters::Id, TicketListParams, parameters::Paging),
    responses(
        (status = 200, description = "One page of the company's tickets", body = TicketList),
        responses::InvalidQuery,
        responses::NotFound,
        responses::AdminErrors,
    )
)]
async fn company_tickets(
    State(state): State<AppState>,
    Admin(caller): Admin,
    base: BaseUrl,
    Path(raw): Path<String>,
    query: QueryParams,
) -> Result<Json<TicketList>, ApiError> {
    let company = nested_id(&raw, "company", CompanyId::parse)?;
    party_tickets(&state, &caller, &base, &query, Party::Company(company)).await
}

/// A contact's tickets (administrators).
#[utoipa::path(
    get,
    path = "/api/v1/users/{id}/tickets.json",
    tag = "tickets",
    operation_id = "list_contact_tickets",
    params(parameters::Id, TicketListParams, parameters::Paging),
    responses(
        (status = 200, description = "One page of the contact's tickets", body = TicketList),
        responses::InvalidQuery,
        responses::NotFound,
        responses::AdminErrors,
    )
)]
async fn contact_tickets(
    State(state): State<AppState>,
    Admin(caller): Admin,
    base: BaseUrl,
    Path(raw): Path<String>,
    query: QueryParams,
) -> Result<Json<TicketList>, ApiError> {
    let contact = nested_id(&raw, "contact", ContactId::parse)?;
    party_tickets(&state, &caller, &base, &query, Party::Contact(contact)).await
}

/// Whose tickets a nested list shows.
enum Party {
    Company(CompanyId),
    Contact(ContactId),
}

/// A company's or a contact's tickets: the list's filters, orders and page links under the
/// party's own path.
async fn party_tickets(
    state: &AppState,
    caller: &Caller,
    base: &BaseUrl,
    query: &QueryParams,
    party: Party,
) -> Result<Json<TicketList>, ApiError> {
    let (request, page, links) = list_request(query, &caller.zone)?;
    let tickets = state.app().tickets();
    let (rows, path) = match party {
        Party::Company(id) => {
            (tickets.of_company(caller, id, request, page).await?, format!("/api/v1/companies/{id}/tickets.json"))
        }
        Party::Contact(id) => {
            (tickets.of_contact(caller, id, request, page).await?, format!("/api/v1/users/{id}/tickets.json"))
        }
    };
    let values = values(state, caller, false, &rows.rows).await?;
    Ok(Json(list_answer(rows, &values, base, caller, &path, &links, page)))
}

/// The answer in the path's shape: an array of one on `{id}.json`, an object on `_v2`.
/// The definitions `tickets`' values are rendered with; none are read when no ticket has a
/// value (rendering then needs none: a create without fields, most lists).
async fn values(
    state: &AppState,
    caller: &Caller,
    v2: bool,
    tickets: &[TicketRecord],
) -> Result<render::Values, ApiError> {
    let dialect = if v2 { ValueDialect::OptionIds } else { ValueDialect::OptionText };
    let fields = if tickets.iter().all(|t| t.custom_fields.is_empty()) {
        EntityFields::none()
    } else {
        state.app().tickets().value_fields(caller).await?
    };
    Ok(render::Values { fields, dialect })
}

fn shaped(ticket: &TicketRecord, v2: bool, base: &BaseUrl, zone: &TimeZone, values: &render::Values) -> Response {
    let ticket = render::ticket(ticket, base, zone, values);
    if v2 { Json(TicketEnvelope { ticket }).into_response() } else { Json(TicketShow::new(ticket)).into_response() }
}

/// One ticket the caller may see. `{id}.json` answers `{"ticket":[{…}]}` (an array of one,
/// as the hosted service); `{id}_v2.json` answers `{"ticket":{…}}`.
#[utoipa::path(
    get,
    path = "/api/v1/tickets/{id}.json",
    tag = "tickets",
    operation_id = "show_ticket",
    params(("id" = String, Path, description = "The ticketId, or `{ticketId}_v2` for the object shape", pattern = r"^[1-9][0-9]*(_v2)?$")),
    responses(
        (status = 200, description = "`{\"ticket\":[{…}]}`; on `_v2` `{\"ticket\":{…}}` (TicketEnvelope)", body = TicketShow),
        responses::NotFound,
        responses::AgentErrors,
    )
)]
async fn show(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    base: BaseUrl,
    path: JsonPathId,
) -> Result<Response, ApiError> {
    let (id, v2) = ticket_path_id(&path)?;
    let view = state.app().tickets().show(&caller, id).await?;
    let values = values(&state, &caller, v2, std::slice::from_ref(&view.ticket)).await?;
    Ok(shaped(&view.ticket, v2, &base, &caller.zone, &values))
}

/// Creates a ticket for a contact (`subject` and `custUserId` required); `ticketReply` adds
/// a first reply. Answers `{"ticket":{…}}` with its `Location`.
#[utoipa::path(
    post,
    path = LIST_PATH,
    tag = "tickets",
    operation_id = "create_ticket",
    request_body = kefu_api::TicketBody,
    responses(
        (status = 200, description = "The new ticket", body = TicketEnvelope),
        responses::InvalidBody,
        responses::AgentErrors,
    )
)]
async fn create(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    base: BaseUrl,
    body: JsonObject,
) -> Result<(HeaderMap, Json<TicketEnvelope>), ApiError> {
    let input = input::ticket_input(body.into_wrapped("ticket")?);
    let ticket = state.app().tickets().create(&caller, input).await?;
    let mut headers = HeaderMap::new();
    if let Ok(location) = HeaderValue::from_str(&base.join(&render::ticket_path(ticket.id))) {
        headers.insert(LOCATION, location);
    }
    let values = values(&state, &caller, false, std::slice::from_ref(&ticket)).await?;
    Ok((headers, Json(TicketEnvelope { ticket: render::ticket(&ticket, &base, &caller.zone, &values) })))
}

/// Changes a ticket the caller may see; answers it in the path's shape. Accepts the whole
/// object read back; `ticketReply` adds a reply or note; `isDeleted` `"0"` restores
/// (administrators), `"1"` deletes.
#[utoipa::path(
    put,
    path = "/api/v1/tickets/{id}.json",
    tag = "tickets",
    operation_id = "update_ticket",
    params(("id" = String, Path, description = "The ticketId, or `{ticketId}_v2` for the object shape", pattern = r"^[1-9][0-9]*(_v2)?$")),
    request_body = kefu_api::TicketBody,
    responses(
        (status = 200, description = "The ticket as changed, in the path's shape", body = TicketShow),
        responses::InvalidBody,
        (status = 403, description = "A restore by an agent who is not an administrator", body = kefu_api::ErrorBody),
        responses::NotFound,
        (status = 409, description = "The ticket changed meanwhile: read it again", body = kefu_api::ErrorBody),
        responses::AgentErrors,
    )
)]
async fn update(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    base: BaseUrl,
    path: JsonPathId,
    body: JsonObject,
) -> Result<Response, ApiError> {
    let (id, v2) = ticket_path_id(&path)?;
    let mut input = input::ticket_input(body.into_wrapped("ticket")?);
    if v2 {
        input.dialect = ValueDialect::OptionIds;
    }
    let ticket = state.app().tickets().update(&caller, id, input).await?;
    let values = values(&state, &caller, v2, std::slice::from_ref(&ticket)).await?;
    Ok(shaped(&ticket, v2, &base, &caller.zone, &values))
}

/// Soft-deletes a ticket the caller may see; answers it, in the path's shape.
#[utoipa::path(
    delete,
    path = "/api/v1/tickets/{id}.json",
    tag = "tickets",
    operation_id = "delete_ticket",
    params(("id" = String, Path, description = "The ticketId, or `{ticketId}_v2` for the object shape", pattern = r"^[1-9][0-9]*(_v2)?$")),
    responses(
        (status = 200, description = "The ticket as deleted, in the path's shape", body = TicketShow),
        responses::NotFound,
        responses::AgentErrors,
    )
)]
async fn delete(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    base: BaseUrl,
    path: JsonPathId,
) -> Result<Response, ApiError> {
    let (id, v2) = ticket_path_id(&path)?;
    let ticket = state.app().tickets().delete(&caller, id).await?;
    let values = values(&state, &caller, v2, std::slice::from_ref(&ticket)).await?;
    Ok(shaped(&ticket, v2, &base, &caller.zone, &values))
}

/// The replies and internal notes of a ticket the caller may see, oldest first (an
/// extension; the description is the ticket's `descript`).
#[utoipa::path(
    get,
    path = "/api/v1/tickets/{id}/replies.json",
    tag = "tickets",
    operation_id = "list_ticket_replies",
    params(parameters::Id, parameters::Paging),
    responses(
        (status = 200, description = "One page of replies", body = TicketReplyList),
        responses::InvalidQuery,
        responses::NotFound,
        responses::AgentErrors,
    )
)]
async fn replies(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    base: BaseUrl,
    Path(raw): Path<String>,
    query: QueryParams,
) -> Result<Json<TicketReplyList>, ApiError> {
    let id = nested_id(&raw, "ticket", TicketId::parse)?;
    let page = query.page(DEFAULT_PER_PAGE)?;
    let Page { rows, total } = state.app().tickets().replies(&caller, id, page).await?;
    let (next_page, previous_page) = base.page_links(&format!("/api/v1/tickets/{id}/replies.json"), &[], page, total);
    Ok(Json(TicketReplyList {
        ticket_replies: rows.iter().map(|r| render::reply(r, &caller.zone)).collect(),
        count: total,
        next_page,
        previous_page,
    }))
}

/// The history of a ticket the caller may see, oldest first (an extension).
#[utoipa::path(
    get,
    path = "/api/v1/tickets/{id}/history.json",
    tag = "tickets",
    operation_id = "ticket_history",
    params(parameters::Id, parameters::Paging),
    responses(
        (status = 200, description = "One page of the ticket's history", body = TicketHistory),
        responses::InvalidQuery,
        responses::NotFound,
        responses::AgentErrors,
    )
)]
async fn history(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    base: BaseUrl,
    Path(raw): Path<String>,
    query: QueryParams,
) -> Result<Json<TicketHistory>, ApiError> {
    let id = nested_id(&raw, "ticket", TicketId::parse)?;
    let page = query.page(DEFAULT_PER_PAGE)?;
    let Page { rows, total } = state.app().tickets().history(&caller, id, page).await?;
    let (next_page, previous_page) = base.page_links(&format!("/api/v1/tickets/{id}/history.json"), &[], page, total);
    Ok(Json(TicketHistory {
        ticket_history: rows.iter().map(|e| render::history_entry(e, &caller.zone)).collect(),
        count: total,
        next_page,
        previous_page,
    }))
}

/// The parameters of `tickets/search.json`.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
struct TicketSearchParams {
    /// Space-separated terms, all of which must match: `field:value` (`ticketStatus:1,2`,
    /// `createDT:2025-01` by prefix, `subject:打印机`, `tagList:VIP`…) or free text found in
    /// the subject, the description or a reply. At most 500 characters.
    #[param(example = "createDT:2025-01 ticketTemplateId:4")]
    query: String,
    /// `createDT`, `updateDT` or `ticketId`.
    #[param(pattern = "^(createDT|updateDT|ticketId)$")]
    sort_by: Option<String>,
    #[param(pattern = "^(asc|desc)$")]
    sort_order: Option<String>,
    #[param(minimum = 1, maximum = 1_000_000_000)]
    page: Option<u64>,
    /// At most 5,000 (default 100).
    #[param(minimum = 1, maximum = 5000)]
    per_page: Option<u64>,
}

/// Searches the tickets the caller may see: `{"tickets":{"count":N,"results":[…]}}`
/// (`tickets` an object here, unlike the list).
#[utoipa::path(
    get,
    path = "/api/v1/tickets/search.json",
    tag = "tickets",
    operation_id = "search_tickets",
    params(TicketSearchParams),
    responses(
        (status = 200, description = "One page of matches and the count of all", body = TicketSearch),
        responses::InvalidQuery,
        (status = 403, description = "`isDeleted:1` by an agent who is not an administrator", body = kefu_api::ErrorBody),
        responses::AgentErrors,
    )
)]
async fn search(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    base: BaseUrl,
    query: QueryParams,
) -> Result<Json<TicketSearch>, ApiError> {
    let mut problems = Vec::new();
    let terms = match query.one("query")? {
        None => {
            problems.push(FieldError::new("query", "is required: terms such as createDT:2025-01 or free text"));
            None
        }
        Some(raw) => match parse_ticket_query(raw) {
            Ok(terms) => Some(terms),
            Err(message) => {
                problems.push(FieldError::new("query", message));
                None
            }
        },
    };
    let order = match parse_search_order(query.one("sort_by")?, query.one("sort_order")?) {
        Ok(order) => Some(order),
        Err((field, message)) => {
            problems.push(FieldError::new(field, message));
            None
        }
    };
    let page = match PageRequest::parse_up_to(
        query.one("page")?,
        query.one("per_page")?,
        DEFAULT_PER_PAGE,
        MAX_TICKET_SEARCH_PER_PAGE,
    ) {
        Ok(page) => Some(page),
        Err((field, message)) => {
            problems.push(FieldError::new(field, message));
            None
        }
    };
    let (Some(terms), Some(order), Some(page)) = (terms, order, page) else {
        return Err(ApiError::invalid(problems));
    };
    let Page { rows, total } = state.app().tickets().search(&caller, terms, order, page).await?;
    let values = values(&state, &caller, false, &rows).await?;
    Ok(Json(TicketSearch {
        tickets: TicketSearchResults {
            count: total,
            results: rows.iter().map(|t| render::ticket(t, &base, &caller.zone, &values)).collect(),
        },
    }))
}
