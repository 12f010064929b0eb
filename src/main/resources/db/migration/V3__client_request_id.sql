-- A client's own id for a message it sends, so that a retried send finds the reply already being generated
-- instead of starting (and billing) a second one.
ALTER TABLE chat_message ADD COLUMN client_request_id VARCHAR(100);
CREATE INDEX chat_message_client_request ON chat_message (client_request_id);
