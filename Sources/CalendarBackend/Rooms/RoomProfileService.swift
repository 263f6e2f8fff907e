// RoomProfileService: room profiles of an organization: create, read, update, delete, search.
import Foundation
import Storage

/// Room profiles. Names are unique per organization (ignoring case); the first profile becomes the default, and
/// making another the default clears the flag on the previous one. Deleting a profile moves its rooms to the default.
public struct RoomProfileService: Sendable {
    /// What an instant booking lasts when the profile does not say.
    public static let defaultInstantBookingMinutes = 30

    let store: any RoomProfileStore
    let clock: any WallClock
    let ids: any IdentifierSource

    public init(store: any RoomProfileStore, clock: any WallClock = SystemClock(), ids: any IdentifierSource = RandomIdentifiers()) {
        self.store = store
        self.clock = clock
        self.ids = ids
    }

    public func newProfileID() -> String { ids.identifier(prefix: "prf") }

    /// - Throws: ``ServiceError/Code/invalidInput`` for an unknown time zone or a booking length outside 1...1440
    ///   minutes; ``ServiceError/Code/conflict`` (field `profileName`) for a name in use.
    public func create(organizationID: String, _ new: NewRoomProfile, id: String? = nil) async throws -> RoomProfile {
        try Self.validate(new.settings.MeetingRoomConfiguration)
        let record = RoomProfileRecord(id: id ?? newProfileID(), organizationID: organizationID, name: new.name, address: new.address,
                                       timeZone: try TimeZoneName(new.timeZone, field: "timezone").value, isDefault: false,
                                       settings: try Self.encode(new.settings), createdAt: clock.now().roundedToSeconds)
        do {
            return try Self.profile(from: try await store.create(record))
        } catch StorageError.conflict {
            throw Self.nameInUse(new.name)
        }
    }

    public func exists(organizationID: String, id: String) async throws -> Bool {
        try await store.profile(id: id, organizationID: organizationID) != nil
    }

    /// - Throws: ``ServiceError/Code/notFound``.
    public func profile(organizationID: String, id: String) async throws -> RoomProfile {
        guard let record = try await store.profile(id: id, organizationID: organizationID) else { throw Self.noProfile(id) }
        return try Self.profile(from: record)
    }

    /// The profile a room uses: its own, else the organization's default; nil when there is neither.
    public func effectiveProfile(organizationID: String, id: String?) async throws -> RoomProfile? {
        if let id, let record = try await store.profile(id: id, organizationID: organizationID) { return try Self.profile(from: record) }
        return try await store.defaultProfile(organizationID: organizationID).map(Self.profile(from:))
    }

    /// - Throws: ``ServiceError/Code/notFound``; as ``create(organizationID:_:id:)``.
    public func update(organizationID: String, id: String, _ change: RoomProfileChange) async throws -> RoomProfile {
        guard var record = try await store.profile(id: id, organizationID: organizationID) else { throw Self.noProfile(id) }
        var settings = try Self.decode(record.settings)
        if let name = change.name { record.name = name }
        if let isDefault = change.isDefault { record.isDefault = isDefault }
        if let timeZone = change.timeZone { record.timeZone = try TimeZoneName(timeZone, field: "timezone").value }
        if let address = change.address { record.address = address }
        if let value = change.distanceUnit { settings.DistanceUnit = value }
        if let value = change.temperatureUnit { settings.TemperatureUnit = value }
        if let value = change.wakeWord { settings.WakeWord = value }
        if let value = change.locale { settings.Locale = value }
        if let value = change.setupModeDisabled { settings.SetupModeDisabled = value }
        if let value = change.maxVolumeLimit { settings.MaxVolumeLimit = value }
        if let value = change.pstnEnabled { settings.PSTNEnabled = value }
        if let value = change.dataRetentionOptIn { settings.DataRetentionOptIn = value }
        if let configuration = change.meetingRoomConfiguration {
            settings.MeetingRoomConfiguration = (settings.MeetingRoomConfiguration ?? MeetingRoomConfiguration()).merged(with: configuration)
        }
        try Self.validate(settings.MeetingRoomConfiguration)
        record.settings = try Self.encode(settings)
        do {
            guard try await store.update(record) else { throw Self.noProfile(id) }
        } catch StorageError.conflict(let what) where what == NameConflict.changed {
            throw ServiceError(.conflict, "room profile \(id) changed while this update was being made; read it and retry")
        } catch StorageError.conflict {
            throw Self.nameInUse(record.name)
        }
        return try Self.profile(from: record)
    }

    /// - Throws: ``ServiceError/Code/notFound``.
    public func delete(organizationID: String, id: String) async throws {
        guard try await store.delete(id: id, organizationID: organizationID) else { throw Self.noProfile(id) }
    }

    public func search(organizationID: String, _ search: Search<ProfileSearchField>) async throws -> (profiles: [RoomProfile], total: Int) {
        let (records, total) = try await store.search(organizationID: organizationID, search)
        return (try records.map(Self.profile(from:)), total)
    }

    // MARK: -

    static func validate(_ configuration: MeetingRoomConfiguration?) throws {
        if let minutes = configuration?.InstantBooking?.DurationInMinutes, !(1...1440).contains(minutes) {
            throw ServiceError.invalidInput("instantBooking", "InstantBooking.DurationInMinutes must be 1 to 1440 minutes")
        }
        if let minutes = configuration?.RequireCheckIn?.ReleaseAfterMinutes, !(1...1440).contains(minutes) {
            throw ServiceError.invalidInput("requireCheckIn", "RequireCheckIn.ReleaseAfterMinutes must be 1 to 1440 minutes")
        }
        if let reminders = configuration?.EndOfMeetingReminder?.ReminderAtMinutes, reminders.count != 1 || !(1...1440).contains(reminders[0]) {
            throw ServiceError.invalidInput("endOfMeetingReminder", "EndOfMeetingReminder.ReminderAtMinutes must hold exactly one value of 1 to 1440")
        }
    }

    static func encode(_ settings: RoomProfileSettings) throws -> String { try SortedJSON.text(settings) }

    static func decode(_ text: String) throws -> RoomProfileSettings {
        try JSONDecoder().decode(RoomProfileSettings.self, from: Data(text.utf8))
    }

    static func profile(from record: RoomProfileRecord) throws -> RoomProfile {
        RoomProfile(id: record.id, name: record.name, isDefault: record.isDefault, address: record.address, timeZone: record.timeZone,
                    settings: try decode(record.settings))
    }

    static func noProfile(_ id: String) -> ServiceError { .notFound("no room profile \(id)") }

    static func nameInUse(_ name: String) -> ServiceError {
        ServiceError(.conflict, "the organization already has a room profile named \(name)", field: "profileName")
    }
}
