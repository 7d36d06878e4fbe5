-- API key pairs (SecretID + secret) made by administrators, and the Bearer tokens
-- minted from them. Secrets and tokens are random and long, so a fast hash (BLAKE3, hex)
-- is enough to store them: only hashes are kept.

CREATE TABLE api_keys (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant_id   INTEGER NOT NULL REFERENCES tenants (id),
    -- The administrator who made it; tokens act as this agent.
    owner_id    INTEGER NOT NULL,
    name        TEXT NOT NULL,
    secret_id   TEXT NOT NULL,
    secret_hash TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    revoked_at  INTEGER,
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, owner_id) REFERENCES agents (tenant_id, id)
);
CREATE UNIQUE INDEX api_keys_secret_id ON api_keys (secret_id);
CREATE INDEX api_keys_by_tenant ON api_keys (tenant_id, id);

CREATE TABLE api_tokens (
    token_hash TEXT PRIMARY KEY,
    tenant_id  INTEGER NOT NULL,
    key_id     INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    FOREIGN KEY (tenant_id, key_id) REFERENCES api_keys (tenant_id, id)
);
CREATE INDEX api_tokens_by_expiry ON api_tokens (expires_at);
