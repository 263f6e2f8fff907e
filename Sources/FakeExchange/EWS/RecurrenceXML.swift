// RecurrenceXML: reading and writing t:Recurrence (pattern plus range) as EWS defines it.
import Foundation
import XMLSupport

/// Converts between `RecurrencePattern` and `t:Recurrence`. Supported patterns: Daily, Weekly,
/// AbsoluteMonthly, AbsoluteYearly; ranges: NoEnd, EndDate, Numbered. Range dates are xs:date with the
/// series zone's offset (`2026-11-25-05:00`).
enum RecurrenceXML {
    static func write(_ pattern: RecurrencePattern, seriesStart: Date, zone: TimeZone, into w: inout XMLWriter) {
        let calendar = EWSDateTime.gregorian(in: zone)
        let startDay = calendar.dateComponents([.year, .month, .day], from: seriesStart)
        w.element("t:Recurrence") { r in
            switch pattern.frequency {
            case .daily:
                r.element("t:DailyRecurrence") { $0.element("t:Interval", text: String(pattern.interval)) }
            case .weekly:
                let days = pattern.daysOfWeek.isEmpty ? [calendar.component(.weekday, from: seriesStart)] : pattern.daysOfWeek
                r.element("t:WeeklyRecurrence") { p in
                    p.element("t:Interval", text: String(pattern.interval))
                    p.element("t:DaysOfWeek", text: days.map { RecurrencePattern.weekdayNames[$0 - 1] }.joined(separator: " "))
                }
            case .monthly:
                r.element("t:AbsoluteMonthlyRecurrence") { p in
                    p.element("t:Interval", text: String(pattern.interval))
                    p.element("t:DayOfMonth", text: String(pattern.dayOfMonth ?? startDay.day!))
                }
            case .yearly:
                r.element("t:AbsoluteYearlyRecurrence") { p in
                    p.element("t:DayOfMonth", text: String(pattern.dayOfMonth ?? startDay.day!))
                    p.element("t:Month", text: RecurrencePattern.monthNames[(pattern.month ?? startDay.month!) - 1])
                }
            }
            let start = EWSDateTime.formatDate(startDay, in: zone)
            switch pattern.range {
            case .noEnd:
                r.element("t:NoEndRecurrence") { $0.element("t:StartDate", text: start) }
            case let .count(count):
                r.element("t:NumberedRecurrence") { range in
                    range.element("t:StartDate", text: start)
                    range.element("t:NumberOfOccurrences", text: String(count))
                }
            case let .until(until):
                r.element("t:EndDateRecurrence") { range in
                    range.element("t:StartDate", text: start)
                    range.element("t:EndDate", text: EWSDateTime.formatDate(until, in: zone))
                }
            }
        }
    }

    /// The range Exchange documents for `Interval` (e.g. DailyRecurrence: "from 1 to 999").
    static let intervals = 1...999

