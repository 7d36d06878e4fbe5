//! The agent picker of the console's forms (排班, 签到): a text field that takes an sId, with
//! type-ahead suggestions from `/console/agents/pick?q=…` — the agents' search (login,
//! name, job number, mobile) — so any agent of a company of thousands can be chosen, where
//! a `<select>` of every agent would have to stop somewhere. Without the script the field
//! still takes an sId, and the server checks it as the API checks one.

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use kefu_app::agents::AgentQuery;
use kefu_domain::AgentId;
use kefu_domain::agent::AgentStatus;
use kefu_domain::paging::PageRequest;
use kefu_domain::search::{SearchQuery, SortKey, SortOrder};
use kefu_store::{AgentListFilter, AgentOrder, AgentRecord};
use maud::{Markup, html};
use serde::{Deserialize, Serialize};

use super::layout::{self, FormErrors, Input};
use super::session::{ConsoleAdmin, ConsoleUser};
use crate::http::error::ApiError;
use crate::state::AppState;

/// What an agent picker says under its label.
const AGENT_PICKER_HINT: &str = "输入姓名、登录账号、工号或手机号查找，或直接填写 sId。";

/// Suggestions one keystroke brings at most.
const SUGGESTIONS: u64 = kefu_domain::limits::CONSOLE_PICKER_SUGGESTIONS;

pub fn routes() -> Router<AppState> {
    Router::new().route("/console/agents/pick", get(pick))
}

/// A picker's query: `?q=` the text typed so far.
#[derive(Debug, Default, Deserialize)]
pub struct PickQuery {
    pub q: Option<String>,
}

#[derive(Serialize)]
struct Suggestion {
    #[serde(rename = "sId")]
    s_id: String,
    label: String,
}

/// `name（job number）· login`, as the pickers show an agent.
pub fn label(name: &str, passport_name: &str, job_number: &str) -> String {
    let shown = if name.is_empty() { passport_name } else { name };
    format!("{shown}（{job_number}）· {passport_name}")
}

fn suggestion(agent: &AgentRecord) -> Suggestion {
    Suggestion { s_id: agent.id.to_string(), label: label(&agent.name, &agent.passport_name, &agent.job_number) }
}

/// Agents whose login, name, job number or mobile holds `q` (or whose sId it is), active
/// ones only, by sId: at most [`SUGGESTIONS`].
async fn pick(
    State(state): State<AppState>,
    ConsoleAdmin(user): ConsoleAdmin,
    Query(query): Query<PickQuery>,
) -> Response {
    let caller = user.caller();
    let agents = state.app().agents();
    let by_id = async |text: &str| {
        let agent = agents.show(&caller, AgentId::parse(text).ok()?).await.ok()?;
        (agent.status == AgentStatus::Active).then_some(agent)
    };
    // A bare value, searched for in the four fields.
    let search = async |text: &str| {
        let Some(search) = SearchQuery::parse(text).ok().filter(|s| s.field.is_none()) else {
            return Ok(Vec::new());
        };
        let filter = AgentListFilter {
            created_from: None,
            created_until: None,
            status: Some(AgentStatus::Active),
            search: Some(search),
        };
        let request = AgentQuery {
            filter,
            order: AgentOrder { key: SortKey::Id, direction: SortOrder::Asc },
            page: PageRequest::new(1, SUGGESTIONS),
        };
        agents.page(&caller, &request).await.map(|page| page.rows)
    };
    suggestions(query.q.as_deref(), by_id, search, |f: &Suggestion, agent| f.s_id == agent.id.to_string(), suggestion)
        .await
}

/// A type-ahead's answer to `text`: the live row it is the id of (`by_id`), then the rows a
/// bare value finds (`search`; a text with a `:` would name a field: not here), each once
/// (`seen`), at most [`SUGGESTIONS`]. The pickers differ only in these.
pub async fn suggestions<R, S: Serialize, E: Into<ApiError>>(
    text: Option<&str>,
    by_id: impl AsyncFnOnce(&str) -> Option<R>,
    search: impl AsyncFnOnce(&str) -> Result<Vec<R>, E>,
    seen: impl Fn(&S, &R) -> bool,
    suggest: impl Fn(&R) -> S,
) -> Response {
    let text = text.map(str::trim).unwrap_or("");
    if text.is_empty() {
        return Json(Vec::<S>::new()).into_response();
    }
    let mut found: Vec<S> = by_id(text).await.iter().map(&suggest).collect();
    if !text.contains(':') {
        match search(text).await {
            Ok(rows) => add_unseen(&mut found, &rows, seen, suggest),
            Err(error) => return error.into().into_response(),
        }
    }
    answer(found)
}

