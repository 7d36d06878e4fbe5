-- Sessions of the browser console (/console/). The cookie holds a random token; only its
-- hash is stored, so a copy of the database lets nobody sign in. Sessions live in the
-- database, not in a process, so any instance behind a balancer honours any session, and
-- signing out on one ends it on all. A session is bound to the agent's password hash at
-- sign-in (password_digest): a changed password ends the agent's other sessions.

CREATE TABLE console_sessions (
    token_hash      TEXT    PRIMARY KEY,
    tenant_id       BIGINT  NOT NULL,
    agent_id        BIGINT  NOT NULL,
    password_digest TEXT    NOT NULL,
    created_at      BIGINT  NOT NULL,
    last_seen_at    BIGINT  NOT NULL,
    FOREIGN KEY (tenant_id, agent_id) REFERENCES agents (tenant_id, id)
);
-- Expired sessions are swept by last use; an agent's sessions are found by agent.
CREATE INDEX console_sessions_by_last_seen ON console_sessions (last_seen_at);
CREATE INDEX console_sessions_by_agent ON console_sessions (tenant_id, agent_id);
