//! The company picker of the contact form (2B accounts): `/console/companies/pick?q=…`
//! answers up to 20 companies whose name holds `q` (the API's company search for a bare
//! value), or whose uId it is — so a contact's company is chosen by name among thousands,
//! as the agent and contact pickers do. Every agent may use it (every agent reads
//! companies); in a 2C account it answers the companies' 403.

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use kefu_domain::CompanyId;
use kefu_domain::customer::search::parse_company_query;
use kefu_domain::paging::PageRequest;
use kefu_store::CompanyRecord;
use maud::Markup;
use serde::{Deserialize, Serialize};

use crate::console::layout::FormErrors;
use crate::console::pickers::{Picker, add_unseen, answer};
use crate::console::session::ConsoleUser;
use crate::http::error::ApiError;
use crate::state::AppState;

const SUGGESTIONS: u64 = kefu_domain::limits::CONSOLE_PICKER_SUGGESTIONS;

pub fn routes() -> Router<AppState> {
    Router::new().route("/console/companies/pick", get(pick))
}

#[derive(Debug, Default, Deserialize)]
struct PickQuery {
    q: Option<String>,
}

#[derive(Serialize)]
struct Suggestion {
    #[serde(rename = "uId")]
    u_id: String,
    label: String,
}

/// `name（uId N）`, as the picker shows a company.
fn label(company: &CompanyRecord) -> String {
    format!("{}（uId {}）", company.name, company.id)
}

fn suggestion(company: &CompanyRecord) -> Suggestion {
    Suggestion { u_id: company.id.to_string(), label: label(company) }
}

async fn pick(State(state): State<AppState>, user: ConsoleUser, Query(query): Query<PickQuery>) -> Response {
    let text = query.q.as_deref().map(str::trim).unwrap_or("");
    if text.is_empty() {
        return Json(Vec::<Suggestion>::new()).into_response();
    }
    let caller = user.caller();
    let companies = state.app().companies();
    let mut found = Vec::new();
    if let Ok(id) = CompanyId::parse(text)
        && let Ok(company) = companies.show(&caller, id).await
        && !company.is_deleted
    {
        found.push(suggestion(&company));
    }
    // A bare value only: a name (a `:` would name a field: not here).
    let term = if text.contains(':') { None } else { parse_company_query(text, state.limits().max_query_chars).ok() };
    if let Some(term) = term {
        match companies.search(&caller, &term, PageRequest::new(1, SUGGESTIONS)).await {
            Ok(page) => {
                let live: Vec<&CompanyRecord> = page.rows.iter().filter(|c| !c.is_deleted).collect();
                add_unseen(&mut found, &live, |f, c| f.u_id == c.id.to_string(), |c| suggestion(c));
            }
            Err(error) => return ApiError::from(error).into_response(),
        }
    }
    answer(found)
}

/// The contact form's 所属公司 field: a uId, with type-ahead by name.
pub fn company_field(value: &str, chosen: Option<&str>, errors: &FormErrors) -> Markup {
    let picker = Picker {
        id: &crate::console::layout::field_id("companyId"),
        name: "companyId",
        label: "所属公司",
        hint: "输入公司名称查找，或直接填写公司的 uId（2B 账号的联系人必须属于一家公司）。",
        url: "/console/companies/pick",
        list: "companies",
        required: true,
    };
    picker.render(value, chosen, errors)
}

/// The label of the live company a uId names, to show beside the picker; None when the
/// field is empty, not a uId, or names no company of the account.
pub async fn chosen_company(state: &AppState, user: &ConsoleUser, raw: &str) -> Option<String> {
    let id = CompanyId::parse(raw.trim()).ok()?;
    let company = state.app().companies().show(&user.caller(), id).await.ok()?;
    (!company.is_deleted).then(|| label(&company))
}
