//! The commands that create and change a ticket, and the checks of its custom field values
//! against its template.

use super::codes::{Priority, TicketSource, TicketStatus, TicketType};
use super::content::{Description, Subject};
use super::reply::NewReply;
use crate::custom_field::{Attachment, FieldValue, field_key};
use crate::ids::{AgentId, ContactId, GroupId, TemplateId};
use crate::tags::Tags;
use crate::{FieldError, Problems};

/// A new ticket, every field checked. Who creates it (`createrId`, `createrType`) is the
/// caller's, and its company is its contact's (both decided by the use case).
#[derive(Debug, Clone)]
pub struct NewTicket {
    pub subject: Subject,
    pub description: Description,
    pub attachments: Vec<Attachment>,
    pub source: TicketSource,
    pub ticket_type: TicketType,
    pub priority: Priority,
    /// As asked; None: see `status_on_create`.
    pub status: Option<TicketStatus>,
    /// `custUserId`: a ticket is always for a contact.
    pub contact: ContactId,
    pub assignee: Option<AgentId>,
    pub group: Option<GroupId>,
    pub cc_agents: Vec<AgentId>,
    pub cc_groups: Vec<GroupId>,
    pub template: Option<TemplateId>,
    pub tags: Tags,
    /// Values of the template's fields (tables included), by field number.
    pub custom_fields: Vec<(i64, FieldValue)>,
    /// `ticketReply` sent with the create: a reply after the description.
    pub reply: Option<NewReply>,
}

impl NewTicket {
    /// A ticket with its required values, every other one at its default.
    pub fn new(subject: Subject, contact: ContactId) -> Self {
        NewTicket {
            subject,
            description: Description::default(),
            attachments: Vec::new(),
            source: TicketSource::default(),
            ticket_type: TicketType::default(),
            priority: Priority::default(),
            status: None,
            contact,
            assignee: None,
            group: None,
            cc_agents: Vec::new(),
            cc_groups: Vec::new(),
            template: None,
            tags: Tags::default(),
            custom_fields: Vec::new(),
            reply: None,
        }
    }
}

/// A partial update: `None` leaves a field as it is. `ticketSource`, `createrId`,
/// `createrType` and the timestamps are not changed by updates.
#[derive(Debug, Clone, Default)]
pub struct TicketPatch {
    pub subject: Option<Subject>,
    pub description: Option<Description>,
    pub attachments: Option<Vec<Attachment>>,
    pub ticket_type: Option<TicketType>,
    pub priority: Option<Priority>,
    pub status: Option<TicketStatus>,
    pub contact: Option<ContactId>,
    /// Some(None) clears the assignee (`servicerUserId` `""` or `"0"`).
    pub assignee: Option<Option<AgentId>>,
    pub group: Option<Option<GroupId>>,
    pub cc_agents: Option<Vec<AgentId>>,
    pub cc_groups: Option<Vec<GroupId>>,
    pub template: Option<Option<TemplateId>>,
    pub tags: Option<Tags>,
    /// Values to set (Some) or clear (None), merged by field number.
    pub custom_fields: Vec<(i64, Option<FieldValue>)>,
    pub reply: Option<NewReply>,
}

impl TicketPatch {
    /// Whether the update changes nothing stored (a reply may still be added).
    pub fn is_empty(&self) -> bool {
        self.subject.is_none()
            && self.description.is_none()
            && self.attachments.is_none()
            && self.ticket_type.is_none()
            && self.priority.is_none()
            && self.status.is_none()
            && self.contact.is_none()
            && self.assignee.is_none()
            && self.group.is_none()
            && self.cc_agents.is_none()
            && self.cc_groups.is_none()
            && self.template.is_none()
            && self.tags.is_none()
            && self.custom_fields.is_empty()
    }
}

/// A field attached to a template, as the checks need it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TemplateField {
    pub number: i64,
    pub required: bool,
}

