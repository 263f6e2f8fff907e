// TimeWindow: the span of time a query covers, and how speech names it.
import Foundation

/// `[start, end)`, computed in `timeZone`, with the words speech uses for it.
public struct TimeWindow: Hashable, Sendable {
    /// How the window is named in speech.
    public enum Name: Hashable, Sendable {
        /// "today"; `remainder`: the window starts now, not at midnight ("for the rest of today").
        case today(remainder: Bool)
        case tonight
        case tomorrow
        /// "on Friday" (within the coming week) or "on Friday, December 4th".
        case day(CalendarDay)
        /// A part of a named day: "this morning", "tomorrow afternoon", "Friday evening".
        case period(DayPeriod, of: CalendarDay)
        /// Around an hour: "at 3 PM today".
        case hour(CalendarDay, hour: Int, minute: Int)
        case thisWeek
        case nextWeek
        case week(year: Int, week: Int)
        case thisWeekend
        case weekend(year: Int, week: Int)
        case month(year: Int, month: Int)
        /// "right now".
        case now
        /// The next event: up to 7 days ahead.
        case upcoming
    }

    public var start: Date
    public var end: Date
    public var timeZone: TimeZone
    public var name: Name

    public init(start: Date, end: Date, timeZone: TimeZone, name: Name) {
        self.start = start
        self.end = end
        self.timeZone = timeZone
        self.name = name
    }
}
