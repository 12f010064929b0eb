-- Realistic volume for checking chatstream's query plans on PostgreSQL (docs/operations.md).
--
--   psql -h 127.0.0.1 -d test -v ON_ERROR_STOP=1 -f bench/db/seed-postgres.sql
--   psql -h 127.0.0.1 -d test -v ON_ERROR_STOP=1 -f bench/db/explain-postgres.sql
--   psql -h 127.0.0.1 -d test -c 'DROP SCHEMA chatstream_plans CASCADE'
--
-- Everything lives in its own schema, chatstream_plans (or the one named by -v schema=…), created from the real
-- V1 migration (included below, not copied). Re-running starts from scratch. Takes a few minutes and about 1.5 GB of disk.
--
-- Volume: 200 users in 2 tenants, 10,000 sessions, 1,000,000 messages.
--   * 5 heavy users with 1,000 sessions each; the other 195 share 5,000 sessions, skewed (a few hundred .. a few).
--   * sessions spread over the year before 2025-06-30, each lasting 10 minutes .. 3 days;
--   * 100 messages per session on average (10 .. 190, always an even number: question, reply, question, ...);
--   * user messages 20 .. 1,200 characters, replies 80 .. 6,000 (log-uniform), from a 200-word vocabulary;
--   * replies: ~96 % complete with token usage, the rest incomplete / failed (empty) / cancelled / interrupted;
--   * rows inserted in time order (as the application does), so one session's messages are scattered over
--     the table, and seq follows time.

\set ON_ERROR_STOP on
\timing on
\if :{?schema}
\else
\set schema chatstream_plans
\endif

DROP SCHEMA IF EXISTS :"schema" CASCADE;
CREATE SCHEMA :"schema";
SET search_path = :"schema";

BEGIN;

\ir ../../src/main/resources/db/migration/V1__sessions_and_messages.sql

SELECT setseed(0.42);

-- ~7,000-character blocks of words; messages are slices of them
CREATE TEMP TABLE lorem AS
WITH vocab AS (
    SELECT string_to_array(
        'the a an and or but if then else when while because so that this those these it its is are was were be '
        'been have has had do does did can could should would will may might must not no yes you your we our they '
        'their he she his her I me my what which who how why where there here all any some each every more most '
        'less few many much one two three first last next new old good bad small large long short high low same '
        'different other another such only also just very really still already again always never often sometimes '
        'usually example answer question problem solution idea reason result point step part way time day week year '
        'data value list table query index page session message reply model token user server client request '
        'response error code function method class object string number file line test build deploy config '
        'database schema column row key cursor plan cost memory thread stream event network cache backup restore '
        'migration version release feature change update create delete read write send receive open close start '
        'stop run wait retry timeout limit size count order sort filter group join select insert check verify '
        'explain describe compare consider suggest recommend help learn understand remember feel think know want '
        'need try use make take give find keep let seem show tell ask call work play',
        ' ') AS w
)
SELECT b, string_agg(w[1 + floor(random() * array_length(w, 1))::int], ' ') AS txt
FROM vocab, generate_series(1, 500) b, generate_series(1, 1150) i
GROUP BY b;

CREATE TEMP TABLE users AS
SELECT n,
       CASE WHEN n <= 150 THEN 'acme' ELSE 'globex' END                       AS tenant,
       md5('chatstream-user-' || n)::uuid::text                               AS subject,
       n % 40 = 1                                                             AS heavy
FROM generate_series(1, 200) n;

-- 5 heavy users (n = 1, 41, 81, 121, 161) x 1,000 sessions; 5,000 more over the other 195, skewed
CREATE TEMP TABLE sess AS
WITH owners AS (
    SELECT i,
           CASE WHEN i <= 5000 THEN 1 + 40 * ((i - 1) / 1000)
                ELSE (SELECT array_agg(n ORDER BY n) FROM users WHERE NOT heavy)[1 + floor(195 * random() ^ 2)::int]
           END AS owner_n
    FROM generate_series(1, 10000) i
), shaped AS (
    SELECT o.i, o.owner_n, random() AS r_assistant, random() AS r_model, random() AS r_topic,
           -- 10 .. 190 messages, 100 on average: session 2j-1 gets 100 + d, session 2j gets 100 - d
           100 + CASE WHEN o.i % 2 = 1 THEN 1 ELSE -1 END
                     * (2 * floor(46 * (('x' || substr(md5(((o.i + 1) / 2)::text), 1, 8))::bit(32)::bigint
                                        / 4294967296.0))::int) AS n_msgs,
           -- 10 minutes .. 3 days, log-uniform
           make_interval(secs => exp(ln(600) + random() * (ln(3 * 86400) - ln(600)))) AS span,
           random() AS r_start
    FROM owners o
)
SELECT s.i, gen_random_uuid() AS id, u.tenant, u.subject,
       CASE WHEN r_assistant < 0.55 THEN 'assistant' WHEN r_assistant < 0.75 THEN 'programmer'
            WHEN r_assistant < 0.87 THEN 'teacher' WHEN r_assistant < 0.95 THEN 'counselor' ELSE 'friend' END AS assistant,
       CASE WHEN r_model < 0.65 THEN 'gpt-4o-mini' WHEN r_model < 0.85 THEN 'gpt-4o'
            WHEN r_model < 0.95 THEN 'gpt-4.1-mini' ELSE 'demo' END AS model,
       CASE WHEN r_topic < 0.05 THEN NULL
            ELSE initcap(substr((SELECT txt FROM lorem WHERE b = 1 + (s.i % 500)), 1 + (s.i % 200), 20 + (s.i % 40)))
       END AS topic,
       s.n_msgs, s.span,
       timestamptz '2025-06-30 00:00:00+00' - interval '3 days' - r_start * interval '362 days' AS created_at,
       NULL::timestamptz AS updated_at
