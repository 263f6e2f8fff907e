// RoomService: an organization's meeting rooms, their Exchange room calendars (validated live) and the Alexa devices
// placed in them.
import Foundation
import Logging
import Storage

/// Creates, reads, changes and deletes rooms. A room's calendar mailbox is accepted only after proving, live, that
/// it is a room mailbox of the organization's Exchange and that the service account can book it
/// (``RoomCalendarCheck``); a failure is ``ServiceError/Code/roomCalendarInvalid`` with the reason and the fix.
public struct RoomService: Sendable {
    let rooms: any RoomStore
    let profiles: RoomProfileService
    let exchange: ExchangeLinkService
    let check: any RoomCalendarCheck
    let clock: any WallClock
    let ids: any IdentifierSource
    let logger: Logger

    public init(rooms: any RoomStore, profiles: RoomProfileService, exchange: ExchangeLinkService, check: any RoomCalendarCheck,
                clock: any WallClock = SystemClock(), ids: any IdentifierSource = RandomIdentifiers(), logger: Logger) {
        self.rooms = rooms
        self.profiles = profiles
        self.exchange = exchange
        self.check = check
        self.clock = clock
        self.ids = ids
        self.logger = logger
    }

    public func newRoomID() -> String { ids.identifier(prefix: "rm") }

    /// - Throws: ``ServiceError/Code/invalidInput``; ``ServiceError/Code/notFound`` for an unknown profile;
    ///   ``ServiceError/Code/conflict`` (field `roomName`) for a name in use; ``ServiceError/Code/exchangeNotLinked``
    ///   or ``ServiceError/Code/roomCalendarInvalid`` when a calendar mailbox is given.
    public func create(organizationID: String, _ new: NewRoom, id: String? = nil) async throws -> RoomView {
        let name = try Self.name(new.name)
        let description = try new.description.map(Self.description)
        if let profileID = new.profileID, !(try await profiles.exists(organizationID: organizationID, id: profileID)) {
            throw RoomProfileService.noProfile(profileID)
        }
        let mailbox = try await new.calendarMailbox.asyncMap { try await verifiedMailbox($0, organizationID: organizationID) }
        let record = RoomRecord(id: id ?? newRoomID(), organizationID: organizationID, name: name, description: description,
                                profileID: new.profileID, calendarMailbox: mailbox, createdAt: clock.now().roundedToSeconds)
        do {
            try await rooms.create(record)
        } catch StorageError.conflict {
            throw Self.nameInUse(name)
        } catch StorageError.invalidRecord {
            // The profile was deleted while the calendar was being validated.
            throw RoomProfileService.noProfile(new.profileID ?? "")
        }
        logger.info("room created", metadata: ["organization": "\(organizationID)", "room": "\(record.id)"])
        return try await room(organizationID: organizationID, id: record.id)
    }

    public func exists(organizationID: String, id: String) async throws -> Bool {
        try await rooms.room(id: id, organizationID: organizationID) != nil
    }

    /// - Throws: ``ServiceError/Code/notFound``.
    public func room(organizationID: String, id: String) async throws -> RoomView {
        RoomView(try await record(organizationID: organizationID, id: id))
    }

    /// - Throws: as ``create(organizationID:_:id:)``; ``ServiceError/Code/invalidInput`` when nothing would change.
    public func update(organizationID: String, id: String, _ change: RoomChange) async throws -> RoomView {
        guard !change.isEmpty else {
            throw ServiceError(.invalidInput, "send at least one of 'name', 'description', 'profileId' and 'calendarMailbox'")
        }
        var record = try await record(organizationID: organizationID, id: id)
        if let name = change.name { record.name = try Self.name(name) }
        switch change.description {
        case .keep: break
        case .clear: record.description = nil
        case .set(let text): record.description = try Self.description(text)
        }
        switch change.profileID {
        case .keep: break
        case .clear: record.profileID = nil
        case .set(let profileID):
            guard try await profiles.exists(organizationID: organizationID, id: profileID) else { throw RoomProfileService.noProfile(profileID) }
            record.profileID = profileID
        }
        switch change.calendarMailbox {
        case .keep: break
        case .clear: record.calendarMailbox = nil
        case .set(let address): record.calendarMailbox = try await verifiedMailbox(address, organizationID: organizationID)
        }
        do {
            guard try await rooms.update(record) else { throw Self.noRoom(id) }
        } catch StorageError.conflict(let what) where what == NameConflict.changed {
            throw ServiceError(.conflict, "room \(id) changed while this update was being made; read it and retry")
        } catch StorageError.conflict {
            throw Self.nameInUse(record.name)
        } catch StorageError.invalidRecord {
            throw RoomProfileService.noProfile(record.profileID ?? "")
        }
        return try await room(organizationID: organizationID, id: id)
    }

