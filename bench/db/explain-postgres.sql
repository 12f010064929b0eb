-- Query plans of chatstream's list, history and usage queries, on the data of bench/db/seed-postgres.sql.
--
--   psql -h 127.0.0.1 -d test -v ON_ERROR_STOP=1 -f bench/db/explain-postgres.sql
--
-- Each statement is the SQL EclipseLink sends for the JPQL in SessionDirectory, Conversations and UsageReport
-- (columns in lower case; EclipseLink binds every value, including LIMIT ? OFFSET ?). Parameters are picked
-- from the data: the heaviest user (1,000 sessions), a cursor deep in their list, a 100-message session.
-- Part 1 plans with the values inlined (the custom plans PostgreSQL uses for the first executions of a
-- prepared statement); part 2 forces the generic plan (which PostgreSQL may keep once the JDBC driver has
-- made the statement a server-side one, after prepareThreshold = 5 uses, and 5 custom executions followed).
-- The script only reads (the one UPDATE is rolled back); run it twice for warm-cache timings.

\set ON_ERROR_STOP on
SET search_path = chatstream_plans;
\pset pager off

-- ---------------------------------------------------------------------------------------------------------
-- parameters
-- ---------------------------------------------------------------------------------------------------------

-- the heaviest user
SELECT owner_tenant AS tenant, owner_subject AS subject
FROM chat_session GROUP BY owner_tenant, owner_subject
ORDER BY count(*) DESC, owner_tenant, owner_subject LIMIT 1 \gset

-- a typical user (20 .. 30 sessions), for comparison in the usage report
SELECT owner_subject AS typical_subject
FROM chat_session WHERE owner_tenant = :'tenant' GROUP BY owner_subject
HAVING count(*) BETWEEN 20 AND 30 ORDER BY owner_subject LIMIT 1 \gset

-- their busiest assistant (the filter of the list)
SELECT assistant
FROM chat_session WHERE owner_tenant = :'tenant' AND owner_subject = :'subject'
GROUP BY assistant ORDER BY count(*) DESC, assistant LIMIT 1 \gset

-- deep page, all assistants: the cursor after row 800 of 1,000 (page 41 of 50 at 20 a page)
SELECT updated_at AS deep_updated_at, id AS deep_id
FROM chat_session WHERE owner_tenant = :'tenant' AND owner_subject = :'subject'
ORDER BY updated_at DESC, id DESC OFFSET 799 LIMIT 1 \gset

-- deep page, one assistant: the cursor after row 400
SELECT updated_at AS deep_a_updated_at, id AS deep_a_id
FROM chat_session WHERE owner_tenant = :'tenant' AND owner_subject = :'subject' AND assistant = :'assistant'
ORDER BY updated_at DESC, id DESC OFFSET 399 LIMIT 1 \gset

-- the ids of the first page (20 sessions), for summarize
SELECT string_agg(quote_literal(id::text), ', ' ORDER BY updated_at DESC, id DESC) AS page_ids
FROM (SELECT id, updated_at FROM chat_session WHERE owner_tenant = :'tenant' AND owner_subject = :'subject'
      ORDER BY updated_at DESC, id DESC LIMIT 20) page \gset

-- the user's most recent session with exactly 100 messages
SELECT s.id AS history_session
FROM chat_session s
WHERE s.owner_tenant = :'tenant' AND s.owner_subject = :'subject'
  AND (SELECT count(*) FROM chat_message m WHERE m.session_id = s.id) = 100
ORDER BY s.updated_at DESC LIMIT 1 \gset

-- deep history page: "before" is the 21st oldest message, so the page holds the 20 oldest
SELECT id AS before_id, seq AS before_seq
FROM chat_message WHERE session_id = :'history_session' ORDER BY seq OFFSET 20 LIMIT 1 \gset

