// CalendarViewQuery: the CalendarView rules: overlap, expansion, ordering, truncation, the two-year limit.
import Foundation

/// A CalendarView over one calendar. Items overlap the window when `end >= startDate` and
/// `start < endDate`; series are expanded into occurrences and masters are hidden; results are in
/// start order; `maxEntries` truncates and then `includesLastItemInRange` is false.
struct CalendarViewQuery: Sendable {
    var startDate: Date
    var endDate: Date
    var maxEntries: Int?

    /// The longest window Exchange accepts (two years; leap days tolerated).
    static let maximumSpan: TimeInterval = (2 * 365 + 1) * 86_400

    enum Failure: Error, Equatable {
        case endBeforeStart
        case rangeTooBig
    }

    struct Result {
        var items: [CalendarItemInstance]
        var totalItemsInView: Int
        var includesLastItemInRange: Bool
    }

    /// Checks the window rules (EWS: ErrorCalendarEndDateIsEarlierThanStartDate, ErrorCalendarViewRangeTooBig).
    func validate() -> Failure? {
        if endDate < startDate { return .endBeforeStart }
        if endDate.timeIntervalSince(startDate) > Self.maximumSpan { return .rangeTooBig }
        return nil
    }

    /// Runs the view over `events` of `owner`.
    func run(owner: Mailbox, events: [CalendarEvent]) -> Result {
        var all: [CalendarItemInstance] = []
        for event in events {
            if event.recurrence == nil {
                if event.end >= startDate, event.start < endDate {
                    all.append(CalendarItemInstance(owner: owner, event: event, occurrence: nil))
                }
            } else {
                for occurrence in RecurrenceExpander.occurrences(of: event, overlapping: startDate, endDate) {
                    all.append(CalendarItemInstance(owner: owner, event: event, occurrence: occurrence))
                }
            }
        }
        all.sort { lhs, rhs in
            if lhs.start != rhs.start { return lhs.start < rhs.start }
            if lhs.end != rhs.end { return lhs.end < rhs.end }
            return lhs.event.number < rhs.event.number
        }
        let total = all.count
        if let maxEntries, maxEntries >= 0, total > maxEntries {
            return Result(items: Array(all.prefix(maxEntries)), totalItemsInView: total, includesLastItemInRange: false)
        }
        return Result(items: all, totalItemsInView: total, includesLastItemInRange: true)
    }
}
