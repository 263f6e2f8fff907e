// CalendarDay: a date on the Gregorian calendar with no time and no zone (what AMAZON.DATE names).
import Foundation
import TextSupport

/// A day as people name it: 2026-12-03. Arithmetic is on the proleptic Gregorian calendar; where a day starts
/// and ends depends on a time zone (see ``start(in:)``).
public struct CalendarDay: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// nil when the fields name no real day (2026-02-30).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), (1...CivilDays.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The day `date` falls on in `timeZone`.
    public init(_ date: Date, in timeZone: TimeZone) {
        self.init(daysSince1970: CivilDays.split(seconds: Self.localSeconds(date, in: timeZone)).days)
    }

    /// The day `days` after 1970-01-01.
    init(daysSince1970 days: Int) {
        (year, month, day) = CivilDays.date(days: days)
    }

    /// Days from 1970-01-01 to this day.
    var daysSince1970: Int { CivilDays.days(year: year, month: month, day: day) }

    /// `date` as seconds since 1970-01-01 00:00 on the wall clock of `timeZone` (its offset at that instant added).
    static func localSeconds(_ date: Date, in timeZone: TimeZone) -> Int {
        Int(date.timeIntervalSince1970.rounded(.down)) + timeZone.secondsFromGMT(for: date)
    }

    /// `2026-12-03`.
    public var description: String {
        String(year, zeroPaddedTo: 4) + "-" + String(month, zeroPaddedTo: 2) + "-" + String(day, zeroPaddedTo: 2)
    }

    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// Midnight at the start of this day in `timeZone` (the first instant of the day where midnight is skipped).
    public func start(in timeZone: TimeZone) -> Date {
        let calendar = Self.calendar(timeZone)
        return calendar.startOfDay(for: calendar.date(from: DateComponents(year: year, month: month, day: day, hour: 12))!)
    }

    /// This day's `hour`:`minute` in `timeZone`; on a DST gap, the first valid instant after it.
    public func at(hour: Int, minute: Int, in timeZone: TimeZone) -> Date {
        let calendar = Self.calendar(timeZone)
        return calendar.date(bySettingHour: hour, minute: minute, second: 0, of: start(in: timeZone), matchingPolicy: .nextTime)
            ?? start(in: timeZone).addingTimeInterval(TimeInterval(hour * 3600 + minute * 60))
    }

    public func adding(days: Int) -> CalendarDay {
        CalendarDay(daysSince1970: daysSince1970 + days)
    }

    /// 1 = Monday … 7 = Sunday (ISO 8601).
    public var isoWeekday: Int { CivilDays.isoWeekday(days: daysSince1970) }

    /// The ISO 8601 week this day is in: (week-based year, week number 1…53).
    public var isoWeek: (year: Int, week: Int) {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.yearForWeekOfYear, .weekOfYear], from: start(in: TimeZone(identifier: "UTC")!))
        return (parts.yearForWeekOfYear!, parts.weekOfYear!)
    }

    /// The Monday of ISO week `week` of `year`; nil when that year has no such week.
    public static func monday(ofISOWeek week: Int, year: Int) -> CalendarDay? {
        guard (1...53).contains(week) else { return nil }
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let date = calendar.date(from: DateComponents(weekday: 2, weekOfYear: week, yearForWeekOfYear: year)) else { return nil }
        let monday = CalendarDay(date, in: calendar.timeZone)
        return monday.isoWeek == (year, week) ? monday : nil
    }

    static func calendar(_ timeZone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }
}
