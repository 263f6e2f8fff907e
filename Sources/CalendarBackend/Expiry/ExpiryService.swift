// ExpiryService: the password-expiry settings of a link (PATCH), and how a password stands: one organization's
// status with its notices, and the fleet view operators curl.
import Foundation
import Storage

/// A change to a link's expiry settings, as PATCH sends it: absent fields stay, null clears.
public struct ExpiryUpdate: Sendable, Equatable {
    public var passwordExpiresAt: FieldChange<String> = .keep
    public var notificationEmail: FieldChange<String> = .keep

    public init(passwordExpiresAt: FieldChange<String> = .keep, notificationEmail: FieldChange<String> = .keep) {
        self.passwordExpiresAt = passwordExpiresAt
        self.notificationEmail = notificationEmail
    }
}

public struct ExpiryService: Sendable {
    let links: any ExchangeLinkStore
    let notices: any ExpiryNoticeStore
    let organizations: any OrganizationStore
    let healthEvents: HealthEventService
    let clock: any WallClock

    public init(links: any ExchangeLinkStore, notices: any ExpiryNoticeStore, organizations: any OrganizationStore,
                healthEvents: HealthEventService, clock: any WallClock) {
        self.links = links
        self.notices = notices
        self.organizations = organizations
        self.healthEvents = healthEvents
        self.clock = clock
    }

    /// Sets or clears the password expiry and the notification address. A different expiry starts a new cycle (a new
    /// link generation: the old cycle's pending notices are never sent, its health events close); the same expiry, or
    /// a new address alone, keeps the cycle (notices already due keep the address they were recorded with).
    ///
    /// - Throws: ``ServiceError/Code/invalidInput`` naming the field; ``ServiceError/Code/notFound`` without a link;
    ///   ``ServiceError/Code/conflict`` when the link changed meanwhile.
    public func update(organizationID: String, _ update: ExpiryUpdate, caller: Caller) async throws -> ExchangeLinkView {
        let expiresAt = try update.passwordExpiresAt.map { try ISOInstant.parse($0, field: "passwordExpiresAt").roundedToSeconds }
        let email = try update.notificationEmail.map { try EmailAddress($0, field: "notificationEmail").value }
        guard let link = try await links.link(organizationID: organizationID) else { throw ExchangeLinkService.noLink(organizationID) }
        let newExpiry: Date? = switch expiresAt {
        case .keep: link.passwordExpiresAt
        case .clear: nil
        case .set(let date): date
        }
        let newEmail: String? = switch email {
        case .keep: link.notificationEmail
        case .clear: nil
        case .set(let address): address
        }
        let newCycle = newExpiry != link.passwordExpiresAt
        let saved: ExchangeLinkRecord
        do {
            saved = try await links.updateExpiry(
                organizationID: organizationID, expectedGeneration: link.generation, passwordExpiresAt: newExpiry, notificationEmail: newEmail,
                newCycle: newCycle,
                audit: LinkAuditEntry(organizationID: organizationID, actor: caller.auditName, at: clock.now().roundedToSeconds, action: "expiry",
                                      oldUPN: link.upn, newUPN: link.upn, outcome: "succeeded", reason: nil))
        } catch StorageError.conflict {
            throw ServiceError(.conflict, "the Exchange link of organization \(organizationID) changed meanwhile; read it and retry if needed")
        }
        try await healthEvents.reconcile(organizationID: organizationID, link: saved)
        return ExchangeLinkView(saved)
    }

    /// How the organization's password stands, with the notices of the current cycle.
    ///
    /// - Throws: ``ServiceError/Code/notFound`` without a link.
    public func status(organizationID: String) async throws -> ExpiryStatusView {
        guard let link = try await links.link(organizationID: organizationID) else { throw ExchangeLinkService.noLink(organizationID) }
        let now = clock.now()
        guard let expiresAt = link.passwordExpiresAt else {
            return ExpiryStatusView(upn: link.upn, passwordExpiresAt: nil, daysLeft: nil, state: .unknown, notices: [])
        }
        let schedule = PasswordExpirySchedule(expiresAt: expiresAt)
        let ledger = Dictionary(try await notices.notices(organizationID: organizationID, linkGeneration: link.generation).map { ($0.notice, $0) },
                                uniquingKeysWith: { first, _ in first })
        var rows = schedule.due(through: now).map { notice in
            ExpiryNoticeView(notice: notice, dueAt: schedule.dueAt(notice), record: ledger[notice.description])
        }
        if let next = schedule.next(after: now) {
            rows.append(ExpiryNoticeView(notice: next, dueAt: schedule.dueAt(next), record: nil, scheduled: true))
        }
        return ExpiryStatusView(upn: link.upn, passwordExpiresAt: expiresAt, daysLeft: schedule.daysLeft(at: now),
                                state: schedule.state(at: now), notices: rows)
    }

