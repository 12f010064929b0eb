-- Personal API keys (docs/configuration.md, "API keys"). Never the key itself: the SHA-256 of its text, looked up on
-- every request that carries one, and the first characters that tell keys apart in a list. A revoked key's row is
-- deleted.
CREATE TABLE api_key (
    id            UUID                     NOT NULL PRIMARY KEY,
    owner_subject VARCHAR(255)             NOT NULL,
    owner_tenant  VARCHAR(255)             NOT NULL,
    owner_name    VARCHAR(255),
    name          VARCHAR(128)             NOT NULL,
    prefix        VARCHAR(16)              NOT NULL,
    key_hash      VARCHAR(64)              NOT NULL,
    grants_admin  BOOLEAN                  NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE,
    last_used_at  TIMESTAMP WITH TIME ZONE
);

-- verification: one lookup by digest per request
CREATE UNIQUE INDEX api_key_hash ON api_key (key_hash);
-- a user's keys, newest first, and how many they have
CREATE INDEX api_key_owner ON api_key (owner_tenant, owner_subject, created_at DESC);
