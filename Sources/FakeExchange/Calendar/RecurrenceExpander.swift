// RecurrenceExpander: computes a series' occurrences in its own time zone (wall-clock stable across DST).
import Foundation

/// Expands recurring series. Occurrences keep their local wall-clock time in the series' time zone,
/// so a weekly 09:00 America/New_York meeting is 13:00Z in summer and 14:00Z in winter.
/// Deleted occurrences are skipped and exceptions are applied.
enum RecurrenceExpander {
    /// How many pattern slots a series is expanded to, from its start: 20,000 is 54 years of a daily
    /// series. Every lookup walks from the start, and one request may name 100 items; found by
    /// fuzzing: at 200,000, 64 lookups of a series running to 9999 took 16-23 s on a debug build.
    static let maximumIterations = 20_000

    /// Occurrences of `event` that overlap [windowStart, windowEnd] by the CalendarView rule
    /// (end >= windowStart and start < windowEnd), in start order. Empty for non-recurring events.
    static func occurrences(of event: CalendarEvent, overlapping windowStart: Date, _ windowEnd: Date) -> [Occurrence] {
        guard event.recurrence != nil else { return [] }
        var result: [Occurrence] = []
        let latestException = event.exceptions.keys.max() ?? .distantPast
        let limit = max(windowEnd, latestException)
        forEachPatternStart(of: event, through: limit) { index, originalStart in
            guard let occurrence = occurrence(of: event, index: index, originalStart: originalStart) else { return }
            if occurrence.end >= windowStart, occurrence.start < windowEnd { result.append(occurrence) }
        }
        return result.sorted { ($0.start, $0.index) < ($1.start, $1.index) }
    }

    /// The occurrence whose original start is `originalStart`, if the pattern produces it and it is not deleted.
    static func occurrence(of event: CalendarEvent, originalStart wanted: Date) -> Occurrence? {
        var found: Occurrence?
        forEachPatternStart(of: event, through: wanted) { index, originalStart in
            if abs(originalStart.timeIntervalSince(wanted)) < 1 {
                found = occurrence(of: event, index: index, originalStart: originalStart)
            }
        }
        return found
    }

    /// The occurrence at 1-based `index` (EWS InstanceIndex), if it exists and is not deleted.
    static func occurrence(of event: CalendarEvent, index wanted: Int) -> Occurrence? {
        guard wanted >= 1 else { return nil }
        var found: Occurrence?
        forEachPatternStart(of: event, through: .distantFuture, maxIndex: wanted) { index, originalStart in
            if index == wanted { found = occurrence(of: event, index: index, originalStart: originalStart) }
        }
        return found
    }

    /// The first and last non-deleted occurrences; `last` is nil for a series without an end.
    static func bounds(of event: CalendarEvent) -> (first: Occurrence?, last: Occurrence?) {
        guard let pattern = event.recurrence else { return (nil, nil) }
        var first: Occurrence?
        var last: Occurrence?
        let finite: Bool
        switch pattern.range {
        case .noEnd: finite = false
        default: finite = true
        }
        let limit = finite ? Date.distantFuture : event.start.addingTimeInterval(3 * 366 * 86_400)
        forEachPatternStart(of: event, through: limit) { index, originalStart in
            guard let occurrence = occurrence(of: event, index: index, originalStart: originalStart) else { return }
            if first == nil { first = occurrence }
            if finite { last = occurrence }
        }
        return (first, last)
    }

    /// Builds the occurrence for a pattern slot, or nil when it was deleted.
    private static func occurrence(of event: CalendarEvent, index: Int, originalStart: Date) -> Occurrence? {
        if event.deletedOccurrences.contains(originalStart) { return nil }
        if let override = event.exceptions[originalStart] {
            return Occurrence(index: index, originalStart: originalStart, start: override.start, end: override.end, override: override)
        }
        return Occurrence(index: index, originalStart: originalStart, start: originalStart, end: end(of: event, startingAt: originalStart), override: nil)
    }

    /// End of an occurrence starting at `start`: all-day items keep whole local days, others keep the duration.
    static func end(of event: CalendarEvent, startingAt start: Date) -> Date {
        guard event.isAllDay else { return start.addingTimeInterval(event.duration) }
        let calendar = EWSDateTime.gregorian(in: event.timeZone)
        let days = max(1, Int((event.duration / 86_400).rounded()))
        return calendar.date(byAdding: .day, value: days, to: start) ?? start.addingTimeInterval(event.duration)
    }

    /// Calls `body(index, originalStart)` for every pattern slot (deleted ones included) in order,
    /// while the slot starts at or before `limit` and the series range allows it.
    static func forEachPatternStart(
        of event: CalendarEvent, through limit: Date, maxIndex: Int = .max, _ body: (Int, Date) -> Void
    ) {
        guard let pattern = event.recurrence else { return }
        let calendar = EWSDateTime.gregorian(in: event.timeZone)
        let first = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: event.start)
        guard let firstDay = calendar.date(from: DateComponents(year: first.year, month: first.month, day: first.day)) else { return }
        var index = 0
        var iterations = 0

        // Returns false to stop.
        func emit(_ day: Date) -> Bool {
            iterations += 1
            if iterations > maximumIterations { return false }
            let date = calendar.dateComponents([.year, .month, .day], from: day)
            if case let .until(until) = pattern.range,
                (date.year!, date.month!, date.day!) > (until.year ?? 0, until.month ?? 0, until.day ?? 0)
            {
                return false
            }
            let components = DateComponents(
                year: date.year, month: date.month, day: date.day, hour: first.hour, minute: first.minute, second: first.second)
            guard let start = calendar.date(from: components) else { return true }
            if start > limit { return false }
            index += 1
            if case let .count(count) = pattern.range, index > count { return false }
            if index > maxIndex { return false }
            body(index, start)
            return true
        }

        switch pattern.frequency {
        case .daily:
            var step = 0
            while let day = calendar.date(byAdding: .day, value: step * pattern.interval, to: firstDay), emit(day) {
                step += 1
            }
        case .weekly:
            let weekdays = pattern.daysOfWeek.isEmpty ? [first.weekday!] : pattern.daysOfWeek
            guard let weekStart = calendar.date(byAdding: .day, value: -(first.weekday! - 1), to: firstDay) else { return }
            var week = 0
            outer: while let base = calendar.date(byAdding: .day, value: week * 7 * pattern.interval, to: weekStart) {
                for weekday in weekdays {
                    guard let day = calendar.date(byAdding: .day, value: weekday - 1, to: base) else { continue }
                    if day < firstDay { continue }
                    if !emit(day) { break outer }
                }
                week += 1
            }
        case .monthly, .yearly:
            let monthsPerStep = pattern.frequency == .monthly ? pattern.interval : 12 * pattern.interval
            let targetDay = pattern.dayOfMonth ?? first.day!
            var baseMonth = DateComponents(year: first.year, month: first.month, day: 1)
            if pattern.frequency == .yearly, let month = pattern.month {
                baseMonth.month = month
                if month < first.month! { baseMonth.year = first.year! + 1 }
            }
            guard let firstMonth = calendar.date(from: baseMonth) else { return }
            var step = 0
            while let monthStart = calendar.date(byAdding: .month, value: step * monthsPerStep, to: firstMonth) {
                step += 1
                let days = calendar.range(of: .day, in: .month, for: monthStart)?.count ?? 28
                guard let day = calendar.date(byAdding: .day, value: min(targetDay, days) - 1, to: monthStart) else { continue }
                if day < firstDay { continue }
                if !emit(day) { break }
            }
        }
    }
}
