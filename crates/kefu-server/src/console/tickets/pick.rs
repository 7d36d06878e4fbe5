//! The contact picker of the new ticket form: `/console/contacts/pick?q=…` answers up to
//! 20 contacts whose name holds `q`, or whose mobile, landline or e-mail it is (the API's
//! contact search for a bare value), or whose cId it is — so any contact of a large
//! company can be chosen, as the agent pickers do for agents. Every agent may use it (every
//! agent reads contacts).

use axum::Router;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::get;
use kefu_app::AppError;
use kefu_domain::ContactId;
use kefu_domain::customer::search::parse_contact_query;
use kefu_domain::paging::PageRequest;
use kefu_store::ContactRecord;
use serde::Serialize;

use crate::console::pickers::{PickQuery, suggestions};
use crate::console::session::ConsoleUser;
use crate::state::AppState;

const SUGGESTIONS: u64 = kefu_domain::limits::CONSOLE_PICKER_SUGGESTIONS;

pub fn routes() -> Router<AppState> {
    Router::new().route("/console/contacts/pick", get(pick))
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
    let caller = user.caller();
    let contacts = state.app().contacts();
    let by_id = async |text: &str| {
        let contact = contacts.show(&caller, ContactId::parse(text).ok()?).await.ok()?;
        (!contact.is_deleted).then_some(contact)
    };
    // A bare value: a name, a mobile, a landline or an e-mail.
    let search = async |text: &str| {
        let Ok(term) = parse_contact_query(text, state.limits().max_query_chars) else { return Ok(Vec::new()) };
        let page = contacts.search(&caller, &term, PageRequest::new(1, SUGGESTIONS)).await?;
        Ok::<_, AppError>(page.rows)
    };
    suggestions(query.q.as_deref(), by_id, search, |f: &Suggestion, c| f.c_id == c.id.to_string(), suggestion).await
}
