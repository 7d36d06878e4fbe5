//! The cc lists of a ticket's properties form: the agents copied as checkboxes (unticking
//! one removes it) with the agents' picker to add one more (a plain sId field for an agent,
//! as the assign form), and the support groups as checkboxes. A hidden empty value is
//! always sent, so nothing ticked clears a list. Read back into the API's id lists, with
//! the problems under the API's member names (`ccUserIdList`, `ccGroupIdList`).

use kefu_domain::ticket::content::{parse_cc_agents, parse_cc_groups};
use kefu_domain::{AgentId, FieldError, GroupId};
use maud::{Markup, html};

use super::show::TicketPage;
use crate::console::csrf::Fields;
use crate::console::layout::{self, FormErrors};
use crate::console::pickers;
use crate::console::session::ConsoleUser;

/// The form field of the agent to add.
const ADD_AGENT: &str = "ccUserIdAdd";

/// The ids ticked under `name` (and for the agents the one added), as the API's list; None
/// when the form did not send the list at all.
fn sent(fields: &Fields, name: &str, added: Option<&str>) -> Option<String> {
    let mut ids: Vec<&str> = fields.all(name);
    ids.extend(added.into_iter().flat_map(|raw| raw.split(',')));
    let ids: Vec<&str> = ids.into_iter().map(str::trim).filter(|id| !id.is_empty()).collect();
    (fields.get(name).is_some() || !ids.is_empty()).then(|| ids.join(","))
}

/// A list the form sent, parsed; its problem under `name`.
fn parsed<T>(
    name: &str,
    raw: Option<String>,
    parse: fn(&str) -> Result<T, String>,
    problems: &mut Vec<FieldError>,
) -> Option<T> {
    match parse(&raw?) {
        Ok(ids) => Some(ids),
        Err(message) => {
            problems.push(FieldError::new(name, message));
            None
        }
    }
}

/// The cc lists the form sent.
pub fn read(fields: &Fields, problems: &mut Vec<FieldError>) -> (Option<Vec<AgentId>>, Option<Vec<GroupId>>) {
    let agents = sent(fields, "ccUserIdList", fields.get(ADD_AGENT));
    let groups = sent(fields, "ccGroupIdList", None);
    (
        parsed("ccUserIdList", agents, parse_cc_agents, problems),
        parsed("ccGroupIdList", groups, parse_cc_groups, problems),
    )
}

/// The ticked ids: the refused form's, else the stored ones.
fn ticked(submitted: Option<&Fields>, name: &str, stored: Vec<String>) -> Vec<String> {
    match submitted {
        Some(fields) => fields.all(name).into_iter().filter(|id| !id.is_empty()).map(str::to_owned).collect(),
        None => stored,
    }
}

/// The cc agents' checkboxes and picker, and the cc groups' checkboxes.
pub fn fields(user: &ConsoleUser, page: &TicketPage, submitted: Option<&Fields>, errors: &FormErrors) -> Markup {
    let f = &page.ticket().fields;
    let agents = ticked(submitted, "ccUserIdList", f.cc_agents.iter().map(ToString::to_string).collect());
    let groups = ticked(submitted, "ccGroupIdList", f.cc_groups.iter().map(ToString::to_string).collect());
    let added = submitted.map(|s| s.one(ADD_AGENT)).unwrap_or("");
    html! {
        fieldset.choices id=(layout::field_id("ccUserIdList")) {
            legend { "抄送客服" }
            (errors.field("ccUserIdList"))
            input type="hidden" name="ccUserIdList" value="";
            @if agents.is_empty() { p.hint { "没有抄送客服。" } }
            @for id in &agents {
                @let name = id.parse().map(|n| page.agent_name(AgentId(n))).unwrap_or_else(|_| id.clone());
                label.check { input type="checkbox" name="ccUserIdList" value=(id) checked; " " (name) }
            }
            (pickers::agent_field_for(user, ADD_AGENT, "添加抄送客服", added, None, "", errors))
        }
        fieldset.choices id=(layout::field_id("ccGroupIdList")) {
            legend { "抄送分组" }
            (errors.field("ccGroupIdList"))
            input type="hidden" name="ccGroupIdList" value="";
            @if page.groups().is_empty() { p.hint { "还没有分组。" } }
            @for group in page.groups() {
                @let id = group.id.to_string();
                label.check { input type="checkbox" name="ccGroupIdList" value=(id) checked[groups.contains(&id)]; " " (group.name) }
            }
        }
    }
}
