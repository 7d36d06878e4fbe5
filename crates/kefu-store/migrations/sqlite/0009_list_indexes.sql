-- Covering indexes for the agent lists of live agents (status 0 or 1): counting a
-- tenant's agents and skipping to page N read these indexes only, never the table.

CREATE INDEX agents_live_by_id ON agents (tenant_id, id, status) WHERE status <> 2;
CREATE INDEX agents_live_by_created ON agents (tenant_id, created_at, id, status) WHERE status <> 2;
CREATE INDEX agents_live_by_updated ON agents (tenant_id, updated_at, id, status) WHERE status <> 2;
DROP INDEX agents_by_created;
DROP INDEX agents_by_updated;
