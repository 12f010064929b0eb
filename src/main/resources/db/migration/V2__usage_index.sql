-- The usage report reads a user's replies in a date range: without this index PostgreSQL scanned every
-- message (1M rows: 120-250 ms); with it, an index range scan per session (9-19 ms). See docs/operations.md.
CREATE INDEX chat_message_session_created ON chat_message (session_id, created_at);
