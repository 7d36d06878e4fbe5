-- Substring search over the four searchable agent fields without scanning the table:
-- pg_trgm GIN indexes serve LIKE '%…%' (three or more characters). SQLite's migration
-- builds an FTS5 trigram index for the same query shapes.

CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX agents_login_key_trgm ON agents USING gin (login_key gin_trgm_ops);
CREATE INDEX agents_search_name_trgm ON agents USING gin (search_name gin_trgm_ops);
CREATE INDEX agents_search_job_number_trgm ON agents USING gin (search_job_number gin_trgm_ops);
CREATE INDEX agents_mobile_trgm ON agents USING gin (mobile gin_trgm_ops);
