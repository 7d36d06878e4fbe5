//! The page shell every console page shares (navigation, sign-out, notices, time zone),
//! and the pieces forms and lists share: inputs with their error messages, the error
//! summary, page links. Every value goes through maud, which escapes it.

use axum::http::header::{CONTENT_TYPE, LOCATION};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use jiff::tz::TimeZone;
use kefu_domain::paging::PageRequest;
use kefu_domain::time::format_datetime;
use maud::{DOCTYPE, Markup, html};

use super::csrf::CSRF_FIELD;
use super::session::ConsoleUser;
use super::zh;
use kefu_app::AppError;

/// The navigation entry a page belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    Agents,
    Groups,
    Presence,
    Schedules,
    SignIns,
    /// Signing in oneself (签到).
    SignIn,
    ApiKeys,
    Fields,
    Company,
    Audit,
    /// Companies, contacts, customer groups, the recycle bin (客户).
    Customers,
    /// The agent's desk (工单).
    Tickets,
    /// Ticket templates and ticket fields (工单设置), administrators.
    TicketAdmin,
    Profile,
    None,
}

/// The messages a redirect may ask a page to show (`?notice=…`): fixed texts, so nothing
/// from the address bar is ever echoed.
pub fn notice_text(code: &str) -> Option<&'static str> {
    Some(match code {
        "created" => "已创建。",
        "saved" => "已保存。",
        "hidden" => "已移入回收站。",
        "restored" => "已从回收站恢复。",
        "deleted" => "已删除。",
        "state" => "状态已更新。",
        "permission" => "呼叫中心权限已更新。",
        "signed_in" => "签到成功。",
        "key_created" => "密钥已创建。",
        "revoked" => "API 密钥已撤销，用它换取的令牌也已失效。",
        "signed_out" => "您已退出登录。",
        "replied" => "回复已添加。",
        "noted" => "内部备注已添加。",
        _ => return None,
    })
}

/// `?notice=…`, which most pages accept.
#[derive(Debug, Default, serde::Deserialize)]
pub struct NoticeQuery {
    pub notice: Option<String>,
}

/// A whole page.
pub struct Page<'a> {
    pub title: &'a str,
    pub user: Option<&'a ConsoleUser>,
    pub nav: Nav,
    pub notice: Option<&'a str>,
}

impl<'a> Page<'a> {
    pub fn new(title: &'a str, user: &'a ConsoleUser, nav: Nav) -> Self {
        Page { title, user: Some(user), nav, notice: None }
    }

    /// Shows the notice a `?notice=` code names, if it names one.
    pub fn notice(mut self, code: Option<&str>) -> Self {
        self.notice = code.and_then(notice_text);
        self
    }

    pub fn render(&self, body: Markup) -> Markup {
        html! {
            (DOCTYPE)
            html lang="zh-CN" {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    meta name="referrer" content="same-origin";
                    title { (self.title) " · kefu 管理后台" }
                    link rel="stylesheet" href="/console/assets/console.css";
                    link rel="icon" href="/console/assets/favicon.svg" type="image/svg+xml";
                    script src="/console/assets/console.js" defer {}
                }
                body {
                    a.skip href="#main" { "跳到正文" }
                    header.top {
                        a.brand href="/console/" { "kefu " span { "管理后台" } }
                        @if let Some(user) = self.user {
                            (navigation(user, self.nav))
                            div.who {
                                span.who-name { (user.display_name()) @if user.is_admin { " · 管理员" } }
                                form method="post" action="/console/logout" {
                                    (csrf_input(user))
                                    button.link-button type="submit" { "退出" }
                                }
                            }
                        }
                    }
                    main #main tabindex="-1" {
                        h1 { (self.title) }
                        @if let Some(notice) = self.notice {
                            p.notice role="status" { (notice) }
                        }
                        (body)
                    }
                    footer.bottom {
                        @if let Some(user) = self.user {
                            "日期和时间均为公司时区 " (user.zone_name) "。"
                        }
                        " kefu 帮我吧兼容服务"
                    }
                }
            }
        }
    }
}

fn navigation(user: &ConsoleUser, active: Nav) -> Markup {
    let profile = format!("/console/agents/{}", user.agent);
    let entries: Vec<(Nav, &str, &str)> = if user.is_admin {
        vec![
            (Nav::Agents, "/console/agents", "客服"),
            (Nav::Groups, "/console/groups", "分组"),
            (Nav::Tickets, "/console/tickets", "工单"),
            (Nav::Customers, "/console/customers", "客户"),
            (Nav::Presence, "/console/presence", "在线状态"),
            (Nav::Schedules, "/console/schedules", "排班"),
            (Nav::SignIns, "/console/signins", "签到"),
            (Nav::ApiKeys, "/console/api-keys", "API 密钥"),
            (Nav::Fields, "/console/fields", "自定义字段"),
            (Nav::TicketAdmin, "/console/ticket-templates", "工单设置"),
            (Nav::Company, "/console/company", "公司设置"),
            (Nav::Audit, "/console/audit", "审计日志"),
        ]
    } else {
        vec![
            (Nav::Profile, profile.as_str(), "我的资料"),
            (Nav::Tickets, "/console/tickets", "工单"),
            (Nav::Customers, "/console/customers", "客户"),
            (Nav::Presence, "/console/presence", "我的状态"),
            (Nav::Schedules, "/console/schedules", "我的排班"),
            (Nav::SignIn, "/console/signins/new", "签到"),
        ]
    };
    html! {
        nav.main-nav aria-label="主导航" {
            ul {
                @for (nav, href, label) in entries {
                    li {
                        @if nav == active {
                            a href=(href) aria-current="page" { (label) }
                        } @else {
                            a href=(href) { (label) }
                        }
                    }
                }
            }
        }
    }
}