-- the usage report's window: the 30 days up to the newest data
SELECT date_trunc('day', max(created_at) AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' + interval '1 day' AS usage_to,
       date_trunc('day', max(created_at) AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' - interval '29 days' AS usage_from
FROM chat_message \gset

\echo
\echo tenant=:tenant subject=:subject assistant=:assistant
\echo deep cursor (all)=:deep_updated_at/:deep_id  deep cursor (:assistant)=:deep_a_updated_at/:deep_a_id
\echo history session=:history_session before=:before_id (seq :before_seq)  usage window=[:usage_from, :usage_to)

-- ---------------------------------------------------------------------------------------------------------
-- part 1: custom plans (values inlined)
-- ---------------------------------------------------------------------------------------------------------

\echo
\echo '=== L1 SessionDirectory.list: first page, all assistants'
EXPLAIN (ANALYZE, BUFFERS)
SELECT id, assistant, created_at, owner_subject, owner_tenant, topic, updated_at FROM chat_session
WHERE ((owner_tenant = :'tenant') AND (owner_subject = :'subject'))
ORDER BY updated_at DESC, id DESC LIMIT 21 OFFSET 0;

\echo '=== L2 SessionDirectory.list: deep page (after row 800 of 1,000), all assistants'
EXPLAIN (ANALYZE, BUFFERS)
SELECT id, assistant, created_at, owner_subject, owner_tenant, topic, updated_at FROM chat_session
WHERE (((owner_tenant = :'tenant') AND (owner_subject = :'subject'))
       AND ((updated_at < :'deep_updated_at') OR ((updated_at = :'deep_updated_at') AND (id < :'deep_id'))))
ORDER BY updated_at DESC, id DESC LIMIT 21 OFFSET 0;

\echo '=== L3 SessionDirectory.list: first page, one assistant'
EXPLAIN (ANALYZE, BUFFERS)
SELECT id, assistant, created_at, owner_subject, owner_tenant, topic, updated_at FROM chat_session
WHERE (((owner_tenant = :'tenant') AND (owner_subject = :'subject')) AND (assistant = :'assistant'))
ORDER BY updated_at DESC, id DESC LIMIT 21 OFFSET 0;

\echo '=== L4 SessionDirectory.list: deep page (after row 400), one assistant'
EXPLAIN (ANALYZE, BUFFERS)
SELECT id, assistant, created_at, owner_subject, owner_tenant, topic, updated_at FROM chat_session
WHERE ((((owner_tenant = :'tenant') AND (owner_subject = :'subject')) AND (assistant = :'assistant'))
       AND ((updated_at < :'deep_a_updated_at') OR ((updated_at = :'deep_a_updated_at') AND (id < :'deep_a_id'))))
ORDER BY updated_at DESC, id DESC LIMIT 21 OFFSET 0;

\echo '=== S1 SessionDirectory.summarize: counts and token sums of a page of 20 sessions'
EXPLAIN (ANALYZE, BUFFERS)
SELECT session_id, COUNT(id), COALESCE(SUM(prompt_tokens), 0), COALESCE(SUM(completion_tokens), 0)
FROM chat_message WHERE (session_id IN (:page_ids)) GROUP BY session_id;

\echo '=== S2 SessionDirectory.summarize: latest non-empty message of each of the 20 sessions'
EXPLAIN (ANALYZE, BUFFERS)
SELECT t0.session_id, t0.content FROM chat_message t0
WHERE t0.seq IN (SELECT MAX(t1.seq) FROM chat_message t1
                 WHERE ((t1.session_id IN (:page_ids)) AND (t1.content <> ''))
                 GROUP BY t1.session_id);

\echo '=== P1 SessionDirectory.owned / Conversations.find (em.find): one session by id'
EXPLAIN (ANALYZE, BUFFERS)
SELECT id, assistant, created_at, owner_subject, owner_tenant, topic, updated_at FROM chat_session
WHERE (id = :'history_session');

\echo '=== H1 SessionDirectory.history: first page of a 100-message session'
EXPLAIN (ANALYZE, BUFFERS)
SELECT id, completion_tokens, content, created_at, duration_ms, error_code, finish_reason, first_token_ms, model,
       prompt_tokens, reasoning, role, seq, status, total_tokens, updated_at, session_id
FROM chat_message WHERE (session_id = :'history_session')
ORDER BY seq DESC LIMIT 21 OFFSET 0;

\echo '=== H2 SessionDirectory.history: the "before" message'
EXPLAIN (ANALYZE, BUFFERS)
SELECT seq FROM chat_message WHERE ((id = :'before_id') AND (session_id = :'history_session'));

\echo '=== H3 SessionDirectory.history: deep page (the 20 oldest messages)'
EXPLAIN (ANALYZE, BUFFERS)
SELECT id, completion_tokens, content, created_at, duration_ms, error_code, finish_reason, first_token_ms, model,
       prompt_tokens, reasoning, role, seq, status, total_tokens, updated_at, session_id
FROM chat_message WHERE ((session_id = :'history_session') AND (seq < :before_seq))
ORDER BY seq DESC LIMIT 21 OFFSET 0;

\echo '=== C1 Conversations.begin: prompt history (20 newest usable messages)'
EXPLAIN (ANALYZE, BUFFERS)
SELECT role, content FROM chat_message
WHERE (((session_id = :'history_session') AND (status IN ('COMPLETE', 'INCOMPLETE', 'CANCELLED', 'INTERRUPTED')))
       AND (content <> ''))
ORDER BY seq DESC LIMIT 20 OFFSET 0;

\echo '=== C2 Conversations.begin: hasMessages'
EXPLAIN (ANALYZE, BUFFERS)
SELECT id FROM chat_message WHERE (session_id = :'history_session') LIMIT 1 OFFSET 0;

\echo '=== U1 UsageReport.perDayAndModel: heaviest user, 30 days'
EXPLAIN (ANALYZE, BUFFERS)
SELECT CAST(m.created_at AS DATE) AS usage_day, COALESCE(m.model, ''), COUNT(*),
       COALESCE(SUM(m.prompt_tokens), 0), COALESCE(SUM(m.completion_tokens), 0)
FROM chat_message m JOIN chat_session s ON s.id = m.session_id
WHERE s.owner_tenant = :'tenant' AND s.owner_subject = :'subject' AND m.role = 'ASSISTANT'
  AND m.created_at >= :'usage_from' AND m.created_at < :'usage_to'
GROUP BY CAST(m.created_at AS DATE), COALESCE(m.model, '')
ORDER BY 1, 2;

\echo '=== U2 UsageReport.perDayAndModel: a typical user (20 .. 30 sessions), 30 days'
EXPLAIN (ANALYZE, BUFFERS)
SELECT CAST(m.created_at AS DATE) AS usage_day, COALESCE(m.model, ''), COUNT(*),
       COALESCE(SUM(m.prompt_tokens), 0), COALESCE(SUM(m.completion_tokens), 0)
FROM chat_message m JOIN chat_session s ON s.id = m.session_id
WHERE s.owner_tenant = :'tenant' AND s.owner_subject = :'typical_subject' AND m.role = 'ASSISTANT'
  AND m.created_at >= :'usage_from' AND m.created_at < :'usage_to'
GROUP BY CAST(m.created_at AS DATE), COALESCE(m.model, '')
ORDER BY 1, 2;

\echo '=== M1 Conversations.markInterrupted (at start; rolled back)'
BEGIN;
EXPLAIN (ANALYZE, BUFFERS)
UPDATE chat_message SET status = 'INTERRUPTED', updated_at = now() WHERE (status = 'STREAMING');
ROLLBACK;

-- ---------------------------------------------------------------------------------------------------------
-- part 2: generic plans (parameters unknown to the planner, LIMIT included)
-- ---------------------------------------------------------------------------------------------------------

SET plan_cache_mode = force_generic_plan;

PREPARE list_all_first(varchar, varchar, bigint, bigint) AS
SELECT id, assistant, created_at, owner_subject, owner_tenant, topic, updated_at FROM chat_session
WHERE ((owner_tenant = $1) AND (owner_subject = $2))
ORDER BY updated_at DESC, id DESC LIMIT $3 OFFSET $4;

PREPARE list_assistant_first(varchar, varchar, varchar, bigint, bigint) AS
SELECT id, assistant, created_at, owner_subject, owner_tenant, topic, updated_at FROM chat_session
WHERE (((owner_tenant = $1) AND (owner_subject = $2)) AND (assistant = $3))
ORDER BY updated_at DESC, id DESC LIMIT $4 OFFSET $5;

PREPARE list_all(varchar, varchar, timestamptz, timestamptz, uuid, bigint, bigint) AS
SELECT id, assistant, created_at, owner_subject, owner_tenant, topic, updated_at FROM chat_session
WHERE (((owner_tenant = $1) AND (owner_subject = $2)) AND ((updated_at < $3) OR ((updated_at = $4) AND (id < $5))))
ORDER BY updated_at DESC, id DESC LIMIT $6 OFFSET $7;

PREPARE list_assistant(varchar, varchar, varchar, timestamptz, timestamptz, uuid, bigint, bigint) AS
SELECT id, assistant, created_at, owner_subject, owner_tenant, topic, updated_at FROM chat_session
WHERE ((((owner_tenant = $1) AND (owner_subject = $2)) AND (assistant = $3))
       AND ((updated_at < $4) OR ((updated_at = $5) AND (id < $6))))
ORDER BY updated_at DESC, id DESC LIMIT $7 OFFSET $8;

PREPARE history_page(uuid, bigint, bigint, bigint) AS
SELECT id, completion_tokens, content, created_at, duration_ms, error_code, finish_reason, first_token_ms, model,
       prompt_tokens, reasoning, role, seq, status, total_tokens, updated_at, session_id
FROM chat_message WHERE ((session_id = $1) AND (seq < $2))
ORDER BY seq DESC LIMIT $3 OFFSET $4;

PREPARE summarize_totals(uuid, uuid, uuid, uuid, uuid, uuid, uuid, uuid, uuid, uuid, uuid, uuid, uuid, uuid, uuid, uuid, uuid, uuid, uuid, uuid) AS
SELECT session_id, COUNT(id), COALESCE(SUM(prompt_tokens), 0), COALESCE(SUM(completion_tokens), 0)
FROM chat_message WHERE (session_id IN ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)) GROUP BY session_id;

PREPARE summarize_latest(uuid, uuid, uuid, uuid, uuid, uuid, uuid, uuid, uuid, uuid, uuid, uuid, uuid, uuid, uuid, uuid, uuid, uuid, uuid, uuid) AS
SELECT t0.session_id, t0.content FROM chat_message t0
WHERE t0.seq IN (SELECT MAX(t1.seq) FROM chat_message t1
                 WHERE ((t1.session_id IN ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)) AND (t1.content <> ''))
                 GROUP BY t1.session_id);

