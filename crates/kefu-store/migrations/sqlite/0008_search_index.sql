-- Substring search over the four searchable agent fields without scanning the table:
-- an FTS5 trigram index kept in step with `agents` by triggers. A LIKE '%…%' on it uses
-- the index when the text has at least three characters (shorter ones fall back to a scan).
-- PostgreSQL's migration builds pg_trgm GIN indexes for the same query shapes.

CREATE VIRTUAL TABLE agents_search USING fts5(
    login_key, search_name, search_job_number, mobile,
    content = 'agents', content_rowid = 'id', tokenize = 'trigram'
);
INSERT INTO agents_search (agents_search) VALUES ('rebuild');

CREATE TRIGGER agents_search_insert AFTER INSERT ON agents BEGIN
    INSERT INTO agents_search (rowid, login_key, search_name, search_job_number, mobile)
    VALUES (new.id, new.login_key, new.search_name, new.search_job_number, new.mobile);
END;

CREATE TRIGGER agents_search_delete AFTER DELETE ON agents BEGIN
    INSERT INTO agents_search (agents_search, rowid, login_key, search_name, search_job_number, mobile)
    VALUES ('delete', old.id, old.login_key, old.search_name, old.search_job_number, old.mobile);
END;

CREATE TRIGGER agents_search_update AFTER UPDATE OF login_key, search_name, search_job_number, mobile ON agents BEGIN
    INSERT INTO agents_search (agents_search, rowid, login_key, search_name, search_job_number, mobile)
    VALUES ('delete', old.id, old.login_key, old.search_name, old.search_job_number, old.mobile);
    INSERT INTO agents_search (rowid, login_key, search_name, search_job_number, mobile)
    VALUES (new.id, new.login_key, new.search_name, new.search_job_number, new.mobile);
END;
