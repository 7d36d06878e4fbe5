-- Nothing to change on PostgreSQL: its pg_trgm indexes (0021) are kept by the database at
-- each statement, with no triggers. The SQLite migration of this number writes its FTS5
-- ticket indexes once per write batch; both backends keep the same migration versions
-- (`kefu copy` compares them).
SELECT 1;
