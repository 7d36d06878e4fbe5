//! The agent's desk (工单): the views with their counts and a paged list ([`list`]), a
//! ticket's page with its conversation, history and forms ([`show`], [`actions`]), the new
//! ticket form with a contact picked or created inline ([`new`]), deleting, restoring and
//! the deleted tickets ([`bin`]), and the contact picker's
//! suggestions ([`pick`]). Every page goes through the `kefu_app` ticket use cases with the
//! console's caller, so who sees what is the API's: a ticket an agent may not see is the
//! console's not-found page.

mod actions;
mod bin;
mod cc;
mod custom;
mod list;
mod new;
mod pick;
mod show;

/// The labelled select of the ticket forms, which the customer forms use too.
pub(super) use custom::select;

use axum::Router;
use axum::http::StatusCode;
use axum::response::Response;
use kefu_api::ErrorCode;
use kefu_app::AppError;
use kefu_domain::TicketId;
use kefu_domain::ticket::{Priority, TicketStatus, TicketType};

use super::layout::{self, FormErrors};
use super::session::ConsoleUser;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(list::routes())
        .merge(show::routes())
        .merge(actions::routes())
        .merge(bin::routes())
        .merge(new::routes())
        .merge(pick::routes())
}

/// The Chinese label of a form field, by the API member it is read into.
fn label(api: &str) -> &'static str {
    match api {
        "subject" => "标题",
        "descript" => "描述",
        "custUserId" => "联系人",
        "ticketStatus" => "状态",
        "priorityLevel" => "优先级",
        "ticketType" => "类型",
        "servicerUserId" => "受理客服",
        "servicerGroupId" => "受理分组",
        "ccUserIdList" => "抄送客服",
        "ccGroupIdList" => "抄送分组",
        "tagList" => "标签",
        "ticketTemplateId" => "模板",
        "replyMsg" | "ticketReply.replyMsg" => "内容",
        "contact.name" => "新联系人姓名",
        "contact.mobile" => "新联系人手机",
        "contact.fixnumber" => "新联系人电话",
        "contact.email" => "新联系人邮箱",
        "contact.companyId" => "新联系人所属公司",
        _ => "字段",
    }
}

pub fn status_label(code: i64) -> &'static str {
    TicketStatus::from_code(code).map_or("未知", TicketStatus::label)
}

pub fn priority_label(code: i64) -> &'static str {
    Priority::from_code(code).map_or("未知", Priority::label)
}

pub fn type_label(code: i64) -> &'static str {
    TicketType::from_code(code).map_or("未知", TicketType::label)
}

fn ticket_id(raw: &str) -> Option<TicketId> {
    TicketId::parse(raw).ok()
}

/// The console's not-found page for a ticket: unknown, another company's, or one the agent
/// may not see (the same answer, as the API's 404).
fn unknown(user: &ConsoleUser, raw: &str) -> Response {
    layout::message_page(
        StatusCode::NOT_FOUND,
        Some(user),
        "工单不存在",
        &format!("没有编号为 {raw} 的工单，或您无权查看。"),
    )
}

/// A failed action's page: not found as [`unknown`], anything else the error page.
fn failed(user: &ConsoleUser, raw: &str, error: AppError) -> Response {
    if error.code == ErrorCode::NotFound && error.problems.is_empty() {
        unknown(user, raw)
    } else {
        layout::error_page(Some(user), error)
    }
}

/// A refusal's problems by form field: members keep their API names, custom values are
/// `cf_N` (titled by `titles`).
fn form_errors(error: &AppError, titles: &[(i64, String)]) -> FormErrors {
    FormErrors::from_app(error, |api| {
        if let Some(key) = api.strip_prefix("custom_fields.").or_else(|| api.strip_prefix("tables."))
            && let Ok(number) = kefu_domain::custom_field::parse_field_key(key.split('.').next().unwrap_or(key))
        {
            let number = i64::from(number);
            let title = titles.iter().find(|(n, _)| *n == number).map(|(_, t)| t.clone());
            return (custom::name(number), title.unwrap_or_else(|| key.to_owned()));
        }
        let api = api.strip_prefix("ticketReply.").unwrap_or(api);
        (api.to_owned(), format!("{} ({api})", label(api)))
    })
}
