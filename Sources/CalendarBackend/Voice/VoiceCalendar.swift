// VoiceCalendar: the calendar operations voice needs, on one user's mailbox through the organization's link.
import Foundation

/// A calendar event as voice reads and changes it.
public struct VoiceEvent: Sendable, Equatable, Codable {
    public var id: String
    /// EWS's ChangeKey: an update or delete names the version it acts on.
    public var changeKey: String?
    public var subject: String
    public var start: Date
    public var end: Date
    public var isAllDay: Bool
    public var location: String?
    public var organizer: String?
    /// Sensitivity Private: never read or shown by subject.
    public var isPrivate: Bool
    /// Shown as Free (LegacyFreeBusyStatus): on the calendar, but it does not make a room busy. nil (a dialog stored by
    /// an earlier release) counts as busy.
    public var isFree: Bool?

    public init(id: String, changeKey: String? = nil, subject: String, start: Date, end: Date, isAllDay: Bool = false,
                location: String? = nil, organizer: String? = nil, isPrivate: Bool = false, isFree: Bool = false) {
        self.isFree = isFree
        self.id = id
        self.changeKey = changeKey
        self.subject = subject
        self.start = start
        self.end = end
        self.isAllDay = isAllDay
        self.location = location
        self.organizer = organizer
        self.isPrivate = isPrivate
    }
}

/// Why a calendar call failed, as voice answers it.
public enum VoiceCalendarError: Error, Sendable, Equatable {
    /// Exchange refused the service account's password (HTTP 401).
    case credentialsRejected
    /// The service account may no longer reach this mailbox (impersonation or delegation removed, mailbox gone).
    case accessDenied(String)
    /// The event is gone (deleted or changed elsewhere since it was read).
    case eventNotFound
    /// Slow, throttled, failing or unreachable: try later.
    case unavailable(String)
}

/// Where a voice turn's calendar calls go. Each call is bounded by `timeout` (what is left of the turn's deadline).
public protocol VoiceCalendar: Sendable {
    /// The events overlapping `[start, end)`, cancelled ones left out.
    func events(in mailbox: String, through link: ExchangeLinkTarget, start: Date, end: Date, timeout: Duration) async throws(VoiceCalendarError) -> [VoiceEvent]
    /// Creates an appointment (no attendees); returns it with its id.
    func create(_ event: VoiceEvent, in mailbox: String, through link: ExchangeLinkTarget, timeout: Duration) async throws(VoiceCalendarError) -> VoiceEvent
    /// Moves `event` to `[start, end)`; attendees are told.
    func move(_ event: VoiceEvent, to start: Date, end: Date, in mailbox: String, through link: ExchangeLinkTarget, timeout: Duration) async throws(VoiceCalendarError)
    /// Cancels `event`; attendees are told.
    func cancel(_ event: VoiceEvent, in mailbox: String, through link: ExchangeLinkTarget, timeout: Duration) async throws(VoiceCalendarError)
}
