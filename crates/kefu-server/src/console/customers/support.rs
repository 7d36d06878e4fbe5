//! 负责客服 (`supportId`) on the company and contact forms: the agents' picker for an
//! administrator, an sId field for another agent ([`pickers::agent_field_for`]), the stored
//! agent named beside it. The API cannot take the agent away (`supportId` is an active
//! agent's sId), so an empty field is the member left out: the creating agent on a new
//! record, the stored agent on an edit.

use kefu_domain::{AgentId, FieldError};
use maud::Markup;

use super::member;
use crate::console::csrf::Fields;
use crate::console::layout::FormErrors;
use crate::console::pickers;
use crate::console::session::ConsoleUser;
use crate::state::AppState;

/// The member's (and the form field's) name.
pub const SUPPORT: &str = "supportId";

/// The agent the form names, by the API's parser; None when the field is empty or absent.
pub fn read_support(fields: &Fields, problems: &mut Vec<FieldError>) -> Option<AgentId> {
    member(fields, SUPPORT, problems, |raw| match raw.trim() {
        "" => Ok(None),
        id => AgentId::parse(id).map(Some),
    })
    .flatten()
}

/// The field with `value` (an sId), the agent it names shown beside it; `editing` says
/// what an empty field does.
pub async fn support_field(
    state: &AppState,
    user: &ConsoleUser,
    value: &str,
    editing: bool,
    errors: &FormErrors,
) -> Markup {
    let chosen = pickers::chosen_label(state, user, value).await;
    let note =
        if editing { "留空则不修改（负责客服不能清空）。" } else { "留空则为创建者本人。" };
    pickers::agent_field_for(user, SUPPORT, "负责客服", value, chosen.as_deref(), note, errors)
}
