// EnrollmentServiceTests: users and invitations without sockets: SQLite in memory, a test clock, counting ids.
import CalendarBackend
import Foundation
import Logging
import Storage
import Testing

@Suite struct EnrollmentServiceTests {
    static let secrets = try! SecretBox(key: [UInt8](repeating: 9, count: 32))

    struct Harness {
        let service: EnrollmentService
        let outbox: OutboxService
        let outboxStore: SQLOutboxStore
        let clock: ManualClock
        let organizationID: String
    }

    private func harness(timeZone: TimeZoneName = .utc) async throws -> Harness {
        let database = try SQLiteDatabase(path: ":memory:")
        _ = try MigrationRunner(database: database, logger: Logger(label: "t") { _ in SwiftLogNoOpLogHandler() }).migrate()
        let clock = ManualClock()
        let ids = CountingIdentifiers()
        let organizationStore = SQLOrganizationStore(database: database)
        let organizations = OrganizationService(store: organizationStore, adminToken: String(repeating: "a", count: 32), clock: clock, ids: ids)
        let created = try await organizations.create(name: try OrganizationName("Contoso"), timeZone: timeZone)
        let service = EnrollmentService(users: SQLUserStore(database: database), organizations: organizationStore, secrets: Self.secrets,
                                        clock: clock, ids: ids) {
            "https://a4b.contoso.com/v1/invitations/" + $0
        }
        let outboxStore = SQLOutboxStore(database: database)
        return Harness(service: service, outbox: OutboxService(outbox: outboxStore), outboxStore: outboxStore, clock: clock,
                       organizationID: created.organization.id)
    }

    private func alice(timeZone: String? = nil, email: String = "alice@contoso.com") throws -> NewUser {
        try NewUserInput(email: email, firstName: "Alice", lastName: "Jones", timeZone: timeZone).validated()
    }

    private func code(_ body: () async throws -> Void) async -> (code: ServiceError.Code?, reason: String?) {
        do {
            try await body()
            return (nil, nil)
        } catch let error as ServiceError {
            return (error.code, error.reason)
        } catch {
            return (nil, "\(error)")
        }
    }

    @Test func aNewUserIsInitializedWithTheOrganizationsTimeZoneUnlessItHasItsOwn() async throws {
        let h = try await harness(timeZone: try TimeZoneName("Europe/Berlin"))
        let plain = try await h.service.create(organizationID: h.organizationID, try alice())
        #expect(plain.enrollmentStatus == "INITIALIZED")
        #expect(plain.timeZone == "Europe/Berlin")
        #expect(plain.createdAt == h.clock.now())
        let own = try await h.service.create(organizationID: h.organizationID, try alice(timeZone: "America/New_York", email: "bob@contoso.com"))
        #expect(own.timeZone == "America/New_York")
    }

    @Test func anEmailIsUniquePerOrganizationIgnoringCase() async throws {
        let h = try await harness()
        _ = try await h.service.create(organizationID: h.organizationID, try alice())
        let duplicate = await code { _ = try await h.service.create(organizationID: h.organizationID, try alice(email: "ALICE@Contoso.com")) }
        #expect(duplicate.code == .conflict)
    }

