//! Creating and editing an agent. The form's fields carry the API's member names, and the
//! use case's reader (`AgentInput::read_new` / `read_changes`) reads them as it reads the
//! API's `{"support":{…}}`: a problem is reported exactly as the API reports it, next to
//! its field.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use kefu_api::ErrorCode;
use kefu_app::agents::AgentInput;
use kefu_app::custom_fields::CustomValue;
use kefu_app::{AppError, Members};
use kefu_domain::custom_field::FieldDefinition;
use kefu_domain::{AgentId, FieldError};
use kefu_store::{AgentRecord, GroupRecord};
use maud::{Markup, html};
use serde_json::Value;

use super::{agent_or_404, custom, group_names, unknown_page};
use crate::console::csrf::{AdminForm, ConsoleForm, Fields};
use crate::console::layout::{self, FormErrors, Input, Nav, NoticeQuery, Page, status_of};
use crate::console::session::{ConsoleAdmin, ConsoleUser, password_digest};
use crate::state::AppState;

/// The built-in members and their labels.
const BUILT_IN: [(&str, &str); 11] = [
    ("sPassportName", "登录账号"),
    ("password", "密码"),
    ("sNum", "工号"),
    ("name", "姓名"),
    ("gnder", "性别"),
    ("email", "邮箱"),
    ("mobile", "手机"),
    ("fixnumber", "座机"),
    ("QQ", "QQ"),
    ("isAdmin", "角色"),
    ("groupId", "分组"),
];

/// The members only an administrator's form has: a non-administrator's form does not send
/// them (the API would refuse a change of them, 403).
const ADMIN_ONLY: [&str; 3] = ["sNum", "isAdmin", "groupId"];

/// What the page needs besides the values.
struct Context {
    definitions: Vec<FieldDefinition>,
    groups: Vec<GroupRecord>,
}

async fn context(state: &AppState, user: &ConsoleUser) -> Result<Context, AppError> {
    let caller = user.caller();
    let definitions = state.app().agents().field_definitions(&caller).await?;
    let groups = state.app().groups().all(&caller).await?;
    Ok(Context { definitions, groups })
}

/// A submitted form as the members of a `support` object: what this user's form shows. An
/// empty password is none (it stays as it is); the groups are the ticked boxes.
struct Submitted<'a> {
    fields: &'a Fields,
    admin: bool,
    creating: bool,
    problems: Vec<FieldError>,
}

impl<'a> Submitted<'a> {
    fn new(fields: &'a Fields, admin: bool, creating: bool) -> Self {
        Submitted { fields, admin, creating, problems: Vec::new() }
    }

    fn value(&self, key: &str) -> Option<String> {
        if ADMIN_ONLY.contains(&key) && !self.admin {
            return None;
        }
        match key {
            "sPassportName" => self.creating.then(|| self.fields.one(key).to_owned()),
            "password" => Some(self.fields.one(key)).filter(|p| !p.is_empty()).map(str::to_owned),
            "sNum" | "isAdmin" => Some(self.fields.one(key).to_owned()),
            "groupId" => Some(self.fields.all(key).join(",")),
            _ => self.fields.get(key).map(str::to_owned),
        }
    }
}

impl Members for Submitted<'_> {
    fn text(&mut self, key: &str) -> Option<String> {
        self.value(key)
    }

    fn has(&self, key: &str) -> bool {
        self.value(key).is_some()
    }

    fn problem(&mut self, key: &str, message: impl Into<String>) {
        self.problems.push(FieldError::new(key, message));
    }
}

/// What the form's inputs show: an agent as stored, with what was just submitted on top.
#[derive(Debug, Default)]
struct Values {
    texts: Vec<(&'static str, String)>,
    groups: Vec<String>,
    custom: Vec<CustomValue>,
}

impl Values {
    fn of(agent: &AgentRecord) -> Self {
        let texts = vec![
            ("sPassportName", agent.passport_name.clone()),
            ("sNum", agent.job_number.clone()),
            ("name", agent.name.clone()),
            ("gnder", agent.gender.code().to_string()),
            ("email", agent.email.clone()),
            ("mobile", agent.mobile.clone()),
            ("fixnumber", agent.fixnumber.clone()),
            ("QQ", agent.qq.clone()),
            ("isAdmin", if agent.is_admin { "1" } else { "0" }.to_owned()),
        ];
        let custom = agent
            .custom_fields
            .iter()
            .map(|(number, json)| CustomValue {
                number: *number,
                value: serde_json::from_str(json).unwrap_or_else(|_| Value::String(json.clone())),
            })
            .collect();
        Values { texts, groups: agent.groups.iter().map(ToString::to_string).collect(), custom }
    }

