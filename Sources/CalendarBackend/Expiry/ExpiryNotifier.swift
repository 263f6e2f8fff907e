// ExpiryNotifier: one scheduler pass over every link whose password expires within 14 days (or has expired):
// record the notice now due, then deliver every pending notice, exactly once.
import Foundation
import Logging
import Storage
import Synchronization

/// What one pass did.
public struct ExpiryPassReport: Sendable, Equatable, Encodable {
    /// Notices newly recorded as due (`orgId/T-7d`).
    public var recorded: [String] = []
    public var sent = 0
    public var failed = 0
    /// Pending notices of older cycles dropped (never sent).
    public var superseded = 0
}

/// The scheduler's work, run by `serve` every `--notify-interval`, by `notify --once`, and after each test-clock move.
///
/// Exactly once: a notice is recorded in the ledger (pending) before any delivery, claimed by one sender per attempt,
/// and marked sent after the relay took it; a failed attempt is retried with back-off. The mail carries a Message-ID
/// derived from the notice's key, so the one window no sender can close (a crash after the relay's 250, before the
/// ledger write) repeats the same message, which the receiving store drops.
///
/// Only the most recent due notice of a cycle is recorded: a service that was down across several thresholds sends
/// one current notice when it returns, not a burst. A notice recorded but not yet delivered (the relay is down) is
/// still delivered, once, when the relay is back.
public struct ExpiryNotifier: Sendable {
    public struct Settings: Sendable {
        /// How long one delivery attempt holds its claim; a sender that dies leaves the notice to others after it.
        public var claim: TimeInterval = 300
        /// Back-off after the first failed attempt, doubled for each further one, up to `maxRetryDelay`.
        public var firstRetryDelay: TimeInterval = 60
        public var maxRetryDelay: TimeInterval = 3600
        /// Most notices delivered in one pass (the rest wait for the next).
        public var batch = 500

        public init() {}
    }

    let links: any ExchangeLinkStore
    let notices: any ExpiryNoticeStore
    let organizations: any OrganizationStore
    let mailer: any MailSender
    let healthEvents: HealthEventService
    let clock: any WallClock
    let metrics: ExpiryMetrics
    let settings: Settings
    let logger: Logger
    private let passes = SerialPasses()

    public init(links: any ExchangeLinkStore, notices: any ExpiryNoticeStore, organizations: any OrganizationStore, mailer: any MailSender,
                healthEvents: HealthEventService, clock: any WallClock, metrics: ExpiryMetrics, settings: Settings = Settings(), logger: Logger) {
        self.links = links
        self.notices = notices
        self.organizations = organizations
        self.mailer = mailer
        self.healthEvents = healthEvents
        self.clock = clock
        self.metrics = metrics
        self.settings = settings
        self.logger = logger
    }

    /// The Message-ID of a notice: the same for every attempt, in every process.
    static func messageID(organizationID: String, generation: Int, notice: ExpiryNotice) -> String {
        "<expiry.\(organizationID).g\(generation).\(notice)@a4b-calendar>"
    }

    /// Runs one pass at the clock's time. Passes of this notifier run one after another, never together (a clock move
    /// waits for the pass in progress, then runs its own).
    public func runPass() async throws -> ExpiryPassReport {
        try await passes.run { [clock] in
            // Another replica may have moved the test clock: every pass starts from the time in the database.
            await clock.refresh()
            return try await pass(now: clock.now().roundedToSeconds)
        }
    }

