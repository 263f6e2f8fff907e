// ExpiryNotifierTests: the scheduler's passes on SQLite with a recording mailer and a manual clock: the schedule over
// a whole cycle, exactly-once under failures, claims and crashes, rotation, the status and fleet views, health events.
import CalendarBackend
import Foundation
import Logging
import Storage
import Synchronization
import Testing

/// Keeps what it was given; fails while told to, or fails after taking the message (the relay said 250, the ledger
/// write never happened).
final class RecordingMailer: MailSender {
    private let state = Mutex<(mail: [OutgoingMail], failing: Bool)>(([], false))
    var description: String { "recording" }
    var mail: [OutgoingMail] { state.withLock { $0.mail } }
    func fail(_ failing: Bool) { state.withLock { $0.failing = failing } }

    func send(_ mail: OutgoingMail) async throws {
        try state.withLock { state in
            if state.failing { throw MailerDown() }
            state.mail.append(mail)
        }
    }

    struct MailerDown: Error, CustomStringConvertible { var description: String { "relay down" } }
}

@Suite struct ExpiryNotifierTests {
    static let expiry = ISO8601DateFormatter().date(from: "2027-01-20T09:00:00Z")!
    static let logger = Logger(label: "t") { _ in SwiftLogNoOpLogHandler() }

    struct Harness {
        let database: SQLiteDatabase
        let links: SQLExchangeLinkStore
        let notices: SQLExpiryNoticeStore
        let mailer: RecordingMailer
        let clock: ManualClock
        let notifier: ExpiryNotifier
        let expiry: ExpiryService
        let healthEvents: HealthEventService
        let organizationID: String

        /// A notifier sharing the database but with its own mailer (another process).
        func otherNotifier(mailer: RecordingMailer) -> ExpiryNotifier {
            ExpiryNotifier(links: links, notices: notices, organizations: SQLOrganizationStore(database: database), mailer: mailer,
                           healthEvents: healthEvents, clock: clock, metrics: ExpiryMetrics(), logger: ExpiryNotifierTests.logger)
        }

        @discardableResult
        func link(upn: String = "svc@contoso.com", expires: Date? = ExpiryNotifierTests.expiry, email: String? = nil) async throws -> ExchangeLinkRecord {
            let current = try await links.link(organizationID: organizationID)
            return try await links.save(
                ExchangeLinkRecord(organizationID: organizationID, upn: upn, passwordCiphertext: [1], ewsURL: "https://mail.contoso.com/EWS/Exchange.asmx",
                                   accessMethod: "impersonation", exchangeVersion: "15.1", linkedAt: clock.now(), lastValidatedAt: clock.now(),
                                   passwordExpiresAt: expires, notificationEmail: email, status: ExchangeLinkRecord.active, generation: 0),
                expectedGeneration: current?.generation,
                audit: LinkAuditEntry(organizationID: organizationID, actor: "admin", at: clock.now(), action: "link", oldUPN: nil, newUPN: upn,
                                      outcome: "succeeded", reason: nil))
        }
    }

    func harness(start: String = "2026-12-20T00:00:00Z") async throws -> Harness {
        let database = try SQLiteDatabase(path: ":memory:")
        _ = try MigrationRunner(database: database, logger: Self.logger).migrate()
        let clock = ManualClock(ISO8601DateFormatter().date(from: start)!)
        let organizationStore = SQLOrganizationStore(database: database)
        let organizations = OrganizationService(store: organizationStore, adminToken: String(repeating: "a", count: 32), clock: clock, ids: CountingIdentifiers())
        let created = try await organizations.create(name: try OrganizationName("Contoso"), timeZone: try TimeZoneName("Europe/Berlin"))
        let links = SQLExchangeLinkStore(database: database)
        let notices = SQLExpiryNoticeStore(database: database)
        let healthEvents = HealthEventService(events: SQLHealthEventStore(database: database), links: links, clock: clock)
        let mailer = RecordingMailer()
        let notifier = ExpiryNotifier(links: links, notices: notices, organizations: organizationStore, mailer: mailer, healthEvents: healthEvents,
                                      clock: clock, metrics: ExpiryMetrics(), logger: Self.logger)
        return Harness(database: database, links: links, notices: notices, mailer: mailer, clock: clock, notifier: notifier,
                       expiry: ExpiryService(links: links, notices: notices, organizations: organizationStore, healthEvents: healthEvents, clock: clock),
                       healthEvents: healthEvents, organizationID: created.organization.id)
    }