    /// The form as submitted, over these values.
    fn with_submitted(mut self, submitted: &Submitted<'_>, custom: Vec<CustomValue>) -> Self {
        for (key, _) in BUILT_IN {
            if key == "password" || key == "groupId" {
                continue;
            }
            if let Some(value) = submitted.value(key) {
                self.texts.retain(|(k, _)| *k != key);
                self.texts.push((key, value));
            }
        }
        if let Some(groups) = submitted.value("groupId") {
            self.groups = groups.split(',').filter(|g| !g.is_empty()).map(str::to_owned).collect();
        }
        if !custom.is_empty() {
            self.custom = custom;
        }
        self
    }

    fn text(&self, key: &str) -> &str {
        self.texts.iter().find(|(k, _)| *k == key).map_or("", |(_, v)| v.as_str())
    }

    fn custom(&self, definition: &FieldDefinition) -> Option<&Value> {
        self.custom.iter().find(|c| c.number == definition.number).map(|c| &c.value)
    }
}

fn errors_of(error: &AppError, definitions: &[FieldDefinition]) -> FormErrors {
    FormErrors::from_app(error, |api_field| {
        if let Some(name) = custom::form_field(api_field) {
            let title = definitions
                .iter()
                .find(|d| custom::form_name(d.number) == name)
                .map_or_else(|| api_field.to_owned(), |d| format!("{} ({})", d.title, d.key()));
            return (name, title);
        }
        match BUILT_IN.iter().find(|(key, _)| *key == api_field) {
            Some((key, label)) => ((*key).to_owned(), format!("{label} ({key})")),
            None => (api_field.to_owned(), api_field.to_owned()),
        }
    })
}

/// The form; `agent` is the one being edited (None: a new agent).
fn form(
    user: &ConsoleUser,
    agent: Option<&AgentRecord>,
    values: &Values,
    context: &Context,
    errors: &FormErrors,
) -> Markup {
    let admin = user.is_admin;
    let action = agent.map_or_else(|| "/console/agents".to_owned(), |a| format!("/console/agents/{}", a.id));
    let text = |key: &str| values.text(key);
    let gender = if text("gnder").is_empty() { "1" } else { text("gnder") };
    html! {
        (errors.summary())
        form.stack method="post" action=(action) novalidate {
            (layout::csrf_input(user))
            fieldset {
                legend { "账号" }
                @match agent {
                    None => (Input::text("sPassportName", "登录账号", text("sPassportName")).required()
                        .hint("登录时使用，创建后不能更改；不能含空格和冒号").autocomplete("off").render(errors)),
                    Some(agent) => div.field { span.label { "登录账号" } p.readonly { (agent.passport_name) " " span.hint { "（不能更改）" } } },
                }
                (Input::text("password", "密码", "").kind("password").autocomplete("new-password")
                    .hint(if agent.is_some() { "留空则不修改" } else { "留空则使用公司的默认客服密码" }).render(errors))
                @if admin {
                    (Input::text("sNum", "工号", text("sNum")).required().render(errors))
                } @else if let Some(agent) = agent {
                    div.field { span.label { "工号" } p.readonly { (agent.job_number) } }
                }
            }
            fieldset {
                legend { "基本资料" }
                (Input::text("name", "姓名", text("name")).autocomplete("off").render(errors))
                div.field.invalid[!errors.messages("gnder").is_empty()] {
                    label for="f-gnder" { "性别" }
                    (errors.field("gnder"))
                    select #f-gnder name="gnder" {
                        option value="1" selected[gender == "1"] { "女" }
                        option value="2" selected[gender == "2"] { "男" }
                    }
                }
                (Input::text("email", "邮箱", text("email")).kind("email").autocomplete("off").render(errors))
                (Input::text("mobile", "手机", text("mobile")).kind("tel").inputmode("tel").autocomplete("off")
                    .hint("11 位手机号，或 + 加 6 到 15 位数字").render(errors))
                (Input::text("fixnumber", "座机", text("fixnumber")).kind("tel").autocomplete("off").render(errors))
                (Input::text("QQ", "QQ", text("QQ")).inputmode("numeric").autocomplete("off").render(errors))
            }
            fieldset {
                legend { "角色与分组" }
                @if admin {
                    div.field.invalid[!errors.messages("isAdmin").is_empty()] {
                        label for="f-isAdmin" { "角色" }
                        (errors.field("isAdmin"))
                        select #f-isAdmin name="isAdmin" {
                            option value="0" selected[text("isAdmin") != "1"] { "客服" }
                            option value="1" selected[text("isAdmin") == "1"] { "管理员" }
                        }
                    }
                    fieldset.choices #f-groupId {
                        legend { "分组" }
                        (errors.field("groupId"))
                        @if context.groups.is_empty() { p.hint { "还没有分组。" a href="/console/groups" { "去创建分组" } } }
                        @for group in &context.groups {
                            label.check {
                                input type="checkbox" name="groupId" value=(group.id)
                                    checked[values.groups.contains(&group.id.to_string())];
                                " " (group.name)
                            }
                        }
                    }
                } @else if let Some(agent) = agent {
                    div.field { span.label { "角色" } p.readonly { @if agent.is_admin { "管理员" } @else { "客服" } } }
                    div.field { span.label { "分组" } p.readonly { (group_names(&agent.groups, &context.groups)) } }
                }
            }
            @if !context.definitions.is_empty() {
                fieldset {
                    legend { "自定义字段" }
                    @for definition in &context.definitions {
                        (custom::widget(definition, values.custom(definition), errors))
                    }
                }
            }
            div.actions {
                button.primary type="submit" { @if agent.is_some() { "保存" } @else { "创建客服" } }
                @if admin { a href="/console/agents" { "返回列表" } }
            }
        }
    }
}

