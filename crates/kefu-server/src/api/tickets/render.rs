//! Ticket records → the hosted API's ticket, reply and history shapes.

use jiff::tz::TimeZone;
use kefu_api::{CustomFieldValue, FileRef, Ticket, TicketHistoryEntry, TicketReply};
use kefu_app::customer_fields::EntityFields;
use kefu_domain::custom_field::{FieldKind, ValueDialect};
use kefu_domain::ids::join_ids;
use kefu_domain::ticket::history::HistoryAction;
use kefu_domain::time::format_datetime;
use kefu_store::{ReplyRecord, TicketEventRecord, TicketRecord};

use crate::http::links::BaseUrl;

pub fn ticket_path(id: impl std::fmt::Display) -> String {
    format!("/api/v1/tickets/{id}.json")
}

fn id_or_zero<T: std::fmt::Display>(id: Option<T>) -> String {
    id.map_or_else(|| "0".to_owned(), |id| id.to_string())
}

fn time_or_empty(micros: Option<i64>, zone: &TimeZone) -> String {
    micros.map(|m| format_datetime(m, zone)).unwrap_or_default()
}

/// How a request shows custom values: the definitions, and the path's dialect.
pub struct Values {
    pub fields: EntityFields,
    pub dialect: ValueDialect,
}

pub fn ticket(record: &TicketRecord, base: &BaseUrl, zone: &TimeZone, values: &Values) -> Ticket {
    let f = &record.fields;
    // Tables go to `tables`; star ratings only on `_v2` (the spec's custom_fields leaves them out).
    let mut custom_fields = Vec::new();
    let mut tables = Vec::new();
    for (key, value) in values.fields.render(&record.custom_fields, values.dialect) {
        let kind = values.fields.fields.iter().find(|d| d.key() == key).map(|d| d.kind);
        let entry = CustomFieldValue { key, value };
        match kind {
            Some(FieldKind::Table) => tables.push(entry),
            Some(FieldKind::Stars) if values.dialect == ValueDialect::OptionText => {}
            _ => custom_fields.push(entry),
        }
    }
    let files: Vec<FileRef> = serde_json::from_str(&f.attachments).unwrap_or_default();
    Ticket {
        ticket_id: record.id.to_string(),
        url: base.join(&ticket_path(record.id)),
        subject: f.subject.clone(),
        descript: f.description.clone(),
        ticket_source: record.source.to_string(),
        ticket_type: f.ticket_type.to_string(),
        priority_level: f.priority.to_string(),
        ticket_status: f.status.to_string(),
        cust_user_id: f.contact_id.to_string(),
        agent_id: record.tenant_id.to_string(),
        creater_id: match record.creator_agent_id {
            Some(agent) => agent.to_string(),
            None => f.contact_id.to_string(),
        },
        creater_type: record.creator_type.to_string(),
        servicer_user_id: id_or_zero(f.servicer_id),
        servicer_group_id: id_or_zero(f.servicer_group_id),
        cc_user_id_list: join_ids(&f.cc_agents),
        cc_group_id_list: join_ids(&f.cc_groups),
        ticket_template_id: id_or_zero(f.template_id),
        tag_list: f.tags.join(","),
        create_dt: format_datetime(record.created_at, zone),
        update_dt: format_datetime(record.updated_at, zone),
        open_dt: time_or_empty(f.times.opened_at, zone),
        wait_dt: time_or_empty(f.times.waiting_at, zone),
        solve_dt: time_or_empty(f.times.solved_at, zone),
        close_dt: time_or_empty(f.times.closed_at, zone),
        is_deleted: if record.is_deleted { "1" } else { "0" }.to_owned(),
        deleter_id: id_or_zero(record.deleter_id),
        delete_dt: time_or_empty(record.deleted_at, zone),
        custom_fields,
        tables,
        descriptattachments: files,
        workflow_id: "0".to_owned(),
        workflow_node_id: "0".to_owned(),
        current_node_field: String::new(),
        current_node_field_value: String::new(),
        node_field_into_time: "0".to_owned(),
    }
}

pub fn reply(record: &ReplyRecord, zone: &TimeZone) -> TicketReply {
    TicketReply {
        ticket_reply_id: record.id.to_string(),
        ticket_id: record.ticket_id.to_string(),
        reply_user_id: id_or_zero(record.author_id),
        reply_type: record.reply_type.to_string(),
        reply_dt: format_datetime(record.created_at, zone),
        reply_status: record.reply_status.to_string(),
        reply_msg: record.message.clone(),
    }
}

pub fn history_entry(record: &TicketEventRecord, zone: &TimeZone) -> TicketHistoryEntry {
    TicketHistoryEntry {
        id: record.id.to_string(),
        ticket_id: record.ticket_id.to_string(),
        s_id: id_or_zero(record.actor_id),
        action: HistoryAction::from_code(record.action).map_or("change", HistoryAction::wire_name).to_owned(),
        field: record.field.clone(),
        from: record.old_value.clone(),
        to: record.new_value.clone(),
        create_dt: format_datetime(record.created_at, zone),
    }
}
