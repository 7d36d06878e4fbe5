-- Tickets (工单): templates and their fields, tickets, copies, tags, replies, history, and
-- the Requestid table that makes every POST of kefu safe to retry.
-- Kept column for column identical to migrations/postgres so one SQL text serves both.
--
-- Sized for one tenant with 1,000,000 tickets and 5,000,000 replies. Every index leads with
-- tenant_id and serves one query, named beside it. Targets: the list's page 5,000 within 2×
-- of page 1 (per-block counts, as agents, 0012); `search.json?query=createDT:YYYY-MM
-- ticketTemplateId:N` p99 < 50 ms (one range of one index); free text p99 < 50 ms (trigram
-- indexes over subjects, descriptions and replies); a ticket with its last 50 replies
-- p99 < 5 ms (a backwards seek). Instants are UTC microseconds; an instant a ticket has
-- not reached (openDT of a new ticket) is NULL. Partial indexes say `WHERE is_deleted = 0`
-- (or `status = 4`); a query that wants them must say so literally.

-- The company's days after which a solved ticket closes itself (0: never), and the
-- counter of ticket field keys (see 0020).
ALTER TABLE tenants ADD COLUMN auto_close_days INTEGER NOT NULL DEFAULT 3;
ALTER TABLE tenants ADD COLUMN ticket_field_counter INTEGER NOT NULL DEFAULT 0;

-- Ticket custom fields (definitions), as company_fields (0020).
CREATE TABLE ticket_fields (
    tenant_id  INTEGER NOT NULL REFERENCES tenants (id),
    number     INTEGER NOT NULL,
    title      TEXT    NOT NULL,
    field_type TEXT    NOT NULL,
    required   INTEGER NOT NULL,
    settings   TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, number)
);

-- Templates (工单模板). visible_range: 1 every agent, 2 the groups in
-- ticket_template_groups, 3 the agents in ticket_template_agents, 4 the creator.
CREATE TABLE ticket_templates (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant_id     INTEGER NOT NULL REFERENCES tenants (id),
    name          TEXT    NOT NULL,
    description   TEXT    NOT NULL,
    visible_range INTEGER NOT NULL,
    is_released   INTEGER NOT NULL,
    creator_id    INTEGER NOT NULL,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, creator_id) REFERENCES agents (tenant_id, id)
);
CREATE UNIQUE INDEX ticket_templates_name ON ticket_templates (tenant_id, name);

-- The fields a template gives its tickets, in form order (position). Removing a field
-- definition removes it from every template.
CREATE TABLE ticket_template_fields (
    tenant_id    INTEGER NOT NULL,
    template_id  INTEGER NOT NULL,
    field_number INTEGER NOT NULL,
    position     INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, template_id, field_number),
    FOREIGN KEY (tenant_id, template_id) REFERENCES ticket_templates (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, field_number) REFERENCES ticket_fields (tenant_id, number) ON DELETE CASCADE
);
CREATE INDEX ticket_template_fields_by_field ON ticket_template_fields (tenant_id, field_number);

-- servicerGroupId / servicerId of a template: who may use it (visible_range 2 / 3).
CREATE TABLE ticket_template_groups (
    tenant_id   INTEGER NOT NULL,
    template_id INTEGER NOT NULL,
    group_id    INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, template_id, group_id),
    FOREIGN KEY (tenant_id, template_id) REFERENCES ticket_templates (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, group_id) REFERENCES support_groups (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX ticket_template_groups_by_group ON ticket_template_groups (tenant_id, group_id);

CREATE TABLE ticket_template_agents (
    tenant_id   INTEGER NOT NULL,
    template_id INTEGER NOT NULL,
    agent_id    INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, template_id, agent_id),
    FOREIGN KEY (tenant_id, template_id) REFERENCES ticket_templates (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, agent_id) REFERENCES agents (tenant_id, id)
);

