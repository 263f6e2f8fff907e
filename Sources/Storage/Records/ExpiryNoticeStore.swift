// ExpiryNoticeStore: the ledger of password-expiry notices (SQL stays behind it).
import Foundation

/// One notice of a password-expiry cycle, as the ledger holds it.
public struct ExpiryNoticeRecord: Sendable, Equatable {
    public let organizationID: String
    /// The link generation whose cycle this notice belongs to.
    public let linkGeneration: Int
    /// `T-14d` … `T-1d`, `expired-day-N`.
    public let notice: String
    public let dueAt: Date
    public let recipient: String
    public let messageID: String
    public var state: String
    public var attempts: Int
    public var nextAttemptAt: Date
    public var lastError: String?
    public let createdAt: Date
    public var sentAt: Date?

    public init(organizationID: String, linkGeneration: Int, notice: String, dueAt: Date, recipient: String, messageID: String,
                state: String = ExpiryNoticeRecord.pending, attempts: Int = 0, nextAttemptAt: Date, lastError: String? = nil,
                createdAt: Date, sentAt: Date? = nil) {
        self.organizationID = organizationID
        self.linkGeneration = linkGeneration
        self.notice = notice
        self.dueAt = dueAt
        self.recipient = recipient
        self.messageID = messageID
        self.state = state
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.createdAt = createdAt
        self.sentAt = sentAt
    }

    public static let pending = "pending"
    public static let sent = "sent"
    public static let superseded = "superseded"
}

/// The notices sent and to send. Each (organization, link generation, notice) is recorded once: recording is what
/// makes a notice "to be sent", so a pass that crashes after recording finds it pending on the next start.
public protocol ExpiryNoticeStore: Sendable {
    /// Records `notice` as pending unless its identity is already in the ledger; true when this call recorded it.
    func recordPending(_ notice: ExpiryNoticeRecord) async throws -> Bool
    /// Pending notices whose next attempt is due at `now`, the earliest due first, at most `limit`.
    func pending(dueBy now: Date, limit: Int) async throws -> [ExpiryNoticeRecord]
    /// Takes a pending notice whose next attempt is due at `now` for one delivery attempt by pushing that attempt to
    /// `until`: of several senders (replicas, `notify --once` beside `serve`) exactly one gets true. A sender that dies
    /// holding it leaves the notice to be tried again from `until` on.
    func claim(organizationID: String, linkGeneration: Int, notice: String, now: Date, until: Date) async throws -> Bool
    /// Marks a pending notice sent; false when it was not pending (sent already, superseded, or unknown).
    func markSent(organizationID: String, linkGeneration: Int, notice: String, at: Date) async throws -> Bool
    /// Counts a failed attempt on a pending notice and sets the next; false when it was not pending.
    func markFailed(organizationID: String, linkGeneration: Int, notice: String, error: String, retryAt: Date) async throws -> Bool
    /// Marks the organization's notices of older generations that are still pending superseded; returns how many.
    func supersede(organizationID: String, before linkGeneration: Int) async throws -> Int
    /// The ledger of one cycle, in the order its notices fell due.
    func notices(organizationID: String, linkGeneration: Int) async throws -> [ExpiryNoticeRecord]
}
