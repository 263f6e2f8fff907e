-- Voice: the Alexa skill an organization answers for, and the dialogs in progress.
-- Portable SQL (SQLite and PostgreSQL, see DESIGN.md). Times are UTC ISO 8601 text, whole seconds.

-- When set (amzn1.ask.skill.…), Alexa Skills Kit requests for another applicationId are refused.
ALTER TABLE organizations ADD COLUMN skill_id TEXT;

-- A dialog that asked back ("What time?", "Should I add it?") and waits for the answer. Kept in the database, not
-- in memory, so that the next turn may reach another process or a restarted one. One row per session; a
-- session that ends is deleted, one that is abandoned expires (expires_at) and is pruned.
CREATE TABLE voice_sessions (
    organization_id  TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    -- The client's session id (ASK's session.sessionId, or the one the REST route handed out).
    id               TEXT NOT NULL,
    user_id          TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    -- The dialog as JSON (what was asked, the intent being completed, the events it refers to).
    state            TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    expires_at       TEXT NOT NULL,
    PRIMARY KEY (organization_id, id)
);

CREATE INDEX voice_sessions_expiry ON voice_sessions(expires_at);