/// Adds the search's rows a picker has not suggested yet (`seen` says whether one is), in order.
pub fn add_unseen<S, R>(found: &mut Vec<S>, rows: &[R], seen: impl Fn(&S, &R) -> bool, suggest: impl Fn(&R) -> S) {
    for row in rows {
        if !found.iter().any(|f| seen(f, row)) {
            found.push(suggest(row));
        }
    }
}

/// A picker's answer: the suggestions found, at most [`SUGGESTIONS`].
pub fn answer<S: Serialize>(mut found: Vec<S>) -> Response {
    found.truncate(usize::try_from(SUGGESTIONS).unwrap_or(20));
    Json(found).into_response()
}

/// The picker field `name` (an sId; its input's id `id`) with its label, the chosen
/// agent's label (`chosen`), hint and error messages; `required` marks it.
pub fn agent_field(
    id: &str,
    name: &str,
    label: &str,
    value: &str,
    chosen: Option<&str>,
    required: bool,
    errors: &FormErrors,
) -> Markup {
    let picker =
        Picker { id, name, label, hint: AGENT_PICKER_HINT, url: "/console/agents/pick", list: "agents", required };
    picker.render(value, chosen, errors)
}

/// An optional agent field (`name`, an sId) as `user` may fill it: the picker for an
/// administrator; for another agent, whom the agents' search (the picker's suggestions) is
/// closed to, a plain sId field — the API takes any active agent's sId from either. `note`
/// follows the hint of both; the chosen agent (`chosen`) is named beside either.
pub fn agent_field_for(
    user: &ConsoleUser,
    name: &str,
    label: &str,
    value: &str,
    chosen: Option<&str>,
    note: &str,
    errors: &FormErrors,
) -> Markup {
    if user.is_admin {
        let hint = format!("{AGENT_PICKER_HINT}{note}");
        let id = layout::field_id(name);
        let picker =
            Picker { id: &id, name, label, hint: &hint, url: "/console/agents/pick", list: "agents", required: false };
        return picker.render(value, chosen, errors);
    }
    let hint = match chosen {
        Some(chosen) => format!("客服的 sId（现为 {chosen}）。{note}"),
        None => format!("客服的 sId。{note}"),
    };
    Input::text(name, label, value).hint(&hint).inputmode("numeric").render(errors)
}

/// A type-ahead text field: its input's id and name, label and hint, the route that
/// answers suggestions (`[{"sId"|"cId"|"uId": …, "label": …}]`) and its datalist's suffix.
/// Without the script it is a plain text field that takes an id.
pub struct Picker<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub label: &'a str,
    pub hint: &'a str,
    pub url: &'a str,
    pub list: &'a str,
    pub required: bool,
}

impl Picker<'_> {
    /// The field with its value, the chosen record's label (`chosen`) and error messages.
    pub fn render(&self, value: &str, chosen: Option<&str>, errors: &FormErrors) -> Markup {
        let (id, name, required) = (self.id, self.name, self.required);
        let list = format!("{id}-{}", self.list);
        let invalid = !errors.messages(name).is_empty();
        let mut described = format!("{id}-hint");
        if invalid {
            described.push(' ');
            described.push_str(&layout::error_id(name));
        }
        html! {
            div.field.invalid[invalid] {
                label for=(id) { (self.label) @if required { span.req aria-hidden="true" { " *" } } }
                p.hint id={ (id) "-hint" } { (self.hint) }
                (errors.field(name))
                input id=(id) name=(name) type="text" value=(value) list=(list) autocomplete="off"
                    data-agent-picker=(self.url) aria-required=[required.then_some("true")]
                    aria-invalid=[invalid.then_some("true")] aria-describedby=(described);
                datalist id=(list) {}
                p.picked data-picked-for=(id) aria-live="polite" { @if let Some(chosen) = chosen { (chosen) } }
            }
        }
    }
}

/// The label of the agent an sId names, for showing it beside a picker; None when the
/// field is empty, not an sId, or names no agent of the company.
pub async fn chosen_label(state: &AppState, user: &ConsoleUser, raw: &str) -> Option<String> {
    let id = AgentId::parse(raw.trim()).ok()?;
    let agent = state.app().agents().show(&user.caller(), id).await.ok()?;
    Some(label(&agent.name, &agent.passport_name, &agent.job_number))
}
