-- PostgreSQL only (SchemaMigration adds classpath:db/postgresql on PostgreSQL): full text for the session search,
-- GET /api/v1/sessions?q= (SessionSearch; H2 matches with LIKE and needs nothing).
--
-- The version: one history holds both folders, so a version here must never be taken by a portable migration of
-- db/migration, and must sort after the portable ones it builds on. Portable migrations take whole numbers (V7,
-- the message tree, is the one before this); this takes a point version after the last portable one, 7.1, which no
-- whole-numbered migration can collide with. A later PostgreSQL-only migration takes the next point after the
-- portable version current then (8.1, or 7.2).
--
-- Each message's words are stored beside it, as a tsvector without positions (strip: no phrase search or ranking
-- needs them; a third of the size), and indexed with GIN. Stored rather than an index on the expression: a search
-- that walks a user's sessions checks their messages one by one, and reading a stored vector costs a few
-- microseconds where parsing the text again cost 0.1-0.3 ms a message (docs/performance.md, "Session search").
-- The 'simple' configuration: lower case, no stemming, no stop words, every language alike. It keeps a run of
-- Chinese or Japanese characters as one token; SessionSearch matches such words with ILIKE instead.
--
-- Adding the column rewrites chat_message under an exclusive lock (no reads or writes of messages meanwhile), and
-- building the index then blocks writes: on 1,000,000 messages about 1.5 and 0.25 minutes on the measuring
-- machine (docs/performance.md). Topics need no index: a search walks the owner's
-- sessions by the owner index anyway, and parses each topic, a hundred characters at most, on the way.
-- IF NOT EXISTS: an operator may have run these by hand beforehand, or built the index CONCURRENTLY (which Flyway
-- cannot: it waits forever on its own lock); see docs/operations.md, "Migrations".

ALTER TABLE chat_message ADD COLUMN IF NOT EXISTS content_search tsvector
    GENERATED ALWAYS AS (strip(to_tsvector('simple', content))) STORED;
CREATE INDEX IF NOT EXISTS chat_message_content_search ON chat_message USING GIN (content_search);
