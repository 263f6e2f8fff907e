// The calendar values the EWS client returns and accepts: events, ids, new events, resolved mailboxes.
import Foundation

/// An item's id and change key, kept verbatim (case-sensitive, opaque).
public struct ItemID: Sendable, Hashable, Codable {
    public let id: String
    public let changeKey: String?

    public init(id: String, changeKey: String? = nil) {
        self.id = id
        self.changeKey = changeKey
    }
}

/// A person on an event: organizer or attendee. `address` may be an Exchange legacy DN (`routingType`
/// `EX`) rather than SMTP; speak `name`.
public struct EventPerson: Sendable, Equatable {
    public let name: String?
    public let address: String?
    public let routingType: String?
}

/// One event of a calendar view: a single item, or one occurrence or exception of a series.
public struct CalendarEvent: Sendable, Equatable {
    public enum Sensitivity: String, Sendable { case normal = "Normal", personal = "Personal", `private` = "Private", confidential = "Confidential" }
    public enum FreeBusy: String, Sendable { case free = "Free", tentative = "Tentative", busy = "Busy", outOfOffice = "OOF", workingElsewhere = "WorkingElsewhere", noData = "NoData" }

    public let id: ItemID
    public let subject: String
    public let start: Date
    public let end: Date
    public let isAllDay: Bool
    public let location: String?
    public let organizer: EventPerson?
    public let sensitivity: Sensitivity
    public let freeBusy: FreeBusy
    public let isCancelled: Bool
    /// `Single`, `Occurrence`, `Exception` (never `RecurringMaster` in a view).
    public let itemType: String
}

/// The events of a time window, in start order, and whether the window held more than was returned.
public struct CalendarView: Sendable, Equatable {
    public let events: [CalendarEvent]
    /// Events the window holds in all (more than `events.count` when the maximum truncated it).
    public let totalInWindow: Int
    public let includesLast: Bool
}

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

/// A directory entry that an address resolved to.
public struct ResolvedMailbox: Sendable, Equatable {
    public let name: String?
    /// The primary SMTP address.
    public let address: String
    public let mailboxType: String?
}

/// What the service account may do in a calendar folder (`EffectiveRights`).
public struct FolderRights: Sendable, Equatable {
    public let read: Bool
    public let createContents: Bool
    public let modify: Bool
    public let delete: Bool

    /// Editor-level: read, create, change and delete items.
    public var isEditor: Bool { read && createContents && modify && delete }
}

/// An anonymous look at an endpoint: the auth schemes it offers and how long TCP and TLS took.
public struct EndpointCheck: Sendable, Equatable {
    public let offeredSchemes: [String]
    public let connectMilliseconds: Int
    public let tlsMilliseconds: Int

    public var offersBasic: Bool { offeredSchemes.contains { $0.lowercased() == "basic" } }
}