    /// Every organization whose password expires within `withinDays` days or has expired, the soonest first.
    ///
    /// - Throws: ``ServiceError/Code/invalidInput`` naming `withinDays` outside 0...3650.
    public func fleet(withinDays: Int) async throws -> [FleetExpiryView] {
        guard (0...3650).contains(withinDays) else {
            throw ServiceError.invalidInput("withinDays", "query parameter 'withinDays' must be a whole number of days from 0 to 3650")
        }
        let now = clock.now()
        return try await links.links(passwordExpiringBy: now.addingTimeInterval(Double(withinDays) * 86_400)).compactMap { link in
            guard let expiresAt = link.passwordExpiresAt else { return nil }
            let schedule = PasswordExpirySchedule(expiresAt: expiresAt)
            return FleetExpiryView(organizationId: link.organizationID, upn: link.upn, passwordExpiresAt: expiresAt,
                                   daysLeft: schedule.daysLeft(at: now), state: schedule.state(at: now), linkStatus: link.status)
        }
    }
}

/// `GET /v1/organizations/{orgId}/exchange/expiry`.
public struct ExpiryStatusView: Encodable, Sendable, Equatable {
    public let upn: String
    public let passwordExpiresAt: Date?
    public let daysLeft: Int?
    public let state: ExpiryState
    public let notices: [ExpiryNoticeView]

    enum CodingKeys: String, CodingKey { case upn, passwordExpiresAt, daysLeft, state, notices }

    /// Nulls are written out: a client reads `passwordExpiresAt: null` as "not known", not as a missing field.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(upn, forKey: .upn)
        try container.encode(passwordExpiresAt, forKey: .passwordExpiresAt)
        try container.encode(daysLeft, forKey: .daysLeft)
        try container.encode(state, forKey: .state)
        try container.encode(notices, forKey: .notices)
    }
}

/// One notice of the current cycle: `sent`, `pending` (due, delivery under way or retried), `skipped` (due while the
/// service was down, replaced by a later one, or before the cycle began), `superseded`, or `scheduled` (the next).
public struct ExpiryNoticeView: Encodable, Sendable, Equatable {
    public let notice: String
    public let dueAt: Date
    public let sentAt: Date?
    public let state: String
    /// Delivery attempts so far, and the last one's error (while pending).
    public let attempts: Int
    public let lastError: String?

    init(notice: ExpiryNotice, dueAt: Date, record: ExpiryNoticeRecord?, scheduled: Bool = false) {
        self.notice = notice.description
        self.dueAt = dueAt
        sentAt = record?.sentAt
        state = scheduled ? "scheduled" : record?.state ?? "skipped"
        attempts = record?.attempts ?? 0
        lastError = record?.state == ExpiryNoticeRecord.pending ? record?.lastError : nil
    }

    enum CodingKeys: String, CodingKey { case notice, dueAt, sentAt, state, attempts, lastError }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(notice, forKey: .notice)
        try container.encode(dueAt, forKey: .dueAt)
        try container.encode(sentAt, forKey: .sentAt)
        try container.encode(state, forKey: .state)
        try container.encode(attempts, forKey: .attempts)
        try container.encode(lastError, forKey: .lastError)
    }
}

/// One organization in `GET /v1/expiry`.
public struct FleetExpiryView: Encodable, Sendable, Equatable {
    public let organizationId: String
    public let upn: String
    public let passwordExpiresAt: Date
    public let daysLeft: Int
    public let state: ExpiryState
    /// `active`, or `credentialsRejected` once Exchange refused the password.
    public let linkStatus: String
}
