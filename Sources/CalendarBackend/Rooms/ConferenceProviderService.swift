// ConferenceProviderService: the conference services (Chime, Zoom, a custom SIP bridge, ...) an organization's
// devices dial into, and which one is the default.
import Foundation
import Storage

/// A conference provider; its settings keep Alexa for Business's names (the AWS API is its only front-end).
public struct ConferenceProvider: Sendable, Equatable {
    public let id: String
    public let name: String
    public var settings: ConferenceProviderSettings
}

public struct ConferenceProviderSettings: Codable, Sendable, Equatable {
    public struct IPDialIn: Codable, Sendable, Equatable {
        public var Endpoint: String?
        public var CommsProtocol: String?
    }

    public struct PSTNDialIn: Codable, Sendable, Equatable {
        public var CountryCode: String?
        public var PhoneNumber: String?
        public var OneClickIdDelay: String?
        public var OneClickPinDelay: String?
    }

    public struct MeetingSetting: Codable, Sendable, Equatable {
        public var RequirePin: String?
    }

    public var `Type`: String
    public var IPDialIn: IPDialIn?
    public var PSTNDialIn: PSTNDialIn?
    public var MeetingSetting: MeetingSetting
}

/// Conference providers; names are unique per organization ignoring case.
public struct ConferenceProviderService: Sendable {
    let store: any ConferenceProviderStore
    let clock: any WallClock
    let ids: any IdentifierSource

    public init(store: any ConferenceProviderStore, clock: any WallClock = SystemClock(), ids: any IdentifierSource = RandomIdentifiers()) {
        self.store = store
        self.clock = clock
        self.ids = ids
    }

    public func newProviderID() -> String { ids.identifier(prefix: "cnf") }

    /// - Throws: ``ServiceError/Code/conflict`` for a name in use.
    public func create(organizationID: String, name: String, _ settings: ConferenceProviderSettings, id: String? = nil) async throws -> ConferenceProvider {
        let record = ConferenceProviderRecord(id: id ?? newProviderID(), organizationID: organizationID, name: name,
                                              settings: try Self.encode(settings), createdAt: clock.now().roundedToSeconds)
        do {
            try await store.create(record)
        } catch StorageError.conflict {
            throw ServiceError(.conflict, "the organization already has a conference provider named \(name)", field: "conferenceProviderName")
        }
        return ConferenceProvider(id: record.id, name: name, settings: settings)
    }

    public func exists(organizationID: String, id: String) async throws -> Bool {
        try await store.provider(id: id, organizationID: organizationID) != nil
    }

    /// - Throws: ``ServiceError/Code/notFound``.
    public func provider(organizationID: String, id: String) async throws -> ConferenceProvider {
        guard let record = try await store.provider(id: id, organizationID: organizationID) else { throw Self.noProvider(id) }
        return try Self.provider(from: record)
    }

    /// Replaces the settings (type, dial-ins, meeting setting), as UpdateConferenceProvider does.
    ///
    /// - Throws: ``ServiceError/Code/notFound``.
    public func update(organizationID: String, id: String, _ settings: ConferenceProviderSettings) async throws {
        guard var record = try await store.provider(id: id, organizationID: organizationID) else { throw Self.noProvider(id) }
        record.settings = try Self.encode(settings)
        guard try await store.update(record) else { throw Self.noProvider(id) }
    }

    /// - Throws: ``ServiceError/Code/notFound``.
    public func delete(organizationID: String, id: String) async throws {
        guard try await store.delete(id: id, organizationID: organizationID) else { throw Self.noProvider(id) }
    }

    public func list(organizationID: String, offset: Int, limit: Int) async throws -> (providers: [ConferenceProvider], total: Int) {
        let (records, total) = try await store.providers(organizationID: organizationID, offset: offset, limit: limit)
        return (try records.map(Self.provider(from:)), total)
    }

    /// The default provider's id.
    ///
    /// - Throws: ``ServiceError/Code/notFound`` when none is set.
    public func preference(organizationID: String) async throws -> String {
        guard let id = try await store.preference(organizationID: organizationID) else {
            throw ServiceError.notFound("organization \(organizationID) has no default conference provider; PutConferencePreference sets one")
        }
        return id
    }

    /// - Throws: ``ServiceError/Code/notFound`` for a provider the organization does not have.
    public func setPreference(organizationID: String, providerID: String) async throws {
        guard try await exists(organizationID: organizationID, id: providerID) else { throw Self.noProvider(providerID) }
        try await store.setPreference(providerID: providerID, organizationID: organizationID)
    }

    static func encode(_ settings: ConferenceProviderSettings) throws -> String { try SortedJSON.text(settings) }

    static func provider(from record: ConferenceProviderRecord) throws -> ConferenceProvider {
        ConferenceProvider(id: record.id, name: record.name,
                           settings: try JSONDecoder().decode(ConferenceProviderSettings.self, from: Data(record.settings.utf8)))
    }

    static func noProvider(_ id: String) -> ServiceError { .notFound("no conference provider \(id)") }
}
