// ExchangeLinkService: linking, re-linking (rotation), reading, unlinking and testing an organization's Exchange
// service account.
import EWS
import Foundation
import Logging
import Storage

/// Validates a service account live, then stores it. A failed validation never touches the stored link:
/// re-linking with a new UPN swaps atomically (compare-and-swap on the generation) or not at all, so the
/// organization is never left unlinked. Every attempt is audited.
public struct ExchangeLinkService: Sendable {
    let links: any ExchangeLinkStore
    let secrets: SecretBox
    let tester: ConnectivityTester
    let clock: any WallClock
    let logger: Logger
    /// Told the organization's id after each stored change (link, re-link, unlink, credentials rejected), so what
    /// derives from the link (health events) follows at once. Errors are its own to handle.
    let changed: @Sendable (String) async -> Void

    public init(links: any ExchangeLinkStore, secrets: SecretBox, check: any ConnectivityCheck, clock: any WallClock = SystemClock(),
                logger: Logger, changed: @escaping @Sendable (String) async -> Void = { _ in }) {
        self.links = links
        self.secrets = secrets
        self.tester = ConnectivityTester(check: check)
        self.clock = clock
        self.logger = logger
        self.changed = changed
    }

    /// Links or re-links after a live check.
    ///
    /// - Throws: ``ServiceError/Code/linkValidationFailed`` with the reason, detail and steps when the check
    ///   fails (the stored link is untouched); ``ServiceError/Code/conflict`` when another link request for the
    ///   organization finished first.
    public func link(organizationID: String, _ request: ExchangeLinkRequest, caller: Caller) async throws -> ExchangeLinkView {
        let target = request.target
        let previous = try await links.link(organizationID: organizationID)
        let action = previous == nil ? "link" : "relink"
        let report = await tester.test(target)
        let now = clock.now().roundedToSeconds
        if let failure = report.failure {
            try await links.appendAudit(LinkAuditEntry(organizationID: organizationID, actor: caller.auditName, at: now, action: action,
                                                       oldUPN: previous?.upn, newUPN: target.upn, outcome: "failed", reason: failure.reason.rawValue))
            logger.notice("Exchange link validation failed", metadata: [
                "organization": "\(organizationID)", "upn": "\(target.upn)", "reason": "\(failure.reason.rawValue)",
            ])
            throw Self.validationFailed(failure, steps: report.steps)
        }
        let record = ExchangeLinkRecord(
            organizationID: organizationID, upn: target.upn,
            // Bound to the organization: a ciphertext copied to another row does not decrypt.
            passwordCiphertext: try secrets.seal(Array(target.password.utf8), associatedData: Array(organizationID.utf8)),
            ewsURL: target.ewsURL, accessMethod: target.accessMethod.rawValue,
            exchangeVersion: report.serverVersion?.build ?? "unknown", linkedAt: now, lastValidatedAt: now,
            passwordExpiresAt: request.passwordExpiresAt, notificationEmail: request.notificationEmail, status: ExchangeLinkRecord.active,
            generation: 0)
        let saved: ExchangeLinkRecord
        do {
            saved = try await links.save(record, expectedGeneration: previous?.generation,
                                         audit: LinkAuditEntry(organizationID: organizationID, actor: caller.auditName, at: now, action: action,
                                                               oldUPN: previous?.upn, newUPN: target.upn, outcome: "succeeded", reason: nil))
        } catch StorageError.conflict {
            // The winner's write rolled ours back, audit row included: record the lost attempt on its own.
            try await links.appendAudit(LinkAuditEntry(organizationID: organizationID, actor: caller.auditName, at: now, action: action,
                                                       oldUPN: previous?.upn, newUPN: target.upn, outcome: "failed", reason: "CONFLICT"))
            throw ServiceError(.conflict, "another link request for organization \(organizationID) finished first; read the link and retry if needed")
        }
        logger.info("Exchange linked", metadata: ["organization": "\(organizationID)", "upn": "\(target.upn)", "generation": "\(saved.generation)"])
        await changed(organizationID)
        return ExchangeLinkView(saved)
    }

    /// - Throws: ``ServiceError/Code/notFound`` when the organization has no link.
    public func view(organizationID: String) async throws -> ExchangeLinkView {
        guard let record = try await links.link(organizationID: organizationID) else { throw Self.noLink(organizationID) }
        return ExchangeLinkView(record)
    }

