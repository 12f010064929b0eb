-- Images uploaded by a user (docs/api.md, "Uploads"). The row holds what the API shows; the bytes are in
-- upload_chunk (the database store, docs/architecture.md) in pieces of at most 256 KB, so that no driver has to hold
-- a whole image at once (PostgreSQL's driver reads a BYTEA value whole). session_id is set when a message of a
-- session first shows the image: the upload is then deleted with that session.
CREATE TABLE upload (
    id            UUID                     NOT NULL PRIMARY KEY,
    owner_subject VARCHAR(255)             NOT NULL,
    owner_tenant  VARCHAR(255)             NOT NULL,
    media_type    VARCHAR(32)              NOT NULL,
    byte_count    BIGINT                   NOT NULL,
    width         INTEGER                  NOT NULL,
    height        INTEGER                  NOT NULL,
    session_id    UUID,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT upload_session FOREIGN KEY (session_id) REFERENCES chat_session (id) ON DELETE CASCADE
);
-- a user's quota (sum of byte_count) and the sweep of uploads never attached
CREATE INDEX upload_owner ON upload (owner_tenant, owner_subject, created_at);
CREATE INDEX upload_session ON upload (session_id);

CREATE TABLE upload_chunk (
    upload_id UUID    NOT NULL,
    seq       INTEGER NOT NULL,
    data      BYTEA   NOT NULL,
    PRIMARY KEY (upload_id, seq),
    CONSTRAINT upload_chunk_upload FOREIGN KEY (upload_id) REFERENCES upload (id) ON DELETE CASCADE
);

-- The images a user's message shows, in the order sent.
CREATE TABLE message_image (
    message_id UUID    NOT NULL,
    position   INTEGER NOT NULL,
    upload_id  UUID    NOT NULL,
    PRIMARY KEY (message_id, position),
    CONSTRAINT message_image_message FOREIGN KEY (message_id) REFERENCES chat_message (id) ON DELETE CASCADE,
    CONSTRAINT message_image_upload FOREIGN KEY (upload_id) REFERENCES upload (id) ON DELETE CASCADE
);
CREATE INDEX message_image_upload ON message_image (upload_id);