fn details(agent: &AgentRecord, user: &ConsoleUser) -> Markup {
    html! {
        dl.details {
            dt { "sId" } dd { (agent.id) }
            dt { "状态" } dd { @if agent.status.code() == 1 { "正常" } @else { "回收站" } }
            dt { "创建时间" } dd { (layout::datetime(agent.created_at, &user.zone)) }
            dt { "更新时间" } dd { (layout::datetime(agent.updated_at, &user.zone)) }
        }
        @if user.is_admin {
            p.links {
                a href={ "/console/presence?agent=" (agent.id) } { "在线状态" } " · "
                a href={ "/console/schedules?sid=" (agent.id) } { "排班" } " · "
                a href={ "/console/signins?sId=" (agent.id) } { "签到记录" }
            }
        }
    }
}

fn page(
    status: StatusCode,
    user: &ConsoleUser,
    agent: Option<&AgentRecord>,
    values: &Values,
    context: &Context,
    errors: &FormErrors,
    notice: Option<&str>,
) -> Response {
    let title = match agent {
        None => "新建客服".to_owned(),
        Some(a) if a.id == user.agent && !user.is_admin => "我的资料".to_owned(),
        Some(a) => format!("客服：{}", if a.name.is_empty() { &a.passport_name } else { &a.name }),
    };
    let nav = if user.is_admin { Nav::Agents } else { Nav::Profile };
    let body = html! {
        @if let Some(agent) = agent { (details(agent, user)) }
        (form(user, agent, values, context, errors))
    };
    layout::html(status, Page::new(&title, user, nav).notice(notice).render(body))
}

pub async fn new_form(State(state): State<AppState>, ConsoleAdmin(user): ConsoleAdmin) -> Response {
    match context(&state, &user).await {
        Ok(context) => page(StatusCode::OK, &user, None, &Values::default(), &context, &FormErrors::default(), None),
        Err(error) => layout::error_page(Some(&user), error),
    }
}

