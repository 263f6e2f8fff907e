// IdempotentCreationTests: a create under a ClientRequestToken runs once, survives a crash between claim and create,
// and refuses the token with other input.
import Foundation
import Logging
import Storage
import Synchronization
import Testing
@testable import CalendarBackend

@Suite struct IdempotentCreationTests {
    /// Resources by id, as a use case's store would hold them.
    final class Resources: Sendable {
        let ids = Mutex<[String]>([])
        func exists(_ id: String) -> Bool { ids.withLock { $0.contains(id) } }
        func create(_ id: String) throws {
            try ids.withLock { ids in
                guard !ids.contains(id) else { throw ServiceError(.conflict, "exists") }
                ids.append(id)
            }
        }
    }

    func creation() throws -> (IdempotentCreation, SQLIdempotencyStore) {
        let database = try SQLiteDatabase(path: ":memory:")
        _ = try MigrationRunner(database: database, logger: Logger(label: "t") { _ in SwiftLogNoOpLogHandler() }).migrate()
        try database.execute("INSERT INTO organizations (id, name, created_at) VALUES ('org-1', 'Contoso', '2026-12-01T00:00:00Z')")
        let store = SQLIdempotencyStore(database: database)
        return (IdempotentCreation(store: store), store)
    }

    @Test func theSameTokenAndInputGetTheFirstResource() async throws {
        let (creation, _) = try creation()
        let resources = Resources()
        let first = try await creation.run(organizationID: "org-1", operation: "CreateRoom", token: "token-0001", input: "{\"a\":1}", newID: "rm_1",
                                           exists: resources.exists, create: resources.create)
        let again = try await creation.run(organizationID: "org-1", operation: "CreateRoom", token: "token-0001", input: "{\"a\":1}", newID: "rm_2",
                                           exists: resources.exists, create: resources.create)
        #expect(first == "rm_1" && again == "rm_1")
        #expect(resources.ids.withLock { $0 } == ["rm_1"])
        await #expect(throws: ServiceError(.requestTokenReused, "the ClientRequestToken token-0001 was used before for a CreateRoom with other parameters")) {
            _ = try await creation.run(organizationID: "org-1", operation: "CreateRoom", token: "token-0001", input: "{\"a\":2}", newID: "rm_3",
                                       exists: resources.exists, create: resources.create)
        }
        // Without a token every call creates.
        #expect(try await creation.run(organizationID: "org-1", operation: "CreateRoom", token: nil, input: "", newID: "rm_4",
                                       exists: resources.exists, create: resources.create) == "rm_4")
    }

    @Test func aRetryAfterACrashBetweenClaimAndCreateCreatesTheClaimedID() async throws {
        let (creation, store) = try creation()
        let resources = Resources()
        // The first attempt claimed rm_1 and died before creating it.
        _ = try await store.claim(IdempotencyClaim(organizationID: "org-1", operation: "CreateRoom", token: "token-0001",
                                                   inputHash: sha256Hex(Array("{}".utf8)), resourceID: "rm_1", createdAt: Date()))
        let id = try await creation.run(organizationID: "org-1", operation: "CreateRoom", token: "token-0001", input: "{}", newID: "rm_2",
                                        exists: resources.exists, create: resources.create)
        #expect(id == "rm_1")
        #expect(resources.ids.withLock { $0 } == ["rm_1"])
    }

    @Test func aCreateRefusedForItsInputReleasesTheToken() async throws {
        let (creation, _) = try creation()
        let resources = Resources()
        await #expect(throws: ServiceError.self) {
            _ = try await creation.run(organizationID: "org-1", operation: "CreateRoom", token: "token-0001", input: "{}", newID: "rm_1",
                                       exists: resources.exists, create: { _ in throw ServiceError(.conflict, "name in use") })
        }
        // Once the name is free, the same token creates.
        #expect(try await creation.run(organizationID: "org-1", operation: "CreateRoom", token: "token-0001", input: "{}", newID: "rm_2",
                                       exists: resources.exists, create: resources.create) == "rm_2")
    }
}
