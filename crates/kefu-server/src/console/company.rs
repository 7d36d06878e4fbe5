//! The company's settings (公司设置: time zone, default agent password) by the use case of
//! `/api/v1/company.json`, the helpdesk settings (2B/2C, auto-close days) by the use case of
//! `/api/v1/helpdesk_settings.json` (a form of their own: one form, one use case), and the audit log (审计日志: every successful write, who, when,
//! from where) by the use case of `/api/v1/audit.json`. Administrators only.

use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use kefu_app::AppError;
use kefu_app::company::CompanyInput;
use kefu_app::helpdesk::HelpdeskInput;
use kefu_domain::customer::CustomerMode;
use kefu_domain::paging::PageRequest;
use kefu_domain::password::Password;
use kefu_domain::search::SortOrder;
use kefu_domain::ticket::status::AutoCloseDays;
use kefu_domain::time::parse_time_zone;
use kefu_domain::{AgentId, FieldError};
use kefu_store::{AuditFilter, TenantSettings};
use maud::html;
use serde::Deserialize;

use super::csrf::AdminForm;
use super::layout::{self, FormErrors, Input, Nav, NoticeQuery, Page, pager, query_string, status_of};
use super::session::{ConsoleAdmin, ConsoleUser};
use crate::state::AppState;

const AUDIT_PER_PAGE: u64 = 50;

/// Zones offered as suggestions (any IANA name is accepted).
const ZONES: [&str; 8] = [
    "Asia/Shanghai",
    "Asia/Hong_Kong",
    "Asia/Taipei",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Europe/London",
    "America/Los_Angeles",
    "UTC",
];

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/console/company", get(settings).post(save))
        .route("/console/company/helpdesk", post(save_helpdesk))
        .route("/console/audit", get(audit))
}

fn errors_of(error: &AppError) -> FormErrors {
    FormErrors::from_app(error, |api| match api {
        "timeZone" => ("timeZone".to_owned(), "时区".to_owned()),
        "defaultPassword" => ("defaultPassword".to_owned(), "默认客服密码".to_owned()),
        "customerMode" => ("customerMode".to_owned(), "客户模式".to_owned()),
        "autoCloseDays" => ("autoCloseDays".to_owned(), "自动关闭天数".to_owned()),
        other => (other.to_owned(), other.to_owned()),
    })
}

/// What the helpdesk form shows: the stored settings, or what was sent when refused.
struct HelpdeskValues {
    mode: String,
    days: String,
}

impl HelpdeskValues {
    fn of(settings: &TenantSettings) -> Self {
        HelpdeskValues {
            mode: settings.customer_mode.label().to_owned(),
            days: settings.auto_close_days.days().to_string(),
        }
    }
}

