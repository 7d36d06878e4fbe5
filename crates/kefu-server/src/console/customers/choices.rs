//! The customer forms' choices: the account's customer groups of one type (a checkbox per
//! contact group, a select of the company groups) and the support groups that serve a
//! company, as checkboxes.

use kefu_app::AppError;
use kefu_domain::customer::group::CustomerGroupType;
use kefu_domain::limits::MAX_PER_PAGE;
use kefu_domain::paging::PageRequest;
use maud::{Markup, html};

use crate::console::layout::{self, FormErrors};
use crate::state::AppState;

/// The account's customer groups of `wanted` type (1 companies, 2 contacts), every page
/// of them, as (groupId, name).
pub async fn customer_groups(
    state: &AppState,
    caller: &kefu_app::Caller,
    wanted: CustomerGroupType,
) -> Result<Vec<(String, String)>, AppError> {
    let mut groups = Vec::new();
    for page in 1.. {
        let found = state.app().customer_groups().page(caller, PageRequest::new(page, MAX_PER_PAGE)).await?;
        let done = found.rows.len() < MAX_PER_PAGE as usize;
        groups.extend(found.rows.into_iter().filter(|g| g.group_type == wanted).map(|g| (g.id.to_string(), g.name)));
        if done {
            break;
        }
    }
    Ok(groups)
}

/// The support groups of the company account, as (groupId, name).
pub async fn support_groups(state: &AppState, caller: &kefu_app::Caller) -> Result<Vec<(String, String)>, AppError> {
    Ok(state.app().groups().all(caller).await?.into_iter().map(|g| (g.id.to_string(), g.name)).collect())
}

/// A checkbox per choice under `legend`, the ids in `chosen` (comma-separated) ticked; a
/// hidden empty `name` first, so that ticking none clears the list.
pub fn checkboxes(
    name: &str,
    legend: &str,
    none: &str,
    choices: &[(String, String)],
    chosen: &str,
    errors: &FormErrors,
) -> Markup {
    let chosen: Vec<&str> = chosen.split(',').map(str::trim).collect();
    html! {
        fieldset.choices id=(layout::field_id(name)) {
            legend { (legend) }
            (errors.field(name))
            input type="hidden" name=(name) value="";
            @if choices.is_empty() { p.hint { (none) } }
            @for (id, text) in choices {
                label.check {
                    input type="checkbox" name=(name) value=(id) checked[chosen.contains(&id.as_str())];
                    " " (text)
                }
            }
        }
    }
}

/// A checkbox per contact group, the contact's ticked.
pub fn group_choices(groups: &[(String, String)], chosen: &str, errors: &FormErrors) -> Markup {
    checkboxes("userGroup", "客户分组", "还没有联系人类客户分组", groups, chosen, errors)
}

/// The ids a checkbox list sent, comma-separated (the API's list); None when the form did
/// not have the list.
pub fn ticked(fields: &crate::console::csrf::Fields, name: &str) -> Option<String> {
    fields.get(name)?;
    Some(fields.all(name).into_iter().filter(|id| !id.is_empty()).collect::<Vec<_>>().join(","))
}
