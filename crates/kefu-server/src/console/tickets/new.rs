//! The new ticket form: subject, description, priority, type, the template (chosen first:
//! its fields follow), the assignee (the creator by default) and the contact — an existing
//! one (type-ahead by [`super::pick`]) or a new one created in the same submit through
//! `tickets().create_with_contact`, which checks the ticket before making the contact.

use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use kefu_app::AppError;
use kefu_app::contacts::ContactInput;
use kefu_app::tickets::{NEW_CONTACT_PREFIX, TicketInput};
use kefu_domain::agent::FixNumber;
use kefu_domain::custom_field::CustomField;
use kefu_domain::customer::contact::{ContactEmail, ContactMobile, ContactName, ContactPatch};
use kefu_domain::ids::parse_optional_id;
use kefu_domain::ticket::{Description, Priority, Subject, TicketType};
use kefu_domain::{AgentId, CompanyId, ContactId, FieldError, TemplateId};
use kefu_store::TemplateRecord;
use maud::html;
use serde::Deserialize;

use super::custom;
use crate::console::csrf::{ConsoleForm, Fields};
use crate::console::customers::{custom_values, member};
use crate::console::layout::{self, FormErrors, Input, Nav, Page, status_of};
use crate::console::session::ConsoleUser;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/console/tickets", post(create)).route("/console/tickets/new", get(new))
}

#[derive(Debug, Default, Deserialize)]
struct NewQuery {
    template: Option<String>,
}

/// The new contact's members: (form field, label, input type, hint).
const CONTACT_MEMBERS: [(&str, &str, &str, &str); 5] = [
    ("contact.name", "姓名", "text", "新建联系人时必填"),
    ("contact.mobile", "手机", "tel", "11 位手机号，如 13039209552"),
    ("contact.fixnumber", "固定电话", "tel", "如 010-63701717-8280"),
    ("contact.email", "邮箱", "email", "如 name@example.com"),
    ("contact.companyId", "所属公司 uId", "text", "2B 账号的联系人必须属于一家公司"),
];

async fn new(State(state): State<AppState>, user: ConsoleUser, Query(query): Query<NewQuery>) -> Response {
    let mut fields = vec![("servicerUserId".to_owned(), user.agent.to_string())];
    if let Some(template) = query.template.filter(|t| !t.is_empty()) {
        fields.push(("ticketTemplateId".to_owned(), template));
    }
    let submitted = Fields::from_pairs(fields);
    form_page(&state, &user, &submitted, FormErrors::default(), StatusCode::OK).await
}

async fn form_page(
    state: &AppState,
    user: &ConsoleUser,
    submitted: &Fields,
    errors: FormErrors,
    status: StatusCode,
) -> Response {
    let caller = user.caller();
    let loaded = async {
        let templates = state.app().ticket_templates().usable(&caller).await?;
        let definitions = state.app().tickets().fields(&caller).await?;
        Ok::<_, AppError>((templates, definitions))
    }
    .await;
    let (templates, definitions) = match loaded {
        Ok(found) => found,
        Err(error) => return layout::error_page(Some(user), error),
    };
    let template_raw = submitted.one("ticketTemplateId");
    let template: Option<&TemplateRecord> = templates.iter().find(|t| t.id.to_string() == template_raw);
    let template_fields: Vec<&CustomField> =
        template.map(|t| custom::of_template(&definitions, &t.fields)).unwrap_or_default();
    let priority = if submitted.one("priorityLevel").is_empty() { "2" } else { submitted.one("priorityLevel") };
    let kind = submitted.one("ticketType");
    let template_choices: Vec<(String, String)> =
        templates.iter().map(|t| (t.id.to_string(), t.name.clone())).collect();
    let body = html! {
        (errors.summary())
        form.stacked.template-choice method="get" action="/console/tickets/new" {
            (custom::select("template", "模板", false, template_raw, &template_choices, Some("（不使用模板）"), &errors))
            p.hint { "先选择模板，表单会列出模板的字段。" }
            div.actions { button type="submit" { "选择模板" } }
        }
        form.stacked method="post" action="/console/tickets" novalidate {
            (layout::csrf_input(user))
            @if let Some(tpl) = template { input type="hidden" name="ticketTemplateId" value=(tpl.id); }
            (Input::text("subject", "标题", submitted.one("subject")).required().render(&errors))
            (custom::textarea("descript", "描述", submitted.one("descript"), false, &errors))
            fieldset {
                legend { "联系人" }
                p.hint { "选择已有联系人，或在下方填写新联系人（提交时一并创建）。" }
                div.field.invalid[!errors.messages("custUserId").is_empty()] {
                    label for="f-custUserId" { "已有联系人" }
                    p.hint #f-custUserId-hint { "输入姓名、手机、电话或邮箱查找，或直接填写 cId。" }
                    (errors.field("custUserId"))
                    input #f-custUserId name="custUserId" type="text" value=(submitted.one("custUserId")) list="f-custUserId-contacts"
                        autocomplete="off" data-agent-picker="/console/contacts/pick" aria-describedby="f-custUserId-hint";
                    datalist #f-custUserId-contacts {}
                    p.picked data-picked-for="f-custUserId" aria-live="polite" {}
                }
                @for (name, label, kind, hint) in CONTACT_MEMBERS {
                    (Input::text(name, label, submitted.one(name)).kind(kind).hint(hint).render(&errors))
                }
            }
            (custom::select("priorityLevel", "优先级", false, priority, &custom::codes(Priority::ALL.iter().map(|p| (p.code(), p.label()))), None, &errors))
            (custom::select("ticketType", "类型", false, kind, &custom::codes(TicketType::ALL.iter().map(|t| (t.code(), t.label()))), None, &errors))
            (Input::text("servicerUserId", "受理客服", submitted.one("servicerUserId")).hint("受理客服的 sId，默认是您自己；留空表示不指定").inputmode("numeric").render(&errors))
            @if !template_fields.is_empty() {
                fieldset { legend { "模板字段" } (custom::inputs(&template_fields, &[], Some(submitted), &errors)) }
            }
            div.actions { button.primary type="submit" { "创建工单" } a href="/console/tickets" { "返回列表" } }
        }
    };
    layout::html(status, Page::new("新建工单", user, Nav::Tickets).render(body))
}

