// SQLUserStoreTests: users, invitations and calendar links through the store, against the real migrated schema.
import Foundation
import Storage
import Testing

@Suite struct SQLUserStoreTests {
    /// A migrated in-memory database with organizations org-1 and org-2, and a user store on it.
    private func fixture(_ engine: DatabaseEngine) async throws -> (any SQLDatabase, SQLUserStore) {
        let database = try await migratedDatabase(engine)
        let organizations = SQLOrganizationStore(database: database)
        try await createOrganization("org-1", in: organizations)
        try await createOrganization("org-2", in: organizations)
        return (database, SQLUserStore(database: database))
    }

    private func count(_ table: String, _ database: any SQLDatabase) async throws -> Int {
        try await database.rows("SELECT count(*) AS n FROM \(table)").first?.get("n") ?? -1
    }

    private func sampleUser(
        _ id: String, organizationID: String = "org-1", email: String? = nil, status: String = "INITIALIZED"
    ) -> UserRecord {
        UserRecord(id: id, organizationID: organizationID, email: email ?? "\(id)@contoso.example", firstName: "Ada",
                   lastName: "Lovelace", timeZone: nil, enrollmentID: "enr-\(organizationID)-\(id)", enrollmentStatus: status,
                   createdAt: time())
    }

    private func invitation(
        _ tokenHash: String, userID: String = "usr-1", organizationID: String = "org-1", at offset: TimeInterval = 100
    ) -> InvitationRecord {
        InvitationRecord(tokenHash: tokenHash, userID: userID, organizationID: organizationID, createdAt: time(offset),
                         expiresAt: time(offset + 7 * 86_400))
    }

    private func mail(_ organizationID: String = "org-1", to recipient: String = "usr-1@contoso.example", at offset: TimeInterval = 100)
        -> OutboxMessage {
        OutboxMessage(organizationID: organizationID, recipient: recipient, subject: "Join Contoso on Alexa",
                      body: "Open https://a4b.example/join/…", createdAt: time(offset), deliveryState: OutboxMessage.held)
    }

    private func outboxRecipients(_ database: any SQLDatabase) async throws -> [String] {
        try await database.rows("SELECT recipient FROM outbox ORDER BY id").map { try $0.get("recipient") }
    }

    // MARK: create and read

    @Test(arguments: DatabaseEngine.allCases) func aCreatedUserRoundTripsEveryField(engine: DatabaseEngine) async throws {
        let (_, store) = try await fixture(engine)
        let user = UserRecord(
            id: "usr-1", organizationID: "org-1", email: "Alice.O'Brien@Contoso.Example", firstName: "Alice", lastName: "O'Brien",
            timeZone: "Europe/Berlin", enrollmentID: "enr-1", enrollmentStatus: "REGISTERED", alexaUserID: "amzn1.ask.account.AAA",
            createdAt: time(1), registeredAt: time(2))
        try await store.create(user)
        #expect(try await store.user(id: "usr-1", organizationID: "org-1") == user)

        // The optional fields stay absent.
        let bare = UserRecord(id: "usr-2", organizationID: "org-1", email: "bob@contoso.example", firstName: nil, lastName: nil,
                              timeZone: nil, enrollmentID: "enr-2", enrollmentStatus: "INITIALIZED", createdAt: time(3))
        try await store.create(bare)
        let read = try #require(try await store.user(id: "usr-2", organizationID: "org-1"))
        #expect(read == bare)
        #expect(read.firstName == nil && read.lastName == nil && read.timeZone == nil && read.alexaUserID == nil)
        #expect(read.registeredAt == nil && read.invitationExpiresAt == nil && read.calendarLink == nil)
    }

    @Test(arguments: DatabaseEngine.allCases) func readOnlyFieldsAreIgnoredOnCreate(engine: DatabaseEngine) async throws {
        let (database, store) = try await fixture(engine)
        var user = sampleUser("usr-1")
        user.invitationExpiresAt = time(999)
        user.calendarLink = CalendarLinkRecord(userID: "usr-1", organizationID: "org-1", mailbox: "x@contoso.example", linkedAt: time())
        try await store.create(user)
        let read = try #require(try await store.user(id: "usr-1", organizationID: "org-1"))
        #expect(read.invitationExpiresAt == nil)
        #expect(read.calendarLink == nil)
        #expect(try await count("invitations", database) == 0)
        #expect(try await count("calendar_links", database) == 0)
    }

