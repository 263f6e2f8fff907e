// FixtureDocument: the JSON shape of a fixture file, decoded as-is before validation.

/// The fixture as written (see the README for the format). `FixtureParser` validates it.
struct FixtureDocument: Decodable {
    struct Server: Decodable {
        var build: String?
        var basicAuth: Bool?
        var version: String?
        var realm: String?
        var maxRequestBytes: Int?
    }

    struct MailboxEntry: Decodable {
        var smtp: String
        var displayName: String?
        var kind: String?
        var upn: String?
        var password: String?
        var sid: String?
        var aliases: [String]?
        var hasMailbox: Bool?
        var calendarPermissions: [String: String]?
        var fullAccess: [String]?
        var sendAs: [String]?
        var impersonation: Impersonation?
        /// The mailbox owner's time zone in Outlook on the web (OWA.UserOptions), IANA or Windows id.
        var timeZone: String?
        var events: [Event]?
    }

    struct Impersonation: Decodable {
        var scope: Scope
    }

    /// `"all"`, `"userMailboxes"`, or a list of SMTP addresses.
    enum Scope: Decodable {
        case named(String)
        case list([String])

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let name = try? container.decode(String.self) {
                self = .named(name)
            } else {
                self = .list(try container.decode([String].self))
            }
        }
    }

    struct Event: Decodable {
        var subject: String?
        var body: String?
        var start: String?
        var end: String?
        var day: Int?
        var time: String?
        var allDay: Bool?
        var isAllDay: Bool?
        var durationMinutes: Int?
        var durationDays: Int?
        var timeZone: String?
        var location: String?
        var sensitivity: String?
        var freeBusy: String?
        var organizer: String?
        var organizerRoutingType: String?
        var attendees: [String]?
        var optionalAttendees: [String]?
        var resources: [String]?
        var categories: [String]?
        var isCancelled: Bool?
        var reminderMinutes: Int?
        var recurrence: Recurrence?
    }

    struct Recurrence: Decodable {
        var frequency: String
        var interval: Int?
        var daysOfWeek: [String]?
        var dayOfMonth: Int?
        var month: FlexibleString?
        var count: Int?
        var until: String?
    }

    /// A value written either as a string or as a number.
    struct FlexibleString: Decodable {
        var value: String

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Int.self) {
                value = String(number)
            } else {
                value = try container.decode(String.self)
            }
        }
    }

    /// A room list: its address, name and the room mailboxes it holds.
    struct RoomListEntry: Decodable {
        var smtp: String
        var displayName: String?
        var rooms: [String]?
    }

    var server: Server?
    var mailboxes: [MailboxEntry]
    /// Absent: one default list of every room; `[]`: an organization without room lists.
    var roomLists: [RoomListEntry]?
}
