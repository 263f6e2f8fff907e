// AWSAPIStoreTests: what 0008_aws_api.sql and its stores keep: sealed access keys, idempotency claims, tags, the
// invitation configuration, and users searched the way SearchUsers asks.
import Foundation
import Storage
import Testing

@Suite struct AWSAPIStoreTests {
    private func fixture(_ engine: DatabaseEngine) async throws -> any SQLDatabase {
        let database = try await migratedDatabase(engine)
        let organizations = SQLOrganizationStore(database: database)
        _ = try await createOrganization("org-1", in: organizations)
        _ = try await createOrganization("org-2", in: organizations)
        return database
    }

    @Test(arguments: DatabaseEngine.allCases) func accessKeysAreListedAndRevoked(engine: DatabaseEngine) async throws {
        let store = SQLAWSCredentialStore(database: try await fixture(engine))
        let key = AWSCredentialRecord(accessKeyID: "AKIA1", organizationID: "org-1", secretCiphertext: [0, 1, 2, 0xFF], createdAt: time())
        try await store.create(key)
        try await store.create(AWSCredentialRecord(accessKeyID: "AKIA2", organizationID: "org-1", secretCiphertext: [9], createdAt: time(5)))
        #expect(try await store.activeCredential(accessKeyID: "AKIA1") == key)
        #expect(try await store.revoke(accessKeyID: "AKIA1", organizationID: "org-2", at: time(10)) == false, "another organization's key")
        #expect(try await store.revoke(accessKeyID: "AKIA1", organizationID: "org-1", at: time(10)))
        #expect(try await store.revoke(accessKeyID: "AKIA1", organizationID: "org-1", at: time(11)) == false, "already revoked")
        #expect(try await store.activeCredential(accessKeyID: "AKIA1") == nil)
        #expect(try await store.credentials(organizationID: "org-1").map(\.accessKeyID) == ["AKIA1", "AKIA2"])
        #expect(try await store.credentials(organizationID: "org-1").first?.revokedAt == time(10))
        await #expect(throws: StorageError.self) { try await store.create(key) }
    }

    @Test(arguments: DatabaseEngine.allCases) func aTokenIsClaimedOnceAndReleasedOnlyByItsResource(engine: DatabaseEngine) async throws {
        let store = SQLIdempotencyStore(database: try await fixture(engine))
        func claim(_ resource: String, hash: String = "h1", organization: String = "org-1", operation: String = "CreateUser") -> IdempotencyClaim {
            IdempotencyClaim(organizationID: organization, operation: operation, token: "token-0001", inputHash: hash, resourceID: resource, createdAt: time())
        }
        #expect(try await store.claim(claim("usr_a")).resourceID == "usr_a")
        #expect(try await store.claim(claim("usr_b", hash: "h2")) == claim("usr_a"), "the first claim holds the token")
        #expect(try await store.claim(claim("rm_c", operation: "CreateRoom")).resourceID == "rm_c", "tokens are per operation")
        #expect(try await store.claim(claim("usr_d", organization: "org-2")).resourceID == "usr_d", "and per organization")
        try await store.release(organizationID: "org-1", operation: "CreateUser", token: "token-0001", resourceID: "usr_b")
        #expect(try await store.claim(claim("usr_e")).resourceID == "usr_a", "a release for another resource removes nothing")
        try await store.release(organizationID: "org-1", operation: "CreateUser", token: "token-0001", resourceID: "usr_a")
        #expect(try await store.claim(claim("usr_e")).resourceID == "usr_e")
    }

