//! The contact picker of the new ticket form: `/console/contacts/pick?q=…` answers up to
//! 20 contacts whose name holds `q`, or whose mobile, landline or e-mail it is (the API's
//! contact search for a bare value), or whose cId it is — so any contact of a large
//! company can be chosen, as the agent pickers do for agents. Every agent may use it (every
//! agent reads contacts).

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use kefu_domain::ContactId;
use kefu_domain::customer::search::parse_contact_query;
use kefu_domain::paging::PageRequest;
use kefu_store::ContactRecord;
use serde::{Deserialize, Serialize};

use crate::console::pickers::{add_unseen, answer};
use crate::console::session::ConsoleUser;
use crate::http::error::ApiError;
use crate::state::AppState;

const SUGGESTIONS: u64 = kefu_domain::limits::CONSOLE_PICKER_SUGGESTIONS;

pub fn routes() -> Router<AppState> {
    Router::new().route("/console/contacts/pick", get(pick))
}

#[derive(Debug, Default, Deserialize)]
struct PickQuery {
    q: Option<String>,
}

#[derive(Serialize)]
struct Suggestion {
    #[serde(rename = "cId")]
    c_id: String,
    label: String,
}

/// `name · mobile or e-mail`, as the picker shows a contact.
pub fn label(contact: &ContactRecord) -> String {
    let reach = [&contact.mobile, &contact.fixnumber, &contact.email].into_iter().find(|v| !v.is_empty());
    match reach {
        Some(reach) => format!("{} · {reach}", contact.name),
        None => contact.name.clone(),
    }
}

fn suggestion(contact: &ContactRecord) -> Suggestion {
    Suggestion { c_id: contact.id.to_string(), label: label(contact) }
}

async fn pick(State(state): State<AppState>, user: ConsoleUser, Query(query): Query<PickQuery>) -> Response {
    let text = query.q.as_deref().map(str::trim).unwrap_or("");
    if text.is_empty() {
        return Json(Vec::<Suggestion>::new()).into_response();
    }
    let caller = user.caller();
    let contacts = state.app().contacts();
    let mut found = Vec::new();
    if let Ok(id) = ContactId::parse(text)
        && let Ok(contact) = contacts.show(&caller, id).await
        && !contact.is_deleted
    {
        found.push(suggestion(&contact));
    }
    // A bare value only (a `:` would name a field: not here).
    let term = if text.contains(':') { None } else { parse_contact_query(text, state.limits().max_query_chars).ok() };
    if let Some(term) = term {
        match contacts.search(&caller, &term, PageRequest::new(1, SUGGESTIONS)).await {
            Ok(page) => add_unseen(&mut found, &page.rows, |f, c| f.c_id == c.id.to_string(), suggestion),
            Err(error) => return ApiError::from(error).into_response(),
        }
    }
    answer(found)
}
