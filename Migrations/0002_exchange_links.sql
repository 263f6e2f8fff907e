-- Each organization's Exchange service-account link, and the audit trail of link attempts.
-- Portable SQL (SQLite and PostgreSQL, see DESIGN.md): a PostgreSQL port maps BLOB to BYTEA and gives
-- link_audit.id an identity. Times are UTC ISO 8601 text, whole seconds: 2026-11-27T03:00:00Z.

-- The organization's one service-account link; the password only ever as AES-256-GCM ciphertext.
CREATE TABLE exchange_links (
    organization_id      TEXT PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
    upn                  TEXT NOT NULL,
    -- SecretBox output, nonce(12) || ciphertext || tag(16); never the password itself.
    password_ciphertext  BLOB NOT NULL,
    ews_url              TEXT NOT NULL,
    access_method        TEXT NOT NULL CHECK (access_method IN ('impersonation', 'fullAccess')),
    -- The Exchange build the link was validated against, e.g. 15.1.2507.6.
    exchange_version     TEXT NOT NULL,
    linked_at            TEXT NOT NULL,
    last_validated_at    TEXT NOT NULL,
    password_expires_at  TEXT,
    -- No CHECK: later releases add states (e.g. failing) without rebuilding the table.
    status               TEXT NOT NULL,
    -- 1 for the first link, +1 on every re-link; writers compare-and-swap on it.
    generation           INTEGER NOT NULL CHECK (generation >= 1)
);

-- Every link, re-link and unlink attempt, successful or not; append-only, newest has the highest id.
CREATE TABLE link_audit (
    id               INTEGER PRIMARY KEY,
    organization_id  TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    actor            TEXT NOT NULL,
    at               TEXT NOT NULL,
    action           TEXT NOT NULL,
    old_upn          TEXT,
    new_upn          TEXT,
    outcome          TEXT NOT NULL,
    reason           TEXT
);

CREATE INDEX link_audit_organization ON link_audit(organization_id, id);
