-- The ticket text indexes of 0021 written once per write batch, not once per operation
-- (issue #21). FTS5 flushes its pending terms to disk at every SAVEPOINT, and the write
-- queue runs each operation inside one (engine/write_queue.rs): fed by triggers, every
-- ticket and every reply became a one-document segment to write and then merge (37% of the
-- server's CPU creating tickets). Now an insert only notes its rowid here; the writer
-- indexes the noted rows once, after the batch's last savepoint and before its COMMIT
-- (engine/text_index.rs) — same transaction, so a ticket and its index rows still commit
-- together, and a rolled-back operation's notes are rolled back with it.
--
-- Only SQLite has these tables (PostgreSQL's pg_trgm indexes are no triggers); the schema
-- comparison and `kefu copy` leave them out. Empty between batches.
CREATE TABLE tickets_search_pending (id INTEGER PRIMARY KEY);
CREATE TABLE ticket_replies_search_pending (id INTEGER PRIMARY KEY);

DROP TRIGGER tickets_search_insert;
CREATE TRIGGER tickets_search_insert AFTER INSERT ON tickets BEGIN
    INSERT OR IGNORE INTO tickets_search_pending (id) VALUES (new.id);
END;
-- A noted row is not in the index yet: an update or delete leaves the index alone (the
-- batch's pass indexes the row as it then is, or not at all once it is gone); telling
-- FTS5 to delete terms it never had would corrupt it.
DROP TRIGGER tickets_search_delete;
CREATE TRIGGER tickets_search_delete AFTER DELETE ON tickets
WHEN NOT EXISTS (SELECT 1 FROM tickets_search_pending WHERE id = old.id) BEGIN
    INSERT INTO tickets_search (tickets_search, rowid, subject, description)
    VALUES ('delete', old.id, old.subject, old.description);
END;
DROP TRIGGER tickets_search_update;
CREATE TRIGGER tickets_search_update AFTER UPDATE OF subject, description ON tickets
WHEN NOT EXISTS (SELECT 1 FROM tickets_search_pending WHERE id = old.id) BEGIN
    INSERT INTO tickets_search (tickets_search, rowid, subject, description)
    VALUES ('delete', old.id, old.subject, old.description);
    INSERT INTO tickets_search (rowid, subject, description) VALUES (new.id, new.subject, new.description);
END;

DROP TRIGGER ticket_replies_search_insert;
CREATE TRIGGER ticket_replies_search_insert AFTER INSERT ON ticket_replies BEGIN
    INSERT OR IGNORE INTO ticket_replies_search_pending (id) VALUES (new.id);
END;
DROP TRIGGER ticket_replies_search_delete;
CREATE TRIGGER ticket_replies_search_delete AFTER DELETE ON ticket_replies
WHEN NOT EXISTS (SELECT 1 FROM ticket_replies_search_pending WHERE id = old.id) BEGIN
    INSERT INTO ticket_replies_search (ticket_replies_search, rowid, message) VALUES ('delete', old.id, old.message);
END;
DROP TRIGGER ticket_replies_search_update;
CREATE TRIGGER ticket_replies_search_update AFTER UPDATE OF message ON ticket_replies
WHEN NOT EXISTS (SELECT 1 FROM ticket_replies_search_pending WHERE id = old.id) BEGIN
    INSERT INTO ticket_replies_search (ticket_replies_search, rowid, message) VALUES ('delete', old.id, old.message);
    INSERT INTO ticket_replies_search (rowid, message) VALUES (new.id, new.message);
END;
