//! The forms of a ticket's page and what they do: subject and description, reply, internal
//! note, assign (agent and
//! group; empty clears), the properties (status, priority, type, tags, cc lists), and the
//! template with its custom fields. Each form is read with the domain's parsers into the
//! ticket use case's `TicketInput` and handed to `tickets().update` — the API's PUT — so
//! the checks, the status machine and the history are the API's; a refusal shows the page
//! again with each problem beside its field.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::post;
use kefu_app::tickets::TicketInput;
use kefu_domain::ids::parse_optional_id;
use kefu_domain::tags::Tags;
use kefu_domain::ticket::reply::parse_reply;
use kefu_domain::ticket::{Description, Priority, Subject, TicketStatus, TicketType};
use kefu_domain::{AgentId, FieldError, GroupId, TemplateId, TicketId};
use maud::{Markup, html};

use super::custom;
use super::show::{TicketPage, render};
use crate::console::csrf::{ConsoleForm, Fields};
use crate::console::customers::{custom_values, member};
use crate::console::layout::{self, FormErrors, Input, status_of};
use crate::console::pickers;
use crate::console::session::ConsoleUser;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/console/tickets/{id}/content", post(content))
        .route("/console/tickets/{id}/reply", post(reply))
        .route("/console/tickets/{id}/note", post(note))
        .route("/console/tickets/{id}/assign", post(assign))
        .route("/console/tickets/{id}/properties", post(properties))
        .route("/console/tickets/{id}/fields", post(custom_fields))
}

/// A reply or a note from the form field `field`; an empty one is refused here (the API's
/// empty `replyMsg` adds nothing, but a form sent empty was a mistake to point out).
fn message(fields: &Fields, field: &str, reply_type: &str) -> TicketInput {
    let mut input = TicketInput::default();
    match parse_reply(fields.one(field), Some(reply_type)) {
        Ok(Some(reply)) => input.reply = Some(reply),
        Ok(None) => input.problems.push(FieldError::new(field, "must not be empty")),
        Err((_, problem)) => input.problems.push(FieldError::new(field, problem)),
    }
    input
}

async fn reply(state: State<AppState>, Path(raw): Path<String>, form: ConsoleForm) -> Response {
    let input = message(&form.fields, "replyMsg", "1");
    apply(state, raw, form, input, "replied").await
}

async fn note(state: State<AppState>, Path(raw): Path<String>, form: ConsoleForm) -> Response {
    let input = message(&form.fields, "noteMsg", "2");
    apply(state, raw, form, input, "noted").await
}

async fn content(state: State<AppState>, Path(raw): Path<String>, form: ConsoleForm) -> Response {
    let fields = &form.fields;
    let mut problems = Vec::new();
    let input = TicketInput {
        subject: member(fields, "subject", &mut problems, Subject::parse),
        description: member(fields, "descript", &mut problems, Description::parse),
        problems,
        ..TicketInput::default()
    };
    apply(state, raw, form, input, "saved").await
}

async fn assign(state: State<AppState>, Path(raw): Path<String>, form: ConsoleForm) -> Response {
    let fields = &form.fields;
    let mut problems = Vec::new();
    let input = TicketInput {
        assignee: member(fields, "servicerUserId", &mut problems, |raw| parse_optional_id(raw.trim(), AgentId::parse)),
        group: member(fields, "servicerGroupId", &mut problems, |raw| parse_optional_id(raw, GroupId::parse)),
        problems,
        ..TicketInput::default()
    };
    apply(state, raw, form, input, "saved").await
}

async fn properties(state: State<AppState>, Path(raw): Path<String>, form: ConsoleForm) -> Response {
    let fields = &form.fields;
    let mut problems = Vec::new();
    let (cc_agents, cc_groups) = super::cc::read(fields, &mut problems);
    let input = TicketInput {
        cc_agents,
        cc_groups,
        status: member(fields, "ticketStatus", &mut problems, TicketStatus::parse),
        priority: member(fields, "priorityLevel", &mut problems, Priority::parse),
        ticket_type: member(fields, "ticketType", &mut problems, TicketType::parse),
        tags: member(fields, "tagList", &mut problems, Tags::parse),
        problems,
        ..TicketInput::default()
    };
    apply(state, raw, form, input, "saved").await
}

async fn custom_fields(State(state): State<AppState>, Path(raw): Path<String>, form: ConsoleForm) -> Response {
    let definitions = match state.app().tickets().value_fields(&form.user.caller()).await {
        Ok(definitions) => definitions,
        Err(error) => return layout::error_page(Some(&form.user), error),
    };
    let mut problems = Vec::new();
    let input = TicketInput {
        template: member(&form.fields, "ticketTemplateId", &mut problems, |raw| {
            parse_optional_id(raw, TemplateId::parse)
        }),
        custom_fields: custom_values(&form.fields, &definitions),
        problems,
        ..TicketInput::default()
    };
    apply(State(state), raw, form, input, "saved").await
}

/// Updates the ticket; on success back to its page (post/redirect/get), on a refusal the
/// page again with the problems.
async fn apply(
    State(state): State<AppState>,
    raw: String,
    form: ConsoleForm,
    input: TicketInput,
    notice: &str,
) -> Response {
    let user = &form.user;
    let Some(id) = super::ticket_id(&raw) else { return super::unknown(user, &raw) };
    match state.app().tickets().update(&user.caller(), id, input).await {
        Ok(_) => {
            form.audit(&state).await;
            layout::redirect(&format!("/console/tickets/{id}?notice={notice}"))
        }
        Err(error) if error.code.status() == 400 => match TicketPage::load(&state, user, id).await {
            Ok(page) => {
                let errors = super::form_errors(&error, &page.titles());
                render(user, &page, Some(&form.fields), &errors, status_of(&error), None)
            }
            Err(error) => super::failed(user, &raw, error),
        },
        Err(error) => super::failed(user, &raw, error),
    }
}

