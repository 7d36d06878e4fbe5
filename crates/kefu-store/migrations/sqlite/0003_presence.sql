-- Presence per plate (功能模块 1 工单, 2 在线聊天, 3 呼叫中心), the state lists tenants
-- configure, the history of changes, and module permissions.
-- Kept column for column identical to migrations/postgres so one SQL text serves both.

-- A plate whose states the tenant has (its list is in plate_states). A plate without a row
-- has the default list; the row is created, with the defaults or an administrator's list,
-- the first time anything is written for the plate. Changes to one list lock this row.
CREATE TABLE plate_state_lists (
    tenant_id  INTEGER NOT NULL REFERENCES tenants (id),
    plate      INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, plate)
);

CREATE TABLE plate_states (
    tenant_id INTEGER NOT NULL,
    plate     INTEGER NOT NULL,
    name      TEXT   NOT NULL,
    position  INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, plate, name),
    FOREIGN KEY (tenant_id, plate) REFERENCES plate_state_lists (tenant_id, plate)
);

-- An agent's current state in a plate; no row reads as the offline state (离线). The
-- foreign key to plate_states makes a held state impossible to remove, whatever runs
-- concurrently.
CREATE TABLE agent_presence (
    tenant_id  INTEGER NOT NULL,
    agent_id   INTEGER NOT NULL,
    plate      INTEGER NOT NULL,
    state      TEXT   NOT NULL,
    changed_at INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, agent_id, plate),
    FOREIGN KEY (tenant_id, agent_id) REFERENCES agents (tenant_id, id),
    FOREIGN KEY (tenant_id, plate, state) REFERENCES plate_states (tenant_id, plate, name)
);
CREATE INDEX agent_presence_by_state ON agent_presence (tenant_id, plate, state);

-- Every change of an agent's state: who set it, from what, to what, when. Ids grow in
-- commit order per agent and plate (a change holds the agent_presence row's lock).
CREATE TABLE presence_history (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant_id  INTEGER NOT NULL,
    agent_id   INTEGER NOT NULL,
    plate      INTEGER NOT NULL,
    from_state TEXT   NOT NULL,
    to_state   TEXT   NOT NULL,
    set_by     INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, agent_id) REFERENCES agents (tenant_id, id),
    FOREIGN KEY (tenant_id, set_by) REFERENCES agents (tenant_id, id)
);
CREATE INDEX presence_history_by_agent ON presence_history (tenant_id, agent_id, id);
CREATE INDEX presence_history_by_plate ON presence_history (tenant_id, agent_id, plate, id);

-- Module permissions (mType); no row means the default (on).
CREATE TABLE agent_permissions (
    tenant_id  INTEGER NOT NULL,
    agent_id   INTEGER NOT NULL,
    module     INTEGER NOT NULL,
    enabled    INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, agent_id, module),
    FOREIGN KEY (tenant_id, agent_id) REFERENCES agents (tenant_id, id)
);