    @Test(arguments: DatabaseEngine.allCases) func timesAreStoredToTheWholeSecond(engine: DatabaseEngine) async throws {
        let (database, store) = try await fixture(engine)
        let user = UserRecord(id: "usr-1", organizationID: "org-1", email: "a@contoso.example", firstName: nil, lastName: nil,
                              timeZone: nil, enrollmentID: "enr-1", enrollmentStatus: "INITIALIZED", createdAt: time(0.75))
        try await store.create(user)
        #expect(try await database.rows("SELECT created_at FROM users").first?.get("created_at") == "2026-11-27T03:00:00Z")
        #expect(try await store.user(id: "usr-1", organizationID: "org-1")?.createdAt == time())
    }

    @Test(arguments: DatabaseEngine.allCases, ["alice@contoso.example", "ALICE@CONTOSO.EXAMPLE", "Alice@Contoso.Example"])
    func aDuplicateEmailIgnoringCaseIsAConflictAndNothingIsWritten(engine: DatabaseEngine, duplicate: String) async throws {
        let (database, store) = try await fixture(engine)
        let first = sampleUser("usr-1", email: "alice@Contoso.example")
        try await store.create(first)
        let error = await #expect(throws: StorageError.self) {
            try await store.create(self.sampleUser("usr-2", email: duplicate))
        }
        #expect(error?.code == "storage.conflict")
        #expect(try await count("users", database) == 1)
        #expect(try await store.user(id: "usr-2", organizationID: "org-1") == nil)
        #expect(try await store.user(id: "usr-1", organizationID: "org-1") == first)
    }

    @Test(arguments: DatabaseEngine.allCases) func theSameEmailInAnotherOrganizationIsFine(engine: DatabaseEngine) async throws {
        let (_, store) = try await fixture(engine)
        try await store.create(sampleUser("usr-1", organizationID: "org-1", email: "alice@contoso.example"))
        try await store.create(sampleUser("usr-2", organizationID: "org-2", email: "ALICE@contoso.example"))
        #expect(try await store.user(id: "usr-2", organizationID: "org-2")?.email == "ALICE@contoso.example")
    }

    @Test(arguments: DatabaseEngine.allCases) func aUserOfAnUnknownOrganizationIsAConstraintViolation(engine: DatabaseEngine) async throws {
        let (database, store) = try await fixture(engine)
        let error = await #expect(throws: StorageError.self) {
            try await store.create(self.sampleUser("usr-1", organizationID: "org-404"))
        }
        #expect(error?.code == "storage.constraint_violation")
        #expect(try await count("users", database) == 0)
    }

    @Test(arguments: DatabaseEngine.allCases) func anotherOrganizationsUserIsNotFound(engine: DatabaseEngine) async throws {
        let (_, store) = try await fixture(engine)
        try await store.create(sampleUser("usr-1", organizationID: "org-1"))
        #expect(try await store.user(id: "usr-1", organizationID: "org-2") == nil)
        #expect(try await store.user(id: "usr-404", organizationID: "org-1") == nil)
        #expect(try await store.user(id: "usr-1", organizationID: "org-1") != nil)
    }

    // MARK: listing

    @Test(arguments: DatabaseEngine.allCases) func listingPagesInIdOrderWithCursorAndLimit(engine: DatabaseEngine) async throws {
        let (_, store) = try await fixture(engine)
        let ids = ["usr-07", "usr-01", "Usr-10", "usr-03", "usr-05", "usr-02", "usr-04", "usr-06", "usr-09", "usr-08"]
        for id in ids { try await store.create(sampleUser(id)) }
        try await store.create(sampleUser("usr-00", organizationID: "org-2"))

        let (seen, pages) = try await pageThrough(limit: 3) { cursor, limit in
            try await store.users(organizationID: "org-1", filter: UserFilter(), after: cursor, limit: limit).map(\.id)
        }
        // Byte order: uppercase before lowercase; org-2's user never shows.
        #expect(seen == ids.sorted())
        #expect(seen.first == "Usr-10")
        #expect(pages == 4)
        #expect(try await store.users(organizationID: "org-1", filter: UserFilter(), after: nil, limit: 0).isEmpty)
        #expect(try await store.users(organizationID: "org-1", filter: UserFilter(), after: "usr-09", limit: 5).isEmpty)
        #expect(try await store.users(organizationID: "org-1", filter: UserFilter(), after: "usr-045", limit: 2).map(\.id)
            == ["usr-05", "usr-06"])
    }

    @Test(arguments: DatabaseEngine.allCases) func listingNeverShowsAnotherOrganizationsUsers(engine: DatabaseEngine) async throws {
        let (_, store) = try await fixture(engine)
        try await store.create(sampleUser("usr-a", organizationID: "org-1", email: "same@contoso.example"))
        try await store.create(sampleUser("usr-b", organizationID: "org-2", email: "same@contoso.example"))
        try await store.create(sampleUser("usr-c", organizationID: "org-2"))
        #expect(try await store.users(organizationID: "org-1", filter: UserFilter(), after: nil, limit: 100).map(\.id) == ["usr-a"])
        #expect(try await store.users(organizationID: "org-2", filter: UserFilter(), after: nil, limit: 100).map(\.id) == ["usr-b", "usr-c"])
        #expect(try await store.users(organizationID: "org-1", filter: UserFilter(email: "same@contoso.example"), after: nil, limit: 100)
            .map(\.id) == ["usr-a"])
        #expect(try await store.users(organizationID: "org-404", filter: UserFilter(), after: nil, limit: 100).isEmpty)
    }

    @Test(arguments: DatabaseEngine.allCases) func listingFiltersByStatusAndEmailIgnoringCase(engine: DatabaseEngine) async throws {
        let (_, store) = try await fixture(engine)
        try await store.create(sampleUser("usr-1", email: "Alice@Contoso.example", status: "INITIALIZED"))
        try await store.create(sampleUser("usr-2", email: "bob@contoso.example", status: "PENDING"))
        try await store.create(sampleUser("usr-3", email: "carol@contoso.example", status: "PENDING"))
        try await store.create(sampleUser("usr-4", email: "dave@contoso.example", status: "REGISTERED"))

        func ids(_ filter: UserFilter) async throws -> [String] {
            try await store.users(organizationID: "org-1", filter: filter, after: nil, limit: 100).map(\.id)
        }
        #expect(try await ids(UserFilter(enrollmentStatus: "PENDING")) == ["usr-2", "usr-3"])
        #expect(try await ids(UserFilter(enrollmentStatus: "REGISTERED")) == ["usr-4"])
        #expect(try await ids(UserFilter(enrollmentStatus: "DEREGISTERING")) == [])
        #expect(try await ids(UserFilter(email: "alice@contoso.example")) == ["usr-1"])
        #expect(try await ids(UserFilter(email: "ALICE@CONTOSO.EXAMPLE")) == ["usr-1"])
        #expect(try await ids(UserFilter(email: "alice")) == [])
        #expect(try await ids(UserFilter(enrollmentStatus: "PENDING", email: "BOB@contoso.example")) == ["usr-2"])
        #expect(try await ids(UserFilter(enrollmentStatus: "INITIALIZED", email: "bob@contoso.example")) == [])
        // The filter and the cursor combine.
        #expect(try await store.users(organizationID: "org-1", filter: UserFilter(enrollmentStatus: "PENDING"), after: "usr-2", limit: 10)
            .map(\.id) == ["usr-3"])
    }

    // MARK: delete

    @Test(arguments: DatabaseEngine.allCases) func deletingAUserCascadesToItsInvitationsAndCalendarLink(engine: DatabaseEngine) async throws {
        let (database, store) = try await fixture(engine)
        try await store.create(sampleUser("usr-1"))
        try await store.create(sampleUser("usr-2"))
        _ = try await store.issueInvitation(invitation("hash-1a"), expectedStatus: "INITIALIZED", mail: mail())
        _ = try await store.issueInvitation(invitation("hash-1b", at: 200), expectedStatus: "PENDING", mail: mail(at: 200))
        _ = try await store.issueInvitation(invitation("hash-2", userID: "usr-2"), expectedStatus: "INITIALIZED", mail: mail())
        for id in ["usr-1", "usr-2"] {
            let link = CalendarLinkRecord(userID: id, organizationID: "org-1", mailbox: "\(id)@contoso.example", linkedAt: time(300))
            #expect(try await store.saveCalendarLink(link))
        }
        #expect(try await store.invitation(tokenHash: "hash-1a") != nil)

        // Another organization cannot delete it.
        #expect(try await !store.delete(id: "usr-1", organizationID: "org-2"))
        #expect(try await store.user(id: "usr-1", organizationID: "org-1") != nil)

        #expect(try await store.delete(id: "usr-1", organizationID: "org-1"))
        #expect(try await store.user(id: "usr-1", organizationID: "org-1") == nil)
        #expect(try await store.invitation(tokenHash: "hash-1a") == nil)
        #expect(try await store.invitation(tokenHash: "hash-1b") == nil)
        let invitationOwners: [String] = try await database.rows("SELECT user_id FROM invitations").map { try $0.get("user_id") }
        let linkOwners: [String] = try await database.rows("SELECT user_id FROM calendar_links").map { try $0.get("user_id") }
        #expect(invitationOwners == ["usr-2"])
        #expect(linkOwners == ["usr-2"])
        // The mail already written stays in the outbox: it was sent.
        #expect(try await count("outbox", database) == 3)

        #expect(try await !store.delete(id: "usr-1", organizationID: "org-1"))
        #expect(try await store.invitation(tokenHash: "hash-2") != nil)
    }

    // MARK: invitations

    @Test(arguments: DatabaseEngine.allCases) func issuingAnInvitationSetsPendingStoresItAndWritesOneOutboxMessage(engine: DatabaseEngine) async throws {
        let (database, store) = try await fixture(engine)
        try await store.create(sampleUser("usr-1"))
        let sent = try await store.issueInvitation(invitation("hash-1"), expectedStatus: "INITIALIZED", mail: mail())
        #expect(sent.id > 0)
        #expect(sent == OutboxMessage(id: sent.id, organizationID: "org-1", recipient: "usr-1@contoso.example",
                                      subject: "Join Contoso on Alexa", body: "Open https://a4b.example/join/…",
                                      createdAt: time(100), deliveryState: "HELD"))
        #expect(try await SQLOutboxStore(database: database).messages(organizationID: "org-1", after: nil, limit: 10) == [sent])

        let user = try #require(try await store.user(id: "usr-1", organizationID: "org-1"))
        #expect(user.enrollmentStatus == "PENDING")
        #expect(user.invitationExpiresAt == time(100 + 7 * 86_400))

        let found = try #require(try await store.invitation(tokenHash: "hash-1"))
        #expect(found.invitation == InvitationRecord(tokenHash: "hash-1", userID: "usr-1", organizationID: "org-1", createdAt: time(100),
                                                     expiresAt: time(100 + 7 * 86_400), state: "pending", endedAt: nil))
        #expect(found.user == user)
        #expect(try await store.invitation(tokenHash: "hash-unknown") == nil)
    }

    @Test(arguments: DatabaseEngine.allCases) func aNewInvitationReplacesThePendingOne(engine: DatabaseEngine) async throws {
        let (database, store) = try await fixture(engine)
        try await store.create(sampleUser("usr-1"))
        try await store.create(sampleUser("usr-2"))
        let first = try await store.issueInvitation(invitation("hash-1"), expectedStatus: "INITIALIZED", mail: mail())
        _ = try await store.issueInvitation(invitation("hash-other", userID: "usr-2"), expectedStatus: "INITIALIZED",
                                            mail: mail(to: "usr-2@contoso.example"))
        let second = try await store.issueInvitation(invitation("hash-2", at: 500), expectedStatus: "PENDING", mail: mail(at: 500))
        #expect(second.id > first.id)

        let old = try #require(try await store.invitation(tokenHash: "hash-1")).invitation
        #expect(old.state == InvitationRecord.replaced)
        #expect(old.endedAt == time(500))
        let new = try #require(try await store.invitation(tokenHash: "hash-2")).invitation
        #expect(new.state == InvitationRecord.pending)
        #expect(new.endedAt == nil)
        // Another user's pending invitation is untouched.
        #expect(try await store.invitation(tokenHash: "hash-other")?.invitation.state == InvitationRecord.pending)

        let user = try #require(try await store.user(id: "usr-1", organizationID: "org-1"))
        #expect(user.enrollmentStatus == "PENDING")
        #expect(user.invitationExpiresAt == time(500 + 7 * 86_400))
        let pending: Int = try await database.rows("SELECT count(*) AS n FROM invitations WHERE user_id = 'usr-1' AND state = 'pending'")
            .first?.get("n") ?? -1
        #expect(pending == 1)
        #expect(try await count("outbox", database) == 3)
        // One row per user in listings, whatever the invitation history.
        #expect(try await store.users(organizationID: "org-1", filter: UserFilter(), after: nil, limit: 10).map(\.id) == ["usr-1", "usr-2"])
    }

    @Test(arguments: DatabaseEngine.allCases, ["PENDING", "REGISTERED", "initialized"])
    func issuingWithAWrongExpectedStatusIsAConflictThatWritesNothing(engine: DatabaseEngine, expected: String) async throws {
        let (database, store) = try await fixture(engine)
        let user = sampleUser("usr-1", status: "INITIALIZED")
        try await store.create(user)
        let error = await #expect(throws: StorageError.self) {
            try await store.issueInvitation(self.invitation("hash-1"), expectedStatus: expected, mail: self.mail())
        }
        #expect(error?.code == "storage.conflict")
        #expect(try await count("invitations", database) == 0)
        #expect(try await count("outbox", database) == 0)
        #expect(try await store.user(id: "usr-1", organizationID: "org-1") == user)
    }

    @Test(arguments: DatabaseEngine.allCases) func aConflictingReinvitationLeavesThePendingInvitationAlone(engine: DatabaseEngine) async throws {
        let (database, store) = try await fixture(engine)
        try await store.create(sampleUser("usr-1"))
        _ = try await store.issueInvitation(invitation("hash-1"), expectedStatus: "INITIALIZED", mail: mail())
        // A writer that read INITIALIZED before the first invitation loses.
        let error = await #expect(throws: StorageError.self) {
            try await store.issueInvitation(self.invitation("hash-2", at: 200), expectedStatus: "INITIALIZED", mail: self.mail(at: 200))
        }
        #expect(error?.code == "storage.conflict")
        #expect(try await store.invitation(tokenHash: "hash-1")?.invitation.state == InvitationRecord.pending)
        #expect(try await store.invitation(tokenHash: "hash-2") == nil)
        #expect(try await count("outbox", database) == 1)
    }

    @Test(arguments: DatabaseEngine.allCases) func invitingAnotherOrganizationsOrAMissingUserIsAConflict(engine: DatabaseEngine) async throws {
        let (database, store) = try await fixture(engine)
        try await store.create(sampleUser("usr-1", organizationID: "org-1"))
        for target in [invitation("hash-1", userID: "usr-1", organizationID: "org-2"), invitation("hash-2", userID: "usr-404")] {
            let error = await #expect(throws: StorageError.self) {
                try await store.issueInvitation(target, expectedStatus: "INITIALIZED", mail: self.mail(target.organizationID))
            }
            #expect(error?.code == "storage.conflict")
        }
        #expect(try await count("invitations", database) == 0)
        #expect(try await count("outbox", database) == 0)
        #expect(try await store.user(id: "usr-1", organizationID: "org-1")?.enrollmentStatus == "INITIALIZED")
    }

    @Test(arguments: DatabaseEngine.allCases) func aMailThatCannotBeStoredUndoesTheWholeInvitation(engine: DatabaseEngine) async throws {
        let (database, store) = try await fixture(engine)
        try await store.create(sampleUser("usr-1"))
        _ = try await store.issueInvitation(invitation("hash-1"), expectedStatus: "INITIALIZED", mail: mail())
        // The outbox row names an organization that does not exist: the foreign key refuses it, and with it the
        // replacement of hash-1, the new invitation and the status write.
        await #expect(throws: StorageError.self) {
            try await store.issueInvitation(self.invitation("hash-2", at: 200), expectedStatus: "PENDING", mail: self.mail("org-404", at: 200))
        }
        #expect(try await store.invitation(tokenHash: "hash-1")?.invitation.state == InvitationRecord.pending)
        #expect(try await store.invitation(tokenHash: "hash-1")?.invitation.endedAt == nil)
        #expect(try await store.invitation(tokenHash: "hash-2") == nil)
        #expect(try await count("outbox", database) == 1)
        #expect(try await store.user(id: "usr-1", organizationID: "org-1")?.invitationExpiresAt == time(100 + 7 * 86_400))
    }

    @Test(arguments: DatabaseEngine.allCases) func revokingEndsThePendingInvitationOnceAndResetsTheUser(engine: DatabaseEngine) async throws {
        let (_, store) = try await fixture(engine)
        try await store.create(sampleUser("usr-1"))
        #expect(try await !store.revokeInvitation(userID: "usr-1", organizationID: "org-1", at: time(50)))
        _ = try await store.issueInvitation(invitation("hash-1"), expectedStatus: "INITIALIZED", mail: mail())

        // Not through another organization.
        #expect(try await !store.revokeInvitation(userID: "usr-1", organizationID: "org-2", at: time(150)))
        #expect(try await store.user(id: "usr-1", organizationID: "org-1")?.enrollmentStatus == "PENDING")

        #expect(try await store.revokeInvitation(userID: "usr-1", organizationID: "org-1", at: time(200)))
        let ended = try #require(try await store.invitation(tokenHash: "hash-1")).invitation
        #expect(ended.state == InvitationRecord.revoked)
        #expect(ended.endedAt == time(200))
        let user = try #require(try await store.user(id: "usr-1", organizationID: "org-1"))
        #expect(user.enrollmentStatus == "INITIALIZED")
        #expect(user.invitationExpiresAt == nil)

        #expect(try await !store.revokeInvitation(userID: "usr-1", organizationID: "org-1", at: time(300)))
        #expect(try await store.invitation(tokenHash: "hash-1")?.invitation.endedAt == time(200))
        // A revoked invitation can no longer be accepted.
        #expect(try await store.accept(tokenHash: "hash-1", alexaUserID: "amzn1.ask.account.A", at: time(400)) == .notPending)
    }

    @Test(arguments: DatabaseEngine.allCases) func acceptingRegistersTheUserOnceThenIsNotPending(engine: DatabaseEngine) async throws {
        let (_, store) = try await fixture(engine)
        try await store.create(sampleUser("usr-1"))
        _ = try await store.issueInvitation(invitation("hash-1"), expectedStatus: "INITIALIZED", mail: mail())
        #expect(try await store.accept(tokenHash: "hash-1", alexaUserID: "amzn1.ask.account.A", at: time(200)) == .accepted)

        let user = try #require(try await store.user(id: "usr-1", organizationID: "org-1"))
        #expect(user.enrollmentStatus == "REGISTERED")
        #expect(user.alexaUserID == "amzn1.ask.account.A")
        #expect(user.registeredAt == time(200))
        #expect(user.invitationExpiresAt == nil)
        let accepted = try #require(try await store.invitation(tokenHash: "hash-1")).invitation
        #expect(accepted.state == InvitationRecord.accepted)
        #expect(accepted.endedAt == time(200))

        // Twice, or with another account: the invitation is used.
        #expect(try await store.accept(tokenHash: "hash-1", alexaUserID: "amzn1.ask.account.A", at: time(300)) == .notPending)
        #expect(try await store.accept(tokenHash: "hash-1", alexaUserID: "amzn1.ask.account.B", at: time(300)) == .notPending)
        #expect(try await store.user(id: "usr-1", organizationID: "org-1") == user)
        #expect(try await store.accept(tokenHash: "hash-unknown", alexaUserID: "amzn1.ask.account.C", at: time(300)) == .notPending)
    }

    @Test(arguments: DatabaseEngine.allCases) func aReplacedInvitationCannotBeAccepted(engine: DatabaseEngine) async throws {
        let (_, store) = try await fixture(engine)
        try await store.create(sampleUser("usr-1"))
        _ = try await store.issueInvitation(invitation("hash-1"), expectedStatus: "INITIALIZED", mail: mail())
        _ = try await store.issueInvitation(invitation("hash-2", at: 200), expectedStatus: "PENDING", mail: mail(at: 200))
        #expect(try await store.accept(tokenHash: "hash-1", alexaUserID: "amzn1.ask.account.A", at: time(300)) == .notPending)
        #expect(try await store.user(id: "usr-1", organizationID: "org-1")?.enrollmentStatus == "PENDING")
        #expect(try await store.accept(tokenHash: "hash-2", alexaUserID: "amzn1.ask.account.A", at: time(300)) == .accepted)
    }

    @Test(arguments: DatabaseEngine.allCases) func anAlexaIdTakenInTheOrganizationIsRefusedAndWritesNothing(engine: DatabaseEngine) async throws {
        let (_, store) = try await fixture(engine)
        try await store.create(sampleUser("usr-1"))
        try await store.create(sampleUser("usr-2"))
        _ = try await store.issueInvitation(invitation("hash-1"), expectedStatus: "INITIALIZED", mail: mail())
        _ = try await store.issueInvitation(invitation("hash-2", userID: "usr-2"), expectedStatus: "INITIALIZED", mail: mail())
        #expect(try await store.accept(tokenHash: "hash-1", alexaUserID: "amzn1.ask.account.A", at: time(200)) == .accepted)

        #expect(try await store.accept(tokenHash: "hash-2", alexaUserID: "amzn1.ask.account.A", at: time(300)) == .alexaUserIDTaken)
        let second = try #require(try await store.user(id: "usr-2", organizationID: "org-1"))
        #expect(second.enrollmentStatus == "PENDING")
        #expect(second.alexaUserID == nil)
        #expect(second.registeredAt == nil)
        #expect(try await store.invitation(tokenHash: "hash-2")?.invitation.state == InvitationRecord.pending)
        // It is still pending: with another account it goes through.
        #expect(try await store.accept(tokenHash: "hash-2", alexaUserID: "amzn1.ask.account.B", at: time(400)) == .accepted)
    }

    /// An Alexa account belongs to one organization (as in Alexa for Business), so a voice request maps to one user:
    /// another organization cannot register the same account.
    @Test(arguments: DatabaseEngine.allCases) func anAlexaIdTakenInAnotherOrganizationIsRefusedToo(engine: DatabaseEngine) async throws {
        let (_, store) = try await fixture(engine)
        try await store.create(sampleUser("usr-1", organizationID: "org-1"))
        try await store.create(sampleUser("usr-2", organizationID: "org-2"))
        _ = try await store.issueInvitation(invitation("hash-1"), expectedStatus: "INITIALIZED", mail: mail())
        _ = try await store.issueInvitation(invitation("hash-2", userID: "usr-2", organizationID: "org-2"), expectedStatus: "INITIALIZED",
                                            mail: mail("org-2"))
        #expect(try await store.accept(tokenHash: "hash-1", alexaUserID: "amzn1.ask.account.A", at: time(200)) == .accepted)
        #expect(try await store.accept(tokenHash: "hash-2", alexaUserID: "amzn1.ask.account.A", at: time(200)) == .alexaUserIDTaken)
        #expect(try await store.user(id: "usr-2", organizationID: "org-2")?.alexaUserID == nil)
    }

    @Test(arguments: DatabaseEngine.allCases) func anExpiredInvitationIsNotAccepted(engine: DatabaseEngine) async throws {
        let (_, store) = try await fixture(engine)
        try await store.create(sampleUser("usr-1"))
        let expiring = invitation("hash-1")
        _ = try await store.issueInvitation(expiring, expectedStatus: "INITIALIZED", mail: mail())
        #expect(try await store.accept(tokenHash: "hash-1", alexaUserID: "amzn1.ask.account.A", at: expiring.expiresAt) == .notPending)
        #expect(try await store.user(id: "usr-1", organizationID: "org-1")?.enrollmentStatus == "PENDING")
    }

    @Test(arguments: DatabaseEngine.allCases) func anInvitationWhoseUserLeftPendingCannotBeAccepted(engine: DatabaseEngine) async throws {
        let (database, store) = try await fixture(engine)
        try await store.create(sampleUser("usr-1"))
        _ = try await store.issueInvitation(invitation("hash-1"), expectedStatus: "INITIALIZED", mail: mail())
        // Another writer moved the user on (e.g. the AWS front-end's DISASSOCIATING) without touching the invitation.
        try await database.run("UPDATE users SET enrollment_status = 'DISASSOCIATING' WHERE id = 'usr-1'")
        #expect(try await store.accept(tokenHash: "hash-1", alexaUserID: "amzn1.ask.account.A", at: time(200)) == .notPending)
        #expect(try await store.invitation(tokenHash: "hash-1")?.invitation.state == InvitationRecord.pending)
        let user = try #require(try await store.user(id: "usr-1", organizationID: "org-1"))
        #expect(user.enrollmentStatus == "DISASSOCIATING")
        #expect(user.alexaUserID == nil)
    }

    // MARK: calendar links

    @Test(arguments: DatabaseEngine.allCases) func aCalendarLinkShowsInReadsAndIsReplacedOnSave(engine: DatabaseEngine) async throws {
        let (database, store) = try await fixture(engine)
        try await store.create(sampleUser("usr-1"))
        try await store.create(sampleUser("usr-2"))
        let link = CalendarLinkRecord(userID: "usr-1", organizationID: "org-1", mailbox: "Alice@contoso.example", linkedAt: time(300))
        #expect(try await store.saveCalendarLink(link))
        #expect(try await store.user(id: "usr-1", organizationID: "org-1")?.calendarLink == link)
        #expect(try await store.user(id: "usr-2", organizationID: "org-1")?.calendarLink == nil)

        let relinked = CalendarLinkRecord(userID: "usr-1", organizationID: "org-1", mailbox: "alice.smith@contoso.example", linkedAt: time(400))
        #expect(try await store.saveCalendarLink(relinked))
        #expect(try await store.user(id: "usr-1", organizationID: "org-1")?.calendarLink == relinked)
        #expect(try await count("calendar_links", database) == 1)
        let listed = try await store.users(organizationID: "org-1", filter: UserFilter(), after: nil, limit: 10)
        #expect(listed.map(\.calendarLink) == [relinked, nil])
    }

    @Test(arguments: DatabaseEngine.allCases) func aCalendarLinkForAMissingUserIsNotSaved(engine: DatabaseEngine) async throws {
        let (database, store) = try await fixture(engine)
        try await store.create(sampleUser("usr-1", organizationID: "org-1"))
        let missing = CalendarLinkRecord(userID: "usr-404", organizationID: "org-1", mailbox: "x@contoso.example", linkedAt: time())
        let foreign = CalendarLinkRecord(userID: "usr-1", organizationID: "org-2", mailbox: "x@contoso.example", linkedAt: time())
        #expect(try await !store.saveCalendarLink(missing))
        #expect(try await !store.saveCalendarLink(foreign))
        #expect(try await count("calendar_links", database) == 0)
    }

    @Test(arguments: DatabaseEngine.allCases) func deletingACalendarLinkIsTrueOnceThenFalse(engine: DatabaseEngine) async throws {
        let (_, store) = try await fixture(engine)
        try await store.create(sampleUser("usr-1"))
        #expect(try await !store.deleteCalendarLink(userID: "usr-1", organizationID: "org-1"))
        let link = CalendarLinkRecord(userID: "usr-1", organizationID: "org-1", mailbox: "usr-1@contoso.example", linkedAt: time())
        #expect(try await store.saveCalendarLink(link))
        #expect(try await !store.deleteCalendarLink(userID: "usr-1", organizationID: "org-2"))
        #expect(try await store.user(id: "usr-1", organizationID: "org-1")?.calendarLink == link)
        #expect(try await store.deleteCalendarLink(userID: "usr-1", organizationID: "org-1"))
        #expect(try await store.user(id: "usr-1", organizationID: "org-1")?.calendarLink == nil)
        #expect(try await !store.deleteCalendarLink(userID: "usr-1", organizationID: "org-1"))
    }

    @Test(arguments: DatabaseEngine.allCases) func everythingSurvivesReopeningTheFile(engine: DatabaseEngine) async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.appending(path: "users.sqlite").path
            do {
                let database = try migratedDatabase(path: path)
                try await createOrganization("org-1", in: SQLOrganizationStore(database: database))
                let store = SQLUserStore(database: database)
                try await store.create(sampleUser("usr-1"))
                _ = try await store.issueInvitation(invitation("hash-1"), expectedStatus: "INITIALIZED", mail: mail())
                #expect(try await store.saveCalendarLink(
                    CalendarLinkRecord(userID: "usr-1", organizationID: "org-1", mailbox: "m@contoso.example", linkedAt: time(9))))
            }
            let reopened = SQLUserStore(database: try migratedDatabase(path: path))
            let user = try #require(try await reopened.user(id: "usr-1", organizationID: "org-1"))
            #expect(user.enrollmentStatus == "PENDING")
            #expect(user.invitationExpiresAt == time(100 + 7 * 86_400))
            #expect(user.calendarLink?.mailbox == "m@contoso.example")
        }
    }
}