fn page(
    status: StatusCode,
    user: &ConsoleUser,
    settings: &TenantSettings,
    (zone, helpdesk): (&str, &HelpdeskValues),
    errors: &FormErrors,
    notice: Option<&str>,
) -> Response {
    let body = html! {
        dl.details {
            dt { "公司名称" } dd { (settings.name) }
            dt { "时区" } dd { (settings.time_zone) }
            dt { "默认客服密码" } dd { @if settings.has_default_password { "已设置" } @else { "未设置" } }
        }
        (errors.summary())
        form.stack method="post" action="/console/company" novalidate {
            (layout::csrf_input(user))
            div.field.invalid[!errors.messages("timeZone").is_empty()] {
                label for="f-timeZone" { "时区" }
                p.hint #f-timeZone-hint { "IANA 时区名，如 Asia/Shanghai。排班、签到和 API 中的时间都按这个时区解读和显示。" }
                (errors.field("timeZone"))
                input #f-timeZone type="text" name="timeZone" value=(zone) list="f-timeZone-list" autocomplete="off"
                    aria-describedby="f-timeZone-hint";
                datalist #f-timeZone-list { @for zone in ZONES { option value=(zone) {} } }
            }
            (Input::text("defaultPassword", "新的默认客服密码", "").kind("password").autocomplete("new-password")
                .hint("新建客服时不填密码，就使用这个密码。留空则不修改。").render(errors))
            div.actions { button.primary type="submit" { "保存" } }
        }
        h2 { "客户与工单" }
        form.stack method="post" action="/console/company/helpdesk" novalidate {
            (layout::csrf_input(user))
            div.field.invalid[!errors.messages("customerMode").is_empty()] {
                label for="f-customerMode" { "客户模式" }
                p.hint #f-customerMode-hint { "2B：客户是公司，联系人属于公司；2C：只有联系人。有公司（含已删除）时不能改为 2C。" }
                (errors.field("customerMode"))
                select #f-customerMode name="customerMode" aria-describedby="f-customerMode-hint" {
                    @for (value, label) in [("2B", "2B（公司和联系人）"), ("2C", "2C（只有联系人）")] {
                        option value=(value) selected[helpdesk.mode == value] { (label) }
                    }
                }
            }
            (Input::text("autoCloseDays", "自动关闭天数", &helpdesk.days).kind("number")
                .hint("已解决的工单过了这么多天自动关闭（状态 5）；0 表示不自动关闭，最多 365。").render(errors))
            div.actions { button.primary type="submit" { "保存" } }
        }
    };
    layout::html(status, Page::new("公司设置", user, Nav::Company).notice(notice).render(body))
}

async fn settings(
    State(state): State<AppState>,
    ConsoleAdmin(user): ConsoleAdmin,
    Query(query): Query<NoticeQuery>,
) -> Response {
    match state.app().company().show(&user.caller()).await {
        Ok(settings) => {
            let values = (settings.time_zone.as_str(), &HelpdeskValues::of(&settings));
            page(StatusCode::OK, &user, &settings, values, &FormErrors::default(), query.notice.as_deref())
        }
        Err(error) => layout::error_page(Some(&user), error),
    }
}

/// `PUT /api/v1/company.json` with `timeZone` and/or `defaultPassword`.
async fn save(State(state): State<AppState>, AdminForm(form): AdminForm) -> Response {
    let user = &form.user;
    let zone = form.fields.one("timeZone").trim().to_owned();
    let password = form.fields.one("defaultPassword");
    let mut problems = Vec::new();
    let time_zone = optional("timeZone", &zone, |raw| parse_time_zone(raw).map(|_| raw.to_owned()), &mut problems);
    let default_password = optional("defaultPassword", password, Password::parse, &mut problems);
    let input = CompanyInput { time_zone, default_password, problems, ..CompanyInput::default() };
    match state.app().company().update(&user.caller(), input).await {
        Ok(_) => {
            form.audit(&state).await;
            layout::redirect("/console/company?notice=saved")
        }
        Err(error) => match state.app().company().show(&user.caller()).await {
            Ok(settings) => {
                let values = (zone.as_str(), &HelpdeskValues::of(&settings));
                page(status_of(&error), user, &settings, values, &errors_of(&error), None)
            }
            Err(_) => layout::error_page(Some(user), error),
        },
    }
}

/// A form field parsed by a domain parser: None when left empty (unchanged) or refused
/// (its problem noted, for the use case to report with its own).
fn optional<T>(
    field: &str,
    raw: &str,
    parse: impl FnOnce(&str) -> Result<T, String>,
    problems: &mut Vec<FieldError>,
) -> Option<T> {
    if raw.is_empty() {
        return None;
    }
    parse(raw).map_err(|message| problems.push(FieldError::new(field, message))).ok()
}

