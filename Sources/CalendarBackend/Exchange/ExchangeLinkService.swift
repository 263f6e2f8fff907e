// Linking, re-linking (rotation) and unlinking an organization's Exchange service account.
import EWS
import Foundation
import Logging
import Storage

/// The stored link as the API shows it: never the password.
public struct ExchangeLinkView: Codable, Sendable, Equatable {
    public let upn: String
    public let ewsUrl: String
    public let accessMethod: String
    public let exchangeVersion: String
    public let linkedAt: Date
    public let lastValidatedAt: Date
    public let passwordExpiresAt: Date?
    public let status: String
    public let generation: Int

    init(_ record: ExchangeLinkRecord) {
        upn = record.upn
        ewsUrl = record.ewsURL
        accessMethod = record.accessMethod
        exchangeVersion = record.exchangeVersion
        linkedAt = record.linkedAt
        lastValidatedAt = record.lastValidatedAt
        passwordExpiresAt = record.passwordExpiresAt
        status = record.status
        generation = record.generation
    }
}

/// Validates a service account live, then stores it. A failed validation never touches the stored link:
/// re-linking with a new UPN swaps atomically (compare-and-swap on the generation) or not at all.
public struct ExchangeLinkService: Sendable {
    let links: any ExchangeLinkStore
    let secrets: SecretBox
    let check: ConnectivityCheck
    let logger: Logger
    let clock: @Sendable () -> Date

    public init(links: any ExchangeLinkStore, secrets: SecretBox, check: ConnectivityCheck, logger: Logger,
                clock: @escaping @Sendable () -> Date = { Date() }) {
        self.links = links
        self.secrets = secrets
        self.check = check
        self.logger = logger
        self.clock = clock
    }

    public enum Outcome: Sendable {
        case linked(ExchangeLinkView)
        case failed(LinkFailure, [ConnectivityStep])
    }

    public func link(organizationID: String, target: ExchangeLinkTarget, passwordExpiresAt: Date?, caller: Caller) async throws -> Outcome {
        let previous = try links.link(organizationID: organizationID)
        let action = previous == nil ? "link" : "relink"
        let report = await check.run(target)
        let now = clock().roundedToSeconds
        if let failure = report.failure {
            try links.appendAudit(LinkAuditEntry(organizationID: organizationID, actor: caller.auditName, at: now, action: action,
                                                 oldUPN: previous?.upn, newUPN: target.upn, outcome: "failed", reason: failure.reason.rawValue))
            logger.notice("Exchange link validation failed", metadata: [
                "organization": "\(organizationID)", "upn": "\(target.upn)", "reason": "\(failure.reason.rawValue)",
            ])
            return .failed(failure, report.steps)
        }
        let record = ExchangeLinkRecord(
            organizationID: organizationID, upn: target.upn,
            // Bound to the organization: a ciphertext copied to another row does not decrypt.
            passwordCiphertext: try secrets.seal(Array(target.password.utf8), associatedData: Array(organizationID.utf8)),
            ewsURL: target.ewsURL, accessMethod: target.accessMethod.rawValue,
            exchangeVersion: report.serverVersion?.build ?? "unknown", linkedAt: now, lastValidatedAt: now,
            passwordExpiresAt: passwordExpiresAt, status: "active", generation: (previous?.generation ?? 0) + 1)
        try links.save(record, expectedGeneration: previous?.generation,
                       audit: LinkAuditEntry(organizationID: organizationID, actor: caller.auditName, at: now, action: action,
                                             oldUPN: previous?.upn, newUPN: target.upn, outcome: "succeeded", reason: nil))
        logger.info("Exchange linked", metadata: ["organization": "\(organizationID)", "upn": "\(target.upn)", "generation": "\(record.generation)"])
        return .linked(ExchangeLinkView(record))
    }

    public func view(organizationID: String) throws -> ExchangeLinkView? {
        try links.link(organizationID: organizationID).map(ExchangeLinkView.init)
    }

    /// Deletes the link (audited); false when there was none (nothing is written then).
    public func unlink(organizationID: String, caller: Caller) throws -> Bool {
        let previous = try links.link(organizationID: organizationID)  // its UPN goes into the audit row
        return try links.delete(organizationID: organizationID, audit: LinkAuditEntry(
            organizationID: organizationID, actor: caller.auditName, at: clock().roundedToSeconds, action: "unlink",
            oldUPN: previous?.upn, newUPN: nil, outcome: "succeeded", reason: nil))
    }

    /// The stored link as a check target (password decrypted), nil when there is none.
    public func storedTarget(organizationID: String, testMailbox: String?, writeTest: Bool) throws -> ExchangeLinkTarget? {
        guard let record = try links.link(organizationID: organizationID) else { return nil }
        let password = String(decoding: try secrets.open(record.passwordCiphertext, associatedData: Array(organizationID.utf8)), as: UTF8.self)
        return ExchangeLinkTarget(upn: record.upn, password: password, ewsURL: record.ewsURL,
                                  accessMethod: AccessMethod(rawValue: record.accessMethod) ?? .impersonation,
                                  testMailbox: testMailbox, writeTest: writeTest)
    }

    /// Runs the connectivity test without storing anything.
    public func test(_ target: ExchangeLinkTarget) async -> ConnectivityReport {
        await check.run(target)
    }
}
