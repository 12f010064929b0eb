-- The plans again, with the index proposed for a future migration V2 (docs/operations.md).
--
--   psql -h 127.0.0.1 -d test -v ON_ERROR_STOP=1 -f bench/db/explain-v2-candidate.sql
--
-- Adds the index to the bench schema only, runs explain-postgres.sql, then drops the index again, so the
-- schema stays exactly V1. The migrations themselves are not touched.

\set ON_ERROR_STOP on
\timing on
SET search_path = chatstream_plans;

CREATE INDEX chat_message_session_created ON chat_message (session_id, created_at);
SELECT pg_size_pretty(pg_relation_size('chat_message_session_created')) AS candidate_index_size;
\timing off

\ir explain-postgres.sql

SET search_path = chatstream_plans;
DROP INDEX chat_message_session_created;
