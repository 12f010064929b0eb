-- How many tokens a message's text counts with chatstream's tokenizer, written once when the message is saved
-- or the reply ends, so that building a prompt need not count a conversation's whole history again on every
-- turn. Null for rows written before; those are counted when a prompt uses them.
ALTER TABLE chat_message ADD COLUMN content_tokens INTEGER;
