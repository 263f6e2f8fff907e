// LinkAuditEntry: one attempt to link, re-link or unlink, as the audit trail keeps it.
import Foundation

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