    private func pass(now: Date) async throws -> ExpiryPassReport {
        var report = ExpiryPassReport()
        let due = try await links.links(passwordExpiringBy: now.addingTimeInterval(Double(PasswordExpirySchedule.warningDays[0]) * 86_400))
        metrics.links(expiring: due.filter { ($0.passwordExpiresAt ?? now) > now }.count,
                      expired: due.filter { ($0.passwordExpiresAt ?? now) <= now }.count)
        // Pending notices of an older cycle are superseded where delivery finds them, not here: one write per
        // due link and pass would cost more than the rare stale notice.
        for link in due {
            guard let expiresAt = link.passwordExpiresAt else { continue }
            let schedule = PasswordExpirySchedule(expiresAt: expiresAt)
            if let notice = schedule.latestDue(at: now) {
                let recorded = try await notices.recordPending(ExpiryNoticeRecord(
                    organizationID: link.organizationID, linkGeneration: link.generation, notice: notice.description,
                    dueAt: schedule.dueAt(notice), recipient: link.notificationEmail ?? link.upn,
                    messageID: Self.messageID(organizationID: link.organizationID, generation: link.generation, notice: notice),
                    nextAttemptAt: now, createdAt: now))
                if recorded { report.recorded.append("\(link.organizationID)/\(notice)") }
            }
            do {
                try await healthEvents.reconcile(organizationID: link.organizationID, link: link)
            } catch {
                logger.warning("updating health events failed", metadata: ["organization": "\(link.organizationID)", "error": "\(error)"])
            }
        }
        for record in try await notices.pending(dueBy: now, limit: settings.batch) {
            switch try await deliver(record, now: now) {
            case .sent: report.sent += 1
            case .failed: report.failed += 1
            case .superseded: report.superseded += 1
            case .taken: break
            }
        }
        return report
    }

    private enum Outcome { case sent, failed, superseded, taken }

    private func deliver(_ record: ExpiryNoticeRecord, now: Date) async throws -> Outcome {
        let organizationID = record.organizationID
        // A notice of a cycle that ended (rotation, new expiry, unlink) is never sent.
        let link = try await links.link(organizationID: organizationID)
        guard let link, link.generation == record.linkGeneration, let expiresAt = link.passwordExpiresAt,
              let notice = ExpiryNotice(record.notice) else {
            return try await notices.supersede(organizationID: organizationID, before: link?.generation ?? .max) > 0 ? .superseded : .taken
        }
        guard try await notices.claim(organizationID: organizationID, linkGeneration: record.linkGeneration, notice: record.notice,
                                      now: now, until: now.addingTimeInterval(settings.claim)) else {
            return .taken  // another sender has it
        }
        let organization = try await organizations.organization(id: organizationID)
        let mail = ExpiryMail(notice: notice, upn: link.upn, expiresAt: expiresAt, organizationID: organizationID,
                              organizationName: organization?.name ?? organizationID, timeZone: organization?.timeZone ?? "UTC")
        let metadata: Logger.Metadata = ["organization": "\(organizationID)", "notice": "\(record.notice)", "generation": "\(record.linkGeneration)",
                                         "via": "\(mailer.description)"]
        do {
            try await mailer.send(OutgoingMail(organizationID: organizationID, to: record.recipient, subject: mail.subject, text: mail.text,
                                               messageID: record.messageID, date: now))
        } catch {
            let delay = min(settings.maxRetryDelay, settings.firstRetryDelay * pow(2, Double(min(record.attempts, 20))))
            let retryAt = now.addingTimeInterval(delay)
            _ = try await notices.markFailed(organizationID: organizationID, linkGeneration: record.linkGeneration, notice: record.notice,
                                             error: "\(error)", retryAt: retryAt)
            metrics.noticeFailed()
            logger.warning("password-expiry notice not delivered; will retry", metadata: metadata.merging([
                "error": "\(error)", "attempt": "\(record.attempts + 1)", "retry_at": "\(retryAt.formatted(.iso8601))",
            ]) { $1 })
            return .failed
        }
        _ = try await notices.markSent(organizationID: organizationID, linkGeneration: record.linkGeneration, notice: record.notice, at: now)
        metrics.noticeSent()
        logger.info("password-expiry notice sent", metadata: metadata)
        return .sent
    }
}

/// Runs operations one at a time, in the order they were asked for.
private final class SerialPasses: Sendable {
    private let tail = Mutex<Task<Void, Never>?>(nil)

    func run<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        let task = tail.withLock { tail -> Task<T, any Error> in
            let previous = tail
            let task = Task<T, any Error> {
                await previous?.value
                return try await operation()
            }
            tail = Task { _ = try? await task.value }
            return task
        }
        return try await task.value
    }
}