    /// The invitation e-mail's text, word for word: who invites whom, the link, until when, and what to do next.
    @Test func anInvitationIsPendingForThirtyDaysAndItsEmailIsInTheOutbox() async throws {
        let h = try await harness()
        let user = try await h.service.create(organizationID: h.organizationID, try alice())
        let invitation = try await h.service.invite(organizationID: h.organizationID, userID: user.id)
        #expect(invitation.enrollmentStatus == "PENDING")
        #expect(invitation.token.hasPrefix("inv_") && invitation.token.count == 68)
        #expect(invitation.url == "https://a4b.contoso.com/v1/invitations/\(invitation.token)")
        #expect(invitation.expiresAt == h.clock.now().addingTimeInterval(30 * 86_400))
        let pending = try await h.service.user(organizationID: h.organizationID, id: user.id)
        #expect(pending.enrollmentStatus == "PENDING")
        #expect(pending.invitationExpiresAt == invitation.expiresAt)

        let mail = try #require(try await h.outbox.list(organizationID: h.organizationID, try PageRequest(cursor: nil, limit: nil)).items.only)
        #expect(mail.id == invitation.outboxMessageId)
        #expect(mail.to == "alice@contoso.com")
        #expect(mail.deliveryState == "HELD")
        #expect(mail.subject == "Contoso invites you to Alexa for Business")
        #expect(mail.body == """
            Hello Alice,

            Contoso has invited you (alice@contoso.com) to join its Alexa for Business organization, so that you can ask Alexa about your Microsoft Exchange calendar.

            To join, open this link and sign in with your Amazon account:
            https://a4b.contoso.com/v1/invitations/inv_…

            The link works until 2026-12-27T03:00:00Z and only once; a newer invitation replaces it.

            After joining, link Microsoft Exchange in the Alexa app under Settings > Calendar. Use this e-mail address (alice@contoso.com): it must be your address in your organization's Microsoft Exchange server.

            """)
        // At rest the body has no token; the link is sealed beside it, for this organization only.
        let stored = try #require(try await h.outboxStore.messages(organizationID: h.organizationID, after: nil, limit: 10).only)
        #expect(!stored.body.contains(invitation.token))
        let sealed = try #require(stored.sealedLink)
        let link = try Self.secrets.open(sealed, associatedData: Array("outbox invitation link \(h.organizationID)".utf8))
        #expect(String(decoding: link, as: UTF8.self) == invitation.url)
        #expect(throws: (any Error).self) { try Self.secrets.open(sealed, associatedData: Array("outbox invitation link org_other".utf8)) }
    }

    @Test func acceptingRegistersTheUserOnceWithItsAlexaAccount() async throws {
        let h = try await harness()
        let user = try await h.service.create(organizationID: h.organizationID, try alice())
        let invitation = try await h.service.invite(organizationID: h.organizationID, userID: user.id)
        let details = try await h.service.invitation(token: invitation.token)
        #expect(details.organizationName == "Contoso")
        #expect(details.email == "alice@contoso.com")
        h.clock.advance(by: 60)
        let joined = try await h.service.accept(token: invitation.token, alexaUserID: "amzn1.ask.account.XYZ")
        #expect(joined.enrollmentStatus == "REGISTERED")
        #expect(joined.alexaUserId == "amzn1.ask.account.XYZ")
        #expect(joined.registeredAt == h.clock.now())
        #expect(joined.invitationExpiresAt == nil)
        #expect(await code { _ = try await h.service.accept(token: invitation.token, alexaUserID: "amzn1.ask.account.XYZ") } == (.gone, "ALREADY_ACCEPTED"))
        #expect(await code { _ = try await h.service.invite(organizationID: h.organizationID, userID: user.id) }.code == .invalidUserStatus)
    }

    @Test func anInvitationWorksUntilTheLastSecondOfItsThirtyDays() async throws {
        let h = try await harness()
        let user = try await h.service.create(organizationID: h.organizationID, try alice())
        let invitation = try await h.service.invite(organizationID: h.organizationID, userID: user.id)
        h.clock.advance(by: 30 * 86_400 - 1)
        _ = try await h.service.invitation(token: invitation.token)
        h.clock.advance(by: 1)
        #expect(await code { _ = try await h.service.invitation(token: invitation.token) } == (.gone, "EXPIRED"))
        #expect(await code { _ = try await h.service.accept(token: invitation.token, alexaUserID: "amzn1.ask.account.XYZ") } == (.gone, "EXPIRED"))
        // A new invitation starts a new 30 days.
        let again = try await h.service.invite(organizationID: h.organizationID, userID: user.id)
        #expect(try await h.service.accept(token: again.token, alexaUserID: "amzn1.ask.account.XYZ").enrollmentStatus == "REGISTERED")
    }

    @Test func aNewInvitationReplacesTheOldOneAndRevokingEndsIt() async throws {
        let h = try await harness()
        let user = try await h.service.create(organizationID: h.organizationID, try alice())
        let first = try await h.service.invite(organizationID: h.organizationID, userID: user.id)
        let second = try await h.service.invite(organizationID: h.organizationID, userID: user.id)
        #expect(await code { _ = try await h.service.accept(token: first.token, alexaUserID: "amzn1.ask.account.XYZ") } == (.gone, "REPLACED"))
        try await h.service.revokeInvitation(organizationID: h.organizationID, userID: user.id)
        #expect(try await h.service.user(organizationID: h.organizationID, id: user.id).enrollmentStatus == "INITIALIZED")
        #expect(await code { _ = try await h.service.accept(token: second.token, alexaUserID: "amzn1.ask.account.XYZ") } == (.gone, "REVOKED"))
        #expect(await code { try await h.service.revokeInvitation(organizationID: h.organizationID, userID: user.id) }.code == .notFound)
        #expect(await code { try await h.service.revokeInvitation(organizationID: h.organizationID, userID: "usr_nobody") }.code == .notFound)
        #expect(try await h.outbox.list(organizationID: h.organizationID, try PageRequest(cursor: nil, limit: nil)).items.count == 2)
    }

    @Test(arguments: [nil, "", "alexa", "amzn1.", "amzn1.ask account", String(repeating: "x", count: 513)])
    func anAlexaUserIdMustBeOneAlexaSends(_ id: String?) async throws {
        let h = try await harness()
        let user = try await h.service.create(organizationID: h.organizationID, try alice())
        let invitation = try await h.service.invite(organizationID: h.organizationID, userID: user.id)
        let id = id.map { $0.count > 500 ? "amzn1." + $0 : $0 }
        if id == "amzn1." {
            // The bare prefix is accepted: Alexa ids are opaque after it.
            #expect(try await h.service.accept(token: invitation.token, alexaUserID: id).enrollmentStatus == "REGISTERED")
            return
        }
        #expect(await code { _ = try await h.service.accept(token: invitation.token, alexaUserID: id) }.code == .invalidInput)
        // Refused before the token was used.
        _ = try await h.service.invitation(token: invitation.token)
    }

    @Test func oneAlexaAccountJoinsAnOrganizationOnce() async throws {
        let h = try await harness()
        let alice = try await h.service.create(organizationID: h.organizationID, try alice())
        let bob = try await h.service.create(organizationID: h.organizationID, try self.alice(email: "bob@contoso.com"))
        let forAlice = try await h.service.invite(organizationID: h.organizationID, userID: alice.id)
        let forBob = try await h.service.invite(organizationID: h.organizationID, userID: bob.id)
        _ = try await h.service.accept(token: forAlice.token, alexaUserID: "amzn1.ask.account.SAME")
        #expect(await code { _ = try await h.service.accept(token: forBob.token, alexaUserID: "amzn1.ask.account.SAME") }.code == .conflict)
        #expect(try await h.service.user(organizationID: h.organizationID, id: bob.id).enrollmentStatus == "PENDING")
    }

    @Test func unknownMalformedAndRemovedUsersTokensAreNotFound() async throws {
        let h = try await harness()
        let user = try await h.service.create(organizationID: h.organizationID, try alice())
        let invitation = try await h.service.invite(organizationID: h.organizationID, userID: user.id)
        for token in ["inv_" + String(repeating: "0", count: 64), "inv_short", "", invitation.token.uppercased()] {
            #expect(await code { _ = try await h.service.invitation(token: token) }.code == .notFound, "\(token)")
        }
        try await h.service.delete(organizationID: h.organizationID, id: user.id)
        #expect(await code { _ = try await h.service.invitation(token: invitation.token) }.code == .notFound)
        #expect(await code { try await h.service.delete(organizationID: h.organizationID, id: user.id) }.code == .notFound)
    }

    @Test func listingsPageByIdAndFilter() async throws {
        let h = try await harness()
        var ids: [String] = []
        for index in 0..<7 {
            ids.append(try await h.service.create(organizationID: h.organizationID, try alice(email: "user\(index)@contoso.com")).id)
        }
        _ = try await h.service.invite(organizationID: h.organizationID, userID: ids[3])
        var seen: [String] = []
        var cursor: String?
        repeat {
            let page = try await h.service.list(organizationID: h.organizationID, status: nil, email: nil, try PageRequest(cursor: cursor, limit: 3))
            seen += page.items.map(\.id)
            cursor = page.nextCursor
        } while cursor != nil
        #expect(seen == ids.sorted())
        let pending = try await h.service.list(organizationID: h.organizationID, status: .pending, email: nil, try PageRequest(cursor: nil, limit: nil))
        #expect(pending.items.map(\.id) == [ids[3]])
        let byEmail = try await h.service.list(organizationID: h.organizationID, status: nil, email: "USER5@contoso.com", try PageRequest(cursor: nil, limit: nil))
        #expect(byEmail.items.map(\.id) == [ids[5]])
        #expect(byEmail.nextCursor == nil)
    }
}

extension Array {
    /// The one element, or nil when there are none or several.
    var only: Element? { count == 1 ? first : nil }
}