    /// Deletes the room with its devices and bookings (the bookings stay in Exchange).
    ///
    /// - Throws: ``ServiceError/Code/notFound``.
    public func delete(organizationID: String, id: String) async throws {
        guard try await rooms.delete(id: id, organizationID: organizationID) else { throw Self.noRoom(id) }
    }

    public func search(organizationID: String, _ search: Search<RoomSearchField>) async throws -> (rooms: [RoomView], total: Int) {
        let (records, total) = try await rooms.search(organizationID: organizationID, search)
        return (records.map(RoomView.init), total)
    }

    /// Places an Alexa device (`context.System.device.deviceId`) in the room, moving it from any other.
    ///
    /// - Throws: ``ServiceError/Code/invalidInput`` for a device id that is not `amzn1.…`; ``ServiceError/Code/notFound``.
    public func placeDevice(organizationID: String, roomID: String, deviceID: String) async throws {
        guard deviceID.hasPrefix("amzn1."), deviceID.utf8.count <= 512, deviceID.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw ServiceError.invalidInput("deviceId", "the device id must be an Alexa device id such as amzn1.ask.device.XYZ")
        }
        guard try await rooms.placeDevice(deviceID, roomID: roomID, organizationID: organizationID, at: clock.now().roundedToSeconds) else {
            throw Self.noRoom(roomID)
        }
    }

    /// The room an Alexa device is in, if any.
    public func room(organizationID: String, deviceID: String) async throws -> RoomView? {
        try await rooms.room(deviceID: deviceID, organizationID: organizationID).map(RoomView.init)
    }

    // MARK: -

    /// The room mailbox's primary address, after the live check.
    func verifiedMailbox(_ raw: String, organizationID: String) async throws -> String {
        let address = try EmailAddress(raw, field: "calendarMailbox")
        guard let target = try await exchange.storedTarget(organizationID: organizationID) else {
            throw ServiceError(.exchangeNotLinked, "organization \(organizationID) has no Exchange link; link the service account first (PUT /v1/organizations/\(organizationID)/exchange)")
        }
        switch await check.verify(address.value, through: target) {
        case .success(let mailbox):
            return mailbox
        case .failure(let failure):
            logger.notice("room calendar refused", metadata: ["organization": "\(organizationID)", "reason": "\(failure.reason.rawValue)"])
            throw ServiceError(.roomCalendarInvalid, "The room calendar \(address.value) could not be linked (\(failure.reason.rawValue)).",
                               field: "calendarMailbox", reason: failure.reason.rawValue, detail: failure.detail)
        }
    }

    func record(organizationID: String, id: String) async throws -> RoomRecord {
        guard let record = try await rooms.room(id: id, organizationID: organizationID) else { throw Self.noRoom(id) }
        return record
    }

    /// 1 to 100 printable characters, trimmed.
    static func name(_ raw: String) throws -> String {
        let name = raw.trimmingCharacters(in: .whitespaces)
        guard (1...100).contains(name.utf16.count), !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw ServiceError.invalidInput("roomName", "a room name is 1 to 100 printable characters")
        }
        return name
    }

    static func description(_ raw: String) throws -> String {
        guard (1...200).contains(raw.utf16.count), !raw.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\n" }) else {
            throw ServiceError.invalidInput("description", "a room description is 1 to 200 printable characters")
        }
        return raw
    }

    static func noRoom(_ id: String) -> ServiceError { .notFound("no room \(id)") }

    static func nameInUse(_ name: String) -> ServiceError {
        ServiceError(.conflict, "the organization already has a room named \(name)", field: "roomName")
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