PREPARE usage_report(varchar, varchar, timestamptz, timestamptz) AS
SELECT CAST(m.created_at AS DATE) AS usage_day, COALESCE(m.model, ''), COUNT(*),
       COALESCE(SUM(m.prompt_tokens), 0), COALESCE(SUM(m.completion_tokens), 0)
FROM chat_message m JOIN chat_session s ON s.id = m.session_id
WHERE s.owner_tenant = $1 AND s.owner_subject = $2 AND m.role = 'ASSISTANT'
  AND m.created_at >= $3 AND m.created_at < $4
GROUP BY CAST(m.created_at AS DATE), COALESCE(m.model, '')
ORDER BY 1, 2;

\echo '=== G1 generic plan of L1 (first page, all assistants)'
EXPLAIN (ANALYZE, BUFFERS)
EXECUTE list_all_first(:'tenant', :'subject', 21, 0);

\echo '=== G3 generic plan of L3 (first page, one assistant)'
EXPLAIN (ANALYZE, BUFFERS)
EXECUTE list_assistant_first(:'tenant', :'subject', :'assistant', 21, 0);

\echo '=== G2 generic plan of L2 (deep page, all assistants)'
EXPLAIN (ANALYZE, BUFFERS)
EXECUTE list_all(:'tenant', :'subject', :'deep_updated_at', :'deep_updated_at', :'deep_id', 21, 0);

