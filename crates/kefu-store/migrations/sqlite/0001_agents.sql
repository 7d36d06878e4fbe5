-- The agent directory: tenants (company accounts), agents (客服) and support groups.
-- Instants are UTC microseconds; flags are 0/1 integers; every tenant-owned table carries
-- tenant_id, and composite foreign keys make a cross-tenant link impossible.

CREATE TABLE kefu_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE tenants (
    id                    INTEGER PRIMARY KEY AUTOINCREMENT,
    name                  TEXT    NOT NULL,
    time_zone             TEXT    NOT NULL,
    default_password_hash TEXT,
    -- Bumped by every transaction that may remove an administrator, so that such
    -- transactions of one tenant run one at a time (see store::agents::lock_admins).
    admin_guard           INTEGER NOT NULL DEFAULT 0,
    created_at            INTEGER NOT NULL
);

CREATE TABLE agents (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant_id         INTEGER NOT NULL REFERENCES tenants (id),
    passport_name     TEXT    NOT NULL,
    login_key         TEXT    NOT NULL,
    password_hash     TEXT    NOT NULL,
    job_number        TEXT    NOT NULL,
    name              TEXT    NOT NULL,
    gender            INTEGER NOT NULL,
    email             TEXT    NOT NULL,
    fixnumber         TEXT    NOT NULL,
    mobile            TEXT    NOT NULL,
    qq                TEXT    NOT NULL,
    is_admin          INTEGER NOT NULL,
    status            INTEGER NOT NULL,
    group_ids         TEXT    NOT NULL,
    search_name       TEXT    NOT NULL,
    search_job_number TEXT    NOT NULL,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    UNIQUE (tenant_id, id)
);
-- Logins are global (they are what Basic Auth sends); job numbers are per tenant.
-- Deleted agents (status 2) free theirs.
CREATE UNIQUE INDEX agents_login_key_live ON agents (login_key) WHERE status <> 2;
CREATE UNIQUE INDEX agents_job_number_live ON agents (tenant_id, job_number) WHERE status <> 2;
CREATE INDEX agents_by_created ON agents (tenant_id, created_at, id);
CREATE INDEX agents_by_updated ON agents (tenant_id, updated_at, id);

CREATE TABLE support_groups (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant_id  INTEGER NOT NULL REFERENCES tenants (id),
    name       TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (tenant_id, id)
);
CREATE UNIQUE INDEX support_groups_name ON support_groups (tenant_id, name);

CREATE TABLE agent_groups (
    tenant_id INTEGER NOT NULL,
    agent_id  INTEGER NOT NULL,
    group_id  INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, agent_id, group_id),
    FOREIGN KEY (tenant_id, agent_id) REFERENCES agents (tenant_id, id),
    FOREIGN KEY (tenant_id, group_id) REFERENCES support_groups (tenant_id, id)
);
CREATE INDEX agent_groups_by_group ON agent_groups (tenant_id, group_id);