    /// Deletes the link (audited).
    ///
    /// - Throws: ``ServiceError/Code/notFound`` when there was none (nothing is written then).
    public func unlink(organizationID: String, caller: Caller) async throws {
        let previous = try await links.link(organizationID: organizationID)  // its UPN goes into the audit row
        let deleted = try await links.delete(organizationID: organizationID, audit: LinkAuditEntry(
            organizationID: organizationID, actor: caller.auditName, at: clock.now().roundedToSeconds, action: "unlink",
            oldUPN: previous?.upn, newUPN: nil, outcome: "succeeded", reason: nil))
        guard deleted else { throw Self.noLink(organizationID) }
        await changed(organizationID)
    }

    /// The connectivity test, storing nothing: of the account in `input` when it names one, else of the stored
    /// link (with `input`'s optional `testMailbox` and `writeTest`).
    ///
    /// - Throws: ``ServiceError/Code/invalidInput`` before any network call; ``ServiceError/Code/notFound`` when
    ///   asked to test a stored link that does not exist.
    public func test(organizationID: String, _ input: ExchangeAccountInput) async throws -> ConnectivityReport {
        guard input.namesNoAccount else { return try await tester.test(input) }
        let mailbox = try input.validatedTestMailbox()
        guard var target = try await storedTarget(organizationID: organizationID) else {
            throw ServiceError.notFound("organization \(organizationID) has no Exchange link to test; send upn, password, ewsUrl and accessMethod")
        }
        target.testMailbox = mailbox
        target.writeTest = input.writeTest ?? false
        return await tester.test(target)
    }

    /// The stored link with its password decrypted, for the use cases that call Exchange as the organization's
    /// service account; nil when the organization has no link. The password must never leave the process.
    public func storedTarget(organizationID: String) async throws -> ExchangeLinkTarget? {
        try await storedLink(organizationID: organizationID)?.target
    }

    /// The stored link with its password decrypted, its status and generation (see ``markCredentialsRejected(organizationID:generation:)``).
    public func storedLink(organizationID: String) async throws -> StoredExchangeLink? {
        guard let record = try await links.link(organizationID: organizationID) else { return nil }
        let password = String(decoding: try secrets.open(record.passwordCiphertext, associatedData: Array(organizationID.utf8)), as: UTF8.self)
        let target = ExchangeLinkTarget(upn: record.upn, password: password, ewsURL: record.ewsURL,
                                        accessMethod: AccessMethod(rawValue: record.accessMethod) ?? .impersonation, testMailbox: nil)
        return StoredExchangeLink(target: target, generation: record.generation,
                                  credentialsRejected: record.status == ExchangeLinkRecord.credentialsRejected)
    }

    /// Exchange answered 401 to the stored password: marks link `generation` `credentialsRejected` (audited), so that
    /// calls stop until an admin re-links (a re-link is validated live and stores `active`). A newer link is left
    /// alone. Returns whether this call changed the status.
    @discardableResult
    public func markCredentialsRejected(organizationID: String, generation: Int) async throws -> Bool {
        let changed = try await links.setStatus(ExchangeLinkRecord.credentialsRejected, organizationID: organizationID, generation: generation,
                                                audit: LinkAuditEntry(organizationID: organizationID, actor: "exchange", at: clock.now().roundedToSeconds,
                                                                      action: "status", oldUPN: nil, newUPN: nil, outcome: "failed",
                                                                      reason: LinkFailureReason.badCredentials.rawValue))
        if changed {
            logger.warning("Exchange rejected the service account's password; voice answers stop calling Exchange until the organization re-links",
                           metadata: ["organization": "\(organizationID)", "generation": "\(generation)"])
            await self.changed(organizationID)
        }
        return changed
    }

    /// The console's text, word for word, so admins recognise it.
    public static let consoleMessage = "The calendar account could not be linked. If the issue persists, contact AWS Support. Invalid parameter provided."

    static func validationFailed(_ failure: LinkFailure, steps: [ConnectivityStep]) -> ServiceError {
        ServiceError(.linkValidationFailed, consoleMessage, reason: failure.reason.rawValue, detail: failure.detail, steps: steps)
    }

    static func noLink(_ organizationID: String) -> ServiceError { .notFound("organization \(organizationID) has no Exchange link") }
}
