// ExchangeLinkStore: where Exchange links and their audit trail are kept (SQL stays behind it).
import Foundation

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
    /// Sets the link's password expiry and notification address and appends `audit`, in one transaction, if the
    /// stored link still has generation `expectedGeneration` (else `StorageError.conflict`, nothing written).
    /// `newCycle` (a changed expiry) moves the link to a new generation, numbered as ``save(_:expectedGeneration:audit:)``
    /// does, so the notices of the old expiry stop; a changed address alone keeps the generation. Returns the record
    /// as saved.
    func updateExpiry(organizationID: String, expectedGeneration: Int, passwordExpiresAt: Date?, notificationEmail: String?,
                      newCycle: Bool, audit: LinkAuditEntry) async throws -> ExchangeLinkRecord
    /// Every link with a password expiry at or before `date`, the soonest first (the scheduler's and the fleet
    /// view's query).
    func links(passwordExpiringBy date: Date) async throws -> [ExchangeLinkRecord]
    /// Deletes the link and appends `audit`, in one transaction; false when there was none.
    func delete(organizationID: String, audit: LinkAuditEntry) async throws -> Bool
    /// Sets the status of the link of generation `generation` (a newer link is never touched) and appends `audit`,
    /// in one transaction; false, with nothing written, when that link is gone or already has that status.
    func setStatus(_ status: String, organizationID: String, generation: Int, audit: LinkAuditEntry) async throws -> Bool
    /// Records a failed attempt (nothing else changes).
    func appendAudit(_ entry: LinkAuditEntry) async throws
    /// The organization's audit entries, newest first.
    func audit(organizationID: String, limit: Int) async throws -> [LinkAuditEntry]
}
