// OrganizationServiceTests: tenants, keys and credentials with a test clock and predictable ids.
import CalendarBackend
import Foundation
import Logging
import Storage
import Testing

@Suite struct OrganizationServiceTests {
    private func service() throws -> (OrganizationService, ManualClock) {
        let database = try SQLiteDatabase(path: ":memory:")
        _ = try MigrationRunner(database: database, logger: Logger(label: "t") { _ in SwiftLogNoOpLogHandler() }).migrate()
        let clock = ManualClock()
        return (OrganizationService(store: SQLOrganizationStore(database: database), adminToken: "admin-token-0123456789",
                                    clock: clock, ids: CountingIdentifiers()), clock)
    }

    @Test func idsKeysAndTimesComeFromTheInjectedSources() async throws {
        let (service, clock) = try service()
        clock.advance(by: 0.75)  // stored times are whole seconds
        let created = try await service.create(name: try OrganizationName("  Contoso  "))
        #expect(created.organization.id == "org_1")
        #expect(created.organization.name == "Contoso")
        #expect(created.apiKey == "a4b_" + String(repeating: "0", count: 63) + "2")
        #expect(created.apiKeyID == "key_3")
        #expect(created.organization.createdAt == Date(timeIntervalSince1970: 1_795_748_400))
        #expect(try await service.organization(id: "org_1") == created.organization)
    }

    @Test func keysAuthenticateUntilRevokedAndTheAdminTokenAlways() async throws {
        let (service, _) = try service()
        let created = try await service.create(name: try OrganizationName("Contoso"))
        #expect(try await service.caller(presenting: created.apiKey) == .organization(id: "org_1", keyID: created.apiKeyID))
        #expect(try await service.caller(presenting: "admin-token-0123456789") == .admin)
        #expect(try await service.caller(presenting: "admin-token-012345678") == nil)
        let second = try await service.issueKey(organizationID: "org_1")
        try await service.revokeKey(organizationID: "org_1", keyID: created.apiKeyID)
        #expect(try await service.caller(presenting: created.apiKey) == nil)
        #expect(try await service.caller(presenting: second.apiKey) == .organization(id: "org_1", keyID: second.id))
        let again = await #expect(throws: ServiceError.self) { try await service.revokeKey(organizationID: "org_1", keyID: created.apiKeyID) }
        #expect(again?.code == .notFound)
    }

    @Test func anotherOrganizationsKeyAndAMissingOrganizationLookTheSame() async throws {
        let (service, _) = try service()
        let mine = try await service.create(name: try OrganizationName("Mine"))
        let theirs = try await service.create(name: try OrganizationName("Theirs"))
        let key = Caller.organization(id: mine.organization.id, keyID: mine.apiKeyID)
        try await service.authorize(key, organizationID: mine.organization.id)
        let foreign = await #expect(throws: ServiceError.self) { try await service.authorize(key, organizationID: theirs.organization.id) }
        let missing = await #expect(throws: ServiceError.self) { try await service.authorize(.admin, organizationID: "org_404") }
        #expect(foreign?.code == .notFound)
        #expect(missing?.code == .notFound)
    }

    @Test func pagesFollowTheCursorAndSayWhenTheyEnd() async throws {
        let (service, _) = try service()
        for name in ["a", "b", "c"] { _ = try await service.create(name: try OrganizationName(name)) }
        let first = try await service.list(try PageRequest(cursor: nil, limit: 2))
        #expect(first.items.map(\.name) == ["a", "b"])
        let second = try await service.list(try PageRequest(cursor: first.nextCursor, limit: 2))
        #expect(second.items.map(\.name) == ["c"])
        #expect(second.nextCursor == nil)
    }

    @Test(arguments: ["", "   ", String(repeating: "x", count: 201)])
    func namesOutsideOneTo200CharactersAreRefused(name: String) {
        #expect(throws: ServiceError.invalidInput("name", "field 'name' must be 1 to 200 characters")) { try OrganizationName(name) }
    }

    /// The name goes into e-mail subjects: a line break would start a header of its own.
    @Test(arguments: ["Contoso\r\nBcc: x@evil.example", "Con\u{7}toso"])
    func namesWithControlCharactersAreRefused(name: String) {
        #expect(throws: ServiceError.invalidInput("name", "field 'name' must not hold control characters such as line breaks")) { try OrganizationName(name) }
    }

    @Test(arguments: [0, 201, -1])
    func pageSizesOutsideOneTo200AreRefused(limit: Int) {
        #expect(throws: ServiceError.self) { try PageRequest(cursor: nil, limit: limit) }
    }
}
