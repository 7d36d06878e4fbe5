-- Field work: sign-ins (签到) and shift schedules (排班). Both grow with every agent and
-- every day, so every index leads with tenant_id and matches one query of the API.

-- One check-in. attachments and tags are JSON arrays, NULL when none were given.
CREATE TABLE signins (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant_id   INTEGER NOT NULL REFERENCES tenants (id),
    agent_id    INTEGER NOT NULL,
    -- checkinTime, UTC microseconds: what lists filter and order by.
    checkin_at  INTEGER NOT NULL,
    remark      TEXT,
    attachments TEXT,
    tags        TEXT,
    address     TEXT    NOT NULL,
    landmark    TEXT    NOT NULL,
    latitude    TEXT    NOT NULL,
    longitude   TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    FOREIGN KEY (tenant_id, agent_id) REFERENCES agents (tenant_id, id)
);
-- A tenant's sign-ins in a time range, and one agent's: both also give the order
-- (checkinTime, id) and cover the keys pages are located by.
CREATE INDEX signins_by_time ON signins (tenant_id, checkin_at, id);
CREATE INDEX signins_by_agent_time ON signins (tenant_id, agent_id, checkin_at, id);

-- How many sign-ins each UTC day (checkin_at / 86400000000) holds, so that counting a
-- range and finding the first row of page N read one row per day instead of every
-- sign-in. Kept in the transaction that inserts the sign-in. Per tenant, the count is
-- split over shards (agent_id % 8) so concurrent check-ins rarely wait for one row.
CREATE TABLE signin_day_counts (
    tenant_id INTEGER NOT NULL REFERENCES tenants (id),
    utc_day   INTEGER NOT NULL,
    shard     INTEGER NOT NULL,
    n         INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, utc_day, shard)
);
CREATE TABLE signin_agent_day_counts (
    tenant_id INTEGER NOT NULL,
    agent_id  INTEGER NOT NULL,
    utc_day   INTEGER NOT NULL,
    n         INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, agent_id, utc_day),
    FOREIGN KEY (tenant_id, agent_id) REFERENCES agents (tenant_id, id)
);

-- One shift of one agent on one day. Its dutyId is {agent_id}_{duty_date}_{id}: the id
-- comes from the database, so it is unique however many instances create at once.
CREATE TABLE schedules (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant_id    INTEGER NOT NULL REFERENCES tenants (id),
    agent_id     INTEGER NOT NULL,
    -- YYYY-MM-DD, the day in the tenant's calendar.
    duty_date    TEXT    NOT NULL,
    -- Minutes since midnight; end_minute may be 1440 (24:00).
    start_minute INTEGER NOT NULL,
    end_minute   INTEGER NOT NULL,
    name         TEXT,
    remark       TEXT,
    url          TEXT,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    FOREIGN KEY (tenant_id, agent_id) REFERENCES agents (tenant_id, id)
);
-- A month of a tenant's schedules, in the order they are answered; and one agent's.
CREATE INDEX schedules_by_date ON schedules (tenant_id, duty_date, agent_id, start_minute);
CREATE INDEX schedules_by_agent ON schedules (tenant_id, agent_id, duty_date);
