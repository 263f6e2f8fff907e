// WindowResolver: places a date and time slot in a time zone at an instant: the window a read covers, the next-event
// look-ahead, and the start of an event being created or moved.
import Foundation
import TextSupport

/// The meanings of the "Understanding (en-US)", as pure functions of (slots, `now`, zone), so that every
/// caller (REST, Alexa Skills Kit, the mock device) gets the same window.
///
/// Every day boundary is a local midnight found with ``CalendarDay/start(in:)`` (a DST day has 23 or 25 hours; nothing
/// here adds 86 400 seconds to get to the next day). Windows are half-open, `[start, end)`.
public enum WindowResolver {
    /// How far "what's my next meeting" looks ahead, in calendar days.
    public static let nextEventDays = 7

    /// The window a read ("what's on my calendar …") covers.
    ///
    /// - No date: today. A time without a date is on today.
    /// - A day: the whole local day. Today starts at `now` (``TimeWindow/Name/today(remainder:)`` is `true` unless
    ///   `now` is exactly midnight); the next day is ``TimeWindow/Name/tomorrow``; any other day ``TimeWindow/Name/day(_:)``.
    /// - A day and a period (morning 05–12, afternoon 12–17, evening 17–21, night 21–24, tonight 17–24): the period
    ///   of that day, named ``TimeWindow/Name/period(_:of:)`` (``TimeWindow/Name/tonight`` for tonight on today).
    ///   On today the start is clipped to `now`; a period already over is an empty window at its end.
    /// - A day and a clock time: `[that time, +1 hour)`, named ``TimeWindow/Name/hour(_:hour:minute:)``. A clock time
    ///   that names no time of day (25:00) is ignored.
    /// - A week (ISO, Monday to Sunday): the current week is `[now, the next Monday 00:00)` ``TimeWindow/Name/thisWeek``;
    ///   the following one Monday 00:00 to the Monday after ``TimeWindow/Name/nextWeek``; any other ``TimeWindow/Name/week(year:week:)``.
    /// - A weekend: that week's Saturday 00:00 to Monday 00:00; ``TimeWindow/Name/thisWeekend`` when it is the
    ///   weekend of the current ISO week (the coming one on a weekday, the current one on a weekend), then from `now`
    ///   when `now` is inside it.
    /// - A month: the whole month, from `now` when it is the current month.
    /// - Present: `[now, now + 1 hour)`, ``TimeWindow/Name/now``.
    ///
    /// A time slot is only used with a day (weeks, weekends, months and "now" ignore it). Week numbers a year does
    /// not have continue into the next year (`2025-W53` is `2026-W01`); an impossible month or year falls back to
    /// the current one.
    public static func window(date: DateSpec?, time: TimeSpec?, now: Date, timeZone: TimeZone) -> TimeWindow {
        let today = CalendarDay(now, in: timeZone)
        switch date {
        case nil:
            return dayWindow(today, time: time, now: now, timeZone: timeZone)
        case .day(let day):
            return dayWindow(day, time: time, now: now, timeZone: timeZone)
        case .week(let year, let week):
            let monday = self.monday(year: year, week: week, today: today)
            let end = monday.adding(days: 7).start(in: timeZone)
            let currentMonday = mondayOfWeek(containing: today)
            if monday == currentMonday {
                return TimeWindow(start: now, end: end, timeZone: timeZone, name: .thisWeek)
            }
            let name: TimeWindow.Name = monday == currentMonday.adding(days: 7)
                ? .nextWeek
                : .week(year: monday.isoWeek.year, week: monday.isoWeek.week)
            return TimeWindow(start: monday.start(in: timeZone), end: end, timeZone: timeZone, name: name)
        case .weekend(let year, let week):
            let monday = self.monday(year: year, week: week, today: today)
            let saturdayStart = monday.adding(days: 5).start(in: timeZone)
            let end = monday.adding(days: 7).start(in: timeZone)
            if monday == mondayOfWeek(containing: today) {
                return TimeWindow(start: max(saturdayStart, now), end: end, timeZone: timeZone, name: .thisWeekend)
            }
            return TimeWindow(start: saturdayStart, end: end, timeZone: timeZone,
                              name: .weekend(year: monday.isoWeek.year, week: monday.isoWeek.week))
        case .month(let year, let month):
            let first = CalendarDay(year: year, month: min(max(month, 1), 12), day: 1)
                ?? CalendarDay(year: today.year, month: today.month, day: 1)!
            let end = first.adding(days: CivilDays.daysIn(month: first.month, year: first.year)).start(in: timeZone)
            let isCurrent = first.year == today.year && first.month == today.month
            return TimeWindow(start: isCurrent ? now : first.start(in: timeZone), end: end, timeZone: timeZone,
                              name: .month(year: first.year, month: first.month))
        case .present:
            return TimeWindow(start: now, end: now.addingTimeInterval(3600), timeZone: timeZone, name: .now)
        }
    }

