//! Ticket templates (工单模板): `GET /tickettemplates.json` (administrators, spec),
//! `GET /tickettemplates/{id}.json` (every agent; an unknown id answers 200
//! `{"tickettemplate":[]}`, as the spec shows), and the extension's create, change and
//! delete (administrators).

use axum::Json;
use axum::extract::State;
use jiff::tz::TimeZone;
use kefu_api::{
    RequestShape, TicketTemplate, TicketTemplateEnvelope, TicketTemplateInput as TemplateShape, TicketTemplateList,
    TicketTemplateShow,
};
use kefu_app::ticket_templates::TemplateInput;
use kefu_domain::TemplateId;
use kefu_domain::custom_field::field_key;
use kefu_domain::ids::join_ids;
use kefu_domain::limits::DEFAULT_PER_PAGE;
use kefu_domain::ticket::template::Audience;
use kefu_domain::time::format_datetime;
use kefu_store::{Page, TemplateRecord};
use serde_json::{Map, Value};

use crate::api::input::ObjectReader;
use crate::api::openapi::{ApiRouter, parameters, responses};
use crate::http::auth::{Admin, Authenticated};
use crate::http::error::ApiError;
use crate::http::extract::{JsonObject, JsonPathId, QueryParams};
use crate::http::links::BaseUrl;
use crate::state::AppState;

const LIST_PATH: &str = "/api/v1/tickettemplates.json";

pub fn routes() -> ApiRouter {
    ApiRouter::new().routes(utoipa_axum::routes!(list, create)).routes(utoipa_axum::routes!(show, update, delete))
}

fn render(template: &TemplateRecord, base: &BaseUrl, zone: &TimeZone) -> TicketTemplate {
    let (groups, agents) = match &template.audience {
        Audience::Groups(groups) => (join_ids(groups), String::new()),
        Audience::Agents(agents) => (String::new(), join_ids(agents)),
        _ => (String::new(), String::new()),
    };
    TicketTemplate {
        t_id: template.id.to_string(),
        url: base.join(&format!("/api/v1/tickettemplates/{}.json", template.id)),
        ticket_template_name: template.name.clone(),
        ticket_template_description: template.description.clone(),
        visible_range: template.audience.range().to_string(),
        servicer_group_id: groups,
        servicer_id: agents,
        is_released: if template.released { "1" } else { "0" }.to_owned(),
        creator_id: template.creator.to_string(),
        create_dt: format_datetime(template.created_at, zone),
        field_keys: template.fields.iter().map(|n| field_key(*n)).collect::<Vec<_>>().join(","),
    }
}

fn template_input(mut members: Map<String, Value>) -> TemplateInput {
    members.retain(|_, value| !value.is_null());
    let mut reader = ObjectReader::new(members);
    for ignored in ["tId", "url", "creatorId", "createDT"] {
        reader.take(ignored);
    }
    let mut input = TemplateInput::read(&mut reader);
    input.problems = reader.into_problems(TemplateShape::members());
    input
}

fn template_id(path: &JsonPathId) -> Result<TemplateId, ApiError> {
    path.parse("ticket template", TemplateId::parse)
}

/// The company's ticket templates, by tId.
#[utoipa::path(
    get,
    path = LIST_PATH,
    tag = "tickets",
    operation_id = "list_tickettemplates",
    params(parameters::Paging),
    responses(
        (status = 200, description = "One page of templates", body = TicketTemplateList),
        responses::InvalidQuery,
        responses::AdminErrors,
    )
)]
async fn list(
    State(state): State<AppState>,
    Admin(caller): Admin,
    base: BaseUrl,
    query: QueryParams,
) -> Result<Json<TicketTemplateList>, ApiError> {
    let page = query.page(DEFAULT_PER_PAGE)?;
    let Page { rows, total } = state.app().ticket_templates().page(&caller, page).await?;
    let (next_page, previous_page) = base.page_links(LIST_PATH, &[], page, total);
    Ok(Json(TicketTemplateList {
        tickettemplates: rows.iter().map(|t| render(t, &base, &caller.zone)).collect(),
        count: total,
        next_page,
        previous_page,
    }))
}

