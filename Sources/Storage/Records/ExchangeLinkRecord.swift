// An organization's stored Exchange service-account link, and its audit trail.
import Foundation

/// The link as stored. The password is only ever held encrypted (`passwordCiphertext`, AES-256-GCM).
public struct ExchangeLinkRecord: Sendable, Equatable {
    public var organizationID: String
    public var upn: String
    public var passwordCiphertext: [UInt8]
    public var ewsURL: String
    /// `impersonation` or `fullAccess`.
    public var accessMethod: String
    /// The build validated, e.g. `15.1.2507.6`.
    public var exchangeVersion: String
    public var linkedAt: Date
    public var lastValidatedAt: Date
    public var passwordExpiresAt: Date?
    /// `active` today; later issues may add others (e.g. `failing`).
    public var status: String
    /// 1 for the organization's first link; +1 on every successful link or re-link, never reused (assigned by the store).
    public var generation: Int

    public init(organizationID: String, upn: String, passwordCiphertext: [UInt8], ewsURL: String, accessMethod: String,
                exchangeVersion: String, linkedAt: Date, lastValidatedAt: Date, passwordExpiresAt: Date?, status: String, generation: Int) {
        self.organizationID = organizationID
        self.upn = upn
        self.passwordCiphertext = passwordCiphertext
        self.ewsURL = ewsURL
        self.accessMethod = accessMethod
        self.exchangeVersion = exchangeVersion
        self.linkedAt = linkedAt
        self.lastValidatedAt = lastValidatedAt
        self.passwordExpiresAt = passwordExpiresAt
        self.status = status
        self.generation = generation
    }
}

/// One attempt to link, re-link or unlink.
public struct LinkAuditEntry: Sendable, Equatable {
    public let organizationID: String
    /// Who asked: `admin` or `apiKey:<keyId>`.
    public let actor: String
    public let at: Date
    /// `link`, `relink` or `unlink`.
    public let action: String
    public let oldUPN: String?
    public let newUPN: String?
    /// `succeeded` or `failed`.
    public let outcome: String
    /// The failure reason code (e.g. `BAD_CREDENTIALS`), nil on success.
    public let reason: String?

    public init(organizationID: String, actor: String, at: Date, action: String, oldUPN: String?, newUPN: String?, outcome: String, reason: String?) {
        self.organizationID = organizationID
        self.actor = actor
        self.at = at
        self.action = action
        self.oldUPN = oldUPN
        self.newUPN = newUPN
        self.outcome = outcome
        self.reason = reason
    }
}

/// Exchange links and their audit trail.
public protocol ExchangeLinkStore: Sendable {
    func link(organizationID: String) async throws -> ExchangeLinkRecord?
    /// Stores `record` as the organization's link and appends `audit`, in one transaction. When
    /// `expectedGeneration` is given, the swap only happens if the stored link still has that generation
    /// (nil: there must be no link yet); otherwise it throws `StorageError.conflict` and changes nothing.
    /// The store numbers generations (the organization's last one plus 1, never reused, also after an unlink)
    /// and returns the record as saved.
    @discardableResult
    func save(_ record: ExchangeLinkRecord, expectedGeneration: Int?, audit: LinkAuditEntry) async throws -> ExchangeLinkRecord
    /// Deletes the link and appends `audit`, in one transaction; false when there was none.
    func delete(organizationID: String, audit: LinkAuditEntry) async throws -> Bool
    /// Records a failed attempt (nothing else changes).
    func appendAudit(_ entry: LinkAuditEntry) async throws
    /// The organization's audit entries, newest first.
    func audit(organizationID: String, limit: Int) async throws -> [LinkAuditEntry]
}