/// The hidden CSRF field of a form of this session.
pub fn csrf_input(user: &ConsoleUser) -> Markup {
    html! { input type="hidden" name=(CSRF_FIELD) value=(user.csrf); }
}

/// An HTML answer. Pages are never cached: they hold a session's data and its CSRF token.
pub fn html(status: StatusCode, markup: Markup) -> Response {
    let mut response = (status, markup.into_string()).into_response();
    response.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    response
}

/// 303 See Other: after a POST, the browser GETs the result (so reloading repeats nothing).
pub fn redirect(location: &str) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(LOCATION, value);
    }
    response
}

/// A page with one message (403, 404, …).
pub fn message_page(status: StatusCode, user: Option<&ConsoleUser>, title: &str, text: &str) -> Response {
    let page = Page { title, user, nav: Nav::None, notice: None };
    html(
        status,
        page.render(html! {
            p.message { (text) }
            p { a href="/console/" { "返回控制台首页" } }
        }),
    )
}

/// The status a page answers a failed action with: the API's for the same error.
pub fn status_of(error: &AppError) -> StatusCode {
    StatusCode::from_u16(error.code.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// A failed action: the API's status and message, and each field problem.
pub fn error_page(user: Option<&ConsoleUser>, error: AppError) -> Response {
    let status = status_of(&error);
    let page = Page { title: "操作未完成", user, nav: Nav::None, notice: None };
    html(
        status,
        page.render(html! {
            div.error-summary role="alert" {
                p { (zh::error_message(&error)) }
                @if !error.problems.is_empty() {
                    ul { @for problem in &error.problems { li { code { (problem.field) } "：" (zh::field_message(&problem.message)) } } }
                }
            }
            p { a href="/console/" { "返回控制台首页" } " · 请用浏览器的后退按钮回到上一页。" }
        }),
    )
}

/// A datetime in the tenant's zone, as the API shows it.
pub fn datetime(micros: i64, zone: &TimeZone) -> String {
    format_datetime(micros, zone)
}

/// The problems of a submitted form, by form field, with the API's messages.
#[derive(Debug, Default)]
pub struct FormErrors {
    /// The API's message, when no field problem says it all.
    pub message: Option<String>,
    /// (form field, label, message).
    pub fields: Vec<(String, String, String)>,
    /// The messages are in the summary, not beside the fields (a filter form whose fields
    /// have no room for them).
    pub listed: bool,
}

impl FormErrors {
    /// `field` maps a field the error names (the API's name) to (form field, label).
    pub fn from_app(error: &AppError, field: impl Fn(&str) -> (String, String)) -> Self {
        let fields: Vec<(String, String, String)> = error
            .problems
            .iter()
            .map(|p| {
                let (name, label) = field(&p.field);
                (name, label, zh::field_message(&p.message))
            })
            .collect();
        // Each problem is said once, in Chinese, beside its field; the refusal's own
        // message only when no field says it.
        let message = if fields.is_empty() { Some(zh::error_message(error)) } else { None };
        FormErrors { message, fields, listed: false }
    }

    /// The problems of a filter form, said in the summary above it (each once).
    pub fn listed(error: &AppError) -> Self {
        FormErrors { listed: true, ..Self::from_app(error, |f| (f.to_owned(), f.to_owned())) }
    }

    pub fn is_empty(&self) -> bool {
        self.message.is_none() && self.fields.is_empty()
    }

    /// Each field with a problem once, in the order of the problems.
    fn labels(&self) -> Vec<(&str, &str)> {
        let mut seen: Vec<(&str, &str)> = Vec::new();
        for (name, label, _) in &self.fields {
            if !seen.iter().any(|(n, _)| n == name) {
                seen.push((name, label));
            }
        }
        seen
    }

    pub fn messages(&self, name: &str) -> Vec<&str> {
        self.fields.iter().filter(|(n, _, _)| n == name).map(|(_, _, m)| m.as_str()).collect()
    }

    /// The box above a form that lists every problem, each linking to its field.
    pub fn summary(&self) -> Markup {
        html! {
            @if !self.is_empty() {
                div.error-summary role="alert" tabindex="-1" data-focus="" {
                    h2 { "提交未成功，请修改后重试" }
                    @if let Some(message) = &self.message { p { (message) } }
                    @if !self.fields.is_empty() && self.listed {
                        ul { @for (_, label, message) in &self.fields { li { code { (label) } "：" (message) } } }
                    } @else if !self.fields.is_empty() {
                        p { "请检查以下各项（说明在各项旁边）：" }
                        ul {
                            @for (name, label) in self.labels() {
                                li { a href={ "#" (field_id(name)) } { (label) } }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The messages shown next to one field.
    pub fn field(&self, name: &str) -> Markup {
        let messages = if self.listed { Vec::new() } else { self.messages(name) };
        html! {
            @if !messages.is_empty() {
                p.field-error id=(error_id(name)) {
                    @for (i, message) in messages.iter().enumerate() { @if i > 0 { br; } (message) }
                }
            }
        }
    }
}

/// The id of a form field's input (names are the console's own, ASCII).
pub fn field_id(name: &str) -> String {
    let clean: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' }).collect();
    format!("f-{clean}")
}

pub fn error_id(name: &str) -> String {
    format!("{}-error", field_id(name))
}

/// A labelled single-line input with its hint and error messages.
pub struct Input<'a> {
    pub name: &'a str,
    pub label: &'a str,
    pub value: &'a str,
    pub kind: &'a str,
    pub hint: Option<&'a str>,
    pub required: bool,
    pub autocomplete: Option<&'a str>,
    pub inputmode: Option<&'a str>,
    pub placeholder: Option<&'a str>,
}

impl<'a> Input<'a> {
    pub fn text(name: &'a str, label: &'a str, value: &'a str) -> Self {
        Input {
            name,
            label,
            value,
            kind: "text",
            hint: None,
            required: false,
            autocomplete: None,
            inputmode: None,
            placeholder: None,
        }
    }

    pub fn kind(mut self, kind: &'a str) -> Self {
        self.kind = kind;
        self
    }

    pub fn hint(mut self, hint: &'a str) -> Self {
        self.hint = Some(hint);
        self
    }

    /// Marked as required; the server (the API's rules) says what is missing.
    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }

    pub fn autocomplete(mut self, value: &'a str) -> Self {
        self.autocomplete = Some(value);
        self
    }

    pub fn inputmode(mut self, value: &'a str) -> Self {
        self.inputmode = Some(value);
        self
    }

    pub fn placeholder(mut self, value: &'a str) -> Self {
        self.placeholder = Some(value);
        self
    }

    pub fn render(&self, errors: &FormErrors) -> Markup {
        let id = field_id(self.name);
        let invalid = !errors.messages(self.name).is_empty();
        let described = described_by(self.name, self.hint.is_some(), invalid);
        html! {
            div.field.invalid[invalid] {
                label for=(id) { (self.label) @if self.required { span.req aria-hidden="true" { " *" } } }
                @if let Some(hint) = self.hint { p.hint id={ (id) "-hint" } { (hint) } }
                (errors.field(self.name))
                input id=(id) name=(self.name) type=(self.kind) value=(self.value)
                    autocomplete=[self.autocomplete] inputmode=[self.inputmode] placeholder=[self.placeholder]
                    aria-required=[self.required.then_some("true")] aria-invalid=[invalid.then_some("true")]
                    aria-describedby=[described];
            }
        }
    }
}

/// `aria-describedby` for a field with a hint and/or error messages.
pub fn described_by(name: &str, hint: bool, invalid: bool) -> Option<String> {
    let mut ids = Vec::new();
    if hint {
        ids.push(format!("{}-hint", field_id(name)));
    }
    if invalid {
        ids.push(error_id(name));
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// "第 2 / 5 页" with links to the neighbours; `link(n)` is page n's address.
pub fn pager(page: PageRequest, total: u64, link: impl Fn(u64) -> String) -> Markup {
    let pages = total.div_ceil(page.per_page.max(1)).max(1);
    html! {
        nav.pager aria-label="分页" {
            @if page.has_previous() { a href=(link(page.page - 1)) rel="prev" { "‹ 上一页" } }
            span { "第 " (page.page) " / " (pages) " 页，共 " (total) " 条" }
            @if page.has_next(total) { a href=(link(page.page + 1)) rel="next" { "下一页 ›" } }
        }
    }
}

/// Only http(s) addresses become links: nothing else (`javascript:`…) can be clicked.
/// (The API accepts no other URLs; this holds even for a row written some other way.)
pub fn is_web_link(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// A query string from pairs, leaving out empty values.
pub fn query_string(pairs: &[(&str, &str)]) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (key, value) in pairs.iter().filter(|(_, v)| !v.is_empty()) {
        query.append_pair(key, value);
    }
    query.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_links_are_links() {
        assert!(is_web_link("https://a.b/x.jpg"));
        assert!(is_web_link("HTTP://a.b"));
        assert!(!is_web_link("javascript:alert(1)"));
        assert!(!is_web_link("java"));
        assert!(!is_web_link(""));
    }

    #[test]
    fn query_strings_leave_out_empty_values() {
        assert_eq!(query_string(&[("a", "1"), ("b", ""), ("c", "张 三")]), "a=1&c=%E5%BC%A0+%E4%B8%89");
    }
}
