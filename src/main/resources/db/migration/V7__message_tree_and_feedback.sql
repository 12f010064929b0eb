-- Messages form a tree: each message follows its parent (null for a conversation's first), so that a reply can be
-- regenerated and a message edited without losing what was there before; a session shows one branch, the one ending
-- at its current leaf. Every existing session becomes a single branch in its old order, with nothing lost.
ALTER TABLE chat_message ADD COLUMN parent_id UUID;
ALTER TABLE chat_session ADD COLUMN current_leaf UUID;

UPDATE chat_message SET parent_id = (
    SELECT p.id FROM chat_message p
    WHERE p.seq = (SELECT MAX(q.seq) FROM chat_message q
                   WHERE q.session_id = chat_message.session_id AND q.seq < chat_message.seq));
UPDATE chat_session SET current_leaf = (
    SELECT m.id FROM chat_message m
    WHERE m.seq = (SELECT MAX(q.seq) FROM chat_message q WHERE q.session_id = chat_session.id));

ALTER TABLE chat_message ADD CONSTRAINT chat_message_parent
    FOREIGN KEY (parent_id) REFERENCES chat_message (id) ON DELETE CASCADE;
-- a message's siblings and children
CREATE INDEX chat_message_parent ON chat_message (parent_id);

-- A user's rating of a reply (up or down, with an optional comment).
ALTER TABLE chat_message ADD COLUMN feedback VARCHAR(8);
ALTER TABLE chat_message ADD COLUMN feedback_comment VARCHAR(2000);
ALTER TABLE chat_message ADD COLUMN feedback_at TIMESTAMP WITH TIME ZONE;