/// `PUT /api/v1/helpdesk_settings.json` with `customerMode` and `autoCloseDays`, parsed
/// by the domain's parsers; an empty field is left unchanged.
async fn save_helpdesk(State(state): State<AppState>, AdminForm(form): AdminForm) -> Response {
    let user = &form.user;
    let sent = HelpdeskValues {
        mode: form.fields.one("customerMode").trim().to_owned(),
        days: form.fields.one("autoCloseDays").trim().to_owned(),
    };
    let mut problems = Vec::new();
    let customer_mode = optional("customerMode", &sent.mode, CustomerMode::parse, &mut problems);
    let auto_close_days = optional("autoCloseDays", &sent.days, AutoCloseDays::parse, &mut problems);
    let input = HelpdeskInput { customer_mode, auto_close_days, problems };
    match state.app().helpdesk().update(&user.caller(), input).await {
        Ok(_) => {
            form.audit(&state).await;
            layout::redirect("/console/company?notice=saved")
        }
        Err(error) => match state.app().helpdesk().show(&user.caller()).await {
            Ok(settings) => {
                page(status_of(&error), user, &settings, (&settings.time_zone, &sent), &errors_of(&error), None)
            }
            Err(_) => layout::error_page(Some(user), error),
        },
    }
}

#[derive(Debug, Default, Deserialize)]
struct AuditQuery {
    #[serde(rename = "sId")]
    s_id: Option<String>,
    page: Option<String>,
}

/// The audit log, newest first, optionally of one agent.
async fn audit(
    State(state): State<AppState>,
    ConsoleAdmin(user): ConsoleAdmin,
    Query(query): Query<AuditQuery>,
) -> Response {
    let sid = query.s_id.as_deref().map(str::trim).unwrap_or("");
    let result = async {
        let agent = if sid.is_empty() {
            None
        } else {
            Some(AgentId::parse(sid).map_err(|message| AppError::field("sId", message))?)
        };
        let page = PageRequest::parse(query.page.as_deref(), None, AUDIT_PER_PAGE)
            .map_err(|(field, message)| AppError::field(field, message))?;
        let filter = AuditFilter { agent, ..AuditFilter::default() };
        let found = state.app().audit().page(&user.caller(), &filter, SortOrder::Desc, page).await?;
        Ok::<_, AppError>((page, found))
    }
    .await;
    let (status, errors, table) = match result {
        Ok((page, found)) => {
            let table = html! {
                @if found.rows.is_empty() {
                    p.empty { "没有记录。" }
                } @else {
                    div.table-wrap {
                        table.audit.cards {
                            caption.sr-only { "审计日志" }
                            thead { tr {
                                th scope="col" { "时间" } th scope="col" { "客服 sId" } th scope="col" { "操作" }
                                th scope="col" { "路径" } th scope="col" { "状态码" } th scope="col" { "来源地址" }
                            } }
                            tbody {
                                @for record in &found.rows {
                                    @let entry = &record.entry;
                                    tr {
                                        td.nowrap data-label="时间" { (layout::datetime(entry.at, &user.zone)) }
                                        td data-label="客服 sId" { a href={ "/console/audit?sId=" (entry.agent_id) } { (entry.agent_id) } }
                                        td data-label="操作" { code { (entry.method) } }
                                        td.long data-label="路径" { span.wrap { code { (entry.path) } } }
                                        td data-label="状态码" { (entry.status) }
                                        td data-label="来源地址" { (entry.address) }
                                    }
                                }
                            }
                        }
                    }
                }
                (pager(page, found.total, |n| format!("/console/audit?{}", query_string(&[("sId", sid), ("page", &n.to_string())]))))
            };
            (StatusCode::OK, FormErrors::default(), table)
        }
        Err(error) => (status_of(&error), FormErrors::listed(&error), html! {}),
    };
    let body = html! {
        p.hint { "每一次成功的写操作（API 和管理后台）都记在这里：谁、何时、从哪里、做了什么。" }
        form.search method="get" action="/console/audit" {
            div.field {
                label for="f-audit-sId" { "客服 sId" }
                input #f-audit-sId type="text" name="sId" value=(sid) inputmode="numeric";
            }
            div.actions { button type="submit" { "筛选" } a href="/console/audit" { "清除" } }
        }
        (errors.summary())
        (table)
    };
    layout::html(status, Page::new("审计日志", &user, Nav::Audit).render(body))
}
