//! Changes of tickets: each one transaction with its cc lists, tags, values, replies,
//! history entries and the counts of `ticket_id_counts`.

use kefu_domain::custom_field::FieldValue;
use kefu_domain::ticket::NewReply;
use kefu_domain::ticket::history::HistoryAction;
use kefu_domain::ticket::reply::REPLY_STATUS_NORMAL;
use kefu_domain::time::now_micros;
use kefu_domain::{AgentId, GroupId, TenantId, TicketId};

use super::load_ticket;
use super::record::{
    NewTicketRow, REPLY_COLUMNS, ReplyRecord, TICKET_COLUMNS, TicketRecord, TicketUpdate, reply_from_row,
    ticket_from_row,
};
use crate::engine::Outcome::Commit;
use crate::engine::{Db, Sql};
use crate::{Store, StoreError};

/// Ids per block of `ticket_id_counts`.
pub(super) const ID_BLOCK: i64 = 1024;

impl Store {
    /// Creates a ticket with its cc lists, tags, values, the `create` history entry and its
    /// first reply, in one transaction; answers it as stored.
    pub async fn create_ticket(&self, tenant: TenantId, new: NewTicketRow) -> Result<TicketRecord, StoreError> {
        self.write(move |db| {
            Box::pin(async move {
                let now = now_micros();
                let f = &new.fields;
                let mut sql = Sql::new(
                    "INSERT INTO tickets (tenant_id, subject, description, attachments, source, ticket_type, \
                     priority, status, contact_id, company_id, creator_type, creator_agent_id, servicer_id, \
                     servicer_group_id, template_id, tags, created_at, updated_at, opened_at, waiting_at, \
                     solved_at, closed_at, is_deleted, deleter_id, deleted_at) VALUES (",
                );
                sql.bind(tenant.0).push(", ");
                sql.bind(f.subject.as_str()).push(", ").bind(f.description.as_str()).push(", ");
                sql.bind(f.attachments.as_str()).push(", ").bind(new.source).push(", ");
                sql.bind(f.ticket_type).push(", ").bind(f.priority).push(", ").bind(f.status).push(", ");
                sql.bind(f.contact_id.0).push(", ").bind(f.company_id.map(|c| c.0)).push(", ");
                sql.bind(if new.creator.is_some() { 0 } else { 1 }).push(", ").bind(new.creator.map(|a| a.0));
                sql.push(", ").bind(f.servicer_id.map(|a| a.0)).push(", ").bind(f.servicer_group_id.map(|g| g.0));
                sql.push(", ").bind(f.template_id.map(|t| t.0)).push(", ").bind(f.tags.join(","));
                sql.push(", ").bind(now).push(", ").bind(now).push(", ");
                sql.bind(f.times.opened_at).push(", ").bind(f.times.waiting_at).push(", ");
                sql.bind(f.times.solved_at).push(", ").bind(f.times.closed_at);
                sql.push(&format!(", 0, NULL, NULL) RETURNING {TICKET_COLUMNS}"));
                let mut created = db.first(&sql, ticket_from_row).await?.ok_or(StoreError::NotFound)?;
                let id = created.id;
                write_cc(db, tenant, id, &f.cc_agents, &f.cc_groups, false).await?;
                write_tags(db, tenant, id, &f.tags, false).await?;
                let values: Vec<(i64, Option<FieldValue>)> =
                    new.values.iter().map(|(n, v)| (*n, Some(v.clone()))).collect();
                write_values(db, tenant, id, &values).await?;
                move_count(db, tenant, id, None, Some((f.status, false)), 1).await?;
                append_event(db, tenant, id, new.creator, HistoryAction::Created, "", "", "", now).await?;
                if let Some(reply) = &new.reply {
                    insert_reply(db, tenant, id, new.creator, reply, now).await?;
                }
                // The answer is what was just written (no re-read): the row as RETURNING gave
                // it, and its details in the order and with the duplicates a read would have.
                created.fields.cc_agents = sorted_unique(&f.cc_agents);
                created.fields.cc_groups = sorted_unique(&f.cc_groups);
                created.custom_fields = stored_values(&new.values);
                Ok(Commit(created))
            })
        })
        .await
    }

