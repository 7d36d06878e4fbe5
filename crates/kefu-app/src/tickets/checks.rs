//! The checks a ticket write makes before anything is written: its custom values against the
//! definitions and its template, and the contact, agents, groups and template it names against
//! the tenant. Every problem is collected so one 400 names them all.

use kefu_domain::custom_field::{FieldEntity, FieldValue, field_key};
use kefu_domain::ticket::access;
use kefu_domain::ticket::command::{TemplateField, check_template_values, values_off_template};
use kefu_domain::ticket::template::usable_by;
use kefu_domain::{AgentId, CompanyId, FieldError, GroupId, TemplateId};

use super::{TicketInput, Tickets};
use crate::{AppError, Caller};

/// The checked values of a write: what to set (Some) or clear (None), and the history's
/// changes of them.
pub(super) struct CheckedValues {
    pub(super) values: Vec<(i64, Option<FieldValue>)>,
    pub(super) changes: Vec<(String, String, String)>,
}

impl Tickets<'_> {
    /// Checks the values sent against the definitions and the template the ticket will have
    /// (`stored`: its values before; `full`: a create, or a change of template, where every
    /// required field of the template needs a value). Values of fields the new template
    /// lacks are cleared, with their old values in the history.
    pub(super) async fn check_values(
        &self,
        caller: &Caller,
        input: &TicketInput,
        template: Option<TemplateId>,
        stored: &[(i64, String)],
        full: bool,
        problems: &mut Vec<FieldError>,
    ) -> Result<CheckedValues, AppError> {
        let mut checked = CheckedValues { values: Vec::new(), changes: Vec::new() };
        // Nothing sent, nothing stored and no template to require values: no definition
        // could add a problem or a value (a create without fields skips the read).
        if input.custom_fields.is_empty() && stored.is_empty() && (!full || template.is_none()) {
            return Ok(checked);
        }
        let definitions =
            crate::customer_fields::EntityFields::load(self.0, caller.tenant, FieldEntity::Ticket).await?;
        let (values, value_problems) = definitions.check(input.custom_fields.clone(), false, input.dialect);
        problems.extend(value_problems);
        let attached: Vec<TemplateField> = match template {
            Some(id) => match self.0.store().ticket_template(caller.tenant, id).await? {
                Some(found) => found
                    .fields
                    .iter()
                    .map(|n| TemplateField {
                        number: *n,
                        required: definitions.fields.iter().any(|f| f.number == *n && f.required),
                    })
                    .collect(),
                None => return Ok(checked),
            },
            None => Vec::new(),
        };
        let written: Vec<i64> = values.iter().map(|(n, _)| *n).collect();
        let mut after: Vec<i64> = stored.iter().map(|(n, _)| *n).filter(|n| !written.contains(n)).collect();
        after.extend(values.iter().filter(|(_, v)| v.is_some()).map(|(n, _)| *n));
        let off: Vec<i64> = if template.is_some() || !stored.is_empty() {
            values_off_template(&after, &attached).into_iter().filter(|n| !written.contains(n)).collect()
        } else {
            Vec::new()
        };
        after.retain(|n| !off.contains(n));
        if let Err(template_problems) = check_template_values(template, &attached, &after, &written, full) {
            problems.extend(template_problems);
        }
        let old = |number: i64| stored.iter().find(|(n, _)| *n == number).map(|(_, v)| v.clone()).unwrap_or_default();
        let groups = self.caller_groups(caller).await?;
        for (number, value) in &values {
            let to = value.as_ref().map(|v| v.to_json().to_string()).unwrap_or_default();
            // A value sent back unchanged is no change (the tolerant PUT): only a change
            // meets the read-only range.
            let field = definitions.fields.iter().find(|f| f.number == *number);
            if to != old(*number)
                && field.is_some_and(|f| !f.settings.readonly.may_edit(caller.agent, caller.is_admin, &groups))
            {
                problems.push(crate::custom_fields::value_problem(
                    *number,
                    "is read-only for you: only an administrator (or an agent outside its read-only range) may change it",
                ));
            }
            checked.changes.push((field_key(*number), old(*number), to));
        }
        for number in off {
            checked.changes.push((field_key(number), old(number), String::new()));
            checked.values.push((number, None));
        }
        checked.values.extend(values);
        Ok(checked)
    }

    /// Checks the contact, assignee, group, cc lists and template the input names against
    /// the tenant; answers the contact's company when a contact was sent (Some).
    pub(super) async fn check_references(
        &self,
        caller: &Caller,
        input: &TicketInput,
        assignee: Option<AgentId>,
        group: Option<GroupId>,
        problems: &mut Vec<FieldError>,
    ) -> Result<Option<Option<CompanyId>>, AppError> {
        let store = self.0.store();
        let mut company = None;
        if let Some(contact) = input.contact {
            match store.ticket_contact(caller.tenant, contact).await? {
                Some(found) => company = Some(found),
                None => problems.push(FieldError::new("custUserId", format!("no contact {contact} in this company"))),
            }
        }
        if let Some(Some(agent)) = input.assignee {
            match store.agent(caller.tenant, agent).await? {
                Some(found) if found.status == kefu_domain::agent::AgentStatus::Active => {
                    if let Some(group) = group
                        && let Err(message) = access::check_assignee_in_group(agent, &found.groups, group)
                    {
                        problems.push(FieldError::new("servicerUserId", message));
                    }
                }
                Some(_) => problems.push(FieldError::new("servicerUserId", format!("agent {agent} is not active"))),
                None => problems.push(FieldError::new("servicerUserId", format!("no agent {agent} in this company"))),
            }
        } else if let (Some(Some(group)), Some(agent)) = (input.group, assignee)
            && let Some(found) = store.agent(caller.tenant, agent).await?
            && let Err(message) = access::check_assignee_in_group(agent, &found.groups, group)
        {
            problems.push(FieldError::new("servicerUserId", message));
        }
        if let Some(Some(group)) = input.group
            && store.group(caller.tenant, group).await?.is_none()
        {
            problems.push(FieldError::new("servicerGroupId", format!("no support group {group} in this company")));
        }
        if let Some(agents) = &input.cc_agents {
            crate::known::check_agents(self.0, caller.tenant, "ccUserIdList", agents, problems).await?;
        }
        if let Some(groups) = &input.cc_groups {
            crate::known::check_groups(self.0, caller.tenant, "ccGroupIdList", groups, problems).await?;
        }
        if let Some(Some(template)) = input.template {
            match store.ticket_template(caller.tenant, template).await? {
                None => problems.push(FieldError::new(
                    "ticketTemplateId",
                    format!("no ticket template {template} in this company"),
                )),
                Some(found) => {
                    let groups = self.caller_groups(caller).await?;
                    let who = access::Caller { agent: caller.agent, is_admin: caller.is_admin, groups: &groups };
                    if !usable_by(&found.audience, found.released, found.creator, who) {
                        let why = if found.released { "is not offered to you" } else { "is not released" };
                        problems.push(FieldError::new("ticketTemplateId", format!("template {template} {why}")));
                    }
                }
            }
        }
        Ok(company)
    }
}
