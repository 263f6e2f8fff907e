// VoiceSessionStore: the voice dialogs waiting for an answer (SQL stays behind it).
import Foundation

/// A dialog in progress: what the last turn asked and what it refers to, as the voice use case encoded it.
public struct VoiceSessionRecord: Sendable, Equatable {
    public let organizationID: String
    public let id: String
    public let userID: String
    /// Opaque to the store (JSON written by the voice use case).
    public var state: String
    public var updatedAt: Date
    public var expiresAt: Date

    public init(organizationID: String, id: String, userID: String, state: String, updatedAt: Date, expiresAt: Date) {
        self.organizationID = organizationID
        self.id = id
        self.userID = userID
        self.state = state
        self.updatedAt = updatedAt
        self.expiresAt = expiresAt
    }
}

/// Dialog state by (organization, session id), so that any process answers the next turn.
public protocol VoiceSessionStore: Sendable {
    /// The session, unless it expired at or before `now`.
    func session(id: String, organizationID: String, now: Date) async throws -> VoiceSessionRecord?
    /// Creates or replaces the session.
    func save(_ session: VoiceSessionRecord) async throws
    /// Ends the session; false when there was none.
    @discardableResult
    func delete(id: String, organizationID: String) async throws -> Bool
    /// Deletes every session that expired at or before `now`; returns how many.
    @discardableResult
    func prune(now: Date) async throws -> Int
}
