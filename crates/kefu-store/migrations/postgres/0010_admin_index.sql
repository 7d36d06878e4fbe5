-- The last-administrator check counts a tenant's active administrators on every demotion,
-- hiding or deletion: a partial index keeps that from reading every agent of the tenant.
CREATE INDEX agents_active_admins ON agents (tenant_id, id) WHERE is_admin = 1 AND status = 1;
