-- The server instance that generates a reply: when an instance of a cluster dies, another one marks exactly its
-- replies interrupted (a reply left streaming by a stop before this column existed has none).
ALTER TABLE chat_message ADD COLUMN generated_by VARCHAR(64);
-- replies still streaming, by the instance generating them: what the survivors look for every few seconds
CREATE INDEX chat_message_status_generator ON chat_message (status, generated_by);