FROM shaped s JOIN users u ON u.n = s.owner_n;

-- one row per message; a question and its reply are saved together (Conversations.begin)
CREATE TEMP TABLE msg AS
WITH base AS (
    SELECT s.id AS session_id, s.model, k,
           CASE WHEN k % 2 = 1 THEN 'USER' ELSE 'ASSISTANT' END AS role,
           s.created_at + s.span * (((k + 1) / 2 - 1)::float8 / (s.n_msgs / 2 - 1)) AS created_at,
           random() AS r_status, random() AS r_len, random() AS r_misc
    FROM sess s, generate_series(1, s.n_msgs) k
)
SELECT session_id, k, role, created_at,
       CASE WHEN role = 'USER' THEN 'COMPLETE'
            WHEN r_status < 0.960 THEN 'COMPLETE' WHEN r_status < 0.975 THEN 'INCOMPLETE'
            WHEN r_status < 0.985 THEN 'FAILED' WHEN r_status < 0.995 THEN 'CANCELLED' ELSE 'INTERRUPTED' END AS status,
       CASE WHEN role = 'USER' THEN round(exp(ln(20) + r_len * (ln(1200) - ln(20))))::int
            ELSE round(exp(ln(80) + r_len * (ln(6000) - ln(80))))::int END AS len,
       CASE WHEN role = 'ASSISTANT' THEN model END AS model,
       1 + floor(r_misc * 500)::int AS blk,
       1 + floor(r_misc * 997)::int AS start,
       r_misc
FROM base;

ALTER TABLE msg ADD COLUMN prompt_tokens int, ADD COLUMN completion_tokens int,
                ADD COLUMN first_token_ms bigint, ADD COLUMN duration_ms bigint, ADD COLUMN updated_at timestamptz;

UPDATE msg SET
    len = CASE status WHEN 'FAILED' THEN 0 WHEN 'COMPLETE' THEN len ELSE len / 3 END,
    prompt_tokens = CASE WHEN status = 'COMPLETE' AND role = 'ASSISTANT'
                         THEN 60 + least(k - 1, 21) * (150 + floor(r_misc * 100)::int) END,
    completion_tokens = CASE WHEN status = 'COMPLETE' AND role = 'ASSISTANT' THEN ceil(len / 4.0)::int END,
    first_token_ms = CASE WHEN role = 'ASSISTANT' AND status <> 'FAILED' THEN 250 + floor(r_misc * 2000)::int END,
    duration_ms = CASE WHEN role = 'ASSISTANT' THEN 300 + ceil(len / 4.0)::int * (10 + floor(r_misc * 20)::int) END;
UPDATE msg SET updated_at = created_at + make_interval(secs => coalesce(duration_ms, 0) / 1000.0);

-- a session's activity is its last reply's end (Conversations.endReply touches it)
UPDATE sess SET updated_at = last.at
FROM (SELECT session_id, max(updated_at) AS at FROM msg GROUP BY session_id) last
WHERE last.session_id = sess.id;

INSERT INTO chat_session (id, owner_subject, owner_tenant, assistant, topic, created_at, updated_at)
SELECT id, subject, tenant, assistant, topic, created_at, updated_at
FROM sess ORDER BY created_at;

INSERT INTO chat_message (id, session_id, role, content, reasoning, status, model, finish_reason, error_code,
                          prompt_tokens, completion_tokens, total_tokens, first_token_ms, duration_ms,
                          created_at, updated_at)
SELECT gen_random_uuid(), m.session_id, m.role, substr(l.txt, m.start, m.len),
       CASE WHEN m.role = 'ASSISTANT' AND m.r_misc < 0.03 THEN substr(l.txt, 1, 500 + m.len / 2) END,
       m.status, m.model,
       CASE m.status WHEN 'COMPLETE' THEN CASE WHEN m.role = 'USER' THEN NULL
                                               WHEN m.r_misc < 0.98 THEN 'stop' ELSE 'length' END
                     WHEN 'CANCELLED' THEN 'cancelled' END,
       CASE m.status WHEN 'FAILED' THEN 'upstream_error' WHEN 'INCOMPLETE' THEN 'stream_broken' END,
       m.prompt_tokens, m.completion_tokens, m.prompt_tokens + m.completion_tokens,
       m.first_token_ms, m.duration_ms, m.created_at, m.updated_at
FROM msg m JOIN lorem l ON l.b = m.blk
ORDER BY m.created_at, m.session_id, m.k;

COMMIT;

-- autovacuum would get there on its own; done here so the visibility map and statistics are those of a
-- settled table, not of a bulk load
VACUUM (ANALYZE) chat_session;
VACUUM (ANALYZE) chat_message;

SELECT (SELECT count(*) FROM chat_session) AS sessions,
       (SELECT count(*) FROM chat_message) AS messages,
       (SELECT count(DISTINCT (owner_tenant, owner_subject)) FROM chat_session) AS users,
       (SELECT max(c) FROM (SELECT count(*) c FROM chat_session GROUP BY owner_tenant, owner_subject) x) AS max_sessions_per_user,
       pg_size_pretty(pg_total_relation_size('chat_session')) AS session_size,
       pg_size_pretty(pg_total_relation_size('chat_message')) AS message_size,
       pg_size_pretty(pg_relation_size('chat_message')) AS message_heap;

SELECT indexrelid::regclass AS index, pg_size_pretty(pg_relation_size(indexrelid)) AS size
FROM pg_index WHERE indrelid IN ('chat_session'::regclass, 'chat_message'::regclass) ORDER BY 1::text;