-- Tickets. The creator is an agent (creator_type 0, creator_agent_id) or the customer
-- (creator_type 1: the ticket's contact). company_id is the contact's company when the
-- ticket was created or moved to the contact (a company's tickets stay its own when a
-- contact changes company). attachments is descriptattachments as JSON ('[]': none);
-- tags is tagList as answered, ticket_tags the same one row each. The foreign key to
-- support_groups means deleting a group must first clear servicer_group_id of its tickets,
-- in the same transaction.
CREATE TABLE tickets (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant_id         INTEGER NOT NULL REFERENCES tenants (id),
    subject           TEXT    NOT NULL,
    description       TEXT    NOT NULL,
    attachments       TEXT    NOT NULL,
    source            INTEGER NOT NULL,
    ticket_type       INTEGER NOT NULL,
    priority          INTEGER NOT NULL,
    status            INTEGER NOT NULL,
    contact_id        INTEGER NOT NULL,
    company_id        INTEGER,
    creator_type      INTEGER NOT NULL,
    creator_agent_id  INTEGER,
    servicer_id       INTEGER,
    servicer_group_id INTEGER,
    template_id       INTEGER,
    tags              TEXT    NOT NULL,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    opened_at         INTEGER,
    waiting_at        INTEGER,
    solved_at         INTEGER,
    closed_at         INTEGER,
    is_deleted        INTEGER NOT NULL,
    deleter_id        INTEGER,
    deleted_at        INTEGER,
    UNIQUE (tenant_id, id),
    CHECK (creator_type = 1 OR creator_agent_id IS NOT NULL),
    FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts (tenant_id, id),
    FOREIGN KEY (tenant_id, company_id) REFERENCES companies (tenant_id, id),
    FOREIGN KEY (tenant_id, creator_agent_id) REFERENCES agents (tenant_id, id),
    FOREIGN KEY (tenant_id, servicer_id) REFERENCES agents (tenant_id, id),
    FOREIGN KEY (tenant_id, servicer_group_id) REFERENCES support_groups (tenant_id, id),
    FOREIGN KEY (tenant_id, template_id) REFERENCES ticket_templates (tenant_id, id),
    FOREIGN KEY (tenant_id, deleter_id) REFERENCES agents (tenant_id, id)
);
-- GET /tickets.json in the spec's default order (id): live tickets seek is_deleted = 0
-- from the block ticket_id_counts says holds the page.
CREATE INDEX tickets_by_id ON tickets (tenant_id, is_deleted, id);
-- updated_order (a real Java client lists updated_order=desc) and updated_start/_end.
CREATE INDEX tickets_by_updated ON tickets (tenant_id, updated_at, id) WHERE is_deleted = 0;
-- created_order, created_start/_end, and a search's createDT: prefix without a template.
CREATE INDEX tickets_by_created ON tickets (tenant_id, created_at, id) WHERE is_deleted = 0;
-- status_order, ticketStatus: terms, and the desk's views by status with their counts.
CREATE INDEX tickets_by_status ON tickets (tenant_id, status, id) WHERE is_deleted = 0;
-- GET /companies/{id}/tickets.json and /users/{id}/tickets.json (and custUserId:,
-- companyId: terms).
CREATE INDEX tickets_by_company ON tickets (tenant_id, company_id, id);
CREATE INDEX tickets_by_contact ON tickets (tenant_id, contact_id, id);
-- The desk: 我的工单 (an agent's tickets by status, with counts), 未分配 (servicer_id IS
-- NULL), and the visibility of tickets assigned to an agent.
CREATE INDEX tickets_by_servicer ON tickets (tenant_id, servicer_id, status, id) WHERE is_deleted = 0;
-- 我的组 (a group's tickets by status), and the visibility of tickets assigned to a group.
CREATE INDEX tickets_by_group ON tickets (tenant_id, servicer_group_id, status, id) WHERE is_deleted = 0;
-- search.json?query=createDT:YYYY-MM ticketTemplateId:N, month by month: one range of this
-- index gives the page in createDT order, and is_deleted makes its count index-only.
CREATE INDEX tickets_by_template_created ON tickets (tenant_id, template_id, created_at, id, is_deleted);
-- The auto-close task: a tenant's solved tickets in solveDT order, read up to now minus
-- the tenant's days (several instances claim them under row locks, see the plan).
CREATE INDEX tickets_solved ON tickets (tenant_id, solved_at, id) WHERE status = 4;

-- Free text over subject and description (search.json's bare words). The text itself is
-- indexed, not a lower-cased copy as for names (descriptions are long, and FTS5's trigram
-- tokenizer matches case-insensitively by itself); PostgreSQL indexes lower(…).
CREATE VIRTUAL TABLE tickets_search USING fts5(
    subject, description, content = 'tickets', content_rowid = 'id', tokenize = 'trigram'
);
CREATE TRIGGER tickets_search_insert AFTER INSERT ON tickets BEGIN
    INSERT INTO tickets_search (rowid, subject, description) VALUES (new.id, new.subject, new.description);
END;
CREATE TRIGGER tickets_search_delete AFTER DELETE ON tickets BEGIN
    INSERT INTO tickets_search (tickets_search, rowid, subject, description)
    VALUES ('delete', old.id, old.subject, old.description);
END;
CREATE TRIGGER tickets_search_update AFTER UPDATE OF subject, description ON tickets BEGIN
    INSERT INTO tickets_search (tickets_search, rowid, subject, description)
    VALUES ('delete', old.id, old.subject, old.description);
    INSERT INTO tickets_search (rowid, subject, description) VALUES (new.id, new.subject, new.description);
END;

-- How many tickets each tenant has per block of 1,024 ids, by status and deletion: summed,
-- the list's count and the desk's counts per status; walked in id order, the block page N
-- starts in. Kept in the transaction of every insert, status change, deletion and restore.
CREATE TABLE ticket_id_counts (
    tenant_id  INTEGER NOT NULL REFERENCES tenants (id),
    id_block   INTEGER NOT NULL,
    status     INTEGER NOT NULL,
    is_deleted INTEGER NOT NULL,
    n          INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, id_block, status, is_deleted)
);

-- ccUserIdList / ccGroupIdList. The second index of each finds the tickets copied to an
-- agent or a group (visibility, ccUserIdList: terms); a deleted group leaves the lists.
CREATE TABLE ticket_cc_agents (
    tenant_id INTEGER NOT NULL,
    ticket_id INTEGER NOT NULL,
    agent_id  INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, ticket_id, agent_id),
    FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets (tenant_id, id),
    FOREIGN KEY (tenant_id, agent_id) REFERENCES agents (tenant_id, id)
);
CREATE INDEX ticket_cc_agents_by_agent ON ticket_cc_agents (tenant_id, agent_id, ticket_id);

CREATE TABLE ticket_cc_groups (
    tenant_id INTEGER NOT NULL,
    ticket_id INTEGER NOT NULL,
    group_id  INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, ticket_id, group_id),
    FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets (tenant_id, id),
    FOREIGN KEY (tenant_id, group_id) REFERENCES support_groups (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX ticket_cc_groups_by_group ON ticket_cc_groups (tenant_id, group_id, ticket_id);

-- tagList:TAG terms.
CREATE TABLE ticket_tags (
    tenant_id INTEGER NOT NULL,
    ticket_id INTEGER NOT NULL,
    tag       TEXT    NOT NULL,
    PRIMARY KEY (tenant_id, ticket_id, tag),
    FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets (tenant_id, id)
);
CREATE INDEX ticket_tags_by_tag ON ticket_tags (tenant_id, tag, ticket_id);

-- A ticket's custom field values (tables included), as agent_field_values (0002).
CREATE TABLE ticket_field_values (
    tenant_id    INTEGER NOT NULL,
    ticket_id    INTEGER NOT NULL,
    field_number INTEGER NOT NULL,
    value        TEXT    NOT NULL,
    search_value TEXT    NOT NULL,
    PRIMARY KEY (tenant_id, ticket_id, field_number),
    FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets (tenant_id, id),
    FOREIGN KEY (tenant_id, field_number) REFERENCES ticket_fields (tenant_id, number) ON DELETE CASCADE
);
CREATE INDEX ticket_field_values_by_field ON ticket_field_values (tenant_id, field_number);

-- Replies and internal notes (reply_type 1 / 2). author_id is replyUserId, an agent (NULL
-- is kept for replies of the customer, which kefu does not take yet); reply_status is 1.
CREATE TABLE ticket_replies (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant_id    INTEGER NOT NULL,
    ticket_id    INTEGER NOT NULL,
    author_id    INTEGER,
    reply_type   INTEGER NOT NULL,
    reply_status INTEGER NOT NULL,
    message      TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets (tenant_id, id),
    FOREIGN KEY (tenant_id, author_id) REFERENCES agents (tenant_id, id)
);
-- A ticket's last 50 replies (show, p99 < 5 ms): a backwards seek of 50 entries; and
-- GET /tickets/{id}/replies.json in order.
CREATE INDEX ticket_replies_by_ticket ON ticket_replies (tenant_id, ticket_id, id);

-- Free text in replies.
CREATE VIRTUAL TABLE ticket_replies_search USING fts5(
    message, content = 'ticket_replies', content_rowid = 'id', tokenize = 'trigram'
);
CREATE TRIGGER ticket_replies_search_insert AFTER INSERT ON ticket_replies BEGIN
    INSERT INTO ticket_replies_search (rowid, message) VALUES (new.id, new.message);
END;
CREATE TRIGGER ticket_replies_search_delete AFTER DELETE ON ticket_replies BEGIN
    INSERT INTO ticket_replies_search (ticket_replies_search, rowid, message) VALUES ('delete', old.id, old.message);
END;
CREATE TRIGGER ticket_replies_search_update AFTER UPDATE OF message ON ticket_replies BEGIN
    INSERT INTO ticket_replies_search (ticket_replies_search, rowid, message) VALUES ('delete', old.id, old.message);
    INSERT INTO ticket_replies_search (rowid, message) VALUES (new.id, new.message);
END;

-- A ticket's history (audit), appended in the transaction of each change: action codes of
-- kefu_domain::ticket::history (1 created … 7 closed automatically); field, old_value and
-- new_value in wire form ('' when not applicable). actor_id NULL: the auto-close task.
CREATE TABLE ticket_events (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant_id  INTEGER NOT NULL,
    ticket_id  INTEGER NOT NULL,
    actor_id   INTEGER,
    action     INTEGER NOT NULL,
    field      TEXT    NOT NULL,
    old_value  TEXT    NOT NULL,
    new_value  TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets (tenant_id, id),
    FOREIGN KEY (tenant_id, actor_id) REFERENCES agents (tenant_id, id)
);
-- GET /tickets/{id}/history.json, oldest first.
CREATE INDEX ticket_events_by_ticket ON ticket_events (tenant_id, ticket_id, id);

-- Requestid (idempotency) of every POST: the first request of an id inserts its row
-- (the primary key decides between concurrent ones, on every instance), runs, and stores
-- its answer in the same transaction as its writes; a repeat answers the stored answer.
-- request_hash (BLAKE3 of method, path and body) tells a repeat from another request that
-- reuses the id. status IS NULL while the first request runs. Answers that carry a secret
-- (a new API key's) are not stored (see docs/customers-tickets-plan.md). Rows older than a
-- day are purged by created_at, across tenants like api_tokens' expiry.
CREATE TABLE request_ids (
    tenant_id    INTEGER NOT NULL REFERENCES tenants (id),
    request_id   TEXT    NOT NULL,
    agent_id     INTEGER NOT NULL,
    method       TEXT    NOT NULL,
    path         TEXT    NOT NULL,
    request_hash TEXT    NOT NULL,
    status       INTEGER,
    location     TEXT,
    answer       TEXT,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, request_id),
    FOREIGN KEY (tenant_id, agent_id) REFERENCES agents (tenant_id, id)
);
CREATE INDEX request_ids_by_created ON request_ids (created_at);