/// Checks the custom field values of a ticket against its template, once the write is
/// applied: `template` and `attached` are the template the ticket will have and its
/// fields; `values` the field numbers that will hold a value (stored ones the write keeps
/// plus the ones it sets); `written` the numbers this write sets or clears. Problems name
/// `custom_fields.field_N`.
///
/// - Values need a template (the spec: `ticketTemplateId` is "required to set field
///   values"), and only the template's fields take values.
/// - Every required field of the template has a value — on create, and on an update that
///   sets the template or writes that field (an update of other members does not fail
///   because the template gained a required field since).
pub fn check_template_values(
    template: Option<TemplateId>,
    attached: &[TemplateField],
    values: &[i64],
    written: &[i64],
    creating_or_retemplating: bool,
) -> Result<(), Vec<FieldError>> {
    let mut problems = Problems::new();
    let Some(template) = template else {
        if !written.is_empty() {
            problems.push(FieldError::new(
                "custom_fields",
                "a ticket's custom fields come from its template: send ticketTemplateId with them",
            ));
        }
        return problems.into_result();
    };
    for number in written {
        if !attached.iter().any(|f| f.number == *number) {
            problems.push(FieldError::new(
                format!("custom_fields.{}", field_key(*number)),
                format!("is not a field of template {template}"),
            ));
        }
    }
    for field in attached.iter().filter(|f| f.required) {
        let checked = creating_or_retemplating || written.contains(&field.number);
        if checked && !values.contains(&field.number) {
            problems.push(FieldError::new(
                format!("custom_fields.{}", field_key(field.number)),
                format!("is required by template {template}"),
            ));
        }
    }
    problems.into_result()
}

/// The stored values a ticket loses when it moves to a template without their fields
/// (recorded in its history with their old values).
pub fn values_off_template(stored: &[i64], attached: &[TemplateField]) -> Vec<i64> {
    stored.iter().copied().filter(|number| !attached.iter().any(|f| f.number == *number)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const T4: Option<TemplateId> = Some(TemplateId(4));

    fn attached() -> Vec<TemplateField> {
        vec![TemplateField { number: 1, required: true }, TemplateField { number: 2, required: false }]
    }

    fn fields_of(result: Result<(), Vec<FieldError>>) -> Vec<String> {
        result.err().unwrap_or_default().into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn values_follow_the_template() {
        // (template, values after, written, creating or re-templating) → problem fields
        type Case = (Option<TemplateId>, &'static [i64], &'static [i64], bool, &'static [&'static str]);
        let cases: [Case; 8] = [
            (T4, &[1, 2], &[1, 2], true, &[]),
            (T4, &[2], &[2], true, &["custom_fields.field_1"]),
            (T4, &[1, 3], &[1, 3], true, &["custom_fields.field_3"]),
            (None, &[1], &[1], true, &["custom_fields"]),
            (None, &[], &[], true, &[]),
            (T4, &[2], &[2], false, &[]),
            (T4, &[2], &[1, 2], false, &["custom_fields.field_1"]),
            (T4, &[], &[], true, &["custom_fields.field_1"]),
        ];
        for (template, values, written, full, expected) in cases {
            let got = fields_of(check_template_values(template, &attached(), values, written, full));
            assert_eq!(got, expected, "{template:?} {values:?} {written:?} {full}");
        }
        let err = check_template_values(T4, &attached(), &[1, 3], &[3], false).unwrap_err();
        assert_eq!(err[0].message, "is not a field of template 4");
    }

    #[test]
    fn moving_template_drops_foreign_values() {
        assert_eq!(values_off_template(&[1, 2, 5], &attached()), vec![5]);
        assert!(values_off_template(&[1], &attached()).is_empty());
    }

    #[test]
    fn an_empty_patch() {
        assert!(TicketPatch::default().is_empty());
        let reply_only = TicketPatch {
            reply: Some(NewReply { message: "x".into(), reply_type: Default::default() }),
            ..Default::default()
        };
        assert!(reply_only.is_empty(), "a reply alone changes no field");
        assert!(!TicketPatch { assignee: Some(None), ..Default::default() }.is_empty());
    }
}