    /// Parses `t:Recurrence`; an unsupported or broken pattern is ErrorCalendarInvalidRecurrence,
    /// and so is an `Interval` outside 1...999 or a `DayOfMonth` outside 1...31 (never trusted
    /// into the expander's arithmetic).
    static func parse(_ element: XMLElementView) -> Result<RecurrencePattern, EWSItemError> {
        let t = EWSNamespace.types
        var pattern: RecurrencePattern?
        func int(_ parent: XMLElementView, _ name: String) -> Int? {
            parent.firstChild(t, name).flatMap { Int($0.trimmedText) }
        }
        func interval(_ parent: XMLElementView) -> Int? {
            guard let value = int(parent, "Interval") else { return parent.firstChild(t, "Interval") == nil ? 1 : nil }
            return intervals.contains(value) ? value : nil
        }
        func dayOfMonth(_ parent: XMLElementView) -> Int?? {
            guard let element = parent.firstChild(t, "DayOfMonth") else { return .some(nil) }
            guard let value = Int(element.trimmedText), (1...31).contains(value) else { return nil }
            return .some(value)
        }
        for child in element.children {
            guard child.namespaceURI == t else { return .failure(invalid("unexpected element \(child.localName)")) }
            switch child.localName {
            case "DailyRecurrence":
                guard let interval = interval(child) else { return .failure(invalid("Interval must be 1 to 999")) }
                pattern = RecurrencePattern(frequency: .daily, interval: interval)
            case "WeeklyRecurrence":
                let names = child.firstChild(t, "DaysOfWeek")?.trimmedText.split(separator: " ").map(String.init) ?? []
                let days = names.compactMap { RecurrencePattern.weekday(named: $0) }
                guard days.count == names.count else { return .failure(invalid("unknown day in DaysOfWeek")) }
                guard let interval = interval(child) else { return .failure(invalid("Interval must be 1 to 999")) }
                // The fake's weeks start on Sunday; another first day changes only series of every N > 1 weeks.
                if let first = child.firstChild(t, "FirstDayOfWeek")?.trimmedText, first != "Sunday", interval > 1 {
                    return .failure(invalid("the fake counts weeks from Sunday and cannot keep FirstDayOfWeek \(first) with Interval \(interval)"))
                }
                pattern = RecurrencePattern(frequency: .weekly, interval: interval, daysOfWeek: days)
            case "AbsoluteMonthlyRecurrence":
                guard let interval = interval(child) else { return .failure(invalid("Interval must be 1 to 999")) }
                guard let day = dayOfMonth(child) else { return .failure(invalid("DayOfMonth must be 1 to 31")) }
                pattern = RecurrencePattern(frequency: .monthly, interval: interval, dayOfMonth: day)
            case "AbsoluteYearlyRecurrence":
                let month = child.firstChild(t, "Month").flatMap { RecurrencePattern.month(named: $0.trimmedText) }
                guard let day = dayOfMonth(child) else { return .failure(invalid("DayOfMonth must be 1 to 31")) }
                pattern = RecurrencePattern(frequency: .yearly, dayOfMonth: day, month: month)
            case "NoEndRecurrence":
                pattern?.range = .noEnd
            case "NumberedRecurrence":
                guard let count = int(child, "NumberOfOccurrences"), count >= 1 else { return .failure(invalid("bad NumberOfOccurrences")) }
                pattern?.range = .count(count)
            case "EndDateRecurrence":
                guard let text = child.firstChild(t, "EndDate")?.trimmedText, let date = EWSDateTime.parseDate(text) else {
                    return .failure(invalid("bad EndDate"))
                }
                pattern?.range = .until(date)
            case "RelativeMonthlyRecurrence", "RelativeYearlyRecurrence", "DailyRegeneration", "WeeklyRegeneration",
                "MonthlyRegeneration", "YearlyRegeneration":
                return .failure(invalid("the fake does not support \(child.localName)"))
            default:
                return .failure(invalid("the fake does not know the recurrence element \(child.localName)"))
            }
        }
        guard let pattern else { return .failure(invalid("no recurrence pattern")) }
        return .success(pattern)
    }

    /// The `StartDate` of the recurrence range, when given and well formed.
    static func startDate(_ element: XMLElementView) -> DateComponents? {
        let t = EWSNamespace.types
        for range in ["NoEndRecurrence", "NumberedRecurrence", "EndDateRecurrence"] {
            if let text = element.firstChild(t, range)?.firstChild(t, "StartDate")?.trimmedText {
                return EWSDateTime.parseDate(text)
            }
        }
        return nil
    }

    /// Nil when `startDate` (the range's StartDate) is the local date of `start` in `zone`: the fake
    /// starts a series at its item's Start and cannot keep a range that begins on another day.
    static func checkStartDate(_ startDate: DateComponents?, start: Date, zone: TimeZone) -> EWSItemError? {
        guard let startDate else { return nil }
        let local = EWSDateTime.gregorian(in: zone).dateComponents([.year, .month, .day], from: start)
        guard local.year == startDate.year, local.month == startDate.month, local.day == startDate.day else {
            return invalid("the range's StartDate must be the date of the item's Start in fake-exchange")
        }
        return nil
    }

    private static func invalid(_ reason: String) -> EWSItemError {
        EWSItemError(code: "ErrorCalendarInvalidRecurrence", text: "The recurrence pattern is invalid: \(reason).")
    }
}
