// ExpiryMetrics: the password-expiry figures /metrics shows: notices sent and failed, passwords expiring and expired.
import Synchronization

/// Counters since start, and the gauges the last scheduler pass measured.
public final class ExpiryMetrics: Sendable {
    private struct Figures {
        var sent = 0
        var failed = 0
        var expiring = 0
        var expired = 0
    }

    private let figures = Mutex(Figures())

    public init() {}

    func noticeSent() { figures.withLock { $0.sent += 1 } }
    func noticeFailed() { figures.withLock { $0.failed += 1 } }
    func links(expiring: Int, expired: Int) { figures.withLock { $0.expiring = expiring; $0.expired = expired } }

    /// Prometheus text format.
    public func render() -> String {
        let snapshot = figures.withLock { $0 }
        return """
            # HELP a4b_expiry_notices_sent_total Password-expiry notices delivered (to the SMTP relay or the outbox).
            # TYPE a4b_expiry_notices_sent_total counter
            a4b_expiry_notices_sent_total \(snapshot.sent)
            # HELP a4b_expiry_notices_failed_total Failed attempts to deliver a password-expiry notice (each is retried).
            # TYPE a4b_expiry_notices_failed_total counter
            a4b_expiry_notices_failed_total \(snapshot.failed)
            # HELP a4b_service_account_passwords_expiring Linked service accounts whose password expires within 14 days (at the last scheduler pass).
            # TYPE a4b_service_account_passwords_expiring gauge
            a4b_service_account_passwords_expiring \(snapshot.expiring)
            # HELP a4b_service_account_passwords_expired Linked service accounts whose password has expired (at the last scheduler pass).
            # TYPE a4b_service_account_passwords_expired gauge
            a4b_service_account_passwords_expired \(snapshot.expired)

            """
    }
}
