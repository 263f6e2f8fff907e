-- Meeting rooms: room profiles (the Alexa for Business settings a room's devices use, among them its time zone and
-- instant-booking length), rooms on their Exchange room mailboxes, the Alexa devices placed in them, the bookings a
-- room made itself, and conference providers. Portable SQL (SQLite and PostgreSQL, see DESIGN.md). Times are UTC
-- ISO 8601 text, whole seconds. Names are unique per organization ignoring case (name_key is the lower-cased name).

CREATE TABLE room_profiles (
    id               TEXT PRIMARY KEY,
    organization_id  TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    name             TEXT NOT NULL,
    name_key         TEXT NOT NULL,
    address          TEXT NOT NULL,
    -- IANA time zone: the one a room's voice answers are spoken in.
    time_zone        TEXT NOT NULL,
    -- At most one per organization is 1 (the stores keep it so); rooms without a profile use it.
    is_default       INTEGER NOT NULL,
    -- The remaining settings (units, wake word, locale, meeting-room configuration) as a JSON object.
    settings         TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    -- Bumped by every update; an update names the version it read (compare and swap), so none is lost.
    version          INTEGER NOT NULL DEFAULT 0,
    UNIQUE (organization_id, name_key)
);

-- The database itself keeps at most one default profile per organization (a partial index: SQLite and PostgreSQL).
CREATE UNIQUE INDEX room_profiles_one_default ON room_profiles(organization_id) WHERE is_default = 1;

CREATE TABLE rooms (
    id                TEXT PRIMARY KEY,
    organization_id   TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    name              TEXT NOT NULL,
    name_key          TEXT NOT NULL,
    description       TEXT,
    -- Deleting a profile leaves its rooms on the organization's default one.
    profile_id        TEXT REFERENCES room_profiles(id) ON DELETE SET NULL,
    -- The primary SMTP address of the room's Exchange mailbox (ProviderCalendarId), validated live when set.
    calendar_mailbox  TEXT,
    created_at        TEXT NOT NULL,
    version           INTEGER NOT NULL DEFAULT 0,
    UNIQUE (organization_id, name_key)
);

-- An Alexa device (context.System.device.deviceId) is in at most one room of an organization.
CREATE TABLE room_devices (
    organization_id  TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    device_id        TEXT NOT NULL,
    room_id          TEXT NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
    placed_at        TEXT NOT NULL,
    PRIMARY KEY (organization_id, device_id)
);

CREATE INDEX room_devices_room ON room_devices(room_id);

-- Instant bookings the room made in its calendar ("book this room"), so "end this meeting" shortens only those.
CREATE TABLE room_bookings (
    item_id          TEXT PRIMARY KEY,
    organization_id  TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    room_id          TEXT NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
    start_at         TEXT NOT NULL,
    end_at           TEXT NOT NULL,
    created_at       TEXT NOT NULL
);

CREATE INDEX room_bookings_room ON room_bookings(room_id, start_at);

CREATE TABLE conference_providers (
    id               TEXT PRIMARY KEY,
    organization_id  TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    name             TEXT NOT NULL,
    name_key         TEXT NOT NULL,
    -- Type, dial-in and meeting settings as a JSON object.
    settings         TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    UNIQUE (organization_id, name_key)
);

CREATE TABLE conference_preferences (
    organization_id               TEXT PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
    default_conference_provider   TEXT REFERENCES conference_providers(id) ON DELETE SET NULL
);

-- A room device's dialog waiting for "yes" ("Book Boardroom now, until 2:30 PM?"), as voice_sessions keeps a person's.
CREATE TABLE room_voice_sessions (
    organization_id  TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    id               TEXT NOT NULL,
    room_id          TEXT NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
    state            TEXT NOT NULL,
    expires_at       TEXT NOT NULL,
    PRIMARY KEY (organization_id, id)
);
