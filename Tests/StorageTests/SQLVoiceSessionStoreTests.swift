// SQLVoiceSessionStoreTests: dialog rows (save, replace, expiry, prune, cascade), link status changes by
// generation, the organization's skill id and users by Alexa account.
import Foundation
import Storage
import Testing

@Suite struct SQLVoiceSessionStoreTests {
    private func fixture(_ engine: DatabaseEngine) async throws -> (any SQLDatabase, SQLVoiceSessionStore, SQLUserStore) {
        let database = try await migratedDatabase(engine)
        let organizations = SQLOrganizationStore(database: database)
        try await createOrganization("org-1", in: organizations)
        try await createOrganization("org-2", in: organizations)
        let users = SQLUserStore(database: database)
        for (id, org) in [("usr-a", "org-1"), ("usr-b", "org-1"), ("usr-c", "org-2")] {
            try await users.create(UserRecord(id: id, organizationID: org, email: "\(id)@contoso.com", firstName: nil, lastName: nil, timeZone: nil,
                                              enrollmentID: "enr-\(id)", enrollmentStatus: "REGISTERED", alexaUserID: "amzn1.ask.account.\(id)",
                                              createdAt: time()))
        }
        return (database, SQLVoiceSessionStore(database: database), users)
    }

    private func session(_ id: String, org: String = "org-1", user: String = "usr-a", state: String = "{}", expires: TimeInterval = 300) -> VoiceSessionRecord {
        VoiceSessionRecord(organizationID: org, id: id, userID: user, state: state, updatedAt: time(), expiresAt: time(expires))
    }

