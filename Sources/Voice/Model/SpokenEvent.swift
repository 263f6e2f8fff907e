// SpokenEvent: a calendar event as speech needs it (the voice use case maps EWS events to these).
import Foundation

/// One event to be read out. `isPrivate` events are read as "a private appointment", never by subject.
public struct SpokenEvent: Hashable, Sendable {
    public var subject: String
    public var start: Date
    public var end: Date
    public var isAllDay: Bool
    public var location: String?
    public var isPrivate: Bool

    public init(subject: String, start: Date, end: Date, isAllDay: Bool = false, location: String? = nil, isPrivate: Bool = false) {
        self.subject = subject
        self.start = start
        self.end = end
        self.isAllDay = isAllDay
        self.location = location
        self.isPrivate = isPrivate
    }
}
