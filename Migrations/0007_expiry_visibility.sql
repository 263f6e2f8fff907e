-- Password expiry, continued: what operators and the health dashboard see, the test clock, and expiry notices kept
-- in the outbox exactly once. Portable SQL (SQLite and PostgreSQL, see DESIGN.md). Times are UTC ISO 8601 text,
-- whole seconds.

-- Health-dashboard events in the shape of AWS Health events: one row per (organization, link generation, event
-- type), named by its ARN. 'upcoming' before it starts (the expiry warning), 'open' while it lasts, 'closed' after
-- (the expiry, or a rotation to a new cycle).
CREATE TABLE health_events (
    arn                  TEXT PRIMARY KEY,
    organization_id      TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    link_generation      INTEGER NOT NULL,
    event_type_code      TEXT NOT NULL,
    event_type_category  TEXT NOT NULL,
    status_code          TEXT NOT NULL CHECK (status_code IN ('open', 'upcoming', 'closed')),
    start_time           TEXT NOT NULL,
    end_time             TEXT,
    last_updated_time    TEXT NOT NULL,
    -- The service account's UPN.
    affected_entity      TEXT NOT NULL
);

CREATE INDEX health_events_organization ON health_events(organization_id, start_time);

-- `serve --test-clock`: the instant POST /v1/admin/clock set, so it survives a restart and every replica on the
-- database reads the same time. At most one row.
CREATE TABLE test_clock (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    now  TEXT NOT NULL
);

-- The Message-ID of an outbox message that has one (expiry notices): a delivery repeated after a crash finds its
-- message already there. NULLs are distinct, so invitations (no Message-ID) are unaffected.
ALTER TABLE outbox ADD COLUMN message_id TEXT;
CREATE UNIQUE INDEX outbox_message_id ON outbox(message_id);
