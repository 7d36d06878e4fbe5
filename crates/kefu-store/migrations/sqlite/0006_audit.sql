-- The audit log: one row per successful write through the API — who (agent), which
-- company, what (method and path), when, from which address. Never a body, so never a
-- password or secret. Rows are only ever appended.

CREATE TABLE audit_logs (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant_id INTEGER NOT NULL,
    agent_id  INTEGER NOT NULL,
    at        INTEGER NOT NULL,
    method    TEXT NOT NULL,
    path      TEXT NOT NULL,
    status    INTEGER NOT NULL,
    address   TEXT NOT NULL
);
CREATE INDEX audit_logs_by_time ON audit_logs (tenant_id, at, id);
CREATE INDEX audit_logs_by_agent ON audit_logs (tenant_id, agent_id, at, id);