/// `POST /console/agents`: the use case of `POST /api/v1/supports.json`.
pub async fn create(State(state): State<AppState>, AdminForm(form): AdminForm) -> Response {
    let user = &form.user;
    let context = match context(&state, user).await {
        Ok(context) => context,
        Err(error) => return layout::error_page(Some(user), error),
    };
    let mut submitted = Submitted::new(&form.fields, true, true);
    let input = AgentInput::read_new(&mut submitted);
    let custom = custom::read(&form.fields, &context.definitions);
    let input =
        AgentInput { custom_fields: custom.clone(), problems: std::mem::take(&mut submitted.problems), ..input };
    match state.app().agents().create(&user.caller(), input).await {
        Ok(agent) => {
            form.audit(&state).await;
            layout::redirect(&format!("/console/agents/{}?notice=created", agent.id))
        }
        Err(error) => {
            let values = Values::default().with_submitted(&submitted, custom);
            let errors = errors_of(&error, &context.definitions);
            page(status_of(&error), user, None, &values, &context, &errors, None)
        }
    }
}

/// The agent a path names, if the user may see it: administrators any agent of their
/// company, other agents only themselves. Another company's sId is unknown, as in the API.
fn visible_id(user: &ConsoleUser, raw: &str) -> Result<AgentId, Response> {
    let id = AgentId::parse(raw).map_err(|_| unknown_page(user, raw))?;
    if !user.is_admin && id != user.agent {
        return Err(layout::message_page(
            StatusCode::FORBIDDEN,
            Some(user),
            "需要管理员权限",
            "只有管理员可以查看其他客服的资料。",
        ));
    }
    Ok(id)
}

/// The agent, or the page saying why not.
async fn visible_agent(state: &AppState, user: &ConsoleUser, raw: &str) -> Result<AgentRecord, Response> {
    visible_id(user, raw)?;
    agent_or_404(state, user, raw).await
}

pub async fn edit_form(
    State(state): State<AppState>,
    user: ConsoleUser,
    Path(raw): Path<String>,
    Query(query): Query<NoticeQuery>,
) -> Response {
    let agent = match visible_agent(&state, &user, &raw).await {
        Ok(agent) => agent,
        Err(response) => return response,
    };
    match context(&state, &user).await {
        Ok(context) => page(
            StatusCode::OK,
            &user,
            Some(&agent),
            &Values::of(&agent),
            &context,
            &FormErrors::default(),
            query.notice.as_deref(),
        ),
        Err(error) => layout::error_page(Some(&user), error),
    }
}

/// `POST /console/agents/{sId}`: the use case of `PUT /api/v1/supports/{sId}.json`, with
/// the same rule about what an agent may change of its own record.
pub async fn update(State(state): State<AppState>, Path(raw): Path<String>, form: ConsoleForm) -> Response {
    let user = &form.user;
    let id = match visible_id(user, &raw) {
        Ok(id) => id,
        Err(response) => return response,
    };
    let context = match context(&state, user).await {
        Ok(context) => context,
        Err(error) => return layout::error_page(Some(user), error),
    };
    let mut submitted = Submitted::new(&form.fields, user.is_admin, false);
    let input = AgentInput::read_changes(&mut submitted);
    let custom = custom::read(&form.fields, &context.definitions);
    let input =
        AgentInput { custom_fields: custom.clone(), problems: std::mem::take(&mut submitted.problems), ..input };
    match state.app().agents().update(&user.caller(), id, input).await {
        Ok(updated) => {
            // A new password ends the agent's other sessions; this one goes on.
            if let (Some(hash), true) = (&updated.password_hash, updated.agent.id == user.agent)
                && let Err(error) =
                    state.store().rebind_console_session(user.token_hash(), &password_digest(hash)).await
            {
                return layout::error_page(Some(user), error.into());
            }
            form.audit(&state).await;
            layout::redirect(&format!("/console/agents/{}?notice=saved", updated.agent.id))
        }
        Err(error) if error.code == ErrorCode::NotFound => unknown_page(user, &raw),
        Err(error) => {
            // The form again, as stored with what was submitted on top.
            let current = match visible_agent(&state, user, &raw).await {
                Ok(agent) => agent,
                Err(response) => return response,
            };
            let values = Values::of(&current).with_submitted(&submitted, custom);
            let errors = errors_of(&error, &context.definitions);
            page(status_of(&error), user, Some(&current), &values, &context, &errors, None)
        }
    }
}
