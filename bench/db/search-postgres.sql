-- The session search (GET /api/v1/sessions?q=, SessionSearch) on the data of seed-postgres.sql: builds the
-- PostgreSQL-only migration's full-text indexes, then shows the plans of the search query (docs/performance.md,
-- "Session search"). Latency: search-latency.sh, after this script.
--
--   psql -h 127.0.0.1 -d test -v ON_ERROR_STOP=1 -v schema=chatstream_search -f bench/db/seed-postgres.sql
--   psql -h 127.0.0.1 -d test -v ON_ERROR_STOP=1 -v schema=chatstream_search -f bench/db/search-postgres.sql
--   bench/db/search-latency.sh chatstream_search
--   psql -h 127.0.0.1 -d test -c 'DROP SCHEMA chatstream_search CASCADE'
--
-- The seed's 200-word vocabulary makes every word common (each is in most messages). So that rarer words can be
-- searched too, this script first appends marker words to messages and topics picked by a hash of their id, the
-- same rows on every run (and only once):
--   'nebula' to 1 % of all messages and 2 % of topics; 'quasar' to 0.01 % of messages; '分数' (Chinese, matched
--   by ILIKE, no index) to 1 % of messages. 'zebra' is in none.
-- Then db/postgresql/V7_1__message_search.sql runs (the file itself, timed: the stored column and its GIN index),
-- and VACUUM ANALYZE.
-- Each statement is the SQL EclipseLink makes of the JPQL of SessionDirectory.list with SessionSearch (written
-- out by hand in its form, as explain-postgres.sql does), for the heaviest user (100,000 messages in 1,000
-- sessions). Part 1 with values inlined (custom plans), part 2 with the generic plan.

\set ON_ERROR_STOP on
\if :{?schema}
\else
\set schema chatstream_plans
\endif
SET search_path = :"schema";
\pset pager off
\timing on

-- the migration's column and index, if an earlier run made them (the markers are written without them)
ALTER TABLE chat_message DROP COLUMN IF EXISTS content_search;

UPDATE chat_message SET content = content || ' nebula'
WHERE ('x' || substr(md5(id::text), 1, 8))::bit(32)::int % 100 = 0 AND content NOT LIKE '% nebula%';
UPDATE chat_message SET content = content || ' quasar'
WHERE ('x' || substr(md5(id::text), 9, 8))::bit(32)::int % 10000 = 0 AND content NOT LIKE '% quasar%';
UPDATE chat_message SET content = content || ' 他问分数怎么加'
WHERE ('x' || substr(md5(id::text), 17, 8))::bit(32)::int % 100 = 0 AND content NOT LIKE '%分数%';
UPDATE chat_session SET topic = left(coalesce(topic, 'Untitled'), 90) || ' nebula'
WHERE ('x' || substr(md5(id::text), 1, 8))::bit(32)::int % 50 = 0 AND coalesce(topic, '') NOT LIKE '% nebula%';

\ir ../../src/main/resources/db/postgresql/V7_1__message_search.sql
\timing off

VACUUM (ANALYZE) chat_session;
VACUUM (ANALYZE) chat_message;

SELECT pg_size_pretty(pg_relation_size('chat_message')) AS message_heap,
       pg_size_pretty(pg_total_relation_size('chat_message')) AS message_total,
       pg_size_pretty(pg_relation_size('chat_message_content_search')) AS search_index;

-- ---------------------------------------------------------------------------------------------------------
-- parameters
-- ---------------------------------------------------------------------------------------------------------

SELECT owner_tenant AS tenant, owner_subject AS subject
FROM chat_session GROUP BY owner_tenant, owner_subject
ORDER BY count(*) DESC, owner_tenant, owner_subject LIMIT 1 \gset

SELECT assistant
FROM chat_session WHERE owner_tenant = :'tenant' AND owner_subject = :'subject'
GROUP BY assistant ORDER BY count(*) DESC, assistant LIMIT 1 \gset

-- a cursor deep in the user's list (after row 800 of 1,000): a common word's page 41
SELECT updated_at AS deep_updated_at, id AS deep_id
FROM chat_session WHERE owner_tenant = :'tenant' AND owner_subject = :'subject'
ORDER BY updated_at DESC, id DESC OFFSET 799 LIMIT 1 \gset

SELECT (SELECT count(*) FROM chat_message m JOIN chat_session s ON s.id = m.session_id
        WHERE s.owner_tenant = :'tenant' AND s.owner_subject = :'subject') AS user_messages,
       (SELECT count(*) FROM chat_message WHERE content LIKE '% nebula%') AS nebula_messages,
       (SELECT count(*) FROM chat_message WHERE content LIKE '% quasar%') AS quasar_messages,
       (SELECT count(*) FROM chat_message WHERE content LIKE '%分数%') AS cjk_messages;

\echo tenant=:tenant subject=:subject assistant=:assistant deep cursor=:deep_updated_at/:deep_id

-- ---------------------------------------------------------------------------------------------------------
-- part 1: custom plans
-- ---------------------------------------------------------------------------------------------------------

\set select 'SELECT t0.id, t0.assistant, t0.created_at, t0.owner_subject, t0.owner_tenant, t0.topic, t0.updated_at FROM chat_session t0'
\set order 'ORDER BY t0.updated_at DESC, t0.id DESC LIMIT 21 OFFSET 0'

