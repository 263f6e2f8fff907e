// ExpiryNotice: one of the warnings about a service-account password: T-14d, T-7d, T-3d, T-1d before it expires,
// then expired-day-N for each day after.

/// A notice of the password-expiry cycle, named as the ledger and the API name it (`T-7d`, `expired-day-0`).
public enum ExpiryNotice: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Due `days` × 24 hours before the expiry; `days` is one of ``PasswordExpirySchedule/warningDays``.
    case before(days: Int)
    /// Due `day` × 24 hours after the expiry (day 0 at the expiry itself).
    case expired(day: Int)

    /// `T-14d` … `T-1d`, `expired-day-0`, `expired-day-1`, …
    public var description: String {
        switch self {
        case .before(let days): "T-\(days)d"
        case .expired(let day): "expired-day-\(day)"
        }
    }

    /// The notice a ledger key names; nil for anything else.
    public init?(_ key: String) {
        if let days = PasswordExpirySchedule.warningDays.first(where: { key == "T-\($0)d" }) {
            self = .before(days: days)
        } else if key.hasPrefix("expired-day-"), let day = Int(key.dropFirst("expired-day-".count)), day >= 0, key == "expired-day-\(day)" {
            self = .expired(day: day)
        } else {
            return nil
        }
    }

    /// Hours from the expiry to when the notice is due (negative before it).
    var offsetHours: Int {
        switch self {
        case .before(let days): -24 * days
        case .expired(let day): 24 * day
        }
    }

    /// In the order they fall due.
    public static func < (lhs: ExpiryNotice, rhs: ExpiryNotice) -> Bool { lhs.offsetHours < rhs.offsetHours }
}
