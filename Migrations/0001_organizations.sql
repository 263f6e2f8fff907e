-- Organizations (tenants) and the API keys their services call us with.
-- Portable SQL: runs unchanged on SQLite and PostgreSQL. Times are UTC ISO 8601 text.
CREATE TABLE organizations (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

CREATE TABLE api_keys (
    id               TEXT PRIMARY KEY,
    organization_id  TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    -- SHA-256 of the key, hex; the key itself is shown once and never stored.
    key_hash         TEXT NOT NULL UNIQUE,
    created_at       TEXT NOT NULL,
    revoked_at       TEXT
);

CREATE INDEX api_keys_organization ON api_keys(organization_id);