/// One template; an unknown id answers 200 `{"tickettemplate":[]}` (the spec's answer).
#[utoipa::path(
    get,
    path = "/api/v1/tickettemplates/{id}.json",
    tag = "tickets",
    operation_id = "show_tickettemplate",
    params(parameters::Id),
    responses(
        (status = 200, description = "`{\"tickettemplate\":{…}}`, or `{\"tickettemplate\":[]}` for an unknown id", body = TicketTemplateShow),
        responses::NotFound,
        responses::AgentErrors,
    )
)]
async fn show(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    base: BaseUrl,
    path: JsonPathId,
) -> Result<Json<TicketTemplateShow>, ApiError> {
    let id = template_id(&path)?;
    Ok(Json(match state.app().ticket_templates().show(&caller, id).await? {
        Some(template) => TicketTemplateShow::found(render(&template, &base, &caller.zone)),
        None => TicketTemplateShow::not_found(),
    }))
}

/// Creates a template (administrators).
#[utoipa::path(
    post,
    path = LIST_PATH,
    tag = "tickets",
    operation_id = "create_tickettemplate",
    request_body = kefu_api::TicketTemplateBody,
    responses(
        (status = 200, description = "The new template", body = TicketTemplateEnvelope),
        responses::InvalidBody,
        responses::Conflict,
        responses::AdminErrors,
    )
)]
async fn create(
    State(state): State<AppState>,
    Admin(caller): Admin,
    base: BaseUrl,
    body: JsonObject,
) -> Result<Json<TicketTemplateEnvelope>, ApiError> {
    let input = template_input(body.into_wrapped("tickettemplate")?);
    let template = state.app().ticket_templates().create(&caller, input).await?;
    Ok(Json(TicketTemplateEnvelope { tickettemplate: render(&template, &base, &caller.zone) }))
}

/// Changes a template (administrators).
#[utoipa::path(
    put,
    path = "/api/v1/tickettemplates/{id}.json",
    tag = "tickets",
    operation_id = "update_tickettemplate",
    params(parameters::Id),
    request_body = kefu_api::TicketTemplateBody,
    responses(
        (status = 200, description = "The template as changed", body = TicketTemplateEnvelope),
        responses::InvalidBody,
        responses::NotFound,
        responses::Conflict,
        responses::AdminErrors,
    )
)]
async fn update(
    State(state): State<AppState>,
    Admin(caller): Admin,
    base: BaseUrl,
    path: JsonPathId,
    body: JsonObject,
) -> Result<Json<TicketTemplateEnvelope>, ApiError> {
    let id = template_id(&path)?;
    let input = template_input(body.into_wrapped("tickettemplate")?);
    let template = state.app().ticket_templates().update(&caller, id, input).await?;
    Ok(Json(TicketTemplateEnvelope { tickettemplate: render(&template, &base, &caller.zone) }))
}

/// Deletes a template no ticket uses (409 otherwise: set isReleased 0 instead).
#[utoipa::path(
    delete,
    path = "/api/v1/tickettemplates/{id}.json",
    tag = "tickets",
    operation_id = "delete_tickettemplate",
    params(parameters::Id),
    responses(
        (status = 200, description = "The template, as it was", body = TicketTemplateEnvelope),
        responses::NotFound,
        responses::Conflict,
        responses::AdminErrors,
    )
)]
async fn delete(
    State(state): State<AppState>,
    Admin(caller): Admin,
    base: BaseUrl,
    path: JsonPathId,
) -> Result<Json<TicketTemplateEnvelope>, ApiError> {
    let template = state.app().ticket_templates().delete(&caller, template_id(&path)?).await?;
    Ok(Json(TicketTemplateEnvelope { tickettemplate: render(&template, &base, &caller.zone) }))
}
