// PasswordExpirySchedule: when each notice of a password's expiry falls due, which one a pass sends, and how the
// password stands (days left, ok / expiring / expired). Pure: the same expiry and `now` give the same answers.
import Foundation

/// The notices of one password-expiry cycle: warnings 14, 7, 3 and 1 days (of 24 hours) before `expiresAt`, then one
/// per day from `expiresAt` on, without end (until the link is rotated or given a new expiry, which is a new cycle).
///
/// A pass sends only the most recent notice that is due (``latestDue(at:)``): a service that was down across several
/// thresholds sends one current warning when it returns, not a burst of stale ones.
public struct PasswordExpirySchedule: Hashable, Sendable {
    /// The warnings before expiry, in days, in the order they fall due.
    public static let warningDays = [14, 7, 3, 1]
    private static let day: TimeInterval = 86_400

    public let expiresAt: Date

    public init(expiresAt: Date) {
        self.expiresAt = expiresAt
    }

    public func dueAt(_ notice: ExpiryNotice) -> Date {
        expiresAt.addingTimeInterval(TimeInterval(notice.offsetHours) * 3600)
    }

    /// The most recent notice due at `now` (due at or before it); nil before the first warning.
    public func latestDue(at now: Date) -> ExpiryNotice? {
        let sinceExpiry = now.timeIntervalSince(expiresAt)
        if sinceExpiry >= 0 {
            // Whole days since the expiry; a far-off `now` is clamped so the day number always fits an Int.
            return .expired(day: Int(min((sinceExpiry / Self.day).rounded(.down), 1e9)))
        }
        // The warnings are in the order they fall due, so the last one due is the most recent.
        return Self.warningDays.map { ExpiryNotice.before(days: $0) }.last { dueAt($0) <= now }
    }

    /// Every notice due at or before `now`, in the order they fell due (what a status view lists).
    public func due(through now: Date) -> [ExpiryNotice] {
        guard let latest = latestDue(at: now) else { return [] }
        let warnings = Self.warningDays.map { ExpiryNotice.before(days: $0) }.filter { $0 <= latest }
        guard case .expired(let last) = latest else { return warnings }
        return warnings + (0...last).map { ExpiryNotice.expired(day: $0) }
    }

    /// The first notice due after `now`: the next warning, or the next day's expired notice.
    public func next(after now: Date) -> ExpiryNotice? {
        let warnings = Self.warningDays.map { ExpiryNotice.before(days: $0) }
        if let warning = warnings.first(where: { dueAt($0) > now }) { return warning }
        // Every warning is due, so the expiry is next, or the day after the latest expired notice.
        guard case .expired(let day)? = latestDue(at: now) else { return .expired(day: 0) }
        return day < 1_000_000_000 ? .expired(day: day + 1) : nil
    }

    /// Whole days (of 24 hours) left until the expiry, rounded down: 14 at exactly T-14d, 0 in its last day,
    /// -1 in the first day after it.
    public func daysLeft(at now: Date) -> Int {
        Int(max(min((expiresAt.timeIntervalSince(now) / Self.day).rounded(.down), 1e9), -1e9))
    }

    /// How the password stands at `now`.
    public func state(at now: Date) -> ExpiryState {
        if now >= expiresAt { return .expired }
        return now >= dueAt(.before(days: Self.warningDays[0])) ? .expiring : .ok
    }
}

/// How a service-account password stands: `unknown` when no expiry is recorded.
public enum ExpiryState: String, Sendable, Codable {
    case ok, expiring, expired, unknown
}
