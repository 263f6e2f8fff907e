// RoomRecords: meeting rooms, their profiles, devices and bookings, and conference providers, as stored.
import Foundation

/// A room profile. `settings` is the rest of the profile as a JSON object, opaque to the store.
public struct RoomProfileRecord: Sendable, Equatable {
    public let id: String
    public let organizationID: String
    public var name: String
    public var address: String
    /// IANA name.
    public var timeZone: String
    public var isDefault: Bool
    public var settings: String
    public let createdAt: Date
    /// As read; an update succeeds only while the stored row still has it.
    public var version: Int

    public init(id: String, organizationID: String, name: String, address: String, timeZone: String, isDefault: Bool, settings: String,
                createdAt: Date, version: Int = 0) {
        self.version = version
        self.id = id
        self.organizationID = organizationID
        self.name = name
        self.address = address
        self.timeZone = timeZone
        self.isDefault = isDefault
        self.settings = settings
        self.createdAt = createdAt
    }
}

/// A meeting room.
public struct RoomRecord: Sendable, Equatable {
    public let id: String
    public let organizationID: String
    public var name: String
    public var description: String?
    public var profileID: String?
    /// The Exchange room mailbox's primary SMTP address.
    public var calendarMailbox: String?
    public let createdAt: Date
    /// Read only: the name of the room's profile.
    public var profileName: String?
    /// As read; an update succeeds only while the stored row still has it.
    public var version: Int

    public init(id: String, organizationID: String, name: String, description: String?, profileID: String?, calendarMailbox: String?,
                createdAt: Date, profileName: String? = nil, version: Int = 0) {
        self.version = version
        self.id = id
        self.organizationID = organizationID
        self.name = name
        self.description = description
        self.profileID = profileID
        self.calendarMailbox = calendarMailbox
        self.createdAt = createdAt
        self.profileName = profileName
    }
}

/// An instant booking a room made in its own calendar.
public struct RoomBookingRecord: Sendable, Equatable {
    /// The Exchange item id.
    public let itemID: String
    public let organizationID: String
    public let roomID: String
    public var start: Date
    public var end: Date
    public let createdAt: Date

    public init(itemID: String, organizationID: String, roomID: String, start: Date, end: Date, createdAt: Date) {
        self.itemID = itemID
        self.organizationID = organizationID
        self.roomID = roomID
        self.start = start
        self.end = end
        self.createdAt = createdAt
    }
}

/// A conference provider. `settings` is its type, dial-in and meeting settings as a JSON object.
public struct ConferenceProviderRecord: Sendable, Equatable {
    public let id: String
    public let organizationID: String
    public var name: String
    public var settings: String
    public let createdAt: Date

    public init(id: String, organizationID: String, name: String, settings: String, createdAt: Date) {
        self.id = id
        self.organizationID = organizationID
        self.name = name
        self.settings = settings
        self.createdAt = createdAt
    }
}

/// Fields rooms are searched and sorted by (SearchRooms' keys).
public enum RoomSearchField: String, Sendable, CaseIterable {
    case roomName = "RoomName"
    case profileName = "ProfileName"
}

/// Fields profiles are searched and sorted by (SearchProfiles' keys).
public enum ProfileSearchField: String, Sendable, CaseIterable {
    case profileName = "ProfileName"
    case address = "Address"
}

/// What a create or update of a named resource found taken, or found changed.
public enum NameConflict {
    public static let name = "the organization already has one with this name"
    /// An update's version is no longer the stored one: another request changed the resource first.
    public static let changed = "the resource changed since it was read"
}

/// Rooms, their devices and bookings. Names are unique per organization ignoring case: a create or update that
/// would repeat one throws ``StorageError/conflict(_:)`` with ``NameConflict/name`` and writes nothing.
public protocol RoomStore: Sendable {
    /// - Throws: ``StorageError/invalidRecord(_:)`` when the room's profile no longer exists (deleted meanwhile).
    func create(_ room: RoomRecord) async throws
    func room(id: String, organizationID: String) async throws -> RoomRecord?
    /// Writes name, description, profile and calendar mailbox if the stored version is still `room.version`; false
    /// when the room does not exist. Throws ``StorageError/conflict(_:)`` with ``NameConflict/changed`` when another
    /// update came first, and ``StorageError/invalidRecord(_:)`` when the profile no longer exists.
    func update(_ room: RoomRecord) async throws -> Bool
    /// Deletes the room with its devices, bookings and tags; false when there was none.
    func delete(id: String, organizationID: String) async throws -> Bool
    /// Sorted by name when unsorted; `ProfileName` is the profile's (a room without one has the default's name).
    func search(organizationID: String, _ search: Search<RoomSearchField>) async throws -> (rooms: [RoomRecord], total: Int)
    /// Places (or moves) a device in a room; false when the room does not exist.
    func placeDevice(_ deviceID: String, roomID: String, organizationID: String, at: Date) async throws -> Bool
    /// The room a device is in.
    func room(deviceID: String, organizationID: String) async throws -> RoomRecord?
    func saveBooking(_ booking: RoomBookingRecord) async throws
    /// The room's own bookings overlapping `start..<end`.
    func bookings(roomID: String, organizationID: String, overlapping start: Date, _ end: Date) async throws -> [RoomBookingRecord]
    func updateBooking(_ booking: RoomBookingRecord) async throws
    /// Stores (or replaces) a room dialog's state; expired dialogs of the organization go at the same time.
    func saveSession(id: String, roomID: String, organizationID: String, state: String, expiresAt: Date, now: Date) async throws
    /// The dialog's room and state, unless it expired at `now`.
    func session(id: String, organizationID: String, now: Date) async throws -> (roomID: String, state: String)?
    func deleteSession(id: String, organizationID: String) async throws
}

/// Room profiles. At most one per organization is the default: making one default clears the others.
public protocol RoomProfileStore: Sendable {
    /// Also makes the profile the default when the organization has none yet; returns it as stored.
    func create(_ profile: RoomProfileRecord) async throws -> RoomProfileRecord
    func profile(id: String, organizationID: String) async throws -> RoomProfileRecord?
    func defaultProfile(organizationID: String) async throws -> RoomProfileRecord?
    /// As ``RoomStore/update(_:)``: compare and swap on `profile.version`.
    func update(_ profile: RoomProfileRecord) async throws -> Bool
    /// Rooms on it fall back to the default profile.
    func delete(id: String, organizationID: String) async throws -> Bool
    func search(organizationID: String, _ search: Search<ProfileSearchField>) async throws -> (profiles: [RoomProfileRecord], total: Int)
}

/// Conference providers and the organization's default one.
public protocol ConferenceProviderStore: Sendable {
    func create(_ provider: ConferenceProviderRecord) async throws
    func provider(id: String, organizationID: String) async throws -> ConferenceProviderRecord?
    func update(_ provider: ConferenceProviderRecord) async throws -> Bool
    func delete(id: String, organizationID: String) async throws -> Bool
    /// By name, one page, and the count of all.
    func providers(organizationID: String, offset: Int, limit: Int) async throws -> (providers: [ConferenceProviderRecord], total: Int)
    /// The default provider's id; nil when none was put (or it was deleted).
    func preference(organizationID: String) async throws -> String?
    func setPreference(providerID: String, organizationID: String) async throws
}
