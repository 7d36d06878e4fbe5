//! `{"ticket":{…}}` → the use cases' `TicketInput`. The tolerant reader of docs/compat.md:
//! `null` is "not sent", numbers or strings, the whole object read back on PUT (timestamps,
//! `url` and workflow members ignored, server-set ids checked by the use case), an empty
//! `ticketReply.replyMsg` adds nothing.

use kefu_api::{RequestShape, TicketInput as TicketShape, TicketReplyInput};
use kefu_app::Members;
use kefu_app::tickets::TicketInput;
use kefu_domain::ids::parse_optional_id;
use kefu_domain::tags::Tags;
use kefu_domain::ticket::content::{parse_cc_agents, parse_cc_groups, parse_description_attachments};
use kefu_domain::ticket::reply::parse_reply;
use kefu_domain::ticket::{Description, Priority, Subject, TicketSource, TicketStatus, TicketType};
use kefu_domain::{AgentId, ContactId, GroupId, TemplateId};
use serde_json::{Map, Value};

use crate::api::agents::input::custom_values;
use crate::api::input::ObjectReader;
use crate::api::nested::{absorb, object_at};

/// Members answered by the server and ignored on input, whatever their value.
const IGNORED: [&str; 13] = [
    "url",
    "createDT",
    "updateDT",
    "openDT",
    "waitDT",
    "solveDT",
    "closeDT",
    "deleteDT",
    "workflow_id",
    "workflow_node_id",
    "currentNodeField",
    "currentNodeFieldValue",
    "nodeFieldIntoTime",
];

/// Server-set members a PUT may send back unchanged.
const READ_ONLY: [&str; 5] = ["ticketId", "agentId", "createrId", "createrType", "deleterId"];

pub fn ticket_input(mut members: Map<String, Value>) -> TicketInput {
    // `null` means "not sent" (clients serialize unset members as null).
    members.retain(|_, value| !value.is_null());
    let mut reader = ObjectReader::new(members);
    for key in IGNORED {
        reader.take(key);
    }
    let mut input = TicketInput { subject: reader.parse("subject", Subject::parse), ..TicketInput::default() };
    input.description = if reader.has("descript") {
        if reader.has("description") {
            reader.take("description");
        }
        reader.parse("descript", Description::parse)
    } else {
        reader.parse("description", Description::parse)
    };
    if let Some(raw) = reader.take("descriptattachments") {
        match parse_description_attachments(&raw) {
            Ok(files) => input.attachments = Some(files),
            Err(message) => reader.problem("descriptattachments", message),
        }
    }
    input.source = reader.parse("ticketSource", TicketSource::parse);
    input.ticket_type = reader.parse("ticketType", TicketType::parse);
    input.priority = reader.parse("priorityLevel", Priority::parse);
    input.status = reader.parse("ticketStatus", TicketStatus::parse);
    input.contact = reader.parse("custUserId", ContactId::parse);
    input.assignee = reader.parse("servicerUserId", |raw| parse_optional_id(raw, AgentId::parse));
    input.group = reader.parse("servicerGroupId", |raw| parse_optional_id(raw, GroupId::parse));
    input.cc_agents = reader.parse("ccUserIdList", parse_cc_agents);
    input.cc_groups = reader.parse("ccGroupIdList", parse_cc_groups);
    input.template = reader.parse("ticketTemplateId", |raw| parse_optional_id(raw, TemplateId::parse));
    input.tags = reader.parse("tagList", Tags::parse);
    input.deleted = reader.parse("isDeleted", |raw| match raw {
        "0" => Ok(false),
        "1" => Ok(true),
        other => Err(format!("must be \"0\" (restore) or \"1\" (delete), got {other:?}")),
    });
    // Table fields come in `tables`, the others in `custom_fields`: one list of values.
    let tables = reader.take("tables");
    input.custom_fields = custom_values(&mut reader);
    if let Some(tables) = tables {
        let mut inner = ObjectReader::new(Map::from_iter([("custom_fields".to_owned(), tables)]));
        input.custom_fields.extend(custom_values(&mut inner));
        for problem in inner.into_problems(&[]) {
            reader.problem(&problem.field.replacen("custom_fields", "tables", 1), problem.message);
        }
    }
    if let Some(raw) = reader.take("ticketReply")
        && let Some(members) = object_at(&mut reader, "ticketReply", raw)
    {
        input.reply = reply(&mut reader, members);
    }
    for key in READ_ONLY {
        if let Some(value) = reader.text(key) {
            input.unchanged.push((key, value));
        }
    }
    input.problems = reader.into_problems(TicketShape::members());
    input
}

/// `ticketReply`: its problems are named `ticketReply.replyMsg` / `ticketReply.replyType`.
fn reply(outer: &mut ObjectReader, mut members: Map<String, Value>) -> Option<kefu_domain::ticket::NewReply> {
    members.retain(|_, value| !value.is_null());
    let mut reader = ObjectReader::new(members);
    let message = reader.text("replyMsg").unwrap_or_default();
    let reply_type = reader.text("replyType");
    let parsed = match parse_reply(&message, reply_type.as_deref()) {
        Ok(reply) => reply,
        Err((member, problem)) => {
            reader.problem(member, problem);
            None
        }
    };
    absorb(outer, "ticketReply", reader.finish(TicketReplyInput::members())).then_some(parsed).flatten()
}
