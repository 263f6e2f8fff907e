// Room: a meeting room as every front-end shows it, and the input that creates or changes one.
import Foundation
import Storage

/// A meeting room: its name, its profile, and the Exchange room mailbox whose calendar it answers from and books.
public struct RoomView: Encodable, Sendable, Equatable {
    public let id: String
    public let name: String
    public let description: String?
    /// nil: the organization's default profile.
    public let profileId: String?
    /// The profile the room uses (its own or the default), by name.
    public let profileName: String?
    /// The room mailbox's primary SMTP address (the AWS API's ProviderCalendarId).
    public let calendarMailbox: String?
    public let createdAt: Date

    init(_ record: RoomRecord) {
        id = record.id
        name = record.name
        description = record.description
        profileId = record.profileID
        profileName = record.profileName
        calendarMailbox = record.calendarMailbox
        createdAt = record.createdAt
    }
}

/// A room to create.
public struct NewRoom: Sendable, Equatable {
    public var name: String
    public var description: String?
    public var profileID: String?
    public var calendarMailbox: String?

    public init(name: String, description: String? = nil, profileID: String? = nil, calendarMailbox: String? = nil) {
        self.name = name
        self.description = description
        self.profileID = profileID
        self.calendarMailbox = calendarMailbox
    }
}

/// What an update changes: `.keep` leaves a field, `.clear` removes it, `.set` replaces it.
public struct RoomChange: Sendable, Equatable {
    public var name: String?
    public var description: FieldChange<String> = .keep
    public var profileID: FieldChange<String> = .keep
    public var calendarMailbox: FieldChange<String> = .keep

    public init(name: String? = nil, description: FieldChange<String> = .keep, profileID: FieldChange<String> = .keep,
                calendarMailbox: FieldChange<String> = .keep) {
        self.name = name
        self.description = description
        self.profileID = profileID
        self.calendarMailbox = calendarMailbox
    }

    var isEmpty: Bool { name == nil && description == .keep && profileID == .keep && calendarMailbox == .keep }
}
