// SQLUserStore: users, invitations and calendar links in the `users`, `invitations` and `calendar_links` tables.
import Foundation

/// ``UserStore`` on a migrated ``SQLDatabase`` (SQLite or PostgreSQL, through `0004_users.sql`).
///
/// Contract, beyond the protocol's:
/// - every status-dependent write reads and writes inside one write transaction (`BEGIN IMMEDIATE`), so of two
///   requests that read the same state exactly one wins;
/// - e-mail uniqueness ignores case (`email_key` is the lower-cased address);
/// - ordering by id compares bytes, as for organizations;
/// - times are stored to the whole second.
public final class SQLUserStore: UserStore {
    private let database: any SQLDatabase

    public init(database: any SQLDatabase) {
        self.database = database
    }

    public func create(_ user: UserRecord) async throws {
        let values: [SQLValue] = [
            .text(user.id), .text(user.organizationID), .text(user.email), .text(user.email.lowercased()), user.firstName.sqlValue,
            user.lastName.sqlValue, user.timeZone.sqlValue, .text(user.enrollmentID), .text(user.enrollmentStatus),
            user.alexaUserID.sqlValue, try .timestamp(user.createdAt, field: "createdAt"), try .timestamp(user.registeredAt, field: "registeredAt"),
            user.externalID.sqlValue,
        ]
        try await database.perform { database in
            try database.transaction { db in
                let taken = try db.query("SELECT 1 FROM users WHERE organization_id = ? AND email_key = ?",
                                         [.text(user.organizationID), .text(user.email.lowercased())])
                guard taken.isEmpty else { throw StorageError.conflict(UserConflict.email) }
                if let externalID = user.externalID {
                    // A REST user's UserId is its e-mail: no two users answer to one UserId.
                    let claimed = try db.query("SELECT 1 FROM users WHERE organization_id = ? AND COALESCE(external_id, email) = ?",
                                               [.text(user.organizationID), .text(externalID)])
                    guard claimed.isEmpty else { throw StorageError.conflict(UserConflict.externalID) }
                }
                try db.execute(
                    """
                    INSERT INTO users (id, organization_id, email, email_key, first_name, last_name, time_zone, enrollment_id,
                                       enrollment_status, alexa_user_id, created_at, registered_at, external_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, values)
            }
        }
    }

    public func user(id: String, organizationID: String) async throws -> UserRecord? {
        try await database.read { database in
            try database.query("\(Self.select) WHERE u.id = ? AND u.organization_id = ?", [.text(id), .text(organizationID)])
                .first.map(Self.user(from:))
        }
    }

    public func user(alexaUserID: String) async throws -> UserRecord? {
        try await database.read { database in
            try database.query("\(Self.select) WHERE u.alexa_user_id = ?", [.text(alexaUserID)]).first.map(Self.user(from:))
        }
    }

    public func users(organizationID: String, filter: UserFilter, after cursor: String?, limit: Int) async throws -> [UserRecord] {
        try await database.read { database in
            guard limit > 0 else { return [] }
            var sql = "\(Self.select) WHERE u.organization_id = ?"
            var bindings: [SQLValue] = [.text(organizationID)]
            if let status = filter.enrollmentStatus {
                sql += " AND u.enrollment_status = ?"
                bindings.append(.text(status))
            }
            if let email = filter.email {
                sql += " AND u.email_key = ?"
                bindings.append(.text(email.lowercased()))
            }
            if let cursor {
                sql += " AND u.id > ?"
                bindings.append(.text(cursor))
            }
            sql += " ORDER BY u.id LIMIT ?"
            bindings.append(.integer(Int64(limit)))
            return try database.query(sql, bindings).map(Self.user(from:))
        }
    }

    public func user(enrollmentID: String, organizationID: String) async throws -> UserRecord? {
        try await database.read { database in
            try database.query("\(Self.select) WHERE u.enrollment_id = ? AND u.organization_id = ?", [.text(enrollmentID), .text(organizationID)])
                .first.map(Self.user(from:))
        }
    }

    public func search(organizationID: String, _ search: UserSearch) async throws -> (users: [UserRecord], total: Int) {
        // Without criteria, by UserId (the resource's name), as Alexa for Business lists.
        let query = search.sql(base: "u.organization_id = ?", bindings: [.text(organizationID)], column: Self.column, caseInsensitive: [.email],
                               defaultSort: .userID, id: "u.id")
        let pageBindings = query.bindings + [.integer(Int64(max(0, search.limit))), .integer(Int64(max(0, search.offset)))]
        return try await database.read { database in
            let total: Int = try database.query("SELECT COUNT(*) AS n FROM users u WHERE \(query.conditions)", query.bindings).first?.get("n") ?? 0
            let users = try database.query("\(Self.select) WHERE \(query.conditions) ORDER BY \(query.order) LIMIT ? OFFSET ?", pageBindings)
                .map(Self.user(from:))
            return (users, total)
        }
    }

    /// The SQL a search field compares and sorts by; absent names sort as empty, the same on SQLite and PostgreSQL.
    private static func column(_ field: UserSearchField) -> String {
        switch field {
        case .userID: "COALESCE(u.external_id, u.email)"
        case .firstName: "COALESCE(u.first_name, '')"
        case .lastName: "COALESCE(u.last_name, '')"
        case .email: "u.email_key"
        case .enrollmentStatus: "u.enrollment_status"
        }
    }

    public func delete(id: String, organizationID: String) async throws -> Bool {
        try await database.perform { database in
            try database.transaction { db in
                // Invitations and the calendar link go with the user (ON DELETE CASCADE); tags name it by id only.
                try db.execute("DELETE FROM resource_tags WHERE organization_id = ? AND resource_id = ?", [.text(organizationID), .text(id)])
                return try db.execute("DELETE FROM users WHERE id = ? AND organization_id = ?", [.text(id), .text(organizationID)]) > 0
            }
        }
    }

    public func issueInvitation(_ invitation: InvitationRecord, expectedStatus: String, mail: OutboxMessage) async throws -> OutboxMessage {
        let created = try SQLValue.timestamp(invitation.createdAt, field: "createdAt")
        let expires = try SQLValue.timestamp(invitation.expiresAt, field: "expiresAt")
        return try await database.perform { database in
            try database.transaction { db in
                let moved = try db.execute(
                    "UPDATE users SET enrollment_status = 'PENDING' WHERE id = ? AND organization_id = ? AND enrollment_status = ?",
                    [.text(invitation.userID), .text(invitation.organizationID), .text(expectedStatus)])
                guard moved == 1 else { throw StorageError.conflict("the user is gone or its enrollment status changed") }
                try db.execute("UPDATE invitations SET state = 'replaced', ended_at = ? WHERE user_id = ? AND state = 'pending'",
                               [created, .text(invitation.userID)])
                try db.execute(
                    "INSERT INTO invitations (token_hash, user_id, organization_id, created_at, expires_at, state) VALUES (?, ?, ?, ?, ?, 'pending')",
                    [.text(invitation.tokenHash), .text(invitation.userID), .text(invitation.organizationID), created, expires])
                return try SQLOutboxStore.insert(mail, into: db)
            }
        }
    }

    public func revokeInvitation(userID: String, organizationID: String, at: Date) async throws -> Bool {
        let ended = try SQLValue.timestamp(at, field: "at")
        return try await database.perform { database in
            try database.transaction { db in
                let revoked = try db.execute(
                    "UPDATE invitations SET state = 'revoked', ended_at = ? WHERE user_id = ? AND organization_id = ? AND state = 'pending'",
                    [ended, .text(userID), .text(organizationID)])
                guard revoked > 0 else { return false }
                try db.execute("UPDATE users SET enrollment_status = 'INITIALIZED' WHERE id = ? AND enrollment_status = 'PENDING'",
                               [.text(userID)])
                return true
            }
        }
    }

    public func invitation(tokenHash: String) async throws -> (invitation: InvitationRecord, user: UserRecord)? {
        try await database.read { database in
            guard let row = try database.query(
                "SELECT token_hash, user_id, organization_id, created_at, expires_at, state, ended_at FROM invitations WHERE token_hash = ?",
                [.text(tokenHash)]).first else { return nil }
            let invitation = InvitationRecord(
                tokenHash: try row.get("token_hash"), userID: try row.get("user_id"), organizationID: try row.get("organization_id"),
                createdAt: try row.timestamp("created_at"), expiresAt: try row.timestamp("expires_at"), state: try row.get("state"),
                endedAt: try row.optionalTimestamp("ended_at"))
            guard let user = try database.query("\(Self.select) WHERE u.id = ?", [.text(invitation.userID)]).first.map(Self.user(from:)) else {
                return nil
            }
            return (invitation, user)
        }
    }

    public func accept(tokenHash: String, alexaUserID: String, at: Date) async throws -> InvitationAcceptance {
        let now = try SQLValue.timestamp(at, field: "at")
        return try await database.perform { database in
            try database.transaction { db -> InvitationAcceptance in
                // Expiry is checked here too, so an invitation that expires while it is being accepted is not used.
                guard let row = try db.query("SELECT user_id FROM invitations WHERE token_hash = ? AND state = 'pending' AND expires_at > ?",
                                             [.text(tokenHash), now]).first else { return .notPending }
                let userID: String = try row.get("user_id")
                // Across organizations: an Alexa account belongs to one.
                let taken = try db.query("SELECT 1 FROM users WHERE alexa_user_id = ? AND id <> ?", [.text(alexaUserID), .text(userID)])
                guard taken.isEmpty else { return .alexaUserIDTaken }
                let registered = try db.execute(
                    "UPDATE users SET enrollment_status = 'REGISTERED', alexa_user_id = ?, registered_at = ? WHERE id = ? AND enrollment_status = 'PENDING'",
                    [.text(alexaUserID), now, .text(userID)])
                guard registered == 1 else { return .notPending }
                try db.execute("UPDATE invitations SET state = 'accepted', ended_at = ? WHERE token_hash = ?", [now, .text(tokenHash)])
                return .accepted
            }
        }
    }

    public func saveCalendarLink(_ link: CalendarLinkRecord) async throws -> Bool {
        let linked = try SQLValue.timestamp(link.linkedAt, field: "linkedAt")
        return try await database.perform { database in
            try database.transaction { db in
                guard !(try db.query("SELECT 1 FROM users WHERE id = ? AND organization_id = ?",
                                     [.text(link.userID), .text(link.organizationID)]).isEmpty) else { return false }
                try db.execute(
                    """
                    INSERT INTO calendar_links (user_id, organization_id, mailbox, linked_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (user_id) DO UPDATE SET mailbox = excluded.mailbox, linked_at = excluded.linked_at
                    """, [.text(link.userID), .text(link.organizationID), .text(link.mailbox), linked])
                return true
            }
        }
    }

    public func deleteCalendarLink(userID: String, organizationID: String) async throws -> Bool {
        try await database.perform { database in
            try database.execute("DELETE FROM calendar_links WHERE user_id = ? AND organization_id = ?",
                                 [.text(userID), .text(organizationID)]) == 1
        }
    }

    /// A user with its pending invitation's expiry and its calendar link (both optional).
    private static let select = """
        SELECT u.id, u.organization_id, u.email, u.first_name, u.last_name, u.time_zone, u.enrollment_id, u.enrollment_status,
               u.alexa_user_id, u.created_at, u.registered_at, u.external_id, i.expires_at AS invitation_expires_at,
               c.mailbox AS calendar_mailbox, c.linked_at AS calendar_linked_at
        FROM users u
        LEFT JOIN invitations i ON i.user_id = u.id AND i.state = 'pending'
        LEFT JOIN calendar_links c ON c.user_id = u.id
        """

    private static func user(from row: SQLRow) throws -> UserRecord {
        let id: String = try row.get("id"), organizationID: String = try row.get("organization_id")
        var calendar: CalendarLinkRecord?
        if let mailbox: String = try row.get("calendar_mailbox") {
            calendar = CalendarLinkRecord(userID: id, organizationID: organizationID, mailbox: mailbox, linkedAt: try row.timestamp("calendar_linked_at"))
        }
        return UserRecord(
            id: id, organizationID: organizationID, email: try row.get("email"), firstName: try row.get("first_name"),
            lastName: try row.get("last_name"), timeZone: try row.get("time_zone"), enrollmentID: try row.get("enrollment_id"),
            enrollmentStatus: try row.get("enrollment_status"), alexaUserID: try row.get("alexa_user_id"),
            createdAt: try row.timestamp("created_at"), registeredAt: try row.optionalTimestamp("registered_at"),
            invitationExpiresAt: try row.optionalTimestamp("invitation_expires_at"), calendarLink: calendar, externalID: try row.get("external_id"))
    }
}
