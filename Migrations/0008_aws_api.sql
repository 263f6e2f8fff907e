-- The AWS-compatible Alexa for Business API (AWS JSON 1.1, SigV4): organizations' AWS-style credentials, the
-- UserId clients give CreateUser, idempotency tokens, tags, and the invitation configuration. Portable SQL (SQLite
-- and PostgreSQL, see DESIGN.md). Times are UTC ISO 8601 text, whole seconds.

-- Access keys that sign requests. Verifying a signature needs the secret itself, so it is kept sealed (SecretBox,
-- associated data = organization id and access key id), never in clear and never returned after creation.
CREATE TABLE aws_credentials (
    access_key_id      TEXT PRIMARY KEY,
    organization_id    TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    secret_ciphertext  BLOB NOT NULL,
    created_at         TEXT NOT NULL,
    revoked_at         TEXT
);

CREATE INDEX aws_credentials_organization ON aws_credentials(organization_id, access_key_id);

-- CreateUser's UserId ([a-zA-Z0-9@_+.-]{1,128}); NULL for users made through REST v1, whose UserId is their e-mail.
ALTER TABLE users ADD COLUMN external_id TEXT;
-- NULLs are distinct in SQLite and PostgreSQL alike, so REST users never collide here.
CREATE UNIQUE INDEX users_external_id ON users(organization_id, external_id);
-- DeleteUser and RevokeInvitation name a user by its enrollment.
CREATE INDEX users_enrollment ON users(organization_id, enrollment_id);

-- ClientRequestToken: a create retried with the same token and the same input gets the same resource. The claim is
-- written before the resource, with the id the resource will have, so a retry after a crash creates that id.
CREATE TABLE idempotency_tokens (
    organization_id  TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    operation        TEXT NOT NULL,
    token            TEXT NOT NULL,
    -- SHA-256 of the operation's input without the token: another input under the same token is a conflict.
    input_hash       TEXT NOT NULL,
    resource_id      TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    PRIMARY KEY (organization_id, operation, token)
);

-- Tags on users, rooms, profiles and conference providers, by the resource's id (its ARN's last part).
CREATE TABLE resource_tags (
    organization_id  TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    resource_id      TEXT NOT NULL,
    tag_key          TEXT NOT NULL,
    tag_value        TEXT NOT NULL,
    PRIMARY KEY (organization_id, resource_id, tag_key)
);

-- PutInvitationConfiguration: the organization name and contact e-mail invitation mails show, and up to three
-- private skills. At most one row per organization.
CREATE TABLE invitation_configurations (
    organization_id    TEXT PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
    organization_name  TEXT NOT NULL,
    contact_email      TEXT,
    -- Space-separated skill ids (each amzn1.ask.skill.…, no spaces).
    private_skill_ids  TEXT NOT NULL
);