    @Test(arguments: DatabaseEngine.allCases) func tagsReplaceByKeyAndRespectTheLimit(engine: DatabaseEngine) async throws {
        let store = SQLTagStore(database: try await fixture(engine))
        try await store.setTags([("b", "2"), ("a", "1")], organizationID: "org-1", resourceID: "usr_1", limit: 3)
        try await store.setTags([("a", "one")], organizationID: "org-1", resourceID: "usr_1", limit: 3)
        #expect(try await store.tags(organizationID: "org-1", resourceID: "usr_1").map { "\($0.key)=\($0.value)" } == ["a=one", "b=2"])
        #expect(try await store.tags(organizationID: "org-2", resourceID: "usr_1").isEmpty)
        await #expect(throws: StorageError.self) {
            try await store.setTags([("c", "3"), ("d", "4")], organizationID: "org-1", resourceID: "usr_1", limit: 3)
        }
        #expect(try await store.tags(organizationID: "org-1", resourceID: "usr_1").count == 2, "a refused set writes nothing")
        try await store.removeTags(keys: ["a", "zz"], organizationID: "org-1", resourceID: "usr_1")
        #expect(try await store.tags(organizationID: "org-1", resourceID: "usr_1").map(\.key) == ["b"])
        try await store.removeAll(organizationID: "org-1", resourceID: "usr_1")
        #expect(try await store.tags(organizationID: "org-1", resourceID: "usr_1").isEmpty)
    }

    @Test(arguments: DatabaseEngine.allCases) func theInvitationConfigurationIsReplacedWhole(engine: DatabaseEngine) async throws {
        let store = SQLInvitationConfigurationStore(database: try await fixture(engine))
        #expect(try await store.configuration(organizationID: "org-1") == nil)
        let first = InvitationConfiguration(organizationName: "Contoso IT", contactEmail: "it@contoso.com", privateSkillIDs: ["amzn1.ask.skill.a", "amzn1.ask.skill.b"])
        try await store.save(first, organizationID: "org-1")
        #expect(try await store.configuration(organizationID: "org-1") == first)
        let second = InvitationConfiguration(organizationName: "Contoso", contactEmail: nil, privateSkillIDs: [])
        try await store.save(second, organizationID: "org-1")
        #expect(try await store.configuration(organizationID: "org-1") == second)
        #expect(try await store.configuration(organizationID: "org-2") == nil)
    }

    @Test(arguments: DatabaseEngine.allCases) func usersAreSearchedFilteredSortedAndCounted(engine: DatabaseEngine) async throws {
        let database = try await fixture(engine)
        let store = SQLUserStore(database: database)
        func user(_ id: String, email: String, first: String?, external: String?, organization: String = "org-1") -> UserRecord {
            UserRecord(id: id, organizationID: organization, email: email, firstName: first, lastName: nil, timeZone: nil, enrollmentID: "enr-" + id,
                       enrollmentStatus: "INITIALIZED", createdAt: time(), externalID: external)
        }
        try await store.create(user("usr_1", email: "zed@contoso.com", first: "Zed", external: "alpha"))
        try await store.create(user("usr_2", email: "Amy@contoso.com", first: "Amy", external: nil))
        try await store.create(user("usr_3", email: "bo@contoso.com", first: nil, external: "charlie"))
        try await store.create(user("usr_4", email: "x@contoso.com", first: "X", external: "alpha", organization: "org-2"))
        do {
            try await store.create(user("usr_5", email: "new@contoso.com", first: nil, external: "alpha"))
            Issue.record("a second user with the UserId alpha was stored")
        } catch StorageError.conflict(let what) {
            #expect(what == UserConflict.externalID)
        }
        func ids(_ search: UserSearch) async throws -> [String] { try await store.search(organizationID: "org-1", search).users.map(\.id) }
        // By UserId when unsorted: a REST user's UserId is its e-mail ("Amy@…" < "alpha" byte-wise).
        #expect(try await ids(UserSearch(limit: 10)) == ["usr_2", "usr_1", "usr_3"])
        #expect(try await ids(UserSearch(sort: [(.firstName, true)], limit: 10)) == ["usr_1", "usr_2", "usr_3"], "absent names sort as empty")
        #expect(try await ids(UserSearch(filters: [(.email, ["AMY@CONTOSO.COM", "bo@contoso.com"])], limit: 10)) == ["usr_2", "usr_3"])
        #expect(try await ids(UserSearch(filters: [(.userID, ["amy@contoso.com"])], limit: 10)) == [], "UserId is compared exactly")
        #expect(try await ids(UserSearch(filters: [(.userID, ["Amy@contoso.com", "charlie"])], limit: 10)) == ["usr_2", "usr_3"])
        let page = try await store.search(organizationID: "org-1", UserSearch(offset: 1, limit: 1))
        #expect(page.users.map(\.id) == ["usr_1"] && page.total == 3)
        #expect(try await store.user(enrollmentID: "enr-usr_3", organizationID: "org-1")?.externalID == "charlie")
        #expect(try await store.user(enrollmentID: "enr-usr_3", organizationID: "org-2") == nil)
        // Deleting a user removes its tags.
        try await SQLTagStore(database: database).setTags([("k", "v")], organizationID: "org-1", resourceID: "usr_3", limit: 50)
        #expect(try await store.delete(id: "usr_3", organizationID: "org-1"))
        #expect(try await SQLTagStore(database: database).tags(organizationID: "org-1", resourceID: "usr_3").isEmpty)
    }
}
