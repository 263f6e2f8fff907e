// CalendarEvent: one stored calendar item (single or recurring master) with its exceptions, in UTC.
import Foundation

/// An item as a calendar stores it: a single appointment or the master of a series. Occurrences
/// are never stored; they are computed by `RecurrenceExpander`. Times are absolute (UTC inside).
public struct CalendarEvent: Sendable, Equatable {
    /// Per-mailbox unique number; part of the item's EWS id.
    public var number: Int
    /// The iCalendar UID shared by a series and its occurrences.
    public var uid: String
    public var subject: String
    public var body: String
    public var start: Date
    public var end: Date
    public var isAllDay: Bool
    public var location: String
    public var sensitivity: String
    public var freeBusy: String
    public var isCancelled: Bool
    public var categories: [String]
    public var reminderIsSet: Bool
    public var reminderMinutes: Int
    public var organizer: Attendee
    public var requiredAttendees: [Attendee]
    public var optionalAttendees: [Attendee]
    public var resources: [Attendee]
    /// The zone the item was created in: recurrence is expanded and all-day days are pinned here.
    public var timeZone: TimeZone
    public var recurrence: RecurrencePattern?
    /// Original starts of deleted occurrences.
    public var deletedOccurrences: Set<Date>
    /// Modified occurrences (exceptions), keyed by original start.
    public var exceptions: [Date: OccurrenceOverride]
    /// Bumped on every change; the ChangeKey encodes it.
    public var changeCount: Int
    public var created: Date
    public var lastModified: Date
    public var meetingRequestWasSent: Bool
    /// MAPI properties a client set (SetItemField or CreateItem with `t:ExtendedProperty`), kept as
    /// written and served back; the store's own properties are computed (`MAPIProperties`).
    var extendedProperties: [ExtendedFieldURI: ExtendedValue] = [:]
    /// The calendar folder holding the item: the mailbox's Calendar, or a calendar folder a client created.
    var folder: FolderKey = .calendar

    /// Wall-clock length of the item.
    var duration: TimeInterval { end.timeIntervalSince(start) }

    /// True when the item has attendees (a meeting, not an appointment).
    var isMeeting: Bool {
        !(requiredAttendees.isEmpty && optionalAttendees.isEmpty && resources.isEmpty)
    }

    /// PR_URL_COMP_NAME: the name a client gave the item (DavMail names its resources so), else one
    /// made from the UID, which is unique in the calendar and never changes.
    var urlName: String {
        extendedProperties[ExtendedFieldURI(tag: MAPIProperties.urlCompName, type: "String")]?.text ?? "\(uid).EML"
    }

    /// The next modification time: `now`, but always later than the last one, so that a client
    /// keying on PR_LAST_MODIFICATION_TIME (DavMail's ETag, to the second) sees every change.
    func nextModificationTime(_ now: Date) -> Date {
        max(now, lastModified.addingTimeInterval(1))
    }

    /// Every attendee address (required, optional, resources).
    var allAttendees: [Attendee] { requiredAttendees + optionalAttendees + resources }
}
