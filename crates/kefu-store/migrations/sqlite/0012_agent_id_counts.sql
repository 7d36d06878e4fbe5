-- How many live agents each tenant has, by status and by block of 1,024 ids (id / 1024).
-- Summed, they are the plain agent list's count; walked in id order, they tell in which
-- block page N starts, so the page is read by seeking into that block instead of skipping
-- (N-1) x per_page index entries. Kept in the transaction of every agent insert, status
-- change and deletion. Replaces agent_counts (0011), which had one row per status.
CREATE TABLE agent_id_counts (
    tenant_id INTEGER NOT NULL REFERENCES tenants (id),
    status    INTEGER NOT NULL,
    id_block  INTEGER NOT NULL,
    n         INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, id_block, status)
);
INSERT INTO agent_id_counts (tenant_id, status, id_block, n)
SELECT tenant_id, status, id / 1024, COUNT(*) FROM agents WHERE status <> 2 GROUP BY tenant_id, status, id / 1024;
DROP TABLE agent_counts;
