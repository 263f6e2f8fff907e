// SpokenCalendar: how en-US speech says days, clock times and durations, relative to one "today" in one zone.
import Foundation
import TextSupport

/// Words for days and times as seen from `now` in `timeZone` (the zone the window was computed in).
///
/// Days: "today", "tomorrow", a bare weekday name for the 2nd to 6th day ahead (the coming week, where a weekday
/// name is unambiguous), otherwise the full "Friday, December 4th" (with ", 2027" only when the day is in another
/// year and more than 90 days away). Times: the 12-hour clock, "9 AM", "12:30 PM", with "noon" and "midnight".
/// Month and weekday names are fixed English words, not the machine's locale.
struct SpokenCalendar {
    enum Relation: Equatable {
        case today, tomorrow, weekday, dated
    }

    let timeZone: TimeZone
    let today: CalendarDay

    init(now: Date, timeZone: TimeZone) {
        self.timeZone = timeZone
        today = CalendarDay(now, in: timeZone)
    }

    static let weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    static let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                         "October", "November", "December"]

    // MARK: - Days

    func day(of date: Date) -> CalendarDay {
        CalendarDay(date, in: timeZone)
    }

    func relation(_ day: CalendarDay) -> Relation {
        switch Self.daysBetween(today, day) {
        case 0: .today
        case 1: .tomorrow
        case 2...6: .weekday
        default: .dated
        }
    }

    /// "today", "tomorrow", "Friday", "Friday, December 4th".
    func bare(_ day: CalendarDay) -> String {
        switch relation(day) {
        case .today: "today"
        case .tomorrow: "tomorrow"
        case .weekday: Self.weekdays[day.isoWeekday - 1]
        case .dated: full(day)
        }
    }

    /// "today", "tomorrow", "on Friday", "on Friday, December 4th".
    func on(_ day: CalendarDay) -> String {
        switch relation(day) {
        case .today, .tomorrow: bare(day)
        case .weekday, .dated: "on " + bare(day)
        }
    }

    /// "Friday, December 4th" whatever the day's distance (cards, and days too far for a weekday name).
    func full(_ day: CalendarDay) -> String {
        Self.weekdays[day.isoWeekday - 1] + ", " + monthDay(day)
    }

    /// "December 4th" (", 2027" as in ``full(_:)``).
    func monthDay(_ day: CalendarDay) -> String {
        let base = Self.months[day.month - 1] + " " + Self.ordinal(day.day)
        return speaksYear(of: day) ? base + ", \(day.year)" : base
    }

    /// "December" or "December 2027" (the year when it is not this year and more than 3 months away).
    func month(year: Int, month: Int) -> String {
        let name = Self.months[min(max(month, 1), 12) - 1]
        let distance = abs((year - today.year) * 12 + month - today.month)
        return year != today.year && distance > 3 ? "\(name) \(year)" : name
    }

    private func speaksYear(of day: CalendarDay) -> Bool {
        day.year != today.year && abs(Self.daysBetween(today, day)) > 90
    }

    /// A day and a clock time without a preposition before the day: "tomorrow at 9 AM", "Friday at noon",
    /// "Friday, December 11th, at 9 AM" (a comma closes a date before "at").
    func bare(_ day: CalendarDay, at clock: String) -> String {
        bare(day) + (relation(day) == .dated ? ", at " : " at ") + clock
    }

    /// The same with "on": "tomorrow at 9 AM", "on Friday at noon", "on Friday, December 11th, at 9 AM".
    func on(_ day: CalendarDay, at clock: String) -> String {
        on(day) + (relation(day) == .dated ? ", at " : " at ") + clock
    }

    // MARK: - Times

    /// "9 AM", "12:30 PM", "noon", "midnight" for `date` in the zone (seconds are not spoken).
    func clock(_ date: Date) -> String {
        let (hour, minute) = hourAndMinute(date)
        return Self.clock(hour: hour, minute: minute)
    }

    /// The card's clock: like ``clock(_:)`` but "12 PM" and "12 AM" (a list reads better with digits throughout).
    func cardClock(_ date: Date) -> String {
        let (hour, minute) = hourAndMinute(date)
        return Self.clock(hour: hour, minute: minute, namesNoonAndMidnight: false)
    }

    /// The wall-clock hour and minute of `date` in the zone.
    private func hourAndMinute(_ date: Date) -> (hour: Int, minute: Int) {
        let secondOfDay = CivilDays.split(seconds: CalendarDay.localSeconds(date, in: timeZone)).secondOfDay
        return (secondOfDay / 3600, secondOfDay / 60 % 60)
    }

    static func clock(hour: Int, minute: Int, namesNoonAndMidnight: Bool = true) -> String {
        if namesNoonAndMidnight && minute == 0 && hour == 12 { return "noon" }
        if namesNoonAndMidnight && minute == 0 && (hour == 0 || hour == 24) { return "midnight" }
        let hour12 = hour % 12 == 0 ? 12 : hour % 12
        let suffix = hour % 24 < 12 ? "AM" : "PM"
        return minute == 0 ? "\(hour12) \(suffix)" : "\(hour12):\(minute < 10 ? "0" : "")\(minute) \(suffix)"
    }

    // MARK: - Numbers

    /// 1st 2nd 3rd 4th … 11th 12th 13th … 21st 22nd 23rd … 31st.
    static func ordinal(_ n: Int) -> String {
        if (11...13).contains(n % 100) { return "\(n)th" }
        switch n % 10 {
        case 1: return "\(n)st"
        case 2: return "\(n)nd"
        case 3: return "\(n)rd"
        default: return "\(n)th"
        }
    }

    /// "for 30 minutes", "for an hour", "for an hour and a half", "for 2 hours", "for 2 and a half hours",
    /// "for an hour and 15 minutes", "for 1 minute", "for less than a minute" (rounded to the minute).
    static func duration(seconds: Int) -> String {
        let minutes = max(0, Int((Double(seconds) / 60).rounded()))
        let (hours, rest) = (minutes / 60, minutes % 60)
        if minutes == 0 { return "for less than a minute" }
        func minutesWords(_ m: Int) -> String { m == 1 ? "1 minute" : "\(m) minutes" }
        if hours == 0 { return "for " + minutesWords(rest) }
        let hoursWords = hours == 1 ? "an hour" : "\(hours) hours"
        switch rest {
        case 0: return "for " + hoursWords
        case 30: return hours == 1 ? "for an hour and a half" : "for \(hours) and a half hours"
        default: return "for " + hoursWords + " and " + minutesWords(rest)
        }
    }

    /// Whole days from `a` to `b` (negative when `b` is earlier), by the civil-days count (no zone involved).
    static func daysBetween(_ a: CalendarDay, _ b: CalendarDay) -> Int {
        b.daysSince1970 - a.daysSince1970
    }
}