/// The value a field shows: the refused form's, else `stored`.
fn value(submitted: Option<&Fields>, name: &str, stored: String) -> String {
    submitted.and_then(|f| f.get(name)).map_or(stored, str::to_owned)
}

/// The reply and note forms (below the conversation).
pub fn reply_forms(user: &ConsoleUser, id: TicketId, submitted: Option<&Fields>, errors: &FormErrors) -> Markup {
    html! {
        section aria-labelledby="reply-h" {
            h2 #reply-h { "回复" }
            form.stacked method="post" action={ "/console/tickets/" (id) "/reply" } novalidate {
                (layout::csrf_input(user))
                (custom::textarea("replyMsg", "回复内容", &value(submitted, "replyMsg", String::new()), true, errors))
                div.actions { button.primary type="submit" { "发送回复" } }
            }
            form.stacked.note-form method="post" action={ "/console/tickets/" (id) "/note" } novalidate {
                (layout::csrf_input(user))
                (custom::textarea("noteMsg", "内部备注（只有客服能看到）", &value(submitted, "noteMsg", String::new()), true, errors))
                div.actions { button type="submit" { "添加内部备注" } }
            }
        }
    }
}

/// A select of codes (`value` the current one's code).
fn code_select<'a>(
    name: &str,
    label: &str,
    value: &str,
    choices: impl Iterator<Item = (i64, &'a str)>,
    errors: &FormErrors,
) -> Markup {
    custom::select(name, label, false, value, &custom::codes(choices), None, errors)
}

/// The forms beside the conversation: assign, properties, template and custom fields.
pub fn side_forms(user: &ConsoleUser, page: &TicketPage, submitted: Option<&Fields>, errors: &FormErrors) -> Markup {
    let t = page.ticket();
    let f = &t.fields;
    let base = format!("/console/tickets/{}", t.id);
    let assignee = value(submitted, "servicerUserId", f.servicer_id.map(|a| a.to_string()).unwrap_or_default());
    let chosen = f.servicer_id.filter(|a| a.to_string() == assignee).map(|a| page.agent_name(a));
    let group = value(submitted, "servicerGroupId", f.servicer_group_id.map(|g| g.to_string()).unwrap_or_default());
    let template = value(submitted, "ticketTemplateId", f.template_id.map(|t| t.to_string()).unwrap_or_default());
    let groups: Vec<(String, String)> = page.groups().iter().map(|g| (g.id.to_string(), g.name.clone())).collect();
    let templates: Vec<(String, String)> =
        page.templates().iter().map(|t| (t.id.to_string(), t.name.clone())).collect();
    html! {
        section aria-labelledby="content-h" {
            h2 #content-h { "标题与描述" }
            form.stacked method="post" action={ (base) "/content" } novalidate {
                (layout::csrf_input(user))
                (Input::text("subject", "标题", &value(submitted, "subject", f.subject.clone())).required().render(errors))
                (custom::textarea("descript", "描述", &value(submitted, "descript", f.description.clone()), false, errors))
                div.actions { button.primary type="submit" { "保存标题与描述" } }
            }
        }
        section aria-labelledby="assign-h" {
            h2 #assign-h { "分配" }
            form.stacked method="post" action={ (base) "/assign" } novalidate {
                (layout::csrf_input(user))
                (pickers::agent_field_for(user, "servicerUserId", "受理客服", &assignee, chosen.as_deref(), "留空表示不指定。", errors))
                (custom::select("servicerGroupId", "受理分组", false, &group, &groups, Some("（不指定）"), errors))
                div.actions { button.primary type="submit" { "保存分配" } }
            }
        }
        section aria-labelledby="props-h" {
            h2 #props-h { "属性" }
            form.stacked method="post" action={ (base) "/properties" } novalidate {
                (layout::csrf_input(user))
                (code_select("ticketStatus", "状态", &value(submitted, "ticketStatus", f.status.to_string()), TicketStatus::ALL.iter().map(|s| (s.code(), s.label())), errors))
                (code_select("priorityLevel", "优先级", &value(submitted, "priorityLevel", f.priority.to_string()), Priority::ALL.iter().map(|p| (p.code(), p.label())), errors))
                (code_select("ticketType", "类型", &value(submitted, "ticketType", f.ticket_type.to_string()), TicketType::ALL.iter().map(|t| (t.code(), t.label())), errors))
                (Input::text("tagList", "标签", &value(submitted, "tagList", f.tags.join(","))).hint("多个标签用英文逗号分隔").render(errors))
                (super::cc::fields(user, page, submitted, errors))
                div.actions { button.primary type="submit" { "保存属性" } }
            }
        }
        section aria-labelledby="fields-h" {
            h2 #fields-h { "模板与自定义字段" }
            form.stacked method="post" action={ (base) "/fields" } novalidate {
                (layout::csrf_input(user))
                (custom::select("ticketTemplateId", "模板", false, &template, &templates, Some("（不使用模板）"), errors))
                p.hint { "换模板后保存，再填写新模板的字段。" }
                (custom::inputs(&page.template_fields(), &t.custom_fields, submitted, errors))
                div.actions { button.primary type="submit" { "保存字段" } }
            }
        }
    }
}
