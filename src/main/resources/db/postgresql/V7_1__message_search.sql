-- PostgreSQL only (SchemaMigration adds classpath:db/postgresql on PostgreSQL): full-text indexes for the session
-- search, GET /api/v1/sessions?q= (SessionSearch; H2 matches with LIKE and needs nothing).
--
-- The version: one history holds both folders, so a version here must never be taken by a portable migration
-- of db/migration, and must sort after the portable ones it builds on. Portable migrations take whole numbers
-- (V7 is the next); this takes a point release of the last portable version known when it was written, 7.1,
-- which no whole-numbered migration can ever collide with. A later PostgreSQL-only migration takes the next
-- point after the portable version current then (8.1, 8.2, …).
--
-- The expressions must be the ones SessionSearch queries with, character for character in meaning: the
-- 'simple' configuration (lower case, no stemming, no stop words: every language alike), on the column itself.
-- 'simple' keeps a run of Chinese or Japanese characters as one token; such words are matched by ILIKE instead,
-- without an index (docs/api.md).

CREATE INDEX IF NOT EXISTS chat_message_content_search ON chat_message USING GIN (to_tsvector('simple', content));
CREATE INDEX IF NOT EXISTS chat_session_topic_search ON chat_session USING GIN (to_tsvector('simple', topic));