\echo '=== G4 generic plan of L4 (deep page, one assistant)'
EXPLAIN (ANALYZE, BUFFERS)
EXECUTE list_assistant(:'tenant', :'subject', :'assistant', :'deep_a_updated_at', :'deep_a_updated_at', :'deep_a_id', 21, 0);

\echo '=== GS1 generic plan of S1 (summarize totals)'
EXPLAIN (ANALYZE, BUFFERS)
EXECUTE summarize_totals(:page_ids);

\echo '=== GS2 generic plan of S2 (summarize latest)'
EXPLAIN (ANALYZE, BUFFERS)
EXECUTE summarize_latest(:page_ids);

\echo '=== G5 generic plan of H3 (deep history page)'
EXPLAIN (ANALYZE, BUFFERS)
EXECUTE history_page(:'history_session', :before_seq, 21, 0);

\echo '=== G6 generic plan of U1 (usage report, heaviest user)'
EXPLAIN (ANALYZE, BUFFERS)
EXECUTE usage_report(:'tenant', :'subject', :'usage_from', :'usage_to');

\echo '=== G7 generic plan of U2 (usage report, typical user)'
EXPLAIN (ANALYZE, BUFFERS)
EXECUTE usage_report(:'tenant', :'typical_subject', :'usage_from', :'usage_to');

DEALLOCATE ALL;
RESET plan_cache_mode;