/// The ticket members of the form.
fn ticket_input(fields: &Fields, definitions: &kefu_app::customer_fields::EntityFields) -> TicketInput {
    let mut problems = Vec::new();
    TicketInput {
        subject: Some(fields.one("subject")).and_then(|raw| match Subject::parse(raw) {
            Ok(subject) => Some(subject),
            Err(message) => {
                problems.push(FieldError::new("subject", message));
                None
            }
        }),
        description: member(fields, "descript", &mut problems, Description::parse),
        priority: member(fields, "priorityLevel", &mut problems, Priority::parse),
        ticket_type: member(fields, "ticketType", &mut problems, TicketType::parse),
        assignee: member(fields, "servicerUserId", &mut problems, |raw| parse_optional_id(raw.trim(), AgentId::parse)),
        template: member(fields, "ticketTemplateId", &mut problems, |raw| parse_optional_id(raw, TemplateId::parse)),
        // The picker's field is always sent; empty, no contact was picked.
        contact: member(fields, "custUserId", &mut problems, |raw| match raw.trim() {
            "" => Ok(None),
            id => ContactId::parse(id).map(Some),
        })
        .flatten(),
        custom_fields: custom_values(fields, definitions),
        problems,
        ..TicketInput::default()
    }
}

/// The new contact's members, if any was filled in; its problems without the `contact.`
/// prefix (the use case adds it back).
fn contact_input(fields: &Fields) -> Option<ContactInput> {
    if CONTACT_MEMBERS.iter().all(|(name, ..)| fields.one(name).trim().is_empty()) {
        return None;
    }
    let mut problems = Vec::new();
    let patch = ContactPatch {
        name: member(fields, "contact.name", &mut problems, ContactName::parse),
        mobile: member(fields, "contact.mobile", &mut problems, ContactMobile::parse),
        fixnumber: member(fields, "contact.fixnumber", &mut problems, FixNumber::parse),
        email: member(fields, "contact.email", &mut problems, ContactEmail::parse),
        company: member(fields, "contact.companyId", &mut problems, |raw| parse_optional_id(raw, CompanyId::parse))
            .flatten(),
        ..ContactPatch::default()
    };
    let problems = problems
        .into_iter()
        .map(|p| FieldError::new(p.field.strip_prefix(NEW_CONTACT_PREFIX).unwrap_or(&p.field), p.message))
        .collect();
    Some(ContactInput { fields: patch, custom_fields: Vec::new(), problems })
}

async fn create(State(state): State<AppState>, form: ConsoleForm) -> Response {
    let user = &form.user;
    let caller = user.caller();
    let tickets = state.app().tickets();
    let result = async {
        let definitions = tickets.value_fields(&caller).await?;
        let input = ticket_input(&form.fields, &definitions);
        match (input.contact.is_some(), contact_input(&form.fields)) {
            (true, Some(_)) => {
                Err(AppError::field("custUserId", "请只选择已有联系人，或只填写新联系人，不要同时填写。"))
            }
            (false, Some(contact)) => tickets.create_with_contact(&caller, contact, input).await,
            (_, None) => tickets.create(&caller, input).await,
        }
    }
    .await;
    match result {
        Ok(created) => {
            form.audit(&state).await;
            // An agent who gave the ticket to someone else no longer sees it.
            if user.is_admin || created.fields.servicer_id == Some(user.agent) {
                layout::redirect(&format!("/console/tickets/{}?notice=created", created.id))
            } else {
                layout::redirect("/console/tickets?notice=created")
            }
        }
        Err(error) if error.code.status() == 400 => {
            let definitions = state.app().tickets().fields(&caller).await.unwrap_or_default();
            let titles: Vec<(i64, String)> = definitions.iter().map(|f| (f.number, f.title.clone())).collect();
            let errors = super::form_errors(&error, &titles);
            form_page(&state, user, &form.fields, errors, status_of(&error)).await
        }
        Err(error) => layout::error_page(Some(user), error),
    }
}
