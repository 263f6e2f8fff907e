// SQLRoomStore: rooms, their devices and bookings in the `rooms`, `room_devices` and `room_bookings` tables.
import Foundation

/// ``RoomStore`` on a migrated ``SQLDatabase`` (SQLite or PostgreSQL, through `0009_rooms.sql`).
public final class SQLRoomStore: RoomStore {
    private let database: any SQLDatabase

    public init(database: any SQLDatabase) {
        self.database = database
    }

    public func create(_ room: RoomRecord) async throws {
        let values: [SQLValue] = [.text(room.id), .text(room.organizationID), .text(room.name), .text(room.name.lowercased()), room.description.sqlValue,
                                  room.profileID.sqlValue, room.calendarMailbox.sqlValue, try .timestamp(room.createdAt, field: "createdAt")]
        try await database.perform { database in
            try database.transaction { db in
                try Self.checkName(room, in: db)
                try Self.checkProfile(room, in: db)
                try db.execute(
                    "INSERT INTO rooms (id, organization_id, name, name_key, description, profile_id, calendar_mailbox, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    values)
            }
        }
    }

    public func room(id: String, organizationID: String) async throws -> RoomRecord? {
        try await database.read { database in
            try database.query("\(Self.select) WHERE r.id = ? AND r.organization_id = ?", [.text(id), .text(organizationID)]).first.map(Self.room(from:))
        }
    }

    public func update(_ room: RoomRecord) async throws -> Bool {
        try await database.perform { database in
            try database.transaction { db in
                try Self.checkName(room, in: db)
                try Self.checkProfile(room, in: db)
                let changed = try db.execute(
                    """
                    UPDATE rooms SET name = ?, name_key = ?, description = ?, profile_id = ?, calendar_mailbox = ?, version = version + 1
                    WHERE id = ? AND organization_id = ? AND version = ?
                    """,
                    [.text(room.name), .text(room.name.lowercased()), room.description.sqlValue, room.profileID.sqlValue, room.calendarMailbox.sqlValue,
                     .text(room.id), .text(room.organizationID), .integer(Int64(room.version))])
                guard changed == 0 else { return true }
                let exists = !(try db.query("SELECT 1 FROM rooms WHERE id = ? AND organization_id = ?", [.text(room.id), .text(room.organizationID)]).isEmpty)
                if exists { throw StorageError.conflict(NameConflict.changed) }
                return false
            }
        }
    }

    public func delete(id: String, organizationID: String) async throws -> Bool {
        try await database.perform { database in
            try database.transaction { db in
                try db.execute("DELETE FROM resource_tags WHERE organization_id = ? AND resource_id = ?", [.text(organizationID), .text(id)])
                return try db.execute("DELETE FROM rooms WHERE id = ? AND organization_id = ?", [.text(id), .text(organizationID)]) > 0
            }
        }
    }

    public func search(organizationID: String, _ search: Search<RoomSearchField>) async throws -> (rooms: [RoomRecord], total: Int) {
        let query = search.sql(base: "r.organization_id = ?", bindings: [.text(organizationID)], column: Self.column, defaultSort: .roomName, id: "r.id")
        let page = query.bindings + [.integer(Int64(max(0, search.limit))), .integer(Int64(max(0, search.offset)))]
        return try await database.read { database in
            let total: Int = try database.query("SELECT COUNT(*) AS n FROM rooms r \(Self.joins) WHERE \(query.conditions)", query.bindings)
                .first?.get("n") ?? 0
            let rooms = try database.query("\(Self.select) WHERE \(query.conditions) ORDER BY \(query.order) LIMIT ? OFFSET ?", page).map(Self.room(from:))
            return (rooms, total)
        }
    }

    public func placeDevice(_ deviceID: String, roomID: String, organizationID: String, at: Date) async throws -> Bool {
        let placed = try SQLValue.timestamp(at, field: "at")
        return try await database.perform { database in
            try database.transaction { db in
                guard !(try db.query("SELECT 1 FROM rooms WHERE id = ? AND organization_id = ?", [.text(roomID), .text(organizationID)]).isEmpty) else {
                    return false
                }
                try db.execute(
                    """
                    INSERT INTO room_devices (organization_id, device_id, room_id, placed_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (organization_id, device_id) DO UPDATE SET room_id = excluded.room_id, placed_at = excluded.placed_at
                    """, [.text(organizationID), .text(deviceID), .text(roomID), placed])
                return true
            }
        }
    }

    public func room(deviceID: String, organizationID: String) async throws -> RoomRecord? {
        try await database.read { database in
            try database.query("\(Self.select) JOIN room_devices rd ON rd.room_id = r.id WHERE rd.device_id = ? AND rd.organization_id = ?",
                               [.text(deviceID), .text(organizationID)]).first.map(Self.room(from:))
        }
    }

    public func saveBooking(_ booking: RoomBookingRecord) async throws {
        let values: [SQLValue] = [.text(booking.itemID), .text(booking.organizationID), .text(booking.roomID), try .timestamp(booking.start, field: "start"),
                                  try .timestamp(booking.end, field: "end"), try .timestamp(booking.createdAt, field: "createdAt")]
        _ = try await database.perform { database in
            try database.execute("INSERT INTO room_bookings (item_id, organization_id, room_id, start_at, end_at, created_at) VALUES (?, ?, ?, ?, ?, ?)", values)
        }
    }

    public func bookings(roomID: String, organizationID: String, overlapping start: Date, _ end: Date) async throws -> [RoomBookingRecord] {
        let from = try SQLValue.timestamp(start, field: "start"), to = try SQLValue.timestamp(end, field: "end")
        return try await database.read { database in
            // ISO 8601 UTC text in whole seconds compares in time order.
            try database.query(
                """
                SELECT item_id, organization_id, room_id, start_at, end_at, created_at FROM room_bookings
                WHERE room_id = ? AND organization_id = ? AND start_at < ? AND end_at > ? ORDER BY start_at
                """, [.text(roomID), .text(organizationID), to, from]).map { row in
                RoomBookingRecord(itemID: try row.get("item_id"), organizationID: try row.get("organization_id"), roomID: try row.get("room_id"),
                                  start: try row.timestamp("start_at"), end: try row.timestamp("end_at"), createdAt: try row.timestamp("created_at"))
            }
        }
    }

    public func updateBooking(_ booking: RoomBookingRecord) async throws {
        let start = try SQLValue.timestamp(booking.start, field: "start"), end = try SQLValue.timestamp(booking.end, field: "end")
        _ = try await database.perform { database in
            try database.execute("UPDATE room_bookings SET start_at = ?, end_at = ? WHERE item_id = ? AND organization_id = ?",
                                 [start, end, .text(booking.itemID), .text(booking.organizationID)])
        }
    }

    public func saveSession(id: String, roomID: String, organizationID: String, state: String, expiresAt: Date, now: Date) async throws {
        let expires = try SQLValue.timestamp(expiresAt, field: "expiresAt"), current = try SQLValue.timestamp(now, field: "now")
        try await database.perform { database in
            try database.transaction { db in
                try db.execute("DELETE FROM room_voice_sessions WHERE organization_id = ? AND expires_at <= ?", [.text(organizationID), current])
                try db.execute(
                    """
                    INSERT INTO room_voice_sessions (organization_id, id, room_id, state, expires_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (organization_id, id) DO UPDATE SET room_id = excluded.room_id, state = excluded.state, expires_at = excluded.expires_at
                    """, [.text(organizationID), .text(id), .text(roomID), .text(state), expires])
            }
        }
    }

    public func session(id: String, organizationID: String, now: Date) async throws -> (roomID: String, state: String)? {
        let current = try SQLValue.timestamp(now, field: "now")
        return try await database.read { database in
            try database.query("SELECT room_id, state FROM room_voice_sessions WHERE organization_id = ? AND id = ? AND expires_at > ?",
                               [.text(organizationID), .text(id), current]).first.map { (try $0.get("room_id"), try $0.get("state")) }
        }
    }

    public func deleteSession(id: String, organizationID: String) async throws {
        _ = try await database.perform { database in
            try database.execute("DELETE FROM room_voice_sessions WHERE organization_id = ? AND id = ?", [.text(organizationID), .text(id)])
        }
    }

    private static func checkName(_ room: RoomRecord, in db: any SQLSession) throws {
        let taken = try db.query("SELECT 1 FROM rooms WHERE organization_id = ? AND name_key = ? AND id <> ?",
                                 [.text(room.organizationID), .text(room.name.lowercased()), .text(room.id)])
        guard taken.isEmpty else { throw StorageError.conflict(NameConflict.name) }
    }

    /// The room's profile must (still) be one of its organization's.
    private static func checkProfile(_ room: RoomRecord, in db: any SQLSession) throws {
        guard let profile = room.profileID else { return }
        let found = try db.query("SELECT 1 FROM room_profiles WHERE id = ? AND organization_id = ?", [.text(profile), .text(room.organizationID)])
        guard !found.isEmpty else { throw StorageError.invalidRecord("the room's profile \(profile) does not exist") }
    }

    private static func column(_ field: RoomSearchField) -> String {
        switch field {
        case .roomName: "r.name"
        case .profileName: "COALESCE(p.name, d.name, '')"
        }
    }

    /// A room's own profile, and the organization's default for rooms without one.
    private static let joins = """
        LEFT JOIN room_profiles p ON p.id = r.profile_id
        LEFT JOIN room_profiles d ON d.organization_id = r.organization_id AND d.is_default = 1
        """

    private static let select = """
        SELECT r.id, r.organization_id, r.name, r.description, r.profile_id, r.calendar_mailbox, r.created_at, r.version,
               COALESCE(p.name, d.name) AS profile_name
        FROM rooms r \(joins)
        """

    private static func room(from row: SQLRow) throws -> RoomRecord {
        RoomRecord(id: try row.get("id"), organizationID: try row.get("organization_id"), name: try row.get("name"), description: try row.get("description"),
                   profileID: try row.get("profile_id"), calendarMailbox: try row.get("calendar_mailbox"), createdAt: try row.timestamp("created_at"),
                   profileName: try row.get("profile_name"), version: try row.get("version"))
    }
}
