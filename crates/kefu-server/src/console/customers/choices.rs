//! The contact form's pickers: a checkbox per contact group.

use kefu_app::AppError;
use kefu_domain::customer::group::CustomerGroupType;
use kefu_domain::limits::MAX_PER_PAGE;
use kefu_domain::paging::PageRequest;
use maud::{Markup, html};

use crate::console::layout::{self, FormErrors};
use crate::state::AppState;

/// The account's contact groups (type 2), every page of them.
pub async fn contact_groups(state: &AppState, caller: &kefu_app::Caller) -> Result<Vec<(String, String)>, AppError> {
    let mut groups = Vec::new();
    for page in 1.. {
        let found = state.app().customer_groups().page(caller, PageRequest::new(page, MAX_PER_PAGE)).await?;
        let done = found.rows.len() < MAX_PER_PAGE as usize;
        groups.extend(
            found
                .rows
                .into_iter()
                .filter(|g| g.group_type == CustomerGroupType::Contact)
                .map(|g| (g.id.to_string(), g.name)),
        );
        if done {
            break;
        }
    }
    Ok(groups)
}

/// A checkbox per contact group, the contact's ticked.
pub fn group_choices(groups: &[(String, String)], chosen: &str, errors: &FormErrors) -> Markup {
    let chosen: Vec<&str> = chosen.split(',').map(str::trim).collect();
    html! {
        fieldset.choices id=(layout::field_id("userGroup")) {
            legend { "客户分组" }
            (errors.field("userGroup"))
            input type="hidden" name="userGroup" value="";
            @if groups.is_empty() { p.hint { "还没有联系人类客户分组" } }
            @for (id, name) in groups {
                label.check {
                    input type="checkbox" name="userGroup" value=(id) checked[chosen.contains(&id.as_str())];
                    " " (name)
                }
            }
        }
    }
}
