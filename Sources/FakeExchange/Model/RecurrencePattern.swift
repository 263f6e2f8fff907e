// RecurrencePattern: a series' repeat rule (daily, weekly, monthly, yearly) and its range, in local time.
import Foundation

/// How a recurring series repeats. Dates are evaluated in the series' own time zone.
public struct RecurrencePattern: Sendable, Equatable {
    public enum Frequency: String, Sendable, Equatable {
        case daily, weekly, monthly, yearly
    }

    /// How a series ends.
    public enum Range: Sendable, Equatable {
        case noEnd
        /// After this many occurrences.
        case count(Int)
        /// On this local date (inclusive), as year/month/day.
        case until(DateComponents)
    }

    public var frequency: Frequency
    public var interval: Int
    /// Weekdays 1 = Sunday ... 7 = Saturday (Foundation numbering); used by `.weekly`.
    public var daysOfWeek: [Int]
    /// Day of month for `.monthly` and `.yearly` (clamped to the month's last day).
    public var dayOfMonth: Int?
    /// Month (1-12) for `.yearly`.
    public var month: Int?
    public var range: Range

    public init(
        frequency: Frequency, interval: Int = 1, daysOfWeek: [Int] = [], dayOfMonth: Int? = nil, month: Int? = nil,
        range: Range = .noEnd
    ) {
        self.frequency = frequency
        self.interval = max(1, interval)
        self.daysOfWeek = daysOfWeek.sorted()
        self.dayOfMonth = dayOfMonth
        self.month = month
        self.range = range
    }

    /// English weekday names as EWS writes them, indexed by Foundation weekday - 1.
    static let weekdayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]

    /// Foundation weekday for an English name (case-insensitive), or nil.
    static func weekday(named name: String) -> Int? {
        weekdayNames.firstIndex { $0.lowercased() == name.lowercased() }.map { $0 + 1 }
    }

    /// Month number for an English name or a number string, or nil.
    static func month(named name: String) -> Int? {
        if let number = Int(name), (1...12).contains(number) { return number }
        return monthNames.firstIndex { $0.lowercased() == name.lowercased() }.map { $0 + 1 }
    }
}
