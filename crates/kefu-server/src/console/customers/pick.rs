//! The company picker of the contact form (2B accounts): `/console/companies/pick?q=…`
//! answers up to 20 companies whose name holds `q` (the API's company search for a bare
//! value), or whose uId it is — so a contact's company is chosen by name among thousands,
//! as the agent and contact pickers do. Every agent may use it (every agent reads
//! companies); in a 2C account it answers the companies' 403.

use axum::Router;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::get;
use kefu_app::AppError;
use kefu_domain::CompanyId;
use kefu_domain::customer::search::parse_company_query;
use kefu_domain::paging::PageRequest;
use kefu_store::CompanyRecord;
use maud::Markup;
use serde::Serialize;

use crate::console::layout::FormErrors;
use crate::console::pickers::{PickQuery, Picker, suggestions};
use crate::console::session::ConsoleUser;
use crate::state::AppState;

const SUGGESTIONS: u64 = kefu_domain::limits::CONSOLE_PICKER_SUGGESTIONS;

pub fn routes() -> Router<AppState> {
    Router::new().route("/console/companies/pick", get(pick))
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
    let caller = user.caller();
    let companies = state.app().companies();
    let by_id = async |text: &str| {
        let company = companies.show(&caller, CompanyId::parse(text).ok()?).await.ok()?;
        (!company.is_deleted).then_some(company)
    };
    // A bare value only: a name.
    let search = async |text: &str| {
        let Ok(term) = parse_company_query(text, state.limits().max_query_chars) else { return Ok(Vec::new()) };
        let page = companies.search(&caller, &term, PageRequest::new(1, SUGGESTIONS)).await?;
        Ok::<_, AppError>(page.rows.into_iter().filter(|c| !c.is_deleted).collect())
    };
    suggestions(query.q.as_deref(), by_id, search, |f: &Suggestion, c| f.u_id == c.id.to_string(), suggestion).await
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
