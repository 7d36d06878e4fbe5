//! Creating and editing an agent. The form's fields carry the API's member names; they
//! are put into a `support` object and read by the API's `new_agent` / `agent_patch`,
//! so a problem is reported exactly as the API reports it, next to its field.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use kefu_domain::AgentId;
use kefu_domain::agent::{CurrentPrivileges, authorize_patch};
use kefu_domain::custom_field::FieldDefinition;
use kefu_store::{AgentRecord, GroupRecord};
use maud::{Markup, html};
use serde_json::{Map, Value};

use super::{custom, group_names};
use crate::api::agents::input::{agent_patch, new_agent};
use crate::api::fields::FieldContext;
use crate::api::render::support;
use crate::console::csrf::{AdminForm, ConsoleForm, Fields};
use crate::console::layout::{self, FormErrors, Input, Nav, NoticeQuery, Page};
use crate::console::session::{ConsoleAdmin, ConsoleUser, password_digest};
use crate::http::error::ApiError;
use crate::http::links::BaseUrl;
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

/// What the page needs besides the values.
struct Context {
    definitions: Vec<FieldDefinition>,
    groups: Vec<GroupRecord>,
}

async fn context(state: &AppState, user: &ConsoleUser) -> Result<(Context, FieldContext), ApiError> {
    let fields = FieldContext::load(state, user.tenant).await?;
    let groups = state.store().all_groups(user.tenant).await?;
    Ok((Context { definitions: fields.definitions.clone(), groups }, fields))
}

/// An agent as the API shows it, as the form's values.
fn wire_values(agent: &AgentRecord, user: &ConsoleUser) -> Map<String, Value> {
    match serde_json::to_value(support(agent, &BaseUrl(String::new()), &user.zone)) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    }
}

/// The `support` object a submitted form stands for. Members an agent may not change
/// are not on a non-administrator's form, so they are not sent.
fn members(fields: &Fields, definitions: &[FieldDefinition], admin: bool, creating: bool) -> Map<String, Value> {
    let mut map = Map::new();
    if creating {
        map.insert("sPassportName".into(), fields.one("sPassportName").into());
    }
    if !fields.one("password").is_empty() {
        map.insert("password".into(), fields.one("password").into());
    }
    for key in ["name", "gnder", "email", "fixnumber", "mobile", "QQ"] {
        if let Some(value) = fields.get(key) {
            map.insert(key.into(), value.into());
        }
    }
    if admin {
        map.insert("sNum".into(), fields.one("sNum").into());
        map.insert("isAdmin".into(), fields.one("isAdmin").into());
        map.insert("groupId".into(), fields.all("groupId").join(",").into());
    }
    let custom = custom::read(fields, definitions);
    if !custom.is_empty() {
        map.insert("custom_fields".into(), Value::Array(custom));
    }
    map
}

fn errors_of(error: &ApiError, definitions: &[FieldDefinition]) -> FormErrors {
    FormErrors::from_api(error, |api_field| {
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

fn text<'a>(values: &'a Map<String, Value>, key: &str) -> &'a str {
    values.get(key).and_then(Value::as_str).unwrap_or("")
}

fn custom_value<'a>(values: &'a Map<String, Value>, definition: &FieldDefinition) -> Option<&'a Value> {
    let key = definition.key();
    values
        .get("custom_fields")?
        .as_array()?
        .iter()
        .find(|entry| entry.get("key").and_then(Value::as_str) == Some(key.as_str()))
        .and_then(|entry| entry.get("value"))
}

