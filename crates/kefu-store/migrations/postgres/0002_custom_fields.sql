-- Agent custom fields (自定义字段): definitions per tenant, values per agent.
-- Keys are field_N with N from a per-tenant counter that never goes back, so a removed
-- field's key is never given to a new one.

ALTER TABLE tenants ADD COLUMN field_counter BIGINT NOT NULL DEFAULT 0;

CREATE TABLE support_fields (
    tenant_id  BIGINT NOT NULL REFERENCES tenants (id),
    number     BIGINT NOT NULL,
    title      TEXT   NOT NULL,
    field_type TEXT    NOT NULL,
    required   BIGINT NOT NULL,
    -- The type's settings (options, pattern, decimal_places, cascade) as JSON.
    settings   TEXT    NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, number)
);

CREATE TABLE agent_field_values (
    tenant_id    BIGINT NOT NULL,
    agent_id     BIGINT NOT NULL,
    field_number BIGINT NOT NULL,
    -- The checked value in its wire form, as JSON (a string, or a list).
    value        TEXT    NOT NULL,
    -- Lower-cased text that searches match against.
    search_value TEXT    NOT NULL,
    PRIMARY KEY (tenant_id, agent_id, field_number),
    FOREIGN KEY (tenant_id, agent_id) REFERENCES agents (tenant_id, id),
    FOREIGN KEY (tenant_id, field_number) REFERENCES support_fields (tenant_id, number) ON DELETE CASCADE
);
CREATE INDEX agent_field_values_by_field ON agent_field_values (tenant_id, field_number);
