-- Enrolled users, their invitations and calendar links, and the outbox every e-mail the service sends goes through.
-- Portable SQL (SQLite and PostgreSQL, see DESIGN.md); a PostgreSQL port gives outbox.id an identity
-- (GENERATED ALWAYS AS IDENTITY, which never reuses values either).
-- Times are UTC ISO 8601 text, whole seconds.

-- The organization's IANA time zone: the default of its users that have none of their own.
ALTER TABLE organizations ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'UTC';

CREATE TABLE users (
    id                 TEXT PRIMARY KEY,
    organization_id    TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    -- As the admin typed it; email_key is its lower-case form, unique per organization.
    email              TEXT NOT NULL,
    email_key          TEXT NOT NULL,
    first_name         TEXT,
    last_name          TEXT,
    -- NULL: the organization's time zone.
    time_zone          TEXT,
    -- The Alexa for Business EnrollmentId of this user's enrollment.
    enrollment_id      TEXT NOT NULL UNIQUE,
    -- INITIALIZED, PENDING, REGISTERED, DISASSOCIATING, DEREGISTERING; no CHECK, as for exchange_links.status.
    enrollment_status  TEXT NOT NULL,
    -- Set when the user accepts an invitation: the Alexa account (amzn1.ask.account.…) that joined. Unique across
    -- organizations: as in Alexa for Business an account belongs to one, so voice requests map to one user.
    alexa_user_id      TEXT UNIQUE,
    created_at         TEXT NOT NULL,
    registered_at      TEXT,
    UNIQUE (organization_id, email_key)
);

-- Listings page through an organization's users by id.
CREATE INDEX users_organization ON users(organization_id, id);

-- Every invitation sent; at most one per user is pending. The token itself is never stored, only its SHA-256.
CREATE TABLE invitations (
    token_hash       TEXT PRIMARY KEY,
    user_id          TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    organization_id  TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    created_at       TEXT NOT NULL,
    expires_at       TEXT NOT NULL,
    -- pending, accepted, revoked, replaced.
    state            TEXT NOT NULL,
    ended_at         TEXT
);

CREATE INDEX invitations_user ON invitations(user_id, state);

-- A user's Exchange calendar, reached through the organization's service account.
CREATE TABLE calendar_links (
    user_id          TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    organization_id  TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    -- The mailbox's primary SMTP address, as Exchange resolved it.
    mailbox          TEXT NOT NULL,
    linked_at        TEXT NOT NULL
);

-- Every e-mail the service sends, written in the same transaction as the change that causes it (outbox pattern).
CREATE TABLE outbox (
    -- AUTOINCREMENT: ids are never reused after a clear, so a listing's cursor never skips new messages.
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    organization_id  TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    recipient        TEXT NOT NULL,
    subject          TEXT NOT NULL,
    body             TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    -- HELD while no SMTP relay is configured; later releases add delivery states.
    delivery_state   TEXT NOT NULL
);

CREATE INDEX outbox_organization ON outbox(organization_id, id);