/// The form; `agent` is the one being edited (None: a new agent).
fn form(
    user: &ConsoleUser,
    agent: Option<&AgentRecord>,
    values: &Map<String, Value>,
    context: &Context,
    errors: &FormErrors,
) -> Markup {
    let admin = user.is_admin;
    let action = agent.map_or_else(|| "/console/agents".to_owned(), |a| format!("/console/agents/{}", a.id));
    let gender = if text(values, "gnder").is_empty() { "1" } else { text(values, "gnder") };
    let chosen_groups: Vec<&str> = text(values, "groupId").split(',').filter(|g| !g.is_empty()).collect();
    html! {
        (errors.summary())
        form.stack method="post" action=(action) novalidate {
            (layout::csrf_input(user))
            fieldset {
                legend { "账号" }
                @match agent {
                    None => (Input::text("sPassportName", "登录账号", text(values, "sPassportName")).required()
                        .hint("登录时使用，创建后不能更改；不能含空格和冒号").autocomplete("off").render(errors)),
                    Some(agent) => div.field { span.label { "登录账号" } p.readonly { (agent.passport_name) " " span.hint { "（不能更改）" } } },
                }
                (Input::text("password", "密码", "").kind("password").autocomplete("new-password")
                    .hint(if agent.is_some() { "留空则不修改" } else { "留空则使用公司的默认客服密码" }).render(errors))
                @if admin {
                    (Input::text("sNum", "工号", text(values, "sNum")).required().render(errors))
                } @else if let Some(agent) = agent {
                    div.field { span.label { "工号" } p.readonly { (agent.job_number) } }
                }
            }
            fieldset {
                legend { "基本资料" }
                (Input::text("name", "姓名", text(values, "name")).autocomplete("off").render(errors))
                div.field.invalid[!errors.messages("gnder").is_empty()] {
                    label for="f-gnder" { "性别" }
                    (errors.field("gnder"))
                    select #f-gnder name="gnder" {
                        option value="1" selected[gender == "1"] { "女" }
                        option value="2" selected[gender == "2"] { "男" }
                    }
                }
                (Input::text("email", "邮箱", text(values, "email")).kind("email").autocomplete("off").render(errors))
                (Input::text("mobile", "手机", text(values, "mobile")).kind("tel").inputmode("tel").autocomplete("off")
                    .hint("11 位手机号，或 + 加 6 到 15 位数字").render(errors))
                (Input::text("fixnumber", "座机", text(values, "fixnumber")).kind("tel").autocomplete("off").render(errors))
                (Input::text("QQ", "QQ", text(values, "QQ")).inputmode("numeric").autocomplete("off").render(errors))
            }
            fieldset {
                legend { "角色与分组" }
                @if admin {
                    div.field.invalid[!errors.messages("isAdmin").is_empty()] {
                        label for="f-isAdmin" { "角色" }
                        (errors.field("isAdmin"))
                        select #f-isAdmin name="isAdmin" {
                            option value="0" selected[text(values, "isAdmin") != "1"] { "客服" }
                            option value="1" selected[text(values, "isAdmin") == "1"] { "管理员" }
                        }
                    }
                    fieldset.choices #f-groupId {
                        legend { "分组" }
                        (errors.field("groupId"))
                        @if context.groups.is_empty() { p.hint { "还没有分组。" a href="/console/groups" { "去创建分组" } } }
                        @for group in &context.groups {
                            label.check {
                                input type="checkbox" name="groupId" value=(group.id)
                                    checked[chosen_groups.contains(&group.id.to_string().as_str())];
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
                        (custom::widget(definition, custom_value(values, definition), errors))
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
    values: &Map<String, Value>,
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

fn status_of(error: &ApiError) -> StatusCode {
    StatusCode::from_u16(error.code.status()).unwrap_or(StatusCode::BAD_REQUEST)
}

pub async fn new_form(State(state): State<AppState>, ConsoleAdmin(user): ConsoleAdmin) -> Response {
    match context(&state, &user).await {
        Ok((context, _)) => page(StatusCode::OK, &user, None, &Map::new(), &context, &FormErrors::default(), None),
        Err(error) => layout::error_page(Some(&user), error),
    }
}

/// `POST /console/agents`: what `POST /api/v1/supports.json` does.
pub async fn create(State(state): State<AppState>, AdminForm(form): AdminForm) -> Response {
    let user = &form.user;
    let (context, fields) = match context(&state, user).await {
        Ok(loaded) => loaded,
        Err(error) => return layout::error_page(Some(user), error),
    };
    let values = members(&form.fields, &context.definitions, true, true);
    let result = async {
        let mut new = new_agent(values.clone(), &fields)?;
        let password_hash = match new.password.take() {
            Some(password) => Some(state.auth().hash(password).await?),
            None => None,
        };
        Ok::<_, ApiError>(state.store().create_agent(user.tenant, &new, password_hash).await?)
    }
    .await;
    match result {
        Ok(agent) => {
            form.audit(&state).await;
            layout::redirect(&format!("/console/agents/{}?notice=created", agent.id))
        }
        Err(error) => {
            let errors = errors_of(&error, &context.definitions);
            page(status_of(&error), user, None, &values, &context, &errors, None)
        }
    }
}

/// The agent a path names, if the user may see it: administrators any agent of their
/// company, other agents only themselves. Another company's sId is unknown, as in the API.
async fn visible_agent(state: &AppState, user: &ConsoleUser, raw: &str) -> Result<AgentRecord, Response> {
    let unknown = || {
        layout::message_page(StatusCode::NOT_FOUND, Some(user), "客服不存在", &format!("没有 sId 为 {raw} 的客服。"))
    };
    let id = AgentId::parse(raw).map_err(|_| unknown())?;
    if !user.is_admin && id != user.agent {
        return Err(layout::message_page(
            StatusCode::FORBIDDEN,
            Some(user),
            "需要管理员权限",
            "只有管理员可以查看其他客服的资料。",
        ));
    }
    match state.store().agent(user.tenant, id).await {
        Ok(Some(agent)) => Ok(agent),
        Ok(None) => Err(unknown()),
        Err(error) => Err(layout::error_page(Some(user), error.into())),
    }
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
        Ok((context, _)) => {
            let values = wire_values(&agent, &user);
            page(
                StatusCode::OK,
                &user,
                Some(&agent),
                &values,
                &context,
                &FormErrors::default(),
                query.notice.as_deref(),
            )
        }
        Err(error) => layout::error_page(Some(&user), error),
    }
}

/// `POST /console/agents/{sId}`: what `PUT /api/v1/supports/{sId}.json` does, with the
/// same rule about what an agent may change of its own record.
pub async fn update(State(state): State<AppState>, Path(raw): Path<String>, form: ConsoleForm) -> Response {
    let user = &form.user;
    let current = match visible_agent(&state, user, &raw).await {
        Ok(agent) => agent,
        Err(response) => return response,
    };
    let (context, fields) = match context(&state, user).await {
        Ok(loaded) => loaded,
        Err(error) => return layout::error_page(Some(user), error),
    };
    let submitted = members(&form.fields, &context.definitions, user.is_admin, false);
    let result = async {
        let shown = support(&current, &BaseUrl(String::new()), &user.zone);
        let mut patch = agent_patch(submitted.clone(), &shown, &fields)?;
        let privileges = CurrentPrivileges {
            is_admin: current.is_admin,
            groups: current.groups.clone(),
            job_number: current.job_number.clone(),
        };
        authorize_patch(user.caller().actor(), current.id, &patch, &privileges).map_err(ApiError::forbidden)?;
        let password_hash = match patch.password.take() {
            Some(password) => Some(state.auth().hash(password).await?),
            None => None,
        };
        let updated = state
            .store()
            .update_agent(user.tenant, current.id, &patch, password_hash.clone())
            .await
            .map_err(|e| ApiError::from_store(e, || format!("no agent with sId {}", current.id)))?;
        Ok::<_, ApiError>((updated, password_hash))
    }
    .await;
    match result {
        Ok((updated, password_hash)) => {
            // A new password ends the agent's other sessions; this one goes on.
            if let (Some(hash), true) = (&password_hash, updated.id == user.agent)
                && let Err(error) =
                    state.store().rebind_console_session(user.token_hash(), &password_digest(hash)).await
            {
                return layout::error_page(Some(user), error.into());
            }
            form.audit(&state).await;
            layout::redirect(&format!("/console/agents/{}?notice=saved", updated.id))
        }
        Err(error) => {
            let mut values = wire_values(&current, user);
            values.extend(submitted);
            let errors = errors_of(&error, &context.definitions);
            page(status_of(&error), user, Some(&current), &values, &context, &errors, None)
        }
    }
}