\echo '=== Q1 one common word (the:*), first page'
EXPLAIN (ANALYZE, BUFFERS) :select
WHERE (((t0.owner_tenant = :'tenant') AND (t0.owner_subject = :'subject'))
  AND ((to_tsvector('simple', t0.topic) @@ to_tsquery('simple', 'the:*'))
       OR EXISTS (SELECT t1.id FROM chat_message t1
                  WHERE ((t1.session_id = t0.id) AND (t1.content_search @@ to_tsquery('simple', 'the:*')))))) :order;

\echo '=== Q2 one word in 1 % of messages (nebula:*), first page'
EXPLAIN (ANALYZE, BUFFERS) :select
WHERE (((t0.owner_tenant = :'tenant') AND (t0.owner_subject = :'subject'))
  AND ((to_tsvector('simple', t0.topic) @@ to_tsquery('simple', 'nebula:*'))
       OR EXISTS (SELECT t1.id FROM chat_message t1
                  WHERE ((t1.session_id = t0.id) AND (t1.content_search @@ to_tsquery('simple', 'nebula:*')))))) :order;

\echo '=== Q3 a rare word (quasar:*, 0.01 % of messages)'
EXPLAIN (ANALYZE, BUFFERS) :select
WHERE (((t0.owner_tenant = :'tenant') AND (t0.owner_subject = :'subject'))
  AND ((to_tsvector('simple', t0.topic) @@ to_tsquery('simple', 'quasar:*'))
       OR EXISTS (SELECT t1.id FROM chat_message t1
                  WHERE ((t1.session_id = t0.id) AND (t1.content_search @@ to_tsquery('simple', 'quasar:*')))))) :order;

\echo '=== Q4 a word found nowhere (zebra:*)'
EXPLAIN (ANALYZE, BUFFERS) :select
WHERE (((t0.owner_tenant = :'tenant') AND (t0.owner_subject = :'subject'))
  AND ((to_tsvector('simple', t0.topic) @@ to_tsquery('simple', 'zebra:*'))
       OR EXISTS (SELECT t1.id FROM chat_message t1
                  WHERE ((t1.session_id = t0.id) AND (t1.content_search @@ to_tsquery('simple', 'zebra:*')))))) :order;

\echo '=== Q5 three words, two common and the last in 1 % (cursor & backup & nebula:*)'
EXPLAIN (ANALYZE, BUFFERS) :select
WHERE (((t0.owner_tenant = :'tenant') AND (t0.owner_subject = :'subject'))
  AND ((to_tsvector('simple', t0.topic) @@ to_tsquery('simple', 'cursor & backup & nebula:*'))
       OR EXISTS (SELECT t1.id FROM chat_message t1
                  WHERE ((t1.session_id = t0.id) AND (t1.content_search @@ to_tsquery('simple', 'cursor & backup & nebula:*')))))) :order;

\echo '=== Q6 one common word, deep page (cursor after row 800), one assistant'
EXPLAIN (ANALYZE, BUFFERS) :select
WHERE (((((t0.owner_tenant = :'tenant') AND (t0.owner_subject = :'subject')) AND (t0.assistant = :'assistant'))
  AND ((t0.updated_at <= :'deep_updated_at') AND ((t0.updated_at < :'deep_updated_at') OR ((t0.updated_at = :'deep_updated_at') AND (t0.id < :'deep_id')))))
  AND ((to_tsvector('simple', t0.topic) @@ to_tsquery('simple', 'stream:*'))
       OR EXISTS (SELECT t1.id FROM chat_message t1
                  WHERE ((t1.session_id = t0.id) AND (t1.content_search @@ to_tsquery('simple', 'stream:*')))))) :order;

\echo '=== Q7 a Chinese word in 1 % of messages (ILIKE, no index)'
EXPLAIN (ANALYZE, BUFFERS) :select
WHERE (((t0.owner_tenant = :'tenant') AND (t0.owner_subject = :'subject'))
  AND ((t0.topic ILIKE '%分数%')
       OR EXISTS (SELECT t1.id FROM chat_message t1 WHERE ((t1.session_id = t0.id) AND (t1.content ILIKE '%分数%'))))) :order;

-- ---------------------------------------------------------------------------------------------------------
-- part 2: generic plans (what a server-side prepared statement may keep after its first executions)
-- ---------------------------------------------------------------------------------------------------------

SET plan_cache_mode = force_generic_plan;

PREPARE search(varchar, varchar, varchar, varchar, bigint, bigint) AS
SELECT t0.id, t0.assistant, t0.created_at, t0.owner_subject, t0.owner_tenant, t0.topic, t0.updated_at FROM chat_session t0
WHERE (((t0.owner_tenant = $1) AND (t0.owner_subject = $2))
  AND ((to_tsvector('simple', t0.topic) @@ to_tsquery('simple', $3))
       OR EXISTS (SELECT t1.id FROM chat_message t1
                  WHERE ((t1.session_id = t0.id) AND (t1.content_search @@ to_tsquery('simple', $4))))))
ORDER BY t0.updated_at DESC, t0.id DESC LIMIT $5 OFFSET $6;

\echo '=== G1 generic plan, one common word (the:*)'
EXPLAIN (ANALYZE, BUFFERS) EXECUTE search(:'tenant', :'subject', 'the:*', 'the:*', 21, 0);
\echo '=== G2 generic plan, a word in 1 % (nebula:*)'
EXPLAIN (ANALYZE, BUFFERS) EXECUTE search(:'tenant', :'subject', 'nebula:*', 'nebula:*', 21, 0);
\echo '=== G4 generic plan, a word found nowhere (zebra:*)'
EXPLAIN (ANALYZE, BUFFERS) EXECUTE search(:'tenant', :'subject', 'zebra:*', 'zebra:*', 21, 0);

DEALLOCATE ALL;
RESET plan_cache_mode;
