// CalendarView: the events of a time window, as the client returns them.
import Foundation

/// The events of a time window, in start order, and whether the window held more than was returned.
public struct CalendarView: Sendable, Equatable {
    public let events: [CalendarEvent]
    /// Events the window holds in all (more than `events.count` when the maximum truncated it).
    public let totalInWindow: Int
    public let includesLast: Bool
}
