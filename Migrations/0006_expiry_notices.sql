-- Password expiry: the ledger of notices sent to a service-account holder, and where they go.
-- Portable SQL (SQLite and PostgreSQL, see DESIGN.md). Times are UTC ISO 8601 text, whole seconds.

-- Where expiry notices go when it is not the service account's own address (its UPN).
ALTER TABLE exchange_links ADD COLUMN notification_email TEXT;

-- One row per notice of a cycle: (organization, link generation, notice) is the notice's identity, so that each is
-- sent at most once per cycle (a rotation or a new expiry is a new generation, so a new cycle). A row is written
-- 'pending' before delivery and marked 'sent' after it (outbox pattern); a failed attempt stays pending with the
-- time of the next one. 'superseded': still pending when its link moved to a new generation; never delivered.
CREATE TABLE expiry_notices (
    organization_id  TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    link_generation  INTEGER NOT NULL,
    -- T-14d, T-7d, T-3d, T-1d, expired-day-N.
    notice           TEXT NOT NULL,
    due_at           TEXT NOT NULL,
    recipient        TEXT NOT NULL,
    -- Derived from the identity, so a delivery repeated after a crash carries the same Message-ID.
    message_id       TEXT NOT NULL UNIQUE,
    state            TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'superseded')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TEXT NOT NULL,
    last_error       TEXT,
    created_at       TEXT NOT NULL,
    sent_at          TEXT,
    PRIMARY KEY (organization_id, link_generation, notice)
);

CREATE INDEX expiry_notices_pending ON expiry_notices(state, next_attempt_at);
