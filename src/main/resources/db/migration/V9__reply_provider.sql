-- The configured provider (chatstream.providers) that answered a reply; null for replies from before providers had
-- names, and for users' messages.
ALTER TABLE chat_message ADD COLUMN provider VARCHAR(64);