    /// Applies an update read from the ticket as stored at `expected_updated_at`: the new
    /// state, one history entry per changed member, the reply. `Stale` if the ticket changed
    /// meanwhile, `NotFound` if it is gone.
    pub async fn update_ticket(
        &self,
        tenant: TenantId,
        id: TicketId,
        update: TicketUpdate,
    ) -> Result<TicketRecord, StoreError> {
        self.write(move |db| {
            Box::pin(async move {
                let before = load_ticket(db, tenant, id).await?.ok_or(StoreError::NotFound)?;
                if before.updated_at != update.expected_updated_at {
                    return Err(StoreError::Stale(format!(
                        "ticket {id} was changed meanwhile; read it again and send the request again"
                    )));
                }
                let now = now_micros().max(before.updated_at + 1);
                let f = &update.fields;
                let changed = !update.changes.is_empty() || !update.values.is_empty();
                if changed {
                    let mut sql = Sql::new("UPDATE tickets SET subject = ");
                    sql.bind(f.subject.as_str()).push(", description = ").bind(f.description.as_str());
                    sql.push(", attachments = ").bind(f.attachments.as_str());
                    sql.push(", ticket_type = ").bind(f.ticket_type).push(", priority = ").bind(f.priority);
                    sql.push(", status = ").bind(f.status).push(", contact_id = ").bind(f.contact_id.0);
                    sql.push(", company_id = ").bind(f.company_id.map(|c| c.0));
                    sql.push(", servicer_id = ").bind(f.servicer_id.map(|a| a.0));
                    sql.push(", servicer_group_id = ").bind(f.servicer_group_id.map(|g| g.0));
                    sql.push(", template_id = ").bind(f.template_id.map(|t| t.0));
                    sql.push(", tags = ").bind(f.tags.join(","));
                    sql.push(", opened_at = ").bind(f.times.opened_at);
                    sql.push(", waiting_at = ").bind(f.times.waiting_at);
                    sql.push(", solved_at = ").bind(f.times.solved_at);
                    sql.push(", closed_at = ").bind(f.times.closed_at);
                    sql.push(", updated_at = ").bind(now);
                    sql.push(" WHERE tenant_id = ").bind(tenant.0).push(" AND id = ").bind(id.0);
                    db.execute(&sql).await?;
                    let old = &before.fields;
                    if old.cc_agents != f.cc_agents || old.cc_groups != f.cc_groups {
                        write_cc(db, tenant, id, &f.cc_agents, &f.cc_groups, true).await?;
                    }
                    if old.tags != f.tags {
                        write_tags(db, tenant, id, &f.tags, true).await?;
                    }
                    write_values(db, tenant, id, &update.values).await?;
                    if old.status != f.status {
                        let deleted = before.is_deleted;
                        move_count(db, tenant, id, Some((old.status, deleted)), Some((f.status, deleted)), 1).await?;
                    }
                    for change in &update.changes {
                        let (field, from, to) = (&change.field, &change.from, &change.to);
                        append_event(db, tenant, id, Some(update.actor), HistoryAction::Changed, field, from, to, now)
                            .await?;
                    }
                }
                if let Some(reply) = &update.reply {
                    insert_reply(db, tenant, id, Some(update.actor), reply, now).await?;
                    if !changed {
                        touch(db, tenant, id, now).await?;
                    }
                }
                Ok(Commit(load_ticket(db, tenant, id).await?.ok_or(StoreError::NotFound)?))
            })
        })
        .await
    }

    /// Adds a reply or an internal note by `author`; answers it.
    pub async fn add_ticket_reply(
        &self,
        tenant: TenantId,
        id: TicketId,
        author: AgentId,
        reply: NewReply,
    ) -> Result<ReplyRecord, StoreError> {
        self.write(move |db| {
            Box::pin(async move {
                let now = now_micros();
                if touch(db, tenant, id, now).await? == 0 {
                    return Err(StoreError::NotFound);
                }
                Ok(Commit(insert_reply(db, tenant, id, Some(author), &reply, now).await?))
            })
        })
        .await
    }

    /// Soft-deletes (`deleted`) or restores a ticket, with its history entry; answers it.
    /// Deleting a deleted ticket (or restoring a live one) changes nothing.
    pub async fn set_ticket_deleted(
        &self,
        tenant: TenantId,
        id: TicketId,
        actor: AgentId,
        deleted: bool,
    ) -> Result<TicketRecord, StoreError> {
        self.write(move |db| {
            Box::pin(async move {
                let before = load_ticket(db, tenant, id).await?.ok_or(StoreError::NotFound)?;
                if before.is_deleted == deleted {
                    return Ok(Commit(before));
                }
                let now = now_micros().max(before.updated_at + 1);
                let mut sql = Sql::new("UPDATE tickets SET is_deleted = ");
                sql.bind(i64::from(deleted)).push(", deleter_id = ").bind(deleted.then_some(actor.0));
                sql.push(", deleted_at = ").bind(deleted.then_some(now)).push(", updated_at = ").bind(now);
                sql.push(" WHERE tenant_id = ").bind(tenant.0).push(" AND id = ").bind(id.0);
                db.execute(&sql).await?;
                let status = before.fields.status;
                move_count(db, tenant, id, Some((status, !deleted)), Some((status, deleted)), 1).await?;
                let action = if deleted { HistoryAction::Deleted } else { HistoryAction::Restored };
                append_event(db, tenant, id, Some(actor), action, "", "", "", now).await?;
                Ok(Commit(load_ticket(db, tenant, id).await?.ok_or(StoreError::NotFound)?))
            })
        })
        .await
    }
}