    @Test(arguments: DatabaseEngine.allCases) func aSessionRoundTripsAndASaveReplacesIt(engine: DatabaseEngine) async throws {
        let (_, store, _) = try await fixture(engine)
        try await store.save(session("s1", state: #"{"intent":"AddEventIntent"}"#))
        #expect(try await store.session(id: "s1", organizationID: "org-1", now: time(10)) == session("s1", state: #"{"intent":"AddEventIntent"}"#))
        try await store.save(session("s1", user: "usr-b", state: "{}", expires: 600))
        #expect(try await store.session(id: "s1", organizationID: "org-1", now: time(10)) == session("s1", user: "usr-b", expires: 600))
    }

    @Test(arguments: DatabaseEngine.allCases) func sessionIdsArePerOrganization(engine: DatabaseEngine) async throws {
        let (_, store, _) = try await fixture(engine)
        try await store.save(session("s1"))
        #expect(try await store.session(id: "s1", organizationID: "org-2", now: time()) == nil)
        try await store.save(session("s1", org: "org-2", user: "usr-c", state: "other"))
        #expect(try await store.session(id: "s1", organizationID: "org-1", now: time())?.state == "{}")
        #expect(try await store.delete(id: "s1", organizationID: "org-2"))
        #expect(try await store.session(id: "s1", organizationID: "org-1", now: time()) != nil, "deleting org-2's leaves org-1's")
        #expect(try await store.delete(id: "s1", organizationID: "org-2") == false)
    }

    @Test(arguments: DatabaseEngine.allCases) func anExpiredSessionIsNotReadAndPruneDeletesOnlyExpiredOnes(engine: DatabaseEngine) async throws {
        let (_, store, _) = try await fixture(engine)
        try await store.save(session("short", expires: 60))
        try await store.save(session("long", expires: 600))
        #expect(try await store.session(id: "short", organizationID: "org-1", now: time(59)) != nil)
        #expect(try await store.session(id: "short", organizationID: "org-1", now: time(60)) == nil, "expires_at is exclusive")
        #expect(try await store.prune(now: time(60)) == 1)
        #expect(try await store.session(id: "long", organizationID: "org-1", now: time(60)) != nil)
        #expect(try await store.prune(now: time(60)) == 0)
    }

    @Test(arguments: DatabaseEngine.allCases) func deletingTheUserDeletesItsSessions(engine: DatabaseEngine) async throws {
        let (_, store, users) = try await fixture(engine)
        try await store.save(session("s1"))
        try await store.save(session("s2", user: "usr-b"))
        #expect(try await users.delete(id: "usr-a", organizationID: "org-1"))
        #expect(try await store.session(id: "s1", organizationID: "org-1", now: time()) == nil)
        #expect(try await store.session(id: "s2", organizationID: "org-1", now: time()) != nil)
    }

    @Test(arguments: DatabaseEngine.allCases) func aSessionForAnUnknownUserIsRefused(engine: DatabaseEngine) async throws {
        let (_, store, _) = try await fixture(engine)
        await #expect(throws: (any Error).self) { try await store.save(session("s1", user: "usr-nobody")) }
    }

    @Test(arguments: DatabaseEngine.allCases) func usersAreFoundByTheirAlexaAccountAcrossOrganizations(engine: DatabaseEngine) async throws {
        let (_, _, users) = try await fixture(engine)
        #expect(try await users.user(alexaUserID: "amzn1.ask.account.usr-c")?.organizationID == "org-2")
        #expect(try await users.user(alexaUserID: "amzn1.ask.account.usr-b")?.id == "usr-b")
        #expect(try await users.user(alexaUserID: "amzn1.ask.account.nobody") == nil)
    }

    @Test(arguments: DatabaseEngine.allCases) func theSkillIdIsStoredChangedAndCleared(engine: DatabaseEngine) async throws {
        let (database, _, _) = try await fixture(engine)
        let organizations = SQLOrganizationStore(database: database)
        var organization = try #require(try await organizations.organization(id: "org-1"))
        #expect(organization.skillID == nil)
        organization.skillID = "amzn1.ask.skill.1"
        #expect(try await organizations.update(organization))
        #expect(try await organizations.organization(id: "org-1")?.skillID == "amzn1.ask.skill.1")
        organization.skillID = nil
        #expect(try await organizations.update(organization))
        #expect(try await organizations.organization(id: "org-1")?.skillID == nil)
    }

    @Test(arguments: DatabaseEngine.allCases) func aStatusChangeNamesItsGenerationAndIsAuditedOnce(engine: DatabaseEngine) async throws {
        let (database, _, _) = try await fixture(engine)
        let links = SQLExchangeLinkStore(database: database)
        let saved = try await links.save(sampleLink("org-1"), expectedGeneration: nil, audit: sampleAudit("org-1"))
        let audit = sampleAudit("org-1", action: "status", newUPN: nil, outcome: "failed", reason: "BAD_CREDENTIALS")
        #expect(try await links.setStatus("credentialsRejected", organizationID: "org-1", generation: saved.generation + 1, audit: audit) == false,
                "a newer generation than stored: nothing changes")
        #expect(try await links.setStatus("credentialsRejected", organizationID: "org-1", generation: saved.generation, audit: audit))
        #expect(try await links.link(organizationID: "org-1")?.status == "credentialsRejected")
        #expect(try await links.setStatus("credentialsRejected", organizationID: "org-1", generation: saved.generation, audit: audit) == false,
                "already so: no second audit row")
        #expect(try await links.audit(organizationID: "org-1", limit: 10).filter { $0.action == "status" }.count == 1)
        // A re-link stores a new generation as active.
        let relinked = try await links.save(sampleLink("org-1"), expectedGeneration: saved.generation, audit: sampleAudit("org-1", action: "relink"))
        #expect(relinked.status == "active")
        #expect(try await links.setStatus("credentialsRejected", organizationID: "org-1", generation: saved.generation, audit: audit) == false,
                "an answer about the old link does not mark the new one")
        await #expect(throws: StorageError.self) {
            try await links.setStatus("x", organizationID: "org-1", generation: relinked.generation, audit: sampleAudit("org-2"))
        }
    }
}
