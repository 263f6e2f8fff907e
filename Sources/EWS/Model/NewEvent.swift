// NewEvent: an event to create through EWS.
import Foundation

/// An event to create.
public struct NewEvent: Sendable {
    public var subject: String
    public var start: Date
    public var end: Date
    public var isAllDay: Bool
    public var location: String?
    public var body: String?
    /// SMTP addresses to invite; invitations are sent only when there are some.
    public var attendees: [String]
    /// The creation time zone (Windows id, e.g. `Pacific Standard Time`); it pins all-day events.
    public var timeZoneID: String?

    public init(subject: String, start: Date, end: Date, isAllDay: Bool = false, location: String? = nil,
                body: String? = nil, attendees: [String] = [], timeZoneID: String? = nil) {
        self.subject = subject
        self.start = start
        self.end = end
        self.isAllDay = isAllDay
        self.location = location
        self.body = body
        self.attendees = attendees
        self.timeZoneID = timeZoneID
    }
}