/// Ids as a read of the cc tables answers them: ascending, each once.
fn sorted_unique<T: Copy + Ord>(ids: &[T]) -> Vec<T> {
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// Values as `write_values` stores them and a read answers them: by field number, the
/// last one sent for a number (the upsert's).
fn stored_values(values: &[(i64, FieldValue)]) -> Vec<(i64, String)> {
    let mut stored: Vec<(i64, String)> = Vec::with_capacity(values.len());
    for (number, value) in values {
        let text = value.to_json().to_string();
        match stored.iter_mut().find(|(n, _)| n == number) {
            Some(slot) => slot.1 = text,
            None => stored.push((*number, text)),
        }
    }
    stored.sort_by_key(|(n, _)| *n);
    stored
}

/// Sets `updated_at`; answers how many tickets it touched (0: no such ticket).
async fn touch(db: &mut Db, tenant: TenantId, id: TicketId, now: i64) -> Result<u64, StoreError> {
    let mut sql = Sql::new("UPDATE tickets SET updated_at = ");
    sql.bind(now).push(" WHERE tenant_id = ").bind(tenant.0).push(" AND id = ").bind(id.0);
    db.execute(&sql).await
}

async fn insert_reply(
    db: &mut Db,
    tenant: TenantId,
    id: TicketId,
    author: Option<AgentId>,
    reply: &NewReply,
    now: i64,
) -> Result<ReplyRecord, StoreError> {
    let mut sql = Sql::new(
        "INSERT INTO ticket_replies (tenant_id, ticket_id, author_id, reply_type, reply_status, message, created_at) \
         VALUES (",
    );
    sql.bind(tenant.0).push(", ").bind(id.0).push(", ").bind(author.map(|a| a.0)).push(", ");
    sql.bind(reply.reply_type.code()).push(", ").bind(REPLY_STATUS_NORMAL).push(", ");
    sql.bind(reply.message.as_str()).push(", ").bind(now);
    sql.push(&format!(") RETURNING {REPLY_COLUMNS}"));
    let created = db.first(&sql, reply_from_row).await?.ok_or(StoreError::NotFound)?;
    let action = if reply.reply_type.visible_to_customer() { HistoryAction::Replied } else { HistoryAction::Noted };
    append_event(db, tenant, id, author, action, "", "", &created.id.0.to_string(), now).await?;
    Ok(created)
}

#[allow(clippy::too_many_arguments)]
pub(crate) async fn append_event(
    db: &mut Db,
    tenant: TenantId,
    id: TicketId,
    actor: Option<AgentId>,
    action: HistoryAction,
    field: &str,
    from: &str,
    to: &str,
    now: i64,
) -> Result<(), StoreError> {
    let mut sql = Sql::new(
        "INSERT INTO ticket_events (tenant_id, ticket_id, actor_id, action, field, old_value, new_value, created_at) \
         VALUES (",
    );
    sql.bind(tenant.0).push(", ").bind(id.0).push(", ").bind(actor.map(|a| a.0)).push(", ");
    sql.bind(action.code()).push(", ").bind(field).push(", ").bind(from).push(", ").bind(to).push(", ");
    sql.bind(now).push(")");
    db.execute(&sql).await?;
    Ok(())
}

/// Moves `n` tickets of `id`'s block from one (status, deleted) count to another.
pub(crate) async fn move_count(
    db: &mut Db,
    tenant: TenantId,
    id: TicketId,
    from: Option<(i64, bool)>,
    to: Option<(i64, bool)>,
    n: i64,
) -> Result<(), StoreError> {
    let block = id.0 / ID_BLOCK;
    if let Some((status, deleted)) = from {
        let mut sql = Sql::new("UPDATE ticket_id_counts SET n = n - ");
        sql.bind(n).push(" WHERE tenant_id = ").bind(tenant.0).push(" AND id_block = ").bind(block);
        sql.push(" AND status = ").bind(status).push(" AND is_deleted = ").bind(i64::from(deleted));
        db.execute(&sql).await?;
    }
    if let Some((status, deleted)) = to {
        let mut sql = Sql::new("INSERT INTO ticket_id_counts (tenant_id, id_block, status, is_deleted, n) VALUES (");
        sql.bind(tenant.0).push(", ").bind(block).push(", ").bind(status).push(", ");
        sql.bind(i64::from(deleted)).push(", ").bind(n);
        sql.push(
            ") ON CONFLICT (tenant_id, id_block, status, is_deleted) DO UPDATE SET n = ticket_id_counts.n + excluded.n",
        );
        db.execute(&sql).await?;
    }
    Ok(())
}

async fn write_cc(
    db: &mut Db,
    tenant: TenantId,
    id: TicketId,
    agents: &[AgentId],
    groups: &[GroupId],
    replace: bool,
) -> Result<(), StoreError> {
    for (table, column, ids) in [
        ("ticket_cc_agents", "agent_id", agents.iter().map(|a| a.0).collect::<Vec<_>>()),
        ("ticket_cc_groups", "group_id", groups.iter().map(|g| g.0).collect()),
    ] {
        if replace {
            let mut sql = Sql::new(&format!("DELETE FROM {table} WHERE tenant_id = "));
            sql.bind(tenant.0).push(" AND ticket_id = ").bind(id.0);
            db.execute(&sql).await?;
        }
        if ids.is_empty() {
            continue;
        }
        let mut sql = Sql::new(&format!("INSERT INTO {table} (tenant_id, ticket_id, {column}) VALUES "));
        for (i, other) in ids.iter().enumerate() {
            if i > 0 {
                sql.push(", ");
            }
            sql.push("(").bind(tenant.0).push(", ").bind(id.0).push(", ").bind(*other).push(")");
        }
        sql.push(" ON CONFLICT DO NOTHING");
        db.execute(&sql).await?;
    }
    Ok(())
}

async fn write_tags(
    db: &mut Db,
    tenant: TenantId,
    id: TicketId,
    tags: &[String],
    replace: bool,
) -> Result<(), StoreError> {
    if replace {
        let mut sql = Sql::new("DELETE FROM ticket_tags WHERE tenant_id = ");
        sql.bind(tenant.0).push(" AND ticket_id = ").bind(id.0);
        db.execute(&sql).await?;
    }
    if tags.is_empty() {
        return Ok(());
    }
    let mut sql = Sql::new("INSERT INTO ticket_tags (tenant_id, ticket_id, tag) VALUES ");
    for (i, tag) in tags.iter().enumerate() {
        if i > 0 {
            sql.push(", ");
        }
        sql.push("(").bind(tenant.0).push(", ").bind(id.0).push(", ").bind(tag.as_str()).push(")");
    }
    sql.push(" ON CONFLICT DO NOTHING");
    db.execute(&sql).await?;
    Ok(())
}

async fn write_values(
    db: &mut Db,
    tenant: TenantId,
    id: TicketId,
    values: &[(i64, Option<FieldValue>)],
) -> Result<(), StoreError> {
    for (number, value) in values {
        let sql = match value {
            Some(value) => {
                let mut sql = Sql::new(
                    "INSERT INTO ticket_field_values (tenant_id, ticket_id, field_number, value, search_value) VALUES (",
                );
                sql.bind(tenant.0).push(", ").bind(id.0).push(", ").bind(*number).push(", ");
                sql.bind(value.to_json().to_string()).push(", ").bind(value.search_text());
                sql.push(
                    ") ON CONFLICT (tenant_id, ticket_id, field_number) \
                     DO UPDATE SET value = excluded.value, search_value = excluded.search_value",
                );
                sql
            }
            None => {
                let mut sql = Sql::new("DELETE FROM ticket_field_values WHERE tenant_id = ");
                sql.bind(tenant.0).push(" AND ticket_id = ").bind(id.0).push(" AND field_number = ").bind(*number);
                sql
            }
        };
        db.execute(&sql).await.map_err(|e| match e {
            StoreError::ForeignKey(_) => {
                StoreError::Stale(format!("custom field field_{number} was removed meanwhile; send the request again"))
            }
            other => other,
        })?;
    }
    Ok(())
}

/// Inside `delete_group`'s transaction: the group's tickets lose it (a foreign key without
/// cascade), each with a history entry.
pub(crate) async fn clear_group(
    db: &mut Db,
    tenant: TenantId,
    group: GroupId,
    actor: Option<AgentId>,
) -> Result<(), StoreError> {
    let mut find = Sql::new("SELECT id FROM tickets WHERE tenant_id = ");
    find.bind(tenant.0).push(" AND servicer_group_id = ").bind(group.0).push(" ORDER BY id");
    let ids = db.rows(&find, |row| row.int("id")).await?;
    if ids.is_empty() {
        return Ok(());
    }
    let now = now_micros();
    let mut clear = Sql::new("UPDATE tickets SET servicer_group_id = NULL, updated_at = ");
    clear.bind(now).push(" WHERE tenant_id = ").bind(tenant.0).push(" AND servicer_group_id = ").bind(group.0);
    db.execute(&clear).await?;
    let from = group.0.to_string();
    for id in ids {
        append_event(db, tenant, TicketId(id), actor, HistoryAction::Changed, "servicerGroupId", &from, "0", now)
            .await?;
    }
    Ok(())
}