    /// The window "what's my next meeting" searches: `now` to the same local time ``nextEventDays`` days later,
    /// named ``TimeWindow/Name/upcoming``.
    public static func nextEventWindow(now: Date, timeZone: TimeZone) -> TimeWindow {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        // Calendar days, not 7 × 86 400 s: across a DST change "7 days from now" is still the same wall-clock time.
        let end = calendar.date(byAdding: .day, value: nextEventDays, to: now) ?? now.addingTimeInterval(Double(nextEventDays) * 86_400)
        return TimeWindow(start: now, end: end, timeZone: timeZone, name: .upcoming)
    }

    /// The start of an event being created, or a moved event's new start: the day (no date: today; "now": today) at
    /// the clock time, in `timeZone`, even if that time has passed (the dialog decides what to say about it).
    ///
    /// nil when the slots are not precise enough: no time, a part of the day ("tomorrow morning"), a clock time that
    /// names no time of day, or a week, weekend or month. "Now" with no time is `now` itself.
    public static func eventStart(date: DateSpec?, time: TimeSpec?, now: Date, timeZone: TimeZone) -> Date? {
        let day: CalendarDay
        switch date {
        case nil: day = CalendarDay(now, in: timeZone)
        case .day(let named): day = named
        case .present:
            guard time != nil else { return now }
            day = CalendarDay(now, in: timeZone)
        case .week, .weekend, .month: return nil
        }
        guard case .clock(let hour, let minute) = time, isClockTime(hour: hour, minute: minute) else { return nil }
        return day.at(hour: hour, minute: minute, in: timeZone)
    }

    // MARK: - Days

    private static func dayWindow(_ day: CalendarDay, time: TimeSpec?, now: Date, timeZone: TimeZone) -> TimeWindow {
        let today = CalendarDay(now, in: timeZone)
        switch time {
        case .clock(let hour, let minute) where isClockTime(hour: hour, minute: minute):
            let start = day.at(hour: hour, minute: minute, in: timeZone)
            return TimeWindow(start: start, end: start.addingTimeInterval(3600), timeZone: timeZone,
                              name: .hour(day, hour: hour, minute: minute))
        case .period(let period):
            let periodStart = boundary(of: day, hour: period.hours.start, in: timeZone)
            let periodEnd = boundary(of: day, hour: period.hours.end, in: timeZone)
            // On today only what is left: from now, or nothing (an empty window at the end) once the period is over.
            let start = day == today ? min(max(periodStart, now), periodEnd) : periodStart
            let name: TimeWindow.Name = period == .tonight && day == today ? .tonight : .period(period, of: day)
            return TimeWindow(start: start, end: periodEnd, timeZone: timeZone, name: name)
        default:
            let dayStart = day.start(in: timeZone)
            let end = day.adding(days: 1).start(in: timeZone)
            if day == today {
                return TimeWindow(start: now, end: end, timeZone: timeZone, name: .today(remainder: now > dayStart))
            }
            let name: TimeWindow.Name = day == today.adding(days: 1) ? .tomorrow : .day(day)
            return TimeWindow(start: dayStart, end: end, timeZone: timeZone, name: name)
        }
    }

    /// `hour`:00 of `day`; 24 is the next day's midnight.
    private static func boundary(of day: CalendarDay, hour: Int, in timeZone: TimeZone) -> Date {
        hour >= 24 ? day.adding(days: 1).start(in: timeZone) : day.at(hour: hour, minute: 0, in: timeZone)
    }

    private static func isClockTime(hour: Int, minute: Int) -> Bool {
        (0...23).contains(hour) && (0...59).contains(minute)
    }

    // MARK: - Weeks

    static func mondayOfWeek(containing day: CalendarDay) -> CalendarDay {
        day.adding(days: 1 - day.isoWeekday)
    }

    /// The Monday of ISO week `week` of `year`; week numbers past the year's last week count on into the next year.
    private static func monday(year: Int, week: Int, today: CalendarDay) -> CalendarDay {
        if let monday = CalendarDay.monday(ofISOWeek: week, year: year) { return monday }
        guard let first = CalendarDay.monday(ofISOWeek: 1, year: year), (1...53).contains(week) else {
            return mondayOfWeek(containing: today)
        }
        return first.adding(days: (week - 1) * 7)
    }
}