    /// Steps the clock from its time to `until` in `step`s, running a pass after each; returns (notice, time sent).
    func simulate(_ h: Harness, until end: Date, step: TimeInterval = 6 * 3600) async throws -> [(String, Date)] {
        var sent: [(String, Date)] = []
        while h.clock.now() < end {
            let before = h.mailer.mail.count
            _ = try await h.notifier.runPass()
            for mail in h.mailer.mail[before...] { sent.append((String(mail.messageID.split(separator: ".")[3].split(separator: "@")[0]), mail.date)) }
            h.clock.advance(by: step)
        }
        return sent
    }

    static func at(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test func aFortyDayCycleSendsFourWarningsThenOneADayAtTheirTimes() async throws {
        let h = try await harness(start: "2026-12-31T00:00:00Z")  // 20 days before the expiry
        try await h.link()
        let sent = try await simulate(h, until: Self.at("2027-02-09T00:00:00Z"))
        let names = sent.map(\.0)
        #expect(Array(names.prefix(4)) == ["T-14d", "T-7d", "T-3d", "T-1d"])
        #expect(Array(names.dropFirst(4)) == (0..<20).map { "expired-day-\($0)" })
        // Each is sent at the first 6-hour step at or after it fell due.
        let schedule = PasswordExpirySchedule(expiresAt: Self.expiry)
        for (name, date) in sent {
            let due = schedule.dueAt(try #require(ExpiryNotice(name)))
            #expect(date >= due && date.timeIntervalSince(due) < 6 * 3600, "\(name) sent at \(date), due \(due)")
        }
        #expect(Set(h.mailer.mail.map(\.messageID)).count == h.mailer.mail.count)
        #expect(h.mailer.mail.allSatisfy { $0.to == "svc@contoso.com" })
    }

    @Test func theMailSaysWhichAccountWhenInBothZonesDaysLeftAndHowToRotate() async throws {
        let h = try await harness(start: "2027-01-13T09:00:00Z")
        try await h.link()
        _ = try await h.notifier.runPass()
        let mail = try #require(h.mailer.mail.first)
        #expect(mail.subject == "Alexa for Business: the password of service account svc@contoso.com expires in 7 days")
        #expect(mail.text.contains("expires on Wednesday 2027-01-20 09:00 UTC (Wednesday 2027-01-20 10:00 in Europe/Berlin). 7 days are left."))
        #expect(mail.text.contains("1. Create a new user principal name (UPN) service account and password."))
        #expect(mail.text.contains("POST /v1/organizations/\(h.organizationID)/exchange/test"))
        #expect(mail.text.contains("PUT /v1/organizations/\(h.organizationID)/exchange"))
        #expect(mail.messageID == "<expiry.\(h.organizationID).g1.T-7d@a4b-calendar>")
        h.clock.advance(by: 9 * 86_400)
        _ = try await h.notifier.runPass()
        let late = try #require(h.mailer.mail.last)
        #expect(late.subject == "Alexa for Business: the password of service account svc@contoso.com expired 2 days ago")
        #expect(late.text.contains("expired on Wednesday 2027-01-20 09:00 UTC (Wednesday 2027-01-20 10:00 in Europe/Berlin), 2 days ago."))
    }

    @Test func aServiceDownAcrossThresholdsSendsOnlyTheLatestAndShowsTheOthersSkipped() async throws {
        let h = try await harness(start: "2027-01-05T00:00:00Z")  // T-15d
        try await h.link()
        _ = try await h.notifier.runPass()
        #expect(h.mailer.mail.isEmpty)
        h.clock.advance(by: 14.5 * 86_400)  // 2027-01-19T12:00: T-1d is due, T-14d/T-7d/T-3d were missed
        let report = try await h.notifier.runPass()
        #expect(report.sent == 1)
        #expect(h.mailer.mail.map(\.subject) == ["Alexa for Business: the password of service account svc@contoso.com expires in 1 day"])
        let status = try await h.expiry.status(organizationID: h.organizationID)
        #expect(status.notices.map(\.state) == ["skipped", "skipped", "skipped", "sent", "scheduled"])
        #expect(status.notices.map(\.notice) == ["T-14d", "T-7d", "T-3d", "T-1d", "expired-day-0"])
        #expect(status.daysLeft == 0)
        #expect(status.state == .expiring)
    }

    @Test func aRelayDownForADayDeliversEachRecordedNoticeOnceWhenItReturns() async throws {
        let h = try await harness(start: "2027-01-20T10:00:00Z")  // expired-day-0 is due
        try await h.link()
        h.mailer.fail(true)
        for _ in 0..<5 {  // a day and a bit in 6-hour steps: expired-day-0 and -1 fall due, nothing gets through
            let report = try await h.notifier.runPass()
            #expect(report.sent == 0)
            h.clock.advance(by: 6 * 3600)
        }
        let pending = try await h.notices.notices(organizationID: h.organizationID, linkGeneration: 1)
        #expect(pending.map(\.notice) == ["expired-day-0", "expired-day-1"])
        #expect(pending.allSatisfy { $0.state == "pending" && $0.attempts >= 1 && $0.lastError == "relay down" })
        h.mailer.fail(false)
        h.clock.advance(by: 3600)  // past every back-off
        let report = try await h.notifier.runPass()
        #expect(report.sent == 2)
        _ = try await h.notifier.runPass()
        #expect(h.mailer.mail.map { $0.subject.hasSuffix("has expired") || $0.subject.hasSuffix("1 day ago") } == [true, true])
        #expect(try await h.notices.notices(organizationID: h.organizationID, linkGeneration: 1).allSatisfy { $0.state == "sent" })
    }

    @Test func twoNotifiersOnOneDatabaseSendEachNoticeOnce() async throws {
        let h = try await harness(start: "2027-01-13T09:00:00Z")
        try await h.link()
        let second = RecordingMailer()
        let other = h.otherNotifier(mailer: second)
        async let a = h.notifier.runPass()
        async let b = other.runPass()
        _ = try await (a, b)
        #expect(h.mailer.mail.count + second.mail.count == 1)
    }

    @Test func aSenderThatDiedHoldingAClaimLeavesTheNoticeToTheNextPassAfterTheClaim() async throws {
        let h = try await harness(start: "2027-01-13T09:00:00Z")
        try await h.link()
        _ = try await h.notifier.runPass()
        #expect(h.mailer.mail.count == 1)
        // As if the process died after the relay's 250 and before the ledger write: the notice is pending, claimed.
        try await h.database.perform { database in
            _ = try database.execute("UPDATE expiry_notices SET state = 'pending', sent_at = NULL, next_attempt_at = '2027-01-13T09:05:00Z'")
        }
        _ = try await h.notifier.runPass()
        #expect(h.mailer.mail.count == 1, "claimed until 09:05")
        h.clock.advance(by: 600)
        _ = try await h.notifier.runPass()
        // Sent again with the same Message-ID, which the receiving store drops (fake-exchange's inbox counts it).
        #expect(h.mailer.mail.map(\.messageID) == Array(repeating: "<expiry.\(h.organizationID).g1.T-7d@a4b-calendar>", count: 2))
    }

    @Test func rotationMidCycleStopsTheOldCycleClosesItsEventsAndStartsANewOne() async throws {
        let h = try await harness(start: "2027-01-14T00:00:00Z")  // T-7d sent
        try await h.link()
        _ = try await h.notifier.runPass()
        #expect(try await h.healthEvents.list(organizationID: h.organizationID, statuses: ["upcoming"]).count == 1)
        // T-3d is recorded but the relay is down, then the admin rotates to a new UPN whose password expires later.
        h.clock.advance(by: 3.5 * 86_400)  // 2027-01-17T12:00, past T-3d
        h.mailer.fail(true)
        _ = try await h.notifier.runPass()
        h.mailer.fail(false)
        try await h.link(upn: "svc2@contoso.com", expires: Self.at("2027-06-01T00:00:00Z"))
        try await h.healthEvents.reconcile(organizationID: h.organizationID)
        h.clock.advance(by: 3600)
        let report = try await h.notifier.runPass()
        #expect(report.sent == 0)
        #expect(report.superseded == 1)
        #expect(h.mailer.mail.map(\.subject).allSatisfy { $0.contains("svc@contoso.com") && $0.contains("7 days") })
        let events = try await h.healthEvents.list(organizationID: h.organizationID, statuses: nil)
        #expect(events.map(\.statusCode) == ["closed"])
        #expect(events.first?.endTime == Self.at("2027-01-17T12:00:00Z"))
        #expect(try await h.expiry.status(organizationID: h.organizationID).state == .ok)
        // Through the end of the old expiry, nothing more is sent for either account.
        _ = try await simulate(h, until: Self.at("2027-01-25T00:00:00Z"))
        #expect(h.mailer.mail.count == 1)
    }

    @Test func aNewExpiryByPatchIsANewCycleAndAnAddressAloneIsNot() async throws {
        let h = try await harness(start: "2027-01-13T09:00:00Z")
        try await h.link()
        _ = try await h.notifier.runPass()
        let moved = try await h.expiry.update(organizationID: h.organizationID, ExpiryUpdate(notificationEmail: .set("it@contoso.com")), caller: .admin)
        #expect(moved.generation == 1)
        #expect(moved.notificationEmail == "it@contoso.com")
        h.clock.advance(by: 4 * 86_400)
        _ = try await h.notifier.runPass()
        #expect(h.mailer.mail.last?.to == "it@contoso.com")
        let renewed = try await h.expiry.update(organizationID: h.organizationID, ExpiryUpdate(passwordExpiresAt: .set("2027-01-21T09:00:00Z")), caller: .admin)
        #expect(renewed.generation == 2)
        #expect(renewed.notificationEmail == "it@contoso.com")
        _ = try await h.notifier.runPass()
        // A new cycle at T-4d: its latest due notice is T-7d, sent once under the new generation.
        #expect(h.mailer.mail.last?.messageID == "<expiry.\(h.organizationID).g2.T-7d@a4b-calendar>")
        let same = try await h.expiry.update(organizationID: h.organizationID, ExpiryUpdate(passwordExpiresAt: .set("2027-01-21T09:00:00Z")), caller: .admin)
        #expect(same.generation == 2)
        let cleared = try await h.expiry.update(organizationID: h.organizationID, ExpiryUpdate(passwordExpiresAt: .clear), caller: .admin)
        #expect(cleared.passwordExpiresAt == nil)
        #expect(try await h.expiry.status(organizationID: h.organizationID).state == .unknown)
        for bad in [ExpiryUpdate(passwordExpiresAt: .set("tomorrow")), ExpiryUpdate(notificationEmail: .set("not an address"))] {
            let error = await #expect(throws: ServiceError.self) { try await h.expiry.update(organizationID: h.organizationID, bad, caller: .admin) }
            #expect(error?.code == .invalidInput)
        }
    }

    @Test func theFleetViewListsExpiringAndExpiredOrganizationsSoonestFirst() async throws {
        let h = try await harness(start: "2027-01-13T09:00:00Z")
        try await h.link()
        #expect(try await h.expiry.fleet(withinDays: 14).map(\.daysLeft) == [7])
        #expect(try await h.expiry.fleet(withinDays: 3).isEmpty)
        h.clock.advance(by: 8 * 86_400)
        let expired = try await h.expiry.fleet(withinDays: 0)
        #expect(expired.map(\.state) == [.expired])
        let error = await #expect(throws: ServiceError.self) { try await h.expiry.fleet(withinDays: -1) }
        #expect(error?.code == .invalidInput)
    }

    @Test func healthEventsFollowTheCycleAndRejectedCredentials() async throws {
        let h = try await harness(start: "2027-01-01T00:00:00Z")
        try await h.link()
        #expect(try await h.healthEvents.list(organizationID: h.organizationID, statuses: nil).isEmpty)
        h.clock.advance(by: 6 * 86_400)  // T-14d passed
        let upcoming = try await h.healthEvents.list(organizationID: h.organizationID, statuses: nil)
        #expect(upcoming.map(\.eventTypeCode) == ["AWS_A4B_SERVICE_ACCOUNT_PASSWORD_EXPIRING"])
        #expect(upcoming.first?.statusCode == "upcoming")
        #expect(upcoming.first?.startTime == Self.expiry)
        #expect(upcoming.first?.affectedEntities.map(\.entityValue) == ["svc@contoso.com"])
        h.clock.advance(by: 14 * 86_400)  // expired
        _ = try await h.links.setStatus(ExchangeLinkRecord.credentialsRejected, organizationID: h.organizationID, generation: 1,
                                        audit: LinkAuditEntry(organizationID: h.organizationID, actor: "exchange", at: h.clock.now(), action: "status",
                                                              oldUPN: nil, newUPN: nil, outcome: "failed", reason: "BAD_CREDENTIALS"))
        let open = try await h.healthEvents.list(organizationID: h.organizationID, statuses: ["open"])
        #expect(Set(open.map(\.eventTypeCode)) == ["AWS_A4B_SERVICE_ACCOUNT_PASSWORD_EXPIRED", "AWS_A4B_SERVICE_ACCOUNT_CREDENTIALS_REJECTED"])
        let closed = try await h.healthEvents.list(organizationID: h.organizationID, statuses: ["closed"])
        #expect(closed.map(\.endTime) == [Self.expiry])
        try await h.link(upn: "svc2@contoso.com", expires: nil)
        #expect(try await h.healthEvents.list(organizationID: h.organizationID, statuses: ["open", "upcoming"]).isEmpty)
        let error = await #expect(throws: ServiceError.self) { try await h.healthEvents.list(organizationID: h.organizationID, statuses: ["active"]) }
        #expect(error?.code == .invalidInput)
    }

    @Test func withoutARelayNoticesAreHeldInTheOutboxOncePerMessageID() async throws {
        let h = try await harness(start: "2027-01-13T09:00:00Z")
        try await h.link()
        let outbox = SQLOutboxStore(database: h.database)
        let sender = OutboxMailSender(outbox: outbox)
        let notifier = ExpiryNotifier(links: h.links, notices: h.notices, organizations: SQLOrganizationStore(database: h.database), mailer: sender,
                                      healthEvents: h.healthEvents, clock: h.clock, metrics: ExpiryMetrics(), logger: Self.logger)
        #expect(try await notifier.runPass().sent == 1)
        // A repeat after a crash (the same Message-ID) finds its message there.
        let mail = OutgoingMail(organizationID: h.organizationID, to: "svc@contoso.com", subject: "again", text: "again",
                                messageID: "<expiry.\(h.organizationID).g1.T-7d@a4b-calendar>", date: h.clock.now())
        try await sender.send(mail)
        let held = try await outbox.messages(organizationID: h.organizationID, after: nil, limit: 10)
        #expect(held.map(\.deliveryState) == [OutboxMessage.held])
        #expect(held.first?.subject == "Alexa for Business: the password of service account svc@contoso.com expires in 7 days")
        #expect(held.first?.recipient == "svc@contoso.com")
    }
}
